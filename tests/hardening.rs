//! Issue 15, the last classes: standard error closed or full, bounded input (`--plain`'s lines,
//! tags, `--set`), and messages that said the wrong thing. See docs/reliability.md.

mod common;

use std::process::{Command, Stdio};

use common::{Home, WAIT, setup, text};

/// Runs `cmd` with standard input empty and both outputs read; its status code, stdout, stderr.
fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let (status, out) = common::Running::start(cmd.stdin(Stdio::null())).finish(WAIT);
    (status.code(), out.stdout, out.stderr)
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

// ---------------------------------------------------------------------------------------------
// Bounded input

/// `play --plain < /dev/zero`: a line that never ends. Under a 1 GB address-space limit, a reader
/// that keeps the whole line dies of it (or never ends); limber keeps 4 KB of a line, gives up on
/// one past 1 MB as input that is not typing, and stops as at the end of input.
#[test]
fn plain_input_that_never_ends_a_line_is_bounded() {
    let home = setup();
    let waits = home.write("waits.toml", WAITS);
    let wrap: Vec<String> = [
        "sh",
        "-c",
        "ulimit -v 1000000; exec \"$0\" \"$@\" < /dev/zero",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let (code, out, err) =
        run(&mut home.wrapped(&wrap, &["play", waits.to_str().expect("utf-8"), "--plain"]));
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(err.contains("not typing"), "{err}");
    assert!(
        out.contains("standard input ended while a step waited"),
        "{out}"
    );
}

/// An over-long line is cut, and the lines after it still work: Enter finishes the step.
#[test]
fn plain_input_goes_on_after_an_over_long_line() {
    let home = setup();
    let waits = home.write("waits.toml", WAITS);
    let mut run = common::Running::spawn(&mut home.command(&[
        "play",
        waits.to_str().expect("utf-8"),
        "--plain",
    ]));
    run.wait_for_line("press Enter", WAIT);
    run.type_line(&"x".repeat(300_000));
    run.type_line("\n\n");
    let (status, out) = run.finish(WAIT);
    assert_eq!(status.code(), Some(0), "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Finished"), "{}", out.stdout);
}

/// A valid routine with `extra` put in at its top level.
fn routine_with(extra: &str) -> String {
    format!(
        "title = \"Limits\"\nsummary = \"s\"\n{extra}\n\n[[step]]\ntitle = \"One\"\nduration = \"3s\"\n"
    )
}

fn quoted_list(count: usize, item: &str) -> String {
    let items: Vec<String> = (0..count).map(|i| format!("\"{item}{i}\"")).collect();
    format!("[{}]", items.join(", "))
}

/// `limber check` on `text` as a routine file: exit status and what it said.
fn check(home: &Home, name: &str, text: &str) -> (Option<i32>, String) {
    let path = home.write(name, text);
    let (code, out, err) = run(&mut home.command(&["check", path.to_str().expect("utf-8")]));
    (code, format!("{out}{err}"))
}

#[test]
fn routine_lists_and_params_are_bounded() {
    let home = setup();
    let many_params: String = (0..21)
        .map(|i| format!("[params.p{i}]\ndefault = 3\n"))
        .collect();
    let cases: Vec<(String, &str)> = vec![
        (
            routine_with(&format!("tags = {}", quoted_list(21, "t"))),
            "`tags` has 21 items; the limit is 20",
        ),
        (
            routine_with(&format!("tags = {}", quoted_list(60_000, "t"))),
            "`tags` has 60000 items; the limit is 20",
        ),
        (
            routine_with(&format!("tags = [\"{}\"]", "t".repeat(33))),
            "an item of `tags` is 33 characters long; the limit is 32",
        ),
        (
            routine_with(&format!("equipment = {}", quoted_list(21, "bowl"))),
            "`equipment` has 21 items; the limit is 20",
        ),
        (
            routine_with(&format!("equipment = [\"{}\"]", "b".repeat(201))),
            "an item of `equipment` is 201 characters long; the limit is 200",
        ),
        (
            routine_with(&format!("caution = {}", quoted_list(21, "careful"))),
            "`caution` has 21 items; the limit is 20",
        ),
        (
            routine_with(&many_params),
            "this routine has 21 params; the limit is 20",
        ),
    ];
    for (i, (text, said)) in cases.iter().enumerate() {
        let (code, all) = check(&home, &format!("limits-{i}.toml"), text);
        assert_eq!(code, Some(2), "{said}: {all}");
        assert!(all.contains(said), "expected {said:?} in:\n{all}");
    }
    // At the limits, the routine is valid.
    let (code, all) = check(
        &home,
        "at-limits.toml",
        &routine_with(&format!(
            "tags = {}\ncaution = [\"{}\"]",
            quoted_list(20, "t"),
            "c".repeat(2000)
        )),
    );
    assert_eq!(code, Some(0), "{all}");
}

