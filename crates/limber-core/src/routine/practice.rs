//! Practice: a first-aid routine played as a rehearsal, before any cramp comes, so that at
//! 3 a.m. the movements are known.
//!
//! A real cramp decides when a step that waits "until it passes" ends; in practice there is no
//! cramp, so each such step becomes a short timed hold. The articles give no time for it: the
//! hold is a param of limber's own ([`HOLD_PARAM`]), added to the routine for the run, shown and
//! set like any other (`--set practice_hold=45s`), and marked limber's by its help. The cramp
//! warnings (`warn_after`) go with the wait. The shell leaves out the offer to log a cramp and
//! records the run as practice.

use super::diag::Diagnostic;
use super::model::{Param, ParamKind, Routine, Step, StepKind};
use super::plan::{Plan, SideChoice, StageKind, Values, expand};
use crate::duration::format_duration;

/// The param that holds how long a step that waits for the cramp lasts in practice.
pub const HOLD_PARAM: &str = "practice_hold";

/// limber's choice of hold, in seconds: long enough to find the position and pull, short enough
/// to go through the whole routine in a few minutes.
pub const HOLD_DEFAULT: u64 = 30;
const HOLD_MIN: u64 = 10;
const HOLD_MAX: u64 = 120;

/// The tag that makes a routine first aid, the only kind practice is for.
pub const FIRST_AID_TAG: &str = "first-aid";

/// Whether the routine can be practised: first aid for a cramp (tagged `first-aid`).
pub fn can_practise(routine: &Routine) -> bool {
    routine.tags.iter().any(|t| t == FIRST_AID_TAG)
}

/// Whether any step waits for the person ("until it passes").
pub fn waits_for_the_cramp(routine: &Routine) -> bool {
    fn any(steps: &[Step]) -> bool {
        steps.iter().any(|s| match &s.kind {
            StepKind::Manual { .. } => true,
            StepKind::Block(children) => any(children),
            _ => false,
        })
    }
    any(&routine.steps)
}

/// The hold param: limber's number, as its help says (see `provenance`).
pub fn hold_param() -> Param {
    Param {
        name: HOLD_PARAM.into(),
        kind: ParamKind::Duration,
        default: HOLD_DEFAULT,
        min: Some(HOLD_MIN),
        max: Some(HOLD_MAX),
        help: Some(
            "Practice only: how long each step that waits \"until the cramp passes\" is held. \
             The articles give no time: this is limber's choice."
                .into(),
        ),
        label: Some("Practice hold".into()),
    }
}

/// The routine as practice plays it: its own params, then the hold when a step waits for the
/// cramp. Adding it twice changes nothing.
pub fn routine(routine: &Routine) -> Routine {
    let mut out = routine.clone();
    if waits_for_the_cramp(routine) && !out.params.iter().any(|p| p.name == HOLD_PARAM) {
        out.params.push(hold_param());
    }
    out
}

/// The routine as a real cramp plays it: without the hold param.
pub fn real(routine: &Routine) -> Routine {
    let mut out = routine.clone();
    out.params.retain(|p| p.name != HOLD_PARAM);
    out
}

/// The values for practice: `values` with the hold at its default unless already set.
pub fn values(routine: &Routine, values: &Values) -> Values {
    let mut out = values.clone();
    if waits_for_the_cramp(routine) {
        out.entry(HOLD_PARAM.into()).or_insert(HOLD_DEFAULT);
    }
    out
}

/// The values for a real cramp: without the hold.
pub fn real_values(values: &Values) -> Values {
    let mut out = values.clone();
    out.remove(HOLD_PARAM);
    out
}

/// Expands the routine for practice: the plan [`expand`] makes, rehearsed with the hold in
/// `values` (or [`HOLD_DEFAULT`]).
pub fn expand_practice(
    routine: &Routine,
    values: &Values,
    sides: SideChoice,
) -> Result<Plan, Diagnostic> {
    let plan = expand(routine, values, sides)?;
    let hold = values
        .get(HOLD_PARAM)
        .copied()
        .unwrap_or(HOLD_DEFAULT)
        .clamp(HOLD_MIN, HOLD_MAX);
    Ok(rehearse(plan, hold))
}

