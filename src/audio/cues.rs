//! The built-in cue catalogue and decoding of sound files (through rodio).

use std::fmt;
use std::fs::File;
use std::io::Cursor;
use std::num::NonZero;
use std::path::Path;

use rodio::Decoder;
use rodio::Source;
use rodio::source::UniformSourceIterator;

use super::engine::Clip;

/// The longest sound a cue may play; longer files are cut here.
pub(crate) const MAX_CUE_SECONDS: u32 = 20;

/// The cues limber ships with (files in `sounds/`, made by `examples/gen_sounds.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    /// A step begins.
    Start,
    /// One of the last seconds of a timed step.
    Tick,
    /// A repetition's beat, for reps with a tempo.
    Rep,
    /// Halfway through a step.
    Halfway,
    /// Switch sides.
    Side,
    /// A rest begins.
    Rest,
    /// A manual step has gone on longer than its `warn_after`.
    Warning,
    /// The routine is done.
    Finish,
}

impl Builtin {
    /// Every built-in cue, in catalogue order.
    pub const ALL: [Builtin; 8] = [
        Builtin::Start,
        Builtin::Tick,
        Builtin::Rep,
        Builtin::Halfway,
        Builtin::Side,
        Builtin::Rest,
        Builtin::Warning,
        Builtin::Finish,
    ];

    /// The name used in routine files and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Start => "start",
            Builtin::Tick => "tick",
            Builtin::Rep => "rep",
            Builtin::Halfway => "halfway",
            Builtin::Side => "side",
            Builtin::Rest => "rest",
            Builtin::Warning => "warning",
            Builtin::Finish => "finish",
        }
    }

    /// The cue with this name, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The WAV file bundled into the binary.
    #[must_use]
    pub fn wav(self) -> &'static [u8] {
        match self {
            Builtin::Start => include_bytes!("../../sounds/start.wav"),
            Builtin::Tick => include_bytes!("../../sounds/tick.wav"),
            Builtin::Rep => include_bytes!("../../sounds/rep.wav"),
            Builtin::Halfway => include_bytes!("../../sounds/halfway.wav"),
            Builtin::Side => include_bytes!("../../sounds/side.wav"),
            Builtin::Rest => include_bytes!("../../sounds/rest.wav"),
            Builtin::Warning => include_bytes!("../../sounds/warning.wav"),
            Builtin::Finish => include_bytes!("../../sounds/finish.wav"),
        }
    }
}

impl fmt::Display for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decodes a whole source into a clip at `rate` Hz with `channels` channels
/// (rodio converts channels and resamples), at most [`MAX_CUE_SECONDS`] long.
fn to_clip<S: Source>(src: S, channels: u16, rate: u32) -> Result<Clip, String> {
    let (Some(ch), Some(sr)) = (NonZero::new(channels), NonZero::new(rate)) else {
        return Err("bad output format".into());
    };
    let max = (rate as usize) * usize::from(channels) * MAX_CUE_SECONDS as usize;
    let samples: Vec<f32> = UniformSourceIterator::new(src, ch, sr).take(max).collect();
    Clip::new(channels, rate, samples).ok_or_else(|| "no audio in it".to_string())
}

/// Decodes an in-memory sound file (WAV, Ogg/Vorbis or FLAC).
pub(crate) fn decode_bytes<T>(bytes: T, channels: u16, rate: u32) -> Result<Clip, String>
where
    T: AsRef<[u8]> + Send + Sync + 'static,
{
    let dec = Decoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    to_clip(dec, channels, rate)
}

/// Decodes a sound file from disk, with a message fit for the user on failure.
pub(crate) fn decode_file(path: &Path, channels: u16, rate: u32) -> Result<Clip, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let dec = Decoder::try_from(file).map_err(|e| {
        format!(
            "cannot decode {} (WAV, Ogg/Vorbis or FLAC expected): {e}",
            path.display()
        )
    })?;
    to_clip(dec, channels, rate).map_err(|e| format!("cannot decode {}: {e}", path.display()))
}

/// Checks that `path` names a sound file limber can play: it exists, is a
/// regular file, and decodes (WAV, Ogg/Vorbis or FLAC) to some audio.
/// The error is a sentence for `limber check`.
///
/// # Errors
/// When the file is missing, not a file, or does not decode.
pub fn check_sound_file(path: &Path) -> Result<(), String> {
    decode_file(path, 1, 48_000).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for b in Builtin::ALL {
            assert_eq!(Builtin::from_name(b.name()), Some(b));
        }
        assert_eq!(Builtin::from_name("gong"), None);
    }

    #[test]
    fn every_builtin_decodes_short_and_soft() {
        for b in Builtin::ALL {
            let clip = decode_bytes(b.wav(), 1, 48_000).unwrap_or_else(|e| panic!("{b}: {e}"));
            let secs = clip.frames() as f64 / 48_000.0;
            assert!(secs > 0.1 && secs < 2.5, "{b}: {secs} s");
        }
    }

    #[test]
    fn undecodable_bytes_are_an_error() {
        assert!(decode_bytes(b"RIFF nonsense".as_slice(), 1, 48_000).is_err());
    }
}
