//! Shaded relief: the bundled hillshades sampled through the map's projection into a muted
//! picture laid over the land colours.
//!
//! Two hillshades are bundled. The world one (`geodata/basemap/relief.bin`, built by
//! `scripts/build_relief.py`) is a plate carrée grid of shade values at 2′ in 10° tiles,
//! each compressed on its own, so a map decodes only the tiles its frame meets. The detailed
//! one (`geodata/basemap/relief_detail.bin`, built by `scripts/build_relief_detail.py` from
//! the GEBCO 2023 grid) covers 66.1–84.5°E, 36.3–44.7°N at 15″, 30″ and 1′ in 1° tiles; a map
//! reads the level nearest its own scale. Inside the detailed grid's coverage the picture
//! takes the detailed shade, outside it the world's, and across a band of [`BLEND_DEGREES`]
//! just inside its edge a mix of the two, so there is no seam (the build script gives the
//! two the same mean tone).
//!
//! 128 is flat ground and the sea; darker values are slopes turned from the light, lighter
//! ones slopes facing it. The picture made here is black where the ground is in shade and
//! white where it is lit, each at a low opacity, so it darkens and lightens whatever colour
//! is under it and leaves flat ground untouched.

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
/// Width of the band inside the detailed grid's edge over which it fades into the world
/// hillshade, in degrees.
pub const BLEND_DEGREES: f64 = 0.3;
/// The most pixels along a side of the picture.
const MAX_SIDE: usize = 4096;

/// Where the tiles of one hillshade grid lie.
#[derive(Clone, Copy, Debug, Hash)]
struct TileGrid {
    /// Pixels per degree.
    ppd: usize,
    /// Tile size in degrees.
    tile_deg: usize,
    /// Longitude of the west edge and latitude of the north edge of tile (0, 0).
    west: i64,
    north: i64,
    cols: usize,
    rows: usize,
    /// Whether the columns go round the world (else positions beyond are clamped).
    wrap: bool,
}

impl TileGrid {
    /// Pixels along a tile's side.
    fn side(&self) -> usize {
        self.tile_deg * self.ppd
    }

    /// The tiles that `bbox` (west, south, east, north), widened by a pixel for the
    /// interpolation, meets, by `row * cols + col`.
    fn wanted(&self, bbox: Option<[f64; 4]>) -> Vec<bool> {
        let mut want = vec![false; self.cols * self.rows];
        let Some([west, south, east, north]) = bbox else {
            return want;
        };
        let td = self.tile_deg as f64;
        let margin = 1.0 / self.ppd as f64;
        let col = |lon: f64| ((lon - self.west as f64) / td).floor() as i64;
        let row = |lat: f64| ((self.north as f64 - lat) / td).floor() as i64;
        let (mut c0, mut c1) = (col(west - margin), col(east + margin));
        let (r0, r1) = (
            row(north + margin).max(0),
            row(south - margin).min(self.rows as i64 - 1),
        );
        if self.wrap {
            c1 = c1.min(c0 + self.cols as i64 - 1);
        } else {
            (c0, c1) = (c0.max(0), c1.min(self.cols as i64 - 1));
        }
        for r in r0..=r1 {
            for c in c0..=c1 {
                let c = c.rem_euclid(self.cols as i64) as usize;
                want[r as usize * self.cols + c] = true;
            }
        }
        want
    }
}

/// A grid's tile index: where each compressed tile lies in the file.
struct TileSet<'a> {
    grid: TileGrid,
    /// `cols * rows + 1` offsets into `data`; a tile stored empty is flat.
    offsets: Vec<usize>,
    data: &'a [u8],
}

