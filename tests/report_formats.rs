//! The report over short and long periods in every format (4 weeks, 6 months, 2 years): long
//! periods grouped by week or month with empty stretches folded; the "coming more often" rule on
//! a real rise and on noise; `--since` dates that cannot be meant.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use jiff::civil::{Date, DateTime, date};
use limber::commands::diary::parse_since;
use limber::store::{Cramp, NewCramp, Place, Side, Situation, Store, Strength};
use limber_core::diary::chart::Grain;
use limber_core::diary::html;
use limber_core::diary::report::{self, Report, WarningKind, rising};

/// "Now" for every test: Monday 3 Feb 2025, 08:00; the last night is Sun 2 Feb.
fn now() -> DateTime {
    date(2025, 2, 3).at(8, 0, 0, 0)
}

fn days_before(d: Date, n: i64) -> Date {
    d.checked_sub(jiff::Span::new().days(n)).unwrap_or(d)
}

fn cramp(id: i64, at: DateTime, note: &str) -> Cramp {
    Cramp {
        id,
        entry: NewCramp {
            at,
            situation: Some(Situation::Night),
            place: if id % 3 == 0 {
                Place::Foot
            } else {
                Place::Calf
            },
            side: if id % 2 == 0 { Side::Right } else { Side::Left },
            strength: Strength::Moderate,
            lasted: Some(Duration::from_secs(90)),
            helped: String::new(),
            note: note.into(),
            session: None,
        },
    }
}

/// A sparse diary over `days` nights up to the last night: a cramp at 03:00 every 9th night
/// (so no warning sign), each with a note; past 8 weeks, a quiet stretch of 60 nights in the
/// middle.
fn sparse(days: i64) -> Vec<Cramp> {
    let last = date(2025, 2, 2);
    let quiet = if days > 56 {
        (days / 2 - 30)..(days / 2 + 30)
    } else {
        0..0
    };
    (0..days)
        .filter(|i| i % 9 == 4 && !quiet.contains(i))
        .map(|i| {
            let night = days_before(last, i);
            let at = night.tomorrow().unwrap_or(night).at(3, 0, 0, 0);
            cramp(i + 1, at, &format!("note for night {night}"))
        })
        .collect()
}

fn build(days: i64) -> Report {
    let since = days_before(date(2025, 2, 2), days - 1);
    Report::build(&sparse(days), &[], now(), Some(since))
}

#[test]
fn four_weeks_read_night_by_night() {
    let r = build(28);
    assert_eq!(r.grain(), Grain::Night);
    assert_eq!(r.chart().len(), 28);
    let text = report::to_text(&r);
    assert!(text.contains("Cramps per night (noon to noon):"), "{text}");
    assert!(text.contains("no cramps"), "empty runs folded: {text}");
    assert!(
        text.contains("Notes:") && text.contains("note for night"),
        "{text}"
    );
    let md = report::to_markdown(&r);
    assert!(md.contains("## Cramps per night"));
    let csv = report::to_csv(&r);
    assert_eq!(csv.lines().count(), r.total() + 1);
    let page = html::to_html(&r);
    assert!(page.contains("Cramps per night"));
    assert_eq!(
        page.matches("<rect class=\"bar\"").count(),
        3,
        "one bar per night with cramps"
    );
}

#[test]
fn six_months_read_week_by_week() {
    let r = build(183);
    assert_eq!(r.grain(), Grain::Week);
    let weeks = r.chart();
    assert!((27..=28).contains(&weeks.len()), "{}", weeks.len());
    assert_eq!(weeks[0].from, r.from, "the first week is not dropped");
    assert_eq!(weeks[weeks.len() - 1].to, r.to);
    assert_eq!(weeks.iter().map(|b| b.count).sum::<usize>(), r.total());

    let text = report::to_text(&r);
    assert!(text.contains("Cramps per week"), "{text}");
    // The 60 quiet nights are one line, not eight.
    let folded = text.lines().filter(|l| l.contains("no cramps")).count();
    assert!(folded >= 1, "{text}");
    assert!(text.lines().count() < 100, "{} lines", text.lines().count());

    let md = report::to_markdown(&r);
    assert!(md.contains("## Cramps per week"));
    assert!(md.contains("| week | cramps |"));
    assert!(md.contains("no cramps"));
    let rows = md.lines().filter(|l| l.starts_with("| ")).count();
    assert!(rows < 60, "grouped, not one row per night: {rows} rows");

    let page = html::to_html(&r);
    assert!(page.contains("Cramps per week"));
    assert!(page.matches("<rect class=\"bar\"").count() <= weeks.len());
    assert_eq!(report::to_csv(&r).lines().count(), r.total() + 1);
}

