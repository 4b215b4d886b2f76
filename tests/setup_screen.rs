//! The setup screen on a `TestBackend`, for every bundled routine: every setting comes into
//! sight with the cursor on it; what to have ready and every caution can be read in full, a
//! whole item at a time, with a marker while some are out of sight; a typed value is checked as
//! it is typed; the time it takes follows the values.

mod common;

use common::screen::{bundled, rows as screen};

use std::time::Instant;

use limber::tui::App;
use limber::tui::app::Screen;
use limber::tui::keys::Action;
use limber_core::routine::{Routine, SideChoice};

const SIZES: [(u16, u16); 3] = [(80, 24), (60, 20), (100, 30)];

fn opened(routine: &Routine, now: Instant) -> App {
    let mut app = App::new(Vec::new(), false, true);
    app.open(
        routine.clone(),
        routine.default_values(),
        SideChoice::default(),
        now,
    );
    assert!(
        matches!(app.screen, Screen::Setup(_)),
        "{} opens on setup",
        routine.id
    );
    app
}

fn needs_setup(routine: &Routine) -> bool {
    !routine.params.is_empty() || routine.has_sides() || !routine.caution.is_empty()
}

/// The words of `rows` in reading order, without the frame's lines.
fn words(rows: &[String]) -> Vec<String> {
    rows.iter()
        .flat_map(|row| row.split_whitespace())
        .filter(|t| !t.chars().all(|c| "│┃╭╮╰╯─━▌◂▸".contains(c)))
        .map(|t| t.trim_matches(|c| "│▌".contains(c)).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The rows inside the "Before you start" box.
fn before_box(rows: &[String]) -> Vec<String> {
    let Some(top) = rows
        .iter()
        .position(|r| r.starts_with("╭ Before you start"))
    else {
        return Vec::new();
    };
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.starts_with('╰'))
        .cloned()
        .collect()
}

#[test]
fn every_setting_of_every_bundled_routine_is_seen_with_the_cursor_on_it() {
    let now = Instant::now();
    let mut checked = 0;
    for routine in bundled().iter().filter(|r| needs_setup(r)) {
        for size in SIZES {
            let mut app = opened(routine, now);
            let mut labels: Vec<String> = routine
                .params
                .iter()
                .map(|p| p.label().to_string())
                .collect();
            if routine.has_sides() {
                labels.push("Which leg".into());
            }
            for (i, label) in labels.iter().enumerate() {
                let rows = screen(&app, now, size);
                let chosen: Vec<&String> = rows.iter().filter(|r| r.contains('▌')).collect();
                assert_eq!(
                    chosen.len(),
                    1,
                    "{} at {size:?}, setting {i} ({label}): one row has the cursor\n{}",
                    routine.id,
                    rows.join("\n")
                );
                assert!(
                    chosen[0].contains(&format!("▌{label} ")),
                    "{} at {size:?}: the cursor is on {label}\n{}",
                    routine.id,
                    rows.join("\n")
                );
                assert!(
                    chosen[0].contains('◂') && chosen[0].contains('▸'),
                    "{} at {size:?}: {label}'s value is in sight\n{}",
                    routine.id,
                    rows.join("\n")
                );
                // While settings are out of sight the frame says so.
                let more_below = rows.iter().any(|r| r.contains("↓ more"));
                let last_seen = rows.iter().any(|r| {
                    labels.last().is_some_and(|l| {
                        r.contains(&format!("▌{l} ")) || r.contains(&format!(" {l} "))
                    })
                });
                assert!(
                    more_below || last_seen,
                    "{} at {size:?}: the last setting is in sight or 'more' says it is below\n{}",
                    routine.id,
                    rows.join("\n")
                );
                app.update(Action::Down, now);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} settings walked");
}

#[test]
fn what_to_have_ready_and_every_caution_can_be_read_in_full() {
    let now = Instant::now();
    for routine in bundled().iter().filter(|r| needs_setup(r)) {
        let mut items: Vec<Vec<String>> = routine
            .caution
            .iter()
            .map(|c| format!("Caution: {c}"))
            .collect::<Vec<_>>()
            .iter()
            .map(|c| c.split_whitespace().map(str::to_string).collect())
            .collect();
        if !routine.equipment.is_empty() {
            let need = format!("You need: {}.", routine.equipment.join(", "));
            items.insert(0, need.split_whitespace().map(str::to_string).collect());
        }
        for (title, note) in limber_core::routine::provenance::step_notes(routine) {
            let about = format!("About the numbers: {title}: {note}");
            items.push(about.split_whitespace().map(str::to_string).collect());
        }
        for size in SIZES {
            let mut app = opened(routine, now);
            let mut seen = vec![false; items.len()];
            for page in 0..=items.len() {
                let rows = screen(&app, now, size);
                let inside = before_box(&rows);
                let shown = words(&inside);
                let mut whole = 0;
                for (i, item) in items.iter().enumerate() {
                    if contains_run(&shown, item) {
                        seen[i] = true;
                        whole += 1;
                    }
                }
                assert!(
                    whole > 0 || items.is_empty(),
                    "{} at {size:?}, page {page}: at least one whole item\n{}",
                    routine.id,
                    rows.join("\n")
                );
                // Never cut mid-sentence: the box ends where an item ends.
                if let Some(last) = shown.last() {
                    assert!(
                        items.iter().any(|item| item.last() == Some(last)),
                        "{} at {size:?}: the box ends mid-item at {last:?}\n{}",
                        routine.id,
                        rows.join("\n")
                    );
                }
                let marked = rows.iter().any(|r| r.contains("PgDn more"));
                let all_seen = seen.iter().all(|s| *s);
                if !all_seen {
                    assert!(
                        marked,
                        "{} at {size:?}: some are out of sight, and the frame says so\n{}",
                        routine.id,
                        rows.join("\n")
                    );
                }
                if all_seen {
                    break;
                }
                app.update(Action::PageDown, now);
            }
            assert!(
                seen.iter().all(|s| *s),
                "{} at {size:?}: every item read, {seen:?}",
                routine.id
            );
        }
    }
}

/// Where a number comes from is for choosing, not for a person in pain: no bundled step's
/// instructions say it (its `note` does), the timer never shows a note, and setup shows the notes
/// that no setting's help already gives.
#[test]
fn notes_on_the_numbers_are_on_setup_and_never_on_the_timer() {
    let now = Instant::now();
    let said = |text: &str| {
        let text = text.to_lowercase();
        [
            "gives no",
            "give no",
            "no article says",
            "article says several",
        ]
        .iter()
        .any(|w| text.contains(w))
    };
    let mut notes = 0;
    for routine in bundled() {
        let plan = limber_core::routine::expand(
            &routine,
            &routine.default_values(),
            SideChoice::LeftFirst,
        )
        .unwrap_or_else(|e| panic!("{}: {e:?}", routine.id));
        let mut app = App::new(Vec::new(), false, true);
        app.start(
            routine.clone(),
            routine.default_values(),
            SideChoice::LeftFirst,
            now,
        );
        for (i, stage) in plan.stages.iter().enumerate() {
            assert!(
                !said(&stage.text),
                "{} step {:?} says where its number comes from in its instructions: {:?}",
                routine.id,
                stage.title,
                stage.text
            );
            if let Some(note) = &stage.note {
                notes += 1;
                // On the timer, at the stage: its note is nowhere.
                let mut app = App::new(Vec::new(), false, true);
                app.start(
                    routine.clone(),
                    routine.default_values(),
                    SideChoice::LeftFirst,
                    now,
                );
                for _ in 0..i {
                    app.update(Action::Next, now);
                }
                let rows = screen(&app, now, (100, 30)).join(" ");
                let flat = rows.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    !flat.contains(note.as_str()),
                    "{} step {:?}: the timer shows its note\n{rows}",
                    routine.id,
                    stage.title
                );
            }
        }
        drop(app);
    }
    assert!(notes > 20, "{notes} notes");
    // Setup shows the calf's note on the pull, which no setting says.
    let routines = bundled();
    let calf = routines
        .iter()
        .find(|r| r.id == "first-aid-calf")
        .unwrap_or_else(|| panic!("no first-aid-calf"));
    let mut app = opened(calf, now);
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&words(&before_box(&screen(&app, now, (80, 24)))).join(" "));
        seen.push(' ');
        app.update(Action::PageDown, now);
    }
    let seen = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        seen.contains(
            "About the numbers: Stretch the calf: No article says how long to hold each pull."
        ),
        "{seen}"
    );
}

