//! The shared test harness (ripgrep's `tests/util.rs` is the model): [`setup`] gives a temporary
//! home and ready commands for the limber binary with HOME and the XDG folders inside it, no sound
//! and none of the caller's `LIMBER_*` settings; [`pty::Tui`] drives it in a pseudo-terminal;
//! [`Running`] drives `--plain` through pipes; [`Clock`] is the fake clock of the pure tests;
//! [`fixtures`] holds the routine files several test files use.
//!
//! Every wait here polls for a condition (a line the child printed, the screen's content, the
//! process ending) until a deadline; none sleeps a fixed time and hopes.
//!
//! Each test file takes it with `mod common;` and uses a part of it, hence `allow(dead_code)`.
#![allow(dead_code)]

pub mod fixtures;
pub mod pty;
pub mod screen;

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for something that should come at once (a screen, a line, an exit):
/// generous, because a wait ends as soon as its condition holds.
pub const WAIT: Duration = Duration::from_secs(10);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(10);

/// The binary under test: `LIMBER_BIN` (to measure a release build) or the one cargo built.
pub fn bin() -> PathBuf {
    std::env::var_os("LIMBER_BIN").map_or_else(|| env!("CARGO_BIN_EXE_limber").into(), Into::into)
}

/// The repository's root (the root package).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Polls `check` until it gives a value or `timeout` passes; then panics with `what` and
/// whatever `show` says about the state (the screen, the output so far).
#[track_caller]
pub fn wait_until<T>(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> Option<T>,
    show: impl Fn() -> String,
) -> T {
    let end = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        if Instant::now() >= end {
            panic!("{what}: not within {timeout:?}\n{}", show());
        }
        std::thread::sleep(POLL);
    }
}

/// Waits for a process started with [`Command::spawn`] to end, killing it (and failing) after
/// `timeout`.
#[track_caller]
pub fn wait_exit(child: &mut Child, timeout: Duration) -> ExitStatus {
    let end = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() >= end => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("limber did not end within {timeout:?}");
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => panic!("waiting for limber: {e}"),
        }
    }
}

/// The state letter of a process in `/proc/PID/stat` (`R`, `S`, `T` for stopped, …).
pub fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the state follows the last `)`.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.trim_start().chars().next()
}

