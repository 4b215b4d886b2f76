//! A routine in words, outside the timer: the card `limber show` prints, the lines `limber play
//! --plain` prints as each stage begins, and the JSON form of `show --json`. Text from routine
//! files is already clean (the core strips control characters when it reads them).

use std::fmt::Write as _;

use serde_json::json;

use limber_core::duration::format_duration;
use limber_core::routine::{
    NumberSource, Param, ParamKind, Plan, Routine, Stage, StageKind, Values,
};

/// Where instructions are wrapped: the terminal's width, or 80 columns when not a terminal.
pub(crate) fn output_width() -> usize {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal()
        && let Ok((columns, _)) = ratatui::crossterm::terminal::size()
        && columns >= 20
    {
        return usize::from(columns);
    }
    80
}

/// `count` and the noun, singular for one: `1 stage`, `13 stages`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    limber_core::routine::text::count(n as u64, one, many)
}

/// `text` wrapped to `width`, each line starting with `indent`.
pub(crate) fn wrapped(text: &str, indent: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(indent.len() + 20))
        .initial_indent(indent)
        .subsequent_indent(indent);
    let mut out = String::new();
    for paragraph in text.lines() {
        if paragraph.trim().is_empty() {
            out.push('\n');
            continue;
        }
        for line in textwrap::wrap(paragraph, &options) {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

fn count_reps(reps: u64) -> String {
    limber_core::routine::text::count(reps, "rep", "reps")
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
            format!("{}, {}", count_reps(reps), format_duration(secs))
        }
        (StageKind::Reps, None, Some(reps)) => format!("{}, at your pace", count_reps(reps)),
        (StageKind::Manual, _, _) => match stage.warn_after {
            Some(w) => format!(
                "until {} (warns after {})",
                stage.ends_when(),
                format_duration(w)
            ),
            None => format!("until {}", stage.ends_when()),
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

/// What to have ready and what to mind, before the first step: `You need: …`, `Caution: …`.
pub(crate) fn before_you_start(routine: &Routine, width: usize) -> String {
    let mut text = String::new();
    if !routine.equipment.is_empty() {
        text.push_str(&wrapped(
            &format!("You need: {}", routine.equipment.join(", ")),
            "",
            width,
        ));
    }
    for caution in &routine.caution {
        text.push_str(&wrapped(&format!("Caution: {caution}"), "", width));
    }
    text
}

/// A param's range as written: `5 to 10`, `15s to 2m`.
fn range(param: &Param) -> String {
    let (lo, hi) = param.bounds();
    format!("{} to {}", param.display_value(lo), param.display_value(hi))
}

/// Who chose a param's number, in words.
fn chosen_by(param: &Param) -> &'static str {
    match param.number_source() {
        Some(NumberSource::Article) => "the article's number",
        Some(NumberSource::Limber) => "limber's choice",
        None => "",
    }
}

/// `limber show ID`: the whole routine as a card.
pub(crate) fn card(routine: &Routine, values: &Values, plan: &Plan, width: usize) -> String {
    let mut text = format!("{} ({})\n", routine.title, routine.id);
    text.push_str(&wrapped(&routine.summary, "", width));
    if !routine.tags.is_empty() {
        let _ = writeln!(text, "Tags: {}", routine.tags.join(", "));
    }
    let before = before_you_start(routine, width);
    if !before.is_empty() {
        text.push('\n');
        text.push_str(&before);
    }
    if !routine.params.is_empty() {
        text.push_str("\nSettings (change with --set NAME=VALUE, or on the setup screen):\n");
        for param in &routine.params {
            let value = values.get(&param.name).copied().unwrap_or(param.default);
            let label = param
                .label
                .as_deref()
                .map(|l| format!("{l}: "))
                .unwrap_or_default();
            let mut line = format!(
                "{label}{} = {} ({}, {}",
                param.name,
                param.display_value(value),
                param.kind.name(),
                range(param)
            );
            if value != param.default {
                let _ = write!(line, ", default {}", param.display_value(param.default));
            }
            let by = chosen_by(param);
            if !by.is_empty() {
                let _ = write!(line, "; {by}");
            }
            line.push(')');
            text.push_str(&wrapped(&line, "  ", width));
            if let Some(help) = &param.help {
                text.push_str(&wrapped(help, "      ", width));
            }
        }
    }
    let _ = writeln!(
        text,
        "\nSteps ({}):",
        count(plan.stages.len(), "stage", "stages")
    );
    let number_width = plan.stages.len().to_string().len();
    for (i, stage) in plan.stages.iter().enumerate() {
        let _ = writeln!(text, "{:>number_width$}. {}", i + 1, stage_line(stage));
        let indent = " ".repeat(number_width + 2);
        text.push_str(&instructions(stage, &indent, width));
        if let Some(note) = &stage.note {
            text.push_str(&wrapped(&format!("Note: {note}"), &indent, width));
        }
        if let (Some(after), Some(warn)) = (stage.warn_after, &stage.warn) {
            text.push_str(&wrapped(
                &format!("After {}: {warn}", format_duration(after)),
                &indent,
                width,
            ));
        }
    }
    let _ = writeln!(
        text,
        "\nTotal: {} of timed steps{}",
        format_duration(plan.total_seconds()),
        if plan.stages.iter().any(Stage::waits) {
            ", plus the steps that wait for you"
        } else {
            ""
        }
    );
    if let Some(source) = &routine.source {
        // The articles' titles are machine-translated: people read their short labels.
        let label = limber_core::advice::article_label(source);
        text.push_str(&wrapped(&format!("Source: {label}"), "", width));
    }
    text.push_str("limber is not medical advice.\n");
    text
}

/// A stage's instructions, wrapped and indented.
pub(crate) fn instructions(stage: &Stage, indent: &str, width: usize) -> String {
    wrapped(&stage.text, indent, width)
}

/// The JSON form of `show --json`: the routine (cautions, equipment, params with their values,
/// source) and its expanded plan, each stage with its text.
pub(crate) fn routine_json(routine: &Routine, values: &Values, plan: &Plan) -> serde_json::Value {
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
                "text": s.text,
                "temperature": s.temperature,
                "tone": s.tone.name(),
                "warn_after": s.warn_after,
                "warning": s.warn,
                "done_when": (s.kind == StageKind::Manual).then(|| s.ends_when()),
                "note": s.note,
            })
        })
        .collect();
    let params: Vec<_> = routine
        .params
        .iter()
        .map(|p| {
            let (min, max) = p.bounds();
            json!({
                "name": p.name,
                "label": p.label(),
                "kind": match p.kind {
                    ParamKind::Count => "number",
                    ParamKind::Duration => "seconds",
                },
                "value": values.get(&p.name).copied().unwrap_or(p.default),
                "default": p.default,
                "min": min,
                "max": max,
                "help": p.help,
                "chosen_by": p.number_source().map(NumberSource::name),
            })
        })
        .collect();
    json!({
        "id": plan.id,
        "title": plan.title,
        "summary": routine.summary,
        "tags": routine.tags,
        "total_seconds": plan.total_seconds(),
        "equipment": routine.equipment,
        "cautions": routine.caution,
        "params": params,
        "source": routine.source,
        "source_label": routine.source.as_deref().map(limber_core::advice::article_label),
        "stages": stages,
    })
}
