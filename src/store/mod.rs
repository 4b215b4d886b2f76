//! The cramp diary and session history (issue 7): records, storage, the report, and the
//! `limber log` / `limber report` commands.
//!
//! ```text
//! model   records and their words (places, sides, strengths; "3m" durations)   pure
//! report  records + now -> numbers, chart data, warning signs; markdown/CSV/text pure
//! advice  the articles' words about seeing a doctor, quoted                   pure
//! db      SQLite file: open, migrate, set aside bad files, write, read         shell
//! cli     clap args and run_log / run_report                                   shell
//! ```
//!
//! For the play loop: [`session_of`] and [`record_session`] after a routine ends, and, after a
//! first-aid routine ([`is_first_aid`]), `tui::screens::log_form::LogForm::after_routine` to offer logging the
//! cramp with the time spent in the "until it passes" step as its duration and the place
//! guessed from the routine ([`place_for_routine`]).

pub mod db;

use std::path::Path;

use jiff::civil::DateTime;

use limber_core::player::Summary;
use limber_core::routine::Values;

pub use db::{SetAside, Store, StoreError, data_dir};
pub use limber_core::diary::{
    Cramp, NewCramp, NewSession, Outcome, Place, Report, Session, Side, Situation, Strength,
};

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

/// A change to one cramp entry, from the diary screen.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryChange {
    /// Replace what it says (its session link is kept).
    Edit(NewCramp),
    /// Take it out of every list and report, keeping it.
    Delete,
    /// Bring a deleted entry back.
    Restore,
}

/// Make `change` to entry `id` in the diary in `data` (`--data`, else `LIMBER_DATA`, else the
/// platform's folder); `Ok(None)` in the first place if there is no such entry to change.
pub(crate) fn change_cramp(
    data: Option<&Path>,
    id: i64,
    change: &EntryChange,
) -> Result<(bool, Option<SetAside>), StoreError> {
    let mut store = Store::open(&data_dir(data)?)?;
    let done = match change {
        EntryChange::Edit(entry) => store.update_cramp(id, entry)?,
        EntryChange::Delete => store.delete_cramp(id)?,
        EntryChange::Restore => store.restore_cramp(id)?,
    };
    Ok((done, store.set_aside().cloned()))
}

/// The session to write for a routine played from `started` to `ended` (local wall clock):
/// completed when the player reached its end, else stopped; the param values as a JSON object.
pub fn session_of(
    routine_id: &str,
    title: &str,
    values: &Values,
    summary: &Summary,
    started: DateTime,
    ended: DateTime,
) -> NewSession {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    NewSession {
        routine_id: routine_id.to_owned(),
        title: title.to_owned(),
        started,
        ended: ended.max(started),
        outcome: if summary.finished {
            Outcome::Completed
        } else {
            Outcome::Stopped
        },
        steps_done: count(summary.done),
        steps_skipped: count(summary.skipped),
        params: serde_json::Value::Object(
            values
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(*v)))
                .collect(),
        ),
        practice: false,
    }
}

/// Write a session and say nothing when it lands; otherwise the line to print on standard error
/// (why it was not saved, or that a bad file was set aside). For `limber play --plain`, where the
/// routine has already played and nothing may stop it.
pub fn record_session_or_say(data: Option<&Path>, session: &NewSession) -> Option<String> {
    match record_session(data, session) {
        Ok((_, None)) => None,
        Ok((_, Some(aside))) => Some(format!("note: {aside}")),
        Err(e) => Some(format!("this routine was not saved in the diary: {e}")),
    }
}

/// Whether a routine is first aid for a cramp happening now (tagged `first-aid`, and not
/// `read-ahead`, which is read before swimming): after it, limber offers to log the cramp.
pub(crate) fn is_first_aid(tags: &[String]) -> bool {
    tags.iter().any(|t| t == "first-aid") && !tags.iter().any(|t| t == "read-ahead")
}

/// Where the cramp was, when the routine says so: the bundled first-aid routines by id, and any
/// routine whose id names one place (`my-calf-rescue` → calf). `None`: ask.
pub(crate) fn place_for_routine(routine_id: &str) -> Option<Place> {
    match routine_id {
        "first-aid-calf" | "first-aid-pregnancy" => return Some(Place::Calf),
        "first-aid-toes" => return Some(Place::Toes),
        "first-aid-thigh-front" => return Some(Place::ThighFront),
        "first-aid-thigh-back" => return Some(Place::ThighBack),
        "first-aid-hand" => return Some(Place::Hand),
        _ => {}
    }
    let id = routine_id.to_ascii_lowercase();
    let words: Vec<&str> = id.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let has = |w: &[&str]| w.iter().any(|w| words.contains(w));
    let thigh = has(&["thigh", "quad", "hamstring"]);
    let found: Vec<Place> = [
        (Place::Calf, has(&["calf", "calves"])),
        (Place::Foot, has(&["foot", "feet"])),
        (Place::Toes, has(&["toe", "toes"])),
        (
            Place::ThighFront,
            has(&["quad"]) || (thigh && has(&["front"])),
        ),
        (
            Place::ThighBack,
            has(&["hamstring"]) || (thigh && has(&["back"])),
        ),
        (Place::Hand, has(&["hand", "hands", "finger", "fingers"])),
    ]
    .into_iter()
    .filter_map(|(place, named)| named.then_some(place))
    .collect();
    // Two places named (`calf-and-foot`) is not obvious.
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_aid_read_ahead_offers_no_log() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_first_aid(&tags(&["first-aid", "stretch"])));
        assert!(!is_first_aid(&tags(&["first-aid", "read-ahead"])));
        assert!(!is_first_aid(&tags(&["bedtime"])));
    }

    #[test]
    fn places_from_routine_ids() {
        assert_eq!(place_for_routine("first-aid-calf"), Some(Place::Calf));
        assert_eq!(place_for_routine("first-aid-toes"), Some(Place::Toes));
        assert_eq!(
            place_for_routine("first-aid-thigh-front"),
            Some(Place::ThighFront)
        );
        assert_eq!(
            place_for_routine("first-aid-thigh-back"),
            Some(Place::ThighBack)
        );
        assert_eq!(place_for_routine("first-aid-hand"), Some(Place::Hand));
        assert_eq!(place_for_routine("first-aid-pregnancy"), Some(Place::Calf));
        assert_eq!(place_for_routine("first-aid-night-standing"), None);
        assert_eq!(place_for_routine("first-aid-cold-mat"), None);
        assert_eq!(place_for_routine("my-calf-rescue"), Some(Place::Calf));
        assert_eq!(place_for_routine("calf-and-foot"), None);
        assert_eq!(place_for_routine("thigh"), None);
    }

    #[test]
    fn a_session_says_how_it_ended() {
        let at = jiff::civil::date(2025, 1, 6).at(2, 30, 0, 0);
        let summary = Summary {
            spent: std::time::Duration::from_secs(90),
            done: 3,
            skipped: 1,
            total: 4,
            manual: std::time::Duration::from_secs(40),
            finished: false,
        };
        let values = Values::from([("hold".to_owned(), 30)]);
        let s = session_of("drill", "Drill", &values, &summary, at, at);
        assert_eq!(s.outcome, Outcome::Stopped);
        assert_eq!((s.steps_done, s.steps_skipped), (3, 1));
        assert_eq!(s.params, serde_json::json!({"hold": 30}));
    }
}
