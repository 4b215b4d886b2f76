//! Sound end to end, on a machine with no sound card: `limber play --plain` runs with `HOME` set
//! to a temporary folder whose `.asoundrc` routes ALSA's default device to the `file` plugin, and
//! the captured samples are checked — every cue there, the right sound, in order, on time.
//!
//! Needs `libasound.so.2` (Debian/Ubuntu: `apt-get install libasound2`; never the -dev package).
#![cfg(target_os = "linux")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use limber::audio::builtin_wav;
use limber_core::routine::BuiltinSound as Builtin;

const RATE: usize = 48_000;
/// Envelope resolution: 1 ms.
const HOP: usize = RATE / 1000;

/// A few seconds: start, halfway, a countdown tick, a side switch, a sound file of the routine's
/// own (a copy of `rest.wav`) for the last step, and the finish.
const ROUTINE: &str = r#"
title = "Audio test"
summary = "A few seconds of cues."
tags = ["test"]
equipment = []
caution = []
source = "test"

[cues]
countdown = 1
halfway = true

[[step]]
title = "One"
duration = "3s"
sides = "both"
text = "First."

[[step]]
title = "Two"
duration = "2s"
cue_start = "CUE_FILE"
text = "Second."
"#;

/// (seconds from the routine's start, the sound expected then).
const EXPECTED: &[(f64, Builtin)] = &[
    (0.0, Builtin::Start),
    (1.5, Builtin::Halfway),
    (2.0, Builtin::Tick),
    (3.0, Builtin::Side),
    (4.5, Builtin::Halfway),
    (5.0, Builtin::Tick),
    (6.0, Builtin::Rest), // the routine's own file, a copy of rest.wav
    (7.0, Builtin::Tick),
    (8.0, Builtin::Finish),
];

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// A home whose ALSA default device writes raw 16-bit samples to `capture.raw`.
    fn new(cue_file: &str) -> Setup {
        Setup::with_routine(&ROUTINE.replace("CUE_FILE", cue_file))
    }

    fn with_routine(routine: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let capture = dir.path().join("capture.raw");
        let asoundrc = format!(
            "pcm.!default {{ type file; slave.pcm \"null\"; file \"{}\"; format \"raw\" }}\n",
            capture.display()
        );
        write(&dir.path().join(".asoundrc"), asoundrc.as_bytes());
        write(&dir.path().join("routine.toml"), routine.as_bytes());
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn play(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_limber"));
        cmd.arg("play")
            .arg(self.path("routine.toml"))
            .arg("--plain")
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path(".config"))
            .env("XDG_DATA_HOME", self.path(".data"))
            .env_remove("LIMBER_AUDIO")
            .env_remove("LIMBER_ALSA_LIB")
            .env_remove("ALSA_CONFIG_PATH")
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("running limber: {e}"));
        let text = stdout(&out);
        assert!(
            !text.contains("ALSA library") || env.iter().any(|(k, _)| *k == "LIMBER_ALSA_LIB"),
            "libasound.so.2 is missing: install libasound2 (not -dev) to run the sound tests\n{text}"
        );
        assert!(
            out.status.success(),
            "limber failed: {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn capture(&self) -> Vec<f32> {
        let bytes =
            std::fs::read(self.path("capture.raw")).unwrap_or_else(|e| panic!("no capture: {e}"));
        bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect()
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A built-in cue's samples (the bundled files are 16-bit mono WAV at 48 kHz).
fn template(b: Builtin) -> Vec<f32> {
    let wav = builtin_wav(b);
    let data = wav
        .windows(4)
        .position(|w| w == b"data")
        .unwrap_or_else(|| panic!("{b}: no data chunk"));
    wav[data + 8..]
        .chunks_exact(2)
        .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0)
        .collect()
}

/// Peak level per 1 ms.
fn envelope(samples: &[f32]) -> Vec<f32> {
    samples
        .chunks(HOP)
        .map(|c| c.iter().fold(0.0f32, |m, s| m.max(s.abs())))
        .collect()
}

/// Onsets (in ms): where the envelope jumps to well above what it was 5–15 ms before, so a
/// cue is found even while the previous one is still ringing.
fn onsets(env: &[f32]) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for i in 0..env.len() {
        let before = env[i.saturating_sub(15)..i.saturating_sub(5)]
            .iter()
            .fold(0.0f32, |m, v| m.max(*v));
        if env[i] > 0.01 && env[i] > 2.0 * before + 0.005 && found.last().is_none_or(|l| i > l + 80)
        {
            found.push(i);
        }
    }
    found
}

