#!/usr/bin/env bash
# Benchmark: builds synthetic sites of N deputies (default 1000 and 10000) and reports,
# over RUNS runs each, the median wall time, user CPU and peak memory of
#   fresh   - a build into a new output folder, with no build cache,
#   rebuild - a build of the unchanged site over its output (the build cache finds
#             nothing changed),
#   edit    - a build after one deputy's Markdown body changed (one page rendered),
#   nocache - a build of the unchanged site with --no-cache (every page rendered and
#             compared with the file, nothing written),
#   cp      - `cp -r` of the finished output (the yardstick for writing the files).
# Every fresh build and every copy goes into a new folder, and nothing is deleted before
# the script ends: on ext4 without a journal, creating files right after deleting a large
# tree makes the kernel skip every recently freed inode (`recently_deleted`), which can
# triple the system time of whichever command runs next. It needs free disk space for
# 2 × RUNS outputs per size (about 1.1 GB per run at 10k deputies, 6 GB at 50k).
# Usage: scripts/bench.sh [RUNS] [N...]      e.g. scripts/bench.sh 5 1000 10000
# BIN=PATH measures that binary instead of target/release/deputy-board, e.g. the PGO build:
#   BIN=$(scripts/build-pgo.sh) scripts/bench.sh 5 10000
set -euo pipefail
# A relative BIN is relative to where the script was started from.
if [ -n "${BIN:-}" ]; then BIN=$(realpath -e "$BIN"); fi
cd "$(dirname "$0")/.."
runs=${1:-3}; shift || true
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
cargo build --release --quiet --example synth
if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    cargo build --release --quiet
    bin=$PWD/target/release/deputy-board
fi
work=$(mktemp -d /tmp/deputy-board-bench.XXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # label, command...: appends "wall user maxrss_kb" to $work/$label
    local label=$1; shift
    /usr/bin/time -f "%e %U %M" -o "$work/t" "$@" >/dev/null 2>&1
    cat "$work/t" >> "$work/$label"
}
report() {
    local label=$1 n=$2
    printf "%-8s %6s deputies: wall %6.2f s  user %6.2f s  peak %5d MiB\n" "$label" "$n" \
        "$(cut -d' ' -f1 "$work/$label" | median)" "$(cut -d' ' -f2 "$work/$label" | median)" \
        "$(( $(cut -d' ' -f3 "$work/$label" | median | cut -d. -f1) / 1024 ))"
}

for n in "${sizes[@]}"; do
    site=$work/site-$n
    ./target/release/examples/synth --deputies "$n" "$site" 2>/dev/null
    rm -f "$work"/fresh "$work"/rebuild "$work"/edit "$work"/nocache "$work"/cp
    deputies=("$site"/content/deputies/*.md); deputy=$(basename "${deputies[0]}")
    for run in $(seq "$runs"); do
        out=$work/out-$n-$run
        rm -rf "$site/.deputy-board-cache"; sync
        measure fresh "$bin" --root "$site" -q build --out "$out"
        measure rebuild "$bin" --root "$site" -q build --out "$out"
        printf '\n第%s次修改。\n' "$run" >> "$site/content/deputies/$deputy"
        measure edit "$bin" --root "$site" -q build --out "$out"
        measure nocache "$bin" --root "$site" -q build --out "$out" --no-cache
        sync
        measure cp cp -r "$out" "$work/copy-$n-$run"
    done
    echo "$(find "$out" -type f | wc -l) files, $(du -sm "$out" | cut -f1) MB"
    report fresh "$n"; report rebuild "$n"; report edit "$n"; report nocache "$n"; report cp "$n"
done
