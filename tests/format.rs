//! Each validation rule of the routine format: the message and the position it points at.

use limber::catalog::load_str;
use limber_core::routine::{Diagnostic, SideChoice, expand, parse_routine};

const HEAD: &str = "title = \"T\"\nsummary = \"S\"\n";

/// Parses `body` (after a valid title and summary) and returns the problems with their line:col.
fn problems(body: &str) -> Vec<(String, (usize, usize), Option<String>)> {
    let src = format!("{HEAD}{body}");
    match parse_routine("test", &src) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .into_iter()
            .map(|d: Diagnostic| {
                let pos = d.position(&src).unwrap_or((0, 0));
                (d.message, pos, d.hint)
            })
            .collect(),
    }
}

/// Asserts the first problem contains `message` at `line:col` (lines count the two-line HEAD).
#[track_caller]
fn expect(body: &str, message: &str, line: usize, col: usize) -> Option<String> {
    let found = problems(body);
    let Some((msg, pos, hint)) = found.first().cloned() else {
        panic!("expected an error containing {message:?}, the routine was valid:\n{body}");
    };
    assert!(msg.contains(message), "message {msg:?} lacks {message:?}");
    assert_eq!(pos, (line, col), "position of {msg:?}");
    hint
}

#[test]
fn unknown_keys_suggest_the_nearest_valid_key() {
    let hint = expect(
        "[[step]]\ntitle = \"a\"\ndurtion = \"5s\"\n",
        "unknown key `durtion`",
        5,
        1,
    );
    assert_eq!(hint.as_deref(), Some("did you mean `duration`?"));
    let hint = expect(
        "sumary2 = 1\n[[step]]\ntitle = \"a\"\n",
        "unknown key `sumary2`",
        3,
        1,
    );
    assert_eq!(hint.as_deref(), Some("did you mean `summary`?"));
    let hint = expect(
        "[cues]\ncountdwn = 3\n[[step]]\ntitle = \"a\"\n",
        "unknown key `countdwn`",
        4,
        1,
    );
    assert_eq!(hint.as_deref(), Some("did you mean `countdown`?"));
    let hint = expect(
        "[[step]]\ntitle = \"a\"\nxyzzy = 1\n",
        "unknown key `xyzzy`",
        5,
        1,
    );
    assert!(hint.unwrap_or_default().starts_with("valid keys here:"));
}

#[test]
fn wrong_types_say_what_was_expected() {
    expect(
        "[[step]]\ntitle = 5\n",
        "`title` must be a string, found an integer",
        4,
        9,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nreps = \"ten\"\n",
        "`reps` must be a whole number",
        5,
        8,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = 4.5\n",
        "`duration` must be a duration, found a decimal",
        5,
        12,
    );
    expect(
        "tags = \"bedtime\"\n[[step]]\ntitle = \"a\"\n",
        "`tags` must be a list of strings",
        3,
        8,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = \"5x\"\n",
        "not a duration",
        5,
        12,
    );
}

#[test]
fn missing_required_fields_and_steps() {
    let src = "summary = \"S\"\n[[step]]\ntitle = \"a\"\n";
    let err = parse_routine("x", src).err().unwrap_or_default();
    assert!(err[0].message.contains("has no `title`"), "{err:?}");
    expect("", "the routine has no steps", 1, 1);
    expect("[[step]]\ntext = \"a\"\n", "a step has no `title`", 3, 1);
}

#[test]
fn a_step_is_one_kind_only() {
    let hint = expect(
        "[[step]]\ntitle = \"a\"\nduration = \"5s\"\nreps = 3\n",
        "cannot have both `duration` and `reps`",
        6,
        8,
    );
    assert!(hint.unwrap_or_default().contains("keep one"));
    expect(
        "[[step]]\ntitle = \"a\"\nduration = \"5s\"\n[[step.step]]\ntitle = \"b\"\n",
        "cannot have both `duration` and `step`",
        6,
        1,
    );
    expect(
        "[[step]]\ntitle = \"a\"\ntempo = \"2s\"\n",
        "`tempo` needs `reps`",
        5,
        9,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = 5\nwarn_after = \"1m\"\n",
        "only for manual steps",
        6,
        14,
    );
}

