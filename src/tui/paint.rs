//! Putting a frame on the terminal: where it goes, and sending only what changed.
//!
//! A window larger than [`LARGEST`] shows the frame at that size, centred, with blank margins:
//! lines of instructions stay a readable length, and a second of the clock costs the same in
//! any window. Every frame is compared cell by cell with the last and every cell sits in
//! memory, so the cost of a frame follows its number of cells: at 200 × 60, 12,000 cells each
//! second took 0.05–0.064 % of a core against issue 11's 0.05 %; at 120 × 40, 4,800.
//!
//! ratatui's `Terminal::draw` runs its full diff (each cell's display width, wide characters,
//! skips) over every cell; here a quick pass finds the rows that differ and ratatui's diff runs
//! on those rows only, so what reaches the terminal is what ratatui would have sent.

use std::io;

use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::term::{Screen, Term};

/// The largest frame limber draws: 120 columns keep a line of instructions readable, and every
/// screen's layout is tested up to 120 × 40.
pub(crate) const LARGEST: Size = Size {
    width: 120,
    height: 40,
};

/// Where the frame goes in a window of `window`'s size: all of it, or [`LARGEST`] centred.
pub(crate) fn frame_area(window: Size) -> Rect {
    let width = window.width.min(LARGEST.width);
    let height = window.height.min(LARGEST.height);
    Rect {
        x: (window.width - width) / 2,
        y: (window.height - height) / 2,
        width,
        height,
    }
}

/// A terminal for the screen that has drawn nothing and not yet asked the window's size (the
/// first frame asks: [`Painter::draw`]).
pub(crate) fn new_terminal() -> io::Result<Term> {
    Terminal::with_options(
        CrosstermBackend::new(Screen::default()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::ZERO),
        },
    )
}

/// The terminal with what it shows: frames are drawn against `shown`, not ratatui's own last
/// buffer.
pub(crate) struct Painter {
    terminal: Term,
    /// What the terminal shows now (empty after a clear, so the next frame is drawn whole).
    shown: Buffer,
    /// The window's size when the frame's place was last chosen (`None`: not yet, or the screen
    /// must be cleared and drawn whole).
    window: Option<Size>,
}

impl Painter {
    pub(crate) fn new(terminal: Term) -> Painter {
        Painter {
            terminal,
            shown: Buffer::empty(Rect::ZERO),
            window: None,
        }
    }

    /// Puts in a new terminal (after Ctrl-Z, or to give the old one back), returning the old: the
    /// next frame clears the screen and is drawn whole.
    pub(crate) fn replace(&mut self, terminal: Term) -> Term {
        self.window = None;
        std::mem::replace(&mut self.terminal, terminal)
    }

    pub(crate) fn backend_mut(&mut self) -> &mut CrosstermBackend<Screen> {
        self.terminal.backend_mut()
    }

    /// Renders a frame and sends the cells that changed, then hides the cursor and flushes, as
    /// `Terminal::draw` does. A new window size clears the screen first.
    pub(crate) fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        // Asked every frame, not only on a resize event: crossterm can lose one that comes with
        // a key (seen in the pty tests: a key and a resize at once, and the frame stayed put).
        let window = window_size(&self.terminal)?;
        if self.window != Some(window) {
            self.place(window)?;
        }
        // Blanked just before it is drawn on, so the frame is drawn into memory just touched.
        self.terminal.current_buffer_mut().reset();
        render(&mut self.terminal.get_frame());
        let next = self.terminal.current_buffer_mut();
        let updates = changes(&self.shown, next);
        // The new frame is what the terminal shows; the old one's memory takes the next frame.
        std::mem::swap(&mut self.shown, next);
        self.terminal
            .backend_mut()
            .draw(updates.iter().map(|(x, y, cell)| (*x, *y, cell)))?;
        self.terminal.hide_cursor()?;
        Backend::flush(self.terminal.backend_mut())
    }

    /// For a new window size: clears the screen and puts the frame where [`frame_area`] says.
    fn place(&mut self, window: Size) -> io::Result<()> {
        self.window = Some(window);
        let area = frame_area(window);
        // The old frame may lie outside the new one (a window that grew, or a frame moved to
        // the middle), so the whole screen is cleared. The viewport goes through nothing on the
        // way: ratatui moves a viewport that narrows to the top row, which would undo the
        // centring; from nothing, the new area only widens.
        self.terminal.resize(Rect::ZERO)?;
        self.terminal.backend_mut().clear_region(ClearType::All)?;
        self.terminal.resize(area)?;
        self.shown = Buffer::empty(area);
        Ok(())
    }
}

/// The window's size: one question to standard output (crossterm's `size` opens `/dev/tty` each
/// time, dear for every frame); crossterm's answer where that fails.
fn window_size(terminal: &Term) -> io::Result<Size> {
    #[cfg(unix)]
    if let Ok(size) = rustix::termios::tcgetwinsize(io::stdout())
        && size.ws_col > 0
        && size.ws_row > 0
    {
        return Ok(Size::new(size.ws_col, size.ws_row));
    }
    terminal.size()
}

