//! The one pseudo-terminal driver: limber runs in a pty of a given size, its output is read on a
//! thread into a vt100 screen, and the test sends keys, waits for what the screen shows, resizes,
//! closes the terminal, and reads the exit status and the terminal modes left behind.
//!
//! limber draws each frame as one synchronized update (DEC mode 2026, `term::Session::draw`);
//! the reader passes a frame to the screen only once its end mark has come, so a wait never sees
//! half a frame (a frame is many writes, which a busy machine delivers in pieces).

use std::cell::Cell;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::{WAIT, wait_until};

pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, as it came.
    raw: Arc<Mutex<Vec<u8>>>,
    /// When the output the screen last took was read (written under the parser's lock).
    last_output: Arc<Mutex<Instant>>,
    /// When the screen first satisfied the watch of [`Tui::spawn_watching`].
    watched: Arc<Mutex<Option<Instant>>>,
    /// Set by the reader when the terminal's output ended (the program and its terminal gone).
    ended: Arc<AtomicBool>,
    /// Set to make the reader drop its end of the terminal at its next read (a hang-up).
    hang_up: Arc<AtomicBool>,
    /// `None` once the terminal is closed.
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// A lone Esc was sent and nothing has been waited for since: sent on, the next key would
    /// arrive in the same read and be taken for Alt + that key.
    esc_pending: Cell<bool>,
}

pub fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// A left-button tap at the 0-based cell (`x`, `y`), as a terminal reports it in SGR form:
/// press, then release.
pub fn sgr_tap(x: usize, y: usize) -> String {
    format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1)
}

/// Where `word` is on `screen` (0-based column and row); panics with the screen when it is not.
pub fn spot(screen: &str, word: &str) -> (usize, usize) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            let byte = line.find(word)?;
            Some((line[..byte].chars().count(), y))
        })
        .unwrap_or_else(|| panic!("{word:?} not on screen:\n{screen}"))
}

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

impl Tui {
    /// Runs `cmd` in a new pty of `cols × rows`.
    pub fn spawn(cmd: CommandBuilder, size: (u16, u16)) -> Self {
        Self::spawn_watching(cmd, size, |_| false)
    }

    /// The same, noting when the screen first satisfies `watch`, timed by the reader as the
    /// output arrives ([`Tui::watched_at`]): for timings to the millisecond, such as the first
    /// full frame.
    pub fn spawn_watching(
        cmd: CommandBuilder,
        (cols, rows): (u16, u16),
        watch: impl Fn(&vt100::Screen) -> bool + Send + 'static,
    ) -> Self {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn limber");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let ended = Arc::new(AtomicBool::new(false));
        let hang_up = Arc::new(AtomicBool::new(false));
        let last_output = Arc::new(Mutex::new(Instant::now()));
        let watched = Arc::new(Mutex::new(None));
        let (p, r, e, h) = (parser.clone(), raw.clone(), ended.clone(), hang_up.clone());
        let (l, w) = (last_output.clone(), watched.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut frames = Frames::default();
            let show = |bytes: &[u8], at: Instant| {
                if let Ok(mut parser) = p.lock() {
                    parser.process(bytes);
                    if let Ok(mut last) = l.lock() {
                        *last = at;
                    }
                    if let Ok(mut seen) = w.lock()
                        && seen.is_none()
                        && watch(parser.screen())
                    {
                        *seen = Some(at);
                    }
                }
            };
            while let Ok(n) = reader.read(&mut buf) {
                let at = Instant::now();
                if n == 0 || h.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(mut raw) = r.lock() {
                    raw.extend_from_slice(&buf[..n]);
                }
                let ready = frames.take(&buf[..n]);
                if !ready.is_empty() {
                    show(&ready, at);
                }
            }
            // The output ended: whatever came, even a frame cut short, is what is left on screen.
            show(&frames.pending, Instant::now());
            e.store(true, Ordering::SeqCst);
        });
        Tui {
            parser,
            raw,
            last_output,
            watched,
            ended,
            hang_up,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            esc_pending: Cell::new(false),
        }
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// The screen's first line.
    pub fn top(&self) -> String {
        self.screen().lines().next().unwrap_or_default().to_string()
    }

    /// Everything the program wrote, as text.
    pub fn raw(&self) -> String {
        super::text(&self.raw.lock().expect("raw"))
    }

