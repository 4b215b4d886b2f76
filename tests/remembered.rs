//! Remembered choices (issue 16): each routine's last settings and leg are offered on its setup
//! screen the next time, `d` goes back to the routine's own defaults, and night mode's last
//! toggle is kept. On a `TestBackend` with a fake clock, then through the real binary across two
//! runs in one temporary home.

mod common;

use std::time::Instant;

use jiff::civil::date;
use limber::tui::App;
use limber::tui::app::Screen;
use limber::tui::keys::{Action, resolve};
use limber::tui::screens::Tick;
use limber::tui::view::render;
use limber_core::routine::remember::Memory;
use limber_core::routine::{Routine, SideChoice, parse_routine};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{WAIT, setup};

const STRETCH: &str = r#"
title = "Evening stretch"
summary = "Stretch each leg."
tags = ["bedtime"]

[params.hold]
default = "20s"
min = "10s"
max = "1m"

[params.rounds]
default = 2
min = 1
max = 5

[[step]]
title = "Pull the toes up"
duration = "{hold}"
repeat = "{rounds}"
sides = "both"
text = "Pull the toes towards you."
"#;

const FIRST_AID: &str = r#"
title = "Cramp first aid"
summary = "Stretch the calf until the cramp passes."
tags = ["first-aid"]

[params.hold]
default = "20s"
min = "10s"
max = "1m"

[[step]]
title = "Stretch"
duration = "{hold}"
sides = "both"
text = "Pull the toes up."
"#;

fn routine(id: &str, text: &str) -> Routine {
    parse_routine(id, text).unwrap_or_else(|e| panic!("{id}: {e:?}"))
}

fn tick(now: Instant) -> Tick {
    Tick {
        now,
        local: date(2026, 12, 1).at(22, 10, 0, 0),
        sound_lead: std::time::Duration::ZERO,
    }
}

fn press(app: &mut App, code: KeyCode, now: Instant) {
    if let Some(action) = resolve(app.mode(), &KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action, tick(now));
    }
}

fn screen(app: &App, now: Instant) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

fn setup_of(app: &App) -> &limber::tui::app::Setup {
    match &app.screen {
        Screen::Setup(setup) => setup,
        other => panic!("not on setup: {other:?}"),
    }
}

/// A fresh app (a new run of limber) that remembers `memory`.
fn next_run(memory: &Memory) -> App {
    let mut app = App::new(vec![routine("evening-stretch", STRETCH)], false, true);
    app.memory = memory.clone();
    app
}

#[test]
fn settings_and_leg_are_offered_next_time_and_d_resets_them() {
    let now = Instant::now();
    let mut app = next_run(&Memory::default());
    press(&mut app, KeyCode::Enter, now);
    let shown = screen(&app, now);
    assert!(!shown.contains("as you chose last time"), "{shown}");
    assert!(!shown.contains("d defaults"), "nothing to reset: {shown}");
    press(&mut app, KeyCode::Right, now); // hold 20s → 25s
    press(&mut app, KeyCode::Down, now);
    press(&mut app, KeyCode::Down, now);
    press(&mut app, KeyCode::Left, now); // legs: right leg only
    assert!(screen(&app, now).contains("d defaults"));
    // Leaving setup without starting remembers nothing.
    press(&mut app, KeyCode::Esc, now);
    assert!(app.remembered.is_empty());
    press(&mut app, KeyCode::Enter, now);
    assert_eq!(
        setup_of(&app).values["hold"],
        20,
        "not remembered: not started"
    );
    press(&mut app, KeyCode::Right, now);
    press(&mut app, KeyCode::Down, now);
    press(&mut app, KeyCode::Down, now);
    press(&mut app, KeyCode::Left, now);
    press(&mut app, KeyCode::Enter, now); // started
    assert!(app.run().is_some());
    let choice = app.remembered.routines["evening-stretch"]
        .clone()
        .unwrap_or_else(|| panic!("remembered"));
    assert_eq!(choice.values.len(), 1, "only what differs: {choice:?}");
    assert_eq!(choice.sides, Some(SideChoice::RightOnly));

    // The next run: setup offers them and says so.
    let mut app = next_run(&app.memory);
    press(&mut app, KeyCode::Enter, now);
    let setup = setup_of(&app);
    assert_eq!(setup.values["hold"], 25);
    assert_eq!(setup.values["rounds"], 2);
    assert_eq!(setup.sides, SideChoice::RightOnly);
    let shown = screen(&app, now);
    assert!(shown.contains("as you chose last time"), "{shown}");
    assert!(shown.contains("25s"), "{shown}");
    assert!(shown.contains("right leg only"), "{shown}");
    assert!(shown.contains("d defaults"), "{shown}");
    // d: the routine's own defaults.
    app.update(Action::Defaults, tick(now));
    let setup = setup_of(&app);
    assert_eq!(setup.values["hold"], 20);
    assert_eq!(setup.sides, SideChoice::LeftFirst);
    let shown = screen(&app, now);
    assert!(!shown.contains("as you chose last time"), "{shown}");
    assert!(!shown.contains("d defaults"), "{shown}");
    // Started with the defaults: forgotten.
    press(&mut app, KeyCode::Enter, now);
    assert_eq!(app.remembered.routines["evening-stretch"], None);
    assert!(app.memory.routines.is_empty());
}

#[test]
fn help_lists_the_reset_key() {
    let now = Instant::now();
    let mut app = next_run(&Memory::default());
    press(&mut app, KeyCode::Enter, now);
    press(&mut app, KeyCode::Char('?'), now);
    let mut found = false;
    for _ in 0..20 {
        found |= screen(&app, now).contains("back to the routine's own defaults");
        press(&mut app, KeyCode::Down, now);
    }
    assert!(found, "{}", screen(&app, now));
}

