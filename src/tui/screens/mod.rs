//! The screens, one module each: its state, how it reacts to the key table's actions, how it is
//! drawn and which keys its footer offers. A screen never reads the clock or the terminal and
//! never imports the app: what it needs from outside comes in as a [`Tick`] (handling) or a
//! [`Look`] (drawing), and what it wants done goes back to the app as its own small outcome enum
//! or as [`Command`](super::command::Command)s.
//!
//! ```text
//! picker    the list of routines, its filter and tags      setup     params and legs before a run
//! timer     a routine running (the player)                 finish    the end of a run
//! help      the keys page and the doctor page              quit      "Quit? y / n" over a run
//! log_form  the cramp log form (also `limber log`)         diary     the report screen
//! cramp     "Where is the cramp?", then "Which leg?"
//! ```

pub mod cramp;
pub mod diary;
pub(crate) mod finish;
pub(crate) mod help;
pub mod log_form;
pub mod picker;
pub(crate) mod quit;
pub(crate) mod setup;
pub(crate) mod timer;

use std::time::{Duration, Instant};

use jiff::civil::DateTime;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::mouse::Hits;
use super::theme::Theme;
use super::widgets::{footer_from, wrapped_height};

/// What the loop knows when an event comes: the moment, the local wall-clock time (the diary's
/// dates) and how long a sound asked for now would wait for the sound already queued (a stage
/// begun by a key starts that much later, with its chime).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub now: Instant,
    pub local: DateTime,
    pub sound_lead: Duration,
}

impl Tick {
    /// The same tick at another moment.
    pub(crate) fn with_now(self, now: Instant) -> Tick {
        Tick { now, ..self }
    }
}

/// A moment with no wall-clock time and no sound lead (tests, and nothing that writes a date).
impl From<Instant> for Tick {
    fn from(now: Instant) -> Tick {
        Tick {
            now,
            local: DateTime::default(),
            sound_lead: Duration::ZERO,
        }
    }
}

/// A line about the diary for the person: saved, logged, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// Something went wrong (or a file was set aside): shown as an alert.
    pub problem: bool,
}

/// What a screen reads when it draws, besides its own state.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    /// Only turns the player's clock into numbers.
    pub now: Instant,
    pub theme: Theme,
    /// The latest word from the diary.
    pub notice: Option<&'a Notice>,
    pub muted: bool,
    /// A line from the sound side ("sound: off (no output device)").
    pub sound: Option<&'a str>,
    /// Whether there is a list of routines to go back to (not when `limber play` had none).
    pub has_list: bool,
    /// Where this frame's parts are, for taps and the wheel: a screen records what it draws.
    pub hits: &'a Hits,
}

impl Look<'_> {
    /// Rows the notice takes at `width`.
    pub(crate) fn notice_rows(&self, width: u16) -> u16 {
        self.notice.map_or(0, |n| wrapped_height(&n.text, width))
    }

    /// The footer of keys in `area`, each key and its word a place to tap.
    pub(crate) fn footer(&self, frame: &mut Frame, area: Rect, hints: Vec<(String, &'static str)>) {
        let line = footer_from(hints, self.theme, area.width);
        self.hits.footer(&line, area);
        frame.render_widget(Paragraph::new(line), area);
    }

    /// The notice, wrapped and centred, in `area`.
    pub(crate) fn render_notice(&self, frame: &mut Frame, area: Rect) {
        if let Some(notice) = self.notice {
            let style = if notice.problem {
                self.theme.alert()
            } else {
                self.theme.dim()
            };
            frame.render_widget(
                Paragraph::new(Line::styled(notice.text.clone(), style))
                    .alignment(Alignment::Center)
                    .wrap(Wrap { trim: true }),
                area,
            );
        }
    }
}
