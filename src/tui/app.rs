//! The app routes between the screens (`screens/`): it holds which one is shown and the overlay,
//! hands each action from the key table to that screen, and turns what the screen asks for and
//! the player's effects into [`Command`]s for the loop (sound, suspend, the diary). Pure: time, the
//! local wall-clock time and the sound's lead come in with each event as a [`Tick`]; the diary's
//! answers come back in through [`App::session_saved`], [`App::cramp_saved`] and
//! [`App::report_loaded`]. Rendering (`view`) reads this state and never changes it.

use std::time::Instant;

use jiff::civil::DateTime;
use ratatui::crossterm::event::MouseEvent;

use crate::store::{self, EntryChange};
use limber_core::diary::model::logged_message;
use limber_core::player::{Effect, Event, Phase, StageOutcome, Summary};
use limber_core::routine::remember::{Changes, Memory, NightChoice, Offer};
use limber_core::routine::{Routine, SideChoice, Values, expand, practice};

pub use super::command::{Command, Loaded, Played, Saved};
use super::keys::{Action, Mode, Spot};
use super::mouse::Hits;
pub use super::screens::Notice;
use super::screens::Tick;
pub use super::screens::cramp::{Asked, Cramp};
use super::screens::diary::{Reading, ReportView, Said};
pub use super::screens::finish::Finish;
pub use super::screens::help::{Help, HelpPage};
pub use super::screens::log_form::{Back, Field, FormAction, Log, LogForm};
pub use super::screens::picker::{Broken, Listing, Picked, Picker};
pub use super::screens::setup::{Setting, Setup};
pub use super::screens::timer::Run;
use super::screens::{quit, timer};

/// The setup screen for a routine, its legs, and whether it is practice.
fn setup_for(routine: Routine, values: Values, sides: SideChoice, practice: bool) -> Setup {
    let mut setup = Setup::new(routine, values);
    setup.sides = sides;
    if practice {
        setup.toggle_practice();
    }
    setup
}

/// One routine run, finished or not, for the caller (e.g. the diary).
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub routine_id: String,
    pub title: String,
    pub values: Values,
    pub sides: SideChoice,
    pub summary: Summary,
    pub outcomes: Vec<Option<StageOutcome>>,
    /// First aid rehearsed with no cramp.
    pub practice: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help(Help),
    ConfirmQuit,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Picker,
    Setup(Box<Setup>),
    Timer(Box<Run>),
    Finish(Finish),
    /// Logging a cramp.
    Log(Box<Log>),
    /// The diary report.
    Report(Box<ReportView>),
    /// "Where is the cramp?", then "Which leg?".
    Cramp(Box<Cramp>),
}

#[derive(Debug, Clone)]
pub struct App {
    /// The list of routines (kept while other screens show, to come back to).
    pub picker: Picker,
    pub screen: Screen,
    pub overlay: Overlay,
    pub night: bool,
    /// `false` when `NO_COLOR` is set.
    pub color: bool,
    pub muted: bool,
    pub runs: Vec<RunRecord>,
    pub quit: bool,
    /// The latest word from the diary, shown on the finish screen, the list and the log form.
    pub notice: Option<Notice>,
    /// The quit question paused the routine (it was running): "go on" resumes it.
    pub quit_paused: bool,
    /// The person has been on the list of routines (not only `limber play ID` or `limber
    /// cramp`): the quit question offers to go back to it.
    pub from_list: bool,
    /// Every diary problem, to repeat on standard error once the screen is given back.
    pub problems: Vec<String>,
    /// Where the last frame drew what, for taps and the wheel (written by drawing).
    pub hits: Hits,
    /// Each routine's settings and legs from the last time it was started (read by the shell),
    /// offered on its setup screen; kept up to date as routines start.
    pub memory: Memory,
    /// What this session changed in [`App::memory`] and night mode's last toggle, for the shell
    /// to write when the screen closes.
    pub remembered: Changes,
}

