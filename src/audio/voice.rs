//! Spoken lines through `espeak-ng`, if it is installed.
//!
//! `espeak-ng --stdout` writes a WAV file; it is decoded by rodio like any
//! other cue and mixed into the same output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `espeak-ng` program on `PATH`, if any.
pub(crate) fn find_espeak() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("espeak-ng"))
        .find(|p| p.is_file())
}

/// Speaks `text` into WAV bytes. The text goes through stdin, so nothing in
/// it can be taken for an option.
pub(crate) fn synthesize(exe: &Path, text: &str) -> Result<Vec<u8>, String> {
    let mut child = Command::new(exe)
        .args(["--stdout", "-s", "150"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run espeak-ng: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A failed write shows up as empty output below.
        let _ = stdin.write_all(text.as_bytes());
    }
    let mut wav = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut wav)
            .map_err(|e| format!("espeak-ng: {e}"))?;
    }
    let status = child.wait().map_err(|e| format!("espeak-ng: {e}"))?;
    if !status.success() || wav.len() <= 44 {
        return Err(format!("espeak-ng produced no speech ({status})"));
    }
    // espeak-ng writes to a pipe, so it cannot go back to fill in the RIFF
    // and data sizes; put the real sizes in so every WAV reader accepts it.
    fix_streamed_wav(&mut wav);
    Ok(wav)
}

/// Rewrites the RIFF and `data` chunk sizes of a WAV written to a pipe.
fn fix_streamed_wav(wav: &mut [u8]) {
    if wav.len() < 12 || &wav[0..4] != b"RIFF" || &wav[8..12] != b"WAVE" {
        return;
    }
    let total = u32::try_from(wav.len() - 8).unwrap_or(u32::MAX);
    wav[4..8].copy_from_slice(&total.to_le_bytes());
    let mut pos = 12;
    while pos + 8 <= wav.len() {
        let id = [wav[pos], wav[pos + 1], wav[pos + 2], wav[pos + 3]];
        let size = u32::from_le_bytes([wav[pos + 4], wav[pos + 5], wav[pos + 6], wav[pos + 7]]);
        if &id == b"data" {
            let real = u32::try_from(wav.len() - pos - 8).unwrap_or(u32::MAX);
            wav[pos + 4..pos + 8].copy_from_slice(&real.to_le_bytes());
            return;
        }
        pos += 8 + size as usize + (size as usize & 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_wav_sizes_are_fixed() {
        let mut wav = Vec::new();
        wav.extend_from_slice(b"RIFF");
        wav.extend_from_slice(&u32::MAX.to_le_bytes());
        wav.extend_from_slice(b"WAVEfmt ");
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&[1, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xac, 0, 0, 2, 0, 16, 0]);
        wav.extend_from_slice(b"data");
        wav.extend_from_slice(&u32::MAX.to_le_bytes());
        wav.extend_from_slice(&[0u8; 100]);
        fix_streamed_wav(&mut wav);
        assert_eq!(u32::from_le_bytes([wav[4], wav[5], wav[6], wav[7]]), 136);
        assert_eq!(
            u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]),
            100
        );
    }
}
