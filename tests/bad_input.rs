//! The bad-input corpus: every `tests/bad/NAME.toml` is run through the real binary, and what it
//! prints is checked against `tests/bad/NAME.expected` (the format is in tests/bad/README.md).
//! Every run must finish within a time bound and a memory bound, and print no panic, no Rust debug
//! dump and no control character. Inputs too big to commit (50 MB, 1 MiB) are made here.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A debug build on a busy machine answers any of these in well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address space for one run (`ulimit -v`): far above what limber needs, far below "unbounded".
const MEMORY_LIMIT_KIB: u64 = 512 * 1024;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs limber from the crate root with a clean home, no sound, and the time and memory bounds.
fn limber(args: &[String]) -> Run {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let script = format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\"");
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_limber"))
        .args(args)
        .current_dir(root())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("LIMBER_AUDIO", "none")
        .env_remove("LIMBER_ROUTINES")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"));
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("limber {args:?} did not finish within {TIME_LIMIT:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for limber: {e}"),
        }
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        took: started.elapsed(),
    }
}

/// What every run must not print, whatever its input.
#[track_caller]
fn assert_clean(what: &str, run: &Run) {
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "memory allocation",
            "Diagnostic {",
            "Some(",
            "Err(",
            "Os {",
            "kind: ",
        ] {
            assert!(
                !text.contains(bad),
                "{what}: {name} contains {bad:?}:\n{text}"
            );
        }
        if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
            panic!("{what}: {name} contains the control character {c:?}:\n{text:?}");
        }
    }
    assert!(
        run.code.is_some(),
        "{what}: killed by a signal (out of memory?)\n{}",
        run.stderr
    );
}

/// `tests/bad/NAME.expected`, one `key: value` a line (see tests/bad/README.md).
#[derive(Debug, Default)]
struct Expected {
    args: Option<String>,
    exit: Option<i32>,
    /// (line:col, or none for problems without a place in the file; the message, or part of it)
    errors: Vec<(Option<String>, String)>,
    helps: Vec<String>,
    shows: Vec<String>,
}

fn expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut exp = Expected::default();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(": ") else {
            panic!("{}: cannot read the line {line:?}", path.display());
        };
        let value = value.to_string();
        match key {
            "args" => exp.args = Some(value),
            "exit" => exp.exit = value.parse().ok(),
            "error" => {
                let (at, message) = value.split_once(' ').unwrap_or((&value, ""));
                let at = (at != "-").then(|| at.to_string());
                exp.errors.push((at, message.to_string()));
            }
            "help" => exp.helps.push(value),
            "shows" => exp.shows.push(value),
            _ => panic!("{}: unknown key {key:?}", path.display()),
        }
    }
    exp
}

