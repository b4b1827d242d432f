//! The tiled world basemap (`geodata/basemap/world.bin`, built by
//! `scripts/build_world_basemap.py`): Natural Earth 1:10m countries, borders, admin-1 lines
//! and lakes, and GeoNames places for the whole world, cut into square tiles so that a map
//! decodes only the tiles its frame meets. The byte format is described in the script.

use super::basemap::{Area, Basemap, LonLatLine, Place, River};

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
    bytes: &'static [u8],
    /// Tile size in degrees.
    pub tile_deg: f64,
    /// Every country, in the file's order.
    pub countries: Vec<CountryInfo>,
    /// Coarse (1:110m) country outlines of the whole world, for the inset.
    pub locator: Vec<Area>,
    lakes: Vec<usize>,
    lake_data: (usize, usize),
    /// Per tile (row-major, columns from 180° W, rows from 90° S): byte range in the file.
    tiles: Vec<Option<(usize, usize)>>,
    columns: usize,
    rows: usize,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

const BROKEN: &str = "the world basemap is damaged";

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        if self.pos >= self.end {
            return Err(format!("{BROKEN}: it ends early"));
        }
        let b = self.bytes[self.pos];
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("{BROKEN}: a number is too long"))
    }

    fn count(&mut self) -> Result<usize, String> {
        let n = self.varint()?;
        // Every counted thing takes at least one byte.
        if n > (self.end - self.pos) as u64 {
            return Err(format!("{BROKEN}: a count exceeds the data"));
        }
        Ok(n as usize)
    }

    fn signed(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.count()?;
        let s = std::str::from_utf8(&self.bytes[self.pos..self.pos + n])
            .map_err(|_| format!("{BROKEN}: a name is not UTF-8"))?;
        self.pos += n;
        Ok(s.to_string())
    }

    fn coordinate(&mut self, previous: &mut (i64, i64)) -> Result<(f64, f64), String> {
        previous.0 += self.signed()?;
        previous.1 += self.signed()?;
        let (lon, lat) = (previous.0 as f64 / 1e5, previous.1 as f64 / 1e5);
        if lon.abs() > 180.0 || lat.abs() > 90.0 {
            return Err(format!("{BROKEN}: a coordinate is out of range"));
        }
        Ok((lon, lat))
    }

    fn line(&mut self) -> Result<LonLatLine, String> {
        let n = self.count()?;
        let mut at = (0, 0);
        (0..n).map(|_| self.coordinate(&mut at)).collect()
    }

    /// Reads lines, keeping those that come into `keep`.
    fn lines(&mut self, out: &mut Vec<LonLatLine>, keep: Option<&LonLatBox>) -> Result<(), String> {
        for _ in 0..self.count()? {
            let line = self.line()?;
            if keep.is_none_or(|k| meets(&line, k)) {
                out.push(line);
            }
        }
        Ok(())
    }

    /// Reads polygons, keeping those whose outer ring comes into `keep`.
    fn polygons(
        &mut self,
        out: &mut Vec<Vec<LonLatLine>>,
        keep: Option<&LonLatBox>,
    ) -> Result<(), String> {
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
fn meets(line: &LonLatLine, area: &LonLatBox) -> bool {
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
    /// Reads the header of `bytes`.
    ///
    /// ```
    /// let world = chronomap::input::world::World::parse(chronomap::bundled::basemap_bytes::WORLD).unwrap();
    /// assert!(world.countries.iter().any(|c| c.code == "KGZ"));
    /// ```
    pub fn parse(bytes: &'static [u8]) -> Result<World, String> {
        let mut r = Reader {
            bytes,
            pos: 0,
            end: bytes.len(),
        };
        if bytes.get(..4) != Some(b"CMWB".as_slice()) {
            return Err(format!("{BROKEN}: it does not start with CMWB"));
        }
        r.pos = 4;
        if r.varint()? != 1 {
            return Err(format!("{BROKEN}: unknown version"));
        }
        let tile = r.varint()?;
        if tile == 0 || 180 % tile != 0 {
            return Err(format!("{BROKEN}: bad tile size"));
        }
        let mut countries = Vec::new();
        for _ in 0..r.count()? {
            let name = r.string()?;
            let code = r.string()?;
            let label = r.coordinate(&mut (0, 0))?;
            let names = (0..r.count()?)
                .map(|_| Ok((r.string()?, r.string()?)))
                .collect::<Result<_, String>>()?;
            countries.push(CountryInfo {
                name,
                code,
                label,
                names,
            });
        }
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
        let lake_count = r.count()?;
        let lakes = (0..lake_count)
            .map(|_| r.varint().map(|v| v as usize))
            .collect::<Result<Vec<_>, _>>()?;
        let lake_len = r.count()?;
        let lake_data = (r.pos, r.pos + lake_len);
        if lakes.iter().any(|&o| o >= lake_len) {
            return Err(format!("{BROKEN}: a lake offset is out of range"));
        }
        r.pos += lake_len;
        let (columns, rows) = (360 / tile as usize, 180 / tile as usize);
        let mut tiles = vec![None; columns * rows];
        let mut index = Vec::new();
        for _ in 0..r.count()? {
            let (c, row) = (r.varint()? as usize, r.varint()? as usize);
            let (offset, len) = (r.varint()? as usize, r.varint()? as usize);
            if c >= columns || row >= rows {
                return Err(format!("{BROKEN}: a tile is off the globe"));
            }
            index.push((row * columns + c, offset, len));
        }
        let data_len = r.count()?;
        let data = r.pos;
        if data + data_len != bytes.len() {
            return Err(format!("{BROKEN}: wrong length"));
        }
        for (i, offset, len) in index {
            if offset.checked_add(len).is_none_or(|e| e > data_len) {
                return Err(format!("{BROKEN}: a tile is out of range"));
            }
            tiles[i] = Some((data + offset, data + offset + len));
        }
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

    /// The layers of every tile that meets `area`: countries (cut at tile edges, one area per
    /// country, sorted by code), borders, admin-1 lines, whole lakes, places and rivers.
    ///
    /// ```
    /// let world = chronomap::input::world::World::parse(chronomap::bundled::basemap_bytes::WORLD).unwrap();
    /// let baltic = world.query((20.0, 54.0, 30.0, 60.0)).unwrap();
    /// assert!(baltic.countries.iter().any(|c| c.name == "Latvia"));
    /// assert!(baltic.places.iter().any(|p| p.name == "Riga"));
    /// ```
    pub fn query(&self, area: LonLatBox) -> Result<Basemap, String> {
        let (west, south, east, north) = area;
        let tile = self.tile_deg;
        let col = |lon: f64| {
            (((lon.clamp(-180.0, 180.0) + 180.0) / tile).floor() as usize).min(self.columns - 1)
        };
        let row = |lat: f64| {
            (((lat.clamp(-90.0, 90.0) + 90.0) / tile).floor() as usize).min(self.rows - 1)
        };
        let mut parts: Vec<Vec<Vec<LonLatLine>>> = vec![Vec::new(); self.countries.len()];
        let mut out = Basemap::default();
        let mut lake_ids = Vec::new();
        for r in row(south)..=row(north) {
            for c in col(west)..=col(east) {
                let Some((start, end)) = self.tiles[r * self.columns + c] else {
                    continue;
                };
                let mut rd = Reader {
                    bytes: self.bytes,
                    pos: start,
                    end,
                };
                for _ in 0..rd.count()? {
                    let i = rd.varint()? as usize;
                    let slot = parts
                        .get_mut(i)
                        .ok_or_else(|| format!("{BROKEN}: unknown country"))?;
                    rd.polygons(slot, Some(&area))?;
                }
                rd.lines(&mut out.borders, Some(&area))?;
                rd.lines(&mut out.admin1, Some(&area))?;
                for _ in 0..rd.count()? {
                    lake_ids.push(rd.varint()? as usize);
                }
                for _ in 0..rd.count()? {
                    let (lon, lat) = rd.coordinate(&mut (0, 0))?;
                    let population = rd.varint()?;
                    let flags = rd.varint()?;
                    let name = rd.string()?;
                    if (west..=east).contains(&lon) && (south..=north).contains(&lat) {
                        out.places.push(Place {
                            name,
                            names: Vec::new(),
                            lon,
                            lat,
                            population,
                            capital: flags & 1 == 1,
                        });
                    }
                }
                for _ in 0..rd.count()? {
                    let name = rd.string()?;
                    let line = rd.line()?;
                    if meets(&line, &area) {
                        out.rivers.push(River { name, line });
                    }
                }
            }
        }
        for (info, polygons) in self.countries.iter().zip(parts) {
            if !polygons.is_empty() {
                out.countries.push(Area {
                    name: info.name.clone(),
                    // Stored as ("name_ru", …); areas name the language alone.
                    names: info
                        .names
                        .iter()
                        .map(|(k, v)| (k.strip_prefix("name_").unwrap_or(k).to_string(), v.clone()))
                        .collect(),
                    code: info.code.clone(),
                    label_point: Some(info.label),
                    polygons,
                });
            }
        }
        out.countries
            .sort_by(|a, b| a.code.cmp(&b.code).then(a.name.cmp(&b.name)));
        lake_ids.sort_unstable();
        lake_ids.dedup();
        for id in lake_ids {
            let offset = *self
                .lakes
                .get(id)
                .ok_or_else(|| format!("{BROKEN}: unknown lake"))?;
            let mut rd = Reader {
                bytes: self.bytes,
                pos: self.lake_data.0 + offset,
                end: self.lake_data.1,
            };
            let name = rd.string()?;
            let mut polygons = Vec::new();
            rd.polygons(&mut polygons, None)?;
            out.lakes.push(Area {
                name,
                names: Vec::new(),
                code: String::new(),
                label_point: None,
                polygons,
            });
        }
        out.cut_every = Some(tile);
        Ok(out)
    }
}
