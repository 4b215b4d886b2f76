//! Touch and mouse on a `TestBackend`: crossterm pointer events go through the same entry point
//! as in the event loop (`App::pointer`, then `App::update`), at places found in what the last
//! frame drew, so a tap is always aimed at a word on screen.

mod common;

use common::screen::bundled;

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use limber::tui::App;
use limber::tui::app::{Overlay, Screen};
use limber::tui::keys::Action;
use limber::tui::view::render;
use limber_core::player::Phase;
use limber_core::routine::{Routine, SideChoice, parse_routine};

/// A timed step, a step that waits for the person, and a step whose words cannot fit.
const TAPS: &str = r#"
title = "Taps"
summary = "A routine to tap at."

[[step]]
title = "Hold the stretch"
duration = "30s"
text = "Keep the knee straight."

[[step]]
title = "Wait until it passes"
text = "Breathe slowly."

[[step]]
title = "A long step"
duration = "1m"
text = """
One. Pull the toes up towards you and hold.
Two. Keep the knee straight and the heel down.
Three. Breathe out slowly while you hold.
Four. Let go a little if it hurts.
Five. Pull again, gently.
Six. Hold while you count to ten.
Seven. Let go slowly.
Eight. Shake the foot loose.
Nine. Stand up if you can.
Ten. Walk a few steps.
Eleven. Sit down again.
Twelve. The last line of the step."""
"#;

struct Screen_ {
    rows: Vec<String>,
}

impl Screen_ {
    /// Where `word` is drawn (its first cell), searching the rows from the top.
    fn find(&self, word: &str) -> Option<(u16, u16)> {
        self.rows.iter().enumerate().find_map(|(y, row)| {
            let byte = row.find(word)?;
            let x = row[..byte].chars().count();
            Some((u16::try_from(x).ok()?, u16::try_from(y).ok()?))
        })
    }

    /// Where `word` is in the bottom row (the footer of keys).
    fn in_footer(&self, word: &str) -> (u16, u16) {
        let y = self.rows.len() - 1;
        let row = &self.rows[y];
        let byte = row
            .find(word)
            .unwrap_or_else(|| panic!("{word:?} not in the footer: {row}"));
        let x = row[..byte].chars().count();
        (u16::try_from(x).unwrap_or(0), u16::try_from(y).unwrap_or(0))
    }

    #[track_caller]
    fn at(&self, word: &str) -> (u16, u16) {
        self.find(word)
            .unwrap_or_else(|| panic!("{word:?} not on screen:\n{}", self.text()))
    }

    fn text(&self) -> String {
        self.rows.join("\n")
    }
}

/// Draws the app as the loop does (which records where everything is) and returns the screen.
fn draw(app: &App, now: Instant, (w, h): (u16, u16)) -> Screen_ {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    let rows = (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect();
    Screen_ { rows }
}

fn event(kind: MouseEventKind, (column, row): (u16, u16)) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// A pointer event the way the event loop handles it: what the last frame drew there, then the
/// app. Whether it asked for anything.
fn pointer(app: &mut App, event: MouseEvent, now: Instant) -> bool {
    match app.pointer(&event) {
        Some(action) => {
            app.update(action, now);
            true
        }
        None => false,
    }
}

fn tap(app: &mut App, at: (u16, u16), now: Instant) -> bool {
    pointer(app, event(MouseEventKind::Down(MouseButton::Left), at), now)
}

fn wheel_down(app: &mut App, at: (u16, u16), now: Instant) -> bool {
    pointer(app, event(MouseEventKind::ScrollDown, at), now)
}

fn wheel_up(app: &mut App, at: (u16, u16), now: Instant) -> bool {
    pointer(app, event(MouseEventKind::ScrollUp, at), now)
}

fn taps_routine() -> Routine {
    parse_routine("taps", TAPS).unwrap_or_else(|e| panic!("taps: {e:?}"))
}

fn playing(t0: Instant) -> App {
    let mut app = App::new(vec![taps_routine()], false, true);
    let routine = taps_routine();
    let values = routine.default_values();
    app.start(routine, values, SideChoice::LeftFirst, t0);
    app
}

fn phase(app: &App) -> Option<Phase> {
    app.run().map(|r| r.player.phase())
}

fn title(app: &App) -> String {
    app.run()
        .and_then(|r| r.player.stage())
        .map(|s| s.title.clone())
        .unwrap_or_default()
}

#[test]
fn a_tap_on_the_timer_pauses_and_resumes() {
    let t0 = Instant::now();
    let mut app = playing(t0);
    for size in [(80, 24), (40, 12)] {
        let shown = draw(&app, t0, size);
        let words = shown.at("Keep the knee");
        assert!(tap(&mut app, words, t0));
        assert_eq!(phase(&app), Some(Phase::Paused), "{}", shown.text());
        let shown = draw(&app, t0, size);
        assert!(shown.text().contains("PAUSED"), "{}", shown.text());
        // Anywhere on the timer's body, not only on its words.
        assert!(tap(&mut app, (1, 2), t0));
        assert_eq!(phase(&app), Some(Phase::Running));
    }
}

#[test]
fn a_tap_ends_a_step_that_waits() {
    let t0 = Instant::now();
    let mut app = playing(t0);
    app.update(Action::Next, t0);
    assert_eq!(title(&app), "Wait until it passes");
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.at("Breathe slowly"), t0));
    assert_eq!(title(&app), "A long step");
    assert_eq!(phase(&app), Some(Phase::Running));
}

