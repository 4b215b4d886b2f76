//! The cramp diary inside the interface: where it is kept ([`StoreDiary`], [`NoDiary`]) and its
//! two screens, the log form and the report, drawn by `store::view` inside the app's frame.
//!
//! ```text
//!  limber · log a cramp                                   (or: limber · cramp diary)
//!          ┌ Log a cramp ──────────────────────────────────────┐
//!          │ When          2025-01-06 02:30                     │
//!          │ …                                                  │
//!          └────────────────────────────────────────────────────┘
//!          (what the diary said, if anything)
//! ```

use std::path::PathBuf;

use jiff::civil::DateTime;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::commands::diary::read_report;
use crate::store::view::{render_log_form, render_report_scrolled};
use crate::store::{self, NewCramp, NewSession, data_dir};

use super::Diary;
use super::app::{App, Loaded, Log, ReportView, Saved};
use super::keys::{self, Mode};
use super::theme::Theme;
use super::view::{self, footer_from, wrapped_height};

/// The diary in its SQLite file: `--data DIR`, else `LIMBER_DATA`, else the platform's data
/// folder. Each write opens the file, writes in one transaction and closes it.
#[derive(Debug, Clone, Default)]
pub struct StoreDiary {
    pub data: Option<PathBuf>,
}

impl Diary for StoreDiary {
    fn record_session(&mut self, session: &NewSession) -> Saved {
        store::record_session(self.data.as_deref(), session)
            .map(|(id, aside)| (id, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }

    fn record_cramp(&mut self, cramp: &NewCramp) -> Saved {
        store::record_cramp(self.data.as_deref(), cramp)
            .map(|(id, aside)| (id, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }

    fn report(&mut self, now: DateTime) -> Loaded {
        let dir = data_dir(self.data.as_deref()).map_err(|e| e.to_string())?;
        read_report(&dir, now, None)
            .map(|(report, aside)| (report, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }
}

/// A diary that keeps nothing (tests, and a way to run without one).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDiary;

impl Diary for NoDiary {
    fn record_session(&mut self, _: &NewSession) -> Saved {
        Err("no diary is kept in this run".into())
    }

    fn record_cramp(&mut self, _: &NewCramp) -> Saved {
        Err("no diary is kept in this run".into())
    }

    fn report(&mut self, now: DateTime) -> Loaded {
        Ok((store::Report::build(&[], &[], now, None), None))
    }
}

/// A header line: ` limber · what`.
fn header(frame: &mut Frame, area: Rect, what: &str, theme: Theme) {
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" limber", theme.heading()),
            Span::styled(format!(" · {what}"), theme.dim()),
        ])),
        area,
    );
}

/// The app's notice, wrapped, in `area`.
fn notice(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if let Some(notice) = &app.notice {
        let style = if notice.problem {
            theme.alert()
        } else {
            theme.dim()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(notice.text.clone(), style))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            area,
        );
    }
}

/// Rows the notice takes at `width`.
fn notice_rows(app: &App, width: u16) -> u16 {
    app.notice
        .as_ref()
        .map_or(0, |n| wrapped_height(&n.text, width))
}

/// The log form, centred, with what the diary said under it.
pub fn render_form(frame: &mut Frame, area: Rect, app: &App, log: &Log) {
    let theme = view::theme(app);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let title = match log.back {
        super::app::Back::Finish(_) => "log the cramp you just eased",
        _ => "log a cramp",
    };
    header(frame, head, title, theme);
    let width = body.width.min(72);
    let rows = notice_rows(app, width);
    let [_, form_area, note_area, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(13),
        Constraint::Length(rows),
        Constraint::Fill(1),
    ])
    .areas(body);
    let form_area = view::centered(form_area, width, form_area.height);
    render_log_form(frame, form_area, &log.form);
    restyle(frame, form_area, theme);
    notice(frame, view::centered(note_area, width, rows), app, theme);
}

/// The diary report, with a footer of keys.
pub fn render_report(frame: &mut Frame, area: Rect, app: &App, report: &ReportView) {
    let theme = view::theme(app);
    let width = area.width;
    let rows = notice_rows(app, width);
    let [head, body, note_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(rows),
        Constraint::Length(1),
    ])
    .areas(area);
    header(frame, head, "cramp diary", theme);
    match (&report.report, &report.error) {
        (Some(r), _) => {
            render_report_scrolled(frame, body, r, report.scroll);
            restyle(frame, body, theme);
        }
        (None, Some(error)) => {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled("The diary could not be read.", theme.alert()),
                    Line::raw(""),
                    Line::styled(error.clone(), theme.text()),
                ])
                .wrap(Wrap { trim: true })
                .block(view::panel(" Cramp diary ", theme)),
                body,
            );
        }
        (None, None) => {
            frame.render_widget(
                Paragraph::new(Line::styled("reading the diary…", theme.dim()))
                    .block(view::panel(" Cramp diary ", theme)),
                body,
            );
        }
    }
    notice(frame, note_area, app, theme);
    frame.render_widget(
        Paragraph::new(footer_from(keys::hints(Mode::Report), theme, foot.width)),
        foot,
    );
}

/// `store::view` draws in the terminal's own colours with a few accents; here they follow the
/// app: none at all with `NO_COLOR`, and at night dim grey with no bold, like every other screen.
fn restyle(frame: &mut Frame, area: Rect, theme: Theme) {
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