/// How well the capture at `at` (samples) matches the start of `tpl`: the best normalised
/// correlation over ±3 ms of lag, 0 … 1.
fn similarity(capture: &[f32], at: usize, tpl: &[f32]) -> f32 {
    let len = (RATE * 30 / 1000).min(tpl.len());
    let t = &tpl[..len];
    let tn = t.iter().map(|x| x * x).sum::<f32>().sqrt();
    let mut best = 0.0f32;
    for lag in 0..(6 * HOP) {
        let start = (at + lag).saturating_sub(3 * HOP);
        let Some(c) = capture.get(start..start + len) else {
            continue;
        };
        let cn = c.iter().map(|x| x * x).sum::<f32>().sqrt();
        if cn > 0.0 && tn > 0.0 {
            let dot: f32 = c.iter().zip(t).map(|(a, b)| a * b).sum();
            best = best.max(dot / (cn * tn));
        }
    }
    best
}

/// Checks every expected cue: found, the right sound, in order, within 50 ms of its time.
/// Returns the timing errors in ms.
fn check_cues(capture: &[f32], expected: &[(f64, Builtin)]) -> Vec<f64> {
    // `play --plain` opens the stream as the routine starts.
    check_cues_after(capture, expected, 0.0..100.0)
}

/// Like [`check_cues`], for a routine that starts `starts_ms` into the stream (the timer screen
/// opens the stream with the setup screen, before the routine starts).
fn check_cues_after(
    capture: &[f32],
    expected: &[(f64, Builtin)],
    starts_ms: std::ops::Range<f64>,
) -> Vec<f64> {
    let env = envelope(capture);
    let found = onsets(&env);
    assert!(!found.is_empty(), "nothing was heard");
    // The stream's sample 0 is close to the routine's start; find where the routine's time 0
    // falls in the capture from all the onsets (the median of their offsets).
    let mut offsets: Vec<f64> = Vec::new();
    for (t, _) in expected {
        let ms = t * 1000.0;
        if let Some(o) = found
            .iter()
            .min_by_key(|o| ((**o as f64) - ms - found[0] as f64).abs() as i64)
        {
            offsets.push(*o as f64 - ms);
        }
    }
    offsets.sort_by(f64::total_cmp);
    let origin = offsets[offsets.len() / 2];
    assert!(
        origin.abs() < 100.0 || starts_ms.contains(&origin),
        "the routine's start is {origin} ms into the stream"
    );
    let templates: Vec<(Builtin, Vec<f32>)> =
        Builtin::ALL.iter().map(|b| (*b, template(*b))).collect();
    let mut errors = Vec::new();
    let mut last = None;
    for (t, want) in expected {
        let due = origin + t * 1000.0;
        let hit = found
            .iter()
            .copied()
            .filter(|o| ((*o as f64) - due).abs() <= 50.0)
            .min_by_key(|o| ((*o as f64) - due).abs() as i64);
        let Some(hit) = hit else {
            panic!(
                "no {want} cue within 50 ms of {t} s (onsets at {found:?} ms, origin {origin} ms)"
            );
        };
        assert!(last.is_none_or(|l| hit > l), "cues out of order at {t} s");
        last = Some(hit);
        let scores: Vec<(Builtin, f32)> = templates
            .iter()
            .map(|(b, tpl)| (*b, similarity(capture, hit * HOP, tpl)))
            .collect();
        let (best, score) = scores
            .iter()
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((Builtin::Start, 0.0));
        assert_eq!(best, *want, "at {t} s the sound is not {want}: {scores:?}");
        assert!(score > 0.6, "at {t} s {want} matches only {score}");
        errors.push(hit as f64 - due);
    }
    errors
}

#[test]
fn every_cue_is_heard_in_order_and_on_time() {
    let setup = Setup::new("mine.wav");
    write(&setup.path("mine.wav"), builtin_wav(Builtin::Rest));
    let out = setup.play(&["--volume", "100"], &[]);
    let text = stdout(&out);
    assert!(!text.contains(" ~ "), "unexpected notice: {text}");
    let capture = setup.capture();
    let errors = check_cues(&capture, EXPECTED);
    eprintln!("onset errors (ms, capture vs schedule): {errors:?}");
    // Heard until the finish chime has rung out.
    let secs = capture.len() as f64 / RATE as f64;
    assert!(secs > 9.5, "capture is only {secs} s long");
    // The saved volume is used next time.
    let prefs =
        std::fs::read_to_string(setup.path(".config/limber/sound.toml")).unwrap_or_default();
    assert!(prefs.contains("volume = 100"), "{prefs}");
}