/// Sends `signal` (`TERM`, `INT`, `CONT`, …) to `pid` with kill(1).
#[track_caller]
pub fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Outcomes of the runs in the diary in `folder` (its `limber.db`), in order.
pub fn outcomes_in(folder: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(folder.join("limber.db")).expect("the diary");
    let mut query = db
        .prepare("SELECT outcome FROM sessions ORDER BY id")
        .expect("query");
    query
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A condition a test needs from this machine that only shows at run time (a tool, a
/// capability). Missing, the test fails and says what is missing, unless
/// `LIMBER_TESTS_ALLOW_MISSING=1` is set, which turns the failure into a note: an explicit
/// opt-out for machines known to lack it, never a silent pass. Returns whether to go on.
#[track_caller]
pub fn require(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("LIMBER_TESTS_ALLOW_MISSING").is_some_and(|v| v == "1") {
        eprintln!("NOT CHECKED ({what} missing; LIMBER_TESTS_ALLOW_MISSING=1)");
        return false;
    }
    panic!(
        "this machine lacks {what}, so this test cannot check anything; \
         set LIMBER_TESTS_ALLOW_MISSING=1 to accept that"
    );
}

/// The fake clock of the pure tests: every instant is `t0 + offset`, chosen by the test.
pub struct Clock(pub Instant);

impl Clock {
    pub fn new() -> Self {
        Clock(Instant::now())
    }

    /// The instant `secs` after the start.
    pub fn at(&self, secs: f64) -> Instant {
        self.0 + Duration::from_secs_f64(secs)
    }
}

/// A fresh, isolated home for one test.
pub fn setup() -> Home {
    Home {
        dir: tempfile::tempdir().expect("temp dir"),
        pass_routines: false,
    }
}

/// A temporary home: `HOME`, `XDG_CONFIG_HOME` (`config/`) and `XDG_DATA_HOME` (`data/`) all
/// inside it, so no test reads or writes the real ones.
pub struct Home {
    dir: tempfile::TempDir,
    /// Whether commands get `--routines HOME/routines`.
    pass_routines: bool,
}

impl Home {
    /// Commands from now on read the routines in `HOME/routines` (`--routines`), made here.
    pub fn with_routines(mut self) -> Self {
        std::fs::create_dir_all(self.routines()).expect("routines dir");
        self.pass_routines = true;
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.path().join(name)
    }

    /// Writes `text` at `name` inside the home (its folders made); the file's path.
    pub fn write(&self, name: impl AsRef<Path>, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("make the folder");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// The `--routines` folder.
    pub fn routines(&self) -> PathBuf {
        self.join("routines")
    }

    /// Writes a routine file into the `--routines` folder; its path.
    pub fn routine(&self, file: &str, text: &str) -> PathBuf {
        self.write(Path::new("routines").join(file), text)
    }

    /// `XDG_CONFIG_HOME`.
    pub fn config(&self) -> PathBuf {
        self.join("config")
    }

    /// The diary's folder when no `--data` is given (`XDG_DATA_HOME/limber`).
    pub fn diary(&self) -> PathBuf {
        self.join("data/limber")
    }

    /// Outcomes of the runs in the home's diary, in order.
    pub fn outcomes(&self) -> Vec<String> {
        outcomes_in(&self.diary())
    }

    /// The environment every run gets: `Some` sets, `None` removes.
    fn env(&self) -> Vec<(&'static str, Option<OsString>)> {
        let mut env = vec![
            ("HOME", Some(self.path().into())),
            ("XDG_CONFIG_HOME", Some(self.config().into())),
            ("XDG_DATA_HOME", Some(self.join("data").into())),
            ("LIMBER_AUDIO", Some("none".into())),
            ("TERM", Some("xterm-256color".into())),
        ];
        for key in [
            "NO_COLOR",
            "LIMBER_ROUTINES",
            "LIMBER_DATA",
            "LIMBER_ALSA_LIB",
            "ALSA_CONFIG_PATH",
            "RUST_BACKTRACE",
        ] {
            env.push((key, None));
        }
        env
    }

    /// The arguments after the caller's: `--routines HOME/routines` when asked for.
    fn tail(&self) -> Vec<OsString> {
        if self.pass_routines {
            vec!["--routines".into(), self.routines().into()]
        } else {
            Vec::new()
        }
    }

    /// `limber ARGS` run in the home, for pipes.
    pub fn command(&self, args: &[&str]) -> Command {
        self.wrapped(&[], args)
    }

    /// The same, run by `wrap` (`setpriv …`, `sh -c …`) when it is not empty.
    pub fn wrapped(&self, wrap: &[String], args: &[&str]) -> Command {
        let mut cmd = match wrap.split_first() {
            Some((first, rest)) => {
                let mut cmd = Command::new(first);
                cmd.args(rest).arg(bin());
                cmd
            }
            None => Command::new(bin()),
        };
        cmd.args(args).args(self.tail()).current_dir(self.path());
        for (key, value) in self.env() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    /// `limber ARGS` for a pseudo-terminal ([`pty::Tui::spawn`]), run by `wrap` when not empty.
    pub fn pty_command(&self, wrap: &[String], args: &[&str]) -> portable_pty::CommandBuilder {
        let mut cmd = match wrap.split_first() {
            Some((first, rest)) => {
                let mut cmd = portable_pty::CommandBuilder::new(first);
                cmd.args(rest);
                cmd.arg(bin());
                cmd
            }
            None => portable_pty::CommandBuilder::new(bin()),
        };
        cmd.args(args);
        cmd.args(self.tail());
        cmd.cwd(self.path());
        for (key, value) in self.env() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            }
        }
        cmd
    }

    /// `limber ARGS` in a pseudo-terminal of `cols × rows`.
    pub fn tui(&self, args: &[&str], size: (u16, u16)) -> pty::Tui {
        pty::Tui::spawn(self.pty_command(&[], args), size)
    }

    /// The same with more environment (`(key, value)`, after the home's own).
    pub fn tui_with(
        &self,
        args: &[&str],
        size: (u16, u16),
        wrap: &[String],
        env: &[(&str, &OsStr)],
    ) -> pty::Tui {
        let mut cmd = self.pty_command(wrap, args);
        for (key, value) in env {
            cmd.env(key, value);
        }
        pty::Tui::spawn(cmd, size)
    }
}

/// A process with its standard output and error read as they come (`--plain` runs): wait for a
/// line, write to its input, then collect everything.
pub struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<(Mutex<Output>, Condvar)>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

/// What a process wrote, so far or in all.
#[derive(Default, Debug, Clone)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

impl Running {
    /// Starts `cmd` with its standard input, output and error piped.
    pub fn spawn(cmd: &mut Command) -> Running {
        Running::start(cmd.stdin(Stdio::piped()))
    }

    /// Starts `cmd` with its output piped and standard input as the caller set it.
    pub fn start(cmd: &mut Command) -> Running {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run limber: {e}"));
        let stdout = Arc::new((Mutex::new(Output::default()), Condvar::new()));
        let mut readers = Vec::new();
        if let Some(pipe) = child.stdout.take() {
            readers.push(read_into(Box::new(pipe), stdout.clone(), false));
        }
        if let Some(pipe) = child.stderr.take() {
            readers.push(read_into(Box::new(pipe), stdout.clone(), true));
        }
        let stdin = child.stdin.take();
        Running {
            child,
            stdin,
            stdout,
            readers,
        }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// What it wrote so far.
    pub fn output(&self) -> Output {
        self.stdout.0.lock().expect("output").clone()
    }

    /// Waits until standard output holds a line containing `text`; when it was seen.
    #[track_caller]
    pub fn wait_for_line(&self, text: &str, timeout: Duration) -> Instant {
        let (lock, seen) = &*self.stdout;
        let end = Instant::now() + timeout;
        let mut out = lock.lock().expect("output");
        loop {
            if out.stdout.lines().any(|l| l.contains(text)) {
                return Instant::now();
            }
            let now = Instant::now();
            if now >= end {
                panic!(
                    "`{text}` was not printed within {timeout:?}; so far:\n{}{}",
                    out.stdout, out.stderr
                );
            }
            out = seen.wait_timeout(out, end - now).expect("output").0;
        }
    }

    /// Writes to its standard input.
    pub fn type_line(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self
            .stdin
            .as_mut()
            .expect("standard input is piped and open");
        let _ = stdin.write_all(line.as_bytes());
        let _ = stdin.flush();
    }

    /// Closes its standard input.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for it to end (at most `timeout`); its status and everything it wrote.
    #[track_caller]
    pub fn finish(mut self, timeout: Duration) -> (ExitStatus, Output) {
        self.stdin = None;
        let status = wait_exit(&mut self.child, timeout);
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        (status, self.output())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `pipe` line by line into `into` (stdout or stderr), waking waiters at each line.
fn read_into(
    pipe: Box<dyn Read + Send>,
    into: Arc<(Mutex<Output>, Condvar)>,
    stderr: bool,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut lines = BufReader::new(pipe);
        let mut line = Vec::new();
        while lines.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            let (lock, seen) = &*into;
            if let Ok(mut out) = lock.lock() {
                let text = String::from_utf8_lossy(&line);
                if stderr {
                    out.stderr.push_str(&text);
                } else {
                    out.stdout.push_str(&text);
                }
            }
            seen.notify_all();
            line.clear();
        }
    })
}
