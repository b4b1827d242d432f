//! The basemap: every layer a map draws under the sites, in longitude/latitude, and where
//! more of it can be read (the tiled world file).

use super::basemap_features::{Area, LonLatLine, Place, River};
use super::world::World;

/// Every basemap layer, in geographic coordinates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Basemap {
    /// Country polygons at full detail.
    pub countries: Vec<Area>,
    /// International borders.
    pub borders: Vec<LonLatLine>,
    /// First-level internal boundaries.
    pub admin1: Vec<LonLatLine>,
    /// Lakes and reservoirs.
    pub lakes: Vec<Area>,
    /// Towns and cities.
    pub places: Vec<Place>,
    /// Coarse country outlines for the inset locator map.
    pub locator: Vec<Area>,
    /// Rivers (only in the world basemap).
    pub rivers: Vec<River>,
    /// The tiled world basemap: when set, the layers above are read from it for the area a
    /// map shows (and the in-memory layers are added to them).
    pub world: Option<&'static World>,
    /// The tile size, in degrees, when the polygons were cut at tile edges (lines on those
    /// meridians and parallels are then no real outlines).
    pub cut_every: Option<f64>,
    /// Other-language names for places the world tiles name in English only, keyed by the
    /// English name (the bundled basemap's regional places carry `name_ru`).
    pub place_names: Option<&'static PlaceNames>,
}

/// Place names in other languages, keyed by the English name: `(code, name)` pairs.
pub type PlaceNames = std::collections::HashMap<String, Vec<(String, String)>>;

impl Basemap {
    /// The basemap with every country, lake, place and locator name in `langs` (see
    /// [`crate::lang::Languages::name`]); names without a translation stay English.
    pub fn localized(&self, langs: &crate::lang::Languages) -> Basemap {
        let areas = |list: &[Area]| -> Vec<Area> {
            list.iter()
                .map(|a| Area {
                    name: langs.name(&a.name, &a.names),
                    ..a.clone()
                })
                .collect()
        };
        Basemap {
            countries: areas(&self.countries),
            lakes: areas(&self.lakes),
            locator: areas(&self.locator),
            places: self
                .places
                .iter()
                .map(|p| Place {
                    name: langs.name(&p.name, &p.names),
                    ..p.clone()
                })
                .collect(),
            rivers: self
                .rivers
                .iter()
                .map(|r| River {
                    name: langs.name(&r.name, &r.names),
                    ..r.clone()
                })
                .collect(),
            ..self.clone()
        }
    }
}