#[test]
fn durations_are_1s_to_24h() {
    expect(
        "[[step]]\ntitle = \"a\"\nduration = 0\n",
        "`duration` is 0s, outside 1s … 24h",
        5,
        12,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = \"25h\"\n",
        "`duration` is 25h, outside",
        5,
        12,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = -5\n",
        "cannot be negative",
        5,
        12,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = \"99999999999999999999h\"\n",
        "too large",
        5,
        12,
    );
    let hint = expect(
        "[[step]]\ntitle = \"a\"\nrest = \"0s\"\nrepeat = 2\nduration = 1\n",
        "`rest` is 0s",
        5,
        8,
    );
    assert_eq!(hint.as_deref(), Some("allowed: 1s to 24h"));
}

#[test]
fn reps_and_repeat_are_1_to_1000() {
    expect(
        "[[step]]\ntitle = \"a\"\nreps = 0\n",
        "`reps` is 0, outside 1 … 1000",
        5,
        8,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nreps = 1001\n",
        "`reps` is 1001",
        5,
        8,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = 1\nrepeat = 1000000000\n",
        "`repeat` is 1000000000",
        6,
        10,
    );
    expect(
        "[[step]]\ntitle = \"a\"\nduration = 1\nrepeat = -1\n",
        "`repeat` is -1",
        6,
        10,
    );
}

#[test]
fn nesting_is_at_most_8_deep() {
    let mut body = String::new();
    let mut path = String::from("step");
    for depth in 1..=9 {
        body.push_str(&format!("[[{path}]]\ntitle = \"level {depth}\"\n"));
        path.push_str(".step");
    }
    body.push_str(&format!("[[{path}]]\ntitle = \"leaf\"\nduration = 1\n"));
    let found = problems(&body);
    assert!(
        found
            .iter()
            .any(|(m, _, _)| m.contains("nested more than 8 deep")),
        "{found:?}"
    );
    // Eight levels are fine.
    let mut ok = String::new();
    let mut path = String::from("step");
    for depth in 1..=7 {
        ok.push_str(&format!("[[{path}]]\ntitle = \"level {depth}\"\n"));
        path.push_str(".step");
    }
    ok.push_str(&format!("[[{path}]]\ntitle = \"leaf\"\nduration = 1\n"));
    assert!(problems(&ok).is_empty(), "{:?}", problems(&ok));
}

#[test]
fn param_references_must_exist_and_be_of_the_right_kind() {
    let hint = expect(
        "[params.cycles]\ndefault = 5\n[[step]]\ntitle = \"a\"\nduration = 5\nrepeat = \"{cycels}\"\n",
        "refers to the param `cycels`, which does not exist",
        8,
        10,
    );
    assert_eq!(hint.as_deref(), Some("did you mean `{cycles}`?"));
    expect(
        "[params.cycles]\ndefault = 5\n[[step]]\ntitle = \"a\"\nduration = \"{cycles}\"\n",
        "`duration` needs a duration, but the param `cycles` is a number",
        7,
        12,
    );
    expect(
        "[params.hold]\ndefault = \"30s\"\n[[step]]\ntitle = \"a\"\nreps = \"{hold}\"\n",
        "`reps` needs a number, but the param `hold` is a duration",
        7,
        8,
    );
    expect(
        "[params.n]\ndefault = 5\nmin = 6\n[[step]]\ntitle = \"a\"\nduration = 1\n",
        "the default 5 is outside its range",
        4,
        11,
    );
    expect(
        "[params.n]\nmin = 1\n[[step]]\ntitle = \"a\"\nduration = 1\n",
        "param `n` has no `default`",
        3,
        9,
    );
}

