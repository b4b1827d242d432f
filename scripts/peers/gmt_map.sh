#!/usr/bin/env bash
# The bundled map of 2023, made with GMT 6 (Debian: gmt gmt-dcw gmt-gshhg), for issue 20's
# paired timing.
#
# Usage: scripts/peers/gmt_map.sh INPUT_DIR OUT.png
#
# INPUT_DIR holds the text tables scripts/peers/gmt_inputs.py writes from the sites of
# `chronomap export --date 2023` and the regional basemap's towns and country label points.
# The basemap is GMT's installed data only (GSHHG intermediate resolution: land, lakes,
# rivers, international and state borders; DCW for Kyrgyzstan's outline), never a remote
# file. The map: Lambert conformal conic over chronomap's default extent, sites coloured by
# status with their names, towns, country names, a title, a legend and a scale bar, on a
# 40 x 25 cm canvas rasterised at 101.55 dpi = 1600 x 1000 pixels (101.6 gives 1601 wide).
set -euo pipefail

[ $# -eq 2 ] || { sed -n 2,13p "$0" >&2; exit 2; }
IN="$1"
OUT="$2"
for f in sites_active sites_proposed sites_declined sites_closed sites_not_yet site_names places place_names countries; do
  [ -f "$IN/$f.txt" ] || { echo "gmt_map: $IN/$f.txt: missing (run gmt_inputs.py first)" >&2; exit 1; }
done
OUT_ABS="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT" .png)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# chronomap's extent (63.7-80.4 E, 36.6-45.3 N) is the rectangle around that lon/lat box once
# projected; these are its lower-left and upper-right corners (gmt mapproject -I of the
# projected box's bounds), and the standard parallels chronomap uses.
R=63.7379/36.2801/81.5661/45.2155+r
J=L72.05/40.95/38.05/43.85/29c

cat > legend.txt <<LEG
H 13p,Helvetica-Bold Status at end of 2023
G 0.2c
S 0.3c c 0.32c #1f6fb5 0.5p,white 0.7c Active
S 0.3c c 0.32c #f0a500 0.5p,white 0.7c Proposed
S 0.3c c 0.32c #c0306a 0.5p,white 0.7c Declined (refused)
S 0.3c c 0.32c #222222 0.5p,white 0.7c Closed
S 0.3c c 0.32c #bbbbbb 0.5p,white 0.7c Not yet in the record
G 0.2c
S 0.3c c 0.08c #333333 - 0.7c Town
S 0.3c - 0.5c - 0.8p,#555555 0.7c International border
S 0.3c - 0.5c - 0.5p,#6aa6d6 0.7c River
LEG

gmt begin map png E101.55 --GMT_DATA_SERVER_LIMIT=1
  # The whole canvas, so that the PNG is exactly 40 x 25 cm.
  gmt plot -R0/40/0/25 -Jx1c -X0 -Y0 -Gwhite -N <<RECT
0 0
40 0
40 25
0 25
RECT
  gmt text -R0/40/0/25 -Jx1c -F+f20p,Helvetica-Bold+jLM -N <<TITLE
0.8 21.6 Foreign military sites in Kyrgyzstan and Uzbekistan, end of 2023
TITLE
  gmt coast -R$R -J$J -X1.3c -Y1.0c -Di -A500 -G#ebe6dd -S#a9d3ef -C#a9d3ef \
    -N1/0.8p,#555555 -N2/0.3p,#c8c2b8,- -Ir/0.5p,#6aa6d6 -EKG+p1.2p,#333333 \
    -Bxa2g2 -Bya2g2 -BWSen --MAP_GRID_PEN=0.25p,#d0d0d0 --FONT_ANNOT_PRIMARY=8p \
    -LjBL+c40+w200k+f+o0.5c/0.5c+u -F+gwhite+p0.5p
  gmt text "$IN/countries.txt" -F+f11p,Helvetica,#8a8a8a+jCM
  gmt plot "$IN/places.txt" -Sc0.08c -G#333333
  gmt text "$IN/place_names.txt" -F+f7p,Helvetica,#333333+jLM -D0.12c/0
  gmt plot "$IN/sites_active.txt" -Sc0.32c -G#1f6fb5 -W0.5p,white
  gmt plot "$IN/sites_proposed.txt" -Sc0.32c -G#f0a500 -W0.5p,white
  gmt plot "$IN/sites_declined.txt" -Sc0.32c -G#c0306a -W0.5p,white
  gmt plot "$IN/sites_closed.txt" -Sc0.32c -G#222222 -W0.5p,white
  gmt plot "$IN/sites_not_yet.txt" -Sc0.32c -G#bbbbbb -W0.5p,white
  gmt text "$IN/site_names.txt" -F+f10p,Helvetica-Bold,#222222+jLM -D0.25c/0 -Gwhite@30
  gmt legend legend.txt -Dx30c/19.35c+w8.5c+jTL -F+gwhite+p0.5p
gmt end
mv map.png "$OUT_ABS.png"
