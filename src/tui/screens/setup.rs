//! Setup: what to have ready, the cautions and where the steps' numbers come from first, in full (PgDn/PgUp scroll them, a whole
//! caution at a time, with a marker while some are out of sight); then each param by its label,
//! in the order the steps use it, with its value, range and help in aligned columns, and which
//! leg. The settings scroll so the chosen one is always in sight. A typed value is checked as
//! it is typed; the time it would take follows every change.
//!
//! ```text
//!  Contrast foot bath · before you start
//! ╭ Before you start ────────────────────────────────────────────────────────╮
//! │You need: two small bowls, lightly hot water, cool water.                 │
//! │Caution: With varicose veins, keep the difference between the warm and the│
//! │cool water small.                                                         │
//! ╰ ↓ PgDn more ───────────────────────────────── limber is not medical advice ╯
//! ╭ Settings ─────────────────────────────────────────────────────── ↑ more ╮
//! │▌Alternations  ◂  7  ▸   5 to 10 · default 5                              │
//! │     How many times to alternate: 5 to 10, as the article says.           │
//! │ Warm bowl        1m     30s to 3m · default 1m                           │
//! ╰──────────────────────────────────────────────────────────────── ↓ more ╯
//!  Takes about 12m30s + your own pace · 16 steps
//!  ← / h change · Enter start · q / Esc back · ? help · N night
//! ```

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use limber_core::duration::format_duration;

use limber_core::duration::parse_duration;
use limber_core::routine::remember::Offer;
use limber_core::routine::text::clean_input;
use limber_core::routine::{Param, ParamKind, Routine, SideChoice, Stage, Values, expand};

use super::Look;
use crate::tui::doctor::NOT_ADVICE;
use crate::tui::field::TextField;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::{panel, wrap_words};

/// What setup asks the app for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Stay,
    /// Start the routine with these choices.
    Start,
    /// Leave setup.
    Back,
}

/// Choosing param values and legs before a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub routine: Routine,
    pub values: Values,
    pub sides: SideChoice,
    /// Row: params first, then the legs when the routine has sides.
    pub field: usize,
    /// Digits being typed for the selected param.
    pub typing: Option<TextField>,
    pub error: Option<String>,
    /// A rehearsal of first aid with no cramp (`p`).
    pub practice: bool,
    /// The values and legs remembered from the last time the routine was started, when setup
    /// opened with them (`d` goes back to the routine's own defaults).
    pub remembered: Option<Offer>,
    /// The first of the things to have ready and the cautions in sight (PgDn / PgUp).
    pub before: usize,
    /// Drawing writes back how many of them it showed and whether more are below, so PgDn
    /// moves by what was seen and stops at the end (as the timer's `TextScroll` does).
    before_shown: Cell<usize>,
    before_below: Cell<bool>,
    /// The first row of the settings in sight: drawing keeps the chosen setting on screen.
    settings_offset: Cell<u16>,
}

impl Setup {
    pub fn new(routine: Routine, values: Values) -> Self {
        Self {
            routine,
            values,
            sides: SideChoice::default(),
            field: 0,
            typing: None,
            error: None,
            practice: false,
            remembered: None,
            before: 0,
            before_shown: Cell::new(0),
            before_below: Cell::new(false),
            settings_offset: Cell::new(0),
        }
    }

    /// Whether the values and legs shown are the ones remembered from last time.
    pub(crate) fn as_remembered(&self) -> bool {
        self.remembered
            .as_ref()
            .is_some_and(|r| r.values == self.values && r.sides == self.sides)
    }

    /// Whether anything differs from the routine's own defaults (what `d` would change).
    fn differs_from_defaults(&self) -> bool {
        self.values != self.routine.default_values() || self.sides != SideChoice::default()
    }

    /// Back to the routine's own values and legs (`d`).
    fn defaults(&mut self) {
        self.typing = None;
        self.error = None;
        self.values = self.routine.default_values();
        self.sides = SideChoice::default();
    }

