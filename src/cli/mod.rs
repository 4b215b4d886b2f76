//! The command line (clap derive). Each option is on the commands where it means something:
//! `--routines` where routines are looked up, `--data` where the diary is read or written,
//! `--night` where something is shown in colour or played. Given before the command
//! (`limber --routines DIR list`), an option is still taken when the command takes it, and is a
//! usage error when it does not ([`Cli::parse_checked`]).

pub mod complete;
pub mod diary;

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

use limber_core::routine::SideChoice;

#[derive(Debug, Parser)]
#[command(
    name = "limber",
    version,
    about = "Calm, hands-free timer for leg-cramp care routines",
    long_about = "Guides you through short care routines for leg cramps: stretches, exercises, \
                  self-massage and foot baths, with big digits and sound cues.\n\n\
                  limber is not medical advice. See a doctor if cramps last long, come often, \
                  or come with other signs (`limber doctor` lists them).",
    after_help = "Run `limber` alone to open the routine picker."
)]
pub struct Cli {
    /// A folder of routine files that take precedence over your own and the bundled ones;
    /// default: LIMBER_ROUTINES
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub routines: Option<PathBuf>,

    /// A dim palette with no bright white and softer cues, for a dark bedroom
    #[arg(long)]
    pub night: bool,

    /// Leave the mouse to the terminal (its own text selection), taps and the wheel do
    /// nothing; also `mouse = false` in the config file
    #[arg(long)]
    pub no_mouse: bool,

    /// Folder holding the diary (limber.db) and remembered choices; default: LIMBER_DATA, else the platform's data
    /// folder, e.g. ~/.local/share/limber
    // LIMBER_DATA is read by `store::data_dir`, which takes an empty one as unset (clap would
    // refuse it, and no routine should fail to play for it).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

/// The subcommand given (none: the picker).
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// List the routines: id, title, tags, total time
    List(ListArgs),
    /// Show a routine as a card: what it needs, its cautions, settings and every step's text
    Show(ShowArgs),
    /// Check routine files, folders or ids; exit status 0 when all are valid
    Check(CheckArgs),
    /// A cramp now: first aid at once (`limber cramp` asks where, in two keys)
    Cramp(CrampArgs),
    /// Where the config file is, and the settings in force (volume, night, mouse, voice)
    Config,
    /// Run a routine
    Play(PlayArgs),
    /// Record a cramp in the diary (a form in a terminal, or flags)
    Log(LogCommand),
    /// Show the cramp diary: cramps per night, where and when, routines done, warning signs
    Report(ReportCommand),
    /// When to see a doctor: every warning sign and safety note, in the articles' words
    Doctor,
    /// List the diary's entries with their numbers; edit, delete or restore one
    Entries(EntriesCommand),
    /// Write a new routine file into your routine folder, to edit
    New(NewArgs),
    /// Print the routine file format: every key, the duration grammar, the limits
    Format,
    /// Print shell completions (routine ids and tags included)
    Completions(CompletionsArgs),
    /// Print the manual page, or write one per command into a folder
    Man(ManArgs),
}

/// `--routines DIR`, on the commands that look routines up.
#[derive(Debug, Args)]
pub struct RoutinesArg {
    /// A folder of routine files that take precedence over your own and the bundled ones;
    /// default: LIMBER_ROUTINES
    // LIMBER_ROUTINES is read by `Cli::settle` (an empty one is unset), not by clap: clap would
    // give it to every level, and the command line must win over it.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub routines: Option<PathBuf>,
}

/// `--data DIR`, on the commands that read or write the diary.
#[derive(Debug, Args)]
pub struct DataArg {
    /// Folder holding the diary (limber.db) and remembered choices; default: LIMBER_DATA, else the platform's data
    /// folder, e.g. ~/.local/share/limber
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only routines with this tag (any case)
    #[arg(long, value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tag: Option<String>,
    /// Machine-readable output
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// A markdown table (what docs/routines.md is made from)
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub source: RoutinesArg,
}

/// Choosing a routine and its values; shared by `show` and `play`.
#[derive(Debug, Args)]
pub struct RoutineArgs {
    /// A routine id (see `limber list`) or a path to a routine file
    #[arg(value_name = "ID|PATH", add = ArgValueCompleter::new(complete::routine_or_path))]
    pub routine: String,
    /// Change a param, e.g. --set cycles=7 or --set hold=1m30s (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Which leg for steps done per leg (default: both, left first)
    #[arg(long, value_enum)]
    pub side: Option<SideArg>,
    #[command(flatten)]
    pub source: RoutinesArg,
}

