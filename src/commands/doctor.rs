//! `limber doctor`: "When to see a doctor", the same page as the app's help, as plain text.
//! The words are the articles' (see `limber_core::advice`).

use std::process::ExitCode;

use limber_core::advice::page_text;

/// Lines are wrapped to this width: narrow enough for any terminal and for a printout.
pub(crate) const WIDTH: usize = 80;

pub fn doctor() -> ExitCode {
    crate::output::print(&page_text(WIDTH)).exit()
}
