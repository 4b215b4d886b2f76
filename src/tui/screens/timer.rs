//! The timer: what to do now, big enough to read from a metre away.
//!
//! ```text
//! ╭ Night calf stretch ──────────────────────────── muted · step 3 of 12 ╮
//!   (or "no sound" for no device, with the reason when it fits; ? help says it in full)
//! │                     WARM · LEFT LEG · rep 4 / 10 · round 2 / 3           │
//! │                                                                          │
//! │               ██████        ██    ██████    ██████                       │
//! │               ██  ██   ██   ██    ██        ██  ██     (big digits,      │
//! │               ██  ██        ██    ██████    ██████      8 or 4 rows)     │
//! │               ██████   ██   ██        ██        ██                       │
//! │                                                                          │
//! │                           Pull the toes up                               │
//! │          Hold the towel in both hands and pull the toes towards you.     │
//! │                           water: about 40 °C                             │
//! │  ! WARNING banner, when a step that waits runs past its warn_after !     │
//! │ step ███████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0:12 left      │
//! │ all  ███░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 4:30 left      │
//! │ next: Rest · 30s                                                         │
//! ╰──────────────────────────────────────────────────────────────────────────╯
//!  Space pause · → / n next · ← / p back · + / = 10 s · m mute · q quit · …
//! ```

use std::cell::Cell;
use std::time::{Duration, Instant};

use limber_core::diary::Place;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, LineGauge, Paragraph};
use tui_big_text::{BigText, PixelSize};

use limber_core::duration::{format_clock, format_duration};
use limber_core::player::Phase;
use limber_core::routine::{Stage, StageKind, Tone};

use jiff::civil::DateTime;
use limber_core::player::{Event, Player};
use limber_core::routine::{Routine, SideChoice, Values};

use super::{Look, Tick};
use crate::tui::command::Played;
use crate::tui::keys::{self, Action, Mode};
use crate::tui::theme::{Theme, tone_word};
use crate::tui::widgets::{cut, title_and_status, wrap_words};

/// A routine being played.
#[derive(Debug, Clone)]
pub struct Run {
    pub routine: Routine,
    pub values: Values,
    pub sides: SideChoice,
    pub player: Player,
    /// Local wall-clock time it started (for the diary).
    pub started_local: DateTime,
    /// How far the step's words are scrolled (a new step starts at the top).
    pub text: TextScroll,
    /// First aid rehearsed with no cramp: waits are timed holds, nothing to log after.
    pub practice: bool,
    /// The routine's cautions, shown at the top of the first step when first aid started at
    /// once from `limber cramp` (no setup screen showed them).
    pub cautions: Vec<String>,
    /// Where the cramp is, for the diary: the place chosen on `limber cramp`, else the
    /// routine's own (`store::place_for_routine`).
    pub place: Option<Place>,
}

impl Run {
    /// The player event an action asks for, if any.
    pub(crate) fn event_for(&self, action: Action) -> Option<Event> {
        let waits = self.player.stage().is_some_and(Stage::waits);
        let paused = self.player.phase() == Phase::Paused;
        Some(match action {
            Action::PauseOrDone if waits => Event::Complete,
            Action::PauseOrDone => Event::TogglePause,
            Action::DoneOrGoOn if waits => Event::Complete,
            Action::DoneOrGoOn if paused => Event::Resume,
            Action::Next => Event::Next,
            Action::Previous => Event::Previous,
            Action::Restart => Event::RestartStep,
            Action::AddTime => Event::AddTime(10),
            Action::TakeTime => Event::AddTime(-10),
            _ => return None,
        })
    }

    /// Hands `event` to the player; `None` when a tick found nothing due. A stage begun now
    /// starts after the sound's lead, with its chime.
    pub fn play(&mut self, event: Event, tick: &Tick) -> Option<Played> {
        let now = if event.starts_a_stage() {
            tick.now + tick.sound_lead
        } else {
            tick.now
        };
        let index = self.player.index();
        let effects = self.player.handle(event, now);
        if self.player.index() != index {
            self.text = TextScroll::default();
        }
        if effects.is_empty() && event == Event::Tick {
            return None;
        }
        Some(Played {
            event,
            effects,
            player: self.player.clone(),
            now,
        })
    }

