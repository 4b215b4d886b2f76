//! From TOML text to a validated [`Routine`], collecting every problem with its place in the file.
//!
//! The file is read with `toml`'s spanned document tree rather than serde derive, so that every
//! key and value keeps its byte range for diagnostics, and all problems are reported in one pass.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, nearest};
use super::model::{
    Amount, BuiltinSound, Cues, Param, ParamKind, Routine, SoundFile, SoundRef, Step, StepKind,
    Tone,
};
use super::text::{clean_input, clean_line, clean_text};
use super::{
    MAX_COUNT, MAX_DEPTH, MAX_DURATION_SECS, MAX_LABEL_CHARS, MAX_LINE_CHARS, MAX_LIST_ITEMS,
    MAX_PARAMS, MAX_TAG_CHARS, MAX_TAGS, MAX_TEXT_CHARS,
};
use crate::duration::{DURATION_EXAMPLES, format_duration, parse_duration};

const TOP_KEYS: &[&str] = &[
    "format",
    "title",
    "summary",
    "tags",
    "equipment",
    "caution",
    "source",
    "params",
    "cues",
    "step",
];
const PARAM_KEYS: &[&str] = &["default", "min", "max", "help", "label"];
const CUE_KEYS: &[&str] = &["countdown", "start", "end", "finish", "halfway", "volume"];
const STEP_KEYS: &[&str] = &[
    "title",
    "text",
    "say",
    "tone",
    "temperature",
    "cue_start",
    "cue_end",
    "duration",
    "reps",
    "tempo",
    "warn_after",
    "warn",
    "done_when",
    "note",
    "step",
    "repeat",
    "rest",
    "sides",
    "if",
];

/// Whether `id` is a valid routine id: lowercase letters, digits and `-`, starting with a letter
/// or a digit (an id starting with `-` would be read as an option on the command line:
/// `limber play -x`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses and validates a routine. On failure, returns every problem found, in file order.
pub fn parse_routine(id: &str, source: &str) -> Result<Routine, Vec<Diagnostic>> {
    let doc = match DeTable::parse(source) {
        Ok(doc) => doc,
        Err(err) => {
            let message = err.message().trim().to_string();
            // The TOML reader stops at 80 levels of tables, lists or dotted keys, sometimes
            // without a place: that is valid TOML, just far deeper than any routine.
            if message.contains("recursion") {
                return Err(vec![
                    Diagnostic::new(
                        "this file nests tables, lists or keys too deeply to read",
                        err.span().or_else(|| deepest_key(source)),
                    )
                    .with_hint(format!(
                        "steps may be nested at most {MAX_DEPTH} deep; `limber format` describes the file format"
                    )),
                ]);
            }
            return Err(vec![
                Diagnostic::new(format!("this is not valid TOML: {message}"), err.span())
                    .with_hint("`limber format` describes the file format"),
            ]);
        }
    };
    let mut parser = Parser::default();
    let routine = parser.routine(id, doc.get_ref(), doc.span());
    let mut problems = parser.problems;
    if problems.is_empty() {
        // Whole-plan limits need the parsed routine: check them with the defaults.
        if let Err(problem) = super::plan::check_limits(&routine, &routine.default_values()) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(routine)
    } else {
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(problems)
    }
}

type Value<'a> = Spanned<DeValue<'a>>;

#[derive(Default)]
struct Parser {
    problems: Vec<Diagnostic>,
    params: BTreeMap<String, ParamKind>,
    /// Params that are declared but have a problem of their own (already reported): a reference
    /// to one is not reported again as "does not exist".
    broken_params: Vec<String>,
    /// Every sound file named so far, with where.
    sound_files: Vec<SoundFile>,
}

/// A TOML table being read: remembers which keys were used so the rest are reported as unknown.
struct Fields<'t, 'a> {
    table: &'t DeTable<'a>,
    span: Range<usize>,
    what: &'static str,
}

impl<'t, 'a> Fields<'t, 'a> {
    fn get(&self, key: &str) -> Option<&'t Value<'a>> {
        self.table.get(key)
    }

