//! The app's state and how actions change it. Pure: time comes in as `now` (and the local
//! wall-clock time as [`App::local`], set by the loop), and what the shell must do (sound,
//! suspend, the diary) comes back as [`Command`]s. The diary's answers come back in through
//! [`App::session_saved`], [`App::cramp_saved`] and [`App::report_loaded`]. Rendering reads this
//! state and never changes it.

use std::time::{Duration, Instant};

use jiff::civil::DateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::commands::diary::logged_message;
use crate::store::view::{Field, FormAction, LogForm};
use crate::store::{self, NewCramp, NewSession, Report, Side};
use limber_core::player::{Effect, Event, Outcome, Phase, Player, Summary};
use limber_core::routine::values::parse_value;
use limber_core::routine::{ParamKind, Routine, SideChoice, Stage, Values, expand};

use super::keys::{Action, Mode};

/// What the event loop must carry out after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// The player handled an event: its effects, for the sound (cues, a stage to announce).
    Played(Box<Played>),
    PauseSound,
    ResumeSound,
    Mute(bool),
    Night(bool),
    /// Give the terminal back and stop the process until it is continued.
    Suspend,
    /// Write a routine played (finished or stopped) in the diary; the answer goes to
    /// [`App::session_saved`].
    RecordSession(Box<NewSession>),
    /// Write a cramp in the diary; the answer goes to [`App::cramp_saved`].
    SaveCramp(Box<NewCramp>),
    /// Read the diary and build its report as of this local time; the answer goes to
    /// [`App::report_loaded`].
    LoadReport(DateTime),
}

/// A player event and what came of it, with the player as it is after it (cheap to clone: the
/// plan is shared), so the sound can look ahead and place cues at their moment.
#[derive(Debug, Clone)]
pub struct Played {
    pub event: Event,
    pub effects: Vec<Effect>,
    pub player: Player,
    pub now: Instant,
}

/// The same event with the same effects at the same moment, leaving the player at the same place.
impl PartialEq for Played {
    fn eq(&self, other: &Self) -> bool {
        self.event == other.event
            && self.effects == other.effects
            && self.now == other.now
            && self.player.index() == other.player.index()
            && self.player.phase() == other.player.phase()
    }
}

/// The diary's answer to a write: the entry's id and, if a bad diary file was set aside while
/// opening, what to tell the person; or what went wrong, worded for people.
pub type Saved = Result<(i64, Option<String>), String>;

/// The diary's answer to [`Command::LoadReport`].
pub type Loaded = Result<(Report, Option<String>), String>;

/// A line about the diary for the person: saved, logged, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// Something went wrong (or a file was set aside): shown as an alert.
    pub problem: bool,
}

/// One routine run, finished or not, for the caller (e.g. the diary).
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub routine_id: String,
    pub title: String,
    pub values: Values,
    pub sides: SideChoice,
    pub summary: Summary,
    pub outcomes: Vec<Option<Outcome>>,
}

/// The help overlay's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Keys,
    Doctor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help(HelpPage),
    ConfirmQuit,
}

/// The picker's state: a filter typed with `/`, a tag, and the selected row of what is visible.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    pub typing: bool,
    /// Index into [`App::tags`]; `None` for all.
    pub tag: Option<usize>,
    /// Row in the visible list.
    pub selected: usize,
}

/// Choosing param values and legs before a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub routine: Routine,
    pub values: Values,
    pub sides: SideChoice,
    /// Row: params first, then the legs when the routine has sides.
    pub field: usize,
    /// Digits being typed for the selected param.
    pub typing: Option<String>,
    pub error: Option<String>,
}

impl Setup {
    pub fn new(routine: Routine, values: Values) -> Self {
        Self {
            routine,
            values,
            sides: SideChoice::default(),
            field: 0,
            typing: None,
            error: None,
        }
    }

    pub fn fields(&self) -> usize {
        self.routine.params.len() + usize::from(self.routine.has_sides())
    }

    /// The plan these choices make, if it is valid.
    pub fn plan_seconds(&self) -> Option<(u64, usize, bool)> {
        let plan = expand(&self.routine, &self.values, self.sides).ok()?;
        let waits = plan.stages.iter().any(Stage::waits);
        Some((plan.total_seconds(), plan.stages.len(), waits))
    }

