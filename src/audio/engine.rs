//! The mixing timeline: cues placed at exact frame positions, mixed by rodio.
//!
//! This part knows nothing about clocks, threads or devices. It counts frames:
//! the audio thread turns instants into frame numbers and asks for the next
//! `n` frames, which it writes to the output. That keeps the placement logic
//! deterministic and unit-testable.
//!
//! While nothing sounds, rendering is a `memset` (the rodio mixer is not
//! polled), so an idle stream costs next to nothing.

use std::num::NonZero;

use rodio::Source;
use rodio::buffer::SamplesBuffer;
use rodio::mixer::{self, Mixer, MixerSource};

/// A decoded sound, already at the output's rate and channel count.
#[derive(Clone, Debug)]
pub(crate) struct Clip {
    buf: SamplesBuffer,
    frames: u64,
}

impl Clip {
    /// Wraps interleaved samples at `rate` with `channels` channels.
    /// Returns `None` for an empty clip.
    pub(super) fn new(channels: u16, rate: u32, mut samples: Vec<f32>) -> Option<Self> {
        let ch = NonZero::new(channels)?;
        let sr = NonZero::new(rate)?;
        let whole = samples.len() - samples.len() % usize::from(channels);
        samples.truncate(whole);
        if samples.is_empty() {
            return None;
        }
        let frames = (samples.len() / usize::from(channels)) as u64;
        Some(Clip {
            buf: SamplesBuffer::new(ch, sr, samples),
            frames,
        })
    }

    /// Length in frames.
    pub(crate) fn frames(&self) -> u64 {
        self.frames
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Chime,
    Voice,
}

#[derive(Debug)]
struct Pending {
    /// The frame it was due at, before any clamping to what was already rendered.
    due: u64,
    at: u64,
    clip: Clip,
    gain: f32,
}

/// Frames over which a cut (pause, mute, clear) fades out: 8 ms at 48 kHz.
const CUT_FADE_FRAMES: u32 = 384;

pub(crate) struct Engine {
    channels: u16,
    rate: u32,
    mixer: Mixer,
    source: MixerSource,
    /// Not yet started, sorted by `at`.
    pending: Vec<Pending>,
    /// Next frame to render.
    written: u64,
    /// The mixer may produce sound before this frame.
    busy_until: u64,
    /// Recently started or pending chimes: (due, end) frames, for voice placement.
    chimes: Vec<(u64, u64)>,
    gain: f32,
    target_gain: f32,
    /// Per-frame gain step when ramping.
    gain_step: f32,
    /// Frames left in a fade-out before the mixer is emptied.
    cut_left: Option<u32>,
    paused_at: Option<u64>,
}

impl Engine {
    pub(super) fn new(channels: u16, rate: u32, gain: f32) -> Option<Self> {
        let (mixer, source) = mixer::mixer(NonZero::new(channels)?, NonZero::new(rate)?);
        Some(Engine {
            channels,
            rate,
            mixer,
            source,
            pending: Vec::new(),
            written: 0,
            busy_until: 0,
            chimes: Vec::new(),
            gain,
            target_gain: gain,
            gain_step: 1.0 / (0.02 * rate as f32), // full scale in 20 ms
            cut_left: None,
            paused_at: None,
        })
    }

    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// Queues `clip` to start at frame `at` (or as soon as possible if that has
    /// already been rendered). A voice clip starts after any chime that starts
    /// within 50 ms of it, so "chime, then words".
    pub(crate) fn schedule(&mut self, due: u64, clip: Clip, gain: f32, kind: Kind) {
        let mut at = due.max(self.written);
        let near = u64::from(self.rate) / 20;
        match kind {
            Kind::Voice => {
                let after = self
                    .chimes
                    .iter()
                    .filter(|(d, _)| d.abs_diff(due) <= near)
                    .map(|(_, e)| *e)
                    .max();
                if let Some(end) = after {
                    at = at.max(end);
                }
            }
            Kind::Chime => {
                self.chimes.retain(|(_, e)| *e + near >= self.written);
                self.chimes.push((due, at + clip.frames()));
            }
        }
        let idx = self.pending.partition_point(|p| p.at <= at);
        self.pending.insert(
            idx,
            Pending {
                due,
                at,
                clip,
                gain,
            },
        );
    }

    /// The frame the next queued cue starts at; `None` when none is queued or all are held by a
    /// pause (their frames move when it ends).
    pub(crate) fn next_start(&self) -> Option<u64> {
        if self.paused_at.is_some() {
            return None;
        }
        self.pending.first().map(|p| p.at)
    }

