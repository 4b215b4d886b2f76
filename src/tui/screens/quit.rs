//! "Quit? y / n" over a running routine: the routine keeps running behind it.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::Look;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::widgets::{centered, footer_from};

/// The answer an action gives: `Some(true)` quit, `Some(false)` go on, `None` still asking.
pub(crate) fn answer(action: Action) -> Option<bool> {
    match action {
        Action::Yes => Some(true),
        Action::No => Some(false),
        _ => None,
    }
}

/// The keys it offers.
pub(crate) fn hints() -> Vec<(String, &'static str)> {
    keys::hints(Mode::Confirm)
}

/// ```text
///            ╭ Quit? ──────────────────────╮
///            │  Stop this routine and quit? │
///            │       y  quit · n  go on     │
///            ╰──────────────────────────────╯
/// ```
pub(crate) fn render(frame: &mut Frame, area: Rect, look: &Look) {
    let theme = look.theme;
    let popup = centered(area, 36, 6);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.alert())
        .title(Line::styled(" Quit? ", theme.alert()));
    let answers = footer_from(hints(), theme, 34).centered();
    let inner = block.inner(popup);
    // The answers' row, for taps: under a blank row and the question.
    look.hits.footer(
        &answers,
        Rect {
            y: inner.y + 2,
            height: 1,
            ..inner
        }
        .intersection(inner),
    );
    let text = vec![
        Line::raw(""),
        Line::styled("Stop this routine and quit?", theme.heading()),
        answers,
    ];
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .block(block),
        popup,
    );
}
