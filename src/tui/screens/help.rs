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
use crate::tui::theme::Theme;
use crate::tui::widgets::panel;

/// The help overlay's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Keys,
    Doctor,
}

/// The help overlay: which page, scrolled how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub page: HelpPage,
    /// Lines scrolled.
    pub scroll: u16,
}

impl Help {
    /// Help as `?` opens it: the keys page, at the top.
    pub fn new() -> Help {
        Help {
            page: HelpPage::Keys,
            scroll: 0,
        }
    }

    /// The footer's keys.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(Mode::Help)
    }

    /// One action from the key table; `false` when help closes.
    pub(crate) fn handle(&mut self, action: Action) -> bool {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1).min(200),
            Action::HelpPage => {
                self.scroll = 0;
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

/// The keys page: every binding, by section; the sections for where help was opened come first.
pub(crate) fn keys_lines(running: bool, theme: Theme) -> Vec<Line<'static>> {
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
            .filter(|b| b.section == section)
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
        for b in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<20}", b.keys_label()), theme.key()),
                Span::styled(b.help, theme.text()),
            ]));
        }
    }
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
    // A routine keeps running behind help: say how it goes.
    if let Some(run) = run {
        let status = match run.player.remaining(now) {
            Some(left) => format!("   step: {} left", format_clock(ceil_secs(left))),
            None => "   step: waiting for you".into(),
        };
        header.push(Span::styled(status, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(header)), head);
    let lines = match page {
        HelpPage::Keys => keys_lines(run.is_some(), theme),
        HelpPage::Doctor => doctor_lines(theme, body.width.saturating_sub(2)),
    };
    let title = match page {
        HelpPage::Keys => " Keys ",
        HelpPage::Doctor => " When to see a doctor ",
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((help.scroll, 0))
            .block(panel(Line::styled(title, theme.heading()), theme)),
        body,
    );
    look.hits.wheel(body, Action::Up, Action::Down);
    look.footer(frame, foot, help.hints());
}
