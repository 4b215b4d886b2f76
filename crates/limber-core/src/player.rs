//! The player: a state machine over a [`Plan`], driven by events and the current monotonic time.
//!
//! It never reads the clock, sleeps, or touches the terminal or sound card. The shell passes `now`
//! with every event and carries out the returned [`Effect`]s. Each stage has an `origin` (when it
//! began, shifted by pauses) and a `length`; a timed stage ends at `origin + length`, and the next
//! stage's origin is that deadline, not the moment the shell noticed it — so a long run never drifts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::routine::{BuiltinSound, Leg, Plan, SoundRef, Stage, StageKind};

/// What the person (or the clock) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Begin the first stage.
    Start,
    Pause,
    Resume,
    TogglePause,
    /// Skip to the next stage.
    Next,
    /// Go back to the previous stage.
    Previous,
    /// Start the current stage again.
    RestartStep,
    /// Add (or, when negative, take) seconds from the current timed stage.
    AddTime(i64),
    /// The person says a stage that waits for them is done.
    Complete,
    /// Time has passed: fire whatever is due.
    Tick,
}

impl Event {
    /// Whether the event begins a stage (from a key, not the clock). Its chime should begin with
    /// it, so the shell hands the player `now` plus how long the sound needs for a new cue.
    pub fn starts_a_stage(self) -> bool {
        matches!(
            self,
            Event::Start | Event::Next | Event::Previous | Event::RestartStep | Event::Complete
        )
    }
}

/// Why a cue plays; the shell may treat some specially (e.g. speak the step at `Start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueRole {
    Start,
    SideSwitch,
    Rest,
    Rep,
    Halfway,
    Countdown,
    End,
    Warning,
    Finish,
}

impl CueRole {
    /// The built-in sound for this role: what the player plays when the routine names none, and
    /// what the shell plays when the routine's own file cannot play.
    pub fn builtin_sound(self) -> BuiltinSound {
        match self {
            CueRole::Start => BuiltinSound::Start,
            CueRole::SideSwitch => BuiltinSound::Side,
            CueRole::Rest => BuiltinSound::Rest,
            CueRole::Rep => BuiltinSound::Rep,
            CueRole::Halfway => BuiltinSound::Halfway,
            CueRole::Countdown | CueRole::End => BuiltinSound::Tick,
            CueRole::Warning => BuiltinSound::Warning,
            CueRole::Finish => BuiltinSound::Finish,
        }
    }
}

/// A sound to play at a moment on the monotonic clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub role: CueRole,
    pub sound: SoundRef,
    /// When the sound should begin: the scheduled moment, which may be slightly before `now`.
    pub due: Instant,
    /// 0–100, relative to the user's volume.
    pub volume: u8,
    /// The stage it belongs to (the last one for the finish cue): a cue that opens a stage may
    /// be followed by the stage's `say` line.
    pub stage: usize,
}

impl Cue {
    /// Whether the cue begins a stage (its start, a side switch or a rest).
    pub fn opens_stage(&self) -> bool {
        matches!(
            self.role,
            CueRole::Start | CueRole::SideSwitch | CueRole::Rest
        )
    }
}

/// What the shell should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Cue(Cue),
    /// A new stage began (its index).
    StageChanged(usize),
    /// A manual stage ran past `warn_after`.
    Warning(String),
    /// The last stage ended.
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Ready,
    Running,
    Paused,
    Finished,
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageOutcome {
    Done,
    Skipped,
}

/// Totals for the finish screen and the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub spent: Duration,
    pub done: usize,
    pub skipped: usize,
    pub total: usize,
    /// Time spent in manual ("until it passes") stages.
    pub manual: Duration,
    pub finished: bool,
}

/// Where the clock has brought the player: what passing time alone changes.
#[derive(Debug, Clone, Copy)]
struct Position {
    index: usize,
    /// When the stage began, shifted by pauses.
    origin: Instant,
    /// The stage's length, with time added or taken.
    length: Duration,
    /// Cues at offsets up to here (from the origin) have fired.
    fired: Duration,
    warned: bool,
}

/// One thing that happens as time passes, in order (see [`Player::pass`]).
enum Passage {
    Cue(Cue),
    /// A manual stage ran past `warn_after`; the warning's text.
    Warned(String),
    /// A timed stage (begun at `origin`) reached its deadline, `at`.
    Ended {
        index: usize,
        origin: Instant,
        at: Instant,
    },
    /// The next stage began at the previous one's deadline.
    Entered(usize),
    /// The last stage ended at `at`.
    Finished(Instant),
}

