//! The non-interactive commands: `list`, `show`, `check` here; `new`, `format` and `man` in
//! `files`; completions in `complete`; `log` and `report` in `diary`; `doctor` in `doctor`.

pub(crate) mod describe;
pub mod diary;
pub mod doctor;
pub mod files;
pub mod play;

pub use describe::stage_line;
use limber_core::routine::text::shown_path;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use crate::catalog::{self, Catalog, Entry, Sources};
use crate::cli::{CheckArgs, ListArgs, RoutineArgs, ShowArgs};
use crate::exit::Exit;
use limber_core::duration::format_duration;
use limber_core::routine::text::clean_input;
use limber_core::routine::values::resolve_values;
use limber_core::routine::{Plan, Routine, Values, expand, practice};

/// `limber completions SHELL`: the script, written as any command's output (a closed pipe
/// ends quietly, a full disk is exit 1).
pub fn completions(args: &crate::cli::CompletionsArgs) -> ExitCode {
    match crate::cli::complete::script(args) {
        Ok(script) => print_out(&script),
        Err(message) => {
            crate::say!("{message}");
            Exit::Failure.into()
        }
    }
}

/// Prints a command's output: a closed pipe ends quietly, a full disk is exit 1 (src/output.rs).
pub(crate) fn print_out(text: &str) -> ExitCode {
    crate::output::print(text).exit()
}

/// Whether the terminal cannot draw limber's screens: `TERM=dumb`, or no `TERM` at all.
pub fn term_is_dumb() -> bool {
    std::env::var("TERM").map_or(true, |term| term.is_empty() || term == "dumb")
}

/// For `limber play ID` without `--plain`: whether to play plain lines instead, because the
/// terminal cannot draw the timer; says so on standard error.
pub fn plain_instead() -> bool {
    let dumb = term_is_dumb();
    if dumb {
        let _ = writeln!(
            std::io::stderr(),
            "limber: this terminal cannot draw the timer (TERM is dumb or not set), so the \
             routine plays as plain lines, as with --plain"
        );
    }
    dumb
}

/// `limber` alone on a terminal that cannot draw the picker: what to use instead (status 2).
pub fn picker_cannot_draw() -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "limber: this terminal cannot draw the routine picker (TERM is dumb or not set). \
         Use `limber list` to see the routines and `limber play ID --plain` to run one."
    );
    Exit::Invalid.into()
}

/// Total seconds of a routine with its defaults (both legs).
pub(crate) fn default_total(routine: &Routine) -> u64 {
    expand(routine, &routine.default_values(), Default::default())
        .map(|p| p.total_seconds())
        .unwrap_or(0)
}

pub fn list(args: &ListArgs, sources: &Sources) -> ExitCode {
    let catalog = Catalog::load(sources);
    // One line per file that could not be used; `limber check` gives every problem in full.
    // The routines that can be used are still listed, and the status stays 0 (README).
    for problem in &catalog.problems {
        let more = problem.diagnostics.len().saturating_sub(1);
        let more = if more > 0 {
            format!(
                " (and {})",
                describe::count(more, "more problem", "more problems")
            )
        } else {
            String::new()
        };
        crate::say!("{}{more}", problem.first_line());
    }
    if !catalog.problems.is_empty() {
        crate::say!(
            "limber: {} skipped; `limber check FILE` shows each problem in full",
            describe::count(catalog.problems.len(), "routine file", "routine files")
        );
    }
    let tags = catalog.tags();
    let tag = match &args.tag {
        None => None,
        Some(typed) => match tags.iter().find(|t| t.eq_ignore_ascii_case(typed.trim())) {
            Some(tag) => Some(tag.as_str()),
            None => {
                crate::say!("error: {}", unknown_tag(typed, &tags));
                return Exit::Invalid.into();
            }
        },
    };
    let entries: Vec<&Entry> = catalog
        .entries
        .iter()
        .filter(|e| tag.is_none_or(|t| e.routine.tags.iter().any(|r| r == t)))
        .collect();
    if args.json {
        let items: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.routine.id,
                    "title": e.routine.title,
                    "tags": e.routine.tags,
                    "total_seconds": default_total(&e.routine),
                    "source": e.routine.source,
                    "origin": e.origin.to_string(),
                })
            })
            .collect();
        return print_out(&format!("{}\n", serde_json::Value::Array(items)));
    }
    if args.markdown {
        return print_out(&markdown_table(&entries));
    }
    if entries.is_empty() {
        return Exit::Success.into();
    }
    let id_width = entries
        .iter()
        .map(|e| e.routine.id.chars().count())
        .max()
        .unwrap_or(2);
    let title_width = entries
        .iter()
        .map(|e| e.routine.title.chars().count())
        .max()
        .unwrap_or(5);
    let mut text = String::new();
    for e in entries {
        let total = default_total(&e.routine);
        text.push_str(&format!(
            "{:id_width$}  {:title_width$}  {:>7}  {}\n",
            e.routine.id,
            e.routine.title,
            format_duration(total),
            e.routine.tags.join(", "),
        ));
    }
    print_out(&text)
}

