//! The terminal interface, built from screens.
//!
//! ```text
//! term      the terminal session: raw mode + alternate screen in, restored on every way out;
//!           keys, resizes and signals on one channel (also used by `limber log`'s form)
//! paint     a frame onto the terminal: only the rows that changed are compared and sent
//! keys      the one key table: (mode, key) -> Action; help and footers are made from it
//! mouse     taps and the wheel: (areas the last frame drew, pointer) -> the same Actions
//! screens/  one module per screen (picker, setup, timer, help, finish, quit, log_form, diary):
//!           its state, its reaction to actions, its render and the keys its footer offers
//! field     one text field (tui-input) with the same line editing everywhere
//! app       the router: which screen shows, actions to it, its wishes and the player's effects
//!           turned into commands
//! command   what the app asks the loop for (sound, suspend, the diary) and the answers
//! view      draws the screen shown and its overlay; widgets, theme, doctor: what screens share
//! worker    the diary on its own thread: writes and reads off the loop, answers back as inputs
//! ```
//!
//! One event loop ([`run`]) on a [`term::Session`]: it sleeps until the earlier of the player's
//! next deadline and the next change of the shown second, or until an input comes. Each key goes
//! through the key table ([`keys::resolve`]), each tap or turn of the wheel through the areas the
//! last frame drew ([`mouse`], [`app::App::pointer`]), to the app ([`app::App::update`]) with a
//! [`screens::Tick`] (the moment, the local wall-clock time, the sound's lead), never through
//! fields the loop writes; the app's commands go to the [`CueSink`] (sound) or the [`Diary`]'s
//! own thread (every routine played, cramps logged, the report; [`worker`]), whose answers come
//! back as inputs, so a held diary never freezes the screen; then the screen is drawn from the app's
//! state ([`view::render`], with the sound's status line). A diary that cannot be written never
//! stops a routine: the app shows why. The terminal is restored on every way out: return, error,
//! panic (a hook restores first), SIGTERM, SIGHUP, SIGINT; Ctrl-Z suspends and resumes.
//!
//! Dependencies point one way: `app` and `view` use `screens`; a screen uses `keys`, `field`,
//! `widgets`, `theme`, `command` and never `app` or `view`; nothing here uses `commands`.

pub mod app;
pub(crate) mod command;
pub mod doctor;
pub(crate) mod field;
pub mod keys;
pub mod mouse;
pub(crate) mod paint;
pub mod screens;
pub(crate) mod term;
pub(crate) mod theme;
pub mod view;
pub(crate) mod widgets;
pub(crate) mod worker;

use std::time::{Duration, Instant};

use jiff::civil::DateTime;

use crate::sink::CueSink;
use crate::store::{EntryChange, NewCramp, NewSession};
use limber_core::routine::remember::{Changes, Memory};
use limber_core::routine::{Routine, SideChoice, Values};

pub use app::{App, Command, Notice, RunRecord};
/// Where the loop keeps the cramp diary (`commands::play::StoreDiary` writes the SQLite file).
/// It runs on the diary's own thread ([`worker`]), never on the screen's loop. Errors come back as
/// messages for people; the app shows them and goes on.
pub trait Diary {
    /// Write a routine played; its id, and what to say if a bad file was set aside; or word that
    /// another program held the diary the whole wait (the worker tries again).
    fn record_session(&mut self, session: &NewSession) -> command::Attempt;
    /// Write a cramp; its id, and what to say if a bad file was set aside.
    fn record_cramp(&mut self, cramp: &NewCramp) -> command::Saved;
    /// Change, delete or restore cramp entry `id`; its id, and what to say if a bad file was set
    /// aside.
    fn change_cramp(&mut self, id: i64, change: &EntryChange) -> command::Saved;
    /// The report as of `now` (local time), over the default span.
    fn report(&mut self, now: DateTime) -> command::Loaded;
}

