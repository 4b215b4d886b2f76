//! The diary commands' arguments: `limber log`, `limber report` and `limber entries`.

use std::path::PathBuf;
use std::time::Duration;

use limber_core::diary::model::{Place, Side, Situation, Strength, parse_lasted};
/// Record a cramp in the diary. With no flags in a terminal, opens a form.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(
    after_help = "Example: limber log --where calf --side left --strength strong --lasted 3m"
)]
pub struct LogArgs {
    /// Where: calf, foot, toes, thigh-front, thigh-back, hand
    #[arg(long = "where", value_name = "PLACE")]
    pub place: Option<Place>,
    /// Side: left, right, both
    #[arg(long)]
    pub side: Option<Side>,
    /// How strong: weak, moderate, strong
    #[arg(long)]
    pub strength: Option<Strength>,
    /// How long it lasted: 3m, 90s, 1m30s, 2:30
    #[arg(long, value_parser = parse_lasted, value_name = "DURATION")]
    pub lasted: Option<Duration>,
    /// The situation: night, at-rest, after-exertion
    #[arg(long = "when", value_name = "SITUATION")]
    pub situation: Option<Situation>,
    /// When it happened: now (default), 02:30, "yesterday 23:10", "2025-01-06 02:30"
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// What helped (free text)
    #[arg(long, value_name = "TEXT")]
    pub helped: Option<String>,
    /// A note (free text)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Plain text for the terminal
    #[default]
    Text,
    /// Markdown, to print or bring to an appointment
    Markdown,
    /// CSV, one row per cramp or routine played, for a spreadsheet
    Csv,
    /// One self-contained HTML page to print (A4) or bring to an appointment
    Html,
}

/// Show the cramp diary: cramps per night, where and when, routines done, warning signs.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// From this date on (YYYY-MM-DD, or 30d / 6w back from today); default: the last 4 weeks
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Write to this file instead of the terminal
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// List the diary's entries; or edit, delete or restore one.
#[derive(Debug, Clone, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  limber entries --since 2w\n  limber entries edit 12 --strength moderate --lasted 2m\n  \
                  limber entries delete 12\n  limber entries restore 12"
)]
pub struct EntriesArgs {
    #[command(subcommand)]
    pub action: Option<EntriesAction>,
    /// From this date on (YYYY-MM-DD, or 30d / 6w back from today); default: every entry
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Machine-readable output: a JSON array
    #[arg(long)]
    pub json: bool,
    /// List the deleted entries instead (`limber entries restore N` brings one back)
    #[arg(long)]
    pub deleted: bool,
}

/// What to do with one entry.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum EntriesAction {
    /// Change an entry: takes the same flags as `limber log`, and changes only those given
    #[command(
        after_help = "Example: limber entries edit 12 --strength moderate --note \"woke me twice\""
    )]
    Edit {
        /// The entry's number, as `limber entries` shows it
        #[arg(value_name = "N", value_parser = parse_entry_number)]
        id: i64,
        #[command(flatten)]
        fields: LogArgs,
    },
    /// Delete an entry: it leaves every list and report, and `limber entries restore N` brings
    /// it back
    Delete {
        /// The entry's number, as `limber entries` shows it
        #[arg(value_name = "N", value_parser = parse_entry_number)]
        id: i64,
    },
    /// Bring back a deleted entry
    Restore {
        /// The entry's number (`limber entries --deleted` lists them)
        #[arg(value_name = "N", value_parser = parse_entry_number)]
        id: i64,
    },
}

/// An entry's number: a whole number; one too large for any entry is simply not there (never
/// Rust's "number too large to fit in target type").
fn parse_entry_number(text: &str) -> Result<i64, String> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("an entry's number is a whole number, as `limber entries` shows it".into());
    }
    digits.parse::<i64>().map_err(|_| {
        "there is no entry with so large a number; `limber entries` lists them with their numbers"
            .into()
    })
}
