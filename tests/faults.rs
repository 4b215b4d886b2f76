//! Faults, end to end (issue 6): the real binary in a pseudo-terminal (or with pipes for
//! `--plain`) while something around it goes wrong — no sound library or device, a routine folder
//! it may not read, a config folder it may not write, a window resized over and over or 20 × 5,
//! SIGTERM / SIGHUP / SIGINT mid-step, Ctrl-Z, standard input closed, two limbers at once.
//!
//! Faults already covered elsewhere are only cited here:
//! - SIGTERM mid-step (status 143, terminal restored, the run recorded stopped):
//!   `tests/e2e_tui.rs` `sigterm_restores_the_terminal`;
//! - Ctrl-Z then `fg` (terminal given back, redrawn and paused on return):
//!   `tests/e2e_tui.rs` `ctrl_z_suspends_and_fg_resumes_paused`;
//! - `--plain` with standard input at its end (`/dev/null`, an empty pipe): `tests/cli.rs`
//!   `play_plain_stops_when_input_ends_at_a_waiting_step`, recorded stopped in `tests/store_cli.rs`
//!   `play_plain_records_its_session_finished_or_stopped`;
//! - `--plain` without the ALSA library or without a device: `tests/audio.rs`
//!   `without_the_alsa_library_limber_runs_silently`, `without_a_sound_device_limber_runs_silently`;
//! - a diary folder that cannot be written: `tests/store_cli.rs`
//!   `play_plain_with_a_diary_that_cannot_be_written_still_plays`.
//!
//! Tests run as root here, and root reads and writes through any permission bits. To make
//! "permission denied" really happen, limber runs under `setpriv` without the two capabilities
//! that let root ignore them (`CAP_DAC_OVERRIDE`, `CAP_DAC_READ_SEARCH`); as an ordinary user it
//! runs as it is. Without `setpriv` (as root) those tests say so and check nothing.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(10);

/// Short steps; the third waits for the person.
const DRILL: &str = r#"
title = "Fault drill"
summary = "Short steps for the fault tests."
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

/// A place for one run: a home with `routines/drill.toml`, the config and data folders inside.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = Home { dir };
        std::fs::create_dir_all(home.routines()).expect("routines dir");
        std::fs::write(home.routines().join("fault-drill.toml"), DRILL).expect("write routine");
        home
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The `--routines` folder.
    fn routines(&self) -> PathBuf {
        self.path().join("routines")
    }

    /// `XDG_CONFIG_HOME`.
    fn config(&self) -> PathBuf {
        self.path().join("config")
    }

    /// The diary's folder (`XDG_DATA_HOME/limber`).
    fn diary(&self) -> PathBuf {
        self.path().join("data/limber")
    }

    /// Outcomes of the runs in the diary, in order.
    fn outcomes(&self) -> Vec<String> {
        outcomes_in(&self.diary())
    }

    /// The environment every run gets: this home, no sound unless a test says otherwise.
    fn env(&self) -> Vec<(String, std::ffi::OsString)> {
        vec![
            ("HOME".into(), self.path().into()),
            ("XDG_CONFIG_HOME".into(), self.config().into()),
            ("XDG_DATA_HOME".into(), self.path().join("data").into()),
            ("LIMBER_AUDIO".into(), "none".into()),
            ("TERM".into(), "xterm-256color".into()),
        ]
    }

    /// `limber ARGS --routines HOME/routines`, for pipes (`--plain`, `list`).
    fn command(&self, args: &[&str]) -> Command {
        self.wrapped(&[], args)
    }

    /// The same, run by `wrap` (`setpriv …`) when it is not empty.
    fn wrapped(&self, wrap: &[String], args: &[&str]) -> Command {
        let mut cmd = match wrap.split_first() {
            Some((first, rest)) => {
                let mut cmd = Command::new(first);
                cmd.args(rest).arg(bin());
                cmd
            }
            None => Command::new(bin()),
        };
        cmd.args(args)
            .arg("--routines")
            .arg(self.routines())
            .current_dir(self.path())
            .env_remove("LIMBER_DATA")
            .env_remove("LIMBER_ROUTINES")
            .env_remove("LIMBER_ALSA_LIB")
            .env_remove("NO_COLOR");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd
    }
}

