//! The cramp log form: its state, how it takes the key table's actions ([`LogForm::handle`] →
//! [`FormAction`]) and its render. It reads neither the clock nor the terminal, so it is tested
//! on `TestBackend`. The app shows it inside its frame ([`render`]); `limber log` without flags
//! shows it on its own ([`render_log_form`]) with the same keys.
//!
//! ```text
//! ┌ Log a cramp ─────────────────────────────────────────┐
//! │ When         2025-01-06 02:30                        │
//! │ Where      ‹ calf ›                                  │
//! │ Side       ‹ left ›                                  │
//! │ Strength   ‹ strong ›                                │
//! │ Lasted       3m                                      │
//! │ Situation  ‹ at night ›                              │
//! │ What helped  pulled the toes                         │
//! │ Note                                                 │
//! │                                                      │
//! │ (error, if any, wrapped; gone once the field is fixed)│
//! │ Enter save · Tab ↑↓ move · ←→ choose · Esc cancel    │
//! └──────────────────────────────────────────────────────┘
//! ```

use std::time::Duration;

use jiff::civil::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Look;
use super::finish::Finish;
use crate::tui::field::TextField;
use crate::tui::keys::{self, Action, Edit, Mode};
use crate::tui::mouse::Hits;
use crate::tui::widgets::{centered, header, line_rows, restyle, wrapped_height};
use limber_core::diary::model::parse_at;
use limber_core::diary::model::{
    Cramp, NewCramp, Place, Side, Situation, Strength, format_lasted, parse_lasted,
};
use limber_core::routine::SideChoice;
use ratatui::crossterm::event::KeyEvent;

/// Where the log form goes back to in the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Back {
    Picker,
    Report,
    Finish(Finish),
}

/// The cramp log form inside the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    pub form: LogForm,
    pub back: Back,
}

impl Log {
    /// The form offered on the finish screen of a first-aid routine, filled in from it, at
    /// `local` (the wall-clock time now); back to that finish screen.
    pub(crate) fn after_first_aid(finish: &Finish, local: DateTime) -> Log {
        let mut form = LogForm::after_routine(
            local,
            finish.summary.manual,
            finish.session,
            finish.place,
            &finish.title,
        );
        // The cramp was happening when the routine began; the time after the step
        // that waited for it to pass is not part of it.
        form.when = finish
            .started
            .min(local)
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
            .into();
        if finish.summary.manual.is_zero() {
            form.lasted.clear();
        }
        form.side = match finish.sides {
            SideChoice::LeftOnly => Some(Side::Left),
            SideChoice::RightOnly => Some(Side::Right),
            SideChoice::LeftFirst | SideChoice::RightFirst => None,
        };
        // Start where an answer is needed.
        form.focus = if form.place.is_none() {
            Field::Place
        } else if form.side.is_none() {
            Field::Side
        } else {
            Field::Strength
        };
        Log {
            form,
            back: Back::Finish(finish.clone()),
        }
    }
}

/// The form's fields, top to bottom: when, then what describes the cramp, then the optional ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    When,
    Place,
    Side,
    Strength,
    Lasted,
    Situation,
    Helped,
    Note,
}

impl Field {
    pub(crate) const ALL: [Field; 8] = [
        Field::When,
        Field::Place,
        Field::Side,
        Field::Strength,
        Field::Lasted,
        Field::Situation,
        Field::Helped,
        Field::Note,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::When => "When",
            Field::Situation => "Situation",
            Field::Place => "Where",
            Field::Side => "Side",
            Field::Strength => "Strength",
            Field::Lasted => "Lasted",
            Field::Helped => "What helped",
            Field::Note => "Note",
        }
    }

    fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Situation | Field::Place | Field::Side | Field::Strength
        )
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    /// Keep showing the form.
    Continue,
    /// The entry is complete and valid: write it.
    Save(NewCramp),
    /// The user left without saving.
    Cancel,
}

