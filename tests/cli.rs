//! The command line, run as a process.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::{Running, WAIT, setup};

fn limber(args: &[&str]) -> Output {
    run(args, None)
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    // A clean home: no user routines, no preferences, no sound.
    let home = setup();
    let mut child = home
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"));
    if let Some(mut pipe) = child.stdin.take()
        && let Some(text) = stdin
    {
        let _ = pipe.write_all(text.as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("limber did not finish: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

const QUICK: &str = r#"
title = "Quick test"
summary = "A routine of a few seconds"
tags = ["test"]
[params.hold]
default = "1s"
min = "1s"
max = "5s"
[[step]]
title = "Hold"
duration = "{hold}"
sides = "both"
[[step]]
title = "Until it passes"
warn_after = "1s"
warn = "Too long: see a doctor"
[[step]]
title = "Breathe"
reps = 2
tempo = "1s"
"#;

#[test]
fn list_shows_the_bundled_routines_with_totals() {
    let out = limber(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().count() >= 2, "{text}");
    assert!(text.contains("first-aid-calf"), "{text}");

    let out = limber(&["list", "--json"]);
    let items: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let items = items.as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    for item in &items {
        assert!(
            item["id"].is_string() && item["title"].is_string(),
            "{item}"
        );
        assert!(
            item["tags"].is_array() && item["total_seconds"].is_u64(),
            "{item}"
        );
    }
}

#[test]
fn list_filters_by_tag_and_reads_the_routines_folder() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "quick.toml", QUICK);
    let folder = dir.path().display().to_string();
    let out = limber(&["--routines", &folder, "list", "--tag", "test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(stdout(&out).starts_with("quick"), "{}", stdout(&out));
    assert!(stdout(&out).contains("Quick test"));
    assert!(stdout(&out).contains("4s"), "total time: {}", stdout(&out));
}

#[test]
fn a_user_routine_overrides_a_bundled_one_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "first-aid-calf.toml", QUICK);
    let folder = dir.path().display().to_string();
    let out = limber(&["--routines", &folder, "show", "first-aid-calf", "--json"]);
    let plan: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan["title"], "Quick test");
}

#[test]
fn show_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(dir.path(), "quick.toml", QUICK);
    let out = limber(&["show", &path, "--json", "--set", "hold=3s"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan["id"], "quick");
    assert_eq!(plan["total_seconds"], 3 + 3 + 2);
    let stages = plan["stages"].as_array().cloned().unwrap_or_default();
    assert_eq!(stages.len(), 4);
    assert_eq!(stages[0]["kind"], "timed");
    assert_eq!(stages[0]["seconds"], 3);
    assert_eq!(stages[0]["side"], "left");
    assert_eq!(stages[1]["side"], "right");
    assert_eq!(stages[2]["kind"], "manual");
    assert!(stages[2]["seconds"].is_null());
    assert!(stages[2]["side"].is_null());
    assert_eq!(stages[3]["kind"], "reps");
    assert_eq!(stages[3]["reps"], 2);
    assert!(stages[3]["round"].is_null());
}

#[test]
fn set_values_are_checked_against_kind_and_range() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(dir.path(), "quick.toml", QUICK);
    let out = limber(&["show", &path, "--set", "hold=9s"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("hold=9s is outside its range: 1s to 5s"),
        "{}",
        stderr(&out)
    );
    let out = limber(&["show", &path, "--set", "hold=lots"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("hold takes a duration"),
        "{}",
        stderr(&out)
    );
    let out = limber(&["show", &path, "--set", "hodl=2s"]);
    assert!(
        stderr(&out).contains("Did you mean `hold`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_accepts_good_files_and_explains_bad_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = write(dir.path(), "quick.toml", QUICK);
    let out = limber(&["check", &good]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 routine valid"));

    let bad = write(
        dir.path(),
        "bad.toml",
        "title = \"Bad\"\nsummary = \"s\"\n[[step]]\ntitle = \"Hold\"\nduraton = \"5s\"\n",
    );
    let out = limber(&["check", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: unknown key `duraton` in a step"),
        "{err}"
    );
    assert!(err.contains(&format!("{bad}:5:1")), "{err}");
    assert!(
        err.contains("duraton = \"5s\""),
        "the offending line: {err}"
    );
    assert!(err.contains("did you mean `duration`?"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("Error {"),
        "{err}"
    );

    // A folder with one bad file fails as a whole.
    let out = limber(&["check", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1 of 2 invalid"), "{}", stderr(&out));
}

#[test]
fn the_bundled_routines_all_pass_check() {
    let out = limber(&["check", concat!(env!("CARGO_MANIFEST_DIR"), "/routines")]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_routines_get_a_suggestion() {
    let out = limber(&["show", "first-aid-clf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `first-aid-calf`?"),
        "{}",
        stderr(&out)
    );
    // Said as an error like every other, and before a missing terminal (play's own check).
    for args in [
        &["show", "nosuch"][..],
        &["play", "nosuch"],
        &["play", "nosuch", "--plain"],
    ] {
        let out = limber(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).starts_with("error: no routine `nosuch`"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn play_plain_runs_stage_by_stage_on_time() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(dir.path(), "quick.toml", QUICK);
    let home = setup();
    let started = Instant::now();
    // Enter after the manual step's warning (1 s): the line is read while it waits.
    let mut run = Running::spawn(&mut home.command(&["play", &path, "--plain"]));
    run.wait_for_line("! Too long", WAIT);
    run.type_line("\n");
    let (status, out) = run.finish(WAIT);
    let text = out.stdout;
    assert!(status.success(), "{text}{}", out.stderr);
    let lines: Vec<&str> = text.lines().collect();
    let stage_lines: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with('['))
        .collect();
    assert_eq!(stage_lines.len(), 5, "{text}");
    assert!(
        stage_lines[0].starts_with("[0:00.0") && stage_lines[0].contains("1/4 Hold (LEFT) — 1s"),
        "{text}"
    );
    assert!(
        stage_lines[1].starts_with("[0:01.0") && stage_lines[1].contains("2/4 Hold (RIGHT)"),
        "{text}"
    );
    assert!(
        stage_lines[2].starts_with("[0:02.0") && stage_lines[2].contains("3/4 Until it passes"),
        "{text}"
    );
    assert!(text.contains("! Too long: see a doctor"), "{text}");
    assert!(
        stage_lines[3].contains("4/4 Breathe — 2 reps, 2s"),
        "{text}"
    );
    assert!(
        stage_lines[4].contains("Finished — 4 of 4 steps done, 0 skipped"),
        "{text}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn play_plain_stops_when_input_ends_at_a_waiting_step() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = write(dir.path(), "quick.toml", QUICK);
    let out = run(&["play", &path, "--plain"], Some(""));
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("3/4 Until it passes"), "{text}");
    assert!(text.contains("standard input ended"), "{text}");
    assert!(!text.contains("4/4"), "{text}");
}
