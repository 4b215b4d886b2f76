//! The config file, `config.toml` in limber's config folder (`~/.config/limber/` on Linux): volume,
//! night mode (on, off, or auto by the clock), mouse, voice. A file that cannot be read or is
//! wrong is reported with file:line:col, like a routine, and the defaults are used instead: limber
//! always starts (first aid must always open).

use limber_core::routine::text::shown_path;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::{DateTime, Time};
use limber_core::routine::remember::NightChoice;
use serde::Deserialize;
use toml::Spanned;

use limber_core::routine::diag::Diagnostic;

/// When night mode is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Night {
    On,
    Off,
    /// On from `from` until `to` (across midnight when `from` is later than `to`).
    Auto {
        from: Time,
        to: Time,
    },
}

/// The settings in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Cue volume 0-100; `None`: the remembered one, else the default.
    pub volume: Option<u8>,
    pub night: Night,
    pub mouse: bool,
    pub voice: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            volume: None,
            night: {
                let (from, to) = default_hours();
                Night::Auto { from, to }
            },
            mouse: true,
            voice: false,
        }
    }
}

impl Night {
    /// Whether night mode is on at this time of day.
    pub(crate) fn at(self, time: Time) -> bool {
        match self {
            Night::On => true,
            Night::Off => false,
            Night::Auto { from, to } if from <= to => from <= time && time < to,
            Night::Auto { from, to } => time >= from || time < to,
        }
    }

    /// Whether night mode is on at `now`, given the last toggle (`N`) remembered from an earlier
    /// run. `on` and `off` from the config file always win. With `auto`, the last toggle holds
    /// until the clock next reaches the start or the end of the night hours after it was pressed
    /// (turned off at 22:10, it stays off until 07:00; the next evening the clock decides again);
    /// with no toggle, or one from before that, the clock decides.
    pub(crate) fn now(self, last: Option<NightChoice>, now: DateTime) -> bool {
        match (self, last) {
            (Night::Auto { from, to }, Some(last))
                if last.at <= now && now < next_change(last.at, from, to) =>
            {
                last.on
            }
            _ => self.at(now.time()),
        }
    }

    /// Until when the last toggle holds (see [`Night::now`]), if it still does.
    pub(crate) fn toggle_holds(self, last: Option<NightChoice>, now: DateTime) -> Option<Time> {
        let (Night::Auto { from, to }, Some(last)) = (self, last) else {
            return None;
        };
        let until = next_change(last.at, from, to);
        (last.at <= now && now < until).then(|| until.time())
    }

    fn describe(self) -> String {
        match self {
            Night::On => "on".into(),
            Night::Off => "off".into(),
            Night::Auto { from, to } => format!(
                "auto (on from {} to {})",
                from.strftime("%H:%M"),
                to.strftime("%H:%M")
            ),
        }
    }
}

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    volume: Option<Spanned<i64>>,
    night: Option<Spanned<String>>,
    night_from: Option<Spanned<String>>,
    night_to: Option<Spanned<String>>,
    mouse: Option<bool>,
    voice: Option<bool>,
}

/// `config.toml` in limber's config folder, if the system has one.
pub(crate) fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "limber").map(|d| d.config_dir().join("config.toml"))
}

/// The settings from the config file, and what was wrong with it (file:line:col), if anything.
/// A missing file is the defaults, with nothing to say.
pub fn load() -> (Config, Option<String>) {
    match path() {
        Some(path) => load_from(&path),
        None => (Config::default(), None),
    }
}

/// The settings from `path` (see [`load`]).
pub(crate) fn load_from(path: &Path) -> (Config, Option<String>) {
    let text = match crate::io_reason::read_small_text(path, crate::io_reason::MAX_SETTINGS_BYTES) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => {
            return (
                Config::default(),
                Some(format!(
                    "{}: cannot be read ({}); using the defaults",
                    shown_path(path),
                    crate::io_reason::io_reason(&e)
                )),
            );
        }
    };
    match parse(&text) {
        Ok(config) => (config, None),
        Err(diag) => (
            Config::default(),
            Some(format!(
                "{}\n(the config file is ignored: limber uses the defaults)",
                diag.render(&shown_path(path), &text).trim_end()
            )),
        ),
    }
}

/// Reads a config file's text.
///
/// # Errors
/// The first mistake, with where it is.
pub(crate) fn parse(text: &str) -> Result<Config, Diagnostic> {
    let raw: Raw =
        toml::from_str(text).map_err(|e| Diagnostic::new(e.message().to_string(), e.span()))?;
    let mut config = Config::default();
    if let Some(volume) = raw.volume {
        let span = volume.span();
        config.volume = Some(
            u8::try_from(*volume.get_ref())
                .ok()
                .filter(|v| *v <= 100)
                .ok_or_else(|| Diagnostic::new("volume is 0 to 100", Some(span)))?,
        );
    }
    let (mut from, mut to) = default_hours();
    if let Some(t) = &raw.night_from {
        from = time(t.get_ref(), t.span())?;
    }
    if let Some(t) = &raw.night_to {
        to = time(t.get_ref(), t.span())?;
    }
    config.night = match raw.night.as_ref().map(|n| (n.get_ref().as_str(), n.span())) {
        None | Some(("auto", _)) => Night::Auto { from, to },
        Some(("on", _)) => Night::On,
        Some(("off", _)) => Night::Off,
        Some((_, span)) => {
            return Err(Diagnostic::new(
                "night is \"on\", \"off\" or \"auto\"",
                Some(span),
            ));
        }
    };
    if let Some(mouse) = raw.mouse {
        config.mouse = mouse;
    }
    if let Some(voice) = raw.voice {
        config.voice = voice;
    }
    Ok(config)
}

