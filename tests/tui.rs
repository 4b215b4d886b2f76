//! The screens rendered on a `TestBackend` with a fake clock, at 80×24 and 120×40, compared with
//! reviewed snapshots (`tests/snapshots/`). Update them with `cargo insta review` or
//! `INSTA_UPDATE=always cargo test --test tui` and read the diff.

use std::time::{Duration, Instant};

use jiff::civil::{DateTime, date};
use limber::store::{Cramp, NewCramp, Outcome, Place, Report, Side, Situation, Strength};
use limber::tui::app::{Back, Field, HelpPage, Overlay, Screen};
use limber::tui::keys::{Action, resolve};
use limber::tui::screens::Tick;
use limber::tui::view::render;
use limber::tui::{App, Command};
use limber_core::player::Phase;
use limber_core::routine::{Routine, SideChoice, parse_routine};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A routine with everything the timer can show.
const NIGHT_CALF: &str = r#"
title = "Night calf stretch"
summary = "Stretch both calves before sleep, then rest."
tags = ["bedtime", "stretch"]
equipment = ["a towel"]
caution = ["Late in pregnancy, do not lie on your back."]
source = "What to do if you have a cramp"

[params.hold]
label = "Each hold"
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
title = "Pull the toes up"
tone = "warm"
duration = "{hold}"
repeat = "{rounds}"
rest = "10s"
sides = "both"
text = "Loop the towel around the foot and gently pull the toes towards you. Keep the knee straight."

[[step]]
title = "Ankle circles"
reps = 10
tempo = "3s"
text = "Draw slow circles with the foot."

[[step]]
title = "Warm foot bath"
tone = "warm"
temperature = "about 40 °C"
duration = "2m"
text = "Put both feet in the warm water."

[[step]]
title = "Toe curls"
reps = 12
text = "Curl and spread the toes, at your own pace."

[[step]]
title = "Wait until the cramp passes"
tone = "alert"
warn_after = "5m"
warn = "This cramp has lasted over 5 minutes. A cramp of more than 3 to 5 minutes needs a doctor."
done_when = "the cramp has passed"
text = "Breathe slowly. Press Enter when it has passed."

[[step]]
title = "Rest"
tone = "rest"
duration = "1m"
text = "Lie on your left side with a pillow under your feet."
"#;

const QUICK: &str = r#"
title = "Quick foot wake-up"
summary = "Two short moves for cold feet in the morning."
tags = ["morning"]

[[step]]
title = "Rise on the toes"
duration = "30s"
text = "Rise on the toes and drop."

[[step]]
title = "Foot circles"
duration = "30s"
text = "Circle each foot."
"#;

const BATH: &str = r#"
title = "Contrast foot bath"
summary = "Alternate warm and cool water for tired legs."
tags = ["contrast-bath", "bedtime"]
equipment = ["two basins", "a towel"]

[params.cycles]
default = 5
min = 5
max = 10
help = "Alternations; the article says 5 to 10."

[[step]]
title = "Alternate"
repeat = "{cycles}"

[[step.step]]
title = "Warm water"
tone = "warm"
temperature = "lightly hot"
duration = "1m"

[[step.step]]
title = "Cool water"
tone = "cool"
temperature = "cool"
duration = "20s"
"#;

fn routine(id: &str, text: &str) -> Routine {
    parse_routine(id, text).unwrap_or_else(|e| panic!("{id}: {e:?}"))
}

fn catalog() -> Vec<Routine> {
    vec![
        routine("night-calf", NIGHT_CALF),
        routine("contrast-foot-bath", BATH),
        routine("quick-feet", QUICK),
    ]
}

/// The buffer as text, one line per row, trailing spaces kept off.
fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // Wide characters cover the next cell(s).
            skip = unicode_width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn unicode_width(s: &str) -> usize {
    // The screens use no double-width characters; every symbol is one cell.
    usize::from(!s.is_empty())
}

fn draw(app: &App, now: impl Into<Tick>, (w, h): (u16, u16)) -> Buffer {
    let now = now.into().now;
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    terminal.backend().buffer().clone()
}

fn snapshot(name: &str, app: &App, now: impl Into<Tick> + Copy) {
    for size in SIZES {
        let screen = text(&draw(app, now, size));
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses a key the way the event loop does: through the key table, then the app.
fn press(app: &mut App, event: KeyEvent, now: impl Into<Tick>) {
    if let Some(action) = resolve(app.mode(), &event) {
        app.update(action, now);
    }
}

fn ch(app: &mut App, c: char, now: impl Into<Tick>) {
    press(app, key(KeyCode::Char(c)), now);
}

struct Clock(Instant);
impl Clock {
    fn at(&self, secs: f64) -> Instant {
        self.0 + Duration::from_secs_f64(secs)
    }
}

fn started(t0: Instant) -> App {
    let mut app = App::new(catalog(), false, true);
    let r = routine("night-calf", NIGHT_CALF);
    let values = r.default_values();
    app.start(r, values, SideChoice::LeftFirst, t0);
    app
}

/// Stage index of the first stage with this title.
fn stage_of(app: &App, title: &str) -> usize {
    app.run()
        .and_then(|r| r.player.plan().stages.iter().position(|s| s.title == title))
        .unwrap_or_else(|| panic!("no stage {title}"))
}

/// Skips with `n` until the stage titled `title` is current.
fn skip_to(app: &mut App, title: &str, now: Instant) {
    let target = stage_of(app, title);
    while app.run().is_some_and(|r| r.player.index() < target) {
        ch(app, 'n', now);
    }
}

#[test]
fn picker() {
    let clock = Clock(Instant::now());
    let app = App::new(catalog(), false, true);
    snapshot("picker", &app, clock.at(0.0));
}

#[test]
fn picker_filtered_by_typing_and_tag() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    ch(&mut app, '/', now);
    for c in "bath".chars() {
        ch(&mut app, c, now);
    }
    assert_eq!(app.visible().len(), 1);
    snapshot("picker_filter", &app, now);
    press(&mut app, key(KeyCode::Esc), now);
    assert_eq!(app.visible().len(), 3);
    press(&mut app, key(KeyCode::Tab), now);
    assert_eq!(app.tags().first(), Some(&"bedtime"));
    assert_eq!(app.visible().len(), 2, "two routines are tagged bedtime");
}

/// Types `/filter` and Enter in the list: the best match opens.
fn open_by_filter(app: &mut App, filter: &str, now: Instant) {
    ch(app, '/', now);
    for c in filter.chars() {
        ch(app, c, now);
    }
    press(app, key(KeyCode::Enter), now);
}

#[test]
fn setup() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    open_by_filter(&mut app, "night calf", now);
    assert!(
        matches!(app.screen, Screen::Setup(_)),
        "params, sides and cautions need setup"
    );
    ch(&mut app, 'l', now); // hold 20s → 25s
    ch(&mut app, 'j', now);
    ch(&mut app, '3', now); // rounds typed: 3
    ch(&mut app, 'j', now); // applies it, moves to legs
    ch(&mut app, 'l', now); // both legs, right first
    let Screen::Setup(setup) = &app.screen else {
        panic!("not on setup")
    };
    assert_eq!(setup.values.get("hold"), Some(&25));
    assert_eq!(setup.values.get("rounds"), Some(&3));
    assert_eq!(setup.sides, SideChoice::RightFirst);
    snapshot("setup", &app, now);
}

