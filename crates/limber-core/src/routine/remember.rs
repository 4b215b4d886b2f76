//! Remembered choices: per routine, the settings and the leg chosen when it was last started, and
//! night mode's last toggle. The shell keeps them in a small file (`remembered.toml` beside the
//! diary); this module reads and writes its text and checks what it offers against the routine as
//! it is now, so a routine edited since is never broken by stale values.
//!
//! Only what differs from the routine's own defaults is kept: a default the author changes later
//! is followed, and a routine played with its defaults leaves nothing behind. First aid's leg is
//! never kept (it is wherever the cramp is).

use std::collections::BTreeMap;

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use super::model::Routine;
use super::plan::{SideChoice, Values, expand};
use super::practice::can_practise;

/// The file's format; a file from a newer limber is set aside (ignored), not misread.
pub const VERSION: u32 = 1;

/// One routine's remembered choice: the values that differ from its defaults, and the legs when
/// they differ from both legs, left first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub values: Values,
    pub sides: Option<SideChoice>,
}

/// Night mode's last toggle (`N`) and when it was pressed (local wall-clock time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightChoice {
    pub on: bool,
    pub at: DateTime,
}

/// Everything remembered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    pub routines: BTreeMap<String, Choice>,
    pub night: Option<NightChoice>,
}

/// What one session changed, to merge into the file as it is when the session ends (another
/// limber may have written it meanwhile): per routine the new choice (`None`: back to the
/// defaults, forgotten), and the last night toggle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub routines: BTreeMap<String, Option<Choice>>,
    pub night: Option<NightChoice>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.routines.is_empty() && self.night.is_none()
    }
}

/// What setup is offered for a routine: its values (defaults filled in) and legs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub values: Values,
    pub sides: SideChoice,
}

impl Memory {
    /// The remembered choice for `routine`, checked against it as it is now: a param it no longer
    /// has or a value outside today's range is dropped (its default stands), the legs only where
    /// it has sides, and nothing if the values together no longer make a valid plan. `None` when
    /// nothing remembered still differs from the defaults.
    pub fn offer(&self, routine: &Routine) -> Option<Offer> {
        let choice = self.routines.get(&routine.id)?;
        let mut values = routine.default_values();
        let mut differs = false;
        for (name, value) in &choice.values {
            let Some(param) = routine.params.iter().find(|p| &p.name == name) else {
                continue;
            };
            let (lo, hi) = param.bounds();
            if (lo..=hi).contains(value) && *value != param.default {
                values.insert(name.clone(), *value);
                differs = true;
            }
        }
        let sides = match choice.sides {
            Some(sides) if keeps_legs(routine) && sides != SideChoice::default() => {
                differs = true;
                sides
            }
            _ => SideChoice::default(),
        };
        (differs && expand(routine, &values, sides).is_ok()).then_some(Offer { values, sides })
    }

    /// Remembers that `routine` was started with these values and legs; the change, for the
    /// file.
    pub fn chose(
        &mut self,
        routine: &Routine,
        values: &Values,
        sides: SideChoice,
        changes: &mut Changes,
    ) {
        let choice = choice_of(routine, values, sides);
        match &choice {
            Some(choice) => self.routines.insert(routine.id.clone(), choice.clone()),
            None => self.routines.remove(&routine.id),
        };
        changes.routines.insert(routine.id.clone(), choice);
    }

    /// Merges a session's changes in.
    pub fn apply(&mut self, changes: &Changes) {
        for (id, choice) in &changes.routines {
            match choice {
                Some(choice) => self.routines.insert(id.clone(), choice.clone()),
                None => self.routines.remove(id),
            };
        }
        if let Some(night) = changes.night {
            self.night = Some(night);
        }
    }
}

/// Whether a routine's leg is worth remembering: it has sides and is not first aid.
fn keeps_legs(routine: &Routine) -> bool {
    routine.has_sides() && !can_practise(routine)
}

/// What is worth keeping of a start: the values that differ from the defaults (params the routine
/// has), the legs if they are not the default; `None` if nothing differs.
pub fn choice_of(routine: &Routine, values: &Values, sides: SideChoice) -> Option<Choice> {
    let values: Values = routine
        .params
        .iter()
        .filter_map(|p| {
            let v = *values.get(&p.name)?;
            (v != p.default).then(|| (p.name.clone(), v))
        })
        .collect();
    let sides = (keeps_legs(routine) && sides != SideChoice::default()).then_some(sides);
    (!values.is_empty() || sides.is_some()).then_some(Choice { values, sides })
}

fn side_name(sides: SideChoice) -> &'static str {
    match sides {
        SideChoice::LeftFirst => "left-first",
        SideChoice::RightFirst => "right-first",
        SideChoice::LeftOnly => "left",
        SideChoice::RightOnly => "right",
    }
}

fn side_from(name: &str) -> Option<SideChoice> {
    SideChoice::ALL.into_iter().find(|s| side_name(*s) == name)
}

/// The file as written. Unknown keys are ignored (a later limber may add some); wrong values in
/// one place are dropped there, not for the whole file.
#[derive(Debug, Default, Deserialize, Serialize)]
struct Raw {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    night: Option<RawNight>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    routine: BTreeMap<String, RawChoice>,
}

