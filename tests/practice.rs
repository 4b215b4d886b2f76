//! Practice mode (issue 16): first aid rehearsed with no cramp. On the app with a fake clock,
//! each step that waits "until it passes" ends by itself after the hold, with no cramp warning
//! and no offer to log a cramp, and the run goes to the diary as practice; from the list (`p`),
//! from setup (`p`), and from the command line (`--practice`, `--plain --practice`), where the
//! report counts it apart.

mod common;

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::Clock;
use limber::catalog::{Catalog, Sources};
use limber::store::NewSession;
use limber::tui::app::{App, Command, Screen};
use limber::tui::keys::resolve;
use limber::tui::view::render;
use limber_core::player::Effect;
use limber_core::routine::practice::{HOLD_DEFAULT, HOLD_PARAM};

fn catalog() -> Vec<limber_core::routine::Routine> {
    Catalog::load(&Sources::default())
        .entries
        .into_iter()
        .map(|e| e.routine)
        .collect()
}

fn press(app: &mut App, code: KeyCode, at: Instant) -> Vec<Command> {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    match resolve(app.mode(), &event) {
        Some(action) => app.update(action, at),
        None => Vec::new(),
    }
}

fn screen(app: &App, (w, h): (u16, u16), now: Instant) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn warnings(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Played(played) => Some(played.effects.iter()),
            _ => None,
        })
        .flatten()
        .filter_map(|e| match e {
            Effect::Warning(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn sessions(commands: &[Command]) -> Vec<NewSession> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::RecordSession(s) => Some((**s).clone()),
            _ => None,
        })
        .collect()
}

/// The calf's first aid (breathe 15 s, stretch until it passes with a warning after 5 min,
/// massage 1 min, warm 2 min, walk 2 min, legs up 5 min), practised from the list: `p`, `c`, `l`.
#[test]
fn practice_from_the_list_ends_each_wait_by_itself_with_no_warning_and_no_log_offer() {
    let clock = Clock::new();
    let mut app = App::new(catalog(), false, false);
    let mut commands = press(&mut app, KeyCode::Char('p'), clock.at(0.0));
    let asked = screen(&app, (80, 24), clock.at(0.0));
    assert!(
        asked.contains("Practise first aid (no cramp now): for which place?"),
        "{asked}"
    );
    commands.extend(press(&mut app, KeyCode::Char('c'), clock.at(0.0)));
    commands.extend(press(&mut app, KeyCode::Char('l'), clock.at(0.0)));
    let Screen::Timer(run) = &app.screen else {
        panic!("the first aid did not start: {:?}", app.mode());
    };
    assert!(run.practice);
    assert_eq!(run.routine.id, "first-aid-calf");
    assert_eq!(run.values.get(HOLD_PARAM), Some(&HOLD_DEFAULT));

    // The stretch: a 30 s hold, counting down, that says it is practice.
    commands.extend(app.tick(clock.at(16.0)));
    let shown = screen(&app, (80, 24), clock.at(16.0));
    assert!(shown.contains("PRACTICE"), "{shown}");
    assert!(shown.contains("Stretch the calf"), "{shown}");
    assert!(
        shown.contains("Practice: this step ends by itself after 30s"),
        "{shown}"
    );
    assert!(
        !shown.contains("Enter when the cramp has passed"),
        "{shown}"
    );
    // Whose the hold is, is for choosing (the hold's help on setup), not for the step.
    assert!(!shown.contains("limber's choice"), "{shown}");
    assert_eq!(app.run().map(|r| r.player.index()), Some(1));
    // It ends by itself at 15 + 30 s, with no key.
    commands.extend(app.tick(clock.at(44.9)));
    assert_eq!(app.run().map(|r| r.player.index()), Some(1));
    commands.extend(app.tick(clock.at(45.0)));
    assert_eq!(app.run().map(|r| r.player.index()), Some(2));
    // Well past where a real cramp would warn (5 minutes), and to the end.
    commands.extend(app.tick(clock.at(400.0)));
    commands.extend(app.tick(clock.at(15.0 + 30.0 + 60.0 + 120.0 + 120.0 + 300.0)));
    assert!(warnings(&commands).is_empty(), "{:?}", warnings(&commands));

    let Screen::Finish(finish) = &app.screen else {
        panic!("not finished: {:?}", app.mode());
    };
    assert!(!finish.offer, "a rehearsal offers no cramp to log");
    assert!(finish.summary.manual.is_zero());
    let done = screen(&app, (80, 24), clock.at(700.0));
    assert!(done.contains("(practice)"), "{done}");
    assert!(!done.contains("Log this cramp"), "{done}");
    assert!(!done.contains("until it passed"), "{done}");
    // `l` on the finish screen does nothing: there is no cramp.
    press(&mut app, KeyCode::Char('l'), clock.at(700.0));
    assert!(matches!(app.screen, Screen::Finish(_)));

    let saved = sessions(&commands);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].practice);
    assert_eq!(saved[0].routine_id, "first-aid-calf");
    assert_eq!(saved[0].params[HOLD_PARAM], 30);
    assert!(app.runs.iter().all(|r| r.practice));
}

