//! `limber log` and `limber report` as a user runs them: the real binary, a temporary diary.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Running, WAIT};

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
            "3 parsecs",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a unit"),
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
        err.contains("the diary's folder")
            && err.contains("cannot be used")
            && err.contains("--data"),
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

/// A short first-aid routine for `play --plain`: 1 s, a step that waits for Enter, 1 s.
const QUICK_AID: &str = r#"
title = "Quick aid"
summary = "Short steps for the diary tests."
tags = ["first-aid"]

[params.hold]
default = "1s"
min = "1s"
max = "1m"
help = "How long each hold lasts."

[[step]]
title = "Hold"
duration = "{hold}"

[[step]]
title = "Until it passes"
text = "Press Enter when it has passed."

[[step]]
title = "Rest"
duration = "1s"
"#;

/// `(routine_id, outcome, steps_done, steps_skipped, params)` of every session in the diary.
fn sessions(data: &Path) -> Vec<(String, String, i64, i64, String)> {
    let conn = rusqlite::Connection::open(data.join("limber.db")).unwrap_or_else(|e| panic!("{e}"));
    let mut stmt = conn
        .prepare(
            "SELECT routine_id, outcome, steps_done, steps_skipped, params FROM sessions ORDER BY id",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .map(|row| row.unwrap_or_else(|e| panic!("{e}")))
    .collect()
}

#[test]
fn play_plain_records_its_session_finished_or_stopped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let routine = dir.path().join("quick-aid.toml");
    std::fs::write(&routine, QUICK_AID).unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("diary");
    let play = || {
        let mut cmd = Command::new(common::bin());
        cmd.arg("play")
            .arg(&routine)
            .args(["--plain", "--set", "hold=1s"])
            .env("LIMBER_DATA", &data)
            .env("LIMBER_AUDIO", "none");
        cmd
    };

    // Played to the end: Enter once the step that waits has begun.
    let mut run = Running::spawn(&mut play());
    run.wait_for_line("2/3 Until it passes", WAIT);
    run.type_line("\n");
    let (status, out) = run.finish(WAIT);
    assert!(status.success(), "{}", out.stderr);
    assert!(out.stdout.contains("Finished — 3 of 3 steps done"));
    // Only the notice that sound is off (LIMBER_AUDIO=none), on standard error.
    let said = out
        .stderr
        .replace("limber: sound is off (LIMBER_AUDIO=none)\n", "");
    assert_eq!(said, "", "nothing to say when it is saved");

    // Stopped: standard input ends while a step waits.
    let out = play()
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));

    assert_eq!(
        sessions(&data),
        [
            (
                "quick-aid".into(),
                "completed".into(),
                3,
                0,
                r#"{"hold":1}"#.into()
            ),
            (
                "quick-aid".into(),
                "stopped".into(),
                1,
                0,
                r#"{"hold":1}"#.into()
            ),
        ]
    );
    let csv = limber(&data, &["report", "--format", "csv"]);
    let csv = text(&csv.stdout);
    assert!(csv.contains(",quick-aid,Quick aid,completed,3,0,"), "{csv}");
    assert!(csv.contains(",quick-aid,Quick aid,stopped,1,0,"), "{csv}");
}

#[test]
fn play_plain_with_a_diary_that_cannot_be_written_still_plays() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let routine = dir.path().join("quick-aid.toml");
    std::fs::write(&routine, QUICK_AID).unwrap_or_else(|e| panic!("{e}"));
    // A folder that cannot be made: its parent is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_limber"))
        .arg("play")
        .arg(&routine)
        .arg("--plain")
        .arg("--data")
        .arg(file.join("diary"))
        .env("LIMBER_AUDIO", "none")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "stopped at the step that waits");
    assert!(
        stdout.contains("1/3 Hold") && stdout.contains("2/3 Until it passes"),
        "{stdout}"
    );
    assert!(
        stderr.contains("this routine was not saved in the diary")
            && stderr.contains("cannot be used: a file stands where"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A cramp over 5 minutes: the confirmation repeats the articles' advice.
#[test]
fn logging_a_long_cramp_repeats_the_advice() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let args = |lasted: &'static str| {
        [
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "strong",
            "--lasted",
            lasted,
        ]
    };
    let out = limber(dir.path(), &args("6m"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("It lasted more than 5 minutes. The articles say: \u{201c}if the cramp lasts more than 3-5 minutes, you should consult a doctor.\u{201d}"),
        "{said}"
    );
    assert!(said.contains("(article 004)"), "{said}");
    let out = limber(dir.path(), &args("5m"));
    assert!(!text(&out.stdout).contains("more than 5 minutes"));
}
