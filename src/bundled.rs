//! The dataset compiled into the binary, so chronomap works from any folder.

use crate::diagnostic::Diagnostic;
use crate::model::{Dataset, DatasetFiles, Loaded};

/// `geodata/sites.geojson` as shipped.
pub const SITES: &[u8] = include_bytes!("../geodata/sites.geojson");
/// `geodata/events.csv` as shipped.
pub const EVENTS: &[u8] = include_bytes!("../geodata/events.csv");
/// `geodata/sources.csv` as shipped.
pub const SOURCES: &[u8] = include_bytes!("../geodata/sources.csv");

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