#[test]
fn a_skip_withdraws_the_cues_sent_ahead_and_plans_again() {
    let setup = Setup::new("start");
    let mut run = common::Running::spawn(
        Command::new(common::bin())
            .arg("play")
            .arg(setup.path("routine.toml"))
            .arg("--plain")
            .env("HOME", setup.dir.path())
            .env("XDG_CONFIG_HOME", setup.path(".config"))
            .env("XDG_DATA_HOME", setup.path(".data"))
            .env_remove("LIMBER_AUDIO")
            .env_remove("LIMBER_ALSA_LIB"),
    );
    // The skip must land at a moment of the routine: after the halfway chime (1.5 s) was handed
    // to the device ahead, before it rang. That moment is the thing under test, so it is paced
    // from the routine's first line (its start), not from the spawn.
    let started = run.wait_for_line(" 1/3 ", common::WAIT);
    std::thread::sleep(
        (started + std::time::Duration::from_millis(1200))
            .saturating_duration_since(std::time::Instant::now()),
    );
    run.type_line("n\n");
    let (_, out) = run.finish(common::WAIT);
    let text = out.stdout;
    // "[0:01.203] 2/3 One (RIGHT) — 3s": when the skip was handled, in ms.
    let skip = text
        .lines()
        .find(|l| l.contains(" 2/3 "))
        .and_then(|l| l.get(1..l.find(']')?))
        .and_then(|t| {
            let (m, rest) = t.split_once(':')?;
            let (s, ms) = rest.split_once('.')?;
            Some(
                m.parse::<f64>().ok()? * 60_000.0
                    + s.parse::<f64>().ok()? * 1000.0
                    + ms.parse::<f64>().ok()?,
            )
        })
        .unwrap_or_else(|| panic!("no skip in {text}"));
    let capture = setup.capture();
    let found = onsets(&envelope(&capture));
    let origin = found[0] as f64;
    // The halfway chime at 1.5 s had been handed over ahead; the skip took it back. (The side
    // switch's own notes ring then, so look for the halfway sound itself.)
    let halfway = template(Builtin::Halfway);
    for o in found
        .iter()
        .filter(|o| (**o as f64 - origin - 1500.0).abs() < 60.0)
    {
        let score = similarity(&capture, o * HOP, &halfway);
        assert!(
            score < 0.6,
            "the withdrawn halfway cue played at {o} ms ({score}), skip at {skip} ms"
        );
    }
    // The switch plays at once (as soon as the written-ahead silence allows), and the rest of
    // the routine is planned again from the skip, on time.
    let t = skip / 1000.0;
    let expected: Vec<(f64, Builtin)> = vec![
        (0.0, Builtin::Start),
        (t + 1.5, Builtin::Halfway),
        (t + 2.0, Builtin::Tick),
        (t + 3.0, Builtin::Start),
        (t + 4.0, Builtin::Tick),
        (t + 5.0, Builtin::Finish),
    ];
    let side = found
        .iter()
        .map(|o| *o as f64 - origin)
        .find(|o| *o >= skip - 5.0)
        .unwrap_or(f64::MAX);
    assert!(
        side - skip < 260.0,
        "the side switch came {} ms after the skip",
        side - skip
    );
    check_cues(&capture, &expected);
}

#[test]
fn voice_without_espeak_says_so_and_plays_the_chimes() {
    let setup = Setup::new("start");
    let out = setup.play(&["--voice"], &[("PATH", "/nonexistent")]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("--voice needs espeak-ng"), "{text}");
    let mut expected = EXPECTED.to_vec();
    expected[6].1 = Builtin::Start;
    check_cues(&setup.capture(), &expected);
}

#[test]
#[ignore = "needs espeak-ng (not on CI): cargo test --test audio -- --ignored voice_speaks"]
fn voice_speaks_after_the_chime_when_espeak_is_installed() {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("espeak-ng").is_file()));
    if !common::require(found, "espeak-ng") {
        return;
    }
    // One quiet step: after its chime, only the spoken name can sound (espeak-ng may be slow
    // on a busy machine; the line plays as soon as it is ready).
    let routine = ROUTINE
        .split("[[step]]")
        .next()
        .unwrap_or_default()
        .replace("countdown = 1", "countdown = 0")
        .replace("halfway = true", "halfway = false")
        + "[[step]]\ntitle = \"Left leg\"\nduration = \"8s\"\ntext = \"Hold.\"\n";
    let setup = Setup::with_routine(&routine);
    setup.play(&["--voice"], &[]);
    let capture = setup.capture();
    let origin = onsets(&envelope(&capture))[0];
    let from = (origin + 1150) * HOP;
    let to = ((origin + 7900) * HOP).min(capture.len());
    let spoken = capture[from..to].iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!(
        spoken > 0.02,
        "nothing spoken after the chime (peak {spoken})"
    );
}

