//! Parsing bytes into raw records that remember where in their file they came from.
//!
//! Nothing here opens a file: every reader takes `impl Read` and a display name.

mod basemap_features;
mod basemap_layers;
pub mod basemap_reader;
mod csv_reader;
mod events;
mod gpkg;
mod limits;
pub mod metadata;
mod sites;
mod sources;
pub mod toml_text;
pub mod world;
mod world_query;

pub use basemap_features::{Area, LonLatLine, Place, River};
pub use basemap_layers::{Basemap, PlaceNames};
pub use csv_reader::{CsvRow, CsvTable};
pub use events::{RawEvent, RawEvents, read_events};
pub use gpkg::{GeoPackageTables, gpkg_point, read_geopackage, read_geopackage_metadata};
pub use limits::{
    MAX_ERRORS_PER_FILE, MAX_INPUT_BYTES, MAX_METADATA_BYTES, read_all_limited,
    read_all_limited_sized,
};
pub use sites::{AltNames, Property, RawProperties, RawSite, read_sites};
pub use sources::{RawSource, RawSources, read_sources};

/// A text value with the column (1-based) it was read from, borrowed from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell<'a> {
    /// The text, trimmed of surrounding spaces.
    pub text: &'a str,
    /// The 1-based column in the CSV row.
    pub column: u64,
}
