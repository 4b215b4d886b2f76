//! Parse + validate + expand any text, and check what the core promises:
//! - nothing panics, for any input;
//! - every problem has a place in the file, and renders without control characters;
//! - a valid routine expands with its defaults, for every choice of legs, within the limits, and
//!   its shown text has no control characters;
//! - `--set` lines (`#set NAME=VALUE` in the input) are accepted or refused, never a panic, and
//!   an accepted value expands or is refused by the limits;
//! - the player, pushed through the plan, reaches the finish.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use limber::catalog::load_str;
use limber_core::player::{Event, Phase, Player};
use limber_core::routine::values::resolve_values;
use limber_core::routine::{MAX_PLAN_SECS, MAX_STAGES, SideChoice, expand};

fn shown_safely(text: &str, line_breaks: bool) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && !(line_breaks && c == '\n'))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let routine = match load_str("fuzz", "fuzz.toml", text, None) {
        Ok(routine) => routine,
        Err(err) => {
            assert!(!err.diagnostics.is_empty());
            for d in &err.diagnostics {
                let span = d.span.clone();
                assert!(span.is_some(), "a problem without a place: {d:?}");
                let span = span.unwrap_or_default();
                assert!(span.start <= err.source.len(), "{d:?}");
            }
            let shown = err.to_string();
            assert!(shown_safely(&shown, true), "{shown:?}");
            return;
        }
    };
    assert!(shown_safely(&routine.title, false));
    assert!(shown_safely(&routine.summary, true));
    for side in SideChoice::ALL {
        let plan = expand(&routine, &routine.default_values(), side)
            .unwrap_or_else(|d| panic!("a valid routine must expand with its defaults: {d:?}"));
        assert!(!plan.stages.is_empty());
        assert!(plan.stages.len() as u64 <= MAX_STAGES);
        assert!(plan.total_seconds() <= MAX_PLAN_SECS);
        for stage in &plan.stages {
            assert!(shown_safely(&stage.title, false), "{:?}", stage.title);
            assert!(shown_safely(&stage.say, false), "{:?}", stage.say);
            assert!(shown_safely(&stage.text, true), "{:?}", stage.text);
        }
    }
    let sets: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("#set "))
        .map(str::to_string)
        .collect();
    let values = match resolve_values(&routine, &sets) {
        Ok(values) => values,
        Err(message) => {
            assert!(!message.is_empty());
            routine.default_values()
        }
    };
    let Ok(plan) = expand(&routine, &values, SideChoice::LeftFirst) else {
        return;
    };
    // Push through: Next on timed stages, Complete on those that wait; each ends one stage.
    let t0 = Instant::now();
    let mut player = Player::new(plan.clone(), t0);
    player.handle(Event::Start, t0);
    for i in 0..=plan.stages.len() {
        let now = t0 + Duration::from_millis(i as u64);
        let event = if player.stage().is_some_and(|s| s.waits()) {
            Event::Complete
        } else {
            Event::Next
        };
        player.handle(event, now);
    }
    assert_eq!(player.phase(), Phase::Finished);
});
