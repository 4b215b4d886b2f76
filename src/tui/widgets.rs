//! Pieces every screen draws with: a centred box, the footer of keys, wrapping, a panel.

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
