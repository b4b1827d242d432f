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
mod table_rows;
pub mod toml_text;
pub mod world;
mod world_query;

pub use basemap_features::{Area, LonLatLine, Place, River};
pub use basemap_layers::{Basemap, PlaceNames};
pub use csv_reader::{Cell, CsvRow, CsvTable};
pub use events::{EventRows, RawEvent, RawEvents, read_events};
pub use gpkg::{GeoPackageTables, gpkg_point, read_geopackage, read_geopackage_metadata};
pub use limits::{
    MAX_ERRORS_PER_FILE, MAX_INPUT_BYTES, MAX_METADATA_BYTES, read_all_limited,
    read_all_limited_sized,
};
pub use sites::{AltNames, Property, RawProperties, RawSite, read_sites};
pub use sources::{RawSource, RawSources, SourceRows, read_sources};
pub use table_rows::{RowShape, Rows};
