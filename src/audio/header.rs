//! Sound file headers checked before any decoder sees the file: a decoder trusts the fields a
//! file declares (channel count, sample rate, block and metadata lengths), and a hostile file
//! declaring impossible ones makes it panic or allocate gigabytes. Only what limber plays
//! passes: PCM or float WAV, FLAC, Ogg.

/// Channels a cue may have.
const MAX_CHANNELS: u16 = 8;
/// Sample rates a cue may have, in Hz.
const RATES: std::ops::RangeInclusive<u32> = 1_000..=384_000;

/// `Ok` if `bytes` (the whole file) starts with a header limber plays, else why not in words.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    match bytes.get(..4) {
        Some(b"RIFF") => wav(bytes),
        Some(b"fLaC") => flac(bytes),
        Some(b"OggS") => ogg(bytes),
        _ => Err("not WAV, Ogg/Vorbis or FLAC".into()),
    }
}

fn u16_le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u24_be(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 3)?;
    Some((usize::from(s[0]) << 16) | (usize::from(s[1]) << 8) | usize::from(s[2]))
}

fn wav(b: &[u8]) -> Result<(), String> {
    let cut = || "the WAV file is cut short".to_string();
    if b.get(8..12) != Some(b"WAVE") {
        return Err("a RIFF file that is not WAV".into());
    }
    let mut at = 12;
    let mut fmt_ok = false;
    while at + 8 <= b.len() {
        let id = &b[at..at + 4];
        let len = u32_le(b, at + 4).ok_or_else(cut)? as usize;
        let body = at + 8;
        match id {
            b"fmt " => {
                let f = b.get(body..body + len.min(40)).ok_or_else(cut)?;
                fmt(f)?;
                fmt_ok = true;
            }
            b"data" => {
                if !fmt_ok {
                    return Err("the WAV file's samples come before their format".into());
                }
                if len > b.len() - body {
                    return Err("the WAV file claims more samples than it holds".into());
                }
                return Ok(());
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = body
            .checked_add(len)
            .and_then(|n| n.checked_add(len % 2))
            .ok_or_else(cut)?;
    }
    Err(if fmt_ok {
        "the WAV file has no samples".into()
    } else {
        cut()
    })
}

/// A `fmt ` chunk: PCM (1), float (3) or extensible (0xFFFE); sane channels, rate and sizes.
fn fmt(f: &[u8]) -> Result<(), String> {
    let field = |at| u16_le(f, at).ok_or_else(|| "the WAV format is cut short".to_string());
    let tag = field(0)?;
    let channels = field(2)?;
    let rate = u32_le(f, 4).ok_or("the WAV format is cut short")?;
    let block_align = field(12)?;
    let bits = field(14)?;
    let tag = if tag == 0xFFFE {
        field(24)? // the sub-format's first two bytes are the tag
    } else {
        tag
    };
    let bits_ok = match tag {
        1 => matches!(bits, 8 | 16 | 24 | 32),
        3 => matches!(bits, 32 | 64),
        _ => return Err(format!("WAV encoding {tag} (only PCM and float)")),
    };
    if !bits_ok {
        return Err(format!("{bits}-bit samples"));
    }
    if channels == 0 || channels > MAX_CHANNELS {
        return Err(format!("{channels} channels (1 to {MAX_CHANNELS})"));
    }
    if !RATES.contains(&rate) {
        return Err(format!("a sample rate of {rate} Hz"));
    }
    if u32::from(block_align) != u32::from(channels) * u32::from(bits / 8) {
        return Err("a block size that does not match its channels and samples".into());
    }
    Ok(())
}

fn flac(b: &[u8]) -> Result<(), String> {
    let cut = || "the FLAC file is cut short".to_string();
    let mut at = 4;
    let mut first = true;
    loop {
        let head = *b.get(at).ok_or_else(cut)?;
        let kind = head & 0x7F;
        let len = u24_be(b, at + 1).ok_or_else(cut)?;
        let body = at + 4;
        let block = b.get(body..body + len).ok_or_else(|| {
            "a FLAC metadata block claims more bytes than the file holds".to_string()
        })?;
        if first {
            if kind != 0 || len != 34 {
                return Err("a FLAC file without its stream information first".into());
            }
            streaminfo(block)?;
            first = false;
        }
        match kind {
            4 => vorbis_comment(block)?,
            6 => picture(block)?,
            127 => return Err("an invalid FLAC metadata block".into()),
            _ => {}
        }
        at = body + len;
        if head & 0x80 != 0 {
            return if at < b.len() {
                Ok(())
            } else {
                Err("the FLAC file has no audio".into())
            };
        }
    }
}

fn streaminfo(s: &[u8]) -> Result<(), String> {
    let min_block = u16::from_be_bytes([s[0], s[1]]);
    let max_block = u16::from_be_bytes([s[2], s[3]]);
    if min_block < 16 || max_block < min_block {
        return Err("FLAC block sizes out of range".into());
    }
    let packed = u64::from_be_bytes(s[10..18].try_into().map_err(|_| "cut short")?);
    let rate = u32::try_from(packed >> 44).unwrap_or(0);
    let bits = ((packed >> 36) & 0x1F) + 1;
    if !RATES.contains(&rate) {
        return Err(format!("a sample rate of {rate} Hz"));
    }
    if !(4..=32).contains(&bits) {
        return Err(format!("{bits}-bit samples"));
    }
    Ok(())
}

/// Its inner lengths must fit inside the block.
fn vorbis_comment(c: &[u8]) -> Result<(), String> {
    let bad = || "a FLAC comment block with lengths beyond its end".to_string();
    let vendor = u32_le(c, 0).ok_or_else(bad)? as usize;
    let mut at = 4usize.checked_add(vendor).ok_or_else(bad)?;
    let count = u32_le(c, at).ok_or_else(bad)? as usize;
    at += 4;
    if count > (c.len() - at) / 4 {
        return Err(bad());
    }
    for _ in 0..count {
        let len = u32_le(c, at).ok_or_else(bad)? as usize;
        at = at.checked_add(4 + len).ok_or_else(bad)?;
        if at > c.len() {
            return Err(bad());
        }
    }
    Ok(())
}

fn picture(p: &[u8]) -> Result<(), String> {
    let bad = || "a FLAC picture block with lengths beyond its end".to_string();
    let mut at = 4; // picture type
    for _ in 0..2 {
        // MIME type, then description
        let len = u32_be(p, at).ok_or_else(bad)? as usize;
        at = at.checked_add(4 + len).ok_or_else(bad)?;
    }
    at = at.checked_add(16).ok_or_else(bad)?; // width, height, depth, colours
    let data = u32_be(p, at).ok_or_else(bad)? as usize;
    if at.checked_add(4 + data).is_none_or(|end| end > p.len()) {
        return Err(bad());
    }
    Ok(())
}

/// The first Ogg page: version 0, a sane segment table.
fn ogg(b: &[u8]) -> Result<(), String> {
    if b.get(4) != Some(&0) {
        return Err("an Ogg version limber does not know".into());
    }
    let segments = usize::from(*b.get(26).ok_or("the Ogg file is cut short")?);
    let table = b
        .get(27..27 + segments)
        .ok_or("the Ogg file is cut short")?;
    let body: usize = table.iter().map(|&n| usize::from(n)).sum();
    if 27 + segments + body > b.len() {
        return Err("the Ogg file is cut short".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_passes() {
        for sound in limber_core::routine::BuiltinSound::ALL {
            assert_eq!(check(crate::audio::builtin_wav(sound)), Ok(()), "{sound}");
        }
    }

    #[test]
    fn short_and_foreign_bytes_are_refused() {
        for bytes in [
            &b""[..],
            b"RIFF",
            b"RIFF\0\0\0\0WAVE",
            b"fLaC",
            b"OggS",
            b"ID3\x04",
        ] {
            assert!(check(bytes).is_err(), "{bytes:?}");
        }
    }
}