#[test]
fn stale_values_from_an_edited_routine_do_not_break_it() {
    let now = Instant::now();
    let text = "version = 1\n[routine.evening-stretch]\nlegs = \"right\"\n\
                [routine.evening-stretch.values]\nhold = 600\nrounds = 4\nold_param = 3\n";
    let memory = limber_core::routine::remember::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let mut app = next_run(&memory);
    press(&mut app, KeyCode::Enter, now);
    let setup = setup_of(&app);
    assert_eq!(
        setup.values["hold"], 20,
        "10 minutes is out of today's range"
    );
    assert_eq!(setup.values["rounds"], 4);
    assert_eq!(setup.sides, SideChoice::RightOnly);
    assert!(!setup.values.contains_key("old_param"));
    press(&mut app, KeyCode::Enter, now);
    assert!(app.run().is_some(), "it starts");
}

#[test]
fn first_aid_practice_and_the_cramp_screen_remember_nothing() {
    let now = Instant::now();
    let aid = routine("first-aid-calf", FIRST_AID);
    let mut app = App::new(vec![aid.clone()], false, true);
    // A practice run from setup.
    app.open_remembered(aid.clone(), &Default::default(), None, true, tick(now));
    press(&mut app, KeyCode::Right, now);
    press(&mut app, KeyCode::Enter, now);
    assert!(app.run().is_some_and(|r| r.practice));
    assert!(app.remembered.is_empty(), "{:?}", app.remembered);
    // First aid for a cramp: its values are kept, never its leg (the cramp's, not a liking).
    let mut app = App::new(vec![aid.clone()], false, true);
    app.open_remembered(
        aid.clone(),
        &Default::default(),
        Some(SideChoice::LeftOnly),
        false,
        tick(now),
    );
    press(&mut app, KeyCode::Right, now);
    press(&mut app, KeyCode::Enter, now);
    let choice = app.remembered.routines["first-aid-calf"]
        .clone()
        .unwrap_or_else(|| panic!("values kept"));
    assert_eq!(choice.sides, None);
    // `limber cramp`: straight to the first step, nothing chosen, nothing remembered.
    let mut app = App::new(vec![aid.clone()], false, true);
    app.start_first_aid(
        aid,
        SideChoice::RightOnly,
        limber::tui::keys::Spot::Calf,
        false,
        tick(now),
    );
    assert!(app.remembered.is_empty());
}

#[test]
fn the_night_toggle_is_kept_with_its_time() {
    let now = Instant::now();
    let mut app = App::new(Vec::new(), true, true);
    app.update(Action::Night, tick(now));
    let night = app
        .remembered
        .night
        .unwrap_or_else(|| panic!("the toggle is kept"));
    assert!(!night.on);
    assert_eq!(night.at, date(2026, 12, 1).at(22, 10, 0, 0));
}

// The real binary, twice in one home: the first run's choices are offered by the second.

/// The self-massage routine's "part" param (1m by default) and its legs: set on the command line
/// of a real run, offered by the next run's setup.
#[test]
fn the_binary_remembers_across_runs_and_d_resets() {
    let home = setup();
    let mut tui = home.tui(
        &[
            "play",
            "self-massage",
            "--side",
            "right",
            "--set",
            "part=2m",
        ],
        (100, 30),
    );
    tui.wait_for("Settings", WAIT);
    assert!(!tui.screen().contains("as you chose last time"));
    tui.send("\r");
    tui.wait_for("Sit on the bed", WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
    let file = home.diary().join("remembered.toml");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("part = 120"), "{text}");
    assert!(!text.contains("ready"), "defaults are not kept: {text}");
    assert!(text.contains("legs = \"right\""), "{text}");

    let mut tui = home.tui(&["play", "self-massage"], (100, 30));
    tui.wait_for("as you chose last time", WAIT);
    assert!(tui.screen().contains(" 2m "), "{}", tui.screen());
    assert!(tui.screen().contains("right leg only"), "{}", tui.screen());
    tui.send("d");
    tui.wait_for("both legs, left first", WAIT);
    assert!(!tui.screen().contains("as you chose last time"));
    assert!(!tui.screen().contains(" 2m "), "{}", tui.screen());
    tui.send("\x03");
    tui.wait_exit(WAIT);
    // Not started after d: still remembered.
    let again = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, text);
}

#[test]
fn a_broken_remembered_file_is_ignored_with_one_line() {
    let home = setup();
    home.write("data/limber/remembered.toml", "version = 1\n[routine\n");
    let mut tui = home.tui(&["play", "self-massage"], (100, 30));
    tui.wait_for("Settings", WAIT);
    assert!(!tui.screen().contains("as you chose last time"));
    tui.send("\x03");
    tui.wait_exit(WAIT);
    tui.wait_for("remembered.toml: line 2", WAIT);
    assert!(tui.screen().contains("ignored"), "{}", tui.screen());
}

#[test]
fn night_mode_toggled_is_kept_for_the_next_run() {
    let home = setup();
    let config = |home: &common::Home| {
        let out = home
            .command(&["config"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = config(&home);
    assert!(before.contains("by the clock"), "{before}");
    let was_on = before.contains("now on,");
    let mut tui = home.tui(&[], (80, 24));
    tui.wait_for("Routines", WAIT);
    tui.send("N");
    tui.send("q");
    tui.wait_exit(WAIT);
    let after = config(&home);
    assert!(after.contains("as N left it"), "{after}");
    assert!(after.contains("remembered.toml"), "{after}");
    assert_eq!(after.contains("now on,"), !was_on, "{after}");
}