#[test]
fn setup_rejects_a_typed_value_out_of_range() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    open_by_filter(&mut app, "night calf", now);
    ch(&mut app, 'j', now);
    ch(&mut app, '9', now);
    press(&mut app, key(KeyCode::Enter), now);
    let Screen::Setup(setup) = &app.screen else {
        panic!("a bad value must not start the routine")
    };
    assert!(
        setup
            .error
            .as_deref()
            .is_some_and(|e| e.contains("outside the range")),
        "{:?}",
        setup.error
    );
}

#[test]
fn a_routine_without_params_sides_or_cautions_starts_at_once() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    ch(&mut app, 'G', now);
    press(&mut app, key(KeyCode::Enter), now);
    assert!(app.run().is_some(), "quick-feet needs no setup");
}

#[test]
fn timed_step() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    let now = clock.at(7.4);
    app.tick(now);
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("LEFT LEG"), "{screen}");
    assert!(screen.contains("round 1 / 2"), "{screen}");
    assert!(screen.contains("WARM"), "the tone as a word:\n{screen}");
    assert!(
        screen.contains("0:13 left"),
        "20 s − 7.4 s, rounded up:\n{screen}"
    );
    snapshot("timed", &app, now);
}

#[test]
fn reps_step() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    skip_to(&mut app, "Ankle circles", clock.at(1.0));
    let now = clock.at(1.0 + 3.0 * 3.0 + 0.5); // the fourth rep
    app.tick(now);
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("rep 4 / 10"), "{screen}");
    snapshot("reps", &app, now);
}

#[test]
fn bath_step_shows_the_temperature() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    skip_to(&mut app, "Warm foot bath", clock.at(1.0));
    let screen = text(&draw(&app, clock.at(2.0), (80, 24)));
    // The temperature as the routine writes it: a cold floor is not "water".
    assert!(screen.contains("about 40 °C"), "{screen}");
    assert!(!screen.contains("water:"), "{screen}");
}

#[test]
fn manual_step_past_its_warning() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    skip_to(&mut app, "Wait until the cramp passes", clock.at(1.0));
    let before = text(&draw(&app, clock.at(60.0), (80, 24)));
    assert!(!before.contains("WARNING"), "{before}");
    assert!(
        before.contains("Space or Enter"),
        "says which key ends it:\n{before}"
    );
    let now = clock.at(1.0 + 5.0 * 60.0 + 2.0);
    app.tick(now);
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("WARNING"), "{screen}");
    snapshot("manual_warning", &app, now);
    // Space ends a step that waits.
    ch(&mut app, ' ', now);
    assert_eq!(
        app.run().map(|r| r.player.stage().map(|s| s.title.clone())),
        Some(Some("Rest".into()))
    );
}

#[test]
fn paused() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    ch(&mut app, ' ', clock.at(5.0));
    assert!(app.run().is_some_and(|r| r.player.is_paused()));
    // Time passes while paused; the clock stands still and nothing wakes the loop.
    let now = clock.at(60.0);
    assert_eq!(app.next_wake(now), None);
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("PAUSED"), "{screen}");
    assert!(screen.contains("0:15 left"), "{screen}");
    snapshot("paused", &app, now);
    ch(&mut app, ' ', now);
    assert!(app.run().is_some_and(|r| !r.player.is_paused()));
}

#[test]
fn night_mode_is_dim_and_never_bright_white() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    ch(&mut app, 'N', clock.at(1.0));
    assert!(app.night);
    let now = clock.at(3.0);
    snapshot("night", &app, now);
    for size in SIZES {
        let buffer = draw(&app, now, size);
        for cell in buffer.content() {
            assert!(
                !matches!(
                    cell.fg,
                    Color::White
                        | Color::Reset
                        | Color::LightRed
                        | Color::LightBlue
                        | Color::LightYellow
                        | Color::LightCyan
                        | Color::LightGreen
                        | Color::LightMagenta
                        | Color::Yellow
                ) || cell.symbol() == " ",
                "a bright cell at night: {:?} {:?}",
                cell.symbol(),
                cell.fg
            );
            assert!(!cell.modifier.contains(Modifier::BOLD), "bold at night");
        }
    }
}

#[test]
fn no_color_uses_no_colour_at_all() {
    let clock = Clock(Instant::now());
    let mut app = started(clock.at(0.0));
    app.color = false;
    for night in [false, true] {
        app.night = night;
        let buffer = draw(&app, clock.at(2.0), (80, 24));
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        }
        let screen = text(&buffer);
        assert!(
            screen.contains("WARM"),
            "the tone reads as a word:\n{screen}"
        );
    }
}

#[test]
fn help_keys_and_doctor() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = started(now);
    ch(&mut app, '?', now);
    assert!(matches!(app.overlay, Overlay::Help(ref h) if h.page == HelpPage::Keys));
    let screen = text(&draw(&app, now, (80, 24)));
    // Generated from the key table.
    assert!(screen.contains("pause / resume"), "{screen}");
    snapshot("help_keys", &app, now);
    press(&mut app, key(KeyCode::Tab), now);
    assert!(matches!(app.overlay, Overlay::Help(ref h) if h.page == HelpPage::Doctor));
    let screen = text(&draw(&app, now, (120, 40)));
    // The page of `limber doctor`, the urgent first.
    assert!(screen.contains("RIGHT AWAY: EMERGENCY CARE"), "{screen}");
    assert!(screen.contains("loss of consciousness"), "{screen}");
    assert!(screen.contains("lasts more than 3-5 minutes"), "{screen}");
    assert!(screen.contains("almost every day for a week"), "{screen}");
    snapshot("help_doctor", &app, now);
    // Scrolled down: the pregnancy signs, the safety notes and the last line.
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&text(&draw(&app, now, (120, 40))));
        for _ in 0..10 {
            ch(&mut app, 'j', now);
        }
    }
    assert!(seen.contains("numbness in the limbs"), "{seen}");
    assert!(seen.contains("below 18 degrees"), "{seen}");
    assert!(seen.contains("not medical advice"), "{seen}");
    press(&mut app, key(KeyCode::Esc), now);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn finish() {
    let clock = Clock(Instant::now());
    let mut app = App::new(catalog(), false, true);
    let quick = routine("quick-feet", QUICK);
    let values = quick.default_values();
    app.start(quick, values, SideChoice::LeftFirst, clock.at(0.0));
    ch(&mut app, 'n', clock.at(10.0)); // skip the first
    app.tick(clock.at(41.0)); // the second runs out
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished")
    };
    assert_eq!((done.summary.done, done.summary.skipped), (1, 1));
    assert_eq!(app.runs.len(), 1);
    snapshot("finish", &app, clock.at(41.0));
    press(&mut app, key(KeyCode::Enter), clock.at(42.0));
    assert!(matches!(app.screen, Screen::Picker));
}

#[test]
fn quit_asks_first() {
    let clock = Clock(Instant::now());
    let now = clock.at(1.0);
    let mut app = started(clock.at(0.0));
    ch(&mut app, 'q', now);
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    snapshot("confirm_quit", &app, now);
    ch(&mut app, 'n', now);
    assert!(!app.quit);
    press(&mut app, key(KeyCode::Esc), now);
    ch(&mut app, 'y', now);
    assert!(app.quit);
    assert_eq!(app.runs.len(), 1, "the unfinished run is recorded");
}

