//! The cramp screen (`limber cramp`) on a `TestBackend` at 80×24 and 60×20: the place question,
//! then the leg question with the calf first aid's cautions; the keys drive it through the key
//! table as the event loop does.

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use limber::catalog::{Catalog, Sources};
use limber::tui::app::{App, Screen};
use limber::tui::keys::{Action, resolve};
use limber::tui::view::render;
use limber_core::diary::Place;

const SIZES: [(u16, u16); 2] = [(80, 24), (60, 20)];

fn app() -> App {
    let routines = Catalog::load(&Sources::default())
        .entries
        .into_iter()
        .map(|e| e.routine)
        .collect();
    let mut app = App::new(routines, false, false);
    app.update(Action::CrampNow, Instant::now());
    app
}

fn press(app: &mut App, code: KeyCode) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = resolve(app.mode(), &event) {
        app.update(action, Instant::now());
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
    for y in 0..h {
        let line: String = (0..w).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn where_is_the_cramp() {
    let app = app();
    for size in SIZES {
        let shown = screen(&app, size);
        for word in [
            "Where is the cramp?",
            "calf",
            "back of the thigh",
            "swimming",
        ] {
            assert!(shown.contains(word), "{word} at {size:?}:\n{shown}");
        }
        insta::assert_snapshot!(format!("cramp_where_{}x{}", size.0, size.1), shown);
    }
}

#[test]
fn which_leg() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    for size in SIZES {
        let shown = screen(&app, size);
        assert!(shown.contains("Which leg? (calf)"), "{shown}");
        insta::assert_snapshot!(format!("cramp_leg_{}x{}", size.0, size.1), shown);
    }
}

/// The cautions are not a screen to get past: they stand at the top of the first step, with
/// its instruction, and go with it.
#[test]
fn the_cautions_stand_on_the_first_step() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('l'));
    for size in SIZES {
        let shown = screen(&app, size);
        let care = shown
            .find("Take care:")
            .unwrap_or_else(|| panic!("no cautions at {size:?}:\n{shown}"));
        assert!(shown.contains("3 to 5 minutes"), "{size:?}:\n{shown}");
        let first = shown
            .find("Breathe")
            .unwrap_or_else(|| panic!("no first step at {size:?}:\n{shown}"));
        assert!(care < first, "the cautions come first:\n{shown}");
    }
    // At 80x24 the first instruction is on screen with them, nothing to scroll.
    let shown = screen(&app, (80, 24));
    assert!(shown.contains("No need to panic"), "{shown}");
    insta::assert_snapshot!("cramp_first_step_80x24", shown);
    // The next step has its own words only.
    press(&mut app, KeyCode::Char('n'));
    let next = screen(&app, (80, 24));
    assert!(!next.contains("Take care:"), "{next}");
}

#[test]
fn the_leg_starts_the_first_aid_and_esc_goes_back() {
    let mut app = app();
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen, Screen::Cramp(_)),
        "Esc: back to the places"
    );
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Enter);
    let run = app.run().unwrap_or_else(|| panic!("a run"));
    assert_eq!(run.routine.id, "first-aid-thigh-back");
    let mut app = self::app();
    press(&mut app, KeyCode::Char('h'));
    let run = app
        .run()
        .unwrap_or_else(|| panic!("the hand has no leg question"));
    assert_eq!(run.routine.id, "first-aid-hand");
}

/// A foot has no first aid of its own (the toes' routine eases it), but the cramp was in the
/// foot: the log form offered after it says foot, not toes. The toes say toes.
#[test]
fn the_log_after_first_aid_keeps_the_place_chosen() {
    for (key, place) in [('f', Place::Foot), ('t', Place::Toes), ('c', Place::Calf)] {
        let mut app = app();
        press(&mut app, KeyCode::Char(key));
        press(&mut app, KeyCode::Char('l'));
        let run = app.run().unwrap_or_else(|| panic!("a run for {key}"));
        assert_eq!(run.place, Some(place), "{key}");
        for _ in 0..50 {
            if matches!(app.screen, Screen::Finish(_)) {
                break;
            }
            press(&mut app, KeyCode::Char('n'));
        }
        let Screen::Finish(finish) = &app.screen else {
            panic!("not finished after skipping every step: {:?}", app.mode());
        };
        assert!(finish.offer, "first aid offers to log the cramp");
        press(&mut app, KeyCode::Char('l'));
        let Screen::Log(log) = &app.screen else {
            panic!("no log form: {:?}", app.mode());
        };
        assert_eq!(log.form.place, Some(place), "{key}");
    }
}