    /// Practice on or off (first aid only): on, the routine gains the hold that stands in for
    /// "until it passes" (limber's number, as its help says); off, it loses it.
    pub(crate) fn toggle_practice(&mut self) {
        use limber_core::routine::practice;
        if !practice::can_practise(&self.routine) {
            self.error = Some("Only first aid (tagged first-aid) can be practised.".into());
            return;
        }
        self.typing = None;
        self.error = None;
        self.practice = !self.practice;
        if self.practice {
            self.values = practice::values(&self.routine, &self.values);
            self.routine = practice::routine(&self.routine);
        } else {
            self.routine = practice::real(&self.routine);
            self.values = practice::real_values(&self.values);
        }
        self.field = self.field.min(self.fields().saturating_sub(1));
    }

    pub(crate) fn fields(&self) -> usize {
        self.routine.params.len() + usize::from(self.routine.has_sides())
    }

    /// The plan these choices make, if it is valid: with the value being typed when it is one.
    pub(crate) fn plan_seconds(&self) -> Option<(u64, usize, bool)> {
        let values = self.values_now();
        let plan = if self.practice {
            limber_core::routine::practice::expand_practice(&self.routine, &values, self.sides)
        } else {
            expand(&self.routine, &values, self.sides)
        }
        .ok()?;
        let waits = plan.stages.iter().any(Stage::waits);
        Some((plan.total_seconds(), plan.stages.len(), waits))
    }

    /// The values, with the one being typed in place when it is valid so far.
    fn values_now(&self) -> Values {
        let mut values = self.values.clone();
        if let (Some(param), Some(Ok(value))) = (self.routine.params.get(self.field), self.typed())
        {
            values.insert(param.name.clone(), value);
        }
        values
    }

    /// The value being typed, checked: `None` when nothing is typed.
    fn typed(&self) -> Option<Result<u64, String>> {
        let text = self.typing.as_ref().filter(|t| !t.is_empty())?;
        let param = self.routine.params.get(self.field)?;
        Some(check(param, text.value()))
    }

    /// The footer's keys.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        let first_aid = limber_core::routine::practice::can_practise(&self.routine);
        keys::hints(Mode::Setup)
            .into_iter()
            .filter(|(_, h)| first_aid || *h != keys::PRACTISE_HINT)
            .filter(|(_, h)| *h != keys::DEFAULTS_HINT || self.differs_from_defaults())
            .map(|(k, h)| match h {
                _ if h == keys::PRACTISE_HINT && self.practice => (k, "for a cramp"),
                _ => (k, h),
            })
            .collect()
    }

    /// One action from the key table.
    pub(crate) fn handle(&mut self, action: Action) -> Setting {
        let fields = self.fields();
        match action {
            Action::Up | Action::Down | Action::Choose | Action::Row(_) => {
                // A value being typed is applied first; a bad one stays, with its reason shown.
                if !self.commit_typing() {
                    return Setting::Stay;
                }
                match action {
                    Action::Up => self.field = self.field.saturating_sub(1),
                    Action::Down => self.field = (self.field + 1).min(fields.saturating_sub(1)),
                    Action::Row(row) => self.field = row.min(fields.saturating_sub(1)),
                    _ => return Setting::Start,
                }
            }
            Action::Less => self.step(false),
            Action::More => self.step(true),
            Action::Type(_) if self.field < self.routine.params.len() => {
                let typing = self.typing.get_or_insert_with(TextField::default);
                if typing.len() < 12 {
                    typing.apply(action);
                }
                self.error = self.typed().and_then(Result::err);
            }
            Action::Erase | Action::Edit(_) => {
                if let Some(typing) = &mut self.typing {
                    typing.apply(action);
                }
                self.error = self.typed().and_then(Result::err);
            }
            Action::PageDown if self.before_below.get() => {
                self.before += self.before_shown.get().max(1);
            }
            Action::PageUp => {
                self.before = self.before.saturating_sub(self.before_shown.get().max(1));
            }
            Action::Back if self.typing.is_some() => {
                self.typing = None;
                self.error = None;
            }
            Action::Back => return Setting::Back,
            Action::Defaults => self.defaults(),
            _ => {}
        }
        Setting::Stay
    }

    fn step(&mut self, up: bool) {
        self.commit_typing();
        let index = self.field;
        if let Some(param) = self.routine.params.get(index) {
            let current = self
                .values
                .get(&param.name)
                .copied()
                .unwrap_or(param.default);
            let step = match param.kind {
                ParamKind::Count => 1,
                ParamKind::Duration if current < 60 || (current == 60 && !up) => 5,
                ParamKind::Duration if current < 300 || (current == 300 && !up) => 15,
                ParamKind::Duration => 60,
            };
            let (lo, hi) = param.bounds();
            let next = if up {
                current.saturating_add(step)
            } else {
                current.saturating_sub(step)
            };
            self.values.insert(param.name.clone(), next.clamp(lo, hi));
            self.error = None;
        } else if index == self.routine.params.len() {
            let all = SideChoice::ALL;
            let at = all.iter().position(|s| *s == self.sides).unwrap_or(0);
            let next = if up { at + 1 } else { at + all.len() - 1 } % all.len();
            self.sides = all[next];
        }
    }

    /// Applies typed digits to the selected param; a bad value stays as an error to show.
    fn commit_typing(&mut self) -> bool {
        let Some(text) = self.typing.take() else {
            return true;
        };
        let Some(param) = self.routine.params.get(self.field) else {
            return true;
        };
        if text.is_empty() {
            return true;
        }
        match check(param, text.value()) {
            Ok(value) => {
                self.values.insert(param.name.clone(), value);
                self.error = None;
                true
            }
            Err(message) => {
                self.error = Some(message);
                false
            }
        }
    }
}

