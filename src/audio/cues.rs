//! The built-in sounds' recordings and decoding of sound files (through rodio).

use std::fs::File;
use std::io::Cursor;
use std::num::NonZero;
use std::path::Path;

use rodio::Decoder;
use rodio::Source;
use rodio::source::UniformSourceIterator;

use super::engine::Clip;
use limber_core::routine::BuiltinSound;

/// The longest sound a cue may play; longer files are cut here.
pub(crate) const MAX_CUE_SECONDS: u32 = 20;

/// The recording of a built-in sound, bundled into the binary (`sounds/`, made by
/// `examples/gen_sounds.rs`).
#[must_use]
pub fn builtin_wav(sound: BuiltinSound) -> &'static [u8] {
    match sound {
        BuiltinSound::Start => include_bytes!("../../sounds/start.wav"),
        BuiltinSound::Tick => include_bytes!("../../sounds/tick.wav"),
        BuiltinSound::Rep => include_bytes!("../../sounds/rep.wav"),
        BuiltinSound::Halfway => include_bytes!("../../sounds/halfway.wav"),
        BuiltinSound::Side => include_bytes!("../../sounds/side.wav"),
        BuiltinSound::Rest => include_bytes!("../../sounds/rest.wav"),
        BuiltinSound::Warning => include_bytes!("../../sounds/warning.wav"),
        BuiltinSound::Finish => include_bytes!("../../sounds/finish.wav"),
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
    fn every_builtin_decodes_short_and_soft() {
        for b in BuiltinSound::ALL {
            let clip =
                decode_bytes(builtin_wav(b), 1, 48_000).unwrap_or_else(|e| panic!("{b}: {e}"));
            let secs = clip.frames() as f64 / 48_000.0;
            assert!(secs > 0.1 && secs < 2.5, "{b}: {secs} s");
        }
    }

    #[test]
    fn undecodable_bytes_are_an_error() {
        assert!(decode_bytes(b"RIFF nonsense".as_slice(), 1, 48_000).is_err());
    }
}
