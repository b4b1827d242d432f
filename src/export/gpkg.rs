//! The GeoPackage: every layer as a feature table, with its QGIS style in `layer_styles`.

use super::error::ExportCause;
use super::field_text::push_day;
use super::gpkg_geometry::{WGS84_SRS_ID, gpkg_point_bytes};
use super::layer::{Bounds, FieldType, GisLayer, Value};
use super::qml::qml_with;
use crate::input::metadata::DatasetMetadata;
use crate::model::{Day, Source};
use crate::theme::Theme;
use rusqlite::types::Null;
use rusqlite::{Connection, Statement, params};

/// `PRAGMA application_id` of a GeoPackage: the bytes `GPKG`.
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;
/// `PRAGMA user_version`: GeoPackage 1.3.0.
pub const GPKG_USER_VERSION: i32 = 10300;
/// The name of the geometry column of every feature table.
pub const GEOMETRY_COLUMN: &str = "geom";

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

const SCHEMA: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256),
  f_table_schema TEXT(256),
  f_table_name TEXT(256),
  f_geometry_column TEXT(256),
  styleName TEXT(30),
  styleQML TEXT,
  styleSLD TEXT,
  useAsDefault BOOLEAN,
  description TEXT,
  owner TEXT(30),
  ui TEXT(30),
  update_time DATETIME
);
";

/// The GeoPackage timestamp for a day: `YYYY-MM-DDT00:00:00.000Z`.
///
/// ```
/// use chronomap::{export::gpkg_timestamp, model::Day};
/// assert_eq!(gpkg_timestamp(Day::new(2023, 5, 8)), "2023-05-08T00:00:00.000Z");
/// assert_eq!(gpkg_timestamp(None), "1970-01-01T00:00:00.000Z");
/// ```
pub fn gpkg_timestamp(day: Option<Day>) -> String {
    match day {
        Some(d) => format!("{d}T00:00:00.000Z"),
        None => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

fn sql_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "TEXT",
        FieldType::Integer => "MEDIUMINT",
        FieldType::Boolean => "BOOLEAN",
        FieldType::Date => "DATE",
    }
}

/// Double-quotes an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Binds `value` to parameter `index` (1-based) of `insert`. Text is bound borrowed (SQLite
/// copies it), so a row costs no allocation here.
fn bind(
    insert: &mut Statement<'_>,
    index: usize,
    value: &Value,
    scratch: &mut Vec<u8>,
) -> rusqlite::Result<()> {
    match value {
        Value::Null => insert.raw_bind_parameter(index, Null),
        Value::Text(t) => insert.raw_bind_parameter(index, t.as_ref()),
        Value::Integer(i) => insert.raw_bind_parameter(index, *i),
        Value::Boolean(b) => insert.raw_bind_parameter(index, i64::from(*b)),
        Value::Date(d) => {
            scratch.clear();
            push_day(scratch, *d);
            insert.raw_bind_parameter(index, std::str::from_utf8(scratch).unwrap_or_default())
        }
    }
}

fn add_layer(
    conn: &Connection,
    layer: &GisLayer,
    stamp: &str,
    theme: &Theme,
) -> rusqlite::Result<()> {
    create_table(conn, layer)?;
    let extent = insert_features(conn, layer)?;
    register_layer(conn, layer, stamp, extent, theme)
}

/// Creates the layer's feature table: the feature id, the point, then a column per field.
fn create_table(conn: &Connection, layer: &GisLayer) -> rusqlite::Result<()> {
    let mut columns = vec![
        "\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string(),
        format!("{} POINT", ident(GEOMETRY_COLUMN)),
    ];
    columns.extend(
        layer
            .fields
            .iter()
            .map(|f| format!("{} {}", ident(f.name), sql_type(f.kind))),
    );
    conn.execute_batch(&format!(
        "CREATE TABLE {} ({});",
        ident(layer.name),
        columns.join(", ")
    ))
}