/// The cramp log form's state.
#[derive(Debug, Clone, PartialEq)]
pub struct LogForm {
    pub focus: Field,
    /// When it happened, as typed ("2025-01-06 02:30", "02:30", "now").
    pub when: TextField,
    pub situation: Option<Situation>,
    pub place: Option<Place>,
    pub side: Option<Side>,
    pub strength: Option<Strength>,
    /// How long, as typed ("3m"); empty means not known.
    pub lasted: TextField,
    pub helped: TextField,
    pub note: TextField,
    /// The session this cramp follows, if logged after a routine.
    pub session: Option<i64>,
    /// The entry being corrected, when opened from the diary screen; saving changes it.
    pub editing: Option<i64>,
    /// The last validation problem, shown under the fields, and the field it is about; it goes
    /// once that field is fixed.
    pub error: Option<String>,
    pub error_field: Option<Field>,
    /// The When field's text is selected: typing replaces it, Backspace clears it. So it is
    /// whenever the focus comes to When, as on opening.
    pub when_selected: bool,
    /// The local time the form was opened, for reading "02:30" or "now".
    pub now: DateTime,
}

impl LogForm {
    /// An empty form opened at `now`.
    pub fn new(now: DateTime) -> LogForm {
        LogForm {
            focus: Field::When,
            when: now.strftime("%Y-%m-%d %H:%M").to_string().into(),
            situation: None,
            place: None,
            side: None,
            strength: None,
            lasted: TextField::default(),
            helped: TextField::default(),
            note: TextField::default(),
            session: None,
            editing: None,
            error: None,
            error_field: None,
            when_selected: true,
            now,
        }
    }

    /// The form offered after a first-aid routine: the cramp began `lasted` before `now`
    /// (the time spent in the routine's "until it passes" step), linked to `session`, at
    /// `place` if the routine is for one place, and `routine` noted as what helped.
    pub fn after_routine(
        now: DateTime,
        lasted: Duration,
        session: Option<i64>,
        place: Option<Place>,
        routine: &str,
    ) -> LogForm {
        let began = now
            .checked_sub(jiff::SignedDuration::from_secs(
                i64::try_from(lasted.as_secs()).unwrap_or(0),
            ))
            .unwrap_or(now);
        let mut form = LogForm::new(now);
        form.when = began.strftime("%Y-%m-%d %H:%M").to_string().into();
        form.lasted = format_lasted(lasted).into();
        form.session = session;
        form.place = place;
        form.helped = routine.into();
        form
    }

    /// The form for correcting `cramp`, filled in with what it says.
    pub(crate) fn correcting(now: DateTime, cramp: &Cramp) -> LogForm {
        let e = &cramp.entry;
        let mut form = LogForm::new(now);
        form.when = e.at.strftime("%Y-%m-%d %H:%M").to_string().into();
        form.situation = e.situation;
        form.place = Some(e.place);
        form.side = Some(e.side);
        form.strength = Some(e.strength);
        form.lasted = e.lasted.map(format_lasted).unwrap_or_default().into();
        form.helped = e.helped.as_str().into();
        form.note = e.note.as_str().into();
        form.session = e.session;
        form.editing = Some(cramp.id);
        form
    }

    /// One key, read through the key table as the app reads it (`limber log` shows the form on
    /// its own). Ctrl-C leaves at once, without saving.
    pub fn on_key(&mut self, key: KeyEvent) -> FormAction {
        match keys::resolve(Mode::Form, &key) {
            Some(Action::QuitNow) => FormAction::Cancel,
            Some(action) => self.handle(action),
            None => FormAction::Continue,
        }
    }

    /// One action from the key table (the same table in the app and in `limber log`).
    pub(crate) fn handle(&mut self, action: Action) -> FormAction {
        let choice = self.focus.is_choice();
        match action {
            Action::Back => return FormAction::Cancel,
            Action::Choose | Action::Save => return self.submit(),
            Action::Down => self.move_focus(1),
            Action::Up => self.move_focus(-1),
            // A tap on a field.
            Action::Row(row) => {
                if let Some(field) = Field::ALL.get(row).copied()
                    && field != self.focus
                {
                    self.focus = field;
                    self.when_selected = field == Field::When;
                }
            }
            Action::Less if choice => self.cycle(-1),
            Action::More | Action::Type(' ') if choice => self.cycle(1),
            Action::Type(c) if choice => self.choose_by_letter(c),
            // On a text field ← → move the cursor; every other edit is the field's own.
            Action::Less => self.edit(Action::Edit(Edit::Left)),
            Action::More => self.edit(Action::Edit(Edit::Right)),
            other => self.edit(other),
        }
        self.recheck();
        FormAction::Continue
    }

