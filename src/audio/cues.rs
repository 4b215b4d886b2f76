//! The built-in sounds' recordings and decoding of sound files (through rodio).

use limber_core::routine::text::shown_path;
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

/// Decodes an in-memory sound file (WAV, Ogg/Vorbis or FLAC). A decoder that panics on a
/// hostile file is caught: the file is just not playable.
pub(crate) fn decode_bytes<T>(bytes: T, channels: u16, rate: u32) -> Result<Clip, String>
where
    T: AsRef<[u8]> + Send + Sync + 'static,
{
    crate::caught::catch(move || {
        let dec = Decoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        to_clip(dec, channels, rate)
    })
    .unwrap_or_else(|| Err("the decoder failed on it".into()))
}

/// The largest sound file limber reads: a cue is a few seconds, and even 20 s of 8-channel
/// 96 kHz 32-bit WAV stays under this.
pub const MAX_SOUND_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What [`probe_sound_file`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundProblem {
    /// Missing or unreadable: the reason in words.
    Unreadable(String),
    /// A folder, a pipe, a device: never opened.
    NotAFile,
    /// Larger than [`MAX_SOUND_FILE_BYTES`].
    TooLarge(u64),
    /// Its header is not one limber plays: why.
    BadHeader(String),
}

impl std::fmt::Display for SoundProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SoundProblem::Unreadable(why) => write!(f, "cannot be read: {why}"),
            SoundProblem::NotAFile => f.write_str("is not a file"),
            SoundProblem::TooLarge(size) => write!(
                f,
                "is too large ({} MB; a sound file may be {} MB at most)",
                size.div_ceil(1024 * 1024),
                MAX_SOUND_FILE_BYTES / (1024 * 1024)
            ),
            SoundProblem::BadHeader(why) => {
                write!(
                    f,
                    "is not a sound limber can play (WAV, Ogg/Vorbis or FLAC): cannot decode it: {why}"
                )
            }
        }
    }
}

/// Checks a sound file without decoding it: a regular file, not too large, and a WAV, FLAC
/// or Ogg header whose fields are sane (this is all that loading a routine does; decoding
/// waits until the routine is played).
pub fn probe_sound_file(path: &Path) -> Result<(), SoundProblem> {
    read_sound_file(path).map(|_| ())
}

/// The file's bytes, once [`probe_sound_file`]'s checks pass.
fn read_sound_file(path: &Path) -> Result<Vec<u8>, SoundProblem> {
    use std::io::Read;
    let unreadable =
        |e: std::io::Error| SoundProblem::Unreadable(crate::io_reason::path_reason(path, &e));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(SoundProblem::NotAFile);
    }
    if meta.len() > MAX_SOUND_FILE_BYTES {
        return Err(SoundProblem::TooLarge(meta.len()));
    }
    let file = File::open(path).map_err(unreadable)?;
    // Bounded even if the file grows after the size was looked at.
    let mut bytes = Vec::new();
    file.take(MAX_SOUND_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SOUND_FILE_BYTES {
        return Err(SoundProblem::TooLarge(bytes.len() as u64));
    }
    super::header::check(&bytes).map_err(SoundProblem::BadHeader)?;
    Ok(bytes)
}

/// Decodes a sound file from disk, with a message fit for the user on failure: its size and
/// header are checked first, and a decoder panic is caught.
pub(crate) fn decode_file(path: &Path, channels: u16, rate: u32) -> Result<Clip, String> {
    let bytes = read_sound_file(path).map_err(|p| format!("{} {p}", shown_path(path)))?;
    decode_bytes(bytes, channels, rate).map_err(|e| {
        format!(
            "{} is not a sound limber can play (WAV, Ogg/Vorbis or FLAC): cannot decode it: {e}",
            shown_path(path)
        )
    })
}

/// The play path over bytes already read: the header check, then the decoder under the
/// panic catcher. For the fuzz target (`fuzz/fuzz_targets/sound.rs`).
///
/// # Errors
/// When the header is refused or the bytes do not decode.
pub fn decode_sound_bytes(bytes: Vec<u8>) -> Result<(), String> {
    super::header::check(&bytes)?;
    decode_bytes(bytes, 1, 48_000).map(|_| ())
}

/// Checks that `path` names a sound file limber can play: it exists, is a regular file of a
/// sane size and header, and decodes (WAV, Ogg/Vorbis or FLAC) to some audio.
///
/// # Errors
/// When the file is missing, not a file, too large, or does not decode.
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
    fn a_decoder_panic_is_caught_and_is_an_error() {
        // A WAV declaring no channels panics inside the decoder (symphonia); past the header
        // check only by calling the decoder directly, as a file that slipped through would.
        let mut wav = Vec::new();
        wav.extend_from_slice(b"RIFF\x2c\0\0\0WAVEfmt \x10\0\0\0\x01\0\0\0");
        wav.extend_from_slice(&44_100u32.to_le_bytes());
        wav.extend_from_slice(&[0, 0, 0, 0, 0, 0, 16, 0]);
        wav.extend_from_slice(b"data\x08\0\0\0\0\0\0\0\0\0\0\0");
        assert!(decode_bytes(wav, 1, 48_000).is_err());
    }

    #[test]
    fn undecodable_bytes_are_an_error() {
        assert!(decode_bytes(b"RIFF nonsense".as_slice(), 1, 48_000).is_err());
    }
}
