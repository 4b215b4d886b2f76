//! The terminal session every full-screen entry uses (the picker, `play`, `limber log`'s form):
//! raw mode and the alternate screen on the way in; the main screen, cooked mode and a visible
//! cursor on every way out (return, error, panic, signal). With the mouse on, the terminal is
//! also asked to report taps and the wheel, and told to stop on every way out, so its own text
//! selection comes back. Keys, pointer events, resizes and signals (SIGTERM, SIGHUP, SIGINT;
//! SIGTSTP) arrive on one channel ([`Session::next`]). Ctrl-Z gives the terminal back before the
//! process stops and takes it again when it continues ([`Session::suspend`]).

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{execute, queue};

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEvent, MouseEvent,
};

use super::paint::{Painter, new_terminal};

/// What a session waits for.
#[derive(Debug)]
pub enum Input {
    Key(KeyEvent),
    /// A tap or a turn of the wheel (only while the mouse is on; see [`super::mouse`]).
    Mouse(MouseEvent),
    Resize,
    /// SIGTERM, SIGHUP or SIGINT.
    Terminate(i32),
    /// SIGTSTP from outside (Ctrl-Z in raw mode arrives as a key).
    Suspend,
    /// Reading the terminal failed.
    Lost(String),
    /// The diary's thread has an answer ([`super::worker`]).
    Diary,
}

/// What [`Session::next`] found.
#[derive(Debug)]
pub(crate) enum Next {
    Input(Input),
    /// The wake-up time came first.
    Timeout,
    /// Nothing can come any more.
    Closed,
}

/// The terminal held for a full-screen entry: the screen, the signals turned into inputs, and
/// the thread reading keys. [`Session::close`] (or dropping it) gives the terminal back.
pub(crate) struct Session {
    painter: Painter,
    rx: Receiver<Input>,
    /// For other threads' inputs (the diary's answers).
    tx: Sender<Input>,
    signals: Option<Signals>,
}

impl Session {
    /// Takes the terminal; `mouse`: asks it to report taps and the wheel. Signals are caught
    /// before the screen changes, so none can leave it in raw mode.
    pub(crate) fn open(mouse: bool) -> Result<Session, String> {
        MOUSE.store(mouse, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        let signals = forward_signals(tx.clone()).map_err(|e| format!("signals: {e}"))?;
        spawn_input(tx.clone());
        match enter() {
            Ok(terminal) => Ok(Session {
                painter: Painter::new(terminal),
                rx,
                tx,
                signals: Some(signals),
            }),
            Err(e) => {
                signals.close();
                leave();
                Err(format!("terminal: {e}"))
            }
        }
    }

    /// Draws one frame as one synchronized update (DEC mode 2026): a terminal that knows it
    /// shows the frame whole, never half drawn, and so does the tests' screen reader, which
    /// can then tell a whole frame from a part; other terminals ignore the two marks.
    /// The frame reaches the terminal in one write, marks included ([`Screen`]).
    pub(crate) fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        queue!(self.painter.backend_mut(), BeginSynchronizedUpdate)?;
        HELD.store(true, Ordering::Relaxed);
        let drawn = self.painter.draw(render);
        HELD.store(false, Ordering::Relaxed);
        let ended = execute!(self.painter.backend_mut(), EndSynchronizedUpdate);
        drawn.and(ended)
    }

    /// The next input, waiting until `wake` at the latest (`None`: until one comes).
    pub(crate) fn next(&self, wake: Option<Instant>) -> Next {
        match wake {
            Some(at) => match self
                .rx
                .recv_timeout(at.saturating_duration_since(Instant::now()))
            {
                Ok(input) => Next::Input(input),
                Err(mpsc::RecvTimeoutError::Timeout) => Next::Timeout,
                Err(mpsc::RecvTimeoutError::Disconnected) => Next::Closed,
            },
            None => match self.rx.recv() {
                Ok(input) => Next::Input(input),
                Err(_) => Next::Closed,
            },
        }
    }