    /// The footer's keys; Space says what it does now (resume, done, or pause).
    pub(crate) fn hints(&self) -> Vec<(String, &'static str)> {
        let mut hints = keys::hints(Mode::Timer);
        let space = if self.player.phase() == Phase::Paused {
            Some("resume")
        } else if self.player.stage().is_some_and(Stage::waits) {
            Some("done")
        } else {
            None
        };
        if let (Some(word), Some(first)) = (space, hints.first_mut()) {
            first.1 = word;
        }
        hints
    }

    /// When the loop should wake by itself: the player's next deadline or the next change of a
    /// shown second, whichever is first. `None`: sleep until a key.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        let player = &self.player;
        if player.phase() != Phase::Running {
            return None;
        }
        // The shown clock changes when the elapsed time (counting up) or the remaining time
        // (counting down, shown rounded up) crosses a whole second. Stage lengths are whole
        // seconds, so both happen at the same moments: the next whole second of elapsed time.
        let elapsed = player.elapsed(now);
        let to_second =
            Duration::from_secs(1) - Duration::from_nanos(u64::from(elapsed.subsec_nanos()));
        let tick = now + to_second;
        Some(player.next_deadline().map_or(tick, |d| d.min(tick)))
    }
}

/// The timer's word for sound turned off with `m`.
pub(crate) const MUTED: &str = "muted";
/// The timer's word for sound that cannot play (no device, no library …) when its reason does not
/// fit; help gives the reason in full.
pub(crate) const NO_SOUND: &str = "no sound";
const NO_SOUND_WHY: &str = "no sound, ? why";

/// Whole seconds, rounded up: a countdown shows 0:10 for its first second and 0:01 for its last.
pub(crate) fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// The keys that end a step that waits for the person, from the key table: `Space or Enter`.
pub(crate) fn done_keys() -> String {
    let labels: Vec<String> = keys::BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&Mode::Timer))
        .filter(|b| matches!(b.action, Action::PauseOrDone | Action::DoneOrGoOn))
        .map(|b| b.keys_label())
        .collect();
    labels.join(" or ")
}

/// What the big digits say, and whether they count up.
fn big_value(run: &Run, stage: &Stage, now: Instant, width: u16) -> String {
    let player = &run.player;
    match (stage.waits(), stage.reps) {
        (true, Some(reps)) => {
            let words = limber_core::routine::text::count(reps, "rep", "reps");
            if u16::try_from(words.len()).unwrap_or(u16::MAX) * 8 <= width {
                words
            } else {
                reps.to_string()
            }
        }
        (true, None) => format_clock(player.elapsed(now).as_secs()),
        (false, _) => format_clock(player.remaining(now).map_or(0, ceil_secs)),
    }
}

/// The step's title and its clock in a few characters, for a window too small for the timer:
/// `0:25`, `0:25 paused`, `1:10 so far`.
pub(crate) fn compact(run: &Run, now: Instant) -> Option<(String, String)> {
    let stage = run.player.stage()?;
    let mut clock = if stage.waits() {
        format!("{} so far", format_clock(run.player.elapsed(now).as_secs()))
    } else {
        big_value(run, stage, now, 0)
    };
    if run.player.phase() == Phase::Paused {
        clock.push_str(" paused");
    }
    Some((stage.title.clone(), clock))
}

/// The line above the digits: tone word, leg, rep, round, paused.
fn badges(run: &Run, stage: &Stage, now: Instant, theme: Theme) -> Line<'static> {
    let player = &run.player;
    let mut parts: Vec<Span<'static>> = Vec::new();
    let sep = || Span::styled("  ·  ", theme.dim());
    if player.phase() == Phase::Paused {
        parts.push(Span::styled(" PAUSED ", theme.banner(Tone::Alert)));
    }
    if run.practice {
        if !parts.is_empty() {
            parts.push(sep());
        }
        parts.push(Span::styled("PRACTICE", theme.heading()));
    }
    let word = tone_word(stage.tone);
    if !word.is_empty() {
        if !parts.is_empty() {
            parts.push(sep());
        }
        parts.push(Span::styled(word, theme.tone(stage.tone)));
    }
    if let Some(side) = stage.side {
        if !parts.is_empty() {
            parts.push(sep());
        }
        parts.push(Span::styled(
            format!(" {} LEG ", side.label()),
            theme.heading().add_modifier(Modifier::REVERSED),
        ));
    }
    if let (Some(rep), Some(reps)) = (player.rep(now), stage.reps) {
        if !parts.is_empty() {
            parts.push(sep());
        }
        parts.push(Span::styled(format!("rep {rep} / {reps}"), theme.heading()));
    }
    if let Some((i, n)) = stage.round {
        if !parts.is_empty() {
            parts.push(sep());
        }
        parts.push(Span::styled(format!("round {i} / {n}"), theme.heading()));
    }
    Line::from(parts)
}