#[test]
fn two_years_read_month_by_month_and_the_text_fits_a_screenful_or_two() {
    let r = build(731);
    assert_eq!(r.grain(), Grain::Month);
    let months = r.chart();
    assert!((24..=26).contains(&months.len()), "{}", months.len());
    assert_eq!(months[0].from, r.from);
    assert_eq!(months.iter().map(|b| b.count).sum::<usize>(), r.total());

    let text = report::to_text(&r);
    let lines = text.lines().count();
    assert!(lines <= 150, "{lines} lines:\n{text}");
    assert!(text.contains("Cramps per month"));
    assert!(text.contains("Feb 2024"), "{text}");
    // Notes are there, the latest ones, with a pointer to the rest.
    assert!(text.contains("note for night 2025-01-29"), "{text}");
    assert!(text.contains("earlier notes are in the markdown and HTML reports"));

    let md = report::to_markdown(&r);
    assert!(md.contains("## Cramps per month"));
    assert!(md.contains("| Feb 2024 |"), "{md}");
    // Every entry and its note is in the markdown.
    assert_eq!(md.matches("note for night").count(), r.total());
    let page = html::to_html(&r);
    assert!(page.contains("Cramps per month"));
    assert_eq!(page.matches("note for night").count(), r.total());
    assert_eq!(report::to_csv(&r).lines().count(), r.total() + 1);
}

/// Nights of four 7-night weeks ending Sun 2 Feb 2025 with these weekly counts.
fn weeks(counts: [usize; 4]) -> Vec<(Date, usize)> {
    let first = date(2025, 1, 6);
    let mut nights = Vec::new();
    for (w, n) in counts.iter().enumerate() {
        for d in 0..7 {
            let night = first
                .checked_add(jiff::Span::new().days((w * 7 + d) as i64))
                .unwrap_or(first);
            // Spread each week's cramps over its first nights.
            let here = n / 7 + usize::from(d < n % 7);
            nights.push((night, here));
        }
    }
    nights
}

#[test]
fn a_real_rise_warns() {
    assert_eq!(rising(&weeks([1, 2, 2, 9])), Some([1, 2, 2, 9]));
    assert_eq!(rising(&weeks([0, 1, 2, 4])), Some([0, 1, 2, 4]));
    assert_eq!(rising(&weeks([2, 1, 3, 5])), Some([2, 1, 3, 5]));

    // Through the whole report, from entries.
    let mut cramps = Vec::new();
    for (night, n) in weeks([1, 2, 2, 9]) {
        for k in 0..n {
            let id = cramps.len() as i64 + 1;
            let at = night.at(20 + k as i8, 0, 0, 0);
            cramps.push(cramp(id, at, ""));
        }
    }
    let r = Report::build(&cramps, &[], now(), None);
    let w = r
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Rising)
        .unwrap_or_else(|| panic!("1, 2, 2, 9 must warn: {:?}", r.warnings));
    assert!(
        w.finding
            .contains("11 cramps in the last two weeks against 3"),
        "{}",
        w.finding
    );
    assert!(report::to_text(&r).contains("WARNING SIGN: Cramps coming more often"));
}

#[test]
fn noise_does_not_warn() {
    for counts in [
        [3, 4, 2, 5],
        [2, 3, 2, 3],
        [4, 1, 4, 2],
        [5, 5, 6, 4],
        [1, 1, 3, 2],
        [0, 1, 2, 2],
        [2, 1, 3, 3],
        [6, 2, 1, 7],
        // No cramps before: the diary may simply not have been kept yet.
        [0, 0, 0, 7],
    ] {
        assert_eq!(rising(&weeks(counts)), None, "{counts:?} is not a rise");
    }
    // Fewer than four weeks: nothing to compare.
    assert_eq!(rising(&weeks([1, 2, 2, 9])[7..]), None);
}

#[test]
fn since_dates_that_cannot_be_meant_are_refused() {
    let today = date(2025, 1, 31);
    assert_eq!(parse_since("30d", today), Ok(date(2025, 1, 1)));
    assert_eq!(parse_since("0d", today), Ok(today));
    for (text, says) in [
        ("-5d", "is not a date"),
        ("+5d", "is not a date"),
        ("5", "is not a date"),
        ("d", "is not a date"),
        ("99999999d", "too far back"),
        ("9999999999999999999w", "too far back"),
        ("21000d", "before 1970"),
        ("1969-12-31", "before 1970"),
        ("2025-02-01", "in the future"),
        ("2025-13-01", "is not a date"),
    ] {
        match parse_since(text, today) {
            Ok(d) => panic!("{text} was read as {d}"),
            Err(e) => assert!(e.contains(says), "{text}: {e}"),
        }
    }
}

fn limber(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(args)
        .env("LIMBER_DATA", data)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run limber: {e}"))
}

#[test]
fn since_errors_exit_2_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    for since in [
        "--since=-5d",
        "--since=99999999d",
        "--since=2999-01-01",
        "--since=1969-12-31",
    ] {
        for cmd in ["report", "entries"] {
            let out = limber(dir.path(), &[cmd, since]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} {since}: {err}");
            assert!(err.starts_with("error: --since: `"), "{cmd} {since}: {err}");
            assert!(!err.contains("panicked"), "{err}");
            assert!(out.stdout.is_empty());
        }
    }
    // Nothing was created by refusing.
    assert!(!dir.path().join("limber.db").exists());
}

#[test]
fn html_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let yesterday = jiff::Zoned::now()
        .date()
        .yesterday()
        .unwrap_or(date(2025, 1, 1));
    let mut entry = cramp(1, yesterday.at(3, 0, 0, 0), "<b>bold</b> & \"quoted\"").entry;
    entry.helped = "stretch".into();
    store.record_cramp(&entry).unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let out_file = dir.path().join("report.html");
    let out = limber(
        dir.path(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            &out_file.to_string_lossy(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&out_file).unwrap_or_else(|e| panic!("{e}"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
    assert!(!page.contains("<b>bold"));
}
