#!/usr/bin/env bash
# Times whole chronomap commands against the targets of issue 7 (speed and scale).
#
# What it does:
#   1. builds the release binary and the synthetic-data generator (examples/synth);
#   2. generates three synthetic datasets with seed 42 over 30 years:
#        1k   =   1,000 sites,    10,000 events
#        10k  =  10,000 sites,   100,000 events
#        100k = 100,000 sites, 1,000,000 events
#   3. times each command with hyperfine (warm-up runs, then the median of several runs;
#      JSON, CSV and markdown exports per command in $BENCH_DIR/results/);
#   4. runs every synthetic-data command once under /usr/bin/time -v for its peak memory
#      (maximum resident set size), with a time limit;
#   5. prints a markdown table: target, median, peak memory, command.
#
# Usage:
#   scripts/bench-commands.sh                      # everything (10–20 min on 2 cores today)
#   SCALES="1k 10k" scripts/bench-commands.sh      # skip the 100k-site set
#   SCALE_TIMEOUT=120 scripts/bench-commands.sh    # give up on a synthetic command after 120 s
#
# Environment:
#   BENCH_DIR       where datasets and results go (default output/bench; output/ is ignored by git)
#   SCALES          which synthetic sets to time (default "1k 10k 100k")
#   SCALE_TIMEOUT   seconds after which one synthetic command is stopped and reported as timed out (default 600)
#   CARGO_TARGET_DIR  honoured: the binary is taken from $CARGO_TARGET_DIR/release (default target/)
#
# Installs hyperfine and GNU time with apt-get when they are missing (needs root or sudo).
# The timings are of the whole process, as a user sees them: start-up, reading the data,
# layout, writing the files. The machine may be shared: repeat and compare, and say so.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_DIR="${BENCH_DIR:-output/bench}"
SCALES="${SCALES:-1k 10k 100k}"
SCALE_TIMEOUT="${SCALE_TIMEOUT:-600}"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET_DIR/release/chronomap"
SYNTH="$TARGET_DIR/release/examples/synth"

need() {
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  echo "bench-commands: installing $pkg (for $cmd)" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "$pkg" >/dev/null 2>&1 || {
    $sudo apt-get update >/dev/null && $sudo apt-get install -y "$pkg" >/dev/null
  }
}
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "== build (release)" >&2
cargo build --release --quiet --bin chronomap --example synth

mkdir -p "$BENCH_DIR/results" "$BENCH_DIR/data"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
RESULTS="$BENCH_DIR/results"
ROWS="$WORK/rows.md"
: >"$ROWS"

echo "== synthetic datasets (seed 42, 30 years)" >&2
declare -A SITES=([1k]=1000 [10k]=10000 [100k]=100000)
declare -A EVENTS=([1k]=10000 [10k]=100000 [100k]=1000000)
for s in $SCALES; do
  dir="$BENCH_DIR/data/$s"
  # The generator is deterministic: regenerate only when a file is missing.
  if [ ! -s "$dir/events.csv" ] || [ ! -s "$dir/sites.geojson" ] || [ ! -s "$dir/sources.csv" ]; then
    "$SYNTH" --sites "${SITES[$s]}" --events "${EVENTS[$s]}" --years 30 --seed 42 --out "$dir" >&2
  fi
done

# Formats seconds as "12.3 ms" or "1.23 s".
fmt_time() {
  awk -v t="$1" 'BEGIN { if (t < 1) printf "%.1f ms", t * 1000; else printf "%.2f s", t }'
}

# row TARGET MEDIAN PEAK COMMAND
row() {
  printf '| %s | %s | %s | `%s` |\n' "$1" "$2" "$3" "$4" >>"$ROWS"
}

# timed NAME TARGET "hyperfine options" COMMAND...: hyperfine, then a table row.
timed() {
  local name="$1" target="$2" opts="$3"
  shift 3
  local shown="${*//$WORK/\$TMP}"
  echo "== $name: $shown" >&2
  # shellcheck disable=SC2086
  hyperfine -N $opts --command-name "$name" \
    --export-json "$RESULTS/$name.json" --export-csv "$RESULTS/$name.csv" \
    --export-markdown "$RESULTS/$name.md" "$*" >&2
  local median
  median="$(awk -F, 'NR == 2 { print $4 }' "$RESULTS/$name.csv")"
  row "$target" "$(fmt_time "$median")" "${PEAK:-}" "$shown"
  PEAK=""
}