    fn unknown_keys(&self, allowed: &[&str], problems: &mut Vec<Diagnostic>) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let mut d = Diagnostic::new(
                    format!("unknown key `{name}` in {}", self.what),
                    Some(key.span()),
                );
                d = match nearest(name, allowed) {
                    Some(close) => d.with_hint(format!("did you mean `{close}`?")),
                    None => d.with_hint(format!("valid keys here: {}", allowed.join(", "))),
                };
                problems.push(d);
            }
        }
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Parser {
    fn problem(&mut self, message: impl Into<String>, span: Range<usize>, hint: Option<String>) {
        let mut d = Diagnostic::new(message, Some(span));
        d.hint = hint;
        self.problems.push(d);
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Value<'_>, example: &str) {
        self.problem(
            format!(
                "`{key}` must be {expected}, found {}",
                type_name(value.get_ref())
            ),
            value.span(),
            Some(format!("for example: {example}")),
        );
    }

    fn string(&mut self, fields: &Fields<'_, '_>, key: &str, example: &str) -> Option<String> {
        let value = fields.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, "a string", value, example);
                None
            }
        }
    }

    fn required_string(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        example: &str,
    ) -> Option<String> {
        if fields.get(key).is_none() {
            self.problem(
                format!("{} has no `{key}`", fields.what),
                header_span(&fields.span),
                Some(format!("add a line like: {example}")),
            );
            return None;
        }
        let text = self.string(fields, key, example)?;
        if clean_line(&text).is_empty() {
            let span = fields.get(key).map_or(fields.span.clone(), Spanned::span);
            self.problem(
                format!("`{key}` is empty"),
                span,
                Some(format!("for example: {example}")),
            );
            return None;
        }
        Some(text)
    }

    /// Cleaned text that is at most `max` characters long. Step texts are copied into every
    /// stage they expand to (up to 10,000), so their length is bounded.
    fn limited(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        text: &str,
        max: usize,
        clean: fn(&str) -> String,
    ) -> Option<String> {
        let text = clean(text);
        let length = text.chars().count();
        if length > max {
            let span = fields.get(key).map_or(fields.span.clone(), Spanned::span);
            let hint = if max == MAX_LINE_CHARS {
                format!(
                    "`{key}` is shown on one line: at most {max} characters; details go in `text`"
                )
            } else {
                format!("at most {max} characters: keep it short enough to read during the step")
            };
            self.problem(
                format!("`{key}` is {length} characters long; the limit is {max}"),
                span,
                Some(hint),
            );
            return None;
        }
        Some(text)
    }

    /// A list of one-line strings: at most `most` items of at most `chars` characters each.
    fn string_list(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        example: &str,
        (most, chars): (usize, usize),
    ) -> Vec<String> {
        let Some(value) = fields.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "a list of strings", value, example);
            return Vec::new();
        };
        if items.len() > most {
            self.problem(
                format!("`{key}` has {} items; the limit is {most}", items.len()),
                value.span(),
                Some(format!("keep the {most} that matter most")),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => {
                    let text = clean_line(s);
                    let length = text.chars().count();
                    if length > chars {
                        self.problem(
                            format!("an item of `{key}` is {length} characters long; the limit is {chars}"),
                            item.span(),
                            None,
                        );
                    } else {
                        out.push(text);
                    }
                }
                _ => self.wrong_type(key, "a list of strings", item, example),
            }
        }
        out
    }

    fn bool(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<bool> {
        let value = fields.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, "true or false", value, &format!("{key} = true"));
                None
            }
        }
    }

    fn integer(&mut self, key: &str, value: &Value<'_>, example: &str) -> Option<i128> {
        match value.get_ref() {
            DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.problem(format!("`{key}` is too large"), value.span(), None);
                    None
                }
            },
            _ => {
                self.wrong_type(key, "a whole number", value, example);
                None
            }
        }
    }

    fn routine(&mut self, id: &str, doc: &DeTable<'_>, span: Range<usize>) -> Routine {
        let top = Fields {
            table: doc,
            span: span.start..span.start,
            what: "the routine",
        };
        top.unknown_keys(TOP_KEYS, &mut self.problems);
        if let Some(format) = top.get("format")
            && let Some(n) = self.integer("format", format, "format = 1")
            && n != 1
        {
            self.problem(
                format!("this limber reads format 1, the file says format {n}"),
                format.span(),
                Some("a newer limber may read it; or write it for format 1".into()),
            );
        }
        if !valid_id(id) {
            let why = if id.starts_with('-') {
                ": an id cannot start with `-`, which the command line reads as an option"
            } else {
                ""
            };
            self.problem(
                format!(
                    "`{}` is not a valid routine id (the file name without .toml){why}",
                    clean_input(id)
                ),
                0..0,
                Some("name the file with lowercase letters, digits and `-`, starting with a letter or digit, e.g. `contrast-bath.toml`".into()),
            );
        }
        let title = self
            .required_string(&top, "title", "title = \"Contrast foot bath\"")
            .and_then(|t| self.limited(&top, "title", &t, MAX_LINE_CHARS, clean_line))
            .unwrap_or_default();
        let summary = self
            .required_string(
                &top,
                "summary",
                "summary = \"Warm and cool water, alternated\"",
            )
            .map(|t| clean_text(&t))
            .unwrap_or_default();
        let tags = self.string_list(
            &top,
            "tags",
            "tags = [\"bedtime\", \"massage\"]",
            (MAX_TAGS, MAX_TAG_CHARS),
        );
        let equipment = self.string_list(
            &top,
            "equipment",
            "equipment = [\"two bowls\"]",
            (MAX_LIST_ITEMS, MAX_LINE_CHARS),
        );
        let caution = self.string_list(
            &top,
            "caution",
            "caution = [\"Not medical advice.\"]",
            (MAX_LIST_ITEMS, MAX_TEXT_CHARS),
        );
        let source = self
            .string(&top, "source", "source = \"Leg cramps in pregnancy\"")
            .map(|s| clean_line(&s));
        let params = self.params(&top);
        let cues = self.cues(&top);
        let steps = match top.get("step") {
            None => {
                self.problem(
                    "the routine has no steps",
                    header_span(&top.span),
                    Some("add at least one [[step]] with a title".into()),
                );
                Vec::new()
            }
            Some(value) => self.steps(value, 1, "step"),
        };
        let params = in_order_of_use(params, &steps);
        Routine {
            id: id.to_string(),
            title,
            summary,
            tags,
            equipment,
            caution,
            source,
            params,
            cues,
            steps,
            sound_files: std::mem::take(&mut self.sound_files),
        }
    }

    fn params(&mut self, top: &Fields<'_, '_>) -> Vec<Param> {
        let Some(value) = top.get("params") else {
            return Vec::new();
        };
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(
                "params",
                "a table of params",
                value,
                "[params.cycles] default = 5",
            );
            return Vec::new();
        };
        if table.len() > MAX_PARAMS {
            self.problem(
                format!(
                    "this routine has {} params; the limit is {MAX_PARAMS}",
                    table.len()
                ),
                value.span(),
                Some(
                    "each param is a question on the setup screen: keep the few that matter".into(),
                ),
            );
            self.broken_params
                .extend(table.keys().map(|k| k.get_ref().to_string()));
            return Vec::new();
        }
        let mut out = Vec::new();
        for (name, value) in table.iter() {
            let name_text: &str = name.get_ref();
            if !valid_param_name(name_text) {
                self.problem(
                    format!("`{name_text}` is not a valid param name"),
                    name.span(),
                    Some("use lowercase letters, digits and `_`, starting with a letter".into()),
                );
                self.broken_params.push(name_text.to_string());
                continue;
            }
            let DeValue::Table(ptable) = value.get_ref() else {
                self.wrong_type(
                    name_text,
                    "a table with `default`",
                    value,
                    &format!("[params.{name_text}] default = 5"),
                );
                self.broken_params.push(name_text.to_string());
                continue;
            };
            let fields = Fields {
                table: ptable,
                span: value.span(),
                what: "a param",
            };
            fields.unknown_keys(PARAM_KEYS, &mut self.problems);
            match self.param(name_text, &fields, name.span()) {
                Some(param) => {
                    self.params.insert(param.name.clone(), param.kind);
                    out.push(param);
                }
                None => self.broken_params.push(name_text.to_string()),
            }
        }
        out
    }

    fn param(&mut self, name: &str, fields: &Fields<'_, '_>, span: Range<usize>) -> Option<Param> {
        let Some(default) = fields.get("default") else {
            self.problem(
                format!("param `{name}` has no `default`"),
                span,
                Some("add `default = 5` (a number) or `default = \"30s\"` (a duration)".into()),
            );
            return None;
        };
        // The default's type decides the kind: an integer counts, a string is a duration.
        let kind = match default.get_ref() {
            DeValue::Integer(_) => ParamKind::Count,
            DeValue::String(_) => ParamKind::Duration,
            _ => {
                self.wrong_type(
                    "default",
                    "a whole number or a duration string",
                    default,
                    "default = 5  or  default = \"30s\"",
                );
                return None;
            }
        };
        let default_value = self.param_number(kind, "default", default)?;
        let min = match fields.get("min") {
            Some(v) => Some(self.param_number(kind, "min", v)?),
            None => None,
        };
        let max = match fields.get("max") {
            Some(v) => Some(self.param_number(kind, "max", v)?),
            None => None,
        };
        let show = |v: u64| match kind {
            ParamKind::Count => v.to_string(),
            ParamKind::Duration => format_duration(v),
        };
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let span = fields.get("min").map_or(span.clone(), Spanned::span);
            self.problem(
                format!("param `{name}`: min {} is above max {}", show(lo), show(hi)),
                span,
                None,
            );
            return None;
        }
        if min.is_some_and(|lo| default_value < lo) || max.is_some_and(|hi| default_value > hi) {
            self.problem(
                format!(
                    "param `{name}`: the default {} is outside its range",
                    show(default_value)
                ),
                default.span(),
                Some(format!(
                    "choose a default from {} to {}",
                    show(min.unwrap_or(1)),
                    max.map_or("any".into(), show)
                )),
            );
            return None;
        }
        let help = self.string(fields, "help", "help = \"How many warm/cool rounds\"");
        let label = self.label(fields)?;
        Some(Param {
            name: name.to_string(),
            kind,
            default: default_value,
            min,
            max,
            help: help.map(|h| clean_text(&h)),
            label,
        })
    }

    /// `label = "Warm bowl"`: a few words on one line. `Some(None)` when there is none; `None`
    /// when it has a problem (reported).
    fn label(&mut self, fields: &Fields<'_, '_>) -> Option<Option<String>> {
        let example = "label = \"Warm bowl\"";
        if fields.get("label").is_none() {
            return Some(None);
        }
        let text = clean_line(&self.string(fields, "label", example)?);
        let text = text.trim();
        let span = fields
            .get("label")
            .map_or(fields.span.clone(), Spanned::span);
        let length = text.chars().count();
        if text.is_empty() {
            self.problem(
                "`label` is empty",
                span,
                Some(format!("for example: {example}; or leave it out")),
            );
            return None;
        }
        if length > MAX_LABEL_CHARS {
            self.problem(
                format!("`label` is {length} characters long; the limit is {MAX_LABEL_CHARS}"),
                span,
                Some("a label is a few words beside the value; say more in `help`".into()),
            );
            return None;
        }
        Some(Some(text.to_string()))
    }

    /// A param's default/min/max, in the param's own kind, within the format's limits.
    fn param_number(&mut self, kind: ParamKind, key: &str, value: &Value<'_>) -> Option<u64> {
        if let DeValue::String(text) = value.get_ref()
            && let Some(named) = text
                .trim()
                .strip_prefix('{')
                .and_then(|t| t.strip_suffix('}'))
        {
            let example = match kind {
                ParamKind::Count => format!("{key} = 5"),
                ParamKind::Duration => format!("{key} = \"30s\""),
            };
            self.problem(
                format!(
                    "a param's `{key}` cannot name a param (`{{{}}}`): it must be a value itself",
                    clean_input(named)
                ),
                value.span(),
                Some(format!(
                    "write the value, e.g. `{example}`; `{{NAME}}` goes in a step's fields"
                )),
            );
            return None;
        }
        match kind {
            ParamKind::Count => {
                let n = self.integer(key, value, &format!("{key} = 5"))?;
                self.in_range(key, n, 1, MAX_COUNT, value.span(), |v| v.to_string())
            }
            ParamKind::Duration => {
                let secs = self.duration_literal(key, value)?;
                self.in_range(
                    key,
                    i128::from(secs),
                    1,
                    MAX_DURATION_SECS,
                    value.span(),
                    format_duration,
                )
            }
        }
    }

    fn in_range(
        &mut self,
        key: &str,
        n: i128,
        lo: u64,
        hi: u64,
        span: Range<usize>,
        show: impl Fn(u64) -> String,
    ) -> Option<u64> {
        if n < i128::from(lo) || n > i128::from(hi) {
            let shown = u64::try_from(n).map_or_else(|_| n.to_string(), &show);
            self.problem(
                format!("`{key}` is {shown}, outside {} … {}", show(lo), show(hi)),
                span,
                Some(format!("allowed: {} to {}", show(lo), show(hi))),
            );
            return None;
        }
        u64::try_from(n).ok()
    }

    /// A duration written directly: `"45s"` or whole seconds.
    fn duration_literal(&mut self, key: &str, value: &Value<'_>) -> Option<u64> {
        match value.get_ref() {
            DeValue::String(s) => match parse_duration(s) {
                Ok(secs) => Some(secs),
                Err(reason) => {
                    // The examples once: in the reason, or else as the hint.
                    let hint = (!reason.contains(DURATION_EXAMPLES))
                        .then(|| format!("durations look like {DURATION_EXAMPLES}"));
                    self.problem(format!("`{key}`: {reason}"), value.span(), hint);
                    None
                }
            },
            DeValue::Integer(_) => {
                let n = self.integer(key, value, "30")?;
                match u64::try_from(n) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        // Out of u64: negative, or more seconds than u64 holds.
                        let message = if n < 0 {
                            format!("`{key}` is {n} seconds: a duration cannot be negative")
                        } else {
                            format!(
                                "`{key}` is {n} seconds, outside 1s … {}",
                                format_duration(MAX_DURATION_SECS)
                            )
                        };
                        self.problem(
                            message,
                            value.span(),
                            Some(format!(
                                "allowed: 1s to {}",
                                format_duration(MAX_DURATION_SECS)
                            )),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, "a duration", value, &format!("{key} = \"45s\""));
                None
            }
        }
    }

    /// A `"{NAME}"` reference, checked against the declared params and the expected kind.
    fn param_ref(
        &mut self,
        key: &str,
        text: &str,
        value: &Value<'_>,
        kind: ParamKind,
    ) -> Option<Amount> {
        let name = text.strip_prefix('{')?.strip_suffix('}')?.trim();
        match self.params.get(name) {
            // Its own problem is reported where it is declared.
            None if self.broken_params.iter().any(|b| b == name) => Some(Amount::Fixed(1)),
            None => {
                let names: Vec<&str> = self.params.keys().map(String::as_str).collect();
                let hint = match nearest(name, &names) {
                    Some(close) => format!("did you mean `{{{close}}}`?"),
                    None if names.is_empty() => {
                        format!("declare it first: [params.{name}] with a `default`")
                    }
                    None => format!("declared params: {}", names.join(", ")),
                };
                self.problem(
                    format!("`{key}` refers to the param `{name}`, which does not exist"),
                    value.span(),
                    Some(hint),
                );
                Some(Amount::Fixed(1)) // keep going; the error is recorded
            }
            Some(&found) if found != kind => {
                self.problem(
                    format!(
                        "`{key}` needs a {}, but the param `{name}` is a {}",
                        kind.name(),
                        found.name()
                    ),
                    value.span(),
                    Some(match kind {
                        ParamKind::Duration => {
                            format!("give `{name}` a duration default, e.g. default = \"30s\"")
                        }
                        ParamKind::Count => {
                            format!("give `{name}` a number default, e.g. default = 5")
                        }
                    }),
                );
                Some(Amount::Fixed(1))
            }
            Some(_) => Some(Amount::Param {
                name: name.to_string(),
                span: value.span(),
            }),
        }
    }

    /// A count field (`reps`, `repeat`): a whole number 1 … 1000 or `"{NAME}"`.
    fn count(&mut self, key: &str, value: &Value<'_>) -> Option<Amount> {
        if let DeValue::String(s) = value.get_ref() {
            if let Some(amount) = self.param_ref(key, s, value, ParamKind::Count) {
                return Some(amount);
            }
            self.wrong_type(
                key,
                "a whole number or \"{param}\"",
                value,
                &format!("{key} = 10"),
            );
            return None;
        }
        let n = self.integer(key, value, &format!("{key} = 10"))?;
        self.in_range(key, n, 1, MAX_COUNT, value.span(), |v| v.to_string())
            .map(Amount::Fixed)
    }

    /// A duration field: `"45s"`, whole seconds, or `"{NAME}"`; 1 s … 24 h.
    fn duration(&mut self, key: &str, value: &Value<'_>) -> Option<Amount> {
        if let DeValue::String(s) = value.get_ref()
            && let Some(amount) = self.param_ref(key, s, value, ParamKind::Duration)
        {
            return Some(amount);
        }
        let secs = self.duration_literal(key, value)?;
        self.in_range(
            key,
            i128::from(secs),
            1,
            MAX_DURATION_SECS,
            value.span(),
            format_duration,
        )
        .map(Amount::Fixed)
    }

    /// A sound: a built-in name, or a file (`chime.ogg`, `sounds/bell.wav`), recorded with where
    /// it is written so the shell can point at a file that does not play.
    fn sound(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<SoundRef> {
        let text = self.string(fields, key, &format!("{key} = \"tick\""))?;
        let text = text.trim();
        let span = fields.get(key).map_or(fields.span.clone(), Spanned::span);
        if text.is_empty() {
            self.problem(
                format!("`{key}` is empty"),
                span,
                Some(format!(
                    "name a built-in sound ({}) or a file next to the routine",
                    BuiltinSound::names()
                )),
            );
            return None;
        }
        if let Some(builtin) = BuiltinSound::from_name(text) {
            return Some(SoundRef::Builtin(builtin));
        }
        // A bare word a letter or two from a built-in name is a typo of it, not a file.
        let names = BuiltinSound::ALL.map(BuiltinSound::name);
        if !text.contains(['.', '/', '\\'])
            && let Some(close) = nearest(text, &names)
        {
            self.problem(
                format!("unknown built-in sound \"{text}\""),
                span,
                Some(format!(
                    "did you mean \"{close}\"? (a sound file is named with its extension, e.g. \"{text}.ogg\")"
                )),
            );
            return None;
        }
        self.sound_files.push(SoundFile {
            path: text.to_string(),
            span,
        });
        Some(SoundRef::File(text.to_string()))
    }

    /// A value that must be a table with the `allowed` keys: its fields, with unknown keys
    /// reported; or `None`, with the wrong type reported.
    fn table<'t, 'a>(
        &mut self,
        value: &'t Value<'a>,
        key: &str,
        what: &'static str,
        allowed: &[&str],
        example: &str,
    ) -> Option<Fields<'t, 'a>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(key, "a table", value, example);
            return None;
        };
        let fields = Fields {
            table,
            span: value.span(),
            what,
        };
        fields.unknown_keys(allowed, &mut self.problems);
        Some(fields)
    }

    fn cues(&mut self, top: &Fields<'_, '_>) -> Cues {
        let mut cues = Cues::default();
        let Some(value) = top.get("cues") else {
            return cues;
        };
        let Some(fields) = self.table(value, "cues", "[cues]", CUE_KEYS, "[cues] countdown = 3")
        else {
            return cues;
        };
        if let Some(v) = fields.get("countdown")
            && let Some(n) = self.integer("countdown", v, "countdown = 3")
            && let Some(n) = self.in_range("countdown", n, 0, 60, v.span(), |v| v.to_string())
        {
            cues.countdown = n;
        }
        cues.start = self.sound(&fields, "start");
        cues.end = self.sound(&fields, "end");
        cues.finish = self.sound(&fields, "finish");
        cues.halfway = self.bool(&fields, "halfway").unwrap_or(false);
        if let Some(v) = fields.get("volume")
            && let Some(n) = self.integer("volume", v, "volume = 60")
            && let Some(n) = self.in_range("volume", n, 0, 100, v.span(), |v| v.to_string())
        {
            cues.volume = u8::try_from(n).unwrap_or(100);
        }
        cues
    }

    fn steps(&mut self, value: &Value<'_>, depth: usize, key: &str) -> Vec<Step> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                key,
                "a list of [[step]] tables",
                value,
                "[[step]] title = \"Rest\"",
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.problem(
                "an empty list of steps",
                value.span(),
                Some("add at least one [[step]] with a title".into()),
            );
        }
        let mut out = Vec::new();
        for item in items {
            if let Some(step) = self.step(item, depth) {
                out.push(step);
            }
        }
        out
    }

    fn step(&mut self, value: &Value<'_>, depth: usize) -> Option<Step> {
        let fields = self.table(
            value,
            "step",
            "a step",
            STEP_KEYS,
            "[[step]] title = \"Rest\"",
        )?;
        let title = self
            .required_string(&fields, "title", "title = \"Warm water\"")
            .and_then(|t| self.limited(&fields, "title", &t, MAX_LINE_CHARS, clean_line));
        let text = self
            .string(&fields, "text", "text = \"Feet in the warm bowl.\"")
            .and_then(|t| self.limited(&fields, "text", &t, MAX_TEXT_CHARS, clean_text));
        let say = self
            .string(&fields, "say", "say = \"Warm water\"")
            .and_then(|t| self.limited(&fields, "say", &t, MAX_LINE_CHARS, clean_line));
        let tone = match fields.get("tone") {
            None => Tone::Neutral,
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Tone::from_name(s).unwrap_or_else(|| {
                    let hint = match nearest(s, &Tone::NAMES) {
                        Some(close) => format!("did you mean \"{close}\"?"),
                        None => format!("one of: {}", Tone::NAMES.join(", ")),
                    };
                    self.problem(format!("unknown tone \"{s}\""), v.span(), Some(hint));
                    Tone::Neutral
                }),
                _ => {
                    self.wrong_type("tone", "a string", v, "tone = \"warm\"");
                    Tone::Neutral
                }
            },
        };
        let temperature = self
            .string(&fields, "temperature", "temperature = \"about 40 °C\"")
            .and_then(|t| self.limited(&fields, "temperature", &t, MAX_LINE_CHARS, clean_line));
        let cue_start = self.sound(&fields, "cue_start");
        let cue_end = self.sound(&fields, "cue_end");
        let repeat = match fields.get("repeat") {
            Some(v) => self.count("repeat", v).unwrap_or(Amount::Fixed(1)),
            None => Amount::Fixed(1),
        };
        let rest = fields.get("rest").and_then(|v| self.duration("rest", v));
        let sides = match fields.get("sides") {
            None => false,
            Some(v) => match v.get_ref() {
                DeValue::String(s) if s.as_ref() == "both" => true,
                _ => {
                    self.problem(
                        "`sides` can only be \"both\"",
                        v.span(),
                        Some("write sides = \"both\" to run the step for the left leg, then the right".into()),
                    );
                    false
                }
            },
        };
        let condition = self.condition(&fields);
        let note = self
            .string(
                &fields,
                "note",
                "note = \"The article gives no time for this.\"",
            )
            .and_then(|t| self.limited(&fields, "note", &t, MAX_TEXT_CHARS, clean_text))
            .filter(|t| !t.trim().is_empty());
        let kind = self.step_kind(&fields, depth)?;
        Some(Step {
            title: title?,
            text: text.unwrap_or_default(),
            say,
            tone,
            temperature,
            cue_start,
            cue_end,
            kind,
            repeat,
            rest,
            sides,
            condition,
            note,
            span: fields.span.clone(),
        })
    }

    /// `done_when = "the cramp has passed"`: one line, shown after "when" (and "until").
    fn done_when(&mut self, fields: &Fields<'_, '_>) -> Option<String> {
        let example = "done_when = \"the cramp has passed\"";
        let text = self.string(fields, "done_when", example)?;
        let text = self.limited(fields, "done_when", &text, MAX_LINE_CHARS, clean_line)?;
        // "when when …" would read badly: the word is limber's.
        let trimmed = text.trim();
        let limbers = |word: &str| ["when", "until"].contains(&word.to_lowercase().as_str());
        let text = match trimmed.split_once(char::is_whitespace) {
            Some((word, rest)) if limbers(word) => rest,
            None if limbers(trimmed) => "",
            _ => trimmed,
        }
        .trim_end_matches('.')
        .trim()
        .to_string();
        if text.is_empty() {
            let span = fields
                .get("done_when")
                .map_or(fields.span.clone(), Spanned::span);
            self.problem(
                "`done_when` is empty",
                span,
                Some(format!(
                    "for example: {example}; without it the step ends \"when you are ready\""
                )),
            );
            return None;
        }
        Some(text)
    }

    /// `if = "the spasm does not go away"`: one line, shown after "If".
    fn condition(&mut self, fields: &Fields<'_, '_>) -> Option<String> {
        let example = "if = \"the spasm does not go away\"";
        let text = self.string(fields, "if", example)?;
        let text = self.limited(fields, "if", &text, MAX_LINE_CHARS, clean_line)?;
        // "If if …" or "If …:" twice would read badly: the word and the colon are limber's.
        let text = text
            .trim()
            .trim_start_matches("If ")
            .trim_start_matches("if ")
            .trim_end_matches(':')
            .trim()
            .to_string();
        if text.is_empty() {
            let span = fields.get("if").map_or(fields.span.clone(), Spanned::span);
            self.problem(
                "`if` is empty",
                span,
                Some(format!("for example: {example}")),
            );
            return None;
        }
        Some(text)
    }

    fn step_kind(&mut self, fields: &Fields<'_, '_>, depth: usize) -> Option<StepKind> {
        let duration = fields.get("duration");
        let reps = fields.get("reps");
        let tempo = fields.get("tempo");
        let children = fields.get("step");
        let warn_after = fields.get("warn_after");
        let warn = fields.get("warn");
        let conflict = |a: &str, b: &str| {
            (
                format!("a step cannot have both `{a}` and `{b}`"),
                Some(format!(
                    "a step is timed (`duration`), counted (`reps`, with an optional `tempo`), a block (`[[step.step]]`) or manual (none of these): keep one of `{a}` and `{b}`"
                )),
            )
        };
        let mut clash =
            |a: &str, av: Option<&Value<'_>>, b: &str, bv: Option<&Value<'_>>| -> bool {
                if let (Some(_), Some(bv)) = (av, bv) {
                    let (message, hint) = conflict(a, b);
                    self.problem(message, bv.span(), hint);
                    true
                } else {
                    false
                }
            };
        let clashed = clash("duration", duration, "reps", reps)
            | clash("duration", duration, "step", children)
            | clash("reps", reps, "step", children)
            | clash("duration", duration, "tempo", tempo);
        if clashed {
            return None;
        }
        if let (Some(t), None) = (tempo, reps) {
            self.problem(
                "`tempo` needs `reps`",
                t.span(),
                Some(
                    "tempo is the time of one rep: add `reps = 10`, or use `duration` for a hold"
                        .into(),
                ),
            );
            return None;
        }
        let manual = duration.is_none() && reps.is_none() && children.is_none();
        if !manual {
            for (key, v) in [
                ("warn_after", warn_after),
                ("warn", warn),
                ("done_when", fields.get("done_when")),
            ] {
                if let Some(v) = v {
                    self.problem(
                        format!("`{key}` is only for manual steps"),
                        v.span(),
                        Some("a manual step has no `duration`, `reps` or `[[step.step]]`; remove `{key}` or those".replace("{key}", key)),
                    );
                }
            }
        }
        if let Some(v) = duration {
            return self
                .duration("duration", v)
                .map(|d| StepKind::Timed { duration: d });
        }
        if let Some(v) = reps {
            let reps = self.count("reps", v)?;
            return match tempo {
                Some(t) => {
                    let tempo = self.duration("tempo", t)?;
                    Some(StepKind::TimedReps { reps, tempo })
                }
                None => Some(StepKind::Reps { reps }),
            };
        }
        if let Some(v) = children {
            if depth >= MAX_DEPTH {
                self.problem(
                    format!("steps are nested more than {MAX_DEPTH} deep"),
                    v.span(),
                    Some(
                        "flatten the routine: a block inside a block is enough for rounds of sides"
                            .into(),
                    ),
                );
                return None;
            }
            return Some(StepKind::Block(self.steps(v, depth + 1, "step")));
        }
        let warn_after = warn_after.and_then(|v| self.duration("warn_after", v));
        let warn = self
            .string(fields, "warn", "warn = \"See a doctor\"")
            .and_then(|w| self.limited(fields, "warn", &w, MAX_TEXT_CHARS, clean_text));
        if let (Some(w), None) = (fields.get("warn"), &warn_after)
            && fields.get("warn_after").is_none()
        {
            self.problem(
                "`warn` needs `warn_after`",
                w.span(),
                Some("say when to warn, e.g. warn_after = \"5m\"".into()),
            );
        }
        let done_when = self.done_when(fields);
        Some(StepKind::Manual {
            warn_after,
            warn,
            done_when,
        })
    }
}

