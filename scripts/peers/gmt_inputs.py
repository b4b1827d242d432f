"""Turns the GeoJSON the peers' maps need into the text tables GMT reads (run once, untimed).

Usage: python3 scripts/peers/gmt_inputs.py SITES.geojson BASEMAP_DIR OUT_DIR

Writes OUT_DIR/sites_<status>.txt (lon lat, one file per status, for one symbol colour each),
OUT_DIR/site_names.txt, OUT_DIR/places.txt and OUT_DIR/place_names.txt (the same towns as
qgis_map.py: population at least 150,000 or a capital) and OUT_DIR/countries.txt (the name at
each country's label point). GMT's own data (GSHHG coasts, rivers and borders, DCW countries)
is read by gmt_map.sh itself.
"""

import json
import os
import sys

STATUSES = ["active", "proposed", "declined", "closed", "not_yet"]


def features(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["features"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"gmt_inputs: {path}: {e}")


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    sites, basemap, out = argv[1:]
    os.makedirs(out, exist_ok=True)
    by_status = {s: [] for s in STATUSES}
    names = []
    for i, f in enumerate(features(sites)):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if p.get("status") not in by_status:
            sys.exit(f"gmt_inputs: {sites}: feature {i}: status {p.get('status')!r} is not one of {STATUSES}")
        by_status[p["status"]].append(f"{lon} {lat}\n")
        names.append(f"{lon} {lat} {p['name']}\n")
    for s, rows in by_status.items():
        with open(os.path.join(out, f"sites_{s}.txt"), "w", encoding="utf-8") as f:
            f.writelines(rows)
    with open(os.path.join(out, "site_names.txt"), "w", encoding="utf-8") as f:
        f.writelines(names)
    points, labels = [], []
    for f in features(os.path.join(basemap, "places.geojson")):
        p = f["properties"]
        if (p.get("population") or 0) >= 150000 or p.get("capital"):
            lon, lat = f["geometry"]["coordinates"][:2]
            points.append(f"{lon} {lat}\n")
            labels.append(f"{lon} {lat} {p['name']}\n")
    with open(os.path.join(out, "places.txt"), "w", encoding="utf-8") as f:
        f.writelines(points)
    with open(os.path.join(out, "place_names.txt"), "w", encoding="utf-8") as f:
        f.writelines(labels)
    with open(os.path.join(out, "countries.txt"), "w", encoding="utf-8") as f:
        for c in features(os.path.join(basemap, "countries.geojson")):
            p = c["properties"]
            if "label_lon" in p:
                f.write(f"{p['label_lon']} {p['label_lat']} {p['name'].upper()}\n")


if __name__ == "__main__":
    main(sys.argv)
