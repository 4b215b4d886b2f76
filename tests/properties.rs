//! Property tests over generated routines (proptest): written out as TOML, parsed, expanded for
//! every choice of legs and for chosen param values, and played with a fake clock.
//!
//! - expansion never panics: a routine is refused by the limits or expands;
//! - the plan's total equals the sum of its stages, and both equal what the routine's definition
//!   says (an independent count over the generated tree);
//! - rests only ever sit between repetitions; rounds and sides are consistent;
//! - the player reaches the finish after any sequence of events, and says so once.
//!
//! Case counts are modest so `cargo test` stays fast; raise them with PROPTEST_CASES=N.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use limber_core::duration::format_duration;
use limber_core::player::{Effect, Event, Phase, Player};
use limber_core::routine::values::resolve_values;
use limber_core::routine::{
    Leg, MAX_PLAN_SECS, MAX_STAGES, Plan, SideChoice, StageKind, Values, expand, parse_routine,
};

/// A number or duration written in the file, or a reference to the routine's param.
#[derive(Debug, Clone)]
enum Amount {
    Fixed(u64),
    Param,
}

#[derive(Debug, Clone)]
enum Kind {
    Timed(Amount),
    TimedReps(Amount, Amount),
    Reps(Amount),
    Manual(Option<u64>),
    Block(Vec<GenStep>),
}

#[derive(Debug, Clone)]
struct GenStep {
    title: String,
    kind: Kind,
    repeat: Amount,
    rest: Option<Amount>,
    sides: bool,
    /// Durations written as whole seconds (`45`) rather than strings (`"45s"`).
    as_seconds: bool,
}

#[derive(Debug, Clone)]
struct GenRoutine {
    title: String,
    /// The count param `n` (1 … 10) and the duration param `hold` (1 s … 10 min).
    n_default: u64,
    hold_default: u64,
    steps: Vec<GenStep>,
}

fn count() -> impl Strategy<Value = Amount> {
    prop_oneof![
        6 => (1..=4u64).prop_map(Amount::Fixed),
        1 => (1..=1000u64).prop_map(Amount::Fixed),
        2 => Just(Amount::Param),
    ]
}

fn duration() -> impl Strategy<Value = Amount> {
    prop_oneof![
        6 => (1..=120u64).prop_map(Amount::Fixed),
        1 => (1..=86_400u64).prop_map(Amount::Fixed),
        2 => Just(Amount::Param),
    ]
}

/// Any characters, control characters and escapes included; the title must survive cleaning.
fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][A-Za-z ]{0,11}".prop_map(|s| s.to_string()),
        1 => proptest::collection::vec(any::<char>(), 0..12)
            .prop_map(|cs| format!("T{}", cs.into_iter().collect::<String>())),
    ]
}

fn leaf() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => duration().prop_map(Kind::Timed),
        1 => (count(), duration()).prop_map(|(r, t)| Kind::TimedReps(r, t)),
        1 => count().prop_map(Kind::Reps),
        1 => proptest::option::of(1..=600u64).prop_map(Kind::Manual),
    ]
}

fn step_with(kind: impl Strategy<Value = Kind>) -> impl Strategy<Value = GenStep> {
    (
        title(),
        kind,
        prop_oneof![4 => Just(Amount::Fixed(1)), 1 => count()],
        proptest::option::weighted(0.3, duration()),
        proptest::bool::weighted(0.25),
        any::<bool>(),
    )
        .prop_map(|(title, kind, repeat, rest, sides, as_seconds)| GenStep {
            title,
            kind,
            repeat,
            rest,
            sides,
            as_seconds,
        })
}

fn step() -> impl Strategy<Value = GenStep> {
    step_with(leaf()).prop_recursive(4, 24, 4, |inner| {
        step_with(proptest::collection::vec(inner, 1..4).prop_map(Kind::Block))
    })
}

