//! limber's one duration grammar, as a table, checked at every place a person writes a duration:
//! the parser itself, a routine file (`duration = "…"`, and a bare number where TOML allows
//! one), `--set NAME=VALUE` (and the setup screen, which uses the same `parse_value`), and
//! `--lasted` (and the log form's "lasted" field, which uses the same `parse_lasted`).

use std::time::Duration;

use limber_core::diary::model::parse_lasted;
use limber_core::duration::parse_duration;
use limber_core::routine::values::resolve_values;
use limber_core::routine::{Amount, StepKind, parse_routine};

/// (as written, seconds or `None` for "not a duration"). Every accepted value is in 1 s … 24 h,
/// the range every entry point shares, so a rejection here is the grammar's, not a range's.
const TABLE: &[(&str, Option<u64>)] = &[
    // whole seconds
    ("90", Some(90)),
    ("1", Some(1)),
    (" 45 ", Some(45)),
    // units, largest first, each once, any case, spaces allowed
    ("90s", Some(90)),
    ("45s", Some(45)),
    ("3m", Some(180)),
    ("1m30s", Some(90)),
    ("1m 30s", Some(90)),
    ("1h", Some(3600)),
    ("1h05m", Some(3900)),
    ("1h2m3s", Some(3723)),
    ("2 min", Some(120)),
    ("45 seconds", Some(45)),
    ("1 minute 5 seconds", Some(65)),
    ("2 hours", Some(7200)),
    ("3M", Some(180)),
    ("1.5m", Some(90)),
    ("1.5 min", Some(90)),
    ("0.5h", Some(1800)),
    ("24h", Some(86_400)),
    // clocks: m:ss and h:mm:ss
    ("2:30", Some(150)),
    ("0:45", Some(45)),
    ("90:00", Some(5400)),
    ("1:05:00", Some(3900)),
    // not durations
    ("", None),
    ("   ", None),
    ("s", None),
    ("m30", None),
    ("5x", None),
    ("3 parsecs", None),
    ("1m30", None),
    ("30s2m", None),
    ("1m1m", None),
    ("-5s", None),
    ("+5s", None),
    ("0.5s", None),
    ("1.2345m", None),
    ("1..5m", None),
    ("2:75", None),
    ("2:5", None),
    (":30", None),
    ("1:2:3:4", None),
    ("2:30s", None),
    ("1h 1:30", None),
    ("99999999999999999999h", None),
    ("ten minutes", None),
];

#[test]
fn every_entry_point_reads_the_same_grammar() {
    for &(text, expected) in TABLE {
        // The parser.
        assert_eq!(
            parse_duration(text).ok(),
            expected,
            "parse_duration({text:?})"
        );
        // A routine file's step duration.
        assert_eq!(
            routine_file(&format!("{text:?}")),
            expected,
            "routine file {text:?}"
        );
        // A bare TOML number is whole seconds, like "90".
        if let Ok(n) = text.trim().parse::<u64>() {
            assert_eq!(routine_file(&n.to_string()), expected, "routine file {n}");
        }
        // --set (and the setup screen).
        let routine = with_param();
        let set = resolve_values(&routine, &[format!("hold={text}")])
            .ok()
            .and_then(|values| values.get("hold").copied());
        assert_eq!(set, expected, "--set hold={text}");
        // --lasted (and the log form).
        assert_eq!(
            parse_lasted(text).ok(),
            expected.map(Duration::from_secs),
            "--lasted {text}"
        );
    }
}

#[test]
fn every_rejection_is_a_sentence_naming_the_value() {
    for &(text, expected) in TABLE {
        if expected.is_some() || text.trim().is_empty() {
            continue;
        }
        let reason = parse_duration(text).err().unwrap_or_default();
        assert!(
            reason.contains(text.trim()) || reason.contains('…'),
            "{text:?}: {reason}"
        );
        let set = resolve_values(&with_param(), &[format!("hold={text}")])
            .err()
            .unwrap_or_default();
        assert!(set.contains(&reason), "--set hold={text}: {set}");
    }
}

/// The seconds of a one-step routine whose `duration` is `value` (TOML), or `None` if refused.
fn routine_file(value: &str) -> Option<u64> {
    let source =
        format!("title = \"t\"\nsummary = \"s\"\n[[step]]\ntitle = \"a\"\nduration = {value}\n");
    let routine = parse_routine("t", &source).ok()?;
    match routine.steps.first().map(|s| &s.kind) {
        Some(StepKind::Timed {
            duration: Amount::Fixed(secs),
        }) => Some(*secs),
        other => panic!("{value}: a timed step expected, got {other:?}"),
    }
}

/// A routine with a duration param `hold`, 1 s … 24 h.
fn with_param() -> limber_core::routine::Routine {
    let source = "title = \"t\"\nsummary = \"s\"\n[params.hold]\ndefault = \"30s\"\nmin = \"1s\"\nmax = \"24h\"\n\
                  [[step]]\ntitle = \"a\"\nduration = \"{hold}\"\n";
    parse_routine("t", source).unwrap_or_else(|e| panic!("{e:?}"))
}
