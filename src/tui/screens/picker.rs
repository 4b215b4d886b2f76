//! The picker: the routines grouped by purpose (first aid at the top), filtered by tag and by
//! typing, with a preview of the selected one; the person's own routines marked, and their files
//! that could not be used listed as broken (Enter shows every problem).
//!
//! ```text
//!  limber · leg-cramp care routines                  tag: all · filter: calf_
//! ╭ Routines (27) ─────────────╮╭ Calf cramp: first aid ────────────────────────╮
//! │First aid: a cramp now      ││ Ease a calf cramp now.                        │
//! │▌Calf cramp: first aid 10m+ ││ Takes about 10m15s+ · first-aid, stretch      │
//! │ Hand cramp: first aid  5m5s││ Caution: …                                    │
//! │Before sleep                ││ Steps                                         │
//! │ My stretch (yours)     5m  ││   1. Breathe  15s                             │
//! │Your files to fix           ││ Source: (article)                             │
//! │ broken.toml        broken  ││                                               │
//! ╰────────────────────────────╯╰ ↓ more below · J ─ limber is not medical advice╯
//!  / filter · Tab tag · Enter start · q quit · ? help · N night
//! ```

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use limber_core::duration::format_duration;
use limber_core::routine::text::{clean_line, clean_text};
use limber_core::routine::{Amount, Routine, SideChoice, Step, StepKind, expand};

use super::Look;
use crate::tui::doctor::NOT_ADVICE;
use crate::tui::field::TextField;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, cut, panel, title_and_status, wrapped_height};

/// What the picker lists: the routines, which of them are the person's own, and their files that
/// could not be used.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub routines: Vec<Routine>,
    /// The person's own routines (their folder, `--routines`): id and the file, as shown.
    pub yours: Vec<(String, String)>,
    /// Their routine files (or folders) that could not be used.
    pub broken: Vec<Broken>,
}

impl From<Vec<Routine>> for Listing {
    fn from(routines: Vec<Routine>) -> Listing {
        Listing {
            routines,
            ..Listing::default()
        }
    }
}

/// A routine file of the person's that could not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Broken {
    /// The file's name in the list (`my-stretch.toml`).
    pub name: String,
    /// The first problem, one line: `path:line:col: message`.
    pub first: String,
    /// Every problem, as `limber check` prints them.
    pub all: String,
    /// How many problems.
    pub count: usize,
}

impl Broken {
    /// A broken file from what was read: each part cleaned for the terminal.
    pub fn new(name: &str, first: &str, all: &str, count: usize) -> Broken {
        Broken {
            name: clean_line(name),
            first: clean_line(first),
            all: clean_text(all),
            count,
        }
    }
}

/// What a row of the list is: a routine or a broken file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Index into [`Picker::catalog`].
    Routine(usize),
    /// Index into [`Picker::broken`].
    Broken(usize),
    /// "Practise first aid": a rehearsal with no cramp (as `p` does).
    Practise,
}

/// A row of the list as drawn: a group's heading, or an item (its position in [`Picker::items`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Group),
    Item(usize),
}

/// The groups of the list, by purpose, in the order they are shown: a routine goes in the first
/// whose tag it has (docs/tags.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    FirstAid,
    ReadAhead,
    Practise,
    Recovery,
    Bedtime,
    Morning,
    Daytime,
    Other,
    Broken,
}

impl Group {
    /// The purpose tags, in the order they are looked for.
    const BY_TAG: [(&'static str, Group); 6] = [
        ("read-ahead", Group::ReadAhead),
        ("first-aid", Group::FirstAid),
        ("recovery", Group::Recovery),
        ("bedtime", Group::Bedtime),
        ("morning", Group::Morning),
        ("daytime", Group::Daytime),
    ];

    fn of(routine: &Routine) -> Group {
        Group::BY_TAG
            .iter()
            .find(|(tag, _)| routine.tags.iter().any(|t| t == tag))
            .map_or(Group::Other, |(_, group)| *group)
    }

    /// The heading over the group.
    pub fn heading(self) -> &'static str {
        match self {
            Group::FirstAid => "First aid: a cramp now",
            Group::ReadAhead => "First aid to read ahead",
            Group::Practise => "Before a cramp comes",
            Group::Recovery => "Once a cramp has passed",
            Group::Bedtime => "Before sleep",
            Group::Morning => "In the morning",
            Group::Daytime => "During the day",
            Group::Other => "More exercises",
            Group::Broken => "Your files to fix",
        }
    }
}

