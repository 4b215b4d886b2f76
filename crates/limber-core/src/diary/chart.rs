//! Cramps per night grouped for reading: night by night up to 8 weeks, by week up to a year, by
//! month beyond; and runs of empty groups folded into one row, so a long period reads in a page.
//!
//! Groups are clipped to the period: the first and last week or month may be partial, and every
//! night of the period is in exactly one group (nothing is dropped to fit).

use crate::routine::text::count;
use jiff::civil::Date;

/// Night by night for periods up to this many nights (8 weeks).
pub const NIGHTS_UP_TO: usize = 56;
/// Week by week for periods up to this many nights (a year); month by month beyond.
pub const WEEKS_UP_TO: usize = 366;
/// This many empty groups in a row or more are shown as one "no cramps" row.
pub const EMPTY_RUN_MIN: usize = 3;

/// How nights are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grain {
    Night,
    /// Monday to Sunday (nights named by their evening).
    Week,
    Month,
    Year,
}

impl Grain {
    /// The grain a period of `nights` nights is read in.
    pub fn for_span(nights: usize) -> Grain {
        if nights <= NIGHTS_UP_TO {
            Grain::Night
        } else if nights <= WEEKS_UP_TO {
            Grain::Week
        } else {
            Grain::Month
        }
    }

    /// "night", "week", "month", "year".
    pub fn word(self) -> &'static str {
        match self {
            Grain::Night => "night",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Year => "year",
        }
    }

    /// The plural: "nights", "weeks", ...
    pub fn words(self) -> &'static str {
        match self {
            Grain::Night => "nights",
            Grain::Week => "weeks",
            Grain::Month => "months",
            Grain::Year => "years",
        }
    }

    /// The first night of the group `d` falls in (before clipping to the period).
    fn start_of(self, d: Date) -> Date {
        match self {
            Grain::Night => d,
            Grain::Week => {
                let back = i64::from(d.weekday().to_monday_zero_offset());
                d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
            }
            Grain::Month => d.first_of_month(),
            Grain::Year => d.first_of_year(),
        }
    }
}

/// Cramps over a run of nights: one bar of the chart, one row of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub grain: Grain,
    /// First and last night it covers (inclusive), within the period.
    pub from: Date,
    pub to: Date,
    pub count: usize,
}

impl Bucket {
    /// How many nights it covers.
    pub fn nights(&self) -> usize {
        usize::try_from(
            self.from
                .until(self.to)
                .map_or(0, |s| s.get_days())
                .saturating_add(1),
        )
        .unwrap_or(1)
    }

    /// How the group reads: "Sat 1 Feb", "27 Jan-2 Feb 2025", "Jan 2025", "9-31 Jan 2025", "2025".
    pub fn label(&self) -> String {
        let (f, t) = (self.from, self.to);
        match self.grain {
            Grain::Night => f.strftime("%a %-d %b").to_string(),
            Grain::Week | Grain::Month if f == t => f.strftime("%-d %b %Y").to_string(),
            Grain::Month if f.day() == 1 && t == f.last_of_month() => {
                f.strftime("%b %Y").to_string()
            }
            Grain::Year if f.day_of_year() == 1 && t == f.last_of_year() => f.year().to_string(),
            _ => range_label(f, t),
        }
    }
}

/// "6-12 Jan 2025", "27 Jan-2 Feb 2025", "30 Dec 2024-5 Jan 2025".
fn range_label(f: Date, t: Date) -> String {
    if f.year() != t.year() {
        format!("{}-{}", f.strftime("%-d %b %Y"), t.strftime("%-d %b %Y"))
    } else if f.month() != t.month() {
        format!("{}-{}", f.strftime("%-d %b"), t.strftime("%-d %b %Y"))
    } else {
        format!("{}-{}", f.day(), t.strftime("%-d %b %Y"))
    }
}

/// Group consecutive `nights` (one per night, in order) by `grain`.
pub fn group(nights: &[(Date, usize)], grain: Grain) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = Vec::new();
    for &(d, n) in nights {
        match out.last_mut() {
            Some(b) if grain.start_of(b.from) == grain.start_of(d) => {
                b.to = d;
                b.count += n;
            }
            _ => out.push(Bucket {
                grain,
                from: d,
                to: d,
                count: n,
            }),
        }
    }
    out
}

/// The finest grouping of `nights` whose groups fit in `width` columns when a group of each grain
/// takes `columns(grain)` of them (by year at the coarsest, whatever the width).
pub fn group_to_fit(
    nights: &[(Date, usize)],
    width: usize,
    columns: impl Fn(Grain) -> usize,
) -> Vec<Bucket> {
    let mut buckets = Vec::new();
    for grain in [Grain::Night, Grain::Week, Grain::Month, Grain::Year] {
        buckets = group(nights, grain);
        if buckets.len() * columns(grain) <= width {
            break;
        }
    }
    buckets
}

/// A row of a table of groups: a group, or a run of empty ones folded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Group(Bucket),
    /// `groups` empty groups in a row, from `from` to `to`.
    Empty {
        grain: Grain,
        from: Date,
        to: Date,
        groups: usize,
    },
}