/// Inserts every feature, one prepared statement for all; returns their bounding box.
fn insert_features(
    conn: &Connection,
    layer: &GisLayer,
) -> rusqlite::Result<Option<(f64, f64, f64, f64)>> {
    let names: Vec<String> = std::iter::once(ident(GEOMETRY_COLUMN))
        .chain(layer.fields.iter().map(|f| ident(f.name)))
        .collect();
    let marks = vec!["?"; names.len()].join(", ");
    let mut insert = conn.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        ident(layer.name),
        names.join(", ")
    ))?;
    let mut extent = Bounds::default();
    let mut scratch = Vec::with_capacity(16);
    layer.for_each(|feature| {
        extent.add(feature.lon, feature.lat);
        let geometry = gpkg_point_bytes(feature.lon, feature.lat);
        insert.raw_bind_parameter(1, &geometry[..])?;
        for (n, value) in feature.values.iter().enumerate() {
            bind(&mut insert, n + 2, value, &mut scratch)?;
        }
        insert.raw_execute().map(|_| ())
    })?;
    Ok(extent.get())
}

/// Registers the layer in `gpkg_contents` (with its extent) and `gpkg_geometry_columns`,
/// and stores its QGIS style as the default in `layer_styles`.
fn register_layer(
    conn: &Connection,
    layer: &GisLayer,
    stamp: &str,
    extent: Option<(f64, f64, f64, f64)>,
    theme: &Theme,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change,
           min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            layer.name,
            layer.title,
            stamp,
            extent.map(|e| e.0),
            extent.map(|e| e.1),
            extent.map(|e| e.2),
            extent.map(|e| e.3),
            WGS84_SRS_ID
        ],
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, 'POINT', ?3, 0, 0)",
        params![layer.name, GEOMETRY_COLUMN, WGS84_SRS_ID],
    )?;
    conn.execute(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,
           f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner,
           ui, update_time) VALUES ('', '', ?1, ?2, ?1, ?3, '', 1, ?4, '', NULL, ?5)",
        params![
            layer.name,
            GEOMETRY_COLUMN,
            qml_with(layer, theme),
            "chronomap default style",
            stamp
        ],
    )?;
    Ok(())
}

/// The `sources` attribute table (no geometry): `fid`, then the columns of `sources.csv`,
/// in the dataset's order, so that a source keeps its number when the GeoPackage is read
/// back. `published` is text: a partial date (`2012`, `2012-09`) is not a `DATE`.
fn add_sources(conn: &Connection, sources: &[Source], stamp: &str) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE sources (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
         \"id\" TEXT, \"title\" TEXT, \"publisher\" TEXT, \"published\" TEXT, \"url\" TEXT);",
    )?;
    let mut insert = conn.prepare(
        "INSERT INTO sources (id, title, publisher, published, url) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in sources {
        insert.execute(params![
            s.id,
            s.title,
            s.publisher,
            s.published.to_string(),
            s.url
        ])?;
    }
    drop(insert);
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
           VALUES ('sources', 'attributes', 'sources', 'The documents the events cite (source_ids)', ?1)",
        params![stamp],
    )?;
    Ok(())
}

/// The `dataset_metadata` attribute table: one `key`, `value` row for each key of the
/// dataset's `dataset.toml` that is set (`title`, `subtitle`, `credit`), so that a map drawn
/// from the GeoPackage has the same title and credits as one drawn from the folder.
fn add_metadata(conn: &Connection, meta: &DatasetMetadata, stamp: &str) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE dataset_metadata (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
         \"key\" TEXT NOT NULL, \"value\" TEXT NOT NULL);",
    )?;
    for (key, value) in [
        ("title", &meta.title),
        ("subtitle", &meta.subtitle),
        ("credit", &meta.credit),
    ] {
        if let Some(value) = value {
            conn.execute(
                "INSERT INTO dataset_metadata (key, value) VALUES (?1, ?2)",
                params![key, value],
            )?;
        }
    }
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
           VALUES ('dataset_metadata', 'attributes', 'dataset_metadata', 'The dataset''s title, subtitle and credit line (dataset.toml)', ?1)",
        params![stamp],
    )?;
    Ok(())
}

