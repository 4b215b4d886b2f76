//! Handing the player's cues to the audio thread ahead of time.
//!
//! The player fires a cue when the shell ticks it at (or just after) the cue's
//! moment. To start each sound on its exact frame the audio thread needs it a
//! little earlier ([`super::LOOKAHEAD`]), so after every event the feed runs a
//! copy of the player (it is pure, so a clone is a free simulation) up to the
//! next deadline plus the look-ahead, and sends the cues it would fire. When
//! the real player fires them later they are recognised by `(due, role)` and
//! not sent twice. When the person changes course (skip, back, pause, more
//! time, done), the cues sent ahead are withdrawn and planned again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Audio, AudioStatus, Builtin, LOOKAHEAD, Sound};
use limber_core::player::{Cue, CueRole, Effect, Event, Player};
use limber_core::routine::SoundRef;

/// The built-in cue for a role, also the fallback when a file cannot play.
#[must_use]
pub fn builtin_for(role: CueRole) -> Builtin {
    match role {
        CueRole::Start => Builtin::Start,
        CueRole::SideSwitch => Builtin::Side,
        CueRole::Rest => Builtin::Rest,
        CueRole::Rep => Builtin::Rep,
        CueRole::Halfway => Builtin::Halfway,
        CueRole::Countdown | CueRole::End => Builtin::Tick,
        CueRole::Warning => Builtin::Warning,
        CueRole::Finish => Builtin::Finish,
    }
}

/// The sound for a routine's sound reference; relative file paths are taken
/// from `base` (the routine file's folder).
#[must_use]
pub fn sound_for(sound: &SoundRef, role: CueRole, base: Option<&Path>) -> Sound {
    let fallback = builtin_for(role);
    match sound {
        SoundRef::Builtin(name) => Sound::Builtin(Builtin::from_name(name).unwrap_or(fallback)),
        SoundRef::File(file) => {
            let path = Path::new(file);
            let path = match base {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path.to_path_buf(),
            };
            Sound::File { path, fallback }
        }
    }
}

/// The most a key-started stage is held back for its chime (the stream is written ~220 ms ahead).
const MAX_LEAD: Duration = Duration::from_millis(300);

/// Plays a run's cues (and spoken lines) through an [`Audio`].
pub struct CueFeed {
    audio: Option<Audio>,
    base: Option<PathBuf>,
    /// Cues sent ahead that the real player has not fired yet.
    sent: Vec<(Instant, CueRole)>,
    /// Spoken lines sent, by due time.
    spoken: Vec<Instant>,
    paused: bool,
    told_status: bool,
    /// The `say` line of a stage that has just begun, spoken with its opening cue.
    say_next: Option<String>,
}

impl CueFeed {
    /// `base`: the routine file's folder, for relative sound paths.
    #[must_use]
    pub fn new(audio: Audio, base: Option<PathBuf>) -> CueFeed {
        CueFeed {
            audio: Some(audio),
            base,
            sent: Vec::new(),
            spoken: Vec::new(),
            paused: false,
            told_status: false,
            say_next: None,
        }
    }

    #[must_use]
    pub fn audio(&self) -> Option<&Audio> {
        self.audio.as_ref()
    }

    /// How long a sound asked for now would wait for the stream already written: the shell
    /// begins a stage started by a key this much later, so its chime starts with it.
    #[must_use]
    pub fn lead(&self, now: Instant) -> Duration {
        self.audio
            .as_ref()
            .and_then(Audio::ready_at)
            .map_or(Duration::ZERO, |ready| {
                ready.saturating_duration_since(now).min(MAX_LEAD)
            })
    }

    /// Decodes the routine's own sound files now, so playing them costs nothing later.
    pub fn preload(&self, player: &Player) {
        let Some(audio) = &self.audio else { return };
        let plan = player.plan();
        let all = plan.stages.iter().flat_map(|s| [&s.cue_start, &s.cue_end]);
        let all = all.chain([&plan.cues.start, &plan.cues.end, &plan.cues.finish]);
        for sound in all.flatten() {
            if let SoundRef::File(_) = sound {
                audio.preload(&sound_for(sound, CueRole::Start, self.base.as_deref()));
            }
        }
    }

    /// Call after every `player.handle(event, now)` with its effects.
    pub fn handled(&mut self, event: Event, effects: &[Effect], player: &Player, now: Instant) {
        if event == Event::Start {
            self.preload(player);
        }
        let Some(audio) = &self.audio else { return };
        let changes_course = !matches!(event, Event::Tick | Event::Start);
        if changes_course {
            audio.cancel_after(now);
            self.sent.retain(|(due, _)| *due <= now);
            self.spoken.retain(|due| *due <= now);
        }
        if player.is_paused() != self.paused {
            self.paused = player.is_paused();
            if self.paused {
                audio.pause(now);
            } else {
                audio.resume(now);
            }
        }
        self.send(effects, player, now, false);
        if let Some(deadline) = player.next_deadline() {
            let mut ahead = player.clone();
            let effects = ahead.handle(Event::Tick, deadline + LOOKAHEAD);
            self.send(&effects, &ahead, now, true);
        }
        let stale = now.checked_sub(Duration::from_secs(5)).unwrap_or(now);
        self.sent.retain(|(due, _)| *due > stale);
        self.spoken.retain(|due| *due > stale);
    }

