//! Touch and mouse: a tap or a turn of the wheel becomes one of the key table's [`Action`]s, and
//! then goes to [`App::update`](super::App::update) like a key. Nothing else reads the pointer.
//!
//! The screens say where their parts are while they draw: each frame starts with empty [`Hits`]
//! and every screen records the areas it just drew with what a tap (or the wheel) there means.
//! So a tap always means what was on screen where the finger was, at the window's size.
//!
//! ```text
//! tap      the last area recorded under the pointer (a footer over the body): an action, or a
//!          key of the footer, read through the key table in the mode of the moment
//! wheel    the scrolling area under the pointer, else the screen's first (its main text)
//! ```
//!
//! The terminal reports the pointer only while limber asks it to ([`super::term`]); `--no-mouse`
//! or `mouse = false` in the config file leave the terminal's own text selection alone.

use std::cell::RefCell;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::Line;

use super::keys::{self, Action, Key, Mode};

/// The help page's words on touch and the mouse: where, and what it does.
pub(crate) const HELP_TITLE: &str =
    "Touch and mouse (where the terminal reports them; --no-mouse or mouse = false: off)";
pub(crate) const HELP: &[(&str, &str)] = &[
    (
        "tap the timer",
        "as Space: pause / resume; ends a step that waits for you",
    ),
    (
        "tap a word below",
        "presses its key (the line of keys at the bottom)",
    ),
    (
        "tap a row",
        "in the list: chooses it, a second tap opens it; setup and the form: chooses it, ◂ ▸ change it",
    ),
    ("tap a place", "limber cramp: the place, then the leg"),
    ("the wheel", "scrolls the words, or moves through the list"),
];

/// What a tap on an area means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Act(Action),
    /// A key shown in a footer: pressing it.
    Press(Key),
}

/// The areas of the frame last drawn and what a tap or the wheel does there. Drawing writes
/// them (the app is otherwise only read); the next pointer event reads them.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    taps: RefCell<Vec<(Rect, Target)>>,
    /// An area the wheel scrolls: the actions for up and for down.
    wheels: RefCell<Vec<(Rect, Action, Action)>>,
}

impl Hits {
    /// Forgets the last frame's areas (a new frame, or an overlay over everything).
    pub(crate) fn clear(&self) {
        self.taps.borrow_mut().clear();
        self.wheels.borrow_mut().clear();
    }

    /// A tap on `area` asks for `action`.
    pub(crate) fn tap(&self, area: Rect, action: Action) {
        if !area.is_empty() {
            self.taps.borrow_mut().push((area, Target::Act(action)));
        }
    }

    /// The wheel over `area` asks for `up` or `down`.
    pub(crate) fn wheel(&self, area: Rect, up: Action, down: Action) {
        if !area.is_empty() {
            self.wheels.borrow_mut().push((area, up, down));
        }
    }

    /// A footer of keys (`Space pause · → / n next · …`, from
    /// [`footer_from`](super::widgets::footer_from)) drawn in `area`: a tap on a key or its word
    /// presses that key.
    pub(crate) fn footer(&self, line: &Line, area: Rect) {
        let width = u16::try_from(line.width()).unwrap_or(u16::MAX);
        let mut x = match line.alignment {
            Some(Alignment::Center) => area.x + area.width.saturating_sub(width) / 2,
            Some(Alignment::Right) => area.x + area.width.saturating_sub(width),
            _ => area.x,
        };
        let spans = &line.spans;
        let mut i = 0;
        while let Some(span) = spans.get(i) {
            let keys_width = u16::try_from(span.width()).unwrap_or(u16::MAX);
            let first = span.content.split(" / ").next().unwrap_or_default();
            let word = spans.get(i + 1).filter(|w| w.content.starts_with(' '));
            if let (Some(key), Some(word)) = (Key::from_label(first), word) {
                let word_width = u16::try_from(word.width()).unwrap_or(u16::MAX);
                let hit = Rect {
                    x,
                    y: area.y,
                    width: keys_width.saturating_add(word_width),
                    height: 1,
                }
                .intersection(area);
                if !hit.is_empty() {
                    self.taps.borrow_mut().push((hit, Target::Press(key)));
                }
                x = x.saturating_add(keys_width).saturating_add(word_width);
                i += 2;
            } else {
                x = x.saturating_add(keys_width);
                i += 1;
            }
        }
    }

    /// The action a pointer event asks for in `mode`, if any: a tap (left button down) or the
    /// wheel. Moves, drags, releases and other buttons ask for nothing.
    pub(crate) fn action(&self, mode: Mode, event: &MouseEvent) -> Option<Action> {
        let at = Position::new(event.column, event.row);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let target = self
                    .taps
                    .borrow()
                    .iter()
                    .rev()
                    .find(|(area, _)| area.contains(at))
                    .map(|(_, target)| *target)?;
                match target {
                    Target::Act(action) => Some(action),
                    Target::Press(key) => keys::resolve(mode, &key.event()),
                }
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let wheels = self.wheels.borrow();
                let (_, up, down) = wheels
                    .iter()
                    .rev()
                    .find(|(area, ..)| area.contains(at))
                    .or_else(|| wheels.first())?;
                Some(if event.kind == MouseEventKind::ScrollUp {
                    *up
                } else {
                    *down
                })
            }
            _ => None,
        }
    }
}