#[test]
fn taps_on_the_footer_press_its_keys() {
    let t0 = Instant::now();
    let mut app = playing(t0);
    let shown = draw(&app, t0, (80, 24));
    // The word of a key and the key itself both press it.
    assert!(tap(&mut app, shown.in_footer("next"), t0));
    assert_eq!(title(&app), "Wait until it passes");
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("back"), t0));
    assert_eq!(title(&app), "Hold the stretch");
    // The first word says what Space does now.
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("Space"), t0));
    assert_eq!(phase(&app), Some(Phase::Paused));
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("resume"), t0));
    assert_eq!(phase(&app), Some(Phase::Running));
    // Quit asks first; under the question only its answers take taps.
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("quit"), t0));
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    let shown = draw(&app, t0, (80, 24));
    assert!(!tap(&mut app, (1, 2), t0), "the timer behind is not tapped");
    // The clock stands still while the question is asked.
    assert_eq!(phase(&app), Some(Phase::Paused));
    assert!(tap(&mut app, shown.at("go on"), t0));
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(phase(&app), Some(Phase::Running));
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("quit"), t0));
    let shown = draw(&app, t0, (80, 24));
    let (x, y) = shown.at("y quit");
    assert!(tap(&mut app, (x, y), t0));
    assert!(app.quit);
    // The separators between the words are nothing.
    let mut app = playing(t0);
    let shown = draw(&app, t0, (80, 24));
    assert!(!tap(&mut app, shown.in_footer("·"), t0));
}

#[test]
fn taps_on_the_footer_work_on_every_screen() {
    let t0 = Instant::now();
    // The list: `? help` opens help, whose `close` closes it.
    let mut app = App::new(bundled(), false, true);
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("help"), t0));
    assert!(matches!(app.overlay, Overlay::Help(_)));
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("close"), t0));
    assert_eq!(app.overlay, Overlay::None);
    // The list's `diary` opens the report, whose `back` leaves it.
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("diary"), t0));
    assert!(matches!(app.screen, Screen::Report(_)));
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("back"), t0));
    assert!(matches!(app.screen, Screen::Picker));
    // The cramp screen's `back`.
    app.update(Action::CrampNow, t0);
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.in_footer("back"), t0));
    assert!(matches!(app.screen, Screen::Picker));
}

#[test]
fn nothing_drawn_there_means_nothing() {
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    // Before any frame nothing is known.
    assert!(!tap(&mut app, (3, 3), t0));
    assert!(!wheel_down(&mut app, (3, 3), t0));
    // A release, a move or another button ask for nothing.
    draw(&app, t0, (80, 24));
    for kind in [
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Moved,
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Drag(MouseButton::Left),
    ] {
        assert_eq!(app.pointer(&event(kind, (3, 3))), None, "{kind:?}");
    }
}