/// The first moment after `after` when the clock reaches `from` or `to`.
fn next_change(after: DateTime, from: Time, to: Time) -> DateTime {
    let today = after.date();
    let tomorrow = today.tomorrow().unwrap_or(today);
    [today, tomorrow]
        .into_iter()
        .flat_map(|day| [day.to_datetime(from), day.to_datetime(to)])
        .filter(|t| *t > after)
        .min()
        .unwrap_or(DateTime::MAX)
}

/// Night mode's hours unless the file says otherwise: 21:00 to 07:00.
fn default_hours() -> (Time, Time) {
    (Time::constant(21, 0, 0, 0), Time::constant(7, 0, 0, 0))
}

fn time(text: &str, span: Range<usize>) -> Result<Time, Diagnostic> {
    Time::strptime("%H:%M", text)
        .map_err(|_| Diagnostic::new("a time of day is written HH:MM, e.g. \"21:00\"", Some(span)))
}

/// What `limber config` prints: the file and the values in force.
pub(crate) fn describe(path: Option<&Path>, config: &Config) -> String {
    let file = path.map_or_else(
        || "(this system has no config folder)".to_string(),
        shown_path,
    );
    let volume = config.volume.map_or_else(
        || "the remembered one, else the default".into(),
        |v| v.to_string(),
    );
    format!(
        "file    {file}\nvolume  {volume}\nnight   {}\nmouse   {}\nvoice   {}\n",
        config.night.describe(),
        if config.mouse {
            "on (taps and the wheel; --no-mouse leaves them to the terminal)"
        } else {
            "off (the terminal's own text selection)"
        },
        if config.voice { "on" } else { "off" },
    )
}

/// `limber config`'s line on night mode now: on or off, and why (the file, the last toggle and
/// until when it holds, or the clock).
pub(crate) fn describe_now(night: Night, last: Option<NightChoice>, now: DateTime) -> String {
    let on = if night.now(last, now) { "on" } else { "off" };
    let why = match (night, night.toggle_holds(last, now)) {
        (Night::On | Night::Off, _) => "as the file says".to_string(),
        (_, Some(until)) => format!(
            "as N left it; the clock decides again at {}",
            until.strftime("%H:%M")
        ),
        _ => "by the clock".to_string(),
    };
    format!("        now {on}, {why}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse("").ok(), Some(Config::default()));
        let config = parse("volume = 40\nnight = \"on\"\nmouse = false\nvoice = true\n")
            .unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(config.volume, Some(40));
        assert_eq!(config.night, Night::On);
        assert!(!config.mouse && config.voice);
    }

    #[test]
    fn auto_night_crosses_midnight() {
        let night = Config::default().night;
        assert!(night.at(Time::constant(23, 0, 0, 0)));
        assert!(night.at(Time::constant(3, 0, 0, 0)));
        assert!(!night.at(Time::constant(7, 0, 0, 0)));
        assert!(!night.at(Time::constant(12, 0, 0, 0)));
        let day = parse("night_from = \"08:00\"\nnight_to = \"09:00\"\n")
            .unwrap_or_else(|d| panic!("{}", d.message));
        assert!(day.night.at(Time::constant(8, 30, 0, 0)));
    }

    fn at(h: i8, m: i8) -> DateTime {
        jiff::civil::date(2026, 12, 1).at(h, m, 0, 0)
    }

    #[test]
    fn a_toggle_holds_until_the_clock_next_changes_night_mode() {
        let auto = Config::default().night;
        // Turned off at 22:10: off through the night, until 07:00.
        let off = Some(NightChoice {
            on: false,
            at: at(22, 10),
        });
        assert!(auto.now(None, at(23, 0)), "by the clock: on");
        assert!(!auto.now(off, at(23, 0)));
        let next_morning = at(6, 59).checked_add(jiff::Span::new().days(1)).ok();
        let next_morning = next_morning.unwrap_or_else(|| panic!("a date"));
        assert!(!auto.now(off, next_morning));
        assert_eq!(
            auto.toggle_holds(off, at(23, 0)),
            Some(Time::constant(7, 0, 0, 0))
        );
        // The next evening the clock decides again.
        let next_evening = at(22, 0).checked_add(jiff::Span::new().days(1)).ok();
        let next_evening = next_evening.unwrap_or_else(|| panic!("a date"));
        assert!(auto.now(off, next_evening));
        assert_eq!(auto.toggle_holds(off, next_evening), None);
        // Turned on at 19:00: on until 21:00, where the clock agrees until 07:00.
        let on = Some(NightChoice {
            on: true,
            at: at(19, 0),
        });
        assert!(auto.now(on, at(20, 0)));
        assert!(!auto.now(None, at(20, 0)));
        assert!(
            !auto.now(on, at(12, 0)),
            "a toggle from the future is ignored"
        );
        // The config file's on and off always win.
        assert!(!Night::Off.now(on, at(20, 0)));
        assert!(Night::On.now(off, at(23, 0)));
    }

    #[test]
    fn mistakes_say_where() {
        let text = "volume = 40\nnight = \"sometimes\"\n";
        let diag = parse(text).err().unwrap_or_else(|| panic!("an error"));
        assert_eq!(diag.position(text), Some((2, 9)));
        let text = "volume = 400\n";
        let diag = parse(text).err().unwrap_or_else(|| panic!("an error"));
        assert_eq!(diag.position(text), Some((1, 10)));
        assert!(parse("colour = 1\n").is_err());
    }
}