#[test]
fn set_values_are_bounded_and_said_plainly() {
    let home = setup();
    let long = format!("cycles={}", "7".repeat(300));
    let many: Vec<&str> = std::iter::repeat_n(["--set", "cycles=6"], 51)
        .flatten()
        .collect();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--set", "cycles=99999999999999999999"],
            "cycles=99999999999999999999 is outside its range: 5 to 10",
        ),
        (
            vec!["--set", &long],
            "characters; a NAME=VALUE is at most 200",
        ),
        (many, "--set is given 51 times; the limit is 50"),
    ];
    for (set, said) in cases {
        let mut args = vec!["play", "contrast-bath", "--plain"];
        args.extend(&set);
        let (code, _, err) = run(&mut home.command(&args));
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains(said), "expected {said:?} in: {err}");
        assert!(!err.contains("takes a whole number"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Messages that misled

#[test]
fn a_param_default_that_names_a_param_says_so() {
    let home = setup();
    let (code, all) = check(
        &home,
        "refers.toml",
        "title = \"P\"\nsummary = \"s\"\n[params.a]\ndefault = \"30s\"\n[params.b]\n\
         default = \"{a}\"\n[[step]]\ntitle = \"x\"\nduration = \"{b}\"\n",
    );
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("a param's `default` cannot name a param (`{a}`)"),
        "{all}"
    );
    assert!(!all.contains("is not a duration"), "{all}");
}

#[test]
fn a_plan_too_large_to_count_says_its_size_in_words() {
    let home = setup();
    let mut text = String::from("title = \"P\"\nsummary = \"s\"\n");
    let mut table = String::from("step");
    for i in 0..7 {
        text.push_str(&format!("[[{table}]]\ntitle = \"s{i}\"\nrepeat = 1000\n"));
        table.push_str(".step");
    }
    text.push_str("duration = \"24h\"\n");
    let (code, all) = check(&home, "huge.toml", &text);
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("expands to more steps than can be counted; the limit is 10000"),
        "{all}"
    );
    assert!(!all.contains("18446744073709551615"), "{all}");
}

