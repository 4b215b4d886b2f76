//! Help: the keys (generated from the key table) and "When to see a doctor" (quoted from the
//! articles). Tab switches page; ↑/↓ scroll.
//!
//! ```text
//!  Help · Keys | When to see a doctor                         (routine: 0:42 left)
//! ╭──────────────────────────────────────────────────────────────────────────╮
//! │ While a routine runs                                                     │
//! │   Space            pause / resume; ends a step that waits for you        │
//! │   → / n            next step (skip this one)                             │
//! │   …                                                                      │
//! │ Anywhere                                                                 │
//! │   Ctrl-C           quit at once                                          │
//! ╰──────────────────────────────────────────────────────────────────────────╯
//!  Tab page · ↓ / j scroll · ? close
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use limber_core::duration::format_clock;

use super::Look;
use super::timer::{Run, ceil_secs};
use crate::tui::keys::{self, Action, BINDINGS, Mode, Section};
use crate::tui::mouse;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, cut, panel, wrap_words};

/// The help overlay's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Keys,
    Doctor,
}

/// The help overlay: which page, scrolled how far (never past the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub page: HelpPage,
    pub(crate) scroll: Scroll,
}

impl Help {
    /// Help as `?` opens it: the keys page, at the top.
    pub fn new() -> Help {
        Help {
            page: HelpPage::Keys,
            scroll: Scroll::default(),
        }
    }

    /// Rows scrolled (never past the end of the page).
    pub fn scrolled(&self) -> u16 {
        self.scroll.offset()
    }

    /// The footer's keys.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(Mode::Help)
    }

    /// One action from the key table; `false` when help closes.
    pub(crate) fn handle(&mut self, action: Action) -> bool {
        if self.scroll.handle(action) {
            return true;
        }
        match action {
            Action::HelpPage => {
                self.scroll.reset();
                self.page = match self.page {
                    HelpPage::Keys => HelpPage::Doctor,
                    HelpPage::Doctor => HelpPage::Keys,
                };
            }
            Action::CloseHelp => return false,
            _ => {}
        }
        true
    }
}

impl Default for Help {
    fn default() -> Help {
        Help::new()
    }
}

/// The keys page: every binding, by section, wrapped to `width` under its own column; the
/// sections for where help was opened come first. A key the table lists twice (the same key
/// and words in two modes) is one row.
pub(crate) fn keys_lines(running: bool, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut order = Section::ALL.to_vec();
    if !running {
        order.retain(|s| *s != Section::Routine);
        order.push(Section::Routine);
    }
    let mut lines = Vec::new();
    for section in order {
        let mut seen: Vec<String> = Vec::new();
        let rows: Vec<_> = BINDINGS
            .iter()
            .filter(|b| b.section == section && !b.help.is_empty())
            .filter(|b| {
                // One row per key label and text: the same key in two modes is listed once.
                let key = format!("{}{}", b.keys_label(), b.help);
                let new = !seen.contains(&key);
                seen.push(key);
                new
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(section.title(), theme.heading()));
        // Keys in a column as wide as the longest (at most 20), the words wrapped beside them.
        let column = rows
            .iter()
            .map(|b| b.keys_label().chars().count())
            .max()
            .unwrap_or(0)
            .min(20)
            + 4;
        let room = usize::from(width).saturating_sub(column).max(12);
        for b in rows {
            let label = b.keys_label();
            let words = wrap_words(b.help, u16::try_from(room).unwrap_or(u16::MAX));
            // A label too long for its column takes a row of its own.
            let own_row = label.chars().count() + 4 > column;
            if own_row {
                lines.push(Line::styled(format!("  {label}"), theme.key()));
            }
            for (i, text) in words.into_iter().enumerate() {
                let keys = if i == 0 && !own_row {
                    format!("  {label:<width$}", width = column - 2)
                } else {
                    " ".repeat(column)
                };
                lines.push(Line::from(vec![
                    Span::styled(keys, theme.key()),
                    Span::styled(text, theme.text()),
                ]));
            }
        }
    }
    // Taps and the wheel are not keys: their words are in `mouse`, laid out as the keys are.
    lines.push(Line::raw(""));
    lines.extend(
        wrap_words(mouse::HELP_TITLE, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.heading())),
    );
    let column = 20;
    let room = usize::from(width).saturating_sub(column).max(12);
    for (what, does) in mouse::HELP {
        for (i, text) in wrap_words(does, u16::try_from(room).unwrap_or(u16::MAX))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 { *what } else { "" };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {label:<width$}", width = column - 2),
                    theme.key(),
                ),
                Span::styled(text, theme.text()),
            ]));
        }
    }
    lines
}