// A sound file that is missing or does not decode is refused when the routine is loaded (with a
// diagnostic pointing at it); the fallback to the built-in chime at play time, for a file that
// goes bad after loading, is tested in src/audio/mod.rs with an in-memory output.

#[test]
fn mute_keeps_the_stream_but_plays_nothing() {
    let setup = Setup::new("start");
    setup.play(&["--mute"], &[]);
    let capture = setup.capture();
    assert!(
        capture.len() > 8 * RATE,
        "the stream ran: {} samples",
        capture.len()
    );
    assert!(
        capture.iter().all(|s| *s == 0.0),
        "muted, yet something played"
    );
}

#[test]
fn limber_audio_none_runs_silently() {
    let setup = Setup::new("start");
    let out = setup.play(&[], &[("LIMBER_AUDIO", "none")]);
    // Notices go to standard error, out of the stream of steps.
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("sound is off (LIMBER_AUDIO=none)"), "{text}");
    assert!(stdout(&out).contains("Finished"), "{text}");
    assert!(
        !setup.path("capture.raw").exists(),
        "LIMBER_AUDIO=none opened the device"
    );
}

#[test]
fn without_the_alsa_library_limber_runs_silently() {
    let setup = Setup::new("start");
    let out = setup.play(&[], &[("LIMBER_ALSA_LIB", "/nonexistent/libasound.so.2")]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("sound is off") && text.contains("not installed"),
        "{text}"
    );
    assert!(stdout(&out).contains("Finished"), "{text}");
    assert!(
        text.lines().filter(|l| l.contains("sound is off")).count() == 1,
        "said once"
    );
}

#[test]
fn without_a_sound_device_limber_runs_silently() {
    let setup = Setup::new("start");
    // A card that does not exist.
    write(
        &setup.path(".asoundrc"),
        b"pcm.!default { type hw; card 17 }\n",
    );
    let out = setup.play(&[], &[]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("sound is off: no sound device"), "{text}");
    assert!(stdout(&out).contains("Finished"), "{text}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("ALSA lib"),
        "ALSA wrote to stderr"
    );
}

#[test]
fn check_sound_file_names_the_problem() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("good.wav");
    write(&good, builtin_wav(Builtin::Tick));
    assert_eq!(limber::audio::check_sound_file(&good), Ok(()));
    let missing = limber::audio::check_sound_file(&dir.path().join("missing.flac"));
    assert!(missing.is_err_and(|e| e.contains("missing.flac")));
    let bad = dir.path().join("bad.wav");
    write(&bad, b"RIFF....WAVEjunk");
    assert!(limber::audio::check_sound_file(&bad).is_err_and(|e| e.contains("cannot decode")));
    assert!(limber::audio::check_sound_file(dir.path()).is_err_and(|e| e.contains("not a file")));
}

