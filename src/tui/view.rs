//! Drawing: `render(frame, &app, now)` picks the screen and the overlay. Rendering reads the app and
//! never changes it; `now` only turns the player's clock into numbers.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::app::{App, Overlay, Screen};
use super::keys::{self, Mode};
use super::theme::Theme;
use super::{diary, finish, help, picker, setup, timer};

/// Below this the layout would break; ask for a larger window instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub fn theme(app: &App) -> Theme {
    Theme {
        color: app.color,
        night: app.night,
    }
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, now: Instant) {
    let area = frame.area();
    let theme = theme(app);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app, now, theme);
        return;
    }
    if let Overlay::Help(page) = app.overlay {
        help::render(frame, area, app, page, now);
        return;
    }
    match &app.screen {
        Screen::Picker => picker::render(frame, area, app),
        Screen::Setup(setup) => setup::render(frame, area, app, setup),
        Screen::Timer(run) => timer::render(frame, area, app, run, now),
        Screen::Finish(done) => finish::render(frame, area, app, done),
        Screen::Log(log) => diary::render_form(frame, area, app, log),
        Screen::Report(report) => diary::render_report(frame, area, app, report),
    }
    if app.overlay == Overlay::ConfirmQuit {
        confirm(frame, area, theme);
    }
}

/// ```text
///
///        Pull the toes up
///        0:25
///        make the window larger
///        (at least 40 × 12)
///
/// ```
///
/// While a routine runs, the step and its clock come first, so even a tiny window shows them.
fn too_small(frame: &mut Frame, area: Rect, app: &App, now: Instant, theme: Theme) {
    let mut lines = Vec::new();
    if let Screen::Timer(run) = &app.screen
        && let Some((title, clock)) = timer::compact(run, now)
    {
        // One row for the title, so the clock always shows.
        let width = usize::from(area.width.max(1));
        let title = if title.chars().count() > width {
            let cut: String = title.chars().take(width.saturating_sub(1)).collect();
            format!("{cut}…")
        } else {
            title
        };
        lines.push(Line::styled(title, theme.heading()));
        lines.push(Line::styled(clock, theme.heading()));
    }
    lines.push(Line::styled("make the window larger", theme.heading()));
    lines.push(Line::styled(
        format!("(at least {MIN_WIDTH} × {MIN_HEIGHT})"),
        theme.dim(),
    ));
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let height = wrapped_height(&text.join("\n"), area.width).min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        middle,
    );
}

/// ```text
///            ╭ Quit? ──────────────────────╮
///            │  Stop this routine and quit? │
///            │       y  quit · n  go on     │
///            ╰──────────────────────────────╯
/// ```
fn confirm(frame: &mut Frame, area: Rect, theme: Theme) {
    let popup = centered(area, 36, 6);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.alert())
        .title(Line::styled(" Quit? ", theme.alert()));
    let text = vec![
        Line::raw(""),
        Line::styled("Stop this routine and quit?", theme.heading()),
        footer(Mode::Confirm, theme, 34),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .block(block),
        popup,
    );
}

/// A rectangle of at most `width` × `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The key hints for a mode, from the key table: ` Space pause · → / n next · …`, fitted to
/// `width`.
pub fn footer(mode: Mode, theme: Theme, width: u16) -> Line<'static> {
    footer_from(keys::hints(mode), theme, width)
}

/// Fits hints into `width`: all their keys if there is room, else the first key of each, else as
/// many hints as fit, from the first.
pub fn footer_from(hints: Vec<(String, &'static str)>, theme: Theme, width: u16) -> Line<'static> {
    let width = usize::from(width);
    let length = |hints: &[(String, &str)]| -> usize {
        hints
            .iter()
            .map(|(k, w)| k.chars().count() + 1 + w.chars().count() + 3)
            .sum::<usize>()
    };
    let mut hints = hints;
    if length(&hints) > width {
        for (keys, _) in &mut hints {
            if let Some((first, _)) = keys.split_once(" / ") {
                *keys = first.to_string();
            }
        }
    }
    while length(&hints) > width && !hints.is_empty() {
        hints.pop();
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, what)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {what}"), theme.dim()));
    }
    Line::from(spans)
}

/// Rows a text takes when wrapped at `width` (an estimate by words, as `Wrap` does).
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut rows = 0usize;
    for paragraph in text.split('\n') {
        let mut line = 0usize;
        rows += 1;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            if line == 0 {
                line = len;
            } else if line + 1 + len <= width {
                line += 1 + len;
            } else {
                rows += 1;
                line = len;
            }
            while line > width {
                rows += 1;
                line -= width;
            }
        }
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Word-wraps `text` to `width` columns, keeping its leading spaces; lines after the first start
/// with `indent` spaces.
pub fn wrap_hanging(text: &str, width: u16, indent: usize) -> Vec<String> {
    let width = usize::from(width).max(indent + 10);
    let lead = text.len() - text.trim_start().len();
    let mut lines: Vec<String> = Vec::new();
    let mut line = " ".repeat(lead);
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if empty {
            line.push_str(word);
            empty = false;
        } else if len + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            line.push_str(word);
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    if !empty {
        lines.push(line);
    }
    lines
}

/// A rounded block with a title, its border in `style`.
pub fn panel<'a>(title: impl Into<Line<'a>>, theme: Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(title)
}
