//! The player: a state machine over a [`Plan`], driven by events and the current monotonic time.
//!
//! It never reads the clock, sleeps, or touches the terminal or sound card. The shell passes `now`
//! with every event and carries out the returned [`Effect`]s. Each stage has an `origin` (when it
//! began, shifted by pauses) and a `length`; a timed stage ends at `origin + length`, and the next
//! stage's origin is that deadline, not the moment the shell noticed it — so a long run never drifts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::routine::{Plan, SoundRef, Stage, StageKind};

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

/// A sound to play at a moment on the monotonic clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub role: CueRole,
    pub sound: SoundRef,
    /// When the sound should begin: the scheduled moment, which may be slightly before `now`.
    pub due: Instant,
    /// 0–100, relative to the user's volume.
    pub volume: u8,
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
pub enum Outcome {
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

#[derive(Debug, Clone)]
pub struct Player {
    /// Shared, so that cloning a player to look ahead (for sound) copies no stages.
    plan: Arc<Plan>,
    phase: Phase,
    index: usize,
    origin: Instant,
    length: Duration,
    paused_at: Option<Instant>,
    /// Cues at offsets up to here (from the origin) have fired.
    fired: Duration,
    warned: bool,
    outcomes: Vec<Option<Outcome>>,
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
            index: 0,
            origin: now,
            length: Duration::ZERO,
            paused_at: None,
            fired: Duration::ZERO,
            warned: false,
            outcomes: vec![None; count],
            manual: vec![Duration::ZERO; count],
            started_at: None,
            finished_at: None,
        };
        player.length = player.base_length();
        player
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn index(&self) -> usize {
        self.index
    }
    pub fn stage(&self) -> Option<&Stage> {
        self.plan.stages.get(self.index)
    }
    pub fn next_stage(&self) -> Option<&Stage> {
        self.plan.stages.get(self.index + 1)
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
        at.saturating_duration_since(self.origin)
    }

    /// The current stage's length, with any added or taken time; `None` when it waits for the user.
    pub fn length(&self) -> Option<Duration> {
        self.stage().filter(|s| !s.waits()).map(|_| self.length)
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
        current + Duration::from_secs(self.plan.seconds_from(self.index + 1))
    }

    /// Whether the current manual stage is past its `warn_after`.
    pub fn warning(&self) -> Option<&str> {
        if self.warned {
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
            return match (stage.warn_after, self.warned) {
                (Some(after), false) => Some(self.origin + Duration::from_secs(after)),
                _ => None,
            };
        }
        let next_cue = self
            .schedule()
            .into_iter()
            .map(|(offset, _)| offset)
            .find(|offset| *offset > self.fired);
        let offset = next_cue.map_or(self.length, |o| o.min(self.length));
        Some(self.origin + offset)
    }

    pub fn summary(&self, now: Instant) -> Summary {
        let end = self.finished_at.unwrap_or(now);
        Summary {
            spent: self
                .started_at
                .map_or(Duration::ZERO, |s| end.saturating_duration_since(s)),
            done: self.count(Outcome::Done),
            skipped: self.count(Outcome::Skipped),
            total: self.plan.stages.len(),
            manual: self.manual.iter().sum(),
            finished: self.phase == Phase::Finished,
        }
    }

    pub fn outcomes(&self) -> &[Option<Outcome>] {
        &self.outcomes
    }