/// The tags in the order docs/tags.md lists them (purpose first); others follow, sorted.
const TAG_ORDER: [&str; 14] = [
    "first-aid",
    "read-ahead",
    "recovery",
    "bedtime",
    "morning",
    "daytime",
    "pregnancy",
    "exercise",
    "stretch",
    "massage",
    "bath",
    "contrast",
    "hand",
    "compression",
];

/// The picker's state: the routines it offers, a filter typed with `/`, a tag, the selected
/// item, the preview's scroll, and a broken file's problems when they are open.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    /// Empty when limber was asked to play one routine and found no others.
    pub catalog: Vec<Routine>,
    /// The person's own routines: id and the file, as shown.
    pub yours: Vec<(String, String)>,
    /// The person's files that could not be used.
    pub broken: Vec<Broken>,
    pub query: TextField,
    pub typing: bool,
    /// Index into [`Picker::tags`]; `None` for all.
    pub tag: Option<usize>,
    /// Position in [`Picker::items`].
    pub selected: usize,
    /// The preview's scroll (J / K).
    pub(crate) detail: Scroll,
    /// A broken file's problems, open over the list (its index in `broken`), and their scroll.
    pub problems: Option<usize>,
    pub(crate) problems_scroll: Scroll,
    /// The list's first row and its area at the last drawing: where the cursor's row is kept
    /// in view, and how far a page goes.
    list_top: Cell<usize>,
    list_area: Cell<Rect>,
}

/// What the picker asks the app for.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Stay,
    /// Open this routine (its setup screen, or at once).
    Open(Box<Routine>),
    Quit,
    /// The diary report.
    Report,
    /// "Practise first aid: for which place?"
    Practise,
}

impl Picker {
    pub fn new(listing: Listing) -> Picker {
        Picker {
            catalog: listing.routines,
            yours: listing.yours,
            broken: listing.broken,
            ..Picker::default()
        }
    }

    /// Which key table applies.
    pub fn mode(&self) -> Mode {
        if self.problems.is_some() {
            Mode::Problems
        } else if self.typing {
            Mode::Filter
        } else {
            Mode::Picker
        }
    }