/// The params in the order the steps first use them, as the file reads; unused ones last, in
/// the file's order.
fn in_order_of_use(mut params: Vec<Param>, steps: &[Step]) -> Vec<Param> {
    fn note(amount: &Amount, out: &mut BTreeMap<String, usize>) {
        if let Amount::Param { name, span } = amount {
            let first = out.entry(name.clone()).or_insert(span.start);
            *first = (*first).min(span.start);
        }
    }
    fn uses(steps: &[Step], out: &mut BTreeMap<String, usize>) {
        for step in steps {
            note(&step.repeat, out);
            if let Some(rest) = &step.rest {
                note(rest, out);
            }
            match &step.kind {
                StepKind::Timed { duration } => note(duration, out),
                StepKind::TimedReps { reps, tempo } => {
                    note(reps, out);
                    note(tempo, out);
                }
                StepKind::Reps { reps } => note(reps, out),
                StepKind::Manual { warn_after, .. } => {
                    if let Some(w) = warn_after {
                        note(w, out);
                    }
                }
                StepKind::Block(children) => uses(children, out),
            }
        }
    }
    let mut first = BTreeMap::new();
    uses(steps, &mut first);
    params.sort_by_key(|p| first.get(&p.name).copied().unwrap_or(usize::MAX));
    params
}

