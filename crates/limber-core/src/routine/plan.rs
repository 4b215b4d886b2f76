//! Expansion: a routine plus param values becomes a flat list of stages, exactly the routine's
//! own steps (no implicit lead-in), with repeats, rests and sides spelled out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::diag::Diagnostic;
use super::model::{Amount, Cues, DONE_WHEN_DEFAULT, Routine, SoundRef, Step, StepKind, Tone};
use super::{MAX_PLAN_SECS, MAX_STAGES};
use crate::duration::format_duration;

/// Param values by name (durations in seconds).
pub type Values = BTreeMap<String, u64>;

/// How a stage runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    /// Counts down `seconds`.
    Timed,
    /// Counts reps: timed when it has a tempo, otherwise waits for the user.
    Reps,
    /// Waits for the user, counting up.
    Manual,
    /// A rest between repetitions; counts down.
    Rest,
}

/// The leg a stage is for (the diary's cramp side, which may be both, is another type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Leg {
    Left,
    Right,
}

impl Leg {
    pub fn label(self) -> &'static str {
        match self {
            Leg::Left => "LEFT",
            Leg::Right => "RIGHT",
        }
    }
    pub fn other(self) -> Leg {
        match self {
            Leg::Left => Leg::Right,
            Leg::Right => Leg::Left,
        }
    }
}

/// Which legs a `sides = "both"` step runs for. A cramp is often in one leg only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideChoice {
    #[default]
    LeftFirst,
    RightFirst,
    LeftOnly,
    RightOnly,
}

impl SideChoice {
    pub const ALL: [SideChoice; 4] = [
        SideChoice::LeftFirst,
        SideChoice::RightFirst,
        SideChoice::LeftOnly,
        SideChoice::RightOnly,
    ];

    fn sides(self) -> &'static [Leg] {
        match self {
            SideChoice::LeftFirst => &[Leg::Left, Leg::Right],
            SideChoice::RightFirst => &[Leg::Right, Leg::Left],
            SideChoice::LeftOnly => &[Leg::Left],
            SideChoice::RightOnly => &[Leg::Right],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SideChoice::LeftFirst => "both legs, left first",
            SideChoice::RightFirst => "both legs, right first",
            SideChoice::LeftOnly => "left leg only",
            SideChoice::RightOnly => "right leg only",
        }
    }
}

/// One thing the person does, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub title: String,
    pub text: String,
    /// The short line to announce; the title unless the step says otherwise.
    pub say: String,
    pub kind: StageKind,
    /// The stage's length when it counts down; `None` when it waits for the user.
    pub seconds: Option<u64>,
    pub reps: Option<u64>,
    /// Seconds per rep, for reps that keep a pace.
    pub tempo: Option<u64>,
    pub side: Option<Leg>,
    /// `(i, n)`: repetition i of n of the nearest repeated step around this one.
    pub round: Option<(u64, u64)>,
    pub tone: Tone,
    pub temperature: Option<String>,
    pub cue_start: Option<SoundRef>,
    pub cue_end: Option<SoundRef>,
    /// For manual stages: after this long, raise `warn`.
    pub warn_after: Option<u64>,
    pub warn: Option<String>,
    /// For manual stages: what ends it, in the routine's words (`done_when`).
    pub done_when: Option<String>,
    /// Where the step's number comes from (`note`): for choosing, not shown while it runs.
    pub note: Option<String>,
    /// The step's `if`: done only when this holds (the text already starts "If …:").
    pub condition: Option<String>,
}

impl Stage {
    /// Whether the stage waits for the user rather than counting down.
    pub fn waits(&self) -> bool {
        self.seconds.is_none()
    }

    /// What ends a manual stage, to follow "when" or "until": the routine's words ("the cramp
    /// has passed") or the neutral default ("you are ready").
    pub fn ends_when(&self) -> &str {
        self.done_when.as_deref().unwrap_or(DONE_WHEN_DEFAULT)
    }
}