    /// A sender of inputs, for another thread's answers.
    pub(crate) fn sender(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// Ctrl-Z: give the terminal back, stop until `fg`, take it again.
    pub(crate) fn suspend(&mut self) -> io::Result<()> {
        suspend(&mut self.painter)
    }

    /// Gives the terminal back.
    pub(crate) fn close(mut self) {
        self.release();
    }

    fn release(&mut self) {
        if let Some(signals) = self.signals.take() {
            signals.close();
            // A new terminal has empty buffers: dropping it writes nothing.
            if let Ok(fresh) = new_terminal() {
                discard(self.painter.replace(fresh));
            }
            leave();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.release();
    }
}

/// Reads terminal events on their own thread and posts them to the session.
fn spawn_input(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(TermEvent::Key(key)) => Input::Key(key),
                Ok(TermEvent::Mouse(mouse)) if super::mouse::wanted(&mouse) => Input::Mouse(mouse),
                Ok(TermEvent::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(e) => Input::Lost(e.to_string()),
            };
            let lost = matches!(input, Input::Lost(_));
            if tx.send(input).is_err() || lost {
                return;
            }
        }
    });
}

pub(crate) type Term = Terminal<CrosstermBackend<Screen>>;

/// Standard output for the screen, gathered and written on `flush`. While a frame is drawn
/// ([`HELD`], see [`Session::draw`]) flushes wait, so the frame, its cursor and both marks of the
/// synchronized update go out in one write: ratatui flushes after the cells and crossterm after
/// each cursor command, and each write to a pty wakes whoever reads it (issue 11, a quieter
/// countdown).
#[derive(Debug, Default)]
pub(crate) struct Screen {
    bytes: Vec<u8>,
}

/// A frame is being drawn: [`Screen`]'s flushes wait for its end.
static HELD: AtomicBool = AtomicBool::new(false);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if HELD.load(Ordering::Relaxed) || self.bytes.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let written = out.write_all(&self.bytes).and_then(|()| out.flush());
        self.bytes.clear();
        written
    }
}

/// Whether we hold the terminal (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the session wants the pointer reported (set when it opens, kept across Ctrl-Z).
static MOUSE: AtomicBool = AtomicBool::new(false);
/// Whether the terminal was asked to report the pointer (so [`leave`] tells it to stop).
static REPORTING: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Takes the terminal: raw mode, alternate screen. Installs the panic hook once.
pub(crate) fn enter() -> io::Result<Term> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A decoder's panic caught on purpose (crate::caught) is not the end of the screen.
            if crate::caught::catching() {
                return;
            }
            leave();
            previous(info);
        }));
    });
    take()?;
    // Not `Terminal::clear`: it asks the terminal where the cursor is, which some terminals never
    // answer (and the answer would race the input thread). `take` clears the screen instead.
    new_terminal()
}

fn take() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
    if MOUSE.load(Ordering::SeqCst) {
        REPORTING.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call more than once, and from the panic hook.
pub(crate) fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        // Each step on its own: one failing must not keep the others from running.
        if REPORTING.swap(false, Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen);
        let _ = execute!(out, Show);
        let _ = disable_raw_mode();
        let _ = out.flush();
    }
}

/// Ctrl-Z: give the terminal back, stop until continued (`fg`), then take it again and redraw.
pub(crate) fn suspend(painter: &mut Painter) -> io::Result<()> {
    leave();
    #[cfg(unix)]
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    take()?;
    // A new terminal has empty buffers, so the next draw paints everything on the cleared screen.
    let old = painter.replace(new_terminal()?);
    discard(old);
    Ok(())
}

/// Drops a terminal without ratatui's own clean-up. Its `Drop` shows the cursor and, when that
/// fails because the terminal has gone (window closed, pty hung up), prints to standard error,
/// which panics when standard error is that same gone terminal. [`leave`] shows the cursor anyway.
pub(crate) fn discard(mut terminal: Term) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// A thread that turns signals into loop inputs; `close` stops it.
pub(crate) struct Signals {
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
}

impl Signals {
    pub(crate) fn close(self) {
        #[cfg(unix)]
        self.handle.close();
    }
}

/// SIGTERM, SIGHUP and SIGINT end the loop through the same clean-up as `q`; SIGTSTP suspends.
pub(crate) fn forward_signals(tx: Sender<Input>) -> io::Result<Signals> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
        let handle = signals.handle();
        std::thread::spawn(move || {
            for signal in signals.forever() {
                let input = if signal == SIGTSTP {
                    Input::Suspend
                } else {
                    Input::Terminate(signal)
                };
                if tx.send(input).is_err() {
                    return;
                }
            }
        });
        Ok(Signals { handle })
    }
    #[cfg(not(unix))]
    {
        drop(tx);
        Ok(Signals {})
    }
}
