//! Finish: what was done.
//!
//! ```text
//!
//!                         ██████   ████  ██  ██ ██████
//!                         ██   ██ ██  ██ ███ ██ ██          (big "Done")
//!
//!                        Night calf stretch
//!                        time spent      6:12
//!                        steps done      11 of 12
//!                        skipped         1
//!
//!                 Saved in your diary.                 (or what went wrong)
//!          Log this cramp in your diary? Press l.      (after a first-aid routine)
//!
//!  Enter list · q quit · l log this cramp · ? help · N night
//! ```

use limber_core::diary::Place;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use limber_core::duration::format_clock;
use limber_core::routine::Tone;

use jiff::civil::DateTime;
use limber_core::player::Summary;
use limber_core::routine::SideChoice;

use super::Look;
use crate::tui::keys::{self, Mode};
use crate::tui::widgets::{centered, cut, wrapped_height};

/// The finish screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    pub title: String,
    pub summary: Summary,
    pub routine_id: String,
    pub sides: SideChoice,
    /// Local wall-clock time the routine started: the cramp it eased was happening then.
    pub started: DateTime,
    /// A first-aid routine whose cramp is not logged yet: `l` offers the log form.
    pub offer: bool,
    /// The run's id in the diary once written, to link a cramp logged after it.
    pub session: Option<i64>,
    /// Where the cramp was, to fill in the log form.
    pub place: Option<Place>,
    /// First aid for a cramp (not practice): only then is the time spent waiting "until it
    /// passed" a cramp's length.
    pub first_aid: bool,
}

impl Finish {
    /// The footer's keys: the offer to log while it stands; Enter quits when there is no list.
    pub(crate) fn hints(&self, has_list: bool) -> Vec<(String, &'static str)> {
        keys::hints(Mode::Finish)
            .into_iter()
            .filter(|(_, h)| self.offer || *h != "log this cramp")
            .map(|(k, h)| {
                // Played from `limber play`, there is no list to go back to: Enter quits too.
                if !has_list && h == "list" {
                    (k, "quit")
                } else {
                    (k, h)
                }
            })
            .collect()
    }
}

pub(crate) fn render(frame: &mut Frame, area: Rect, done: &Finish, look: &Look) {
    let theme = look.theme;
    let summary = &done.summary;
    let word = if summary.finished { "Done" } else { "Stopped" };
    let big_rows = if area.height >= 22 { 8 } else { 4 };
    // Under the numbers: what the diary said, and the offer to log the cramp.
    let mut diary: Vec<(String, ratatui::style::Style)> = Vec::new();
    if let Some(notice) = look.notice {
        let style = if notice.problem {
            theme.alert()
        } else {
            theme.dim()
        };
        diary.push((notice.text.clone(), style));
    }
    // A first-aid step that ran over 5 minutes: the articles' advice, said again here.
    if done.offer
        && let Some(advice) = limber_core::advice::after_a_long_cramp(summary.manual)
    {
        diary.push((advice, theme.alert()));
    }
    if done.offer {
        diary.push((
            "Log this cramp in your diary? Press l.".into(),
            theme.heading(),
        ));
    }
    let width = area.width.saturating_sub(4).max(1);
    let diary_rows: u16 = diary
        .iter()
        .map(|(text, _)| wrapped_height(text, width))
        .sum();
    let [_, big, _, body, notes, _, foot] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(big_rows),
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(diary_rows),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        BigText::builder()
            .pixel_size(if big_rows == 8 {
                PixelSize::Full
            } else {
                PixelSize::Quadrant
            })
            .style(theme.tone(Tone::Neutral))
            .lines(vec![Line::from(word)])
            .alignment(Alignment::Center)
            .build(),
        big,
    );
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<16}"), theme.dim()),
            Span::styled(format!("{value:<12}"), theme.heading()),
        ])
    };
    let mut lines = vec![
        // One row: a title longer than the window is cut with "…", never clipped unseen.
        Line::styled(
            cut(&done.title, usize::from(area.width.saturating_sub(2))),
            theme.heading(),
        ),
        row("time spent", format_clock(summary.spent.as_secs())),
        row(
            "steps done",
            format!("{} of {}", summary.done, summary.total),
        ),
        row("skipped", summary.skipped.to_string()),
    ];
    if done.first_aid && !summary.manual.is_zero() {
        lines.push(row(
            "until it passed",
            format_clock(summary.manual.as_secs()),
        ));
    }
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), body);
    let notes = centered(notes, width, notes.height);
    frame.render_widget(
        Paragraph::new(
            diary
                .into_iter()
                .map(|(text, style)| Line::styled(text, style))
                .collect::<Vec<_>>(),
        )
        .alignment(Alignment::Center)
        .wrap(ratatui::widgets::Wrap { trim: true }),
        notes,
    );

    look.footer(frame, foot, done.hints(look.has_list));
}
