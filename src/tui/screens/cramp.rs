//! Cramp now (`limber cramp`, `c` in the list): "Where is the cramp?" (one key per place), then
//! "Which leg?" (l / r, Enter for not sure); the place's first-aid routine then starts at once.
//! The routine's cautions then stand at the top of its first step (not on a screen to get past).
//!
//! ```text
//!                         Where is the cramp?
//!
//!                  c  calf              h  hand
//!                  f  foot              s  while swimming
//!                  t  toes
//!                  a  front of the thigh
//!                  b  back of the thigh
//!
//!  Esc back · ? help · N night   (the places list their own keys)
//! ```

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use limber_core::diary::Place;
use limber_core::routine::{Routine, SideChoice};

use super::Look;
use crate::tui::keys::{self, Action, Mode, Spot};
use crate::tui::widgets::line_rows;

impl Spot {
    /// Every place, in the order the screen lists them.
    pub(crate) const ALL: [Spot; 7] = [
        Spot::Calf,
        Spot::Foot,
        Spot::Toes,
        Spot::ThighFront,
        Spot::ThighBack,
        Spot::Hand,
        Spot::Swimming,
    ];

    /// The bundled first-aid routine for the place. A foot has none of its own: the toes'
    /// routine is the foot's (it massages and circles the whole foot).
    pub(crate) fn routine_id(self) -> &'static str {
        match self {
            Spot::Calf => "first-aid-calf",
            Spot::Foot | Spot::Toes => "first-aid-toes",
            Spot::ThighFront => "first-aid-thigh-front",
            Spot::ThighBack => "first-aid-thigh-back",
            Spot::Hand => "first-aid-hand",
            Spot::Swimming => "first-aid-swimming",
        }
    }

    /// How the screen names it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Spot::Calf => "calf",
            Spot::Foot => "foot",
            Spot::Toes => "toes",
            Spot::ThighFront => "front of the thigh",
            Spot::ThighBack => "back of the thigh",
            Spot::Hand => "hand",
            Spot::Swimming => "while swimming",
        }
    }

    /// Where the diary puts a cramp eased from here: the place chosen, not the routine's own
    /// (a foot's first aid is the toes' routine, but the cramp was in the foot).
    pub(crate) fn place(self) -> Option<Place> {
        match self {
            Spot::Calf => Some(Place::Calf),
            Spot::Foot => Some(Place::Foot),
            Spot::Toes => Some(Place::Toes),
            Spot::ThighFront => Some(Place::ThighFront),
            Spot::ThighBack => Some(Place::ThighBack),
            Spot::Hand => Some(Place::Hand),
            // In the water it could be any of them: the log form asks.
            Spot::Swimming => None,
        }
    }

    /// Whether "which leg?" makes sense (a hand is not a leg; in the water there is no time).
    pub(crate) fn is_leg(self) -> bool {
        !matches!(self, Spot::Hand | Spot::Swimming)
    }
}

/// The cramp screen: the place asked first, then the leg.
#[derive(Debug, Clone, PartialEq)]
pub struct Cramp {
    /// The routines found (the catalog), to take the place's first aid from.
    pub leg_for: Option<(Spot, Box<Routine>)>,
    /// A place whose routine is not in the catalog (a routines folder replaced it).
    pub missing: Option<Spot>,
    /// Practising first aid with no cramp (`p` in the list, `limber cramp --practice`).
    pub practice: bool,
}

/// What a key on the screen asks the app for.
#[derive(Debug, Clone, PartialEq)]
pub enum Asked {
    Stay,
    /// Start this routine now, for these legs, for a cramp at this place.
    Start(Box<Routine>, SideChoice, Spot),
    Back,
}

impl Cramp {
    pub fn new() -> Self {
        Cramp {
            leg_for: None,
            missing: None,
            practice: false,
        }
    }

    /// The same questions, to practise a place's first aid with no cramp.
    pub fn practising() -> Self {
        Cramp {
            practice: true,
            ..Cramp::new()
        }
    }

    /// Which key table applies.
    pub fn mode(&self) -> Mode {
        if self.leg_for.is_some() {
            Mode::Leg
        } else {
            Mode::Where
        }
    }

