//! Sound cues: the built-in chimes, sound files and spoken lines, mixed by
//! rodio and played through one continuous, clock-paced output stream.
//!
//! ```text
//!  shell (plain / tui)            audio thread ("limber-audio")
//!  ───────────────────            ─────────────────────────────
//!  Audio::play(sound, due) ─cmd─▶ decode (rodio, cached) ─▶ Engine: cue at frame f(due)
//!  Audio::pause/resume/mute       every 140–180 ms: render up to now + 220 ms ─▶ Output::write
//!  Audio::status() ◀── shared ──  status ("playing", "silent: no device") and notices
//! ```
//!
//! * Frame `n` of the stream is heard at `t0 + n / rate`: the thread writes
//!   frames up to 220 ms ahead of the clock, waking every 140 ms while a
//!   sound plays and every 180 ms while all is quiet, so a cue
//!   sent at least [`LOOKAHEAD`] before it is due starts on its exact frame.
//!   On devices that report their delay, `t0` follows the device's own clock.
//! * Waking is driven by the monotonic clock and a channel, never by the
//!   device, so a device that does not block (ALSA's null or file plugin)
//!   cannot make the thread spin. While nothing sounds, a wake-up writes
//!   zeros and goes back to sleep.
//! * Nothing here fails the program: no library, no device, a device that
//!   vanishes, a file that is missing or does not decode — the run goes on,
//!   silently or with the built-in chime, and says so once ([`Audio::status`],
//!   [`Audio::take_notices`]).

mod cues;
mod engine;
mod feed;
pub(crate) mod header;
mod output;
pub mod prefs;
mod voice;

#[cfg(target_os = "linux")]
mod alsa;
#[cfg(not(target_os = "linux"))]
mod device;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub use cues::{
    MAX_SOUND_FILE_BYTES, SoundProblem, builtin_wav, check_sound_file, decode_sound_bytes,
    probe_sound_file,
};
pub use feed::CueFeed;

use engine::{Clip, Engine, Kind};
use limber_core::routine::BuiltinSound;
use output::{OpenOptions, Output};

/// How long before its due time a cue should be handed to [`Audio::play`] to
/// start on its exact frame. Later cues play as soon as possible (at most
/// about 220 ms late).
pub(crate) const LOOKAHEAD: Duration = Duration::from_millis(400);

/// Frames are written this far ahead of the clock …
const LEAD: Duration = Duration::from_millis(220);
/// … by a wake-up this often while something sounds …
const PERIOD: Duration = Duration::from_millis(140);
/// … and this often while all is quiet (an underrun in silence is harmless;
/// each wake-up costs about 50 µs, so fewer of them keep the idle cost low).
const IDLE_PERIOD: Duration = Duration::from_millis(180);
/// The stream's fill for its first `START_HOLD` (when the first step's
/// chime comes), then growing to `LEAD`, with wake-ups this often meanwhile.
const START_FILL: Duration = Duration::from_millis(10);
const START_HOLD: Duration = Duration::from_millis(150);
const RAMP_PERIOD: Duration = Duration::from_millis(5);
/// While nothing sounds and no cue is due soon, the stream is not fed (no wake-ups at all) until
/// this long before the next cue is due, or until a command comes …
const QUIET_MARGIN: Duration = Duration::from_millis(80);
/// … or this long at most when none is queued.
const QUIET_MAX: Duration = Duration::from_secs(30);
/// Silence written to catch up after a quiet stretch, per write (devices that do not play in
/// real time keep their timeline only if every frame is written).
const CATCH_UP: Duration = Duration::from_millis(500);
/// How long `shutdown` waits at most for the last cue to be heard.
const DRAIN_LIMIT: Duration = Duration::from_secs(4);

/// A sound to play.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Sound {
    Builtin(BuiltinSound),
    /// A sound file (WAV, Ogg/Vorbis, FLAC); `fallback` plays if it is missing
    /// or does not decode.
    File {
        path: PathBuf,
        fallback: BuiltinSound,
    },
}

/// Which output to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BackendChoice {
    /// The platform's default device (ALSA on Linux).
    #[default]
    Auto,
    /// No sound at all.
    None,
}