    fn step(&mut self, up: bool) {
        self.commit_typing();
        let index = self.field;
        if let Some(param) = self.routine.params.get(index) {
            let current = self
                .values
                .get(&param.name)
                .copied()
                .unwrap_or(param.default);
            let step = match param.kind {
                ParamKind::Count => 1,
                ParamKind::Duration if current < 60 || (current == 60 && !up) => 5,
                ParamKind::Duration if current < 300 || (current == 300 && !up) => 15,
                ParamKind::Duration => 60,
            };
            let (lo, hi) = param.bounds();
            let next = if up {
                current.saturating_add(step)
            } else {
                current.saturating_sub(step)
            };
            self.values.insert(param.name.clone(), next.clamp(lo, hi));
            self.error = None;
        } else if index == self.routine.params.len() {
            let all = SideChoice::ALL;
            let at = all.iter().position(|s| *s == self.sides).unwrap_or(0);
            let next = if up { at + 1 } else { at + all.len() - 1 } % all.len();
            self.sides = all[next];
        }
    }

    /// Applies typed digits to the selected param; a bad value stays as an error to show.
    fn commit_typing(&mut self) -> bool {
        let Some(text) = self.typing.take() else {
            return true;
        };
        let Some(param) = self.routine.params.get(self.field) else {
            return true;
        };
        if text.is_empty() {
            return true;
        }
        match parse_value(&self.routine, &param.name, &text) {
            Ok(value) => {
                self.values.insert(param.name.clone(), value);
                self.error = None;
                true
            }
            Err(message) => {
                self.error = Some(message);
                false
            }
        }
    }
}

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

/// The finish screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    pub title: String,
    pub summary: Summary,
    pub routine_id: String,
    pub sides: SideChoice,
    /// Local wall-clock time the routine started: the cramp it eased was happening then.
    pub started: DateTime,
    /// A first-aid routine whose cramp is not logged yet: `l` offers the log form.
    pub offer: bool,
    /// The run's id in the diary once written, to link a cramp logged after it.
    pub session: Option<i64>,
}

/// Where the log form goes back to.
#[derive(Debug, Clone, PartialEq)]
pub enum Back {
    Picker,
    Report,
    Finish(Finish),
}

/// The cramp log form inside the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    pub form: LogForm,
    pub back: Back,
}

/// The diary report screen: the report once read, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// `None` until the diary has been read (or when it could not be).
    pub report: Option<Report>,
    pub error: Option<String>,
    /// Rows the text under the chart is scrolled.
    pub scroll: u16,
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
}

#[derive(Debug, Clone)]
pub struct App {
    /// The routines the picker offers; empty when limber was asked to play one routine.
    pub catalog: Vec<Routine>,
    pub picker: Picker,
    pub screen: Screen,
    pub overlay: Overlay,
    pub night: bool,
    /// `false` when `NO_COLOR` is set.
    pub color: bool,
    pub muted: bool,
    /// A line from the sound side ("sound: off (no output device)"), shown in the timer's header.
    pub sound_status: Option<String>,
    pub runs: Vec<RunRecord>,
    /// Lines scrolled on the help overlay.
    pub help_scroll: u16,
    pub quit: bool,
    /// The local wall-clock time, set by the loop before each action: the diary's dates.
    pub local: DateTime,
    /// How long a chime asked for now would wait for the sound already queued; a stage begun by a
    /// key starts that much later, with its chime. Set by the loop before each event.
    pub sound_lead: Duration,
    /// The latest word from the diary, shown on the finish screen, the list and the log form.
    pub notice: Option<Notice>,
    /// Every diary problem, to repeat on standard error once the screen is given back.
    pub problems: Vec<String>,
}

impl App {
    pub fn new(catalog: Vec<Routine>, night: bool, color: bool) -> Self {
        Self {
            catalog,
            picker: Picker::default(),
            screen: Screen::Picker,
            overlay: Overlay::None,
            night,
            color,
            muted: false,
            sound_status: None,
            runs: Vec::new(),
            help_scroll: 0,
            quit: false,
            local: DateTime::default(),
            sound_lead: Duration::ZERO,
            notice: None,
            problems: Vec::new(),
        }
    }