fn outcomes_in(diary: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(diary.join("limber.db")).expect("the diary");
    let mut query = db
        .prepare("SELECT outcome FROM sessions ORDER BY id")
        .expect("query");
    query
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

fn bin() -> String {
    std::env::var("LIMBER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_limber").into())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

/// Whether permission bits bind limber here: as an ordinary user they do; as root, only through
/// `setpriv` with the capabilities that override them dropped. `None`: they cannot be made to.
fn without_dac_override() -> Option<Vec<String>> {
    let root = text(
        &Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .trim()
        == "0";
    if !root {
        return Some(Vec::new());
    }
    let works = Command::new("setpriv")
        .args(["--bounding-set=-dac_override,-dac_read_search", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if works {
        Some(vec![
            "setpriv".into(),
            "--bounding-set=-dac_override,-dac_read_search".into(),
        ])
    } else {
        eprintln!("root without setpriv: permission bits cannot be made to bind; not checked");
        None
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// limber in a pseudo-terminal, its screen read back with vt100.
struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, as it came.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set to make the reader drop its end of the terminal at its next read (a hang-up).
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    /// `None` once the terminal is closed.
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Tui {
    /// `limber ARGS --routines HOME/routines` at `cols × rows`; `wrap` goes before the binary
    /// (`setpriv …`), `env` after the home's own.
    fn spawn(
        home: &Home,
        args: &[&str],
        (cols, rows): (u16, u16),
        wrap: &[String],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Self {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pty");
        let mut cmd = match wrap.split_first() {
            Some((first, rest)) => {
                let mut cmd = CommandBuilder::new(first);
                cmd.args(rest);
                cmd.arg(bin());
                cmd
            }
            None => CommandBuilder::new(bin()),
        };
        cmd.args(args);
        cmd.arg("--routines");
        cmd.arg(home.routines());
        cmd.cwd(home.path());
        for (k, v) in home.env() {
            cmd.env(k, v);
        }
        for key in [
            "NO_COLOR",
            "LIMBER_ROUTINES",
            "LIMBER_DATA",
            "LIMBER_ALSA_LIB",
        ] {
            cmd.env_remove(key);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn limber");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, r, h) = (parser.clone(), raw.clone(), hang_up.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || h.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                if let Ok(mut parser) = p.lock() {
                    parser.process(&buf[..n]);
                }
                if let Ok(mut raw) = r.lock() {
                    raw.extend_from_slice(&buf[..n]);
                }
            }
        });
        Tui {
            parser,
            raw,
            hang_up,
            writer: Some(writer),
            child,
            master: Some(pair.master),
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn raw(&self) -> String {
        text(&self.raw.lock().expect("raw"))
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    fn wait_for(&self, text: &str, timeout: Duration) {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "`{text}` did not appear in {timeout:?}; the screen:\n{}",
            self.screen()
        );
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    fn resize(&self, cols: u16, rows: u16) {
        self.master().resize(size(cols, rows)).expect("resize");
        self.parser
            .lock()
            .expect("parser")
            .set_size(nz(rows), nz(cols));
    }

    /// Closes the terminal under the program, as closing its window does: every handle on the
    /// pty's master side goes (the reader's at its next read, which the clock's redraw brings).
    fn close_terminal(&mut self) {
        self.hang_up
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.writer = None;
        self.master = None;
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal is open")
    }

    fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("limber did not exit; the screen:\n{}", self.screen());
    }

    /// Main screen, cursor shown, cooked mode with echo.
    fn assert_restored(&self) {
        {
            let parser = self.parser.lock().expect("parser");
            let screen = parser.screen();
            assert!(!screen.alternate_screen(), "still on the alternate screen");
            assert!(!screen.hide_cursor(), "the cursor is still hidden");
        }
        let termios = self.master().get_termios().expect("termios");
        let flags = format!("{:?}", termios.local_flags);
        assert!(flags.contains("ICANON"), "not in cooked mode: {flags}");
        assert!(flags.contains("ECHO"), "echo is off: {flags}");
    }

    fn assert_raw(&self) {
        let termios = self.master().get_termios().expect("termios");
        let flags = format!("{:?}", termios.local_flags);
        assert!(!flags.contains("ICANON"), "not in raw mode: {flags}");
        assert!(
            self.parser
                .lock()
                .expect("parser")
                .screen()
                .alternate_screen(),
            "not on the alternate screen"
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

// ─── sound ───────────────────────────────────────────────────────────────────────────────────────

/// No sound at all, every way at once: `LIMBER_AUDIO` unset, the default device a card that does
/// not exist, and the ALSA library looked for where there is none. The timer runs its steps and
/// the run ends normally; its header says sound is off (and why, when the window is wide enough);
/// `--plain` says "sound is off" exactly once.
#[test]
fn no_sound_library_or_device_runs_silently_and_says_so_once() {
    let home = Home::new();
    std::fs::write(
        home.path().join(".asoundrc"),
        "pcm.!default { type hw; card 17 }\n",
    )
    .expect("asoundrc");
    for library in [None, Some("/nonexistent/libasound.so.2")] {
        let mut env: Vec<(&str, &std::ffi::OsStr)> = vec![("LIMBER_AUDIO", "".as_ref())];
        if let Some(lib) = library {
            env.push(("LIMBER_ALSA_LIB", lib.as_ref()));
        }
        let mut tui = Tui::spawn(
            &home,
            &["play", "fault-drill", "--now", "--set", "hold=1s"],
            (80, 24),
            &[],
            &env,
        );
        tui.wait_for("step 1 of 4", WAIT);
        // The header says sound is off, without pushing the routine's title off the border;
        // with room, it says why.
        tui.wait_for("sound off", WAIT);
        let top = tui.screen().lines().next().unwrap_or_default().to_string();
        assert!(top.contains("Fault drill"), "{top}");
        tui.resize(160, 24);
        let why = if library.is_some() {
            "not installed"
        } else {
            "no sound device"
        };
        tui.wait_for(why, WAIT);
        let top = tui.screen().lines().next().unwrap_or_default().to_string();
        assert!(
            top.contains("Fault drill") && top.contains("sound is off"),
            "{top}"
        );
        assert_eq!(tui.screen().matches("sound is off").count(), 1, "said once");
        tui.resize(80, 24);
        tui.wait_for("step 3 of 4", Duration::from_secs(5));
        tui.send("\r");
        tui.wait_for("steps done", Duration::from_secs(5));
        tui.send("q");
        assert_eq!(tui.wait_exit(WAIT), 0, "{library:?}");
        tui.assert_restored();
        let raw = tui.raw();
        if let Some(at) = raw.find("ALSA lib ") {
            let around: String = raw[at..].chars().take(300).collect();
            panic!("ALSA wrote to the terminal: {around:?}");
        }
        assert!(!tui.raw().contains("panicked"), "{}", tui.raw());

        let mut cmd = home.command(&["play", "fault-drill", "--plain", "--set", "hold=1s"]);
        cmd.env_remove("LIMBER_AUDIO");
        if let Some(lib) = library {
            cmd.env("LIMBER_ALSA_LIB", lib);
        }
        let out = cmd
            .stdin(Stdio::null())
            .output()
            .expect("run limber --plain");
        let stdout = text(&out.stdout);
        assert_eq!(
            stdout.matches("sound is off").count(),
            1,
            "said once: {stdout}"
        );
        assert!(
            stdout.contains(if library.is_some() {
                "not installed"
            } else {
                "no sound device"
            }),
            "{stdout}"
        );
        assert!(stdout.contains("3/4 Until it passes"), "{stdout}");
        assert!(
            !text(&out.stderr).contains("ALSA lib"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(home.outcomes().len(), 4);
}

/// `--mute` on the timer screen: the header says the sound is off from the first frame, and one
/// `m` turns it on (before, the screen thought it was on, so the first `m` muted again).
#[test]
fn mute_flag_shows_sound_off_and_one_m_unmutes() {
    let home = Home::new();
    let mut tui = Tui::spawn(
        &home,
        &["play", "fault-drill", "--now", "--mute"],
        (80, 24),
        &[],
        &[],
    );
    tui.wait_for("step 1 of 4", WAIT);
    let top = tui.screen().lines().next().unwrap_or_default().to_string();
    assert!(top.contains("sound off"), "{top}");
    tui.send("m");
    std::thread::sleep(Duration::from_millis(200));
    let top = tui.screen().lines().next().unwrap_or_default().to_string();
    assert!(
        !top.contains("sound off") && top.contains("sound is off"),
        "{top}"
    );
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

// ─── the routine folder ──────────────────────────────────────────────────────────────────────────

/// A routine folder that cannot be read, each way this machine allows: the user's folder is a
/// file; it holds a FIFO, a dangling symlink and a folder named `*.toml`; and (with permission
/// bits made to bind, see the top) a folder and a file with mode 000. Each time the picker opens
/// with the routines it can read, never hangs on the FIFO, and after quitting says what it skipped
/// and why; `limber list` does the same with status 0.
#[test]
fn an_unreadable_routine_folder_is_skipped_with_a_reason() {
    let home = Home::new();
    let user = home.config().join("limber/routines");
    std::fs::create_dir_all(user.parent().expect("parent")).expect("config dir");

    // 1. The user's routine folder is a file.
    std::fs::write(&user, "not a folder").expect("write");
    picker_skips(&home, &[], &[(&user, "cannot read this routine folder")]);
    std::fs::remove_file(&user).expect("remove");

    // 2. Entries that cannot be read as files; one good routine beside them.
    std::fs::create_dir_all(&user).expect("user dir");
    std::fs::write(
        user.join("mine.toml"),
        DRILL.replace("Fault drill", "My own"),
    )
    .expect("write");
    let fifo = user.join("fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/nonexistent/routine.toml", user.join("dangling.toml"))
        .expect("symlink");
    std::fs::create_dir(user.join("folder.toml")).expect("dir");
    picker_skips(
        &home,
        &[],
        &[
            (&fifo, "this is not a file"),
            (
                &user.join("dangling.toml"),
                "cannot read this file: no such file",
            ),
            (&user.join("folder.toml"), "this is not a file"),
        ],
    );

    // 3. Permission denied, on a file and on the folder.
    let Some(wrap) = without_dac_override() else {
        return;
    };
    for name in ["fifo.toml", "dangling.toml", "folder.toml"] {
        let path = user.join(name);
        let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir(&path));
    }
    chmod(&user.join("mine.toml"), 0o000);
    picker_skips(
        &home,
        &wrap,
        &[(
            &user.join("mine.toml"),
            "cannot read this file: permission denied",
        )],
    );
    chmod(&user.join("mine.toml"), 0o644);
    chmod(&user, 0o000);
    picker_skips(
        &home,
        &wrap,
        &[(&user, "cannot read this routine folder: permission denied")],
    );
    // Asked for by name, the routine in that folder: the answer names the folder, not a typo.
    let out = home
        .wrapped(&wrap, &["play", "mine", "--plain"])
        .stdin(Stdio::null())
        .output()
        .expect("run limber");
    chmod(&user, 0o755);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read this routine folder: permission denied"),
        "{stderr}"
    );
}

/// The picker with `skipped` problems in the user's folder: it opens with the bundled routines and
/// the drill, quits cleanly, and then names each skipped path with its reason; `limber list`
/// prints every routine and the same reasons.
fn picker_skips(home: &Home, wrap: &[String], skipped: &[(&Path, &str)]) {
    let mut tui = Tui::spawn(home, &[], (100, 30), wrap, &[]);
    tui.wait_for("Routines (", WAIT);
    tui.wait_for("Calf cramp: first aid", WAIT);
    tui.send("/fault drill");
    tui.wait_for("Short steps for the fault tests.", WAIT);
    tui.send("\x1b");
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    let raw = tui.raw();
    for (path, reason) in skipped {
        let at = raw
            .find(&path.display().to_string())
            .unwrap_or_else(|| panic!("{} not named after quitting:\n{raw}", path.display()));
        let before = &raw[..at];
        let said = before.rfind("error: ").map(|i| &before[i..]).unwrap_or("");
        assert!(
            said.contains(reason),
            "`{reason}` for {}:\n{raw}",
            path.display()
        );
    }

    let out = home
        .wrapped(wrap, &["list"])
        .stdin(Stdio::null())
        .output()
        .expect("run limber list");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("first-aid-calf") && stdout.contains("fault-drill"),
        "{stdout}"
    );
    for (path, reason) in skipped {
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(reason),
            "{reason}: {stderr}"
        );
    }
}

// ─── the config folder ───────────────────────────────────────────────────────────────────────────

/// `--volume` is saved in the config folder; when that cannot be written the run says so once,
/// clearly, and plays anyway. Two ways: the config folder is a file (any user), and a read-only
/// config folder (mode 555, with permission bits made to bind).
#[test]
fn a_read_only_config_folder_keeps_the_volume_unsaved_and_still_plays() {
    let home = Home::new();
    let check = |wrap: &[String], why: &str| {
        let out = home
            .wrapped(
                wrap,
                &[
                    "play",
                    "fault-drill",
                    "--plain",
                    "--set",
                    "hold=1s",
                    "--volume",
                    "40",
                ],
            )
            .stdin(Stdio::null())
            .output()
            .expect("run limber");
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(
            out.status.code(),
            Some(1),
            "stopped at the step that waits: {stderr}"
        );
        assert!(stdout.contains("2/4 Second hold"), "{stdout}");
        assert_eq!(
            stderr.matches("the volume was not saved").count(),
            1,
            "{stderr}"
        );
        assert!(
            stderr.contains("sound.toml") || stderr.contains("config"),
            "{stderr}"
        );
        assert!(stderr.to_lowercase().contains(why), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    };
    // The config folder is a file.
    std::fs::write(home.config(), "a file").expect("write");
    let said = check(&[], "cannot create");
    // The timer screen: it plays, and says so once the screen is given back.
    let mut tui = Tui::spawn(
        &home,
        &["play", "fault-drill", "--now", "--volume", "40"],
        (80, 24),
        &[],
        &[],
    );
    tui.wait_for("step 1 of 4", WAIT);
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert_eq!(
        tui.raw().matches("the volume was not saved").count(),
        1,
        "{}",
        tui.raw()
    );
    assert!(
        tui.screen()
            .contains("the volume was not saved: cannot create"),
        "{}",
        tui.screen()
    );
    eprintln!("config folder a file: {said}");
    std::fs::remove_file(home.config()).expect("remove");

    let Some(wrap) = without_dac_override() else {
        return;
    };
    std::fs::create_dir_all(home.config().join("limber")).expect("config dir");
    chmod(&home.config().join("limber"), 0o555);
    let said = check(&wrap, "permission denied");
    eprintln!("config folder read-only: {said}");
    chmod(&home.config().join("limber"), 0o755);
    assert!(!home.config().join("limber/sound.toml").exists());
    assert_eq!(home.outcomes(), ["stopped", "stopped", "stopped"]);
}

// ─── the window ──────────────────────────────────────────────────────────────────────────────────

/// Many resizes (each a SIGWINCH) while a step counts down: the program keeps up, the next step
/// comes on time, and once the size settles the screen is whole: the frame's corners where the
/// size puts them, the title and the step counter shown.
#[test]
fn resized_over_and_over_while_a_step_runs_keeps_time_and_a_sane_screen() {
    let home = Home::new();
    let mut tui = Tui::spawn(
        &home,
        &["play", "fault-drill", "--now", "--set", "hold=4s"],
        (80, 24),
        &[],
        &[],
    );
    tui.wait_for("step 1 of 4", WAIT);
    let started = Instant::now();
    let sizes = [
        (80, 24),
        (120, 40),
        (40, 12),
        (20, 5),
        (100, 30),
        (61, 17),
        (200, 60),
    ];
    let mut resizes = 0;
    while started.elapsed() < Duration::from_millis(3000) {
        let (cols, rows) = sizes[resizes % sizes.len()];
        tui.resize(cols, rows);
        resizes += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(resizes > 100, "only {resizes} resizes");
    tui.resize(90, 26);
    tui.wait_for("step 2 of 4", Duration::from_secs(3));
    let late = started.elapsed().as_secs_f64() - 4.0;
    assert!(
        (-0.1..0.8).contains(&late),
        "the second step came {late:+.3} s off its time after {resizes} resizes"
    );
    std::thread::sleep(Duration::from_millis(300));
    let screen = tui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with('╭') && l.ends_with('╮')),
        "{screen}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with('╰') && l.ends_with('╯')),
        "{screen}"
    );
    assert!(lines.iter().all(|l| l.chars().count() <= 90), "{screen}");
    assert!(
        screen.contains("Fault drill") && screen.contains("Second hold"),
        "{screen}"
    );
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

/// A 20 × 5 window: the timer shows the step and its clock and asks for room; it keeps
/// counting and the keys still work; grown to a usable size, the full timer is there at the
/// right step. The picker asks for room too.
#[test]
fn a_20_by_5_window_shows_the_clock_and_keeps_counting() {
    let home = Home::new();
    let mut tui = Tui::spawn(
        &home,
        &["play", "fault-drill", "--now", "--set", "hold=2s"],
        (20, 5),
        &[],
        &[],
    );
    tui.wait_for("larger", WAIT);
    tui.wait_for("First hold", WAIT);
    tui.wait_for("0:0", WAIT);
    let screen = tui.screen();
    assert!(screen.lines().count() <= 5, "{screen}");
    assert!(screen.lines().all(|l| l.chars().count() <= 20), "{screen}");
    // It counts on at this size.
    tui.wait_for("Second hold", Duration::from_secs(4));
    tui.resize(80, 24);
    tui.wait_for("step 2 of 4", WAIT);
    tui.resize(20, 5);
    tui.wait_for("larger", WAIT);
    // Space pauses at this size too, and says so.
    tui.send(" ");
    tui.wait_for("paused", WAIT);
    std::thread::sleep(Duration::from_millis(2500));
    tui.resize(80, 24);
    tui.wait_for("PAUSED", WAIT);
    assert!(tui.screen().contains("step 2 of 4"), "{}", tui.screen());
    assert!(!tui.raw().contains("panicked"));
    tui.send("q");
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();

    let mut tui = Tui::spawn(&home, &[], (20, 5), &[], &[]);
    tui.wait_for("larger", WAIT);
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
}

// ─── signals ─────────────────────────────────────────────────────────────────────────────────────

/// SIGHUP (the terminal closed) and SIGINT (`kill -INT`, not the Ctrl-C key) mid-step: the
/// terminal is restored, the status is 128 + the signal, and the run is in the diary as stopped.
/// SIGTERM: `tests/e2e_tui.rs` `sigterm_restores_the_terminal`.
#[test]
fn sighup_and_sigint_mid_step_restore_report_and_record() {
    for (signal, number) in [("HUP", 1), ("INT", 2)] {
        let home = Home::new();
        let mut tui = Tui::spawn(&home, &["play", "fault-drill", "--now"], (80, 24), &[], &[]);
        tui.wait_for("First hold", WAIT);
        tui.assert_raw();
        kill(tui.pid(), signal);
        assert_eq!(tui.wait_exit(WAIT), 128 + number, "SIG{signal}");
        tui.assert_restored();
        assert_eq!(home.outcomes(), ["stopped"], "SIG{signal}");
    }
}

/// The terminal closed under a running step (its window closed, an ssh link dropped): the
/// kernel hangs up the pty, so limber gets SIGHUP, reads fail and draws fail, in whatever order.
/// Whichever comes first, it ends (129 for the signal, 1 for a failed read or draw) and the run is
/// in the diary as stopped.
#[test]
fn the_terminal_closed_mid_step_ends_and_records_the_run() {
    for _ in 0..3 {
        let home = Home::new();
        let mut tui = Tui::spawn(&home, &["play", "fault-drill", "--now"], (80, 24), &[], &[]);
        tui.wait_for("First hold", WAIT);
        tui.close_terminal();
        let status = tui.wait_exit(WAIT);
        assert!([1, 129].contains(&status), "exit status {status}");
        assert_eq!(home.outcomes(), ["stopped"], "exit status {status}");
    }
}

/// SIGTSTP from outside (`kill -TSTP`, as a shell's job control would send it) and SIGCONT: the
/// terminal is given back while stopped and taken again, paused, on return.
/// The Ctrl-Z key: `tests/e2e_tui.rs` `ctrl_z_suspends_and_fg_resumes_paused`.
#[test]
fn sigtstp_from_outside_then_sigcont_resumes_paused() {
    let home = Home::new();
    let mut tui = Tui::spawn(&home, &["play", "fault-drill", "--now"], (80, 24), &[], &[]);
    tui.wait_for("step 1 of 4", WAIT);
    kill(tui.pid(), "TSTP");
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
            "still on the alternate screen after SIGTSTP"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    tui.assert_restored();
    let state = std::fs::read_to_string(format!("/proc/{}/stat", tui.pid())).expect("stat");
    let state = state
        .rsplit_once(')')
        .map(|(_, s)| s.trim_start().chars().next());
    assert_eq!(state, Some(Some('T')), "stopped");
    kill(tui.pid(), "CONT");
    tui.wait_for("PAUSED", WAIT);
    tui.assert_raw();
    tui.send(" ");
    tui.send("q");
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert_eq!(home.outcomes(), ["stopped"]);
}

// ─── standard input in --plain ───────────────────────────────────────────────────────────────────

/// Standard input closed outright (`<&-`, not `/dev/null`): timed steps run to the end on time; a
/// step that waits for Enter stops the run (status 1) and the diary has it as stopped. Standard
/// input at its end from the start: `tests/cli.rs` `play_plain_stops_when_input_ends_at_a_waiting_step`.
#[test]
fn plain_with_standard_input_closed_runs_timed_steps_and_stops_at_a_wait() {
    let home = Home::new();
    std::fs::write(
        home.routines().join("timed.toml"),
        "title = \"Timed\"\nsummary = \"Two timed steps.\"\n\
         [[step]]\ntitle = \"One\"\nduration = \"1s\"\n[[step]]\ntitle = \"Two\"\nduration = \"1s\"\n",
    )
    .expect("write");
    // `sh -c 'exec limber … <&-'`: limber starts with no file descriptor 0 at all.
    let closed = |args: &[&str]| {
        let started = Instant::now();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exec \"$0\" \"$@\" <&-"])
            .arg(bin())
            .args(args)
            .arg("--plain")
            .arg("--routines")
            .arg(home.routines())
            .current_dir(home.path());
        for (k, v) in home.env() {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run limber");
        (out, started.elapsed())
    };
    let (out, took) = closed(&["play", "timed"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("Finished — 2 of 2 steps done"), "{stdout}");
    assert!(took < Duration::from_secs(5), "{took:?}");

    let (out, _) = closed(&["play", "fault-drill", "--set", "hold=1s"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("3/4 Until it passes"), "{stdout}");
    assert!(stdout.contains("standard input ended"), "{stdout}");
    assert!(!stdout.contains("4/4"), "{stdout}");
    assert_eq!(home.outcomes(), ["completed", "stopped"]);
}

/// Standard input a pipe that its writer closes while a step waits for Enter: the run stops at
/// once (it does not wait forever), says why, and records the run stopped.
#[test]
fn plain_with_standard_input_closed_mid_run_stops_and_records() {
    let home = Home::new();
    let mut child = home
        .command(&["play", "fault-drill", "--plain", "--set", "hold=1s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn limber");
    let stdin = child.stdin.take().expect("stdin");
    std::thread::sleep(Duration::from_millis(2600));
    let closed = Instant::now();
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let took = closed.elapsed();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        took < Duration::from_millis(1000),
        "took {took:?} to notice"
    );
    assert!(stdout.contains("3/4 Until it passes"), "{stdout}");
    assert!(stdout.contains("standard input ended"), "{stdout}");
    assert_eq!(home.outcomes(), ["stopped"]);
}

/// `--plain` stopped by SIGINT (Ctrl-C in a shell), SIGTERM or SIGHUP mid-step: it says so,
/// exits with 128 + the signal and the run is in the diary as stopped. The same with standard
/// input closed, where the loop sleeps until the next deadline instead of reading.
#[test]
fn plain_stopped_by_a_signal_mid_step_reports_and_records() {
    let home = Home::new();
    let signals = [("INT", 2), ("TERM", 15), ("HUP", 1), ("TERM", 15)];
    for (i, (signal, number)) in signals.into_iter().enumerate() {
        let stdin = if i == 3 {
            Stdio::null()
        } else {
            Stdio::piped()
        };
        let child = home
            .command(&["play", "fault-drill", "--plain"])
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn limber");
        std::thread::sleep(Duration::from_millis(500));
        let sent = Instant::now();
        kill(child.id(), signal);
        let out = child.wait_with_output().expect("wait");
        let took = sent.elapsed();
        let stdout = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(128 + number),
            "SIG{signal}: {stdout}"
        );
        assert!(stdout.contains("Stopped by a signal"), "{stdout}");
        assert!(took < Duration::from_secs(2), "SIG{signal} took {took:?}");
        assert_eq!(text(&out.stderr), "", "SIG{signal}");
    }
    assert_eq!(home.outcomes(), ["stopped"; 4]);
}

// ─── two at once ─────────────────────────────────────────────────────────────────────────────────

/// Two limbers in two terminals with the same diary, playing at the same time and finishing
/// within a few milliseconds of each other; then two more stopped by SIGTERM at the same moment;
/// then four `--plain` runs at once on a fresh diary. Every run is recorded.
#[test]
fn two_limbers_at_once_both_record() {
    let home = Home::new();
    let diary = home.path().join("shared-diary");
    let env = [("LIMBER_DATA", diary.as_os_str())];
    let args = ["play", "fault-drill", "--now", "--set", "hold=1s"];
    let mut a = Tui::spawn(&home, &args, (80, 24), &[], &env);
    let mut b = Tui::spawn(&home, &args, (80, 24), &[], &env);
    a.wait_for("Space or Enter when it has passed", WAIT);
    b.wait_for("Space or Enter when it has passed", WAIT);
    a.send("\r");
    b.send("\r");
    a.wait_for("steps done", WAIT);
    b.wait_for("steps done", WAIT);
    a.wait_for("Saved in your diary.", WAIT);
    b.wait_for("Saved in your diary.", WAIT);
    a.send("q");
    b.send("q");
    assert_eq!(a.wait_exit(WAIT), 0);
    assert_eq!(b.wait_exit(WAIT), 0);
    assert_eq!(outcomes_in(&diary), ["completed", "completed"]);

    let mut a = Tui::spawn(&home, &args, (80, 24), &[], &env);
    let mut b = Tui::spawn(&home, &args, (80, 24), &[], &env);
    a.wait_for("First hold", WAIT);
    b.wait_for("First hold", WAIT);
    let status = Command::new("kill")
        .args(["-TERM", &a.pid().to_string(), &b.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    assert_eq!(a.wait_exit(WAIT), 143);
    assert_eq!(b.wait_exit(WAIT), 143);
    a.assert_restored();
    b.assert_restored();
    assert_eq!(
        outcomes_in(&diary),
        ["completed", "completed", "stopped", "stopped"]
    );

    let fresh = home.path().join("fresh-diary");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            home.command(&["play", "fault-drill", "--plain", "--set", "hold=1s"])
                .env("LIMBER_DATA", &fresh)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for run in runs {
        let out: Output = run.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "nothing to say when it is saved");
    }
    assert_eq!(outcomes_in(&fresh), ["stopped"; 4]);
}

/// A sound device that never finishes opening (ALSA's `file` plugin writing into a FIFO that
/// nobody reads: `open` blocks for ever). The device opens on its own thread, so the run starts,
/// keeps time and ends; leaving waits a bounded time for the sound thread, never for ever.
#[test]
fn a_sound_device_that_never_opens_does_not_hold_up_the_run() {
    let home = Home::new();
    let fifo = home.path().join("never-read");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::write(
        home.path().join(".asoundrc"),
        format!(
            "pcm.!default {{ type file; slave.pcm \"null\"; file \"{}\"; format \"raw\" }}\n",
            fifo.display()
        ),
    )
    .expect("asoundrc");
    std::fs::write(
        home.routines().join("short.toml"),
        "title = \"Short\"\nsummary = \"Two timed steps.\"\n\
         [[step]]\ntitle = \"One\"\nduration = \"1s\"\n[[step]]\ntitle = \"Two\"\nduration = \"1s\"\n",
    )
    .expect("write");
    let started = Instant::now();
    let mut child = home
        .command(&["play", "short", "--plain"])
        .env_remove("LIMBER_AUDIO")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let end = started + Duration::from_secs(15);
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("limber hung with a sound device that never opens");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let out = child.wait_with_output().expect("output");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("[0:01.0"),
        "the second step on time: {stdout}"
    );
    assert!(stdout.contains("Finished — 2 of 2 steps done"), "{stdout}");
    // 2 s of routine, at most 0.3 s waiting for the device at the start and 4 s for the sound
    // thread at the end (today: about 6.8 s), with room for a busy machine.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    eprintln!("a device that never opens: {took:?}; said: {stdout}");

    // The timer screen draws at once, counts, and quits without waiting long for the sound.
    let started = Instant::now();
    let mut tui = Tui::spawn(
        &home,
        &["play", "short", "--now"],
        (80, 24),
        &[],
        &[("LIMBER_AUDIO", "".as_ref())],
    );
    tui.wait_for("step 1 of 2", WAIT);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    tui.wait_for("step 2 of 2", Duration::from_secs(3));
    let quit = Instant::now();
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    assert!(
        quit.elapsed() < Duration::from_secs(2),
        "quitting took {:?}",
        quit.elapsed()
    );
}
