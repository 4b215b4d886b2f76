//! The report: a pure function from diary records and the current local time to numbers,
//! chart data and warning signs, plus its markdown, CSV and plain-text forms.
//!
//! Nights: a night runs from noon to the next noon and is named by its evening, so a cramp at
//! 03:00 on Tuesday counts for "the night of Monday". Daytime cramps count for the night that
//! follows them; the chart is about how many cramps came each day-and-night.

use crate::routine::text::count;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use jiff::civil::{Date, DateTime};

use super::advice::{self, Quote};
use super::chart::{self, Bucket, Grain, Row};
use super::model::{Cramp, Outcome, Place, Session, Side, Situation, Strength, format_lasted};
use crate::routine::text::clean_line;

/// How many nights the report covers when no `--since` is given.
pub const DEFAULT_NIGHTS: i64 = 28;
/// "Most days of a week": cramps on at least this many of 7 nights.
pub const MOST_DAYS_OF_WEEK: usize = 4;
/// A cramp longer than this is a warning sign (004 says "more than 3-5 minutes").
pub const LONG_CRAMP: Duration = advice::LONG_CRAMP;
/// "Coming more often": the last two 7-night weeks hold more than twice the cramps of the two
/// weeks before, and at least this many (so 0, 1, 2, 2 is not a rise).
pub const RISING_MIN_RECENT: usize = 6;

/// The night a moment belongs to: noon to noon, named by its evening.
pub fn night_of(at: DateTime) -> Date {
    if at.hour() < 12 {
        at.date().yesterday().unwrap_or(at.date())
    } else {
        at.date()
    }
}

/// Parts of the day, by the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DayPart {
    /// 00:00–05:59
    Night,
    /// 06:00–11:59
    Morning,
    /// 12:00–17:59
    Afternoon,
    /// 18:00–23:59
    Evening,
}

impl DayPart {
    pub const ALL: [DayPart; 4] = [
        DayPart::Night,
        DayPart::Morning,
        DayPart::Afternoon,
        DayPart::Evening,
    ];

    pub fn of(at: DateTime) -> DayPart {
        match at.hour() {
            0..=5 => DayPart::Night,
            6..=11 => DayPart::Morning,
            12..=17 => DayPart::Afternoon,
            _ => DayPart::Evening,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DayPart::Night => "night (00-06)",
            DayPart::Morning => "morning (06-12)",
            DayPart::Afternoon => "afternoon (12-18)",
            DayPart::Evening => "evening (18-24)",
        }
    }
}

/// Which warning sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// Cramps on most nights of a 7-night stretch.
    MostDays,
    /// A cramp that lasted more than five minutes.
    LongCramp,
    /// More than twice the cramps in the last two weeks as in the two before.
    Rising,
}

/// A warning sign the record shows, with what the articles advise.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    /// A short title.
    pub title: &'static str,
    /// What in the record shows it, in plain words with dates.
    pub finding: String,
    /// The articles' advice: see a doctor, and which kind.
    pub advice: Vec<Quote>,
}

/// How often one routine was played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineTally {
    pub routine_id: String,
    pub title: String,
    pub completed: usize,
    pub stopped: usize,
    pub last: DateTime,
}

/// How often each routine was played in `sessions`, the most played first.
fn tally_routines(sessions: &[Session]) -> Vec<RoutineTally> {
    let mut tallies: Vec<RoutineTally> = Vec::new();
    for s in sessions {
        let e = &s.entry;
        let i = match tallies.iter().position(|t| t.routine_id == e.routine_id) {
            Some(i) => i,
            None => {
                tallies.push(RoutineTally {
                    routine_id: e.routine_id.clone(),
                    title: e.title.clone(),
                    completed: 0,
                    stopped: 0,
                    last: e.started,
                });
                tallies.len() - 1
            }
        };
        let t = &mut tallies[i];
        match e.outcome {
            Outcome::Completed => t.completed += 1,
            Outcome::Stopped => t.stopped += 1,
        }
        t.title.clone_from(&e.title);
        t.last = t.last.max(e.started);
    }
    tallies.sort_by(|a, b| {
        (b.completed + b.stopped)
            .cmp(&(a.completed + a.stopped))
            .then(a.routine_id.cmp(&b.routine_id))
    });
    tallies
}