impl TileSet<'_> {
    /// Whether tile `i` (by `row * cols + col`) has any relief: flat tiles are stored empty.
    fn has_relief(&self, i: usize) -> bool {
        self.offsets.get(i + 1) > self.offsets.get(i)
    }

    /// The shade values of tile `i`; None when it is flat (or unreadable).
    fn tile(&self, i: usize) -> Option<Vec<u8>> {
        let blob = self.data.get(self.offsets[i]..self.offsets[i + 1])?;
        if blob.is_empty() {
            return None;
        }
        let side = self.grid.side();
        let pixels = fdeflate::decompress_to_vec(blob).ok()?;
        (pixels.len() == side * side).then_some(pixels)
    }

    /// Decodes (on all cores) the wanted tiles.
    fn decode(&self, want: &[bool]) -> Tiles {
        use rayon::prelude::*;
        let tiles = (0..want.len())
            .into_par_iter()
            .map(|i| want[i].then(|| self.tile(i)).flatten())
            .collect();
        Tiles {
            grid: self.grid,
            tiles,
        }
    }

    /// What the picture key needs to know of this grid: where it lies and its tile index.
    fn identity(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        (self.grid, self.data.len(), &self.offsets).hash(hasher);
    }
}

/// Reads little-endian 32-bit words of `bytes` from byte `at`.
struct Words<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Words<'_> {
    fn next(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    fn size(&mut self) -> Option<usize> {
        self.next().map(|w| w as usize)
    }

    fn signed(&mut self) -> Option<i64> {
        self.next().map(|w| i64::from(w as i32))
    }

    /// `n` offsets, increasing.
    fn offsets(&mut self, n: usize) -> Option<Vec<usize>> {
        let offsets = (0..n).map(|_| self.size()).collect::<Option<Vec<_>>>()?;
        (!offsets.windows(2).any(|w| w[0] > w[1])).then_some(offsets)
    }
}

/// The world hillshade (`relief.bin`): reads the header of `bytes`; None if it is not a
/// relief file this build understands.
fn parse_world(bytes: &[u8]) -> Option<TileSet<'_>> {
    if bytes.get(..4)? != b"CMRL" {
        return None;
    }
    let mut w = Words { bytes, at: 4 };
    if w.next()? != 1 {
        return None;
    }
    let (ppd, tile_deg, cols, rows) = (w.size()?, w.size()?, w.size()?, w.size()?);
    if ppd == 0 || tile_deg == 0 || cols * tile_deg != 360 || rows * tile_deg != 180 {
        return None;
    }
    let offsets = w.offsets(cols * rows + 1)?;
    let data = bytes.get(w.at..)?;
    if *offsets.last()? != data.len() {
        return None;
    }
    let grid = TileGrid {
        ppd,
        tile_deg,
        west: -180,
        north: 90,
        cols,
        rows,
        wrap: true,
    };
    Some(TileSet {
        grid,
        offsets,
        data,
    })
}

/// The detailed hillshade: the box its elevations cover and its levels, finest first.
struct Detail<'a> {
    /// West, south, east, north in degrees.
    coverage: [f64; 4],
    levels: Vec<TileSet<'a>>,
}