#[derive(Debug, Clone)]
pub struct Player {
    /// Shared, so that a copy of the player (the timer screen hands one to the sound) copies no
    /// stages.
    plan: Arc<Plan>,
    phase: Phase,
    pos: Position,
    paused_at: Option<Instant>,
    outcomes: Vec<Option<StageOutcome>>,
    manual: Vec<Duration>,
    started_at: Option<Instant>,
    finished_at: Option<Instant>,
}

const ADJUST_LIMIT: Duration = Duration::from_secs(24 * 3600);

impl Player {
    pub fn new(plan: Plan, now: Instant) -> Self {
        let count = plan.stages.len();
        let mut player = Self {
            plan: Arc::new(plan),
            phase: Phase::Ready,
            pos: Position {
                index: 0,
                origin: now,
                length: Duration::ZERO,
                fired: Duration::ZERO,
                warned: false,
            },
            paused_at: None,
            outcomes: vec![None; count],
            manual: vec![Duration::ZERO; count],
            started_at: None,
            finished_at: None,
        };
        player.pos.length = player.base_length(0);
        player
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn index(&self) -> usize {
        self.pos.index
    }
    pub fn stage(&self) -> Option<&Stage> {
        self.plan.stages.get(self.pos.index)
    }
    pub fn next_stage(&self) -> Option<&Stage> {
        self.plan.stages.get(self.pos.index + 1)
    }
    pub fn is_paused(&self) -> bool {
        self.phase == Phase::Paused
    }

    /// Time into the current stage (frozen while paused).
    pub fn elapsed(&self, now: Instant) -> Duration {
        let at = match self.phase {
            Phase::Paused => self.paused_at.unwrap_or(now),
            Phase::Finished => self.finished_at.unwrap_or(now),
            _ => now,
        };
        at.saturating_duration_since(self.pos.origin)
    }

    /// The current stage's length, with any added or taken time; `None` when it waits for the user.
    pub fn length(&self) -> Option<Duration> {
        self.stage().filter(|s| !s.waits()).map(|_| self.pos.length)
    }

    /// Time left in the current timed stage.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        self.length()
            .map(|len| len.saturating_sub(self.elapsed(now)))
    }

    /// The rep being done now (1-based) for reps with a tempo.
    pub fn rep(&self, now: Instant) -> Option<u64> {
        let stage = self.stage()?;
        let (reps, tempo) = (stage.reps?, stage.tempo?);
        let done = self.elapsed(now).as_secs() / tempo.max(1);
        Some((done + 1).min(reps))
    }

    /// Fraction of the current timed stage that has passed, 0.0 … 1.0.
    pub fn stage_progress(&self, now: Instant) -> Option<f64> {
        let len = self.length()?;
        if len.is_zero() {
            return Some(1.0);
        }
        Some((self.elapsed(now).as_secs_f64() / len.as_secs_f64()).min(1.0))
    }

    /// Time left in the whole routine, counting timed stages only.
    pub fn routine_remaining(&self, now: Instant) -> Duration {
        if self.phase == Phase::Finished {
            return Duration::ZERO;
        }
        let current = self.remaining(now).unwrap_or(Duration::ZERO);
        current + Duration::from_secs(self.plan.seconds_from(self.pos.index + 1))
    }

    /// Whether the current manual stage is past its `warn_after`.
    pub fn warning(&self) -> Option<&str> {
        if self.pos.warned {
            self.stage().and_then(|s| s.warn.as_deref()).or(Some(""))
        } else {
            None
        }
    }

    /// The next moment something will happen by itself (a cue, a stage end, a warning), so the shell
    /// can sleep until then. `None` when nothing is pending (paused, waiting without a warning,
    /// finished).
    pub fn next_deadline(&self) -> Option<Instant> {
        if self.phase != Phase::Running {
            return None;
        }
        let stage = self.stage()?;
        if stage.waits() {
            return match (stage.warn_after, self.pos.warned) {
                (Some(after), false) => Some(self.pos.origin + Duration::from_secs(after)),
                _ => None,
            };
        }
        let next_cue = self
            .schedule(stage, self.pos.length)
            .into_iter()
            .map(|(offset, _)| offset)
            .find(|offset| *offset > self.pos.fired);
        let offset = next_cue.map_or(self.pos.length, |o| o.min(self.pos.length));
        Some(self.pos.origin + offset)
    }