#[test]
fn expanded_plans_are_limited_to_10000_steps_and_24_hours() {
    let hint = expect(
        "[[step]]\ntitle = \"a\"\nrepeat = 1000\n[[step.step]]\ntitle = \"b\"\nduration = 1\nrepeat = 1000\n",
        "expands to 1000000 steps; the limit is 10000",
        3,
        1,
    );
    assert!(hint.unwrap_or_default().contains("lower"));
    expect(
        "[[step]]\ntitle = \"a\"\nduration = \"24h\"\nrepeat = 2\n",
        "would take 48h; the limit is 24h",
        3,
        1,
    );
    // With --set values past the limit, expansion refuses too.
    let src = format!(
        "{HEAD}[params.n]\ndefault = 2\nmax = 1000\n[[step]]\ntitle = \"a\"\nduration = \"1h\"\nrepeat = \"{{n}}\"\n"
    );
    let routine = parse_routine("x", &src).unwrap_or_else(|e| panic!("{e:?}"));
    let mut values = routine.default_values();
    values.insert("n".into(), 25);
    let err = expand(&routine, &values, SideChoice::LeftFirst).err();
    assert!(err.is_some_and(|d| d.message.contains("would take 25h")));
}

#[test]
fn broken_toml_points_at_the_syntax_error() {
    expect("[[step]]\ntitle = \"a\n", "not valid TOML", 4, 11);
}

#[test]
fn sound_files_must_exist() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = format!("{HEAD}[[step]]\ntitle = \"a\"\nduration = 1\ncue_start = \"missing.wav\"\n");
    let err = load_str("x", "x.toml", &src, Some(dir.path())).err();
    let err = err.unwrap_or_else(|| panic!("a missing sound file must be an error"));
    let d = &err.diagnostics[0];
    assert!(
        d.message
            .contains("sound file `missing.wav` cannot be read: no such file"),
        "{}",
        d.message
    );
    assert_eq!(d.position(&src), Some((6, 13)));
    // Built-in names are not files.
    let ok = format!("{HEAD}[[step]]\ntitle = \"a\"\nduration = 1\ncue_start = \"tick\"\n");
    assert!(load_str("x", "x.toml", &ok, Some(dir.path())).is_ok());
}

#[test]
fn text_is_stripped_of_control_characters() {
    let src = "title = \"Evil\\u001b[2J title\"\nsummary = \"bell\\u0007\"\n[[step]]\ntitle = \"\\u001b]0;x\\u0007a\"\ntext = \"line\\u001b[31m one\\nline two\"\nduration = 1\n";
    let routine = parse_routine("x", src).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(routine.title, "Evil[2J title");
    assert_eq!(routine.summary, "bell");
    assert_eq!(routine.steps[0].title, "]0;xa");
    assert_eq!(routine.steps[0].text, "line[31m one\nline two");
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let found = problems("[[step]]\ntitel = \"a\"\nreps = 0\ntone = \"warn\"\n");
    let messages: Vec<&str> = found.iter().map(|(m, _, _)| m.as_str()).collect();
    assert_eq!(found.len(), 4, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("unknown tone \"warn\"")));
    assert!(messages.iter().any(|m| m.contains("has no `title`")));
    // In file order.
    let lines: Vec<usize> = found.iter().map(|(_, (l, _), _)| *l).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
}

