//! `limber cramp` in a pseudo-terminal: two keys (the place, the leg) to the first instruction of
//! the place's first aid, and `limber cramp calf --side left` with none. Every wait is for what
//! the screen shows, never a fixed time.

mod common;

use common::{WAIT, setup};

/// The calf first aid's first step (routines/first-aid-calf.toml).
const CALF_FIRST: &str = "No need to panic";

#[test]
fn two_keys_to_the_calf_first_aid() {
    let home = setup();
    let mut tui = home.tui(&["cramp"], (80, 24));
    tui.wait_for("Where is the cramp?", WAIT);
    tui.send("c");
    tui.wait_for("Which leg?", WAIT);
    tui.send("l");
    tui.wait_for(CALF_FIRST, WAIT);
    // The cautions stand at the top of the first step.
    assert!(tui.screen().contains("Take care:"), "{}", tui.screen());
    assert!(tui.screen().contains("3 to 5 minutes"), "{}", tui.screen());
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.assert_restored();
}

#[test]
fn place_and_side_start_with_no_key() {
    let home = setup();
    let mut tui = home.tui(&["cramp", "calf", "--side", "left"], (80, 24));
    tui.wait_for(CALF_FIRST, WAIT);
    assert!(tui.screen().contains("Take care:"), "{}", tui.screen());
    assert!(tui.screen().contains("3 to 5 minutes"), "{}", tui.screen());
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.assert_restored();
}

#[test]
fn c_in_the_list_opens_the_cramp_screen() {
    let home = setup();
    let mut tui = home.tui(&[], (80, 24));
    tui.wait_for("Calf cramp", WAIT);
    tui.send("c");
    tui.wait_for("Where is the cramp?", WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.assert_restored();
}

#[test]
fn a_broken_config_still_starts_first_aid_with_a_message() {
    let home = setup();
    let dir = home.config().join("limber");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("config.toml"),
        "volume = 40\nnight = \"sometimes\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut tui = home.tui(&["cramp", "calf", "--side", "left"], (80, 24));
    tui.wait_for(CALF_FIRST, WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.assert_restored();
    // Said again once the screen is given back, where it can be read: file:line:col.
    tui.wait_for("config.toml:2:9", WAIT);
    assert!(
        tui.screen().contains("limber uses the defaults"),
        "{}",
        tui.screen()
    );
}

/// Where the screens cannot be drawn (`TERM=dumb`), first aid still opens: the place asked in a
/// plain line, then the first aid in plain lines; a foot's cramp eased by the toes' routine is
/// offered to the diary as a foot's.
#[test]
fn a_dumb_terminal_asks_in_plain_lines() {
    let home = setup();
    let mut cmd = home.command(&["cramp"]);
    cmd.env("TERM", "dumb");
    let mut run = common::Running::spawn(&mut cmd);
    run.wait_for_line("Where is the cramp?", WAIT);
    run.type_line("c\n");
    run.wait_for_line(CALF_FIRST, WAIT);
    let shown = run.output().stdout;
    assert!(shown.contains("Caution:"), "{shown}");
    assert!(!shown.contains('\x1b'), "no escape sequences: {shown:?}");

    // With the place on the command line, no question; the routine's steps as lines.
    let mut cmd = home.command(&["cramp", "foot"]);
    cmd.env("TERM", "dumb");
    let mut run = common::Running::spawn(&mut cmd);
    run.wait_for_line("Massage the foot", WAIT);
    assert!(!run.output().stdout.contains("Where is the cramp?"));
    // Every step ended at once (Enter ends a waiting step; n skips a timed one), then the
    // offer to log names the foot (standard input is not a terminal: the line to run).
    for _ in 0..10 {
        run.type_line("n\n");
    }
    run.close_stdin();
    let (_, out) = run.finish(WAIT);
    assert!(
        out.stdout.contains("limber log --where foot"),
        "{}{}",
        out.stdout,
        out.stderr
    );
}

/// An answer that is no place is a sentence and status 2, not a guess.
#[test]
fn a_plain_answer_that_is_no_place_is_refused() {
    let home = setup();
    let mut cmd = home.command(&["cramp"]);
    cmd.env("TERM", "dumb");
    let mut run = common::Running::spawn(&mut cmd);
    run.wait_for_line("Where is the cramp?", WAIT);
    run.type_line("zz\n");
    let (status, out) = run.finish(WAIT);
    assert_eq!(status.code(), Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("'zz' is not one of the places"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_config_that_is_not_toml_still_opens_the_cramp_screen_in_two_keys() {
    let home = setup();
    home.write("config/limber/config.toml", "volume = 40\nnight = \"on\n");
    let mut tui = home.tui(&["cramp"], (80, 24));
    tui.wait_for("Where is the cramp?", WAIT);
    tui.send("c");
    tui.wait_for("Which leg?", WAIT);
    tui.send("r");
    tui.wait_for(CALF_FIRST, WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.assert_restored();
    // The mistake, with where it is, once the screen is given back.
    tui.wait_for("config.toml:2:", WAIT);
    assert!(
        tui.screen().contains("limber uses the defaults"),
        "{}",
        tui.screen()
    );
}