/// A routine expanded for one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub cues: Cues,
    pub stages: Vec<Stage>,
    /// A rehearsal of first aid with no cramp (`practice::rehearse`).
    pub practice: bool,
}

impl Plan {
    /// Sum of all timed stages, rests included; stages that wait for the user count 0.
    pub fn total_seconds(&self) -> u64 {
        self.stages.iter().filter_map(|s| s.seconds).sum()
    }

    /// Seconds of the timed stages from `index` on.
    pub fn seconds_from(&self, index: usize) -> u64 {
        self.stages
            .iter()
            .skip(index)
            .filter_map(|s| s.seconds)
            .sum()
    }
}

impl Routine {
    /// The params at their defaults.
    pub fn default_values(&self) -> Values {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.default))
            .collect()
    }

    /// Whether any step runs per leg.
    pub fn has_sides(&self) -> bool {
        fn any(steps: &[Step]) -> bool {
            steps
                .iter()
                .any(|s| s.sides || matches!(&s.kind, StepKind::Block(children) if any(children)))
        }
        any(&self.steps)
    }
}

fn value(amount: &Amount, values: &Values) -> u64 {
    match amount {
        Amount::Fixed(n) => *n,
        // Validation guarantees the param exists; a missing value would be a caller's bug, and 1 is
        // the smallest valid amount.
        Amount::Param { name, .. } => values.get(name).copied().unwrap_or(1),
    }
}

/// (stages, seconds) that a list of steps expands to, saturating, without building anything.
fn measure(steps: &[Step], values: &Values) -> (u64, u64) {
    steps.iter().fold((0u64, 0u64), |(count, secs), step| {
        let (c, s) = measure_step(step, values);
        (count.saturating_add(c), secs.saturating_add(s))
    })
}

fn measure_step(step: &Step, values: &Values) -> (u64, u64) {
    let (one_count, one_secs) = match &step.kind {
        StepKind::Timed { duration } => (1, value(duration, values)),
        StepKind::TimedReps { reps, tempo } => {
            (1, value(reps, values).saturating_mul(value(tempo, values)))
        }
        StepKind::Reps { .. } | StepKind::Manual { .. } => (1, 0),
        StepKind::Block(children) => measure(children, values),
    };
    let repeat = value(&step.repeat, values);
    let rests = repeat.saturating_sub(1);
    let rest_secs = step.rest.as_ref().map_or(0, |r| value(r, values));
    let rest_count = if step.rest.is_some() { rests } else { 0 };
    let sides = if step.sides { 2 } else { 1 };
    let count = one_count
        .saturating_mul(repeat)
        .saturating_add(rest_count)
        .saturating_mul(sides);
    let secs = one_secs
        .saturating_mul(repeat)
        .saturating_add(rests.saturating_mul(rest_secs))
        .saturating_mul(sides);
    (count, secs)
}

/// Checks the whole-plan limits (10,000 stages, 24 hours) before anything is built.
pub fn check_limits(routine: &Routine, values: &Values) -> Result<(), Diagnostic> {
    let (count, secs) = measure(&routine.steps, values);
    let biggest = routine
        .steps
        .iter()
        .max_by_key(|s| measure_step(s, values))
        .map(|s| s.span.clone());
    if count > MAX_STAGES {
        // Counted saturating: a count that ran out of numbers is said in words, never as
        // 18446744073709551615.
        let count = if count == u64::MAX {
            "more steps than can be counted".to_string()
        } else {
            format!("{count} steps")
        };
        return Err(Diagnostic::new(
            format!("this routine expands to {count}; the limit is {MAX_STAGES}"),
            biggest,
        )
        .with_hint("lower `repeat`, `reps` or the param values"));
    }
    if secs > MAX_PLAN_SECS {
        let time = if secs == u64::MAX {
            "longer than can be counted".to_string()
        } else {
            format_duration(secs)
        };
        return Err(Diagnostic::new(
            format!(
                "this routine would take {time}; the limit is {}",
                format_duration(MAX_PLAN_SECS)
            ),
            biggest,
        )
        .with_hint("lower `repeat`, the durations or the param values"));
    }
    Ok(())
}

