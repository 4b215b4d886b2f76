//! The HTML report in a real browser: headless Chromium prints it to PDF and poppler-utils reads
//! the PDF back. The counts, a warning sign with the articles' words and a note must be there,
//! the diary's markup must come out as text, and four weeks must fit on one or two A4 pages.
//!
//! Needs `chromium` and `poppler-utils` (`.ci/run` installs them); without them the test fails
//! saying so (see `common::require`).
//!
//! `LIMBER_REPORT_SCREENSHOT=docs/report-html.png cargo test --test report_html` also saves the
//! screenshot shown in the README, made from the same diary.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Home, setup, text, wait_exit};
use jiff::civil::DateTime;
use limber::store::{NewCramp, NewSession, Outcome, Place, Side, Situation, Store, Strength};

/// Chromium's start and print can take a while on a busy machine.
const BROWSER_WAIT: Duration = Duration::from_secs(90);

/// Whether `tool` is an executable on PATH.
fn have(tool: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(tool))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// `days` days ago at `h:m`, local time.
fn ago(days: i64, h: i8, m: i8) -> DateTime {
    let today = jiff::Zoned::now().date();
    today
        .checked_sub(jiff::Span::new().days(days))
        .unwrap_or(today)
        .at(h, m, 0, 0)
}

/// Days ago, hour, place, side, strength, seconds it lasted, what helped, note.
type Entry = (
    i64,
    i8,
    Place,
    Side,
    Strength,
    u64,
    &'static str,
    &'static str,
);

/// Four weeks of a diary: cramps on most nights of one week, one that lasted 7 minutes, notes;
/// and two routines played. With `markup`, one note holds HTML that must show as text.
fn four_weeks(data: &Path, markup: bool) {
    let mut store = Store::open(data).unwrap_or_else(|e| panic!("{e}"));
    let entries: &[Entry] = &[
        (
            26,
            3,
            Place::Calf,
            Side::Left,
            Strength::Moderate,
            90,
            "",
            "",
        ),
        (22, 2, Place::Calf, Side::Left, Strength::Weak, 60, "", ""),
        (
            17,
            4,
            Place::Foot,
            Side::Right,
            Strength::Strong,
            420,
            "stretching the foot",
            "after a long walk in the hills",
        ),
        (
            13,
            1,
            Place::Calf,
            Side::Left,
            Strength::Moderate,
            120,
            "",
            "",
        ),
        (
            10,
            3,
            Place::Calf,
            Side::Both,
            Strength::Strong,
            180,
            "standing up",
            "woke me twice",
        ),
        (
            9,
            2,
            Place::Calf,
            Side::Left,
            Strength::Moderate,
            90,
            "",
            "",
        ),
        (
            8,
            3,
            Place::Calf,
            Side::Left,
            Strength::Moderate,
            60,
            "",
            "",
        ),
        (
            7,
            5,
            Place::ThighBack,
            Side::Right,
            Strength::Weak,
            45,
            "",
            "",
        ),
        (
            6,
            2,
            Place::Calf,
            Side::Left,
            Strength::Strong,
            150,
            "",
            "left the window open, it was cold",
        ),
        (3, 3, Place::Toes, Side::Left, Strength::Weak, 30, "", ""),
    ];
    for &(days, h, place, side, strength, secs, helped, note) in entries {
        let note = if markup && days == 10 {
            "<script>document.title='x'</script> fish & \"chips\"".to_owned()
        } else {
            note.to_owned()
        };
        store
            .record_cramp(&NewCramp {
                at: ago(days, h, 10),
                situation: Some(Situation::Night),
                place,
                side,
                strength,
                lasted: Some(Duration::from_secs(secs)),
                helped: helped.into(),
                note,
                session: None,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (days, outcome) in [(10, Outcome::Completed), (6, Outcome::Stopped)] {
        store
            .record_session(&NewSession {
                routine_id: "calf-stretch".into(),
                title: "Calf stretch against a wall".into(),
                started: ago(days, 3, 20),
                ended: ago(days, 3, 26),
                outcome,
                steps_done: 4,
                steps_skipped: 0,
                params: serde_json::Value::Null,
                practice: false,
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Runs chromium headless with its own profile in the home; fails on error or timeout.
fn chromium(home: &Home, args: &[String]) {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            home.join("chromium").display()
        ))
        .args(args)
        .env("HOME", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
    let status = wait_exit(&mut child, BROWSER_WAIT);
    assert!(status.success(), "chromium {args:?}: {status}");
}

fn html_report(home: &Home) -> std::path::PathBuf {
    let page = home.join("report.html");
    let out = home
        .command(&[
            "report",
            "--format",
            "html",
            "--out",
            &page.to_string_lossy(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    page
}

#[test]
fn the_html_report_prints_in_a_browser() {
    let tools = have("chromium") && have("pdftotext") && have("pdfinfo");
    if !common::require(tools, "chromium and poppler-utils (pdftotext, pdfinfo)") {
        return;
    }
    let home = setup();
    four_weeks(&home.diary(), true);
    let page = html_report(&home);
    let pdf = home.join("report.pdf");
    chromium(
        &home,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            format!("file://{}", page.display()),
        ],
    );

    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    let info = text(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"));
    assert!((1..=2).contains(&pages), "four weeks take {pages} pages");
    assert!(info.contains("(A4)"), "A4 pages:\n{info}");

    let out = Command::new("pdftotext")
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    // The text in reading order, with line breaks and runs of spaces closed up.
    let printed = text(&out.stdout);
    let flat: String = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    for (what, expected) in [
        (
            "the total",
            "10 cramps logged over 28 nights; 2 routines played.",
        ),
        ("a count by place", "calf 7"),
        ("a count by side", "left 7"),
        ("a count by strength", "strong 3"),
        ("a warning sign", "Cramps on most days of a week"),
        ("the long cramp", "A cramp lasting more than 5 minutes"),
        ("the articles' words", "you should consult a doctor."),
        ("a note", "after a long walk in the hills"),
        ("what helped", "stretching the foot"),
        (
            "markup as text",
            "<script>document.title='x'</script> fish & \"chips\"",
        ),
        ("the routines", "Calf stretch against a wall"),
        ("not a diagnosis", "it is not a diagnosis"),
    ] {
        assert!(
            flat.contains(expected),
            "{what}: `{expected}` not in the PDF:\n{printed}"
        );
    }

    if let Some(shot) = std::env::var_os("LIMBER_REPORT_SCREENSHOT") {
        let clean = setup();
        four_weeks(&clean.diary(), false);
        let page = html_report(&clean);
        let shot = common::root().join(shot);
        chromium(
            &clean,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=900,1300".into(),
                "--hide-scrollbars".into(),
                format!("file://{}", page.display()),
            ],
        );
    }
}
