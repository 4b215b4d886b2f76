//! limber: a calm terminal timer for leg-cramp care routines.
//!
//! This is the shell: the command line, the screens, sound and the diary's storage. The pure
//! core (routine format, plan, player, diary report) is the `limber-core` crate.

#![warn(unreachable_pub)]
// Messages go through `say!` and `output::print`, which never panic (clippy.toml).
#![deny(clippy::disallowed_macros)]

pub mod atomic_file;
pub mod audio;
pub mod catalog;
pub mod caught;
pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod io_reason;
pub mod output;
pub mod plain;
pub mod remember;
pub mod sink;
pub mod store;
pub mod tui;
