//! Remakes the built-in cue sounds in `sounds/`.
//!
//! ```sh
//! cargo run --example gen_sounds            # writes sounds/*.wav
//! cargo run --example gen_sounds -- out/    # or into another folder
//! ```
//!
//! Every cue is a soft struck chime: a few sine partials, each fading
//! exponentially (the higher ones faster), a 4 ms raised-cosine attack so
//! nothing clicks, and a short fade at the end. No square waves, no noise.
//! The output is deterministic: the same program always writes the same bytes.
//! Files are 16-bit mono WAV at 48 kHz, peaks well below full scale so several
//! cues can overlap without clipping.

use std::f64::consts::PI;
use std::path::{Path, PathBuf};

const RATE: u32 = 48_000;

/// One sine partial of a struck note: frequency ratio to the fundamental,
/// relative amplitude, and how many times faster than the fundamental it fades.
#[derive(Clone, Copy)]
struct Partial {
    ratio: f64,
    amp: f64,
    decay: f64,
}

/// A soft glassy chime (like a small tuned bell, mostly fundamental).
const CHIME: &[Partial] = &[
    Partial {
        ratio: 1.0,
        amp: 1.0,
        decay: 1.0,
    },
    Partial {
        ratio: 1.003,
        amp: 0.25,
        decay: 1.0,
    }, // slow shimmer
    Partial {
        ratio: 2.0,
        amp: 0.30,
        decay: 1.8,
    },
    Partial {
        ratio: 3.01,
        amp: 0.10,
        decay: 2.6,
    },
    Partial {
        ratio: 4.17,
        amp: 0.05,
        decay: 3.5,
    },
];

/// A wooden, marimba-like knock for ticks: very short, round.
const KNOCK: &[Partial] = &[
    Partial {
        ratio: 1.0,
        amp: 1.0,
        decay: 1.0,
    },
    Partial {
        ratio: 3.93,
        amp: 0.18,
        decay: 2.5,
    },
    Partial {
        ratio: 9.2,
        amp: 0.03,
        decay: 4.0,
    },
];

/// A warm, low bell for rests and the finish (more body, less brightness).
const WARM: &[Partial] = &[
    Partial {
        ratio: 1.0,
        amp: 1.0,
        decay: 1.0,
    },
    Partial {
        ratio: 0.5,
        amp: 0.20,
        decay: 0.8,
    },
    Partial {
        ratio: 2.0,
        amp: 0.22,
        decay: 1.6,
    },
    Partial {
        ratio: 2.98,
        amp: 0.06,
        decay: 2.2,
    },
];

/// A note within a cue: when it starts, its pitch, loudness and fade rate.
struct Note {
    at: f64,
    freq: f64,
    amp: f64,
    /// Fade rate of the fundamental, per second (amplitude e^(-rate·t)).
    rate: f64,
    timbre: &'static [Partial],
}

fn note(at: f64, freq: f64, amp: f64, rate: f64, timbre: &'static [Partial]) -> Note {
    Note {
        at,
        freq,
        amp,
        rate,
        timbre,
    }
}

// Equal-tempered pitches used below (Hz).
const C5: f64 = 523.25;
const E5: f64 = 659.26;
const FS5: f64 = 739.99;
const G5: f64 = 783.99;
const A5: f64 = 880.0;
const C6: f64 = 1046.50;
const D6: f64 = 1174.66;
const E6: f64 = 1318.51;