impl RoutineArgs {
    /// The legs to run: `--side`, or both legs, left first.
    pub(crate) fn side_choice(&self) -> SideChoice {
        self.side.unwrap_or(SideArg::LeftFirst).into()
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub target: RoutineArgs,
    /// Machine-readable output: the routine and its expanded plan
    #[arg(long, conflicts_with = "toml")]
    pub json: bool,
    /// The routine's file as written (bundled ones too), to copy and adapt
    #[arg(long)]
    pub toml: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine files, folders of them, or routine ids
    #[arg(required = true, value_name = "PATH|ID", add = ArgValueCompleter::new(complete::routine_or_path))]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub source: RoutinesArg,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    #[command(flatten)]
    pub target: RoutineArgs,
    /// Plain text: the cautions, then each step and its instructions as it begins; works without
    /// a terminal (steps that wait end on Enter)
    #[arg(long)]
    pub plain: bool,
    /// Start at once with the defaults and any --set values (skip the setup screen)
    #[arg(long)]
    pub now: bool,
    /// Practise a first-aid routine with no cramp: each step that waits "until it passes" is a
    /// short hold (--set practice_hold=45s; limber's choice, the articles give no time), no cramp
    /// warning, no offer to log a cramp; the diary counts it as practice
    #[arg(long)]
    pub practice: bool,
    /// Cue volume, 0-100; remembered for next time
    #[arg(long, value_name = "0-100", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
    /// Start with the sound muted (m toggles it in the timer)
    #[arg(long)]
    pub mute: bool,
    /// Speak each step's name with espeak-ng, if installed, after its chime
    #[arg(long)]
    pub voice: bool,
    /// A dim palette with no bright white and softer cues, for a dark bedroom
    #[arg(long)]
    pub night: bool,
    /// Leave the mouse to the terminal (its own text selection), taps and the wheel do
    /// nothing; also `mouse = false` in the config file
    #[arg(long)]
    pub no_mouse: bool,
    #[command(flatten)]
    pub diary: DataArg,
}

/// `limber log`: the diary's flags, and where the diary is.
#[derive(Debug, Args)]
pub struct LogCommand {
    #[command(flatten)]
    pub args: diary::LogArgs,
    #[command(flatten)]
    pub diary: DataArg,
    /// Leave the mouse to the terminal (its own text selection) in the form; also
    /// `mouse = false` in the config file
    #[arg(long)]
    pub no_mouse: bool,
}

/// `limber report`: the report's flags, and where the diary is.
#[derive(Debug, Args)]
pub struct ReportCommand {
    #[command(flatten)]
    pub args: diary::ReportArgs,
    #[command(flatten)]
    pub diary: DataArg,
}

// The diary commands take their own flags; `--data` is read by `Cli::data` before they run.
impl std::ops::Deref for LogCommand {
    type Target = diary::LogArgs;
    fn deref(&self) -> &Self::Target {
        &self.args
    }
}

/// `limber entries`: its flags, and where the diary is (also after `edit`, `delete`, `restore`).
#[derive(Debug, Args)]
pub struct EntriesCommand {
    #[command(flatten)]
    pub args: diary::EntriesArgs,
    /// Folder holding the diary (limber.db) and remembered choices; default: LIMBER_DATA, else the platform's data
    /// folder, e.g. ~/.local/share/limber
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data: Option<PathBuf>,
}

impl std::ops::Deref for EntriesCommand {
    type Target = diary::EntriesArgs;
    fn deref(&self) -> &Self::Target {
        &self.args
    }
}

impl std::ops::Deref for ReportCommand {
    type Target = diary::ReportArgs;
    fn deref(&self) -> &Self::Target {
        &self.args
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new routine's id: lowercase letters, digits and `-`, starting with a letter or digit
    /// (the file is NAME.toml)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Start from this routine's file (an id or a path) instead of an empty skeleton
    #[arg(long, value_name = "ID|PATH", add = ArgValueCompleter::new(complete::routine_or_path))]
    pub from: Option<String>,
    #[command(flatten)]
    pub source: RoutinesArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells limber completes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

impl Shell {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Elvish => "elvish",
            Shell::Powershell => "powershell",
        }
    }
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write limber.1 and one page per command (limber-play.1, …) into this folder instead
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  limber cramp                     asks where, then which leg (two keys)\n  \
                        limber cramp calf --side left    the calf's first aid, at once"
)]
pub struct CrampArgs {
    /// Where the cramp is; without it, limber asks (one key)
    #[arg(value_enum)]
    pub place: Option<PlaceArg>,
    /// Which leg; without it, not sure
    #[arg(long, value_enum, requires = "place")]
    pub side: Option<LegArg>,
    /// Practise the place's first aid with no cramp: each step that waits "until it passes" is
    /// a short hold, no cramp warning, no offer to log; the diary counts it as practice
    #[arg(long)]
    pub practice: bool,
    /// A dim palette with no bright white and softer cues, for a dark bedroom
    #[arg(long)]
    pub night: bool,
    /// Leave the mouse to the terminal (its own text selection), taps and the wheel do
    /// nothing; also `mouse = false` in the config file
    #[arg(long)]
    pub no_mouse: bool,
    #[command(flatten)]
    pub source: RoutinesArg,
    #[command(flatten)]
    pub diary: DataArg,
}

