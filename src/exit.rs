//! limber's exit status, in one place: every command, the timer screen and `play --plain` end
//! through [`Exit`], so the same ending gives the same number everywhere (README: "Exit status").

use std::process::ExitCode;

/// The command did its work: a routine finished, or the person stopped it and quit.
pub(crate) const SUCCESS: u8 = 0;
/// Something outside the person's choice failed: the terminal went away, standard input ended
/// while a step waited for Enter, the diary or a report file could not be read or written.
pub(crate) const FAILURE: u8 = 1;
/// A routine file or an argument the person must fix (also clap's own usage errors).
pub(crate) const INVALID: u8 = 2;
/// Stopped by a signal: the usual 128 + its number (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
const SIGNAL_BASE: i32 = 128;

/// How limber ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    Failure,
    Invalid,
    /// Stopped by this signal (SIGINT, SIGTERM, SIGHUP).
    Signal(i32),
}

impl Exit {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => SUCCESS,
            Exit::Failure => FAILURE,
            Exit::Invalid => INVALID,
            Exit::Signal(signal) => u8::try_from(SIGNAL_BASE + signal).unwrap_or(FAILURE),
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(Exit::Success.code(), 0);
        assert_eq!(Exit::Failure.code(), 1);
        assert_eq!(Exit::Invalid.code(), 2);
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::Signal(2).code(), 130);
        // A number that does not fit is still a failure, never success.
        assert_eq!(Exit::Signal(1000).code(), 1);
    }
}
