//! Issue 15: sound files named by a routine are hostile input. Loading routines (`list`, `show`,
//! the picker, `check`) never decodes them; their headers are checked before any decoding; a
//! file too large or too long is refused; a decoder that panics is caught and the file is "not
//! a sound limber can play". Crafted WAV and FLAC headers below; fuzz/ has the fuzz target.

mod common;

use std::process::{Command, Output, Stdio};

use common::{Home, WAIT, setup, text};

fn routine(sound: &str) -> String {
    format!(
        r#"
title = "Hostile sound"
summary = "A routine naming a crafted sound file."
tags = ["test-only"]

[[step]]
title = "One"
duration = "1s"
cue_start = "{sound}"
text = "First."
"#
    )
}

fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start limber");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = common::wait_exit(&mut child, WAIT);
    Output {
        status,
        stdout: o.join().unwrap_or_default(),
        stderr: e.join().unwrap_or_default(),
    }
}

/// A RIFF/WAVE file with this `fmt ` chunk and `data` of `data_len` bytes claimed, `body` given.
fn wav(format: u16, channels: u16, rate: u32, bits: u16, data_len: u32, body: &[u8]) -> Vec<u8> {
    let block_align = channels.wrapping_mul(bits / 8);
    let byte_rate = rate.wrapping_mul(u32::from(block_align));
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + body.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&format.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&byte_rate.to_le_bytes());
    v.extend_from_slice(&block_align.to_le_bytes());
    v.extend_from_slice(&bits.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    v.extend_from_slice(body);
    v
}

/// A FLAC file: a valid STREAMINFO, then one metadata block of `kind` claiming `len` bytes with
/// `body` (a picture's inner lengths, a comment count).
fn flac(kind: u8, len: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(b"fLaC");
    v.push(0); // STREAMINFO, not last
    v.extend_from_slice(&34u32.to_be_bytes()[1..]);
    v.extend_from_slice(&4096u16.to_be_bytes()); // min block
    v.extend_from_slice(&4096u16.to_be_bytes()); // max block
    v.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // frame sizes unknown
    // 44100 Hz, 1 channel, 16 bits, 0 samples: 20 + 3 + 5 + 36 bits.
    let packed: u64 = (44_100u64 << 44) | (15 << 36); // channels - 1 = 0
    v.extend_from_slice(&packed.to_be_bytes());
    v.extend_from_slice(&[0; 16]); // MD5
    v.push(0x80 | kind); // last
    v.extend_from_slice(&len.to_be_bytes()[1..]);
    v.extend_from_slice(body);
    v
}

/// Crafted sound files, each with what it tries.
fn hostile() -> Vec<(&'static str, Vec<u8>)> {
    let mut picture = Vec::new();
    picture.extend_from_slice(&3u32.to_be_bytes()); // front cover
    picture.extend_from_slice(&0xFFFF_FFF0u32.to_be_bytes()); // MIME length: 4 GB
    picture.extend_from_slice(b"image/png");
    let mut comment = Vec::new();
    comment.extend_from_slice(&0xFFFF_FFF0u32.to_le_bytes()); // vendor length: 4 GB
    let mut comments = Vec::new();
    comments.extend_from_slice(&0u32.to_le_bytes());
    comments.extend_from_slice(&0x7FFF_FFFFu32.to_le_bytes()); // 2 billion comments
    vec![
        ("zero-channels.wav", wav(1, 0, 44_100, 16, 8, &[0; 8])),
        ("zero-rate.wav", wav(1, 1, 0, 16, 8, &[0; 8])),
        ("zero-bits.wav", wav(1, 1, 44_100, 0, 8, &[0; 8])),
        ("odd-bits.wav", wav(1, 1, 44_100, 13, 8, &[0; 8])),
        ("many-channels.wav", wav(1, 65_535, 44_100, 16, 8, &[0; 8])),
        ("huge-rate.wav", wav(1, 2, u32::MAX, 32, 8, &[0; 8])),
        ("float-8bit.wav", wav(3, 1, 44_100, 8, 8, &[0; 8])),
        ("huge-data.wav", wav(1, 1, 44_100, 16, u32::MAX, &[0; 8])),
        (
            "truncated.wav",
            wav(1, 1, 44_100, 16, 8, &[])[..30].to_vec(),
        ),
        ("picture.flac", flac(6, 32, &picture)),
        ("comment.flac", flac(4, 16, &comment)),
        ("comments.flac", flac(4, 16, &comments)),
        ("huge-block.flac", flac(2, 0xFF_FFFF, &[0; 16])),
        ("only-magic.flac", b"fLaC".to_vec()),
        ("ogg-junk.ogg", b"OggS\0\x02\0\0\0\0\0\0\0\0".to_vec()),
    ]
}

fn hostile_home() -> Home {
    let home = setup().with_routines();
    for (i, (name, bytes)) in hostile().into_iter().enumerate() {
        home.write(format!("routines/{name}"), bytes);
        home.routine(&format!("hostile-{i}.toml"), &routine(name));
    }
    home
}

#[test]
fn loading_routines_never_decodes_a_sound_file() {
    let home = hostile_home();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "calf-stretch-trio"],
    ] {
        let out = run(&mut home.command(args));
        let err = text(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn check_refuses_every_crafted_sound_in_words() {
    let home = hostile_home();
    for (i, (name, _)) in hostile().into_iter().enumerate() {
        let file = home.routines().join(format!("hostile-{i}.toml"));
        let out = run(&mut home.command(&["check", file.to_str().expect("utf-8")]));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("is not a sound limber can play"),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn a_sound_file_too_large_is_refused_before_reading() {
    let home = setup().with_routines();
    let big = home.join("routines/big.wav");
    let file = std::fs::File::create(&big).expect("create");
    std::io::Write::write_all(&mut &file, &wav(1, 1, 44_100, 16, u32::MAX, &[])).expect("head");
    file.set_len(limber::audio::MAX_SOUND_FILE_BYTES + 1)
        .expect("a sparse file one byte too large");
    let path = home.routine("big.toml", &routine("big.wav"));
    let out = run(&mut home.command(&["check", path.to_str().expect("utf-8")]));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("too large"), "{err}");
}

#[test]
fn the_player_s_decoding_path_refuses_every_crafted_sound() {
    // Decoding happens when the routine plays (`check_sound_file` is that path: size, header,
    // then the decoder under a panic catcher); every crafted file is refused there too.
    for (name, bytes) in hostile() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join(name), &bytes).expect("sound");
        let routine_path = dir.path().join("r.toml");
        std::fs::write(&routine_path, routine(name)).expect("routine");
        let decoded = limber::audio::check_sound_file(&dir.path().join(name));
        assert!(decoded.is_err(), "{name} decoded");
    }
}
