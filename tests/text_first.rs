//! Text first: every stage of every bundled routine, drawn on a `TestBackend`, shows all of its
//! words (title, instructions, the warning once it has come, the temperature). At 80×24 and
//! larger they are all on screen at once; in smaller windows each is on screen or reachable with
//! ↓, and while some are hidden the frame says "more".

mod common;

use common::screen::{bundled, rows as screen};

use std::collections::HashSet;
use std::time::{Duration, Instant};

use limber::tui::App;
use limber::tui::keys::Action;
use limber_core::routine::{Routine, SideChoice, Stage};

const WHOLE: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];
const SCROLLED: [(u16, u16); 3] = [(60, 20), (45, 30), (40, 12)];

/// The words on screen, in reading order, without the frame's lines.
fn tokens(rows: &[String]) -> Vec<String> {
    rows.iter()
        .flat_map(|row| row.split_whitespace())
        .filter(|t| !t.chars().all(|c| "│┃╭╮╰╯─━┏┓┗┛".contains(c)))
        .map(str::to_string)
        .collect()
}

/// The pieces of a stage's words the person must be able to read, each as its words.
fn pieces(stage: &Stage, warning: Option<&str>) -> Vec<Vec<String>> {
    let mut pieces = vec![stage.title.clone(), stage.text.clone()];
    pieces.extend(warning.map(str::to_string));
    pieces.extend(stage.temperature.clone());
    pieces
        .iter()
        .map(|p| p.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Plays `routine` to each of its stages in turn (past the warning of a stage that has one) and
/// hands the app, the moment and the stage's pieces to `check`.
fn each_stage(routine: &Routine, mut check: impl FnMut(&mut App, Instant, &str, Vec<Vec<String>>)) {
    let t0 = Instant::now();
    let mut app = App::new(Vec::new(), false, true);
    app.start(
        routine.clone(),
        routine.default_values(),
        SideChoice::LeftFirst,
        t0,
    );
    let count = app.run().map_or(0, |r| r.player.plan().stages.len());
    for i in 0..count {
        let start = t0 + Duration::from_secs(i as u64);
        let mut app = App::new(Vec::new(), false, true);
        app.start(
            routine.clone(),
            routine.default_values(),
            SideChoice::LeftFirst,
            start,
        );
        for _ in 0..i {
            app.update(Action::Next, start);
        }
        let Some(stage) = app.run().and_then(|r| r.player.stage()).cloned() else {
            panic!("{}: no stage {i}", routine.id);
        };
        let now = match stage.warn_after {
            Some(after) if stage.waits() => start + Duration::from_secs(after + 1),
            _ => start,
        };
        app.tick(now);
        let warning = app
            .run()
            .and_then(|r| r.player.warning().map(str::to_string));
        if stage.warn_after.is_some() && stage.waits() {
            assert!(warning.is_some(), "{}: {} warns", routine.id, stage.title);
        }
        let label = format!("{} step {} ({})", routine.id, i + 1, stage.title);
        check(&mut app, now, &label, pieces(&stage, warning.as_deref()));
    }
}

#[test]
fn at_80x24_and_larger_every_word_of_every_stage_is_on_screen() {
    for routine in bundled() {
        each_stage(&routine, |app, now, label, pieces| {
            for size in WHOLE {
                let rows = screen(app, now, size);
                let seen = tokens(&rows);
                for piece in &pieces {
                    assert!(
                        contains_run(&seen, piece),
                        "{label} at {size:?}: missing {:?}\n{}",
                        piece.join(" "),
                        rows.join("\n")
                    );
                }
                assert!(
                    !rows.join("\n").contains("more below"),
                    "{label} at {size:?} scrolls\n{}",
                    rows.join("\n")
                );
            }
        });
    }
}

#[test]
fn in_small_windows_every_word_is_on_screen_or_reachable_with_the_more_marker() {
    for routine in bundled() {
        each_stage(&routine, |app, now, label, pieces| {
            let wanted: HashSet<&String> = pieces.iter().flatten().collect();
            for size in SCROLLED {
                let mut run = app.clone();
                let mut found: HashSet<String> = HashSet::new();
                let mut last: Vec<String> = Vec::new();
                for _ in 0..200 {
                    let rows = screen(&run, now, size);
                    if rows == last {
                        break;
                    }
                    let seen = tokens(&rows);
                    let all_here = wanted.iter().all(|w| seen.contains(w));
                    let text = rows.join("\n");
                    assert!(
                        all_here || text.contains("more"),
                        "{label} at {size:?}: words hidden with no marker\n{text}"
                    );
                    found.extend(seen);
                    last = rows;
                    run.update(Action::Down, now);
                }
                for word in &wanted {
                    assert!(
                        found.contains(*word),
                        "{label} at {size:?}: {word:?} never shown\n{}",
                        last.join("\n")
                    );
                }
            }
        });
    }
}

#[test]
fn the_footer_keeps_help_and_quit_at_any_width() {
    let routines = bundled();
    let Some(first) = routines.iter().find(|r| r.id == "first-aid-calf").cloned() else {
        panic!("no first-aid-calf");
    };
    let now = Instant::now();
    let picker = App::new(routines.clone(), false, true);
    let mut setup = App::new(routines.clone(), false, true);
    setup.open(
        first.clone(),
        first.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    let mut timer = App::new(routines, false, true);
    timer.start(
        first.clone(),
        first.default_values(),
        SideChoice::LeftFirst,
        now,
    );
    for (name, app) in [("picker", &picker), ("setup", &setup), ("timer", &timer)] {
        for width in [40, 45, 60, 80] {
            let rows = screen(app, now, (width, 20));
            let footer = rows.last().cloned().unwrap_or_default();
            assert!(
                footer.contains("? help") && (footer.contains("quit") || footer.contains("back")),
                "{name} at {width}: {footer:?}"
            );
        }
    }
}