/// A typed value for `param`, or what is wrong with it, in words that give its range.
fn check(param: &Param, text: &str) -> Result<u64, String> {
    let (lo, hi) = param.bounds();
    let range = format!("{} to {}", param.display_value(lo), param.display_value(hi));
    let value = match param.kind {
        ParamKind::Count => text
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("Type a whole number, {range}."))?,
        ParamKind::Duration => parse_duration(text)
            .map_err(|reason| format!("Type a time such as 45s or 1m30s, {range}: {reason}."))?,
    };
    if value < lo || value > hi {
        return Err(format!(
            "{} is outside the range: {range}.",
            clean_input(text.trim())
        ));
    }
    Ok(value)
}

/// The things to have ready and the cautions, one item each, wrapped to `width`.
fn before_items(routine: &Routine, width: u16, theme: Theme) -> Vec<Vec<Line<'static>>> {
    let mut items = Vec::new();
    let item = |label: &str, text: &str, style| -> Vec<Line<'static>> {
        wrap_words(&format!("{label}{text}"), width)
            .into_iter()
            .enumerate()
            .map(|(i, line)| match line.strip_prefix(label) {
                Some(rest) if i == 0 => Line::from(vec![
                    Span::styled(label.to_string(), theme.heading()),
                    Span::styled(rest.to_string(), style),
                ]),
                _ => Line::styled(line, style),
            })
            .collect()
    };
    if !routine.equipment.is_empty() {
        items.push(item(
            "You need: ",
            &format!("{}.", routine.equipment.join(", ")),
            theme.text(),
        ));
    }
    for caution in &routine.caution {
        items.push(item("Caution: ", caution, theme.alert()));
    }
    // Where the numbers come from, for steps whose number is not a setting (a setting's help
    // says it): here, where choices are made, and never on the timer.
    for (title, note) in limber_core::routine::provenance::step_notes(routine) {
        items.push(item(
            "About the numbers: ",
            &format!("{title}: {note}"),
            theme.dim(),
        ));
    }
    items
}