    /// Drops cues due after frame `f` that have not started (the plan changed).
    pub(crate) fn cancel_after(&mut self, f: u64) {
        self.pending.retain(|p| p.due <= f);
        self.chimes.retain(|c| c.0 <= f.max(self.written));
    }

    /// Jumps to frame `f` without rendering what lies between (after a stall).
    pub(crate) fn skip_to(&mut self, f: u64) {
        if f > self.written {
            self.written = f;
            self.empty_mixer();
        }
    }

    /// Holds cues due at or after frame `p` and fades out what is sounding.
    pub(crate) fn pause(&mut self, p: u64) {
        if self.paused_at.is_none() {
            self.paused_at = Some(p);
            self.cut();
        }
    }

    /// Releases held cues, each later by the length of the pause.
    pub(crate) fn resume(&mut self, r: u64) {
        if let Some(p) = self.paused_at.take() {
            let shift = r.saturating_sub(p);
            for c in self.pending.iter_mut().filter(|c| c.at >= p) {
                c.at += shift;
            }
            for c in self.chimes.iter_mut().filter(|c| c.0 >= p) {
                c.0 += shift;
                c.1 += shift;
            }
            self.pending.sort_by_key(|c| c.at);
        }
    }

    /// Sets the master gain; changes ramp over ~20 ms. A gain of zero (mute)
    /// also fades out what is sounding, and cues due while it is zero are skipped.
    pub(crate) fn set_gain(&mut self, g: f32) {
        self.target_gain = g.clamp(0.0, 4.0);
        if self.target_gain == 0.0 {
            self.cut();
        }
    }

    fn cut(&mut self) {
        if self.written < self.busy_until && self.cut_left.is_none() {
            self.cut_left = Some(CUT_FADE_FRAMES);
        }
    }

    /// True while the last rendered frames may hold sound.
    pub(crate) fn sounding(&self) -> bool {
        self.written < self.busy_until || self.cut_left.is_some()
    }

    /// True when nothing sounds and nothing is queued.
    pub(crate) fn is_idle(&self) -> bool {
        self.pending.is_empty() && self.written >= self.busy_until
    }

    /// Drops queued cues that would start at or after frame `limit`.
    pub(crate) fn drop_after(&mut self, limit: u64) {
        self.pending.retain(|p| p.at < limit);
    }

    /// Renders the next `frames` frames as interleaved 16-bit samples into `out`
    /// (which is cleared first).
    pub(super) fn render(&mut self, frames: u64, out: &mut Vec<i16>) {
        out.clear();
        let end = self.written + frames;
        let mut pos = self.written;
        loop {
            let next = self.pending.first().and_then(|c| {
                let held = self.paused_at.is_some_and(|p| c.at >= p);
                (c.at < end && !held).then_some(c.at.max(pos))
            });
            let seg_end = next.unwrap_or(end);
            self.render_segment(pos, seg_end, out);
            pos = seg_end;
            if next.is_none() {
                break;
            }
            let c = self.pending.remove(0);
            if self.target_gain > 0.0 {
                self.mixer.add(c.clip.buf.amplify(c.gain));
                self.busy_until = self.busy_until.max(pos + c.clip.frames);
            }
        }
        self.written = end;
    }

    fn render_segment(&mut self, from: u64, to: u64, out: &mut Vec<i16>) {
        let ch = usize::from(self.channels);
        let mut f = from;
        // Fast path: silence while the mixer is idle.
        while f < to {
            if f >= self.busy_until && self.cut_left.is_none() {
                let n = usize::try_from(to - f).unwrap_or(0) * ch;
                out.resize(out.len() + n, 0);
                self.gain = self.target_gain;
                return;
            }
            let mut fade = 1.0f32;
            if let Some(left) = self.cut_left {
                fade = left as f32 / CUT_FADE_FRAMES as f32;
                if left == 0 {
                    self.empty_mixer();
                    continue;
                }
                self.cut_left = Some(left - 1);
            }
            if self.gain < self.target_gain {
                self.gain = (self.gain + self.gain_step).min(self.target_gain);
            } else if self.gain > self.target_gain {
                self.gain = (self.gain - self.gain_step).max(self.target_gain);
            }
            let g = self.gain * fade;
            for _ in 0..ch {
                let s = self.source.next().unwrap_or(0.0) * g;
                out.push((s.clamp(-1.0, 1.0) * 32767.0) as i16);
            }
            f += 1;
        }
    }

