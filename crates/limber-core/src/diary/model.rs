//! The diary's records and their words: what a cramp entry and a played session hold.
//!
//! Times are local wall-clock times (`jiff::civil::DateTime`): a diary is read as "the night
//! of Monday, 02:30", so that is what is kept and shown. Nothing here reads the clock.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jiff::civil::{DateTime, Time};

use crate::duration::{format_duration, parse_duration};
use crate::routine::text::clean_input;

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
    /// A rehearsal of first aid with no cramp (`--practice`): counted apart from real runs.
    pub practice: bool,
}

/// A played routine as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: i64,
    pub entry: NewSession,
}

/// How long a cramp lasted, in limber's one duration grammar ([`crate::duration`]):
/// `3m`, `90` or `90s`, `1m30s`, `2:30`, `1.5 min`. At most a day: more is a typing slip.
pub fn parse_lasted(text: &str) -> Result<Duration, String> {
    let secs = parse_duration(text)?;
    if secs > MAX_LASTED_SECS {
        return Err(format!(
            "`{}` is longer than a day: check the number",
            clean_input(text)
        ));
    }
    Ok(Duration::from_secs(secs))
}

/// The longest cramp the diary takes: a day.
pub const MAX_LASTED_SECS: u64 = 24 * 3600;

/// Show a duration the way [`parse_lasted`] reads it: `3m`, `45s`, `1m30s`.
pub fn format_lasted(d: Duration) -> String {
    format_duration(d.as_secs())
}

/// Read "when it happened" relative to `now`: `now`, `HH:MM` (today, or yesterday if that is
/// still ahead), `yesterday HH:MM`, `today HH:MM`, `YYYY-MM-DD HH:MM[:SS]` or with a `T`.
pub fn parse_at(typed: &str, now: DateTime) -> Result<DateTime, String> {
    let t = typed.trim().to_ascii_lowercase();
    // Repeated in the messages: cleaned, as every typed value.
    let text = clean_input(typed);
    let hint = "say when like 02:30, \"yesterday 23:10\", \"2025-01-06 02:30\" or now";
    if t.is_empty() || t == "now" {
        return Ok(now);
    }
    let time = |s: &str| -> Result<Time, String> {
        let s = s.trim();
        let parsed = if s.len() <= 5 {
            Time::strptime("%H:%M", s)
        } else {
            Time::strptime("%H:%M:%S", s)
        };
        parsed.map_err(|_| format!("`{text}` is not a time: {hint}"))
    };
    let at = if let Some(rest) = t.strip_prefix("yesterday") {
        let day = now.date().yesterday().map_err(|e| e.to_string())?;
        day.to_datetime(time(rest)?)
    } else if let Some(rest) = t.strip_prefix("today") {
        now.date().to_datetime(time(rest)?)
    } else if t.len() <= 8 && t.contains(':') && !t.contains('-') {
        let at = now.date().to_datetime(time(&t)?);
        if at > now {
            now.date()
                .yesterday()
                .map_err(|e| e.to_string())?
                .to_datetime(at.time())
        } else {
            at
        }
    } else {
        let norm = t.replacen(' ', "T", 1);
        norm.parse::<DateTime>()
            .map_err(|_| format!("`{text}` is not a date and time: {hint}"))?
    };
    if at > now {
        return Err(format!("`{text}` is in the future"));
    }
    Ok(at)
}

/// "Logged cramp 12: strong calf cramp (left), lasted 3m, at 2025-01-06 02:30."
pub fn logged_message(e: &NewCramp, id: i64) -> String {
    let lasted = e
        .lasted
        .map(|d| format!(", lasted {}", format_lasted(d)))
        .unwrap_or_default();
    let situation = e
        .situation
        .map(|s| format!(", {}", s.label()))
        .unwrap_or_default();
    // A cramp over 5 minutes: the articles' advice, said where it is logged.
    let long = e
        .lasted
        .and_then(crate::advice::after_a_long_cramp)
        .map(|advice| format!(" {advice}"))
        .unwrap_or_default();
    format!(
        "Logged cramp {id}: {} {} cramp ({}){lasted}{situation}, at {}.{long}",
        e.strength.label(),
        e.place.label(),
        e.side.label(),
        e.at.strftime("%Y-%m-%d %H:%M")
    )
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
    fn lasted_is_at_most_a_day() {
        // The grammar itself is tests/duration_grammar.rs, shared by every entry point.
        assert_eq!(parse_lasted("24h"), Ok(Duration::from_secs(86_400)));
        assert!(parse_lasted("30h").is_err_and(|e| e.contains("longer than a day")));
        assert_eq!(format_lasted(Duration::from_secs(90)), "1m30s");
        assert_eq!(format_lasted(Duration::from_secs(360)), "6m");
    }
}
