//! Issue 15, the last classes: standard error closed or full, bounded input (`--plain`'s lines,
//! tags, `--set`), and messages that said the wrong thing. See docs/reliability.md.

mod common;

use std::process::{Command, Stdio};

use common::{Home, WAIT, setup, text};

/// Runs `cmd` with standard input empty and both outputs read; its status code, stdout, stderr.
fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start limber");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = common::wait_exit(&mut child, WAIT);
    (
        status.code(),
        text(&o.join().unwrap_or_default()),
        text(&e.join().unwrap_or_default()),
    )
}

fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

/// One step that waits for Enter: with standard input empty, a run stops at once (exit 1).
const WAITS: &str = r#"
title = "Waits"
summary = "One step that waits."

[[step]]
title = "Until it passes"
"#;

// ---------------------------------------------------------------------------------------------
// Standard error closed or full

/// Commands whose message goes to standard error, one per place that prints one.
fn commands_that_complain(home: &Home) -> Vec<Vec<String>> {
    let bad = home.write("bad.toml", "title = 3\n");
    let waits = home.write("waits.toml", WAITS);
    let args: &[&[&str]] = &[
        &["show", "no-such-routine"],
        &["check", "/nonexistent/routine.toml"],
        &["check", bad.to_str().expect("utf-8")],
        &["play", "no-such-routine", "--plain"],
        &["play", "daytime-feet", "--plain", "--set", "nope=1"],
        &[
            "play",
            waits.to_str().expect("utf-8"),
            "--plain",
            "--side",
            "left",
        ],
        &["list", "--tag", "no-such-tag"],
        &["new", "Not_An_Id"],
        &["show", "--toml", "no-such-routine"],
        &["report", "--since", "99999999d"],
        &["log", "--where", "calf"],
        &["--no-such-option"],
    ];
    args.iter()
        .map(|a| a.iter().map(|s| (*s).to_string()).collect())
        .collect()
}

#[test]
fn a_full_standard_error_never_panics() {
    let home = setup();
    for args in commands_that_complain(&home) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (expected, _, err) = run(&mut home.command(&args));
        assert!(!err.is_empty(), "{args:?} says nothing on standard error");
        let mut child = home
            .command(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(dev_full())
            .spawn()
            .expect("start");
        let status = common::wait_exit(&mut child, WAIT);
        assert_ne!(
            status.code(),
            Some(101),
            "{args:?} panicked on a full stderr"
        );
        assert_eq!(status.code(), expected, "{args:?}: another exit status");
    }
}

#[test]
fn a_closed_standard_error_never_panics() {
    let home = setup();
    let wrap: Vec<String> = ["sh", "-c", "exec \"$0\" \"$@\" 2>&-"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    for args in commands_that_complain(&home) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (expected, _, _) = run(&mut home.command(&args));
        let (code, _, err) = run(&mut home.wrapped(&wrap, &args));
        assert_ne!(code, Some(101), "{args:?} panicked: {err}");
        assert_eq!(code, expected, "{args:?}: another exit status");
        assert!(err.is_empty(), "{args:?} wrote to a closed stderr: {err}");
    }
}
