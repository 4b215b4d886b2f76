//! "Quit?" over a running routine: quit, back to the list (when the routine was started from
//! it), or go on. The routine's clock stands still while it asks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::Look;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::widgets::{centered, footer_from};

/// What the person answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Stop the routine and quit limber.
    Quit,
    /// Stop the routine and go back to the list.
    ToList,
    /// Go on with the routine.
    GoOn,
}

/// The answer an action gives, `None` while still asking; "back to the list" only when there is
/// a list (`has_list`).
pub(crate) fn answer(action: Action, has_list: bool) -> Option<Answer> {
    match action {
        Action::Yes => Some(Answer::Quit),
        Action::StopToList if has_list => Some(Answer::ToList),
        Action::No => Some(Answer::GoOn),
        _ => None,
    }
}

/// The answers it offers, one a line.
pub(crate) fn hints(has_list: bool) -> Vec<(String, &'static str)> {
    keys::hints(Mode::Confirm)
        .into_iter()
        .filter(|(_, h)| has_list || *h != "back to the list")
        .collect()
}

/// The routine's clock is paused while it asks (the app pauses it, and resumes it on "go on").
///
/// ```text
///            ╭ Quit? ───────────────────────────╮
///            │                                  │
///            │        Stop this routine?        │
///            │              y quit              │
///            │        l back to the list        │
///            │              n go on             │
///            ╰──────────────────────────────────╯
/// ```
pub(crate) fn render(frame: &mut Frame, area: Rect, look: &Look, has_list: bool) {
    let theme = look.theme;
    let hints = hints(has_list);
    let rows = u16::try_from(hints.len()).unwrap_or(3);
    let popup = centered(area, 36, 4 + rows);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.alert())
        .title(Line::styled(" Quit? ", theme.alert()));
    let inner = block.inner(popup);
    let question = if has_list {
        "Stop this routine?"
    } else {
        "Stop this routine and quit?"
    };
    let mut text = vec![
        Line::raw(""),
        Line::styled(question, theme.heading()).centered(),
    ];
    // Each answer on a line of its own, a place to tap.
    for (i, hint) in hints.into_iter().enumerate() {
        let answer = footer_from(vec![hint], theme, inner.width).centered();
        look.hits.footer(
            &answer,
            Rect {
                y: inner.y + 2 + u16::try_from(i).unwrap_or(0),
                height: 1,
                ..inner
            }
            .intersection(inner),
        );
        text.push(answer);
    }
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
