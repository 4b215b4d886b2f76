//! Phone-sized windows (60×20, 45×30, 40×12) on every screen, drawn on a `TestBackend`: the
//! footer keeps `? help` and the way out; a title and its status share a row without running
//! into each other (the title is cut with "…"); help and the diary stop scrolling at their end
//! (no blank pages); help lists each key once.

mod common;

use common::screen::bundled;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use jiff::civil::date;
use limber::store::{Cramp, NewCramp, Place, Report, Side, Situation, Strength};
use limber::tui::App;
use limber::tui::app::{Broken, Listing, Screen};
use limber::tui::keys::resolve;
use limber::tui::view::render;
use limber_core::routine::{Routine, SideChoice};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PHONES: [(u16, u16); 3] = [(60, 20), (45, 30), (40, 12)];

fn routine(id: &str) -> Routine {
    bundled()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no bundled {id}"))
}

/// The screen as rows of text, with the sound's status as on a machine without a device.
fn screen_with(app: &App, now: Instant, (w, h): (u16, u16), sound: Option<&str>) -> Vec<String> {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, sound))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}

fn screen(app: &App, now: Instant, size: (u16, u16)) -> Vec<String> {
    screen_with(app, now, size, None)
}

fn press(app: &mut App, code: KeyCode, now: Instant) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = resolve(app.mode(), &event) {
        app.update(action, now);
    }
}

fn ch(app: &mut App, c: char, now: Instant) {
    press(app, KeyCode::Char(c), now);
}

fn known_report() -> Report {
    let cramps: Vec<Cramp> = (0..7)
        .map(|i| Cramp {
            id: i + 1,
            entry: NewCramp {
                at: date(2025, 1, 28)
                    .checked_add(jiff::Span::new().days(i))
                    .unwrap_or_default()
                    .at(3, 10, 0, 0),
                situation: Some(Situation::Night),
                place: if i % 3 == 0 { Place::Foot } else { Place::Calf },
                side: Side::Left,
                strength: Strength::Strong,
                lasted: Some(Duration::from_secs(if i == 3 { 360 } else { 60 })),
                helped: String::new(),
                note: String::new(),
                session: None,
            },
        })
        .collect();
    Report::build(&cramps, &[], date(2025, 2, 3).at(7, 40, 0, 0), None)
}

fn broken_listing() -> Listing {
    Listing {
        routines: bundled(),
        yours: Vec::new(),
        broken: vec![Broken::new(
            "mine.toml",
            "/home/me/.config/limber/routines/mine.toml:3:1: unknown key `duraton` in a step",
            "error: unknown key `duraton` in a step\n --> mine.toml:3:1",
            1,
        )],
    }
}

