#!/usr/bin/env bash
# Runs one fuzz target, or all of them one after another, for SECONDS each (default 480).
# Usage: fuzz/run.sh [TARGET] [SECONDS]     TARGET: sites, events, sources, partial_date, basemap, all
# New inputs go to fuzz/corpus/TARGET (git-ignored); the committed seeds are read from
# fuzz/seeds/TARGET. Crashes are written to fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
target=${1:-all}
seconds=${2:-480}
# cargo fuzz needs nightly-only flags; RUSTC_BOOTSTRAP lets a stable toolchain accept them.
export RUSTC_BOOTSTRAP=1

dict_for() {
    case $1 in
        sites | basemap) echo "$here/fuzz/dicts/geojson.dict" ;;
        events | sources) echo "$here/fuzz/dicts/csv.dict" ;;
        *) echo "" ;;
    esac
}

run_one() {
    local t=$1
    mkdir -p "fuzz/corpus/$t"
    local dict
    dict=$(dict_for "$t")
    local args=(-max_len=65536 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    if [ -n "$dict" ]; then
        args+=(-dict="$dict")
    fi
    cargo fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- "${args[@]}"
}

if [ "$target" = all ]; then
    for t in sites events sources partial_date basemap; do
        run_one "$t"
    done
else
    run_one "$target"
fi
