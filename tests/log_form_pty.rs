//! `limber log`'s form in a pseudo-terminal (the shared harness's `pty::Tui`): the same terminal
//! session as the app, so SIGTERM gives the terminal back (main screen, cursor, cooked mode), and
//! the same key table, so Ctrl-S saves and Ctrl-C leaves at once. Every wait is for what the
//! screen shows or for the process to end, never a fixed time.

mod common;

use std::path::Path;

use common::{WAIT, kill, setup};

/// Cramps written in the diary at `dir` (none when it was never created).
fn cramps(dir: &Path) -> i64 {
    let db = dir.join("limber.db");
    if !db.exists() {
        return 0;
    }
    let db = rusqlite::Connection::open(db).expect("the diary");
    db.query_row("SELECT count(*) FROM cramps", [], |r| r.get(0))
        .expect("count cramps")
}

#[test]
fn sigterm_during_the_form_restores_the_terminal() {
    let home = setup();
    let mut tui = home.tui(&["log"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    tui.assert_raw();
    kill(tui.pid(), "TERM");
    assert_ne!(
        tui.wait_exit(WAIT),
        0,
        "ended by SIGTERM, not a normal exit"
    );
    tui.assert_restored();
    assert_eq!(cramps(&home.diary()), 0, "nothing is logged");
}

#[test]
fn ctrl_s_saves_the_form_from_any_field() {
    let home = setup();
    let mut tui = home.tui(&["log"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    // Situation (focused first) → Where: c(alf) → Side: l(eft) → Strength: s(trong) → Note.
    tui.send("\tc\tl\ts\t\t\tok");
    tui.wait_for("ok_", WAIT);
    assert!(tui.screen().contains("‹ strong ›"), "{}", tui.screen());
    tui.send("\x13");
    tui.wait_for("Logged cramp 1: strong calf cramp (left)", WAIT);
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert_eq!(cramps(&home.diary()), 1);
}

#[test]
fn ctrl_c_leaves_the_form_at_once() {
    let home = setup();
    let mut tui = home.tui(&["log"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    tui.send("\x03");
    tui.wait_for("Nothing logged.", WAIT);
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert_eq!(cramps(&home.diary()), 0);
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_brings_the_form_back() {
    let home = setup();
    let mut tui = home.tui(&["log"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    tui.send("\tc");
    tui.wait_for("‹ calf ›", WAIT);
    tui.send("\x1a");
    tui.wait_restored(WAIT);
    let pid = tui.pid();
    common::wait_until(
        "limber log stopped (T in /proc)",
        WAIT,
        || (common::process_state(pid) == Some('T')).then_some(()),
        || format!("state {:?}", common::process_state(pid)),
    );
    kill(pid, "CONT");
    // Back on the alternate screen in raw mode, the form as it was.
    tui.wait_until("the form redrawn", WAIT, |s| {
        s.alternate_screen() && s.contents().contains("‹ calf ›")
    });
    tui.assert_raw();
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}
