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
//!  Enter list · q quit · ? help · N night
//! ```

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use crate::routine::Tone;
use crate::routine::duration::format_clock;

use super::app::{App, Finish};
use super::keys::{self, Mode};
use super::view::{self, footer_from};

pub fn render(frame: &mut Frame, area: Rect, app: &App, done: &Finish) {
    let theme = view::theme(app);
    let summary = &done.summary;
    let word = if summary.finished { "Done" } else { "Stopped" };
    let big_rows = if area.height >= 22 { 8 } else { 4 };
    let [_, big, _, body, _, foot] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(big_rows),
        Constraint::Length(1),
        Constraint::Length(6),
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
        Line::styled(done.title.clone(), theme.heading()),
        row("time spent", format_clock(summary.spent.as_secs())),
        row(
            "steps done",
            format!("{} of {}", summary.done, summary.total),
        ),
        row("skipped", summary.skipped.to_string()),
    ];
    if !summary.manual.is_zero() {
        lines.push(row(
            "until it passed",
            format_clock(summary.manual.as_secs()),
        ));
    }
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), body);

    let hints: Vec<(String, &'static str)> = keys::hints(Mode::Finish)
        .into_iter()
        .map(|(k, h)| {
            // Played from `limber play`, there is no list to go back to: Enter quits too.
            if app.catalog.is_empty() && h == "list" {
                (k, "quit")
            } else {
                (k, h)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(footer_from(hints, theme, foot.width)), foot);
}
