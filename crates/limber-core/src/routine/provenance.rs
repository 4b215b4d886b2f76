//! Whose each number in a routine is: the article's, or limber's choice where the article gives
//! none. Read from the routine itself, so `docs/routines.md` cannot drift from the files:
//!
//! - a param is the article's when its `help` says so ("as the article says", "as the articles
//!   say"); every other param is limber's (its help says what the article gives instead);
//! - a number written into a step (`reps = 30`, `duration = "10s"`, `warn_after = "5m"`) is the
//!   article's: the bundled routines write only the articles' numbers literally, and make
//!   everything else a param.

use std::fmt::Write as _;

use super::model::{Amount, Param, Routine, Step, StepKind};
use crate::advice;
use crate::duration::format_duration;

/// Who a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Article,
    Limber,
}

/// Whose a param's number is, from its help.
pub fn param_whose(param: &Param) -> Whose {
    let help = param.help.as_deref().unwrap_or_default();
    if help.contains("as the article says") || help.contains("as the articles say") {
        Whose::Article
    } else {
        Whose::Limber
    }
}

/// One number of a routine, in words: what it is, its value, whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub what: String,
    pub whose: Whose,
}

/// Every number of a routine: its params, then the numbers written into its steps.
pub fn numbers(routine: &Routine) -> Vec<Number> {
    let mut out: Vec<Number> = routine
        .params
        .iter()
        .map(|p| {
            let range = match (p.min, p.max) {
                (Some(lo), Some(hi)) => {
                    format!(" ({} to {})", p.display_value(lo), p.display_value(hi))
                }
                _ => String::new(),
            };
            let help = p.help.as_deref().unwrap_or_default();
            let label = p
                .label
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            Number {
                what: format!(
                    "`{}`{label} {}{range}: {help}",
                    p.name,
                    p.display_value(p.default)
                ),
                whose: param_whose(p),
            }
        })
        .collect();
    fixed_numbers(&routine.steps, &mut out);
    out
}

fn fixed_numbers(steps: &[Step], out: &mut Vec<Number>) {
    for step in steps {
        let mut said = Vec::new();
        if let Amount::Fixed(n) = step.repeat
            && n > 1
        {
            said.push(format!("{n} times"));
        }
        match &step.kind {
            StepKind::Timed {
                duration: Amount::Fixed(s),
            } => said.push(format_duration(*s)),
            StepKind::TimedReps { reps, .. } | StepKind::Reps { reps } => {
                if let Amount::Fixed(n) = reps {
                    said.push(crate::routine::text::count(*n, "rep", "reps"));
                }
            }
            StepKind::Manual {
                warn_after: Some(Amount::Fixed(s)),
                ..
            } => said.push(format!("a warning after {}", format_duration(*s))),
            _ => {}
        }
        if let Some(Amount::Fixed(s)) = step.rest {
            said.push(format!("{} rest", format_duration(s)));
        }
        if !said.is_empty() {
            out.push(Number {
                what: format!("{}: {}", step.title, said.join(", ")),
                whose: Whose::Article,
            });
        }
        if let StepKind::Block(children) = &step.kind {
            fixed_numbers(children, out);
        }
    }
}

/// The steps' notes on where their numbers come from, by step title, for where choices are
/// made (setup): those of steps whose own number is not a param, since a param's help already
/// says whose its number is. In the order of the steps, each once.
pub fn step_notes(routine: &Routine) -> Vec<(String, String)> {
    notes(routine, false)
}

/// Every step's note on where its number comes from, by step title, in the order of the steps,
/// each once (the list's description of a routine, which shows no settings).
pub fn all_step_notes(routine: &Routine) -> Vec<(String, String)> {
    notes(routine, true)
}

