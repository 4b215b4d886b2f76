//! `--set NAME=VALUE`: param values chosen by the user, checked against the param's kind and range.

use super::model::{ParamKind, Routine};
use super::plan::Values;
use super::text::clean_input;
use super::{MAX_SET_CHARS, MAX_SETS};
use crate::duration::{format_duration, parse_duration};

/// Applies `NAME=VALUE` assignments over the defaults. Errors are sentences for the user.
pub fn resolve_values(routine: &Routine, sets: &[String]) -> Result<Values, String> {
    let mut values = routine.default_values();
    values.extend(resolve_sets(routine, sets)?);
    Ok(values)
}

/// The values `NAME=VALUE` assignments set, and only those. Errors are sentences for the user.
pub fn resolve_sets(routine: &Routine, sets: &[String]) -> Result<Values, String> {
    let mut values = Values::new();
    if sets.len() > MAX_SETS {
        return Err(format!(
            "--set is given {} times; the limit is {MAX_SETS} (one for each param is enough)",
            sets.len()
        ));
    }
    for set in sets {
        let length = set.chars().count();
        if length > MAX_SET_CHARS {
            return Err(format!(
                "--set {}: {length} characters; a NAME=VALUE is at most {MAX_SET_CHARS}",
                clean_input(set)
            ));
        }
        let Some((name, text)) = set.split_once('=') else {
            return Err(format!(
                "--set {}: write it as NAME=VALUE, e.g. --set cycles=7",
                clean_input(set)
            ));
        };
        let (name, text) = (name.trim(), text.trim());
        let value = parse_value(routine, name, text)?;
        values.insert(name.to_string(), value);
    }
    Ok(values)
}

/// Parses and range-checks one value for the named param.
pub fn parse_value(routine: &Routine, name: &str, text: &str) -> Result<u64, String> {
    let Some(param) = routine.params.iter().find(|p| p.name == name) else {
        let shown = clean_input(name);
        let names: Vec<&str> = routine.params.iter().map(|p| p.name.as_str()).collect();
        return Err(if names.is_empty() {
            format!(
                "`{}` has no params to set (`{shown}` is not one)",
                routine.id
            )
        } else {
            let hint = super::diag::nearest(name, &names)
                .map(|n| format!(" Did you mean `{n}`?"))
                .unwrap_or_default();
            format!(
                "`{}` has no param `{shown}`.{hint} Its params: {}",
                routine.id,
                names.join(", ")
            )
        });
    };
    let value = match param.kind {
        // A whole number too large for u64 is still a whole number: out of range, below.
        ParamKind::Count if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse::<u64>().unwrap_or(u64::MAX)
        }
        ParamKind::Count => text
            .parse::<u64>()
            .map_err(|_| format!("{name} takes a whole number, e.g. {name}={}", param.default))?,
        ParamKind::Duration => parse_duration(text).map_err(|reason| {
            format!(
                "{name} takes a duration such as {name}={}: {reason}",
                format_duration(param.default)
            )
        })?,
    };
    let (lo, hi) = param.bounds();
    if value < lo || value > hi {
        return Err(format!(
            "{name}={} is outside its range: {} to {}",
            clean_input(text),
            param.display_value(lo),
            param.display_value(hi)
        ));
    }
    Ok(value)
}