/// "no tag `x`", with the nearest tag when one is close, and the tags in use.
fn unknown_tag(typed: &str, tags: &[String]) -> String {
    let names: Vec<&str> = tags.iter().map(String::as_str).collect();
    let lower = typed.trim().to_lowercase();
    let hint = limber_core::routine::diag::nearest(&lower, &names)
        .map(|t| format!(" Did you mean `{t}`?"))
        .unwrap_or_default();
    format!(
        "no routine has the tag `{}`.{hint} Tags in use: {}",
        clean_input(typed),
        names.join(", ")
    )
}

/// The routine table in docs/routines.md.
pub(crate) fn markdown_table(entries: &[&Entry]) -> String {
    let mut text = String::from(
        "| id | title | tags | total time | article |\n| --- | --- | --- | --- | --- |\n",
    );
    for e in entries {
        let r = &e.routine;
        let cell = |s: &str| s.replace('|', "\\|");
        text.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            cell(&r.title),
            cell(&r.tags.join(", ")),
            format_duration(default_total(r)),
            cell(&limber_core::advice::article_label(
                r.source.as_deref().unwrap_or("")
            )),
        ));
    }
    // Per routine: its articles and whose each number is; then the sequences left out.
    text.push_str("\n## Where each routine's numbers come from\n\n");
    for e in entries {
        text.push_str(&limber_core::routine::provenance::markdown(&e.routine));
    }
    text.push_str(limber_core::routine::provenance::LEFT_OUT);
    text
}

/// A routine chosen on the command line, its values and its plan.
pub struct Chosen {
    pub entry: Entry,
    pub values: Values,
    pub plan: Plan,
}

/// Resolves a routine and its values and expands it, or prints why not (exit status 2).
/// `practice`: as a rehearsal of first aid (see [`practice_routine`]); the entry's routine then
/// has the hold param, and the values hold its value.
pub fn plan_for(args: &RoutineArgs, sources: &Sources, practice: bool) -> Result<Chosen, ExitCode> {
    choose_for(args, sources, practice)
}

/// As [`plan_for`], keeping the values.
pub(crate) fn choose(args: &RoutineArgs, sources: &Sources) -> Result<Chosen, ExitCode> {
    choose_for(args, sources, false)
}

/// The routine as `--practice` plays it (with the hold param), or the sentence to say (exit
/// status 2) when it is not first aid.
pub(crate) fn practice_routine(routine: &Routine) -> Result<Routine, String> {
    if practice::can_practise(routine) {
        Ok(practice::routine(routine))
    } else {
        Err(format!(
            "`{}` is not first aid (tagged {}), so there is no cramp to rehearse; --practice is \
             for first-aid routines (`limber list --tag first-aid`)",
            routine.id,
            practice::FIRST_AID_TAG
        ))
    }
}

