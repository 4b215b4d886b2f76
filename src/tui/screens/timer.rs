//! The timer: what to do now, big enough to read from a metre away.
//!
//! ```text
//! ╭ Night calf stretch ─────────────────────────────────────── step 3 of 12 ╮
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
//! │ next: Rest · 30s                                          sound off      │
//! ╰──────────────────────────────────────────────────────────────────────────╯
//!  Space pause · → / n next · ← / p back · + / = 10 s · m mute · q quit · …
//! ```

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, BorderType, LineGauge, Paragraph, Wrap};
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
use crate::tui::widgets::{footer_from, wrapped_height};

/// A routine being played.
#[derive(Debug, Clone)]
pub struct Run {
    pub routine: Routine,
    pub values: Values,
    pub sides: SideChoice,
    pub player: Player,
    /// Local wall-clock time it started (for the diary).
    pub started_local: DateTime,
}

impl Run {
    /// The player event an action asks for, if any.
    pub fn event_for(&self, action: Action) -> Option<Event> {
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
        let effects = self.player.handle(event, now);
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
    pub fn hints(&self) -> Vec<(String, &'static str)> {
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

/// Whole seconds, rounded up: a countdown shows 0:10 for its first second and 0:01 for its last.
pub fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// The keys that end a step that waits for the person, from the key table: `Space or Enter`.
pub fn done_keys() -> String {
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
pub fn compact(run: &Run, now: Instant) -> Option<(String, String)> {
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
        _ => format!("counting up · {} when it has passed", done_keys()),
    })
}

/// The largest digits that fit: (pixel size, scale, rows).
fn pixel_size(rows: u16, text: &str, width: u16) -> Option<(PixelSize, u16, u16)> {
    let chars = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    if rows >= 16 && chars.saturating_mul(16) <= width {
        Some((PixelSize::Full, 2, 16))
    } else if rows >= 8 && chars.saturating_mul(8) <= width {
        Some((PixelSize::Full, 1, 8))
    } else if rows >= 4 && chars.saturating_mul(8) <= width {
        Some((PixelSize::HalfHeight, 1, 4))
    } else if rows >= 4 && chars.saturating_mul(4) <= width {
        Some((PixelSize::Quadrant, 1, 4))
    } else {
        None
    }
}

/// Big text drawn `scale` times larger: each cell of the widget becomes scale × scale cells, so a
/// large terminal shows larger digits (tui-big-text's largest glyph is 8 × 8 cells).
struct Scaled<'a> {
    text: BigText<'a>,
    scale: u16,
}

impl Widget for Scaled<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let k = self.scale.max(1);
        if k == 1 {
            self.text.render(area, buf);
            return;
        }
        let small = Rect::new(0, 0, area.width / k, area.height / k);
        let mut scratch = Buffer::empty(small);
        self.text.render(small, &mut scratch);
        // Centre what the small buffer holds within the area's spare columns.
        let x0 = area.x + (area.width - small.width * k) / 2;
        for y in 0..small.height {
            for x in 0..small.width {
                let cell = scratch[(x, y)].clone();
                for dy in 0..k {
                    for dx in 0..k {
                        let (bx, by) = (x0 + x * k + dx, area.y + y * k + dy);
                        if let Some(target) = buf.cell_mut((bx, by)) {
                            *target = cell.clone();
                        }
                    }
                }
            }
        }
    }
}

fn next_line(run: &Run, theme: Theme) -> Line<'static> {
    let text = match run.player.next_stage() {
        None => "next: the end".to_string(),
        Some(next) => {
            let how = match (next.seconds, next.reps) {
                (Some(s), _) => format_duration(s),
                (None, Some(r)) => format!(
                    "{}, at your pace",
                    limber_core::routine::text::count(r, "rep", "reps")
                ),
                (None, None) => "until it passes".into(),
            };
            let side = next
                .side
                .map(|s| format!(" ({} leg)", s.label().to_lowercase()))
                .unwrap_or_default();
            format!("next: {}{side} · {how}", next.title)
        }
    };
    Line::styled(text, theme.dim())
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

