//! Handing the player's cues to the audio thread ahead of time.
//!
//! The player fires a cue when the shell ticks it at (or just after) the cue's moment. To start
//! each sound on its exact frame the audio thread needs it a little earlier
//! ([`super::LOOKAHEAD`]), so after every event the feed asks the player which cues come up to the
//! next deadline plus the look-ahead ([`Player::upcoming_cues`]) and sends them. When the player
//! fires them later they are recognised by `(due, role)` and not sent twice. When the person
//! changes course (skip, back, pause, more time, done), the cues sent ahead are withdrawn and
//! planned again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Audio, AudioStatus, LOOKAHEAD, Sound};
use crate::sink::CueSink;
use limber_core::player::{Cue, CueRole, Effect, Event, Player};
use limber_core::routine::SoundRef;

/// The sound for a cue: the routine's sound reference, with relative file paths taken from
/// `base` (the routine file's folder), and the role's built-in sound to fall back on.
fn sound_for(sound: &SoundRef, role: CueRole, base: Option<&Path>) -> Sound {
    match sound {
        SoundRef::Builtin(builtin) => Sound::Builtin(*builtin),
        SoundRef::File(file) => {
            let path = Path::new(file);
            let path = match base {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path.to_path_buf(),
            };
            Sound::File {
                path,
                fallback: role.builtin_sound(),
            }
        }
    }
}

/// The most a key-started stage is held back for its chime (the stream is written ~220 ms ahead).
const MAX_LEAD: Duration = Duration::from_millis(300);

/// Plays a run's cues (and spoken lines) through an [`Audio`].
pub struct CueFeed {
    audio: Option<Audio>,
    base: Option<PathBuf>,
    /// Cues sent ahead that the player has not fired yet.
    sent: Vec<(Instant, CueRole)>,
    /// Lines said: (when, which stage). Quick skips can give several stages the same moment
    /// (the sound's lead), so the stage is part of the key.
    spoken: Vec<(Instant, usize)>,
    paused: bool,
    told_status: bool,
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
        }
    }

    /// Decodes the routine's own sound files now, so playing them costs nothing later.
    fn preload(&self, player: &Player) {
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

    /// Plays `cue` unless it went ahead already; `ahead`: it is still to come (from the look-ahead).
    fn send(&mut self, cue: &Cue, player: &Player, now: Instant, ahead: bool) {
        let Some(audio) = &self.audio else { return };
        let key = (cue.due, cue.role);
        if ahead && cue.due <= now {
            return; // the player fires it (or has)
        }
        if let Some(pos) = self.sent.iter().position(|k| *k == key) {
            // Sent ahead already: a later look-ahead leaves it be; the player firing it settles it.
            if !ahead {
                self.sent.swap_remove(pos);
            }
            return;
        }
        if ahead {
            self.sent.push(key);
        }
        let sound = sound_for(&cue.sound, cue.role, self.base.as_deref());
        audio.play(&sound, cue.due, cue.volume);
        if cue.opens_stage()
            && !self.spoken.contains(&(cue.due, cue.stage))
            && let Some(stage) = player.plan().stages.get(cue.stage)
        {
            self.spoken.push((cue.due, cue.stage));
            audio.say(&stage.say, cue.due);
        }
    }
}

impl CueSink for CueFeed {
    fn handled(&mut self, event: Event, effects: &[Effect], player: &Player, now: Instant) {
        if event == Event::Start {
            self.preload(player);
        }
        let Some(audio) = &self.audio else { return };
        let changes_course = !matches!(event, Event::Tick | Event::Start);
        if changes_course && effects.iter().any(|e| matches!(e, Effect::StageChanged(_))) {
            // The person moved to another step: lines for the steps left behind stay unsaid.
            audio.hush_voice();
        }
        if changes_course {
            audio.cancel_after(now);
            self.sent.retain(|(due, _)| *due <= now);
            self.spoken.retain(|(due, _)| *due <= now);
        }
        if player.is_paused() != self.paused {
            self.paused = player.is_paused();
            if self.paused {
                audio.pause(now);
            } else {
                audio.resume(now);
            }
        }
        for effect in effects {
            if let Effect::Cue(cue) = effect {
                self.send(cue, player, now, false);
            }
        }
        if let Some(deadline) = player.next_deadline() {
            for cue in player.upcoming_cues(deadline + LOOKAHEAD) {
                self.send(&cue, player, now, true);
            }
        }
        let stale = now.checked_sub(Duration::from_secs(5)).unwrap_or(now);
        self.sent.retain(|(due, _)| *due > stale);
        self.spoken.retain(|(due, _)| *due > stale);
    }

    /// How long a sound asked for now would wait for the stream already written.
    fn lead(&self, now: Instant) -> Duration {
        self.audio
            .as_ref()
            .and_then(Audio::ready_at)
            .map_or(Duration::ZERO, |ready| {
                ready.saturating_duration_since(now).min(MAX_LEAD)
            })
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

    /// Sound is off and why, a sound file that did not play, voice not available: each once.
    fn notices(&mut self) -> Vec<String> {
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

    /// Cues sent ahead for moments still to come are withdrawn (the run was stopped early); what
    /// is due now, like the finish chime, plays out; then the audio stops.
    fn finish(&mut self) {
        if let Some(audio) = self.audio.take() {
            audio.cancel_after(Instant::now());
            audio.shutdown();
        }
    }
}
