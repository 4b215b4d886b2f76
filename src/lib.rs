//! limber: a calm terminal timer for leg-cramp care routines.
//!
//! The core (`routine`, `player`) is pure: no terminal, audio, disk or clock reads.
//! The shell (`cli`, `plain`, and the UI/audio/storage modules) drives it.

pub mod audio;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod plain;
pub mod player;
pub mod routine;
pub mod store;
pub mod tui;
