//! The report on known data: its numbers, its warning signs and their quotes, and the
//! markdown, CSV and text forms. No database: the report is a function of records and "now".

use std::time::Duration;

use jiff::civil::{Date, DateTime, date};
use limber::store::{
    Cramp, NewCramp, NewSession, Outcome, Place, Session, Side, Situation, Strength,
};
use limber_core::diary::advice;
use limber_core::diary::report::{self, DayPart, Report, WarningKind, night_of};

fn c(id: i64, at: DateTime, place: Place, lasted_s: Option<u64>) -> Cramp {
    Cramp {
        id,
        entry: NewCramp {
            at,
            situation: Some(Situation::Night),
            place,
            side: Side::Left,
            strength: Strength::Moderate,
            lasted: lasted_s.map(Duration::from_secs),
            helped: String::new(),
            note: String::new(),
            session: None,
        },
    }
}

fn s(id: i64, routine: &str, at: DateTime, outcome: Outcome) -> Session {
    Session {
        id,
        entry: NewSession {
            routine_id: routine.into(),
            title: format!("Title of {routine}"),
            started: at,
            ended: at,
            outcome,
            steps_done: 3,
            steps_skipped: 0,
            params: serde_json::Value::Null,
            practice: false,
        },
    }
}

/// "Now" for every test: Monday 3 Feb 2025, 08:00, so the last night is Sun 2 Feb.
fn now() -> DateTime {
    date(2025, 2, 3).at(8, 0, 0, 0)
}

fn night(d: Date, h: i8) -> DateTime {
    // A cramp at h o'clock after the evening of `d` (h < 12 means the next morning).
    if h < 12 {
        d.tomorrow().unwrap_or(d).at(h, 0, 0, 0)
    } else {
        d.at(h, 0, 0, 0)
    }
}