    /// Whether a routine needs the setup screen: it has params, sides or cautions.
    pub fn needs_setup(routine: &Routine) -> bool {
        !routine.params.is_empty() || routine.has_sides() || !routine.caution.is_empty()
    }

    /// Opens a routine: the setup screen when it needs one, else it starts at once.
    pub fn open(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        now: Instant,
    ) -> Vec<Command> {
        if Self::needs_setup(&routine) {
            let mut setup = Setup::new(routine, values);
            setup.sides = sides;
            self.screen = Screen::Setup(Box::new(setup));
            Vec::new()
        } else {
            self.start(routine, values, sides, now)
        }
    }

    /// Starts a routine now. An invalid choice of values (a plan too long) stays on setup with the
    /// reason.
    pub fn start(
        &mut self,
        routine: Routine,
        values: Values,
        sides: SideChoice,
        now: Instant,
    ) -> Vec<Command> {
        let plan = match expand(&routine, &values, sides) {
            Ok(plan) => plan,
            Err(diag) => {
                let mut setup = Setup::new(routine, values);
                setup.sides = sides;
                setup.error = Some(diag.message.clone());
                self.screen = Screen::Setup(Box::new(setup));
                return Vec::new();
            }
        };
        let now = now + self.sound_lead;
        let mut player = Player::new(plan, now);
        let effects = player.handle(Event::Start, now);
        let played = Command::Played(Box::new(Played {
            event: Event::Start,
            effects: effects.clone(),
            player: player.clone(),
            now,
        }));
        self.screen = Screen::Timer(Box::new(Run {
            routine,
            values,
            sides,
            player,
            started_local: self.local,
        }));
        self.overlay = Overlay::None;
        self.notice = None;
        let mut commands = vec![played];
        commands.extend(self.carry_out(effects, now));
        commands
    }

