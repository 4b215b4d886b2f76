//! What limber costs while it waits, for docs/performance.md: the real binary in a pseudo-terminal
//! (the screen read back with vt100), with sound on through ALSA's `file` plugin (this machine has
//! no sound card: a temporary HOME whose `.asoundrc` sends the default device to a WAV file).
//!
//! Not run by default (each state takes a minute). `scripts/measure.sh` runs it; by hand:
//!
//! ```sh
//! cargo build --release
//! LIMBER_BIN=$PWD/target/release/limber LIMBER_COST_SECS=60 \
//!     cargo test --release --test cost -- --ignored --nocapture --test-threads 1
//! ```
//!
//! `LIMBER_COST_ONLY=timer-sound,picker` picks states by name (see `STATES`).
//!
//! Per state it prints: the time from spawning the process to the first full frame on the
//! terminal (timed by the thread that reads the terminal, as the bytes arrive); CPU as a share of
//! one core over the window, from `/proc/PID/stat` (utime + stime, clock ticks) and from
//! `/proc/PID/task/*/schedstat` (nanoseconds, per thread, with each thread's wake-ups); peak RSS
//! (`VmHWM`); and the bytes written to the terminal per second. The load average goes with each.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Tui;
use portable_pty::CommandBuilder;

/// One step that counts down for ten minutes, with the usual cues.
const LONG: &str = r#"
title = "Cost drill"
summary = "One long step that counts down."
tags = ["test-only"]

[[step]]
title = "Long hold"
duration = "10m"
text = "Hold the position."
"#;

/// How a state is reached and recognised.
struct State {
    name: &'static str,
    args: &'static [&'static str],
    sound: bool,
    /// The sound device never finishes opening (ALSA's `file` plugin writing into a FIFO that
    /// nobody reads): the first frame must not wait for it.
    hung: bool,
    /// Keys sent once the first frame is there.
    keys: &'static str,
    /// The first frame is full when the screen has all of these.
    full: &'static [&'static str],
    /// The terminal's size: columns, rows.
    size: (u16, u16),
}

