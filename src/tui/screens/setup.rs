//! Setup: the cautions first, then each param with its help, default and range, and which leg.
//!
//! ```text
//!  Contrast bath for tired legs · before you start
//! ╭ Caution ─────────────────────────────────────────────────────────────────╮
//! │ Test the water with your hand or elbow first.                            │
//! ╰──────────────────────────────────────────────────────────────────────────╯
//! ╭ Settings ────────────────────────────────────────────────────────────────╮
//! │▌cycles        ◂ 7 ▸         3 to 10 · default 7                          │
//! │   How many hot/cold alternations.                                        │
//! │ legs          ◂ both legs, left first ▸                                  │
//! ╰──────────────────────────────────────────────────────────────────────────╯
//!  Takes about 12m30s · 16 steps
//!  ↑/↓ choose · ←/→ change · type a number · Enter start · Esc back
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use limber_core::duration::format_duration;

use limber_core::routine::remember::Offer;
use limber_core::routine::values::parse_value;
use limber_core::routine::{ParamKind, Routine, SideChoice, Stage, Values, expand};

use super::Look;
use crate::tui::doctor::NOT_ADVICE;
use crate::tui::field::TextField;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::{line_rows, panel, wrapped_height};

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

    /// The plan these choices make, if it is valid.
    pub(crate) fn plan_seconds(&self) -> Option<(u64, usize, bool)> {
        let plan = if self.practice {
            limber_core::routine::practice::expand_practice(&self.routine, &self.values, self.sides)
        } else {
            expand(&self.routine, &self.values, self.sides)
        }
        .ok()?;
        let waits = plan.stages.iter().any(Stage::waits);
        Some((plan.total_seconds(), plan.stages.len(), waits))
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
            }
            Action::Erase | Action::Edit(_) => {
                if let Some(typing) = &mut self.typing {
                    typing.apply(action);
                }
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
        match parse_value(&self.routine, &param.name, text.value()) {
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

pub(crate) fn render(frame: &mut Frame, area: Rect, setup: &Setup, look: &Look) {
    let theme = look.theme;
    let routine = &setup.routine;
    let width = area.width.saturating_sub(4);
    let caution_rows: u16 = routine
        .caution
        .iter()
        .map(|c| wrapped_height(c, width))
        .sum::<u16>();
    let caution_height = if caution_rows == 0 {
        0
    } else {
        (caution_rows + 2).min(area.height / 3)
    };
    let [head, cautions, settings, about, error, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(caution_height),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(setup.error.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);

    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {}", routine.title), theme.heading()),
            Span::styled(
                if setup.practice {
                    " · practice, no cramp now"
                } else {
                    " · before you start"
                },
                theme.dim(),
            ),
        ])),
        head,
    );

    if caution_height > 0 {
        let lines: Vec<Line> = routine
            .caution
            .iter()
            .map(|c| Line::styled(c.clone(), theme.text()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                panel(Line::styled(" Caution ", theme.alert()), theme)
                    .border_style(theme.alert())
                    .title_bottom(
                        Line::styled(format!(" {NOT_ADVICE} "), theme.dim()).right_aligned(),
                    ),
            ),
            cautions,
        );
    }

    let columns = Columns::of(setup);
    let mut lines: Vec<Line> = Vec::new();
    // Where each setting's lines start, for taps.
    let mut starts: Vec<usize> = Vec::new();
    for (i, param) in routine.params.iter().enumerate() {
        starts.push(lines.len());
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
        lines.push(row(param.label(), &shown, &range, chosen, columns, theme));
        if let Some(help) = &param.help {
            lines.push(Line::styled(format!("     {help}"), theme.dim()));
        }
    }
    if routine.has_sides() {
        starts.push(lines.len());
        let chosen = setup.field == routine.params.len();
        lines.push(row(
            LEGS_LABEL,
            setup.sides.label(),
            "a cramp is often in one leg",
            chosen,
            columns,
            theme,
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled(" Nothing to set: Enter starts.", theme.dim()));
    }
    record_settings(settings, &lines, &starts, setup.field, look);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel(
                Line::styled(
                    if setup.as_remembered() {
                        " Settings · as you chose last time "
                    } else {
                        " Settings "
                    },
                    theme.heading(),
                ),
                theme,
            )),
        settings,
    );

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

/// Taps and the wheel on the settings drawn in `area` (inside its border): a tap on a setting's
/// lines chooses it, on the chosen one's ◂ or ▸ gives less or more; the wheel moves between them.
fn record_settings(area: Rect, lines: &[Line], starts: &[usize], field: usize, look: &Look) {
    look.hits.wheel(area, Action::Up, Action::Down);
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    let mut y = inner.y;
    for (n, line) in lines.iter().enumerate() {
        let rows = line_rows(line, inner.width, false);
        let visible = Rect {
            y,
            height: rows,
            ..inner
        }
        .intersection(inner);
        if let Some(setting) = starts.iter().rposition(|start| *start <= n) {
            look.hits.tap(visible, Action::Row(setting));
            // The arrows of the chosen setting's own row, when they stand on its first row.
            if setting == field && starts.get(setting) == Some(&n) && !visible.is_empty() {
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
                                y: visible.y,
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
        y = y.saturating_add(rows);
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

fn row(
    name: &str,
    value: &str,
    note: &str,
    chosen: bool,
    columns: Columns,
    theme: Theme,
) -> Line<'static> {
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
    Line::from(vec![
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
        Span::styled(format!("  {note}"), theme.dim()),
    ])
}