impl Row {
    /// "27 Jan-2 Feb 2025: no cramps (7 nights)".
    pub fn empty_label(grain: Grain, from: Date, to: Date, groups: usize) -> String {
        let span = Bucket {
            grain: Grain::Night,
            from,
            to,
            count: 0,
        };
        let what = if grain == Grain::Night {
            count(span.nights() as u64, "night", "nights")
        } else {
            format!(
                "{groups} {}, {}",
                grain.words(),
                count(span.nights() as u64, "night", "nights")
            )
        };
        format!("{}: no cramps ({what})", range_label(from, to))
    }
}

/// Fold runs of at least [`EMPTY_RUN_MIN`] empty groups into one row each.
pub fn rows(buckets: &[Bucket]) -> Vec<Row> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < buckets.len() {
        let run = buckets[i..].iter().take_while(|b| b.count == 0).count();
        if run >= EMPTY_RUN_MIN {
            out.push(Row::Empty {
                grain: buckets[i].grain,
                from: buckets[i].from,
                to: buckets[i + run - 1].to,
                groups: run,
            });
            i += run;
        } else {
            out.push(Row::Group(buckets[i]));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};

    fn is_monday(d: Date) -> bool {
        d.weekday() == Weekday::Monday
    }

    fn span(from: Date, days: i64) -> Vec<(Date, usize)> {
        (0..days)
            .map(|i| {
                let d = from.checked_add(jiff::Span::new().days(i)).unwrap_or(from);
                (d, usize::from(i % 10 == 0))
            })
            .collect()
    }

    #[test]
    fn grain_follows_the_length() {
        assert_eq!(Grain::for_span(28), Grain::Night);
        assert_eq!(Grain::for_span(56), Grain::Night);
        assert_eq!(Grain::for_span(57), Grain::Week);
        assert_eq!(Grain::for_span(183), Grain::Week);
        assert_eq!(Grain::for_span(730), Grain::Month);
    }

    #[test]
    fn groups_cover_every_night_once() {
        // Wed 8 Jan 2025 to 2 years later.
        let nights = span(date(2025, 1, 8), 731);
        let total: usize = nights.iter().map(|(_, n)| n).sum();
        for grain in [Grain::Night, Grain::Week, Grain::Month, Grain::Year] {
            let b = group(&nights, grain);
            assert_eq!(b.iter().map(|b| b.count).sum::<usize>(), total);
            assert_eq!(b.iter().map(Bucket::nights).sum::<usize>(), 731);
            assert_eq!(
                b[0].from,
                date(2025, 1, 8),
                "starts where the period starts"
            );
            assert_eq!(b[b.len() - 1].to, date(2027, 1, 8));
        }
        let weeks = group(&nights, Grain::Week);
        // The first week is clipped (Wed-Sun); the next starts on a Monday.
        assert_eq!(weeks[0].to, date(2025, 1, 12));
        assert!(is_monday(weeks[1].from));
        assert_eq!(weeks[0].label(), "8-12 Jan 2025");
        assert_eq!(weeks[3].label(), "27 Jan-2 Feb 2025");
        let months = group(&nights, Grain::Month);
        assert_eq!(months.len(), 25);
        assert_eq!(months[0].label(), "8-31 Jan 2025");
        assert_eq!(months[1].label(), "Feb 2025");
    }

    #[test]
    fn fit_picks_the_finest_grain_that_fits() {
        let nights = span(date(2025, 1, 6), 28);
        let three = |_| 3;
        assert_eq!(group_to_fit(&nights, 84, three).len(), 28);
        let b = group_to_fit(&nights, 83, three);
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].grain, Grain::Week);
        assert_eq!(b.iter().map(Bucket::nights).sum::<usize>(), 28);
        let long = span(date(2025, 1, 6), 731);
        let wider_months = |g: Grain| if g >= Grain::Month { 4 } else { 3 };
        assert_eq!(
            group_to_fit(&long, 100, wider_months)[0].grain,
            Grain::Month
        );
        assert_eq!(group_to_fit(&long, 99, wider_months)[0].grain, Grain::Year);
        assert_eq!(
            group_to_fit(&long, 1, wider_months).len(),
            3,
            "years, even if too wide"
        );
    }

    #[test]
    fn empty_runs_fold() {
        let mut nights = span(date(2025, 1, 6), 28);
        for n in &mut nights {
            n.1 = 0;
        }
        nights[1].1 = 2;
        nights[3].1 = 1;
        let rows = rows(&group(&nights, Grain::Night));
        // 0 2 0 1 then 24 empty nights as one row.
        assert_eq!(rows.len(), 5);
        assert!(matches!(
            rows[4],
            Row::Empty {
                groups: 24,
                from,
                ..
            } if from == date(2025, 1, 10)
        ));
        assert_eq!(
            Row::empty_label(Grain::Night, date(2025, 1, 10), date(2025, 2, 2), 24),
            "10 Jan-2 Feb 2025: no cramps (24 nights)"
        );
    }
}
