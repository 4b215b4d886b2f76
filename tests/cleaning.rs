//! Issue 15: nothing a person wrote reaches a terminal or a file unclean. A note, what helped, a
//! routine's title and id in the diary carry terminal escapes (an OSC 52 clipboard write), bidi
//! overrides and isolates, invisible format characters and markup; they go through the real
//! binary (`limber log --note …`, a hand-written session row) into every report format. Values
//! typed on the command line and echoed in errors are cleaned too.

mod common;

use std::process::{Output, Stdio};

use common::{Home, setup, text};

/// Characters that must never come out: C0/C1 controls (but line breaks), bidi controls,
/// invisible format characters, line/paragraph separators.
const FORBIDDEN: &[char] = &[
    '\u{1b}',
    '\u{7}',
    '\u{8}',
    '\u{9b}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{AD}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{2060}',
    '\u{2028}',
    '\u{2029}',
    '\u{FEFF}',
    '\u{200E}',
    '\u{200F}',
    '\u{61C}',
    '\u{E0041}',
];

/// Everything at once, with markup and a formula at the start.
const NOTE: &str = "=HYPERLINK(\"x\")\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}31m red\u{202E}desrever\u{2066}iso\u{2069} \
    soft\u{AD}hy zero\u{200B}wi\u{200C}dth\u{200D}j \u{2060}wj line\u{2028}sep para\u{2029}sep \
    \u{FEFF}bom \u{200E}lrm\u{200F}rlm \u{61C}alm tag\u{E0041} \
    <img src=x onerror=alert(1)> [click](javascript:alert(1)) <javascript:alert(2)> &#60;b&#62; *em* `code` | pipe";

fn run(home: &Home, args: &[&str]) -> Output {
    home.command(args)
        .stdin(Stdio::null())
        .output()
        .expect("run limber")
}

#[track_caller]
fn assert_clean(what: &str, out: &str) {
    let bad: Vec<String> = out
        .chars()
        .filter(|c| FORBIDDEN.contains(c) || (c.is_control() && !matches!(c, '\n' | '\r')))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{out}");
}

/// A diary with the note logged (what helped starts with spaces and a formula) and a routine
/// whose title and id carry the same text, as a hand edit or another program could leave them.
fn home_with_note() -> Home {
    let home = setup();
    let out = run(
        &home,
        &[
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "weak",
            "--note",
            NOTE,
            "--helped",
            "   +SUM(A1:A9)",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_clean("log", &text(&out.stdout));
    let conn = rusqlite::Connection::open(home.diary().join("limber.db")).expect("open the diary");
    let at: String = conn
        .query_row("SELECT at FROM cramps", [], |r| r.get(0))
        .expect("the entry's time");
    conn.execute(
        "INSERT INTO sessions (routine_id, title, started_at, ended_at, outcome, steps_done, \
         steps_skipped, recorded_at) VALUES (?1, ?2, ?3, ?3, 'completed', 1, 0, ?3)",
        rusqlite::params![format!("id{NOTE}"), format!("Title{NOTE}"), at],
    )
    .expect("a session row");
    home
}

fn report(home: &Home, format: &str) -> String {
    let out = run(home, &["report", "--since", "30d", "--format", format]);
    assert!(out.status.success(), "{format}: {}", text(&out.stderr));
    assert_clean(&format!("{format} stderr"), &text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn text_report_shows_the_note_clean() {
    let home = home_with_note();
    let out = report(&home, "text");
    assert_clean("text", &out);
    assert!(out.contains("desreveriso"), "{out}");
    assert!(out.contains("softhy zerowidthj"), "{out}");
    assert!(
        out.contains("Title=HYPERLINK"),
        "the routine's title: {out}"
    );
}

#[test]
fn markdown_escapes_markup() {
    let home = home_with_note();
    let out = report(&home, "markdown");
    assert_clean("markdown", &out);
    for raw in [
        "<img",
        "](javascript",
        "<javascript",
        "&#60;",
        "*em*",
        "`code`",
    ] {
        let unescaped = out
            .match_indices(raw)
            .any(|(i, _)| !out[..i].ends_with('\\'));
        assert!(!unescaped, "markdown passes `{raw}` unescaped:\n{out}");
    }
    assert!(out.contains(r"\<img src=x onerror=alert\(1\)\>"), "{out}");
    assert!(out.contains(r"\[click\]\(javascript:alert\(1\)\)"), "{out}");
    // The table stays a table: a `|` in a note does not open a cell.
    assert!(out.contains(r"\| pipe"), "{out}");
}

#[test]
fn html_escapes_markup_and_drops_invisible_characters() {
    let home = home_with_note();
    let out = report(&home, "html");
    assert_clean("html", &out);
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("href=\"javascript"), "{out}");
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
    assert!(out.contains("&amp;#60;b&amp;#62;"), "{out}");
}

#[test]
fn csv_guards_formulas_even_after_spaces() {
    let home = home_with_note();
    let out = report(&home, "csv");
    assert_clean("csv", &out);
    let mut cells = Vec::new();
    for line in out.lines().skip(1) {
        // Quoted cells hold commas; a cell is judged by what starts it.
        let mut quoted = false;
        let mut cell = String::new();
        for ch in line.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
    }
    for cell in &cells {
        assert!(
            !cell
                .trim_start()
                .starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a formula reaches the spreadsheet: {cell:?}\n{out}"
        );
    }
    assert!(cells.iter().any(|c| c == "'+SUM(A1:A9)"), "{cells:?}");
    assert!(
        cells.iter().any(|c| c.starts_with("'=HYPERLINK")),
        "{cells:?}"
    );
}

#[test]
fn entries_list_shows_the_note_clean() {
    let home = home_with_note();
    for args in [&["entries"][..], &["entries", "--json"]] {
        let out = run(&home, args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        if args.len() == 1 {
            assert_clean("entries", &text(&out.stdout));
        }
        assert_clean("entries stderr", &text(&out.stderr));
    }
}

#[test]
fn typed_values_echoed_in_errors_are_clean() {
    let home = setup();
    let evil = "\u{1b}]52;c;aGVsbG8=\u{7}\u{202E}x\u{200B}y\u{2028}z";
    let data = format!("/dev/null/{evil}");
    let cases: Vec<Vec<&str>> = vec![
        vec!["show", evil],
        vec!["play", evil, "--plain"],
        vec!["play", "calf-stretch", "--plain", "--set", evil],
        vec!["check", evil],
        vec!["report", "--since", evil],
        vec!["report", "--format", evil],
        vec![
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "weak",
            "--at",
            evil,
        ],
        vec![
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "weak",
            "--lasted",
            evil,
        ],
        vec!["log", "--where", evil],
        vec!["--data", &data, "report"],
        vec![
            "--data",
            &data,
            "log",
            "--where",
            "calf",
            "--side",
            "left",
            "--strength",
            "weak",
        ],
        vec![evil],
    ];
    for args in &cases {
        let out = run(&home, args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.is_empty(), "{args:?} said nothing");
        assert_clean(&format!("{args:?}"), &err);
        assert_clean(&format!("{args:?} stdout"), &text(&out.stdout));
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
