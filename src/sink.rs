//! Where a running routine's sound goes: the one trait both front ends (the timer screen and
//! `play --plain`) drive, and the sound side ([`crate::audio::CueFeed`]) implements. It sits
//! between them so that neither side imports the other.

use std::time::{Duration, Instant};

use limber_core::player::{Effect, Event, Player};

/// Sound for a run, told what the player did.
pub trait CueSink {
    /// The player handled `event` at `now` with these effects; `player` is as it is after it.
    /// The sink plays the cues due now and may hand over those coming soon
    /// ([`Player::upcoming_cues`]), or withdraw what it handed over when the person changes
    /// course (a skip, a pause).
    fn handled(&mut self, event: Event, effects: &[Effect], player: &Player, now: Instant);

    /// How long a sound asked for at `now` would wait for the sound already queued. Whoever
    /// begins a stage from a key (see [`Event::starts_a_stage`]) begins it this much later, so
    /// its chime starts with it.
    fn lead(&self, _now: Instant) -> Duration {
        Duration::ZERO
    }

    /// Hold the cues (what sounds fades out) or let them go again; `handled` follows the
    /// player's own pause too, so a sink takes these as a second word on the same thing.
    fn pause(&mut self) {}
    fn resume(&mut self) {}
    fn set_muted(&mut self, _muted: bool) {}
    /// Night mode: softer cues.
    fn set_night(&mut self, _night: bool) {}

    /// A short line for the timer's header while sound is not working, e.g. "no sound device".
    fn status(&self) -> Option<String> {
        None
    }
    /// Messages for the person, each once (sound is off and why, a sound file did not play).
    fn notices(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// The run is over: let the last cue ring out, then stop.
    fn finish(&mut self) {}
}
