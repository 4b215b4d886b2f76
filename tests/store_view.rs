//! The diary's screens on a `TestBackend`: the log form driven by keys, and the report screen.

use std::time::Duration;

use jiff::civil::{DateTime, date};
use limber::store::{Cramp, NewCramp, Place, Side, Situation, Strength};
use limber::tui::screens::diary::render_report;
use limber::tui::screens::log_form::{Field, FormAction, LogForm, render_log_form};
use limber_core::diary::report::Report;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> DateTime {
    date(2025, 2, 3).at(7, 40, 0, 0)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn type_text(form: &mut LogForm, text: &str) {
    for c in text.chars() {
        assert_eq!(form.on_key(key(KeyCode::Char(c))), FormAction::Continue);
    }
}

/// The screen's text, one string per row.
fn screen(width: u16, height: u16, draw: impl Fn(&mut ratatui::Frame<'_>)) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height))
        .unwrap_or_else(|e| panic!("test terminal: {e}"));
    terminal
        .draw(|f| draw(f))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect()
}

fn has(rows: &[String], text: &str) -> bool {
    rows.iter().any(|r| r.contains(text))
}

#[test]
fn form_is_filled_with_keys_and_saves_an_entry() {
    let mut form = LogForm::new(now());
    // Focus starts at When, its prefilled time selected: typing replaces it.
    assert_eq!(form.focus, Field::When);
    assert!(form.when_selected);
    type_text(&mut form, "01:00");
    assert_eq!(form.when.value(), "01:00");
    // Then Where: the letter f picks foot, again f picks front of thigh.
    form.on_key(key(KeyCode::Tab));
    assert_eq!(form.focus, Field::Place);
    form.on_key(key(KeyCode::Char('f')));
    assert_eq!(form.place, Some(Place::Foot));
    form.on_key(key(KeyCode::Char('f')));
    assert_eq!(form.place, Some(Place::ThighFront));
    form.on_key(key(KeyCode::Char('c')));
    assert_eq!(form.place, Some(Place::Calf));
    form.on_key(key(KeyCode::Down));
    assert_eq!(form.focus, Field::Side);
    form.on_key(key(KeyCode::Char('l')));
    form.on_key(key(KeyCode::Down));
    assert_eq!(form.focus, Field::Strength);
    form.on_key(key(KeyCode::Left)); // from "choose", ← is the last: strong
    form.on_key(key(KeyCode::Down));
    assert_eq!(form.focus, Field::Lasted);
    type_text(&mut form, "3m");
    form.on_key(key(KeyCode::Down));
    // Situation: → picks "at night".
    assert_eq!(form.focus, Field::Situation);
    form.on_key(key(KeyCode::Right));
    form.on_key(key(KeyCode::Down));
    type_text(&mut form, "stretch");
    form.on_key(key(KeyCode::Down));
    type_text(&mut form, "woke me");
    // Back up to When: selected again, one Backspace clears it.
    for _ in 0..7 {
        form.on_key(key(KeyCode::Up));
    }
    assert_eq!(form.focus, Field::When);
    assert!(form.when_selected);
    form.on_key(key(KeyCode::Backspace));
    assert_eq!(form.when.value(), "");
    type_text(&mut form, "02:30");

    let rows = screen(60, 14, |f| render_log_form(f, f.area(), &form));
    assert!(has(&rows, "Log a cramp"), "{rows:#?}");
    assert!(has(&rows, "When          02:30_"), "{rows:#?}");
    assert!(has(&rows, "Situation   ‹ at night ›"), "{rows:#?}");
    assert!(has(&rows, "Where       ‹ calf ›"), "{rows:#?}");
    assert!(has(&rows, "Strength    ‹ strong ›"), "{rows:#?}");
    assert!(has(&rows, "Enter save"), "{rows:#?}");

    let saved = form.on_key(key(KeyCode::Enter));
    assert_eq!(
        saved,
        FormAction::Save(NewCramp {
            at: date(2025, 2, 3).at(2, 30, 0, 0),
            situation: Some(Situation::Night),
            place: Place::Calf,
            side: Side::Left,
            strength: Strength::Strong,
            lasted: Some(Duration::from_secs(180)),
            helped: "stretch".into(),
            note: "woke me".into(),
            session: None,
        })
    );
}

#[test]
fn form_points_at_what_is_missing() {
    let mut form = LogForm::new(now());
    assert_eq!(form.on_key(key(KeyCode::Enter)), FormAction::Continue);
    assert_eq!(form.focus, Field::Place);
    let rows = screen(60, 14, |f| render_log_form(f, f.area(), &form));
    assert!(has(&rows, "choose where the cramp was"), "{rows:#?}");
    // Fixing the field clears its error (the side, still missing, shows at the next save).
    form.on_key(key(KeyCode::Char('c')));
    assert_eq!(form.place, Some(Place::Calf));
    assert_eq!(form.error, None);
    let rows = screen(60, 14, |f| render_log_form(f, f.area(), &form));
    assert!(!has(&rows, "choose where"), "{rows:#?}");

    form.place = Some(Place::Hand);
    form.side = Some(Side::Right);
    form.strength = Some(Strength::Weak);
    form.lasted = "3 parsecs".into();
    assert_eq!(form.submit(), FormAction::Continue);
    assert_eq!(form.focus, Field::Lasted);
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("not a unit"))
    );
    // A long error wraps in a narrow window instead of being cut.
    let error = form.error.clone().unwrap_or_default();
    let rows = screen(34, 16, |f| render_log_form(f, f.area(), &form));
    let shown: String = rows
        .iter()
        .map(|r| {
            r.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let last_word = error.split_whitespace().last().unwrap_or_default();
    assert!(error.len() > 30 && shown.contains(last_word), "{rows:#?}");
    // Still wrong after a change: the error stays; right: it goes.
    form.on_key(key(KeyCode::Tab));
    form.on_key(key(KeyCode::BackTab));
    assert!(form.error.is_some());
    for _ in 0..form.lasted.len() {
        form.on_key(key(KeyCode::Backspace));
    }
    type_text(&mut form, "2m");
    assert_eq!(form.error, None);

    assert_eq!(form.on_key(key(KeyCode::Esc)), FormAction::Cancel);
}

#[test]
fn form_after_a_routine_is_prefilled() {
    let form = LogForm::after_routine(
        now(),
        Duration::from_secs(150),
        Some(7),
        Some(Place::Calf),
        "First aid: calf",
    );
    let Ok(entry) = form.entry() else {
        // Side and strength are the user's to say.
        assert_eq!(form.entry().err().map(|(f, _)| f), Some(Field::Side));
        assert_eq!(form.when, "2025-02-03 07:37");
        assert_eq!(form.lasted, "2m30s");
        assert_eq!(form.session, Some(7));
        assert_eq!(form.helped, "First aid: calf");
        return;
    };
    panic!("an entry without side and strength: {entry:?}");
}

fn cramp(id: i64, at: DateTime, lasted: u64) -> Cramp {
    Cramp {
        id,
        entry: NewCramp {
            at,
            situation: Some(Situation::Night),
            place: Place::Calf,
            side: Side::Both,
            strength: Strength::Strong,
            lasted: Some(Duration::from_secs(lasted)),
            helped: String::new(),
            note: String::new(),
            session: None,
        },
    }
}

#[test]
fn report_screen_shows_chart_counts_and_warnings() {
    // A cramp every night of the last week, one of them 6 minutes long.
    let cramps: Vec<Cramp> = (0..7)
        .map(|i| {
            let d = date(2025, 1, 28)
                .checked_add(jiff::Span::new().days(i))
                .unwrap_or_default();
            cramp(i + 1, d.at(3, 0, 0, 0), if i == 3 { 360 } else { 60 })
        })
        .collect();
    let report = Report::build(&cramps, &[], now(), None);
    // Wide enough for a bar per night (28 bars of 2 columns and a gap).
    let rows = screen(86, 40, |f| render_report(f, f.area(), &report));
    assert!(
        has(&rows, "Cramp diary: Mon 6 Jan to Sun 2 Feb"),
        "{rows:#?}"
    );
    assert!(has(&rows, "Cramps per night"), "{rows:#?}");
    assert!(has(&rows, "7 cramps over 28 nights"), "{rows:#?}");
    assert!(has(&rows, "Where: calf 7"), "{rows:#?}");
    assert!(
        has(&rows, "WARNING SIGN: Cramps on most days of a week"),
        "{rows:#?}"
    );
    assert!(
        has(&rows, "WARNING SIGN: A cramp lasting more than 5 minutes"),
        "{rows:#?}"
    );
    assert!(has(&rows, "not a diagnosis"), "{rows:#?}");
    // The chart: day-of-month labels under the bars, the last seven nights with a bar.
    let labels = rows
        .iter()
        .find(|r| r.contains("27") && r.contains(" 1 ") && r.contains(" 2"));
    assert!(labels.is_some(), "{rows:#?}");
    let bar_cells = rows[..12]
        .iter()
        .map(|r| r.matches('█').count())
        .sum::<usize>();
    assert!(bar_cells >= 7, "bars drawn: {rows:#?}");
    let labels = rows.iter().find(|r| r.starts_with("│6  7  8 "));
    assert!(labels.is_some(), "the first night is there: {rows:#?}");

    // Narrower, the chart groups by week rather than dropping the first nights.
    for width in [80, 45] {
        let rows = screen(width, 30, |f| render_report(f, f.area(), &report));
        assert!(
            has(&rows, "Cramp diary: Mon 6 Jan to Sun 2 Feb"),
            "{rows:#?}"
        );
        assert!(has(&rows, "Cramps per week"), "{rows:#?}");
        assert!(
            rows.iter().any(|r| r.starts_with("│6  13 20 27 ")),
            "four weeks, the first starting on the 6th: {rows:#?}"
        );
    }
}

/// `limber log`'s form reads keys through the same table as the app: line editing, Ctrl-S saves,
/// Ctrl-C leaves.
#[test]
fn the_form_alone_takes_the_same_keys_as_in_the_app() {
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let mut form = LogForm::new(now());
    form.focus = Field::Lasted;
    type_text(&mut form, "3 minutes");
    form.on_key(ctrl('w'));
    assert_eq!(form.lasted, "3 ");
    form.on_key(ctrl('u'));
    assert_eq!(form.lasted, "", "Ctrl-U erases, it does not type `u`");
    type_text(&mut form, "m");
    form.on_key(key(KeyCode::Home));
    type_text(&mut form, "3");
    form.on_key(key(KeyCode::End));
    assert_eq!(form.lasted, "3m");
    let drawn = screen(60, 13, |f| render_log_form(f, f.area(), &form)).join("\n");
    assert!(drawn.contains("Lasted        3m_"), "{drawn}");

    form.place = Some(Place::Calf);
    form.side = Some(Side::Left);
    form.strength = Some(Strength::Strong);
    assert!(matches!(form.on_key(ctrl('s')), FormAction::Save(_)));
    assert_eq!(form.on_key(ctrl('c')), FormAction::Cancel);
}
