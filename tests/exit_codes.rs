//! The exit status is the same for a routine on the timer screen and with `--plain` when it ends
//! the same way: finished, stopped by the person, stopped by SIGTERM, or not a routine at all
//! (`src/exit.rs`, README "Exit status"). Each run waits for what the program shows, never a fixed
//! time.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(20);

/// A routine that ends by itself in a second.
const QUICK: &str = "title = \"Quick\"\nsummary = \"One short step.\"\n\
                     [[step]]\ntitle = \"Short hold\"\nduration = \"1s\"\n";
/// A routine long enough to be stopped while it runs.
const LONG: &str = "title = \"Long\"\nsummary = \"One long step.\"\n\
                    [[step]]\ntitle = \"Long hold\"\nduration = \"5m\"\n";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        let routines = dir.path().join("routines");
        std::fs::create_dir_all(&routines).expect("routines dir");
        std::fs::write(routines.join("quick.toml"), QUICK).expect("write routine");
        std::fs::write(routines.join("long.toml"), LONG).expect("write routine");
        Home { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn routines(&self) -> PathBuf {
        self.path().join("routines")
    }

    fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.path().to_path_buf()),
            ("XDG_CONFIG_HOME", self.path().join("config")),
            ("XDG_DATA_HOME", self.path().join("data")),
        ]
    }
}

fn bin() -> String {
    std::env::var("LIMBER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_limber").into())
}

fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill {signal} {pid}");
}

/// How a test ends a run once `ready` shows.
#[derive(Clone, Copy)]
enum End {
    /// Nothing: the routine ends by itself (then `q` leaves the timer's finish screen).
    ByItself,
    /// The person stops it: `q` Enter with `--plain`, Esc then `y` on the timer screen.
    Stop,
    Term,
}

/// `limber play ROUTINE --plain`: waits for `ready` on standard output, ends the run, and gives
/// the exit status.
fn plain(home: &Home, routine: &str, ready: &str, end: End) -> i32 {
    let mut cmd = Command::new(bin());
    cmd.args(["play", routine, "--plain", "--routines"])
        .arg(home.routines())
        .env("LIMBER_AUDIO", "none")
        .env_remove("LIMBER_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in home.env() {
        cmd.env(key, value);
    }
    let mut child = cmd.spawn().expect("spawn limber");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    if !ready.is_empty() {
        let end = Instant::now() + WAIT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.contains(ready) => break,
                Ok(_) => {}
                Err(_) => panic!("`{ready}` never came on standard output"),
            }
        }
    }
    let mut stdin = child.stdin.take().expect("stdin");
    match end {
        End::ByItself => drop(stdin),
        End::Stop => {
            stdin.write_all(b"q\n").expect("type q");
            stdin.flush().expect("flush");
        }
        End::Term => kill(child.id(), "-TERM"),
    }
    let status = child.wait().expect("wait for limber");
    status.code().unwrap_or(-1)
}

/// `limber play ROUTINE --now` in a pseudo-terminal: waits for `ready` on the screen, ends the
/// run, and gives the exit status.
fn timer(home: &Home, routine: &str, ready: &str, end: End) -> i32 {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(bin());
    cmd.args(["play", routine, "--now", "--routines"]);
    cmd.arg(home.routines());
    cmd.cwd(home.path());
    for (key, value) in home.env() {
        cmd.env(key, value);
    }
    cmd.env("LIMBER_AUDIO", "none");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("LIMBER_DATA");
    let mut child = pair.slave.spawn_command(cmd).expect("spawn limber");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut keys = pair.master.take_writer().expect("pty writer");
    let size = |n| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(size(24), size(80), 0)));
    let seen = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut parser) = seen.lock() {
                parser.process(&buf[..n]);
            }
        }
    });
    let screen = || {
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let wait_for = |text: &str| {
        let end = Instant::now() + WAIT;
        while Instant::now() < end {
            if screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("`{text}` never appeared; the screen:\n{}", screen());
    };
    // The program may have ended already (a routine that is not there): then a key goes nowhere.
    let mut send = |text: &str| {
        let _ = keys.write_all(text.as_bytes());
        let _ = keys.flush();
    };
    if !ready.is_empty() {
        wait_for(ready);
    }
    match end {
        End::ByItself => send("q"),
        End::Stop => {
            send("\x1b");
            wait_for("Stop this routine and quit?");
            send("y");
        }
        End::Term => kill(child.process_id().expect("pid"), "-TERM"),
    }
    let end = Instant::now() + WAIT;
    while Instant::now() < end {
        if let Ok(Some(status)) = child.try_wait() {
            return i32::try_from(status.exit_code()).unwrap_or(-1);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("limber did not exit; the screen:\n{}", screen());
}

#[test]
fn a_routine_that_finishes_exits_0_both_ways() {
    let home = Home::new();
    assert_eq!(plain(&home, "quick", "Finished", End::ByItself), 0);
    assert_eq!(
        timer(&home, "quick", "Saved in your diary", End::ByItself),
        0
    );
}

#[test]
fn a_routine_the_person_stops_exits_0_both_ways() {
    let home = Home::new();
    assert_eq!(plain(&home, "long", "1/1 Long hold", End::Stop), 0);
    assert_eq!(timer(&home, "long", "Long hold", End::Stop), 0);
}

#[test]
fn sigterm_exits_143_both_ways() {
    let home = Home::new();
    assert_eq!(plain(&home, "long", "1/1 Long hold", End::Term), 143);
    assert_eq!(timer(&home, "long", "Long hold", End::Term), 143);
}

#[test]
fn a_routine_that_is_not_there_exits_2_both_ways() {
    let home = Home::new();
    assert_eq!(plain(&home, "no-such-routine", "", End::ByItself), 2);
    assert_eq!(timer(&home, "no-such-routine", "", End::ByItself), 2);
}