/// How to play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudioConfig {
    /// 0–100.
    pub volume: u8,
    pub muted: bool,
    /// Night mode: everything softer.
    pub night: bool,
    /// Speak `say` lines with espeak-ng, if installed.
    pub voice: bool,
    /// `LIMBER_AUDIO=none` in the environment forces [`BackendChoice::None`].
    pub backend: BackendChoice,
}

impl Default for AudioConfig {
    fn default() -> Self {
        AudioConfig {
            volume: DEFAULT_VOLUME,
            muted: false,
            night: false,
            voice: false,
            backend: BackendChoice::Auto,
        }
    }
}

/// The volume when the user has not chosen one.
pub const DEFAULT_VOLUME: u8 = 70;

/// Night mode plays everything at this fraction of the usual level (about −10 dB).
const NIGHT_GAIN: f32 = 0.32;

/// What the sound is doing, for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AudioStatus {
    /// The device is being opened.
    Starting,
    /// Sound goes to this device.
    Playing(String),
    /// No sound, and why ("no sound device", "LIMBER_AUDIO=none").
    Silent(String),
}

enum Cmd {
    Play {
        sound: Sound,
        due: Instant,
        pct: u8,
    },
    /// A spoken line; `epoch`: [`Shared::voice_epoch`] when it was asked for.
    Voice {
        wav: Vec<u8>,
        due: Instant,
        epoch: u64,
    },
    Pause(Instant),
    Resume(Instant),
    CancelAfter(Instant),
    Muted(bool),
    Night(bool),
    Preload(Sound),
    Shutdown(Instant),
}

struct Shared {
    status: Mutex<AudioStatus>,
    notices: Mutex<Vec<String>>,
    /// When the first frame not yet written will be heard: a sound asked for now begins then.
    heard_from: Mutex<Option<Instant>>,
    /// Raised by [`Audio::hush_voice`]: a line asked for under an older value is for a step the
    /// person has left, and is dropped unspoken (before synthesis, and again before it plays).
    voice_epoch: AtomicU64,
}

impl Shared {
    fn voice_epoch(&self) -> u64 {
        self.voice_epoch.load(Ordering::SeqCst)
    }
    fn set_status(&self, s: AudioStatus) {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = s;
    }
    fn notice(&self, text: String) {
        self.notices
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(text);
    }
}

/// The handle the shell holds. Every method returns at once; the device is
/// opened and fed on the audio thread.
pub struct Audio {
    tx: Sender<Cmd>,
    shared: Arc<Shared>,
    /// Disconnects when the audio thread has finished.
    done: Option<Receiver<()>>,
    voice: Option<Sender<VoiceLine>>,
    stopped: bool,
}

/// A line to speak, when, and the voice epoch it was asked for under.
type VoiceLine = (String, Instant, u64);

