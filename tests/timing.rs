//! Timing of stage boundaries against the wall clock, for docs/performance.md.
//!
//! Ignored by default (it takes as long as the routine): run it with
//! `cargo test --release --test timing -- --ignored --nocapture`
//! (`LIMBER_TIMING_SECS=60` for a shorter run).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
#[ignore = "takes as long as the routine (10 minutes by default)"]
fn stage_boundaries_follow_the_wall_clock() {
    let total: u64 = std::env::var("LIMBER_TIMING_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    // Rounds of 2 s, 3 s and 1 s stages: boundaries at uneven moments, 100 stages a 10 minutes.
    let rounds = total / 6;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("timing.toml");
    let routine = format!(
        "title = \"Timing\"\nsummary = \"Stage boundaries\"\n[[step]]\ntitle = \"Round\"\nrepeat = {rounds}\n\
         [[step.step]]\ntitle = \"Two\"\nduration = 2\n[[step.step]]\ntitle = \"Three\"\nduration = 3\n\
         [[step.step]]\ntitle = \"One\"\nduration = 1\n"
    );
    std::fs::write(&path, routine).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["play", &path.display().to_string(), "--plain"])
        .env("LIMBER_AUDIO", "none")
        // Every run goes in the diary: keep it out of the real one.
        .env("LIMBER_DATA", dir.path().join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut arrivals = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if line.starts_with('[') {
            arrivals.push(Instant::now());
        }
    }
    let _ = child.wait();
    // Scheduled offsets of each stage start, then the finish line.
    let mut scheduled = vec![0u64];
    for _ in 0..rounds {
        for secs in [2, 3, 1] {
            let last = scheduled.last().copied().unwrap_or(0);
            scheduled.push(last + secs);
        }
    }
    assert_eq!(
        arrivals.len(),
        scheduled.len(),
        "one line per stage and one at the finish"
    );
    let t0 = arrivals[0];
    let errors: Vec<f64> = arrivals
        .iter()
        .zip(&scheduled)
        .map(|(at, secs)| {
            at.duration_since(t0).as_secs_f64() * 1000.0
                - Duration::from_secs(*secs).as_secs_f64() * 1000.0
        })
        .collect();
    let worst = errors.iter().fold(0.0f64, |m, e| m.max(e.abs()));
    let end = errors.last().copied().unwrap_or(0.0);
    let first_minute: Vec<f64> = errors
        .iter()
        .zip(&scheduled)
        .filter(|(_, s)| **s < 60)
        .map(|(e, _)| *e)
        .collect();
    let last_minute: Vec<f64> = errors
        .iter()
        .zip(&scheduled)
        .filter(|(_, s)| **s + 60 > total)
        .map(|(e, _)| *e)
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "stages: {}  routine: {total} s\ndrift at the end: {end:+.3} ms\nworst single error: {worst:.3} ms\n\
         mean error, first minute: {:+.3} ms; last minute: {:+.3} ms",
        scheduled.len() - 1,
        mean(&first_minute),
        mean(&last_minute)
    );
    assert!(worst < 10.0, "worst boundary error {worst:.3} ms");
}
