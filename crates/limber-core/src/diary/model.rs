//! The diary's records and their words: what a cramp entry and a played session hold.
//!
//! Times are local wall-clock times (`jiff::civil::DateTime`): a diary is read as "the night
//! of Monday, 02:30", so that is what is kept and shown. Nothing here reads the clock.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jiff::civil::DateTime;

/// A word the user types (CLI flag, form, database column) mapped to a variant.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident = $word:literal / $label:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every variant, in the order shown to the user.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable word used on the command line, in files and in the database.
            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// How the variant reads in a report or a form.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let key = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
                $(if key == $word $(|| key == $alias)* { return Ok($name::$variant); })+
                let words: Vec<&str> = vec![$($word),+];
                Err(format!("`{s}` is not a {}: say one of {}", $what, words.join(", ")))
            }
        }
    };
}

word_enum!(
    /// The situation a cramp came in, as the articles tell them apart.
    Situation, "situation", {
        /// In bed, at night.
        Night = "night" / "at night" | "nightly" | "sleep",
        /// Sitting or lying, not at night.
        AtRest = "at-rest" / "at rest" | "rest" | "resting",
        /// During or after effort: walking, sport, swimming, standing work.
        AfterExertion = "after-exertion" / "after exertion" | "exertion" | "exercise" | "effort",
    }
);

word_enum!(
    /// Where the cramp was.
    Place, "place", {
        Calf = "calf" / "calf" | "calves",
        Foot = "foot" / "foot" | "feet",
        Toes = "toes" / "toes" | "toe",
        /// Front of the thigh.
        ThighFront = "thigh-front" / "front of thigh" | "front-thigh" | "front-of-thigh" | "quad",
        /// Back of the thigh.
        ThighBack = "thigh-back" / "back of thigh" | "back-thigh" | "back-of-thigh" | "hamstring",
        Hand = "hand" / "hand" | "fingers" | "finger",
    }
);

word_enum!(
    /// Which side.
    Side, "side", {
        Left = "left" / "left" | "l",
        Right = "right" / "right" | "r",
        Both = "both" / "both" | "b",
    }
);

word_enum!(
    /// How strong the cramp was.
    Strength, "strength", {
        Weak = "weak" / "weak" | "mild" | "light",
        Moderate = "moderate" / "moderate" | "medium",
        Strong = "strong" / "strong" | "severe",
    }
);

word_enum!(
    /// How a played routine ended.
    Outcome, "outcome", {
        /// Played to its last step.
        Completed = "completed" / "completed" | "done",
        /// Stopped before its end.
        Stopped = "stopped" / "stopped" | "quit",
    }
);

/// A cramp entry about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCramp {
    /// When it happened, local wall-clock time.
    pub at: DateTime,
    /// Night, at rest or after exertion, when the user said.
    pub situation: Option<Situation>,
    pub place: Place,
    pub side: Side,
    pub strength: Strength,
    /// How long it lasted, when known.
    pub lasted: Option<Duration>,
    /// What helped, free text (may be empty).
    pub helped: String,
    /// A free note (may be empty).
    pub note: String,
    /// The session (routine played) this cramp was logged after, if any.
    pub session: Option<i64>,
}

/// A cramp entry as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Cramp {
    pub id: i64,
    pub entry: NewCramp,
}

/// A played routine about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    /// The routine's id (its file stem).
    pub routine_id: String,
    /// The routine's title as shown.
    pub title: String,
    /// Local wall-clock time the routine started and ended.
    pub started: DateTime,
    pub ended: DateTime,
    pub outcome: Outcome,
    pub steps_done: u32,
    pub steps_skipped: u32,
    /// The parameter values used, as JSON (an object, or `null`).
    pub params: serde_json::Value,
}

/// A played routine as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: i64,
    pub entry: NewSession,
}

/// Parse a duration as people write it: `3m`, `90s`, `1m30s`, `2:30`, `1.5m`, `2 min`.
///
/// A bare number is refused, because "3" could mean seconds or minutes.
pub fn parse_lasted(text: &str) -> Result<Duration, String> {
    let t = text.trim().to_ascii_lowercase();
    let hint = "say how long like 3m, 90s, 1m30s or 2:30";
    if t.is_empty() {
        return Err(format!("the duration is empty: {hint}"));
    }
    if let Some((m, s)) = t.split_once(':') {
        let (Ok(m), Ok(s)) = (m.trim().parse::<u64>(), s.trim().parse::<u64>()) else {
            return Err(format!("`{text}` is not a duration: {hint}"));
        };
        if s >= 60 {
            return Err(format!("`{text}`: seconds after the colon go up to 59"));
        }
        return checked(m * 60 + s, text);
    }
    if t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!("`{text}` has no unit: {hint}"));
    }
    let mut total = 0.0_f64;
    let mut rest = t.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start();
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, after) = rest.split_at(num_len);
        let Ok(value) = num.parse::<f64>() else {
            return Err(format!("`{text}` is not a duration: {hint}"));
        };
        let after = after.trim_start();
        let unit_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let factor = match unit {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hour" | "hours" => 3600.0,
            _ => return Err(format!("`{text}`: unknown unit `{unit}`; {hint}")),
        };
        total += value * factor;
        rest = after;
    }
    if !(total.is_finite() && total >= 0.0) {
        return Err(format!("`{text}` is not a duration: {hint}"));
    }
    // Rounded to whole seconds: a diary needs no more.
    checked(total.round() as u64, text)
}

fn checked(secs: u64, text: &str) -> Result<Duration, String> {
    // A day is far beyond any cramp; a larger number is a typing slip.
    if secs > 24 * 3600 {
        return Err(format!("`{text}` is longer than a day: check the number"));
    }
    Ok(Duration::from_secs(secs))
}

/// Show a duration the way [`parse_lasted`] reads it: `3m`, `45s`, `1m30s`.
pub fn format_lasted(d: Duration) -> String {
    let secs = d.as_secs();
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for p in Place::ALL {
            assert_eq!(p.word().parse::<Place>(), Ok(*p));
        }
        assert_eq!("Front of thigh".parse::<Place>(), Ok(Place::ThighFront));
        assert_eq!("at rest".parse::<Situation>(), Ok(Situation::AtRest));
        assert!("knee".parse::<Place>().is_err_and(|e| e.contains("calf")));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_lasted("3m"), Ok(Duration::from_secs(180)));
        assert_eq!(parse_lasted("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_lasted("2:30"), Ok(Duration::from_secs(150)));
        assert_eq!(parse_lasted("1.5 min"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_lasted("45 seconds"), Ok(Duration::from_secs(45)));
        assert!(parse_lasted("3").is_err_and(|e| e.contains("no unit")));
        assert!(parse_lasted("3 parsecs").is_err());
        assert!(parse_lasted("2:75").is_err());
        assert!(parse_lasted("30h").is_err());
        assert_eq!(format_lasted(Duration::from_secs(90)), "1m30s");
        assert_eq!(format_lasted(Duration::from_secs(360)), "6m");
    }
}
