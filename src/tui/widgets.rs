//! Pieces every screen draws with: a centred box, the footer of keys, wrapping, a panel.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::theme::Theme;

/// A rectangle of at most `width` × `height`, centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Fits hints into `width`: all their keys if there is room, else the first key of each, else as
/// many hints as fit, from the first.
pub(crate) fn footer_from(
    hints: Vec<(String, &'static str)>,
    theme: Theme,
    width: u16,
) -> Line<'static> {
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
    // Drop hints from the end, but never `? help` or what `q` / Esc do (quit, or back): on a
    // phone-sized window they are the way to everything else.
    let kept = |(keys, word): &(String, &str)| {
        matches!(*word, "help" | "quit") || keys.split(" / ").any(|k| k == "q" || k == "Esc")
    };
    while length(&hints) > width {
        match hints.iter().rposition(|h| !kept(h)) {
            Some(i) => {
                hints.remove(i);
            }
            None => break,
        }
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
pub(crate) fn wrapped_height(text: &str, width: u16) -> u16 {
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

/// Rows a line takes in a paragraph wrapped at `width` (`trim` as its [`Wrap`]): measured by
/// wrapping it as the paragraph does, so a tap finds the row it was drawn on.
pub(crate) fn line_rows(line: &Line, width: u16, trim: bool) -> u16 {
    // No row holds less than one character, so it takes at most as many rows as it has.
    let most = u16::try_from(line.width())
        .unwrap_or(u16::MAX)
        .clamp(1, 200);
    if width == 0 {
        return 1;
    }
    let area = Rect::new(0, 0, width, most);
    let mut buffer = Buffer::empty(area);
    Paragraph::new(line.clone())
        .wrap(Wrap { trim })
        .render(area, &mut buffer);
    (0..most)
        .rev()
        .find(|&y| (0..width).any(|x| buffer[(x, y)].symbol() != " "))
        .map_or(1, |y| y + 1)
}

/// Word-wraps `text` to `width` columns: each `\n` starts a new line, a word longer than the
/// width is broken. Every word of `text` is in the result, in order.
pub(crate) fn wrap_words(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut len = 0usize;
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            if len > 0 && len + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            while word.len() > width {
                let rest = word.split_off(width);
                if len > 0 {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(word.iter().collect());
                len = 0;
                word = rest;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.extend(word.iter());
            len += word.len();
        }
        lines.push(line);
    }
    lines
}

/// Word-wraps `text` to `width` columns, keeping its leading spaces; lines after the first start
/// with `indent` spaces.
pub(crate) fn wrap_hanging(text: &str, width: u16, indent: usize) -> Vec<String> {
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

/// `text` in at most `width` columns: whole if it fits, else cut with `…`.
pub(crate) fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A title and a status on one line of `width` columns (a frame's top border, a header): the
/// status whole when it fits beside at least a few letters of the title, the title cut with `…`
/// to what is left, a space between them always. Each comes back with the width it may take.
pub(crate) fn title_and_status(title: &str, status: &str, width: usize) -> (String, String) {
    let status_len = status.chars().count();
    // Keep a few letters of the title, with its ellipsis, before the status gives way.
    let least = title.chars().count().min(8);
    let status = if status_len + 1 + least <= width {
        status.to_string()
    } else {
        cut(status, width.saturating_sub(least + 1))
    };
    let room = width.saturating_sub(status.chars().count() + usize::from(!status.is_empty()));
    (cut(title, room), status)
}

/// How far a text that may not fit is scrolled. Drawing tells it how many rows there were and
/// how many showed (in a `Cell`, as ratatui's list state does), so scrolling stops at the end:
/// no blank pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scroll {
    offset: u16,
    total: Cell<u16>,
    page: Cell<u16>,
}

impl Scroll {
    /// The first row shown.
    pub(crate) fn offset(&self) -> u16 {
        self.offset.min(self.last_start())
    }

    fn last_start(&self) -> u16 {
        self.total.get().saturating_sub(self.page.get())
    }

    /// Scrolls `rows` down, never past the last page.
    pub(crate) fn down(&mut self, rows: u16) {
        self.offset = self.offset().saturating_add(rows).min(self.last_start());
    }

    /// Scrolls `rows` up.
    pub(crate) fn up(&mut self, rows: u16) {
        self.offset = self.offset().saturating_sub(rows);
    }

    /// A page: what showed at the last drawing, less a row kept for context.
    pub(crate) fn page(&self) -> u16 {
        self.page.get().saturating_sub(1).max(1)
    }

    /// Back to the top.
    pub(crate) fn reset(&mut self) {
        self.offset = 0;
    }

    /// ↓ ↑ PgDn PgUp Home End; whether the action was one of them.
    pub(crate) fn handle(&mut self, action: crate::tui::keys::Action) -> bool {
        use crate::tui::keys::Action;
        match action {
            Action::Down => self.down(1),
            Action::Up => self.up(1),
            Action::PageDown => self.down(self.page()),
            Action::PageUp => self.up(self.page()),
            Action::Top => self.reset(),
            Action::Bottom => self.offset = self.last_start(),
            _ => return false,
        }
        true
    }

    /// Drawing: `total` rows in `rows` of room; the first row to show.
    pub(crate) fn window(&self, total: u16, rows: u16) -> u16 {
        self.total.set(total);
        self.page.set(rows);
        self.offset()
    }

    /// Rows hidden above and below at the last drawing.
    pub(crate) fn hidden(&self) -> (u16, u16) {
        let offset = self.offset();
        let below = self
            .total
            .get()
            .saturating_sub(offset.saturating_add(self.page.get()));
        (offset, below)
    }

    /// The marker for a frame's bottom border while some rows are hidden: `↓ more below · ↓`,
    /// or `↑ more above · ↑` at the end; `None` when everything shows.
    pub(crate) fn marker(&self, down: &str, up: &str) -> Option<String> {
        match self.hidden() {
            (_, below) if below > 0 => Some(format!(" ↓ more below · {down} ")),
            (above, _) if above > 0 => Some(format!(" ↑ more above · {up} ")),
            _ => None,
        }
    }

    /// [`Scroll::marker`] in fewer columns (`↓ more · ↓`), for a border that also carries
    /// other words.
    pub(crate) fn short_marker(&self, down: &str, up: &str) -> Option<String> {
        match self.hidden() {
            (_, below) if below > 0 => Some(format!(" ↓ more · {down} ")),
            (above, _) if above > 0 => Some(format!(" ↑ more · {up} ")),
            _ => None,
        }
    }
}

/// A rounded block with a title, its border in `style`.
pub(crate) fn panel<'a>(title: impl Into<Line<'a>>, theme: Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(title)
}

/// A header line: ` limber · what`.
pub(crate) fn header(frame: &mut Frame, area: Rect, what: &str, theme: Theme) {
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" limber", theme.heading()),
            Span::styled(format!(" · {what}"), theme.dim()),
        ])),
        area,
    );
}

/// The log form and the report draw in the terminal's own colours with a few accents; here they follow the
/// app: none at all with `NO_COLOR`, and at night dim grey with no bold, like every other screen.
pub(crate) fn restyle(frame: &mut Frame, area: Rect, theme: Theme) {
    if theme.color && !theme.night {
        return;
    }
    let dim = theme.text().fg.unwrap_or(Color::Reset);
    let buffer = frame.buffer_mut();
    let area = area.intersection(buffer.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buffer[(x, y)];
            if theme.color {
                cell.fg = dim;
            } else {
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
            if theme.night {
                cell.modifier.remove(Modifier::BOLD);
            }
        }
    }
}
