//! The cramp diary's model and report: what an entry is, and what a doctor is shown, computed
//! from entries and "now". Storage (SQLite) lives in the shell.

/// The articles' words about seeing a doctor (kept at the crate root: the doctor page uses them too).
pub use crate::advice;
pub mod chart;
pub mod html;
pub mod model;
pub mod report;

pub use model::{Cramp, NewCramp, NewSession, Outcome, Place, Session, Side, Situation, Strength};
pub use report::Report;