/// Expands a routine into its plan for the given param values and choice of legs.
pub fn expand(routine: &Routine, values: &Values, sides: SideChoice) -> Result<Plan, Diagnostic> {
    check_limits(routine, values)?;
    let mut stages = Vec::new();
    let context = Context {
        side: None,
        round: None,
        condition: None,
    };
    for step in &routine.steps {
        push_step(step, values, sides, &context, &mut stages);
    }
    Ok(Plan {
        id: routine.id.clone(),
        title: routine.title.clone(),
        cues: routine.cues.clone(),
        stages,
        practice: false,
    })
}

#[derive(Clone)]
struct Context {
    side: Option<Leg>,
    round: Option<(u64, u64)>,
    /// The nearest `if` around (or on) the step.
    condition: Option<String>,
}

fn push_step(
    step: &Step,
    values: &Values,
    choice: SideChoice,
    outer: &Context,
    out: &mut Vec<Stage>,
) {
    let sides: Vec<Option<Leg>> = if step.sides {
        choice.sides().iter().map(|s| Some(*s)).collect()
    } else {
        vec![outer.side]
    };
    let repeat = value(&step.repeat, values);
    for side in sides {
        for i in 1..=repeat {
            let round = if repeat > 1 {
                Some((i, repeat))
            } else {
                outer.round
            };
            let context = Context {
                side,
                round,
                condition: step.condition.clone().or_else(|| outer.condition.clone()),
            };
            match &step.kind {
                StepKind::Block(children) => {
                    for child in children {
                        push_step(child, values, choice, &context, out);
                    }
                }
                kind => out.push(leaf_stage(step, kind, values, &context)),
            }
            if i < repeat
                && let Some(rest) = &step.rest
            {
                out.push(rest_stage(value(rest, values), i + 1, repeat, side, step));
            }
        }
    }
}

fn leaf_stage(step: &Step, kind: &StepKind, values: &Values, context: &Context) -> Stage {
    let mut stage = Stage {
        title: step.title.clone(),
        text: with_condition(&step.text, context.condition.as_deref()),
        say: step.say.clone().unwrap_or_else(|| step.title.clone()),
        kind: StageKind::Timed,
        seconds: None,
        reps: None,
        tempo: None,
        side: context.side,
        round: context.round,
        tone: step.tone,
        temperature: step.temperature.clone(),
        cue_start: step.cue_start.clone(),
        cue_end: step.cue_end.clone(),
        warn_after: None,
        warn: None,
        done_when: None,
        note: step.note.clone(),
        condition: context.condition.clone(),
    };
    match kind {
        StepKind::Timed { duration } => stage.seconds = Some(value(duration, values)),
        StepKind::TimedReps { reps, tempo } => {
            let (reps, tempo) = (value(reps, values), value(tempo, values));
            stage.kind = StageKind::Reps;
            stage.reps = Some(reps);
            stage.tempo = Some(tempo);
            stage.seconds = Some(reps * tempo);
        }
        StepKind::Reps { reps } => {
            stage.kind = StageKind::Reps;
            stage.reps = Some(value(reps, values));
        }
        StepKind::Manual {
            warn_after,
            warn,
            done_when,
        } => {
            stage.kind = StageKind::Manual;
            stage.warn_after = warn_after.as_ref().map(|w| value(w, values));
            stage.warn = warn.clone();
            stage.done_when = done_when.clone();
        }
        StepKind::Block(_) => {}
    }
    stage
}

fn rest_stage(seconds: u64, next: u64, of: u64, side: Option<Leg>, step: &Step) -> Stage {
    Stage {
        title: "Rest".into(),
        text: format!("Next: {}, round {next} of {of}.", step.title),
        say: "Rest".into(),
        kind: StageKind::Rest,
        seconds: Some(seconds),
        reps: None,
        tempo: None,
        side,
        round: None,
        tone: Tone::Rest,
        temperature: None,
        cue_start: None,
        cue_end: None,
        warn_after: None,
        warn: None,
        done_when: None,
        note: None,
        condition: None,
    }
}

