//! The player with a fake clock: every instant is `t0 + offset`, chosen by the test.

mod common;

use std::time::{Duration, Instant};

use common::Clock;

use limber_core::player::{CueRole, Effect, Event, Phase, Player, StageOutcome};
use limber_core::routine::{SideChoice, expand, parse_routine};

fn plan(toml: &str) -> limber_core::routine::Plan {
    plan_with(toml, SideChoice::LeftFirst)
}

fn plan_with(toml: &str, sides: SideChoice) -> limber_core::routine::Plan {
    let routine = parse_routine("test", toml).unwrap_or_else(|e| panic!("{e:?}"));
    expand(&routine, &routine.default_values(), sides).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The cues among the effects, as (role, sound).
fn cues(effects: &[Effect]) -> Vec<(CueRole, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Cue(c) => Some((c.role, format!("{:?}", c.sound))),
            _ => None,
        })
        .collect()
}

fn roles(effects: &[Effect]) -> Vec<CueRole> {
    cues(effects).into_iter().map(|(r, _)| r).collect()
}

fn dues(effects: &[Effect], t0: Instant) -> Vec<(CueRole, f64)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Cue(c) => Some((c.role, c.due.duration_since(t0).as_secs_f64())),
            _ => None,
        })
        .collect()
}

const TWO_HOLDS: &str = r#"
title = "t"
summary = "s"
[[step]]
title = "Hold"
duration = "10s"
[[step]]
title = "Hold again"
duration = "5s"
"#;

#[test]
fn timed_stages_tick_down_and_chain_from_deadlines() {
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(TWO_HOLDS), clock.at(0.0));
    assert_eq!(p.phase(), Phase::Ready);
    let fx = p.handle(Event::Start, clock.at(0.0));
    assert_eq!(fx[0], Effect::StageChanged(0));
    assert_eq!(dues(&fx, clock.0), vec![(CueRole::Start, 0.0)]);
    assert_eq!(p.remaining(clock.at(3.0)), Some(Duration::from_secs(7)));
    assert_eq!(
        p.next_deadline(),
        Some(clock.at(7.0)),
        "first countdown tick"
    );

    // The shell wakes late (10.4 s): the countdown ticks carry their scheduled times and the next
    // stage starts at exactly 10 s, not when the shell noticed.
    let fx = p.handle(Event::Tick, clock.at(10.4));
    assert_eq!(
        dues(&fx, clock.0),
        vec![
            (CueRole::Countdown, 7.0),
            (CueRole::Countdown, 8.0),
            (CueRole::Countdown, 9.0),
            (CueRole::Start, 10.0)
        ]
    );
    assert_eq!(p.index(), 1);
    assert_eq!(
        p.remaining(clock.at(10.4)),
        Some(Duration::from_secs_f64(4.6))
    );

    let fx = p.handle(Event::Tick, clock.at(15.0));
    assert!(fx.contains(&Effect::Finished));
    assert_eq!(roles(&fx).last(), Some(&CueRole::Finish));
    assert_eq!(p.phase(), Phase::Finished);
    let summary = p.summary(clock.at(99.0));
    assert_eq!(summary.spent, Duration::from_secs(15));
    assert_eq!((summary.done, summary.skipped, summary.total), (2, 0, 2));
}

#[test]
fn a_long_run_ticked_irregularly_does_not_drift() {
    let toml = "title='t'\nsummary='s'\n[[step]]\ntitle='x'\nduration=1\nrepeat=600\n";
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(toml), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    let mut t = 0.0;
    let mut finished_at = None;
    while p.phase() != Phase::Finished {
        t += 0.37; // never aligned with the 1 s boundaries
        for e in p.handle(Event::Tick, clock.at(t)) {
            if let Effect::Cue(c) = e
                && c.role == CueRole::Finish
            {
                finished_at = Some(c.due);
            }
        }
    }
    assert_eq!(finished_at, Some(clock.at(600.0)));
    assert_eq!(p.summary(clock.at(t)).spent, Duration::from_secs(600));
}

#[test]
fn pause_freezes_the_stage_and_resume_moves_its_deadline() {
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(TWO_HOLDS), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    p.handle(Event::TogglePause, clock.at(4.0));
    assert_eq!(p.phase(), Phase::Paused);
    assert_eq!(p.next_deadline(), None, "nothing fires while paused");
    assert!(p.handle(Event::Tick, clock.at(30.0)).is_empty());
    assert_eq!(p.remaining(clock.at(30.0)), Some(Duration::from_secs(6)));
    p.handle(Event::TogglePause, clock.at(34.0));
    assert_eq!(p.phase(), Phase::Running);
    assert_eq!(p.remaining(clock.at(34.0)), Some(Duration::from_secs(6)));
    let fx = p.handle(Event::Tick, clock.at(40.0));
    assert_eq!(
        dues(&fx, clock.0),
        vec![
            (CueRole::Countdown, 37.0),
            (CueRole::Countdown, 38.0),
            (CueRole::Countdown, 39.0),
            (CueRole::Start, 40.0)
        ]
    );
}