impl App {
    pub fn new(catalog: Vec<Routine>, night: bool, color: bool) -> Self {
        Self::with_listing(Listing::from(catalog), night, color)
    }

    /// The app over a [`Listing`]: the routines, the person's own marked, their broken files.
    pub fn with_listing(listing: Listing, night: bool, color: bool) -> Self {
        Self {
            picker: Picker::new(listing),
            screen: Screen::Picker,
            overlay: Overlay::None,
            night,
            color,
            muted: false,
            runs: Vec::new(),
            quit: false,
            notice: None,
            quit_paused: false,
            from_list: false,
            problems: Vec::new(),
            hits: Hits::default(),
            memory: Memory::default(),
            remembered: Changes::default(),
        }
    }

    /// The values and legs to offer for `routine` on setup: the ones remembered from last time
    /// (checked against the routine as it is now), else its own defaults.
    pub fn offer(&self, routine: &Routine) -> Option<Offer> {
        self.memory.offer(routine)
    }

    /// Opens a routine's setup with the values and legs remembered from last time, if any, else
    /// its defaults (the picker's Enter, `limber play ID`). `sets`: values from the command line,
    /// which win; `sides`: legs from the command line, which win.
    pub fn open_remembered(
        &mut self,
        routine: Routine,
        sets: &Values,
        sides: Option<SideChoice>,
        practice: bool,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        let offer = self.offer(&routine);
        let (mut values, mut chosen) = match &offer {
            Some(offer) => (offer.values.clone(), offer.sides),
            None => (routine.default_values(), SideChoice::default()),
        };
        values.extend(sets.iter().map(|(k, v)| (k.clone(), *v)));
        if let Some(sides) = sides {
            chosen = sides;
        }
        let commands = self.open_run(routine, values, chosen, practice, tick);
        if let Screen::Setup(setup) = &mut self.screen {
            setup.remembered = offer;
        }
        commands
    }

    /// Starts a routine with values and legs the person chose (setup's Enter, `--now`), and
    /// remembers them for next time once it has really started; a rehearsal is not remembered.
    pub fn start_chosen(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        practice: bool,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        let commands = self.start_run(routine, values, sides, practice, tick);
        if let Screen::Timer(run) = &self.screen
            && !run.practice
        {
            self.memory
                .chose(&run.routine, &run.values, run.sides, &mut self.remembered);
        }
        commands
    }

    /// Whether a routine needs the setup screen: it has params, sides or cautions.
    pub(crate) fn needs_setup(routine: &Routine) -> bool {
        !routine.params.is_empty() || routine.has_sides() || !routine.caution.is_empty()
    }

    /// Opens a routine: the setup screen when it needs one, else it starts at once.
    pub fn open(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        self.open_run(routine, values, sides, false, tick)
    }

    /// Opens a routine for a cramp, or (`practice`) as a rehearsal of its first aid.
    pub fn open_run(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        practice: bool,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        if Self::needs_setup(&routine) {
            self.screen = Screen::Setup(Box::new(setup_for(routine, values, sides, practice)));
            Vec::new()
        } else {
            self.start_run(routine, values, sides, practice, tick)
        }
    }

    /// Starts a routine now. An invalid choice of values (a plan too long) stays on setup with the
    /// reason.
    pub fn start(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        self.start_run(routine, values, sides, false, tick)
    }