/// On setup, `p` turns practice on (the hold appears as limber's setting) and off again.
#[test]
fn setup_turns_practice_on_and_off() {
    let clock = Clock::new();
    let routines = catalog();
    let calf = routines
        .iter()
        .find(|r| r.id == "first-aid-calf")
        .cloned()
        .unwrap_or_else(|| panic!("no first-aid-calf"));
    let mut app = App::new(routines, false, false);
    let values = calf.default_values();
    app.open(calf, values, Default::default(), clock.at(0.0));
    let before = screen(&app, (100, 30), clock.at(0.0));
    assert!(before.contains("p practise"), "{before}");
    assert!(!before.contains("Practice hold"), "{before}");

    press(&mut app, KeyCode::Char('p'), clock.at(0.0));
    let on = screen(&app, (100, 30), clock.at(0.0));
    assert!(on.contains("practice, no cramp now"), "{on}");
    assert!(on.contains("Practice hold"), "{on}");
    assert!(on.contains("this is limber's choice"), "{on}");
    assert!(on.contains("p for a cramp"), "{on}");

    press(&mut app, KeyCode::Char('p'), clock.at(0.0));
    let off = screen(&app, (100, 30), clock.at(0.0));
    assert!(!off.contains("Practice hold"), "{off}");
    assert!(off.contains("before you start"), "{off}");

    // On again, and Enter starts the rehearsal.
    press(&mut app, KeyCode::Char('p'), clock.at(0.0));
    let commands = press(&mut app, KeyCode::Enter, clock.at(0.0));
    assert!(!commands.is_empty());
    assert!(
        app.run()
            .is_some_and(|r| r.practice && r.player.plan().practice)
    );
}

/// A routine that is not first aid has nothing to practise: setup says so and stays.
#[test]
fn only_first_aid_can_be_practised_on_setup() {
    let clock = Clock::new();
    let routines = catalog();
    let bath = routines
        .iter()
        .find(|r| r.id == "contrast-bath")
        .cloned()
        .unwrap_or_else(|| panic!("no contrast-bath"));
    let mut app = App::new(routines, false, false);
    let values = bath.default_values();
    app.open(bath, values, Default::default(), clock.at(0.0));
    assert!(!screen(&app, (100, 30), clock.at(0.0)).contains("practise"));
    press(&mut app, KeyCode::Char('p'), clock.at(0.0));
    let Screen::Setup(setup) = &app.screen else {
        panic!("left setup");
    };
    assert!(!setup.practice);
    assert!(
        setup
            .error
            .as_deref()
            .is_some_and(|e| e.contains("first aid"))
    );
}

const DRILL: &str = r#"
title = "Practice drill"
summary = "A first-aid drill for the tests."
tags = ["first-aid"]
caution = ["A cramp that lasts more than 3 to 5 minutes needs a doctor."]

[[step]]
title = "Pull the toes"
warn_after = "1s"
warn = "This cramp has lasted too long."
text = "Pull the toes towards you. Go on when the cramp has passed."
"#;