/// The quit question stops the clock while it asks: "go on" resumes exactly where it was (the
/// step's deadline moves by the time asked), and nothing fires meanwhile. Started from the list,
/// it offers "back to the list", which records the run and shows the list; with no list
/// (`limber play`), it does not.
#[test]
fn quit_pauses_the_clock_and_offers_the_list() {
    let clock = Clock(Instant::now());
    // Started from the list: a key there, then the routine.
    let mut app = App::new(catalog(), false, true);
    ch(&mut app, 'j', clock.at(0.0));
    let r = routine("night-calf", NIGHT_CALF);
    let values = r.default_values();
    app.start(r, values, SideChoice::LeftFirst, clock.at(0.0));
    let left = |app: &App, at: f64| {
        app.run()
            .and_then(|r| r.player.remaining(clock.at(at)))
            .unwrap_or_default()
    };
    assert_eq!(left(&app, 5.0), Duration::from_secs(15));
    let commands = press_for(&mut app, key(KeyCode::Char('q')), clock.at(5.0));
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    assert!(commands.contains(&Command::PauseSound), "{commands:?}");
    // A minute passes while it asks: the step's 20 s would long be over, yet nothing moves.
    app.tick(clock.at(40.0));
    app.tick(clock.at(65.0));
    assert_eq!(app.run().map(|r| r.player.index()), Some(0));
    assert_eq!(left(&app, 65.0), Duration::from_secs(15));
    let screen = text(&draw(&app, clock.at(65.0), (80, 24)));
    assert!(screen.contains("Stop this routine?"), "{screen}");
    assert!(screen.contains("l back to the list"), "{screen}");
    assert!(
        screen.contains("0:15"),
        "the clock shows where it stopped\n{screen}"
    );
    let commands = press_for(&mut app, key(KeyCode::Char('n')), clock.at(65.0));
    assert_eq!(app.overlay, Overlay::None);
    assert!(commands.contains(&Command::ResumeSound), "{commands:?}");
    // Exactly where it was: 15 s left at 65 s, 10 s at 70 s, the next step at 80 s.
    assert_eq!(left(&app, 65.0), Duration::from_secs(15));
    assert_eq!(left(&app, 70.0), Duration::from_secs(10));
    app.tick(clock.at(79.9));
    assert_eq!(app.run().map(|r| r.player.index()), Some(0));
    app.tick(clock.at(80.0));
    assert_eq!(app.run().map(|r| r.player.index()), Some(1));

    // Paused by the person before asking: "go on" leaves it paused.
    ch(&mut app, ' ', clock.at(81.0));
    ch(&mut app, 'q', clock.at(82.0));
    ch(&mut app, 'n', clock.at(90.0));
    assert_eq!(app.run().map(|r| r.player.phase()), Some(Phase::Paused));

    // Back to the list: the run is recorded as stopped and the list shows.
    ch(&mut app, 'q', clock.at(91.0));
    let commands = press_for(&mut app, key(KeyCode::Char('l')), clock.at(92.0));
    let session = session_command(&commands).unwrap_or_else(|| panic!("{commands:?}"));
    assert_eq!(session.outcome, Outcome::Stopped);
    assert!(matches!(app.screen, Screen::Picker));
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    assert_eq!(app.runs.len(), 1);

    // Played with no list, or straight from the command line (`limber play ID`, with the list
    // behind it): no "back to the list", and l does nothing.
    let mut app = App::new(Vec::new(), false, true);
    let r = routine("night-calf", NIGHT_CALF);
    let values = r.default_values();
    app.start(r, values, SideChoice::LeftFirst, clock.at(0.0));
    ch(&mut app, 'q', clock.at(1.0));
    let screen = text(&draw(&app, clock.at(1.0), (80, 24)));
    assert!(screen.contains("Stop this routine and quit?"), "{screen}");
    assert!(!screen.contains("back to the list"), "{screen}");
    ch(&mut app, 'l', clock.at(2.0));
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    assert!(app.run().is_some());
    ch(&mut app, 'y', clock.at(3.0));
    assert!(app.quit);
    let mut app = started(clock.at(0.0));
    ch(&mut app, 'q', clock.at(1.0));
    let screen = text(&draw(&app, clock.at(1.0), (80, 24)));
    assert!(screen.contains("Stop this routine and quit?"), "{screen}");
    ch(&mut app, 'l', clock.at(2.0));
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
}

/// Muted and "no sound device" never read the same, at any width: the timer says "muted" for
/// one, the reason or "no sound" for the other; help gives the full reason at any width.
#[test]
fn muted_and_no_sound_read_differently_and_help_says_why() {
    const WHY: &str = "sound is off: no output device (ALSA: cannot open /dev/snd/pcmC0D0p)";
    let clock = Clock(Instant::now());
    let now = clock.at(1.0);
    let with_sound = |app: &App, (w, h): (u16, u16), sound: Option<&str>| {
        let mut terminal =
            Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
        terminal
            .draw(|frame| render(frame, app, now, sound))
            .unwrap_or_else(|e| panic!("draw: {e}"));
        text(terminal.backend().buffer())
    };
    let top = |screen: &str| screen.lines().next().unwrap_or_default().to_string();
    for size in [
        (40, 12),
        (45, 30),
        (60, 20),
        (80, 24),
        (100, 30),
        (120, 40),
        (200, 60),
    ] {
        let mut muted = started(clock.at(0.0));
        ch(&mut muted, 'm', now);
        let quiet = started(clock.at(0.0));
        let muted_top = top(&with_sound(&muted, size, None));
        let quiet_top = top(&with_sound(&quiet, size, Some(WHY)));
        assert!(muted_top.contains("muted"), "{size:?}: {muted_top}");
        assert!(!muted_top.contains("no sound"), "{size:?}: {muted_top}");
        assert!(
            quiet_top.contains("no sound") || quiet_top.contains(WHY),
            "{size:?}: {quiet_top}"
        );
        assert!(!quiet_top.contains("muted"), "{size:?}: {quiet_top}");
        assert!(!quiet_top.contains("sound off"), "{size:?}: {quiet_top}");

        // Help, one key away, gives the whole reason, and says how to unmute.
        let mut both = started(clock.at(0.0));
        ch(&mut both, 'm', now);
        ch(&mut both, '?', now);
        let help = with_sound(&both, size, Some(WHY));
        let words: Vec<&str> = help
            .split_whitespace()
            .filter(|w| !w.chars().all(|c| "│╭╮╰╯─".contains(c)))
            .collect();
        let words = words.join(" ");
        assert!(
            words.contains("Sound is off: no output device (ALSA: cannot open /dev/snd/pcmC0D0p)."),
            "{size:?}\n{help}"
        );
        assert!(
            words.contains("Muted: m turns the sound back on."),
            "{size:?}\n{help}"
        );
    }
}

#[test]
fn too_small_asks_for_a_larger_window() {
    let clock = Clock(Instant::now());
    let app = started(clock.at(0.0));
    let screen = text(&draw(&app, clock.at(1.0), (39, 12)));
    assert!(screen.contains("make the window larger"), "{screen}");
    let screen = text(&draw(&app, clock.at(1.0), (40, 12)));
    assert!(!screen.contains("make the window larger"), "{screen}");
    assert!(screen.contains("0:19"), "{screen}");
}

