//! `limber play --plain`: the routine in plain text for screen readers, pipes and terminals that
//! cannot draw a screen: what to have ready and the cautions first, then each stage as it begins
//! (its line with the elapsed time, its instructions wrapped to the terminal, or to 80 columns
//! when piped), and each warning when it comes. Notices (sound is off) go to standard error, out
//! of the stream of steps. Works without a terminal: manual steps wait for Enter on standard input, and the
//! end of input stops the run when a step needs it.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::commands::describe::{self, stage_line};
use crate::exit::Exit;
use crate::sink::CueSink;
use limber_core::duration::format_duration;
use limber_core::player::{Effect, Event, Phase, Player, Summary};
use limber_core::routine::{Plan, Routine, StageKind};

/// A line typed on standard input, or its end; or a signal that stops the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Line(String),
    End,
    /// SIGINT (Ctrl-C), SIGTERM or SIGHUP: stop as `q` does, so the run still goes in the diary.
    Signal(i32),
}

/// The longest line kept from standard input: an answer is a letter or a word. The rest of a
/// longer line is read and thrown away, so input that never ends a line cannot fill memory.
pub(crate) const MAX_LINE_BYTES: usize = 4096;

/// A line longer than this is not typing (`< /dev/zero`, a binary file): standard input is not
/// read any more, as if it had ended, rather than spinning on it for ever.
pub(crate) const MAX_DISCARDED_BYTES: usize = 1024 * 1024;

/// How many lines may wait for the timer: a fast writer (`yes |`) waits instead of queueing
/// without end.
const QUEUED_LINES: usize = 64;

/// One line from `reader`, without its end (`\n` or `\r\n`), at most `max` bytes of it kept;
/// `Ok(None)` at the end of input. `Err` with [`std::io::ErrorKind::InvalidData`] when one line
/// runs past `give_up` bytes.
pub(crate) fn bounded_line(
    reader: &mut impl BufRead,
    max: usize,
    give_up: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut seen = 0usize;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, used, ended) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        seen = seen.saturating_add(chunk.len());
        reader.consume(used);
        if ended {
            break;
        }
        if seen > give_up {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a line that never ends",
            ));
        }
    }
    if !any {
        return Ok(None);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads standard input on its own thread, so the timer never waits on it. Lines are bounded
/// ([`MAX_LINE_BYTES`]) and so is the queue of lines not yet taken.
pub(crate) fn stdin_lines() -> Receiver<Incoming> {
    let (tx, rx) = mpsc::sync_channel(QUEUED_LINES);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut reader = stdin.lock();
        loop {
            match bounded_line(&mut reader, MAX_LINE_BYTES, MAX_DISCARDED_BYTES) {
                Ok(Some(line)) => {
                    let line = String::from_utf8_lossy(&line).into_owned();
                    if tx.send(Incoming::Line(line)).is_err() {
                        return;
                    }
                }
                Ok(None) => break,
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    crate::say!(
                        "limber: standard input sent a line of more than {} MB, which is not \
                         typing; it is not read any more, as if it had ended",
                        MAX_DISCARDED_BYTES / (1024 * 1024)
                    );
                    break;
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
    let (tx, rx) = mpsc::sync_channel(QUEUED_LINES);
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
    /// Standard output could not be written: nobody can follow the steps any more. `closed`:
    /// the reader went away (`| head`), which ends quietly as a Unix tool dying of SIGPIPE.
    OutputLost {
        closed: bool,
    },
}

impl Ending {
    /// The exit status, the same as the timer screen's for the same ending: finished or stopped
    /// by the person is success; input that ended under a step that waits is a failure.
    pub fn exit(self) -> Exit {
        match self {
            Ending::Finished | Ending::Quit => Exit::Success,
            Ending::InputEnded | Ending::OutputLost { closed: false } => Exit::Failure,
            Ending::Signal(signal) => Exit::Signal(signal),
            Ending::OutputLost { closed: true } => Exit::Signal(SIGPIPE),
        }
    }
}

/// SIGPIPE's number: a closed pipe ends with 128 + 13 = 141, as for every command.
const SIGPIPE: i32 = 13;

/// Standard output, watched: the first error writing it is kept, so the run stops instead of
/// playing on for nobody.
struct Watched<'a> {
    inner: &'a mut dyn Write,
    failed: Option<std::io::Error>,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.failed
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.failed
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }
}

/// How a plain run went: how it ended, and its totals (for the diary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainRun {
    pub ending: Ending,
    pub summary: Summary,
}