    /// After a change: the error goes once the field it was about is right (the next problem,
    /// if any, shows at the next save); while still wrong, it says what is wrong now.
    fn recheck(&mut self) {
        let Some(field) = self.error_field else {
            return;
        };
        match self.entry() {
            Err((f, message)) if f == field => self.error = Some(message),
            _ => {
                self.error = None;
                self.error_field = None;
            }
        }
    }

    /// Check the fields; on success the entry, else the first problem is shown and focused.
    pub fn submit(&mut self) -> FormAction {
        match self.entry() {
            Ok(entry) => {
                self.error = None;
                self.error_field = None;
                FormAction::Save(entry)
            }
            Err((field, message)) => {
                self.focus = field;
                self.when_selected = false;
                self.error = Some(message);
                self.error_field = Some(field);
                FormAction::Continue
            }
        }
    }

    /// The entry the form describes, or the first field that is wrong and why.
    pub fn entry(&self) -> Result<NewCramp, (Field, String)> {
        let at = parse_at(self.when.value(), self.now).map_err(|e| (Field::When, e))?;
        let place = self
            .place
            .ok_or((Field::Place, "choose where the cramp was (←→)".to_owned()))?;
        let side = self
            .side
            .ok_or((Field::Side, "choose the side (←→)".to_owned()))?;
        let strength = self
            .strength
            .ok_or((Field::Strength, "choose how strong it was (←→)".to_owned()))?;
        let lasted = if self.lasted.value().trim().is_empty() {
            None
        } else {
            Some(parse_lasted(self.lasted.value()).map_err(|e| (Field::Lasted, e))?)
        };
        Ok(NewCramp {
            at,
            situation: self.situation,
            place,
            side,
            strength,
            lasted,
            helped: self.helped.value().trim().to_owned(),
            note: self.note.value().trim().to_owned(),
            session: self.session,
        })
    }