/// Every built-in cue: file name, total length in seconds, peak level, notes.
fn cues() -> Vec<(&'static str, f64, f64, Vec<Note>)> {
    vec![
        // Step start: a bright rising pair, "here we go".
        (
            "start",
            1.1,
            0.50,
            vec![
                note(0.0, G5, 1.0, 4.0, CHIME),
                note(0.13, C6, 0.9, 3.5, CHIME),
            ],
        ),
        // Countdown tick: one short high knock.
        ("tick", 0.16, 0.32, vec![note(0.0, E6, 1.0, 30.0, KNOCK)]),
        // Rep tempo tick: lower and rounder than the countdown tick.
        ("rep", 0.20, 0.30, vec![note(0.0, A5, 1.0, 22.0, KNOCK)]),
        // Halfway: one clear bell with a long ring.
        ("halfway", 1.0, 0.45, vec![note(0.0, D6, 1.0, 3.5, CHIME)]),
        // Side switch: a swinging three-note figure, high-low-high.
        (
            "side",
            1.0,
            0.45,
            vec![
                note(0.0, A5, 1.0, 6.0, CHIME),
                note(0.14, E5, 0.9, 6.0, CHIME),
                note(0.28, A5, 0.9, 4.0, CHIME),
            ],
        ),
        // Rest: a warm falling pair, "ease off".
        (
            "rest",
            1.3,
            0.45,
            vec![note(0.0, E5, 1.0, 3.0, WARM), note(0.2, C5, 1.0, 2.5, WARM)],
        ),
        // Warning: two gentle pairs of the same note, asks for attention.
        (
            "warning",
            0.95,
            0.45,
            vec![
                note(0.0, FS5, 1.0, 9.0, CHIME),
                note(0.12, FS5, 0.8, 9.0, CHIME),
                note(0.40, FS5, 1.0, 9.0, CHIME),
                note(0.52, FS5, 0.8, 6.0, CHIME),
            ],
        ),
        // Finish: a rising major arpeggio that rings out.
        (
            "finish",
            2.0,
            0.50,
            vec![
                note(0.0, C5, 0.9, 2.5, WARM),
                note(0.12, E5, 0.85, 2.5, WARM),
                note(0.24, G5, 0.85, 2.2, WARM),
                note(0.36, C6, 0.9, 1.8, CHIME),
            ],
        ),
    ]
}

fn render(len_s: f64, peak: f64, notes: &[Note]) -> Vec<i16> {
    let n = (len_s * f64::from(RATE)).round() as usize;
    let mut buf = vec![0.0f64; n];
    let attack = 0.004 * f64::from(RATE);
    for nt in notes {
        let start = (nt.at * f64::from(RATE)).round() as usize;
        for (i, out) in buf.iter_mut().enumerate().skip(start) {
            let k = (i - start) as f64;
            let t = k / f64::from(RATE);
            let env_attack = if k < attack {
                0.5 - 0.5 * (PI * k / attack).cos()
            } else {
                1.0
            };
            let mut s = 0.0;
            for p in nt.timbre {
                let f = nt.freq * p.ratio;
                if f > 0.45 * f64::from(RATE) {
                    continue;
                }
                s += p.amp * (-t * nt.rate * p.decay).exp() * (2.0 * PI * f * t).sin();
            }
            *out += nt.amp * env_attack * s;
        }
    }
    // Fade the last 30 ms to exact silence so the file never ends on a click.
    let fade = ((0.03 * f64::from(RATE)) as usize).min(n);
    for j in 0..fade {
        let i = n - fade + j;
        buf[i] *= 0.5 + 0.5 * (PI * j as f64 / fade as f64).cos();
    }
    let max = buf.iter().fold(0.0f64, |m, s| m.max(s.abs())).max(1e-9);
    buf.iter()
        .map(|s| (s / max * peak * 32767.0).round() as i16)
        .collect()
}

fn wav_bytes(samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes()); // byte rate
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

fn main() -> std::io::Result<()> {
    let dir: PathBuf = std::env::args_os().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("sounds"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir)?;
    for (name, len, peak, notes) in cues() {
        let path = dir.join(format!("{name}.wav"));
        let samples = render(len, peak, &notes);
        std::fs::write(&path, wav_bytes(&samples))?;
        println!("{} ({:.2} s)", path.display(), len);
    }
    Ok(())
}
