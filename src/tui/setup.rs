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

use super::app::{App, Setup};
use super::doctor::NOT_ADVICE;
use super::keys::Mode;
use super::theme::Theme;
use super::view::{self, footer, panel, wrapped_height};

pub fn render(frame: &mut Frame, area: Rect, app: &App, setup: &Setup) {
    let theme = view::theme(app);
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
            Span::styled(" · before you start", theme.dim()),
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

    let mut lines: Vec<Line> = Vec::new();
    for (i, param) in routine.params.iter().enumerate() {
        let chosen = i == setup.field;
        let value = setup
            .values
            .get(&param.name)
            .copied()
            .unwrap_or(param.default);
        let shown = match (&setup.typing, chosen) {
            (Some(typed), true) => format!("{typed}▏"),
            _ => param.display_value(value),
        };
        let (lo, hi) = param.bounds();
        let range = format!(
            "{} to {} · default {}",
            param.display_value(lo),
            param.display_value(hi),
            param.display_value(param.default)
        );
        lines.push(row(&param.name, &shown, &range, chosen, theme));
        if let Some(help) = &param.help {
            lines.push(Line::styled(format!("     {help}"), theme.dim()));
        }
    }
    if routine.has_sides() {
        let chosen = setup.field == routine.params.len();
        lines.push(row(
            "legs",
            setup.sides.label(),
            "a cramp is often in one leg",
            chosen,
            theme,
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled(" Nothing to set: Enter starts.", theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel(Line::styled(" Settings ", theme.heading()), theme)),
        settings,
    );

    let about_text = match setup.plan_seconds() {
        Some((secs, steps, waits)) => format!(
            " Takes about {}{} · {steps} steps",
            format_duration(secs),
            if waits { " + your own pace" } else { "" }
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
    frame.render_widget(Paragraph::new(footer(Mode::Setup, theme, foot.width)), foot);
}

fn row(name: &str, value: &str, note: &str, chosen: bool, theme: Theme) -> Line<'static> {
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
        Span::styled(format!("{name:<14}"), theme.text()),
        Span::styled(arrows.0, theme.dim()),
        Span::styled(format!(" {value} "), value_style),
        Span::styled(arrows.1, theme.dim()),
        Span::styled(format!("   {note}"), theme.dim()),
    ])
}
