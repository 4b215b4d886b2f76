//! Issue 15: nothing lost, no panic, no hang. The diary against report files written onto it,
//! concurrent limbers setting a bad file aside, a `.dump` restore, read-only commands, bad rows,
//! something other than a file at its path; output that cannot be written. See
//! docs/reliability.md for what each class covers.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Home, WAIT, setup, text};

const LOG: &[&str] = &[
    "log",
    "--where",
    "calf",
    "--side",
    "left",
    "--strength",
    "strong",
];

fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start limber");
    // Read both pipes on threads so a chatty child never blocks; bounded by WAIT.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = common::wait_exit(&mut child, WAIT);
    Output {
        status,
        stdout: o.join().unwrap_or_default(),
        stderr: e.join().unwrap_or_default(),
    }
}

fn log_one(home: &Home) -> Output {
    let out = run(&mut home.command(LOG));
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

fn entry_count(home: &Home) -> usize {
    let out = run(&mut home.command(&["entries", "--json"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    rows.as_array().map_or(0, Vec::len)
}

fn db(home: &Home) -> PathBuf {
    home.diary().join("limber.db")
}

/// Files in the diary's folder other than the diary and its sidecars.
fn set_aside_files(home: &Home) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(home.diary())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".corrupt-") || n.contains(".foreign-"))
                .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn foreign_db(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(
        "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('precious, not limber''s');",
    )
    .expect("foreign schema");
}

// ---- data loss -------------------------------------------------------------------------

#[test]
fn a_report_is_never_written_onto_the_diary() {
    let home = setup();
    log_one(&home);
    let diary = db(&home);
    let link = home.join("link.db");
    std::os::unix::fs::symlink(&diary, &link).expect("symlink");
    let hard = home.join("hard.db");
    std::fs::hard_link(&diary, &hard).expect("hard link");
    let wal = PathBuf::from(format!("{}-wal", diary.display()));
    let relative = home.diary().join("..").join("limber").join("limber.db");
    for target in [&diary, &link, &hard, &wal, &relative] {
        let out = run(&mut home.command(&["report", "--out", target.to_str().expect("utf-8")]));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", target.display());
        assert!(err.contains("the diary's own file"), "{err}");
    }
    assert_eq!(entry_count(&home), 1, "the diary kept its entry");
    assert!(set_aside_files(&home).is_empty());
}

#[test]
fn a_report_goes_to_a_regular_file_or_a_new_name_only() {
    let home = setup();
    log_one(&home);
    let folder = home.join("folder");
    std::fs::create_dir(&folder).expect("folder");
    let fifo = home.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let dangling = home.join("dangling");
    std::os::unix::fs::symlink(home.join("nowhere/x"), &dangling).expect("symlink");
    for (target, says) in [
        (&folder, "is a folder"),
        (&fifo, "pipe, socket or device"),
        (&dangling, "a link to nothing"),
    ] {
        let out = run(&mut home.command(&["report", "--out", target.to_str().expect("utf-8")]));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(says), "{}: {err}", target.display());
        assert!(!err.contains("os error"), "{err}");
    }
    // A regular file is replaced whole, and nothing is left beside it.
    let old = home.write("out/report.md", "the previous report");
    let out = run(&mut home.command(&[
        "report",
        "--format",
        "markdown",
        "--out",
        old.to_str().expect("utf-8"),
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&old).expect("report");
    assert!(written.starts_with('#'), "{written}");
    let left: Vec<_> = std::fs::read_dir(home.join("out"))
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_dump_restore_is_still_the_diary() {
    let home = setup();
    log_one(&home);
    let diary = db(&home);
    let dump = Command::new("sqlite3")
        .arg(&diary)
        .arg(".dump")
        .output()
        .expect("sqlite3");
    assert!(dump.status.success());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", diary.display()));
    }
    let mut restore = Command::new("sqlite3")
        .arg(&diary)
        .stdin(Stdio::piped())
        .spawn()
        .expect("sqlite3");
    std::io::Write::write_all(restore.stdin.as_mut().expect("stdin"), &dump.stdout)
        .expect("restore");
    drop(restore.stdin.take());
    assert!(restore.wait().expect("sqlite3").success());
    // Read-only commands and writers both take it as the diary.
    let report = run(&mut home.command(&["report"]));
    assert!(report.status.success(), "{}", text(&report.stderr));
    assert_eq!(entry_count(&home), 1);
    log_one(&home);
    assert_eq!(entry_count(&home), 2);
    assert!(
        set_aside_files(&home).is_empty(),
        "{:?}",
        set_aside_files(&home)
    );
}

#[test]
fn concurrent_limbers_set_a_bad_file_aside_once_and_lose_nothing() {
    for round in 0..3 {
        let home = setup();
        foreign_db(&db(&home));
        let mut children: Vec<_> = (0..24)
            .map(|_| {
                home.command(LOG)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start limber")
            })
            .collect();
        let mut logged = Vec::new();
        for child in &mut children {
            common::wait_exit(child, WAIT * 3);
        }
        for child in children {
            let out = child.wait_with_output().expect("output");
            let said = text(&out.stdout);
            if let Some(id) = said
                .strip_prefix("Logged cramp ")
                .and_then(|rest| rest.split(':').next())
            {
                logged.push(id.parse::<i64>().expect("an id"));
            }
        }
        // Every entry reported as logged is in the diary.
        let conn = rusqlite::Connection::open(db(&home)).expect("diary");
        let mut stmt = conn
            .prepare("SELECT id FROM cramps ORDER BY id")
            .expect("select");
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .expect("ids")
            .map(|r| r.expect("id"))
            .collect();
        logged.sort_unstable();
        assert_eq!(ids.len(), 24, "round {round}: {} logged", logged.len());
        assert_eq!(ids, logged, "round {round}");
        // The foreign file was set aside exactly once, whole.
        let aside = set_aside_files(&home);
        assert_eq!(aside.len(), 1, "round {round}: {aside:?}");
        let kept = rusqlite::Connection::open(home.diary().join(&aside[0])).expect("kept");
        let body: String = kept
            .query_row("SELECT body FROM notes", [], |r| r.get(0))
            .expect("the foreign table is whole");
        assert_eq!(body, "precious, not limber's");
    }
}

// ---- read-only commands ----------------------------------------------------------------

#[test]
fn reading_commands_change_nothing_in_a_foreign_file() {
    let home = setup();
    foreign_db(&db(&home));
    let before = std::fs::read(db(&home)).expect("file");
    for args in [&["report"][..], &["entries"], &["entries", "--json"]] {
        let out = run(&mut home.command(args));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("belongs to another program; nothing was changed"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(db(&home)).expect("file"), before);
    assert!(set_aside_files(&home).is_empty());
}

#[test]
fn reading_does_not_wait_for_a_writer() {
    let home = setup();
    log_one(&home);
    let conn = rusqlite::Connection::open(db(&home)).expect("diary");
    conn.execute_batch(
        "BEGIN IMMEDIATE; INSERT INTO cramps (at, place, side, strength, recorded_at) \
         VALUES ('2025-01-01T02:00:00', 'calf', 'left', 'weak', 'x');",
    )
    .expect("hold the write lock");
    for args in [&["report"][..], &["entries"]] {
        let start = Instant::now();
        let out = run(&mut home.command(args));
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{args:?} waited {:?} behind the writer",
            start.elapsed()
        );
    }
    conn.execute_batch("ROLLBACK").expect("rollback");
}

#[test]
fn a_bad_row_is_left_out_and_counted() {
    let home = setup();
    log_one(&home);
    log_one(&home);
    let conn = rusqlite::Connection::open(db(&home)).expect("diary");
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE cramps SET place = 'elbow' WHERE id = 1;
         INSERT INTO sessions (routine_id, title, started_at, ended_at, outcome, steps_done,
                               steps_skipped, recorded_at)
         VALUES ('x', 'y', 'not a time', 'z', 'completed', 1, 0, 'x');",
    )
    .expect("hand edit");
    drop(conn);
    let out = run(&mut home.command(&["report", "--since", "30d"]));
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("2 entries in the diary could not be read"),
        "{err}"
    );
    let out = run(&mut home.command(&["entries"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 entry in the diary could not be read"));
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.contains("calf"))
            .count(),
        1
    );
}

// ---- the diary's path ------------------------------------------------------------------

#[test]
fn a_pipe_or_folder_at_the_diary_path_is_refused_at_once() {
    let home = setup();
    std::fs::create_dir_all(home.diary()).expect("folder");
    assert!(
        Command::new("mkfifo")
            .arg(db(&home))
            .status()
            .expect("mkfifo")
            .success()
    );
    for args in [LOG, &["report"], &["entries"]] {
        let out = run(&mut home.command(args));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("is a pipe, socket or device, not a file"),
            "{err}"
        );
    }
    std::fs::remove_file(db(&home)).expect("remove the fifo");
    std::fs::create_dir(db(&home)).expect("folder");
    let out = run(&mut home.command(LOG));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is a folder, not a file"), "{err}");
    assert!(!err.contains("read-only"), "{err}");
    std::fs::remove_dir(db(&home)).expect("remove");
    std::os::unix::fs::symlink(home.join("gone"), db(&home)).expect("symlink");
    let err = text(&run(&mut home.command(LOG)).stderr);
    assert!(err.contains("a link to nothing"), "{err}");
}

// ---- crashes -----------------------------------------------------------------------------

#[test]
fn a_far_since_is_refused_not_a_panic() {
    let home = setup();
    for since in ["99999999d", "99999999999999999999d", "9999999w"] {
        let out = run(&mut home.command(&["report", "--since", since]));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{since}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("--since"), "{err}");
    }
}

