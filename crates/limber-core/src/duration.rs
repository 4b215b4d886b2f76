//! Durations: the one grammar used by routine files, `--set`, `--lasted` and the log form.
//!
//! A duration is one of
//! - whole seconds: `90`;
//! - a clock: `2:30` (minutes and seconds), `1:05:00` (hours, minutes, seconds);
//! - parts with units, largest first, each at most once, spaces allowed between them:
//!   `45s`, `3m`, `1m30s`, `1h`, `1h05m`, `2 min`, `1.5m`. The units are `h` (`hr`, `hour`,
//!   `hours`), `m` (`min`, `mins`, `minute`, `minutes`) and `s` (`sec`, `secs`, `second`,
//!   `seconds`), in any case. A decimal part is allowed when it makes whole seconds.
//!
//! limber counts whole seconds; ranges (1 s … 24 h in a routine, up to a day for a cramp) are
//! the caller's to check. docs/routine-format.md documents the same grammar for people.

use crate::routine::text::clean_input;

/// How a duration is written, for error messages.
pub const DURATION_EXAMPLES: &str = "90 (seconds), 45s, 3m, 1m30s, 2:30 or 1h05m";

/// Parses a duration into whole seconds. Errors are sentences for the user that repeat the
/// value (made visible and cut, see [`clean_input`]).
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let shown = clean_input(text.trim());
    let not_one = |why: &str| format!("`{shown}` is not a duration: {why}");
    let write_it = format!("write it like {DURATION_EXAMPLES}");
    let too_large = || format!("`{shown}` is too large for a duration");
    if lower.is_empty() {
        return Err(format!("an empty duration: {write_it}"));
    }
    if lower.bytes().all(|b| b.is_ascii_digit()) {
        return lower.parse::<u64>().map_err(|_| too_large());
    }
    if lower.contains(':') {
        return parse_clock(&lower).map_err(|why| match why {
            PartError::TooLarge => too_large(),
            PartError::Malformed | PartError::Fraction => not_one(
                "write minutes and seconds as 2:30, or hours, minutes and seconds as 1:05:00 \
                 (two digits after each colon, below 60)",
            ),
        });
    }
    let mut total: u64 = 0;
    let mut last_rank = u8::MAX; // h = 3, m = 2, s = 1: units come largest first
    let mut rest = lower.as_str();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        let after = after.trim_start();
        let unit_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let Some((rank, factor)) = unit_factor(unit) else {
            return Err(if number.is_empty() || unit.is_empty() && total == 0 {
                not_one(&write_it)
            } else if unit.is_empty() {
                not_one("the last number has no unit (add h, m or s, as in 1m30s)")
            } else {
                not_one(&format!(
                    "`{}` is not a unit (h, m or s); {write_it}",
                    clean_input(unit)
                ))
            });
        };
        if number.is_empty() {
            return Err(not_one(&format!(
                "`{}` needs a number before it",
                clean_input(unit)
            )));
        }
        if rank >= last_rank {
            return Err(format!(
                "`{shown}`: write hours, then minutes, then seconds, each once"
            ));
        }
        last_rank = rank;
        let secs = part_seconds(number, factor).map_err(|why| match why {
            PartError::Malformed => not_one(&write_it),
            PartError::Fraction => not_one("limber counts whole seconds"),
            PartError::TooLarge => too_large(),
        })?;
        total = total.checked_add(secs).ok_or_else(too_large)?;
        rest = after;
    }
    Ok(total)
}

/// A unit's rank (units come largest first) and its seconds.
fn unit_factor(unit: &str) -> Option<(u8, u64)> {
    match unit {
        "h" | "hr" | "hrs" | "hour" | "hours" => Some((3, 3600)),
        "m" | "min" | "mins" | "minute" | "minutes" => Some((2, 60)),
        "s" | "sec" | "secs" | "second" | "seconds" => Some((1, 1)),
        _ => None,
    }
}

enum PartError {
    Malformed,
    Fraction,
    TooLarge,
}

/// `number` (digits, at most one `.` with at most three decimals) times `factor` seconds.
fn part_seconds(number: &str, factor: u64) -> Result<u64, PartError> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 3
    {
        return Err(PartError::Malformed);
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| PartError::TooLarge)?
    };
    let mut secs = whole.checked_mul(factor).ok_or(PartError::TooLarge)?;
    if !fraction.is_empty() {
        // The decimals as thousandths, times the unit: whole seconds or refused.
        let padded = format!("{fraction:0<3}");
        let thousandths: u64 = padded.parse().map_err(|_| PartError::Malformed)?;
        let millis = thousandths * factor;
        if !millis.is_multiple_of(1000) {
            return Err(PartError::Fraction);
        }
        secs = secs.checked_add(millis / 1000).ok_or(PartError::TooLarge)?;
    }
    Ok(secs)
}

/// `m:ss` or `h:mm:ss`.
fn parse_clock(text: &str) -> Result<u64, PartError> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((first, rest)) = parts.split_first() else {
        return Err(PartError::Malformed);
    };
    if parts.len() > 3 || !digits(first) {
        return Err(PartError::Malformed);
    }
    let mut total: u64 = first.parse().map_err(|_| PartError::TooLarge)?;
    for part in rest {
        if part.len() != 2 || !digits(part) {
            return Err(PartError::Malformed);
        }
        let n: u64 = part.parse().map_err(|_| PartError::Malformed)?;
        if n >= 60 {
            return Err(PartError::Malformed);
        }
        total = total
            .checked_mul(60)
            .and_then(|t| t.checked_add(n))
            .ok_or(PartError::TooLarge)?;
    }
    Ok(total)
}

/// Formats seconds compactly for lists and plans: `45s`, `2m`, `1m30s`, `1h5m`. Every output
/// parses back to the same seconds.
pub fn format_duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// Formats seconds as a clock: `4:05`, or `1:02:03` past an hour. Parses back too.
pub fn format_clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The grammar's table, checked at every entry point, is tests/duration_grammar.rs.

    #[test]
    fn error_messages_say_what_is_wrong() {
        let err = |t: &str| parse_duration(t).err().unwrap_or_default();
        assert!(err("").contains("empty"));
        assert!(err("5x").contains("`5x` is not a duration: `x` is not a unit"));
        assert!(err("ten").contains("`ten` is not a duration: write it like"));
        assert!(err("s").contains("needs a number"));
        assert!(err("30s2m").contains("hours, then minutes"));
        assert!(err("1m30").contains("no unit"));
        assert!(err("99999999999999999999h").contains("too large"));
        assert!(err("9999999999999999h").contains("too large"));
        assert!(err("0.5s").contains("whole seconds"));
        assert!(err("2:75").contains("minutes and seconds as 2:30"));
        assert!(err("-5s").contains("`-5s` is not a duration"));
        assert!(err("5\u{1b}[2Js").contains("`5␛[2Js` is not a duration"));
    }

    #[test]
    fn echoed_text_is_cleaned_and_cut() {
        let evil = format!("\u{1b}[2J{}", "9".repeat(500));
        let message = parse_duration(&format!("{evil}x"))
            .err()
            .unwrap_or_default();
        assert!(!message.chars().any(char::is_control), "{message}");
        assert!(message.chars().count() < 200, "{message}");
    }

    #[test]
    fn formats_parse_back() {
        for secs in [0, 1, 59, 60, 61, 90, 3599, 3600, 3661, 86400] {
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
            assert_eq!(parse_duration(&format_clock(secs)), Ok(secs));
        }
        assert_eq!(format_clock(65), "1:05");
        assert_eq!(format_clock(3723), "1:02:03");
    }
}
