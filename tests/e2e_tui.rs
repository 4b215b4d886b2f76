//! The real binary in a pseudo-terminal, its screen read back with vt100: the picker, a filter,
//! a short routine that advances by itself, pause and resume, skip, quit with confirmation, and the
//! terminal given back (main screen, cursor shown, cooked mode) after quitting and after SIGTERM.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// A routine of short steps, in a folder passed with `--routines`.
const DRILL: &str = r#"
title = "Test drill"
summary = "Short steps for the end-to-end tests."
tags = ["test-only"]

[params.hold]
default = "30s"
min = "1s"
max = "1m"
help = "How long each hold lasts."

[[step]]
title = "First hold"
duration = "{hold}"
text = "Hold the first position."

[[step]]
title = "Second hold"
duration = "{hold}"
text = "Hold the second position."

[[step]]
title = "Until it passes"
text = "Wait, then press Enter."

[[step]]
title = "Last hold"
duration = "{hold}"
"#;

pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote.
    bytes: Arc<Mutex<usize>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Tui {
    pub fn spawn(args: &[&str]) -> Self {
        Self::spawn_sized(args, 80, 24)
    }

    pub fn spawn_sized(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::spawn_with(args, cols, rows, &[], &[])
    }

    /// With more routine files in the `--routines` folder (`(file name, text)`) and more
    /// environment variables.
    pub fn spawn_with(
        args: &[&str],
        cols: u16,
        rows: u16,
        files: &[(&str, &str)],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Self {
        let home = tempfile::tempdir().expect("temp dir");
        let routines = home.path().join("routines");
        std::fs::create_dir_all(&routines).expect("routines dir");
        std::fs::write(routines.join("drill.toml"), DRILL).expect("write routine");
        for (name, text) in files {
            std::fs::write(routines.join(name), text).expect("write routine");
        }
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let bin =
            std::env::var("LIMBER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_limber").into());
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.arg("--routines");
        cmd.arg(&routines);
        cmd.cwd(home.path());
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("LIMBER_AUDIO", "none");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("LIMBER_ROUTINES");
        cmd.env_remove("LIMBER_DATA");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn limber");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let bytes = Arc::new(Mutex::new(0usize));
        let (p, b) = (parser.clone(), bytes.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = p.lock() {
                    parser.process(&buf[..n]);
                }
                if let Ok(mut count) = b.lock() {
                    *count += n;
                }
            }
        });
        Tui {
            parser,
            bytes,
            writer,
            child,
            master: pair.master,
            _home: home,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    pub fn bytes(&self) -> usize {
        *self.bytes.lock().expect("count")
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "`{text}` did not appear in {timeout:?}; the screen:\n{}",
            self.screen()
        );
    }

    /// Checks that `text` stays off the screen for `time`.
    pub fn stays_without(&self, text: &str, time: Duration) {
        let end = Instant::now() + time;
        while Instant::now() < end {
            assert!(
                !self.screen().contains(text),
                "`{text}` appeared:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
        // Let the program read each key on its own.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Waits for the program to end; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("limber did not exit; the screen:\n{}", self.screen());
    }

    /// The terminal as the shell wants it back: main screen, cursor shown, cooked mode with echo.
    pub fn assert_restored(&self) {
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
    pub fn local_flags(&self) -> Vec<String> {
        let termios = self.master.get_termios().expect("termios");
        // Debug prints `LocalFlags(ECHOKE | ECHOE | …)`.
        let text = format!("{:?}", termios.local_flags);
        let inner = text
            .split_once('(')
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map_or("", |(inner, _)| inner);
        inner.split(" | ").map(|f| f.trim().to_string()).collect()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn picker_filter_and_start() {
    let mut tui = Tui::spawn(&[]);
    tui.wait_for("Routines (", WAIT);
    tui.wait_for("not medical advice", WAIT);
    tui.send("/end-to-end");
    tui.wait_for("Routines (1)", WAIT);
    tui.wait_for("Short steps for the end-to-end tests.", WAIT);
    // Enter keeps the filter and opens the routine: it has a param, so setup comes first.
    tui.send("\r");
    tui.wait_for("before you start", WAIT);
    tui.wait_for("How long each hold lasts.", WAIT);
    tui.send("\r");
    tui.wait_for("step 1 of 4", WAIT);
    assert!(tui.screen().contains("First hold"));
    tui.send("q");
    tui.wait_for("Stop this routine and quit?", WAIT);
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

#[test]
fn a_short_routine_advances_pauses_resumes_skips_and_quits_with_confirmation() {
    let mut tui = Tui::spawn(&["play", "drill", "--set", "hold=2s", "--now"]);
    // The screen names the next step too, so progress is read from "step N of 4".
    tui.wait_for("step 1 of 4", WAIT);
    assert!(tui.screen().contains("First hold"));
    // Timed steps advance by themselves.
    tui.wait_for("step 2 of 4", Duration::from_secs(5));
    // Pause: the step stays, however long we wait.
    tui.send(" ");
    tui.wait_for("PAUSED", WAIT);
    tui.stays_without("step 3 of 4", Duration::from_millis(2500));
    // Resume: it goes on by itself to the step that waits.
    tui.send(" ");
    tui.stays_without("PAUSED", Duration::from_millis(200));
    tui.wait_for("step 3 of 4", Duration::from_secs(5));
    tui.wait_for("Space or Enter when it has passed", WAIT);
    tui.stays_without("step 4 of 4", Duration::from_millis(1500));
    tui.send("\r");
    tui.wait_for("step 4 of 4", WAIT);
    // Skip back and forth.
    tui.send("p");
    tui.wait_for("step 3 of 4", WAIT);
    tui.send("n");
    tui.wait_for("step 4 of 4", WAIT);
    // Quit asks first; n goes on.
    tui.send("q");
    tui.wait_for("Stop this routine and quit?", WAIT);
    tui.send("n");
    tui.stays_without("Stop this routine and quit?", Duration::from_millis(300));
    // Skip the last step: the finish screen.
    tui.send("n");
    tui.wait_for("steps done", WAIT);
    tui.wait_for("skipped", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

#[test]
fn quit_with_confirmation_restores_the_terminal() {
    let mut tui = Tui::spawn(&["play", "drill", "--set", "hold=30s", "--now"]);
    tui.wait_for("First hold", WAIT);
    tui.send("\x1b");
    tui.wait_for("Stop this routine and quit?", WAIT);
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut tui = Tui::spawn(&["play", "drill", "--now"]);
    tui.wait_for("First hold", WAIT);
    // While it runs: raw mode, the alternate screen, no cursor.
    assert!(
        !tui.local_flags().iter().any(|f| f == "ICANON"),
        "{:?}",
        tui.local_flags()
    );
    assert!(
        tui.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    );
    let status = std::process::Command::new("kill")
        .args(["-TERM", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    assert_eq!(tui.wait_exit(WAIT), 128 + 15);
    tui.assert_restored();
    // The routine it stopped is in the diary (XDG_DATA_HOME/limber).
    let db = rusqlite::Connection::open(tui._home.path().join("data/limber/limber.db"))
        .expect("the diary");
    let outcome: String = db
        .query_row("SELECT outcome FROM sessions", [], |r| r.get(0))
        .expect("one session");
    assert_eq!(outcome, "stopped");
}

#[test]
fn sighup_restores_the_terminal() {
    let mut tui = Tui::spawn(&["play", "drill", "--now"]);
    tui.wait_for("First hold", WAIT);
    let status = std::process::Command::new("kill")
        .args(["-HUP", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    assert_eq!(tui.wait_exit(WAIT), 128 + 1);
    tui.assert_restored();
}

#[test]
fn ctrl_c_quits_at_once() {
    let mut tui = Tui::spawn(&["play", "drill", "--now"]);
    tui.wait_for("First hold", WAIT);
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

#[test]
fn a_small_window_asks_to_be_larger_and_a_resize_redraws() {
    let mut tui = Tui::spawn_sized(&["play", "drill", "--now"], 30, 10);
    tui.wait_for("make the window larger", WAIT);
    tui.master
        .resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    tui.parser.lock().expect("parser").set_size(nz(24), nz(80));
    tui.wait_for("First hold", WAIT);
    tui.send("\x03");
    tui.wait_exit(WAIT);
}

/// A first-aid routine for the diary test: 1 s, a step that waits until the cramp passes, 1 s.
/// Its id names the calf, so the log form guesses the place.
const CALF_AID: &str = r#"
title = "Calf drill"
summary = "A first-aid drill for the diary test."
tags = ["first-aid"]

[[step]]
title = "Breathe"
duration = "1s"

[[step]]
title = "Stretch until it passes"
text = "Pull the toes towards you."

[[step]]
title = "Rest"
duration = "1s"
"#;

#[test]
fn first_aid_then_log_the_cramp_lands_in_the_diary() {
    let diary = tempfile::tempdir().expect("temp dir");
    let mut tui = Tui::spawn_with(
        &["play", "calf-drill", "--now"],
        80,
        24,
        &[("calf-drill.toml", CALF_AID)],
        &[("LIMBER_DATA", diary.path().as_os_str())],
    );
    tui.wait_for("Space or Enter when it has passed", WAIT);
    // The cramp takes a little over 2 seconds to pass.
    std::thread::sleep(Duration::from_millis(2200));
    tui.send("\r");
    tui.wait_for("Saved in your diary.", WAIT);
    tui.wait_for("Log this cramp in your diary? Press l.", WAIT);
    tui.send("l");
    tui.wait_for("Log a cramp", WAIT);
    assert!(tui.screen().contains("‹ calf ›"), "{}", tui.screen());
    // Side (focused first): left; strength: strong; save.
    tui.send("l");
    tui.send("\t");
    tui.send("s");
    tui.send("\r");
    tui.wait_for("Logged cramp 1: strong calf cramp (left), lasted", WAIT);
    assert!(!tui.screen().contains("Press l"), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();

    // What the report sees.
    let report = std::process::Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["report", "--format", "csv", "--since", "2d"])
        .env("LIMBER_DATA", diary.path())
        .output()
        .expect("run limber report");
    let csv = String::from_utf8_lossy(&report.stdout);
    assert!(report.status.success(), "{csv}");
    let session = csv
        .lines()
        .find(|l| l.starts_with("session,"))
        .unwrap_or_else(|| panic!("no session:\n{csv}"));
    assert!(
        session.contains(",calf-drill,Calf drill,completed,3,0,"),
        "{session}"
    );
    let cramp = csv
        .lines()
        .find(|l| l.starts_with("cramp,"))
        .unwrap_or_else(|| panic!("no cramp:\n{csv}"));
    let cells: Vec<&str> = cramp.split(',').collect();
    assert_eq!(
        cells.get(5..8),
        Some(&["calf", "left", "strong"][..]),
        "{cramp}"
    );
    let lasted: u64 = cells.get(8).and_then(|s| s.parse().ok()).unwrap_or(0);
    assert!(
        (2..=6).contains(&lasted),
        "the time until it passed, about 2 s: {cramp}"
    );
    assert!(cramp.contains(",Calf drill,"), "what helped: {cramp}");

    // The cramp is linked to the session it followed.
    let db = rusqlite::Connection::open(diary.path().join("limber.db")).expect("open the diary");
    let linked: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM cramps JOIN sessions ON cramps.session_id = sessions.id \
             WHERE sessions.routine_id = 'calf-drill'",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(linked, 1);
}

#[test]
fn without_a_terminal_it_says_to_use_plain() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["play", "first-aid-calf"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("LIMBER_AUDIO", "none")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run limber");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--plain"), "{stderr}");
}

#[test]
fn ctrl_z_suspends_and_fg_resumes_paused() {
    let mut tui = Tui::spawn(&["play", "drill", "--now"]);
    tui.wait_for("step 1 of 4", WAIT);
    tui.send("\x1a");
    // Stopped with the terminal given back.
    let end = Instant::now() + WAIT;
    while tui
        .parser
        .lock()
        .expect("parser")
        .screen()
        .alternate_screen()
    {
        assert!(
            Instant::now() < end,
            "still on the alternate screen after Ctrl-Z"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    tui.assert_restored();
    let status = std::process::Command::new("kill")
        .args(["-CONT", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    // Back, redrawn in full, and paused so no time was lost.
    tui.wait_for("PAUSED", WAIT);
    assert!(tui.screen().contains("step 1 of 4"));
    assert!(
        tui.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    );
    tui.send("q");
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

/// What the timer costs while nothing happens but the clock: CPU, bytes to the terminal, memory,
/// and the time to the first frame. Not run by default (it takes a minute per state); run it with
/// `cargo test --release --test e2e_tui idle_cost -- --ignored --nocapture`, optionally with
/// `LIMBER_BIN=target/release/limber` and `LIMBER_IDLE_SECS=60`.
#[test]
#[ignore = "a measurement: takes a minute per state"]
fn idle_cost() {
    let secs: u64 = std::env::var("LIMBER_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let ticks_per_sec: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0);
    let cpu_ticks = |pid: u32| -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    };
    let rss_kib = |pid: u32| -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let measure = |name: &str, args: &[&str], ready: &str, keys: &str| {
        let started = Instant::now();
        let mut tui = Tui::spawn(args);
        tui.wait_for(ready, WAIT);
        let first_frame = started.elapsed();
        if !keys.is_empty() {
            tui.send(keys);
        }
        std::thread::sleep(Duration::from_secs(1));
        let pid = tui.pid();
        let (cpu0, bytes0, t0) = (cpu_ticks(pid), tui.bytes(), Instant::now());
        std::thread::sleep(Duration::from_secs(secs));
        let (cpu1, bytes1, elapsed) = (cpu_ticks(pid), tui.bytes(), t0.elapsed().as_secs_f64());
        let cpu = (cpu1 - cpu0) as f64 / ticks_per_sec / elapsed * 100.0;
        println!(
            "{name}: CPU {cpu:.3}% of a core over {elapsed:.0} s, {:.0} bytes/s to the terminal, \
             RSS {} KiB, first frame after {} ms",
            (bytes1 - bytes0) as f64 / elapsed,
            rss_kib(pid),
            first_frame.as_millis()
        );
        tui.send("\x03");
        tui.wait_exit(WAIT);
    };
    measure(
        "timer running",
        &["play", "drill", "--now", "--set", "hold=1m"],
        "step 1 of 4",
        "",
    );
    measure(
        "timer paused",
        &["play", "drill", "--now", "--set", "hold=1m"],
        "step 1 of 4",
        " ",
    );
    measure("picker", &[], "Routines (", "");
}