impl Detail<'_> {
    /// Reads the header of a `relief_detail.bin` (format at the top of
    /// `scripts/build_relief_detail.py`); None if it is not one this build understands.
    fn parse(bytes: &[u8]) -> Option<Detail<'_>> {
        if bytes.get(..4)? != b"CMRD" {
            return None;
        }
        let mut w = Words { bytes, at: 4 };
        let (version, count) = (w.next()?, w.size()?);
        if version != 1 || !(1..=8).contains(&count) {
            return None;
        }
        let arcsec = [w.signed()?, w.signed()?, w.signed()?, w.signed()?];
        let coverage = arcsec.map(|s| s as f64 / 3600.0);
        let [west, south, east, north] = coverage;
        if !(west < east && south < north && (-90.0..=90.0).contains(&south) && north <= 90.0) {
            return None;
        }
        let mut grids = Vec::with_capacity(count);
        for _ in 0..count {
            let (ppd, tile_deg) = (w.size()?, w.size()?);
            let (gw, gn) = (w.signed()?, w.signed()?);
            let (cols, rows) = (w.size()?, w.size()?);
            let grid = TileGrid {
                ppd,
                tile_deg,
                west: gw,
                north: gn,
                cols,
                rows,
                wrap: false,
            };
            // The tiles must hold the coverage, and stay of a sane size.
            let (ge, gs) = (gw + (cols * tile_deg) as i64, gn - (rows * tile_deg) as i64);
            if ppd == 0
                || tile_deg == 0
                || cols * rows == 0
                || cols * rows > 64_800
                || grid.side() > 4096
                || (gw as f64) > west
                || (ge as f64) < east
                || (gn as f64) < north
                || (gs as f64) > south
            {
                return None;
            }
            grids.push(grid);
        }
        let tables = grids
            .iter()
            .map(|g| w.offsets(g.cols * g.rows + 1))
            .collect::<Option<Vec<_>>>()?;
        let data = bytes.get(w.at..)?;
        // Each level's tiles follow the previous level's; the last ends with the data.
        let chained = tables.windows(2).all(|t| t[0].last() == t[1].first());
        if !chained || *tables.last()?.last()? != data.len() {
            return None;
        }
        let levels = grids
            .into_iter()
            .zip(tables)
            .map(|(grid, offsets)| TileSet {
                grid,
                offsets,
                data,
            })
            .collect();
        Some(Detail { coverage, levels })
    }

    /// How much of the detailed shade a position takes: 1 inside, 0 outside the coverage,
    /// rising smoothly across the band [`BLEND_DEGREES`] wide inside its edge.
    fn weight(coverage: &[f64; 4], lon: f64, lat: f64) -> f64 {
        let [west, south, east, north] = *coverage;
        let inside = (lon - west)
            .min(east - lon)
            .min(lat - south)
            .min(north - lat);
        let t = (inside / BLEND_DEGREES).clamp(0.0, 1.0);
        t * t * (3.0 - 2.0 * t)
    }

    /// The index of the level to read for a picture of `picture_ppd` pixels per degree:
    /// the coarsest at least as fine as the picture, or the finest.
    fn level_for(&self, picture_ppd: f64) -> usize {
        (0..self.levels.len())
            .filter(|&i| self.levels[i].grid.ppd as f64 >= picture_ppd)
            .min_by_key(|&i| self.levels[i].grid.ppd)
            .or_else(|| (0..self.levels.len()).max_by_key(|&i| self.levels[i].grid.ppd))
            .unwrap_or(0)
    }

    /// Whether the box `bbox` (west, south, east, north) meets the coverage.
    fn meets(&self, [west, south, east, north]: [f64; 4]) -> bool {
        let [cw, cs, ce, cn] = self.coverage;
        west < ce && east > cw && south < cn && north > cs
    }
}

/// The decoded tiles a map needs of one grid.
struct Tiles {
    grid: TileGrid,
    /// By `row * cols + col`; None for a flat tile or one the map does not reach.
    tiles: Vec<Option<Vec<u8>>>,
}

impl Tiles {
    /// The shade at grid pixel (`x`, `y`), wrapping round the world east–west or clamped
    /// to the grid.
    fn at(&self, x: i64, y: i64) -> u8 {
        let g = &self.grid;
        let s = g.side();
        let width = (g.cols * s) as i64;
        let x = if g.wrap {
            x.rem_euclid(width)
        } else {
            x.clamp(0, width - 1)
        } as usize;
        let y = y.clamp(0, (g.rows * s) as i64 - 1) as usize;
        match &self.tiles[(y / s) * g.cols + x / s] {
            Some(t) => t[(y % s) * s + x % s],
            None => 128,
        }
    }

