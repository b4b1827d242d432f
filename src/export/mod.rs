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

pub use bundle::{default_status_day, export_files, ExportError, ExportFile, ExportSummary};
pub use csv_table::{csv_table, neutralize_formula};
pub use events_layer::{dispute_partner, events_layer, EVENT_FIELDS};
pub use geojson::{geojson, json_string};
pub use gpkg::{
    geopackage, gpkg_timestamp, GEOMETRY_COLUMN, GPKG_APPLICATION_ID, GPKG_USER_VERSION,
};
pub use gpkg_geometry::{gpkg_point, WGS84_SRS_ID};
pub use kml::{escape_html, kml, kml_color};
pub use layer::{round_coordinate, Feature, Field, FieldType, Layer, Value};
pub use periods_layer::{periods_layer, PERIOD_FIELDS};
pub use qml::{operator_shape_expression, qgis_color, qml, style_for, Style, OPERATOR_NAMES};
pub use sites_layer::{sites_layer, SITE_FIELDS};
pub use xml::{escape_xml, XmlWriter};
