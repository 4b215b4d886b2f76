//! The diary's storage: each record kind, migrations, bad files set aside, errors for a
//! read-only place or a full disk, a write surviving a kill, two writers at once.
//!
//! Cases that need another process re-run this test binary as a child, running only the same
//! test with `LIMBER_TEST_CHILD` set: that test then plays the child's side ([`child_side`])
//! instead of its own.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jiff::civil::date;
use limber::store::db::{APPLICATION_ID, DB_FILE, SCHEMA_VERSION, Unusable};
use limber::store::{
    NewCramp, NewSession, Outcome, Place, Side, Situation, Store, StoreError, Strength,
};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"))
}

fn open(dir: &Path) -> Store {
    Store::open(dir).unwrap_or_else(|e| panic!("open {}: {e}", dir.display()))
}

fn cramp(n: u32) -> NewCramp {
    NewCramp {
        at: date(2025, 1, 6).at(2, 30, 0, 0),
        situation: Some(Situation::Night),
        place: Place::Calf,
        side: Side::Left,
        strength: Strength::Strong,
        lasted: Some(Duration::from_secs(180)),
        helped: "pulled the toes".into(),
        note: format!("entry {n}"),
        session: None,
    }
}

fn session() -> NewSession {
    NewSession {
        routine_id: "first-aid-calf".into(),
        title: "First aid: calf".into(),
        started: date(2025, 1, 6).at(2, 31, 0, 0),
        ended: date(2025, 1, 6).at(2, 36, 15, 0),
        outcome: Outcome::Completed,
        steps_done: 5,
        steps_skipped: 1,
        params: serde_json::json!({ "hold": 20, "sides": "left" }),
        practice: false,
    }
}

#[test]
fn cramp_round_trips() {
    let dir = tmp();
    let mut store = open(dir.path());
    let mut full = cramp(1);
    full.note = "woke me | twice, \"sharp\"\nthen eased".into();
    let id = store.record_cramp(&full).unwrap_or_else(|e| panic!("{e}"));
    let sparse = NewCramp {
        situation: None,
        lasted: None,
        helped: String::new(),
        note: String::new(),
        place: Place::ThighBack,
        side: Side::Both,
        strength: Strength::Weak,
        at: date(2025, 1, 7).at(15, 0, 0, 0),
        session: None,
    };
    store
        .record_cramp(&sparse)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);

    let store = open(dir.path());
    let all = store.cramps(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, id);
    assert_eq!(all[0].entry, full);
    assert_eq!(all[1].entry, sparse);
    let since = store
        .cramps(Some(date(2025, 1, 7)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(since.len(), 1);
}

#[test]
fn session_round_trips_and_links_a_cramp() {
    let dir = tmp();
    let mut store = open(dir.path());
    let s = session();
    let sid = store.record_session(&s).unwrap_or_else(|e| panic!("{e}"));
    let mut stopped = session();
    stopped.outcome = Outcome::Stopped;
    stopped.params = serde_json::Value::Null;
    store
        .record_session(&stopped)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut c = cramp(1);
    c.session = Some(sid);
    store.record_cramp(&c).unwrap_or_else(|e| panic!("{e}"));
    drop(store);

    let store = open(dir.path());
    let sessions = store.sessions(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].id, sid);
    assert_eq!(sessions[0].entry, s);
    assert_eq!(sessions[1].entry, stopped);
    let cramps = store.cramps(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cramps[0].entry.session, Some(sid));
}

#[test]
fn record_session_helper_uses_the_data_folder() {
    let dir = tmp();
    let (id, aside) = limber::store::record_session(Some(dir.path()), &session())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(id > 0 && aside.is_none());
    assert!(dir.path().join(DB_FILE).exists());
}

#[test]
fn migrates_an_empty_file_and_sets_wal() {
    let dir = tmp();
    std::fs::write(dir.path().join(DB_FILE), b"").unwrap_or_else(|e| panic!("{e}"));
    let mut store = open(dir.path());
    assert!(store.set_aside().is_none(), "an empty file is a new diary");
    assert_eq!(store.schema_version().ok(), Some(SCHEMA_VERSION));
    let conn = store.connection_for_tests();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!(mode, "wal");
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!(app, APPLICATION_ID);
    store
        .record_cramp(&cramp(1))
        .unwrap_or_else(|e| panic!("{e}"));
    // Opening again finds nothing to migrate and keeps the entry.
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.cramps(None).map(|c| c.len()).ok(), Some(1));
}

