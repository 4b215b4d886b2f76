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
    /// Every sound file named in `[cues]` and the steps, in the order of the text.
    pub sound_files: Vec<SoundFile>,
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
    /// A few words for people (`label = "Warm bowl"`); the name stays for `--set`.
    pub label: Option<String>,
}

impl Param {
    /// What the param is called on screen: its label, or its name when it has none.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

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

    /// Whose number the default is, as the param's `help` says: the article's when it says
    /// "as the article says", limber's when it explains what the article leaves open ("The
    /// article gives no time", "This is limber's choice"); `None` when the help does not say.
    pub fn number_source(&self) -> Option<NumberSource> {
        let help = self.help.as_deref()?.to_lowercase();
        if help.contains("as the article says") || help.contains("as the articles say") {
            Some(NumberSource::Article)
        } else if help.contains("article") || help.contains("limber's choice") {
            Some(NumberSource::Limber)
        } else {
            None
        }
    }

    /// A value as a person would write it: `7` or `1m30s`.
    pub fn display_value(&self, value: u64) -> String {
        match self.kind {
            ParamKind::Count => value.to_string(),
            ParamKind::Duration => crate::duration::format_duration(value),
        }
    }
}

/// Where a param's default comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSource {
    /// The article gives this number (or range).
    Article,
    /// The article gives none: limber chose it.
    Limber,
}

impl NumberSource {
    pub fn name(self) -> &'static str {
        match self {
            NumberSource::Article => "article",
            NumberSource::Limber => "limber",
        }
    }
}

/// A number written in the file, or a reference to a param (`"{cycles}"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Fixed(u64),
    Param { name: String, span: Range<usize> },
}

/// A sound: one of the built-in sounds, or a file path (relative to the routine file until the
/// shell anchors it to the file's folder).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SoundRef {
    Builtin(BuiltinSound),
    File(String),
}

/// The sounds limber ships with, by the names routine files use (`cue_start = "tick"`). The shell
/// bundles one recording of each; the player picks among them by [`crate::player::CueRole`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BuiltinSound {
    /// A step begins.
    Start,
    /// One of the last seconds of a timed step.
    Tick,
    /// A repetition's beat, for reps with a tempo.
    Rep,
    /// Halfway through a step.
    Halfway,
    /// Switch sides.
    Side,
    /// A rest begins.
    Rest,
    /// A manual step has gone on longer than its `warn_after`.
    Warning,
    /// The routine is done.
    Finish,
}

impl BuiltinSound {
    /// Every built-in sound, in catalogue order.
    pub const ALL: [BuiltinSound; 8] = [
        BuiltinSound::Start,
        BuiltinSound::Tick,
        BuiltinSound::Rep,
        BuiltinSound::Halfway,
        BuiltinSound::Side,
        BuiltinSound::Rest,
        BuiltinSound::Warning,
        BuiltinSound::Finish,
    ];

    /// The name used in routine files.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinSound::Start => "start",
            BuiltinSound::Tick => "tick",
            BuiltinSound::Rep => "rep",
            BuiltinSound::Halfway => "halfway",
            BuiltinSound::Side => "side",
            BuiltinSound::Rest => "rest",
            BuiltinSound::Warning => "warning",
            BuiltinSound::Finish => "finish",
        }
    }

    /// The sound with this name, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Every name, for hints: `start, tick, …`.
    pub fn names() -> String {
        Self::ALL.map(BuiltinSound::name).join(", ")
    }
}

impl std::fmt::Display for BuiltinSound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A sound file a routine names, and where: the shell checks each file and points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoundFile {
    /// As written in the routine (trimmed).
    pub path: String,
    /// The value in the routine's text.
    pub span: Range<usize>,
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

/// What ends a manual step when the routine does not say: neutral, not a cramp's words.
pub const DONE_WHEN_DEFAULT: &str = "you are ready";

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
    /// `note`: where the step's number comes from ("The article gives no time for this."), for
    /// the moment of choosing (setup, `show`), not for the person doing the step.
    pub note: Option<String>,
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
        /// `done_when`: what ends the step, in the routine's words ("the cramp has passed"),
        /// shown after "when"; `None` for the neutral [`DONE_WHEN_DEFAULT`].
        done_when: Option<String>,
    },
    /// `[[step.step]]` children.
    Block(Vec<Step>),
}