/// Every screen a person can reach, by name.
fn every_screen(now: Instant) -> Vec<(&'static str, App)> {
    let calf = routine("first-aid-calf");
    let mut screens = Vec::new();
    screens.push(("picker", App::new(bundled(), false, true)));
    let mut filter = App::new(bundled(), false, true);
    ch(&mut filter, '/', now);
    ch(&mut filter, 'c', now);
    screens.push(("filter", filter));
    let mut problems = App::with_listing(broken_listing(), false, true);
    press(&mut problems, KeyCode::End, now);
    press(&mut problems, KeyCode::Enter, now);
    assert_eq!(
        problems.picker.problems,
        Some(0),
        "Enter opens the problems"
    );
    screens.push(("a broken file's problems", problems));
    let mut setup = App::new(bundled(), false, true);
    setup.open(
        calf.clone(),
        calf.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    screens.push(("setup", setup));
    let mut timer = App::new(bundled(), false, true);
    timer.start(
        calf.clone(),
        calf.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    ch(&mut timer, 'n', now);
    screens.push(("timer", timer.clone()));
    let mut quit = timer.clone();
    ch(&mut quit, 'q', now);
    screens.push(("quit?", quit));
    let mut help = timer.clone();
    ch(&mut help, '?', now);
    screens.push(("help over the timer", help));
    let mut help = App::new(bundled(), false, true);
    ch(&mut help, '?', now);
    screens.push(("help over the list", help));
    let mut finish = timer;
    for _ in 0..10 {
        ch(&mut finish, 'n', now);
    }
    assert!(matches!(finish.screen, Screen::Finish(_)));
    screens.push(("finish", finish));
    let mut cramp = App::new(bundled(), false, true);
    ch(&mut cramp, 'c', now);
    screens.push(("where is the cramp", cramp.clone()));
    ch(&mut cramp, 'c', now);
    screens.push(("which leg", cramp));
    let mut diary = App::new(bundled(), false, true);
    ch(&mut diary, 'd', now);
    diary.report_loaded(Ok((known_report(), None)));
    screens.push(("diary", diary));
    let mut form = App::new(bundled(), false, true);
    press(&mut form, KeyCode::Char('L'), now);
    assert!(matches!(form.screen, Screen::Log(_)));
    screens.push(("log form", form));
    screens
}

#[test]
fn the_footer_keeps_help_and_the_way_out_on_every_screen_at_phone_sizes() {
    let now = Instant::now();
    for (name, app) in every_screen(now) {
        for size in PHONES {
            let rows = screen(&app, now, size);
            let footer = rows.last().cloned().unwrap_or_default();
            // While a filter is typed, `?` is a letter: Esc (shown) stops typing first.
            let help = footer.contains("? help") || footer.contains("? close") || name == "filter";
            // The way out: quit, back, clear (a filter), go on (the question), or Esc (the form).
            let out = ["quit", "back", "clear", "go on", "Esc", "close"]
                .iter()
                .any(|w| footer.contains(w));
            // The form and the quit question have their keys in their own box.
            let boxed = matches!(name, "log form" | "quit?");
            assert!(
                boxed || (help && out),
                "{name} at {size:?}: {footer:?}\n{}",
                rows.join("\n")
            );
        }
    }
}

#[test]
fn a_title_and_its_status_never_run_into_each_other() {
    let now = Instant::now();
    let calf = routine("first-aid-calf");
    let mut timer = App::new(bundled(), false, true);
    timer.start(
        calf.clone(),
        calf.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    ch(&mut timer, 'n', now);
    let sound = "sound off (no output device: the ALSA library was not found)";
    for size in PHONES {
        let top = screen_with(&timer, now, size, Some(sound))[0].clone();
        assert!(top.contains(" step 2 of 6 "), "{size:?}: {top}");
        // No room for the reason: "no sound" (help has the reason), never "muted".
        assert!(top.contains("no sound"), "{size:?}: {top}");
        // Whole, or cut with "…"; a stretch of border between it and the status.
        let (title, status) = top.split_once(" no sound").unwrap_or_default();
        let title = title.trim_end_matches(['━', ' ']);
        assert!(
            title.ends_with("Calf cramp: first aid") || title.ends_with('…'),
            "{size:?}: {top}"
        );
        assert!(
            top.contains("… ━") || top.contains("aid ━"),
            "{size:?}: {top}"
        );
        assert!(!status.is_empty());
    }
    // The finish screen: a long routine's title on its one row, cut with "…".
    let long = routine("bedtime-pregnancy");
    let mut finish = App::new(bundled(), false, true);
    finish.start(
        long.clone(),
        long.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    while !matches!(finish.screen, Screen::Finish(_)) {
        ch(&mut finish, 'n', now);
    }
    let rows = screen(&finish, now, (40, 12));
    assert!(
        rows.iter()
            .any(|r| r.trim() == "Bedtime massage and exercises in preg…"),
        "{}",
        rows.join("\n")
    );
    // The list's header: the tag and the filter win, the name is cut.
    let mut picker = App::new(bundled(), false, true);
    ch(&mut picker, '/', now);
    for c in "calf".chars() {
        ch(&mut picker, c, now);
    }
    for size in PHONES {
        let top = screen(&picker, now, size)[0].clone();
        assert!(top.contains("tag: all  filter: calf"), "{size:?}: {top}");
        assert!(top.contains("limber"), "{size:?}: {top}");
    }
}

/// The timer's "next:" row: whole where it fits, cut with "…" where it does not, never cut
/// silently (the calf's next step is "Stretch the calf · until the cramp has passed").
#[test]
fn what_comes_next_is_whole_or_cut_with_an_ellipsis() {
    let now = Instant::now();
    let calf = routine("first-aid-calf");
    let mut timer = App::new(bundled(), false, true);
    timer.start(
        calf.clone(),
        calf.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    let whole = "next: Stretch the calf · until the cramp has passed";
    for size in [(80, 24), (60, 20), (45, 30), (40, 12)] {
        let rows = screen(&timer, now, size);
        let next = rows
            .iter()
            .map(|r| r.trim_matches(['│', ' ']))
            .find(|r| r.starts_with("next:"))
            .unwrap_or_else(|| panic!("{size:?}: no next row\n{}", rows.join("\n")));
        assert!(
            next == whole || (next.ends_with('…') && whole.starts_with(next.trim_end_matches('…'))),
            "{size:?}: {next}"
        );
        if size.0 <= 45 {
            assert!(next.ends_with('…'), "{size:?}: {next}");
        }
    }
}

/// The rows inside a panel's frame (between its top and bottom borders), frame cut off.
fn inside(rows: &[String]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.starts_with('│'))
        .map(|r| r.trim_matches('│').trim_end().to_string())
        .collect()
}

#[test]
fn help_stops_at_its_end_and_says_when_more_is_below() {
    let now = Instant::now();
    for running in [false, true] {
        let mut app = App::new(bundled(), false, true);
        if running {
            let calf = routine("first-aid-calf");
            app.start(
                calf.clone(),
                calf.default_values(),
                SideChoice::LeftFirst,
                now,
            );
        }
        ch(&mut app, '?', now);
        for page in 0..2 {
            for size in PHONES {
                let mut app = app.clone();
                let first = screen(&app, now, size);
                assert!(
                    first.iter().any(|r| r.contains("↓ more below")),
                    "page {page} at {size:?}:\n{}",
                    first.join("\n")
                );
                // Page down to the end (drawn after each key, as the loop does) …
                let mut pages = 0;
                while screen(&app, now, size)
                    .iter()
                    .any(|r| r.contains("↓ more below"))
                {
                    press(&mut app, KeyCode::PageDown, now);
                    pages += 1;
                    assert!(pages < 100, "page {page} at {size:?}: no end");
                }
                let end = screen(&app, now, size);
                // … and further: nothing moves, no blank page.
                press(&mut app, KeyCode::PageDown, now);
                ch(&mut app, 'j', now);
                assert_eq!(screen(&app, now, size), end, "page {page} at {size:?}");
                // One step back up shows something else: the end was the end, not past it.
                ch(&mut app, 'k', now);
                assert_ne!(screen(&app, now, size), end, "page {page} at {size:?}");
            }
            press(&mut app, KeyCode::Tab, now);
        }
    }
}

/// The keys page as (section, keys, words) rows, continuation lines joined.
fn key_rows(rows: Vec<String>) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut section = String::new();
    for row in rows {
        if row.trim().is_empty() {
            continue;
        }
        if !row.starts_with(' ') {
            section = row;
            continue;
        }
        let trimmed = row.trim_start();
        let indent = row.len() - trimmed.len();
        match out.last_mut() {
            // A row further in than the keys goes on the words above.
            Some(last) if indent > 2 => {
                last.2.push(' ');
                last.2.push_str(trimmed);
            }
            _ => {
                let (keys, words) = trimmed.split_once("  ").unwrap_or((trimmed, ""));
                out.push((section.clone(), keys.to_string(), words.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn help_lists_each_key_once() {
    let now = Instant::now();
    for running in [false, true] {
        let mut app = App::new(bundled(), false, true);
        if running {
            let calf = routine("first-aid-calf");
            app.start(
                calf.clone(),
                calf.default_values(),
                SideChoice::LeftFirst,
                now,
            );
        }
        ch(&mut app, '?', now);
        let rows = key_rows(inside(&screen(&app, now, (140, 300))));
        assert!(rows.len() > 40, "the keys page: {rows:?}");
        // No row says again what another in its section says: the same words but for a
        // remark in brackets ("move down" and "move down (also ↓)"), or the same key with the
        // words of the other and more ("clear the filter" and "clear the filter, or quit").
        let bare = |words: &str| {
            words
                .split_once(" (")
                .map_or(words, |(before, _)| before)
                .to_string()
        };
        let keys = |k: &str| k.split(" / ").map(str::to_string).collect::<HashSet<_>>();
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                if a.0 != b.0 {
                    continue;
                }
                let same_words = bare(&a.2) == bare(&b.2);
                let same_key = !keys(&a.1).is_disjoint(&keys(&b.1))
                    && (a.2.starts_with(&b.2) || b.2.starts_with(&a.2));
                assert!(
                    !same_words && !same_key,
                    "twice in {:?}: {a:?} and {b:?}",
                    a.0
                );
            }
        }
        let unique: HashSet<_> = rows.iter().collect();
        assert_eq!(unique.len(), rows.len(), "{rows:?}");
    }
}

#[test]
fn the_diary_stops_scrolling_at_its_end() {
    let now = Instant::now();
    let mut app = App::new(bundled(), false, true);
    ch(&mut app, 'd', now);
    app.report_loaded(Ok((known_report(), None)));
    for size in [(60, 20), (45, 30), (40, 12), (80, 24)] {
        let mut app = app.clone();
        let first = screen(&app, now, size);
        assert!(
            first.iter().any(|r| r.contains("↓ more below")),
            "{size:?}:\n{}",
            first.join("\n")
        );
        for _ in 0..60 {
            ch(&mut app, 'J', now);
            screen(&app, now, size);
        }
        let end = screen(&app, now, size);
        assert!(
            end.iter().any(|r| r.contains("↑ more above")),
            "{size:?}:\n{}",
            end.join("\n")
        );
        let Screen::Report(view) = &app.screen else {
            panic!("on the report")
        };
        let at_end = view.scrolled();
        ch(&mut app, 'K', now);
        let Screen::Report(view) = &app.screen else {
            panic!("on the report")
        };
        assert_eq!(
            view.scrolled() + 1,
            at_end,
            "{size:?}: one back from the end"
        );
        // The last words of the report are on screen at the end.
        assert!(
            end.iter().any(|r| r.contains("means.")),
            "{size:?}:\n{}",
            end.join("\n")
        );
    }
}
