//! Shaded relief: the bundled world hillshade sampled through the map's projection into a
//! muted picture laid over the land colours.
//!
//! The hillshade (`geodata/basemap/relief.bin`, built by `scripts/build_relief.py`) is a
//! plate carrée grid of shade values at 2′ in 10° tiles, each compressed on its own, so a
//! map decodes only the tiles its frame meets. 128 is flat ground and the sea; darker values
//! are slopes turned from the light, lighter ones slopes facing it. The picture made here is
//! black where the ground is in shade and white where it is lit, each at a low opacity, so it
//! darkens and lightens whatever colour is under it and leaves flat ground untouched.

use super::geometry::Rect;
use super::projection::MapProjection;
use crate::scene::{Item, Raster};
use std::sync::Arc;

/// Opacity of the black over the deepest shade (of 255): the relief stays under the map.
const SHADE: f64 = 64.0;
/// Opacity of the white over the most lit slope (of 255).
const LIGHT: f64 = 28.0;
/// The picture's pixels are at most this many page pixels apart: half the page's resolution.
const PAGE_PIXELS_PER_SAMPLE: f64 = 2.0;
/// Positions are projected back to degrees every this many picture pixels and interpolated
/// between: the inverse projection is the costly step, and the map bends slowly.
const GRID: usize = 8;

/// The bundled hillshade's tile index.
struct Hillshade<'a> {
    /// Pixels per degree.
    ppd: usize,
    /// Tile size in degrees.
    tile_deg: usize,
    cols: usize,
    rows: usize,
    offsets: Vec<usize>,
    data: &'a [u8],
}

impl<'a> Hillshade<'a> {
    /// Reads the header of `bytes`; None if it is not a relief file this build understands.
    fn parse(bytes: &'a [u8]) -> Option<Hillshade<'a>> {
        let word = |i: usize| -> Option<usize> {
            let b = bytes.get(4 + 4 * i..8 + 4 * i)?;
            Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
        };
        if bytes.get(..4)? != b"CMRL" || word(0)? != 1 {
            return None;
        }
        let (ppd, tile_deg, cols, rows) = (word(1)?, word(2)?, word(3)?, word(4)?);
        if ppd == 0 || tile_deg == 0 || cols * tile_deg != 360 || rows * tile_deg != 180 {
            return None;
        }
        let offsets = (0..=cols * rows)
            .map(|i| word(5 + i))
            .collect::<Option<Vec<_>>>()?;
        let data = bytes.get(4 + 4 * (6 + cols * rows)..)?;
        if offsets.windows(2).any(|w| w[0] > w[1]) || *offsets.last()? != data.len() {
            return None;
        }
        Some(Hillshade {
            ppd,
            tile_deg,
            cols,
            rows,
            offsets,
            data,
        })
    }

    /// Pixels along a tile's side.
    fn side(&self) -> usize {
        self.tile_deg * self.ppd
    }

    /// Whether tile `i` (by `row * cols + col`) has any relief: flat tiles are stored empty.
    fn has_relief(&self, i: usize) -> bool {
        self.offsets.get(i + 1) > self.offsets.get(i)
    }

    /// The shade values of tile (`col`, `row`); None when it is flat (or unreadable).
    fn tile(&self, col: usize, row: usize) -> Option<Vec<u8>> {
        let i = row * self.cols + col;
        let blob = self.data.get(self.offsets[i]..self.offsets[i + 1])?;
        if blob.is_empty() {
            return None;
        }
        let pixels = fdeflate::decompress_to_vec(blob).ok()?;
        (pixels.len() == self.side() * self.side()).then_some(pixels)
    }
}

/// The decoded tiles a map needs.
struct Tiles {
    ppd: usize,
    side: usize,
    cols: usize,
    rows: usize,
    /// By `row * cols + col`; None for a flat tile or one the map does not reach.
    tiles: Vec<Option<Vec<u8>>>,
}

impl Tiles {
    /// The shade at grid pixel (`x`, `y`), wrapping round the world east–west.
    fn at(&self, x: i64, y: i64) -> u8 {
        let width = (self.cols * self.side) as i64;
        let x = x.rem_euclid(width) as usize;
        let y = y.clamp(0, (self.rows * self.side) as i64 - 1) as usize;
        let (s, n) = (self.side, self.side);
        match &self.tiles[(y / s) * self.cols + x / s] {
            Some(t) => t[(y % n) * n + x % n],
            None => 128,
        }
    }