#[test]
fn an_id_starting_with_a_dash_is_refused_at_load_in_words() {
    let home = setup();
    home.write("r/-x.toml", WAITS);
    home.write("r/fine.toml", WAITS);
    let r = home.join("r");
    let r = r.to_str().expect("utf-8");
    let because = "an id cannot start with `-`, which the command line reads as an option";
    let (code, out, err) = run(&mut home.command(&["--routines", r, "list"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("fine") && !out.contains("-x "), "{out}");
    assert!(err.contains(because), "{err}");
    let (code, _, err) = run(&mut home.command(&["--routines", r, "play", "--plain", "--", "-x"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains(because), "{err}");
    let (code, _, err) = run(&mut home.command(&["new", "--", "-x"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("starting with a letter or digit"), "{err}");
}

/// Something other than a folder where the diary's folder (`--data`) or a routine folder
/// (`--routines`) should be: each said as what it is, never an `os error`, never "not a file".
#[test]
fn a_folder_that_is_not_one_is_said_as_what_it_is() {
    let home = setup();
    let file = home.write("a-file", "x");
    let dangling = home.join("dangling");
    std::os::unix::fs::symlink(home.join("nowhere"), &dangling).expect("symlink");
    let to_file = home.join("to-file");
    std::os::unix::fs::symlink(&file, &to_file).expect("symlink");
    let below = file.join("limber");
    let cases: Vec<(&std::path::Path, &str)> = vec![
        (&file, "it is a file, not a folder"),
        (&dangling, "it is a link to nothing"),
        (&to_file, "it is a link to a file, not a folder"),
        (
            &below,
            "a file stands where one of the folders above it should be",
        ),
    ];
    let log = [
        "log",
        "--where",
        "calf",
        "--side",
        "left",
        "--strength",
        "weak",
    ];
    for (dir, said) in cases {
        let dir = dir.to_str().expect("utf-8");
        for command in [&log[..], &["report"], &["entries"]] {
            let mut args = vec!["--data", dir];
            args.extend(command);
            let (code, _, err) = run(&mut home.command(&args));
            assert_eq!(code, Some(1), "{args:?}: {err}");
            assert!(
                err.contains(&format!("the diary's folder {dir} cannot be used: {said}")),
                "{args:?}: {err}"
            );
            assert!(
                !err.contains("os error") && !err.contains("not a file"),
                "{err}"
            );
        }
    }
    let (code, _, err) =
        run(&mut home.command(&["--routines", file.to_str().expect("utf-8"), "list"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("cannot read this routine folder: a file stands where a folder should be"),
        "{err}"
    );
    assert!(!err.contains("Not a directory"), "{err}");
}

/// Odd arguments across the commands: each answered with a plain sentence that says what is
/// wrong, and never an `os error`, a Rust error's own words or a debug dump.
#[test]
fn odd_arguments_get_plain_sentences() {
    let home = setup();
    let file = home.write("a-file", "x");
    let file = file.to_str().expect("utf-8");
    let dangling = home.join("gone.toml");
    std::os::unix::fs::symlink(home.join("nowhere.toml"), &dangling).expect("symlink");
    let dangling = dangling.to_str().expect("utf-8");
    std::os::unix::fs::symlink(home.join("nowhere.wav"), home.join("gone.wav")).expect("symlink");
    let sound = home.write(
        "sound.toml",
        "title = \"S\"\nsummary = \"s\"\n[[step]]\ntitle = \"x\"\nduration = \"3s\"\n\
         cue_start = \"gone.wav\"\n",
    );
    let sound = sound.to_str().expect("utf-8");
    let no_folder = home.join("no-folder/report.txt");
    let no_folder = no_folder.to_str().expect("utf-8");
    let note = "n".repeat(2001);
    let helped = "h".repeat(201);
    let log = [
        "log",
        "--where",
        "calf",
        "--side",
        "left",
        "--strength",
        "weak",
    ];
    let with = |extra: &[&'static str]| -> Vec<String> {
        log.iter().chain(extra).map(|s| (*s).to_string()).collect()
    };
    let cases: Vec<(Vec<String>, i32, String)> = vec![
        (
            vec![
                "entries".into(),
                "edit".into(),
                "99999999999999999999".into(),
                "--side".into(),
                "right".into(),
            ],
            2,
            "there is no entry with so large a number".into(),
        ),
        (
            vec!["entries".into(), "delete".into(), "first".into()],
            2,
            "an entry's number is a whole number".into(),
        ),
        (
            [with(&[]), vec!["--note".into(), note]].concat(),
            2,
            "--note is 2001 characters long; the limit is 2000".into(),
        ),
        (
            [with(&[]), vec!["--helped".into(), helped]].concat(),
            2,
            "--helped is 201 characters long; the limit is 200".into(),
        ),
        (
            vec!["check".into(), sound.into()],
            2,
            "sound file `gone.wav` cannot be read: it is a link to nothing".into(),
        ),
        (
            vec!["show".into(), home.path().to_str().expect("utf-8").into()],
            2,
            "this is not a file: it is a folder".into(),
        ),
        (
            vec!["check".into(), dangling.into()],
            2,
            "it is a link to nothing".into(),
        ),
        (
            vec!["show".into(), dangling.into()],
            2,
            "it is a link to nothing".into(),
        ),
        (
            vec!["report".into(), "--out".into(), no_folder.into()],
            1,
            "no-folder does not exist".into(),
        ),
        (
            vec!["man".into(), "--out".into(), file.into()],
            1,
            "it is a file, not a folder".into(),
        ),
        (
            vec!["man".into(), "--out".into(), dangling.into()],
            1,
            "it is a link to nothing".into(),
        ),
    ];
    for (args, code, said) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (got, _, err) = run(&mut home.command(&args));
        let shown = &args[..args.len().min(4)];
        assert_eq!(got, Some(code), "{shown:?}: {err}");
        assert!(
            err.contains(&said),
            "{shown:?}: expected {said:?} in: {err}"
        );
        for bad in [
            "os error",
            "too large to fit",
            "No such file",
            "Some(",
            "Os {",
            "panicked",
        ] {
            assert!(!err.contains(bad), "{shown:?}: {bad:?} in: {err}");
        }
    }
    assert_eq!(
        run(&mut home.command(&["entries", "--json"])).1.trim(),
        "[]",
        "nothing was logged"
    );
}

// ---------------------------------------------------------------------------------------------
// Standard output gone under `play --plain`

/// `limber play X --plain | head -2`, and the same onto a full disk: the run stops at once
/// (before: it played on for nobody to the routine's end), is recorded as stopped, and ends as
/// every command does: 141 quietly for a closed pipe, 1 with a sentence for a full disk.
#[test]
fn plain_output_that_cannot_be_written_stops_the_run() {
    let home = setup();
    let long = home.write(
        "long.toml",
        "title = \"Long\"\nsummary = \"s\"\n[[step]]\ntitle = \"Hold\"\nduration = \"1h\"\n",
    );
    let long = long.to_str().expect("utf-8");
    let closed = {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        Stdio::from(writer)
    };
    for (stdout, code, said) in [
        (closed, 141, ""),
        (
            dev_full(),
            1,
            "its steps could not be written out: the disk is full",
        ),
    ] {
        let mut child = home
            .command(&["play", long, "--plain"])
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start");
        let mut err = child.stderr.take().expect("stderr");
        let e = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut v);
            v
        });
        let status = common::wait_exit(&mut child, WAIT);
        let err = text(&e.join().unwrap_or_default());
        assert_eq!(status.code(), Some(code), "{err}");
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(home.outcomes(), vec!["stopped", "stopped"]);
}

/// `limber completions bash` onto a full disk fails as every command's output does (before: 0).
#[test]
fn completions_onto_a_full_disk_is_an_error() {
    let home = setup();
    let mut child = home
        .command(&["completions", "bash"])
        .stdin(Stdio::null())
        .stdout(dev_full())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut err = child.stderr.take().expect("stderr");
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = common::wait_exit(&mut child, WAIT);
    let err = text(&e.join().unwrap_or_default());
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("the disk is full"), "{err}");
}

/// A settings file that is a FIFO (whose read would wait for ever) or far too large: `limber
/// config` says so, shows the defaults and exits 1 as for any config with a problem, promptly (before: it hung on the FIFO and
/// read any size into memory).
#[test]
fn a_settings_file_that_is_a_fifo_or_huge_is_not_read() {
    let home = setup();
    let config = home.config().join("limber");
    std::fs::create_dir_all(&config).expect("config folder");
    let fifo = config.join("config.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let (code, _, err) = run(&mut home.command(&["config"]));
    assert_eq!(code, Some(1), "a config with a problem: {err}");
    assert!(
        err.contains("cannot be read (it is a pipe, socket or device, not a file)"),
        "{err}"
    );
    std::fs::remove_file(&fifo).expect("remove the fifo");
    home.write(
        fifo.strip_prefix(home.path()).expect("inside"),
        "#".repeat(300_000),
    );
    let (code, _, err) = run(&mut home.command(&["config"]));
    assert_eq!(code, Some(1), "a config with a problem: {err}");
    assert!(err.contains("too large for a settings file"), "{err}");
}

/// A FIFO at the diary's lock file while a bad diary must be set aside: opening it to write
/// would wait for a reader for ever (before: `limber log` hung); now refused in words.
#[test]
fn a_fifo_at_the_diary_lock_is_refused_not_waited_on() {
    let home = setup();
    let dir = home.join("diary");
    std::fs::create_dir_all(&dir).expect("diary folder");
    std::fs::write(dir.join("limber.db"), "not a database, just text").expect("write");
    let made = Command::new("mkfifo")
        .arg(dir.join("limber.db.lock"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let dir = dir.to_str().expect("utf-8");
    let (code, _, err) = run(&mut home.command(&[
        "--data",
        dir,
        "log",
        "--where",
        "calf",
        "--side",
        "left",
        "--strength",
        "weak",
    ]));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("limber.db.lock is a pipe, socket or device, not a file"),
        "{err}"
    );
}
