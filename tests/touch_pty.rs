//! The mouse in a pseudo-terminal: the binary asks the terminal to report taps and the wheel
//! (`ESC [?1000h`, SGR coordinates `ESC [?1006h`) while its screen shows, stops it on every way
//! out (quit, Ctrl-Z, a signal) and asks again on `fg`; `--no-mouse` and `mouse = false` in the
//! config file never ask (`limber log`'s form included). Taps sent as the terminal sends them press a footer's key and choose
//! the place and the leg on `limber cramp`.

mod common;

use common::pty::{sgr_tap, spot};
use common::{WAIT, kill, setup};

/// The calf first aid's first step (routines/first-aid-calf.toml).
const CALF_FIRST: &str = "No need to panic";

const ON: &str = "\x1b[?1000h";
const OFF: &str = "\x1b[?1000l";

/// Whether the terminal is asked to report the pointer at the end of `raw`.
fn reporting(raw: &str) -> bool {
    raw.rfind(ON) > raw.rfind(OFF)
}

#[test]
fn mouse_on_while_shown_off_at_exit_and_taps_reach_first_aid() {
    let home = setup();
    let mut tui = home.tui(&["cramp"], (80, 24));
    tui.wait_for("Where is the cramp?", WAIT);
    let raw = tui.raw();
    assert!(reporting(&raw), "no {ON:?} in {raw:?}");
    assert!(raw.contains("\x1b[?1006h"), "no SGR mode in {raw:?}");
    // A tap on the footer's `? help`, as the terminal sends it.
    let (x, y) = spot(&tui.screen(), "? help");
    tui.send(&sgr_tap(x + 2, y));
    tui.wait_for("When to see a doctor", WAIT);
    let (x, y) = spot(&tui.screen(), "close");
    tui.send(&sgr_tap(x, y));
    tui.wait_for("Where is the cramp?", WAIT);
    // Two taps to the calf's first instruction: the place, then the leg.
    let (x, y) = spot(&tui.screen(), "calf");
    tui.send(&sgr_tap(x, y));
    tui.wait_for("Which leg?", WAIT);
    let (x, y) = spot(&tui.screen(), " left");
    tui.send(&sgr_tap(x + 1, y));
    tui.wait_for(CALF_FIRST, WAIT);
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    let raw = tui.raw();
    assert!(!reporting(&raw), "still reporting at exit: {raw:?}");
    assert!(raw.contains("\x1b[?1006l"), "SGR mode left on: {raw:?}");
}

#[test]
fn ctrl_z_gives_the_mouse_back_and_fg_takes_it_again() {
    let home = setup();
    let mut tui = home.tui(&["play", "first-aid-calf", "--now"], (80, 24));
    tui.wait_for("step 1 of", WAIT);
    assert!(reporting(&tui.raw()));
    tui.send("\x1a");
    tui.wait_restored(WAIT);
    assert!(
        !reporting(&tui.raw()),
        "suspended with the mouse still reported"
    );
    kill(tui.pid(), "CONT");
    tui.wait_for("PAUSED", WAIT);
    assert!(reporting(&tui.raw()), "the mouse is not back after fg");
    kill(tui.pid(), "TERM");
    tui.wait_exit(WAIT);
    tui.assert_restored();
    assert!(!reporting(&tui.raw()), "a signal left the mouse reported");
}

#[test]
fn no_mouse_and_the_config_leave_the_mouse_alone() {
    let home = setup();
    for (args, shown) in [
        (&["cramp", "--no-mouse"][..], "Where is the cramp?"),
        (&["--no-mouse"], "leg-cramp care"),
        (
            &["play", "first-aid-calf", "--now", "--no-mouse"],
            "step 1 of",
        ),
        (
            &["--no-mouse", "play", "first-aid-calf", "--now"],
            "step 1 of",
        ),
    ] {
        let mut tui = home.tui(args, (80, 24));
        tui.wait_for(shown, WAIT);
        tui.send("\x03");
        tui.wait_exit(WAIT);
        assert!(!tui.raw().contains(ON), "{args:?} asked for the mouse");
    }
    let dir = home.config().join("limber");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("config.toml"), "mouse = false\n").unwrap_or_else(|e| panic!("{e}"));
    let mut tui = home.tui(&["cramp"], (80, 24));
    tui.wait_for("Where is the cramp?", WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    assert!(!tui.raw().contains(ON), "mouse = false asked for the mouse");
    let out = home
        .command(&["config"])
        .output()
        .unwrap_or_else(|e| panic!("limber config: {e}"));
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("mouse   off"), "{out}");
}

#[test]
fn the_log_form_takes_taps_unless_told_not_to() {
    let home = setup();
    let mut tui = home.tui(&["log"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    assert!(reporting(&tui.raw()), "the form did not ask for the mouse");
    let (x, y) = spot(&tui.screen(), "Esc cancel");
    tui.send(&sgr_tap(x, y));
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert!(!reporting(&tui.raw()), "the mouse left reported");
    assert!(tui.screen().contains("Nothing logged."), "{}", tui.screen());
    let mut tui = home.tui(&["log", "--no-mouse"], (80, 24));
    tui.wait_for("Log a cramp", WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    assert!(
        !tui.raw().contains(ON),
        "--no-mouse on the form asked for the mouse"
    );
}