    /// The shade at a longitude and latitude, interpolated between the four nearest pixels.
    fn sample(&self, lon: f64, lat: f64) -> f64 {
        let fx = (lon + 180.0) * self.ppd as f64 - 0.5;
        let fy = (90.0 - lat) * self.ppd as f64 - 0.5;
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let v = |x, y| f64::from(self.at(x, y));
        let top = v(x0, y0) * (1.0 - tx) + v(x0 + 1, y0) * tx;
        let bottom = v(x0, y0 + 1) * (1.0 - tx) + v(x0 + 1, y0 + 1) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

/// The shaded relief over `frame` as a picture item, at half the page's resolution or the
/// hillshade's own, whichever is coarser; `page_pixels_per_unit` is the page's pixel
/// density. None when the frame is empty or meets no relief.
///
/// ```
/// use chronomap::layout::{geometry::Rect, projection::{Extent, MapProjection}, relief::relief};
/// let frame = Rect::new(0.0, 0.0, 400.0, 300.0);
/// let extent = Extent { west: 70.0, south: 39.0, east: 80.0, north: 44.0 };
/// let p = MapProjection::fit(extent, frame).unwrap();
/// let tian_shan = relief(chronomap::bundled::basemap_bytes::RELIEF, &p, 1.0);
/// assert!(tian_shan.is_some());
/// ```
pub fn relief(bytes: &'static [u8], p: &MapProjection, page_pixels_per_unit: f64) -> Option<Item> {
    let hill = Hillshade::parse(bytes)?;
    let frame = p.frame();
    let (width, height) = picture_size(&hill, p, &frame, page_pixels_per_unit)?;
    // Degrees at every GRID-th picture pixel (and the last), from the page position of the
    // pixel's centre.
    let (gw, gh) = (width.div_ceil(GRID) + 1, height.div_ceil(GRID) + 1);
    let to_page = |i: usize, j: usize| {
        (
            frame.x0 + (i as f64 + 0.5) * frame.width() / width as f64,
            frame.y0 + (j as f64 + 0.5) * frame.height() / height as f64,
        )
    };
    let mut grid = Vec::with_capacity(gw * gh);
    for gj in 0..gh {
        for gi in 0..gw {
            grid.push(p.to_lonlat(to_page(gi * GRID, gj * GRID)));
        }
    }
    let want = wanted_tiles(&hill, &grid);
    if !want
        .iter()
        .enumerate()
        .any(|(i, &w)| w && hill.has_relief(i))
    {
        return None;
    }
    // The pixels are made only when a renderer asks for them: a page drawn from a cached
    // basemap never needs them. The key names everything they depend on.
    let key = picture_key(&hill, &grid, width, height);
    let picture = ReliefPicture {
        bytes,
        grid,
        want,
        width,
        height,
    };
    let image = Raster::deferred(width as u32, height as u32, key, move || picture.pixels())?;
    Some(Item::Image {
        x: frame.x0,
        y: frame.y0,
        w: frame.width(),
        h: frame.height(),
        image: Arc::new(image),
    })
}

/// Everything the relief picture's pixels are made from.
struct ReliefPicture {
    bytes: &'static [u8],
    /// Longitude and latitude at every GRID-th pixel, row by row.
    grid: Vec<Option<(f64, f64)>>,
    /// Which tiles the picture meets.
    want: Vec<bool>,
    width: usize,
    height: usize,
}

impl ReliefPicture {
    /// Decodes the tiles and samples the hillshade at every pixel (rows on all cores),
    /// interpolating positions between grid points: black where the ground is in shade,
    /// white where it is lit, each at a low opacity.
    fn pixels(&self) -> Vec<u8> {
        let Some(hill) = Hillshade::parse(self.bytes) else {
            return Vec::new();
        };
        let tiles = decode_tiles(&hill, &self.want);
        let (width, height, grid) = (self.width, self.height, &self.grid);
        let gw = width.div_ceil(GRID) + 1;
        let mut pixels = vec![0u8; width * height * 2];
        use rayon::prelude::*;
        pixels
            .par_chunks_mut(width * 2)
            .enumerate()
            .for_each(|(j, row)| {
                let (gj, ty) = (j / GRID, (j % GRID) as f64 / GRID as f64);
                for (i, px) in row.chunks_exact_mut(2).enumerate() {
                    let (gi, tx) = (i / GRID, (i % GRID) as f64 / GRID as f64);
                    let corners = [
                        grid[gj * gw + gi],
                        grid[gj * gw + gi + 1],
                        grid[(gj + 1) * gw + gi],
                        grid[(gj + 1) * gw + gi + 1],
                    ];
                    let [Some(a), Some(b), Some(c), Some(d)] = corners else {
                        continue;
                    };
                    let mix = |a: f64, b: f64, c: f64, d: f64| {
                        (a * (1.0 - tx) + b * tx) * (1.0 - ty) + (c * (1.0 - tx) + d * tx) * ty
                    };
                    let lon = mix(a.0, b.0, c.0, d.0);
                    let lat = mix(a.1, b.1, c.1, d.1);
                    px.copy_from_slice(&shade_pixel(tiles.sample(lon, lat)));
                }
            });
        debug_assert_eq!(pixels.len(), height * width * 2);
        pixels
    }
}

/// A hillshade value (128 flat) as a grey-and-alpha pixel: black over shade, white over
/// light, at most [`SHADE`] and [`LIGHT`] of opacity.
fn shade_pixel(value: f64) -> [u8; 2] {
    let shade = (value - 128.0) / 128.0;
    if shade < 0.0 {
        [0, (-shade).min(1.0).mul_add(SHADE, 0.5) as u8]
    } else {
        [255, shade.min(1.0).mul_add(LIGHT, 0.5) as u8]
    }
}

/// The key of a relief picture: two 64-bit hashes (fixed seeds, so the same in every run)
/// of the grid positions, the picture size, the drawing constants and the hillshade file's
/// tile index, which changes with its data.
fn picture_key(hill: &Hillshade<'_>, grid: &[Option<(f64, f64)>], w: usize, h: usize) -> [u64; 2] {
    use std::hash::{BuildHasher, Hash, Hasher};
    [0x5eed_0001_u64, 0x5eed_0002].map(|seed| {
        let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
        (w, h, GRID, SHADE.to_bits(), LIGHT.to_bits()).hash(&mut hasher);
        (
            hill.ppd,
            hill.tile_deg,
            hill.cols,
            hill.rows,
            hill.data.len(),
        )
            .hash(&mut hasher);
        hill.offsets.hash(&mut hasher);
        for point in grid {
            point
                .map(|(x, y)| (x.to_bits(), y.to_bits()))
                .hash(&mut hasher);
        }
        hasher.finish()
    })
}

/// The picture's size in pixels: half the page's resolution, but no finer than the
/// hillshade across the middle of the frame.
fn picture_size(
    hill: &Hillshade<'_>,
    p: &MapProjection,
    frame: &Rect,
    page_pixels_per_unit: f64,
) -> Option<(usize, usize)> {
    if !(frame.width() > 1.0 && frame.height() > 1.0 && page_pixels_per_unit > 0.0) {
        return None;
    }
    let (_, cy) = frame.center();
    let west = p.to_lonlat((frame.x0, cy))?;
    let east = p.to_lonlat((frame.x1, cy))?;
    let across = ((east.0 - west.0).abs().max(1e-6) * hill.ppd as f64) / frame.width();
    let per_unit = (page_pixels_per_unit / PAGE_PIXELS_PER_SAMPLE)
        .min(across)
        .max(1e-3);
    let size = |units: f64| ((units * per_unit).round() as usize).clamp(1, 4096);
    Some((size(frame.width()), size(frame.height())))
}

/// The tiles that the box around the positions in `grid` meets, with a pixel's margin for
/// the interpolation, by `row * cols + col`.
fn wanted_tiles(hill: &Hillshade<'_>, grid: &[Option<(f64, f64)>]) -> Vec<bool> {
    let mut want = vec![false; hill.cols * hill.rows];
    let td = hill.tile_deg as f64;
    let margin = 1.0 / hill.ppd as f64;
    let (mut west, mut south, mut east, mut north) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in grid.iter().flatten() {
        west = west.min(lon - margin);
        east = east.max(lon + margin);
        south = south.min(lat - margin);
        north = north.max(lat + margin);
    }
    if west <= east && south <= north {
        let (c0, c1) = (
            ((west + 180.0) / td).floor() as i64,
            ((east + 180.0) / td).floor() as i64,
        );
        let (r0, r1) = (
            ((90.0 - north) / td).floor().max(0.0) as i64,
            ((90.0 - south) / td).floor().min(hill.rows as f64 - 1.0) as i64,
        );
        for r in r0..=r1 {
            for c in c0..=c1.min(c0 + hill.cols as i64 - 1) {
                let c = c.rem_euclid(hill.cols as i64) as usize;
                want[r as usize * hill.cols + c] = true;
            }
        }
    }
    want
}

/// Decodes (on all cores) the wanted tiles.
fn decode_tiles(hill: &Hillshade<'_>, want: &[bool]) -> Tiles {
    use rayon::prelude::*;
    let tiles = (0..want.len())
        .into_par_iter()
        .map(|i| {
            want[i]
                .then(|| hill.tile(i % hill.cols, i / hill.cols))
                .flatten()
        })
        .collect();
    Tiles {
        ppd: hill.ppd,
        side: hill.side(),
        cols: hill.cols,
        rows: hill.rows,
        tiles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Hillshade<'static> {
        Hillshade::parse(crate::bundled::basemap_bytes::RELIEF).unwrap()
    }

    #[test]
    fn the_bundled_hillshade_is_read_whole() {
        let h = bundled();
        assert_eq!((h.ppd, h.tile_deg, h.cols, h.rows), (30, 10, 36, 18));
        // The Tian Shan tile (70–80°E, 40–50°N) has relief; the mid-Pacific is flat.
        assert!(h.tile(25, 4).is_some());
        assert!(h.tile(1, 9).is_none());
    }

    #[test]
    fn a_damaged_file_is_refused_not_misread() {
        let bytes = crate::bundled::basemap_bytes::RELIEF;
        assert!(Hillshade::parse(&bytes[..bytes.len() - 1]).is_none());
        assert!(Hillshade::parse(b"CMRL").is_none());
        let mut other = bytes[..64].to_vec();
        other[0] = b'X';
        assert!(Hillshade::parse(&other).is_none());
    }

    #[test]
    fn mountains_are_shaded_and_the_plain_is_not() {
        let frame = Rect::new(0.0, 0.0, 300.0, 200.0);
        let spread = |(west, south, east, north)| {
            let extent = crate::layout::projection::Extent {
                west,
                south,
                east,
                north,
            };
            let p = MapProjection::fit(extent, frame).unwrap();
            let Some(Item::Image { image, .. }) = relief(bundled_bytes(), &p, 2.0) else {
                return 0.0;
            };
            let alphas: Vec<f64> = image
                .grey_alpha()
                .chunks(2)
                .map(|c| f64::from(c[1]))
                .collect();
            alphas.iter().sum::<f64>() / alphas.len() as f64
        };
        let mountains = spread((74.0, 41.0, 78.0, 43.0));
        let plain = spread((66.0, 44.5, 70.0, 46.5));
        assert!(mountains > 3.0 * plain.max(1.0), "{mountains} vs {plain}");
    }

    fn bundled_bytes() -> &'static [u8] {
        crate::bundled::basemap_bytes::RELIEF
    }
}
