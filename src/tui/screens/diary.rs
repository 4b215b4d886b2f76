//! The diary report screen: cramps per night as a chart, the entries under it (↑↓ choose, Enter
//! corrects one in the log form, `x` deletes it and `u` brings it back), the counts and the
//! warning signs, read from the diary by the app's loop. `limber report` prints the same report
//! as text.
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

use jiff::civil::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Wrap};

use super::Look;
use crate::tui::command::Loaded;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::widgets::{Scroll, header, panel, restyle};
use limber_core::diary::advice;
use limber_core::diary::chart::{self, Grain};
use limber_core::diary::model::{Cramp, format_lasted};
use limber_core::diary::report::{Report, short_date};
use limber_core::routine::text::clean_line;

/// The diary report screen: the report once read, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// `None` until the diary has been read (or when it could not be).
    pub report: Option<Report>,
    pub error: Option<String>,
    /// How far the text under the entries is scrolled (never past its end).
    pub(crate) text: Scroll,
    /// The chosen entry, counted from the newest.
    pub selected: usize,
    /// The entry deleted last, which `u` brings back.
    pub deleted: Option<i64>,
    /// The local time the report is read as of (read again after a change).
    pub as_of: DateTime,
}

/// What the report screen asks the app for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reading {
    Stay,
    /// Back to the list.
    Leave,
    /// Correct this entry in the log form.
    Edit(Box<Cramp>),
    /// Delete entry N (kept, so `u` can bring it back).
    Delete(i64),
    /// Bring back entry N, deleted just before.
    Restore(i64),
}

/// What reading the diary brought that the person should hear of again after the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Said {
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
            text: Scroll::default(),
            selected: 0,
            deleted: None,
            as_of: DateTime::default(),
        }
    }

    /// The entries, newest first, as the list shows them.
    pub(crate) fn entries(&self) -> Vec<&Cramp> {
        self.report
            .as_ref()
            .map(|r| r.cramps.iter().rev().collect())
            .unwrap_or_default()
    }

    /// Rows the text under the entries is scrolled.
    pub fn scrolled(&self) -> u16 {
        self.text.offset()
    }

    /// The chosen entry, if there is one.
    pub(crate) fn chosen(&self) -> Option<&Cramp> {
        let entries = self.entries();
        entries
            .get(self.selected.min(entries.len().saturating_sub(1)))
            .copied()
    }

    /// One action from the key table.
    pub(crate) fn handle(&mut self, action: Action) -> Reading {
        let last = self.entries().len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.min(last).saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Less => self.text.up(1),
            Action::More => self.text.down(1),
            Action::Back => return Reading::Leave,
            Action::Choose => {
                if let Some(c) = self.chosen() {
                    return Reading::Edit(Box::new(c.clone()));
                }
            }
            Action::DeleteEntry => {
                if let Some(c) = self.chosen() {
                    return Reading::Delete(c.id);
                }
            }
            Action::Undo => {
                if let Some(id) = self.deleted {
                    return Reading::Restore(id);
                }
            }
            _ => {}
        }
        Reading::Stay
    }

    /// The diary's answer: the report shown, or why it could not be read. What to tell the app
    /// for standard error, if anything.
    pub(crate) fn loaded(&mut self, result: Loaded) -> Option<Said> {
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
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
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
    // The wheel scrolls the counts and warning signs, as → and ← do.
    look.hits.wheel(body, Action::Less, Action::More);
    match (&report.report, &report.error) {
        (Some(r), _) => {
            render_report_scrolled(frame, body, r, &report.text, Some(report.selected));
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
    look.footer(frame, foot, report.hints());
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
    render_report_scrolled(frame, area, report, &Scroll::default(), None);
}

/// How many entries the list under the chart shows at most.
const LIST_ROWS: usize = 6;

/// As [`render_report`], with the text under the entries scrolled as `scroll` says (the TUI's
/// report screen scrolls it when the warning signs do not fit; it stops at the end, and a
/// "more" marker on the frame says when some is hidden) and the entry `selected`
/// (counted from the newest) highlighted.
pub(crate) fn render_report_scrolled(
    frame: &mut Frame<'_>,
    area: Rect,
    report: &Report,
    scroll: &Scroll,
    selected: Option<usize>,
) {
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
    // A third of what is left under the chart at most: the warning signs need room too.
    let room = usize::from(inner.height.saturating_sub(chart_rows) / 3);
    let list_rows = report
        .cramps
        .len()
        .min(LIST_ROWS)
        .min(room.saturating_sub(1));
    let list_height = if list_rows == 0 {
        0
    } else {
        u16::try_from(list_rows + 1).unwrap_or(1)
    };
    let [chart_area, list_area, text_area] = Layout::vertical([
        Constraint::Length(chart_rows),
        Constraint::Length(list_height),
        Constraint::Min(0),
    ])
    .areas(inner);
    render_entries(frame, list_area, report, selected);

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
    // The end is the last words, not a blank row.
    while lines.last().is_some_and(|l| l.width() == 0) {
        lines.pop();
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(text_area.width)).unwrap_or(u16::MAX);
    let offset = scroll.window(total, text_area.height);
    frame.render_widget(paragraph.scroll((offset, 0)), text_area);
    if let Some(marker) = scroll.marker("→ / J", "← / K") {
        let border = Rect {
            x: area.x + 1,
            y: area.bottom().saturating_sub(1),
            width: area.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(Paragraph::new(marker).right_aligned(), border);
    }
}

/// The entries, newest first, one line each; the chosen one highlighted and kept in view.
fn render_entries(frame: &mut Frame<'_>, area: Rect, report: &Report, selected: Option<usize>) {
    if area.height == 0 {
        return;
    }
    let entries: Vec<&Cramp> = report.cramps.iter().rev().collect();
    let rows = usize::from(area.height.saturating_sub(1));
    let chosen = selected.map(|i| i.min(entries.len().saturating_sub(1)));
    let first = chosen.map_or(0, |i| (i + 1).saturating_sub(rows));
    let mut lines = vec![Line::from(format!("Entries, newest first ({}):", entries.len())).bold()];
    for (i, c) in entries.iter().enumerate().skip(first).take(rows) {
        let e = &c.entry;
        let lasted = e.lasted.map_or_else(|| "-".to_owned(), format_lasted);
        let words = [clean_line(&e.helped), clean_line(&e.note)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let text = format!(
            "{:>4}  {}  {}, {}, {}, {lasted}  {words}",
            c.id,
            e.at.strftime("%a %-d %b %H:%M"),
            e.place.label(),
            e.side.label(),
            e.strength.label(),
        );
        let line = Line::from(text.trim_end().to_owned());
        lines.push(if chosen == Some(i) {
            line.reversed()
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}