    /// All tags in the catalog: purpose first, in the order of docs/tags.md, then the others.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for tag in self.catalog.iter().flat_map(|r| r.tags.iter()) {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
        let rank = |t: &str| TAG_ORDER.iter().position(|x| *x == t).unwrap_or(usize::MAX);
        tags.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
        tags
    }

    /// Whether routine `index` is the person's own; the file, as shown.
    pub fn yours(&self, routine: &Routine) -> Option<&str> {
        self.yours
            .iter()
            .find(|(id, _)| *id == routine.id)
            .map(|(_, file)| file.as_str())
    }

    /// What the list shows, in order: with no filter typed, by group (first aid first) and
    /// title; with one, the matches ranked: title matches first, first aid first among them.
    pub fn items(&self) -> Vec<Item> {
        let tags = self.tags();
        let tag = self.tag.and_then(|t| tags.get(t)).copied();
        let query = self.query.value().trim().to_lowercase();
        let has = |s: &str| s.to_lowercase().contains(&query);
        // (missed the title, group, title, item)
        let mut ranked: Vec<(bool, Group, String, Item)> = Vec::new();
        for (i, r) in self.catalog.iter().enumerate() {
            if tag.is_some_and(|t| !r.tags.iter().any(|x| x == t)) {
                continue;
            }
            let titled = has(&r.title) || has(&r.id);
            let found =
                query.is_empty() || titled || has(&r.summary) || r.tags.iter().any(|t| has(t));
            if found {
                let missed = !query.is_empty() && !titled;
                ranked.push((
                    missed,
                    Group::of(r),
                    r.title.to_lowercase(),
                    Item::Routine(i),
                ));
            }
        }
        // The rehearsal of first aid (when there is first aid), under its tag too; found by
        // "practise" / "practice".
        let first_aid = self
            .catalog
            .iter()
            .any(|r| r.tags.iter().any(|t| t == "first-aid"));
        if first_aid
            && tag.is_none_or(|t| t == "first-aid")
            && (query.is_empty()
                || [PRACTISE_TITLE, "practice", "rehearse"]
                    .iter()
                    .any(|w| has(w)))
        {
            ranked.push((false, Group::Practise, String::new(), Item::Practise));
        }
        if tag.is_none() {
            for (i, b) in self.broken.iter().enumerate() {
                if query.is_empty() || has(&b.name) || has(&b.first) {
                    let missed = !query.is_empty() && !has(&b.name);
                    ranked.push((
                        missed,
                        Group::Broken,
                        b.name.to_lowercase(),
                        Item::Broken(i),
                    ));
                }
            }
        }
        ranked.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        ranked.into_iter().map(|(_, _, _, item)| item).collect()
    }

    /// Indices into the catalog of the routines shown, in order.
    pub fn visible(&self) -> Vec<usize> {
        self.items()
            .into_iter()
            .filter_map(|item| match item {
                Item::Routine(i) => Some(i),
                Item::Broken(_) | Item::Practise => None,
            })
            .collect()
    }

    /// The list's rows: each group's heading before its first item (none while a filter is
    /// typed: the matches are ranked, not grouped).
    pub fn rows(&self) -> Vec<Row> {
        let items = self.items();
        let grouped = self.query.value().trim().is_empty();
        let mut rows = Vec::new();
        let mut last = None;
        for (n, item) in items.iter().enumerate() {
            let group = match item {
                Item::Routine(i) => self.catalog.get(*i).map_or(Group::Other, Group::of),
                Item::Broken(_) => Group::Broken,
                Item::Practise => Group::Practise,
            };
            if grouped && last != Some(group) {
                rows.push(Row::Heading(group));
                last = Some(group);
            }
            rows.push(Row::Item(n));
        }
        rows
    }

    /// The item under the cursor.
    pub fn selected_item(&self) -> Option<Item> {
        let items = self.items();
        items
            .get(self.selected.min(items.len().saturating_sub(1)))
            .copied()
    }

    /// Moves the cursor to item `n` (the preview goes back to its top).
    pub fn select(&mut self, n: usize) {
        let last = self.items().len().saturating_sub(1);
        let n = n.min(last);
        if n != self.selected {
            self.detail.reset();
        }
        self.selected = n;
    }

    /// One action from the key table.
    pub(crate) fn handle(&mut self, action: Action) -> Picked {
        if self.problems.is_some() {
            if !self.problems_scroll.handle(action)
                && matches!(action, Action::Back | Action::Choose | Action::Quit)
            {
                self.problems = None;
            }
            return Picked::Stay;
        }
        let count = self.items().len();
        let tags = self.tags().len();
        let page = usize::from(self.list_area.get().height.saturating_sub(1)).max(1);
        let selected = self.selected.min(count.saturating_sub(1));
        match action {
            Action::Up => self.select(selected.saturating_sub(1)),
            Action::Down => self.select(selected + 1),
            Action::PageUp => self.select(selected.saturating_sub(page)),
            Action::PageDown => self.select(selected + page),
            Action::Top => self.select(0),
            Action::Bottom => self.select(count.saturating_sub(1)),
            Action::More => self.detail.down(1),
            Action::Less => self.detail.up(1),
            Action::Filter => self.typing = true,
            Action::Type(_) | Action::Erase | Action::Edit(_) => {
                let before = self.query.value().to_owned();
                self.query.apply(action);
                if self.query != before.as_str() {
                    self.select(0);
                    self.detail.reset();
                }
            }
            Action::Back if self.typing || !self.query.is_empty() || self.tag.is_some() => {
                self.query.clear();
                self.typing = false;
                self.tag = None;
                self.select(0);
                self.detail.reset();
            }
            Action::Back => return Picked::Quit,
            Action::NextTag | Action::PreviousTag if tags > 0 => {
                // None, 0, 1, … tags-1, None …
                let position = self.tag.map_or(0, |t| t + 1);
                let next = if action == Action::NextTag {
                    (position + 1) % (tags + 1)
                } else {
                    (position + tags) % (tags + 1)
                };
                self.tag = next.checked_sub(1);
                self.select(0);
                self.detail.reset();
            }
            Action::Row(row) if row >= count => {}
            // A tap on another routine chooses it; on the one chosen, opens it.
            Action::Row(row) if row != selected => self.select(row),
            Action::Choose | Action::Row(_) => {
                self.typing = false;
                match self.selected_item() {
                    Some(Item::Routine(i)) => {
                        if let Some(routine) = self.catalog.get(i) {
                            return Picked::Open(Box::new(routine.clone()));
                        }
                    }
                    Some(Item::Broken(i)) => {
                        self.problems = Some(i);
                        self.problems_scroll.reset();
                    }
                    Some(Item::Practise) => return Picked::Practise,
                    None => {}
                }
            }
            Action::Report => return Picked::Report,
            _ => {}
        }
        Picked::Stay
    }

    /// The footer's keys.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(self.mode())
    }
}