fn routine() -> impl Strategy<Value = GenRoutine> {
    (
        title(),
        1..=10u64,
        1..=600u64,
        proptest::collection::vec(step(), 1..5),
    )
        .prop_map(|(title, n_default, hold_default, steps)| GenRoutine {
            title,
            n_default,
            hold_default,
            steps,
        })
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_count(amount: &Amount) -> String {
    match amount {
        Amount::Fixed(n) => n.to_string(),
        Amount::Param => "\"{n}\"".into(),
    }
}

fn write_duration(amount: &Amount, as_seconds: bool) -> String {
    match amount {
        Amount::Fixed(s) if as_seconds => s.to_string(),
        Amount::Fixed(s) => format!("\"{}\"", format_duration(*s)),
        Amount::Param => "\"{hold}\"".into(),
    }
}

impl GenRoutine {
    fn toml(&self) -> String {
        let mut out = format!(
            "title = {}\nsummary = \"Generated\"\n[params.n]\ndefault = {}\nmin = 1\nmax = 10\n\
             [params.hold]\ndefault = \"{}\"\nmin = \"1s\"\nmax = \"10m\"\n",
            quoted(&self.title),
            self.n_default,
            format_duration(self.hold_default)
        );
        for step in &self.steps {
            write_step(step, 1, &mut out);
        }
        out
    }
}

fn write_step(step: &GenStep, depth: usize, out: &mut String) {
    out.push_str(&format!("\n[[{}]]\n", vec!["step"; depth].join(".")));
    out.push_str(&format!("title = {}\n", quoted(&step.title)));
    if !matches!(step.repeat, Amount::Fixed(1)) {
        out.push_str(&format!("repeat = {}\n", write_count(&step.repeat)));
    }
    if let Some(rest) = &step.rest {
        out.push_str(&format!(
            "rest = {}\n",
            write_duration(rest, step.as_seconds)
        ));
    }
    if step.sides {
        out.push_str("sides = \"both\"\n");
    }
    match &step.kind {
        Kind::Timed(d) => out.push_str(&format!(
            "duration = {}\n",
            write_duration(d, step.as_seconds)
        )),
        Kind::TimedReps(r, t) => out.push_str(&format!(
            "reps = {}\ntempo = {}\n",
            write_count(r),
            write_duration(t, step.as_seconds)
        )),
        Kind::Reps(r) => out.push_str(&format!("reps = {}\n", write_count(r))),
        Kind::Manual(Some(after)) => {
            out.push_str(&format!("warn_after = {after}\nwarn = \"See a doctor\"\n"))
        }
        Kind::Manual(None) => {}
        Kind::Block(children) => {
            for child in children {
                write_step(child, depth + 1, out);
            }
        }
    }
}

/// What the definition says a list of steps expands to: (stages, seconds), saturating, for
/// `legs` legs per `sides = "both"` step.
fn oracle(steps: &[GenStep], n: u64, hold: u64, legs: u64) -> (u64, u64) {
    let value = |a: &Amount, param: u64| match a {
        Amount::Fixed(v) => *v,
        Amount::Param => param,
    };
    steps.iter().fold((0u64, 0u64), |(count, secs), step| {
        let (one_count, one_secs) = match &step.kind {
            Kind::Timed(d) => (1, value(d, hold)),
            Kind::TimedReps(r, t) => (1, value(r, n).saturating_mul(value(t, hold))),
            Kind::Reps(_) | Kind::Manual(_) => (1, 0),
            Kind::Block(children) => oracle(children, n, hold, legs),
        };
        let repeat = value(&step.repeat, n);
        let (rest_count, rest_secs) = match &step.rest {
            Some(r) => (repeat - 1, (repeat - 1).saturating_mul(value(r, hold))),
            None => (0, 0),
        };
        let per_leg_count = one_count.saturating_mul(repeat).saturating_add(rest_count);
        let per_leg_secs = one_secs.saturating_mul(repeat).saturating_add(rest_secs);
        let legs = if step.sides { legs } else { 1 };
        (
            count.saturating_add(per_leg_count.saturating_mul(legs)),
            secs.saturating_add(per_leg_secs.saturating_mul(legs)),
        )
    })
}

fn legs(choice: SideChoice) -> u64 {
    match choice {
        SideChoice::LeftFirst | SideChoice::RightFirst => 2,
        SideChoice::LeftOnly | SideChoice::RightOnly => 1,
    }
}

fn within_limits(r: &GenRoutine, n: u64, hold: u64) -> bool {
    // The limits are checked with both legs, whichever the person chooses.
    let (count, secs) = oracle(&r.steps, n, hold, 2);
    count <= MAX_STAGES && secs <= MAX_PLAN_SECS
}

/// What every plan must satisfy, for the routine it came from and the values it was made with.
fn check_plan(r: &GenRoutine, plan: &Plan, n: u64, hold: u64, choice: SideChoice) {
    let (count, secs) = oracle(&r.steps, n, hold, legs(choice));
    let sum: u64 = plan.stages.iter().filter_map(|s| s.seconds).sum();
    assert_eq!(plan.total_seconds(), sum, "total = sum of the stages");
    assert_eq!(sum, secs, "total = what the routine defines");
    assert_eq!(plan.stages.len() as u64, count, "stage count");
    for (i, stage) in plan.stages.iter().enumerate() {
        assert!(!stage.title.is_empty());
        assert!(
            !stage.title.chars().any(char::is_control),
            "{:?}",
            stage.title
        );
        assert_eq!(
            stage.seconds.is_none(),
            matches!(stage.kind, StageKind::Manual)
                || (stage.kind == StageKind::Reps && stage.tempo.is_none()),
            "{stage:?}"
        );
        if let Some((i, n)) = stage.round {
            assert!(1 <= i && i <= n && n >= 2, "{stage:?}");
        }
        if stage.kind == StageKind::Rest {
            // Between repetitions only: never first, never last, never two in a row.
            assert!(i > 0 && i + 1 < plan.stages.len(), "rest at {i}");
            assert_ne!(plan.stages[i - 1].kind, StageKind::Rest);
            assert_ne!(plan.stages[i + 1].kind, StageKind::Rest);
        }
        match choice {
            SideChoice::LeftOnly => assert_ne!(stage.side, Some(Leg::Right)),
            SideChoice::RightOnly => assert_ne!(stage.side, Some(Leg::Left)),
            _ => {}
        }
    }
    if legs(choice) == 2 {
        let left = plan
            .stages
            .iter()
            .filter(|s| s.side == Some(Leg::Left))
            .count();
        let right = plan
            .stages
            .iter()
            .filter(|s| s.side == Some(Leg::Right))
            .count();
        assert_eq!(left, right, "both legs get the same");
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // No files of failures in the repo; a failure prints its minimal case.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(192))]

    /// Parse + expand with the defaults, for every choice of legs.
    #[test]
    fn expansion_never_panics_and_totals_add_up(r in routine()) {
        let text = r.toml();
        match parse_routine("generated", &text) {
            Ok(routine) => {
                prop_assert!(within_limits(&r, r.n_default, r.hold_default), "accepted past the limits:\n{text}");
                prop_assert_eq!(&routine.title, &limber_core::routine::text::clean_line(&r.title));
                for choice in SideChoice::ALL {
                    let plan = expand(&routine, &routine.default_values(), choice);
                    let plan = plan.unwrap_or_else(|d| panic!("{d:?}\n{text}"));
                    check_plan(&r, &plan, r.n_default, r.hold_default, choice);
                }
            }
            Err(problems) => {
                // A generated routine can only be refused for its size, or for a title that is
                // nothing but control characters and spaces.
                let title_empty = limber_core::routine::text::clean_line(&r.title).is_empty()
                    || r.steps.iter().any(has_empty_title);
                prop_assert!(
                    problems.iter().all(|d| d.message.contains("expands to")
                        || d.message.contains("would take")
                        || (title_empty && d.message.contains("is empty"))),
                    "{problems:?}\n{text}"
                );
                prop_assert!(title_empty || !within_limits(&r, r.n_default, r.hold_default));
            }
        }
    }

    /// Values chosen with --set: refused outside their range, and otherwise expanded or refused by
    /// the limits, never a panic.
    #[test]
    fn chosen_values_expand_or_are_refused(r in routine(), n in 0..=12u64, hold in 0..=700u64, choice in 0..4usize) {
        let text = r.toml();
        let Ok(routine) = parse_routine("generated", &text) else {
            return Ok(());
        };
        let sets = vec![format!("n={n}"), format!("hold={}", format_duration(hold))];
        let values: Values = match resolve_values(&routine, &sets) {
            Ok(values) => values,
            Err(message) => {
                prop_assert!(!(1..=10).contains(&n) || !(1..=600).contains(&hold), "{message}");
                prop_assert!(message.contains("outside its range"), "{message}");
                return Ok(());
            }
        };
        prop_assert!((1..=10).contains(&n) && (1..=600).contains(&hold));
        let choice = SideChoice::ALL[choice];
        match expand(&routine, &values, choice) {
            Ok(plan) => {
                prop_assert!(within_limits(&r, n, hold));
                check_plan(&r, &plan, n, hold, choice);
            }
            Err(d) => {
                prop_assert!(!within_limits(&r, n, hold), "{d:?}");
                prop_assert!(d.message.contains("expands to") || d.message.contains("would take"));
            }
        }
    }
}

fn has_empty_title(step: &GenStep) -> bool {
    limber_core::routine::text::clean_line(&step.title).is_empty()
        || matches!(&step.kind, Kind::Block(children) if children.iter().any(has_empty_title))
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::Start),
        Just(Event::Pause),
        Just(Event::Resume),
        Just(Event::TogglePause),
        Just(Event::Next),
        Just(Event::Previous),
        Just(Event::RestartStep),
        (-120..=120i64).prop_map(|s| Event::AddTime(s * 5)),
        Just(Event::Complete),
        Just(Event::Tick),
    ]
}

