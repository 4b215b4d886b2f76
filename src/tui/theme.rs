//! Colours and emphasis. Every state must read without colour (`NO_COLOR`): colour only ever
//! doubles a word, a glyph or a modifier. Night mode is dim and never bright white.

use ratatui::style::{Color, Modifier, Style};

use limber_core::routine::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `false` when `NO_COLOR` is set.
    pub color: bool,
    pub night: bool,
}

impl Theme {
    fn fg(self, day: Color, night: Color) -> Style {
        match (self.color, self.night) {
            (false, false) => Style::new(),
            (false, true) => Style::new().add_modifier(Modifier::DIM),
            (true, false) => Style::new().fg(day),
            (true, true) => Style::new().fg(night),
        }
    }

    /// Body text: the terminal's own colour by day, a mid grey at night.
    pub(crate) fn text(self) -> Style {
        self.fg(Color::Reset, Color::Indexed(246))
    }

    /// Secondary text: hints, labels.
    pub(crate) fn dim(self) -> Style {
        if self.color {
            self.fg(Color::DarkGray, Color::Indexed(240))
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Headings: bold by day; at night, the text grey without bold (bold often means bright).
    pub(crate) fn heading(self) -> Style {
        if self.night {
            self.text()
        } else {
            self.text().add_modifier(Modifier::BOLD)
        }
    }

    /// The step's tone, as a colour.
    pub(crate) fn tone(self, tone: Tone) -> Style {
        let style = match tone {
            Tone::Neutral => self.fg(Color::Cyan, Color::Indexed(66)),
            Tone::Warm => self.fg(Color::LightRed, Color::Indexed(131)),
            Tone::Cool => self.fg(Color::LightBlue, Color::Indexed(67)),
            Tone::Rest => return self.dim(),
            Tone::Alert => self.fg(Color::Yellow, Color::Indexed(136)),
        };
        if self.night {
            style
        } else {
            style.add_modifier(Modifier::BOLD)
        }
    }

    /// Something the person must see: warnings, cautions.
    pub(crate) fn alert(self) -> Style {
        self.tone(Tone::Alert)
    }

    /// A banner: reversed, so it stands out in monochrome too.
    pub(crate) fn banner(self, tone: Tone) -> Style {
        self.tone(tone).add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a list.
    pub(crate) fn selected(self) -> Style {
        if self.color {
            self.text().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Key names in footers.
    pub(crate) fn key(self) -> Style {
        if self.night {
            self.text()
        } else {
            self.text().add_modifier(Modifier::BOLD)
        }
    }

    /// Borders.
    pub(crate) fn border(self) -> Style {
        self.dim()
    }
}

/// The word that says a tone without colour.
pub(crate) fn tone_word(tone: Tone) -> &'static str {
    match tone {
        Tone::Neutral => "",
        Tone::Warm => "WARM",
        Tone::Cool => "COOL",
        Tone::Rest => "REST",
        Tone::Alert => "ALERT",
    }
}
