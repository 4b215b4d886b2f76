//! The picker: the routines, filtered by tag and by typing, with a preview of the selected one.
//!
//! ```text
//!  limber · leg-cramp care routines                  tag: all · filter: calf_
//! ╭ Routines ──────────────────╮╭ Calf stretch for the night ──────────────────╮
//! │▌First aid: calf      3m+   ││ Stretch the calf before sleep.                │
//! │ Contrast bath       12m    ││ Takes about 5m30s · bedtime, massage          │
//! │ Morning stretches    8m    ││ Equipment: a towel                             │
//! │                            ││ Caution: …                                     │
//! │                            ││ Steps                                          │
//! │                            ││   1. Pull the toes up  30s × 3, each leg       │
//! │                            ││ Source: (article title)                        │
//! ╰────────────────────────────╯╰───────────────────────────────────────────────╯
//!  / filter · Tab tag · Enter start · q quit · ? help · N night   limber is not medical advice
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use limber_core::duration::format_duration;
use limber_core::routine::{Amount, Routine, SideChoice, Step, StepKind, expand};

use super::Look;
use crate::tui::doctor::NOT_ADVICE;
use crate::tui::field::TextField;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::{panel, wrapped_height};

/// The picker's state: the routines it offers, a filter typed with `/`, a tag, and the selected
/// row of what is visible.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    /// Empty when limber was asked to play one routine and found no others.
    pub catalog: Vec<Routine>,
    pub query: TextField,
    pub typing: bool,
    /// Index into [`Picker::tags`]; `None` for all.
    pub tag: Option<usize>,
    /// Row in the visible list.
    pub selected: usize,
}

/// What the picker asks the app for.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Stay,
    /// Open this routine (its setup screen, or at once).
    Open(Box<Routine>),
    Quit,
    /// The diary report.
    Report,
}

impl Picker {
    pub fn new(catalog: Vec<Routine>) -> Picker {
        Picker {
            catalog,
            ..Picker::default()
        }
    }

    /// Which key table applies.
    pub fn mode(&self) -> Mode {
        if self.typing {
            Mode::Filter
        } else {
            Mode::Picker
        }
    }

    /// All tags in the catalog, in order of first appearance.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for tag in self.catalog.iter().flat_map(|r| r.tags.iter()) {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
        tags
    }

    /// Indices into the catalog of the routines shown.
    pub fn visible(&self) -> Vec<usize> {
        let tags = self.tags();
        let tag = self.tag.and_then(|t| tags.get(t)).copied();
        let query = self.query.value().to_lowercase();
        self.catalog
            .iter()
            .enumerate()
            .filter(|(_, r)| tag.is_none_or(|t| r.tags.iter().any(|x| x == t)))
            .filter(|(_, r)| {
                query.is_empty()
                    || [&r.title, &r.summary, &r.id]
                        .iter()
                        .any(|s| s.to_lowercase().contains(&query))
                    || r.tags.iter().any(|s| s.to_lowercase().contains(&query))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The routine under the cursor.
    pub(crate) fn selected(&self) -> Option<&Routine> {
        let visible = self.visible();
        visible
            .get(self.selected.min(visible.len().saturating_sub(1)))
            .and_then(|i| self.catalog.get(*i))
    }

    /// One action from the key table.
    pub(crate) fn handle(&mut self, action: Action) -> Picked {
        let count = self.visible().len();
        let tags = self.tags().len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = count.saturating_sub(1),
            Action::Filter => self.typing = true,
            Action::Type(_) | Action::Erase | Action::Edit(_) => {
                let before = self.query.value().to_owned();
                self.query.apply(action);
                if self.query != before.as_str() {
                    self.selected = 0;
                }
            }
            Action::Back if self.typing || !self.query.is_empty() || self.tag.is_some() => {
                self.query.clear();
                self.typing = false;
                self.tag = None;
                self.selected = 0;
            }
            Action::Back => return Picked::Quit,
            Action::NextTag | Action::PreviousTag if tags > 0 => {
                // None, 0, 1, … tags-1, None …
                let position = self.tag.map_or(0, |t| t + 1);
                let next = if action == Action::NextTag {
                    (position + 1) % (tags + 1)
                } else {
                    (position + tags) % (tags + 1)
                };
                self.tag = next.checked_sub(1);
                self.selected = 0;
            }
            Action::Row(row) if row >= count => {}
            // A tap on another routine chooses it; on the one chosen, opens it.
            Action::Row(row) if row != self.selected.min(count - 1) => self.selected = row,
            Action::Choose | Action::Row(_) => {
                self.typing = false;
                if let Some(routine) = self.selected().cloned() {
                    return Picked::Open(Box::new(routine));
                }
            }
            Action::Report => return Picked::Report,
            _ => {}
        }
        Picked::Stay
    }

    /// The footer's keys.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(self.mode())
    }
}