/// How the interface starts.
#[derive(Debug, Clone)]
pub enum Start {
    /// The list of routines (`limber`).
    Picker,
    /// One routine: its setup screen when it has params, sides or cautions, else at once
    /// (`limber play ID`). Setup begins with the values and legs remembered from last time (else
    /// the defaults), with `sets` (`--set`) and `sides` (`--side`) over them; `practice`: as a
    /// rehearsal of first aid (`--practice`).
    Open {
        routine: Box<Routine>,
        sets: Values,
        sides: Option<SideChoice>,
        practice: bool,
    },
    /// One routine at once with these values and legs (`limber play ID --now`).
    Now {
        routine: Box<Routine>,
        values: Values,
        sides: SideChoice,
        practice: bool,
    },
    /// A place's first aid at once, its cautions on its first step (`limber cramp calf`).
    FirstAid {
        routine: Box<Routine>,
        sides: SideChoice,
        /// The place chosen: the diary's place when the cramp is logged after.
        spot: keys::Spot,
        practice: bool,
    },
    /// "Where is the cramp?" (`limber cramp`); `true`: which first aid to practise
    /// (`limber cramp --practice`).
    Cramp(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// `--night`: dim palette from the start.
    pub night: bool,
    /// `false` when `NO_COLOR` is set (see [`color_allowed`]).
    pub color: bool,
    /// `--mute`: the sound starts muted (`m` unmutes it).
    pub muted: bool,
    /// Taps and the wheel (the terminal reports the pointer); off with `--no-mouse` or
    /// `mouse = false` in the config file.
    pub mouse: bool,
    /// What is remembered from earlier runs (each routine's last settings and legs).
    pub memory: Memory,
}

/// Whether colour is allowed: `NO_COLOR` set to anything non-empty turns it off.
pub(crate) fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// What the interface leaves behind when it closes.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    /// Every routine run, finished or not, in order.
    pub runs: Vec<RunRecord>,
    /// The signal that ended it (SIGTERM, SIGHUP, SIGINT), if one did; the caller may exit with
    /// 128 + signal.
    pub signal: Option<i32>,
    /// What went wrong with the diary (or a bad file set aside), to repeat on standard error now
    /// that the screen is given back.
    pub problems: Vec<String>,
    /// Settings and legs of the routines started, and night mode's last toggle, to remember.
    pub remembered: Changes,
}

pub use term::Input;

/// Runs the interface until the person quits. `catalog` is what the picker offers (it may be empty
/// when playing one routine: the finish screen's Enter then quits). The diary is written on its
/// own thread; writes still on their way when the screen closes are waited for (bounded, a signal
/// cuts it short) after the terminal is given back.
pub fn run(
    start: Start,
    catalog: app::Listing,
    options: Options,
    sink: &mut dyn CueSink,
    diary: Box<dyn Diary + Send>,
) -> Result<Closed, String> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "limber's screen needs a terminal; use `limber play ID --plain` otherwise".into(),
        );
    }
    let mut app = App::with_listing(catalog, options.night, options.color);
    app.muted = options.muted;
    app.memory = options.memory;
    let tick = screens::Tick {
        now: Instant::now(),
        local: crate::store::now_local(),
        sound_lead: Duration::ZERO,
    };
    let commands = match start {
        Start::Picker => Vec::new(),
        Start::Open {
            routine,
            sets,
            sides,
            practice,
        } => app.open_remembered(*routine, &sets, sides, practice, tick),
        Start::Now {
            routine,
            values,
            sides,
            practice,
        } => app.start_chosen(*routine, values, sides, practice, tick),
        Start::FirstAid {
            routine,
            sides,
            spot,
            practice,
        } => app.start_first_aid(*routine, sides, spot, practice, tick),
        Start::Cramp(practice) => {
            app.cramp_now(practice);
            Vec::new()
        }
    };
    if options.night {
        sink.set_night(true);
    }
    let mut session = term::Session::open(options.mouse)?;
    let mut diary = worker::Worker::start(diary, session.sender());
    let result = event_loop(&mut session, &mut app, sink, &mut diary, commands);
    session.close();
    let ended_by = result.as_ref().ok().copied().flatten();
    let stopped_by = diary.finish(&mut app, ended_by, |app, answer| {
        answered(app, answer);
    });
    result.map(|signal| Closed {
        runs: app.runs,
        signal: signal.or(stopped_by),
        problems: app.problems,
        remembered: app.remembered,
    })
}