/// Checks one `error:` expectation: a line `error: …message…`, followed, when the problem has a
/// place, by ` --> FILE:LINE:COL`.
#[track_caller]
fn assert_error(what: &str, stderr: &str, file: &str, at: Option<&str>, message: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let found = lines.iter().enumerate().find(|(i, line)| {
        line.starts_with("error: ")
            && line.contains(message)
            && at.is_none_or(|at| {
                lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim_start() == format!("--> {file}:{at}"))
            })
    });
    assert!(
        found.is_some(),
        "{what}: expected `error: {message}` at {file}:{}, got:\n{stderr}",
        at.unwrap_or("-")
    );
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/bad"))
        .unwrap_or_else(|e| panic!("tests/bad: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bad_file_gets_its_expected_answer() {
    let files = corpus();
    assert!(files.len() >= 30, "the corpus has {} files", files.len());
    // Check them all and list every file that failed, not just the first.
    let mut failed = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for path in &files {
        match std::panic::catch_unwind(|| check_one(path)) {
            Ok(took) if took > slowest.0 => slowest = (took, path.display().to_string()),
            Ok(_) => {}
            Err(_) => failed.push(path.display().to_string()),
        }
    }
    assert!(failed.is_empty(), "failed: {failed:#?}");
    eprintln!(
        "{} files; the slowest, {}, took {:?}",
        files.len(),
        slowest.1,
        slowest.0
    );
}

/// Runs one corpus file as its `.expected` says and checks the answer; returns how long it took.
fn check_one(path: &Path) -> Duration {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let file = format!("tests/bad/{name}.toml");
    let exp = expected(&path.with_extension("expected"));
    let args_text = exp.args.clone().unwrap_or_else(|| "check {file}".into());
    let args: Vec<String> = args_text
        .split_whitespace()
        .map(|a| a.replace("{file}", &file))
        .collect();
    let run = limber(&args);
    let what = format!("limber {}", args.join(" "));
    assert_clean(&what, &run);
    let exit = exp
        .exit
        .unwrap_or(if exp.errors.is_empty() { 0 } else { 2 });
    assert_eq!(
        run.code,
        Some(exit),
        "{what}: exit status\n{}{}",
        run.stdout,
        run.stderr
    );
    for (at, message) in &exp.errors {
        assert_error(&what, &run.stderr, &file, at.as_deref(), message);
    }
    for help in &exp.helps {
        assert!(
            run.stderr.contains(&format!("help: {help}")),
            "{what}: expected `help: {help}`, got:\n{}",
            run.stderr
        );
    }
    if exit == 0 {
        // Accepted after cleaning: what it shows must be clean too.
        let show = limber(&["show".into(), file.clone()]);
        assert_clean(&format!("limber show {file}"), &show);
        assert_eq!(show.code, Some(0), "{}", show.stderr);
        for text in &exp.shows {
            assert!(
                show.stdout.contains(text),
                "limber show {file}: expected {text:?} in:\n{}",
                show.stdout
            );
        }
        let json = limber(&["show".into(), file.clone(), "--json".into()]);
        assert_clean(&format!("limber show {file} --json"), &json);
        let value: serde_json::Value = serde_json::from_str(&json.stdout)
            .unwrap_or_else(|e| panic!("{file}: show --json: {e}"));
        let title = value["title"].as_str().unwrap_or_default();
        assert!(!title.is_empty() && !title.chars().any(char::is_control));
    }
    run.took
}

#[test]
fn every_bad_file_has_an_expectation_and_every_expectation_a_file() {
    let dir = root().join("tests/bad");
    for entry in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        match path.extension().and_then(|x| x.to_str()) {
            Some("toml") => assert!(
                path.with_extension("expected").is_file(),
                "{} has no .expected",
                path.display()
            ),
            Some("expected") => assert!(
                path.with_extension("toml").is_file(),
                "{} has no .toml",
                path.display()
            ),
            _ => {}
        }
    }
}

#[test]
fn the_whole_corpus_at_once() {
    let run = limber(&["check".into(), "tests/bad".into()]);
    assert_clean("limber check tests/bad", &run);
    assert_eq!(run.code, Some(2));
    // Some files are accepted after cleaning (a BOM, CRLF, escapes in titles); the rest are not.
    let invalid = corpus()
        .iter()
        .filter(|p| expected(&p.with_extension("expected")).args.is_none())
        .filter(|p| {
            let e = expected(&p.with_extension("expected"));
            e.exit.unwrap_or(if e.errors.is_empty() { 0 } else { 2 }) != 0
        })
        .count();
    let summary = format!("{invalid} of {} invalid", corpus().len());
    assert!(run.stderr.contains(&summary), "{summary}:\n{}", run.stderr);
}

fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

const HEAD: &str =
    "title = \"T\"\nsummary = \"S\"\n[[step]]\ntitle = \"Hold\"\nduration = \"5s\"\n";

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::from(HEAD);
    let line = format!("# {}\n", "a friend's very long routine ".repeat(3));
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    let file = temp_file(dir.path(), "huge.toml", text.as_bytes());
    let run = limber(&["check".into(), file.clone()]);
    assert_clean("check huge.toml", &run);
    assert_eq!(run.code, Some(2));
    assert_error(
        "check huge.toml",
        &run.stderr,
        &file,
        None,
        "this file is 51200 KiB; a routine file may be at most 1024 KiB",
    );
    assert!(
        run.stderr.contains(&format!(" --> {file}\n")),
        "{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(5), "{:?}", run.took);
    // The same through `show` and `play`.
    for command in ["show", "play"] {
        let mut args = vec![command.to_string(), file.clone()];
        if command == "play" {
            args.push("--plain".into());
        }
        let run = limber(&args);
        assert_clean(command, &run);
        assert_eq!(run.code, Some(2), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("at most 1024 KiB"), "{}", run.stderr);
    }
}