/// "If the spasm does not go away: " before the text, so every shell shows the condition.
fn with_condition(text: &str, condition: Option<&str>) -> String {
    match condition {
        None => text.to_string(),
        Some(c) if text.is_empty() => format!("If {c}."),
        Some(c) => format!("If {c}: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::parse_routine;

    const ROUTINE: &str = r#"
title = "t"
summary = "s"

[[step]]
title = "Stretch"
text = "Pull the toes."

[[step]]
title = "Pinch the calf"
if = "If the spasm does not go away:"
duration = "2m"
text = "Pinch the sore muscle."

[[step]]
title = "Warm water"
if = "you like"
[[step.step]]
title = "Under the tap"
duration = "1m"
"#;

    #[test]
    fn a_step_with_if_says_so_and_its_block_children_too() {
        let routine = parse_routine("t", ROUTINE).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            routine.steps[1].condition.as_deref(),
            Some("the spasm does not go away")
        );
        let plan = expand(&routine, &routine.default_values(), SideChoice::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(plan.stages[0].condition, None);
        assert_eq!(plan.stages[0].text, "Pull the toes.");
        assert_eq!(
            plan.stages[1].text,
            "If the spasm does not go away: Pinch the sore muscle."
        );
        assert_eq!(plan.stages[2].text, "If you like.");
        assert_eq!(plan.stages[2].condition.as_deref(), Some("you like"));
    }

    #[test]
    fn a_manual_step_ends_in_its_own_words_or_when_you_are_ready() {
        let src = ROUTINE.replace(
            "title = \"Stretch\"\n",
            "title = \"Stretch\"\ndone_when = \"when the cramp has passed.\"\n",
        );
        let routine = parse_routine("t", &src).unwrap_or_else(|e| panic!("{e:?}"));
        let plan = expand(&routine, &routine.default_values(), SideChoice::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        // "when" and the full stop are limber's, so they are not doubled.
        assert_eq!(
            plan.stages[0].done_when.as_deref(),
            Some("the cramp has passed")
        );
        assert_eq!(plan.stages[0].ends_when(), "the cramp has passed");
        let plan = expand(
            &parse_routine("t", ROUTINE).unwrap_or_else(|e| panic!("{e:?}")),
            &Values::new(),
            SideChoice::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(plan.stages[0].done_when, None);
        assert_eq!(plan.stages[0].ends_when(), "you are ready");
    }

    #[test]
    fn done_when_is_only_for_manual_steps_and_not_empty() {
        let timed = ROUTINE.replace(
            "duration = \"1m\"\n",
            "duration = \"1m\"\ndone_when = \"it is warm\"\n",
        );
        let problems = parse_routine("t", &timed).err().unwrap_or_default();
        assert!(
            problems
                .iter()
                .any(|d| d.message == "`done_when` is only for manual steps"),
            "{problems:?}"
        );
        let empty = ROUTINE.replace(
            "title = \"Stretch\"\n",
            "title = \"Stretch\"\ndone_when = \" when \"\n",
        );
        let problems = parse_routine("t", &empty).err().unwrap_or_default();
        assert!(
            problems.iter().any(|d| d.message == "`done_when` is empty"),
            "{problems:?}"
        );
        let wrong = ROUTINE.replace(
            "title = \"Stretch\"\n",
            "title = \"Stretch\"\ndone_when = 5\n",
        );
        let problems = parse_routine("t", &wrong).err().unwrap_or_default();
        assert!(
            problems
                .iter()
                .any(|d| d.message.starts_with("`done_when` must be a string")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_empty_if_is_an_error() {
        let src = ROUTINE.replace("if = \"you like\"", "if = \"  \"");
        let problems = parse_routine("t", &src).err().unwrap_or_default();
        assert!(
            problems.iter().any(|d| d.message == "`if` is empty"),
            "{problems:?}"
        );
    }
}