/// `--plain --practice`: said at the start, no warning, no offer to log; the diary and the
/// report count it as practice, apart from the routines played for a cramp.
#[test]
fn plain_practice_is_saved_and_reported_as_practice() {
    let home = common::setup();
    home.routine("drill.toml", DRILL);
    let routines = home.routines();
    let mut run = common::Running::spawn(&mut home.command(&[
        "play",
        "drill",
        "--plain",
        "--practice",
        "--set",
        "practice_hold=10s",
        "--routines",
        &routines.to_string_lossy(),
    ]));
    run.wait_for_line("Pull the toes", common::WAIT);
    run.type_line("n\n");
    let (status, out) = run.finish(common::WAIT);
    assert!(status.success(), "{out:?}");
    let stdout = &out.stdout;
    assert!(stdout.contains("Practice, with no cramp now"), "{stdout}");
    assert!(
        stdout.contains("Practice: this step ends by itself after 10s"),
        "{stdout}"
    );
    assert!(!stdout.contains("press Enter when done"), "{stdout}");
    assert!(!stdout.contains("! This cramp"), "{stdout}");
    assert!(!stdout.contains("log this cramp"), "{stdout}");
    assert!(!stdout.contains("To log this cramp"), "{stdout}");

    let report = home
        .command(&["report"])
        .output()
        .unwrap_or_else(|e| panic!("report: {e}"));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        text.contains("0 routines played; first aid practised 1 time (no cramp)."),
        "{text}"
    );
    assert!(text.contains("First aid practised (no cramp):"), "{text}");
    let csv = home
        .command(&["report", "--format", "csv"])
        .output()
        .unwrap_or_else(|e| panic!("report: {e}"));
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("practice,")),
        "{csv}"
    );
}

#[test]
fn practice_is_for_first_aid_only() {
    let home = common::setup();
    let out = home
        .command(&["play", "bedtime-legs", "--plain", "--practice"])
        .output()
        .unwrap_or_else(|e| panic!("play: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`bedtime-legs` is not first aid"), "{err}");
    // A wrong hold is a wrong --set, with its range.
    let out = home
        .command(&[
            "play",
            "first-aid-calf",
            "--plain",
            "--practice",
            "--set",
            "practice_hold=1h",
        ])
        .output()
        .unwrap_or_else(|e| panic!("play: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("10s to 2m"), "{err}");
}

/// A diary from before practice (schema 2) is read as it is by `limber report` (its runs are
/// real), and migrated on the next write: the old run stays real, a practice run is practice.
#[test]
fn an_older_diary_reads_its_runs_as_real_and_migrates() {
    use limber::store::db::{APPLICATION_ID, DB_FILE, SCHEMA_VERSION, Store};
    let home = common::setup();
    let dir = home.path().join("diary");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch(
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, routine_id TEXT NOT NULL,
            title TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL,
            outcome TEXT NOT NULL, steps_done INTEGER NOT NULL, steps_skipped INTEGER NOT NULL,
            params TEXT NOT NULL DEFAULT 'null', recorded_at TEXT NOT NULL);
         CREATE TABLE cramps (id INTEGER PRIMARY KEY, at TEXT NOT NULL, situation TEXT,
            place TEXT NOT NULL, side TEXT NOT NULL, strength TEXT NOT NULL, lasted_s INTEGER,
            helped TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
            session_id INTEGER, recorded_at TEXT NOT NULL, deleted_at TEXT);",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let today = jiff::Zoned::now().date();
    conn.execute(
        "INSERT INTO sessions (routine_id, title, started_at, ended_at, outcome, steps_done,
                               steps_skipped, recorded_at)
         VALUES ('first-aid-calf', 'Calf', ?1, ?1, 'completed', 6, 0, '2025-01-01T00:00:00Z')",
        [format!("{today}T02:30:00")],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap_or_else(|e| panic!("{e}"));
    conn.pragma_update(None, "user_version", 2)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);

    let report = home
        .command(&["report", "--data", &dir.to_string_lossy()])
        .output()
        .unwrap_or_else(|e| panic!("report: {e}"));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        text.contains(", 1 routine played.\n"),
        "{text}{:?}",
        report.stderr
    );

    let mut store = Store::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.schema_version().ok(), Some(SCHEMA_VERSION));
    let mut practice = store
        .sessions(None)
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0)
        .entry;
    assert!(!practice.practice);
    practice.practice = true;
    store
        .record_session(&practice)
        .unwrap_or_else(|e| panic!("{e}"));
    let read: Vec<bool> = store
        .sessions(None)
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|s| s.entry.practice)
        .collect();
    assert_eq!(read, [false, true]);
}