fn kinds(r: &Report) -> Vec<WarningKind> {
    r.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn nights_run_noon_to_noon() {
    assert_eq!(night_of(date(2025, 1, 7).at(3, 0, 0, 0)), date(2025, 1, 6));
    assert_eq!(
        night_of(date(2025, 1, 7).at(11, 59, 0, 0)),
        date(2025, 1, 6)
    );
    assert_eq!(night_of(date(2025, 1, 7).at(12, 0, 0, 0)), date(2025, 1, 7));
    assert_eq!(
        night_of(date(2025, 1, 7).at(23, 30, 0, 0)),
        date(2025, 1, 7)
    );
}

#[test]
fn empty_record_has_four_weeks_of_zero_and_no_warnings() {
    let r = Report::build(&[], &[], now(), None);
    assert_eq!(r.nights.len(), 28);
    assert_eq!(r.to, date(2025, 2, 2));
    assert_eq!(r.from, date(2025, 1, 6));
    assert!(r.nights.iter().all(|(_, n)| *n == 0));
    assert!(r.warnings.is_empty());
    let md = report::to_markdown(&r);
    assert!(md.contains("None of the signs"));
    assert!(md.contains("No cramps logged"));
}

#[test]
fn a_week_of_nightly_cramps_warns_most_days() {
    // One cramp each of the last 7 nights, at 03:00, 2 minutes each.
    let cramps: Vec<Cramp> = (0..7)
        .map(|i| {
            let d = date(2025, 1, 27)
                .checked_add(jiff::Span::new().days(i))
                .unwrap_or_default();
            c(i + 1, night(d, 3), Place::Calf, Some(120))
        })
        .collect();
    let r = Report::build(&cramps, &[], now(), None);
    assert_eq!(r.total(), 7);
    let last7: Vec<usize> = r.nights[21..].iter().map(|(_, n)| *n).collect();
    assert_eq!(last7, vec![1; 7]);
    assert!(r.nights[..21].iter().all(|(_, n)| *n == 0));
    assert_eq!(r.by_place, vec![(Place::Calf, 7)]);
    assert_eq!(r.by_day_part, vec![(DayPart::Night, 7)]);
    assert_eq!(r.by_situation, vec![(Some(Situation::Night), 7)]);

    // Most days: yes. Long: no. Rising: 0, 0, 7 is not rising each week (0 < 0 fails).
    assert_eq!(kinds(&r), vec![WarningKind::MostDays]);
    let w = &r.warnings[0];
    assert!(w.finding.contains("7 of the 7 nights"), "{}", w.finding);
    assert!(w.finding.contains("Mon 27 Jan") && w.finding.contains("Sun 2 Feb 2025"));
    assert_eq!(w.advice[0], advice::ALMOST_EVERY_DAY);
    assert!(
        w.advice.contains(&advice::THERAPIST_FIRST),
        "says which doctor"
    );

    let md = report::to_markdown(&r);
    assert!(md.contains("### Cramps on most days of a week"));
    assert!(md.contains(advice::ALMOST_EVERY_DAY.text));
    assert!(md.contains("(article 004)"));
    assert!(md.contains(advice::NOT_A_DIAGNOSIS));
    assert!(md.contains("visit a therapist"));
}

#[test]
fn three_nights_in_a_week_is_not_most_days() {
    let cramps = vec![
        c(1, night(date(2025, 1, 27), 3), Place::Calf, None),
        c(2, night(date(2025, 1, 29), 3), Place::Calf, None),
        c(3, night(date(2025, 1, 31), 3), Place::Calf, None),
    ];
    let r = Report::build(&cramps, &[], now(), None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Four is most.
    let mut four = cramps.clone();
    four.push(c(4, night(date(2025, 2, 2), 3), Place::Calf, None));
    let r = Report::build(&four, &[], now(), None);
    assert_eq!(kinds(&r), vec![WarningKind::MostDays]);
    assert!(r.warnings[0].finding.contains("4 of the 7 nights"));
}

#[test]
fn a_six_minute_cramp_warns() {
    let cramps = vec![
        c(1, night(date(2025, 1, 20), 2), Place::Foot, Some(6 * 60)),
        c(2, night(date(2025, 1, 25), 2), Place::Calf, Some(5 * 60)), // exactly 5: not "more than"
    ];
    let r = Report::build(&cramps, &[], now(), None);
    assert_eq!(kinds(&r), vec![WarningKind::LongCramp]);
    let w = &r.warnings[0];
    assert!(
        w.finding.contains("6m foot (left) at 2025-01-21 02:00"),
        "{}",
        w.finding
    );
    assert_eq!(w.advice[0], advice::LONGER_THAN_MINUTES);
    assert!(
        w.advice.contains(&advice::FOOT),
        "a foot cramp names the orthopedist or neurologist"
    );
    assert_eq!(
        r.longest,
        Some((date(2025, 1, 21).at(2, 0, 0, 0), Duration::from_secs(360)))
    );

    let text = report::to_text(&r);
    assert!(text.contains("WARNING SIGN: A cramp lasting more than 5 minutes"));
    assert!(text.contains("more than 3-5 minutes, you should consult a doctor"));
    assert!(text.contains("consult an orthopedist or neurologist"));
    assert!(text.contains("not a diagnosis"));
}

#[test]
fn rising_frequency_warns() {
    // Weeks (7 nights each, ending Sun 2 Feb): 1, 2, 4 cramps, never on most nights.
    let weeks = [date(2025, 1, 13), date(2025, 1, 20), date(2025, 1, 27)];
    let mut cramps = Vec::new();
    let mut id = 0;
    for (w, per_night) in weeks.iter().zip([vec![1], vec![1, 1], vec![2, 2]]) {
        for (k, n) in per_night.iter().enumerate() {
            let d = w
                .checked_add(jiff::Span::new().days(2 * k as i64))
                .unwrap_or(*w);
            for h in 0..*n {
                id += 1;
                cramps.push(c(id, night(d, 1 + h), Place::ThighBack, Some(60)));
            }
        }
    }
    let r = Report::build(&cramps, &[], now(), None);
    assert_eq!(r.total(), 7);
    assert_eq!(kinds(&r), vec![WarningKind::Rising]);
    let w = &r.warnings[0];
    assert!(w.finding.ends_with(": 0, 1, 2, 4."), "{}", w.finding);
    assert_eq!(w.advice[0], advice::FREQUENCY_INCREASES);
    assert!(w.advice.contains(&advice::THERAPIST_FIRST));

    // Flat weeks do not warn.
    let flat: Vec<Cramp> = cramps
        .iter()
        .filter(|x| x.id != 7 && x.id != 6)
        .cloned()
        .collect();
    let r = Report::build(&flat, &[], now(), None);
    assert!(
        r.warnings.is_empty(),
        "1, 2, 2 is not rising: {:?}",
        r.warnings
    );
}

#[test]
fn since_limits_entries_by_calendar_date() {
    let cramps = vec![
        c(1, date(2024, 12, 1).at(3, 0, 0, 0), Place::Calf, None),
        c(2, date(2025, 1, 10).at(3, 0, 0, 0), Place::Hand, None),
        c(3, date(2025, 1, 12).at(22, 0, 0, 0), Place::Toes, None),
    ];
    let r = Report::build(&cramps, &[], now(), Some(date(2025, 1, 10)));
    assert_eq!(r.total(), 2);
    // The 03:00 cramp on 10 Jan belongs to the night of 9 Jan, which the chart then shows.
    assert_eq!(r.from, date(2025, 1, 9));
    assert_eq!(r.nights[0], (date(2025, 1, 9), 1));
    assert_eq!(r.by_place, vec![(Place::Toes, 1), (Place::Hand, 1)]);
    assert_eq!(
        r.by_day_part,
        vec![(DayPart::Night, 1), (DayPart::Evening, 1)]
    );
}

#[test]
fn routines_done_are_counted() {
    let sessions = vec![
        s(
            1,
            "first-aid-calf",
            date(2025, 1, 20).at(2, 0, 0, 0),
            Outcome::Completed,
        ),
        s(
            2,
            "bedtime-legs",
            date(2025, 1, 20).at(22, 0, 0, 0),
            Outcome::Completed,
        ),
        s(
            3,
            "first-aid-calf",
            date(2025, 1, 22).at(3, 0, 0, 0),
            Outcome::Stopped,
        ),
        s(
            4,
            "first-aid-calf",
            date(2025, 1, 25).at(4, 0, 0, 0),
            Outcome::Completed,
        ),
        s(
            5,
            "old",
            date(2024, 11, 1).at(4, 0, 0, 0),
            Outcome::Completed,
        ),
    ];
    let r = Report::build(&[], &sessions, now(), None);
    assert_eq!(
        r.routines.len(),
        2,
        "the old session is outside the four weeks"
    );
    let calf = &r.routines[0];
    assert_eq!(calf.routine_id, "first-aid-calf");
    assert_eq!((calf.completed, calf.stopped), (2, 1));
    assert_eq!(calf.last, date(2025, 1, 25).at(4, 0, 0, 0));
    let md = report::to_markdown(&r);
    assert!(md.contains("| Title of first-aid-calf (first-aid-calf) | 2 | 1 | 2025-01-25 04:00 |"));
}

/// Practice runs (`--practice`: first aid rehearsed with no cramp) are counted apart from the
/// routines played for a cramp, in every format.
#[test]
fn practice_is_counted_apart_in_every_format() {
    let mut practice = s(
        2,
        "first-aid-calf",
        date(2025, 1, 21).at(18, 0, 0, 0),
        Outcome::Completed,
    );
    practice.entry.practice = true;
    let mut practice_again = practice.clone();
    practice_again.id = 3;
    practice_again.entry.started = date(2025, 1, 22).at(18, 0, 0, 0);
    let real = s(
        1,
        "first-aid-calf",
        date(2025, 1, 20).at(2, 0, 0, 0),
        Outcome::Completed,
    );
    let r = Report::build(&[], &[real, practice, practice_again], now(), None);
    assert_eq!(r.sessions.len(), 1);
    assert_eq!(r.practice.len(), 2);
    assert_eq!((r.routines[0].completed, r.routines[0].stopped), (1, 0));
    assert_eq!(r.practised.len(), 1);
    assert_eq!(r.practised[0].completed, 2);

    let text = report::to_text(&r);
    assert!(
        text.contains("1 routine played; first aid practised 2 times (no cramp)."),
        "{text}"
    );
    assert!(text.contains("First aid practised (no cramp):\n  Title of first-aid-calf (first-aid-calf): 2 completed, 0 stopped, last 2025-01-22 18:00"), "{text}");
    let md = report::to_markdown(&r);
    assert!(
        md.contains("1 routine played; first aid practised 2 times (no cramp)."),
        "{md}"
    );
    assert!(md.contains("## First aid practised (no cramp)"), "{md}");
    assert!(
        md.contains("| Title of first-aid-calf (`first-aid-calf`) | 2 | 0 | 2025-01-22 18:00 |"),
        "{md}"
    );
    let csv = report::to_csv(&r);
    let kinds: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["session", "practice", "practice"]);
    let html = limber_core::diary::html::to_html(&r);
    assert!(
        html.contains("1 routine played; first aid practised 2 times (no cramp).</p>"),
        "{html}"
    );
    assert!(
        html.contains("<h2>First aid practised (no cramp)</h2>"),
        "{html}"
    );
}

#[test]
fn markdown_has_every_section_and_escapes_cells() {
    let mut one = c(1, date(2025, 2, 1).at(23, 5, 0, 0), Place::Calf, Some(90));
    one.entry.note = "woke | twice\nthen slept".into();
    one.entry.helped = "stretch".into();
    let r = Report::build(&[one], &[], now(), None);
    let md = report::to_markdown(&r);
    for heading in [
        "# Cramp diary: Mon 6 Jan 2025 to Sun 2 Feb 2025",
        "## Warning signs",
        "## Cramps per night",
        "## Where and when",
        "## Routines done",
        "## Entries",
    ] {
        assert!(md.contains(heading), "missing {heading}:\n{md}");
    }
    assert!(md.contains("| Sat 1 Feb 2025 | 1 | \u{2588} |"));
    assert!(md.contains("| 2025-02-01 23:05 | at night | calf | left | moderate | 1m30s | stretch | woke \\| twice then slept |"));
    assert!(md.contains(advice::ONLY_A_DOCTOR.text));
    assert!(md.contains(advice::URGENT.text));
}

#[test]
fn csv_has_one_row_per_entry_and_quotes_safely() {
    let mut one = c(1, date(2025, 2, 1).at(3, 5, 0, 0), Place::Calf, Some(90));
    one.entry.note = "said \"ouch\", twice".into();
    one.entry.helped = "=HYPERLINK(\"x\")".into();
    let two = c(2, date(2025, 2, 2).at(14, 0, 0, 0), Place::ThighFront, None);
    let sess = s(
        3,
        "first-aid-calf",
        date(2025, 2, 1).at(3, 6, 0, 0),
        Outcome::Completed,
    );
    let r = Report::build(&[one, two], &[sess], now(), None);
    let csv = report::to_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], report::CSV_HEADER);
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        "cramp,2025-02-01,03:05:00,2025-01-31,night,calf,left,moderate,90,\"'=HYPERLINK(\"\"x\"\")\",\"said \"\"ouch\"\", twice\",,,,,,"
    );
    assert_eq!(
        lines[2],
        "session,2025-02-01,03:06:00,2025-01-31,,,,,,,,first-aid-calf,Title of first-aid-calf,completed,3,0,2025-02-01T03:06:00"
    );
    assert!(
        lines[3]
            .starts_with("cramp,2025-02-02,14:00:00,2025-02-02,night,thigh-front,left,moderate,,")
    );
    let columns = report::CSV_HEADER.split(',').count();
    assert_eq!(lines[2].split(',').count(), columns);
}