    /// The cues that will fire by themselves from now until `until` if nothing else happens, in
    /// order: the rest of this stage's, and those of the stages after it, each begun at the
    /// previous one's deadline exactly as [`Player::handle`] will chain them. Pure: the player is
    /// not changed. The sound side hands them over early so each starts on its exact moment.
    /// Empty unless running.
    pub fn upcoming_cues(&self, until: Instant) -> impl Iterator<Item = Cue> + use<> {
        let mut passages = Vec::new();
        if self.phase == Phase::Running {
            let mut pos = self.pos;
            self.pass(&mut pos, until, &mut passages);
        }
        passages.into_iter().filter_map(|p| match p {
            Passage::Cue(cue) => Some(cue),
            _ => None,
        })
    }

    pub fn summary(&self, now: Instant) -> Summary {
        let end = self.finished_at.unwrap_or(now);
        Summary {
            spent: self
                .started_at
                .map_or(Duration::ZERO, |s| end.saturating_duration_since(s)),
            done: self.count(StageOutcome::Done),
            skipped: self.count(StageOutcome::Skipped),
            total: self.plan.stages.len(),
            manual: self.manual.iter().sum(),
            finished: self.phase == Phase::Finished,
        }
    }

    pub fn outcomes(&self) -> &[Option<StageOutcome>] {
        &self.outcomes
    }

    fn count(&self, outcome: StageOutcome) -> usize {
        self.outcomes
            .iter()
            .filter(|o| **o == Some(outcome))
            .count()
    }

    /// Handles one event at `now`, returning what the shell should do, in order.
    pub fn handle(&mut self, event: Event, now: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        match (self.phase, event) {
            (Phase::Finished, _) => {}
            (Phase::Ready, Event::Start) => {
                self.started_at = Some(now);
                self.phase = Phase::Running;
                if self.plan.stages.is_empty() {
                    self.finish(now, &mut effects);
                } else {
                    self.enter(0, now, None, &mut effects);
                }
            }
            (Phase::Ready, _) => {}
            (_, Event::Start) => {}
            (Phase::Running, Event::Pause | Event::TogglePause) => {
                // A stage that waits for the person has no clock to pause.
                if self.stage().is_some_and(|s| !s.waits()) {
                    self.tick(now, &mut effects);
                    if self.phase == Phase::Running {
                        self.phase = Phase::Paused;
                        self.paused_at = Some(now);
                    }
                }
            }
            (Phase::Paused, Event::Resume | Event::TogglePause) => self.resume(now),
            (_, Event::Pause | Event::Resume) => {}
            (_, Event::Tick) => self.tick(now, &mut effects),
            (_, Event::Next) => {
                self.tick(now, &mut effects);
                // The tick may have run the last stage out: then there is nothing to skip.
                if self.phase != Phase::Finished {
                    self.leave(StageOutcome::Skipped, now);
                    self.advance(now, &mut effects);
                }
            }
            (_, Event::Previous) => {
                self.tick(now, &mut effects);
                if self.phase != Phase::Finished {
                    let target = self.pos.index.saturating_sub(1);
                    self.enter(target, now, None, &mut effects);
                }
            }
            (_, Event::RestartStep) => {
                self.tick(now, &mut effects);
                if self.phase != Phase::Finished {
                    self.enter(self.pos.index, now, None, &mut effects);
                }
            }
            (_, Event::AddTime(secs)) => {
                self.tick(now, &mut effects);
                if self.length().is_some() && self.phase != Phase::Finished {
                    let delta = Duration::from_secs(secs.unsigned_abs());
                    self.pos.length = if secs >= 0 {
                        (self.pos.length + delta).min(ADJUST_LIMIT)
                    } else {
                        // Never before the present: taking more than is left ends the stage now.
                        self.pos.length.saturating_sub(delta).max(self.elapsed(now))
                    };
                    self.tick(now, &mut effects);
                }
            }
            (_, Event::Complete) => {
                self.tick(now, &mut effects);
                if self.stage().is_some_and(Stage::waits) && self.phase != Phase::Finished {
                    self.leave(StageOutcome::Done, now);
                    self.advance(now, &mut effects);
                }
            }
        }
        effects
    }

