//! limber's pure core: the routine format (model, parsing, validation, diagnostics), the plan,
//! the player, the diary's model and report, and the articles' advice quoted word for word.
//!
//! Nothing here reads a clock, a file, a terminal or a sound device: time is passed in as
//! `now`, text is passed in as strings, and the player answers events with effects. The
//! compiler keeps it so: this crate depends on no terminal, audio, SQLite or FFI crate.

// The core prints nothing; a printing macro would panic on a closed stream (clippy.toml).
#![deny(clippy::disallowed_macros)]

pub mod advice;
pub mod diary;
pub mod duration;
pub mod player;
pub mod routine;
