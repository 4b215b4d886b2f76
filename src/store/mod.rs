//! The cramp diary and session history (issue 7): records, storage, the report, and the
//! `limber log` / `limber report` commands.
//!
//! ```text
//! model   records and their words (places, sides, strengths; "3m" durations)   pure
//! report  records + now -> numbers, chart data, warning signs; markdown/CSV/text pure
//! advice  the articles' words about seeing a doctor, quoted                   pure
//! view    ratatui: the log form (state + keys + render) and the report screen pure render
//! db      SQLite file: open, migrate, set aside bad files, write, read         shell
//! cli     clap args and run_log / run_report                                   shell
//! ```
//!
//! For the play loop: [`record_session`] after a routine ends, and
//! [`view::LogForm::after_routine`] to offer logging the cramp with the time spent in the
//! "until it passes" step as its duration.

pub mod advice;
pub mod cli;
pub mod db;
pub mod model;
pub mod report;
pub mod view;

use std::path::Path;

pub use db::{SetAside, Store, StoreError, data_dir};
pub use model::{Cramp, NewCramp, NewSession, Outcome, Place, Session, Side, Situation, Strength};
pub use report::Report;

/// The local wall-clock time now, to the second (the shell's one clock read for the diary).
pub fn now_local() -> jiff::civil::DateTime {
    let dt = jiff::Zoned::now().datetime();
    dt.with().subsec_nanosecond(0).build().unwrap_or(dt)
}

/// Open the diary in `data` (or the default folder), write one session, close it.
///
/// For the play loop: call it when a routine ends (completed or stopped). On error the routine
/// has already played; show the error's message and go on. The `Ok` value is the session's id
/// (to link a cramp logged right after) and, if a bad file was set aside while opening, what
/// to tell the user.
pub fn record_session(
    data: Option<&Path>,
    session: &NewSession,
) -> Result<(i64, Option<SetAside>), StoreError> {
    let mut store = Store::open(&data_dir(data)?)?;
    let id = store.record_session(session)?;
    Ok((id, store.set_aside().cloned()))
}

/// Open the diary in `data` (or the default folder), write one cramp entry, close it.
pub fn record_cramp(
    data: Option<&Path>,
    cramp: &NewCramp,
) -> Result<(i64, Option<SetAside>), StoreError> {
    let mut store = Store::open(&data_dir(data)?)?;
    let id = store.record_cramp(cramp)?;
    Ok((id, store.set_aside().cloned()))
}
