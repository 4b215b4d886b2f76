//! `limber entries` as a user runs it: list, edit, delete and restore, through the real binary
//! and a temporary diary; a deleted entry leaves every list and report and comes back whole.

mod common;

use std::process::{Output, Stdio};

use common::{Home, setup, text};

fn run(home: &Home, args: &[&str]) -> Output {
    home.command(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"))
}

/// Runs and expects success; gives stdout.
#[track_caller]
fn ok(home: &Home, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(
        out.status.success(),
        "limber {args:?} failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Runs and expects exit status 2 with a one-line error; gives stderr.
#[track_caller]
fn refused(home: &Home, args: &[&str]) -> String {
    let out = run(home, args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "limber {args:?}: {err}");
    assert!(
        err.starts_with("error: ") && err.lines().count() == 1,
        "{err}"
    );
    assert!(!err.contains("panicked"));
    err
}

fn json(home: &Home, args: &[&str]) -> Vec<serde_json::Value> {
    let out = ok(home, args);
    match serde_json::from_str(&out) {
        Ok(serde_json::Value::Array(rows)) => rows,
        other => panic!("not a JSON array: {other:?}\n{out}"),
    }
}

/// Two entries: 1 a strong left calf cramp last night with a note, 2 a weak right foot cramp.
fn two_entries() -> Home {
    let home = setup();
    ok(
        &home,
        &[
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "strong",
            "--lasted",
            "3m",
            "--when",
            "night",
            "--at",
            "yesterday 02:30",
            "--helped",
            "standing on a cold floor",
            "--note",
            "woke me <up> & \"twice\"",
        ],
    );
    ok(
        &home,
        &[
            "log",
            "--where",
            "foot",
            "--side",
            "right",
            "--strength",
            "weak",
            "--at",
            "yesterday 21:00",
        ],
    );
    home
}

#[test]
fn list_shows_every_field_with_the_entry_numbers() {
    let home = two_entries();
    let out = ok(&home, &["entries"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("1  "), "{out}");
    assert!(
        lines[0].contains("02:30  calf, left, strong, lasted 3m, at night"),
        "{out}"
    );
    assert_eq!(lines[1].trim(), "helped: standing on a cold floor");
    assert_eq!(lines[2].trim(), "note: woke me <up> & \"twice\"");
    assert!(lines[3].starts_with("2  ") && lines[3].contains("21:00  foot, right, weak"));
    assert!(lines[3].contains("situation not said"));

    let rows = json(&home, &["entries", "--json"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], 1);
    assert_eq!(rows[0]["place"], "calf");
    assert_eq!(rows[0]["side"], "left");
    assert_eq!(rows[0]["strength"], "strong");
    assert_eq!(rows[0]["lasted_s"], 180);
    assert_eq!(rows[0]["situation"], "night");
    assert_eq!(rows[0]["note"], "woke me <up> & \"twice\"");
    assert!(
        rows[0]["at"]
            .as_str()
            .is_some_and(|at| at.ends_with("T02:30:00"))
    );
    assert_eq!(rows[1]["lasted_s"], serde_json::Value::Null);

    // --since today leaves out yesterday's entries.
    let today = jiff::Zoned::now().date().to_string();
    assert!(ok(&home, &["entries", "--since", &today]).contains("No cramps logged since"));
    assert_eq!(
        json(&home, &["entries", "--since", "2d", "--json"]).len(),
        2
    );
}

#[test]
fn a_new_machine_lists_nothing_and_creates_nothing() {
    let home = setup();
    assert!(ok(&home, &["entries"]).contains("No cramps logged yet"));
    assert_eq!(ok(&home, &["entries", "--json"]).trim(), "[]");
    assert!(!home.diary().exists());
    refused(&home, &["entries", "delete", "1"]);
}

#[test]
fn edit_changes_only_the_fields_given() {
    let home = two_entries();
    let before = json(&home, &["entries", "--json"]);
    let out = ok(
        &home,
        &[
            "entries",
            "edit",
            "1",
            "--strength",
            "moderate",
            "--lasted",
            "90s",
        ],
    );
    assert!(
        out.contains("Changed entry 1: strength strong -> moderate, lasted 3m -> 1m30s."),
        "{out}"
    );
    let after = json(&home, &["entries", "--json"]);
    for field in ["at", "place", "side", "situation", "helped", "note", "id"] {
        assert_eq!(after[0][field], before[0][field], "{field} changed");
    }
    assert_eq!(after[0]["strength"], "moderate");
    assert_eq!(after[0]["lasted_s"], 90);
    assert_eq!(after[1], before[1], "the other entry is untouched");

    // A note can be cleared; the time is read like `log --at`.
    ok(
        &home,
        &[
            "entries",
            "edit",
            "1",
            "--note",
            "",
            "--at",
            "yesterday 03:15",
        ],
    );
    let after = json(&home, &["entries", "--json"]);
    assert_eq!(after[0]["note"], "");
    assert!(
        after[0]["at"]
            .as_str()
            .is_some_and(|at| at.ends_with("T03:15:00"))
    );

    // The report sees the edit.
    let report = ok(&home, &["report", "--format", "csv"]);
    assert!(report.contains(",calf,left,moderate,90,"), "{report}");

    assert!(refused(&home, &["entries", "edit", "1"]).contains("say what to change"));
    assert!(refused(&home, &["entries", "edit", "7", "--side", "left"]).contains("no entry 7"));
    assert!(
        refused(&home, &["entries", "edit", "1", "--at", "tomorrow 02:00"]).contains("--at"),
        "a time that is not one is refused"
    );
    let out = run(&home, &["entries", "edit", "1", "--where", "knee"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn delete_hides_everywhere_and_restore_brings_it_back() {
    let home = two_entries();
    let before = json(&home, &["entries", "--json"]);
    let report_before = ok(&home, &["report", "--format", "markdown"]);
    assert!(report_before.contains("2 cramps logged"));

    let out = ok(&home, &["entries", "delete", "1"]);
    assert!(
        out.contains("Deleted entry 1 (strong calf cramp (left)"),
        "{out}"
    );
    assert!(out.contains("limber entries restore 1"), "{out}");

    let listed = json(&home, &["entries", "--json"]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], 2);
    for format in ["text", "markdown", "csv", "html"] {
        let report = ok(&home, &["report", "--format", format]);
        assert!(!report.contains("woke me"), "{format} still shows the note");
        assert!(!report.contains("cold floor"), "{format} still shows it");
    }
    assert!(ok(&home, &["report"]).contains("1 cramp over"));
    let deleted = json(&home, &["entries", "--deleted", "--json"]);
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["id"], 1);
    assert_eq!(deleted[0]["deleted"], true);

    assert!(refused(&home, &["entries", "delete", "1"]).contains("already deleted"));
    assert!(refused(&home, &["entries", "edit", "1", "--side", "right"]).contains("restore"));
    assert!(refused(&home, &["entries", "restore", "2"]).contains("not deleted"));

    let out = ok(&home, &["entries", "restore", "1"]);
    assert!(out.starts_with("Restored entry 1"), "{out}");
    assert_eq!(json(&home, &["entries", "--json"]), before, "back whole");
    assert_eq!(
        ok(&home, &["report", "--format", "markdown"]),
        report_before
    );
    assert!(ok(&home, &["entries", "--deleted"]).contains("No deleted entries"));
}
