//! The routine as a program sees it after parsing and validation (format version 1).

use std::ops::Range;

/// A validated routine. Text fields are already stripped of control characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Routine {
    /// The file stem: lowercase letters, digits and `-`.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub tags: Vec<String>,
    pub equipment: Vec<String>,
    /// Sentences shown before the first step.
    pub caution: Vec<String>,
    /// The article the routine follows, by title.
    pub source: Option<String>,
    pub params: Vec<Param>,
    pub cues: Cues,
    pub steps: Vec<Step>,
}

/// What a param counts: a plain number (reps, rounds) or a length of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Count,
    Duration,
}

impl ParamKind {
    pub fn name(self) -> &'static str {
        match self {
            ParamKind::Count => "number",
            ParamKind::Duration => "duration",
        }
    }
}

/// A number the user may change before starting (`[params.NAME]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// In seconds for durations.
    pub default: u64,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub help: Option<String>,
}

impl Param {
    /// The range a value must fall in, combining the param's own bounds with the format's limits.
    pub fn bounds(&self) -> (u64, u64) {
        let (lo, hi) = match self.kind {
            ParamKind::Count => (1, super::MAX_COUNT),
            ParamKind::Duration => (1, super::MAX_DURATION_SECS),
        };
        (
            self.min.unwrap_or(lo).max(lo),
            self.max.unwrap_or(hi).min(hi),
        )
    }

    /// A value as a person would write it: `7` or `1m30s`.
    pub fn display_value(&self, value: u64) -> String {
        match self.kind {
            ParamKind::Count => value.to_string(),
            ParamKind::Duration => crate::duration::format_duration(value),
        }
    }
}

/// A number written in the file, or a reference to a param (`"{cycles}"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Fixed(u64),
    Param { name: String, span: Range<usize> },
}

/// A sound: one of the built-in cue names, or a file path relative to the routine file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SoundRef {
    Builtin(String),
    File(String),
}

/// The built-in cue names a routine may use in `cue_start`, `cue_end` and `[cues]`.
pub const BUILTIN_SOUNDS: [&str; 8] = [
    "start", "tick", "rep", "halfway", "side", "rest", "warning", "finish",
];

impl SoundRef {
    pub fn from_text(text: &str) -> Self {
        if BUILTIN_SOUNDS.contains(&text) {
            SoundRef::Builtin(text.to_string())
        } else {
            SoundRef::File(text.to_string())
        }
    }

    pub fn builtin(name: &str) -> Self {
        SoundRef::Builtin(name.to_string())
    }
}

/// Routine-wide cue defaults (`[cues]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cues {
    /// Ticks in the last N seconds of a timed step; 0 for none.
    pub countdown: u64,
    pub start: Option<SoundRef>,
    pub end: Option<SoundRef>,
    pub finish: Option<SoundRef>,
    pub halfway: bool,
    /// 0–100, relative to the user's volume.
    pub volume: u8,
}

impl Default for Cues {
    fn default() -> Self {
        Self {
            countdown: 3,
            start: None,
            end: None,
            finish: None,
            halfway: false,
            volume: 100,
        }
    }
}

/// The colour accent of a step, also shown as a word so it reads without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Warm,
    Cool,
    Rest,
    Alert,
}

impl Tone {
    pub const NAMES: [&'static str; 5] = ["neutral", "warm", "cool", "rest", "alert"];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "neutral" => Tone::Neutral,
            "warm" => Tone::Warm,
            "cool" => Tone::Cool,
            "rest" => Tone::Rest,
            "alert" => Tone::Alert,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// One `[[step]]` (or `[[step.step]]`) of a routine.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub text: String,
    pub say: Option<String>,
    pub tone: Tone,
    pub temperature: Option<String>,
    pub cue_start: Option<SoundRef>,
    pub cue_end: Option<SoundRef>,
    pub kind: StepKind,
    pub repeat: Amount,
    pub rest: Option<Amount>,
    pub sides: bool,
    /// `if`: the step is done only when this holds ("the spasm does not go away", "you like");
    /// shown as "If …:" and skipped with the usual next-step key when it does not.
    pub condition: Option<String>,
    /// Where the step's table starts, for errors found after parsing (e.g. during expansion).
    pub span: Range<usize>,
}

/// What a step does, decided by which fields it has.
#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    /// `duration`: counts down.
    Timed { duration: Amount },
    /// `reps` and `tempo`: counts down reps × tempo, counting the reps.
    TimedReps { reps: Amount, tempo: Amount },
    /// `reps` alone: waits for the user, showing the target count.
    Reps { reps: Amount },
    /// Nothing: waits for the user, counting up ("until the cramp passes").
    Manual {
        warn_after: Option<Amount>,
        warn: Option<String>,
    },
    /// `[[step.step]]` children.
    Block(Vec<Step>),
}