/// The list's row for a rehearsal of first aid.
pub const PRACTISE_TITLE: &str = "Practise first aid";

/// What the rehearsal row says it is (the words of `limber play ID --practice`).
fn practise_preview(theme: Theme) -> Vec<Line<'static>> {
    [
        "Learn a first-aid routine's movements before a cramp comes, so that at night they \
         are known.",
        "Choose the place (calf, foot, toes, thigh, hand, swimming); its first aid plays as a \
         rehearsal: each step that waits \"until the cramp passes\" becomes a short timed hold \
         (a setting, limber's choice: the articles give no time), with no cramp warning and no \
         offer to log a cramp.",
        "The diary counts it as practice, apart from real cramps.",
    ]
    .into_iter()
    .flat_map(|text| [Line::styled(text, theme.text()), Line::raw("")])
    .chain([Line::from(vec![
        Span::styled("p", theme.key()),
        Span::styled(" in the list does the same.", theme.dim()),
    ])])
    .collect()
}

/// How long a routine takes at its defaults: `5m30s`, with `+` when some steps wait for the
/// person.
pub(crate) fn routine_length(routine: &Routine) -> String {
    match expand(routine, &routine.default_values(), SideChoice::LeftFirst) {
        Ok(plan) => {
            let waits = plan.stages.iter().any(|s| s.waits());
            let total = plan.total_seconds();
            match (total, waits) {
                (0, true) => "your pace".into(),
                (t, true) => format!("{}+", format_duration(t)),
                (t, false) => format_duration(t),
            }
        }
        Err(_) => "?".into(),
    }
}

fn amount(routine: &Routine, amount: &Amount, duration: bool) -> String {
    let value = match amount {
        Amount::Fixed(n) => *n,
        Amount::Param { name, .. } => routine
            .params
            .iter()
            .find(|p| &p.name == name)
            .map_or(1, |p| p.default),
    };
    if duration {
        format_duration(value)
    } else {
        value.to_string()
    }
}

/// One line per step (blocks indent their children): `Pull the toes up  30s × 3, each leg`.
fn step_lines(
    routine: &Routine,
    steps: &[Step],
    depth: usize,
    out: &mut Vec<(usize, String, String)>,
) {
    for step in steps {
        let mut how = match &step.kind {
            StepKind::Timed { duration } => amount(routine, duration, true),
            StepKind::TimedReps { reps, tempo } => format!(
                "{} reps, {} each",
                amount(routine, reps, false),
                amount(routine, tempo, true)
            ),
            StepKind::Reps { reps } => format!("{} reps", amount(routine, reps, false)),
            StepKind::Manual { done_when, .. } => format!(
                "until {}",
                done_when
                    .as_deref()
                    .unwrap_or(limber_core::routine::DONE_WHEN_DEFAULT)
            ),
            StepKind::Block(_) => String::new(),
        };
        let repeat = amount(routine, &step.repeat, false);
        if repeat != "1" {
            how = if how.is_empty() {
                format!("× {repeat}")
            } else {
                format!("{how} × {repeat}")
            };
        }
        if let Some(rest) = &step.rest {
            how.push_str(&format!(", rest {}", amount(routine, rest, true)));
        }
        if step.sides {
            how.push_str(if how.is_empty() {
                "each leg"
            } else {
                ", each leg"
            });
        }
        out.push((depth, step.title.clone(), how));
        if let StepKind::Block(children) = &step.kind {
            step_lines(routine, children, depth + 1, out);
        }
    }
}