#[test]
fn the_wheel_scrolls_a_long_step() {
    let t0 = Instant::now();
    let mut app = playing(t0);
    app.update(Action::Next, t0);
    app.update(Action::Next, t0);
    assert_eq!(title(&app), "A long step");
    let size = (60, 16);
    let shown = draw(&app, t0, size);
    assert!(shown.find("The last line").is_none(), "{}", shown.text());
    assert!(shown.text().contains("more below"), "{}", shown.text());
    let words = shown.at("One. Pull");
    let mut turns = 0;
    while draw(&app, t0, size).find("The last line").is_none() {
        assert!(wheel_down(&mut app, words, t0));
        turns += 1;
        assert!(turns < 30, "the wheel never reached the end");
    }
    let shown = draw(&app, t0, size);
    assert!(shown.find("A long step").is_none(), "{}", shown.text());
    // Scrolling is not a tap: the step still runs.
    assert_eq!(phase(&app), Some(Phase::Running));
    for _ in 0..turns {
        assert!(wheel_up(&mut app, words, t0));
    }
    assert!(draw(&app, t0, size).find("A long step").is_some());
    // A tap on the marker turns a page.
    let shown = draw(&app, t0, size);
    assert!(tap(&mut app, shown.at("more below"), t0));
    let shown = draw(&app, t0, size);
    assert!(shown.find("A long step").is_none(), "{}", shown.text());
    assert_eq!(phase(&app), Some(Phase::Running));
}

/// Two settings and a choice of legs.
const SETTINGS: &str = r#"
title = "Settings to tap"
summary = "Two settings and the legs."

[params.hold]
default = "20s"
min = "10s"
max = "1m"
help = "How long to hold each stretch."

[params.rounds]
default = 2
min = 1
max = 5
help = "How many times to stretch each leg."

[[step]]
title = "Stretch"
duration = "{hold}"
repeat = "{rounds}"
sides = "both"
text = "Stretch."
"#;

#[test]
fn a_click_chooses_in_the_list_and_a_second_opens() {
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let size = (100, 30);
    let shown = draw(&app, t0, size);
    let first = app.picker.selected;
    // The third routine shown, by its title on screen.
    let visible = app.visible();
    let third = app.picker.catalog[visible[2]].title.clone();
    let third: String = third.chars().take(16).collect();
    let at = shown.at(&third);
    assert!(tap(&mut app, at, t0));
    assert_eq!(app.picker.selected, 2, "{}", shown.text());
    assert!(matches!(app.screen, Screen::Picker));
    assert_ne!(first, 2);
    // Its preview shows; a second tap on it opens it.
    let shown = draw(&app, t0, size);
    assert!(
        shown.text().matches(third.as_str()).count() >= 2,
        "{}",
        shown.text()
    );
    assert!(tap(&mut app, at, t0));
    assert!(
        !matches!(app.screen, Screen::Picker),
        "the second tap did not open {third}"
    );
}

#[test]
fn the_wheel_moves_through_the_list() {
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    let size = (100, 30);
    let shown = draw(&app, t0, size);
    let at = shown.at("Routines (");
    let below = (at.0 + 2, at.1 + 2);
    for n in 1..=3 {
        assert!(wheel_down(&mut app, below, t0));
        draw(&app, t0, size);
        assert_eq!(app.picker.selected, n);
    }
    assert!(wheel_up(&mut app, below, t0));
    assert_eq!(app.picker.selected, 2);
    // Far down the list, the rows drawn are still the rows tapped.
    for _ in 0..30 {
        wheel_down(&mut app, below, t0);
        draw(&app, t0, size);
    }
    // The last two entries of the list are routines (the rehearsal entry sits near the top).
    let last = app.picker.items().len() - 1;
    assert_eq!(app.picker.selected, last);
    let shown = draw(&app, t0, size);
    let visible = app.visible();
    let earlier = app.picker.catalog[visible[visible.len() - 2]].title.clone();
    let earlier: String = earlier.chars().take(16).collect();
    assert!(tap(&mut app, shown.at(&earlier), t0));
    assert_eq!(app.picker.selected, last - 1);
}

