//! The diary report screen: cramps per night as a chart, the counts and the warning signs, read
//! from the diary by the app's loop. `limber report` prints the same report as text.
//!
//! ```text
//! ┌ Cramp diary: Mon 2 Dec to Sun 29 Dec 2024 ───────────┐
//! │ █  █     █ █ █ █ █ (one bar per night)                │
//! │ 2  1  0  1 1 1 1 1                                   │
//! ├──────────────────────────────────────────────────────┤
//! │ 12 cramps · calf 9, foot 3 · night 10 …              │
//! │ WARNING SIGN … the articles say … not a diagnosis    │
//! └──────────────────────────────────────────────────────┘
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Wrap};

use super::Look;
use crate::tui::command::Loaded;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::widgets::{footer_from, header, panel, restyle};
use limber_core::diary::advice;
use limber_core::diary::chart::{self, Grain};
use limber_core::diary::report::{Report, short_date};

/// The diary report screen: the report once read, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// `None` until the diary has been read (or when it could not be).
    pub report: Option<Report>,
    pub error: Option<String>,
    /// Rows the text under the chart is scrolled.
    pub scroll: u16,
}

/// What the report screen asks the app for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Stay,
    /// Back to the list.
    Leave,
}

/// What reading the diary brought that the person should hear of again after the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// A bad diary file was set aside (shown as a notice too).
    Aside(String),
    /// The diary could not be read (shown in place of the report).
    Unread(String),
}

impl ReportView {
    /// A report screen waiting for the diary.
    pub fn new() -> ReportView {
        ReportView {
            report: None,
            error: None,
            scroll: 0,
        }
    }

    /// One action from the key table.
    pub fn handle(&mut self, action: Action) -> Reading {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1).min(200),
            Action::Back => return Reading::Leave,
            _ => {}
        }
        Reading::Stay
    }

    /// The diary's answer: the report shown, or why it could not be read. What to tell the app
    /// for standard error, if anything.
    pub fn loaded(&mut self, result: Loaded) -> Option<Said> {
        match result {
            Ok((report, aside)) => {
                self.report = Some(report);
                self.error = None;
                aside.map(Said::Aside)
            }
            Err(message) => {
                self.report = None;
                self.error = Some(message.clone());
                Some(Said::Unread(message))
            }
        }
    }

    /// The footer's keys.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(Mode::Report)
    }
}

impl Default for ReportView {
    fn default() -> ReportView {
        ReportView::new()
    }
}

/// The diary report, with a footer of keys.
pub fn render(frame: &mut Frame, area: Rect, report: &ReportView, look: &Look) {
    let theme = look.theme;
    let width = area.width;
    let rows = look.notice_rows(width);
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
                .block(panel(" Cramp diary ", theme)),
                body,
            );
        }
        (None, None) => {
            frame.render_widget(
                Paragraph::new(Line::styled("reading the diary…", theme.dim()))
                    .block(panel(" Cramp diary ", theme)),
                body,
            );
        }
    }
    look.render_notice(frame, note_area);
    frame.render_widget(
        Paragraph::new(footer_from(report.hints(), theme, foot.width)),
        foot,
    );
}

/// Draw the report screen into `area`: the chart of cramps per night on top, the counts and
/// warning signs below.
///
/// ```text
/// ┌ Cramp diary: Mon 2 Dec to Sun 29 Dec 2024 ───────────┐
/// │ █  █     █ █ █ █ █ (one bar per night)                │
/// │ 2  1  0  1 1 1 1 1                                   │
/// ├──────────────────────────────────────────────────────┤
/// │ 12 cramps · calf 9, foot 3 · night 10 …              │
/// │ WARNING SIGN … the articles say … not a diagnosis    │
/// └──────────────────────────────────────────────────────┘
/// ```
pub fn render_report(frame: &mut Frame<'_>, area: Rect, report: &Report) {
    render_report_scrolled(frame, area, report, 0);
}