    fn resume(&mut self, now: Instant) {
        if let Some(paused_at) = self.paused_at.take() {
            self.pos.origin += now.saturating_duration_since(paused_at);
        }
        self.phase = Phase::Running;
    }

    /// Fires what is due up to `now`: the passage of time, carried out.
    fn tick(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        if self.phase != Phase::Running {
            return;
        }
        let mut pos = self.pos;
        let mut passages = Vec::new();
        self.pass(&mut pos, now, &mut passages);
        for passage in passages {
            match passage {
                Passage::Cue(cue) => effects.push(Effect::Cue(cue)),
                Passage::Warned(text) => effects.push(Effect::Warning(text)),
                Passage::Ended { index, origin, at } => {
                    self.record(index, StageOutcome::Done, origin, at);
                }
                Passage::Entered(index) => {
                    if let Some(slot) = self.outcomes.get_mut(index) {
                        *slot = None;
                    }
                    effects.push(Effect::StageChanged(index));
                }
                Passage::Finished(at) => {
                    self.phase = Phase::Finished;
                    self.paused_at = None;
                    self.finished_at = Some(at);
                    effects.push(Effect::Finished);
                }
            }
        }
        self.pos = pos;
    }

    /// What time does from `pos` up to `until`, moving `pos` along: fires the cues that fall
    /// due, raises a manual stage's warning, and ends timed stages at their deadlines, chaining
    /// each next stage from the previous deadline (not from `until`), so a long run never drifts.
    /// [`Player::tick`] carries it out; [`Player::upcoming_cues`] only looks.
    fn pass(&self, pos: &mut Position, until: Instant, out: &mut Vec<Passage>) {
        loop {
            let Some(stage) = self.plan.stages.get(pos.index) else {
                return;
            };
            let elapsed = until.saturating_duration_since(pos.origin);
            if stage.waits() {
                if let (Some(after), false) = (stage.warn_after, pos.warned)
                    && elapsed >= Duration::from_secs(after)
                {
                    pos.warned = true;
                    let due = pos.origin + Duration::from_secs(after);
                    out.push(Passage::Warned(stage.warn.clone().unwrap_or_default()));
                    out.push(Passage::Cue(self.builtin_cue(
                        CueRole::Warning,
                        due,
                        pos.index,
                    )));
                }
                return;
            }
            let upto = elapsed.min(pos.length);
            for (offset, role) in self.schedule(stage, pos.length) {
                if offset > pos.fired && offset <= upto {
                    out.push(Passage::Cue(self.builtin_cue(
                        role,
                        pos.origin + offset,
                        pos.index,
                    )));
                }
            }
            pos.fired = pos.fired.max(upto);
            if elapsed < pos.length {
                return;
            }
            let deadline = pos.origin + pos.length;
            out.push(Passage::Ended {
                index: pos.index,
                origin: pos.origin,
                at: deadline,
            });
            if let Some(cue) = self.end_cue(pos.index, deadline) {
                out.push(Passage::Cue(cue));
            }
            let next = pos.index + 1;
            if next >= self.plan.stages.len() {
                out.push(Passage::Finished(deadline));
                out.push(Passage::Cue(self.finish_cue(deadline)));
                return;
            }
            *pos = Position {
                index: next,
                origin: deadline,
                length: self.base_length(next),
                fired: Duration::ZERO,
                warned: false,
            };
            out.push(Passage::Entered(next));
            out.push(Passage::Cue(self.opening_cue(next, stage.side, deadline)));
        }
    }

    /// Cues inside a timed stage of length `len`, as offsets from its origin, in order.
    fn schedule(&self, stage: &Stage, len: Duration) -> Vec<(Duration, CueRole)> {
        if stage.waits() {
            return Vec::new();
        }
        let mut cues = Vec::new();
        let countdown: Vec<Duration> = (1..=self.plan.cues.countdown)
            .map(Duration::from_secs)
            .filter(|k| *k < len)
            .map(|k| len - k)
            .collect();
        if let (Some(reps), Some(tempo)) = (stage.reps, stage.tempo) {
            for k in 1..reps {
                let at = Duration::from_secs(k * tempo);
                if at < len && !countdown.contains(&at) {
                    cues.push((at, CueRole::Rep));
                }
            }
        }
        if self.plan.cues.halfway && len >= Duration::from_secs(2) {
            let half = len / 2;
            if !countdown.contains(&half) {
                cues.push((half, CueRole::Halfway));
            }
        }
        cues.extend(countdown.into_iter().map(|at| (at, CueRole::Countdown)));
        cues.sort_by_key(|(at, _)| *at);
        cues.dedup_by_key(|(at, _)| *at);
        cues
    }