fn preview(routine: &Routine, yours: Option<&str>, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(routine.summary.clone(), theme.text())];
    let mut about = vec![Span::styled(
        format!("Takes about {}", routine_length(routine)),
        theme.heading(),
    )];
    if !routine.tags.is_empty() {
        about.push(Span::styled(
            format!(" · {}", routine.tags.join(", ")),
            theme.dim(),
        ));
    }
    lines.push(Line::from(about));
    if !routine.equipment.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Equipment: ", theme.dim()),
            Span::styled(routine.equipment.join(", "), theme.text()),
        ]));
    }
    for caution in &routine.caution {
        lines.push(Line::from(vec![
            Span::styled("Caution: ", theme.alert()),
            Span::styled(caution.clone(), theme.text()),
        ]));
    }
    lines.push(Line::styled("Steps", theme.heading()));
    let mut steps = Vec::new();
    step_lines(routine, &routine.steps, 0, &mut steps);
    for (n, (depth, title, how)) in steps.into_iter().enumerate() {
        let indent = "  ".repeat(depth + 1);
        lines.push(Line::from(vec![
            Span::styled(format!("{indent}{:>2}. ", n + 1), theme.dim()),
            Span::styled(title, theme.text()),
            Span::styled(format!("  {how}"), theme.dim()),
        ]));
    }
    // Where the steps' numbers come from: for choosing, so here and on setup, not on the timer.
    let notes = limber_core::routine::provenance::all_step_notes(routine);
    if !notes.is_empty() {
        lines.push(Line::styled("About the numbers", theme.heading()));
    }
    for (title, note) in notes {
        lines.push(Line::from(vec![
            Span::styled(format!("{title}: "), theme.dim()),
            Span::styled(note, theme.dim()),
        ]));
    }
    if let Some(source) = &routine.source {
        lines.push(Line::from(vec![
            Span::styled("Source: ", theme.dim()),
            // The articles' short labels: their full titles are machine-translated.
            Span::styled(limber_core::advice::article_label(source), theme.dim()),
        ]));
    }
    if let Some(file) = yours {
        lines.push(Line::from(vec![
            Span::styled("Yours: ", theme.dim()),
            Span::styled(file.to_string(), theme.text()),
        ]));
    }
    lines
}

/// A broken file in the preview: its first problem, and how to see the rest.
fn broken_preview(broken: &Broken, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled("This file of yours cannot be used:", theme.alert()),
        Line::styled(broken.first.clone(), theme.text()),
    ];
    let more = match broken.count {
        0 | 1 => "Enter shows the problem in full; `limber check` does too.".to_string(),
        n => format!("Enter shows all {n} problems; `limber check` does too."),
    };
    lines.push(Line::styled(more, theme.dim()));
    lines
}

/// A broken file's problems, over the whole screen.
fn render_problems(frame: &mut Frame, area: Rect, picker: &Picker, broken: &Broken, look: &Look) {
    let theme = look.theme;
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let count = match broken.count {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let (title, status) = title_and_status(
        &format!(" {}", broken.name),
        &format!("{count} "),
        usize::from(head.width),
    );
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(status.chars().count()).unwrap_or(0)),
    ])
    .areas(head);
    frame.render_widget(Paragraph::new(Line::styled(title, theme.heading())), left);
    frame.render_widget(Paragraph::new(Line::styled(status, theme.dim())), right);
    let paragraph = Paragraph::new(
        broken
            .all
            .lines()
            .map(|l| Line::styled(l.to_string(), theme.text()))
            .collect::<Vec<_>>(),
    )
    .wrap(Wrap { trim: false });
    let mut block = panel(Line::styled(" Problems ", theme.heading()), theme);
    let inner = block.inner(body);
    let total = u16::try_from(paragraph.line_count(inner.width)).unwrap_or(u16::MAX);
    let offset = picker.problems_scroll.window(total, inner.height);
    if let Some(marker) = picker.problems_scroll.marker("↓ / PgDn", "↑ / PgUp") {
        block = block.title_bottom(Line::styled(marker, theme.heading()));
    }
    frame.render_widget(paragraph.scroll((offset, 0)).block(block), body);
    look.hits.wheel(inner, Action::Up, Action::Down);
    look.footer(frame, foot, picker.hints());
}