#[test]
fn skipping_back_and_forth_counts_skipped_and_done() {
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(TWO_HOLDS), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    p.handle(Event::Next, clock.at(2.0));
    assert_eq!(p.index(), 1);
    assert_eq!(p.outcomes()[0], Some(StageOutcome::Skipped));
    assert_eq!(p.remaining(clock.at(2.0)), Some(Duration::from_secs(5)));
    let fx = p.handle(Event::Previous, clock.at(3.0));
    assert_eq!(fx[0], Effect::StageChanged(0));
    assert_eq!(p.index(), 0);
    assert_eq!(p.outcomes()[0], None, "going back reopens the stage");
    assert_eq!(p.remaining(clock.at(3.0)), Some(Duration::from_secs(10)));
    // Previous on the first stage starts it again.
    p.handle(Event::Previous, clock.at(5.0));
    assert_eq!(
        (p.index(), p.remaining(clock.at(5.0))),
        (0, Some(Duration::from_secs(10)))
    );
    p.handle(Event::RestartStep, clock.at(8.0));
    assert_eq!(p.remaining(clock.at(9.0)), Some(Duration::from_secs(9)));
    p.handle(Event::Tick, clock.at(18.0));
    assert_eq!(p.index(), 1);
    assert_eq!(p.outcomes()[0], Some(StageOutcome::Done));
    p.handle(Event::Next, clock.at(19.0));
    assert_eq!(p.phase(), Phase::Finished);
    let s = p.summary(clock.at(19.0));
    assert_eq!((s.done, s.skipped), (1, 1));
}

#[test]
fn adding_and_taking_time() {
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(TWO_HOLDS), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    p.handle(Event::AddTime(10), clock.at(1.0));
    assert_eq!(p.remaining(clock.at(1.0)), Some(Duration::from_secs(19)));
    assert_eq!(
        p.next_deadline(),
        Some(clock.at(17.0)),
        "countdown follows the new end"
    );
    p.handle(Event::AddTime(-10), clock.at(2.0));
    assert_eq!(p.remaining(clock.at(2.0)), Some(Duration::from_secs(8)));
    // Taking more than is left ends the stage now.
    let fx = p.handle(Event::AddTime(-10), clock.at(3.0));
    assert!(fx.contains(&Effect::StageChanged(1)));
    assert_eq!(p.remaining(clock.at(3.0)), Some(Duration::from_secs(5)));
}

const MANUAL: &str = r#"
title = "t"
summary = "s"
[[step]]
title = "Pull the toes"
warn_after = "5m"
warn = "A cramp that lasts over 5 minutes needs a doctor"
[[step]]
title = "Massage"
duration = "1m"
"#;

#[test]
fn manual_steps_wait_warn_and_record_their_time() {
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(MANUAL), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    assert_eq!(p.remaining(clock.at(10.0)), None, "a manual step counts up");
    assert_eq!(p.elapsed(clock.at(10.0)), Duration::from_secs(10));
    assert_eq!(p.next_deadline(), Some(clock.at(300.0)));
    // Space on a manual step does not pause it: there is no clock to pause.
    p.handle(Event::TogglePause, clock.at(20.0));
    assert_eq!(p.phase(), Phase::Running);
    assert!(p.handle(Event::Tick, clock.at(299.0)).is_empty());
    assert_eq!(p.warning(), None);
    let fx = p.handle(Event::Tick, clock.at(301.0));
    assert_eq!(
        fx[0],
        Effect::Warning("A cramp that lasts over 5 minutes needs a doctor".into())
    );
    assert_eq!(dues(&fx, clock.0), vec![(CueRole::Warning, 300.0)]);
    assert!(p.warning().is_some());
    assert!(
        p.handle(Event::Tick, clock.at(302.0)).is_empty(),
        "warns once"
    );
    assert_eq!(p.next_deadline(), None);
    let fx = p.handle(Event::Complete, clock.at(320.0));
    assert!(fx.contains(&Effect::StageChanged(1)));
    assert_eq!(p.warning(), None);
    assert_eq!(p.outcomes()[0], Some(StageOutcome::Done));
    assert_eq!(p.summary(clock.at(320.0)).manual, Duration::from_secs(320));
    // Complete does nothing on a timed stage (a fumbling Enter must not skip it).
    assert!(p.handle(Event::Complete, clock.at(321.0)).is_empty());
    assert_eq!(p.index(), 1);
}