#[test]
fn expansion_totals_sides_rounds_rests_and_params() {
    let src = format!(
        "{HEAD}[params.cycles]\ndefault = 5\nmin = 5\nmax = 10\n[[step]]\ntitle = \"Prepare\"\n\n[[step]]\ntitle = \"Round\"\nrepeat = \"{{cycles}}\"\nrest = \"10s\"\n[[step.step]]\ntitle = \"Warm\"\nduration = \"1m\"\n[[step.step]]\ntitle = \"Cool\"\nduration = \"30s\"\n[[step]]\ntitle = \"Stretch\"\nduration = \"20s\"\nsides = \"both\"\n"
    );
    let routine = parse_routine("x", &src).unwrap_or_else(|e| panic!("{e:?}"));
    let plan = expand(&routine, &routine.default_values(), SideChoice::LeftFirst)
        .unwrap_or_else(|e| panic!("{e:?}"));
    // 1 manual + 5 × (warm, cool) + 4 rests + 2 sides
    assert_eq!(plan.stages.len(), 1 + 10 + 4 + 2);
    assert_eq!(plan.total_seconds(), 5 * 90 + 4 * 10 + 40);
    assert_eq!(plan.stages[1].round, Some((1, 5)));
    assert_eq!(plan.stages[3].title, "Rest");
    assert_eq!(plan.stages[4].round, Some((2, 5)));
    let mut values = routine.default_values();
    values.insert("cycles".into(), 10);
    let plan = expand(&routine, &values, SideChoice::LeftOnly).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(plan.stages.len(), 1 + 20 + 9 + 1);
    assert_eq!(plan.total_seconds(), 10 * 90 + 9 * 10 + 20);
    assert_eq!(
        plan.stages.last().and_then(|s| s.side).map(|s| s.label()),
        Some("LEFT")
    );
}

#[test]
fn the_documented_example_is_a_valid_routine() {
    let doc = include_str!("../docs/routine-format.md");
    let start = doc
        .find("```toml\n")
        .map(|i| i + 8)
        .unwrap_or_else(|| panic!("no example"));
    let len = doc[start..]
        .find("```")
        .unwrap_or_else(|| panic!("unterminated example"));
    let example = &doc[start..start + len];
    let routine = parse_routine("contrast-bath", example).unwrap_or_else(|e| panic!("{e:?}"));
    let plan = expand(&routine, &routine.default_values(), SideChoice::LeftFirst)
        .unwrap_or_else(|e| panic!("{e:?}"));
    // fill + 5 × (warm, cool) + toes left/right + manual
    assert_eq!(plan.stages.len(), 1 + 10 + 2 + 1);
    assert_eq!(plan.total_seconds(), 5 * 90 + 2 * 30);
    assert_eq!(plan.stages[0].ends_when(), "the bowls are ready");
    assert_eq!(plan.stages[13].ends_when(), "the cramp has passed");
}

#[test]
fn sound_values_written_with_escapes_are_pointed_at_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The value is `sub\x.wav`; the file says `sub\\x.wav`. Named twice, reported once.
    let src = format!(
        "{HEAD}[[step]]\ntitle = \"a\"\nduration = 1\ncue_start = \"sub\\\\x.wav\"\ncue_end = \"sub\\\\x.wav\"\n"
    );
    let err = load_str("x", "x.toml", &src, Some(dir.path())).err();
    let err = err.unwrap_or_else(|| panic!("a missing sound file must be an error"));
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert_eq!(err.diagnostics[0].position(&src), Some((6, 13)));
}

#[test]
fn sound_files_must_be_files_that_decode() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("notes.wav"), "not a sound").unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join("sounds")).unwrap_or_else(|e| panic!("{e}"));
    for (sound, message) in [
        (
            "notes.wav",
            "sound file `notes.wav` is not a sound limber can play",
        ),
        ("sounds", "sound file `sounds` is not a file"),
        ("/dev/zero", "sound file `/dev/zero` is not a file"),
    ] {
        let src = format!("{HEAD}[[step]]\ntitle = \"a\"\nduration = 1\ncue_end = \"{sound}\"\n");
        let err = load_str("x", "x.toml", &src, Some(dir.path())).err();
        let err = err.unwrap_or_else(|| panic!("{sound} must be an error"));
        assert!(err.diagnostics[0].message.contains(message), "{err}");
        assert_eq!(err.diagnostics[0].position(&src), Some((6, 11)));
    }
}

#[test]
fn a_file_with_thousands_of_problems_shows_the_first_20() {
    let mut body = String::new();
    for i in 0..5000 {
        body.push_str(&format!("k{i} = 1\n"));
    }
    let src = format!("{HEAD}{body}[[step]]\ntitle = \"a\"\nduration = 1\n");
    let err = load_str("x", "x.toml", &src, None).err();
    let err = err.unwrap_or_else(|| panic!("unknown keys must be errors"));
    assert_eq!(err.diagnostics.len(), 5000);
    let shown = err.to_string();
    assert_eq!(shown.matches("error: unknown key").count(), 20, "{shown}");
    assert!(
        shown.contains("… and 4980 more problems in this file"),
        "{shown}"
    );
}