fn choose_for(args: &RoutineArgs, sources: &Sources, practising: bool) -> Result<Chosen, ExitCode> {
    let mut entry = catalog::resolve(&args.routine, sources).map_err(|e| {
        crate::say!("{e}");
        ExitCode::from(Exit::Invalid)
    })?;
    if practising {
        entry.routine = practice_routine(&entry.routine).map_err(|msg| {
            crate::say!("error: {msg}");
            ExitCode::from(Exit::Invalid)
        })?;
    }
    let values = resolve_values(&entry.routine, &args.sets).map_err(|msg| {
        crate::say!("error: {msg}");
        ExitCode::from(Exit::Invalid)
    })?;
    let planned = if practising {
        practice::expand_practice(&entry.routine, &values, args.side_choice())
    } else {
        expand(&entry.routine, &values, args.side_choice())
    };
    let plan = planned.map_err(|d| {
        crate::say!("error: with these values, {}", d.message);
        if let Some(hint) = d.hint {
            crate::say!("  help: {hint}");
        }
        ExitCode::from(Exit::Invalid)
    })?;
    say_if_side_means_nothing(args, &entry.routine);
    Ok(Chosen {
        entry,
        values,
        plan,
    })
}

/// `--side` on a routine with no steps per leg changes nothing: a notice on standard error, and
/// the routine runs (a person in the middle of a cramp should not be stopped by it).
pub(crate) fn say_if_side_means_nothing(args: &RoutineArgs, routine: &Routine) {
    if let Some(side) = args.side
        && !routine.has_sides()
    {
        let _ = writeln!(
            std::io::stderr(),
            "note: `{}` has no steps done per leg, so --side {} changes nothing",
            routine.id,
            side.name()
        );
    }
}

pub fn show(args: &ShowArgs, sources: &Sources) -> ExitCode {
    if args.toml {
        return files::show_toml(&args.target.routine, sources);
    }
    let chosen = match choose(&args.target, sources) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let routine = &chosen.entry.routine;
    if args.json {
        let json = describe::routine_json(routine, &chosen.values, &chosen.plan);
        return print_out(&format!("{json}\n"));
    }
    print_out(&describe::card(
        routine,
        &chosen.values,
        &chosen.plan,
        describe::output_width(),
    ))
}

/// `limber check`: files, folders of them, or routine ids (looked up as `play` does).
pub fn check(args: &CheckArgs, sources: &Sources) -> ExitCode {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut failed = 0usize;
    let mut ok = 0usize;
    for target in &args.targets {
        let path = Path::new(target);
        if path.is_dir() {
            match toml_files(path) {
                Ok(mut found) if !found.is_empty() => files.append(&mut found),
                Ok(_) => {
                    crate::say!(
                        "{}: no .toml routine files in this folder",
                        shown_path(path)
                    );
                    failed += 1;
                }
                Err(e) => {
                    crate::say!(
                        "{}: cannot read this folder: {}",
                        shown_path(path),
                        crate::io_reason::io_reason(&e)
                    );
                    failed += 1;
                }
            }
        } else if path.exists() || catalog::looks_like_path(target) {
            files.push(path.to_path_buf());
        } else {
            // An id: the routine `play` would run, wherever it comes from.
            match catalog::resolve(target, sources) {
                Ok(_) => ok += 1,
                Err(err) => {
                    crate::say!("{err}\n");
                    failed += 1;
                }
            }
        }
    }
    for file in &files {
        match catalog::load_file(file) {
            Ok(_) => ok += 1,
            Err(err) => {
                crate::say!("{err}\n");
                failed += 1;
            }
        }
    }
    if failed == 0 {
        print_out(&format!(
            "{} valid\n",
            describe::count(ok, "routine", "routines")
        ))
    } else {
        crate::say!("{failed} of {} invalid", (ok + failed).max(failed));
        Exit::Invalid.into()
    }
}

fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