impl Audio {
    /// Starts the audio thread. Never fails and never blocks: when there is no
    /// sound, [`Audio::status`] says why and every call is a no-op.
    #[must_use]
    pub fn start(cfg: &AudioConfig) -> Audio {
        let mut backend = cfg.backend;
        let mut why_silent = "sound is off".to_string();
        if std::env::var("LIMBER_AUDIO").is_ok_and(|v| v.eq_ignore_ascii_case("none")) {
            backend = BackendChoice::None;
            why_silent = "sound is off (LIMBER_AUDIO=none)".to_string();
        }
        let opts = OpenOptions {
            library: std::env::var_os("LIMBER_ALSA_LIB").map(PathBuf::from),
        };
        let shared = Arc::new(Shared {
            status: Mutex::new(AudioStatus::Starting),
            notices: Mutex::new(Vec::new()),
            heard_from: Mutex::new(None),
            voice_epoch: AtomicU64::new(0),
        });
        let (tx, rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let mut audio = Audio {
            tx,
            shared: Arc::clone(&shared),
            done: None,
            voice: None,
            stopped: false,
        };
        if backend == BackendChoice::None {
            shared.set_status(AudioStatus::Silent(why_silent));
            return audio;
        }
        let settings = Settings {
            volume: cfg.volume.min(100),
            muted: cfg.muted,
            night: cfg.night,
        };
        let thread_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("limber-audio".into())
            .spawn(move || {
                let _done = done_tx; // dropped when the thread ends
                audio_thread(&opts, settings, &rx, &thread_shared);
            });
        match spawned {
            Ok(_) => audio.done = Some(done_rx),
            Err(e) => {
                shared.set_status(AudioStatus::Silent(format!(
                    "cannot start the audio thread: {e}"
                )));
                return audio;
            }
        }
        if cfg.voice {
            match voice::find_espeak() {
                Some(exe) => audio.voice = spawn_voice(exe, audio.tx.clone(), Arc::clone(&shared)),
                None => shared.notice(
                    "--voice needs espeak-ng, which is not installed: playing chimes only".into(),
                ),
            }
        }
        audio
    }

    fn send(&self, cmd: Cmd) {
        // A send error means the audio thread is gone (silent): nothing to do.
        let _ = self.tx.send(cmd);
    }

    /// The earliest moment a sound asked for now can begin: frames up to then are already
    /// written. `None` while nothing is being written (no sound, or not yet started).
    #[must_use]
    pub(crate) fn ready_at(&self) -> Option<Instant> {
        *self
            .shared
            .heard_from
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Plays `sound` so that it begins at `due`, at `volume_pct` (0–100) of the
    /// user's volume. Hand it over at least [`LOOKAHEAD`] early for exact timing.
    pub fn play(&self, sound: &Sound, due: Instant, volume_pct: u8) {
        self.send(Cmd::Play {
            sound: sound.clone(),
            due,
            pct: volume_pct.min(100),
        });
    }

    /// Speaks `text` at `due` (after a chime that starts then), if voice is on
    /// and espeak-ng is installed; otherwise does nothing.
    pub(crate) fn say(&self, text: &str, due: Instant) {
        if let Some(v) = &self.voice {
            let text = text.trim();
            if !text.is_empty() {
                let _ = v.send((text.to_string(), due, self.shared.voice_epoch()));
            }
        }
    }

    /// The person moved to another step: every line asked for so far and not yet sounding is
    /// dropped, so skipping 150 steps announces only the one they land on.
    pub(crate) fn hush_voice(&self) {
        self.shared.voice_epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// Decodes a sound now, so its first use is not slowed by decoding.
    pub(crate) fn preload(&self, sound: &Sound) {
        self.send(Cmd::Preload(sound.clone()));
    }

    /// Pauses cues: what sounds fades out, cues due from `at` on are held.
    pub(crate) fn pause(&self, at: Instant) {
        self.send(Cmd::Pause(at));
    }

    /// Resumes cues held by [`Audio::pause`], each later by the pause's length.
    pub(crate) fn resume(&self, at: Instant) {
        self.send(Cmd::Resume(at));
    }

    /// Forgets every cue due after `at` that has not started (the plan changed).
    pub(crate) fn cancel_after(&self, at: Instant) {
        self.send(Cmd::CancelAfter(at));
    }

    pub(crate) fn set_muted(&self, muted: bool) {
        self.send(Cmd::Muted(muted));
    }

    /// Night mode: later cues play softer.
    pub(crate) fn set_night(&self, night: bool) {
        self.send(Cmd::Night(night));
    }

    /// Waits (at most `limit`) until the device is open or known to be
    /// missing, so that a routine started right after gets its first chime on
    /// time. Returns the status.
    pub fn wait_ready(&self, limit: Duration) -> AudioStatus {
        let end = Instant::now() + limit;
        loop {
            let status = self.status();
            if status != AudioStatus::Starting || Instant::now() >= end {
                return status;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[must_use]
    pub fn status(&self) -> AudioStatus {
        self.shared
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Messages for the user since the last call (a sound file that did not
    /// play, voice not available), each once.
    #[must_use]
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .shared
                .notices
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Stops the audio after letting what is queued or sounding (the finish
    /// chime) play out; waits at most a few seconds.
    pub fn shutdown(mut self) {
        self.stop(Instant::now() + DRAIN_LIMIT);
    }

    fn stop(&mut self, deadline: Instant) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.voice = None;
        self.send(Cmd::Shutdown(deadline));
        if let Some(done) = self.done.take() {
            let wait =
                deadline.saturating_duration_since(Instant::now()) + Duration::from_millis(500);
            // Returns when the thread ends (the sender is dropped) or on timeout.
            let _ = done.recv_timeout(wait);
        }
    }
}

impl Drop for Audio {
    fn drop(&mut self) {
        // Dropped without `shutdown` (an early exit): stop quickly.
        self.stop(Instant::now() + Duration::from_millis(300));
    }
}

fn spawn_voice(exe: PathBuf, tx: Sender<Cmd>, shared: Arc<Shared>) -> Option<Sender<VoiceLine>> {
    let (vtx, vrx) = mpsc::channel::<VoiceLine>();
    let spawned = std::thread::Builder::new()
        .name("limber-voice".into())
        .spawn(move || {
            let mut warned = false;
            for (text, due, epoch) in vrx {
                // Asked for before the person moved on: not worth the synthesis.
                if epoch != shared.voice_epoch() {
                    continue;
                }
                match voice::synthesize(&exe, &text) {
                    Ok(wav) => {
                        if epoch != shared.voice_epoch() {
                            continue;
                        }
                        if tx.send(Cmd::Voice { wav, due, epoch }).is_err() {
                            return;
                        }
                    }
                    Err(e) if !warned => {
                        warned = true;
                        shared.notice(format!("voice: {e}"));
                    }
                    Err(_) => {}
                }
            }
        });
    spawned.ok().map(|_| vtx)
}

#[derive(Clone, Copy, Debug)]
struct Settings {
    volume: u8,
    muted: bool,
    night: bool,
}

/// Perceived loudness grows roughly with the square of the slider.
fn master_gain(volume: u8, muted: bool) -> f32 {
    if muted {
        0.0
    } else {
        let v = f32::from(volume.min(100)) / 100.0;
        v * v
    }
}

fn audio_thread(opts: &OpenOptions, settings: Settings, rx: &Receiver<Cmd>, shared: &Shared) {
    let out = match output::open_default(opts) {
        Ok(out) => out,
        Err(why) => {
            shared.set_status(AudioStatus::Silent(format!("sound is off: {why}")));
            silent(rx);
            return;
        }
    };
    let Some(mut runner) = Runner::new(out, settings) else {
        shared.set_status(AudioStatus::Silent(
            "sound is off: the device's format is unusable".into(),
        ));
        silent(rx);
        return;
    };
    if let Err(why) = runner.run(rx, shared) {
        *shared
            .heard_from
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        shared.set_status(AudioStatus::Silent(format!("sound stopped: {why}")));
        silent(rx);
    }
}

/// Without a device: take commands until shutdown, doing nothing.
fn silent(rx: &Receiver<Cmd>) {
    while let Ok(cmd) = rx.recv() {
        if matches!(cmd, Cmd::Shutdown(_)) {
            return;
        }
    }
}

/// The audio thread's state while a device is open.
struct Runner {
    out: Option<Box<dyn Output>>,
    engine: Engine,
    rate: u32,
    channels: u16,
    /// Frame 0 is heard at `t0`.
    t0: Instant,
    lead: u64,
    /// Each built-in chime, decoded on first use (a routine uses a few; decoded, all eight
    /// would hold about 1.5 MB of samples): `None` until then.
    builtins: Vec<Option<Option<Clip>>>,
    files: HashMap<PathBuf, Option<Clip>>,
    night: bool,
    volume: u8,
    muted: bool,
    buf: Vec<i16>,
}

impl Runner {
    fn new(out: Box<dyn Output>, s: Settings) -> Option<Runner> {
        let fmt = out.format();
        let engine = Engine::new(fmt.channels, fmt.rate, master_gain(s.volume, s.muted))?;
        let builtins = vec![None; BuiltinSound::ALL.len()];
        let mut lead = frames_in(LEAD, fmt.rate);
        if fmt.buffer_frames > 0 {
            lead = lead.min(fmt.buffer_frames * 3 / 4);
        }
        Some(Runner {
            out: Some(out),
            engine,
            rate: fmt.rate,
            channels: fmt.channels,
            t0: Instant::now(),
            lead,
            builtins,
            files: HashMap::new(),
            night: s.night,
            volume: s.volume,
            muted: s.muted,
            buf: Vec::new(),
        })
    }

    fn frame_at(&self, at: Instant) -> u64 {
        let ns = at.saturating_duration_since(self.t0).as_nanos();
        u64::try_from(ns * u128::from(self.rate) / 1_000_000_000).unwrap_or(u64::MAX)
    }

    fn time_of(&self, frame: u64) -> Instant {
        let ns = u128::from(frame) * 1_000_000_000 / u128::from(self.rate);
        self.t0 + Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX))
    }

    fn run(&mut self, rx: &Receiver<Cmd>, shared: &Shared) -> Result<(), String> {
        self.t0 = Instant::now();
        if let Some(out) = &self.out {
            shared.set_status(AudioStatus::Playing(out.describe()));
        }
        let mut draining: Option<Instant> = None;
        // Cues sent while the device was opening (the first step's chime)
        // are placed before the first frame is written, so they start at once.
        while let Ok(cmd) = rx.try_recv() {
            if let Some(deadline) = self.handle(cmd, shared) {
                draining = Some(deadline);
            }
        }
        self.pump(self.t0)?;
        self.publish(shared);
        let mut next_wake = self.t0 + RAMP_PERIOD;
        loop {
            let timeout = next_wake.saturating_duration_since(Instant::now());
            let mut got_command = false;
            match rx.recv_timeout(timeout) {
                Ok(cmd) => {
                    got_command = true;
                    if let Some(deadline) = self.handle(cmd, shared) {
                        draining = Some(deadline);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    draining.get_or_insert_with(|| Instant::now() + Duration::from_millis(300));
                }
            }
            let now = Instant::now();
            if got_command {
                // A cue may be due before a quiet sleep would end.
                next_wake = next_wake.min(self.wake_after(now, now));
            }
            if now >= next_wake {
                self.pump(now)?;
                self.publish(shared);
                next_wake = self.wake_after(now, now + IDLE_PERIOD);
            }
            if let Some(deadline) = draining {
                self.engine.drop_after(self.frame_at(deadline));
                if self.engine.is_idle() || now >= deadline {
                    // Let the frames already written be heard, then close.
                    let heard = self.time_of(self.engine.written()).min(deadline);
                    std::thread::sleep(heard.saturating_duration_since(Instant::now()));
                    if let Some(out) = self.out.take() {
                        out.close();
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Applies a command; returns the drain deadline for `Shutdown`.
    fn handle(&mut self, cmd: Cmd, shared: &Shared) -> Option<Instant> {
        match cmd {
            Cmd::Play { sound, due, pct } => {
                if let Some(clip) = self.clip(&sound, shared) {
                    let at = self.frame_at(due);
                    let gain = self.cue_gain(pct);
                    self.engine.schedule(at, clip, gain, Kind::Chime);
                }
            }
            // Synthesised for a step the person has since left.
            Cmd::Voice { epoch, .. } if epoch != shared.voice_epoch() => {}
            Cmd::Voice { wav, due, .. } => {
                match cues::decode_bytes(wav, self.channels, self.rate) {
                    Ok(clip) => {
                        let at = self.frame_at(due);
                        let gain = self.cue_gain(100);
                        self.engine.schedule(at, clip, gain, Kind::Voice);
                    }
                    Err(e) => {
                        shared.notice(format!("voice: cannot decode espeak-ng's output: {e}"))
                    }
                }
            }
            Cmd::Pause(at) => self.engine.pause(self.frame_at(at)),
            Cmd::Resume(at) => self.engine.resume(self.frame_at(at)),
            Cmd::CancelAfter(at) => self.engine.cancel_after(self.frame_at(at)),
            Cmd::Muted(m) => {
                self.muted = m;
                self.engine.set_gain(master_gain(self.volume, self.muted));
            }
            Cmd::Night(n) => self.night = n,
            Cmd::Preload(sound) => {
                let _ = self.clip(&sound, shared);
            }
            Cmd::Shutdown(deadline) => return Some(deadline),
        }
        None
    }

    fn cue_gain(&self, pct: u8) -> f32 {
        let g = f32::from(pct.min(100)) / 100.0;
        if self.night { g * NIGHT_GAIN } else { g }
    }

    /// The decoded clip for a sound; a file that cannot be played is reported
    /// once and replaced by its built-in fallback.
    fn clip(&mut self, sound: &Sound, shared: &Shared) -> Option<Clip> {
        match sound {
            Sound::Builtin(b) => self.builtin(*b),
            Sound::File { path, fallback } => {
                if !self.files.contains_key(path) {
                    let decoded = match cues::decode_file(path, self.channels, self.rate) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            shared.notice(format!(
                                "{e}; playing the built-in \"{fallback}\" cue instead"
                            ));
                            None
                        }
                    };
                    self.files.insert(path.clone(), decoded);
                }
                self.files
                    .get(path)
                    .cloned()
                    .flatten()
                    .or_else(|| self.builtin(*fallback))
            }
        }
    }

    /// A built-in chime, decoded the first time it is asked for.
    fn builtin(&mut self, b: BuiltinSound) -> Option<Clip> {
        let (channels, rate) = (self.channels, self.rate);
        let slot = self.builtins.get_mut(b as usize)?;
        slot.get_or_insert_with(|| cues::decode_bytes(builtin_wav(b), channels, rate).ok())
            .clone()
    }

    /// When to write next, having written at `now`: soon while the stream starts or a sound
    /// plays; while all is quiet, not until shortly before the next queued cue (no wake-ups in a
    /// long step), but never before `quiet_floor`.
    fn wake_after(&self, now: Instant, quiet_floor: Instant) -> Instant {
        if self.frame_at(now) < self.lead + frames_in(START_HOLD, self.rate) {
            return now + RAMP_PERIOD;
        }
        if self.engine.sounding() {
            return now + PERIOD;
        }
        let lead = Duration::from_nanos(self.lead * 1_000_000_000 / u64::from(self.rate));
        let until = match self.engine.next_start() {
            Some(at) => self
                .time_of(at)
                .checked_sub(lead + QUIET_MARGIN)
                .unwrap_or(now),
            None => now + QUIET_MAX,
        };
        until.max(quiet_floor).max(now)
    }

    /// Tells the shell how far ahead the stream is written (see [`Audio::ready_at`]).
    fn publish(&self, shared: &Shared) {
        let heard = self.time_of(self.engine.written());
        *shared
            .heard_from
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(heard);
    }

    /// Writes frames up to `lead` ahead of the clock.
    fn pump(&mut self, now: Instant) -> Result<(), String> {
        if self.out.is_none() {
            return Ok(());
        }
        let clock = self.frame_at(now);
        // The stream starts with a small fill that grows to `lead` after a
        // moment, so a cue due just after the start (the first step's chime)
        // is not held back by a buffer full of silence.
        let grown = clock.saturating_sub(frames_in(START_HOLD, self.rate));
        let target = clock + self.lead.min(frames_in(START_FILL, self.rate) + grown);
        let written = self.engine.written();
        if target <= written {
            return Ok(());
        }
        if written < clock {
            let realtime = self.out.as_ref().is_some_and(|o| o.realtime());
            if realtime {
                // After a quiet stretch or a stall (suspend, SIGSTOP) the device has run dry:
                // start again from now rather than queue silence ahead of the next cue.
                self.engine.skip_to(clock);
            } else {
                // A device that swallows samples (ALSA's file plugin) keeps its timeline only
                // if the silence is written too, a bounded piece at a time.
                let piece = frames_in(CATCH_UP, self.rate).max(1);
                while self.engine.written() < clock {
                    let n = piece.min(clock - self.engine.written());
                    self.engine.render(n, &mut self.buf);
                    let Some(out) = self.out.as_mut() else {
                        return Ok(());
                    };
                    if let Err(e) = out.write(&self.buf) {
                        if let Some(out) = self.out.take() {
                            out.close();
                        }
                        return Err(e);
                    }
                }
            }
        }
        let n = target - self.engine.written();
        self.engine.render(n, &mut self.buf);
        let Some(out) = self.out.as_mut() else {
            return Ok(());
        };
        let result = out.write(&self.buf);
        let delay = out.delay();
        if let Err(e) = result {
            if let Some(out) = self.out.take() {
                out.close();
            }
            return Err(e);
        }
        // Follow the device's clock: the next frame written is heard after `delay`.
        if let Some(d) = delay {
            let heard = now + Duration::from_nanos(d * 1_000_000_000 / u64::from(self.rate));
            let expected = self.time_of(self.engine.written());
            let tolerance = Duration::from_millis(15);
            if heard > expected + tolerance {
                self.t0 += heard - expected;
            } else if expected > heard + tolerance {
                self.t0 = self.t0.checked_sub(expected - heard).unwrap_or(self.t0);
            }
        }
        Ok(())
    }
}

fn frames_in(d: Duration, rate: u32) -> u64 {
    u64::try_from(d.as_nanos() * u128::from(rate) / 1_000_000_000).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A runner on an in-memory output, driven by made-up instants.
    fn runner() -> (Runner, Arc<Mutex<Vec<i16>>>, Shared) {
        runner_with(false, None)
    }

    fn runner_with(
        night: bool,
        vanish_after: Option<u32>,
    ) -> (Runner, Arc<Mutex<Vec<i16>>>, Shared) {
        let samples = Arc::new(Mutex::new(Vec::new()));
        let out = output::Memory {
            samples: Arc::clone(&samples),
            vanish_after,
        };
        let settings = Settings {
            volume: 100,
            muted: false,
            night,
        };
        let runner = Runner::new(Box::new(out), settings).unwrap_or_else(|| panic!("runner"));
        let shared = Shared {
            status: Mutex::new(AudioStatus::Starting),
            notices: Mutex::new(Vec::new()),
            heard_from: Mutex::new(None),
            voice_epoch: AtomicU64::new(0),
        };
        (runner, samples, shared)
    }

    /// Runs the clock from the runner's t0 for `secs`, pumping every 100 ms.
    fn run_for(r: &mut Runner, secs: f64) {
        let t0 = r.t0;
        let mut t = 0.0;
        while t <= secs {
            r.pump(t0 + Duration::from_secs_f64(t))
                .unwrap_or_else(|e| panic!("{e}"));
            t += 0.1;
        }
    }

    /// First sample index (at 48 kHz) that is not silent, from `from`. The 4 ms attack makes
    /// the first few samples of a chime round to zero, hence the tolerance of 8 samples below.
    fn first_sound(samples: &[i16], from: usize) -> Option<usize> {
        samples
            .iter()
            .skip(from)
            .position(|s| *s != 0)
            .map(|i| i + from)
    }

    fn matches_builtin(samples: &[i16], at: usize, b: BuiltinSound) -> bool {
        let clip = cues::decode_bytes(builtin_wav(b), 1, 48_000).unwrap_or_else(|e| panic!("{e}"));
        let mut buf = Vec::new();
        let mut e = Engine::new(1, 48_000, 1.0).unwrap_or_else(|| panic!("engine"));
        e.schedule(0, clip, 1.0, Kind::Chime);
        e.render(4800, &mut buf);
        let start = first_sound(&buf, 0).unwrap_or(0);
        // the same samples, sample for sample (both rendered at full gain)
        samples[at..at + 2000] == buf[start..start + 2000]
    }

    #[test]
    fn a_missing_file_plays_the_fallback_on_time_with_a_notice() {
        let (mut r, samples, shared) = runner();
        let due = r.t0 + Duration::from_secs(1);
        let sound = Sound::File {
            path: PathBuf::from("/nonexistent/cue.ogg"),
            fallback: BuiltinSound::Side,
        };
        r.handle(
            Cmd::Play {
                sound,
                due,
                pct: 100,
            },
            &shared,
        );
        run_for(&mut r, 2.0);
        let notices = shared.notices.lock().map(|n| n.clone()).unwrap_or_default();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("/nonexistent/cue.ogg") && notices[0].contains("\"side\""));
        let got = samples.lock().map(|s| s.clone()).unwrap_or_default();
        let at = first_sound(&got, 0).unwrap_or(0);
        assert!((48_000..=48_008).contains(&at), "starts at sample {at}");
        assert!(matches_builtin(&got, at, BuiltinSound::Side));
    }

    #[test]
    fn an_undecodable_file_plays_the_fallback_and_is_reported_once() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("bad.flac");
        std::fs::write(&path, b"fLaC and then nothing useful").unwrap_or_else(|e| panic!("{e}"));
        let (mut r, samples, shared) = runner();
        for k in 1..=2 {
            let sound = Sound::File {
                path: path.clone(),
                fallback: BuiltinSound::Tick,
            };
            let due = r.t0 + Duration::from_secs(k);
            r.handle(
                Cmd::Play {
                    sound,
                    due,
                    pct: 100,
                },
                &shared,
            );
        }
        run_for(&mut r, 3.0);
        let notices = shared.notices.lock().map(|n| n.clone()).unwrap_or_default();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("cannot decode"), "{notices:?}");
        let got = samples.lock().map(|s| s.clone()).unwrap_or_default();
        let first = first_sound(&got, 0).unwrap_or(0);
        let second = first_sound(&got, first + 24_000).unwrap_or(0);
        assert!(
            first.abs_diff(48_000) <= 8 && second.abs_diff(96_000) <= 8,
            "{first} {second}"
        );
        assert!(matches_builtin(&got, first, BuiltinSound::Tick));
    }

    #[test]
    fn a_good_file_plays_itself() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("mine.wav");
        std::fs::write(&path, builtin_wav(BuiltinSound::Finish)).unwrap_or_else(|e| panic!("{e}"));
        let (mut r, samples, shared) = runner();
        let sound = Sound::File {
            path,
            fallback: BuiltinSound::Tick,
        };
        r.handle(
            Cmd::Play {
                sound,
                due: r.t0 + Duration::from_millis(500),
                pct: 100,
            },
            &shared,
        );
        run_for(&mut r, 1.0);
        let got = samples.lock().map(|s| s.clone()).unwrap_or_default();
        let at = first_sound(&got, 0).unwrap_or(0);
        assert!(at.abs_diff(24_000) <= 8, "{at}");
        assert!(matches_builtin(&got, at, BuiltinSound::Finish));
        assert!(shared.notices.lock().map(|n| n.is_empty()).unwrap_or(false));
    }

    #[test]
    fn mute_silences_and_pause_delays() {
        let (mut r, samples, shared) = runner();
        let t0 = r.t0;
        let play = |r: &mut Runner, ms: u64| {
            let due = t0 + Duration::from_millis(ms);
            r.handle(
                Cmd::Play {
                    sound: Sound::Builtin(BuiltinSound::Tick),
                    due,
                    pct: 100,
                },
                &shared,
            );
        };
        r.handle(Cmd::Muted(true), &shared);
        play(&mut r, 500);
        run_for(&mut r, 1.0);
        assert_eq!(
            first_sound(&samples.lock().map(|s| s.clone()).unwrap_or_default(), 0),
            None
        );
        r.handle(Cmd::Muted(false), &shared);
        play(&mut r, 2000);
        r.handle(Cmd::Pause(t0 + Duration::from_millis(1500)), &shared);
        r.handle(Cmd::Resume(t0 + Duration::from_millis(2500)), &shared);
        let mut t = 1.1;
        while t < 3.5 {
            r.pump(t0 + Duration::from_secs_f64(t))
                .unwrap_or_else(|e| panic!("{e}"));
            t += 0.1;
        }
        let got = samples.lock().map(|s| s.clone()).unwrap_or_default();
        let at = first_sound(&got, 0).unwrap_or(0);
        assert!(at.abs_diff(3 * 48_000) <= 8, "{at}");
    }

    #[test]
    fn night_mode_is_softer() {
        let peak = |night: bool| {
            let (mut r, samples, shared) = runner_with(night, None);
            let due = r.t0 + Duration::from_millis(300);
            r.handle(
                Cmd::Play {
                    sound: Sound::Builtin(BuiltinSound::Start),
                    due,
                    pct: 100,
                },
                &shared,
            );
            run_for(&mut r, 1.0);
            let got = samples.lock().map(|s| s.clone()).unwrap_or_default();
            got.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0)
        };
        let (day, night) = (f32::from(peak(false)), f32::from(peak(true)));
        assert!((night / day - NIGHT_GAIN).abs() < 0.01, "{night} / {day}");
    }

    #[test]
    fn a_device_that_vanishes_stops_the_sound_but_nothing_else() {
        let (mut r, _samples, shared) = runner_with(false, Some(3));
        let t0 = r.t0;
        let mut result = Ok(());
        for k in 0..10 {
            result = result.and(r.pump(t0 + Duration::from_millis(100 * k)));
        }
        assert!(result.is_err_and(|e| e.contains("gone")));
        assert!(r.out.is_none(), "the device was closed");
        // Later commands and pumps are harmless.
        r.handle(
            Cmd::Play {
                sound: Sound::Builtin(BuiltinSound::Tick),
                due: t0,
                pct: 100,
            },
            &shared,
        );
        assert!(r.pump(t0 + Duration::from_secs(2)).is_ok());
    }
}
