//! `limber log`, `limber report` and `limber entries`: what they do (their arguments are in
//! `cli::diary`).

use crate::cli::diary::{EntriesAction, EntriesArgs, Format, LogArgs, ReportArgs};
use limber_core::routine::text::shown_path;

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use jiff::civil::{Date, DateTime};

use crate::exit::Exit;
use crate::output::{self, Written, say};
use crate::store::db::{DB_FILE, Store, StoreError, data_dir, sidecar};
use crate::store::now_local;
use crate::tui::screens::log_form::{FormAction, LogForm, draw_form};
use limber_core::diary::html;
use limber_core::diary::model::Cramp;
use limber_core::diary::model::{NewCramp, Situation, format_lasted};
// Pure, so in the core; said here too for this file's commands.
pub use limber_core::diary::model::{logged_message, parse_at};
use limber_core::diary::report::{self, Report};
use limber_core::routine::text::{clean_input, clean_line};

/// A diary command's failure, worded for people.
#[derive(Debug)]
pub(crate) enum DiaryError {
    /// A flag or form value that cannot be used.
    Usage(String),
    Store(StoreError),
    /// Writing the report or using the terminal failed.
    Io(String),
    /// Standard output was a pipe whose reader went away: end quietly.
    Closed,
}

impl fmt::Display for DiaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiaryError::Usage(m) | DiaryError::Io(m) => f.write_str(m),
            DiaryError::Closed => f.write_str("the output's reader went away"),
            DiaryError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DiaryError {}

impl From<StoreError> for DiaryError {
    fn from(e: StoreError) -> Self {
        DiaryError::Store(e)
    }
}