    fn count(&self, outcome: Outcome) -> usize {
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
                    self.leave(Outcome::Skipped, now);
                    self.advance(now, &mut effects);
                }
            }
            (_, Event::Previous) => {
                self.tick(now, &mut effects);
                if self.phase != Phase::Finished {
                    let target = self.index.saturating_sub(1);
                    self.enter(target, now, None, &mut effects);
                }
            }
            (_, Event::RestartStep) => {
                self.tick(now, &mut effects);
                if self.phase != Phase::Finished {
                    self.enter(self.index, now, None, &mut effects);
                }
            }
            (_, Event::AddTime(secs)) => {
                self.tick(now, &mut effects);
                if self.length().is_some() && self.phase != Phase::Finished {
                    let delta = Duration::from_secs(secs.unsigned_abs());
                    self.length = if secs >= 0 {
                        (self.length + delta).min(ADJUST_LIMIT)
                    } else {
                        // Never before the present: taking more than is left ends the stage now.
                        self.length.saturating_sub(delta).max(self.elapsed(now))
                    };
                    self.tick(now, &mut effects);
                }
            }
            (_, Event::Complete) => {
                self.tick(now, &mut effects);
                if self.stage().is_some_and(Stage::waits) && self.phase != Phase::Finished {
                    self.leave(Outcome::Done, now);
                    self.advance(now, &mut effects);
                }
            }
        }
        effects
    }

    fn resume(&mut self, now: Instant) {
        if let Some(paused_at) = self.paused_at.take() {
            self.origin += now.saturating_duration_since(paused_at);
        }
        self.phase = Phase::Running;
    }

    /// Fires what is due up to `now`; ends timed stages whose deadline has passed, chaining each
    /// next stage from the previous deadline.
    fn tick(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        while self.phase == Phase::Running {
            let Some(stage) = self.stage() else { return };
            let elapsed = now.saturating_duration_since(self.origin);
            if stage.waits() {
                if let (Some(after), false) = (stage.warn_after, self.warned)
                    && elapsed >= Duration::from_secs(after)
                {
                    let text = stage.warn.clone().unwrap_or_default();
                    self.warned = true;
                    let due = self.origin + Duration::from_secs(after);
                    effects.push(Effect::Warning(text));
                    effects.push(self.cue(CueRole::Warning, SoundRef::builtin("warning"), due));
                }
                return;
            }
            let upto = elapsed.min(self.length);
            self.fire_scheduled(upto, effects);
            if elapsed < self.length {
                return;
            }
            let deadline = self.origin + self.length;
            self.leave(Outcome::Done, deadline);
            self.advance(deadline, effects);
        }
    }

    fn fire_scheduled(&mut self, upto: Duration, effects: &mut Vec<Effect>) {
        let due: Vec<(Duration, CueRole)> = self
            .schedule()
            .into_iter()
            .filter(|(offset, _)| *offset > self.fired && *offset <= upto)
            .collect();
        for (offset, role) in due {
            let sound = SoundRef::builtin(match role {
                CueRole::Rep => "rep",
                CueRole::Halfway => "halfway",
                _ => "tick",
            });
            effects.push(self.cue(role, sound, self.origin + offset));
        }
        self.fired = self.fired.max(upto);
    }

    /// Cues inside the current timed stage, as offsets from its origin, in order.
    fn schedule(&self) -> Vec<(Duration, CueRole)> {
        let Some(stage) = self.stage() else {
            return Vec::new();
        };
        if stage.waits() {
            return Vec::new();
        }
        let len = self.length;
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

    fn leave(&mut self, outcome: Outcome, at: Instant) {
        if let Some(stage) = self.plan.stages.get(self.index) {
            if stage.kind == StageKind::Manual {
                self.manual[self.index] = at.saturating_duration_since(self.origin);
            }
            if let Some(slot) = self.outcomes.get_mut(self.index) {
                *slot = Some(outcome);
            }
        }
    }

    fn advance(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        if let Some(end) = self
            .stage()
            .and_then(|s| s.cue_end.clone().or_else(|| self.plan.cues.end.clone()))
        {
            effects.push(self.cue(CueRole::End, end, at));
        }
        let previous_side = self.stage().and_then(|s| s.side);
        if self.index + 1 < self.plan.stages.len() {
            self.enter(self.index + 1, at, previous_side, effects);
        } else {
            self.finish(at, effects);
        }
    }

    fn finish(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        self.phase = Phase::Finished;
        self.paused_at = None;
        self.finished_at = Some(at);
        effects.push(Effect::Finished);
        let sound = self
            .plan
            .cues
            .finish
            .clone()
            .unwrap_or_else(|| SoundRef::builtin("finish"));
        effects.push(self.cue(CueRole::Finish, sound, at));
    }

    /// Begins stage `index` at `at`. `previous_side` is the side of the stage just left, to mark a
    /// switch of legs with its own cue.
    fn enter(
        &mut self,
        index: usize,
        at: Instant,
        previous_side: Option<crate::routine::Side>,
        effects: &mut Vec<Effect>,
    ) {
        self.index = index;
        self.origin = at;
        self.fired = Duration::ZERO;
        self.warned = false;
        self.length = self.base_length();
        if self.phase == Phase::Paused {
            self.paused_at = Some(at);
        }
        if let Some(slot) = self.outcomes.get_mut(index) {
            *slot = None;
        }
        effects.push(Effect::StageChanged(index));
        let Some(stage) = self.stage() else { return };
        let switched = matches!((previous_side, stage.side), (Some(a), Some(b)) if a != b);
        let (role, sound) = match (&stage.cue_start, stage.kind) {
            (Some(own), _) => (CueRole::Start, own.clone()),
            (None, StageKind::Rest) => (CueRole::Rest, SoundRef::builtin("rest")),
            (None, _) if switched => (CueRole::SideSwitch, SoundRef::builtin("side")),
            (None, _) => (
                CueRole::Start,
                self.plan
                    .cues
                    .start
                    .clone()
                    .unwrap_or_else(|| SoundRef::builtin("start")),
            ),
        };
        effects.push(self.cue(role, sound, at));
    }

    fn base_length(&self) -> Duration {
        self.stage()
            .and_then(|s| s.seconds)
            .map_or(Duration::ZERO, Duration::from_secs)
    }

    fn cue(&self, role: CueRole, sound: SoundRef, due: Instant) -> Effect {
        Effect::Cue(Cue {
            role,
            sound,
            due,
            volume: self.plan.cues.volume,
        })
    }
}