#[test]
fn the_loop_wakes_when_the_shown_second_changes() {
    let clock = Clock(Instant::now());
    let app = started(clock.at(0.0));
    assert_eq!(app.next_wake(clock.at(0.0)), Some(clock.at(1.0)));
    assert_eq!(app.next_wake(clock.at(7.25)), Some(clock.at(8.0)));
    let _ = Action::Next;
}

// ---------------------------------------------------------------------------------------------
// The cramp diary inside the app: every run recorded, the offer after first aid, the log form,
// the report screen. The diary's answers are handed in as the event loop would.

/// A tiny first-aid routine: a timed step, the one that waits until the cramp passes, another.
const FIRST_AID: &str = r#"
title = "Calf cramp: first aid"
summary = "Ease a calf cramp."
tags = ["first-aid"]

[[step]]
title = "Breathe"
duration = "10s"

[[step]]
title = "Stretch the calf"
tone = "alert"
text = "Pull the toes towards you until the cramp lets go."

[[step]]
title = "Massage"
duration = "30s"
"#;

/// Presses a key as the event loop does; the commands for the shell.
fn press_for(app: &mut App, event: KeyEvent, now: impl Into<Tick>) -> Vec<Command> {
    resolve(app.mode(), &event)
        .map(|action| app.update(action, now))
        .unwrap_or_default()
}

/// A moment with its local wall-clock time, as the loop passes it.
fn wall(now: Instant, local: DateTime) -> Tick {
    Tick {
        local,
        ..Tick::from(now)
    }
}

fn local(h: i8, m: i8, s: i8) -> DateTime {
    date(2025, 1, 6).at(h, m, s, 0)
}

fn session_command(commands: &[Command]) -> Option<&limber::store::NewSession> {
    commands.iter().find_map(|c| match c {
        Command::RecordSession(s) => Some(&**s),
        _ => None,
    })
}

/// First aid played to its end: 10 s, 75 s until the cramp passed, 30 s. Returns the app on the
/// finish screen and the commands of the last step.
fn first_aid_played(clock: &Clock) -> (App, Vec<Command>) {
    let mut app = App::new(catalog(), false, true);
    let r = routine("first-aid-calf", FIRST_AID);
    let values = r.default_values();
    app.start(
        r,
        values,
        SideChoice::LeftFirst,
        wall(clock.at(0.0), local(2, 30, 0)),
    );
    app.tick(clock.at(10.0));
    ch(&mut app, ' ', clock.at(85.0)); // it passed
    let commands = app.tick(wall(clock.at(115.0), local(2, 31, 55)));
    (app, commands)
}

#[test]
fn every_run_is_recorded_finished_or_stopped() {
    let clock = Clock(Instant::now());
    let (_, commands) = first_aid_played(&clock);
    let session = session_command(&commands).unwrap_or_else(|| panic!("{commands:?}"));
    assert_eq!(session.routine_id, "first-aid-calf");
    assert_eq!(session.title, "Calf cramp: first aid");
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!((session.steps_done, session.steps_skipped), (3, 0));
    assert_eq!(
        (session.started, session.ended),
        (local(2, 30, 0), local(2, 31, 55))
    );

    // Stopped with q, y: recorded as stopped, with the params used.
    let mut app = started(clock.at(0.0));
    ch(&mut app, 'n', clock.at(1.0));
    ch(&mut app, 'q', clock.at(2.0));
    let commands = press_for(&mut app, key(KeyCode::Char('y')), clock.at(2.0));
    let session = session_command(&commands).unwrap_or_else(|| panic!("{commands:?}"));
    assert_eq!(session.outcome, Outcome::Stopped);
    assert_eq!((session.steps_done, session.steps_skipped), (0, 1));
    assert_eq!(session.params, serde_json::json!({"hold": 20, "rounds": 2}));

    // Ctrl-C, SIGTERM and SIGHUP (terminate) record it too.
    let mut app = started(clock.at(0.0));
    let commands = app.terminate(clock.at(3.0));
    assert!(session_command(&commands).is_some(), "{commands:?}");
    assert!(app.quit);
}

#[test]
fn finish_after_first_aid_offers_to_log_the_cramp() {
    let clock = Clock(Instant::now());
    let (mut app, _) = first_aid_played(&clock);
    app.session_saved(Ok((7, None)));
    let Screen::Finish(done) = &app.screen else {
        panic!("not finished")
    };
    assert!(done.offer);
    assert_eq!(done.session, Some(7));
    assert_eq!(done.summary.manual, Duration::from_secs(75));
    let screen = text(&draw(&app, clock.at(115.0), (80, 24)));
    assert!(screen.contains("Saved in your diary."), "{screen}");
    assert!(
        screen.contains("Log this cramp in your diary? Press l."),
        "{screen}"
    );
    assert!(screen.contains("l log this cramp"), "{screen}");
    snapshot("finish_first_aid_offer", &app, clock.at(115.0));

    // A routine that is not first aid offers nothing.
    let screen = text(&draw(
        &{
            let mut app = App::new(catalog(), false, true);
            let quick = routine("quick-feet", QUICK);
            let values = quick.default_values();
            app.start(quick, values, SideChoice::LeftFirst, clock.at(0.0));
            app.tick(clock.at(61.0));
            app
        },
        clock.at(61.0),
        (80, 24),
    ));
    assert!(!screen.contains("Log this cramp"), "{screen}");
    assert!(!screen.contains("log this cramp"), "{screen}");
}

/// A step that waits but is not a cramp's (filling bowls) says what ends it in its own words, or
/// "when you are ready"; the finish shows no "until it passed" after a routine that is not first
/// aid, and does after first aid.
#[test]
fn waits_that_are_not_a_cramp_say_so() {
    const BOWLS: &str = r#"
title = "Bowls"
summary = "s"
tags = ["bath"]

[[step]]
title = "Fill two bowls"
done_when = "the bowls are ready"

[[step]]
title = "Sit down"

[[step]]
title = "Warm bowl"
temperature = "lightly hot"
duration = "10s"
"#;
    let clock = Clock(Instant::now());
    let mut app = App::new(catalog(), false, true);
    let bowls = routine("bowls", BOWLS);
    let values = bowls.default_values();
    app.start(bowls, values, SideChoice::LeftFirst, clock.at(0.0));
    let screen = text(&draw(&app, clock.at(1.0), (80, 24)));
    assert!(
        screen.contains("Space or Enter when the bowls are ready"),
        "{screen}"
    );
    assert!(
        screen.contains("next: Sit down · until you are ready"),
        "{screen}"
    );
    assert!(!screen.contains("passed"), "{screen}");
    ch(&mut app, ' ', clock.at(5.0));
    let screen = text(&draw(&app, clock.at(6.0), (80, 24)));
    assert!(
        screen.contains("Space or Enter when you are ready"),
        "{screen}"
    );
    ch(&mut app, ' ', clock.at(8.0));
    // A temperature is shown as itself, not as the water's.
    let screen = text(&draw(&app, clock.at(9.0), (80, 24)));
    assert!(screen.contains("lightly hot"), "{screen}");
    assert!(!screen.contains("water:"), "{screen}");
    app.tick(clock.at(20.0));
    let screen = text(&draw(&app, clock.at(20.0), (80, 24)));
    assert!(screen.contains("steps done      3 of 3"), "{screen}");
    assert!(!screen.contains("until it passed"), "{screen}");

    let (app, _) = first_aid_played(&clock);
    let screen = text(&draw(&app, clock.at(115.0), (80, 24)));
    assert!(screen.contains("until it passed"), "{screen}");
}