#[derive(Debug, Deserialize, Serialize)]
struct RawNight {
    on: bool,
    /// Local wall-clock time, `2026-12-01T22:10:00`.
    at: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct RawChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    legs: Option<String>,
    /// Counts as numbers, durations in seconds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    values: BTreeMap<String, toml::Value>,
}

/// Reads the file's text.
///
/// # Errors
/// A sentence saying why the whole file cannot be used (not TOML, or from a newer limber).
pub fn parse(text: &str) -> Result<Memory, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let reason = e.message().trim().replace('\n', " ");
        match e.span().map(|s| super::diag::line_col(text, s.start)) {
            Some((line, col)) => format!("line {line}, column {col}: {reason}"),
            None => reason,
        }
    })?;
    if raw.version > VERSION {
        return Err(format!(
            "written by a newer limber (format {}; this one reads {VERSION})",
            raw.version
        ));
    }
    let night = raw.night.and_then(|n| {
        Some(NightChoice {
            on: n.on,
            at: n.at.parse().ok()?,
        })
    });
    let routines = raw
        .routine
        .into_iter()
        .map(|(id, raw)| {
            let values = raw
                .values
                .into_iter()
                .filter_map(|(name, v)| Some((name, u64::try_from(v.as_integer()?).ok()?)))
                .collect();
            let sides = raw.legs.as_deref().and_then(side_from);
            (id, Choice { values, sides })
        })
        .collect();
    Ok(Memory { routines, night })
}

/// The file's text for `memory`.
pub fn to_text(memory: &Memory) -> String {
    let raw = Raw {
        version: VERSION,
        night: memory.night.map(|n| RawNight {
            on: n.on,
            at: n.at.to_string(),
        }),
        routine: memory
            .routines
            .iter()
            .map(|(id, c)| {
                (
                    id.clone(),
                    RawChoice {
                        legs: c.sides.map(|s| side_name(s).to_string()),
                        values: c
                            .values
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    toml::Value::Integer(i64::try_from(*v).unwrap_or(0)),
                                )
                            })
                            .collect(),
                    },
                )
            })
            .collect(),
    };
    let body = toml::to_string(&raw).unwrap_or_default();
    format!(
        "# What limber remembers between runs: each routine's last settings (durations in seconds)\n\
         # and leg, and night mode's last toggle. Written by limber; safe to delete.\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::parse_routine;

    fn bath() -> Routine {
        parse_routine(
            "contrast-bath",
            r#"
title = "Bath"
summary = "s"

[params.cycles]
default = 5
min = 3
max = 10

[params.hot]
default = "3m"
min = "1m"
max = "5m"

[[step]]
title = "Hot"
duration = "{hot}"
sides = "both"
repeat = "{cycles}"
"#,
        )
        .unwrap_or_else(|d| panic!("{d:?}"))
    }

    #[test]
    fn only_what_differs_is_kept_and_offered() {
        let routine = bath();
        let mut memory = Memory::default();
        let mut changes = Changes::default();
        let mut values = routine.default_values();
        values.insert("cycles".into(), 7);
        memory.chose(&routine, &values, SideChoice::RightOnly, &mut changes);
        let choice = &memory.routines["contrast-bath"];
        assert_eq!(choice.values.len(), 1, "the default hot time is not kept");
        let offer = memory.offer(&routine).unwrap_or_else(|| panic!("an offer"));
        assert_eq!(offer.values["cycles"], 7);
        assert_eq!(offer.values["hot"], 180);
        assert_eq!(offer.sides, SideChoice::RightOnly);
        // Back to the defaults: forgotten.
        memory.chose(
            &routine,
            &routine.default_values(),
            SideChoice::default(),
            &mut changes,
        );
        assert!(memory.offer(&routine).is_none());
        assert_eq!(changes.routines["contrast-bath"], None);
    }

    #[test]
    fn stale_values_are_checked_against_the_routine_as_it_is() {
        let routine = bath();
        let text = "version = 1\n[routine.contrast-bath]\nlegs = \"sideways\"\n\
                    [routine.contrast-bath.values]\ncycles = 40\nhot = 240\ngone = 3\nbad = \"x\"\n";
        let memory = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let offer = memory.offer(&routine).unwrap_or_else(|| panic!("an offer"));
        assert_eq!(offer.values["cycles"], 5, "out of range: the default");
        assert_eq!(offer.values["hot"], 240);
        assert!(!offer.values.contains_key("gone"));
        assert_eq!(offer.sides, SideChoice::default());
        let nothing = parse("version = 1\n[routine.contrast-bath.values]\ncycles = 11\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(nothing.offer(&routine).is_none());
    }

    #[test]
    fn the_text_round_trips_and_bad_files_say_why() {
        let routine = bath();
        let mut memory = Memory::default();
        let mut changes = Changes::default();
        let mut values = routine.default_values();
        values.insert("hot".into(), 120);
        memory.chose(&routine, &values, SideChoice::LeftOnly, &mut changes);
        memory.night = Some(NightChoice {
            on: false,
            at: jiff::civil::date(2026, 12, 1).at(22, 10, 0, 0),
        });
        let text = to_text(&memory);
        assert_eq!(parse(&text), Ok(memory), "{text}");
        assert!(parse("version = 1\nnight = [").is_err());
        let newer = parse("version = 2\n").err().unwrap_or_default();
        assert!(newer.contains("newer limber"), "{newer}");
        assert!(parse("").is_err(), "no version: not a file limber wrote");
    }
}