    /// Notes how the current stage ended, and the time spent in it when it waited for the person.
    fn leave(&mut self, outcome: StageOutcome, at: Instant) {
        self.record(self.pos.index, outcome, self.pos.origin, at);
    }

    /// Notes how stage `index` (begun at `origin`) ended at `at`.
    fn record(&mut self, index: usize, outcome: StageOutcome, origin: Instant, at: Instant) {
        if let Some(stage) = self.plan.stages.get(index) {
            if stage.kind == StageKind::Manual {
                self.manual[index] = at.saturating_duration_since(origin);
            }
            if let Some(slot) = self.outcomes.get_mut(index) {
                *slot = Some(outcome);
            }
        }
    }

    /// Leaves the current stage at `at` (the person skipped or completed it): its end cue, then
    /// the next stage or the finish.
    fn advance(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        let index = self.pos.index;
        if let Some(cue) = self.end_cue(index, at) {
            effects.push(Effect::Cue(cue));
        }
        let previous_side = self.stage().and_then(|s| s.side);
        if index + 1 < self.plan.stages.len() {
            self.enter(index + 1, at, previous_side, effects);
        } else {
            self.finish(at, effects);
        }
    }

    fn finish(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        self.phase = Phase::Finished;
        self.paused_at = None;
        self.finished_at = Some(at);
        effects.push(Effect::Finished);
        effects.push(Effect::Cue(self.finish_cue(at)));
    }

    /// Begins stage `index` at `at`. `previous_side` is the side of the stage just left, to mark a
    /// switch of legs with its own cue.
    fn enter(
        &mut self,
        index: usize,
        at: Instant,
        previous_side: Option<Leg>,
        effects: &mut Vec<Effect>,
    ) {
        self.pos = Position {
            index,
            origin: at,
            length: self.base_length(index),
            fired: Duration::ZERO,
            warned: false,
        };
        if self.phase == Phase::Paused {
            self.paused_at = Some(at);
        }
        if let Some(slot) = self.outcomes.get_mut(index) {
            *slot = None;
        }
        effects.push(Effect::StageChanged(index));
        effects.push(Effect::Cue(self.opening_cue(index, previous_side, at)));
    }

    /// The cue that opens stage `index`: its own sound, a rest, a switch of legs, or the start.
    fn opening_cue(&self, index: usize, previous_side: Option<Leg>, at: Instant) -> Cue {
        let Some(stage) = self.plan.stages.get(index) else {
            return self.builtin_cue(CueRole::Start, at, index);
        };
        let switched = matches!((previous_side, stage.side), (Some(a), Some(b)) if a != b);
        let (role, sound) = match (&stage.cue_start, stage.kind) {
            (Some(own), _) => (CueRole::Start, Some(own.clone())),
            (None, StageKind::Rest) => (CueRole::Rest, None),
            (None, _) if switched => (CueRole::SideSwitch, None),
            (None, _) => (CueRole::Start, self.plan.cues.start.clone()),
        };
        self.cue(role, sound, at, index)
    }

    /// The cue when stage `index` ends, if the stage or the routine names one.
    fn end_cue(&self, index: usize, at: Instant) -> Option<Cue> {
        let stage = self.plan.stages.get(index)?;
        let sound = stage
            .cue_end
            .clone()
            .or_else(|| self.plan.cues.end.clone())?;
        Some(self.cue(CueRole::End, Some(sound), at, index))
    }

    fn finish_cue(&self, at: Instant) -> Cue {
        let last = self.plan.stages.len().saturating_sub(1);
        self.cue(CueRole::Finish, self.plan.cues.finish.clone(), at, last)
    }

    fn base_length(&self, index: usize) -> Duration {
        self.plan
            .stages
            .get(index)
            .and_then(|s| s.seconds)
            .map_or(Duration::ZERO, Duration::from_secs)
    }

    fn builtin_cue(&self, role: CueRole, due: Instant, stage: usize) -> Cue {
        self.cue(role, None, due, stage)
    }