/// Runs the plan to its end: `out` gets the text, `sink` the sound; returns how it ended and
/// the run's totals.
pub fn play(
    routine: &Routine,
    plan: Plan,
    input: &Receiver<Incoming>,
    out: &mut dyn Write,
    sink: &mut dyn CueSink,
) -> PlainRun {
    let mut out = Watched {
        inner: out,
        failed: None,
    };
    let out = &mut out;
    let width = describe::output_width();
    let _ = out.write_all(introduction(routine, &plan, width).as_bytes());
    let start = Instant::now();
    let mut player = Player::new(plan, start);
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
            report(&effects, &player, start, now, width, out);
            sink.handled(ev, &effects, &player, now);
            for notice in sink.notices() {
                // Standard error may be a terminal that has gone (SIGHUP): never `eprintln!`.
                let _ = writeln!(std::io::stderr(), "limber: {notice}");
            }
            let _ = out.flush();
        }
        if let Some(e) = &out.failed {
            ending = Some(Ending::OutputLost {
                closed: e.kind() == std::io::ErrorKind::BrokenPipe,
            });
            break;
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
        Ending::OutputLost { .. } => "Stopped: the output could not be written",
    };
    if let (Ending::OutputLost { closed: false }, Some(e)) = (ending, &out.failed) {
        let why = match e.kind() {
            std::io::ErrorKind::StorageFull => "the disk is full".to_owned(),
            _ => crate::io_reason::io_reason(e),
        };
        crate::say!("limber: the routine stopped: its steps could not be written out: {why}");
    }
    let _ = writeln!(
        out,
        "[{}] {how} — {} of {} done, {} skipped, {} spent.",
        stamp(now.saturating_duration_since(start)),
        summary.done,
        describe::count(summary.total, "step", "steps"),
        summary.skipped,
        format_duration(summary.spent.as_secs()),
    );
    let _ = out.flush();
    sink.finish();
    PlainRun { ending, summary }
}

/// What comes before the first step: the title, the counts, what to have ready, the cautions,
/// and the keys.
pub(crate) fn introduction(routine: &Routine, plan: &Plan, width: usize) -> String {
    let waits = plan.stages.iter().any(|s| s.waits());
    let mut text = format!(
        "{} — {}, {} timed{}.\n",
        plan.title,
        describe::count(plan.stages.len(), "stage", "stages"),
        format_duration(plan.total_seconds()),
        if waits {
            ", plus the steps that wait for you"
        } else {
            ""
        }
    );
    if plan.practice {
        text.push_str(&describe::wrapped(
            "Practice, with no cramp now: each step that waits for the cramp to pass ends by \
             itself after a short hold (limber's choice; the articles give no time). It is \
             saved in the diary as practice.",
            "",
            width,
        ));
    }
    text.push_str(&describe::before_you_start(routine, width));
    text.push_str(&describe::wrapped(
        "Type Enter to finish a step that waits, n Enter to skip, p Enter to go back, \
         q Enter to stop.",
        "",
        width,
    ));
    text.push('\n');
    text
}