fn notes(routine: &Routine, all: bool) -> Vec<(String, String)> {
    fn own_param(step: &Step) -> bool {
        let param = |a: &Amount| matches!(a, Amount::Param { .. });
        match &step.kind {
            StepKind::Timed { duration } => param(duration),
            StepKind::TimedReps { reps, tempo } => param(reps) || param(tempo),
            StepKind::Reps { reps } => param(reps),
            StepKind::Manual { warn_after, .. } => warn_after.as_ref().is_some_and(param),
            StepKind::Block(_) => param(&step.repeat),
        }
    }
    fn walk(steps: &[Step], all: bool, out: &mut Vec<(String, String)>) {
        for step in steps {
            if let Some(note) = &step.note
                && (all || !own_param(step))
                && !out.iter().any(|(t, n)| t == &step.title && n == note)
            {
                out.push((step.title.clone(), note.clone()));
            }
            if let StepKind::Block(children) = &step.kind {
                walk(children, all, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&routine.steps, all, &mut out);
    out
}

/// A routine's section in `docs/routines.md`: the articles it follows, by their short labels,
/// and whose each number is.
pub fn markdown(routine: &Routine) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### `{}`: {}\n", routine.id, routine.title);
    let follows: Vec<String> = routine
        .source
        .as_deref()
        .map(|src| {
            src.split("; ")
                .map(|part| match advice::article(part) {
                    Some(a) => format!("{} (article {})", a.label, a.number),
                    None => part.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    if follows.is_empty() {
        let _ = writeln!(s, "Follows no article.\n");
    } else {
        let _ = writeln!(s, "Follows: {}.\n", follows.join("; "));
    }
    let numbers = numbers(routine);
    for (whose, heading) in [
        (Whose::Article, "The articles' numbers"),
        (Whose::Limber, "limber's numbers (the articles give none)"),
    ] {
        let these: Vec<&Number> = numbers.iter().filter(|n| n.whose == whose).collect();
        if these.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{heading}:\n");
        for n in these {
            let _ = writeln!(s, "- {}", n.what.replace('\n', " "));
        }
        let _ = writeln!(s);
    }
    s
}

/// The sequences in the articles that no routine follows, and why: the end of
/// `docs/routines.md`.
pub const LEFT_OUT: &str = "\
## Sequences in the articles: in or out

Each sequence the articles give, and where it is in limber, or why it is not.

- **004's quick, strong massage and pull, several times; then both feet pulled towards the face,
  sitting on the floor** (004:151, 004:153): in, as `first-aid-quick-pull`.
- **000's general first-aid list** (000:151–158: straighten the toes even if it hurts, rub,
  squeeze and straighten the toes, pull the big toe, walk a little): in, as
  `first-aid-straighten`, without step 5 (a mustard plaster, a folk remedy).
- **000's after-cramp massage and contrast shower** (000:160: \"you can massage your arms or legs,
  stroke your stomach, try a contrast shower\"): in, as the last, optional step of
  `first-aid-straighten`; the article gives no steps, times or temperatures for them, so they are
  not a routine of their own (`self-massage` and `contrast-shower-legs` follow the articles that
  do).
- **004's warm shower or bath with aromatic oils against night cramps** (004:71): out as a
  routine. It is one sentence with no steps, time or temperature; the same advice closes
  `therapeutic-complex` (004:106), and `foot-bath` follows the baths that 000 and 002 describe.
- **Folk remedies** (magnets, pins, mustard plasters and ointments, lemon juice, decoctions and
  infusions): out. limber times care routines; it does not prescribe remedies. The pin that 002
  says to carry when swimming (002:520) is named in `first-aid-swimming` because the article
  gives it as a step of what to do in the water.
- **Medicines and vitamins**: out. The articles say to take them only on a doctor's advice (see
  `limber doctor`).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::parse_routine;

    #[test]
    fn step_notes_are_those_a_param_help_does_not_already_give() {
        let src = r#"
title = "t"
summary = "s"
[params.hold]
default = "30s"
help = "The article gives no time."
[[step]]
title = "Pull"
note = "No article says how long to hold each pull."
[[step]]
title = "Hold"
duration = "{hold}"
note = "The article gives no time for this."
[[step]]
title = "Rub"
duration = "1m"
"#;
        let routine = parse_routine("t", src).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            step_notes(&routine),
            [(
                "Pull".to_string(),
                "No article says how long to hold each pull.".to_string()
            )]
        );
        assert_eq!(all_step_notes(&routine).len(), 2);
        let plan = crate::routine::expand(
            &routine,
            &routine.default_values(),
            crate::routine::SideChoice::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        // The note travels with the stage (for `show`) but is not part of its instructions.
        assert_eq!(plan.stages[1].text, "");
        assert_eq!(
            plan.stages[1].note.as_deref(),
            Some("The article gives no time for this.")
        );
    }

    #[test]
    fn params_are_the_articles_only_when_their_help_says_so() {
        let src = r#"
title = "t"
summary = "s"
[params.cycles]
default = 5
min = 5
max = 10
help = "5 to 10, as the article says."
[params.cool]
label = "Cool bowl"
default = "30s"
min = "15s"
max = "2m"
help = "The article gives no time."
[[step]]
title = "Rise"
reps = 10
[[step]]
title = "Bowls"
repeat = "{cycles}"
duration = "{cool}"
"#;
        let routine = parse_routine("t", src).unwrap_or_else(|e| panic!("{e:?}"));
        let numbers = numbers(&routine);
        let whose: Vec<(&str, Whose)> = numbers
            .iter()
            .map(|n| (n.what.split(':').next().unwrap_or_default(), n.whose))
            .collect();
        assert_eq!(
            whose,
            [
                // In the order the steps use them: `repeat` comes before `duration`.
                ("`cycles` 5 (5 to 10)", Whose::Article),
                ("`cool` (Cool bowl) 30s (15s to 2m)", Whose::Limber),
                ("Rise", Whose::Article),
            ]
        );
        let md = markdown(&routine);
        assert!(md.contains("The articles' numbers:\n\n- `cycles`"), "{md}");
        assert!(md.contains("limber's numbers"), "{md}");
    }
}