/// A first-aid step that ran over 5 minutes: the finish screen repeats the articles' advice.
#[test]
fn finish_after_a_long_cramp_repeats_the_advice() {
    let clock = Clock(Instant::now());
    let mut app = App::new(catalog(), false, true);
    let r = routine("first-aid-calf", FIRST_AID);
    let values = r.default_values();
    app.start(r, values, SideChoice::LeftFirst, clock.at(0.0));
    app.tick(clock.at(10.0));
    ch(&mut app, ' ', clock.at(10.0 + 6.0 * 60.0)); // it passed after 6 minutes
    app.tick(clock.at(400.0));
    app.session_saved(Ok((7, None)));
    let screen = text(&draw(&app, clock.at(400.0), (80, 24)));
    assert!(screen.contains("It lasted more than 5 minutes"), "{screen}");
    assert!(
        screen.contains("3-5 minutes, you should consult a doctor"),
        "{screen}"
    );
    assert!(
        screen.contains("Log this cramp in your diary? Press l."),
        "{screen}"
    );

    // Under 5 minutes: not said.
    let (mut app, _) = first_aid_played(&clock);
    app.session_saved(Ok((7, None)));
    let screen = text(&draw(&app, clock.at(115.0), (80, 24)));
    assert!(!screen.contains("more than 5 minutes"), "{screen}");
}

#[test]
fn the_log_form_inside_the_app_saves_the_cramp_with_the_time_until_it_passed() {
    let clock = Clock(Instant::now());
    let (mut app, _) = first_aid_played(&clock);
    app.session_saved(Ok((7, None)));
    ch(&mut app, 'l', wall(clock.at(120.0), local(2, 32, 10)));
    let Screen::Log(log) = &app.screen else {
        panic!("l opens the form")
    };
    assert_eq!(
        log.form.place,
        Some(Place::Calf),
        "guessed from the routine"
    );
    assert_eq!(log.form.lasted, "1m15s", "the time until it passed");
    assert_eq!(log.form.when, "2025-01-06 02:30", "when the routine began");
    assert_eq!(log.form.session, Some(7));
    assert_eq!(log.form.focus, Field::Side, "the first thing to answer");
    snapshot("log_form_after_first_aid", &app, clock.at(120.0));

    // Keys go through the key table to the form: `q` and `?` are letters here.
    ch(&mut app, 'l', clock.at(121.0)); // left
    press(&mut app, key(KeyCode::Tab), clock.at(121.0));
    ch(&mut app, 's', clock.at(121.0)); // strong
    assert!(!app.quit);
    let commands = press_for(&mut app, key(KeyCode::Enter), clock.at(122.0));
    let saved: Vec<&NewCramp> = commands
        .iter()
        .filter_map(|c| match c {
            Command::SaveCramp(c) => Some(&**c),
            _ => None,
        })
        .collect();
    assert_eq!(
        saved,
        [&NewCramp {
            at: local(2, 30, 0),
            situation: None,
            place: Place::Calf,
            side: Side::Left,
            strength: Strength::Strong,
            lasted: Some(Duration::from_secs(75)),
            helped: "Calf cramp: first aid".into(),
            note: String::new(),
            session: Some(7),
        }]
    );
    // The diary said no: the form stays, with why.
    app.cramp_saved(Err("the disk holding the diary at /d/limber.db is full; nothing was saved. Free some space and try again"
        .into()));
    assert!(matches!(app.screen, Screen::Log(_)));
    let screen = text(&draw(&app, clock.at(122.0), (80, 24)));
    assert!(screen.contains("Not saved"), "{screen}");
    assert!(screen.contains("Free some space"), "{screen}");
    assert_eq!(app.problems.len(), 1);
    // Tried again, it lands: back to the finish screen, the offer done.
    app.cramp_saved(Ok((3, None)));
    let Screen::Finish(done) = &app.screen else {
        panic!("back to the finish screen")
    };
    assert!(!done.offer);
    let screen = text(&draw(&app, clock.at(123.0), (80, 24)));
    assert!(
        screen.contains("Logged cramp 3: strong calf cramp (left), lasted 1m15s"),
        "{screen}"
    );
    assert!(!screen.contains("Press l"), "{screen}");

    // Esc skips: back to the finish screen, nothing written.
    let (mut app, _) = first_aid_played(&clock);
    ch(&mut app, 'l', clock.at(120.0));
    let commands = press_for(&mut app, key(KeyCode::Esc), clock.at(121.0));
    assert!(commands.is_empty(), "{commands:?}");
    assert!(matches!(app.screen, Screen::Finish(_)));
}

#[test]
fn a_diary_that_cannot_be_written_never_stops_the_routine() {
    let clock = Clock(Instant::now());
    let (mut app, _) = first_aid_played(&clock);
    app.session_saved(Err("the diary at /ro/limber.db cannot be written (read-only disk or folder); nothing was saved. Choose a writable folder with --data DIR or LIMBER_DATA"
        .into()));
    let Screen::Finish(done) = &app.screen else {
        panic!("the finish screen still shows")
    };
    assert_eq!(done.session, None);
    assert!(
        done.offer,
        "the cramp can still be logged (and says why if not)"
    );
    assert_eq!(app.problems.len(), 1, "repeated on stderr after quitting");
    let screen = text(&draw(&app, clock.at(115.0), (80, 24)));
    assert!(screen.contains("This routine was not saved"), "{screen}");
    assert!(screen.contains("read-only"), "{screen}");
    assert!(screen.contains("steps done      3 of 3"), "{screen}");
}

fn diary_cramp(id: i64, at: DateTime, lasted: u64, place: Place) -> Cramp {
    Cramp {
        id,
        entry: NewCramp {
            at,
            situation: Some(Situation::Night),
            place,
            side: Side::Left,
            strength: Strength::Strong,
            lasted: Some(Duration::from_secs(lasted)),
            helped: String::new(),
            note: String::new(),
            session: None,
        },
    }
}

/// A week of nightly cramps, one of them 6 minutes long, as of 2025-02-03 07:40.
fn known_report() -> Report {
    let cramps: Vec<Cramp> = (0..7)
        .map(|i| {
            let d = date(2025, 1, 28)
                .checked_add(jiff::Span::new().days(i))
                .unwrap_or_default();
            let place = if i % 3 == 0 { Place::Foot } else { Place::Calf };
            diary_cramp(
                i + 1,
                d.at(3, 10, 0, 0),
                if i == 3 { 360 } else { 60 },
                place,
            )
        })
        .collect();
    Report::build(&cramps, &[], date(2025, 2, 3).at(7, 40, 0, 0), None)
}

