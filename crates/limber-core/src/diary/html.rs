//! The report as one self-contained HTML page for an appointment: inline CSS and an inline SVG
//! chart, nothing loaded from anywhere, laid out to print on A4.
//!
//! Everything that comes from the diary (notes, what helped, routine titles and ids) and every
//! other piece of text goes through [`escape`].

use crate::routine::text::{count, is_unsafe};
use std::fmt::Write as _;

use super::advice::{self, Quote};
use super::chart::{Bucket, Grain};
use super::model::format_lasted;
use super::report::{Report, chart_title, clock, lasted_label, long_date, situation_label};

/// Text made safe for HTML content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control, bidi and invisible format characters have no place in a printed page.
            c if is_unsafe(c) && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;
       color: #1a1a1a; max-width: 182mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 17pt; margin: 0 0 .2em; }
h2 { font-size: 12.5pt; margin: 1.1em 0 .4em; border-bottom: 1px solid #bbb; padding-bottom: .1em;
     break-after: avoid; }
h3 { font-size: 11pt; margin: .2em 0; }
p { margin: .3em 0; }
.summary { color: #333; }
.warning { border-left: 4px solid #b3261e; background: #fbeeed; padding: .4em .8em; margin: .6em 0;
           break-inside: avoid; }
.none { border-left: 4px solid #2e7d32; background: #eef6ee; padding: .4em .8em; }
blockquote { margin: .3em 0 .3em .8em; font-style: italic; }
cite { font-style: normal; color: #555; }
.note { font-size: 9.5pt; color: #444; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, 'DejaVu Sans', sans-serif; fill: #333; }
.bar { fill: #3b6ea5; }
.axis { stroke: #888; stroke-width: .6; }
.counts { display: flex; flex-wrap: wrap; gap: .6em 1.2em; align-items: flex-start; }
.counts table { min-width: 11em; break-inside: avoid; }
table { border-collapse: collapse; margin: .3em 0; break-inside: auto; }
th, td { text-align: left; padding: .15em .5em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f0f0f0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.entries { width: 100%; font-size: 9pt; }
.entries td { white-space: nowrap; }
.entries td.text { white-space: normal; min-width: 9em; }
.chart { break-inside: avoid; }
footer { margin-top: 1.5em; border-top: 1px solid #bbb; padding-top: .4em; font-size: 9.5pt; }
@media print { body { margin: 0; padding: 0; max-width: none; font-size: 10pt; } }
";

/// The report as an HTML page.
pub fn to_html(r: &Report) -> String {
    let mut s = String::new();
    let title = format!("Cramp diary: {} to {}", long_date(r.from), long_date(r.to));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = writeln!(s, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        s,
        "<p class=\"summary\">{} logged over {}; {} played{}.</p>",
        count(r.total() as u64, "cramp", "cramps"),
        count(r.nights.len() as u64, "night", "nights"),
        count(r.sessions.len() as u64, "routine", "routines"),
        escape(&super::report::practice_count(r))
    );

    warnings(&mut s, r);
    chart(&mut s, r);
    counts(&mut s, r);
    routines(&mut s, r);
    entries(&mut s, r);

    let _ = writeln!(
        s,
        "<footer>\n<p><strong>This report counts what was logged in limber; it is not a \
         diagnosis.</strong> {}</p>\n<p>The articles also say: {}</p>\n</footer>\n</body>\n</html>",
        quote_inline(&advice::ONLY_A_DOCTOR),
        quote_inline(&advice::URGENT)
    );
    s
}

fn quote_inline(q: &Quote) -> String {
    format!(
        "\u{201c}{}\u{201d} <cite>(article {})</cite>",
        escape(q.text),
        escape(q.article)
    )
}

fn warnings(s: &mut String, r: &Report) {
    let _ = writeln!(s, "<h2>Warning signs</h2>");
    if r.warnings.is_empty() {
        let _ = writeln!(
            s,
            "<p class=\"none\">None of the signs limber looks for (cramps on most days of a week, \
             a cramp longer than 5 minutes, cramps coming more often) shows in this record.</p>"
        );
    }
    for w in &r.warnings {
        let _ = writeln!(
            s,
            "<section class=\"warning\">\n<h3>{}</h3>\n<p>{}</p>",
            escape(w.title),
            escape(&w.finding)
        );
        for q in &w.advice {
            let _ = writeln!(s, "<blockquote>{}</blockquote>", quote_inline(q));
        }
        let _ = writeln!(
            s,
            "<p class=\"note\">{}</p>\n</section>",
            escape(advice::NOT_A_DIAGNOSIS)
        );
    }
}

/// A short axis label for a group.
fn tick(b: &Bucket) -> String {
    match b.grain {
        Grain::Night | Grain::Week => b.from.strftime("%-d %b").to_string(),
        Grain::Month => b.from.strftime("%b %y").to_string(),
        Grain::Year => b.from.year().to_string(),
    }
}

/// Room an axis label needs, in chart units.
const TICK_WIDTH: f64 = 44.0;

fn chart(s: &mut String, r: &Report) {
    let buckets = r.chart();
    let grain = r.grain();
    let _ = writeln!(
        s,
        "<section class=\"chart\">\n<h2>{}</h2>",
        escape(&chart_title(grain))
    );
    let (w, h, top, bottom, left) = (700.0_f64, 180.0_f64, 16.0, 24.0, 26.0);
    let plot_h = h - top - bottom;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let slot = (w - left) / buckets.len().max(1) as f64;
    let every = buckets.len().div_ceil(10).max(1);
    let _ = writeln!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        escape(&format!(
            "{}, per {}, from {} to {}",
            count(r.total() as u64, "cramp", "cramps"),
            grain.word(),
            long_date(r.from),
            long_date(r.to)
        ))
    );
    let base = top + plot_h;
    let _ = writeln!(
        s,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{base}\" x2=\"{w}\" y2=\"{base}\"/>\
         <line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{base}\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text>\
         <text x=\"{}\" y=\"{base}\" text-anchor=\"end\">0</text>",
        left - 4.0,
        top + 3.0,
        left - 4.0
    );
    for (i, b) in buckets.iter().enumerate() {
        let x = left + slot * i as f64;
        let bar_h = plot_h * b.count as f64 / max as f64;
        if b.count > 0 {
            let _ = write!(
                s,
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\">\
                 <title>{}: {}</title></rect>",
                x + slot * 0.12,
                base - bar_h,
                slot * 0.76,
                bar_h,
                escape(&b.label()),
                b.count
            );
            if slot >= 12.0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    x + slot / 2.0,
                    base - bar_h - 2.0,
                    b.count
                );
            }
        }
        if i % every == 0 {
            // A label near the right edge ends there rather than running off the chart.
            let (tx, anchor) = if x + TICK_WIDTH > w {
                (w, "end")
            } else {
                (x + slot * 0.12, "start")
            };
            let _ = write!(
                s,
                "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                base + 15.0,
                escape(&tick(b))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "</svg>");
    let _ = writeln!(
        s,
        "<p class=\"note\">A night runs from noon to the next noon and is named by its evening.</p>\n\
         </section>"
    );
}

fn count_table<'a>(s: &mut String, what: &str, rows: impl Iterator<Item = (&'a str, usize)>) {
    let rows: Vec<_> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "<table><tr><th>{}</th><th>cramps</th></tr>",
        escape(what)
    );
    for (label, n) in rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
            escape(label)
        );
    }
    let _ = writeln!(s, "</table>");
}

fn counts(s: &mut String, r: &Report) {
    let _ = writeln!(s, "<h2>Where and when</h2>");
    if r.cramps.is_empty() {
        let _ = writeln!(s, "<p>No cramps logged in this period.</p>");
        return;
    }
    let _ = writeln!(s, "<div class=\"counts\">");
    count_table(s, "place", r.by_place.iter().map(|(p, n)| (p.label(), *n)));
    count_table(s, "side", r.by_side.iter().map(|(p, n)| (p.label(), *n)));
    count_table(
        s,
        "time of day",
        r.by_day_part.iter().map(|(p, n)| (p.label(), *n)),
    );
    count_table(
        s,
        "situation",
        r.by_situation
            .iter()
            .map(|(p, n)| (situation_label(*p), *n)),
    );
    count_table(
        s,
        "strength",
        r.by_strength.iter().map(|(p, n)| (p.label(), *n)),
    );
    let _ = writeln!(s, "</div>");
    if let Some((at, d)) = r.longest {
        let _ = writeln!(
            s,
            "<p>Longest cramp: {} at {}.</p>",
            format_lasted(d),
            clock(at)
        );
    }
}

fn routines(s: &mut String, r: &Report) {
    let _ = writeln!(s, "<h2>Routines done</h2>");
    if r.routines.is_empty() {
        let _ = writeln!(s, "<p>No routines played in this period.</p>");
    } else {
        tally_table(s, &r.routines, "last played");
    }
    if !r.practised.is_empty() {
        let _ = writeln!(s, "<h2>First aid practised (no cramp)</h2>");
        tally_table(s, &r.practised, "last practised");
    }
}

fn tally_table(s: &mut String, tallies: &[super::report::RoutineTally], last: &str) {
    let _ = writeln!(
        s,
        "<table><tr><th>routine</th><th>completed</th><th>stopped</th><th>{last}</th></tr>"
    );
    for t in tallies {
        let _ = writeln!(
            s,
            "<tr><td>{} <span class=\"note\">({})</span></td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&t.title),
            escape(&t.routine_id),
            t.completed,
            t.stopped,
            clock(t.last)
        );
    }
    let _ = writeln!(s, "</table>");
}

fn entries(s: &mut String, r: &Report) {
    let _ = writeln!(s, "<h2>Entries</h2>");
    if r.cramps.is_empty() {
        let _ = writeln!(s, "<p>No cramps logged in this period.</p>");
        return;
    }
    let _ = writeln!(
        s,
        "<table class=\"entries\"><thead><tr><th>when</th><th>situation</th><th>where</th>\
         <th>side</th><th>strength</th><th>lasted</th><th>what helped</th><th>note</th></tr>\
         </thead><tbody>"
    );
    for c in &r.cramps {
        let e = &c.entry;
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td>\
             <td class=\"text\">{}</td></tr>",
            clock(e.at),
            escape(situation_label(e.situation)),
            escape(e.place.label()),
            escape(e.side.label()),
            escape(e.strength.label()),
            escape(&lasted_label(e.lasted)),
            escape(&e.helped),
            escape(&e.note)
        );
    }
    let _ = writeln!(s, "</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::model::{Cramp, NewCramp, Place, Side, Strength};
    use jiff::civil::date;

    #[test]
    fn escape_covers_markup_quotes_and_ampersands() {
        assert_eq!(
            escape("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("a\u{1b}[31mb"), "a[31mb");
    }

    #[test]
    fn diary_text_is_escaped_and_nothing_is_loaded() {
        let cramp = Cramp {
            id: 1,
            entry: NewCramp {
                at: date(2025, 2, 1).at(2, 0, 0, 0),
                situation: None,
                place: Place::Calf,
                side: Side::Left,
                strength: Strength::Strong,
                lasted: None,
                helped: "walk & \"stretch\"".into(),
                note: "<script>alert(1)</script><img src=x onerror=alert(2)>".into(),
                session: None,
            },
        };
        let r = Report::build(&[cramp], &[], date(2025, 2, 3).at(8, 0, 0, 0), None);
        let html = to_html(&r);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("walk &amp; &quot;stretch&quot;"));
        for remote in ["http://", "https://", "@import", "url("] {
            assert!(!html.contains(remote), "loads {remote}");
        }
        assert!(html.contains("<svg"));
        assert!(html.contains("not a diagnosis"));
    }
}
