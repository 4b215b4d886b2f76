//! The whole routine outside the timer (issue 12), run as a process: `play --plain` with every
//! part of a step, `show` as a card and as JSON, `show --toml` round trip, `limber new`,
//! `limber format`, `TERM=dumb`, completions and the man page, suggestions and option placement.

mod common;

use std::process::Stdio;

use common::{Running, WAIT, setup, text};

/// A routine with equipment, a caution, instructions long enough to wrap, a temperature, a
/// side, a round, and a step that warns. Test text only: no care advice.
const DRILL: &str = r#"title = "Plain drill"
summary = "A routine for the plain output test."
tags = ["test", "Drill"]
equipment = ["a chair", "a towel"]
caution = ["Stop at once if anything feels wrong; this line is the caution."]

[params.warm]
default = "1s"
min = "1s"
max = "2m"
help = "The warm step. The article gives no time."

[[step]]
title = "Warm water"
temperature = "about 40 °C"
duration = "{warm}"
text = "Put your feet in the warm water. This sentence goes on long enough that it has to wrap at eighty columns when the output is piped."

[[step]]
title = "Lift"
sides = "both"
duration = "1s"
text = "Lift the leg."

[[step]]
title = "Until it passes"
warn_after = "1s"
warn = "It has gone on for a while: this is the warning."
text = "Stay with it until it passes, then press Enter."
"#;