    /// Starts a routine now for a cramp, or (`practice`) as a rehearsal: each step that waits for
    /// the cramp becomes a timed hold, with no cramp warning and no offer to log a cramp after.
    pub fn start_run(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        practice: bool,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        let tick = tick.into();
        let (routine, values) = if practice {
            (
                practice::routine(&routine),
                practice::values(&routine, &values),
            )
        } else {
            (routine, values)
        };
        let planned = if practice {
            practice::expand_practice(&routine, &values, sides)
        } else {
            expand(&routine, &values, sides)
        };
        let plan = match planned {
            Ok(plan) => plan,
            Err(diag) => {
                let mut setup = setup_for(routine, values, sides, practice);
                setup.error = Some(diag.message.clone());
                self.screen = Screen::Setup(Box::new(setup));
                return Vec::new();
            }
        };
        let now = tick.now + tick.sound_lead;
        let mut player = limber_core::player::Player::new(plan, now);
        let effects = player.handle(Event::Start, now);
        let played = Command::Played(Box::new(Played {
            event: Event::Start,
            effects: effects.clone(),
            player: player.clone(),
            now,
        }));
        let place = store::place_for_routine(&routine.id);
        self.screen = Screen::Timer(Box::new(Run {
            routine,
            values,
            sides,
            player,
            started_local: tick.local,
            text: timer::TextScroll::default(),
            practice,
            cautions: Vec::new(),
            place,
        }));
        self.overlay = Overlay::None;
        self.notice = None;
        let mut commands = vec![played];
        commands.extend(self.apply_effects(effects, &tick.with_now(now)));
        commands
    }

    /// Starts a place's first aid at once (`limber cramp`): as [`App::start_run`], with the
    /// routine's cautions at the top of its first step, since no setup screen showed them.
    pub fn start_first_aid(
        &mut self,
        routine: Routine,
        sides: SideChoice,
        spot: Spot,
        practice: bool,
        tick: impl Into<Tick>,
    ) -> Vec<Command> {
        let cautions = routine.caution.clone();
        let values = routine.default_values();
        let commands = self.start_run(routine, values, sides, practice, tick);
        if let Screen::Timer(run) = &mut self.screen {
            run.cautions = cautions;
            run.place = spot.place();
        }
        commands
    }

    /// The action a tap or a turn of the wheel asks for, from what the last frame drew where
    /// (then [`App::update`], as for a key).
    pub fn pointer(&self, event: &MouseEvent) -> Option<Action> {
        self.hits.action(self.mode(), event)
    }