/// A place `limber cramp` knows a first-aid routine for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlaceArg {
    Calf,
    /// The foot (the toes' first aid, which works the whole foot)
    Foot,
    Toes,
    /// The front of the thigh
    ThighFront,
    /// The back of the thigh
    ThighBack,
    Hand,
    /// A cramp in the water
    Swimming,
}

/// One leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LegArg {
    Left,
    Right,
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

impl SideArg {
    /// As typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SideArg::LeftFirst => "left-first",
            SideArg::RightFirst => "right-first",
            SideArg::Left => "left",
            SideArg::Right => "right",
        }
    }
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

/// The options the picker takes that a command may take too.
const SHARED: [&str; 4] = ["routines", "data", "night", "no_mouse"];

impl Cli {
    /// Parses the command line (exiting with a usage message, status 2, when it is wrong), and
    /// takes an option given before the command only when the command takes it. Afterwards
    /// `routines`, `data` and `night` hold the values in force, wherever they were given.
    pub fn parse_checked() -> Cli {
        let mut command = Cli::command();
        let matches = command
            .try_get_matches_from_mut(std::env::args_os())
            .unwrap_or_else(|e| exit_cleaned(e));
        let mut cli =
            Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit());
        if let Some((name, _)) = matches.subcommand() {
            for id in SHARED {
                let takes = command
                    .find_subcommand(name)
                    .is_some_and(|sub| sub.get_arguments().any(|a| a.get_id() == id));
                if given(&matches, id) && !takes {
                    command
                        .error(
                            clap::error::ErrorKind::ArgumentConflict,
                            format!("--{id} means nothing to `limber {name}`"),
                        )
                        .exit();
                }
            }
        }
        cli.settle();
        cli
    }

    /// Moves the command's own `--routines`, `--data`, `--night` and `--no-mouse` up, where
    /// `main` reads them.
    fn settle(&mut self) {
        let no_mouse = match &self.command {
            Some(Subcommand::Play(a)) => a.no_mouse,
            Some(Subcommand::Cramp(a)) => a.no_mouse,
            Some(Subcommand::Log(a)) => a.no_mouse,
            _ => false,
        };
        self.no_mouse |= no_mouse;
        let (routines, data, night) = match &mut self.command {
            Some(Subcommand::List(a)) => (a.source.routines.take(), None, false),
            Some(Subcommand::Show(a)) => (a.target.source.routines.take(), None, false),
            Some(Subcommand::Check(a)) => (a.source.routines.take(), None, false),
            Some(Subcommand::New(a)) => (a.source.routines.take(), None, false),
            Some(Subcommand::Play(a)) => (
                a.target.source.routines.take(),
                a.diary.data.take(),
                a.night,
            ),
            Some(Subcommand::Cramp(a)) => (a.source.routines.take(), a.diary.data.take(), a.night),
            Some(Subcommand::Log(a)) => (None, a.diary.data.take(), false),
            Some(Subcommand::Report(a)) => (None, a.diary.data.take(), false),
            Some(Subcommand::Entries(a)) => (None, a.data.take(), false),
            Some(
                Subcommand::Doctor
                | Subcommand::Config
                | Subcommand::Format
                | Subcommand::Completions(_)
                | Subcommand::Man(_),
            )
            | None => (None, None, false),
        };
        // Given after the command, it wins over the same option given before it; either wins
        // over the environment.
        self.routines = routines.or(self.routines.take()).or_else(routines_from_env);
        if data.is_some() {
            self.data = data;
        }
        self.night |= night;
    }
}

/// `LIMBER_ROUTINES`, when set and not empty.
pub(crate) fn routines_from_env() -> Option<PathBuf> {
    std::env::var_os("LIMBER_ROUTINES")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// Whether the option was typed on the command line (not taken from the environment).
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.value_source(id) == Some(ValueSource::CommandLine)
}

/// Ends on a clap error. Help and version print as clap prints them; an error repeats what was
/// typed, so it goes through the core's cleaning first (clap echoes values raw).
fn exit_cleaned(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let text = limber_core::routine::text::clean_text(&error.render().to_string());
    // Never panics: standard error may be closed or full too.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{text}\n").as_bytes());
    std::process::exit(error.exit_code());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
