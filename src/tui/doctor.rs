//! "When to see a doctor" in the app: the same page as `limber doctor`, built from
//! `limber_core::advice` (the one place the articles' words live), with colour.

use ratatui::text::Line;

pub use limber_core::advice::NOT_ADVICE;
use limber_core::advice::{Group, PAGE_INTRO, page_outro, signs_in};

use super::theme::Theme;
use super::widgets::wrap_hanging;

/// The page, grouped with the urgent first: each sign's heading, then the article's words and
/// the article's short label, wrapped to `width`.
pub(crate) fn lines(theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for line in wrap_hanging(PAGE_INTRO, width, 0) {
        lines.push(Line::styled(line, theme.dim()));
    }
    for group in Group::ALL {
        lines.push(Line::raw(""));
        lines.push(Line::styled(group.title().to_uppercase(), theme.heading()));
        for sign in signs_in(group) {
            for line in wrap_hanging(&format!("• {}", sign.heading), width, 2) {
                lines.push(Line::styled(line, theme.alert()));
            }
            for line in wrap_hanging(&format!("  {}", sign.cited()), width, 3) {
                lines.push(Line::styled(line, theme.text()));
            }
        }
    }
    lines.push(Line::raw(""));
    for line in wrap_hanging(&page_outro(), width, 0) {
        lines.push(Line::styled(line, theme.dim()));
    }
    lines
}