/// The cells of `next` to send to a terminal showing `shown`, found as ratatui's diff finds them
/// (wide characters, skipped cells) but only in the rows that differ. A `shown` of another area
/// counts as blank: all of `next` is sent.
pub(crate) fn changes(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
    if shown.area != next.area {
        return changes(&Buffer::empty(next.area), next);
    }
    let width = usize::from(next.area.width);
    let mut updates = Vec::new();
    if width == 0 {
        return updates;
    }
    let rows = next.content.len() / width;
    let dirty: Vec<bool> = (0..rows)
        .map(|row| {
            let span = row * width..(row + 1) * width;
            !same_row(&shown.content[span.clone()], &next.content[span])
        })
        .collect();
    let mut row = 0;
    while row < rows {
        if !dirty[row] {
            row += 1;
            continue;
        }
        let first = row;
        while row < rows && dirty[row] {
            row += 1;
        }
        let span = first * width..row * width;
        // Row numbers fit: the buffer's height is a u16.
        let area = Rect {
            y: next
                .area
                .y
                .saturating_add(u16::try_from(first).unwrap_or(u16::MAX)),
            height: u16::try_from(row - first).unwrap_or(u16::MAX),
            ..next.area
        };
        let before = Buffer {
            area,
            content: shown.content[span.clone()].to_vec(),
        };
        let after = Buffer {
            area,
            content: next.content[span.clone()].to_vec(),
        };
        updates.extend(
            before
                .diff_iter(&after)
                .map(|(x, y, cell)| (x, y, cell.clone())),
        );
    }
    updates
}

/// Whether two rows are certainly the same to ratatui's diff: every field of every cell equal,
/// and no cell that asks to be sent every time. A row this calls different may still send
/// nothing (a blank symbol against none); ratatui's diff decides.
fn same_row(shown: &[Cell], next: &[Cell]) -> bool {
    shown.iter().zip(next).all(|(a, b)| same_cell(a, b))
}

/// Every field equal. Called for each cell of each frame, so written for speed: the short
/// symbols are compared byte by byte here rather than through a call to `memcmp`.
#[inline]
fn same_cell(a: &Cell, b: &Cell) -> bool {
    #[allow(deprecated)] // ratatui's own equality still compares `skip`
    let skip = a.skip == b.skip;
    let (x, y) = (a.symbol().as_bytes(), b.symbol().as_bytes());
    x.len() == y.len()
        && x.iter().zip(y).all(|(p, q)| p == q)
        && a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && b.diff_option != CellDiffOption::AlwaysUpdate
        && skip
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    fn buffer(lines: &[&str]) -> Buffer {
        Buffer::with_lines(lines.iter().copied())
    }

    /// What ratatui's own diff sends, as owned cells.
    fn ratatui_diff(before: &Buffer, after: &Buffer) -> Vec<(u16, u16, Cell)> {
        before
            .diff(after)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.clone()))
            .collect()
    }

    fn check(before: &Buffer, after: &Buffer) {
        assert_eq!(changes(before, after), ratatui_diff(before, after));
    }

    #[test]
    fn sends_what_ratatuis_diff_sends() {
        let before = buffer(&["a clock 1:00", "same row    ", "  ██  ██    ", "end"]);
        let mut after = buffer(&["a clock 0:59", "same row    ", "  ██    ██  ", "end"]);
        check(&before, &after);
        after[(3, 3)].set_style(Style::new().fg(Color::Red));
        check(&before, &after);
        // Wide characters: a CJK word replacing narrow letters, and back.
        let wide = buffer(&["日本語      ", "same row    ", "            ", "end"]);
        check(&before, &wide);
        check(&wide, &before);
        check(&Buffer::empty(before.area), &before);
    }

    #[test]
    fn a_frame_of_another_size_is_sent_whole() {
        let after = buffer(&["new", "one"]);
        let small = Buffer::empty(Rect::new(0, 0, 2, 1));
        assert_eq!(
            changes(&small, &after),
            ratatui_diff(&Buffer::empty(after.area), &after)
        );
    }

    #[test]
    fn large_windows_show_the_frame_centred_at_most_120_by_40() {
        let at = |w, h| frame_area(Size::new(w, h));
        assert_eq!(at(80, 24), Rect::new(0, 0, 80, 24));
        assert_eq!(at(120, 40), Rect::new(0, 0, 120, 40));
        assert_eq!(at(200, 60), Rect::new(40, 10, 120, 40));
        assert_eq!(at(121, 24), Rect::new(0, 0, 120, 24));
        assert_eq!(at(45, 300), Rect::new(0, 130, 45, 40));
        assert_eq!(at(0, 0), Rect::new(0, 0, 0, 0));
    }

    #[test]
    fn an_unchanged_frame_sends_nothing() {
        let frame = buffer(&["one", "two", "три"]);
        assert!(changes(&frame, &frame).is_empty());
    }

    #[test]
    fn only_the_changed_rows_are_sent() {
        let before = buffer(&["keep", "0:10", "keep"]);
        let after = buffer(&["keep", "0:09", "keep"]);
        let sent: Vec<(u16, u16)> = changes(&before, &after)
            .iter()
            .map(|(x, y, _)| (*x, *y))
            .collect();
        assert_eq!(sent, vec![(2, 1), (3, 1)]);
    }

    #[test]
    fn a_cell_that_asks_to_be_sent_is_sent() {
        let mut frame = buffer(&["abc", "def"]);
        frame[(1, 1)].set_diff_option(CellDiffOption::AlwaysUpdate);
        assert_eq!(changes(&frame, &frame), ratatui_diff(&frame, &frame));
        assert_eq!(changes(&frame, &frame).len(), 1);
    }
}