/// As [`render_report`], with the text under the chart scrolled down by `scroll` rows (the TUI's
/// report screen scrolls with ↑↓ when the warning signs do not fit).
pub fn render_report_scrolled(frame: &mut Frame<'_>, area: Rect, report: &Report, scroll: u16) {
    let title = format!(
        " Cramp diary: {} to {} ",
        short_date(report.from),
        short_date(report.to)
    );
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A smaller chart in a small window leaves room for the warning signs.
    let chart_rows = if inner.height >= 30 { 10 } else { 7 };
    let [chart_area, text_area] =
        Layout::vertical([Constraint::Length(chart_rows), Constraint::Min(0)]).areas(inner);

    // The whole period, grouped by night, week, month or year so that every group fits: a
    // narrow window groups more, never drops the first nights the title names.
    let bar_width = |g: Grain| if g >= Grain::Month { 3 } else { 2 };
    let groups = chart::group_to_fit(&report.nights, usize::from(chart_area.width), |g| {
        usize::from(bar_width(g) + 1)
    });
    let grain = groups.first().map_or(Grain::Night, |b| b.grain);
    let bars: Vec<Bar<'_>> = groups
        .iter()
        .map(|b| {
            let label = match b.grain {
                Grain::Night | Grain::Week => b.from.day().to_string(),
                Grain::Month => b.from.strftime("%b").to_string(),
                Grain::Year => b.from.strftime("%y").to_string(),
            };
            Bar::new(u64::try_from(b.count).unwrap_or(u64::MAX))
                .label(Line::from(label))
                .text_value(if b.count == 0 {
                    String::new()
                } else {
                    b.count.to_string()
                })
        })
        .collect();
    let max = groups.iter().map(|b| b.count).max().unwrap_or(0).max(3);
    let chart_title = match grain {
        Grain::Night => "Cramps per night (noon to noon), by day of month".to_owned(),
        Grain::Week => "Cramps per week, by the day of month it starts".to_owned(),
        Grain::Month => "Cramps per month".to_owned(),
        Grain::Year => "Cramps per year ('yy)".to_owned(),
    };
    let chart = BarChart::default()
        .block(Block::new().title(chart_title))
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width(grain))
        .bar_gap(1)
        .max(u64::try_from(max).unwrap_or(u64::MAX));
    frame.render_widget(chart, chart_area);

    let mut lines: Vec<Line<'_>> = Vec::new();
    let list = |items: Vec<String>| items.join(", ");
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    lines.push(Line::from(format!(
        "{} over {} · {} played",
        count(report.total(), "cramp", "cramps"),
        count(report.nights.len(), "night", "nights"),
        count(report.sessions.len(), "routine", "routines")
    )));
    if !report.by_place.is_empty() {
        lines.push(Line::from(format!(
            "Where: {}",
            list(
                report
                    .by_place
                    .iter()
                    .map(|(p, n)| format!("{} {n}", p.label()))
                    .collect()
            )
        )));
        lines.push(Line::from(format!(
            "When: {}",
            list(
                report
                    .by_day_part
                    .iter()
                    .map(|(p, n)| format!("{} {n}", p.label()))
                    .collect()
            )
        )));
    }
    if !report.routines.is_empty() {
        lines.push(Line::from(format!(
            "Routines: {}",
            list(
                report
                    .routines
                    .iter()
                    .map(|t| format!("{} ×{}", t.title, t.completed + t.stopped))
                    .collect()
            )
        )));
    }
    lines.push(Line::raw(""));
    if report.warnings.is_empty() {
        lines.push(Line::from("No warning signs in this record."));
    }
    for w in &report.warnings {
        lines.push(
            Line::from(format!("WARNING SIGN: {}", w.title))
                .bold()
                .yellow(),
        );
        lines.push(Line::from(w.finding.clone()));
        for q in &w.advice {
            lines.push(Line::from(format!("The articles say: {}", q.cited())).italic());
        }
        lines.push(Line::from(advice::NOT_A_DIAGNOSIS).dim());
        lines.push(Line::raw(""));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        text_area,
    );
}