/// Fills an empty database with the GeoPackage (see [`geopackage`]). Journal and syncing
/// are switched off: the database is built once, from nothing, and a failed build is thrown
/// away whole.
fn build(
    conn: &Connection,
    layers: &[&GisLayer],
    sources: &[Source],
    meta: &DatasetMetadata,
    stamp: &str,
    theme: &Theme,
) -> rusqlite::Result<()> {
    conn.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
    // 64 MiB of page cache: B-tree pages are written once rather than evicted and re-read.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
         PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536;",
    )?;
    conn.execute_batch("BEGIN;")?;
    conn.execute_batch(SCHEMA)?;
    conn.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined Cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', ?1, 'EPSG', ?1, ?2, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        params![WGS84_SRS_ID, WGS84_WKT],
    )?;
    for layer in layers {
        add_layer(conn, layer, stamp, theme)?;
    }
    add_sources(conn, sources, stamp)?;
    add_metadata(conn, meta, stamp)?;
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
           VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', ?1)",
        params![stamp],
    )?;
    conn.execute_batch("COMMIT;")
}

/// The layers as a GeoPackage file, built in memory and returned as bytes: one feature
/// table per layer (`fid`, `geom`, then the fields; dates as `YYYY-MM-DD` text in `DATE`
/// columns, booleans as 0/1 in `BOOLEAN` columns), WGS 84 (SRS 4326), and each layer's
/// QGIS style as the default in `layer_styles`, and the `sources` attribute table, so that
/// the file is a dataset `--data` can read back, with the dataset's metadata in
/// `dataset_metadata`. `changed` dates the content
/// (`last_change`, `update_time`) so the same data gives the same bytes; it is never the
/// clock.
///
/// ```
/// use chronomap::export::{geopackage, sites_layer};
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let sites = sites_layer(&Timeline::new(&data), None);
/// let meta = chronomap::input::metadata::DatasetMetadata::default();
/// let bytes = geopackage(&[&sites], &data.sources, &meta, None).unwrap();
/// assert!(bytes.starts_with(b"SQLite format 3\0"));
/// assert_eq!(&bytes[68..72], b"GPKG");
/// ```
pub fn geopackage(
    layers: &[&GisLayer],
    sources: &[Source],
    meta: &DatasetMetadata,
    changed: Option<Day>,
) -> Result<Vec<u8>, ExportCause> {
    let conn = Connection::open_in_memory()?;
    write_geopackage(&conn, layers, sources, meta, changed)?;
    let bytes = conn.serialize("main")?.to_vec();
    Ok(bytes)
}

/// Builds the GeoPackage of [`geopackage`] in `conn`, an empty database (in memory, or a
/// new file that is then the `.gpkg`), so that a large one need not be held in memory.
pub fn write_geopackage(
    conn: &Connection,
    layers: &[&GisLayer],
    sources: &[Source],
    meta: &DatasetMetadata,
    changed: Option<Day>,
) -> Result<(), ExportCause> {
    write_geopackage_with(conn, layers, sources, meta, changed, &Theme::default())
}

/// [`write_geopackage`] with the layer styles in `theme`'s colours and shapes.
pub fn write_geopackage_with(
    conn: &Connection,
    layers: &[&GisLayer],
    sources: &[Source],
    meta: &DatasetMetadata,
    changed: Option<Day>,
    theme: &Theme,
) -> Result<(), ExportCause> {
    Ok(build(
        conn,
        layers,
        sources,
        meta,
        &gpkg_timestamp(changed),
        theme,
    )?)
}