    fn move_focus(&mut self, by: isize) {
        let n = Field::ALL.len() as isize;
        let i = Field::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0) as isize;
        self.focus = Field::ALL[((i + by).rem_euclid(n)) as usize];
        self.when_selected = self.focus == Field::When;
    }

    fn edit(&mut self, action: Action) {
        if self.focus == Field::When && self.when_selected {
            self.when_selected = false;
            match action {
                // Typing replaces the selected time; erasing clears it.
                Action::Type(_) => self.when.clear(),
                Action::Erase | Action::Edit(Edit::Delete) => {
                    self.when.clear();
                    return;
                }
                _ => {}
            }
        }
        if let Some(text) = self.text_mut() {
            text.apply(action);
        }
    }

    /// The focused text field, if the focus is on one.
    pub(crate) fn text(&self) -> Option<&TextField> {
        match self.focus {
            Field::When => Some(&self.when),
            Field::Lasted => Some(&self.lasted),
            Field::Helped => Some(&self.helped),
            Field::Note => Some(&self.note),
            _ => None,
        }
    }

    fn text_mut(&mut self) -> Option<&mut TextField> {
        match self.focus {
            Field::When => Some(&mut self.when),
            Field::Lasted => Some(&mut self.lasted),
            Field::Helped => Some(&mut self.helped),
            Field::Note => Some(&mut self.note),
            _ => None,
        }
    }

    fn cycle(&mut self, by: isize) {
        fn step<T: Copy + PartialEq>(
            all: &[T],
            cur: Option<T>,
            by: isize,
            none_ok: bool,
        ) -> Option<T> {
            // Positions: 0..len are the values; len is "none" when allowed.
            let len = all.len() as isize + isize::from(none_ok);
            let pos = match cur {
                Some(v) => all.iter().position(|x| *x == v).unwrap_or(0) as isize,
                None if none_ok => all.len() as isize,
                None => {
                    return if by >= 0 {
                        all.first().copied()
                    } else {
                        all.last().copied()
                    };
                }
            };
            let next = (pos + by).rem_euclid(len) as usize;
            all.get(next).copied()
        }
        match self.focus {
            Field::Situation => self.situation = step(Situation::ALL, self.situation, by, true),
            Field::Place => self.place = step(Place::ALL, self.place, by, false),
            Field::Side => self.side = step(Side::ALL, self.side, by, false),
            Field::Strength => self.strength = step(Strength::ALL, self.strength, by, false),
            _ => {}
        }
    }

    /// On a choice field, a letter picks the next option whose label starts with it.
    fn choose_by_letter(&mut self, c: char) {
        fn pick<T: Copy + PartialEq>(
            all: &[T],
            cur: Option<T>,
            label: fn(T) -> &'static str,
            c: char,
        ) -> Option<T> {
            let c = c.to_ascii_lowercase();
            let start = cur
                .and_then(|v| all.iter().position(|x| *x == v))
                .map_or(0, |i| i + 1);
            (0..all.len())
                .map(|k| all[(start + k) % all.len()])
                .find(|v| label(*v).starts_with(c))
                .or(cur)
        }
        match self.focus {
            Field::Situation => {
                let label = |s: Situation| match s {
                    Situation::Night => "night",
                    Situation::AtRest => "rest",
                    Situation::AfterExertion => "exertion",
                };
                self.situation = pick(Situation::ALL, self.situation, label, c);
            }
            Field::Place => {
                let label = |p: Place| match p {
                    Place::ThighFront => "front of thigh",
                    Place::ThighBack => "back of thigh",
                    other => other.label(),
                };
                self.place = pick(Place::ALL, self.place, label, c);
            }
            Field::Side => self.side = pick(Side::ALL, self.side, Side::label, c),
            Field::Strength => {
                self.strength = pick(Strength::ALL, self.strength, Strength::label, c)
            }
            _ => {}
        }
    }

    fn value(&self, field: Field) -> String {
        let choice = |v: Option<&'static str>, none: &str| v.unwrap_or(none).to_owned();
        match field {
            Field::When => self.when.to_string(),
            Field::Situation => choice(self.situation.map(Situation::label), "not said"),
            Field::Place => choice(self.place.map(Place::label), "choose"),
            Field::Side => choice(self.side.map(Side::label), "choose"),
            Field::Strength => choice(self.strength.map(Strength::label), "choose"),
            Field::Lasted => self.lasted.to_string(),
            Field::Helped => self.helped.to_string(),
            Field::Note => self.note.to_string(),
        }
    }
}

/// The keys line under the form.
pub(crate) const FORM_KEYS: &str = "Enter save · Tab ↑↓ move · ←→ choose · Esc cancel";

/// Draw the log form into `area`.
pub fn render_log_form(frame: &mut Frame<'_>, area: Rect, form: &LogForm) {
    draw_form(frame, area, form, &Hits::default());
}

