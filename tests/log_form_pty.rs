//! `limber log`'s form in a pseudo-terminal, its screen read back with vt100: the same terminal
//! session as the app, so SIGTERM gives the terminal back (main screen, cursor, cooked mode), and
//! the same key table, so Ctrl-S saves and Ctrl-C leaves at once. Every wait is for what the
//! screen shows or for the process to end, never a fixed time.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(10);

/// `limber log` on a pty, writing its diary in a folder of its own.
struct Form {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    home: tempfile::TempDir,
}

impl Form {
    fn spawn() -> Form {
        let home = tempfile::tempdir().expect("temp dir");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_limber"));
        cmd.arg("log");
        cmd.cwd(home.path());
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("LIMBER_DATA", home.path().join("diary"));
        cmd.env("LIMBER_AUDIO", "none");
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn limber log");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = p.lock() {
                    parser.process(&buf[..n]);
                }
            }
        });
        Form {
            parser,
            writer,
            child,
            master: pair.master,
            home,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn diary(&self) -> std::path::PathBuf {
        self.home.path().join("diary")
    }

    /// Polls until `test` holds for the screen.
    fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) {
        let end = Instant::now() + WAIT;
        while Instant::now() < end {
            if test(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{what} did not show in {WAIT:?}; the screen:\n{}", self.screen());
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("`{text}`"), |s| s.contains(text));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits for the program to end; its exit status.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let end = Instant::now() + WAIT;
        while Instant::now() < end {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("limber log did not exit; the screen:\n{}", self.screen());
    }

    fn raw(&self) -> bool {
        !self.local_flags().iter().any(|f| f == "ICANON")
    }

    fn alternate(&self) -> bool {
        self.parser.lock().expect("parser").screen().alternate_screen()
    }

    /// Main screen, cursor shown, cooked mode with echo.
    fn assert_restored(&self) {
        let end = Instant::now() + WAIT;
        // The last bytes may still be on their way through the reader thread.
        while Instant::now() < end && self.alternate() {
            std::thread::sleep(Duration::from_millis(20));
        }
        let parser = self.parser.lock().expect("parser");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        let flags = self.local_flags();
        assert!(
            flags.iter().any(|f| f == "ICANON"),
            "not in cooked mode: {flags:?}"
        );
        assert!(flags.iter().any(|f| f == "ECHO"), "echo is off: {flags:?}");
    }

    /// The pty's local mode flags by name (`ICANON`, `ECHO`, …).
    fn local_flags(&self) -> Vec<String> {
        let termios = self.master.get_termios().expect("termios");
        let text = format!("{:?}", termios.local_flags);
        let inner = text
            .split_once('(')
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map_or("", |(inner, _)| inner);
        inner.split(" | ").map(|f| f.trim().to_string()).collect()
    }
}

impl Drop for Form {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

/// Cramps written in the diary at `dir` (none when it was never created).
fn cramps(dir: &Path) -> i64 {
    let db = dir.join("limber.db");
    if !db.exists() {
        return 0;
    }
    let db = rusqlite::Connection::open(db).expect("the diary");
    db.query_row("SELECT count(*) FROM cramps", [], |r| r.get(0))
        .expect("count cramps")
}

#[test]
fn sigterm_during_the_form_restores_the_terminal() {
    let mut form = Form::spawn();
    form.wait_for("Log a cramp");
    assert!(form.raw(), "{:?}", form.local_flags());
    assert!(form.alternate());
    let status = std::process::Command::new("kill")
        .args(["-TERM", &form.child.process_id().expect("pid").to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let status = form.wait_exit();
    assert!(!status.success(), "ended by SIGTERM, not a normal exit");
    form.assert_restored();
    assert_eq!(cramps(&form.diary()), 0, "nothing is logged");
}

#[test]
fn ctrl_s_saves_the_form_from_any_field() {
    let mut form = Form::spawn();
    form.wait_for("Log a cramp");
    // Situation (focused first) → Where: c(alf) → Side: l(eft) → Strength: s(trong).
    form.send("\t");
    form.send("c");
    form.wait_for("‹ calf ›");
    form.send("\tl");
    form.wait_for("‹ left ›");
    form.send("\ts");
    form.wait_for("‹ strong ›");
    // Into the Note field, where Enter would not be pressed by habit: Ctrl-S saves.
    form.send("\t\t\tok");
    form.wait_until("the note", |s| s.contains("Note") && s.contains("ok_"));
    form.send("\x13");
    form.wait_for("Logged cramp 1: strong calf cramp (left)");
    assert!(form.wait_exit().success());
    form.assert_restored();
    assert_eq!(cramps(&form.diary()), 1);
}

#[test]
fn ctrl_c_leaves_the_form_at_once() {
    let mut form = Form::spawn();
    form.wait_for("Log a cramp");
    form.send("\x03");
    form.wait_for("Nothing logged.");
    assert!(form.wait_exit().success());
    form.assert_restored();
    assert_eq!(cramps(&form.diary()), 0);
}
