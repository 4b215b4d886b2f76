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
//! runs as it is. Without `setpriv` (as root) those tests fail and say why, unless
//! `LIMBER_TESTS_ALLOW_MISSING=1` says this machine is known to lack it.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Home, Running, WAIT, fixtures, kill, outcomes_in, setup, text};

/// The drill's text: short steps, the third waiting for the person.
fn drill() -> String {
    fixtures::drill("Fault drill", "Short steps for the fault tests.")
}

/// A place for one run: a home with `routines/fault-drill.toml` passed as `--routines`, the
/// config and data folders inside.
fn fault_home() -> Home {
    let home = setup().with_routines();
    home.routine("fault-drill.toml", &drill());
    home
}

/// Whether permission bits bind limber here: as an ordinary user they do; as root, only through
/// `setpriv` with the capabilities that override them dropped. Without `setpriv` (as root) the
/// test fails, unless `LIMBER_TESTS_ALLOW_MISSING=1` accepts that: then `None`.
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
    common::require(
        works,
        "setpriv (as root, permission bits bind only through it)",
    )
    .then(|| {
        vec![
            "setpriv".into(),
            "--bounding-set=-dac_override,-dac_read_search".into(),
        ]
    })
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

// ─── sound ───────────────────────────────────────────────────────────────────────────────────────