fn valid_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The key (or table header) with the most dots, for a TOML error about depth that has no place.
fn deepest_key(source: &str) -> Option<Range<usize>> {
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let key = if trimmed.starts_with('[') {
            trimmed.split(']').next()
        } else {
            trimmed.split('=').next()
        }
        .unwrap_or_default()
        .trim_end();
        let dots = key.matches('.').count();
        if best.as_ref().is_none_or(|(most, _)| dots > *most) {
            let start = at + (line.len() - trimmed.len());
            best = Some((dots, start..start + key.len()));
        }
        at += line.len();
    }
    best.map(|(_, span)| span)
}

/// A short span at the start of a table, for "missing key" problems.
fn header_span(span: &Range<usize>) -> Range<usize> {
    span.start..span.start
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "title = \"t\"\nsummary = \"s\"\n";

    fn sounds(cues: &str, step: &str) -> Result<Routine, Vec<Diagnostic>> {
        parse_routine(
            "t",
            &format!("{HEAD}[cues]\n{cues}\n[[step]]\ntitle = \"a\"\nduration = 1\n{step}\n"),
        )
    }

    #[test]
    fn built_in_names_become_the_enum_and_files_are_recorded_with_where() {
        let text = format!(
            "{HEAD}[cues]\nstart = \"side\"\nend = \"bell.ogg\"\n\
             [[step]]\ntitle = \"a\"\nduration = 1\ncue_start = \" sounds/warm.wav \"\n"
        );
        let routine = parse_routine("t", &text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            routine.cues.start,
            Some(SoundRef::Builtin(BuiltinSound::Side))
        );
        assert_eq!(routine.cues.end, Some(SoundRef::File("bell.ogg".into())));
        let files: Vec<(&str, &str)> = routine
            .sound_files
            .iter()
            .map(|f| (f.path.as_str(), &text[f.span.clone()]))
            .collect();
        assert_eq!(
            files,
            [
                ("bell.ogg", "\"bell.ogg\""),
                ("sounds/warm.wav", "\" sounds/warm.wav \"")
            ]
        );
    }

    #[test]
    fn a_typo_of_a_built_in_name_is_reported_where_it_is() {
        let problems = sounds("", "cue_end = \"tik\"").err().unwrap_or_default();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "unknown built-in sound \"tik\"");
        assert!(
            problems[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean \"tick\"?")),
            "{problems:?}"
        );
        // The value on the step's last line: `cue_end = "tik"`.
        assert_eq!(problems[0].span.as_ref().map(|s| s.len()), Some(5));
        let problems = sounds("finish = \"finsh\"", "").err().unwrap_or_default();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "unknown built-in sound \"finsh\"");
    }

    #[test]
    fn params_come_in_the_order_the_steps_use_them_with_their_labels() {
        let text = format!(
            "{HEAD}[params.zeta]\ndefault = \"10s\"\n\
             [params.alpha]\ndefault = 2\nlabel = \"  Rounds \"\n\
             [params.unused]\ndefault = 1\n\
             [params.beta]\ndefault = \"5s\"\n\
             [[step]]\ntitle = \"a\"\nduration = \"{{beta}}\"\n\
             [[step]]\ntitle = \"b\"\nrepeat = \"{{alpha}}\"\n\
             [[step.step]]\ntitle = \"c\"\nduration = \"{{zeta}}\"\n\
             [[step]]\ntitle = \"d\"\nduration = \"{{beta}}\"\n"
        );
        let routine = parse_routine("t", &text).unwrap_or_else(|e| panic!("{e:?}"));
        let names: Vec<&str> = routine.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["beta", "alpha", "zeta", "unused"]);
        let labels: Vec<&str> = routine.params.iter().map(Param::label).collect();
        assert_eq!(labels, ["beta", "Rounds", "zeta", "unused"]);
    }

    #[test]
    fn a_label_is_a_few_words() {
        for (label, message) in [
            ("\" \"", "`label` is empty"),
            (
                "\"a label much too long to stand beside a value on screen\"",
                "`label` is 55 characters long; the limit is 40",
            ),
            ("3", "`label` must be a string, found an integer"),
        ] {
            let text = format!(
                "{HEAD}[params.n]\ndefault = 2\nlabel = {label}\n[[step]]\ntitle = \"a\"\nreps = \"{{n}}\"\n"
            );
            let problems = parse_routine("t", &text).err().unwrap_or_default();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].message, message);
        }
    }

    #[test]
    fn a_bare_word_far_from_every_built_in_name_is_a_file() {
        let routine = sounds("", "cue_end = \"chimes\"").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(routine.sound_files.len(), 1);
        assert_eq!(routine.sound_files[0].path, "chimes");
    }
}