/// How long a routine takes at its defaults: `5m30s`, with `+` when some steps wait for the
/// person.
pub(crate) fn routine_length(routine: &Routine) -> String {
    match expand(routine, &routine.default_values(), SideChoice::LeftFirst) {
        Ok(plan) => {
            let waits = plan.stages.iter().any(|s| s.waits());
            let total = plan.total_seconds();
            match (total, waits) {
                (0, true) => "your pace".into(),
                (t, true) => format!("{}+", format_duration(t)),
                (t, false) => format_duration(t),
            }
        }
        Err(_) => "?".into(),
    }
}

fn amount(routine: &Routine, amount: &Amount, duration: bool) -> String {
    let value = match amount {
        Amount::Fixed(n) => *n,
        Amount::Param { name, .. } => routine
            .params
            .iter()
            .find(|p| &p.name == name)
            .map_or(1, |p| p.default),
    };
    if duration {
        format_duration(value)
    } else {
        value.to_string()
    }
}

/// One line per step (blocks indent their children): `Pull the toes up  30s × 3, each leg`.
fn step_lines(
    routine: &Routine,
    steps: &[Step],
    depth: usize,
    out: &mut Vec<(usize, String, String)>,
) {
    for step in steps {
        let mut how = match &step.kind {
            StepKind::Timed { duration } => amount(routine, duration, true),
            StepKind::TimedReps { reps, tempo } => format!(
                "{} reps, {} each",
                amount(routine, reps, false),
                amount(routine, tempo, true)
            ),
            StepKind::Reps { reps } => format!("{} reps", amount(routine, reps, false)),
            StepKind::Manual { done_when, .. } => format!(
                "until {}",
                done_when
                    .as_deref()
                    .unwrap_or(limber_core::routine::DONE_WHEN_DEFAULT)
            ),
            StepKind::Block(_) => String::new(),
        };
        let repeat = amount(routine, &step.repeat, false);
        if repeat != "1" {
            how = if how.is_empty() {
                format!("× {repeat}")
            } else {
                format!("{how} × {repeat}")
            };
        }
        if let Some(rest) = &step.rest {
            how.push_str(&format!(", rest {}", amount(routine, rest, true)));
        }
        if step.sides {
            how.push_str(if how.is_empty() {
                "each leg"
            } else {
                ", each leg"
            });
        }
        out.push((depth, step.title.clone(), how));
        if let StepKind::Block(children) = &step.kind {
            step_lines(routine, children, depth + 1, out);
        }
    }
}