#[test]
fn titles_and_texts_have_length_limits() {
    // Every stage carries its own copy of its step's texts: unbounded, a 1 MiB file repeated to
    // 10,000 stages would need gigabytes.
    let long_title = "a".repeat(201);
    let hint = expect(
        &format!("[[step]]\ntitle = \"{long_title}\"\nduration = 1\n"),
        "`title` is 201 characters long; the limit is 200",
        4,
        9,
    );
    assert!(hint.unwrap_or_default().contains("one line"));
    let text = "é".repeat(2001);
    expect(
        &format!("[[step]]\ntitle = \"a\"\nduration = 1\ntext = \"{text}\"\n"),
        "`text` is 2001 characters long; the limit is 2000",
        6,
        8,
    );
    expect(
        &format!("[[step]]\ntitle = \"a\"\nwarn_after = \"5m\"\nwarn = \"{text}\"\n"),
        "`warn` is 2001 characters long",
        6,
        8,
    );
    let src = format!("title = \"{long_title}\"\nsummary = \"S\"\n[[step]]\ntitle = \"a\"\n");
    let err = parse_routine("x", &src).err().unwrap_or_default();
    assert!(
        err[0].message.contains("`title` is 201 characters"),
        "{err:?}"
    );
    assert_eq!(err[0].position(&src), Some((1, 9)));
    // At the limit, and counted after control characters are stripped.
    let ok = format!(
        "[[step]]\ntitle = \"{}\"\nsay = \"{}\\u001b\"\ntext = \"{}\"\nduration = 1\n",
        "a".repeat(200),
        "b".repeat(200),
        "c".repeat(2000)
    );
    assert_eq!(problems(&ok), Vec::new());
}

#[test]
fn nesting_too_deep_to_read_has_a_place() {
    // Past 80 levels the TOML reader itself stops, without a place for dotted headers.
    let mut body = String::new();
    for depth in 1..=100 {
        body.push_str(&format!(
            "[[{}]]\ntitle = \"a\"\n",
            vec!["step"; depth].join(".")
        ));
    }
    let hint = expect(&body, "nests tables, lists or keys too deeply", 201, 1);
    assert!(hint.unwrap_or_default().contains("at most 8 deep"));
    let deep_list = format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let found = problems(&deep_list);
    assert!(found[0].0.contains("too deeply"), "{found:?}");
    assert_eq!(found[0].1.0, 3);
}

#[test]
fn a_duration_too_large_for_any_integer_is_out_of_range_not_negative() {
    // 99999999999999999999 does not fit in u64; it was called negative.
    let hint = expect(
        "[[step]]\ntitle = \"a\"\nduration = 99999999999999999999\n",
        "`duration` is 99999999999999999999 seconds, outside 1s … 24h",
        5,
        12,
    );
    assert_eq!(hint.as_deref(), Some("allowed: 1s to 24h"));
    expect(
        "[[step]]\ntitle = \"a\"\nduration = -5\n",
        "`duration` is -5 seconds: a duration cannot be negative",
        5,
        12,
    );
}

#[test]
fn a_reference_to_a_param_with_its_own_problem_is_not_called_missing() {
    // The param is declared, with a default outside its range: one problem, where it is declared.
    let found = problems(
        "[params.cycles]\ndefault = 20\nmax = 10\n[[step]]\ntitle = \"a\"\nduration = 1\nrepeat = \"{cycles}\"\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("the default 20 is outside its range"));
    assert_eq!(found[0].1, (4, 11));
    let found =
        problems("[params.hold]\nmin = \"1m\"\n[[step]]\ntitle = \"a\"\nduration = \"{hold}\"\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("param `hold` has no `default`"));
}
