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

/// The basemap layers as shipped in `geodata/basemap/`.
pub mod basemap_bytes {
    /// Country polygons.
    pub const COUNTRIES: &[u8] = include_bytes!("../geodata/basemap/countries.geojson");
    /// International borders.
    pub const BORDERS: &[u8] = include_bytes!("../geodata/basemap/borders.geojson");
    /// Admin-1 lines.
    pub const ADMIN1: &[u8] = include_bytes!("../geodata/basemap/admin1_lines.geojson");
    /// Lakes.
    pub const LAKES: &[u8] = include_bytes!("../geodata/basemap/lakes.geojson");
    /// Places.
    pub const PLACES: &[u8] = include_bytes!("../geodata/basemap/places.geojson");
    /// Locator countries.
    pub const LOCATOR: &[u8] = include_bytes!("../geodata/basemap/locator_countries.geojson");
}

/// The bundled basemap files, ready for [`crate::input::basemap::read_basemap`].
pub fn basemap_files() -> crate::input::basemap::BasemapFiles<&'static [u8]> {
    use basemap_bytes::*;
    let named =
        |file: &str, bytes: &'static [u8]| (format!("(bundled) geodata/basemap/{file}"), bytes);
    crate::input::basemap::BasemapFiles {
        countries: named("countries.geojson", COUNTRIES),
        borders: named("borders.geojson", BORDERS),
        admin1: named("admin1_lines.geojson", ADMIN1),
        lakes: named("lakes.geojson", LAKES),
        places: named("places.geojson", PLACES),
        locator: named("locator_countries.geojson", LOCATOR),
    }
}

/// The bundled basemap, parsed once per process.
///
/// ```
/// assert_eq!(chronomap::bundled::basemap().countries.len(), 9);
/// ```
pub fn basemap() -> &'static crate::input::basemap::Basemap {
    static BASEMAP: std::sync::OnceLock<crate::input::basemap::Basemap> =
        std::sync::OnceLock::new();
    BASEMAP.get_or_init(|| {
        // The shipped files are checked by the tests; an error here would be a build defect,
        // so fall back to an empty basemap rather than stopping the run.
        crate::input::basemap::read_basemap(basemap_files()).unwrap_or_default()
    })
}