pub fn render(frame: &mut Frame, area: Rect, picker: &Picker, look: &Look) {
    if let Some(broken) = picker.problems.and_then(|i| picker.broken.get(i)) {
        render_problems(frame, area, picker, broken, look);
        return;
    }
    let theme = look.theme;
    // A word from the diary (a cramp logged, or what went wrong) sits above the footer.
    let notice_rows = look.notice.map_or(0, |n| {
        wrapped_height(&n.text, area.width.saturating_sub(2)).min(3)
    });
    let [head, body, notice, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(notice_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(n) = look.notice {
        let style = if n.problem {
            theme.alert()
        } else {
            theme.text()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", n.text), style)).wrap(Wrap { trim: false }),
            notice,
        );
    }

    // Header: name, tag and filter; the filter and tag win the room, the name is cut with "…".
    let tags = picker.tags();
    let tag = picker
        .tag
        .and_then(|t| tags.get(t))
        .copied()
        .unwrap_or("all");
    let mut status = format!("tag: {tag}");
    if picker.typing || !picker.query.is_empty() {
        let query = if picker.typing {
            picker.query.with_bar()
        } else {
            picker.query.to_string()
        };
        status.push_str(&format!("  filter: {query}"));
    }
    let (name, status) = title_and_status(
        " limber · leg-cramp care routines",
        &status,
        usize::from(head.width),
    );
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(status.chars().count()).unwrap_or(0)),
    ])
    .areas(head);
    let (limber, rest) = name.split_at(name.find(" ·").unwrap_or(name.len()));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(limber.to_string(), theme.heading()),
            Span::styled(rest.to_string(), theme.dim()),
        ])),
        left,
    );
    frame.render_widget(
        Paragraph::new(Line::styled(status, theme.heading())).right_aligned(),
        right,
    );

    // Body: the list beside (or above) the preview.
    let wide = body.width >= 70;
    let [list_area, preview_area] = if wide {
        Layout::horizontal([Constraint::Percentage(44), Constraint::Fill(1)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(body)
    };
    render_list(frame, list_area, picker, look);

    // The preview, scrolled with J / K; "limber is not medical advice" on its border, or under
    // its words when the border has no room beside the "more" marker.
    let (title, mut body_lines) = match picker.selected_item() {
        Some(Item::Routine(i)) => match picker.catalog.get(i) {
            Some(routine) => (
                routine.title.clone(),
                preview(routine, picker.yours(routine), theme),
            ),
            None => (String::new(), Vec::new()),
        },
        Some(Item::Broken(i)) => match picker.broken.get(i) {
            Some(broken) => (broken.name.clone(), broken_preview(broken, theme)),
            None => (String::new(), Vec::new()),
        },
        Some(Item::Practise) => (PRACTISE_TITLE.to_string(), practise_preview(theme)),
        None => (String::new(), Vec::new()),
    };
    let advice = format!(" {NOT_ADVICE} ");
    let title = cut(&title, usize::from(preview_area.width.saturating_sub(4)));
    let mut block = panel(Line::styled(format!(" {title} "), theme.heading()), theme);
    let inner = block.inner(preview_area);
    let rows = |lines: &[Line<'static>]| {
        let paragraph = Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false });
        u16::try_from(paragraph.line_count(inner.width)).unwrap_or(u16::MAX)
    };
    // The advice stays on the border when the words fit or the "more" marker has room beside
    // it, in its short form if need be (at 80 columns the preview is 44 wide).
    let room =
        |marker: &str| usize::from(inner.width) > advice.chars().count() + marker.chars().count();
    let fits = rows(&body_lines) <= inner.height;
    let full_marker = room(" ↓ more below · J ");
    let on_border = fits || room(" ↓ more · J ");
    if on_border {
        block = block.title_bottom(Line::styled(advice, theme.alert()).right_aligned());
    } else {
        body_lines.push(Line::styled(NOT_ADVICE, theme.alert()));
    }
    let total = rows(&body_lines);
    let paragraph = Paragraph::new(body_lines).wrap(Wrap { trim: false });
    let offset = picker.detail.window(total, inner.height);
    let marker = if full_marker || !on_border {
        picker.detail.marker("J", "K")
    } else {
        picker.detail.short_marker("J", "K")
    };
    if let Some(marker) = marker {
        block = block.title_bottom(Line::styled(marker, theme.heading()));
    }
    frame.render_widget(paragraph.scroll((offset, 0)).block(block), preview_area);
    look.hits.wheel(inner, Action::Less, Action::More);

    // Footer: keys.
    look.footer(frame, foot, picker.hints());
}

