//! The dataset compiled into the binary, so chronomap works from any folder.

use crate::diagnostic::Diagnostic;
use crate::model::{Dataset, DatasetFiles, Loaded};

/// `geodata/sites.geojson` as shipped.
pub const SITES: &[u8] = include_bytes!("../geodata/sites.geojson");
/// `geodata/events.csv` as shipped.
pub const EVENTS: &[u8] = include_bytes!("../geodata/events.csv");
/// `geodata/sources.csv` as shipped.
pub const SOURCES: &[u8] = include_bytes!("../geodata/sources.csv");

/// `geodata/dataset.toml` as shipped: the bundled dataset's title and credit.
pub const METADATA: &[u8] = include_bytes!("../geodata/dataset.toml");
/// The name errors give for [`METADATA`].
pub const METADATA_NAME: &str = "(bundled) geodata/dataset.toml";

/// The bundled dataset, validated.
///
/// ```
/// let loaded = chronomap::bundled::dataset().unwrap();
/// assert_eq!(loaded.dataset.sites.len(), 8);
/// ```
pub fn dataset() -> Result<Loaded, Vec<Diagnostic>> {
    Dataset::from_files(DatasetFiles {
        sites: ("(bundled) geodata/sites.geojson", Ok(SITES)),
        events: ("(bundled) geodata/events.csv", Ok(EVENTS)),
        sources: ("(bundled) geodata/sources.csv", Ok(SOURCES)),
    })
}

/// The basemap as shipped in `geodata/basemap/`.
pub mod basemap_bytes {
    /// The tiled world basemap (see `scripts/build_world_basemap.py`).
    pub const WORLD: &[u8] = include_bytes!("../geodata/basemap/world.bin");
    /// The world hillshade (see `scripts/build_relief.py` and `layout::relief`).
    pub const RELIEF: &[u8] = include_bytes!("../geodata/basemap/relief.bin");
    /// The detailed hillshade of Central Asia from the GEBCO 2023 grid (see
    /// `scripts/build_relief_detail.py` and `layout::relief`).
    pub const RELIEF_DETAIL: &[u8] = include_bytes!("../geodata/basemap/relief_detail.bin");
    /// The regional places with their Russian names, for localised maps.
    pub const PLACE_NAMES: &[u8] = include_bytes!("../geodata/basemap/regional_places.geojson");
    /// The regional lakes with their Russian names, for localised maps.
    pub const LAKE_NAMES: &[u8] = include_bytes!("../geodata/basemap/regional_lakes.geojson");
    /// Russian and Kyrgyz names of the rivers the basemap names (a point on each).
    pub const RIVER_NAMES: &[u8] = include_bytes!("../geodata/basemap/regional_rivers.geojson");
}

/// Other-language names of the bundled places and lakes, read once per process.
///
/// ```
/// let names = chronomap::bundled::place_names().unwrap();
/// assert!(names["Tashkent"].iter().any(|(code, n)| code == "ru" && n == "Ташкент"));
/// ```
pub fn place_names() -> Option<&'static crate::input::PlaceNames> {
    static NAMES: std::sync::OnceLock<Option<crate::input::PlaceNames>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            crate::input::basemap_reader::read_place_names(
                (
                    "(bundled) geodata/basemap/regional_places.geojson".to_string(),
                    basemap_bytes::PLACE_NAMES,
                ),
                (
                    "(bundled) geodata/basemap/regional_lakes.geojson".to_string(),
                    basemap_bytes::LAKE_NAMES,
                ),
                (
                    "(bundled) geodata/basemap/regional_rivers.geojson".to_string(),
                    basemap_bytes::RIVER_NAMES,
                ),
            )
            .ok()
        })
        .as_ref()
}

/// The bundled world basemap's header, read once per process.
///
/// ```
/// assert!(chronomap::bundled::world().unwrap().countries.len() > 200);
/// ```
pub fn world() -> Option<&'static crate::input::world::World> {
    static WORLD: std::sync::OnceLock<Option<crate::input::world::World>> =
        std::sync::OnceLock::new();
    // The shipped file is checked by the tests; a damaged one would be a build defect, and
    // the maps would then have no basemap rather than the run stopping.
    WORLD
        .get_or_init(|| crate::input::world::World::parse(basemap_bytes::WORLD).ok())
        .as_ref()
}

/// The bundled basemap: the world, read tile by tile for the area a map shows.
///
/// ```
/// let basemap = chronomap::bundled::basemap();
/// assert!(basemap.world.is_some() && basemap.locator.len() > 150);
/// ```
pub fn basemap() -> &'static crate::input::Basemap {
    static BASEMAP: std::sync::OnceLock<crate::input::Basemap> = std::sync::OnceLock::new();
    BASEMAP.get_or_init(|| {
        let world = world();
        crate::input::Basemap {
            locator: world.map(|w| w.locator.clone()).unwrap_or_default(),
            world,
            place_names: place_names(),
            ..Default::default()
        }
    })
}