    fn send(&mut self, effects: &[Effect], player: &Player, now: Instant, ahead: bool) {
        let Some(audio) = &self.audio else { return };
        let mut say: Option<&str> = None;
        for effect in effects {
            match effect {
                Effect::StageChanged(i) => {
                    say = player.plan().stages.get(*i).map(|s| s.say.as_str());
                }
                Effect::Cue(cue) => {
                    let key = (cue.due, cue.role);
                    let opens_stage = matches!(
                        cue.role,
                        CueRole::Start | CueRole::SideSwitch | CueRole::Rest
                    );
                    if ahead && cue.due <= now {
                        continue; // the real player fires it (or has)
                    }
                    if let Some(pos) = self.sent.iter().position(|k| *k == key) {
                        // Sent ahead already: a later look-ahead leaves it be; the real
                        // player firing it settles it.
                        if !ahead {
                            self.sent.swap_remove(pos);
                        }
                        if opens_stage {
                            say = None; // spoken when it was sent ahead
                        }
                        continue;
                    }
                    if ahead {
                        self.sent.push(key);
                    }
                    let sound = sound_for(&cue.sound, cue.role, self.base.as_deref());
                    audio.play(&sound, cue.due, cue.volume);
                    if let (Some(text), true) = (say.take(), opens_stage)
                        && !self.spoken.contains(&cue.due)
                    {
                        self.spoken.push(cue.due);
                        audio.say(text, cue.due);
                    }
                }
                Effect::Warning(_) | Effect::Finished => {}
            }
        }
    }

    /// Messages for the person, each once: sound is off and why, a sound file
    /// that did not play, voice not available.
    pub fn notices(&mut self) -> Vec<String> {
        let Some(audio) = &self.audio else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if !self.told_status {
            match audio.status() {
                AudioStatus::Starting => {}
                AudioStatus::Playing(_) => self.told_status = true,
                AudioStatus::Silent(why) => {
                    self.told_status = true;
                    out.push(why);
                }
            }
        }
        out.extend(audio.take_notices());
        out
    }

    /// A cue the shell hands over at its moment (no look-ahead): plays at once
    /// unless it was sent ahead already. Speaks the pending `say` line after
    /// a cue that opens a stage.
    pub fn cue_now(&mut self, cue: &Cue) {
        let Some(audio) = &self.audio else { return };
        let key = (cue.due, cue.role);
        if let Some(pos) = self.sent.iter().position(|k| *k == key) {
            self.sent.swap_remove(pos);
            return;
        }
        audio.play(
            &sound_for(&cue.sound, cue.role, self.base.as_deref()),
            cue.due,
            cue.volume,
        );
        let opens_stage = matches!(
            cue.role,
            CueRole::Start | CueRole::SideSwitch | CueRole::Rest
        );
        if let (true, Some(text)) = (opens_stage, self.say_next.take()) {
            audio.say(&text, cue.due);
        }
    }

    /// Lets the last cue play out, then stops the audio.
    /// Cues sent ahead for moments still to come are withdrawn (the run was
    /// stopped early); what is due now, like the finish chime, plays out.
    pub fn finish(&mut self) {
        if let Some(audio) = self.audio.take() {
            audio.cancel_after(Instant::now());
            audio.shutdown();
        }
    }
}

impl crate::plain::CueSink for CueFeed {
    fn effect(&mut self, _: &Effect, _: &Player) {}

    fn lead(&self, now: Instant) -> Duration {
        CueFeed::lead(self, now)
    }

    fn handled(&mut self, event: Event, effects: &[Effect], player: &Player, now: Instant) {
        CueFeed::handled(self, event, effects, player, now);
    }

    fn notices(&mut self) -> Vec<String> {
        CueFeed::notices(self)
    }

    fn finish(&mut self) {
        CueFeed::finish(self);
    }
}

/// The timer screen's sink: like `play --plain`, every player event comes through
/// [`CueFeed::handled`], which sends cues ahead so each plays at its moment.
impl crate::tui::CueSink for CueFeed {
    fn handled(&mut self, event: Event, effects: &[Effect], player: &Player, now: Instant) {
        CueFeed::handled(self, event, effects, player, now);
    }

    fn lead(&self, now: Instant) -> Duration {
        CueFeed::lead(self, now)
    }

    fn cue(&mut self, cue: &Cue) {
        self.cue_now(cue);
    }

    fn stage(&mut self, stage: &limber_core::routine::Stage) {
        self.say_next = Some(stage.say.clone());
    }

    // `handled` follows the player's pause; these catch pauses the player does not see.
    fn pause(&mut self) {
        if let (Some(audio), false) = (&self.audio, self.paused) {
            self.paused = true;
            audio.pause(Instant::now());
        }
    }

    fn resume(&mut self) {
        if let (Some(audio), true) = (&self.audio, self.paused) {
            self.paused = false;
            audio.resume(Instant::now());
        }
    }

    fn set_muted(&mut self, muted: bool) {
        if let Some(audio) = &self.audio {
            audio.set_muted(muted);
        }
    }

    fn set_night(&mut self, night: bool) {
        if let Some(audio) = &self.audio {
            audio.set_night(night);
        }
    }

    fn status(&self) -> Option<String> {
        match self.audio.as_ref()?.status() {
            AudioStatus::Silent(why) => Some(why),
            AudioStatus::Starting | AudioStatus::Playing(_) => None,
        }
    }
}