#[test]
fn one_byte_over_1_mib_is_refused_and_exactly_1_mib_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::from(HEAD);
    text.push_str(&"#".repeat(1024 * 1024 - text.len()));
    let exact = temp_file(dir.path(), "exact.toml", text.as_bytes());
    let run = limber(&["check".into(), exact]);
    assert_clean("exact", &run);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    text.push('#');
    let over = temp_file(dir.path(), "over.toml", text.as_bytes());
    let run = limber(&["check".into(), over]);
    assert_clean("over", &run);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("a routine file may be at most 1024 KiB")
    );
}

#[test]
fn a_1_mib_file_of_mistakes_gets_a_short_answer_quickly() {
    // Before: every problem was rendered against the whole file, minutes for this one.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::from(HEAD);
    let mut i = 0;
    while text.len() < 1000 * 1024 {
        text.push_str(&format!(
            "[[step]]\ntitel = \"Hold {i}\"\nduration = \"{i}x\"\n"
        ));
        i += 1;
    }
    let file = temp_file(dir.path(), "mistakes.toml", text.as_bytes());
    let run = limber(&["check".into(), file.clone()]);
    assert_clean("mistakes", &run);
    assert_eq!(run.code, Some(2));
    assert_error(
        "mistakes",
        &run.stderr,
        &file,
        Some("6:1"),
        "a step has no `title`",
    );
    assert_eq!(run.stderr.matches("error: ").count(), 20, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("… and {} more problems", i * 3 - 20)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.len() < 20_000, "{} bytes", run.stderr.len());
}

#[test]
fn a_plan_of_10000_stages_with_the_longest_texts_stays_small() {
    // Every stage carries its own copy of its texts: 10,000 × (200 + 2,000 + 2,000 characters).
    // Before the length limits, a 900 KB text repeated to 10,000 stages needed 9 GB.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = format!(
        "title = \"{t}\"\nsummary = \"S\"\n[[step]]\ntitle = \"Rounds\"\nrepeat = 10\n[[step.step]]\ntitle = \"{t}\"\nsay = \"{t}\"\ntext = \"{x}\"\nduration = 1\nrepeat = 1000\n[[step]]\ntitle = \"Last\"\nwarn_after = \"1m\"\nwarn = \"{x}\"\n",
        t = "t".repeat(200),
        x = "x".repeat(2000)
    );
    let file = temp_file(dir.path(), "widest.toml", text.as_bytes());
    let run = limber(&["show".into(), file.clone(), "--json".into()]);
    assert_clean("widest", &run);
    assert_eq!(run.code, Some(2), "10,001 stages: {}", run.stderr);
    assert!(
        run.stderr.contains("expands to 10001 steps"),
        "{}",
        run.stderr
    );
    let fits = text.replace("repeat = 1000", "repeat = 999");
    let file = temp_file(dir.path(), "widest.toml", fits.as_bytes());
    let run = limber(&["show".into(), file, "--json".into()]);
    assert_clean("widest", &run);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["stages"].as_array().map(Vec::len), Some(9991));
    // The same file with a 900 KB text is refused at check.
    let huge = text.replacen(&"x".repeat(2000), &"x".repeat(900_000), 1);
    let file = temp_file(dir.path(), "huge-text.toml", huge.as_bytes());
    let run = limber(&["show".into(), file.clone()]);
    assert_clean("huge-text", &run);
    assert_eq!(run.code, Some(2));
    assert_error(
        "huge-text",
        &run.stderr,
        &file,
        Some("9:8"),
        "`text` is 900000 characters long; the limit is 2000",
    );
}

#[test]
fn devices_pipes_and_folders_are_not_routine_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("routine.toml");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    let mut targets = vec!["/dev/zero".to_string(), folder.display().to_string()];
    let fifo = dir.path().join("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        targets.push(fifo.display().to_string());
    }
    for target in targets {
        // `check` reads a folder's routines; `show` wants one routine.
        let is_folder = Path::new(&target).is_dir();
        for command in ["check", "show"] {
            let run = limber(&[command.into(), target.clone()]);
            assert_clean(&target, &run);
            assert_eq!(run.code, Some(2), "{command} {target}: {}", run.stderr);
            if is_folder && command == "check" {
                let said = format!("{target}: no .toml routine files in this folder");
                assert!(run.stderr.contains(&said), "{}", run.stderr);
            } else {
                assert_error(command, &run.stderr, &target, None, "this is not a file");
            }
        }
    }
}