    /// How many bytes the program wrote.
    pub fn bytes(&self) -> usize {
        self.raw.lock().expect("raw").len()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// When the output that first satisfied the watch was read, once it has.
    pub fn watched_at(&self) -> Option<Instant> {
        *self.watched.lock().expect("watched")
    }

    /// Its exit code if it ends within `timeout` (after which the caller may kill it by dropping
    /// the `Tui`).
    pub fn exits_within(&mut self, timeout: Duration) -> Option<u32> {
        let end = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            if Instant::now() >= end {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether the program is on the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    /// Waits until `check` holds for the screen; panics with `what` and the screen after
    /// `timeout`. Returns when the output that made it hold was read (for timing: closer to when
    /// the program drew it than the moment the poll saw it).
    #[track_caller]
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&vt100::Screen) -> bool,
    ) -> Instant {
        self.esc_pending.set(false);
        wait_until(
            what,
            timeout,
            || {
                let parser = self.parser.lock().expect("parser");
                check(parser.screen()).then(|| *self.last_output.lock().expect("time"))
            },
            || format!("the screen:\n{}", self.screen()),
        )
    }

    /// Waits until the screen shows `text`; when the output that showed it was read.
    #[track_caller]
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Instant {
        self.wait_until(&format!("`{text}` on the screen"), timeout, |screen| {
            screen.contents().contains(text)
        })
    }

    /// Checks that `text` stays off the screen for all of `time`: the thing under test is that
    /// nothing happens, so this one waits out its time.
    #[track_caller]
    pub fn stays_without(&self, text: &str, time: Duration) {
        self.esc_pending.set(false);
        let end = Instant::now() + time;
        while Instant::now() < end {
            assert!(
                !self.screen().contains(text),
                "`{text}` appeared:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `keys`. The program reads keys in order and handles each, so keys may follow each
    /// other at once; only a lone Esc must be followed by a wait for what it does before the next
    /// key (see `esc_pending`).
    #[track_caller]
    pub fn send(&mut self, keys: &str) {
        assert!(
            !self.esc_pending.get(),
            "wait for what the Esc does before sending `{}`: sent at once it reads as Alt",
            keys.escape_debug()
        );
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
        self.esc_pending.set(keys.ends_with('\x1b'));
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master().resize(size(cols, rows)).expect("resize");
        self.parser
            .lock()
            .expect("parser")
            .set_size(nz(rows), nz(cols));
    }

    /// Closes the terminal under the program, as closing its window does: every handle on the
    /// pty's master side goes (the reader's at its next read, which the clock's redraw brings).
    pub fn close_terminal(&mut self) {
        self.hang_up.store(true, Ordering::SeqCst);
        self.writer = None;
        self.master = None;
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal is open")
    }

    /// Waits for the program to end and for its last output to be read; its exit code.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let child = &mut self.child;
        let status = wait_until(
            "limber to exit",
            timeout,
            || child.try_wait().ok().flatten(),
            || {
                format!(
                    "the screen:\n{}",
                    self.parser.lock().expect("parser").screen().contents()
                )
            },
        );
        if !self.hang_up.load(Ordering::SeqCst) {
            // Its terminal's output ends once it is gone: then the screen holds its last bytes.
            wait_until(
                "the terminal's output to end after the exit",
                WAIT,
                || self.ended.load(Ordering::SeqCst).then_some(()),
                || self.screen(),
            );
        }
        status.exit_code()
    }

    /// The pty's local mode flags by name (`ICANON`, `ECHO`, …).
    pub fn local_flags(&self) -> Vec<String> {
        let termios = self.master().get_termios().expect("termios");
        // Debug prints `LocalFlags(ECHOKE | ECHOE | …)`.
        let text = format!("{:?}", termios.local_flags);
        let inner = text
            .split_once('(')
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map_or("", |(inner, _)| inner);
        inner.split(" | ").map(|f| f.trim().to_string()).collect()
    }

    /// What is not as the shell wants the terminal back (main screen, cursor shown, cooked mode
    /// with echo); empty when it is all restored.
    pub fn not_restored(&self) -> Vec<String> {
        let mut wrong = Vec::new();
        {
            let parser = self.parser.lock().expect("parser");
            let screen = parser.screen();
            if screen.alternate_screen() {
                wrong.push("still on the alternate screen".to_string());
            }
            if screen.hide_cursor() {
                wrong.push("the cursor is still hidden".to_string());
            }
        }
        let flags = self.local_flags();
        if !flags.iter().any(|f| f == "ICANON") {
            wrong.push(format!("not in cooked mode: {flags:?}"));
        }
        if !flags.iter().any(|f| f == "ECHO") {
            wrong.push(format!("echo is off: {flags:?}"));
        }
        wrong
    }

    /// The terminal as the shell wants it back: main screen, cursor shown, cooked mode with echo.
    #[track_caller]
    pub fn assert_restored(&self) {
        let wrong = self.not_restored();
        assert!(wrong.is_empty(), "{}", wrong.join("; "));
    }

    /// Waits until the terminal is restored (a program that stops itself gives it back just
    /// before it stops).
    #[track_caller]
    pub fn wait_restored(&self, timeout: Duration) {
        wait_until(
            "the terminal given back",
            timeout,
            || self.not_restored().is_empty().then_some(()),
            || self.not_restored().join("; "),
        );
    }

    /// Raw mode on the alternate screen, as while the program runs.
    #[track_caller]
    pub fn assert_raw(&self) {
        let flags = self.local_flags();
        assert!(
            !flags.iter().any(|f| f == "ICANON"),
            "not in raw mode: {flags:?}"
        );
        assert!(self.alternate_screen(), "not on the alternate screen");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Starts and ends a synchronized update (DEC private mode 2026).
const BEGIN: &[u8] = b"\x1b[?2026h";
const END: &[u8] = b"\x1b[?2026l";

/// Holds a synchronized update back until its end mark has come, so the screen takes the frame
/// whole; everything outside one passes at once.
#[derive(Default)]
struct Frames {
    pending: Vec<u8>,
    inside: bool,
}

impl Frames {
    /// Takes bytes as read; gives back those the screen may show now.
    fn take(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(bytes);
        let mut ready = Vec::new();
        loop {
            let mark = if self.inside { END } else { BEGIN };
            match find(&self.pending, mark) {
                Some(at) => {
                    ready.extend(self.pending.drain(..at + mark.len()));
                    self.inside = !self.inside;
                }
                None if self.inside => break,
                None => {
                    // Outside a frame: all of it, but for a tail that may be a mark's beginning.
                    let keep = (1..BEGIN.len())
                        .rev()
                        .find(|k| self.pending.ends_with(&BEGIN[..*k]))
                        .unwrap_or(0);
                    let upto = self.pending.len() - keep;
                    ready.extend(self.pending.drain(..upto));
                    break;
                }
            }
        }
        ready
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