#[test]
fn makes_the_data_folder() {
    let dir = tmp();
    let nested = dir.path().join("a/b/limber");
    let mut store = open(&nested);
    store
        .record_cramp(&cramp(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(nested.join(DB_FILE).exists());
}

#[test]
fn a_newer_diary_is_left_alone() {
    let dir = tmp();
    drop(open(dir.path()));
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    match Store::open(dir.path()) {
        Err(e @ StoreError::Newer { .. }) => assert!(e.to_string().contains("newer limber")),
        other => panic!("expected Newer, got {other:?}"),
    }
    assert!(path.exists(), "never moved or deleted");
    assert_eq!(set_aside_files(dir.path()).len(), 0);
}

fn set_aside_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.contains(".corrupt-") || n.contains(".foreign-"))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_corrupt_file_is_set_aside_not_deleted() {
    let dir = tmp();
    let path = dir.path().join(DB_FILE);
    let garbage: Vec<u8> = b"not a database at all\n".repeat(400);
    std::fs::write(&path, &garbage).unwrap_or_else(|e| panic!("{e}"));
    // A stray WAL beside it must not be replayed into the new diary.
    std::fs::write(dir.path().join("limber.db-wal"), b"stray wal")
        .unwrap_or_else(|e| panic!("{e}"));

    let mut store = open(dir.path());
    let aside = store
        .set_aside()
        .cloned()
        .unwrap_or_else(|| panic!("should say it set the file aside"));
    assert_eq!(aside.why, Unusable::Corrupt);
    assert!(aside.to.to_string_lossy().contains("limber.db.corrupt-"));
    assert_eq!(
        std::fs::read(&aside.to).ok(),
        Some(garbage),
        "kept byte for byte"
    );
    let mut wal = aside.to.as_os_str().to_owned();
    wal.push("-wal");
    assert_eq!(
        std::fs::read(PathBuf::from(wal)).ok(),
        Some(b"stray wal".to_vec())
    );
    assert!(aside.to_string().contains("new diary"));

    store
        .record_cramp(&cramp(1))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let store = open(dir.path());
    assert!(store.set_aside().is_none());
    assert_eq!(store.cramps(None).map(|c| c.len()).ok(), Some(1));
}

#[test]
fn a_damaged_header_is_set_aside() {
    let dir = tmp();
    {
        let mut store = open(dir.path());
        store
            .record_cramp(&cramp(1))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let path = dir.path().join(DB_FILE);
    // Fold the WAL in, then break the header's magic string.
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.pragma_update(None, "journal_mode", "DELETE")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    bytes[..16].copy_from_slice(b"garbage garbage\0");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let store = open(dir.path());
    assert_eq!(store.set_aside().map(|a| a.why), Some(Unusable::Corrupt));
    assert_eq!(store.cramps(None).map(|c| c.len()).ok(), Some(0));
    assert_eq!(set_aside_files(dir.path()).len(), 1);
}

#[test]
fn a_foreign_database_is_set_aside() {
    let dir = tmp();
    let path = dir.path().join(DB_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let store = open(dir.path());
    let aside = store
        .set_aside()
        .cloned()
        .unwrap_or_else(|| panic!("a foreign database is set aside"));
    assert_eq!(aside.why, Unusable::Foreign);
    assert!(aside.to_string().contains("another program"));
    let kept = rusqlite::Connection::open(&aside.to).unwrap_or_else(|e| panic!("{e}"));
    let name: String = kept
        .query_row("SELECT name FROM recipes", [], |r| r.get(0))
        .unwrap_or_default();
    assert_eq!(name, "soup");
}

#[test]
fn a_data_path_under_a_file_is_a_clear_error() {
    let dir = tmp();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap_or_else(|e| panic!("{e}"));
    let err = Store::open(&file.join("limber")).map(|_| ()).err();
    let msg = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("a file stands where one of the folders above it should be"),
        "{msg}"
    );
    assert!(msg.contains("--data"), "{msg}");
}

#[test]
fn a_read_only_connection_reports_read_only() {
    // `query_only` makes SQLite refuse writes with SQLITE_READONLY, as a read-only disk does
    // (root ignores file modes; the real read-only mount is `read_only_mount` below).
    let dir = tmp();
    let mut store = open(dir.path());
    store
        .connection_for_tests()
        .pragma_update(None, "query_only", true)
        .unwrap_or_else(|e| panic!("{e}"));
    match store.record_cramp(&cramp(1)) {
        Err(e @ StoreError::ReadOnly { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("cannot be written") && msg.contains("nothing was saved"));
        }
        other => panic!("expected ReadOnly, got {other:?}"),
    }
}

#[test]
fn a_full_disk_reports_full() {
    // A page limit makes SQLite answer SQLITE_FULL, as a full disk does (the real full
    // tmpfs is `full_disk_mount` below).
    let dir = tmp();
    let mut store = open(dir.path());
    let pages: i64 = store
        .connection_for_tests()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap_or_default();
    store
        .connection_for_tests()
        .pragma_update(None, "max_page_count", pages)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut big = cramp(1);
    big.note = "x".repeat(64 * 1024);
    match store.record_cramp(&big) {
        Err(e @ StoreError::Full { .. }) => assert!(e.to_string().contains("full")),
        other => panic!("expected Full, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Other processes

/// Start this test binary running only `test`, with `LIMBER_TEST_CHILD` set to `mode`.
fn spawn_child(test: &str, mode: &str, dir: &Path, wrap: Option<&[&str]>) -> Option<Child> {
    let exe = std::env::current_exe().ok()?;
    let mut args: Vec<String> = Vec::new();
    let program = match wrap {
        Some(w) => {
            args.extend(w[1..].iter().map(|s| (*s).to_owned()));
            args.push(exe.to_string_lossy().into_owned());
            w[0].to_owned()
        }
        None => exe.to_string_lossy().into_owned(),
    };
    args.extend(
        [test, "--exact", "--nocapture", "--test-threads=1"]
            .iter()
            .map(|s| (*s).to_owned()),
    );
    Command::new(program)
        .args(args)
        .env("LIMBER_TEST_CHILD", mode)
        .env("LIMBER_TEST_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()
}

/// Read the child's stdout until a line holding `prefix`; the line from `prefix` on.
fn wait_for_line(child: &mut Child, prefix: &str) -> Option<String> {
    let out = child.stdout.take()?;
    let mut lines = BufReader::new(out).lines();
    // The test harness may print "test NAME ... " before the marker on its line.
    let found = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.find(prefix).map(|i| l[i..].to_owned()));
    // Keep draining so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    found
}

fn child_dir() -> Option<(String, PathBuf)> {
    let mode = std::env::var("LIMBER_TEST_CHILD").ok()?;
    let dir = std::env::var_os("LIMBER_TEST_DIR")?;
    Some((mode, PathBuf::from(dir)))
}

/// In a child started by [`spawn_child`] or a namespace script (`LIMBER_TEST_CHILD` set): plays
/// the child's side and says so, and the test that called it ends there. In a normal run: false.
fn child_side() -> bool {
    let Some((mode, dir)) = child_dir() else {
        return false;
    };
    run_child(&mode, &dir);
    true
}

/// The child's side of the process tests, by mode.
fn run_child(mode: &str, dir: &Path) {
    let dir = dir.to_path_buf();
    match mode {
        "seed" => {
            // Seeds a diary with one entry (for `read_only_mount`, inside its namespace).
            let mut store = open(&dir.join("diary"));
            store
                .record_cramp(&cramp(1))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        "write-then-hang" => {
            let mut store = open(&dir);
            let id = store
                .record_cramp(&cramp(1))
                .unwrap_or_else(|e| panic!("{e}"));
            println!("WRITTEN {id}");
            // Hold the connection open (no clean close, no checkpoint) until the parent kills
            // this process, which it does as soon as it reads the line above.
            std::thread::sleep(Duration::from_secs(120));
        }
        "writer" => {
            let go = dir.join("go");
            let start = Instant::now();
            while !go.exists() && start.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_millis(5));
            }
            let me = std::process::id();
            for n in 0..40 {
                // Each entry from a fresh open, so opening and migrating race too.
                let mut store = open(&dir);
                let mut c = cramp(n);
                c.note = format!("{me}-{n}");
                store.record_cramp(&c).unwrap_or_else(|e| panic!("{e}"));
            }
            println!("DONE");
        }
        "read-only-mount" => {
            // Runs in a private mount namespace with `dir` a read-only tmpfs over a diary.
            let err = match Store::open(&dir.join("diary")) {
                Err(e) => e,
                Ok(mut store) => match store.record_cramp(&cramp(2)) {
                    Err(e) => e,
                    Ok(_) => panic!("a read-only diary took a write"),
                },
            };
            println!("RESULT {}", kind(&err));
            println!("MESSAGE {err}");
        }
        "full-mount" => {
            let mut store = open(&dir.join("diary"));
            let mut big = cramp(1);
            big.note = "x".repeat(512 * 1024);
            match store.record_cramp(&big) {
                Err(e) => {
                    println!("RESULT {}", kind(&e));
                    println!("MESSAGE {e}");
                }
                Ok(_) => println!("RESULT stored"),
            }
            // A small entry still fits afterwards: the failed one left nothing half-written.
            let small = store.record_cramp(&cramp(3)).is_ok();
            println!("SMALL {small}");
        }
        other => panic!("unknown child mode {other}"),
    }
}

fn kind(e: &StoreError) -> &'static str {
    match e {
        StoreError::ReadOnly { .. } => "read-only",
        StoreError::Full { .. } => "full",
        StoreError::CreateDir { .. } => "create-dir",
        _ => "other",
    }
}

#[test]
fn a_write_survives_a_kill_right_after_it() {
    if child_side() {
        return;
    }
    let dir = tmp();
    let mut child = spawn_child(
        "a_write_survives_a_kill_right_after_it",
        "write-then-hang",
        dir.path(),
        None,
    )
    .unwrap_or_else(|| panic!("cannot start the child"));
    let line = wait_for_line(&mut child, "WRITTEN ");
    // SIGKILL: no destructors, no checkpoint, no clean close.
    let _ = child.kill();
    let _ = child.wait();
    let id: i64 = line
        .and_then(|l| l.trim_start_matches("WRITTEN ").trim().parse().ok())
        .unwrap_or_else(|| panic!("the child did not report its write"));
    let store = open(dir.path());
    let cramps = store.cramps(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cramps.len(), 1);
    assert_eq!(cramps[0].id, id);
    assert_eq!(cramps[0].entry, cramp(1));
}

#[test]
fn two_writers_at_once_both_land() {
    if child_side() {
        return;
    }
    let dir = tmp();
    let mut a = spawn_child("two_writers_at_once_both_land", "writer", dir.path(), None)
        .unwrap_or_else(|| panic!("cannot start writer a"));
    let mut b = spawn_child("two_writers_at_once_both_land", "writer", dir.path(), None)
        .unwrap_or_else(|| panic!("cannot start writer b"));
    std::fs::write(dir.path().join("go"), b"").unwrap_or_else(|e| panic!("{e}"));
    let done_a = wait_for_line(&mut a, "DONE").is_some();
    let done_b = wait_for_line(&mut b, "DONE").is_some();
    let ok_a = a.wait().map(|s| s.success()).unwrap_or(false);
    let ok_b = b.wait().map(|s| s.success()).unwrap_or(false);
    assert!(
        done_a && done_b && ok_a && ok_b,
        "both writers finish cleanly"
    );
    let store = open(dir.path());
    let cramps = store.cramps(None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cramps.len(), 80);
    let (pa, pb) = (a.id(), b.id());
    for (pid, n) in [(pa, 40), (pb, 40)] {
        let mine = cramps
            .iter()
            .filter(|c| c.entry.note.starts_with(&format!("{pid}-")))
            .count();
        assert_eq!(mine, n, "every entry of writer {pid} landed");
    }
}

/// Run `script` (sh, with `$DIR` and `$EXE`) in a private mount namespace; its output lines.
/// A machine that cannot (not root, no `unshare`) fails the test, unless
/// `LIMBER_TESTS_ALLOW_MISSING=1` accepts that: then `None`.
fn in_mount_namespace(mode: &str, dir: &Path, script: &str) -> Option<Vec<String>> {
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\""])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !common::require(
        probe,
        "a private mount namespace with tmpfs (root and unshare)",
    ) {
        return None;
    }
    let exe = std::env::current_exe().expect("this test binary");
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .env("DIR", dir)
        .env("EXE", exe)
        .env("LIMBER_TEST_CHILD", mode)
        .env("LIMBER_TEST_DIR", dir)
        .stderr(Stdio::inherit())
        .output()
        .expect("run unshare");
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

fn line_value(lines: &[String], key: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.find(key).map(|i| &l[i + key.len()..]))
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn read_only_mount() {
    if child_side() {
        return;
    }
    let dir = tmp();
    // A diary with an entry on a tmpfs, then the tmpfs remounted read-only; the child tries
    // to write. Root ignores file modes, a read-only mount it cannot.
    let script = r#"set -e
mount -t tmpfs -o size=4m tmpfs "$DIR"
mkdir "$DIR/diary"
LIMBER_TEST_CHILD=seed "$EXE" read_only_mount --exact --nocapture --test-threads=1 >/dev/null
mount -o remount,ro "$DIR"
"$EXE" read_only_mount --exact --nocapture --test-threads=1
"#;
    let Some(lines) = in_mount_namespace("read-only-mount", dir.path(), script) else {
        return;
    };
    assert_eq!(line_value(&lines, "RESULT "), "read-only", "{lines:?}");
    assert!(
        line_value(&lines, "MESSAGE ").contains("--data"),
        "{lines:?}"
    );
}

#[test]
fn full_disk_mount() {
    if child_side() {
        return;
    }
    let dir = tmp();
    let script = r#"set -e
mount -t tmpfs -o size=256k tmpfs "$DIR"
"$EXE" full_disk_mount --exact --nocapture --test-threads=1
"#;
    let Some(lines) = in_mount_namespace("full-mount", dir.path(), script) else {
        return;
    };
    assert_eq!(line_value(&lines, "RESULT "), "full", "{lines:?}");
    assert!(
        line_value(&lines, "MESSAGE ").contains("is full"),
        "{lines:?}"
    );
    assert_eq!(line_value(&lines, "SMALL "), "true", "{lines:?}");
}