/// Sound, when it is off: muted (and how to turn it on), and why it cannot play, in full.
fn sound_lines(look: &Look, width: u16) -> Vec<Line<'static>> {
    let theme = look.theme;
    let mut said = Vec::new();
    if look.muted {
        said.push("Muted: m turns the sound back on.".to_string());
    }
    if let Some(status) = look.sound {
        let mut status = status.to_string();
        if let Some(first) = status.get(..1) {
            status = format!("{}{}", first.to_uppercase(), &status[1..]);
        }
        if !status.ends_with('.') {
            status.push('.');
        }
        said.push(status);
    }
    if said.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled("Sound", theme.heading())];
    for text in said {
        lines.extend(
            crate::tui::widgets::wrap_hanging(&format!("  {text}"), width, 2)
                .into_iter()
                .map(|l| Line::styled(l, theme.text())),
        );
    }
    lines.push(Line::raw(""));
    lines
}

/// The doctor page: each sign with the article's words.
pub(crate) fn doctor_lines(theme: Theme, width: u16) -> Vec<Line<'static>> {
    crate::tui::doctor::lines(theme, width)
}

/// Help over `run`, the routine running behind it if any.
pub(crate) fn render(frame: &mut Frame, area: Rect, help: &Help, run: Option<&Run>, look: &Look) {
    let theme = look.theme;
    let now = look.now;
    let page = help.page;
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let tab = |name: &'static str, on: bool| {
        if on {
            Span::styled(format!(" {name} "), theme.selected())
        } else {
            Span::styled(format!(" {name} "), theme.dim())
        }
    };
    let mut header = vec![
        Span::styled(" Help ", theme.heading()),
        tab("Keys", page == HelpPage::Keys),
        Span::styled("│", theme.dim()),
        tab("When to see a doctor", page == HelpPage::Doctor),
    ];
    // A routine keeps running behind help: say how it goes, shorter when the row is short.
    if let Some(run) = run {
        let left = run
            .player
            .remaining(now)
            .map(|l| format_clock(ceil_secs(l)));
        let used: usize = header.iter().map(|s| s.content.chars().count()).sum();
        let room = usize::from(head.width).saturating_sub(used + 1);
        let long = match &left {
            Some(left) => format!("   step: {left} left"),
            None => "   step: waiting for you".into(),
        };
        let short = match &left {
            Some(left) => format!(" {left} left"),
            None => " waiting".into(),
        };
        let status = if long.chars().count() <= room {
            long
        } else {
            // The word "Help" gives way first: the tabs say where this is.
            if short.chars().count() > room && header.len() > 1 {
                header.remove(0);
            }
            let used: usize = header.iter().map(|s| s.content.chars().count()).sum();
            cut(&short, usize::from(head.width).saturating_sub(used + 1))
        };
        header.push(Span::styled(status, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(header)), head);
    let width = body.width.saturating_sub(2);
    let lines = match page {
        HelpPage::Keys => {
            // Why there is no sound, in full, first: the timer has room for a word only.
            let mut lines = sound_lines(look, width);
            lines.extend(keys_lines(run.is_some(), theme, width));
            lines
        }
        HelpPage::Doctor => doctor_lines(theme, width),
    };
    let title = match page {
        HelpPage::Keys => " Keys ",
        HelpPage::Doctor => " When to see a doctor ",
    };
    let mut block = panel(Line::styled(title, theme.heading()), theme);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner = block.inner(body);
    let total = u16::try_from(paragraph.line_count(inner.width)).unwrap_or(u16::MAX);
    let offset = help.scroll.window(total, inner.height);
    if let Some(marker) = help.scroll.marker("↓ / PgDn", "↑ / PgUp") {
        block = block.title_bottom(Line::styled(marker, theme.heading()));
    }
    frame.render_widget(paragraph.scroll((offset, 0)).block(block), body);
    look.hits.wheel(body, Action::Up, Action::Down);
    look.footer(frame, foot, help.hints());
}