/// The list: group headings, and a row per item (title, how long; the person's own marked; a
/// broken file as broken). The cursor's row is kept in view, with its group's heading when the
/// room allows; each row is recorded as drawn, so a tap on it chooses its item.
fn render_list(frame: &mut Frame, area: Rect, picker: &Picker, look: &Look) {
    let theme = look.theme;
    let items = picker.items();
    let rows = picker.rows();
    let selected = picker.selected.min(items.len().saturating_sub(1));
    let broken = items
        .iter()
        .filter(|i| matches!(i, Item::Broken(_)))
        .count();
    let count = items
        .iter()
        .filter(|i| matches!(i, Item::Routine(_)))
        .count();
    let title = if broken > 0 {
        format!(" Routines ({count} · {broken} to fix) ")
    } else {
        format!(" Routines ({count}) ")
    };
    let block = panel(Line::styled(title, theme.heading()), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height.max(1));
    let width = usize::from(inner.width);

    // Keep the cursor in view, moving as little as possible; show its heading with it.
    let at = rows
        .iter()
        .position(|r| *r == Row::Item(selected))
        .unwrap_or(0);
    let mut top = picker.list_top.get();
    let wanted = if at > 0 && matches!(rows.get(at - 1), Some(Row::Heading(_))) {
        at - 1
    } else {
        at
    };
    if wanted < top {
        top = wanted;
    }
    if at >= top + height {
        top = at + 1 - height;
    }
    top = top.min(rows.len().saturating_sub(height));
    picker.list_top.set(top);
    picker.list_area.set(inner);

    let mut lines = Vec::new();
    if items.is_empty() {
        lines.push(Line::styled("nothing matches", theme.dim()));
        lines.push(Line::styled("Esc clears the filter", theme.dim()));
    }
    for row in rows.iter().skip(top).take(height) {
        let n = match row {
            Row::Heading(group) => {
                lines.push(Line::styled(cut(group.heading(), width), theme.heading()));
                continue;
            }
            Row::Item(n) => *n,
        };
        let (name, mark, length) = match items.get(n) {
            Some(Item::Routine(i)) => match picker.catalog.get(*i) {
                Some(r) => (
                    r.title.clone(),
                    if picker.yours(r).is_some() {
                        " (yours)"
                    } else {
                        ""
                    },
                    routine_length(r),
                ),
                None => continue,
            },
            Some(Item::Broken(i)) => match picker.broken.get(*i) {
                Some(b) => (b.name.clone(), "", "broken".to_string()),
                None => continue,
            },
            Some(Item::Practise) => (PRACTISE_TITLE.to_string(), "", "p".to_string()),
            None => continue,
        };
        // ▌Title (yours)     3m+
        let room = width.saturating_sub(length.chars().count() + 3 + mark.chars().count());
        let title = format!("{}{mark}", cut(&name, room));
        let pad = width.saturating_sub(title.chars().count() + length.chars().count() + 2);
        let text = format!("{title}{}{length} ", " ".repeat(pad));
        let chosen = n == selected;
        let style = if chosen {
            theme.selected()
        } else {
            theme.text()
        };
        let length_style = if matches!(items.get(n), Some(Item::Broken(_))) && !chosen {
            theme.alert()
        } else {
            style
        };
        let (title_part, length_part) = text.split_at(text.len() - length.len() - 1);
        lines.push(Line::from(vec![
            Span::styled(if chosen { "▌" } else { " " }, theme.heading()),
            Span::styled(title_part.to_string(), style),
            Span::styled(length_part.to_string(), length_style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // A tap chooses a routine, a second tap on it opens it; the wheel moves through the list.
    for (y, row) in (inner.y..inner.bottom()).zip(rows.iter().skip(top)) {
        if let Row::Item(n) = row {
            look.hits.tap(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                Action::Row(*n),
            );
        }
    }
    look.hits.wheel(area, Action::Up, Action::Down);
}