/// No sound at all, every way at once: `LIMBER_AUDIO` unset, the default device a card that does
/// not exist, and the ALSA library looked for where there is none. The timer runs its steps and
/// the run ends normally; its header says there is no sound, and help says why;
/// `--plain` says "sound is off" exactly once.
#[test]
fn no_sound_library_or_device_runs_silently_and_says_so_once() {
    let home = fault_home();
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
        let mut tui = home.tui_with(
            &["play", "fault-drill", "--now", "--set", "hold=1s"],
            (80, 24),
            &[],
            &env,
        );
        tui.wait_for("step 1 of 4", WAIT);
        // The header says there is no sound (not "muted"), without pushing the routine's title
        // off the border; with room, it says why.
        tui.wait_for("no sound", WAIT);
        let top = tui.screen().lines().next().unwrap_or_default().to_string();
        assert!(top.contains("Fault drill"), "{top}");
        // A wider window (the frame is drawn at most 120 columns wide): the header gives the
        // reason when it fits beside the title, or points to help, which gives it in full.
        tui.resize(160, 24);
        let why = if library.is_some() {
            "not installed"
        } else {
            "no sound device"
        };
        tui.wait_until(
            "the frame centred; the reason, or where to find it",
            WAIT,
            |s| {
                let top = s.contents().lines().next().unwrap_or_default().to_string();
                top.starts_with(&format!("{}╭", " ".repeat(20)))
                    && (top.contains(why) || top.contains("? why"))
            },
        );
        let top = tui.screen().lines().next().unwrap_or_default().to_string();
        assert!(top.contains("Fault drill"), "{top}");
        assert_eq!(
            tui.screen().matches("no sound").count(),
            1,
            "said once: {top}"
        );
        if !top.contains(why) {
            tui.send("?");
            tui.wait_for(why, WAIT);
            tui.send("?");
            tui.wait_for("? why", WAIT);
        }
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
        // Notices go to standard error, out of the stream of steps.
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert_eq!(
            stderr.matches("sound is off").count(),
            1,
            "said once: {stderr}"
        );
        assert!(
            stderr.contains(if library.is_some() {
                "not installed"
            } else {
                "no sound device"
            }),
            "{stderr}"
        );
        assert!(stdout.contains("3/4 Until it passes"), "{stdout}");
        assert!(
            !text(&out.stderr).contains("ALSA lib "),
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
    let home = fault_home();
    let mut tui = home.tui_with(
        &["play", "fault-drill", "--now", "--mute"],
        (80, 24),
        &[],
        &[],
    );
    tui.wait_for("step 1 of 4", WAIT);
    let top = tui.screen().lines().next().unwrap_or_default().to_string();
    assert!(top.contains("muted"), "{top}");
    tui.send("m");
    tui.wait_until("the header to change after m", WAIT, |s| {
        !s.contents()
            .lines()
            .next()
            .unwrap_or_default()
            .contains("muted")
    });
    let top = tui.top();
    assert!(
        !top.contains("muted") && top.contains("sound is off"),
        "{top}"
    );
    tui.send("\x03");
    assert_eq!(tui.wait_exit(WAIT), 0);
}

// ─── the routine folder ──────────────────────────────────────────────────────────────────────────

/// A routine folder that cannot be read, each way this machine allows: the user's folder is a
/// file; it holds a FIFO, a dangling symlink and a folder named `*.toml`; and (with permission
/// bits made to bind, see the top) a folder and a file with mode 000. Each time the picker opens
/// with the routines it can read, never hangs on the FIFO, and lists what it skipped as files to
/// fix, with why; `limber list` says the same, one line each, with status 0.
#[test]
fn an_unreadable_routine_folder_is_skipped_with_a_reason() {
    let home = fault_home();
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
        drill().replace("Fault drill", "My own"),
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
                "cannot read this file: it is a link to nothing",
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
/// the drill, lists each skipped file (or folder) under "Your files to fix", Enter on it says
/// why, and nothing is said after quitting; `limber list` prints every routine and one line per
/// skipped file with its reason.
fn picker_skips(home: &Home, wrap: &[String], skipped: &[(&Path, &str)]) {
    let mut tui = home.tui_with(&[], (100, 30), wrap, &[]);
    tui.wait_for("Routines (", WAIT);
    tui.wait_for("Calf cramp: first aid", WAIT);
    tui.send("/fault drill");
    tui.wait_for("Short steps for the fault tests.", WAIT);
    tui.send("\x1b");
    tui.wait_until("the filter cleared", WAIT, |s| {
        !s.contents().contains("filter:")
    });
    for (path, reason) in skipped {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Found by its name, first in the list; Enter shows why.
        tui.send(&format!("/{name}"));
        tui.wait_for(&format!("▌{name}"), WAIT);
        tui.send("\r");
        tui.wait_for("Problems", WAIT);
        tui.wait_for(reason, WAIT);
        tui.send("\x1b");
        tui.wait_until("back in the list", WAIT, |s| {
            !s.contents().contains("Problems")
        });
        tui.send("\x1b");
        tui.wait_until("the filter cleared", WAIT, |s| {
            !s.contents().contains("filter:")
        });
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();
    let raw = tui.raw();
    let after = raw.rfind("\x1b[?1049l").map_or("", |i| &raw[i..]);
    assert!(
        !after.contains("error: "),
        "nothing is said after quitting:\n{after}"
    );

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
    let home = fault_home();
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
    let mut tui = home.tui_with(
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
    let home = fault_home();
    let mut tui = home.tui_with(
        &["play", "fault-drill", "--now", "--set", "hold=4s"],
        (80, 24),
        &[],
        &[],
    );
    // From when the first step's frame came, not when the poll saw it.
    let started = tui.wait_for("step 1 of 4", WAIT);
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
        // Pacing the storm of resizes (the thing under test), not waiting for anything.
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(resizes > 100, "only {resizes} resizes");
    tui.resize(90, 26);
    let came = tui.wait_for("step 2 of 4", Duration::from_secs(3));
    let late = came.duration_since(started).as_secs_f64() - 4.0;
    assert!(
        (-0.1..0.8).contains(&late),
        "the second step came {late:+.3} s off its time after {resizes} resizes"
    );
    // The last size drawn in full: both corners of the frame in place at 90 columns.
    tui.wait_until("the frame redrawn at 90 × 26", WAIT, |s| {
        let screen = s.contents();
        let lines: Vec<&str> = screen.lines().collect();
        lines
            .first()
            .is_some_and(|l| l.starts_with('╭') && l.ends_with('╮'))
            && lines.iter().any(|l| l.starts_with('╰') && l.ends_with('╯'))
            && lines.iter().all(|l| l.chars().count() <= 90)
            && screen.contains("Fault drill")
            && screen.contains("Second hold")
    });
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
    let home = fault_home();
    let mut tui = home.tui_with(
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
    // Paused for longer than the step lasts: the thing under test is that nothing advances, so
    // this time is waited out; a slow machine cannot make it pass wrongly.
    std::thread::sleep(Duration::from_millis(2500));
    tui.resize(80, 24);
    tui.wait_for("PAUSED", WAIT);
    assert!(tui.screen().contains("step 2 of 4"), "{}", tui.screen());
    assert!(!tui.raw().contains("panicked"));
    tui.send("q");
    tui.send("y");
    assert_eq!(tui.wait_exit(WAIT), 0);
    tui.assert_restored();

    let mut tui = home.tui_with(&[], (20, 5), &[], &[]);
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
        let home = fault_home();
        let mut tui = home.tui_with(&["play", "fault-drill", "--now"], (80, 24), &[], &[]);
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
        let home = fault_home();
        let mut tui = home.tui_with(&["play", "fault-drill", "--now"], (80, 24), &[], &[]);
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
    let home = fault_home();
    let mut tui = home.tui_with(&["play", "fault-drill", "--now"], (80, 24), &[], &[]);
    tui.wait_for("step 1 of 4", WAIT);
    kill(tui.pid(), "TSTP");
    // It gives the terminal back, then stops.
    tui.wait_restored(WAIT);
    let pid = tui.pid();
    common::wait_until(
        "limber stopped",
        WAIT,
        || (common::process_state(pid) == Some('T')).then_some(()),
        || format!("state {:?}", common::process_state(pid)),
    );
    tui.assert_restored();
    assert_eq!(common::process_state(pid), Some('T'), "stopped");
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
    let home = fault_home();
    home.routine("timed.toml", &fixtures::two_timed_steps("Timed"));
    // `sh -c 'exec limber … <&-'`: limber starts with no file descriptor 0 at all.
    let closed = |args: &[&str]| {
        let started = Instant::now();
        let wrap = ["sh".into(), "-c".into(), "exec \"$0\" \"$@\" <&-".into()];
        let args = [args, &["--plain"]].concat();
        let out = home.wrapped(&wrap, &args).output().expect("run limber");
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
    let home = fault_home();
    let mut run =
        Running::spawn(&mut home.command(&["play", "fault-drill", "--plain", "--set", "hold=1s"]));
    // Closed once the step that waits for Enter has begun.
    run.wait_for_line("3/4 Until it passes", WAIT);
    let closed = Instant::now();
    run.close_stdin();
    let (status, out) = run.finish(WAIT);
    let took = closed.elapsed();
    let stdout = out.stdout;
    assert_eq!(status.code(), Some(1), "{stdout}");
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
    let home = fault_home();
    let signals = [("INT", 2), ("TERM", 15), ("HUP", 1), ("TERM", 15)];
    for (i, (signal, number)) in signals.into_iter().enumerate() {
        let stdin = if i == 3 {
            Stdio::null()
        } else {
            Stdio::piped()
        };
        let run = Running::start(
            home.command(&["play", "fault-drill", "--plain"])
                .stdin(stdin),
        );
        // Mid-step: the first step has begun (its signal handlers are set before any line).
        run.wait_for_line("1/4 First hold", WAIT);
        let sent = Instant::now();
        kill(run.id(), signal);
        let (status, out) = run.finish(WAIT);
        let took = sent.elapsed();
        let stdout = out.stdout;
        assert_eq!(status.code(), Some(128 + number), "SIG{signal}: {stdout}");
        assert!(stdout.contains("Stopped by a signal"), "{stdout}");
        assert!(took < Duration::from_secs(2), "SIG{signal} took {took:?}");
        // Only the notice that sound is off (LIMBER_AUDIO=none), on standard error.
        let said = out
            .stderr
            .replace("limber: sound is off (LIMBER_AUDIO=none)\n", "");
        assert_eq!(said, "", "SIG{signal}");
    }
    assert_eq!(home.outcomes(), ["stopped"; 4]);
}

// ─── two at once ─────────────────────────────────────────────────────────────────────────────────

/// Two limbers in two terminals with the same diary, playing at the same time and finishing
/// within a few milliseconds of each other; then two more stopped by SIGTERM at the same moment;
/// then four `--plain` runs at once on a fresh diary. Every run is recorded.
#[test]
fn two_limbers_at_once_both_record() {
    let home = fault_home();
    let diary = home.path().join("shared-diary");
    let env = [("LIMBER_DATA", diary.as_os_str())];
    let args = ["play", "fault-drill", "--now", "--set", "hold=1s"];
    let mut a = home.tui_with(&args, (80, 24), &[], &env);
    let mut b = home.tui_with(&args, (80, 24), &[], &env);
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

    let mut a = home.tui_with(&args, (80, 24), &[], &env);
    let mut b = home.tui_with(&args, (80, 24), &[], &env);
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
        let said = text(&out.stderr).replace("limber: sound is off (LIMBER_AUDIO=none)\n", "");
        assert_eq!(said, "", "nothing to say when it is saved");
    }
    assert_eq!(outcomes_in(&fresh), ["stopped"; 4]);
}

/// A sound device that never finishes opening (ALSA's `file` plugin writing into a FIFO that
/// nobody reads: `open` blocks for ever). The device opens on its own thread, so the run starts,
/// keeps time and ends; leaving waits a bounded time for the sound thread, never for ever.
#[test]
fn a_sound_device_that_never_opens_does_not_hold_up_the_run() {
    let home = fault_home();
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
    home.routine("short.toml", &fixtures::two_timed_steps("Short"));
    let started = Instant::now();
    let mut child = home
        .command(&["play", "short", "--plain"])
        .env_remove("LIMBER_AUDIO")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    common::wait_exit(&mut child, Duration::from_secs(15));
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
    let mut tui = home.tui_with(
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