#[test]
fn a_click_chooses_a_setting_and_its_arrows_change_it() {
    let t0 = Instant::now();
    let routine = parse_routine("settings", SETTINGS).unwrap_or_else(|e| panic!("{e:?}"));
    let mut app = App::new(vec![routine.clone()], false, true);
    let values = routine.default_values();
    app.open(routine, values, SideChoice::LeftFirst, t0);
    let setup = |app: &App| match &app.screen {
        Screen::Setup(setup) => (**setup).clone(),
        _ => panic!("not on setup"),
    };
    for size in [(80, 24), (44, 16)] {
        app.update(Action::Up, t0);
        app.update(Action::Up, t0);
        assert_eq!(setup(&app).field, 0);
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("rounds"), t0));
        assert_eq!(setup(&app).field, 1, "{}", shown.text());
        // Its help line is part of it too; so are the legs.
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("How long to hold"), t0));
        assert_eq!(setup(&app).field, 0, "{}", shown.text());
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at(SideChoice::LeftFirst.label()), t0));
        assert_eq!(setup(&app).field, 2);
        // ◂ and ▸ on the chosen setting give less and more.
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("rounds"), t0));
        let before = setup(&app).values["rounds"];
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("▸"), t0));
        assert_eq!(setup(&app).values["rounds"], before + 1);
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("◂"), t0));
        assert_eq!(setup(&app).values["rounds"], before);
        // The wheel moves between the settings.
        let shown = draw(&app, t0, size);
        assert!(wheel_down(&mut app, shown.at("rounds"), t0));
        assert_eq!(setup(&app).field, 2);
        // A tap on a setting never starts the routine.
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at(SideChoice::LeftFirst.label()), t0));
        assert!(matches!(app.screen, Screen::Setup(_)));
    }
}

#[test]
fn taps_choose_the_place_and_the_leg() {
    let t0 = Instant::now();
    for (size, leg, sides) in [
        ((80, 24), "right", SideChoice::RightOnly),
        ((40, 12), "left", SideChoice::LeftOnly),
        ((60, 20), "not sure", SideChoice::default()),
    ] {
        let mut app = App::new(bundled(), false, true);
        app.update(Action::CrampNow, t0);
        let shown = draw(&app, t0, size);
        assert!(tap(&mut app, shown.at("back of the thigh"), t0));
        let shown = draw(&app, t0, size);
        assert!(shown.text().contains("Which leg?"), "{}", shown.text());
        // The leg line under the question (the footer has the same words).
        let (x, y) = shown.at(&format!(" {leg}"));
        assert!(y < size.1 - 1, "{}", shown.text());
        assert!(tap(&mut app, (x + 1, y), t0));
        let run = app
            .run()
            .unwrap_or_else(|| panic!("no first aid at {size:?}"));
        assert_eq!(run.routine.id, "first-aid-thigh-back");
        assert_eq!(run.sides, sides, "{size:?}");
    }
    // A place with no leg starts at once.
    let mut app = App::new(bundled(), false, true);
    app.update(Action::CrampNow, t0);
    let shown = draw(&app, t0, (80, 24));
    assert!(tap(&mut app, shown.at("hand"), t0));
    assert_eq!(
        app.run().map(|r| r.routine.id.as_str()),
        Some("first-aid-hand")
    );
}