    /// Which key table applies now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::Help(_) => return Mode::Help,
            Overlay::ConfirmQuit => return Mode::Confirm,
            Overlay::None => {}
        }
        match &self.screen {
            Screen::Picker if self.picker.typing => Mode::Filter,
            Screen::Picker => Mode::Picker,
            Screen::Setup(_) => Mode::Setup,
            Screen::Timer(_) => Mode::Timer,
            Screen::Finish(_) => Mode::Finish,
            Screen::Log(_) => Mode::Form,
            Screen::Report(_) => Mode::Report,
        }
    }

    /// All tags in the catalog, in order of first appearance.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for tag in self.catalog.iter().flat_map(|r| r.tags.iter()) {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
        tags
    }

    /// Indices into the catalog of the routines the picker shows.
    pub fn visible(&self) -> Vec<usize> {
        let tags = self.tags();
        let tag = self.picker.tag.and_then(|t| tags.get(t)).copied();
        let query = self.picker.query.to_lowercase();
        self.catalog
            .iter()
            .enumerate()
            .filter(|(_, r)| tag.is_none_or(|t| r.tags.iter().any(|x| x == t)))
            .filter(|(_, r)| {
                query.is_empty()
                    || [&r.title, &r.summary, &r.id]
                        .iter()
                        .any(|s| s.to_lowercase().contains(&query))
                    || r.tags.iter().any(|s| s.to_lowercase().contains(&query))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The routine under the picker's cursor.
    pub fn selected(&self) -> Option<&Routine> {
        let visible = self.visible();
        visible
            .get(self.picker.selected.min(visible.len().saturating_sub(1)))
            .and_then(|i| self.catalog.get(*i))
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
        let run = self.run()?;
        let player = &run.player;
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

    /// Time passed: let the player fire what is due.
    pub fn tick(&mut self, now: Instant) -> Vec<Command> {
        self.player_event(Event::Tick, now)
    }

    fn player_event(&mut self, event: Event, now: Instant) -> Vec<Command> {
        let Screen::Timer(run) = &mut self.screen else {
            return Vec::new();
        };
        let now = if crate::plain::begins_a_stage(event) {
            now + self.sound_lead
        } else {
            now
        };
        let effects = run.player.handle(event, now);
        if effects.is_empty() && event == Event::Tick {
            return Vec::new(); // nothing happened
        }
        let played = Command::Played(Box::new(Played {
            event,
            effects: effects.clone(),
            player: run.player.clone(),
            now,
        }));
        let mut commands = vec![played];
        commands.extend(self.carry_out(effects, now));
        commands
    }

    /// Turns the player's effects into commands, and moves to the finish screen at the end.
    fn carry_out(&mut self, effects: Vec<Effect>, now: Instant) -> Vec<Command> {
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
            commands.extend(self.end_run(now));
        }
        commands
    }

    /// Records the current run (in [`App::runs`], and for the diary) and shows the finish screen.
    fn end_run(&mut self, now: Instant) -> Vec<Command> {
        let Some(record) = self.record_run(now) else {
            return Vec::new();
        };
        let Screen::Timer(run) = &self.screen else {
            return Vec::new();
        };
        if self.overlay == Overlay::ConfirmQuit {
            self.overlay = Overlay::None;
        }
        let finish = Finish {
            title: run.routine.title.clone(),
            summary: run.player.summary(now),
            routine_id: run.routine.id.clone(),
            sides: run.sides,
            started: run.started_local,
            offer: store::is_first_aid(&run.routine.tags),
            session: None,
        };
        self.screen = Screen::Finish(finish);
        vec![record]
    }

    /// Adds the run in progress to [`App::runs`]; the command that writes it in the diary.
    fn record_run(&mut self, now: Instant) -> Option<Command> {
        let Screen::Timer(run) = &self.screen else {
            return None;
        };
        let summary = run.player.summary(now);
        let session = store::session_of(
            &run.routine.id,
            &run.routine.title,
            &run.values,
            &summary,
            run.started_local,
            self.local,
        );
        self.runs.push(RunRecord {
            routine_id: run.routine.id.clone(),
            title: run.routine.title.clone(),
            values: run.values.clone(),
            sides: run.sides,
            summary,
            outcomes: run.player.outcomes().to_vec(),
        });
        Some(Command::RecordSession(Box::new(session)))
    }

    /// Leaves at once, recording the run in progress (Ctrl-C, SIGTERM, SIGHUP). The commands
    /// write it in the diary.
    pub fn terminate(&mut self, now: Instant) -> Vec<Command> {
        let commands = self.record_run(now).into_iter().collect();
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
                self.notice = Some(match aside {
                    Some(aside) => self.problem(format!("{logged} ({aside})")),
                    None => Notice {
                        text: logged,
                        problem: false,
                    },
                });
                self.leave_form(back, true)
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
        match result {
            Ok((report, aside)) => {
                view.report = Some(report);
                view.error = None;
                if let Some(aside) = aside {
                    self.notice = Some(self.problem(aside));
                }
            }
            Err(message) => {
                view.report = None;
                view.error = Some(message.clone());
                self.problems
                    .push(format!("the diary could not be read: {message}"));
            }
        }
        Vec::new()
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
    fn open_report(&mut self) -> Vec<Command> {
        self.screen = Screen::Report(Box::new(ReportView {
            report: None,
            error: None,
            scroll: 0,
        }));
        vec![Command::LoadReport(self.local)]
    }

    /// Opens the log form: filled in from the routine just played when it was first aid, else
    /// empty.
    fn open_form(&mut self) {
        let (form, back) = match &self.screen {
            Screen::Finish(finish) if finish.offer => {
                let mut form = LogForm::after_routine(
                    self.local,
                    finish.summary.manual,
                    finish.session,
                    store::place_for_routine(&finish.routine_id),
                    &finish.title,
                );
                // The cramp was happening when the routine began; the time after the step
                // that waited for it to pass is not part of it.
                form.when = finish
                    .started
                    .min(self.local)
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string();
                if finish.summary.manual.is_zero() {
                    form.lasted.clear();
                }
                form.side = match finish.sides {
                    SideChoice::LeftOnly => Some(Side::Left),
                    SideChoice::RightOnly => Some(Side::Right),
                    SideChoice::LeftFirst | SideChoice::RightFirst => None,
                };
                // Start where an answer is needed.
                form.focus = if form.place.is_none() {
                    Field::Place
                } else if form.side.is_none() {
                    Field::Side
                } else {
                    Field::Strength
                };
                (form, Back::Finish(finish.clone()))
            }
            Screen::Finish(_) => return,
            Screen::Report(_) => (LogForm::new(self.local), Back::Report),
            _ => (LogForm::new(self.local), Back::Picker),
        };
        self.notice = None;
        self.screen = Screen::Log(Box::new(Log { form, back }));
    }

    /// Back from the log form; `logged`: the cramp was saved (a finish screen's offer is done,
    /// a report is read again to show it).
    fn leave_form(&mut self, back: Back, logged: bool) -> Vec<Command> {
        match back {
            Back::Picker => self.screen = Screen::Picker,
            // Read again: a new cramp shows at once.
            Back::Report => return self.open_report(),
            Back::Finish(mut finish) => {
                finish.offer &= !logged;
                self.screen = Screen::Finish(finish);
            }
        }
        Vec::new()
    }

    /// Handles one action at `now`.
    pub fn update(&mut self, action: Action, now: Instant) -> Vec<Command> {
        // Anything that changes the player first catches it up to now.
        let mut commands = self.tick(now);
        match action {
            Action::QuitNow => commands.extend(self.terminate(now)),
            Action::Suspend => {
                if self
                    .run()
                    .is_some_and(|r| r.player.phase() == Phase::Running)
                {
                    commands.extend(self.player_event(Event::Pause, now));
                    commands.push(Command::PauseSound);
                }
                commands.push(Command::Suspend);
            }
            Action::Help => {
                self.overlay = Overlay::Help(HelpPage::Keys);
                self.help_scroll = 0;
            }
            Action::Up | Action::Down if self.mode() == Mode::Help => {
                self.help_scroll = if action == Action::Up {
                    self.help_scroll.saturating_sub(1)
                } else {
                    self.help_scroll.saturating_add(1).min(200)
                };
            }
            Action::HelpPage => {
                self.help_scroll = 0;
                self.overlay = match self.overlay {
                    Overlay::Help(HelpPage::Keys) => Overlay::Help(HelpPage::Doctor),
                    _ => Overlay::Help(HelpPage::Keys),
                }
            }
            Action::CloseHelp => self.overlay = Overlay::None,
            Action::Night => {
                self.night = !self.night;
                commands.push(Command::Night(self.night));
            }
            Action::Mute => {
                self.muted = !self.muted;
                commands.push(Command::Mute(self.muted));
            }
            Action::AskQuit => {
                if self.run().is_some() {
                    self.overlay = Overlay::ConfirmQuit;
                } else {
                    self.quit = true;
                }
            }
            Action::Yes => commands.extend(self.terminate(now)),
            Action::No => self.overlay = Overlay::None,
            Action::Quit => self.quit = true,
            Action::ToPicker => {
                if self.catalog.is_empty() {
                    self.quit = true;
                } else {
                    self.screen = Screen::Picker;
                    self.notice = None;
                }
            }
            Action::LogCramp => self.open_form(),
            _ => match self.mode() {
                Mode::Picker | Mode::Filter => commands.extend(self.picker_action(action, now)),
                Mode::Setup => commands.extend(self.setup_action(action, now)),
                Mode::Timer => commands.extend(self.timer_action(action, now)),
                Mode::Form => commands.extend(self.form_action(action)),
                Mode::Report => self.report_action(action),
                _ => {}
            },
        }
        commands
    }

    fn picker_action(&mut self, action: Action, now: Instant) -> Vec<Command> {
        let count = self.visible().len();
        let tags = self.tags().len();
        let picker = &mut self.picker;
        match action {
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            Action::Top => picker.selected = 0,
            Action::Bottom => picker.selected = count.saturating_sub(1),
            Action::Filter => picker.typing = true,
            Action::Type(c) => {
                picker.query.push(c);
                picker.selected = 0;
            }
            Action::Erase => {
                picker.query.pop();
                picker.selected = 0;
            }
            Action::Back if picker.typing || !picker.query.is_empty() || picker.tag.is_some() => {
                picker.query.clear();
                picker.typing = false;
                picker.tag = None;
                picker.selected = 0;
            }
            Action::Back => self.quit = true,
            Action::NextTag | Action::PreviousTag if tags > 0 => {
                // None, 0, 1, … tags-1, None …
                let position = picker.tag.map_or(0, |t| t + 1);
                let next = if action == Action::NextTag {
                    (position + 1) % (tags + 1)
                } else {
                    (position + tags) % (tags + 1)
                };
                picker.tag = next.checked_sub(1);
                picker.selected = 0;
            }
            Action::Choose => {
                picker.typing = false;
                if let Some(routine) = self.selected().cloned() {
                    let values = routine.default_values();
                    return self.open(routine, values, SideChoice::default(), now);
                }
            }
            Action::Report => {
                self.notice = None;
                return self.open_report();
            }
            _ => {}
        }
        Vec::new()
    }

    /// Keys on the log form: the key table's actions, handed to the form as the keys it knows.
    fn form_action(&mut self, action: Action) -> Vec<Command> {
        let Screen::Log(log) = &mut self.screen else {
            return Vec::new();
        };
        let code = match action {
            Action::Type(c) => KeyCode::Char(c),
            Action::Down => KeyCode::Tab,
            Action::Up => KeyCode::BackTab,
            Action::Less => KeyCode::Left,
            Action::More => KeyCode::Right,
            Action::Erase => KeyCode::Backspace,
            Action::Choose => KeyCode::Enter,
            Action::Back => KeyCode::Esc,
            _ => return Vec::new(),
        };
        match log.form.on_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            FormAction::Continue => Vec::new(),
            // The form stays until the diary answers (App::cramp_saved).
            FormAction::Save(entry) => vec![Command::SaveCramp(Box::new(entry))],
            FormAction::Cancel => {
                let back = log.back.clone();
                self.notice = None;
                self.leave_form(back, false)
            }
        }
    }

    fn report_action(&mut self, action: Action) {
        let Screen::Report(view) = &mut self.screen else {
            return;
        };
        match action {
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::Down => view.scroll = view.scroll.saturating_add(1).min(200),
            Action::Back => {
                self.screen = Screen::Picker;
                self.notice = None;
            }
            _ => {}
        }
    }

    fn setup_action(&mut self, action: Action, now: Instant) -> Vec<Command> {
        let Screen::Setup(setup) = &mut self.screen else {
            return Vec::new();
        };
        let fields = setup.fields();
        match action {
            Action::Up | Action::Down | Action::Choose => {
                // A value being typed is applied first; a bad one stays, with its reason shown.
                if !setup.commit_typing() {
                    return Vec::new();
                }
                match action {
                    Action::Up => setup.field = setup.field.saturating_sub(1),
                    Action::Down => {
                        setup.field = (setup.field + 1).min(fields.saturating_sub(1));
                    }
                    _ => {
                        let setup = (**setup).clone();
                        return self.start(setup.routine, setup.values, setup.sides, now);
                    }
                }
            }
            Action::Less => setup.step(false),
            Action::More => setup.step(true),
            Action::Type(c) if setup.field < setup.routine.params.len() => {
                let typing = setup.typing.get_or_insert_with(String::new);
                if typing.len() < 12 {
                    typing.push(c);
                }
            }
            Action::Erase => {
                if let Some(typing) = &mut setup.typing {
                    typing.pop();
                }
            }
            Action::Back => {
                if setup.typing.is_some() {
                    setup.typing = None;
                    setup.error = None;
                } else if self.catalog.is_empty() {
                    self.quit = true;
                } else {
                    self.screen = Screen::Picker;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn timer_action(&mut self, action: Action, now: Instant) -> Vec<Command> {
        let Some(run) = self.run() else {
            return Vec::new();
        };
        let waits = run.player.stage().is_some_and(Stage::waits);
        let paused = run.player.phase() == Phase::Paused;
        let event = match action {
            Action::PauseOrDone if waits => Event::Complete,
            Action::PauseOrDone => Event::TogglePause,
            Action::DoneOrGoOn if waits => Event::Complete,
            Action::DoneOrGoOn if paused => Event::Resume,
            Action::DoneOrGoOn => return Vec::new(),
            Action::Next => Event::Next,
            Action::Previous => Event::Previous,
            Action::Restart => Event::RestartStep,
            Action::AddTime => Event::AddTime(10),
            Action::TakeTime => Event::AddTime(-10),
            _ => return Vec::new(),
        };
        let mut commands = self.player_event(event, now);
        let phase_now = self.run().map(|r| r.player.phase());
        if !paused && phase_now == Some(Phase::Paused) {
            commands.push(Command::PauseSound);
        } else if paused && phase_now == Some(Phase::Running) {
            commands.push(Command::ResumeSound);
        }
        commands
    }
}