#[test]
fn the_report_screen_from_the_picker() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    let now = wall(now, date(2025, 2, 3).at(7, 40, 0, 0));
    let commands = press_for(&mut app, key(KeyCode::Char('d')), now);
    assert_eq!(commands, [Command::LoadReport(now.local)]);
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("reading the diary"), "{screen}");
    app.report_loaded(Ok((known_report(), None)));
    let screen = text(&draw(&app, now, (120, 40)));
    assert!(
        screen.contains("Cramp diary: Mon 6 Jan to Sun 2 Feb"),
        "{screen}"
    );
    assert!(screen.contains("Cramps per night"), "{screen}");
    assert!(screen.contains("7 cramps over 28 nights"), "{screen}");
    assert!(screen.contains("Where: calf 4, foot 3"), "{screen}");
    assert!(
        screen.contains("WARNING SIGN: Cramps on most days of a week"),
        "{screen}"
    );
    assert!(
        screen.contains("WARNING SIGN: A cramp lasting more than 5 minutes"),
        "{screen}"
    );
    assert!(screen.contains("not a diagnosis"), "{screen}");
    assert!(screen.contains("Esc back"), "{screen}");
    snapshot("report", &app, now);

    // ↓ chooses the next entry, → scrolls the text under the entries; Esc goes back to the list.
    ch(&mut app, 'j', now);
    press(&mut app, key(KeyCode::Right), now);
    let Screen::Report(view) = &app.screen else {
        panic!("still on the report")
    };
    assert_eq!((view.selected, view.scrolled()), (1, 1));
    press(&mut app, key(KeyCode::Esc), now);
    assert!(matches!(app.screen, Screen::Picker));

    // A diary that cannot be read says so.
    ch(&mut app, 'd', now);
    app.report_loaded(Err("the diary at /x/limber.db is damaged".into()));
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("could not be read"), "{screen}");
    assert!(screen.contains("is damaged"), "{screen}");

    // NO_COLOR reaches the report too.
    app.report_loaded(Ok((known_report(), None)));
    app.color = false;
    let buffer = draw(&app, now, (80, 24));
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn log_a_cramp_from_the_picker_and_from_the_report() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), false, true);
    let now = wall(now, date(2025, 2, 3).at(7, 40, 0, 0));
    press(
        &mut app,
        KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT),
        now,
    );
    let Screen::Log(log) = &app.screen else {
        panic!("L opens the form")
    };
    assert_eq!(log.back, Back::Picker);
    assert_eq!(log.form.when, "2025-02-03 07:40");
    assert_eq!(log.form.place, None, "no routine: the person says where");
    snapshot("log_form", &app, now);
    // From When: where (f: foot), side (r), strength (m), lasted, then the situation (→).
    for k in [
        KeyCode::Tab,
        KeyCode::Char('f'),
        KeyCode::Tab,
        KeyCode::Char('r'),
        KeyCode::Tab,
        KeyCode::Char('m'),
        KeyCode::Tab,
        KeyCode::Char('2'),
        KeyCode::Char('m'),
        KeyCode::Tab,
        KeyCode::Right,
    ] {
        press(&mut app, key(k), now);
    }
    let commands = press_for(&mut app, key(KeyCode::Enter), now);
    let Some(Command::SaveCramp(entry)) = commands.first() else {
        panic!("{commands:?}")
    };
    assert_eq!(
        (
            entry.place,
            entry.side,
            entry.strength,
            entry.lasted,
            entry.situation
        ),
        (
            Place::Foot,
            Side::Right,
            Strength::Moderate,
            Some(Duration::from_secs(120)),
            Some(Situation::Night)
        )
    );
    app.cramp_saved(Ok((12, None)));
    assert!(matches!(app.screen, Screen::Picker));
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(
        screen.contains("Logged cramp 12: moderate foot cramp (right), lasted 2m"),
        "{screen}"
    );

    // From the report, L logs one and the report is read again to show it.
    ch(&mut app, 'd', now);
    app.report_loaded(Ok((known_report(), None)));
    press(
        &mut app,
        KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT),
        now,
    );
    assert!(matches!(&app.screen, Screen::Log(log) if log.back == Back::Report));
    let commands = press_for(&mut app, key(KeyCode::Esc), now);
    assert_eq!(commands, [Command::LoadReport(now.local)]);
    assert!(matches!(app.screen, Screen::Report(_)));
}

// ---------------------------------------------------------------------------------------------
// docs/screens.md: every screen at 80×24 on the bundled routines, generated here so it cannot
// drift. Regenerate with `LIMBER_UPDATE_DOCS=1 cargo test --test tui docs_`.

fn bundled(id: &str) -> Routine {
    let catalog = limber::catalog::Catalog::load(&limber::catalog::Sources::default());
    catalog
        .find(id)
        .map(|e| e.routine.clone())
        .unwrap_or_else(|| panic!("no bundled routine {id}"))
}

fn bundled_catalog() -> Vec<Routine> {
    limber::catalog::Catalog::load(&limber::catalog::Sources::default())
        .entries
        .into_iter()
        .map(|e| e.routine)
        .collect()
}

fn playing(id: &str, t0: Instant) -> App {
    let mut app = App::new(bundled_catalog(), false, true);
    let r = bundled(id);
    let values = r.default_values();
    app.start(r, values, SideChoice::LeftFirst, t0);
    app
}

