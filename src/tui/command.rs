//! What the app asks the loop to carry out ([`Command`]), and the diary's answers that come back.

use std::time::Instant;

use jiff::civil::DateTime;

use crate::store::{EntryChange, NewCramp, NewSession, Report};
use limber_core::player::{Effect, Event, Player};

/// What the event loop must carry out after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// The player handled an event: its effects, for the sound (cues, a stage to announce).
    Played(Box<Played>),
    PauseSound,
    ResumeSound,
    Mute(bool),
    Night(bool),
    /// Give the terminal back and stop the process until it is continued.
    Suspend,
    /// Write a routine played (finished or stopped) in the diary; the answer goes to
    /// `App::session_saved`.
    RecordSession(Box<NewSession>),
    /// Write a cramp in the diary; the answer goes to `App::cramp_saved`.
    SaveCramp(Box<NewCramp>),
    /// Change, delete or restore a cramp entry; the answer goes to `App::cramp_changed`.
    ChangeCramp(i64, Box<EntryChange>),
    /// Read the diary and build its report as of this local time; the answer goes to
    /// `App::report_loaded`.
    LoadReport(DateTime),
}

/// A player event and what came of it, with the player as it is after it (cheap to clone: the
/// plan is shared), so the sound can look ahead and place cues at their moment.
#[derive(Debug, Clone)]
pub struct Played {
    pub event: Event,
    pub effects: Vec<Effect>,
    pub player: Player,
    pub now: Instant,
}

/// The same event with the same effects at the same moment, leaving the player at the same place.
impl PartialEq for Played {
    fn eq(&self, other: &Self) -> bool {
        self.event == other.event
            && self.effects == other.effects
            && self.now == other.now
            && self.player.index() == other.player.index()
            && self.player.phase() == other.player.phase()
    }
}

/// The diary's answer to a write: the entry's id and, if a bad diary file was set aside while
/// opening, what to tell the person; or what went wrong, worded for people.
pub type Saved = Result<(i64, Option<String>), String>;

/// The diary's answer to [`Command::LoadReport`].
pub type Loaded = Result<(Report, Option<String>), String>;

/// The diary's answer to a routine's record: done (saved, or failed for good), or held by another
/// program's write lock for the whole wait, worth trying again.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    Done(Saved),
    Busy(String),
}