/// "; 2 first-aid practices" after the count of routines played, when there were any.
pub(super) fn practice_count(r: &Report) -> String {
    if r.practice.is_empty() {
        String::new()
    } else {
        format!(
            "; first aid practised {} (no cramp)",
            count(r.practice.len() as u64, "time", "times")
        )
    }
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// First and last night covered.
    pub from: Date,
    pub to: Date,
    /// Cramps per night, one entry per night from `from` to `to`.
    pub nights: Vec<(Date, usize)>,
    pub by_place: Vec<(Place, usize)>,
    pub by_side: Vec<(Side, usize)>,
    /// `None` is "not said".
    pub by_situation: Vec<(Option<Situation>, usize)>,
    pub by_day_part: Vec<(DayPart, usize)>,
    pub by_strength: Vec<(Strength, usize)>,
    /// The longest cramp with a known duration.
    pub longest: Option<(DateTime, Duration)>,
    pub routines: Vec<RoutineTally>,
    /// First aid rehearsed with no cramp (`--practice`), counted apart from `routines`.
    pub practised: Vec<RoutineTally>,
    pub warnings: Vec<Warning>,
    /// The entries covered, oldest first.
    pub cramps: Vec<Cramp>,
    /// The routines played for real, oldest first.
    pub sessions: Vec<Session>,
    /// The practice runs, oldest first.
    pub practice: Vec<Session>,
}

impl Report {
    /// Build the report over `cramps` and `sessions` as of `now` (local wall clock).
    ///
    /// `since`: report entries from that calendar date on; without it, the last
    /// [`DEFAULT_NIGHTS`] nights.
    pub fn build(
        cramps: &[Cramp],
        sessions: &[Session],
        now: DateTime,
        since: Option<Date>,
    ) -> Report {
        let mut to = night_of(now);
        let (mut from, keep): (Date, Box<dyn Fn(DateTime) -> bool>) = match since {
            Some(d) => (d, Box::new(move |at: DateTime| at.date() >= d)),
            None => {
                let from = add_days(to, -(DEFAULT_NIGHTS - 1));
                (from, Box::new(move |at: DateTime| night_of(at) >= from))
            }
        };
        let mut cramps: Vec<Cramp> = cramps
            .iter()
            .filter(|c| keep(c.entry.at))
            .cloned()
            .collect();
        cramps.sort_by_key(|c| (c.entry.at, c.id));
        let mut sessions: Vec<Session> = sessions
            .iter()
            .filter(|s| keep(s.entry.started))
            .cloned()
            .collect();
        sessions.sort_by_key(|s| (s.entry.started, s.id));
        let (practice, sessions): (Vec<Session>, Vec<Session>) =
            sessions.into_iter().partition(|s| s.entry.practice);
        for c in &cramps {
            let n = night_of(c.entry.at);
            from = from.min(n);
            to = to.max(n);
        }

        let mut per_night: BTreeMap<Date, usize> = BTreeMap::new();
        for c in &cramps {
            *per_night.entry(night_of(c.entry.at)).or_default() += 1;
        }
        let mut nights = Vec::new();
        let mut d = from;
        while d <= to {
            nights.push((d, per_night.get(&d).copied().unwrap_or(0)));
            d = add_days(d, 1);
        }

        let by_place = tally(Place::ALL.iter().copied(), &cramps, |c| c.entry.place);
        let by_side = tally(Side::ALL.iter().copied(), &cramps, |c| c.entry.side);
        let by_situation = tally(
            Situation::ALL.iter().map(|s| Some(*s)).chain([None]),
            &cramps,
            |c| c.entry.situation,
        );
        let by_day_part = tally(DayPart::ALL, &cramps, |c| DayPart::of(c.entry.at));
        let by_strength = tally(Strength::ALL.iter().copied(), &cramps, |c| c.entry.strength);
        let longest = cramps
            .iter()
            .filter_map(|c| c.entry.lasted.map(|d| (c.entry.at, d)))
            .max_by_key(|(at, d)| (*d, std::cmp::Reverse(*at)));

        let tallies = tally_routines(&sessions);
        let practised = tally_routines(&practice);

        let mut report = Report {
            from,
            to,
            nights,
            by_place,
            by_side,
            by_situation,
            by_day_part,
            by_strength,
            longest,
            routines: tallies,
            practised,
            warnings: Vec::new(),
            cramps,
            sessions,
            practice,
        };
        report.warnings = warnings(&report);
        report
    }