/// (heading, what it shows, the screen).
fn doc_screens() -> Vec<(&'static str, &'static str, String)> {
    let clock = Clock(Instant::now());
    let size = (80, 24);
    let mut screens = Vec::new();
    let mut shot = |title, about, app: &App, now| {
        screens.push((title, about, text(&draw(app, now, size))));
    };

    let app = App::new(bundled_catalog(), false, true);
    shot(
        "Picker",
        "`limber`: the routines, a preview of the selected one. `/` filters by typing, Tab by tag.",
        &app,
        clock.at(0.0),
    );

    // Cramp now: two keys to the first instruction.
    let mut app = App::new(bundled_catalog(), false, true);
    app.update(Action::CrampNow, clock.at(0.0));
    shot(
        "Cramp now: where",
        "`limber cramp` (or `c` in the list): one key per place.",
        &app,
        clock.at(0.0),
    );
    ch(&mut app, 'c', clock.at(0.0));
    shot(
        "Cramp now: which leg",
        "Then l or r (Enter: not sure); a hand or a cramp while swimming skips this.",
        &app,
        clock.at(0.0),
    );
    ch(&mut app, 'l', clock.at(0.0));
    let now = clock.at(2.0);
    app.tick(now);
    shot(
        "Cramp now: the first step",
        "The first aid starts at once; its cautions stand at the top of its first step. \
         `limber cramp calf --side left` comes here with no key.",
        &app,
        now,
    );

    let mut app = App::new(bundled_catalog(), false, true);
    app.open(
        bundled("first-aid-calf"),
        bundled("first-aid-calf").default_values(),
        SideChoice::LeftFirst,
        clock.at(0.0),
    );
    shot(
        "Setup",
        "`limber play first-aid-calf`: the cautions, then each param with its help, default and range.",
        &app,
        clock.at(0.0),
    );

    let mut app = playing("bedtime-pregnancy", clock.at(0.0));
    let now = clock.at(7.4);
    app.tick(now);
    shot(
        "Timer: a timed step",
        "The time left in big digits, the tone as a word (and a colour), the leg, both progress bars, the next step.",
        &app,
        now,
    );

    let mut app = playing("bedtime-pregnancy", clock.at(0.0));
    skip_to(&mut app, "Rise on your toes", clock.at(1.0));
    let now = clock.at(1.0 + 3.5);
    app.tick(now);
    shot(
        "Timer: reps with a pace",
        "\"rep N / M\" counts the reps.",
        &app,
        now,
    );

    let mut app = playing("first-aid-calf", clock.at(0.0));
    skip_to(&mut app, "Stretch the calf", clock.at(1.0));
    let now = clock.at(1.0 + 5.0 * 60.0 + 2.0);
    app.tick(now);
    shot(
        "Timer: a step that waits, past its warning",
        "It counts up, says which keys end it, and warns after `warn_after`.",
        &app,
        now,
    );

    let mut app = playing("bedtime-pregnancy", clock.at(0.0));
    ch(&mut app, ' ', clock.at(12.0));
    shot("Paused", "Space pauses and resumes.", &app, clock.at(40.0));

    let mut app = playing("bedtime-pregnancy", clock.at(0.0));
    ch(&mut app, 'q', clock.at(3.0));
    shot(
        "Quit?",
        "q or Esc asks first while a routine runs.",
        &app,
        clock.at(3.0),
    );

    let mut app = playing("bedtime-pregnancy", clock.at(0.0));
    ch(&mut app, '?', clock.at(3.0));
    shot(
        "Help: keys",
        "Generated from the key table (↓ scrolls).",
        &app,
        clock.at(3.0),
    );
    press(&mut app, key(KeyCode::Tab), clock.at(3.0));
    shot(
        "Help: when to see a doctor",
        "Each sign in the articles' own words.",
        &app,
        clock.at(3.0),
    );

    let mut app = playing("after-cramp", clock.at(0.0));
    ch(&mut app, 'n', clock.at(20.0));
    ch(&mut app, 'n', clock.at(30.0));
    ch(&mut app, ' ', clock.at(95.0));
    shot(
        "Finish",
        "Time spent, steps done and skipped.",
        &app,
        clock.at(95.0),
    );

    // After first aid: the session is in the diary, and the cramp can be logged.
    let mut app = App::new(bundled_catalog(), false, true);
    let r = bundled("first-aid-calf");
    let values = r.default_values();
    app.start(
        r,
        values,
        SideChoice::LeftFirst,
        wall(clock.at(0.0), local(2, 30, 0)),
    );
    app.tick(clock.at(15.0));
    ch(&mut app, ' ', clock.at(15.0 + 100.0));
    let end = wall(clock.at(3600.0), local(2, 42, 0));
    let commands = app.tick(end);
    assert!(session_command(&commands).is_some(), "{commands:?}");
    app.session_saved(Ok((1, None)));
    shot(
        "Finish after first aid",
        "The routine is saved in the diary; after a first-aid routine, `l` logs the cramp.",
        &app,
        end.now,
    );
    ch(&mut app, 'l', end);
    shot(
        "Log the cramp",
        "Filled in from the routine: when it began, how long it took to pass, where (from the \
         routine), what helped. Side and strength are yours to say. `limber log` and `L` in the \
         list open the same form, empty.",
        &app,
        end.now,
    );

    let mut app = App::new(bundled_catalog(), false, true);
    ch(
        &mut app,
        'd',
        wall(clock.at(0.0), date(2025, 2, 3).at(7, 40, 0, 0)),
    );
    app.report_loaded(Ok((known_report(), None)));
    shot(
        "Cramp diary",
        "`d` in the list: cramps per night, where and when, routines done, and the warning signs \
         the articles name, each with their advice and \"not a diagnosis\" (↓ scrolls).",
        &app,
        clock.at(0.0),
    );

    // Phone sizes: what must stay (the words, `? help`, the way out) stays; the rest scrolls
    // with a marker that names its key.
    let picker = App::new(bundled_catalog(), false, true);
    let mut setup = App::new(bundled_catalog(), false, true);
    setup.open(
        bundled("first-aid-calf"),
        bundled("first-aid-calf").default_values(),
        SideChoice::LeftFirst,
        clock.at(0.0),
    );
    let mut timer = playing("first-aid-calf", clock.at(0.0));
    skip_to(&mut timer, "Stretch the calf", clock.at(1.0));
    timer.tick(clock.at(31.0));
    let mut help = timer.clone();
    ch(&mut help, '?', clock.at(31.0));
    let phones: [(&'static str, &'static str, &App, (u16, u16)); 8] = [
        (
            "Picker at 60 × 20",
            "A phone on its side: the list above the preview, first aid first; J scrolls the preview.",
            &picker,
            (60, 20),
        ),
        (
            "Picker at 45 × 30",
            "A phone upright: the header's name is cut before the tag and filter are.",
            &picker,
            (45, 30),
        ),
        (
            "Setup at 60 × 20",
            "The settings below the cautions.",
            &setup,
            (60, 20),
        ),
        ("Setup at 45 × 30", "", &setup, (45, 30)),
        (
            "Timer at 60 × 20",
            "The step's words come before the clock; a title too long for the border is cut with \"…\" before the step count is.",
            &timer,
            (60, 20),
        ),
        ("Timer at 45 × 30", "", &timer, (45, 30)),
        (
            "Help at 60 × 20",
            "Each key once, the words wrapped under their column; the marker says more is below.",
            &help,
            (60, 20),
        ),
        ("Help at 45 × 30", "", &help, (45, 30)),
    ];
    for (title, about, app, size) in phones {
        screens.push((title, about, text(&draw(app, clock.at(31.0), size))));
    }

    let app = playing("bedtime-pregnancy", clock.at(0.0));
    screens.push((
        "Too small",
        "Below 40 × 12.",
        text(&draw(&app, clock.at(1.0), (36, 10))),
    ));
    screens
}

fn fence(screen: &str) -> String {
    format!("```text\n{screen}```\n")
}

const SCREENS_HEADER: &str = "\
# Screens

Text captures of limber's screens at 80 × 24 on the bundled routines, and of the picker, setup,
the timer and help at phone sizes (60 × 20, 45 × 30), rendered by
`tests/tui.rs` (which fails when this file is out of date; regenerate it with
`LIMBER_UPDATE_DOCS=1 cargo test --test tui docs_`). Colour is not shown: every state also reads
as words, so these captures are what a `NO_COLOR` terminal shows. Larger terminals get larger
digits and more room for the text, up to 120 × 40; a window larger than that shows the frame at
120 × 40, centred (lines of text stay a readable length, and each second costs the same).
";

