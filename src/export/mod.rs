//! GIS files from the model and the timeline (GeoJSON, QGIS styles, GeoPackage, KML, CSV), built as bytes; this module never touches the file system.
//!
//! Three layers are built once ([`sites_layer`], [`events_layer`], [`periods_layer`]) and
//! each format writes them. [`export_files`] returns every file with its fixed name; the
//! command layer writes them.

mod bundle;
mod csv_table;
mod events_layer;
mod geojson;
mod gpkg;
mod gpkg_geometry;
mod kml;
mod layer;
mod periods_layer;
mod qml;
mod sites_layer;
mod xml;

pub use crate::escape::escape_html;
pub use bundle::{ExportError, ExportFile, ExportSummary, default_status_day, export_files};
pub use csv_table::{csv_table, neutralize_formula};
pub use events_layer::{EVENT_FIELDS, dispute_partners, events_layer};
pub use geojson::{geojson, json_string};
pub use gpkg::{
    GEOMETRY_COLUMN, GPKG_APPLICATION_ID, GPKG_USER_VERSION, geopackage, gpkg_timestamp,
};
pub use gpkg_geometry::{WGS84_SRS_ID, gpkg_point};
pub use kml::{kml, kml_color};
pub use layer::{Feature, Field, FieldType, Layer, Value, round_coordinate};
pub use periods_layer::{PERIOD_FIELDS, periods_layer};
pub use qml::{OPERATOR_NAMES, Style, operator_shape_expression, qgis_color, qml, style_for};
pub use sites_layer::{SITE_FIELDS, sites_layer};
pub use xml::{XmlWriter, escape_xml};