/// Small plans, so the player's runs stay short.
fn small_routine() -> impl Strategy<Value = GenRoutine> {
    routine().prop_filter("a plan of at most 200 stages", |r| {
        oracle(&r.steps, r.n_default, r.hold_default, 2).0 <= 200
            && within_limits(r, r.n_default, r.hold_default)
    })
}

proptest! {
    #![proptest_config(config(128))]

    /// Any sequence of events at any times, then time runs on and the person answers every wait:
    /// the player finishes, says so once, and stays consistent on the way.
    #[test]
    fn the_player_reaches_the_finish_for_any_events(
        r in small_routine(),
        events in proptest::collection::vec((event(), 0..5_000u64), 0..60),
        choice in 0..4usize,
    ) {
        let text = r.toml();
        let Ok(routine) = parse_routine("generated", &text) else {
            return Ok(());
        };
        let plan = expand(&routine, &routine.default_values(), SideChoice::ALL[choice]);
        let plan = plan.unwrap_or_else(|d| panic!("{d:?}"));
        let stages = plan.stages.len();
        let t0 = Instant::now();
        let mut now = t0;
        let mut player = Player::new(plan, t0);
        let mut finished = 0;
        let handle = |player: &mut Player, event: Event, now: Instant| {
            let effects = player.handle(event, now);
            for effect in &effects {
                if let Effect::StageChanged(i) = effect {
                    assert!(*i < stages);
                }
            }
            effects.iter().filter(|e| matches!(e, Effect::Finished)).count()
        };
        for (event, delta_ms) in events {
            now += Duration::from_millis(delta_ms);
            finished += handle(&mut player, event, now);
            prop_assert!(player.phase() == Phase::Finished || player.index() < stages);
            if let (Some(left), Some(len)) = (player.remaining(now), player.length()) {
                prop_assert!(left <= len);
            }
        }
        // Let it run: resume, start if never started, answer the waits, let time pass.
        finished += handle(&mut player, Event::Resume, now);
        finished += handle(&mut player, Event::Start, now);
        for _ in 0..(2 * stages + 2) {
            if player.phase() == Phase::Finished {
                break;
            }
            if player.stage().is_some_and(|s| s.waits()) {
                finished += handle(&mut player, Event::Complete, now);
            } else {
                now += player.remaining(now).unwrap_or_default() + Duration::from_millis(1);
                finished += handle(&mut player, Event::Tick, now);
            }
        }
        prop_assert_eq!(player.phase(), Phase::Finished, "{}", text);
        prop_assert_eq!(finished, 1, "Finished exactly once");
        let summary = player.summary(now);
        prop_assert!(summary.finished);
        prop_assert!(summary.done + summary.skipped <= summary.total);
        // After the finish, nothing more happens.
        for event in [Event::Start, Event::Next, Event::Tick, Event::Complete, Event::AddTime(60)] {
            prop_assert!(player.handle(event, now + Duration::from_secs(1)).is_empty());
        }
    }
}