#[test]
fn docs_screens_md_is_up_to_date() {
    let screens = doc_screens();
    let mut md = String::from(SCREENS_HEADER);
    for (title, about, screen) in &screens {
        if about.is_empty() {
            md.push_str(&format!("\n## {title}\n\n{}", fence(screen)));
        } else {
            md.push_str(&format!("\n## {title}\n\n{about}\n\n{}", fence(screen)));
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("docs").join("screens.md");
    let readme_path = root.join("README.md");
    let timer = screens
        .iter()
        .find(|(t, _, _)| t.starts_with("Timer: a timed"))
        .map(|(_, _, s)| fence(s))
        .unwrap_or_default();
    let readme = std::fs::read_to_string(&readme_path).unwrap_or_default();
    let (open, close) = ("<!-- screens:timer -->\n", "<!-- /screens:timer -->");
    let new_readme = match (readme.find(open), readme.find(close)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{open}{timer}{}", &readme[..a], &readme[b..])
        }
        _ => readme.clone(),
    };
    if std::env::var_os("LIMBER_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &md).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        std::fs::write(&readme_path, &new_readme)
            .unwrap_or_else(|e| panic!("{}: {e}", readme_path.display()));
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == md,
        "docs/screens.md is out of date: regenerate it with \
         `LIMBER_UPDATE_DOCS=1 cargo test --test tui docs_`"
    );
    assert!(
        readme.contains(open) && readme == new_readme,
        "README's timer capture (between {open:?} and {close:?}) is out of date: regenerate it \
         with `LIMBER_UPDATE_DOCS=1 cargo test --test tui docs_`"
    );
}

#[test]
fn the_diary_screens_are_dim_at_night() {
    let clock = Clock(Instant::now());
    let now = clock.at(0.0);
    let mut app = App::new(catalog(), true, true);
    let now = wall(now, date(2025, 2, 3).at(7, 40, 0, 0));
    ch(&mut app, 'd', now);
    app.report_loaded(Ok((known_report(), None)));
    let report = draw(&app, now, (80, 24));
    press(
        &mut app,
        KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT),
        now,
    );
    assert!(matches!(app.screen, Screen::Log(_)));
    let form = draw(&app, now, (80, 24));
    for buffer in [report, form] {
        for cell in buffer.content() {
            assert!(
                !matches!(
                    cell.fg,
                    Color::White | Color::Reset | Color::Yellow | Color::Red | Color::LightRed
                ) || cell.symbol() == " ",
                "a bright cell at night: {:?} {:?}",
                cell.symbol(),
                cell.fg
            );
            assert!(!cell.modifier.contains(Modifier::BOLD), "bold at night");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The form's keys are the key table's: the same in the app as in `limber log`.

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The app on an empty log form opened from the list (`L`).
fn app_on_the_form(now: Tick) -> App {
    let mut app = App::new(catalog(), false, true);
    press(
        &mut app,
        KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT),
        now,
    );
    assert!(matches!(app.screen, Screen::Log(_)), "L opens the form");
    app
}

fn form(app: &App) -> &limber::tui::app::LogForm {
    let Screen::Log(log) = &app.screen else {
        panic!("not on the form")
    };
    &log.form
}

#[test]
fn ctrl_s_saves_the_form_in_the_app_from_any_field() {
    let now = wall(Instant::now(), date(2025, 2, 3).at(7, 40, 0, 0));
    let mut app = app_on_the_form(now);
    // From When: where: foot; side: left; strength: weak; then down past lasted and situation
    // to the note.
    for k in [
        key(KeyCode::Tab),
        key(KeyCode::Char('f')),
        key(KeyCode::Tab),
        key(KeyCode::Char('l')),
        key(KeyCode::Tab),
        key(KeyCode::Char('w')),
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Char('x')),
    ] {
        press(&mut app, k, now);
    }
    assert_eq!(form(&app).focus, Field::Note);
    let commands = press_for(&mut app, ctrl('s'), now);
    let Some(Command::SaveCramp(entry)) = commands.first() else {
        panic!("Ctrl-S saves: {commands:?}")
    };
    assert_eq!(
        (entry.place, entry.side, entry.strength, entry.note.as_str()),
        (Place::Foot, Side::Left, Strength::Weak, "x")
    );
    // Ctrl-S with a field missing points at it, as Enter does.
    let mut app = app_on_the_form(now);
    assert!(press_for(&mut app, ctrl('s'), now).is_empty());
    assert_eq!(form(&app).focus, Field::Place);
    assert!(form(&app).error.is_some());
}

#[test]
fn ctrl_c_on_the_form_quits_at_once() {
    let now = wall(Instant::now(), date(2025, 2, 3).at(7, 40, 0, 0));
    let mut app = app_on_the_form(now);
    press(&mut app, ctrl('c'), now);
    assert!(app.quit);
}

#[test]
fn a_form_field_takes_the_usual_line_editing() {
    let now = wall(Instant::now(), date(2025, 2, 3).at(7, 40, 0, 0));
    let mut app = app_on_the_form(now);
    // Down to "What helped" and type in it.
    for _ in 0..6 {
        press(&mut app, key(KeyCode::Tab), now);
    }
    assert_eq!(form(&app).focus, Field::Helped);
    let typed = |app: &mut App, text: &str| {
        for c in text.chars() {
            press(app, key(KeyCode::Char(c)), now);
        }
    };
    typed(&mut app, "pulled the toes");
    press(&mut app, ctrl('w'), now);
    assert_eq!(form(&app).helped, "pulled the ");
    press(&mut app, ctrl('u'), now);
    assert_eq!(form(&app).helped, "", "Ctrl-U erases the line, not a `u`");
    typed(&mut app, "stretch");
    press(&mut app, key(KeyCode::Home), now);
    typed(&mut app, "a ");
    press(&mut app, key(KeyCode::End), now);
    typed(&mut app, "ed");
    assert_eq!(form(&app).helped, "a stretched");
    press(&mut app, ctrl('a'), now);
    press(&mut app, key(KeyCode::Delete), now);
    press(&mut app, key(KeyCode::Delete), now);
    press(&mut app, ctrl('e'), now);
    press(&mut app, key(KeyCode::Left), now);
    press(&mut app, key(KeyCode::Backspace), now);
    assert_eq!(form(&app).helped, "stretchd");
    // The cursor shows where it stands: on the `d`, not after it.
    let screen = text(&draw(&app, now, (80, 24)));
    assert!(screen.contains("What helped   stretchd "), "{screen}");
    assert!(!screen.contains("stretchd_"), "{screen}");
    // On a choice field ← → still choose.
    for _ in 0..3 {
        press(&mut app, key(KeyCode::BackTab), now);
    }
    assert_eq!(form(&app).focus, Field::Strength);
    press(&mut app, key(KeyCode::Right), now);
    assert_eq!(form(&app).strength, Some(Strength::Weak));
}

#[test]
fn the_filter_and_a_typed_value_take_the_same_line_editing() {
    let now = Instant::now();
    let mut app = App::new(catalog(), false, true);
    ch(&mut app, '/', now);
    for c in "night calf".chars() {
        ch(&mut app, c, now);
    }
    press(&mut app, ctrl('w'), now);
    assert_eq!(app.picker.query, "night ");
    press(&mut app, ctrl('u'), now);
    assert_eq!(app.picker.query, "");
    for c in "calf".chars() {
        ch(&mut app, c, now);
    }
    press(&mut app, key(KeyCode::Home), now);
    press(&mut app, key(KeyCode::Delete), now);
    assert_eq!(app.picker.query, "alf");
    assert!(text(&draw(&app, now, (80, 24))).contains("filter: ▏alf"));

    // Setup: a value being typed.
    let mut app = App::new(catalog(), false, true);
    let r = routine("night-calf", NIGHT_CALF);
    let values = r.default_values();
    app.open(r, values, SideChoice::LeftFirst, now);
    for c in "45".chars() {
        ch(&mut app, c, now);
    }
    press(&mut app, ctrl('u'), now);
    ch(&mut app, '3', now);
    press(&mut app, ctrl('a'), now);
    ch(&mut app, '2', now);
    let Screen::Setup(setup) = &app.screen else {
        panic!("setup")
    };
    assert_eq!(
        setup.typing.as_ref().map(|t| t.to_string()),
        Some("23".into())
    );
}