/// The settings' lines at `width`, and for each setting the rows it takes (its line, its range
/// when that goes under it, its help).
fn settings_lines(
    setup: &Setup,
    width: u16,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<std::ops::Range<u16>>) {
    let routine = &setup.routine;
    let columns = Columns::of(setup);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut spans = Vec::new();
    let height = |lines: &Vec<Line<'static>>| u16::try_from(lines.len()).unwrap_or(u16::MAX);
    for (i, param) in routine.params.iter().enumerate() {
        let start = height(&lines);
        let chosen = i == setup.field;
        let value = setup
            .values
            .get(&param.name)
            .copied()
            .unwrap_or(param.default);
        let shown = match (&setup.typing, chosen) {
            (Some(typed), true) => typed.with_bar(),
            _ => param.display_value(value),
        };
        let (lo, hi) = param.bounds();
        let range = format!(
            "{} to {} · default {}",
            param.display_value(lo),
            param.display_value(hi),
            param.display_value(param.default)
        );
        lines.extend(row(
            param.label(),
            &shown,
            &range,
            chosen,
            columns,
            width,
            theme,
        ));
        if let Some(help) = &param.help {
            lines.extend(
                wrap_words(help, width.saturating_sub(HELP_INDENT))
                    .into_iter()
                    .map(|l| {
                        Line::styled(format!("{:w$}{l}", "", w = HELP_INDENT.into()), theme.dim())
                    }),
            );
        }
        spans.push(start..height(&lines));
    }
    if routine.has_sides() {
        let start = height(&lines);
        let chosen = setup.field == routine.params.len();
        lines.extend(row(
            LEGS_LABEL,
            setup.sides.label(),
            "a cramp is often in one leg",
            chosen,
            columns,
            width,
            theme,
        ));
        spans.push(start..height(&lines));
    }
    if lines.is_empty() {
        lines.push(Line::styled(" Nothing to set: Enter starts.", theme.dim()));
    }
    (lines, spans)
}

/// Columns the help of a setting is indented by.
const HELP_INDENT: u16 = 5;