/// The timer screen plays the same cues at the same moments: the routine runs in a pseudo-terminal
/// (its setup screen first, because it has a caution; Enter starts it) and the capture is checked
/// like `play --plain`'s.
#[test]
fn the_timer_screen_plays_every_cue_on_time() {
    use std::time::Duration;

    let routine = ROUTINE
        .replace("CUE_FILE", "mine.wav")
        .replace("caution = []", "caution = [\"A test caution.\"]");
    let setup = Setup::with_routine(&routine);
    write(&setup.path("mine.wav"), builtin_wav(Builtin::Rest));
    let mut cmd = portable_pty::CommandBuilder::new(common::bin());
    cmd.arg("play");
    cmd.arg(setup.path("routine.toml"));
    cmd.env("HOME", setup.dir.path());
    cmd.env("XDG_CONFIG_HOME", setup.path(".config"));
    cmd.env("XDG_DATA_HOME", setup.path(".data"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("LIMBER_AUDIO");
    cmd.env_remove("LIMBER_ALSA_LIB");
    cmd.env_remove("LIMBER_DATA");
    let mut tui = common::pty::Tui::spawn(cmd, (80, 24));
    tui.wait_for("A test caution.", Duration::from_secs(10));
    // The stream opens with the setup screen (ALSA's file plugin makes the capture then); the
    // routine must start well into it (the 300 ms lower bound below), so Enter comes half a
    // second after the stream is there: pacing the scenario, not waiting for the program.
    let capture = setup.path("capture.raw");
    common::wait_until(
        "the sound stream opened (capture.raw made)",
        Duration::from_secs(10),
        || capture.exists().then_some(()),
        || tui.screen(),
    );
    std::thread::sleep(Duration::from_millis(500));
    tui.send("\r");
    tui.wait_for("Saved in your diary", Duration::from_secs(20));
    // Quit once the finish chime (the last cue, 8 s after the start) is in the capture, with
    // more after its onset than the checks below read (its first 30 ms).
    common::wait_until(
        "the finish chime in the capture",
        Duration::from_secs(10),
        || {
            let samples = setup.capture();
            let found = onsets(&envelope(&samples));
            let first = *found.first()?;
            let at = *found.iter().find(|o| o.abs_diff(first + 8000) < 100)?;
            (samples.len() >= (at + 130) * HOP).then_some(())
        },
        || {
            let samples = setup.capture();
            format!(
                "{} samples so far, onsets at {:?} ms",
                samples.len(),
                onsets(&envelope(&samples))
            )
        },
    );
    tui.send("q");
    let status = tui.wait_exit(Duration::from_secs(10));
    assert_eq!(status, 0, "limber exited with {status}");
    // The routine starts after the setup screen's half second or so.
    let errors = check_cues_after(&setup.capture(), EXPECTED, 300.0..5000.0);
    eprintln!("timer screen onset errors (ms): {errors:?}");
}

/// Between cues far apart the stream is not fed (no wake-ups in a long quiet step); the silence is
/// written afterwards for a device that swallows samples, so the capture keeps the clock's timeline
/// and the cue after the quiet stretch is still on time.
#[test]
fn a_long_quiet_step_keeps_every_cue_on_time() {
    let setup = Setup::with_routine(
        r#"
title = "Quiet"
summary = "A long step with one tick near its end."
[cues]
countdown = 1
[[step]]
title = "Long"
duration = "6s"
[[step]]
title = "Short"
duration = "2s"
"#,
    );
    let out = setup.play(&[], &[]);
    let capture = setup.capture();
    let expected = [
        (0.0, Builtin::Start),
        (5.0, Builtin::Tick),
        (6.0, Builtin::Start),
        (7.0, Builtin::Tick),
        (8.0, Builtin::Finish),
    ];
    let errors = check_cues(&capture, &expected);
    eprintln!("onset errors after a quiet stretch (ms): {errors:?}");
    let secs = capture.len() as f64 / RATE as f64;
    assert!(
        secs > 8.5,
        "capture is only {secs} s long: {}",
        stdout(&out)
    );
}

/// Skipping many steps with `--voice` announces the step landed on, not one line per step
/// skipped (a stand-in `espeak-ng` writes down each line it is asked to say).
#[test]
fn skipping_many_steps_with_voice_announces_only_where_it_lands() {
    let mut routine = String::from("title = \"Many\"\nsummary = \"Many steps.\"\n");
    for i in 1..=150 {
        routine.push_str(&format!("\n[[step]]\ntitle = \"Step {i}\"\n"));
    }
    routine.push_str("\n[[step]]\ntitle = \"Last\"\n");
    let setup = Setup::with_routine(&routine);
    let bin = setup.path("bin");
    std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    write(&setup.path("voice.wav"), builtin_wav(Builtin::Tick));
    let spoken = setup.path("spoken.log");
    let script = format!(
        "#!/bin/sh\ncat >> '{}'\necho >> '{}'\ncat '{}'\n",
        spoken.display(),
        spoken.display(),
        setup.path("voice.wav").display()
    );
    let espeak = bin.join("espeak-ng");
    write(&espeak, script.as_bytes());
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&espeak, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut run = common::Running::spawn(
        Command::new(common::bin())
            .arg("play")
            .arg(setup.path("routine.toml"))
            .arg("--plain")
            .arg("--voice")
            .env("HOME", setup.dir.path())
            .env("XDG_CONFIG_HOME", setup.path(".config"))
            .env("XDG_DATA_HOME", setup.path(".data"))
            .env("PATH", path)
            .env_remove("LIMBER_AUDIO")
            .env_remove("LIMBER_ALSA_LIB"),
    );
    run.wait_for_line(" 1/151 ", common::WAIT);
    run.type_line(&"n\n".repeat(150));
    run.wait_for_line(" 151/151 ", common::WAIT);
    let lines = || {
        std::fs::read_to_string(&spoken)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    common::wait_until(
        "the step landed on is announced",
        common::WAIT,
        || lines().contains(&"Last".to_string()).then_some(()),
        || lines().join("\n"),
    );
    run.type_line("q\n");
    let _ = run.finish(common::WAIT);
    let said = lines();
    assert!(
        said.len() <= 10,
        "{} lines said for 150 steps skipped: {said:?}",
        said.len()
    );
    assert_eq!(said.last().map(String::as_str), Some("Last"), "{said:?}");
}