/// The rows that say how long it takes, and the problem.
fn about(rows: &[String]) -> String {
    rows.iter()
        .filter(|r| r.contains("Takes about") || r.contains("outside") || r.contains("Type a"))
        .map(|r| r.trim().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_typed_value_is_checked_as_it_is_typed_and_the_time_follows() {
    let now = Instant::now();
    let routines = bundled();
    let bath = routines
        .iter()
        .find(|r| r.id == "contrast-bath")
        .unwrap_or_else(|| panic!("no contrast-bath"));
    let mut app = opened(bath, now);
    let first = about(&screen(&app, now, (80, 24)));
    assert!(first.contains("Takes about 7m30s"), "{first}");
    // Alternations: 5 to 10. "1" is outside it, said at once, not only on Enter.
    app.update(Action::Type('1'), now);
    let typing = about(&screen(&app, now, (80, 24)));
    assert!(
        typing.contains("1 is outside the range: 5 to 10."),
        "{typing}"
    );
    assert!(typing.contains("Takes about 7m30s"), "{typing}");
    // "10" is in range: the problem goes and the time is the one for 10.
    app.update(Action::Type('0'), now);
    let ten = about(&screen(&app, now, (80, 24)));
    assert!(!ten.contains("outside"), "{ten}");
    assert!(ten.contains("Takes about 15m"), "{ten}");
    // Erasing back to "1" says it again.
    app.update(Action::Erase, now);
    let again = about(&screen(&app, now, (80, 24)));
    assert!(again.contains("1 is outside the range"), "{again}");
    // A duration typed as letters that make no time.
    app.update(Action::Back, now);
    app.update(Action::Down, now);
    app.update(Action::Type('m'), now);
    let bad = about(&screen(&app, now, (80, 24)));
    assert!(
        bad.contains("Type a time such as 45s or 1m30s, 30s to 3m"),
        "{bad}"
    );
    app.update(Action::Back, now);
    // ←/→ change the time at once.
    app.update(Action::More, now);
    let more = about(&screen(&app, now, (80, 24)));
    assert!(more.contains("Takes about 8m45s"), "{more}");
}