    /// One action; `catalog` holds the routines to start.
    pub(crate) fn handle(&mut self, action: Action, catalog: &[Routine]) -> Asked {
        if let Some((spot, routine)) = &self.leg_for {
            let sides = match action {
                Action::Leg(Some(left)) if left => SideChoice::LeftOnly,
                Action::Leg(Some(_)) => SideChoice::RightOnly,
                Action::Leg(None) => SideChoice::default(),
                Action::Back => {
                    self.leg_for = None;
                    return Asked::Stay;
                }
                _ => return Asked::Stay,
            };
            return Asked::Start(routine.clone(), sides, *spot);
        }
        match action {
            Action::Spot(spot) => {
                let Some(routine) = catalog.iter().find(|r| r.id == spot.routine_id()) else {
                    self.missing = Some(spot);
                    return Asked::Stay;
                };
                self.missing = None;
                if spot.is_leg() {
                    self.leg_for = Some((spot, Box::new(routine.clone())));
                    Asked::Stay
                } else {
                    Asked::Start(Box::new(routine.clone()), SideChoice::default(), spot)
                }
            }
            Action::Back => Asked::Back,
            _ => Asked::Stay,
        }
    }

    /// The keys its footer offers.
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        keys::hints(self.mode())
    }
}

impl Default for Cramp {
    fn default() -> Self {
        Self::new()
    }
}

pub fn render(frame: &mut Frame, area: Rect, cramp: &Cramp, look: &Look) {
    let theme = look.theme;
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let mut lines = vec![Line::raw("")];
    // Which lines a tap chooses from: a place, or the legs' keys.
    let mut places: Vec<(usize, Spot)> = Vec::new();
    let mut legs: Option<usize> = None;
    match &cramp.leg_for {
        None => {
            let question = if cramp.practice {
                "Practise first aid (no cramp now): for which place?"
            } else {
                "Where is the cramp?"
            };
            lines.push(Line::styled(question, theme.heading()).centered());
            lines.push(Line::raw(""));
            for spot in Spot::ALL {
                let key = keys::spot_key(spot).map(|k| k.label()).unwrap_or_default();
                places.push((lines.len(), spot));
                lines.push(Line::from(vec![
                    Span::styled(format!("{key:>3}  "), theme.key()),
                    Span::styled(spot.label(), theme.text()),
                ]));
            }
            if let Some(spot) = cramp.missing {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    format!(
                        "No routine {} is found for the {}: `limber list --tag first-aid` shows the others.",
                        spot.routine_id(),
                        spot.label()
                    ),
                    theme.alert(),
                ));
            }
        }
        Some((spot, routine)) => {
            lines.push(
                Line::styled(format!("Which leg? ({})", spot.label()), theme.heading()).centered(),
            );
            legs = Some(lines.len());
            lines.push(
                Line::from(vec![
                    Span::styled("l", theme.key()),
                    Span::styled(" left · ", theme.text()),
                    Span::styled("r", theme.key()),
                    Span::styled(" right · ", theme.text()),
                    Span::styled("Enter", theme.key()),
                    Span::styled(" not sure", theme.text()),
                ])
                .centered(),
            );
            lines.push(Line::raw(""));
            lines.push(Line::styled(routine.title.clone(), theme.text()).centered());
        }
    }
    let width = body.width.min(76);
    let x = body.x + (body.width - width) / 2;
    let column = Rect { x, width, ..body };
    // A tap on a place chooses it; on a leg's key or word, that leg.
    let mut y = column.y;
    for (n, line) in lines.iter().enumerate() {
        let rows = line_rows(line, column.width, true);
        let row = Rect {
            y,
            height: rows,
            ..column
        }
        .intersection(column);
        if let Some((_, spot)) = places.iter().find(|(at, _)| *at == n) {
            look.hits.tap(row, Action::Spot(*spot));
        } else if legs == Some(n) && rows == 1 {
            look.hits.footer(line, row);
        }
        y = y.saturating_add(rows);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Left)
            .wrap(Wrap { trim: true }),
        column,
    );
    look.footer(frame, foot, cramp.hints());
}