    /// A cue for `role` playing `sound`, or the role's built-in sound when `None`.
    fn cue(&self, role: CueRole, sound: Option<SoundRef>, due: Instant, stage: usize) -> Cue {
        Cue {
            role,
            sound: sound.unwrap_or(SoundRef::Builtin(role.builtin_sound())),
            due,
            volume: self.plan.cues.volume,
            stage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{SideChoice, expand, parse_routine};

    /// Every instant is `t0 + seconds`, chosen by the test.
    struct Clock(Instant);
    impl Clock {
        fn at(&self, secs: f64) -> Instant {
            self.0 + Duration::from_secs_f64(secs)
        }
        fn secs(&self, at: Instant) -> f64 {
            at.duration_since(self.0).as_secs_f64()
        }
    }

    const ROUTINE: &str = r#"
title = "t"
summary = "s"
[cues]
countdown = 1
halfway = true
[[step]]
title = "Hold"
duration = "4s"
sides = "both"
[[step]]
title = "Until it passes"
warn_after = "10s"
warn = "Too long"
"#;

    fn player(clock: &Clock) -> Player {
        let routine = parse_routine("t", ROUTINE).unwrap_or_else(|e| panic!("{e:?}"));
        let plan = expand(&routine, &routine.default_values(), SideChoice::LeftFirst)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut player = Player::new(plan, clock.at(0.0));
        player.handle(Event::Start, clock.at(0.0));
        player
    }

    fn upcoming(player: &Player, clock: &Clock, until: f64) -> Vec<(CueRole, f64, usize)> {
        player
            .upcoming_cues(clock.at(until))
            .map(|c| (c.role, clock.secs(c.due), c.stage))
            .collect()
    }

    #[test]
    fn upcoming_cues_chain_each_stage_from_the_previous_deadline() {
        let clock = Clock(Instant::now());
        let p = player(&clock);
        assert_eq!(
            upcoming(&p, &clock, 9.0),
            vec![
                (CueRole::Halfway, 2.0, 0),
                (CueRole::Countdown, 3.0, 0),
                (CueRole::SideSwitch, 4.0, 1),
                (CueRole::Halfway, 6.0, 1),
                (CueRole::Countdown, 7.0, 1),
                (CueRole::Start, 8.0, 2),
            ]
        );
        // The manual stage's warning is 10 s after it began, at 8 s.
        assert_eq!(upcoming(&p, &clock, 17.9).len(), 6);
        assert_eq!(
            upcoming(&p, &clock, 18.0).last(),
            Some(&(CueRole::Warning, 18.0, 2))
        );
        // Looking changed nothing.
        assert_eq!((p.index(), p.phase()), (0, Phase::Running));
    }

    #[test]
    fn upcoming_cues_are_what_the_ticks_then_fire() {
        let clock = Clock(Instant::now());
        for (late, until) in [(0.0, 3.5), (0.3, 9.0), (1.7, 30.0), (5.2, 5.3)] {
            let mut p = player(&clock);
            // The shell noticed the last deadline late, after some time was added.
            p.handle(Event::AddTime(1), clock.at(late));
            let foreseen: Vec<Cue> = p.upcoming_cues(clock.at(until)).collect();
            let fired: Vec<Cue> = p
                .handle(Event::Tick, clock.at(until))
                .into_iter()
                .filter_map(|e| match e {
                    Effect::Cue(cue) => Some(cue),
                    _ => None,
                })
                .collect();
            assert_eq!(foreseen, fired, "late {late}, until {until}");
        }
    }

    #[test]
    fn nothing_is_upcoming_while_paused_or_finished() {
        let clock = Clock(Instant::now());
        let mut p = player(&clock);
        p.handle(Event::Pause, clock.at(1.0));
        assert!(upcoming(&p, &clock, 60.0).is_empty());
        p.handle(Event::Resume, clock.at(2.0));
        // Resumed a second later: everything moves by that second.
        assert_eq!(
            upcoming(&p, &clock, 4.0),
            vec![(CueRole::Halfway, 3.0, 0), (CueRole::Countdown, 4.0, 0)]
        );
        p.handle(Event::Tick, clock.at(9.0));
        p.handle(Event::Complete, clock.at(10.0));
        assert_eq!(p.phase(), Phase::Finished);
        assert!(upcoming(&p, &clock, 60.0).is_empty());
    }
}
