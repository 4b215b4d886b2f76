//! The non-interactive commands: `list`, `show`, `check` here; `log` and `report` in `diary`.

pub mod diary;
pub mod doctor;
pub mod play;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use crate::catalog::{self, Catalog, Entry, Sources};
use crate::cli::{CheckArgs, ListArgs, RoutineArgs, ShowArgs};
use crate::exit::Exit;
use limber_core::duration::format_duration;
use limber_core::routine::values::resolve_values;
use limber_core::routine::{Plan, Routine, Stage, StageKind, expand};

/// Prints a command's output: a closed pipe ends quietly, a full disk is exit 1 (src/output.rs).
fn print_out(text: &str) -> ExitCode {
    crate::output::print(text).exit()
}

/// Total seconds of a routine with its defaults (both legs).
pub fn default_total(routine: &Routine) -> u64 {
    expand(routine, &routine.default_values(), Default::default())
        .map(|p| p.total_seconds())
        .unwrap_or(0)
}

pub fn list(args: &ListArgs, sources: &Sources) -> ExitCode {
    let catalog = Catalog::load(sources);
    for problem in &catalog.problems {
        eprintln!("{problem}\n(skipped; `limber check` shows the details)");
    }
    let entries: Vec<&Entry> = catalog
        .entries
        .iter()
        .filter(|e| args.tag.as_ref().is_none_or(|t| e.routine.tags.contains(t)))
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
        if let Some(tag) = &args.tag {
            eprintln!(
                "no routine has the tag `{tag}`; tags in use: {}",
                catalog.tags().join(", ")
            );
        }
        return ExitCode::from(Exit::Success);
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

/// The routine table in docs/routines.md.
pub fn markdown_table(entries: &[&Entry]) -> String {
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

/// Resolves a routine and its values and expands it, or prints why not (exit status 2).
pub fn plan_for(args: &RoutineArgs, sources: &Sources) -> Result<(Entry, Plan), ExitCode> {
    let entry = catalog::resolve(&args.routine, sources).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(Exit::Invalid)
    })?;
    let values = resolve_values(&entry.routine, &args.sets).map_err(|msg| {
        eprintln!("error: {msg}");
        ExitCode::from(Exit::Invalid)
    })?;
    let plan = expand(&entry.routine, &values, args.side.into()).map_err(|d| {
        eprintln!("error: with these values, {}", d.message);
        if let Some(hint) = d.hint {
            eprintln!("  help: {hint}");
        }
        ExitCode::from(Exit::Invalid)
    })?;
    Ok((entry, plan))
}

pub fn show(args: &ShowArgs, sources: &Sources) -> ExitCode {
    let (entry, plan) = match plan_for(&args.target, sources) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if args.json {
        return print_out(&format!("{}\n", plan_json(&plan)));
    }
    let r = &entry.routine;
    let mut text = format!("{} ({})\n{}\n", r.title, r.id, r.summary);
    if let Some(source) = &r.source {
        text.push_str(&format!("Source: {source}\n"));
    }
    if !r.equipment.is_empty() {
        text.push_str(&format!("You need: {}\n", r.equipment.join(", ")));
    }
    for caution in &r.caution {
        text.push_str(&format!("Caution: {caution}\n"));
    }
    text.push('\n');
    let width = plan.stages.len().to_string().len();
    for (i, stage) in plan.stages.iter().enumerate() {
        text.push_str(&format!("{:>width$}. {}\n", i + 1, stage_line(stage)));
    }
    text.push_str(&format!(
        "\nTotal: {} of timed steps{}\nlimber is not medical advice.\n",
        format_duration(plan.total_seconds()),
        if plan.stages.iter().any(Stage::waits) {
            ", plus the steps that wait for you"
        } else {
            ""
        }
    ));
    print_out(&text)
}

/// One stage in words: `Warm water (LEFT, round 2/6) — 45s · about 40 °C`.
pub fn stage_line(stage: &Stage) -> String {
    let mut line = stage.title.clone();
    let mut tags = Vec::new();
    if let Some(side) = stage.side {
        tags.push(side.label().to_string());
    }
    if let Some((i, n)) = stage.round {
        tags.push(format!("round {i}/{n}"));
    }
    if !tags.is_empty() {
        line.push_str(&format!(" ({})", tags.join(", ")));
    }
    let how = match (stage.kind, stage.seconds, stage.reps) {
        (StageKind::Reps, Some(secs), Some(reps)) => {
            format!("{reps} reps, {}", format_duration(secs))
        }
        (StageKind::Reps, None, Some(reps)) => format!("{reps} reps, at your pace"),
        (StageKind::Manual, _, _) => match stage.warn_after {
            Some(w) => format!("until done (warns after {})", format_duration(w)),
            None => "until done".into(),
        },
        (_, Some(secs), _) => format_duration(secs),
        _ => String::new(),
    };
    line.push_str(&format!(" — {how}"));
    if let Some(t) = &stage.temperature {
        line.push_str(&format!(" · {t}"));
    }
    line
}

/// The JSON form of a plan (`show --json`).
pub fn plan_json(plan: &Plan) -> serde_json::Value {
    let stages: Vec<_> = plan
        .stages
        .iter()
        .map(|s| {
            json!({
                "title": s.title,
                "kind": s.kind,
                "seconds": s.seconds,
                "reps": s.reps,
                "side": s.side,
                "round": s.round.map(|(i, n)| [i, n]),
            })
        })
        .collect();
    json!({
        "id": plan.id,
        "title": plan.title,
        "total_seconds": plan.total_seconds(),
        "stages": stages,
    })
}

pub fn check(args: &CheckArgs) -> ExitCode {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut failed = 0usize;
    for path in &args.paths {
        if path.is_dir() {
            match toml_files(path) {
                Ok(mut found) if !found.is_empty() => files.append(&mut found),
                Ok(_) => {
                    eprintln!("{}: no .toml routine files in this folder", path.display());
                    failed += 1;
                }
                Err(e) => {
                    eprintln!(
                        "{}: cannot read this folder: {}",
                        path.display(),
                        catalog::io_reason(&e)
                    );
                    failed += 1;
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut ok = 0usize;
    for file in &files {
        match catalog::load_file(file) {
            Ok(_) => ok += 1,
            Err(err) => {
                eprintln!("{err}\n");
                failed += 1;
            }
        }
    }
    if failed == 0 {
        print_out(&format!(
            "{ok} routine{} valid\n",
            if ok == 1 { "" } else { "s" }
        ))
    } else {
        eprintln!("{failed} of {} invalid", files.len().max(failed));
        ExitCode::from(Exit::Invalid)
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