    /// How many cramps the report covers.
    pub fn total(&self) -> usize {
        self.cramps.len()
    }

    /// How the chart groups this period: by night up to 8 weeks, by week up to a year, by month.
    pub fn grain(&self) -> Grain {
        Grain::for_span(self.nights.len())
    }

    /// Cramps per night, week or month (see [`Report::grain`]), covering the whole period.
    pub fn chart(&self) -> Vec<Bucket> {
        chart::group(&self.nights, self.grain())
    }

    /// The entries that carry a note or what helped, oldest first.
    pub fn noted(&self) -> impl Iterator<Item = &Cramp> {
        self.cramps
            .iter()
            .filter(|c| !c.entry.note.trim().is_empty() || !c.entry.helped.trim().is_empty())
    }
}

/// The chart's heading: "Cramps per night (noon to noon)", "Cramps per week (Monday to Sunday)".
pub fn chart_title(grain: Grain) -> String {
    match grain {
        Grain::Night => "Cramps per night (noon to noon)".to_owned(),
        Grain::Week => "Cramps per week (Monday to Sunday; a night runs noon to noon)".to_owned(),
        g => format!("Cramps per {} (a night runs noon to noon)", g.word()),
    }
}

/// The text report lists at most this many notes, the latest; the other formats list all.
pub const TEXT_NOTES_MAX: usize = 20;