/// Read `--since`: `YYYY-MM-DD`, or `30d` / `6w` back from `today`. A date ahead of `today`,
/// before 1970 or not a date is refused with a sentence saying which.
pub fn parse_since(typed: &str, today: Date) -> Result<Date, String> {
    let t = typed.trim().to_ascii_lowercase();
    // Repeated in the messages: cleaned, as every typed value.
    let text = clean_input(typed);
    let hint = "say 2025-01-06, or 30d or 6w back from today";
    let back = |n: &str, per: i64| -> Result<Date, String> {
        // Digits only: `-5d` must not quietly mean five days ahead.
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{text}` is not a date: {hint}"));
        }
        let days = n
            .parse::<i64>()
            .ok()
            .and_then(|n| n.checked_mul(per))
            .and_then(|days| jiff::Span::new().try_days(days).ok())
            .and_then(|span| today.checked_sub(span).ok());
        days.ok_or_else(|| {
            format!("`{text}` is too far back: the diary starts in 1970 at the earliest")
        })
    };
    let since = if let Some(n) = t.strip_suffix('d') {
        back(n, 1)?
    } else if let Some(n) = t.strip_suffix('w') {
        back(n, 7)?
    } else {
        t.parse::<Date>()
            .map_err(|_| format!("`{text}` is not a date: {hint}"))?
    };
    if since > today {
        return Err(format!(
            "`{text}` is in the future (today is {today}): give a day on or before today"
        ));
    }
    if since < EARLIEST_SINCE {
        return Err(format!(
            "`{text}` is before 1970: give a day from {EARLIEST_SINCE} on"
        ));
    }
    Ok(since)
}

/// The earliest `--since` accepted: nobody logged a cramp in limber before 1970.
pub(crate) const EARLIEST_SINCE: Date = jiff::civil::date(1970, 1, 1);

/// `limber log` for `main`: runs it, prints the error if any, gives the exit status. `data` is
/// the global `--data DIR` (else `LIMBER_DATA`, else the platform's data folder).
pub fn log_command(args: &LogArgs, no_mouse: bool, data: Option<&Path>) -> ExitCode {
    exit_status(run_log(args, no_mouse, data))
}

/// `limber report` for `main`: runs it, prints the error if any, gives the exit status.
pub fn report_command(args: &ReportArgs, data: Option<&Path>) -> ExitCode {
    exit_status(run_report(args, data))
}

/// `limber entries` for `main`: runs it, prints the error if any, gives the exit status.
pub fn entries_command(args: &EntriesArgs, data: Option<&Path>) -> ExitCode {
    exit_status(run_entries(args, data))
}

fn exit_status(result: Result<(), DiaryError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::from(Exit::Success),
        Err(DiaryError::Closed) => output::Written::Closed.exit(),
        Err(e) => {
            say(&format!("error: {e}"));
            match e {
                // A flag to fix, as clap's usage errors; else the diary or the report file failed.
                DiaryError::Usage(_) => ExitCode::from(Exit::Invalid),
                DiaryError::Store(_) | DiaryError::Io(_) | DiaryError::Closed => {
                    ExitCode::from(Exit::Failure)
                }
            }
        }
    }
}

/// `limber log`: record one cramp from flags, or from the form in a terminal.
/// `no_mouse`: the form leaves the mouse to the terminal (also `mouse = false` in the config).
pub(crate) fn run_log(
    args: &LogArgs,
    no_mouse: bool,
    data: Option<&Path>,
) -> Result<(), DiaryError> {
    let now = now_local();
    let given = args.place.is_some()
        || args.side.is_some()
        || args.strength.is_some()
        || args.lasted.is_some()
        || args.situation.is_some()
        || args.at.is_some()
        || args.helped.is_some()
        || args.note.is_some();
    let entry = if given {
        entry_from_flags(args, now)?
    } else if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        // A config file that cannot be read only leaves the mouse on (`limber config` says why).
        let mouse = !no_mouse && crate::config::load().0.mouse;
        match run_form(LogForm::new(now), mouse)? {
            Some(entry) => entry,
            None => {
                crate::say!("Nothing logged.");
                return Ok(());
            }
        }
    } else {
        return Err(DiaryError::Usage(
            "limber log needs --where, --side and --strength when not run in a terminal \
             (e.g. limber log --where calf --side left --strength strong --lasted 3m)"
                .into(),
        ));
    };
    let mut store = Store::open(&data_dir(data)?)?;
    if let Some(aside) = store.set_aside() {
        say(&format!("Note: {aside}."));
    }
    let id = store.record_cramp(&entry)?;
    // Committed: from here on nothing fails, so a script never logs the same cramp twice. If
    // the message cannot be written (a closed pipe, a full disk), the entry is still saved.
    if let Written::Failed(why) = output::print(&format!("{}\n", logged_message(&entry, id))) {
        say(&format!(
            "Logged cramp {id}, but its message could not be written: {why}"
        ));
    }
    Ok(())
}

/// Build the entry from flags; the three that describe the cramp are required.
pub(crate) fn entry_from_flags(args: &LogArgs, now: DateTime) -> Result<NewCramp, DiaryError> {
    let mut missing = Vec::new();
    if args.place.is_none() {
        missing.push("--where (calf, foot, toes, thigh-front, thigh-back, hand)");
    }
    if args.side.is_none() {
        missing.push("--side (left, right, both)");
    }
    if args.strength.is_none() {
        missing.push("--strength (weak, moderate, strong)");
    }
    let (Some(place), Some(side), Some(strength)) = (args.place, args.side, args.strength) else {
        return Err(DiaryError::Usage(format!(
            "to log without the form, also give {}",
            missing.join(", ")
        )));
    };
    check_text_lengths(args)?;
    let at = match &args.at {
        Some(text) => parse_at(text, now).map_err(|e| DiaryError::Usage(format!("--at: {e}")))?,
        None => now,
    };
    Ok(NewCramp {
        at,
        situation: args.situation,
        place,
        side,
        strength,
        lasted: args.lasted,
        helped: args.helped.clone().unwrap_or_default(),
        note: args.note.clone().unwrap_or_default(),
        session: None,
    })
}

/// `--helped` is a few words (at most 200 characters), `--note` a few sentences (at most 2,000):
/// limber's choice, so one entry cannot fill the diary or a report page.
pub(crate) const MAX_HELPED_CHARS: usize = 200;
pub(crate) const MAX_NOTE_CHARS: usize = 2000;

fn check_text_lengths(args: &LogArgs) -> Result<(), DiaryError> {
    for (flag, text, max) in [
        ("--helped", &args.helped, MAX_HELPED_CHARS),
        ("--note", &args.note, MAX_NOTE_CHARS),
    ] {
        let length = text.as_deref().map_or(0, |t| t.chars().count());
        if length > max {
            return Err(DiaryError::Usage(format!(
                "{flag} is {length} characters long; the limit is {max}"
            )));
        }
    }
    Ok(())
}

/// Run the log form full-screen until saved or cancelled.
pub(crate) fn run_form(mut form: LogForm, mouse: bool) -> Result<Option<NewCramp>, DiaryError> {
    use crate::tui::keys::{Action, Mode, resolve};
    use crate::tui::mouse::Hits;
    use crate::tui::term::{Input, Next, Session};
    let io = |e: String| DiaryError::Io(format!("the terminal failed: {e}"));
    // The same terminal session as the app: signals, Ctrl-Z and panics give the terminal back.
    let mut session = Session::open(mouse).map_err(io)?;
    // Where the last frame drew each field, for taps.
    let hits = Hits::default();
    let mut ended_by = None;
    let result = loop {
        hits.clear();
        if let Err(e) = session.draw(|f| draw_form(f, f.area(), &form, &hits)) {
            break Err(io(e.to_string()));
        }
        let action = match session.next(None) {
            Next::Input(Input::Key(key)) => resolve(Mode::Form, &key),
            Next::Input(Input::Suspend) => Some(Action::Suspend),
            // SIGTERM, SIGHUP, SIGINT: leave without saving, the terminal restored.
            Next::Input(Input::Terminate(signal)) => {
                ended_by = Some(signal);
                break Ok(None);
            }
            Next::Closed => break Ok(None),
            Next::Input(Input::Lost(e)) => break Err(io(e)),
            Next::Input(Input::Mouse(event)) => hits.action(Mode::Form, &event),
            Next::Input(Input::Resize | Input::Diary) | Next::Timeout => None,
        };
        match action {
            // Ctrl-C: quit at once, as everywhere.
            Some(Action::QuitNow) => break Ok(None),
            Some(Action::Suspend) => {
                if let Err(e) = session.suspend() {
                    break Err(io(e.to_string()));
                }
            }
            Some(action) => match form.handle(action) {
                FormAction::Continue => {}
                FormAction::Save(entry) => break Ok(Some(entry)),
                FormAction::Cancel => break Ok(None),
            },
            None => {}
        }
    };
    session.close();
    // Ended by a signal: die of it as before the form was shown, now that the terminal is back.
    #[cfg(unix)]
    if let Some(signal) = ended_by {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    #[cfg(not(unix))]
    let _ = ended_by;
    result
}

/// `limber report`.
pub(crate) fn run_report(args: &ReportArgs, data: Option<&Path>) -> Result<(), DiaryError> {
    let now = now_local();
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, now.date()))
        .transpose()
        .map_err(|e| DiaryError::Usage(format!("--since: {e}")))?;
    let dir = data_dir(data)?;
    let report = load_report(&dir, now, since)?;
    let text = match args.format {
        Format::Text => report::to_text(&report),
        Format::Markdown => report::to_markdown(&report),
        Format::Csv => report::to_csv(&report),
        Format::Html => html::to_html(&report),
    };
    match &args.out {
        Some(path) => {
            let diary = dir.join(DB_FILE);
            let protected: Vec<PathBuf> = ["", "-wal", "-shm", "-journal", ".lock"]
                .iter()
                .map(|suffix| sidecar(&diary, suffix))
                .collect();
            output::write_file_atomic(path, &text, &protected).map_err(DiaryError::Io)?;
            say(&format!("Report written to {}.", shown_path(path)));
            Ok(())
        }
        None => printed(output::print(&text)),
    }
}

/// A command's printed output as its result: a closed pipe ends it quietly, a failure is an
/// error (exit 1).
fn printed(written: Written) -> Result<(), DiaryError> {
    match written {
        Written::All => Ok(()),
        Written::Closed => Err(DiaryError::Closed),
        Written::Failed(why) => Err(DiaryError::Io(format!(
            "the output could not be written: {why}"
        ))),
    }
}

/// Read the diary in `dir` and build the report; a folder with no diary yet gives an empty
/// report without creating anything.
pub(crate) fn load_report(
    dir: &Path,
    now: DateTime,
    since: Option<Date>,
) -> Result<Report, DiaryError> {
    let (report, skipped) = read_report(dir, now, since)?;
    if let Some(note) = skipped_note(skipped) {
        say(&format!("Note: {note}"));
    }
    Ok(report)
}

/// "2 entries in the diary could not be read (a hand edit, or a newer limber) and were left out."
pub(crate) fn skipped_note(skipped: usize) -> Option<String> {
    match skipped {
        0 => None,
        1 => Some(
            "1 entry in the diary could not be read (a hand edit, or a newer limber) and was left out."
                .into(),
        ),
        n => Some(format!(
            "{n} entries in the diary could not be read (a hand edit, or a newer limber) and were left out."
        )),
    }
}

/// As [`load_report`], printing nothing: how many rows could not be read comes back for the
/// caller to show (the TUI cannot print while it has the screen). The diary is only read:
/// never created, migrated or set aside, and a writer never makes it wait.
pub(crate) fn read_report(
    dir: &Path,
    now: DateTime,
    since: Option<Date>,
) -> Result<(Report, usize), DiaryError> {
    let mut skipped = 0;
    let (cramps, sessions) = match Store::open_read_only(dir)? {
        Some(store) => {
            // Read a night earlier than asked: a cramp before noon belongs to the night before.
            let from = since.map(|d| d.yesterday().unwrap_or(d)).or_else(|| {
                now.date()
                    .checked_sub(jiff::Span::new().days(report::DEFAULT_NIGHTS + 1))
                    .ok()
            });
            let read = (store.cramps(from)?, store.sessions(from)?);
            skipped = store.skipped_rows();
            read
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok((Report::build(&cramps, &sessions, now, since), skipped))
}

/// `limber entries` and its actions.
pub(crate) fn run_entries(args: &EntriesArgs, data: Option<&Path>) -> Result<(), DiaryError> {
    let now = now_local();
    let dir = data_dir(data)?;
    match &args.action {
        None => {
            let since = args
                .since
                .as_deref()
                .map(|s| parse_since(s, now.date()))
                .transpose()
                .map_err(|e| DiaryError::Usage(format!("--since: {e}")))?;
            // Listing only reads: it never creates, migrates or sets aside a diary.
            let cramps = if let Some(store) = Store::open_read_only(&dir)? {
                let mut cramps = if args.deleted {
                    store.deleted_cramps()?
                } else {
                    store.cramps(since)?
                };
                if args.deleted
                    && let Some(since) = since
                {
                    cramps.retain(|c| c.entry.at.date() >= since);
                }
                if let Some(note) = skipped_note(store.skipped_rows()) {
                    say(&format!("Note: {note}"));
                }
                cramps
            } else {
                Vec::new()
            };
            let text = if args.json {
                entries_json(&cramps, args.deleted)
            } else if cramps.is_empty() {
                match (args.deleted, since) {
                    (true, _) => "No deleted entries.\n".to_owned(),
                    (false, Some(d)) => format!("No cramps logged since {d}.\n"),
                    (false, None) => "No cramps logged yet. Log one with: limber log\n".to_owned(),
                }
            } else {
                entries_text(&cramps)
            };
            printed(output::print(&text))
        }
        Some(EntriesAction::Edit { id, fields }) => {
            let mut store = open_existing(&dir)?;
            let (cramp, deleted) = find(&store, *id)?;
            if deleted {
                return Err(DiaryError::Usage(format!(
                    "entry {id} is deleted; bring it back first with: limber entries restore {id}"
                )));
            }
            let edited = apply_edits(&cramp.entry, fields, now)?;
            store.update_cramp(*id, &edited)?;
            printed(output::print(&format!(
                "{}\n",
                edited_message(&cramp.entry, &edited, *id)
            )))
        }
        Some(EntriesAction::Delete { id }) => {
            let mut store = open_existing(&dir)?;
            let (cramp, deleted) = find(&store, *id)?;
            if deleted || !store.delete_cramp(*id)? {
                return Err(DiaryError::Usage(format!(
                    "entry {id} is already deleted; limber entries restore {id} brings it back"
                )));
            }
            printed(output::print(&format!(
                "Deleted entry {id} ({}). It is kept: limber entries restore {id} brings it back.\n",
                entry_summary(&cramp.entry)
            )))
        }
        Some(EntriesAction::Restore { id }) => {
            let mut store = open_existing(&dir)?;
            let (cramp, deleted) = find(&store, *id)?;
            if !deleted || !store.restore_cramp(*id)? {
                return Err(DiaryError::Usage(format!("entry {id} is not deleted")));
            }
            printed(output::print(&format!(
                "Restored entry {id} ({}).\n",
                entry_summary(&cramp.entry)
            )))
        }
    }
}

/// Open the diary for a change to an entry; no diary yet means no entries.
fn open_existing(dir: &Path) -> Result<Store, DiaryError> {
    if !dir.join(DB_FILE).exists() {
        return Err(DiaryError::Usage(format!(
            "there is no diary in {} yet, so no entries to change",
            shown_path(dir)
        )));
    }
    let store = Store::open(dir)?;
    if let Some(aside) = store.set_aside() {
        say(&format!("Note: {aside}."));
    }
    Ok(store)
}

fn find(store: &Store, id: i64) -> Result<(Cramp, bool), DiaryError> {
    store.cramp(id)?.ok_or_else(|| {
        DiaryError::Usage(format!(
            "there is no entry {id}; limber entries lists them with their numbers"
        ))
    })
}

/// The entry with the fields given in `fields` changed, and only those.
pub(crate) fn apply_edits(
    old: &NewCramp,
    fields: &LogArgs,
    now: DateTime,
) -> Result<NewCramp, DiaryError> {
    check_text_lengths(fields)?;
    let mut e = old.clone();
    let mut changed = false;
    let mut set = |given: bool| changed |= given;
    if let Some(place) = fields.place {
        e.place = place;
    }
    set(fields.place.is_some());
    if let Some(side) = fields.side {
        e.side = side;
    }
    set(fields.side.is_some());
    if let Some(strength) = fields.strength {
        e.strength = strength;
    }
    set(fields.strength.is_some());
    if let Some(lasted) = fields.lasted {
        e.lasted = Some(lasted);
    }
    set(fields.lasted.is_some());
    if let Some(situation) = fields.situation {
        e.situation = Some(situation);
    }
    set(fields.situation.is_some());
    if let Some(text) = &fields.at {
        e.at = parse_at(text, now).map_err(|err| DiaryError::Usage(format!("--at: {err}")))?;
    }
    set(fields.at.is_some());
    if let Some(helped) = &fields.helped {
        e.helped.clone_from(helped);
    }
    set(fields.helped.is_some());
    if let Some(note) = &fields.note {
        e.note.clone_from(note);
    }
    set(fields.note.is_some());
    if !changed {
        return Err(DiaryError::Usage(
            "say what to change with the flags of limber log, e.g. --strength moderate or \
             --note \"woke me up\""
                .into(),
        ));
    }
    Ok(e)
}

/// "strong calf cramp (left), lasted 3m, at night, at 2025-01-06 02:30"
fn entry_summary(e: &NewCramp) -> String {
    let lasted = e
        .lasted
        .map(|d| format!(", lasted {}", format_lasted(d)))
        .unwrap_or_default();
    let situation = e
        .situation
        .map(|s| format!(", {}", s.label()))
        .unwrap_or_default();
    format!(
        "{} {} cramp ({}){lasted}{situation}, at {}",
        e.strength.label(),
        e.place.label(),
        e.side.label(),
        e.at.strftime("%Y-%m-%d %H:%M")
    )
}

/// "Changed entry 12: strength strong -> moderate, lasted 3m -> 2m."
fn edited_message(old: &NewCramp, new: &NewCramp, id: i64) -> String {
    let lasted = |d: Option<Duration>| d.map_or_else(|| "-".to_owned(), format_lasted);
    let situation = |s: Option<Situation>| s.map_or("not said", Situation::label).to_owned();
    let quoted = |t: &str| format!("\"{}\"", clean_line(t));
    let fields: [(&str, String, String); 8] = [
        (
            "when",
            old.at.strftime("%Y-%m-%d %H:%M").to_string(),
            new.at.strftime("%Y-%m-%d %H:%M").to_string(),
        ),
        ("where", old.place.label().into(), new.place.label().into()),
        ("side", old.side.label().into(), new.side.label().into()),
        (
            "strength",
            old.strength.label().into(),
            new.strength.label().into(),
        ),
        ("lasted", lasted(old.lasted), lasted(new.lasted)),
        (
            "situation",
            situation(old.situation),
            situation(new.situation),
        ),
        ("what helped", quoted(&old.helped), quoted(&new.helped)),
        ("note", quoted(&old.note), quoted(&new.note)),
    ];
    let changes: Vec<String> = fields
        .iter()
        .filter(|(_, a, b)| a != b)
        .map(|(what, a, b)| format!("{what} {a} -> {b}"))
        .collect();
    if changes.is_empty() {
        format!("Entry {id} already said that; nothing changed.")
    } else {
        format!("Changed entry {id}: {}.", changes.join(", "))
    }
}

/// The entries for a terminal: a line each, then what helped and the note, cleaned.
pub(crate) fn entries_text(cramps: &[Cramp]) -> String {
    let width = cramps
        .iter()
        .map(|c| c.id.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for c in cramps {
        let e = &c.entry;
        let lasted = e.lasted.map_or_else(|| "-".to_owned(), format_lasted);
        let situation = e.situation.map_or("situation not said", Situation::label);
        out.push_str(&format!(
            "{:>width$}  {}  {}, {}, {}, lasted {lasted}, {situation}\n",
            c.id,
            e.at.strftime("%a %Y-%m-%d %H:%M"),
            e.place.label(),
            e.side.label(),
            e.strength.label(),
        ));
        for (what, text) in [("helped", &e.helped), ("note", &e.note)] {
            let text = clean_line(text);
            if !text.is_empty() {
                out.push_str(&format!("{:width$}  {what}: {text}\n", ""));
            }
        }
    }
    out
}

/// The entries as a JSON array: stable words, times as `YYYY-MM-DDTHH:MM:SS` local time.
pub(crate) fn entries_json(cramps: &[Cramp], deleted: bool) -> String {
    let rows: Vec<serde_json::Value> = cramps
        .iter()
        .map(|c| {
            let e = &c.entry;
            serde_json::json!({
                "id": c.id,
                "at": e.at.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
                "night_of": report::night_of(e.at).to_string(),
                "situation": e.situation.map(Situation::word),
                "place": e.place.word(),
                "side": e.side.word(),
                "strength": e.strength.word(),
                "lasted_s": e.lasted.map(|d| d.as_secs()),
                "helped": e.helped,
                "note": e.note,
                "session": e.session,
                "deleted": deleted,
            })
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&serde_json::Value::Array(rows)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use limber_core::diary::model::Place;

    #[test]
    fn at_forms() {
        let now = date(2025, 1, 6).at(7, 15, 0, 0);
        assert_eq!(parse_at("now", now), Ok(now));
        assert_eq!(parse_at("02:30", now), Ok(date(2025, 1, 6).at(2, 30, 0, 0)));
        // Still ahead today: it was last night.
        assert_eq!(
            parse_at("23:10", now),
            Ok(date(2025, 1, 5).at(23, 10, 0, 0))
        );
        assert_eq!(
            parse_at("yesterday 23:10", now),
            Ok(date(2025, 1, 5).at(23, 10, 0, 0))
        );
        assert_eq!(
            parse_at("2025-01-04 03:00", now),
            Ok(date(2025, 1, 4).at(3, 0, 0, 0))
        );
        assert!(parse_at("2025-02-01 03:00", now).is_err_and(|e| e.contains("future")));
        assert!(parse_at("soon", now).is_err());
    }

    #[test]
    fn since_forms() {
        let today = date(2025, 1, 31);
        assert_eq!(parse_since("2025-01-06", today), Ok(date(2025, 1, 6)));
        assert_eq!(parse_since("30d", today), Ok(date(2025, 1, 1)));
        assert_eq!(parse_since("2w", today), Ok(date(2025, 1, 17)));
        assert!(parse_since("last week", today).is_err());
    }

    #[test]
    fn flags_need_place_side_strength() {
        let now = date(2025, 1, 6).at(7, 15, 0, 0);
        let args = LogArgs {
            place: Some(Place::Calf),
            ..LogArgs::default()
        };
        let Err(err) = entry_from_flags(&args, now) else {
            panic!("an entry without --side and --strength");
        };
        let msg = err.to_string();
        assert!(msg.contains("--side") && msg.contains("--strength") && !msg.contains("--where"));
    }
}