    /// Which key table applies now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::Help(_) => return Mode::Help,
            Overlay::ConfirmQuit => return Mode::Confirm,
            Overlay::None => {}
        }
        match &self.screen {
            Screen::Picker => self.picker.mode(),
            Screen::Setup(_) => Mode::Setup,
            Screen::Timer(_) => Mode::Timer,
            Screen::Finish(_) => Mode::Finish,
            Screen::Log(_) => Mode::Form,
            Screen::Report(_) => Mode::Report,
            Screen::Cramp(cramp) => cramp.mode(),
        }
    }

    /// All tags in the catalog, in order of first appearance.
    pub fn tags(&self) -> Vec<&str> {
        self.picker.tags()
    }

    /// Indices into the catalog of the routines the picker shows.
    pub fn visible(&self) -> Vec<usize> {
        self.picker.visible()
    }

    pub fn run(&self) -> Option<&Run> {
        match &self.screen {
            Screen::Timer(run) => Some(run),
            _ => None,
        }
    }

    /// When the loop should wake by itself: the player's next deadline or the next change of a
    /// shown second, whichever is first. `None`: sleep until a key.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        self.run()?.next_wake(now)
    }

    /// Time passed: let the player fire what is due.
    pub fn tick(&mut self, tick: impl Into<Tick>) -> Vec<Command> {
        self.player_event(Event::Tick, &tick.into())
    }

    fn player_event(&mut self, event: Event, tick: &Tick) -> Vec<Command> {
        let Screen::Timer(run) = &mut self.screen else {
            return Vec::new();
        };
        let Some(played) = run.play(event, tick) else {
            return Vec::new(); // nothing happened
        };
        let effects = played.effects.clone();
        let at = tick.with_now(played.now);
        let mut commands = vec![Command::Played(Box::new(played))];
        commands.extend(self.apply_effects(effects, &at));
        commands
    }

    /// Turns the player's effects into commands, and moves to the finish screen at the end.
    fn apply_effects(&mut self, effects: Vec<Effect>, tick: &Tick) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut finished = false;
        for effect in effects {
            match effect {
                // Cues and stage changes reach the sound through `Command::Played`; the player
                // keeps the warning, and the timer screen shows it.
                Effect::Cue(_) | Effect::StageChanged(_) | Effect::Warning(_) => {}
                Effect::Finished => finished = true,
            }
        }
        if finished {
            commands.extend(self.end_run(tick));
        }
        commands
    }

    /// Records the current run (in [`App::runs`], and for the diary) and shows the finish screen.
    fn end_run(&mut self, tick: &Tick) -> Vec<Command> {
        let Some(record) = self.record_run(tick) else {
            return Vec::new();
        };
        let Screen::Timer(run) = &self.screen else {
            return Vec::new();
        };
        if self.overlay == Overlay::ConfirmQuit {
            self.overlay = Overlay::None;
        }
        let title = if run.practice {
            format!("{} (practice)", run.routine.title)
        } else {
            run.routine.title.clone()
        };
        let finish = Finish {
            title,
            summary: run.player.summary(tick.now),
            routine_id: run.routine.id.clone(),
            sides: run.sides,
            started: run.started_local,
            // A rehearsal had no cramp to log.
            offer: store::is_first_aid(&run.routine.tags) && !run.practice,
            session: None,
            place: run.place,
            first_aid: store::is_first_aid(&run.routine.tags) && !run.practice,
        };
        self.screen = Screen::Finish(finish);
        vec![record]
    }

    /// Adds the run in progress to [`App::runs`]; the command that writes it in the diary.
    fn record_run(&mut self, tick: &Tick) -> Option<Command> {
        let Screen::Timer(run) = &self.screen else {
            return None;
        };
        let summary = run.player.summary(tick.now);
        let mut session = store::session_of(
            &run.routine.id,
            &run.routine.title,
            &run.values,
            &summary,
            run.started_local,
            tick.local,
        );
        session.practice = run.practice;
        self.runs.push(RunRecord {
            routine_id: run.routine.id.clone(),
            title: run.routine.title.clone(),
            values: run.values.clone(),
            sides: run.sides,
            summary,
            outcomes: run.player.outcomes().to_vec(),
            practice: run.practice,
        });
        Some(Command::RecordSession(Box::new(session)))
    }

    /// Leaves at once, recording the run in progress (Ctrl-C, SIGTERM, SIGHUP). The commands
    /// write it in the diary.
    pub fn terminate(&mut self, tick: impl Into<Tick>) -> Vec<Command> {
        let commands = self.record_run(&tick.into()).into_iter().collect();
        self.quit = true;
        commands
    }

    /// The diary's answer to [`Command::RecordSession`].
    pub fn session_saved(&mut self, result: Saved) -> Vec<Command> {
        match result {
            Ok((id, aside)) => {
                if let Screen::Finish(finish) = &mut self.screen {
                    finish.session.get_or_insert(id);
                }
                self.notice = Some(match aside {
                    Some(aside) => self.problem(aside),
                    None => Notice {
                        text: "Saved in your diary.".into(),
                        problem: false,
                    },
                });
            }
            Err(message) => {
                self.notice = Some(self.problem(format!("This routine was not saved: {message}")));
            }
        }
        Vec::new()
    }

    /// The diary's answer to [`Command::SaveCramp`].
    pub fn cramp_saved(&mut self, result: Saved) -> Vec<Command> {
        let Screen::Log(log) = &mut self.screen else {
            return Vec::new();
        };
        match result {
            Ok((id, aside)) => {
                let logged = match log.form.entry() {
                    Ok(entry) => logged_message(&entry, id),
                    Err(_) => format!("Logged cramp {id}."),
                };
                let back = log.back.clone();
                // The form's own "now": when it was opened, as close as the app knows.
                let local = log.form.now;
                self.notice = Some(match aside {
                    Some(aside) => self.problem(format!("{logged} ({aside})")),
                    None => Notice {
                        text: logged,
                        problem: false,
                    },
                });
                self.leave_form(back, true, local)
            }
            Err(message) => {
                log.form.error =
                    Some("Not saved (see below): Enter tries again, Esc leaves".into());
                self.notice = Some(self.problem(format!("The cramp was not saved: {message}")));
                Vec::new()
            }
        }
    }

    /// The diary's answer to [`Command::LoadReport`].
    pub fn report_loaded(&mut self, result: Loaded) -> Vec<Command> {
        let Screen::Report(view) = &mut self.screen else {
            return Vec::new();
        };
        match view.loaded(result) {
            Some(Said::Aside(aside)) => self.notice = Some(self.problem(aside)),
            Some(Said::Unread(message)) => self
                .problems
                .push(format!("the diary could not be read: {message}")),
            None => {}
        }
        Vec::new()
    }

    /// The diary's answer to [`Command::ChangeCramp`]: a corrected entry leaves the form, a
    /// deleted one can be brought back with `u`; the report is read again to show it.
    pub fn cramp_changed(&mut self, change: &EntryChange, result: Saved) -> Vec<Command> {
        let (id, aside) = match result {
            Ok(done) => done,
            Err(message) => {
                let what = match change {
                    EntryChange::Edit(_) => "corrected",
                    EntryChange::Delete => "deleted",
                    EntryChange::Restore => "brought back",
                };
                if let Screen::Log(log) = &mut self.screen {
                    log.form.error =
                        Some("Not saved (see below): Enter tries again, Esc leaves".into());
                }
                self.notice = Some(self.problem(format!("The entry was not {what}: {message}")));
                return Vec::new();
            }
        };
        let text = match change {
            EntryChange::Edit(_) => format!("Entry {id} corrected."),
            EntryChange::Delete => format!("Deleted entry {id}: u brings it back."),
            EntryChange::Restore => format!("Entry {id} is back."),
        };
        self.notice = Some(match aside {
            Some(aside) => self.problem(format!("{text} ({aside})")),
            None => Notice {
                text,
                problem: false,
            },
        });
        match &mut self.screen {
            Screen::Log(log) => {
                let (back, local) = (log.back.clone(), log.form.now);
                self.leave_form(back, true, local)
            }
            Screen::Report(view) => {
                view.deleted = match change {
                    EntryChange::Delete => Some(id),
                    _ => None,
                };
                vec![Command::LoadReport(view.as_of)]
            }
            _ => Vec::new(),
        }
    }

    /// A diary problem: kept for standard error, and shown.
    fn problem(&mut self, text: String) -> Notice {
        self.problems.push(text.clone());
        Notice {
            text,
            problem: true,
        }
    }

    /// Opens the diary report (read by the shell).
    fn open_report(&mut self, local: DateTime) -> Vec<Command> {
        let mut view = ReportView::new();
        view.as_of = local;
        self.screen = Screen::Report(Box::new(view));
        vec![Command::LoadReport(local)]
    }

    /// Opens the log form: filled in from the routine just played when it was first aid, else
    /// empty.
    fn open_form(&mut self, tick: &Tick) {
        let (form, back) = match &self.screen {
            Screen::Finish(finish) if finish.offer => {
                self.notice = None;
                self.screen = Screen::Log(Box::new(Log::after_first_aid(finish, tick.local)));
                return;
            }
            Screen::Finish(_) => return,
            Screen::Report(_) => (LogForm::new(tick.local), Back::Report),
            _ => (LogForm::new(tick.local), Back::Picker),
        };
        self.notice = None;
        self.screen = Screen::Log(Box::new(Log { form, back }));
    }

    /// Back from the log form; `logged`: the cramp was saved (a finish screen's offer is done,
    /// a report is read again to show it).
    fn leave_form(&mut self, back: Back, logged: bool, local: DateTime) -> Vec<Command> {
        match back {
            Back::Picker => self.screen = Screen::Picker,
            // Read again: a new cramp shows at once.
            Back::Report => return self.open_report(local),
            Back::Finish(mut finish) => {
                finish.offer &= !logged;
                self.screen = Screen::Finish(finish);
            }
        }
        Vec::new()
    }

    /// Whether the quit question offers "back to the list": the routine was started from it.
    pub(crate) fn offers_list(&self) -> bool {
        self.from_list && !self.picker.catalog.is_empty()
    }

    /// `limber cramp` (`practice`: `--practice`): "Where is the cramp?" first, not from the list.
    pub fn cramp_now(&mut self, practice: bool) {
        self.notice = None;
        self.screen = Screen::Cramp(Box::new(if practice {
            Cramp::practising()
        } else {
            Cramp::default()
        }));
    }

    /// Handles one action.
    pub fn update(&mut self, action: Action, tick: impl Into<Tick>) -> Vec<Command> {
        let tick = tick.into();
        // A key on the list: what starts from here was started from the list.
        if matches!(self.screen, Screen::Picker) && self.overlay == Overlay::None {
            self.from_list = true;
        }
        // Anything that changes the player first catches it up to now.
        let mut commands = self.tick(tick);
        match action {
            Action::QuitNow => commands.extend(self.terminate(tick)),
            Action::Suspend => {
                if self
                    .run()
                    .is_some_and(|r| r.player.phase() == Phase::Running)
                {
                    commands.extend(self.player_event(Event::Pause, &tick));
                    commands.push(Command::PauseSound);
                }
                commands.push(Command::Suspend);
            }
            Action::Help => self.overlay = Overlay::Help(Help::new()),
            Action::Night => {
                self.night = !self.night;
                self.remembered.night = Some(NightChoice {
                    on: self.night,
                    at: tick.local,
                });
                commands.push(Command::Night(self.night));
            }
            Action::Mute => {
                self.muted = !self.muted;
                commands.push(Command::Mute(self.muted));
            }
            Action::AskQuit => {
                if self.run().is_some() {
                    // The clock stands still while the question is asked.
                    self.quit_paused = false;
                    if self
                        .run()
                        .is_some_and(|r| r.player.phase() == Phase::Running)
                    {
                        commands.extend(self.player_event(Event::Pause, &tick));
                        commands.push(Command::PauseSound);
                        self.quit_paused = true;
                    }
                    self.overlay = Overlay::ConfirmQuit;
                } else {
                    self.quit = true;
                }
            }
            Action::Quit => self.quit = true,
            Action::ToPicker => {
                if self.picker.catalog.is_empty() {
                    self.quit = true;
                } else {
                    self.screen = Screen::Picker;
                    self.notice = None;
                }
            }
            Action::LogCramp => self.open_form(&tick),
            Action::CrampNow => {
                self.notice = None;
                self.screen = Screen::Cramp(Box::default());
            }
            Action::Practise => match &mut self.screen {
                Screen::Setup(setup) => setup.toggle_practice(),
                Screen::Picker => {
                    self.notice = None;
                    self.screen = Screen::Cramp(Box::new(Cramp::practising()));
                }
                _ => {}
            },
            _ => commands.extend(self.route(action, &tick)),
        }
        commands
    }

    /// Hands an action to the overlay or the screen shown, and does what it asks.
    fn route(&mut self, action: Action, tick: &Tick) -> Vec<Command> {
        match &mut self.overlay {
            Overlay::Help(help) => {
                if !help.handle(action) {
                    self.overlay = Overlay::None;
                }
                return Vec::new();
            }
            Overlay::ConfirmQuit => {
                let has_list = self.offers_list();
                return match quit::answer(action, has_list) {
                    Some(quit::Answer::Quit) => self.terminate(*tick),
                    Some(quit::Answer::ToList) => {
                        self.overlay = Overlay::None;
                        self.quit_paused = false;
                        let commands = self.record_run(tick).into_iter().collect();
                        self.screen = Screen::Picker;
                        self.notice = None;
                        commands
                    }
                    Some(quit::Answer::GoOn) => {
                        self.overlay = Overlay::None;
                        let mut commands = Vec::new();
                        if std::mem::take(&mut self.quit_paused) {
                            commands.extend(self.player_event(Event::Resume, tick));
                            commands.push(Command::ResumeSound);
                        }
                        commands
                    }
                    None => Vec::new(),
                };
            }
            Overlay::None => {}
        }
        match &mut self.screen {
            Screen::Picker => match self.picker.handle(action) {
                Picked::Stay => Vec::new(),
                Picked::Open(routine) => {
                    self.open_remembered(*routine, &Values::new(), None, false, *tick)
                }
                Picked::Quit => {
                    self.quit = true;
                    Vec::new()
                }
                Picked::Report => {
                    self.notice = None;
                    self.open_report(tick.local)
                }
                Picked::Practise => {
                    self.notice = None;
                    self.screen = Screen::Cramp(Box::new(Cramp::practising()));
                    Vec::new()
                }
            },
            Screen::Setup(setup) => match setup.handle(action) {
                Setting::Stay => Vec::new(),
                Setting::Start => {
                    let setup = (**setup).clone();
                    self.start_chosen(
                        setup.routine,
                        setup.values,
                        setup.sides,
                        setup.practice,
                        *tick,
                    )
                }
                Setting::Back => {
                    if self.picker.catalog.is_empty() {
                        self.quit = true;
                    } else {
                        self.screen = Screen::Picker;
                    }
                    Vec::new()
                }
            },
            Screen::Timer(run) => {
                if run.text.handle(action) {
                    return Vec::new();
                }
                let Some(event) = run.event_for(action) else {
                    return Vec::new();
                };
                let paused = run.player.phase() == Phase::Paused;
                let mut commands = self.player_event(event, tick);
                let phase_now = self.run().map(|r| r.player.phase());
                if !paused && phase_now == Some(Phase::Paused) {
                    commands.push(Command::PauseSound);
                } else if paused && phase_now == Some(Phase::Running) {
                    commands.push(Command::ResumeSound);
                }
                commands
            }
            Screen::Log(log) => match log.form.handle(action) {
                FormAction::Continue => Vec::new(),
                // The form stays until the diary answers (App::cramp_saved, cramp_changed).
                FormAction::Save(entry) => match log.form.editing {
                    Some(id) => vec![Command::ChangeCramp(id, Box::new(EntryChange::Edit(entry)))],
                    None => vec![Command::SaveCramp(Box::new(entry))],
                },
                FormAction::Cancel => {
                    let back = log.back.clone();
                    self.notice = None;
                    self.leave_form(back, false, tick.local)
                }
            },
            Screen::Report(view) => match view.handle(action) {
                Reading::Stay => Vec::new(),
                Reading::Leave => {
                    self.screen = Screen::Picker;
                    self.notice = None;
                    Vec::new()
                }
                Reading::Edit(cramp) => {
                    self.notice = None;
                    self.screen = Screen::Log(Box::new(Log {
                        form: LogForm::correcting(tick.local, &cramp),
                        back: Back::Report,
                    }));
                    Vec::new()
                }
                Reading::Delete(id) => {
                    vec![Command::ChangeCramp(id, Box::new(EntryChange::Delete))]
                }
                Reading::Restore(id) => {
                    vec![Command::ChangeCramp(id, Box::new(EntryChange::Restore))]
                }
            },
            Screen::Cramp(cramp) => match cramp.handle(action, &self.picker.catalog) {
                Asked::Stay => Vec::new(),
                Asked::Start(routine, sides, spot) => {
                    let practice = cramp.practice;
                    self.start_first_aid(*routine, sides, spot, practice, *tick)
                }
                Asked::Back => {
                    self.screen = Screen::Picker;
                    Vec::new()
                }
            },
            Screen::Finish(_) => Vec::new(),
        }
    }
}