/// How many cramps have each key, in the keys' order, leaving out zeros.
fn tally<T: Copy + PartialEq>(
    keys: impl IntoIterator<Item = T>,
    cramps: &[Cramp],
    key: impl Fn(&Cramp) -> T,
) -> Vec<(T, usize)> {
    keys.into_iter()
        .map(|k| (k, cramps.iter().filter(|c| key(c) == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

/// Show a night as "Mon 6 Jan".
pub fn short_date(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

pub(super) fn long_date(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

pub(super) fn clock(at: DateTime) -> String {
    at.strftime("%Y-%m-%d %H:%M").to_string()
}

/// Advice that fits the cramps: the therapist first, the place-specific advice for the places
/// among them (foot, toes, hand), and 000's line about another cause when any came at rest.
fn which_doctor<'a>(cramps: impl Iterator<Item = &'a Cramp>) -> Vec<Quote> {
    let cramps: Vec<&Cramp> = cramps.collect();
    let at_rest = cramps
        .iter()
        .any(|c| c.entry.situation == Some(Situation::AtRest));
    let mut places: Vec<Place> = cramps.iter().map(|c| c.entry.place).collect();
    places.sort();
    places.dedup();
    let mut out = vec![advice::THERAPIST_FIRST];
    for p in places {
        match p {
            Place::Foot => out.push(advice::FOOT),
            Place::Toes => out.push(advice::TOES),
            Place::Hand => out.push(advice::HANDS),
            _ => {}
        }
    }
    if at_rest {
        out.push(advice::AT_REST);
    }
    out
}

fn warnings(r: &Report) -> Vec<Warning> {
    let mut out = Vec::new();

    // Most nights of a 7-night stretch: the fullest window, the latest if tied.
    let mut best: Option<(usize, usize)> = None; // (nights with cramps, window start index)
    for start in 0..r.nights.len().saturating_sub(6) {
        let n = r.nights[start..start + 7]
            .iter()
            .filter(|(_, c)| *c > 0)
            .count();
        if best.is_none_or(|(b, _)| n >= b) {
            best = Some((n, start));
        }
    }
    if let Some((n, start)) = best.filter(|(n, _)| *n >= MOST_DAYS_OF_WEEK) {
        let (first, last) = (r.nights[start].0, r.nights[start + 6].0);
        let in_window = r.cramps.iter().filter(|c| {
            let night = night_of(c.entry.at);
            night >= first && night <= last
        });
        let mut advice = vec![advice::ALMOST_EVERY_DAY];
        advice.extend(which_doctor(in_window));
        out.push(Warning {
            kind: WarningKind::MostDays,
            title: "Cramps on most days of a week",
            finding: format!(
                "You logged cramps on {n} of the 7 nights from {} to {}.",
                short_date(first),
                long_date(last)
            ),
            advice,
        });
    }

    // A cramp longer than five minutes.
    let long: Vec<&Cramp> = r
        .cramps
        .iter()
        .filter(|c| c.entry.lasted.is_some_and(|d| d > LONG_CRAMP))
        .collect();
    if let Some(worst) = long.iter().max_by_key(|c| (c.entry.lasted, c.entry.at)) {
        let e = &worst.entry;
        let what = format!(
            "{} {} ({}) at {}",
            format_lasted(e.lasted.unwrap_or_default()),
            e.place.label(),
            e.side.label(),
            clock(e.at)
        );
        let finding = if long.len() == 1 {
            format!("A cramp lasted more than 5 minutes: {what}.")
        } else {
            format!(
                "{} cramps lasted more than 5 minutes; the longest: {what}.",
                long.len()
            )
        };
        let mut advice = vec![advice::LONGER_THAN_MINUTES];
        advice.extend(which_doctor(long.iter().copied()));
        out.push(Warning {
            kind: WarningKind::LongCramp,
            title: "A cramp lasting more than 5 minutes",
            finding,
            advice,
        });
    }

    // Coming more often: the last four 7-night weeks of the period, the last two against the
    // two before.
    if let Some(weeks) = rising(&r.nights) {
        let first = r.nights[r.nights.len() - 14].0;
        let recent = r.cramps.iter().filter(|c| night_of(c.entry.at) >= first);
        let mut advice = vec![advice::FREQUENCY_INCREASES];
        advice.extend(which_doctor(recent));
        out.push(Warning {
            kind: WarningKind::Rising,
            title: "Cramps coming more often",
            finding: format!(
                "{} cramps in the last two weeks against {} in the two weeks before; \
                 cramps per week (7 nights each, to {}): {}, {}, {}, {}.",
                weeks[2] + weeks[3],
                weeks[0] + weeks[1],
                long_date(r.to),
                weeks[0],
                weeks[1],
                weeks[2],
                weeks[3]
            ),
            advice,
        });
    }
    out
}

/// The four weekly counts (oldest first) of the last 28 nights when they show cramps coming more
/// often: the last two weeks hold at least [`RISING_MIN_RECENT`] cramps and more than twice the
/// two weeks before, which hold at least one (with none, the diary may simply not have been
/// kept yet). A single busy week after quiet ones counts (1, 2, 2, 9); ups and downs do not.
pub fn rising(nights: &[(Date, usize)]) -> Option<[usize; 4]> {
    let tail = nights.get(nights.len().checked_sub(28)?..)?;
    let mut weeks = [0; 4];
    for (w, chunk) in weeks.iter_mut().zip(tail.chunks(7)) {
        *w = chunk.iter().map(|(_, c)| c).sum();
    }
    let (before, recent) = (weeks[0] + weeks[1], weeks[2] + weeks[3]);
    (before >= 1 && recent >= RISING_MIN_RECENT && recent > 2 * before).then_some(weeks)
}

// ---------------------------------------------------------------------------------------------
// Output forms

/// The widest bar, in characters.
const BAR_MAX: usize = 40;

/// Bars for counts up to the largest of `buckets`: one block per cramp, scaled down to
/// [`BAR_MAX`] when the largest count is more; a count above zero always shows.
fn bar_scale(buckets: &[Bucket]) -> impl Fn(usize) -> String {
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    move |n| {
        let width = if max <= BAR_MAX {
            n
        } else {
            (n * BAR_MAX).div_ceil(max)
        };
        "\u{2588}".repeat(width)
    }
}

/// "2025-01-21 02:00 calf (left): woke me up; helped: stretching", cleaned for a terminal.
fn note_line(c: &Cramp) -> String {
    let e = &c.entry;
    let mut line = format!("{} {} ({})", clock(e.at), e.place.label(), e.side.label());
    let note = clean_line(&e.note);
    if !note.is_empty() {
        line.push_str(": ");
        line.push_str(&note);
    }
    let helped = clean_line(&e.helped);
    if !helped.is_empty() {
        line.push_str(if note.is_empty() {
            ": helped: "
        } else {
            "; helped: "
        });
        line.push_str(&helped);
    }
    line
}

/// Diary text for a markdown table cell: cleaned to one line, and every character that could
/// start markup (an inline HTML tag such as `<img>`, a link or image `[…](…)`, an autolink
/// `<javascript:…>`, an entity `&#…;`, emphasis, code, the cell's own `|`) escaped with a
/// backslash, so it shows as typed and nothing in it is fetched or linked.
fn md_cell(s: &str) -> String {
    let clean = clean_line(s);
    let mut out = String::with_capacity(clean.len());
    for ch in clean.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '|' | '!' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

pub(super) fn situation_label(s: Option<Situation>) -> &'static str {
    s.map_or("not said", Situation::label)
}

pub(super) fn lasted_label(d: Option<Duration>) -> String {
    d.map_or_else(|| "-".to_owned(), format_lasted)
}

/// The report as markdown, to print or bring to an appointment.
pub fn to_markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Cramp diary: {} to {}\n",
        long_date(r.from),
        long_date(r.to)
    );
    let _ = writeln!(
        s,
        "{} logged over {}; {} played{}.\n",
        count(r.total() as u64, "cramp", "cramps"),
        count(r.nights.len() as u64, "night", "nights"),
        count(r.sessions.len() as u64, "routine", "routines"),
        practice_count(r)
    );

    let _ = writeln!(s, "## Warning signs\n");
    if r.warnings.is_empty() {
        let _ = writeln!(
            s,
            "None of the signs limber looks for (cramps on most days of a week, a cramp longer than \
             5 minutes, cramps coming more often) shows in this record.\n"
        );
    }
    for w in &r.warnings {
        let _ = writeln!(s, "### {}\n\n{}\n", w.title, w.finding);
        for q in &w.advice {
            let _ = writeln!(s, "> {}", q.cited());
            let _ = writeln!(s, ">");
        }
        let _ = writeln!(s, "*{}*\n", advice::NOT_A_DIAGNOSIS);
    }

    let grain = r.grain();
    let buckets = r.chart();
    let _ = writeln!(s, "## Cramps per {}\n", grain.word());
    let _ = writeln!(
        s,
        "A night runs from noon to the next noon and is named by its evening.{}\n",
        match grain {
            Grain::Night => "",
            Grain::Week => " Weeks run Monday to Sunday.",
            _ => " Grouped by month.",
        }
    );
    let _ = writeln!(s, "| {} | cramps | |\n| --- | ---: | --- |", grain.word());
    let scale = bar_scale(&buckets);
    for row in chart::rows(&buckets) {
        let _ = match row {
            Row::Group(b) => {
                let label = if grain == Grain::Night {
                    long_date(b.from)
                } else {
                    b.label()
                };
                writeln!(s, "| {label} | {} | {} |", b.count, scale(b.count))
            }
            Row::Empty {
                grain,
                from,
                to,
                groups,
            } => {
                let label = Row::empty_label(grain, from, to, groups);
                let (when, what) = label.split_once(": ").unwrap_or((&label, ""));
                writeln!(s, "| {when} | 0 | {what} |")
            }
        };
    }
    let _ = writeln!(s);

    let _ = writeln!(s, "## Where and when\n");
    table(
        &mut s,
        "place",
        r.by_place.iter().map(|(p, n)| (p.label(), *n)),
    );
    table(
        &mut s,
        "side",
        r.by_side.iter().map(|(p, n)| (p.label(), *n)),
    );
    table(
        &mut s,
        "situation",
        r.by_situation
            .iter()
            .map(|(p, n)| (situation_label(*p), *n)),
    );
    table(
        &mut s,
        "time of day",
        r.by_day_part.iter().map(|(p, n)| (p.label(), *n)),
    );
    table(
        &mut s,
        "strength",
        r.by_strength.iter().map(|(p, n)| (p.label(), *n)),
    );
    if let Some((at, d)) = r.longest {
        let _ = writeln!(s, "Longest cramp: {} at {}.\n", format_lasted(d), clock(at));
    }

    let _ = writeln!(s, "## Routines done\n");
    if r.routines.is_empty() {
        let _ = writeln!(s, "No routines played in this period.\n");
    } else {
        let _ = writeln!(
            s,
            "| routine | completed | stopped | last played |\n| --- | ---: | ---: | --- |"
        );
        for t in &r.routines {
            let _ = writeln!(
                s,
                "| {} ({}) | {} | {} | {} |",
                md_cell(&t.title),
                md_cell(&t.routine_id),
                t.completed,
                t.stopped,
                clock(t.last)
            );
        }
        let _ = writeln!(s);
    }
    if !r.practised.is_empty() {
        let _ = writeln!(
            s,
            "## First aid practised (no cramp)\n\n\
             | routine | completed | stopped | last practised |\n| --- | ---: | ---: | --- |"
        );
        for t in &r.practised {
            let _ = writeln!(
                s,
                "| {} (`{}`) | {} | {} | {} |",
                md_cell(&t.title),
                md_cell(&t.routine_id),
                t.completed,
                t.stopped,
                clock(t.last)
            );
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(s, "## Entries\n");
    if r.cramps.is_empty() {
        let _ = writeln!(s, "No cramps logged in this period.\n");
    } else {
        let _ = writeln!(
            s,
            "| when | situation | where | side | strength | lasted | what helped | note |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for c in &r.cramps {
            let e = &c.entry;
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                clock(e.at),
                situation_label(e.situation),
                e.place.label(),
                e.side.label(),
                e.strength.label(),
                lasted_label(e.lasted),
                md_cell(&e.helped),
                md_cell(&e.note)
            );
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(s, "---\n");
    let _ = writeln!(
        s,
        "This report counts what was logged in limber; it is not a diagnosis. {}\n",
        advice::ONLY_A_DOCTOR.cited()
    );
    let _ = writeln!(s, "The articles also say: {}", advice::URGENT.cited());
    s
}

fn table<'a>(s: &mut String, what: &str, rows: impl Iterator<Item = (&'a str, usize)>) {
    let rows: Vec<_> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(s, "| {what} | cramps |\n| --- | ---: |");
    for (label, n) in rows {
        let _ = writeln!(s, "| {label} | {n} |");
    }
    let _ = writeln!(s);
}

/// One CSV cell: cleaned to one line, quoted when needed; a leading `=`, `+`, `-`, `@`, tab or
/// carriage return (after any spaces, which spreadsheets skip) is defused with a `'` so a
/// spreadsheet does not run a note as a formula.
fn csv_cell(s: &str) -> String {
    let s = clean_line(s);
    let s = if s.trim_start().starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The CSV header.
pub const CSV_HEADER: &str = "kind,date,time,night_of,situation,place,side,strength,lasted_s,\
helped,note,routine_id,routine_title,outcome,steps_done,steps_skipped,ended";

/// The entries as CSV, one row per cramp or session, oldest first (RFC 4180, CRLF-free).
pub fn to_csv(r: &Report) -> String {
    enum Row<'a> {
        C(&'a Cramp),
        S(&'a Session),
    }
    let mut rows: Vec<(DateTime, Row<'_>)> = r
        .cramps
        .iter()
        .map(|c| (c.entry.at, Row::C(c)))
        .chain(
            r.sessions
                .iter()
                .chain(&r.practice)
                .map(|s| (s.entry.started, Row::S(s))),
        )
        .collect();
    rows.sort_by_key(|(at, _)| *at);
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for (at, row) in rows {
        let date = at.date().to_string();
        let time = at.strftime("%H:%M:%S").to_string();
        let cells: Vec<String> = match row {
            Row::C(c) => {
                let e = &c.entry;
                vec![
                    "cramp".into(),
                    date,
                    time,
                    night_of(at).to_string(),
                    e.situation.map_or(String::new(), |x| x.word().into()),
                    e.place.word().into(),
                    e.side.word().into(),
                    e.strength.word().into(),
                    e.lasted.map_or(String::new(), |d| d.as_secs().to_string()),
                    csv_cell(&e.helped),
                    csv_cell(&e.note),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]
            }
            Row::S(x) => {
                let e = &x.entry;
                vec![
                    // A rehearsal with no cramp is its own kind, never counted as a session.
                    if e.practice { "practice" } else { "session" }.into(),
                    date,
                    time,
                    night_of(at).to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    csv_cell(&e.routine_id),
                    csv_cell(&e.title),
                    e.outcome.word().into(),
                    e.steps_done.to_string(),
                    e.steps_skipped.to_string(),
                    e.ended.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
                ]
            }
        };
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    s
}

/// The report as plain text for the terminal.
pub fn to_text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Cramp diary, {} to {}: {} over {}, {} played{}.\n",
        long_date(r.from),
        long_date(r.to),
        count(r.total() as u64, "cramp", "cramps"),
        count(r.nights.len() as u64, "night", "nights"),
        count(r.sessions.len() as u64, "routine", "routines"),
        practice_count(r)
    );
    if r.warnings.is_empty() {
        let _ = writeln!(s, "No warning signs in this record.\n");
    }
    for w in &r.warnings {
        let _ = writeln!(s, "WARNING SIGN: {}", w.title);
        let _ = writeln!(s, "  {}", w.finding);
        for q in &w.advice {
            let _ = writeln!(s, "  The articles say: {}", q.cited());
        }
        let _ = writeln!(s, "  {}\n", advice::NOT_A_DIAGNOSIS);
    }
    let buckets = r.chart();
    let rows = chart::rows(&buckets);
    let width = rows
        .iter()
        .filter_map(|row| match row {
            Row::Group(b) => Some(b.label().chars().count()),
            Row::Empty { .. } => None,
        })
        .max()
        .unwrap_or(0)
        .max(11);
    let scale = bar_scale(&buckets);
    let _ = writeln!(s, "{}:", chart_title(r.grain()));
    for row in rows {
        let line = match row {
            Row::Group(b) => format!("  {:<width$} {:>2} {}", b.label(), b.count, scale(b.count)),
            Row::Empty {
                grain,
                from,
                to,
                groups,
            } => format!("  {}", Row::empty_label(grain, from, to, groups)),
        };
        let _ = writeln!(s, "{}", line.trim_end());
    }
    let _ = writeln!(s);
    let line = |s: &mut String, what: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(s, "{what:<12} {}", items.join(", "));
        }
    };
    line(
        &mut s,
        "Where:",
        r.by_place
            .iter()
            .map(|(p, n)| format!("{} {n}", p.label()))
            .collect(),
    );
    line(
        &mut s,
        "Side:",
        r.by_side
            .iter()
            .map(|(p, n)| format!("{} {n}", p.label()))
            .collect(),
    );
    line(
        &mut s,
        "Situation:",
        r.by_situation
            .iter()
            .map(|(p, n)| format!("{} {n}", situation_label(*p)))
            .collect(),
    );
    line(
        &mut s,
        "Time of day:",
        r.by_day_part
            .iter()
            .map(|(p, n)| format!("{} {n}", p.label()))
            .collect(),
    );
    line(
        &mut s,
        "Strength:",
        r.by_strength
            .iter()
            .map(|(p, n)| format!("{} {n}", p.label()))
            .collect(),
    );
    if let Some((at, d)) = r.longest {
        let _ = writeln!(s, "Longest:     {} at {}", format_lasted(d), clock(at));
    }
    if !r.routines.is_empty() {
        let _ = writeln!(s, "\nRoutines done:");
        for t in &r.routines {
            let _ = writeln!(
                s,
                "  {} ({}): {} completed, {} stopped, last {}",
                clean_line(&t.title),
                clean_line(&t.routine_id),
                t.completed,
                t.stopped,
                clock(t.last)
            );
        }
    }
    if !r.practised.is_empty() {
        let _ = writeln!(s, "\nFirst aid practised (no cramp):");
        for t in &r.practised {
            let _ = writeln!(
                s,
                "  {} ({}): {} completed, {} stopped, last {}",
                t.title,
                t.routine_id,
                t.completed,
                t.stopped,
                clock(t.last)
            );
        }
    }
    let noted: Vec<&Cramp> = r.noted().collect();
    if !noted.is_empty() {
        let _ = writeln!(s, "\nNotes:");
        let skipped = noted.len().saturating_sub(TEXT_NOTES_MAX);
        if skipped > 0 {
            let _ = writeln!(
                s,
                "  ({skipped} earlier notes are in the markdown and HTML reports.)"
            );
        }
        for c in &noted[skipped..] {
            let _ = writeln!(s, "  {}", note_line(c));
        }
    }
    let _ = writeln!(
        s,
        "\nNot a diagnosis. {}\nThe articles also say: {}",
        advice::ONLY_A_DOCTOR.cited(),
        advice::URGENT.cited()
    );
    s
}