pub(crate) fn render(frame: &mut Frame, area: Rect, setup: &Setup, look: &Look) {
    let theme = look.theme;
    let routine = &setup.routine;
    let width = area.width.saturating_sub(2);

    // What to have ready and the cautions: whole items, as many as the room allows.
    let items = before_items(routine, width, theme);
    let heights: Vec<u16> = items
        .iter()
        .map(|i| u16::try_from(i.len()).unwrap_or(u16::MAX))
        .collect();
    let all: u16 = heights.iter().sum();
    let tallest = heights.iter().copied().max().unwrap_or(0);
    let error_rows = u16::from(setup.error.is_some());
    // Head, the time it takes, the error, the footer; the settings' borders and three rows.
    let fixed = 4 + error_rows;
    let room = area.height.saturating_sub(fixed + 5 + 2);
    let half = area.height.saturating_sub(fixed) / 2;
    let before_rows = if items.is_empty() {
        0
    } else {
        all.min(half.saturating_sub(2).max(tallest)).min(room)
    };
    let first = setup.before.min(items.len().saturating_sub(1));
    // The items that fit from `first`; at least the lines of one, so nothing is skipped.
    let mut shown_lines: Vec<Line<'static>> = Vec::new();
    let mut shown = 0;
    for item in items.iter().skip(first) {
        let fits = shown_lines.len() + item.len() <= usize::from(before_rows);
        if !fits && shown > 0 {
            break;
        }
        shown_lines.extend(item.iter().take(usize::from(before_rows)).cloned());
        shown += 1;
        if !fits {
            break;
        }
    }
    let below = first + shown < items.len();
    setup.before_shown.set(shown);
    setup.before_below.set(below);
    let before_height = if before_rows == 0 { 0 } else { before_rows + 2 };

    let [head, before, settings, about, error, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(before_height),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(error_rows),
        Constraint::Length(1),
    ])
    .areas(area);

    // The title, then what this screen is when it fits; a title too long is cut with "…".
    let what = if setup.practice {
        " · practice, no cramp now"
    } else {
        " · before you start"
    };
    let room = usize::from(head.width).saturating_sub(1);
    let title_chars = routine.title.chars().count();
    let (title, what) = if title_chars + what.chars().count() <= room {
        (routine.title.clone(), what)
    } else if title_chars <= room {
        (routine.title.clone(), "")
    } else {
        let cut: String = routine.title.chars().take(room.saturating_sub(1)).collect();
        (format!("{}…", cut.trim_end()), "")
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {title}"), theme.heading()),
            Span::styled(what, theme.dim()),
        ])),
        head,
    );

    if before_height > 0 {
        let marker = match (first > 0, below) {
            (true, true) => " ↑ ↓ PgUp / PgDn more ",
            (false, true) => " ↓ PgDn more ",
            (true, false) => " ↑ PgUp more ",
            (false, false) => "",
        };
        let border = if routine.caution.is_empty() {
            theme.border()
        } else {
            theme.alert()
        };
        let mut block = panel(Line::styled(" Before you start ", border), theme)
            .border_style(border)
            .title_bottom(Line::styled(format!(" {NOT_ADVICE} "), theme.dim()).right_aligned());
        if !marker.is_empty() {
            block = block.title_bottom(Line::styled(marker, theme.key()).left_aligned());
        }
        frame.render_widget(Paragraph::new(shown_lines).block(block), before);
        look.hits.wheel(
            before,
            crate::tui::keys::Action::PageUp,
            crate::tui::keys::Action::PageDown,
        );
    }

    // The settings, scrolled so the chosen one is in sight (the last one shows the end).
    let inner_rows = settings.height.saturating_sub(2);
    let (lines, spans) = settings_lines(setup, width, theme);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let mut offset = setup.settings_offset.get();
    if let Some(span) = spans.get(setup.field) {
        let end = if setup.field + 1 == spans.len() {
            total
        } else {
            span.end
        };
        if end > offset + inner_rows {
            offset = end.saturating_sub(inner_rows);
        }
        if span.start < offset || span.end - span.start > inner_rows {
            offset = span.start;
        }
    }
    offset = offset.min(total.saturating_sub(inner_rows));
    setup.settings_offset.set(offset);
    let mut block = panel(
        Line::styled(
            if setup.as_remembered() {
                " Settings · as you chose last time "
            } else {
                " Settings "
            },
            theme.heading(),
        ),
        theme,
    );
    if offset > 0 {
        block = block.title(Line::styled(" ↑ more ", theme.key()).right_aligned());
    }
    if offset + inner_rows < total {
        block = block.title_bottom(Line::styled(" ↓ more ", theme.key()).right_aligned());
    }
    let visible: Vec<Line<'static>> = lines
        .into_iter()
        .skip(usize::from(offset))
        .take(usize::from(inner_rows))
        .collect();
    frame.render_widget(Paragraph::new(visible.clone()).block(block), settings);
    record_settings(settings, &visible, &spans, offset, setup.field, look);

    let about_text = match setup.plan_seconds() {
        Some((secs, steps, waits)) => format!(
            " Takes about {}{} · {}",
            format_duration(secs),
            if waits { " + your own pace" } else { "" },
            limber_core::routine::text::count(steps as u64, "step", "steps")
        ),
        None => " These values make the routine too long.".into(),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(about_text, theme.heading())),
        about,
    );
    if let Some(message) = &setup.error {
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {message}"), theme.alert())),
            error,
        );
    }
    look.footer(frame, foot, setup.hints());
}