pub fn render(frame: &mut Frame, area: Rect, run: &Run, look: &Look) {
    let theme = look.theme;
    let now = look.now;
    let player = &run.player;
    let Some(stage) = player.stage() else {
        return;
    };
    let tone = theme.tone(stage.tone);
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);

    let count = player.plan().stages.len();
    let title = Line::from(vec![
        Span::raw(" "),
        Span::styled(run.routine.title.clone(), theme.heading()),
        Span::raw(" "),
    ]);
    let mut right = format!(" step {} of {count} ", player.index() + 1);
    if look.muted {
        right = format!(" sound off ·{right}");
    } else if let Some(status) = look.sound {
        // Why sound is off, when it fits beside the title; else just that it is (a long reason,
        // such as a library path, would push the routine's title off the border).
        let room =
            usize::from(area.width).saturating_sub(title.width() + right.chars().count() + 6);
        let status = if status.chars().count() <= room {
            status
        } else {
            "sound off"
        };
        right = format!(" {status} ·{right}");
    }
    let block = Block::bordered()
        .border_type(if stage.tone == Tone::Alert {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if stage.tone == Tone::Rest {
            theme.border()
        } else {
            tone.remove_modifier(Modifier::BOLD)
        })
        .title(title)
        .title(Line::styled(right, theme.dim()).right_aligned());
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };

    // What goes under the digits, and how tall it is.
    let width = inner.width;
    let how = how_line(run, stage, now);
    let text_rows = if stage.text.is_empty() {
        0
    } else {
        wrapped_height(&stage.text, width).min(8)
    };
    let temp_rows = u16::from(stage.temperature.is_some());
    let warning = player.warning().map(|w| {
        if w.is_empty() {
            "This has gone on a long time. Press ? and read \u{201c}When to see a doctor\u{201d}."
                .to_string()
        } else {
            w.to_string()
        }
    });
    let warn_rows = warning.as_ref().map_or(0, |w| {
        wrapped_height(&format!("WARNING  {w}"), width).min(4)
    });
    // badge, gap, title, how, bars ×2, next
    let fixed = 1 + 1 + 1 + u16::from(how.is_some()) + 2 + 1 + temp_rows + warn_rows;
    let big = big_value(run, stage, now, width);
    let spare = inner.height.saturating_sub(fixed + text_rows.min(2));
    let size = pixel_size(spare.saturating_sub(1), &big, width);
    let digit_rows = size.map_or(1, |(_, _, h)| h);
    let text_rows = text_rows.min(inner.height.saturating_sub(fixed + digit_rows + 1));

    let rows = Layout::vertical([
        Constraint::Length(1),          // badges
        Constraint::Fill(1),            // space
        Constraint::Length(digit_rows), // digits
        Constraint::Fill(1),            // space
        Constraint::Length(1),          // title
        Constraint::Length(u16::from(how.is_some())),
        Constraint::Length(text_rows), // instructions
        Constraint::Length(temp_rows), // temperature
        Constraint::Length(warn_rows), // warning
        Constraint::Fill(1),           // space
        Constraint::Length(1),         // step bar
        Constraint::Length(1),         // routine bar
        Constraint::Length(1),         // next
    ])
    .split(inner);

    frame.render_widget(
        Paragraph::new(badges(run, stage, now, theme)).alignment(Alignment::Center),
        rows[0],
    );

    let digits_style = if player.phase() == Phase::Paused {
        theme.dim()
    } else {
        tone
    };
    match size {
        Some((pixels, scale, _)) => frame.render_widget(
            Scaled {
                text: BigText::builder()
                    .pixel_size(pixels)
                    .style(digits_style)
                    .lines(vec![Line::from(big.clone())])
                    .alignment(Alignment::Center)
                    .build(),
                scale,
            },
            rows[2],
        ),
        None => frame.render_widget(
            Paragraph::new(Line::styled(
                big.clone(),
                digits_style.add_modifier(Modifier::BOLD),
            ))
            .alignment(Alignment::Center),
            rows[2],
        ),
    }

    frame.render_widget(
        Paragraph::new(Line::styled(stage.title.clone(), tone)).alignment(Alignment::Center),
        rows[4],
    );
    if let Some(how) = how {
        frame.render_widget(
            Paragraph::new(Line::styled(how, theme.dim())).alignment(Alignment::Center),
            rows[5],
        );
    }
    frame.render_widget(
        Paragraph::new(stage.text.clone())
            .style(theme.text())
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rows[6],
    );
    if let Some(temperature) = &stage.temperature {
        frame.render_widget(
            Paragraph::new(Line::styled(format!("water: {temperature}"), tone))
                .alignment(Alignment::Center),
            rows[7],
        );
    }
    if let Some(warning) = warning {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" WARNING ", theme.banner(Tone::Alert)),
                Span::styled(format!(" {warning}"), theme.alert()),
            ]))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
            rows[8],
        );
    }

    // Progress: the step, then the whole routine.
    let (step_ratio, step_left) = match (player.stage_progress(now), player.remaining(now)) {
        (Some(ratio), Some(left)) => (ratio, format!("{} left", format_clock(ceil_secs(left)))),
        _ => (0.0, "your pace".to_string()),
    };
    frame.render_widget(gauge("step", step_ratio, step_left, tone, theme), rows[10]);
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
    frame.render_widget(
        gauge("all", routine_ratio, all_left, theme.heading(), theme),
        rows[11],
    );
    frame.render_widget(Paragraph::new(next_line(run, theme)), rows[12]);

    let hints = run.hints();
    frame.render_widget(Paragraph::new(footer_from(hints, theme, foot.width)), foot);
}
