#!/usr/bin/env bash
# Times chronomap against QGIS and GMT making the same map (issue 20, item 3) and prints
# the ratios: peer time / chronomap time, whole processes, on this machine (per round and
# pooled; the pooled median is the figure to quote on a shared machine).
#
# The map: the bundled sites with their status at the end of 2023, their names, a legend and
# a scale bar over a basemap, as a 1600 x 1000 PNG.
#   chronomap:  chronomap render -q -o m.png            (release build; its own basemap)
#   QGIS 3.22:  qgis_map.py, a print layout over tests/fixtures/basemap_regional
#   GMT 6:      gmt_map.sh, GSHHG coasts, rivers and borders and DCW, installed data only
# Both peers read the sites of `chronomap export --date 2023` (with a `status` field); GMT
# reads them as text tables written once by gmt_inputs.py. That preparation is not timed.
#
# Usage:
#   scripts/peers/compare.sh                  # 6 rounds of 5 runs per command, ~3 min
#   ROUNDS=1 RUNS=5 scripts/peers/compare.sh  # quicker, rougher
#
# Needs: hyperfine, /usr/bin/python3 with qgis.core (Debian python3-qgis), gmt, gmt-dcw,
# gmt-gshhg and ghostscript (GMT's PNG goes through it):
#   apt-get install -y hyperfine python3-qgis gmt gmt-dcw gmt-gshhg ghostscript
# No network is used. Each round is one hyperfine call listing the three commands (-N: no
# shell for any of them; the scripts are started directly, as chronomap is), 2 warm-up runs
# each; the order of the commands is reversed every other round, so that the peers and
# chronomap alternate over the measurement. The PNGs are kept in $PEERS_DIR (default
# output/peers) to look at; the hyperfine JSON of each round too.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT="$PWD"
ROUNDS="${ROUNDS:-6}"
RUNS="${RUNS:-5}"
PEERS_DIR="${PEERS_DIR:-output/peers}"
BIN="${CARGO_TARGET_DIR:-target}/release/chronomap"

for cmd in hyperfine gmt gs /usr/bin/python3; do
  command -v "$cmd" >/dev/null || { echo "compare: $cmd not found; apt-get install -y hyperfine python3-qgis gmt gmt-dcw gmt-gshhg ghostscript" >&2; exit 1; }
done
/usr/bin/python3 -c 'import qgis.core' 2>/dev/null || { echo "compare: /usr/bin/python3 cannot import qgis.core; apt-get install -y python3-qgis" >&2; exit 1; }

echo "== build (release)" >&2
cargo build --release --quiet --bin chronomap

mkdir -p "$PEERS_DIR"
P="$(cd "$PEERS_DIR" && pwd)"
echo "== inputs for the peers" >&2
"$BIN" export -q --date 2023 --out-dir "$P/export"
/usr/bin/python3 scripts/peers/gmt_inputs.py "$P/export/sites.geojson" tests/fixtures/basemap_regional "$P/gmt-input"

# chronomap keeps its drawn basemap in a cache folder between runs (see README); the first
# warm-up run fills it. "chronomap-cold" draws everything every time (--no-cache).
export CHRONOMAP_CACHE_DIR="$P/cache"
CHRONOMAP="$ROOT/$BIN render -q -o $P/chronomap.png"
COLD="$ROOT/$BIN render -q --no-cache -o $P/chronomap-cold.png"
QGIS="env QT_QPA_PLATFORM=offscreen /usr/bin/python3 $ROOT/scripts/peers/qgis_map.py $P/export/sites.geojson $ROOT/tests/fixtures/basemap_regional $P/qgis.png"
GMT="$ROOT/scripts/peers/gmt_map.sh $P/gmt-input $P/gmt.png"

echo "== one run each, checking the PNGs" >&2
for c in "$CHRONOMAP" "$COLD" "$QGIS" "$GMT"; do $c 2>/dev/null; done
cmp "$P/chronomap.png" "$P/chronomap-cold.png" || { echo "compare: the cached and uncached PNGs differ" >&2; exit 1; }
for f in chronomap chronomap-cold qgis gmt; do
  size="$(file -b "$P/$f.png")"
  case "$size" in
    *"1600 x 1000"*) echo "   $f.png: $size" >&2 ;;
    *) echo "compare: $P/$f.png is not a 1600 x 1000 PNG: $size" >&2; exit 1 ;;
  esac
done

for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r of $ROUNDS" >&2
  if [ $((r % 2)) -eq 1 ]; then
    args=(-n chronomap "$CHRONOMAP" -n chronomap-cold "$COLD" -n qgis "$QGIS" -n gmt "$GMT")
  else
    args=(-n gmt "$GMT" -n qgis "$QGIS" -n chronomap-cold "$COLD" -n chronomap "$CHRONOMAP")
  fi
  # hyperfine pairs the n-th -n with the n-th command, whatever the interleaving.
  names=(); cmds=()
  while [ ${#args[@]} -gt 0 ]; do names+=(-n "${args[1]}"); cmds+=("${args[2]}"); args=("${args[@]:3}"); done
  hyperfine -N --warmup 2 --runs "$RUNS" --style basic --export-json "$P/round$r.json" \
    "${names[@]}" "${cmds[@]}" >&2
done

/usr/bin/python3 - "$P" "$ROUNDS" <<'PY'
import json, statistics, sys
p, rounds = sys.argv[1], int(sys.argv[2])
times = {}
print("per round, median times and ratios of medians (peer / chronomap):")
for r in range(1, rounds + 1):
    med = {}
    for res in json.load(open(f"{p}/round{r}.json"))["results"]:
        times.setdefault(res["command"], []).extend(res["times"])
        med[res["command"]] = statistics.median(res["times"])
    for base in ["chronomap", "chronomap-cold"]:
        print(f"  round {r}: {base} {med[base]*1000:.1f} ms, qgis {med['qgis']*1000:.0f} ms"
              f" ({med['qgis']/med[base]:.1f}x), gmt {med['gmt']*1000:.0f} ms ({med['gmt']/med[base]:.1f}x)")
print("all rounds pooled (the median resists the runs another process slowed down):")
for basename in ["chronomap", "chronomap-cold"]:
    base = times[basename]
    print(f"ratios against {basename}:")
    print(f"{'command':<15} {'runs':>4} {'mean':>9} {'median':>9} {'ratio (mean)':>13} {'ratio (median)':>15}")
    for name in [basename, "qgis", "gmt"]:
        t = times[name]
        print(f"{name:<15} {len(t):>4} {statistics.mean(t)*1000:>7.1f}ms {statistics.median(t)*1000:>7.1f}ms"
              f" {statistics.mean(t)/statistics.mean(base):>12.1f}x {statistics.median(t)/statistics.median(base):>14.1f}x")
PY