#[test]
fn rounds_sides_rests_and_reps_cue_as_expected() {
    let toml = r#"
title = "t"
summary = "s"
[cues]
countdown = 2
halfway = true
[[step]]
title = "Rises"
reps = 4
tempo = "3s"
sides = "both"
[[step]]
title = "Hold"
duration = "10s"
repeat = 2
rest = "5s"
"#;
    let plan = plan(toml);
    let titles: Vec<(&str, Option<&str>)> = plan
        .stages
        .iter()
        .map(|s| (s.title.as_str(), s.side.map(|x| x.label())))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Rises", Some("LEFT")),
            ("Rises", Some("RIGHT")),
            ("Hold", None),
            ("Rest", None),
            ("Hold", None)
        ]
    );
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan, clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    assert_eq!(p.rep(clock.at(0.5)), Some(1));
    assert_eq!(p.rep(clock.at(7.0)), Some(3));
    let fx = p.handle(Event::Tick, clock.at(12.0));
    // 12 s of reps: rep ticks at 3 and 6, halfway at 6 merged, countdown at 10 and 11, rep at 9.
    assert_eq!(
        dues(&fx, clock.0),
        vec![
            (CueRole::Rep, 3.0),
            (CueRole::Rep, 6.0),
            (CueRole::Rep, 9.0),
            (CueRole::Countdown, 10.0),
            (CueRole::Countdown, 11.0),
            (CueRole::SideSwitch, 12.0)
        ]
    );
    assert_eq!(p.rep(clock.at(12.0)), Some(1));
    let fx = p.handle(Event::Tick, clock.at(34.0));
    let r = roles(&fx);
    assert!(r.contains(&CueRole::Halfway), "{r:?}");
    assert_eq!(r.last(), Some(&CueRole::Rest), "{r:?}");
    assert_eq!(p.stage().map(|s| s.title.as_str()), Some("Rest"));
}

#[test]
fn one_leg_only_runs_one_side() {
    let toml = "title='t'\nsummary='s'\n[[step]]\ntitle='Stretch'\nduration=5\nsides='both'\n";
    let right = plan_with(toml, SideChoice::RightOnly);
    assert_eq!(right.stages.len(), 1);
    assert_eq!(right.stages[0].side.map(|s| s.label()), Some("RIGHT"));
    let both = plan_with(toml, SideChoice::RightFirst);
    assert_eq!(both.stages[0].side.map(|s| s.label()), Some("RIGHT"));
    assert_eq!(both.stages[1].side.map(|s| s.label()), Some("LEFT"));
}

#[test]
fn custom_sounds_and_end_cues_come_from_the_routine() {
    let toml = r#"
title = "t"
summary = "s"
[cues]
countdown = 0
end = "tick"
finish = "chime.wav"
volume = 40
[[step]]
title = "Warm"
duration = 2
cue_start = "warm.ogg"
"#;
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(toml), clock.at(0.0));
    let mut fx = p.handle(Event::Start, clock.at(0.0));
    fx.extend(p.handle(Event::Tick, clock.at(2.0)));
    let sounds: Vec<String> = cues(&fx).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        sounds,
        vec![
            "File(\"warm.ogg\")".to_string(),
            "Builtin(Tick)".to_string(),
            "File(\"chime.wav\")".to_string()
        ]
    );
    assert!(fx.iter().all(|e| match e {
        Effect::Cue(c) => c.volume == 40,
        _ => true,
    }));
}

#[test]
fn skipping_after_the_last_stage_ran_out_finishes_once() {
    // Found by tests/properties.rs: the shell wakes late and the person presses Next; the tick
    // inside Next already ran the last stage out, and Next "skipped" it again: Finished twice
    // (the finish chime twice), and the last stage's outcome turned from done to skipped.
    let clock = Clock(Instant::now());
    let mut p = Player::new(plan(TWO_HOLDS), clock.at(0.0));
    p.handle(Event::Start, clock.at(0.0));
    let fx = p.handle(Event::Next, clock.at(20.0));
    let finished = fx.iter().filter(|e| matches!(e, Effect::Finished)).count();
    assert_eq!(finished, 1, "{fx:?}");
    assert_eq!(p.phase(), Phase::Finished);
    assert_eq!(
        p.outcomes(),
        &[Some(StageOutcome::Done), Some(StageOutcome::Done)]
    );
    let finish_cues = roles(&fx)
        .into_iter()
        .filter(|r| *r == CueRole::Finish)
        .count();
    assert_eq!(finish_cues, 1);
}