#[test]
fn text_shows_chart_and_counts() {
    let cramps = vec![
        c(1, night(date(2025, 2, 1), 2), Place::Calf, Some(60)),
        c(2, night(date(2025, 2, 1), 4), Place::Foot, Some(30)),
    ];
    let r = Report::build(&cramps, &[], now(), None);
    let text = report::to_text(&r);
    assert!(text.contains("2 cramps over 28 nights"));
    assert!(text.contains("Sat 1 Feb    2 \u{2588}\u{2588}"), "{text}");
    assert!(text.contains("Where:       calf 1, foot 1"));
    assert!(text.contains("No warning signs"));
}

/// The warning's quotes fit the record: the foot and toe advice only for feet and toes, and
/// 000's line about another cause only when a cramp came at rest.
#[test]
fn the_advice_fits_what_was_logged() {
    let calf = vec![c(1, night(date(2025, 1, 20), 2), Place::Calf, Some(6 * 60))];
    let r = Report::build(&calf, &[], now(), None);
    let advice_of = |r: &Report| r.warnings[0].advice.clone();
    assert!(!advice_of(&r).contains(&advice::FOOT));
    assert!(!advice_of(&r).contains(&advice::TOES));
    assert!(!advice_of(&r).contains(&advice::AT_REST));

    let mut toes_at_rest = c(2, night(date(2025, 1, 20), 2), Place::Toes, Some(6 * 60));
    toes_at_rest.entry.situation = Some(Situation::AtRest);
    let r = Report::build(&[toes_at_rest], &[], now(), None);
    assert!(advice_of(&r).contains(&advice::TOES));
    assert!(!advice_of(&r).contains(&advice::FOOT));
    assert!(advice_of(&r).contains(&advice::AT_REST));
    assert!(report::to_text(&r).contains("another reason should be sought"));
}
