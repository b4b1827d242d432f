//! Cutting the layers of one area out of the tiled world basemap: decode the tiles the
//! area meets, join each country's pieces, and add the lakes those tiles name.

use super::basemap_features::{Area, LonLatLine, Place, River};
use super::basemap_layers::Basemap;
use super::world::{LonLatBox, Reader, World, WorldDamaged, meets};

/// Each country's polygons gathered from the tiles, by the country's index.
type CountryParts = Vec<Vec<Vec<LonLatLine>>>;

impl World {
    /// The layers of every tile that meets `area`: countries (cut at tile edges, one area per
    /// country, sorted by code), borders, admin-1 lines, whole lakes, places and rivers.
    ///
    /// ```
    /// let world = chronomap::input::world::World::parse(chronomap::bundled::basemap_bytes::WORLD).unwrap();
    /// let baltic = world.query((20.0, 54.0, 30.0, 60.0)).unwrap();
    /// assert!(baltic.countries.iter().any(|c| c.name == "Latvia"));
    /// assert!(baltic.places.iter().any(|p| p.name == "Riga"));
    /// ```
    pub fn query(&self, area: LonLatBox) -> Result<Basemap, WorldDamaged> {
        let mut parts: CountryParts = vec![Vec::new(); self.countries.len()];
        let mut out = Basemap::default();
        let mut lake_ids = Vec::new();
        for tile in self.tiles_meeting(area) {
            let mut rd = Reader {
                bytes: self.bytes,
                pos: tile.0,
                end: tile.1,
            };
            read_tile(&mut rd, area, &mut parts, &mut out, &mut lake_ids)?;
        }
        self.join_countries(parts, &mut out);
        self.add_lakes(lake_ids, &mut out)?;
        out.cut_every = Some(self.tile_deg);
        Ok(out)
    }

    /// The byte ranges of the tiles present in the rows and columns that `area` spans.
    fn tiles_meeting(&self, area: LonLatBox) -> impl Iterator<Item = (usize, usize)> + '_ {
        let (west, south, east, north) = area;
        let tile = self.tile_deg;
        let col = |lon: f64| {
            (((lon.clamp(-180.0, 180.0) + 180.0) / tile).floor() as usize).min(self.columns - 1)
        };
        let row = |lat: f64| {
            (((lat.clamp(-90.0, 90.0) + 90.0) / tile).floor() as usize).min(self.rows - 1)
        };
        let (columns, first_col, last_col) = (self.columns, col(west), col(east));
        (row(south)..=row(north))
            .flat_map(move |r| (first_col..=last_col).map(move |c| r * columns + c))
            .filter_map(|i| self.tiles[i])
    }

    /// One area per country that has pieces, with its names and label point, sorted by code.
    fn join_countries(&self, parts: CountryParts, out: &mut Basemap) {
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
    }

    /// Each lake named by a tile, whole and once.
    fn add_lakes(&self, mut lake_ids: Vec<usize>, out: &mut Basemap) -> Result<(), WorldDamaged> {
        lake_ids.sort_unstable();
        lake_ids.dedup();
        for id in lake_ids {
            let offset = *self.lakes.get(id).ok_or(WorldDamaged("unknown lake"))?;
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
        Ok(())
    }
}

/// Decodes one tile: country pieces, borders, admin-1 lines, lake ids, places and rivers,
/// keeping what comes into `area`.
fn read_tile(
    rd: &mut Reader<'_>,
    area: LonLatBox,
    parts: &mut CountryParts,
    out: &mut Basemap,
    lake_ids: &mut Vec<usize>,
) -> Result<(), WorldDamaged> {
    for _ in 0..rd.count()? {
        let i = rd.varint()? as usize;
        let slot = parts.get_mut(i).ok_or(WorldDamaged("unknown country"))?;
        rd.polygons(slot, Some(&area))?;
    }
    rd.lines(&mut out.borders, Some(&area))?;
    rd.lines(&mut out.admin1, Some(&area))?;
    for _ in 0..rd.count()? {
        lake_ids.push(rd.varint()? as usize);
    }
    read_places(rd, area, &mut out.places)?;
    read_rivers(rd, area, &mut out.rivers)
}

/// A tile's places, keeping those inside `area`.
fn read_places(
    rd: &mut Reader<'_>,
    (west, south, east, north): LonLatBox,
    places: &mut Vec<Place>,
) -> Result<(), WorldDamaged> {
    for _ in 0..rd.count()? {
        let (lon, lat) = rd.coordinate(&mut (0, 0))?;
        let population = rd.varint()?;
        let flags = rd.varint()?;
        let name = rd.string()?;
        if (west..=east).contains(&lon) && (south..=north).contains(&lat) {
            places.push(Place {
                name,
                names: Vec::new(),
                lon,
                lat,
                population,
                capital: flags & 1 == 1,
            });
        }
    }
    Ok(())
}

/// A tile's rivers, keeping those that come into `area`.
fn read_rivers(
    rd: &mut Reader<'_>,
    area: LonLatBox,
    rivers: &mut Vec<River>,
) -> Result<(), WorldDamaged> {
    for _ in 0..rd.count()? {
        let name = rd.string()?;
        let line = rd.line()?;
        if meets(&line, &area) {
            rivers.push(River {
                name,
                names: Vec::new(),
                line,
            });
        }
    }
    Ok(())
}
