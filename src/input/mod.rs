//! Parsing bytes into raw records that remember where in their file they came from.
//!
//! Nothing here opens a file: the caller hands each reader the file's contents and a name
//! to use in messages. The readers take the contents in one of two forms:
//!
//! - **bytes, `&[u8]`**: the dataset readers [`read_sites`], [`read_events`] and
//!   [`read_sources`], because their records borrow from the bytes (a CSV cell is a span of
//!   the file, not a copy of it) and the sites reader parses the whole slice in one pass.
//!   The caller reads the file under the size limit first ([`read_all_limited_sized`],
//!   [`MAX_INPUT_BYTES`]). The world basemap ([`world::World::parse`]) is compiled in and
//!   takes `&'static [u8]`.
//! - **a reader, `impl Read`**: the basemap layers ([`basemap_reader`]), `dataset.toml`
//!   ([`metadata`]) and a GeoPackage ([`read_geopackage`]), which read it under their own
//!   limits.

mod basemap_features;
mod basemap_layers;
pub mod basemap_reader;
mod csv_reader;
mod events;
mod gpkg;
mod limits;
pub mod metadata;
mod site_geometry;
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
pub use gpkg::{
    EVENT_COLUMNS, GeoPackageTables, NotAPoint, SOURCE_COLUMNS, gpkg_point, read_geopackage,
    read_geopackage_metadata,
};
pub use limits::{
    MAX_ERRORS_PER_FILE, MAX_INPUT_BYTES, MAX_METADATA_BYTES, read_all_limited,
    read_all_limited_sized,
};
pub use sites::{AltNames, Property, RawProperties, RawSite, read_sites};
pub use sources::{RawSource, RawSources, SourceRows, read_sources};
pub use table_rows::{RowShape, Rows};