/// Whether the loop needs to hear of a pointer event at all: taps and the wheel, not moves,
/// drags or releases (which would only wake it).
pub(crate) fn wanted(event: &MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::Down(MouseButton::Left)
            | MouseEventKind::ScrollUp
            | MouseEventKind::ScrollDown
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::Theme;
    use crate::tui::widgets::footer_from;
    use ratatui::crossterm::event::KeyModifiers;

    fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }
    fn tap(column: u16, row: u16) -> MouseEvent {
        at(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    #[test]
    fn a_footer_word_presses_its_key() {
        let hits = Hits::default();
        let line = footer_from(
            keys::hints(Mode::Timer),
            Theme {
                color: true,
                night: false,
            },
            120,
        );
        let area = Rect::new(0, 23, 120, 1);
        hits.footer(&line, area);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let column = |word: &str| {
            let byte = text
                .find(word)
                .unwrap_or_else(|| panic!("{word} in {text}"));
            u16::try_from(text[..byte].chars().count()).unwrap_or(0)
        };
        assert_eq!(
            hits.action(Mode::Timer, &tap(column("pause"), 23)),
            Some(Action::PauseOrDone)
        );
        assert_eq!(
            hits.action(Mode::Timer, &tap(column("Space"), 23)),
            Some(Action::PauseOrDone)
        );
        assert_eq!(
            hits.action(Mode::Timer, &tap(column("next"), 23)),
            Some(Action::Next)
        );
        assert_eq!(
            hits.action(Mode::Timer, &tap(column("quit"), 23)),
            Some(Action::AskQuit)
        );
        // The separators and another row are nothing.
        assert_eq!(hits.action(Mode::Timer, &tap(column("·"), 23)), None);
        assert_eq!(hits.action(Mode::Timer, &tap(column("pause"), 22)), None);
    }

    /// A tap on any footer's word, in every mode, does what the key table says that word does.
    #[test]
    fn every_footer_word_does_what_it_says() {
        use Mode::*;
        for mode in [
            Picker, Filter, Setup, Timer, Confirm, Help, Finish, Form, Report, Where, Leg,
        ] {
            for binding in keys::BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
                let Some(word) = binding.hint else { continue };
                // Shadowed by an earlier row with the same word in this mode: that row's footer.
                let first = keys::BINDINGS
                    .iter()
                    .find(|b| b.modes.contains(&mode) && b.hint == Some(word));
                if first.map(|b| b.action) != Some(binding.action) {
                    continue;
                }
                let hits = Hits::default();
                let line = footer_from(
                    vec![(binding.keys_label(), word)],
                    Theme {
                        color: true,
                        night: false,
                    },
                    200,
                );
                hits.footer(&line, Rect::new(0, 0, 200, 1));
                let column = u16::try_from(line.width()).unwrap_or(0) - 1;
                assert_eq!(
                    hits.action(mode, &tap(column, 0)),
                    Some(binding.action),
                    "{mode:?}: {} {word}",
                    binding.keys_label()
                );
            }
        }
    }

    #[test]
    fn the_last_area_drawn_wins_and_the_wheel_falls_back_to_the_first() {
        let hits = Hits::default();
        hits.tap(Rect::new(0, 0, 80, 24), Action::PauseOrDone);
        hits.tap(Rect::new(0, 23, 10, 1), Action::Help);
        hits.wheel(Rect::new(0, 0, 80, 20), Action::Up, Action::Down);
        hits.wheel(Rect::new(40, 0, 40, 20), Action::Less, Action::More);
        assert_eq!(
            hits.action(Mode::Timer, &tap(5, 5)),
            Some(Action::PauseOrDone)
        );
        assert_eq!(hits.action(Mode::Timer, &tap(5, 23)), Some(Action::Help));
        let wheel = |kind, column, row| hits.action(Mode::Timer, &at(kind, column, row));
        assert_eq!(wheel(MouseEventKind::ScrollDown, 5, 5), Some(Action::Down));
        assert_eq!(wheel(MouseEventKind::ScrollUp, 50, 5), Some(Action::Less));
        assert_eq!(wheel(MouseEventKind::ScrollDown, 5, 22), Some(Action::Down));
        assert_eq!(wheel(MouseEventKind::Moved, 5, 5), None);
        assert_eq!(
            hits.action(
                Mode::Timer,
                &at(MouseEventKind::Up(MouseButton::Left), 5, 5)
            ),
            None
        );
        hits.clear();
        assert_eq!(hits.action(Mode::Timer, &tap(5, 5)), None);
    }
}
