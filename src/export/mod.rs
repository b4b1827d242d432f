//! GIS files from the model and the timeline (GeoJSON, QGIS styles, GeoPackage, KML, CSV), built as bytes; this module never touches the file system.
//!
//! Three layers ([`sites_layer`], [`events_layer`], [`periods_layer`]) build their rows on
//! demand and each format writes them, streaming. [`export_to`] hands every file with its
//! fixed name to an [`ExportSink`]: the command layer's writes them to disk, and
//! [`export_files`] keeps them in memory.

mod bundle;
mod csv_rows;
mod error;
mod events_layer;
mod field_text;
mod geojson;
mod gpkg;
mod gpkg_geometry;
mod kml;
mod layer;
mod periods_layer;
mod qml;
mod rows;
mod sites_layer;
mod xml;

pub use crate::escape::{escape_html, json_string};
pub use bundle::{
    EXPORT_FILE_NAMES, ExportFile, ExportSink, ExportSummary, default_status_day, export_files,
    export_to, export_to_styled,
};
pub use csv_rows::{csv_table, neutralize_formula, write_csv_table};
pub use error::{ExportCause, ExportError};
pub use events_layer::{EVENT_FIELDS, dispute_partners, events_layer};
pub use field_text::round_coordinate;
pub use geojson::{geojson, write_geojson};
pub use gpkg::{
    GEOMETRY_COLUMN, GPKG_APPLICATION_ID, GPKG_USER_VERSION, geopackage, gpkg_timestamp,
    write_geopackage,
};
pub use gpkg_geometry::{WGS84_SRS_ID, gpkg_point};
pub use kml::{kml, kml_color, write_kml};
pub use layer::{Feature, Field, FieldType, GisLayer, Value};
pub use periods_layer::{PERIOD_FIELDS, periods_layer};
pub use qml::{
    OPERATOR_NAMES, Style, operator_shape_expression, operator_shape_expression_for, qgis_color,
    qml, qml_with, style_for, style_for_theme,
};
pub use sites_layer::{SITE_FIELDS, sites_layer};
pub use xml::{XmlWriter, escape_xml};