/// How the step is measured, under its title: for steps that wait, which key ends them.
fn how_line(run: &Run, stage: &Stage, now: Instant) -> Option<String> {
    let player = &run.player;
    if !stage.waits() {
        return match player.phase() {
            Phase::Paused => Some("paused · Space or Enter to go on".into()),
            _ => None,
        };
    }
    let so_far = format_clock(player.elapsed(now).as_secs());
    Some(match stage.kind {
        StageKind::Reps => format!("{so_far} so far · {} when done", done_keys()),
        _ => format!("counting up · {} when {}", done_keys(), stage.ends_when()),
    })
}

/// The largest digits that fit `rows` × `width`: their pixel size and height.
fn digit_size(rows: u16, text: &str, width: u16) -> Option<(PixelSize, u16)> {
    let chars = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    if rows >= 8 && chars.saturating_mul(8) <= width {
        Some((PixelSize::Full, 8))
    } else if rows >= 4 && chars.saturating_mul(8) <= width {
        Some((PixelSize::HalfHeight, 4))
    } else if rows >= 4 && chars.saturating_mul(4) <= width {
        Some((PixelSize::Quadrant, 4))
    } else {
        None
    }
}

/// How far the step's words are scrolled. The drawing writes back how many rows it could not
/// show below and how many make a page, so ↓ stops at the end and PgDn moves by what is seen.
#[derive(Debug, Clone, Default)]
pub struct TextScroll {
    /// The first row of the words shown.
    pub offset: u16,
    below: Cell<u16>,
    page: Cell<u16>,
}

impl TextScroll {
    /// Scrolls for ↓ ↑ PgDn PgUp; whether the action was one of them.
    pub(crate) fn handle(&mut self, action: Action) -> bool {
        let below = self.below.get();
        let page = self.page.get().saturating_sub(1).max(1);
        match action {
            Action::Down => self.offset += u16::from(below > 0),
            Action::Up => self.offset = self.offset.saturating_sub(1),
            Action::PageDown => self.offset += page.min(below),
            Action::PageUp => self.offset = self.offset.saturating_sub(page),
            _ => return false,
        }
        self.below.set(below.saturating_sub(self.offset));
        true
    }

    /// Rows hidden below at the last drawing.
    pub(crate) fn below(&self) -> u16 {
        self.below.get()
    }

    /// The rows to show of `total` in `rows`: the first, clamped so the last page is full.
    fn window(&self, total: u16, rows: u16) -> u16 {
        let offset = self.offset.min(total.saturating_sub(rows));
        self.below.set(total.saturating_sub(offset + rows));
        self.page.set(rows);
        offset
    }
}