    /// Forgets every sounding source by swapping in a fresh mixer.
    fn empty_mixer(&mut self) {
        if let (Some(ch), Some(sr)) = (NonZero::new(self.channels), NonZero::new(self.rate)) {
            let (mixer, source) = mixer::mixer(ch, sr);
            self.mixer = mixer;
            self.source = source;
        }
        self.cut_left = None;
        self.busy_until = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(frames: usize) -> Clip {
        let mut v = vec![0.5f32; frames];
        v[0] = 1.0;
        Clip::new(1, 1000, v).unwrap_or_else(|| panic!("clip"))
    }

    fn onsets(samples: &[i16]) -> Vec<usize> {
        let mut on = Vec::new();
        let mut was_quiet = true;
        for (i, s) in samples.iter().enumerate() {
            let loud = s.unsigned_abs() > 1000;
            if loud && was_quiet {
                on.push(i);
            }
            was_quiet = !loud;
        }
        on
    }

    fn render_all(e: &mut Engine, total: u64, chunk: u64) -> Vec<i16> {
        let mut all = Vec::new();
        let mut buf = Vec::new();
        while e.written() < total {
            e.render(chunk.min(total - e.written()), &mut buf);
            all.extend_from_slice(&buf);
        }
        all
    }

    #[test]
    fn cues_start_on_their_frame_whatever_the_chunking() {
        for chunk in [1, 7, 100, 1000] {
            let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
            e.schedule(250, click(10), 1.0, Kind::Chime);
            e.schedule(40, click(10), 1.0, Kind::Chime);
            e.schedule(999, click(10), 1.0, Kind::Chime);
            let out = render_all(&mut e, 1200, chunk);
            assert_eq!(out.len(), 1200);
            assert_eq!(onsets(&out), vec![40, 250, 999], "chunk {chunk}");
            assert!(e.is_idle());
        }
    }

    #[test]
    fn late_cue_starts_at_once() {
        let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
        let mut buf = Vec::new();
        e.render(100, &mut buf);
        e.schedule(20, click(10), 1.0, Kind::Chime);
        e.render(100, &mut buf);
        assert_eq!(onsets(&buf), vec![0]);
    }

    #[test]
    fn pause_holds_and_shifts_cues() {
        let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
        e.schedule(300, click(10), 1.0, Kind::Chime);
        let mut out = render_all(&mut e, 100, 50);
        e.pause(100);
        out.extend(render_all(&mut e, 500, 50));
        e.resume(500);
        out.extend(render_all(&mut e, 1000, 50));
        assert_eq!(onsets(&out), vec![700]);
    }

    #[test]
    fn mute_skips_cues_and_unmute_plays_again() {
        let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
        e.schedule(100, click(10), 1.0, Kind::Chime);
        e.schedule(600, click(10), 1.0, Kind::Chime);
        e.set_gain(0.0);
        let mut out = render_all(&mut e, 500, 50);
        e.set_gain(1.0);
        out.extend(render_all(&mut e, 1000, 50));
        assert_eq!(onsets(&out), vec![600]);
    }

    #[test]
    fn voice_waits_for_the_chime() {
        let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
        e.schedule(100, click(200), 1.0, Kind::Chime);
        e.schedule(100, click(10), 1.0, Kind::Voice);
        let out = render_all(&mut e, 1000, 64);
        // the chime's body is loud; the voice starts right after it ends
        let first_quiet_after = (100..1000).find(|&i| out[i] == 0).unwrap_or(0);
        assert_eq!(first_quiet_after, 300 + 10);
    }

    #[test]
    fn a_late_voice_still_waits_for_its_chime() {
        let mut e = Engine::new(1, 1000, 1.0).unwrap_or_else(|| panic!("engine"));
        e.schedule(100, click(200), 1.0, Kind::Chime);
        let mut out = render_all(&mut e, 180, 60);
        // espeak-ng took a while: the line arrives while the chime already sounds
        e.schedule(100, click(10), 1.0, Kind::Voice);
        out.extend(render_all(&mut e, 1000, 60));
        let first_quiet_after = (100..1000).find(|&i| out[i] == 0).unwrap_or(0);
        assert_eq!(first_quiet_after, 300 + 10);
    }

    #[test]
    fn gain_scales_output() {
        let mut e = Engine::new(1, 1000, 0.5).unwrap_or_else(|| panic!("engine"));
        e.schedule(0, click(10), 0.5, Kind::Chime);
        let out = render_all(&mut e, 10, 10);
        assert_eq!(out[0], (0.25f32 * 32767.0) as i16);
    }
}