#[test]
fn the_wheel_scrolls_help_and_the_diary() {
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    app.update(Action::Help, t0);
    let shown = draw(&app, t0, (80, 24));
    assert!(wheel_down(&mut app, shown.at("Keys"), t0));
    assert!(wheel_down(&mut app, (10, 10), t0));
    match &app.overlay {
        Overlay::Help(help) => assert_eq!(help.scrolled(), 2),
        other => panic!("{other:?}"),
    }
    app.update(Action::CloseHelp, t0);
    app.update(Action::Report, t0);
    // A week of nightly cramps, one of 6 minutes: more counts and warning signs than fit.
    let cramps: Vec<limber::store::Cramp> = (0..7)
        .map(|i| limber::store::Cramp {
            id: i + 1,
            entry: limber::store::NewCramp {
                at: jiff::civil::date(2025, 1, 28)
                    .checked_add(jiff::Span::new().days(i))
                    .unwrap_or_default()
                    .at(3, 10, 0, 0),
                situation: Some(limber::store::Situation::Night),
                place: limber::store::Place::Calf,
                side: limber::store::Side::Left,
                strength: limber::store::Strength::Strong,
                lasted: Some(std::time::Duration::from_secs(if i == 3 {
                    360
                } else {
                    60
                })),
                helped: String::new(),
                note: String::new(),
                session: None,
            },
        })
        .collect();
    let report = limber::store::Report::build(
        &cramps,
        &[],
        jiff::civil::date(2025, 2, 3).at(7, 40, 0, 0),
        None,
    );
    app.report_loaded(Ok((report, None)));
    draw(&app, t0, (80, 24));
    assert!(wheel_down(&mut app, (10, 10), t0));
    match &app.screen {
        Screen::Report(view) => assert_eq!(view.scrolled(), 1),
        _ => panic!("not on the report"),
    }
}

#[test]
fn taps_on_the_log_form_choose_fields_and_values() {
    use limber::tui::app::Field;
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    app.update(Action::LogCramp, t0);
    let form = |app: &App| match &app.screen {
        Screen::Log(log) => log.form.clone(),
        _ => panic!("not on the form"),
    };
    let size = (80, 24);
    let shown = draw(&app, t0, size);
    assert_eq!(form(&app).focus, Field::When, "{}", shown.text());
    assert!(tap(&mut app, shown.at("Where"), t0));
    assert_eq!(form(&app).focus, Field::Place);
    assert_eq!(form(&app).place, None);
    // The focused choice's › and ‹ step through its values.
    let shown = draw(&app, t0, size);
    let (_, y) = shown.at("Where");
    let row = &shown.rows[usize::from(y)];
    let more = row
        .chars()
        .position(|c| c == '›')
        .unwrap_or_else(|| panic!("{row}"));
    assert!(tap(&mut app, (u16::try_from(more).unwrap_or(0), y), t0));
    let first = form(&app).place;
    assert!(first.is_some(), "{}", shown.text());
    let shown = draw(&app, t0, size);
    let row = &shown.rows[usize::from(y)];
    let more = row
        .chars()
        .position(|c| c == '›')
        .unwrap_or_else(|| panic!("{row}"));
    assert!(tap(&mut app, (u16::try_from(more).unwrap_or(0), y), t0));
    assert_ne!(form(&app).place, first);
    let shown = draw(&app, t0, size);
    let row = &shown.rows[usize::from(y)];
    let less = row
        .chars()
        .position(|c| c == '‹')
        .unwrap_or_else(|| panic!("{row}"));
    assert!(tap(&mut app, (u16::try_from(less).unwrap_or(0), y), t0));
    assert_eq!(form(&app).place, first);
    // The wheel moves between the fields.
    let shown = draw(&app, t0, size);
    assert!(wheel_down(&mut app, shown.at("Where"), t0));
    assert_eq!(form(&app).focus, Field::Side);
    // `Esc cancel` leaves without saving.
    let shown = draw(&app, t0, size);
    assert!(tap(&mut app, shown.at("Esc cancel"), t0));
    assert!(matches!(app.screen, Screen::Picker));
}

#[test]
fn help_says_what_taps_and_the_wheel_do() {
    let t0 = Instant::now();
    let mut app = App::new(bundled(), false, true);
    app.update(Action::Help, t0);
    let size = (80, 24);
    let mut turns = 0;
    while draw(&app, t0, size).find("scrolls the words").is_none() {
        assert!(wheel_down(&mut app, (10, 10), t0));
        turns += 1;
        assert!(turns < 200, "no word on touch in help");
    }
    let shown = draw(&app, t0, size);
    for words in [
        "Touch and mouse",
        "tap the timer",
        "tap a word below",
        "tap a place",
    ] {
        assert!(shown.find(words).is_some(), "{words}: {}", shown.text());
    }
}
