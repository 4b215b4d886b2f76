//! The routine file format (version 1): model, parsing with validation, and expansion to a plan.
//! Pure: no file, terminal or clock access here (see `load` in the shell for reading files).

pub mod diag;
pub mod model;
pub mod parse;
pub mod plan;
pub mod practice;
pub mod provenance;
pub mod remember;
pub mod text;
pub mod values;

pub use diag::Diagnostic;
pub use model::{
    Amount, BuiltinSound, Cues, DONE_WHEN_DEFAULT, NumberSource, Param, ParamKind, Routine,
    SoundFile, SoundRef, Step, StepKind, Tone,
};
pub use parse::{parse_routine, valid_id};
pub use plan::{Leg, Plan, SideChoice, Stage, StageKind, Values, expand};

/// Reps, repeat and count params: 1 … 1000.
pub const MAX_COUNT: u64 = 1000;
/// A single duration: 1 s … 24 h.
pub const MAX_DURATION_SECS: u64 = 24 * 3600;
/// Blocks inside blocks, at most.
pub const MAX_DEPTH: usize = 8;
/// An expanded plan: at most this many stages …
pub const MAX_STAGES: u64 = 10_000;
/// … and at most this long.
pub const MAX_PLAN_SECS: u64 = 24 * 3600;
/// A title, `say` or `temperature`: one line of at most this many characters …
pub const MAX_LINE_CHARS: usize = 200;
/// A param's `label`: a few words, at most this many characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// … and a step's `text` or `warn`: at most this many (each stage carries its own copy).
pub const MAX_TEXT_CHARS: usize = 2000;
/// Tags: at most this many in a routine …
pub const MAX_TAGS: usize = 20;
/// … of at most this many characters each.
pub const MAX_TAG_CHARS: usize = 32;
/// `equipment` and `caution`: at most this many items each (an equipment item is one line, a
/// caution at most [`MAX_TEXT_CHARS`]).
pub const MAX_LIST_ITEMS: usize = 20;
/// Params (each a question on the setup screen): at most this many.
pub const MAX_PARAMS: usize = 20;
/// `--set NAME=VALUE`: at most this many on one command line …
pub const MAX_SETS: usize = 50;
/// … each at most this many characters long.
pub const MAX_SET_CHARS: usize = 200;
/// A routine file: at most 1 MiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
