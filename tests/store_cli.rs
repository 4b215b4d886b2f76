//! `limber log` and `limber report` as a user runs them: the real binary, a temporary diary.

use std::path::Path;
use std::process::{Command, Output};

fn limber(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(args)
        .env("LIMBER_DATA", data)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn log_then_report_in_every_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = limber(
        dir.path(),
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
            "2025-01-06 02:30",
            "--helped",
            "stretch, then walking",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "Logged cramp 1: strong calf cramp (left), lasted 3m, at night, at 2025-01-06 02:30."
    );

    let csv = limber(
        dir.path(),
        &["report", "--format", "csv", "--since", "2025-01-01"],
    );
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let csv = text(&csv.stdout);
    assert!(csv.contains(
        "cramp,2025-01-06,02:30:00,2025-01-05,night,calf,left,strong,180,\"stretch, then walking\""
    ), "{csv}");

    let file = dir.path().join("for-the-doctor.md");
    let md = limber(
        dir.path(),
        &[
            "report",
            "--format",
            "markdown",
            "--since",
            "2025-01-01",
            "--out",
        ],
    );
    assert!(!md.status.success(), "--out needs a file name");
    let md = Command::new(env!("CARGO_BIN_EXE_limber"))
        .args([
            "report",
            "--format",
            "markdown",
            "--since",
            "2025-01-01",
            "--data",
        ])
        .arg(dir.path())
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(md.status.success(), "{}", text(&md.stderr));
    assert!(text(&md.stderr).contains("Report written to"));
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(written.starts_with("# Cramp diary: "), "{written}");
    assert!(written.contains("| 2025-01-06 02:30 | at night | calf | left | strong | 3m |"));

    let plain = limber(dir.path(), &["report", "--since", "2025-01-01"]);
    assert!(plain.status.success());
    assert!(text(&plain.stdout).contains("Cramp diary, "));
}

#[test]
fn log_flags_are_checked_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = limber(dir.path(), &["log", "--where", "calf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--side") && err.contains("--strength"),
        "{err}"
    );

    let out = limber(
        dir.path(),
        &[
            "log",
            "--where",
            "knee",
            "--side",
            "left",
            "--strength",
            "weak",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("calf, foot, toes"),
        "{}",
        text(&out.stderr)
    );

    let out = limber(
        dir.path(),
        &[
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "weak",
            "--lasted",
            "3",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no unit"),
        "{}",
        text(&out.stderr)
    );

    // No flags and no terminal: no form, a hint instead.
    let out = limber(dir.path(), &["log"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--where"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("limber.db").exists(), "nothing written");
}

#[test]
fn an_unwritable_data_folder_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap_or_else(|e| panic!("{e}"));
    let out = limber(
        &file.join("limber"),
        &[
            "log",
            "--where",
            "foot",
            "--side",
            "both",
            "--strength",
            "weak",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot make the diary folder") && err.contains("--data"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_corrupt_diary_is_set_aside_with_a_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("limber.db"), b"hello, I am not a database")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = limber(
        dir.path(),
        &[
            "log",
            "--where",
            "toes",
            "--side",
            "right",
            "--strength",
            "moderate",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("was damaged or not a database") && err.contains("limber.db.corrupt-"),
        "{err}"
    );
}

#[test]
fn report_on_a_new_machine_creates_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = limber(dir.path(), &["report"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 cramps over 28 nights"));
    assert!(!dir.path().join("limber.db").exists());
}