/// A pipe whose reader is already gone.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

fn run_to(home: &Home, args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let mut child = home
        .command(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut err = child.stderr.take().expect("stderr");
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = common::wait_exit(&mut child, WAIT);
    (status.code(), text(&e.join().unwrap_or_default()))
}

fn check_file(home: &Home) -> String {
    home.write("ok/one.toml", common::fixtures::two_timed_steps("One"))
        .parent()
        .expect("folder")
        .display()
        .to_string()
}

#[test]
fn output_to_a_closed_pipe_ends_quietly_with_141() {
    let home = setup();
    log_one(&home);
    let dir = check_file(&home);
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["show", "calf-stretch-trio"],
        vec!["check", &dir],
        vec!["report"],
        vec!["entries"],
        vec!["doctor"],
    ];
    for args in commands {
        let (code, err) = run_to(&home, &args, closed_pipe());
        assert_eq!(code, Some(141), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} said: {err}");
    }
}

#[test]
fn output_to_a_full_disk_is_an_error() {
    let home = setup();
    log_one(&home);
    let dir = check_file(&home);
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["show", "calf-stretch-trio"],
        vec!["check", &dir],
        vec!["report"],
        vec!["entries"],
        vec!["doctor"],
    ];
    for args in commands {
        let (code, err) = run_to(&home, &args, dev_full());
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(
            err.contains("could not be written: the disk is full"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn log_never_fails_after_the_entry_is_saved() {
    let home = setup();
    for stdout in [closed_pipe(), dev_full()] {
        let (code, err) = run_to(&home, LOG, stdout);
        assert_eq!(code, Some(0), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(entry_count(&home), 2, "each run saved exactly one entry");
}

#[test]
fn a_file_given_as_the_data_folder_is_said_plainly() {
    let home = setup();
    let file = home.write("plain-file", "x");
    for (data, said) in [
        (file.clone(), "it is a file, not a folder"),
        (
            file.join("limber"),
            "a file stands where one of the folders above it should be",
        ),
    ] {
        let mut args = vec!["--data", data.to_str().expect("utf-8")];
        args.extend_from_slice(LOG);
        let err = text(&run(&mut home.command(&args)).stderr);
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
}
