//! One text field, the same everywhere a person types (the log form's fields, the picker's
//! filter, a value typed in setup): the line editing of tui-input, driven by the key table's
//! actions, so Ctrl-U, Ctrl-W, Ctrl-A / Ctrl-E, Home / End, Delete and ← → do the same in each.

use std::fmt;

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use tui_input::{Input, InputRequest};

use super::keys::{Action, Edit};

/// The most a field holds, in characters: as long as the longest note `limber log --note`
/// takes. A paste or a held key beyond it is not kept, so no typing grows memory without bound.
pub(crate) const MAX_FIELD_CHARS: usize = limber_core::routine::MAX_TEXT_CHARS;

/// A line of text with a cursor.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
}

impl TextField {
    pub fn new(text: impl Into<String>) -> TextField {
        TextField {
            input: Input::new(text.into()),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    pub fn len(&self) -> usize {
        self.value().len()
    }

    pub(crate) fn clear(&mut self) {
        self.input.reset();
    }

    /// Characters before the cursor.
    pub(crate) fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// Applies a typing or editing action; `false` for any other action (left to the screen).
    pub(crate) fn apply(&mut self, action: Action) -> bool {
        let request = match action {
            Action::Type(_) if self.value().chars().count() >= MAX_FIELD_CHARS => return true,
            Action::Type(c) => InputRequest::InsertChar(c),
            Action::Erase => InputRequest::DeletePrevChar,
            Action::Edit(edit) => match edit {
                Edit::Left => InputRequest::GoToPrevChar,
                Edit::Right => InputRequest::GoToNextChar,
                Edit::Start => InputRequest::GoToStart,
                Edit::End => InputRequest::GoToEnd,
                Edit::Delete => InputRequest::DeleteNextChar,
                Edit::EraseWord => InputRequest::DeletePrevWord,
                Edit::EraseToStart => InputRequest::DeleteFromStart,
                Edit::EraseToEnd => InputRequest::DeleteTillEnd,
            },
            _ => return false,
        };
        self.input.handle(request);
        true
    }

    /// The text with a thin bar where the cursor stands: `cal▏f`.
    pub(crate) fn with_bar(&self) -> String {
        let value = self.value();
        let at = value
            .char_indices()
            .nth(self.cursor())
            .map_or(value.len(), |(i, _)| i);
        format!("{}▏{}", &value[..at], &value[at..])
    }

    /// The text with its cursor for a focused field: `text_` with the cursor at the end, else the
    /// character under the cursor shown the other way round from `style`.
    pub(crate) fn spans(&self, style: Style) -> Vec<Span<'static>> {
        let value = self.value();
        let at = value
            .char_indices()
            .nth(self.cursor())
            .map_or(value.len(), |(i, _)| i);
        let (before, rest) = value.split_at(at);
        let mut chars = rest.chars();
        let Some(under) = chars.next() else {
            return vec![Span::styled(format!("{value}_"), style)];
        };
        let flipped = if style.add_modifier.contains(Modifier::REVERSED) {
            style.remove_modifier(Modifier::REVERSED)
        } else {
            style.add_modifier(Modifier::REVERSED)
        };
        vec![
            Span::styled(before.to_owned(), style),
            Span::styled(under.to_string(), flipped),
            Span::styled(chars.as_str().to_owned(), style),
        ]
    }
}

impl From<&str> for TextField {
    fn from(text: &str) -> TextField {
        TextField::new(text)
    }
}

impl From<String> for TextField {
    fn from(text: String) -> TextField {
        TextField::new(text)
    }
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.value())
    }
}

/// Fields are equal when their text is; where the cursor stands does not matter.
impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.value() == other.value()
    }
}

impl Eq for TextField {}

impl PartialEq<str> for TextField {
    fn eq(&self, other: &str) -> bool {
        self.value() == other
    }
}

impl PartialEq<&str> for TextField {
    fn eq(&self, other: &&str) -> bool {
        self.value() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextField {
        let mut field = TextField::default();
        for c in text.chars() {
            field.apply(Action::Type(c));
        }
        field
    }

    #[test]
    fn a_field_holds_at_most_its_limit() {
        let mut field = typed(&"a".repeat(MAX_FIELD_CHARS + 50));
        assert_eq!(field.value().chars().count(), MAX_FIELD_CHARS);
        // Typing past the end is taken (not left to the screen as a key) but not kept.
        assert!(field.apply(Action::Type('b')));
        assert!(!field.value().contains('b'));
        // Room made, typing works again.
        field.apply(Action::Erase);
        field.apply(Action::Type('é'));
        assert!(field.value().ends_with('é'));
        assert_eq!(field.value().chars().count(), MAX_FIELD_CHARS);
    }

    #[test]
    fn line_editing_as_in_a_shell() {
        let mut field = typed("pulled the toes");
        field.apply(Action::Edit(Edit::EraseWord));
        assert_eq!(field, "pulled the ");
        field.apply(Action::Edit(Edit::Start));
        field.apply(Action::Edit(Edit::Delete));
        assert_eq!(field, "ulled the ");
        field.apply(Action::Type('p'));
        field.apply(Action::Edit(Edit::End));
        field.apply(Action::Type('x'));
        assert_eq!(field, "pulled the x");
        field.apply(Action::Edit(Edit::Left));
        field.apply(Action::Edit(Edit::EraseToStart));
        assert_eq!(field, "x");
        field.apply(Action::Edit(Edit::EraseToEnd));
        assert_eq!(field, "");
        assert!(!field.apply(Action::Choose), "not an editing action");
    }

    #[test]
    fn the_cursor_shows_where_it_stands() {
        let mut field = typed("3m");
        let text = |f: &TextField| -> String {
            f.spans(Style::new())
                .iter()
                .map(|s| s.content.to_string())
                .collect()
        };
        assert_eq!(text(&field), "3m_");
        field.apply(Action::Edit(Edit::Left));
        assert_eq!(text(&field), "3m");
        let spans = field.spans(Style::new());
        assert_eq!(spans[1].content, "m");
        assert!(spans[1].style.add_modifier.contains(Modifier::REVERSED));
    }
}
