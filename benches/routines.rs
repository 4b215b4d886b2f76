//! `cargo bench`: the costs that a regression would make a person feel.
//!
//! - `library/parse_validate_expand`: every bundled routine read, validated and expanded with its
//!   defaults (what `limber list` and the picker do at start);
//! - `library/expand_largest`: expanding the bundled routine with the most stages;
//! - `timer/frame_80x24` and `timer/frame_120x40`: rendering one timer frame of a running routine
//!   on ratatui's TestBackend (what the countdown does every second).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use limber::catalog::{bundled, load_str};
use limber::tui::App;
use limber::tui::view::render;
use limber_core::routine::{Routine, SideChoice, expand};

fn library() -> Vec<Routine> {
    bundled()
        .iter()
        .map(|(id, text)| {
            load_str(id, &format!("bundled:{id}"), text, None)
                .unwrap_or_else(|e| panic!("bundled routine {id}: {e}"))
        })
        .collect()
}

fn bench_library(c: &mut Criterion) {
    let mut group = c.benchmark_group("library");
    group.bench_function("parse_validate_expand", |b| {
        b.iter(|| {
            let mut stages = 0;
            for (id, text) in bundled() {
                let routine = load_str(id, "bundled", black_box(text), None)
                    .unwrap_or_else(|e| panic!("{e}"));
                let plan = expand(&routine, &routine.default_values(), SideChoice::LeftFirst)
                    .unwrap_or_else(|d| panic!("{d:?}"));
                stages += plan.stages.len();
            }
            stages
        });
    });
    let largest = library()
        .into_iter()
        .max_by_key(|r| {
            expand(r, &r.default_values(), SideChoice::LeftFirst).map_or(0, |p| p.stages.len())
        })
        .unwrap_or_else(|| panic!("no bundled routines"));
    group.bench_function("expand_largest", |b| {
        b.iter(|| {
            expand(
                black_box(&largest),
                &largest.default_values(),
                SideChoice::LeftFirst,
            )
        });
    });
    group.finish();
}

fn bench_timer_frame(c: &mut Criterion) {
    let catalog = library();
    let routine = catalog
        .iter()
        .find(|r| r.id == "contrast-bath")
        .or(catalog.first())
        .cloned()
        .unwrap_or_else(|| panic!("no bundled routines"));
    let t0 = Instant::now();
    let mut app = App::new(catalog, false, true);
    let values = routine.default_values();
    app.start(routine, values, SideChoice::LeftFirst, t0);
    let mut group = c.benchmark_group("timer");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut terminal =
            Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
        let mut second = 0u64;
        group.bench_function(format!("frame_{w}x{h}"), |b| {
            b.iter(|| {
                // A new second each frame, as the countdown draws them.
                second = (second + 1) % 30;
                let now = t0 + Duration::from_secs(second);
                terminal
                    .draw(|frame| render(frame, black_box(&app), now, None))
                    .map(|_| ())
                    .unwrap_or_else(|e| panic!("draw: {e}"));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_library, bench_timer_frame);
criterion_main!(benches);