/// `[0:01.004]` and the seconds spent differ from run to run: blanked for the snapshot.
fn steady(stdout: &str) -> String {
    stdout
        .lines()
        .map(|line| {
            let line = match (line.starts_with('['), line.find(']')) {
                (true, Some(end)) => format!("[m:ss.mmm]{}", &line[end + 1..]),
                _ => line.to_string(),
            };
            match line.rfind(" skipped, ") {
                Some(at) => format!("{} skipped, (time) spent.", &line[..at]),
                None => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn plain_prints_the_whole_routine_and_the_warning_when_it_comes() {
    let home = setup().with_routines();
    home.routine("plain-drill.toml", DRILL);
    let mut run =
        Running::spawn(&mut home.command(&["play", "plain-drill", "--plain", "--side", "right"]));
    run.wait_for_line("! It has gone on", WAIT);
    run.type_line("\n");
    let (status, out) = run.finish(WAIT);
    assert_eq!(status.code(), Some(0), "{out:?}");
    // Notices (sound is off) go to standard error, not into the steps.
    assert!(!out.stdout.contains("sound is off"), "{}", out.stdout);
    assert!(out.stderr.contains("sound is off"), "{}", out.stderr);
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| l.chars().count() <= 80));
    insta::assert_snapshot!("plain_drill", steady(&out.stdout));
}

#[test]
fn one_stage_is_singular() {
    let home = setup().with_routines();
    home.routine(
        "one.toml",
        "title = \"One\"\nsummary = \"s\"\n[[step]]\ntitle = \"Only\"\nduration = \"1s\"\n",
    );
    let out = home
        .command(&["play", "one", "--plain"])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("One — 1 stage, 1s timed."), "{stdout}");
    let out = home.command(&["show", "one"]).output().expect("run");
    assert!(text(&out.stdout).contains("Steps (1 stage):"));
}

#[test]
fn a_first_aid_routine_ends_with_the_log_line_when_not_interactive() {
    let home = setup().with_routines();
    home.routine(
        "first-aid-calf.toml",
        "title = \"Calf\"\nsummary = \"s\"\ntags = [\"first-aid\"]\n\
         [[step]]\ntitle = \"Until it passes\"\n",
    );
    let mut run = Running::spawn(&mut home.command(&["play", "first-aid-calf", "--plain"]));
    run.wait_for_line("press Enter when you are ready", WAIT);
    run.type_line("\n");
    let (status, out) = run.finish(WAIT);
    assert_eq!(status.code(), Some(0), "{out:?}");
    let offer = out
        .stdout
        .lines()
        .find(|l| l.starts_with("To log this cramp"))
        .unwrap_or_else(|| panic!("no log line: {}", out.stdout));
    assert!(
        offer.contains("limber log --where calf --side left|right|both"),
        "{offer}"
    );
    assert!(offer.contains("--helped first-aid-calf"), "{offer}");
}

#[test]
fn show_is_a_card_with_every_part() {
    let home = setup().with_routines();
    home.routine("plain-drill.toml", DRILL);
    let out = home
        .command(&["show", "plain-drill", "--set", "warm=1:30"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let card = text(&out.stdout);
    for part in [
        "Plain drill (plain-drill)",
        "A routine for the plain output test.",
        "You need: a chair, a towel",
        "Caution: Stop at once",
        "warm = 1m30s (duration, 1s to 2m, default 1s; limber's choice)",
        "The warm step. The article gives no time.",
        "1. Warm water — 1m30s · about 40 °C",
        "Put your feet in the warm water.",
        "Lift (RIGHT",
        "After 1s: It has gone on for a while",
        "limber is not medical advice.",
    ] {
        assert!(card.contains(part), "missing {part:?} in:\n{card}");
    }
}

#[test]
fn show_json_carries_every_field() {
    let home = setup().with_routines();
    home.routine("plain-drill.toml", DRILL);
    let out = home
        .command(&["show", "plain-drill", "--json"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for key in [
        "id",
        "title",
        "total_seconds",
        "stages",
        "summary",
        "equipment",
        "cautions",
        "params",
        "source",
    ] {
        assert!(json.get(key).is_some(), "no {key}: {json}");
    }
    assert_eq!(json["equipment"][1], "a towel");
    let param = &json["params"][0];
    for (key, value) in [
        ("name", serde_json::json!("warm")),
        ("value", serde_json::json!(1)),
        ("default", serde_json::json!(1)),
        ("min", serde_json::json!(1)),
        ("max", serde_json::json!(120)),
        ("chosen_by", serde_json::json!("limber")),
    ] {
        assert_eq!(param[key], value, "{key}: {param}");
    }
    assert!(param["help"].is_string());
    let first = &json["stages"][0];
    for key in ["title", "kind", "seconds", "reps", "side", "round"] {
        assert!(first.get(key).is_some(), "kept field {key}: {first}");
    }
    assert_eq!(first["temperature"], "about 40 °C");
    assert_eq!(first["tone"], "neutral");
    assert!(
        first["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Put your feet"))
    );
    let last = json["stages"]
        .as_array()
        .and_then(|s| s.last())
        .expect("stages");
    assert_eq!(last["warn_after"], 1);
    assert_eq!(
        last["warning"],
        "It has gone on for a while: this is the warning."
    );
}

#[test]
fn show_toml_round_trips_for_bundled_and_own_routines() {
    let home = setup().with_routines();
    home.routine("plain-drill.toml", DRILL);
    for id in ["contrast-bath", "first-aid-calf", "plain-drill"] {
        let toml = home.command(&["show", id, "--toml"]).output().expect("run");
        assert_eq!(toml.status.code(), Some(0), "{}", text(&toml.stderr));
        let copy = home.write(format!("copy/{id}.toml"), &toml.stdout);
        let copy = copy.to_string_lossy().to_string();
        let check = home.command(&["check", &copy]).output().expect("run");
        assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
        let original = home.command(&["show", id, "--json"]).output().expect("run");
        let again = home
            .command(&["show", &copy, "--json"])
            .output()
            .expect("run");
        assert_eq!(text(&original.stdout), text(&again.stdout), "{id}");
    }
}

#[test]
fn new_writes_into_the_routine_folder_and_never_over_a_file() {
    let home = setup();
    let folder = home.config().join("limber/routines");
    let out = home
        .command(&["new", "my-bath", "--from", "contrast-bath"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = folder.join("my-bath.toml");
    assert!(text(&out.stdout).contains(&written.display().to_string()));
    let list = home.command(&["list"]).output().expect("run");
    assert!(text(&list.stdout).contains("my-bath"));
    let again = home.command(&["new", "my-bath"]).output().expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));

    let skeleton = home.command(&["new", "mine"]).output().expect("run");
    assert_eq!(
        skeleton.status.code(),
        Some(0),
        "{}",
        text(&skeleton.stderr)
    );
    let check = home.command(&["check", "mine"]).output().expect("run");
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let bad = home.command(&["new", "Not An Id"]).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn format_prints_the_embedded_reference_and_diagnostics_point_there() {
    let home = setup();
    let out = home.command(&["format"]).output().expect("run");
    assert_eq!(text(&out.stdout), include_str!("../docs/routine-format.md"));
    let broken = home.write("broken.toml", "title = [\n");
    let out = home
        .command(&["check", &broken.to_string_lossy()])
        .output()
        .expect("run");
    let err = text(&out.stderr);
    assert!(err.contains("limber format"), "{err}");
    assert!(!err.contains("docs/routine-format.md"), "{err}");
}

#[test]
fn a_dumb_terminal_gets_plain_lines_and_no_escape_sequences() {
    let home = setup();
    for term in [Some("dumb"), None] {
        // The picker cannot be drawn: it says what to use instead.
        let mut picker = home.command(&[]);
        match term {
            Some(term) => picker.env("TERM", term),
            None => picker.env_remove("TERM"),
        };
        let out = picker.stdin(Stdio::null()).output().expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("limber list") && err.contains("limber play ID --plain"),
            "{err}"
        );
    }
    let home = setup().with_routines();
    home.routine(
        "quick.toml",
        "title = \"Quick\"\nsummary = \"s\"\n[[step]]\ntitle = \"A\"\ntext = \"Do it.\"\nduration = \"1s\"\n",
    );
    let out = home
        .command(&["play", "quick"])
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("plays as plain lines"));
    assert!(text(&out.stdout).contains("1/1 A — 1s"));
    assert!(!out.stdout.contains(&0x1b), "{:?}", text(&out.stdout));
    assert!(!out.stderr.contains(&0x1b), "{:?}", text(&out.stderr));
}

#[test]
fn completions_generate_for_every_shell_and_complete_routine_ids_and_tags() {
    let home = setup();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = home.command(&["completions", shell]).output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(
            script.contains("COMPLETE") && script.contains("limber"),
            "{shell}: {script}"
        );
    }
    // What the scripts ask at a Tab: `COMPLETE=SHELL limber -- limber play contr`.
    for shell in ["bash", "fish", "zsh"] {
        let out = home
            .command(&["--", "limber", "play", "contr"])
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "2")
            .output()
            .expect("run");
        let said = text(&out.stdout);
        assert!(
            said.contains("contrast-bath") && said.contains("contrast-shower-legs"),
            "{shell}: {said:?}"
        );
        assert!(!said.contains("first-aid-calf"), "{shell}: {said:?}");
    }
    let out = home
        .command(&["--", "limber", "list", "--tag", "bed"])
        .env("COMPLETE", "fish")
        .output()
        .expect("run");
    assert!(
        text(&out.stdout).contains("bedtime"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_man_page_comes_from_the_same_definition() {
    let home = setup();
    let out = home.command(&["man"]).output().expect("run");
    let page = text(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH limber"),
        "{page}"
    );
    assert!(
        page.contains("completions") && page.contains("format"),
        "{page}"
    );
    let dir = home.join("man");
    let out = home
        .command(&["man", "--out", &dir.to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("limber.1").is_file());
    assert!(dir.join("limber-play.1").is_file());
}

#[test]
fn suggestions_and_consistent_options() {
    let home = setup();
    let run = |args: &[&str]| home.command(args).output().expect("run");
    // An id's start: every id that starts with it.
    let out = run(&["show", "contrast"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("contrast-bath") && err.contains("contrast-shower-legs"),
        "{err}"
    );
    // Tags: any case; an unknown one is an error with the nearest.
    let out = run(&["list", "--tag", "BEDTIME"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("bedtime-legs"));
    let out = run(&["list", "--tag", "bedtme"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Did you mean `bedtime`?"));
    // check by id.
    let out = run(&["check", "contrast-bath"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "1 routine valid");
    // --night means nothing to check, before or after the command.
    assert_eq!(
        run(&["check", "contrast-bath", "--night"]).status.code(),
        Some(2)
    );
    let out = run(&["--night", "check", "contrast-bath"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--night means nothing to `limber check`"));
    // … and something to play, before or after.
    let out = run(&["show", "first-aid-hand", "--side", "right"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("has no steps done per leg, so --side right changes nothing"),
        "{}",
        text(&out.stderr)
    );
    // Typed values echoed in errors are made visible and cut.
    let long = format!("\u{1b}[2J{}", "x".repeat(300));
    let out = run(&["show", &long]);
    let err = text(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains('␛') && err.contains('…'), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 200), "{err}");
    let out = run(&["show", "contrast-bath", "--set", &format!("cool={long}")]);
    let err = text(&out.stderr);
    assert!(!err.contains('\u{1b}') && err.contains('…'), "{err:?}");
}

#[test]
fn show_names_the_articles_by_their_labels_and_keeps_the_title_in_json() {
    let home = setup();
    let card = home
        .command(&["show", "first-aid-calf"])
        .output()
        .expect("run");
    let card = text(&card.stdout);
    assert!(card.contains("Source: "), "{card}");
    assert!(card.contains("What to do when a leg cramps"), "{card}");
    let out = home
        .command(&["show", "first-aid-calf", "--json"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let label = json["source_label"].as_str().expect("a label");
    let source = json["source"].as_str().expect("the title");
    assert!(label.contains("What to do when a leg cramps"), "{label}");
    assert_ne!(
        label, source,
        "the label is not the machine-translated title"
    );
    assert!(
        !card.contains(source),
        "the card shows the label, not the title"
    );
}
