//! The `d` screen over a real diary: the entries under the chart, Enter corrects one in the log
//! form, `x` deletes it and `u` brings it back. The app runs on a TestBackend; its commands are
//! carried out against a SQLite diary in a temporary folder, as the event loop does.

use std::time::{Duration, Instant};

use jiff::civil::{DateTime, date};
use limber::commands::play::StoreDiary;
use limber::store::{NewCramp, Place, Side, Situation, Store, Strength};
use limber::tui::app::{Field, Screen};
use limber::tui::keys::resolve;
use limber::tui::screens::Tick;
use limber::tui::view::render;
use limber::tui::{App, Command, Diary};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Monday 3 Feb 2025, 07:40.
fn local() -> DateTime {
    date(2025, 2, 3).at(7, 40, 0, 0)
}

fn tick() -> Tick {
    Tick {
        local: local(),
        ..Tick::from(Instant::now())
    }
}

/// Carries out the app's commands against the diary, feeding the answers back.
fn run(app: &mut App, diary: &mut StoreDiary, commands: Vec<Command>) {
    let mut queue = std::collections::VecDeque::from(commands);
    while let Some(command) = queue.pop_front() {
        match command {
            Command::SaveCramp(c) => {
                let saved = diary.record_cramp(&c);
                queue.extend(app.cramp_saved(saved));
            }
            Command::ChangeCramp(id, change) => {
                let saved = diary.change_cramp(id, &change);
                queue.extend(app.cramp_changed(&change, saved));
            }
            Command::LoadReport(now) => {
                let loaded = diary.report(now);
                queue.extend(app.report_loaded(loaded));
            }
            other => panic!("unexpected command {other:?}"),
        }
    }
}

fn press(app: &mut App, diary: &mut StoreDiary, code: KeyCode) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = resolve(app.mode(), &event) {
        let commands = app.update(action, tick());
        run(app, diary, commands);
    }
}

fn screen(app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, Instant::now(), None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// A diary with three cramps (1 oldest, 3 newest) and the app on its `d` screen.
fn on_the_diary_screen() -> (tempfile::TempDir, StoreDiary, App) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    for (day, place, note) in [
        (30, Place::Calf, "after a long walk"),
        (31, Place::Foot, ""),
        (1, Place::Toes, "woke me"),
    ] {
        let month = if day == 1 { 2 } else { 1 };
        store
            .record_cramp(&NewCramp {
                at: date(2025, month, day).at(3, 0, 0, 0),
                situation: Some(Situation::Night),
                place,
                side: Side::Left,
                strength: Strength::Strong,
                lasted: Some(Duration::from_secs(120)),
                helped: String::new(),
                note: note.into(),
                session: None,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    drop(store);
    let mut diary = StoreDiary {
        data: Some(dir.path().to_path_buf()),
    };
    let mut app = App::new(Vec::new(), false, true);
    press(&mut app, &mut diary, KeyCode::Char('d'));
    assert!(matches!(app.screen, Screen::Report(_)), "d opens the diary");
    (dir, diary, app)
}

fn total(app: &App) -> usize {
    match &app.screen {
        Screen::Report(view) => view.report.as_ref().map_or(0, |r| r.total()),
        _ => panic!("not on the diary screen"),
    }
}

#[test]
fn the_entries_are_listed_under_the_chart_newest_first() {
    let (_dir, _diary, app) = on_the_diary_screen();
    let shown = screen(&app, (100, 40));
    let list = shown
        .find("Entries, newest first (3):")
        .unwrap_or_else(|| panic!("no list:\n{shown}"));
    let chart = shown
        .find("Cramps per night")
        .unwrap_or_else(|| panic!("no chart:\n{shown}"));
    assert!(chart < list, "the list is under the chart:\n{shown}");
    let three = shown.find("3  Sat 1 Feb 03:00  toes, left, strong, 2m  woke me");
    let one = shown.find("1  Thu 30 Jan 03:00  calf, left, strong, 2m  after a long walk");
    assert!(
        matches!((three, one), (Some(a), Some(b)) if a < b),
        "newest first, with notes:\n{shown}"
    );
}

#[test]
fn enter_corrects_the_chosen_entry_in_the_log_form() {
    let (_dir, mut diary, mut app) = on_the_diary_screen();
    // ↓ chooses entry 2 (the foot), Enter opens it in the form, filled in.
    press(&mut app, &mut diary, KeyCode::Down);
    press(&mut app, &mut diary, KeyCode::Enter);
    let Screen::Log(log) = &app.screen else {
        panic!("Enter opens the form")
    };
    assert_eq!(log.form.editing, Some(2));
    assert_eq!(log.form.place, Some(Place::Foot));
    assert_eq!(log.form.when, "2025-01-31 03:00");
    assert_eq!(log.form.focus, Field::When);
    assert!(screen(&app, (80, 24)).contains("Correct entry 2"));
    // Where: foot → calf; side stays; strength: weak; then save.
    for code in [
        KeyCode::Tab,
        KeyCode::Char('c'),
        KeyCode::Tab,
        KeyCode::Tab,
        KeyCode::Char('w'),
        KeyCode::Enter,
    ] {
        press(&mut app, &mut diary, code);
    }
    assert!(matches!(app.screen, Screen::Report(_)), "back on the diary");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text == "Entry 2 corrected."),
        "{:?}",
        app.notice
    );
    assert_eq!(total(&app), 3, "corrected, not added");
    let cramps = diary
        .report(local())
        .map(|(r, _)| r.cramps)
        .unwrap_or_default();
    let two = cramps.iter().find(|c| c.id == 2).map(|c| &c.entry);
    assert!(
        two.is_some_and(|e| e.place == Place::Calf
            && e.strength == Strength::Weak
            && e.side == Side::Left
            && e.at == date(2025, 1, 31).at(3, 0, 0, 0)),
        "{two:?}"
    );
}

#[test]
fn x_deletes_and_u_brings_it_back() {
    let (dir, mut diary, mut app) = on_the_diary_screen();
    assert_eq!(total(&app), 3);
    press(&mut app, &mut diary, KeyCode::Char('x'));
    assert_eq!(total(&app), 2, "gone from the report at once");
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text == "Deleted entry 3: u brings it back."),
        "{:?}",
        app.notice
    );
    assert!(!screen(&app, (100, 40)).contains("woke me"));
    // Kept in the file, only marked.
    let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(store.cramp(3), Ok(Some((_, true)))));
    drop(store);

    press(&mut app, &mut diary, KeyCode::Char('u'));
    assert_eq!(total(&app), 3);
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text == "Entry 3 is back.")
    );
    assert!(screen(&app, (100, 40)).contains("woke me"));
    // Nothing more to undo.
    press(&mut app, &mut diary, KeyCode::Char('u'));
    assert_eq!(total(&app), 3);
}
