//! The tiled world basemap (`geodata/basemap/world.bin`, built by
//! `scripts/build_world_basemap.py`): Natural Earth 1:10m countries, borders, admin-1 lines
//! and lakes, and GeoNames places for the whole world, cut into square tiles so that a map
//! decodes only the tiles its frame meets. The byte format is described in the script.

use super::basemap_features::{Area, LonLatLine};

/// A country's attributes (the tiles carry only its index).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryInfo {
    /// Display name (Natural Earth `NAME`).
    pub name: String,
    /// ISO 3166 alpha-3 (Natural Earth `ADM0_A3` where `ISO_A3` is not set).
    pub code: String,
    /// Natural Earth's label point.
    pub label: (f64, f64),
    /// Other names, such as `("name_ru", "Киргизия")`, kept for localisation.
    pub names: Vec<(String, String)>,
}

/// The decoded header of the world basemap; tiles are decoded on demand.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    pub(super) bytes: &'static [u8],
    /// Tile size in degrees.
    pub tile_deg: f64,
    /// Every country, in the file's order.
    pub countries: Vec<CountryInfo>,
    /// Coarse (1:110m) country outlines of the whole world, for the inset.
    pub locator: Vec<Area>,
    pub(super) lakes: Vec<usize>,
    pub(super) lake_data: (usize, usize),
    /// Per tile (row-major, columns from 180° W, rows from 90° S): byte range in the file.
    pub(super) tiles: Vec<Option<(usize, usize)>>,
    pub(super) columns: usize,
    pub(super) rows: usize,
}

/// Why the world file could not be read: it is damaged, and this part of it is wrong.
///
/// ```
/// let e = chronomap::input::world::WorldDamaged("it ends early");
/// assert_eq!(e.to_string(), "the world basemap is damaged: it ends early");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the world basemap is damaged: {0}")]
pub struct WorldDamaged(pub &'static str);

/// A cursor over `bytes[pos..end]` that decodes the file's numbers, names and lines.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    pub(super) end: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn byte(&mut self) -> Result<u8, WorldDamaged> {
        if self.pos >= self.end {
            return Err(WorldDamaged("it ends early"));
        }
        let b = self.bytes[self.pos];
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn varint(&mut self) -> Result<u64, WorldDamaged> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WorldDamaged("a number is too long"))
    }

    pub(super) fn count(&mut self) -> Result<usize, WorldDamaged> {
        let n = self.varint()?;
        // Every counted thing takes at least one byte.
        if n > (self.end - self.pos) as u64 {
            return Err(WorldDamaged("a count exceeds the data"));
        }
        Ok(n as usize)
    }

    pub(super) fn signed(&mut self) -> Result<i64, WorldDamaged> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    pub(super) fn string(&mut self) -> Result<String, WorldDamaged> {
        let n = self.count()?;
        let s = std::str::from_utf8(&self.bytes[self.pos..self.pos + n])
            .map_err(|_| WorldDamaged("a name is not UTF-8"))?;
        self.pos += n;
        Ok(s.to_string())
    }

    pub(super) fn coordinate(
        &mut self,
        previous: &mut (i64, i64),
    ) -> Result<(f64, f64), WorldDamaged> {
        previous.0 += self.signed()?;
        previous.1 += self.signed()?;
        let (lon, lat) = (previous.0 as f64 / 1e5, previous.1 as f64 / 1e5);
        if lon.abs() > 180.0 || lat.abs() > 90.0 {
            return Err(WorldDamaged("a coordinate is out of range"));
        }
        Ok((lon, lat))
    }

    pub(super) fn line(&mut self) -> Result<LonLatLine, WorldDamaged> {
        let n = self.count()?;
        let mut at = (0, 0);
        (0..n).map(|_| self.coordinate(&mut at)).collect()
    }

    /// Reads lines, keeping those that come into `keep`.
    pub(super) fn lines(
        &mut self,
        out: &mut Vec<LonLatLine>,
        keep: Option<&LonLatBox>,
    ) -> Result<(), WorldDamaged> {
        for _ in 0..self.count()? {
            let line = self.line()?;
            if keep.is_none_or(|k| meets(&line, k)) {
                out.push(line);
            }
        }
        Ok(())
    }

    /// Reads polygons, keeping those whose outer ring comes into `keep`.
    pub(super) fn polygons(
        &mut self,
        out: &mut Vec<Vec<LonLatLine>>,
        keep: Option<&LonLatBox>,
    ) -> Result<(), WorldDamaged> {
        for _ in 0..self.count()? {
            let rings = self.count()?;
            let polygon: Vec<LonLatLine> =
                (0..rings).map(|_| self.line()).collect::<Result<_, _>>()?;
            if keep.is_none_or(|k| polygon.first().is_some_and(|outer| meets(outer, k))) {
                out.push(polygon);
            }
        }
        Ok(())
    }
}

/// Whether the bounding box of `line` meets `area`.
pub(super) fn meets(line: &LonLatLine, area: &LonLatBox) -> bool {
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in line {
        w = w.min(lon);
        e = e.max(lon);
        s = s.min(lat);
        n = n.max(lat);
    }
    w <= area.2 && e >= area.0 && s <= area.3 && n >= area.1
}

