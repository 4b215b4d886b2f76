//! The terminal: raw mode and the alternate screen on the way in; the main screen, cooked mode and
//! a visible cursor on every way out (return, error, panic, signal). Ctrl-Z gives the terminal back
//! before the process stops and takes it again when it continues.

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::Input;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether we hold the terminal (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Takes the terminal: raw mode, alternate screen. Installs the panic hook once.
pub fn enter() -> io::Result<Term> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
    take()?;
    // Not `Terminal::clear`: it asks the terminal where the cursor is, which some terminals never
    // answer (and the answer would race the input thread). `take` clears the screen instead.
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

fn take() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))
}

/// Gives the terminal back as it was. Safe to call more than once, and from the panic hook.
pub fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        // Each step on its own: one failing must not keep the others from running.
        let _ = execute!(out, LeaveAlternateScreen);
        let _ = execute!(out, Show);
        let _ = disable_raw_mode();
        let _ = out.flush();
    }
}

/// Ctrl-Z: give the terminal back, stop until continued (`fg`), then take it again and redraw.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    leave();
    #[cfg(unix)]
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    take()?;
    // A new terminal has empty buffers, so the next draw paints everything on the cleared screen.
    let old = std::mem::replace(
        terminal,
        Terminal::new(CrosstermBackend::new(io::stdout()))?,
    );
    discard(old);
    Ok(())
}

/// Drops a terminal without ratatui's own clean-up. Its `Drop` shows the cursor and, when that
/// fails because the terminal has gone (window closed, pty hung up), prints to standard error,
/// which panics when standard error is that same gone terminal. [`leave`] shows the cursor anyway.
pub fn discard(mut terminal: Term) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// A thread that turns signals into loop inputs; `close` stops it.
pub struct Signals {
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
}

impl Signals {
    pub fn close(self) {
        #[cfg(unix)]
        self.handle.close();
    }
}

/// SIGTERM, SIGHUP and SIGINT end the loop through the same clean-up as `q`; SIGTSTP suspends.
pub fn forward_signals(tx: Sender<Input>) -> io::Result<Signals> {
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
