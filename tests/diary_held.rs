//! Issue 15: the diary held by another program's write lock never freezes the screen. The test
//! holds the lock itself (`BEGIN IMMEDIATE` on its own connection) while the real binary runs in
//! a pseudo-terminal: q and SIGTERM still end it promptly with the terminal given back; a
//! routine's record that waited out the lock is tried again and lands once the lock goes; and
//! `limber log` on the command line gives up after a bounded wait with a sentence, or at once on
//! SIGTERM.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Home, WAIT, fixtures, kill, setup, text, wait_exit};

const LOG: &[&str] = &[
    "log",
    "--where",
    "calf",
    "--side",
    "left",
    "--strength",
    "weak",
];

/// A home with the drill and a diary already made (one cramp logged).
fn home_with_diary() -> Home {
    let home = setup();
    // In the person's own folder (not `--routines`, which `log` does not take).
    home.write(
        "config/limber/routines/drill.toml",
        fixtures::drill("Test drill", "Short steps."),
    );
    let out = home.command(LOG).output().expect("run limber log");
    assert!(out.status.success(), "{}", text(&out.stderr));
    home
}

/// Holds the diary's write lock until dropped (or `release`d).
struct Held(rusqlite::Connection);

impl Held {
    fn take(home: &Home) -> Held {
        let conn = rusqlite::Connection::open(home.diary().join("limber.db")).expect("the diary");
        conn.execute_batch("BEGIN IMMEDIATE")
            .expect("hold the write lock");
        Held(conn)
    }

    fn release(self) {
        self.0
            .execute_batch("ROLLBACK")
            .expect("let go of the lock");
    }
}

#[test]
fn q_quits_promptly_while_another_program_holds_the_diary() {
    let home = home_with_diary();
    let held = Held::take(&home);
    let mut tui = home.tui(&["play", "drill", "--now"], (80, 24));
    tui.wait_for("First hold", WAIT);
    tui.send("q");
    tui.wait_for("Stop this routine and quit?", WAIT);
    let pressed = Instant::now();
    tui.send("y");
    // The screen goes at once; the record waits for the lock after it, saying so.
    tui.wait_restored(Duration::from_secs(2));
    tui.wait_for("another program is holding it", Duration::from_secs(3));
    assert!(
        pressed.elapsed() < Duration::from_secs(4),
        "q took {:?}",
        pressed.elapsed()
    );
    held.release();
    assert_eq!(tui.wait_exit(WAIT), 0, "{}", tui.screen());
    tui.assert_restored();
    assert_eq!(home.outcomes(), ["stopped"], "the record waited and landed");
}

#[test]
fn sigterm_ends_promptly_while_another_program_holds_the_diary() {
    let home = home_with_diary();
    let held = Held::take(&home);
    let mut tui = home.tui(&["play", "drill", "--now"], (80, 24));
    tui.wait_for("First hold", WAIT);
    let sent = Instant::now();
    kill(tui.pid(), "TERM");
    assert_eq!(tui.wait_exit(Duration::from_secs(6)), 143);
    assert!(
        sent.elapsed() < Duration::from_secs(5),
        "SIGTERM took {:?}",
        sent.elapsed()
    );
    tui.assert_restored();
    tui.wait_for("this routine was not saved in the diary", WAIT);
    held.release();
}

#[test]
fn a_record_that_waited_out_the_lock_is_tried_again_and_lands() {
    let home = home_with_diary();
    let held = Held::take(&home);
    let mut tui = home.tui(&["play", "drill", "--set", "hold=1s", "--now"], (100, 30));
    tui.wait_for("First hold", WAIT);
    // Skip to the end: the finish screen asks the diary to record the run.
    tui.send("nnnn");
    tui.wait_for("steps done", WAIT);
    // SQLite's own wait (10 s) runs out; limber says so and keeps trying, the screen alive.
    tui.wait_for(
        "limber keeps trying to save this routine",
        Duration::from_secs(20),
    );
    held.release();
    tui.wait_for("Saved in your diary.", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0, "{}", tui.screen());
    tui.assert_restored();
    assert_eq!(home.outcomes().len(), 1, "saved once");
}

#[test]
fn log_gives_up_on_a_held_diary_with_a_sentence() {
    let home = home_with_diary();
    let held = Held::take(&home);
    let start = Instant::now();
    let out = home
        .command(LOG)
        .stdin(Stdio::null())
        .output()
        .expect("run limber log");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "waited {:?}",
        start.elapsed()
    );
    assert!(err.contains("stayed locked by another program"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    held.release();
}

#[test]
fn log_waiting_for_a_held_diary_ends_on_sigterm() {
    let home = home_with_diary();
    let held = Held::take(&home);
    let mut child = home
        .command(LOG)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run limber log");
    // Waiting in SQLite's busy handler: asleep.
    common::wait_until(
        "limber log waiting for the lock",
        WAIT,
        || (common::process_state(child.id()) == Some('S')).then_some(()),
        String::new,
    );
    let sent = Instant::now();
    kill(child.id(), "TERM");
    let status = wait_exit(&mut child, Duration::from_secs(3));
    assert!(sent.elapsed() < Duration::from_secs(2));
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(15), "{status:?}");
    held.release();
}