/// The plan as a rehearsal: each stage that waits for the cramp becomes a timed hold of `hold`
/// seconds with no cramp warning, and says so in its text.
pub fn rehearse(mut plan: Plan, hold: u64) -> Plan {
    plan.practice = true;
    for stage in &mut plan.stages {
        if stage.kind != StageKind::Manual {
            continue;
        }
        stage.kind = StageKind::Timed;
        stage.seconds = Some(hold);
        stage.warn_after = None;
        stage.warn = None;
        let note = format!(
            "Practice: this step ends by itself after {}. For real, it lasts until {}.",
            format_duration(hold),
            stage.ends_when()
        );
        // Whose the hold is: for choosing (setup, show), not for the step itself.
        let hold_note = "The practice hold is limber's choice: the articles give no time for it.";
        stage.note = Some(match stage.note.take() {
            Some(own) => format!("{own} {hold_note}"),
            None => hold_note.into(),
        });
        stage.text = if stage.text.is_empty() {
            note
        } else {
            format!("{note}\n{}", stage.text)
        };
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::{Effect, Event, Phase, Player};
    use crate::routine::parse_routine;
    use crate::routine::provenance::{Whose, param_whose};
    use crate::routine::values::resolve_values;
    use std::time::{Duration, Instant};

    const FIRST_AID: &str = r#"
title = "Calf"
summary = "s"
tags = ["first-aid"]
[[step]]
title = "Breathe"
duration = "5s"
[[step]]
title = "Stretch the calf"
warn_after = "20s"
warn = "Too long: see a doctor."
text = "Pull the toes. Go on when the cramp has passed."
[[step]]
title = "Walk"
duration = "10s"
"#;

    fn first_aid() -> Routine {
        parse_routine("first-aid-calf", FIRST_AID).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn the_hold_is_limbers_number_and_set_like_any_param() {
        let r = routine(&first_aid());
        assert_eq!(r.params.last().map(|p| p.name.as_str()), Some(HOLD_PARAM));
        assert_eq!(param_whose(&hold_param()), Whose::Limber);
        assert_eq!(
            hold_param().number_source(),
            Some(crate::routine::NumberSource::Limber)
        );
        let values = resolve_values(&r, &["practice_hold=45s".into()]);
        assert_eq!(
            values.ok().and_then(|v| v.get(HOLD_PARAM).copied()),
            Some(45)
        );
        assert!(resolve_values(&r, &["practice_hold=5m".into()]).is_err());
        // Twice is once; and back to the real routine.
        assert_eq!(routine(&r).params.len(), 1);
        assert!(real(&r).params.is_empty());
    }

    #[test]
    fn a_wait_becomes_a_timed_hold_without_its_warning() {
        let r = first_aid();
        let values = values(&r, &r.default_values());
        let plan =
            expand_practice(&r, &values, SideChoice::default()).unwrap_or_else(|e| panic!("{e:?}"));
        let stretch = &plan.stages[1];
        assert!(plan.practice);
        assert!(!stretch.waits());
        assert_eq!(stretch.seconds, Some(HOLD_DEFAULT));
        assert_eq!(stretch.kind, StageKind::Timed);
        assert_eq!((stretch.warn_after, stretch.warn.as_deref()), (None, None));
        assert!(
            stretch
                .text
                .starts_with("Practice: this step ends by itself after 30s")
        );
        assert!(stretch.text.ends_with("Go on when the cramp has passed."));
        // The timed steps are as they were.
        assert_eq!(plan.stages[0].seconds, Some(5));
        assert_eq!(plan.total_seconds(), 5 + 30 + 10);
    }

    /// A fake clock: the player runs the practice plan by itself to the end, with no cramp
    /// warning even well past the real step's `warn_after`.
    #[test]
    fn practice_plays_to_the_end_by_itself_with_no_warning() {
        let r = first_aid();
        let mut values = values(&r, &r.default_values());
        values.insert(HOLD_PARAM.into(), 25);
        let plan =
            expand_practice(&r, &values, SideChoice::default()).unwrap_or_else(|e| panic!("{e:?}"));
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut player = Player::new(plan, at(0));
        let mut effects = player.handle(Event::Start, at(0));
        // Into the hold: it counts down like any timed step.
        effects.extend(player.handle(Event::Tick, at(6)));
        assert_eq!(player.index(), 1);
        assert_eq!(player.remaining(at(6)), Some(Duration::from_secs(24)));
        // Past where the real step would warn (20 s in), and past the hold's end.
        effects.extend(player.handle(Event::Tick, at(5 + 21)));
        assert_eq!(player.warning(), None);
        effects.extend(player.handle(Event::Tick, at(5 + 25)));
        assert_eq!(player.index(), 2);
        effects.extend(player.handle(Event::Tick, at(5 + 25 + 10)));
        assert_eq!(player.phase(), Phase::Finished);
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Warning(_))),
            "{effects:?}"
        );
        let summary = player.summary(at(40));
        // Nothing counted as "until it passed": there was no cramp.
        assert_eq!(summary.manual, Duration::ZERO);
        assert_eq!((summary.done, summary.total), (3, 3));
        assert!(summary.finished);
    }

    #[test]
    fn only_first_aid_is_practised_and_a_routine_without_a_wait_gets_no_hold() {
        let r = first_aid();
        assert!(can_practise(&r));
        let timed = parse_routine(
            "t",
            "title = \"t\"\nsummary = \"s\"\ntags = [\"first-aid\"]\n[[step]]\ntitle = \"a\"\nduration = \"5s\"\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(routine(&timed).params.is_empty());
        assert!(values(&timed, &timed.default_values()).is_empty());
        let mut bedtime = r.clone();
        bedtime.tags = vec!["bedtime".into()];
        assert!(!can_practise(&bedtime));
    }
}