/// The step in words, wrapped to `width`: its title, the warning when it has come, how it ends,
/// its instructions and its temperature. These come before the clock: nothing here is cut.
fn words(
    stage: &Stage,
    cautions: &[String],
    how: Option<&str>,
    warning: Option<&str>,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let tone = theme.tone(stage.tone);
    let centred = |text: String, style: Style| Line::styled(text, style).centered();
    let mut lines: Vec<Line<'static>> = Vec::new();
    if !cautions.is_empty() {
        lines.push(centred("Take care:".into(), theme.alert()));
        for caution in cautions {
            lines.extend(
                wrap_words(&format!("• {caution}"), width)
                    .into_iter()
                    .map(|l| centred(l, theme.alert())),
            );
        }
    }
    lines.extend(
        wrap_words(&stage.title, width)
            .into_iter()
            .map(|l| centred(l, tone)),
    );
    if let Some(warning) = warning {
        // Two columns kept for the banner's own spaces (" WARNING ").
        for (i, line) in wrap_words(&format!("WARNING {warning}"), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let line = match line.strip_prefix("WARNING") {
                Some(rest) if i == 0 => Line::from(vec![
                    Span::styled(" WARNING ", theme.banner(Tone::Alert)),
                    Span::styled(rest.to_string(), theme.alert()),
                ])
                .centered(),
                _ => centred(line, theme.alert()),
            };
            lines.push(line);
        }
    }
    if let Some(how) = how {
        lines.extend(
            wrap_words(how, width)
                .into_iter()
                .map(|l| centred(l, theme.dim())),
        );
    }
    if !stage.text.trim().is_empty() {
        lines.extend(
            wrap_words(&stage.text, width)
                .into_iter()
                .map(|l| centred(l, theme.text())),
        );
    }
    if let Some(temperature) = &stage.temperature {
        lines.extend(
            wrap_words(temperature, width)
                .into_iter()
                .map(|l| centred(l, tone)),
        );
    }
    lines
}

/// What comes next, in one row of `width` columns: cut with `…` when it is longer.
fn next_line(run: &Run, theme: Theme, width: u16) -> Line<'static> {
    let text = match run.player.next_stage() {
        None => "next: the end".to_string(),
        Some(next) => {
            let how = match (next.seconds, next.reps) {
                (Some(s), _) => format_duration(s),
                (None, Some(r)) => format!(
                    "{}, at your pace",
                    limber_core::routine::text::count(r, "rep", "reps")
                ),
                (None, None) => format!("until {}", next.ends_when()),
            };
            let side = next
                .side
                .map(|s| format!(" ({} leg)", s.label().to_lowercase()))
                .unwrap_or_default();
            format!("next: {}{side} · {how}", next.title)
        }
    };
    Line::styled(cut(&text, usize::from(width)), theme.dim())
}

fn gauge<'a>(
    label: &'a str,
    ratio: f64,
    left: String,
    style: Style,
    theme: Theme,
) -> LineGauge<'a> {
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(Line::from(vec![
            Span::styled(format!("{label:<5}"), theme.dim()),
            Span::styled(format!("{left:>10} "), theme.text()),
        ]))
        .filled_symbol("█")
        .unfilled_symbol("░")
        .filled_style(style)
        .unfilled_style(theme.dim())
}

/// The widest a progress bar is drawn: the width it has at 80 columns. A wider bar would
/// repaint more cells each second for no more information (a 10-second step moves a 190-cell
/// bar 19 cells a second), which is what kept a 200×60 window over issue 11's 300 bytes a
/// second (docs/performance.md, tests/redraw_cost.rs).
const BAR_WIDTH: u16 = 76;

/// A bar's place in its row: at most [`BAR_WIDTH`] wide, centred like the clock above it.
fn bar_area(row: Rect) -> Rect {
    let width = row.width.min(BAR_WIDTH);
    Rect {
        x: row.x + (row.width - width) / 2,
        width,
        ..row
    }
}

/// Draws a bordered frame (its border and its titles) around `area`. A `Block` over the whole
/// area first styles every cell in it, which for a 200×60 window is 12,000 cells a second for
/// nothing (the timer's frame has no style inside): drawn as four thin pieces, only the border's
/// cells are touched. The same cells as one `Block::bordered()`, for less work.
fn border(frame: &mut Frame, area: Rect, kind: BorderType, style: Style, titles: [Line; 2]) {
    use ratatui::widgets::Borders;
    let piece = |borders: Borders| {
        Block::new()
            .borders(borders)
            .border_type(kind)
            .border_style(style)
    };
    if area.height < 3 || area.width < 2 {
        let [left, right] = titles;
        frame.render_widget(piece(Borders::ALL).title(left).title(right), area);
        return;
    }
    let row = |y: u16| Rect {
        y,
        height: 1,
        ..area
    };
    let side = |x: u16| Rect {
        x,
        y: area.y + 1,
        width: 1,
        height: area.height - 2,
    };
    let [left, right] = titles;
    frame.render_widget(
        piece(Borders::TOP | Borders::LEFT | Borders::RIGHT)
            .title(left)
            .title(right),
        row(area.y),
    );
    frame.render_widget(piece(Borders::LEFT), side(area.x));
    frame.render_widget(piece(Borders::RIGHT), side(area.right() - 1));
    frame.render_widget(
        piece(Borders::BOTTOM | Borders::LEFT | Borders::RIGHT),
        row(area.bottom() - 1),
    );
}