/// A longitude/latitude box in degrees: west, south, east, north.
pub type LonLatBox = (f64, f64, f64, f64);

impl World {
    /// Reads the header of `bytes`: the countries, the locator outlines, the lake index and
    /// the tile index. Tiles are decoded when a map asks for them ([`World::query`]).
    ///
    /// ```
    /// let world = chronomap::input::world::World::parse(chronomap::bundled::basemap_bytes::WORLD).unwrap();
    /// assert!(world.countries.iter().any(|c| c.code == "KGZ"));
    /// ```
    pub fn parse(bytes: &'static [u8]) -> Result<World, WorldDamaged> {
        let mut r = Reader {
            bytes,
            pos: 0,
            end: bytes.len(),
        };
        let tile = read_preamble(&mut r)?;
        let countries = read_countries(&mut r)?;
        let locator = read_locator(&mut r)?;
        let (lakes, lake_data) = read_lake_index(&mut r)?;
        let (columns, rows) = (360 / tile as usize, 180 / tile as usize);
        let tiles = read_tile_index(&mut r, columns, rows)?;
        Ok(World {
            bytes,
            tile_deg: tile as f64,
            countries,
            locator,
            lakes,
            lake_data,
            tiles,
            columns,
            rows,
        })
    }
}

/// Checks the magic bytes and the version; returns the tile size in degrees.
fn read_preamble(r: &mut Reader<'_>) -> Result<u64, WorldDamaged> {
    if r.bytes.get(..4) != Some(b"CMWB".as_slice()) {
        return Err(WorldDamaged("it does not start with CMWB"));
    }
    r.pos = 4;
    if r.varint()? != 1 {
        return Err(WorldDamaged("unknown version"));
    }
    let tile = r.varint()?;
    if tile == 0 || 180 % tile != 0 {
        return Err(WorldDamaged("bad tile size"));
    }
    Ok(tile)
}

/// Every country's name, code, label point and other names.
fn read_countries(r: &mut Reader<'_>) -> Result<Vec<CountryInfo>, WorldDamaged> {
    let mut countries = Vec::new();
    for _ in 0..r.count()? {
        let name = r.string()?;
        let code = r.string()?;
        let label = r.coordinate(&mut (0, 0))?;
        let names = (0..r.count()?)
            .map(|_| Ok((r.string()?, r.string()?)))
            .collect::<Result<_, WorldDamaged>>()?;
        countries.push(CountryInfo {
            name,
            code,
            label,
            names,
        });
    }
    Ok(countries)
}

/// The coarse country outlines of the inset locator.
fn read_locator(r: &mut Reader<'_>) -> Result<Vec<Area>, WorldDamaged> {
    let mut locator = Vec::new();
    for _ in 0..r.count()? {
        let name = r.string()?;
        let code = r.string()?;
        let mut polygons = Vec::new();
        r.polygons(&mut polygons, None)?;
        locator.push(Area {
            name,
            names: Vec::new(),
            code,
            label_point: None,
            polygons,
        });
    }
    Ok(locator)
}

/// The offset of each lake in the lake data, and where that data lies in the file; skips
/// over it.
fn read_lake_index(r: &mut Reader<'_>) -> Result<(Vec<usize>, (usize, usize)), WorldDamaged> {
    let lake_count = r.count()?;
    let lakes = (0..lake_count)
        .map(|_| r.varint().map(|v| v as usize))
        .collect::<Result<Vec<_>, _>>()?;
    let lake_len = r.count()?;
    let lake_data = (r.pos, r.pos + lake_len);
    if lakes.iter().any(|&o| o >= lake_len) {
        return Err(WorldDamaged("a lake offset is out of range"));
    }
    r.pos += lake_len;
    Ok((lakes, lake_data))
}

/// The byte range of every tile present, in a grid of `columns` × `rows` tiles; the tile
/// data must end the file.
fn read_tile_index(
    r: &mut Reader<'_>,
    columns: usize,
    rows: usize,
) -> Result<Vec<Option<(usize, usize)>>, WorldDamaged> {
    let mut tiles = vec![None; columns * rows];
    let mut index = Vec::new();
    for _ in 0..r.count()? {
        let (c, row) = (r.varint()? as usize, r.varint()? as usize);
        let (offset, len) = (r.varint()? as usize, r.varint()? as usize);
        if c >= columns || row >= rows {
            return Err(WorldDamaged("a tile is off the globe"));
        }
        index.push((row * columns + c, offset, len));
    }
    let data_len = r.count()?;
    let data = r.pos;
    if data + data_len != r.bytes.len() {
        return Err(WorldDamaged("wrong length"));
    }
    for (i, offset, len) in index {
        if offset.checked_add(len).is_none_or(|e| e > data_len) {
            return Err(WorldDamaged("a tile is out of range"));
        }
        tiles[i] = Some((data + offset, data + offset + len));
    }
    Ok(tiles)
}
