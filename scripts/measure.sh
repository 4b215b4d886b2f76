#!/bin/sh
# Reruns every figure in docs/performance.md on this machine and prints them with the machine
# they were made on. Takes about 18 minutes: the cost of each state (a minute each, 6 states),
# the first frame 20 times per state, and the 10-minute timing run.
#
#   scripts/measure.sh                 everything
#   MEASURE=cost scripts/measure.sh    only the cost (or: frame, timing; several with commas)
#   LIMBER_COST_SECS=120 …             a longer window per state (default 60)
#   LIMBER_TIMING_SECS=60 …            a shorter timing run (default 600)
#
# Sound is measured through ALSA's `file` plugin (tests/cost.rs writes the .asoundrc), so it
# needs libasound.so.2 (Debian/Ubuntu: libasound2) but no sound card. Measure on a quiet machine:
# the load average is printed with every figure.
set -eu
cd "$(dirname "$0")/.."
what=${MEASURE:-cost,frame,timing}
has() { case ",$what," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

echo "== machine"
echo "cores:  $(nproc)"
echo "cpu:    $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "kernel: $(uname -sr)"
echo "rustc:  $(rustc --version)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"

cargo build --release --quiet
bin=$PWD/target/release/limber
echo "binary: $bin ($(stat -c %s "$bin") bytes)"

if has cost; then
    echo "== cost: a minute per state (tests/cost.rs, cost)"
    LIMBER_BIN=$bin cargo test --release --quiet --test cost -- --ignored --nocapture \
        --test-threads 1 --exact cost
fi
if has frame; then
    echo "== first frame, 20 runs per state (tests/cost.rs, first_frame)"
    LIMBER_BIN=$bin cargo test --release --quiet --test cost -- --ignored --nocapture \
        --test-threads 1 --exact first_frame
fi
if has timing; then
    echo "== timing: stage boundaries of a 10-minute --plain run (tests/timing.rs)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    cargo test --release --quiet --test timing -- --ignored --nocapture
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