/// The rows of the step bar, the routine bar and the next step, given `rows` of room: with 3 all
/// of them; with 2 the step and the next; with 1 the step.
fn bottom_rows(area: Rect, rows: u16) -> [Option<Rect>; 3] {
    let row = |i: u16| {
        Some(Rect {
            y: area.y + i,
            height: 1,
            ..area
        })
    };
    match rows {
        0 => [None, None, None],
        1 => [row(0), None, None],
        2 => [row(0), None, row(1)],
        _ => [row(0), row(1), row(2)],
    }
}

pub(crate) fn render(frame: &mut Frame, area: Rect, run: &Run, look: &Look) {
    let theme = look.theme;
    let now = look.now;
    let player = &run.player;
    let Some(stage) = player.stage() else {
        return;
    };
    let tone = theme.tone(stage.tone);
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);

    let count = player.plan().stages.len();
    let mut right = format!(" step {} of {count} ", player.index() + 1);
    let title_room = usize::from(area.width).saturating_sub(right.chars().count() + 6);
    // Why there is no sound, when it fits beside the title; else the short word for it ("no
    // sound", with the key to the full reason in help when that fits). Muted is its own word, so
    // the two never read the same.
    if let Some(status) = look.sound {
        let room = title_room.saturating_sub(run.routine.title.chars().count());
        let status = [status, NO_SOUND_WHY, NO_SOUND]
            .into_iter()
            .find(|s| s.chars().count() <= room)
            .unwrap_or(NO_SOUND);
        right = format!(" {status} ·{right}");
    }
    if look.muted {
        right = format!(" {MUTED} ·{right}");
    }
    // The title and the status share the top border: the title is cut with "…" to leave the
    // status its room, and they never run into each other.
    let (name, right) = title_and_status(
        &format!(" {}", run.routine.title),
        &right,
        usize::from(area.width.saturating_sub(3)),
    );
    let title = Line::styled(format!("{name} "), theme.heading());
    let kind = if stage.tone == Tone::Alert {
        BorderType::Thick
    } else {
        BorderType::Rounded
    };
    let border_style = if stage.tone == Tone::Rest {
        theme.border()
    } else {
        tone.remove_modifier(Modifier::BOLD)
    };
    let inner = Block::bordered().inner(body);
    border(
        frame,
        body,
        kind,
        border_style,
        [title, Line::styled(right, theme.dim()).right_aligned()],
    );
    // A tap anywhere on it does what Space does; the wheel scrolls the step's words.
    look.hits.tap(body, Action::PauseOrDone);
    look.hits.wheel(body, Action::Up, Action::Down);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };

    // The words first; the clock takes what they leave: large digits, small digits, one line.
    let width = inner.width;
    let how = how_line(run, stage, now);
    let warning = player.warning().map(|w| {
        if w.is_empty() {
            "This has gone on a long time. Press ? and read \u{201c}When to see a doctor\u{201d}."
                .to_string()
        } else {
            w.to_string()
        }
    });
    // The cautions stand on the first step only.
    let cautions: &[String] = if player.index() == 0 {
        &run.cautions
    } else {
        &[]
    };
    let lines = words(
        stage,
        cautions,
        how.as_deref(),
        warning.as_deref(),
        width,
        theme,
    );
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let height = inner.height;
    let big = big_value(run, stage, now, width);
    // Badges, a gap under the digits, the words, the step bar, the routine bar, the next step.
    let digits = digit_size(height.saturating_sub(1 + 1 + total + 3), &big, width);
    let digits_style = if player.phase() == Phase::Paused {
        theme.dim()
    } else {
        tone
    };
    let badges = badges(run, stage, now, theme);
    // Without digits the clock leads the badges' row, or has a row of its own when both do not fit.
    let clock = Span::styled(big.clone(), digits_style.add_modifier(Modifier::BOLD));
    let (top, top_rows) = match digits {
        Some(_) => (vec![badges], 1),
        None if badges.spans.is_empty() => (vec![Line::from(clock)], 1),
        None if usize::from(width) >= big.chars().count() + 5 + badges.width() => {
            let mut spans = vec![clock, Span::styled("  ·  ", theme.dim())];
            spans.extend(badges.spans);
            (vec![Line::from(spans)], 1)
        }
        None => (vec![Line::from(clock), badges], 2),
    };
    let digit_rows = digits.map_or(0, |(_, h)| h);
    let gap = u16::from(digits.is_some());
    // When the words need the room, the bars and the next step go: the routine bar first.
    let room = height.saturating_sub(top_rows + digit_rows + gap);
    let bottom = 3u16.min(room.saturating_sub(total));
    let shown = total.min(room.saturating_sub(bottom));
    let offset = run.text.window(total, shown);
    let marker = match (offset > 0, run.text.below() > 0) {
        (true, true) => Some(" ↑ ↓ more · ↓ / PgDn "),
        (false, true) => Some(" ↓ more below · ↓ / PgDn "),
        (true, false) => Some(" ↑ more above · ↑ / PgUp "),
        (false, false) => None,
    };
    if let Some(marker) = marker {
        let row = Rect {
            y: body.bottom().saturating_sub(1),
            height: 1,
            ..body
        }
        .inner(ratatui::layout::Margin::new(2, 0));
        let line = Line::styled(marker, theme.key()).right_aligned();
        // A tap on the marker turns the page it points to.
        let width = u16::try_from(line.width())
            .unwrap_or(u16::MAX)
            .min(row.width);
        let page = if run.text.below() > 0 {
            Action::PageDown
        } else {
            Action::PageUp
        };
        look.hits.tap(
            Rect {
                x: row.right() - width,
                width,
                ..row
            },
            page,
        );
        frame.render_widget(Paragraph::new(line), row);
    }

    let rows = Layout::vertical([
        Constraint::Length(top_rows), // badges (and the clock when it is one line)
        Constraint::Fill(1),          // space
        Constraint::Length(digit_rows), // digits
        Constraint::Length(gap),      // space
        Constraint::Fill(1),          // space
        Constraint::Length(shown),    // the words
        Constraint::Fill(1),          // space
        Constraint::Length(bottom),   // bars, next
    ])
    .split(inner);

    frame.render_widget(Paragraph::new(top).alignment(Alignment::Center), rows[0]);
    if let Some((pixels, _)) = digits {
        frame.render_widget(
            BigText::builder()
                .pixel_size(pixels)
                .style(digits_style)
                .lines(vec![Line::from(big.clone())])
                .alignment(Alignment::Center)
                .build(),
            rows[2],
        );
    }
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(offset))
        .take(usize::from(shown))
        .collect();
    frame.render_widget(Paragraph::new(visible), rows[5]);
    let [step_row, all_row, next_row] = bottom_rows(rows[7], bottom);

    // Progress: the step, then the whole routine.
    let (step_ratio, step_left) = match (player.stage_progress(now), player.remaining(now)) {
        (Some(ratio), Some(left)) => (ratio, format!("{} left", format_clock(ceil_secs(left)))),
        _ => (0.0, "your pace".to_string()),
    };
    if let Some(row) = step_row {
        frame.render_widget(
            gauge("step", step_ratio, step_left, tone, theme),
            bar_area(row),
        );
    }
    let total = player.plan().total_seconds();
    let left = ceil_secs(player.routine_remaining(now));
    let routine_ratio = if total == 0 {
        player.index() as f64 / count.max(1) as f64
    } else {
        1.0 - left as f64 / total as f64
    };
    let waits_ahead = player
        .plan()
        .stages
        .get(player.index()..)
        .is_some_and(|rest| rest.iter().any(Stage::waits));
    let all_left = if waits_ahead {
        format!("{}+ left", format_clock(left))
    } else {
        format!("{} left", format_clock(left))
    };
    if let Some(row) = all_row {
        let row = bar_area(row);
        frame.render_widget(
            gauge("all", routine_ratio, all_left, theme.heading(), theme),
            row,
        );
    }
    if let Some(row) = next_row {
        frame.render_widget(Paragraph::new(next_line(run, theme, row.width)), row);
    }

    look.footer(frame, foot, run.hints());
}
