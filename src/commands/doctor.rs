//! `limber doctor`: "When to see a doctor", the same page as the app's help, as plain text.
//! The words are the articles' (see `limber_core::advice`).

use std::io::Write;
use std::process::ExitCode;

use limber_core::advice::page_text;

/// Lines are wrapped to this width: narrow enough for any terminal and for a printout.
pub const WIDTH: usize = 80;

pub fn doctor() -> ExitCode {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`limber doctor | head`) is not an error worth a message.
    let _ = out.write_all(page_text(WIDTH).as_bytes());
    let _ = out.flush();
    ExitCode::SUCCESS
}
