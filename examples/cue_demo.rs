//! Plays every built-in cue once, one a second, through limber's audio path.
//!
//! ```sh
//! cargo run --example cue_demo             # listen to the chimes
//! cargo run --example cue_demo -- 40       # at volume 40
//! cargo run --example cue_demo -- 40 60    # then stay open, idle, for 60 s
//! ```

use std::time::{Duration, Instant};

use limber::audio::{Audio, AudioConfig, Sound};
use limber_core::routine::BuiltinSound;

fn main() {
    let volume = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(limber::audio::DEFAULT_VOLUME);
    let audio = Audio::start(&AudioConfig {
        volume,
        ..AudioConfig::default()
    });
    let t0 = Instant::now() + Duration::from_millis(500);
    for (i, b) in BuiltinSound::ALL.into_iter().enumerate() {
        audio.play(
            &Sound::Builtin(b),
            t0 + Duration::from_secs(i as u64 + 1),
            100,
        );
    }
    for i in 0..=BuiltinSound::ALL.len() {
        std::thread::sleep(
            (t0 + Duration::from_secs(i as u64 + 1)).saturating_duration_since(Instant::now()),
        );
        println!(
            "{:>6.3} s  {:?}",
            t0.elapsed().as_secs_f64(),
            audio.status()
        );
        for n in audio.take_notices() {
            println!("notice: {n}");
        }
    }
    let idle: u64 = std::env::args()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    std::thread::sleep(Duration::from_secs(idle));
    audio.shutdown();
}
