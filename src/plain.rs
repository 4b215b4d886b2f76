//! `limber play --plain`: the routine in plain text, one line per stage as it begins, with the
//! elapsed time. Works without a terminal: manual steps wait for Enter on standard input, and the
//! end of input stops the run when a step needs it.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::commands::stage_line;
use crate::exit::Exit;
use crate::sink::CueSink;
use limber_core::duration::format_duration;
use limber_core::player::{Effect, Event, Phase, Player, Summary};
use limber_core::routine::Plan;

/// A line typed on standard input, or its end; or a signal that stops the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Line(String),
    End,
    /// SIGINT (Ctrl-C), SIGTERM or SIGHUP: stop as `q` does, so the run still goes in the diary.
    Signal(i32),
}

/// Reads standard input on its own thread, so the timer never waits on it.
pub fn stdin_lines() -> Receiver<Incoming> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            match line {
                Ok(line) => {
                    if tx.send(Incoming::Line(line)).is_err() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = tx.send(Incoming::End);
    });
    rx
}

/// [`stdin_lines`], and SIGINT, SIGTERM and SIGHUP on the same channel. Without signal handling
/// (not Unix, or it cannot be installed) only the lines.
pub fn stdin_and_signals() -> Receiver<Incoming> {
    let (tx, rx) = mpsc::channel();
    let lines = stdin_lines();
    let forward = tx.clone();
    std::thread::spawn(move || {
        for input in lines {
            if forward.send(input).is_err() {
                return;
            }
        }
    });
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    if tx.send(Incoming::Signal(signal)).is_err() {
                        return;
                    }
                }
            });
        }
    }
    rx
}

/// How a plain run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Finished,
    /// `q` was typed.
    Quit,
    /// A step waited for Enter and standard input had ended.
    InputEnded,
    /// Stopped by this signal (SIGINT, SIGTERM, SIGHUP).
    Signal(i32),
}

impl Ending {
    /// The exit status, the same as the timer screen's for the same ending: finished or stopped
    /// by the person is success; input that ended under a step that waits is a failure.
    pub fn exit(self) -> Exit {
        match self {
            Ending::Finished | Ending::Quit => Exit::Success,
            Ending::InputEnded => Exit::Failure,
            Ending::Signal(signal) => Exit::Signal(signal),
        }
    }
}

/// How a plain run went: how it ended, and its totals (for the diary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainRun {
    pub ending: Ending,
    pub summary: Summary,
}

/// Runs the plan to its end. `out` gets the text; `sink` the sound.
pub fn play(
    plan: Plan,
    input: &Receiver<Incoming>,
    out: &mut dyn Write,
    sink: &mut dyn CueSink,
) -> PlainRun {
    let start = Instant::now();
    let mut player = Player::new(plan, start);
    let count = player.plan().stages.len();
    let _ = writeln!(
        out,
        "{} — {} stages, {} timed. Type Enter to finish a step that waits, n Enter to skip, q Enter to stop.",
        player.plan().title,
        count,
        format_duration(player.plan().total_seconds())
    );
    let mut input_open = true;
    let mut ending = None;
    let mut event = Some(Event::Start);
    loop {
        if let Some(ev) = event.take() {
            let mut now = Instant::now();
            if ev.starts_a_stage() {
                now += sink.lead(now);
            }
            let effects = player.handle(ev, now);
            report(&effects, &player, start, now, out);
            sink.handled(ev, &effects, &player, now);
            for notice in sink.notices() {
                let _ = writeln!(out, "    ~ {notice}");
            }
            let _ = out.flush();
        }
        if player.phase() == Phase::Finished {
            break;
        }
        let waits = player.stage().is_some_and(|s| s.waits());
        if waits && !input_open {
            ending = Some(Ending::InputEnded);
            break;
        }
        let received = match player.next_deadline() {
            Some(deadline) => {
                let timeout = deadline.saturating_duration_since(Instant::now());
                // After the end of input the channel may still bring a signal; once nothing
                // can send on it, sleep instead of spinning on the disconnected channel.
                match input.recv_timeout(timeout) {
                    Err(RecvTimeoutError::Disconnected) if !input_open => {
                        std::thread::sleep(timeout);
                        Err(RecvTimeoutError::Timeout)
                    }
                    received => received,
                }
            }
            None if input_open => input.recv().map_err(|_| RecvTimeoutError::Disconnected),
            None => {
                ending = Some(Ending::InputEnded);
                break;
            }
        };
        event = match received {
            Err(RecvTimeoutError::Timeout) => Some(Event::Tick),
            Err(RecvTimeoutError::Disconnected) | Ok(Incoming::End) => {
                input_open = false;
                Some(Event::Tick)
            }
            Ok(Incoming::Signal(signal)) => {
                ending = Some(Ending::Signal(signal));
                break;
            }
            Ok(Incoming::Line(line)) => match line.trim() {
                "" if waits => Some(Event::Complete),
                "n" => Some(Event::Next),
                "p" => Some(Event::Previous),
                "q" => {
                    ending = Some(Ending::Quit);
                    break;
                }
                _ => Some(Event::Tick),
            },
        };
    }
    let now = Instant::now();
    let summary = player.summary(now);
    let ending = ending.unwrap_or(Ending::Finished);
    let how = match ending {
        Ending::Finished => "Finished",
        Ending::Quit => "Stopped",
        Ending::InputEnded => "Stopped: standard input ended while a step waited for Enter",
        Ending::Signal(_) => "Stopped by a signal",
    };
    let _ = writeln!(
        out,
        "[{}] {how} — {} of {} steps done, {} skipped, {} spent.",
        stamp(now.saturating_duration_since(start)),
        summary.done,
        summary.total,
        summary.skipped,
        format_duration(summary.spent.as_secs()),
    );
    let _ = out.flush();
    sink.finish();
    PlainRun { ending, summary }
}

fn report(effects: &[Effect], player: &Player, start: Instant, now: Instant, out: &mut dyn Write) {
    let count = player.plan().stages.len();
    for effect in effects {
        match effect {
            Effect::StageChanged(i) => {
                let Some(stage) = player.plan().stages.get(*i) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "[{}] {}/{count} {}",
                    stamp(now.saturating_duration_since(start)),
                    i + 1,
                    stage_line(stage)
                );
                if stage.waits() {
                    let _ = writeln!(out, "    press Enter when done");
                }
            }
            Effect::Warning(text) => {
                let _ = writeln!(out, "    ! {text}");
            }
            Effect::Cue(_) | Effect::Finished => {}
        }
    }
}

/// Elapsed time as `m:ss.mmm`.
fn stamp(elapsed: Duration) -> String {
    let ms = elapsed.as_millis();
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}
