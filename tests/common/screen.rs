//! The TestBackend tests' shared pieces: the bundled routines, and a screen drawn as rows of text.

use std::time::Instant;

use limber::tui::App;
use limber::tui::view::render;
use limber_core::routine::Routine;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The routines bundled into the binary (none of the person's own).
pub fn bundled() -> Vec<Routine> {
    let catalog = limber::catalog::Catalog::load(&limber::catalog::Sources::default());
    let routines: Vec<Routine> = catalog.entries.into_iter().map(|e| e.routine).collect();
    assert!(routines.len() > 10, "the bundled routines are there");
    routines
}

/// The app drawn at `now` on a `w` × `h` TestBackend, as rows of text (each `w` cells).
pub fn rows(app: &App, now: Instant, (w, h): (u16, u16)) -> Vec<String> {
    let mut terminal =
        Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("terminal: {e}"));
    terminal
        .draw(|frame| render(frame, app, now, None))
        .unwrap_or_else(|e| panic!("draw: {e}"));
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}