# peak NAME COMMAND...: one run under /usr/bin/time -v with a time limit; sets PEAK and
# PROBE_SECONDS, or returns 1 when the command timed out or failed.
peak() {
  local name="$1"
  shift
  local t0 t1 rss status=0
  t0="$(date +%s.%N)"
  /usr/bin/time -v -o "$RESULTS/$name.time-v.txt" timeout "$SCALE_TIMEOUT" "$@" >/dev/null 2>"$WORK/err" || status=$?
  t1="$(date +%s.%N)"
  PROBE_SECONDS="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$RESULTS/$name.time-v.txt")"
  PEAK="$(awk -v k="$rss" 'BEGIN { printf "%.0f MiB", k / 1024 }')"
  if [ "$status" -ne 0 ]; then
    echo "   $name: exit status $status after $(fmt_time "$PROBE_SECONDS") (124 = timed out)" >&2
    tail -3 "$WORK/err" >&2 || true
    return 1
  fi
}

# scale NAME TARGET COMMAND...: peak memory first (which also warms the page cache), then
# hyperfine with fewer runs the slower the command is.
scale() {
  local name="$1" target="$2"
  shift 2
  local shown="${*//$WORK/\$TMP}"
  echo "== $name: $shown" >&2
  if ! peak "$name" "$@"; then
    row "$target" "> $(fmt_time "$PROBE_SECONDS") (stopped or failed, 1 run)" "${PEAK:-}" "$shown"
    PEAK=""
    return 0
  fi
  local opts
  opts="$(awk -v t="$PROBE_SECONDS" 'BEGIN {
    if (t < 0.5) print "--warmup 2 --min-runs 10";
    else if (t < 5) print "--warmup 1 --runs 5";
    else if (t < 60) print "--runs 3";
    else print "" }')"
  if [ -z "$opts" ]; then
    # Over a minute: the /usr/bin/time run is the measurement.
    row "$target" "$(fmt_time "$PROBE_SECONDS") (1 run)" "$PEAK" "$shown"
    PEAK=""
    return 0
  fi
  timed "$name" "$target" "$opts" "$@"
}

echo "== bundled dataset" >&2
PEAK=""
timed version "--version ≤ 5 ms" "--warmup 10 --min-runs 50" "$BIN" --version
timed render-svg "render SVG ≤ 15 ms" "--warmup 5 --min-runs 30" "$BIN" render -o "$WORK/x.svg"
timed render-png "render PNG ≤ 40 ms" "--warmup 5 --min-runs 20" "$BIN" render -o "$WORK/x.png"
timed series "series 2001–2023 SVG+PNG ≤ 0.5 s" "--warmup 2 --min-runs 10" \
  "$BIN" series --from 2001 --to 2023 --format svg,png --quiet --out-dir "$WORK/series"
timed export "export ≤ 50 ms" "--warmup 5 --min-runs 20" "$BIN" export --out-dir "$WORK/qgis"

for s in $SCALES; do
  d="$BENCH_DIR/data/$s"
  case "$s" in
    100k) tc="check ≤ 2 s"; tr="render ≤ 3 s, ≤ 1 GiB"; te="export ≤ 10 s" ;;
    *) tc="check ($s)"; tr="render ($s)"; te="export ($s)" ;;
  esac
  scale "check-$s" "$tc" "$BIN" --data "$d" check
  scale "render-svg-$s" "$tr" "$BIN" --data "$d" render --year 2023 -o "$WORK/$s.svg"
  scale "render-png-$s" "$tr" "$BIN" --data "$d" render --year 2023 -o "$WORK/$s.png"
  scale "export-$s" "$te" "$BIN" --data "$d" export --out-dir "$WORK/export-$s"
done

{
  echo
  echo "chronomap $("$BIN" --version | awk '{ print $2 }'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| target | median | peak memory | command |"
  echo "|---|---|---|---|"
  cat "$ROWS"
} | tee "$RESULTS/summary.md"