/// Carries out the app's commands: sound to the sink, the diary's writes and reads to its thread
/// (their answers come back later through [`answered`]). Returns whether to suspend.
pub(crate) fn run_commands(
    commands: Vec<Command>,
    app: &mut App,
    sink: &mut dyn CueSink,
    diary: &mut worker::Worker,
) -> bool {
    let mut suspend = false;
    for command in commands {
        match command {
            Command::Played(played) => {
                sink.handled(played.event, &played.effects, &played.player, played.now);
            }
            Command::PauseSound => sink.pause(),
            Command::ResumeSound => sink.resume(),
            Command::Mute(muted) => sink.set_muted(muted),
            Command::Night(night) => sink.set_night(night),
            Command::Suspend => suspend = true,
            Command::RecordSession(session) => diary.record_session(session),
            // A second Enter while the entry is still being written must not write it twice.
            Command::SaveCramp(_) | Command::ChangeCramp(..) if diary.cramp_pending() => {
                app.notice = Some(Notice {
                    text: "Still saving the last entry…".into(),
                    problem: false,
                });
            }
            Command::SaveCramp(cramp) => diary.record_cramp(cramp),
            Command::ChangeCramp(id, change) => diary.change_cramp(id, change),
            Command::LoadReport(now) => diary.load_report(now),
        }
    }
    suspend
}

/// One answer from the diary's thread, given to the app; what it asks next.
fn answered(app: &mut App, answer: worker::Answer) -> Vec<Command> {
    use worker::Answer;
    match answer {
        Answer::SessionWaiting => {
            app.notice = Some(worker::waiting_notice());
            Vec::new()
        }
        Answer::Session(saved) => app.session_saved(saved),
        Answer::Cramp(saved) => app.cramp_saved(saved),
        Answer::Changed(change, saved) => app.cramp_changed(&change, saved),
        Answer::Report(loaded) => app.report_loaded(*loaded),
    }
}

/// The loop: draw, sleep until an event or the next wake-up, handle it. Returns the ending signal.
fn event_loop(
    session: &mut term::Session,
    app: &mut App,
    sink: &mut dyn CueSink,
    diary: &mut worker::Worker,
    first: Vec<Command>,
) -> Result<Option<i32>, String> {
    run_commands(first, app, sink, diary);
    loop {
        let sound = sink.status();
        let now = Instant::now();
        if let Err(e) = session.draw(|frame| view::render(frame, app, now, sound.as_deref())) {
            // The terminal has gone (window closed, pty hung up): the run still goes in the diary.
            let commands = app.terminate(Instant::now());
            run_commands(commands, app, sink, diary);
            return Err(format!("drawing: {e}"));
        }
        let input = match session.next(app.next_wake(now)) {
            term::Next::Input(input) => Some(input),
            term::Next::Timeout => None,
            term::Next::Closed => return Ok(None),
        };
        let now = Instant::now();
        let tick = screens::Tick {
            now,
            local: crate::store::now_local(),
            sound_lead: sink.lead(now),
        };
        let commands = match input {
            None => app.tick(tick),
            Some(Input::Key(key)) => match keys::resolve(app.mode(), &key) {
                Some(action) => app.update(action, tick),
                None => continue,
            },
            Some(Input::Mouse(event)) => match app.pointer(&event) {
                Some(action) => app.update(action, tick),
                None => continue,
            },
            // `draw` notices the new size and redraws everything.
            Some(Input::Resize) => app.tick(tick),
            Some(Input::Diary) => diary
                .answered()
                .into_iter()
                .flat_map(|answer| answered(app, answer))
                .collect(),
            Some(Input::Terminate(signal)) => {
                let commands = app.terminate(tick);
                run_commands(commands, app, sink, diary);
                return Ok(Some(signal));
            }
            Some(Input::Suspend) => app.update(keys::Action::Suspend, tick),
            Some(Input::Lost(e)) => {
                let commands = app.terminate(tick);
                run_commands(commands, app, sink, diary);
                return Err(format!("reading the terminal: {e}"));
            }
        };
        if run_commands(commands, app, sink, diary)
            && let Err(e) = session.suspend()
        {
            let commands = app.terminate(Instant::now());
            run_commands(commands, app, sink, diary);
            return Err(format!("suspending: {e}"));
        }
        if app.quit {
            return Ok(None);
        }
    }
}