/// Draw the log form into `area`, recording where its fields are in `hits`: a tap on a field
/// focuses it, on the focused choice's ‹ › changes it, on `Enter save` / `Esc cancel` does that;
/// the wheel moves between the fields.
pub(crate) fn draw_form(frame: &mut Frame<'_>, area: Rect, form: &LogForm, hits: &Hits) {
    let title = match form.editing {
        Some(id) => format!(" Correct entry {id} "),
        None => " Log a cramp ".to_owned(),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines: Vec<Line<'_>> = Vec::new();
    for field in Field::ALL {
        let focused = form.focus == field;
        let value = form.value(field);
        let label_style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let value_style = if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(format!("{:<12}", field.label()), label_style)];
        match form.text().filter(|_| focused) {
            // A selected time shows as selected: the next key replaces it.
            Some(_) if field == Field::When && form.when_selected => {
                spans.push(Span::styled("  ", value_style));
                spans.push(Span::styled(
                    value,
                    value_style
                        .remove_modifier(Modifier::REVERSED)
                        .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                ));
            }
            // The focused text field shows its cursor.
            Some(text) => {
                spans.push(Span::styled("  ", value_style));
                spans.extend(text.spans(value_style));
            }
            None if field.is_choice() => {
                spans.push(Span::styled(format!("‹ {value} ›"), value_style));
            }
            None => spans.push(Span::styled(format!("  {value}"), value_style)),
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some(error) = &form.error {
        lines.push(Line::from(error.as_str()).red());
    } else {
        let hint = match form.focus {
            Field::When if form.when_selected => {
                "type to replace it (02:30, yesterday 23:10, now); ←→ to edit it"
            }
            Field::When => "e.g. 02:30, yesterday 23:10, 2025-01-06 02:30, now",
            Field::Lasted => "e.g. 3m, 90s, 1m30s; leave empty if not known",
            Field::Situation => "at night, at rest, or after exertion",
            Field::Place | Field::Side | Field::Strength => "←→ or the first letter",
            Field::Helped | Field::Note => "free text",
        };
        lines.push(Line::from(hint).dim());
    }
    lines.push(Line::from(FORM_KEYS).dim());
    record_form(inner, &lines, form, hits);
    // A long error wraps rather than running off the form.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The taps and the wheel of the form drawn in `inner` (see [`draw_form`]).
fn record_form(inner: Rect, lines: &[Line], form: &LogForm, hits: &Hits) {
    hits.wheel(inner, Action::Up, Action::Down);
    let mut y = inner.y;
    let last = lines.len().saturating_sub(1);
    for (n, line) in lines.iter().enumerate() {
        let rows = line_rows(line, inner.width, false);
        let area = Rect {
            y,
            height: rows,
            ..inner
        }
        .intersection(inner);
        if let Some(field) = Field::ALL.get(n).copied() {
            hits.tap(area, Action::Row(n));
            // The focused choice's ‹ and ›, on its first row.
            if field == form.focus && field.is_choice() && !area.is_empty() {
                let label = line.spans.first().map_or(0, Span::width);
                let choice = line.spans.get(1).map_or(0, Span::width);
                let x = inner
                    .x
                    .saturating_add(u16::try_from(label).unwrap_or(u16::MAX));
                if label + choice <= usize::from(inner.width) && choice >= 4 {
                    let end = x.saturating_add(u16::try_from(choice).unwrap_or(0));
                    let row = Rect {
                        x,
                        y: area.y,
                        width: 2,
                        height: 1,
                    };
                    hits.tap(row, Action::Less);
                    hits.tap(Rect { x: end - 2, ..row }, Action::More);
                }
            }
        } else if n == last && rows == 1 && !area.is_empty() {
            // The keys line: its Enter and Esc.
            for (words, action) in [("Enter save", Action::Choose), ("Esc cancel", Action::Back)] {
                if let Some(byte) = FORM_KEYS.find(words) {
                    let x = u16::try_from(FORM_KEYS[..byte].chars().count()).unwrap_or(u16::MAX);
                    let width = u16::try_from(words.chars().count()).unwrap_or(0);
                    hits.tap(
                        Rect {
                            x: inner.x.saturating_add(x),
                            width,
                            ..area
                        }
                        .intersection(area),
                        action,
                    );
                }
            }
        }
        y = y.saturating_add(rows);
    }
}

/// The form in the app: centred under a header, with what the diary said under it.
pub fn render(frame: &mut Frame, area: Rect, log: &Log, look: &Look) {
    let theme = look.theme;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let title = match (&log.back, log.form.editing) {
        (_, Some(_)) => "correct an entry",
        (Back::Finish(_), None) => "log the cramp you just eased",
        _ => "log a cramp",
    };
    header(frame, head, title, theme);
    let width = body.width.min(72);
    let rows = look.notice_rows(width);
    // Fields, hint and keys in 13 rows, and room for an error that wraps.
    let error_rows = log
        .form
        .error
        .as_deref()
        .map_or(1, |e| wrapped_height(e, width.saturating_sub(2)));
    let [_, form_area, note_area, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(12 + error_rows),
        Constraint::Length(rows),
        Constraint::Fill(1),
    ])
    .areas(body);
    let form_area = centered(form_area, width, form_area.height);
    draw_form(frame, form_area, &log.form, look.hits);
    restyle(frame, form_area, theme);
    look.render_notice(frame, centered(note_area, width, rows));
}