    /// The shade at a longitude and latitude, interpolated between the four nearest pixels.
    fn sample(&self, lon: f64, lat: f64) -> f64 {
        let ppd = self.grid.ppd as f64;
        let fx = (lon - self.grid.west as f64) * ppd - 0.5;
        let fy = (self.grid.north as f64 - lat) * ppd - 0.5;
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let v = |x, y| f64::from(self.at(x, y));
        let top = v(x0, y0) * (1.0 - tx) + v(x0 + 1, y0) * tx;
        let bottom = v(x0, y0 + 1) * (1.0 - tx) + v(x0 + 1, y0 + 1) * tx;
        top * (1.0 - ty) + bottom * ty
    }
}

/// The shaded relief over `frame` as a picture item, from the world hillshade `world` and,
/// where it covers the map, the detailed one `detail`, at half the page's resolution or the
/// finest hillshade's own across the middle of the frame, whichever is coarser;
/// `page_pixels_per_unit` is the page's pixel density. None when the frame is empty or
/// meets no relief. Only the headers are read here: the tiles are decoded when the
/// picture's pixels are first asked for.
///
/// ```
/// use chronomap::bundled::basemap_bytes::{RELIEF, RELIEF_DETAIL};
/// use chronomap::layout::{geometry::Rect, projection::{Extent, MapProjection}, relief::relief};
/// let frame = Rect::new(0.0, 0.0, 400.0, 300.0);
/// let extent = Extent { west: 70.0, south: 39.0, east: 80.0, north: 44.0 };
/// let p = MapProjection::fit(extent, frame).unwrap();
/// let tian_shan = relief(RELIEF, Some(RELIEF_DETAIL), &p, 1.0);
/// assert!(tian_shan.is_some());
/// ```
pub fn relief(
    world: &'static [u8],
    detail: Option<&'static [u8]>,
    p: &MapProjection,
    page_pixels_per_unit: f64,
) -> Option<Item> {
    let hill = parse_world(world)?;
    let detail_set = detail.and_then(Detail::parse);
    let frame = p.frame();
    let (width, height, across_ppd) =
        picture_size(&hill, detail_set.as_ref(), p, &frame, page_pixels_per_unit)?;
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
    let bbox = bounding_box(&grid);
    let want = hill.grid.wanted(bbox);
    // The detailed level the picture reads, when the picture meets its coverage.
    let detailed = detail_set
        .as_ref()
        .filter(|d| bbox.is_some_and(|b| d.meets(b)))
        .map(|d| {
            let level = d.level_for(across_ppd);
            (level, d.levels[level].grid.wanted(bbox))
        });
    let world_relief = want
        .iter()
        .enumerate()
        .any(|(i, &w)| w && hill.has_relief(i));
    if !world_relief && detailed.is_none() {
        return None;
    }
    // The pixels are made only when a renderer asks for them: a page drawn from a cached
    // basemap never needs them. The key names everything they depend on.
    let key = picture_key(
        &hill,
        detail_set.as_ref().zip(detailed.as_ref().map(|d| d.0)),
        &grid,
        width,
        height,
    );
    let picture = ReliefPicture {
        world,
        detail: detail
            .zip(detailed)
            .map(|(bytes, (level, want))| DetailRead { bytes, level, want }),
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

/// The box (west, south, east, north) round the positions in `grid`; None when none
/// projects.
fn bounding_box(grid: &[Option<(f64, f64)>]) -> Option<[f64; 4]> {
    let (mut west, mut south, mut east, mut north) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in grid.iter().flatten() {
        west = west.min(lon);
        east = east.max(lon);
        south = south.min(lat);
        north = north.max(lat);
    }
    (west <= east && south <= north).then_some([west, south, east, north])
}

/// The detailed hillshade's bytes, the level a picture reads and the tiles it wants.
struct DetailRead {
    bytes: &'static [u8],
    level: usize,
    want: Vec<bool>,
}

/// Everything the relief picture's pixels are made from.
struct ReliefPicture {
    world: &'static [u8],
    /// What the picture reads of the detailed hillshade, when it meets its coverage.
    detail: Option<DetailRead>,
    /// Longitude and latitude at every GRID-th pixel, row by row.
    grid: Vec<Option<(f64, f64)>>,
    /// Which world tiles the picture meets.
    want: Vec<bool>,
    width: usize,
    height: usize,
}

impl ReliefPicture {
    /// Decodes the tiles and samples the hillshades at every pixel (rows on all cores),
    /// interpolating positions between grid points: black where the ground is in shade,
    /// white where it is lit, each at a low opacity.
    fn pixels(&self) -> Vec<u8> {
        let Some(hill) = parse_world(self.world) else {
            return Vec::new();
        };
        let tiles = hill.decode(&self.want);
        let detailed = self.detail.as_ref().and_then(|read| {
            let d = Detail::parse(read.bytes)?;
            Some((d.coverage, d.levels.get(read.level)?.decode(&read.want)))
        });
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
                    let value = match &detailed {
                        Some((coverage, fine)) => {
                            let t = Detail::weight(coverage, lon, lat);
                            if t >= 1.0 {
                                fine.sample(lon, lat)
                            } else if t <= 0.0 {
                                tiles.sample(lon, lat)
                            } else {
                                fine.sample(lon, lat) * t + tiles.sample(lon, lat) * (1.0 - t)
                            }
                        }
                        None => tiles.sample(lon, lat),
                    };
                    px.copy_from_slice(&shade_pixel(value));
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
/// of the grid positions, the picture size, the drawing constants, the world hillshade's
/// tile index and, when the picture reads it, the detailed hillshade's coverage, tile
/// indexes and the level read; the indexes change with the files' data.
fn picture_key(
    hill: &TileSet<'_>,
    detail: Option<(&Detail<'_>, usize)>,
    grid: &[Option<(f64, f64)>],
    w: usize,
    h: usize,
) -> [u64; 2] {
    use std::hash::{BuildHasher, Hash, Hasher};
    [0x5eed_0001_u64, 0x5eed_0002].map(|seed| {
        let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
        (w, h, GRID, SHADE.to_bits(), LIGHT.to_bits()).hash(&mut hasher);
        hill.identity(&mut hasher);
        if let Some((d, level)) = detail {
            (level, BLEND_DEGREES.to_bits()).hash(&mut hasher);
            d.coverage.map(f64::to_bits).hash(&mut hasher);
            for set in &d.levels {
                set.identity(&mut hasher);
            }
        }
        for point in grid {
            point
                .map(|(x, y)| (x.to_bits(), y.to_bits()))
                .hash(&mut hasher);
        }
        hasher.finish()
    })
}

/// The picture's size in pixels, and its pixels per degree across the middle of the
/// frame: half the page's resolution, but no finer than the hillshade across the middle of
/// the frame (the detailed one's finest level when the frame meets its coverage).
fn picture_size(
    hill: &TileSet<'_>,
    detail: Option<&Detail<'_>>,
    p: &MapProjection,
    frame: &Rect,
    page_pixels_per_unit: f64,
) -> Option<(usize, usize, f64)> {
    if !(frame.width() > 1.0 && frame.height() > 1.0 && page_pixels_per_unit > 0.0) {
        return None;
    }
    let (cx, cy) = frame.center();
    let west = p.to_lonlat((frame.x0, cy))?;
    let east = p.to_lonlat((frame.x1, cy))?;
    let degrees_across = (east.0 - west.0).abs().max(1e-6);
    // The frame's box, from its corners and the middles of its sides.
    let edge_points = [
        (frame.x0, frame.y0),
        (cx, frame.y0),
        (frame.x1, frame.y0),
        (frame.x0, cy),
        (frame.x1, cy),
        (frame.x0, frame.y1),
        (cx, frame.y1),
        (frame.x1, frame.y1),
    ];
    let positions: Vec<_> = edge_points.iter().map(|&pt| p.to_lonlat(pt)).collect();
    let source_ppd = detail
        .filter(|d| bounding_box(&positions).is_some_and(|b| d.meets(b)))
        .and_then(|d| d.levels.iter().map(|l| l.grid.ppd).max())
        .unwrap_or(0)
        .max(hill.grid.ppd) as f64;
    let across = degrees_across * source_ppd / frame.width();
    let per_unit = (page_pixels_per_unit / PAGE_PIXELS_PER_SAMPLE)
        .min(across)
        .max(1e-3);
    let size = |units: f64| ((units * per_unit).round() as usize).clamp(1, MAX_SIDE);
    let (w, h) = (size(frame.width()), size(frame.height()));
    Some((w, h, w as f64 / degrees_across))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled::basemap_bytes::{RELIEF, RELIEF_DETAIL};

    fn bundled() -> TileSet<'static> {
        parse_world(RELIEF).unwrap()
    }

    #[test]
    fn the_bundled_hillshade_is_read_whole() {
        let h = bundled();
        let g = h.grid;
        assert_eq!((g.ppd, g.tile_deg, g.cols, g.rows), (30, 10, 36, 18));
        // The Tian Shan tile (70–80°E, 40–50°N) has relief; the mid-Pacific is flat.
        assert!(h.tile(4 * 36 + 25).is_some());
        assert!(h.tile(9 * 36 + 1).is_none());
    }

    #[test]
    fn the_bundled_detailed_hillshade_is_read_whole() {
        let d = Detail::parse(RELIEF_DETAIL).unwrap();
        let [w, s, e, n] = d.coverage;
        assert!(
            (w - 66.1375).abs() < 1e-9 && (e - 84.4625).abs() < 1e-9,
            "{w} {e}"
        );
        assert!(
            (s - 36.320_833).abs() < 1e-5 && (n - 44.7125).abs() < 1e-9,
            "{s} {n}"
        );
        let ppds: Vec<usize> = d.levels.iter().map(|l| l.grid.ppd).collect();
        assert_eq!(ppds, [240, 120, 60]);
        for level in &d.levels {
            for i in 0..level.grid.cols * level.grid.rows {
                assert!(level.tile(i).is_some(), "level {} tile {i}", level.grid.ppd);
            }
        }
        // A picture reads the coarsest level at least as fine as itself.
        assert_eq!(d.level_for(45.0), 2);
        assert_eq!(d.level_for(61.0), 1);
        assert_eq!(d.level_for(200.0), 0);
        assert_eq!(d.level_for(900.0), 0);
    }

    #[test]
    fn a_damaged_file_is_refused_not_misread() {
        assert!(parse_world(&RELIEF[..RELIEF.len() - 1]).is_none());
        assert!(parse_world(b"CMRL").is_none());
        let mut other = RELIEF[..64].to_vec();
        other[0] = b'X';
        assert!(parse_world(&other).is_none());
        assert!(Detail::parse(&RELIEF_DETAIL[..RELIEF_DETAIL.len() - 1]).is_none());
        assert!(Detail::parse(&RELIEF_DETAIL[..200]).is_none());
        assert!(Detail::parse(RELIEF).is_none());
        assert!(parse_world(RELIEF_DETAIL).is_none());
    }

    #[test]
    fn the_weight_rises_across_the_band_inside_the_edge() {
        let cov = [66.0, 36.0, 85.0, 45.0];
        assert_eq!(Detail::weight(&cov, 65.9, 40.0), 0.0);
        assert_eq!(Detail::weight(&cov, 66.0, 40.0), 0.0);
        let half = Detail::weight(&cov, 66.0 + BLEND_DEGREES / 2.0, 40.0);
        assert!((half - 0.5).abs() < 1e-9, "{half}");
        assert_eq!(Detail::weight(&cov, 66.0 + BLEND_DEGREES, 40.0), 1.0);
        // A twentieth of a degree inside the north edge: a little of the detail.
        let near = Detail::weight(&cov, 75.0, 44.95);
        assert!(near > 0.0 && near < 0.1, "{near}");
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
            let Some(Item::Image { image, .. }) = relief(RELIEF, Some(RELIEF_DETAIL), &p, 2.0)
            else {
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
}
