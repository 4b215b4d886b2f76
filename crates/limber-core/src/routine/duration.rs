//! Durations as routine files write them: `"45s"`, `"2m"`, `"1m30s"`, `"1h"`, or whole seconds.

/// Parses a duration string into whole seconds.
///
/// Accepts one or more `<number><unit>` parts with units `h`, `m`, `s`, largest first, each at most
/// once, or a bare integer of seconds. Returns a person-readable reason on failure.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty duration".into());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u64>()
            .map_err(|_| format!("`{text}` is too large"));
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut last_unit_rank = 0u8; // h=3, m=2, s=1; units must come largest first
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let (rank, factor) = match ch {
            'h' => (3, 3600),
            'm' => (2, 60),
            's' => (1, 1),
            _ => {
                return Err(format!(
                    "`{text}` is not a duration (write it like \"45s\", \"2m\", \"1m30s\" or \"1h\")"
                ));
            }
        };
        if number.is_empty() {
            return Err(format!("`{text}`: `{ch}` needs a number before it"));
        }
        if last_unit_rank != 0 && rank >= last_unit_rank {
            return Err(format!(
                "`{text}`: write hours, then minutes, then seconds, each once"
            ));
        }
        last_unit_rank = rank;
        let value: u64 = number
            .parse()
            .map_err(|_| format!("`{text}` is too large"))?;
        total = value
            .checked_mul(factor)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("`{text}` is too large"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!(
            "`{text}`: the last number has no unit (add h, m or s)"
        ));
    }
    Ok(total)
}

/// Formats seconds compactly for lists and plans: `45s`, `2m`, `1m30s`, `1h5m`.
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

/// Formats seconds as a clock: `4:05`, or `1:02:03` past an hour.
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

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse_duration("45s"), Ok(45));
        assert_eq!(parse_duration("2m"), Ok(120));
        assert_eq!(parse_duration("1m30s"), Ok(90));
        assert_eq!(parse_duration("1h"), Ok(3600));
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("1h2m3s"), Ok(3723));
    }

    #[test]
    fn rejects_malformed_and_overflowing_durations() {
        assert!(parse_duration("").is_err());
        assert!(parse_duration("5").is_ok());
        assert!(parse_duration("5x").unwrap_err().contains("not a duration"));
        assert!(parse_duration("s").unwrap_err().contains("needs a number"));
        assert!(
            parse_duration("30s2m")
                .unwrap_err()
                .contains("hours, then minutes")
        );
        assert!(parse_duration("1m30").unwrap_err().contains("no unit"));
        assert!(
            parse_duration("99999999999999999999h")
                .unwrap_err()
                .contains("too large")
        );
        assert!(
            parse_duration("9999999999999999h")
                .unwrap_err()
                .contains("too large")
        );
        assert!(parse_duration("-5s").is_err());
    }

    #[test]
    fn formats_round_trip() {
        for secs in [0, 1, 59, 60, 61, 90, 3599, 3600, 3661, 86400] {
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
        }
        assert_eq!(format_clock(65), "1:05");
        assert_eq!(format_clock(3723), "1:02:03");
    }
}
