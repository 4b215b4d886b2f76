//! The command line (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum};

use limber_core::routine::SideChoice;

#[derive(Debug, Parser)]
#[command(
    name = "limber",
    version,
    about = "Calm, hands-free timer for leg-cramp care routines",
    long_about = "Guides you through short care routines for leg cramps: stretches, exercises, \
                  self-massage and foot baths, with big digits and sound cues.\n\n\
                  limber is not medical advice. See a doctor if cramps last long, come often, \
                  or come with other signs (press ? in the app for the list).",
    after_help = "Run `limber` alone to open the routine picker."
)]
pub struct Cli {
    /// A folder of routine files that take precedence over your own and the bundled ones
    #[arg(long, global = true, value_name = "DIR", env = "LIMBER_ROUTINES")]
    pub routines: Option<PathBuf>,

    /// A dim palette with no bright white and softer cues, for a dark bedroom
    #[arg(long, global = true)]
    pub night: bool,

    /// Folder holding the diary (limber.db); default: LIMBER_DATA, else the platform's data
    /// folder, e.g. ~/.local/share/limber
    // LIMBER_DATA is read by `store::data_dir`, which takes an empty one as unset (clap would
    // refuse it, and no routine should fail to play for it).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

/// The subcommand given (none: the picker).
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// List the routines: id, title, tags, total time
    List(ListArgs),
    /// Show a routine's expanded plan, stage by stage
    Show(ShowArgs),
    /// Check routine files or folders; exit status 0 when all are valid
    Check(CheckArgs),
    /// Run a routine
    Play(PlayArgs),
    /// Record a cramp in the diary (a form in a terminal, or flags)
    Log(crate::commands::diary::LogArgs),
    /// Show the cramp diary: cramps per night, where and when, routines done, warning signs
    Report(crate::commands::diary::ReportArgs),
    /// When to see a doctor: every warning sign and safety note, in the articles' words
    Doctor,
    /// List the diary's entries with their numbers; edit, delete or restore one
    Entries(crate::commands::diary::EntriesArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only routines with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Machine-readable output
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// A markdown table (what docs/routines.md is made from)
    #[arg(long)]
    pub markdown: bool,
}

/// Choosing a routine and its values; shared by `show` and `play`.
#[derive(Debug, Args)]
pub struct RoutineArgs {
    /// A routine id (see `limber list`) or a path to a routine file
    #[arg(value_name = "ID|PATH")]
    pub routine: String,
    /// Change a param, e.g. --set cycles=7 or --set hold=30s (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Which leg for steps done per leg
    #[arg(long, value_enum, default_value_t = SideArg::LeftFirst)]
    pub side: SideArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub target: RoutineArgs,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine files, or folders of them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    #[command(flatten)]
    pub target: RoutineArgs,
    /// Plain text, one line per stage; works without a terminal (manual steps wait for Enter)
    #[arg(long)]
    pub plain: bool,
    /// Start at once with the defaults and any --set values (skip the setup screen)
    #[arg(long)]
    pub now: bool,
    /// Cue volume, 0-100; remembered for next time
    #[arg(long, value_name = "0-100", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
    /// Start with the sound muted (m toggles it in the timer)
    #[arg(long)]
    pub mute: bool,
    /// Speak each step's name with espeak-ng, if installed, after its chime
    #[arg(long)]
    pub voice: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    /// Both legs, left first
    LeftFirst,
    /// Both legs, right first
    RightFirst,
    /// The left leg only
    Left,
    /// The right leg only
    Right,
}

impl From<SideArg> for SideChoice {
    fn from(side: SideArg) -> Self {
        match side {
            SideArg::LeftFirst => SideChoice::LeftFirst,
            SideArg::RightFirst => SideChoice::RightFirst,
            SideArg::Left => SideChoice::LeftOnly,
            SideArg::Right => SideChoice::RightOnly,
        }
    }
}