fn report(
    effects: &[Effect],
    player: &Player,
    start: Instant,
    now: Instant,
    width: usize,
    out: &mut dyn Write,
) {
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
                let _ = out.write_all(describe::instructions(stage, "    ", width).as_bytes());
                if stage.kind == StageKind::Manual {
                    let _ = writeln!(out, "    press Enter when {}", stage.ends_when());
                } else if stage.waits() {
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

/// After a first-aid routine played to its end: offer to log the cramp. On a terminal, three
/// short questions (the side, how strong, and where when the routine does not say), answered
/// by a word and Enter, so a screen reader reads them like the steps; otherwise the
/// `limber log …` line to run, filled in from the routine. `started`: when the routine began.
pub fn offer_to_log(
    routine: &Routine,
    place: Option<crate::store::Place>,
    summary: &Summary,
    started: jiff::civil::DateTime,
    input: &Receiver<Incoming>,
    data: Option<&std::path::Path>,
    out: &mut dyn Write,
) {
    use crate::store::{self, Place, Side, Strength};
    use limber_core::diary::model::format_lasted;
    if !summary.finished || !store::is_first_aid(&routine.tags) {
        return;
    }
    let lasted = (summary.manual.as_secs() > 0).then_some(summary.manual);
    let place = place.or_else(|| store::place_for_routine(&routine.id));
    let interactive = {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
    };
    if !interactive {
        let mut line = format!(
            "To log this cramp in the diary: limber log --where {} --side left|right|both \
             --strength weak|moderate|strong",
            place.map_or("PLACE", |p| p.word())
        );
        if let Some(lasted) = lasted {
            line.push_str(&format!(" --lasted {}", format_lasted(lasted)));
        }
        line.push_str(&format!(
            " --at \"{}\" --helped {}",
            started.strftime("%Y-%m-%d %H:%M"),
            routine.id
        ));
        let _ = writeln!(out, "{line}");
        return;
    }
    let answer = ask(
        "Log this cramp in the diary? Type y and Enter (Enter alone skips):",
        input,
        out,
    );
    if !answer.is_some_and(|a| matches!(a.to_lowercase().as_str(), "y" | "yes")) {
        return;
    }
    let answers = (|| -> Result<(Place, Side, Strength), String> {
        let place = match place {
            Some(place) => place,
            None => choose::<Place>("Where was it?", Place::ALL, |p| p.word(), input, out)?,
        };
        let side = choose::<Side>("Which side?", Side::ALL, |s| s.word(), input, out)?;
        let strength = choose::<Strength>("How strong?", Strength::ALL, |s| s.word(), input, out)?;
        Ok((place, side, strength))
    })();
    let (place, side, strength) = match answers {
        Ok(answers) => answers,
        Err(why) => {
            let why = limber_core::routine::text::clean_line(&why);
            let _ = writeln!(out, "Not logged: {why}. `limber log` records it later.");
            return;
        }
    };
    let cramp = store::NewCramp {
        at: started,
        situation: None,
        place,
        side,
        strength,
        lasted,
        helped: routine.id.clone(),
        note: String::new(),
        session: None,
    };
    match store::record_cramp(data, &cramp) {
        Ok((id, aside)) => {
            if let Some(aside) = aside {
                let _ = writeln!(std::io::stderr(), "limber: note: {aside}");
            }
            let _ = writeln!(
                out,
                "{}",
                crate::commands::diary::logged_message(&cramp, id)
            );
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "limber: the cramp was not logged: {e}");
        }
    }
}

/// Asks on `out` and waits for a line; `None` when input ended or a signal came.
fn ask(question: &str, input: &Receiver<Incoming>, out: &mut dyn Write) -> Option<String> {
    let _ = write!(out, "{question} ");
    let _ = out.flush();
    match input.recv() {
        Ok(Incoming::Line(line)) => Some(line.trim().to_string()),
        _ => None,
    }
}

/// Asks for one of `all` by its word until one is typed; an unknown word is the error.
fn choose<T: std::str::FromStr<Err = String> + Copy>(
    question: &str,
    all: &[T],
    word: fn(&T) -> &'static str,
    input: &Receiver<Incoming>,
    out: &mut dyn Write,
) -> Result<T, String> {
    let words: Vec<&str> = all.iter().map(word).collect();
    let question = format!("{question} ({})", words.join(", "));
    loop {
        let answer = ask(&question, input, out).ok_or("input ended")?;
        if !answer.is_empty() {
            return answer.parse::<T>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bounded_line;
    use std::io::BufReader;

    fn lines(input: &[u8], max: usize, give_up: usize) -> Vec<Result<Vec<u8>, ()>> {
        // A tiny buffer, so lines cross many reads.
        let mut reader = BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        loop {
            match bounded_line(&mut reader, max, give_up) {
                Ok(Some(line)) => out.push(Ok(line)),
                Ok(None) => return out,
                Err(_) => {
                    out.push(Err(()));
                    return out;
                }
            }
        }
    }

    #[test]
    fn lines_are_cut_and_the_rest_thrown_away() {
        let got = lines(b"n\r\nabcdefghij\n\nq", 4, 100);
        let want: Vec<Result<Vec<u8>, ()>> = vec![
            Ok(b"n".to_vec()),
            Ok(b"abcd".to_vec()),
            Ok(Vec::new()),
            Ok(b"q".to_vec()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_line_that_never_ends_is_given_up() {
        let zeros = vec![0u8; 1000];
        assert_eq!(lines(&zeros, 4, 100), vec![Err(())]);
    }
}