/// Taps and the wheel on the settings drawn in `area` (inside its border), `visible` being the
/// lines from `offset` on: a tap on a setting's lines chooses it, on the chosen one's ◂ or ▸
/// gives less or more; the wheel moves between them.
fn record_settings(
    area: Rect,
    visible: &[Line],
    spans: &[std::ops::Range<u16>],
    offset: u16,
    field: usize,
    look: &Look,
) {
    look.hits.wheel(area, Action::Up, Action::Down);
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    for (i, line) in visible.iter().enumerate() {
        let n = offset.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
        let y = inner.y.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
        let Some(setting) = spans.iter().position(|s| s.contains(&n)) else {
            continue;
        };
        let row = Rect {
            y,
            height: 1,
            ..inner
        }
        .intersection(inner);
        look.hits.tap(row, Action::Row(setting));
        // The arrows of the chosen setting's own row.
        if setting == field && spans.get(setting).is_some_and(|s| s.start == n) && !row.is_empty() {
            let mut x = inner.x;
            for span in &line.spans {
                let width = u16::try_from(span.width()).unwrap_or(u16::MAX);
                let action = if span.content.contains('◂') {
                    Some(Action::Less)
                } else if span.content.contains('▸') {
                    Some(Action::More)
                } else {
                    None
                };
                if let Some(action) = action
                    && x.saturating_add(width) <= inner.right()
                {
                    look.hits.tap(
                        Rect {
                            x,
                            y,
                            width,
                            height: 1,
                        },
                        action,
                    );
                }
                x = x.saturating_add(width);
            }
        }
    }
}

/// What the row of legs is called.
const LEGS_LABEL: &str = "Which leg";

/// The widths of the label and value columns, so every row's value and range line up.
#[derive(Debug, Clone, Copy)]
struct Columns {
    label: usize,
    value: usize,
}

impl Columns {
    fn of(setup: &Setup) -> Self {
        let routine = &setup.routine;
        let mut label = routine
            .params
            .iter()
            .map(|p| p.label().chars().count())
            .max()
            .unwrap_or(0);
        if routine.has_sides() {
            label = label.max(LEGS_LABEL.chars().count());
        }
        // The widest a value can be: its bounds, its default, its value now (the legs' value is
        // a phrase and keeps its own width).
        let value = routine
            .params
            .iter()
            .flat_map(|p| {
                let (lo, hi) = p.bounds();
                let now = setup.values.get(&p.name).copied().unwrap_or(p.default);
                [lo, hi, p.default, now].map(|v| p.display_value(v).chars().count())
            })
            .max()
            .unwrap_or(0);
        Self { label, value }
    }
}

/// A setting's line: marker, label, value and range in their columns; the range goes on a line
/// of its own under the value when the row is too narrow for it.
fn row(
    name: &str,
    value: &str,
    note: &str,
    chosen: bool,
    columns: Columns,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let marker = if chosen { "▌" } else { " " };
    let value_style = if chosen {
        theme.selected()
    } else {
        theme.heading()
    };
    let arrows = if chosen {
        ("◂ ", " ▸")
    } else {
        ("  ", "  ")
    };
    let mut line = Line::from(vec![
        Span::styled(marker, theme.heading()),
        Span::styled(
            format!("{name:<width$}", width = columns.label),
            theme.text(),
        ),
        Span::raw("  "),
        Span::styled(arrows.0, theme.dim()),
        Span::styled(format!(" {value} "), value_style),
        Span::styled(arrows.1, theme.dim()),
        Span::raw(" ".repeat(columns.value.saturating_sub(value.chars().count()))),
    ]);
    let note_width = note.chars().count() + 2;
    if line.width() + note_width <= usize::from(width) {
        line.spans
            .push(Span::styled(format!("  {note}"), theme.dim()));
        return vec![line];
    }
    // Under the value, or under the help's indent when the label is wide.
    let indent = (1 + columns.label + 2 + 2).min(usize::from(HELP_INDENT));
    let mut lines = vec![line];
    lines.extend(
        wrap_words(
            note,
            width.saturating_sub(u16::try_from(indent).unwrap_or(0)),
        )
        .into_iter()
        .map(|l| Line::styled(format!("{:indent$}{l}", ""), theme.dim())),
    );
    lines
}