const STATES: &[State] = &[
    State {
        name: "timer-sound",
        args: &["play", "cost-drill", "--now"],
        sound: true,
        hung: false,
        keys: "",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (80, 24),
    },
    State {
        name: "timer-hung-device",
        args: &["play", "cost-drill", "--now"],
        sound: true,
        hung: true,
        keys: "",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (80, 24),
    },
    State {
        name: "paused-sound",
        args: &["play", "cost-drill", "--now"],
        sound: true,
        hung: false,
        keys: " ",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (80, 24),
    },
    State {
        name: "picker-sound",
        args: &[],
        sound: true,
        hung: false,
        keys: "",
        full: &["Routines (", "not medical advice", "╰"],
        size: (80, 24),
    },
    State {
        name: "timer-silent",
        args: &["play", "cost-drill", "--now"],
        sound: false,
        hung: false,
        keys: "",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (80, 24),
    },
    // Larger terminals: wider bars and more room; the same clock (issue 11: at most 300 B/s).
    State {
        name: "timer-silent-100x30",
        args: &["play", "cost-drill", "--now"],
        sound: false,
        hung: false,
        keys: "",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (100, 30),
    },
    State {
        name: "timer-silent-200x60",
        args: &["play", "cost-drill", "--now"],
        sound: false,
        hung: false,
        keys: "",
        full: &["step 1 of 1", "Long hold", "╰"],
        size: (200, 60),
    },
    State {
        name: "picker-silent",
        args: &[],
        sound: false,
        hung: false,
        keys: "",
        full: &["Routines (", "not medical advice", "╰"],
        size: (80, 24),
    },
    // `play --plain` in the same terminal: one line per stage, sound through the same device.
    State {
        name: "plain-sound",
        args: &["play", "cost-drill", "--plain"],
        sound: true,
        hung: false,
        keys: "",
        full: &["1/1 Long hold"],
        size: (80, 24),
    },
    State {
        name: "plain-silent",
        args: &["play", "cost-drill", "--plain"],
        sound: false,
        hung: false,
        keys: "",
        full: &["1/1 Long hold"],
        size: (80, 24),
    },
];

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of the whole process (every thread), in clock ticks.
fn process_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// Each live thread: (tid, name, nanoseconds on a CPU, voluntary + involuntary context switches).
fn threads(pid: u32) -> Vec<(u32, String, u64, u64)> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    let mut out: Vec<_> = dir
        .filter_map(Result::ok)
        .filter_map(|e| {
            let tid: u32 = e.file_name().to_str()?.parse().ok()?;
            let base = e.path();
            let name = std::fs::read_to_string(base.join("comm")).ok()?;
            let ns = std::fs::read_to_string(base.join("schedstat"))
                .ok()?
                .split_whitespace()
                .next()?
                .parse()
                .ok()?;
            let status = std::fs::read_to_string(base.join("status")).ok()?;
            let switches = status
                .lines()
                .filter(|l| l.contains("ctxt_switches:"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum();
            Some((tid, name.trim().to_string(), ns, switches))
        })
        .collect();
    out.sort();
    out
}

fn status_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A home with the routine, a config and data folder, and (for sound) an `.asoundrc` that sends
/// the default device to `capture.wav`.
fn home(sound: bool, hung: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let routines = dir.path().join("routines");
    std::fs::create_dir_all(&routines).expect("routines");
    std::fs::write(routines.join("cost-drill.toml"), LONG).expect("routine");
    if sound {
        let file = dir
            .path()
            .join(if hung { "never-read" } else { "capture.wav" });
        if hung {
            let made = std::process::Command::new("mkfifo").arg(&file).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        }
        let asoundrc = format!(
            "pcm.!default {{ type file; slave.pcm \"null\"; file \"{}\"; format \"wav\" }}\n",
            file.display()
        );
        std::fs::write(dir.path().join(".asoundrc"), asoundrc).expect("asoundrc");
    }
    dir
}

struct Measured {
    first_frame: Duration,
    cpu_ticks_pct: f64,
    cpu_ns_pct: f64,
    threads: Vec<String>,
    hwm_kib: u64,
    rss_kib: u64,
    bytes_per_sec: f64,
    secs: f64,
    load_before: String,
    load_after: String,
    sound_bytes: u64,
}

fn measure(state: &State, bin: &Path, secs: u64) -> Measured {
    let home = home(state.sound, state.hung);
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(state.args);
    cmd.arg("--routines");
    cmd.arg(home.path().join("routines"));
    cmd.cwd(home.path());
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
    cmd.env("XDG_DATA_HOME", home.path().join("data"));
    cmd.env("TERM", "xterm-256color");
    for key in [
        "NO_COLOR",
        "LIMBER_ROUTINES",
        "LIMBER_DATA",
        "LIMBER_ALSA_LIB",
        "ALSA_CONFIG_PATH",
    ] {
        cmd.env_remove(key);
    }
    if state.sound {
        cmd.env_remove("LIMBER_AUDIO");
    } else {
        cmd.env("LIMBER_AUDIO", "none");
    }
    let full: Vec<String> = state.full.iter().map(|s| (*s).to_string()).collect();
    let started = Instant::now();
    let mut tui = Tui::spawn_watching(cmd, state.size, move |screen| {
        let screen = screen.contents();
        full.iter().all(|t| screen.contains(t.as_str()))
    });
    let first_frame = common::wait_until(
        &format!("{}: a full frame", state.name),
        Duration::from_secs(10),
        || tui.watched_at(),
        || tui.screen(),
    )
    .duration_since(started);
    if !state.keys.is_empty() {
        tui.send(state.keys);
    }
    // Let start-up settle (the first chime, the device opening) before the window: part of the
    // measurement's definition, not a synchronisation.
    if secs > 0 {
        std::thread::sleep(Duration::from_secs(2));
    }
    let pid = tui.pid();
    let load_before = loadavg();
    let (ticks0, threads0, bytes0, t0) = (
        process_ticks(pid),
        threads(pid),
        tui.bytes(),
        Instant::now(),
    );
    // The measured window itself.
    std::thread::sleep(Duration::from_secs(secs));
    let (ticks1, threads1, bytes1, elapsed) = (
        process_ticks(pid),
        threads(pid),
        tui.bytes(),
        t0.elapsed().as_secs_f64(),
    );
    let load_after = loadavg();
    let hwm_kib = status_kib(pid, "VmHWM:");
    let rss_kib = status_kib(pid, "VmRSS:");
    let mut total_ns = 0u64;
    let mut lines = Vec::new();
    for (tid, name, ns1, sw1) in &threads1 {
        let (ns0, sw0) = threads0
            .iter()
            .find(|t| t.0 == *tid)
            .map_or((0, 0), |t| (t.2, t.3));
        let ns = ns1.saturating_sub(ns0);
        total_ns += ns;
        lines.push(format!(
            "{name:>16} (tid {tid}): {:.4}% of a core, {:.1} wake-ups/s",
            ns as f64 / 1e9 / elapsed * 100.0,
            sw1.saturating_sub(sw0) as f64 / elapsed
        ));
    }
    let sound_bytes = std::fs::metadata(home.path().join("capture.wav")).map_or(0, |m| m.len());
    // Ctrl-C quits at once; dropping the driver kills it if it has not ended within a few seconds.
    tui.send("\x03");
    let _ = tui.exits_within(Duration::from_secs(5));
    drop(tui);
    Measured {
        first_frame,
        cpu_ticks_pct: (ticks1 - ticks0) as f64 / clock_ticks() / elapsed * 100.0,
        cpu_ns_pct: total_ns as f64 / 1e9 / elapsed * 100.0,
        threads: lines,
        hwm_kib,
        rss_kib,
        bytes_per_sec: (bytes1 - bytes0) as f64 / elapsed,
        secs: elapsed,
        load_before,
        load_after,
        sound_bytes,
    }
}

#[test]
#[ignore = "a measurement: a minute per state; scripts/measure.sh runs it"]
fn cost() {
    let secs: u64 = std::env::var("LIMBER_COST_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let only: Option<Vec<String>> = std::env::var("LIMBER_COST_ONLY")
        .ok()
        .map(|s| s.split(',').map(str::to_string).collect());
    let bin: PathBuf = std::env::var_os("LIMBER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_limber")),
        PathBuf::from,
    );
    println!("binary: {}", bin.display());
    for state in STATES {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|n| n == state.name))
        {
            continue;
        }
        let m = measure(state, &bin, secs);
        println!(
            "\n{}: first full frame {:.1} ms; CPU {:.3}% of a core (stat ticks) / {:.4}% \
             (schedstat) over {:.0} s; peak RSS {} KiB (RSS now {} KiB); {:.1} bytes/s to the \
             terminal; sound written {} KiB; load {} -> {}",
            state.name,
            m.first_frame.as_secs_f64() * 1000.0,
            m.cpu_ticks_pct,
            m.cpu_ns_pct,
            m.secs,
            m.hwm_kib,
            m.rss_kib,
            m.bytes_per_sec,
            m.sound_bytes / 1024,
            m.load_before,
            m.load_after
        );
        for line in &m.threads {
            println!("  {line}");
        }
        if state.sound && !m.threads.iter().any(|t| t.contains("limber-audio")) {
            println!("  (no limber-audio thread: nothing was played in this state)");
        }
    }
}

/// The first frame alone, many times (no minute of waiting): the median and the spread of the
/// time from spawning limber to the first full frame, with sound on and off.
#[test]
#[ignore = "a measurement; scripts/measure.sh runs it"]
fn first_frame() {
    let runs: usize = std::env::var("LIMBER_FRAME_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let bin: PathBuf = std::env::var_os("LIMBER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_limber")),
        PathBuf::from,
    );
    let only: Option<Vec<String>> = std::env::var("LIMBER_COST_ONLY")
        .ok()
        .map(|s| s.split(',').map(str::to_string).collect());
    for state in STATES {
        let chosen = only
            .as_ref()
            .is_none_or(|o| o.iter().any(|n| n == state.name));
        if state.name.starts_with("paused") || !chosen {
            continue;
        }
        let mut times: Vec<f64> = (0..runs)
            .map(|_| measure(state, &bin, 0).first_frame.as_secs_f64() * 1000.0)
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{}: first full frame over {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms; load {}",
            state.name,
            times[0],
            times[runs / 2],
            times[runs - 1],
            loadavg()
        );
    }
}
