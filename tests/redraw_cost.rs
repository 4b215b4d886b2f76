//! What the countdown writes to the terminal each second (issue 11: at most 300 bytes a second at
//! 80×24, 100×30 and 200×60). The timer is drawn as the event loop draws it, once a second on a
//! fake clock, through crossterm's backend into memory, and the bytes after the first frame are
//! counted: only the cells that changed are sent, so this is the figure `tests/cost.rs` measures
//! on a real pseudo-terminal (docs/performance.md), without the minute it takes.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use limber::tui::App;
use limber::tui::view::render;
use limber_core::routine::{Routine, SideChoice, parse_routine};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The routine tests/cost.rs measures: one step that counts down for ten minutes.
const LONG: &str = r#"
title = "Cost drill"
summary = "One long step that counts down."
tags = ["test-only"]

[[step]]
title = "Long hold"
duration = "10m"
text = "Hold the position."
"#;

/// A terminal that only counts what it is sent.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes a second written while `routine`'s first step counts down, averaged over `secs`
/// seconds.
fn bytes_per_second(routine: &Routine, (w, h): (u16, u16), secs: u64) -> f64 {
    let routine = routine.clone();
    let t0 = Instant::now();
    let mut app = App::new(Vec::new(), false, true);
    let values = routine.default_values();
    app.start(routine, values, SideChoice::LeftFirst, t0);
    let counter = Counter::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap_or_else(|e| panic!("terminal: {e}"));
    // The first frame, then one a second (the loop wakes when the shown second changes), while
    // the first step lasts: a new step rewrites its words, which is not the clock's cost.
    let first = app.run().map(|r| r.player.index());
    let (mut sent, mut counted) = (0, 0);
    for s in 0..=secs {
        let now = t0 + Duration::from_millis(s * 1000 + 5);
        app.tick(now);
        if app.run().map(|r| r.player.index()) != first {
            break;
        }
        terminal
            .draw(|frame| render(frame, &app, now, None))
            .unwrap_or_else(|e| panic!("draw: {e}"));
        if s == 0 {
            sent = counter.0.get();
        }
        counted = s;
    }
    let total = counter.0.get() - sent;
    total as f64 / counted.max(1) as f64
}

/// The sizes issue 11 names.
const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (200, 60)];

#[test]
fn the_countdown_writes_at_most_300_bytes_a_second() {
    let routine = parse_routine("cost-drill", LONG).unwrap_or_else(|e| panic!("{e:?}"));
    for size in SIZES {
        let rate = bytes_per_second(&routine, size, 60);
        eprintln!("cost drill {}x{}: {rate:.0} B/s", size.0, size.1);
        assert!(rate <= 300.0, "{}x{}: {rate:.0} B/s", size.0, size.1);
    }
}

/// The first step of every bundled routine (badges, a leg, a temperature, longer text, steps as
/// short as 10 seconds, whose bar moves fastest), over 20 seconds or while it lasts.
#[test]
fn every_bundled_first_step_stays_within_the_budget() {
    let catalog = limber::catalog::Catalog::load(&limber::catalog::Sources::default());
    let mut over = Vec::new();
    for entry in catalog.entries {
        for size in SIZES {
            let rate = bytes_per_second(&entry.routine, size, 20);
            eprintln!("{} {}x{}: {rate:.0} B/s", entry.routine.id, size.0, size.1);
            if rate > 300.0 {
                over.push(format!(
                    "{} at {}x{}: {rate:.0} B/s",
                    entry.routine.id, size.0, size.1
                ));
            }
        }
    }
    assert!(over.is_empty(), "over 300 B/s: {over:#?}");
}