fn preview(routine: &Routine, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(routine.summary.clone(), theme.text())];
    let mut about = vec![Span::styled(
        format!("Takes about {}", routine_length(routine)),
        theme.heading(),
    )];
    if !routine.tags.is_empty() {
        about.push(Span::styled(
            format!(" · {}", routine.tags.join(", ")),
            theme.dim(),
        ));
    }
    lines.push(Line::from(about));
    if !routine.equipment.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Equipment: ", theme.dim()),
            Span::styled(routine.equipment.join(", "), theme.text()),
        ]));
    }
    for caution in &routine.caution {
        lines.push(Line::from(vec![
            Span::styled("Caution: ", theme.alert()),
            Span::styled(caution.clone(), theme.text()),
        ]));
    }
    lines.push(Line::styled("Steps", theme.heading()));
    let mut steps = Vec::new();
    step_lines(routine, &routine.steps, 0, &mut steps);
    for (n, (depth, title, how)) in steps.into_iter().enumerate() {
        let indent = "  ".repeat(depth + 1);
        lines.push(Line::from(vec![
            Span::styled(format!("{indent}{:>2}. ", n + 1), theme.dim()),
            Span::styled(title, theme.text()),
            Span::styled(format!("  {how}"), theme.dim()),
        ]));
    }
    if let Some(source) = &routine.source {
        lines.push(Line::from(vec![
            Span::styled("Source: ", theme.dim()),
            // The articles' short labels: their full titles are machine-translated.
            Span::styled(limber_core::advice::article_label(source), theme.dim()),
        ]));
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, picker: &Picker, look: &Look) {
    let theme = look.theme;
    // A word from the diary (a cramp logged, or what went wrong) sits above the footer.
    let notice_rows = look.notice.map_or(0, |n| {
        wrapped_height(&n.text, area.width.saturating_sub(2)).min(3)
    });
    let [head, body, notice, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(notice_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(n) = look.notice {
        let style = if n.problem {
            theme.alert()
        } else {
            theme.text()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", n.text), style)).wrap(Wrap { trim: false }),
            notice,
        );
    }

    // Header: name, tag and filter.
    let tags = picker.tags();
    let tag = picker
        .tag
        .and_then(|t| tags.get(t))
        .copied()
        .unwrap_or("all");
    let mut filter = vec![
        Span::styled("tag: ", theme.dim()),
        Span::styled(tag.to_string(), theme.heading()),
    ];
    if picker.typing || !picker.query.is_empty() {
        filter.push(Span::styled("  filter: ", theme.dim()));
        let query = if picker.typing {
            picker.query.with_bar()
        } else {
            picker.query.to_string()
        };
        filter.push(Span::styled(query, theme.heading()));
    }
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(44)]).areas(head);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" limber", theme.heading()),
            Span::styled(" · leg-cramp care routines", theme.dim()),
        ])),
        left,
    );
    frame.render_widget(Paragraph::new(Line::from(filter)).right_aligned(), right);

    // Body: the list beside (or above) the preview.
    let wide = body.width >= 70;
    let [list_area, preview_area] = if wide {
        Layout::horizontal([Constraint::Percentage(44), Constraint::Fill(1)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(body)
    };
    let visible = picker.visible();
    let selected = picker.selected.min(visible.len().saturating_sub(1));
    let list_block = panel(
        Line::styled(format!(" Routines ({}) ", visible.len()), theme.heading()),
        theme,
    );
    let inner = list_block.inner(list_area);
    frame.render_widget(list_block, list_area);
    let rows = usize::from(inner.height.max(1));
    let first = selected.saturating_sub(rows - 1);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    if visible.is_empty() {
        lines.push(Line::styled("nothing matches", theme.dim()));
        lines.push(Line::styled("Esc clears the filter", theme.dim()));
    }
    for (row, index) in visible.iter().enumerate().skip(first).take(rows) {
        let Some(routine) = picker.catalog.get(*index) else {
            continue;
        };
        let length = routine_length(routine);
        let room = width.saturating_sub(length.chars().count() + 3);
        let mut title: String = routine.title.chars().take(room).collect();
        if title.chars().count() < routine.title.chars().count() {
            title.pop();
            title.push('…');
        }
        let pad = width.saturating_sub(title.chars().count() + length.chars().count() + 2);
        let text = format!(" {title}{}{length} ", " ".repeat(pad));
        let style = if row == selected {
            theme.selected()
        } else {
            theme.text()
        };
        let marker = if row == selected { "▌" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.heading()),
            Span::styled(text.chars().skip(1).collect::<String>(), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // A tap chooses a routine, a second tap on it opens it; the wheel moves through the list.
    for (y, row) in (inner.y..inner.bottom()).zip(first..visible.len()) {
        look.hits.tap(
            Rect {
                y,
                height: 1,
                ..inner
            },
            Action::Row(row),
        );
    }
    look.hits.wheel(list_area, Action::Up, Action::Down);

    let (title, body_lines) = match picker.selected() {
        Some(routine) => (routine.title.clone(), preview(routine, theme)),
        None => (String::new(), Vec::new()),
    };
    frame.render_widget(
        Paragraph::new(body_lines).wrap(Wrap { trim: false }).block(
            panel(Line::styled(format!(" {title} "), theme.heading()), theme).title_bottom(
                Line::styled(format!(" {NOT_ADVICE} "), theme.alert()).right_aligned(),
            ),
        ),
        preview_area,
    );

    // Footer: keys.
    look.footer(frame, foot, picker.hints());
}
