//! Reading a dataset from a GeoPackage: the `sites`, `events` and `sources` tables that
//! `chronomap export` writes, as a user may have edited them in QGIS.
//!
//! Only the input fields are read (sites: `id, name, alt_names, country, operator, kind,
//! precision, position_source` and the point; events: `id, site_id, date, kind, status,
//! summary, source_ids, disputes`; sources: `id, title, publisher, published, url`); derived
//! columns such as `start_date` or `year` are ignored, and an event's geometry is never
//! read. The rows are turned into the very text the folder readers parse (a GeoJSON
//! FeatureCollection and two CSV tables), so that the same checks apply with the same
//! messages; [`GeoPackageTables::relocate`] then points each message at its table, row and
//! column instead of a line of a file that never existed.
//!
//! Nothing here opens a file: the database arrives as bytes through `impl Read`.

use super::limits::MAX_INPUT_BYTES;
use super::metadata::DatasetMetadata;
use crate::diagnostic::{Diagnostic, Location};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// The site columns read, in the order of the properties of `sites.geojson`.
const SITE_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "alt_names",
    "name_en",
    "name_ru",
    "name_ky",
    "country",
    "operator",
    "kind",
    "precision",
    "position_source",
];
/// The event columns read, in the order of the columns of `events.csv`.
pub const EVENT_COLUMNS: [&str; 8] = [
    "id",
    "site_id",
    "date",
    "kind",
    "status",
    "summary",
    "source_ids",
    "disputes",
];
/// The names of the same columns in `events.csv`.
const EVENT_CSV_COLUMNS: [&str; 8] = [
    "id", "site", "date", "kind", "status", "summary", "sources", "disputes",
];
/// The source columns read, in the order of the columns of `sources.csv`.
pub const SOURCE_COLUMNS: [&str; 5] = ["id", "title", "publisher", "published", "url"];
/// Columns that may be absent from a table (as they may be from the files).
const OPTIONAL_COLUMNS: [&str; 6] = [
    "alt_names",
    "name_en",
    "name_ru",
    "name_ky",
    "disputes",
    "url",
];

/// A row as the messages name it: its primary key (`fid`, as QGIS shows it) and its `id`.
#[derive(Debug, Clone)]
struct RowName {
    fid: i64,
    id: Option<String>,
}

/// The dataset's tables, as the text the folder readers parse, with what it takes to point
/// their messages back at the tables.
#[derive(Debug, Clone)]
pub struct GeoPackageTables {
    file: String,
    names: [String; 3],
    /// The `sites` table as a GeoJSON FeatureCollection, one feature per row, in `fid` order.
    pub sites: Vec<u8>,
    /// The `events` table as the CSV text of `events.csv`, in `fid` order.
    pub events: Vec<u8>,
    /// The `sources` table as the CSV text of `sources.csv`, in `fid` order.
    pub sources: Vec<u8>,
    site_rows: Vec<RowName>,
    /// Sites whose geometry was reported here already (not a point, unreadable).
    bad_geometry: HashSet<usize>,
    event_rows: Vec<RowName>,
    event_lines: HashMap<u64, usize>,
    source_rows: Vec<RowName>,
    source_lines: HashMap<u64, usize>,
    /// Problems found while reading the rows (binary values, bad geometries).
    pub problems: Vec<Diagnostic>,
}

/// The database in `reader` (`size` bytes), opened in memory, read-only.
fn open_image(reader: impl Read, size: u64, file: &str) -> Result<Connection, Vec<Diagnostic>> {
    let whole = |message: String| vec![Diagnostic::error(file, Location::File, message)];
    if size > MAX_INPUT_BYTES {
        return Err(whole(format!(
            "is larger than the limit of {} MiB",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let not_gpkg = |e: rusqlite::Error| {
        whole(format!(
            "is not a GeoPackage ({e}); `chronomap export` writes one, chronomap.gpkg"
        ))
    };
    let mut conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_gpkg)?;
    let size = usize::try_from(size).map_err(|_| whole("is too large".to_string()))?;
    // A database in WAL mode (as QGIS leaves one) says so in bytes 18 and 19 of its header;
    // this copy is whole and in memory, so it is read as a plain one.
    let mut reader = reader;
    let mut header = vec![0u8; size.min(100)];
    reader
        .read_exact(&mut header)
        .map_err(|e| whole(format!("could not be read: {e}")))?;
    if header.len() == 100 && header[18] == 2 && header[19] == 2 {
        header[18] = 1;
        header[19] = 1;
    }
    conn.deserialize_read_exact("main", (&header[..]).chain(reader), size, true)
        .map_err(not_gpkg)?;
    Ok(conn)
}

/// Reads the dataset tables from the GeoPackage in `reader` (`size` bytes). `file` names it
/// in messages. A database that cannot be read, or lacks a table or column, is an error
/// naming the table and column.
///
/// ```
/// use chronomap::input::read_geopackage;
/// let err = read_geopackage(&b"not a database"[..], 14, "x.gpkg").unwrap_err();
/// assert!(err[0].to_string().starts_with("error: x.gpkg: is not a GeoPackage"));
/// ```
pub fn read_geopackage(
    reader: impl Read,
    size: u64,
    file: &str,
) -> Result<GeoPackageTables, Vec<Diagnostic>> {
    let whole = |message: String| vec![Diagnostic::error(file, Location::File, message)];
    let not_gpkg = |e: rusqlite::Error| {
        whole(format!(
            "is not a GeoPackage ({e}); `chronomap export` writes one, chronomap.gpkg"
        ))
    };
    let conn = open_image(reader, size, file)?;
    let tables: HashSet<String> = {
        let mut q = conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
            .map_err(not_gpkg)?;
        q.query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(not_gpkg)?
    };
    let mut t = GeoPackageTables {
        file: file.to_string(),
        names: [
            format!("{file}\u{0}sites"),
            format!("{file}\u{0}events"),
            format!("{file}\u{0}sources"),
        ],
        sites: Vec::new(),
        events: Vec::new(),
        sources: Vec::new(),
        site_rows: Vec::new(),
        bad_geometry: HashSet::new(),
        event_rows: Vec::new(),
        event_lines: HashMap::new(),
        source_rows: Vec::new(),
        source_lines: HashMap::new(),
        problems: Vec::new(),
    };
    let mut errors = Vec::new();
    let sites = select(&conn, &tables, file, "sites", &SITE_COLUMNS, &mut errors);
    let events = select(&conn, &tables, file, "events", &EVENT_COLUMNS, &mut errors);
    let sources = select(
        &conn,
        &tables,
        file,
        "sources",
        &SOURCE_COLUMNS,
        &mut errors,
    );
    let (Some(sites), Some(events), Some(sources)) = (sites, events, sources) else {
        return Err(errors);
    };
    let geometry = geometry_column(&conn).unwrap_or_else(|| "geom".to_string());
    t.read_sites(&conn, file, &sites, &geometry)?;
    let e = csv_text(
        &conn,
        file,
        ("events", &EVENT_COLUMNS),
        &events,
        &EVENT_CSV_COLUMNS,
        &mut t.problems,
    )?;
    (t.events, t.event_rows, t.event_lines) = (e.text, e.rows, e.lines);
    let s = csv_text(
        &conn,
        file,
        ("sources", &SOURCE_COLUMNS),
        &sources,
        &SOURCE_COLUMNS,
        &mut t.problems,
    )?;
    (t.sources, t.source_rows, t.source_lines) = (s.text, s.rows, s.lines);
    Ok(t)
}

/// Reads the dataset's metadata (title, subtitle, credit) from the `dataset_metadata` table
/// of the GeoPackage in `reader`; a GeoPackage without one has none.
///
/// ```
/// use chronomap::input::read_geopackage_metadata;
/// assert!(read_geopackage_metadata(&b"not a database"[..], 14, "x.gpkg").is_err());
/// ```
pub fn read_geopackage_metadata(
    reader: impl Read,
    size: u64,
    file: &str,
) -> Result<DatasetMetadata, Box<Diagnostic>> {
    let first = |mut d: Vec<Diagnostic>| Box::new(d.remove(0));
    let conn = open_image(reader, size, file).map_err(first)?;
    let at = |row: Option<i64>| Location::Table {
        table: "dataset_metadata".to_string(),
        row,
        id: None,
        column: None,
    };
    let exists = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE name = 'dataset_metadata'",
            [],
            |_| Ok(()),
        )
        .optional()
        .map_err(|e| {
            Box::new(Diagnostic::error(
                file,
                Location::File,
                format!("is not a GeoPackage ({e}); `chronomap export` writes one, chronomap.gpkg"),
            ))
        })?
        .is_some();
    let mut meta = DatasetMetadata::default();
    if !exists {
        return Ok(meta);
    }
    let fail = |e: rusqlite::Error| {
        Box::new(Diagnostic::error(
            file,
            at(None),
            format!("could not be read: {e}"),
        ))
    };
    let mut q = conn
        .prepare("SELECT rowid, key, value FROM dataset_metadata ORDER BY rowid")
        .map_err(fail)?;
    let mut rows = q.query([]).map_err(fail)?;
    while let Some(row) = rows.next().map_err(fail)? {
        let fid: i64 = row.get(0).map_err(fail)?;
        let key: Option<String> = row.get(1).ok().flatten();
        let value: Option<String> = row.get(2).ok().flatten();
        let slot = match key.as_deref() {
            Some("title") => &mut meta.title,
            Some("subtitle") => &mut meta.subtitle,
            Some("credit") => &mut meta.credit,
            other => {
                return Err(Box::new(
                    Diagnostic::error(file, at(Some(fid)), "is not a known key")
                        .field("key", other.unwrap_or_default())
                        .hint("the keys are title, subtitle and credit"),
                ));
            }
        };
        *slot = value;
    }
    Ok(meta)
}

/// The `SELECT` of a table's input columns (`NULL` for an absent optional one), led by its
/// row id, or `None` with the problem reported when the table or a column is missing.
fn select(
    conn: &Connection,
    tables: &HashSet<String>,
    file: &str,
    table: &'static str,
    columns: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let here = |column: Option<&str>| Location::Table {
        table: table.to_string(),
        row: None,
        id: None,
        column: column.map(str::to_string),
    };
    if !tables.contains(table) {
        errors.push(
            Diagnostic::error(file, here(None), "the table is missing").hint(
                "chronomap reads the sites, events and sources tables that `chronomap export` writes",
            ),
        );
        return None;
    }
    let present: HashSet<String> = conn
        .prepare(&format!("PRAGMA table_info({})", quote(table)))
        .and_then(|mut q| {
            q.query_map([], |r| r.get::<_, String>(1))
                .and_then(|rows| rows.collect())
        })
        .unwrap_or_default();
    let mut list = vec!["rowid".to_string()];
    let before = errors.len();
    for &c in columns {
        if present.contains(c) {
            list.push(quote(c));
        } else if OPTIONAL_COLUMNS.contains(&c) {
            list.push("NULL".to_string());
        } else {
            errors.push(Diagnostic::error(
                file,
                here(Some(c)),
                "the column is missing",
            ));
        }
    }
    (errors.len() == before).then(|| format!("SELECT {} FROM {}", list.join(", "), quote(table)))
}

/// Double-quotes an SQL identifier.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The geometry column of `sites`, as `gpkg_geometry_columns` names it.
fn geometry_column(conn: &Connection) -> Option<String> {
    conn.query_row(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'sites'",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// A database error while reading `table`.
fn query_failed(file: &str, table: &str, e: rusqlite::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        file,
        Location::Table {
            table: table.to_string(),
            row: None,
            id: None,
            column: None,
        },
        format!("could not be read: {e}"),
    )]
}

/// A cell as text: `None` for NULL, numbers as written; binary data is reported.
fn cell_text(
    value: ValueRef<'_>,
    file: &str,
    at: &dyn Fn() -> Location,
    column: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(r.to_string()),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Some(s.to_string()),
            Err(_) => {
                problems.push(Diagnostic::error(file, at(), "is not UTF-8 text").in_field(column));
                Some(String::new())
            }
        },
        ValueRef::Blob(_) => {
            problems.push(
                Diagnostic::error(file, at(), "holds binary data, not text").in_field(column),
            );
            Some(String::new())
        }
    }
}

/// The query of the sites table: its `select` with the geometry column (or NULL) after the
/// rowid, in row order.
fn sites_sql(select: &str, geometry: &str) -> String {
    let geometry = if geometry.is_empty() {
        "NULL".to_string()
    } else {
        quote(geometry)
    };
    let sql = select.replacen("rowid,", &format!("rowid, {geometry},"), 1);
    format!("{sql} ORDER BY rowid")
}

/// The site properties of a row, as GeoJSON properties (`alt_names` split at `;` into a
/// list); cells that are not text are reported.
fn site_properties(
    row: &rusqlite::Row<'_>,
    file: &str,
    at: &dyn Fn() -> Location,
    problems: &mut Vec<Diagnostic>,
) -> Result<serde_json::Map<String, serde_json::Value>, rusqlite::Error> {
    let mut properties = serde_json::Map::new();
    for (k, name) in SITE_COLUMNS.iter().enumerate().skip(1) {
        let Some(value) = cell_text(row.get_ref(k + 2)?, file, at, name, problems) else {
            continue;
        };
        let value = if *name == "alt_names" {
            serde_json::Value::Array(
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| serde_json::Value::String(n.to_string()))
                    .collect(),
            )
        } else {
            serde_json::Value::String(value)
        };
        properties.insert((*name).to_string(), value);
    }
    Ok(properties)
}

impl GeoPackageTables {
    /// The names under which the three tables are handed to the folder readers (sites,
    /// events, sources); [`relocate`](Self::relocate) turns them back into the file.
    pub fn names(&self) -> [&str; 3] {
        [&self.names[0], &self.names[1], &self.names[2]]
    }

    /// Reads the sites table (its `select`, with the point in column `geometry`) as the
    /// GeoJSON text the sites reader takes: one feature per row, in row order.
    fn read_sites(
        &mut self,
        conn: &Connection,
        file: &str,
        select: &str,
        geometry: &str,
    ) -> Result<(), Vec<Diagnostic>> {
        let fail = |e| query_failed(file, "sites", e);
        let mut q = conn.prepare(&sites_sql(select, geometry)).map_err(fail)?;
        let mut rows = q.query([]).map_err(fail)?;
        let mut features = Vec::new();
        while let Some(row) = rows.next().map_err(fail)? {
            let feature = self
                .site_feature(row, file, geometry, features.len())
                .map_err(fail)?;
            features.push(feature);
        }
        let collection = serde_json::json!({"type": "FeatureCollection", "features": features});
        self.sites = serde_json::to_vec(&collection).unwrap_or_default();
        Ok(())
    }

    /// One row of the sites table as feature `index`, remembering the row's fid and id.
    fn site_feature(
        &mut self,
        row: &rusqlite::Row<'_>,
        file: &str,
        geometry: &str,
        index: usize,
    ) -> Result<serde_json::Value, rusqlite::Error> {
        let fid: i64 = row.get(0)?;
        let id = match row.get_ref(2)? {
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(i) => Some(i.to_string()),
            _ => None,
        };
        let at = || Location::Table {
            table: "sites".to_string(),
            row: Some(fid),
            id: id.clone(),
            column: None,
        };
        let geom = self.site_geometry(row.get_ref(1)?, file, &at, geometry, index);
        let properties = site_properties(row, file, &at, &mut self.problems)?;
        let mut feature = serde_json::Map::new();
        feature.insert("type".into(), "Feature".into());
        if let Some(id) = &id {
            feature.insert("id".into(), id.clone().into());
        }
        feature.insert("geometry".into(), geom);
        feature.insert("properties".into(), properties.into());
        self.site_rows.push(RowName { fid, id });
        Ok(serde_json::Value::Object(feature))
    }

    /// The GeoJSON point of a geometry cell; a cell that is not a point is reported (and
    /// feature `index` marked), and gives `null`.
    fn site_geometry(
        &mut self,
        value: ValueRef<'_>,
        file: &str,
        at: &dyn Fn() -> Location,
        geometry: &str,
        index: usize,
    ) -> serde_json::Value {
        let problem = match value {
            ValueRef::Null => return serde_json::Value::Null,
            ValueRef::Blob(b) => match gpkg_point(b) {
                Ok((lon, lat)) => {
                    return serde_json::json!({"type": "Point", "coordinates": [lon, lat]});
                }
                Err(why) => Diagnostic::error(file, at(), why.to_string())
                    .in_field(geometry)
                    .hint("give each site one point"),
            },
            _ => Diagnostic::error(file, at(), "is not a GeoPackage geometry").in_field(geometry),
        };
        self.problems.push(problem);
        self.bad_geometry.insert(index);
        serde_json::Value::Null
    }

    /// Points a message about the text made from the tables at the table, row and column
    /// it is about; other messages pass unchanged. Returns `None` for a message that
    /// repeats a problem already in [`problems`](Self::problems).
    pub fn relocate(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        let Some(table) = self.names.iter().position(|n| *n == d.file) else {
            return Some(d);
        };
        let (name, rows, columns): (&str, &[RowName], &[&str]) = match table {
            0 => ("sites", &self.site_rows, &SITE_COLUMNS),
            1 => ("events", &self.event_rows, &EVENT_COLUMNS),
            _ => ("sources", &self.source_rows, &SOURCE_COLUMNS),
        };
        let row = match &d.location {
            Location::Feature { index, .. } => {
                if self.bad_geometry.contains(index) && d.message == "has no geometry" {
                    return None;
                }
                Some(*index)
            }
            Location::Line { line, .. } => {
                let lines = if table == 1 {
                    &self.event_lines
                } else {
                    &self.source_lines
                };
                lines.get(line).copied()
            }
            _ => None,
        };
        let mut column = match &d.location {
            Location::Line {
                column: Some(c), ..
            } => usize::try_from(*c)
                .ok()
                .and_then(|c| columns.get(c.wrapping_sub(1)))
                .map(|c| (*c).to_string()),
            _ => None,
        };
        // The names of the files' fields become those of the table's columns.
        let rename = |f: &str| -> String {
            match (table, f) {
                (0, "geometry" | "coordinates") => "geom".to_string(),
                (1, "site") => "site_id".to_string(),
                (1, "sources") => "source_ids".to_string(),
                _ => f.to_string(),
            }
        };
        if let Some(f) = d.field.take() {
            d.field = Some(rename(&f));
            column = None;
        }
        if let Some(key) = d
            .message
            .strip_prefix("property \"")
            .and_then(|m| m.strip_suffix("\" is missing"))
        {
            d.field = Some(key.to_string());
            d.message = "is empty (NULL)".to_string();
        }
        if table == 0 && (d.message == "has no geometry" || d.field.as_deref() == Some("geom")) {
            d.hint = Some("give each site one point: in QGIS, edit the sites layer".into());
        }
        // Messages about references name the other files; here they are tables.
        d.message = as_tables(&d.message);
        d.hint = d.hint.as_deref().map(as_tables);
        let named = row.and_then(|r| rows.get(r));
        d.file.clone_from(&self.file);
        d.location = Location::Table {
            table: name.to_string(),
            row: named.map(|r| r.fid),
            id: named.and_then(|r| r.id.clone()),
            column,
        };
        Some(d)
    }
}

/// `text` with the names of the dataset's files replaced by those of the tables.
fn as_tables(text: &str) -> String {
    text.replace("sites.geojson", "table sites")
        .replace("events.csv", "table events")
        .replace("sources.csv", "table sources")
}

/// A table as CSV text, with the rows' names and the line each row starts on.
struct CsvText {
    text: Vec<u8>,
    rows: Vec<RowName>,
    lines: HashMap<u64, usize>,
}

/// The events or sources table (its name and input columns) as CSV text with the header the
/// folder reader expects (`header`, the same columns as `events.csv` names them): every
/// cell quoted, so any text survives. Returns the text, the rows' names, and the line each
/// row starts on (1-based; the header is line 1).
fn csv_text(
    conn: &Connection,
    file: &str,
    (table, columns): (&'static str, &[&str]),
    select: &str,
    header: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Result<CsvText, Vec<Diagnostic>> {
    let fail = |e| query_failed(file, table, e);
    let mut q = conn
        .prepare(&format!("{select} ORDER BY rowid"))
        .map_err(fail)?;
    let mut rows = q.query([]).map_err(fail)?;
    let mut text = header.join(",").into_bytes();
    text.push(b'\n');
    let mut names = Vec::new();
    let mut lines = HashMap::new();
    let mut line = 2u64;
    while let Some(row) = rows.next().map_err(fail)? {
        let fid: i64 = row.get(0).map_err(fail)?;
        let id = match row.get_ref(1).map_err(fail)? {
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(i) => Some(i.to_string()),
            _ => None,
        };
        let at = || Location::Table {
            table: table.to_string(),
            row: Some(fid),
            id: id.clone(),
            column: None,
        };
        lines.insert(line, names.len());
        for (k, column) in columns.iter().enumerate() {
            if k > 0 {
                text.push(b',');
            }
            let value = cell_text(
                row.get_ref(k + 1).map_err(fail)?,
                file,
                &at,
                column,
                problems,
            )
            .unwrap_or_default();
            text.push(b'"');
            text.extend_from_slice(value.replace('"', "\"\"").as_bytes());
            text.push(b'"');
            line += value.bytes().filter(|&b| b == b'\n').count() as u64;
        }
        text.push(b'\n');
        line += 1;
        names.push(RowName { fid, id });
    }
    Ok(CsvText {
        text,
        rows: names,
        lines,
    })
}

/// Why a sites geometry cell is not the point it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotAPoint {
    /// Not a GeoPackage geometry blob at all.
    #[error("is not a valid GeoPackage geometry")]
    Invalid,
    /// A geometry flagged empty.
    #[error("is an empty geometry")]
    EmptyGeometry,
    /// Another kind of geometry, named (`a LineString`…).
    #[error("is {0}, but sites must be Points")]
    OtherKind(&'static str),
    /// A point without coordinates.
    #[error("is an empty point")]
    EmptyPoint,
}

/// The longitude and latitude of a GeoPackage geometry blob holding a point (GeoPackage
/// 1.x binary header, any envelope, either byte order, then WKB; Z and M are ignored).
///
/// ```
/// use chronomap::{export::gpkg_point, input::gpkg_point as read};
/// assert_eq!(read(&gpkg_point(74.5, 42.25)), Ok((74.5, 42.25)));
/// assert!(read(b"GP").is_err());
/// ```
pub fn gpkg_point(blob: &[u8]) -> Result<(f64, f64), NotAPoint> {
    let bad = || NotAPoint::Invalid;
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err(bad());
    }
    let flags = blob[3];
    if flags & 0b1_0000 != 0 {
        return Err(NotAPoint::EmptyGeometry);
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err(bad()),
    };
    let wkb = blob.get(8 + envelope..).ok_or_else(bad)?;
    let little = match wkb.first() {
        Some(1) => true,
        Some(0) => false,
        _ => return Err(bad()),
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = wkb.get(i..i + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let f64_at = |i: usize| -> Option<f64> {
        let b: [u8; 8] = wkb.get(i..i + 8)?.try_into().ok()?;
        Some(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    };
    let kind = u32_at(1).ok_or_else(bad)?;
    // ISO WKB adds 1000, 2000 or 3000 for Z, M, ZM; EWKB sets high bits.
    let base = (kind & 0x0FFF_FFFF) % 1000;
    if base != 1 {
        let name = match base {
            2 => "a LineString",
            3 => "a Polygon",
            4 => "a MultiPoint",
            5 => "a MultiLineString",
            6 => "a MultiPolygon",
            7 => "a GeometryCollection",
            _ => "not a point",
        };
        return Err(NotAPoint::OtherKind(name));
    }
    let (lon, lat) = (f64_at(5).ok_or_else(bad)?, f64_at(13).ok_or_else(bad)?);
    if lon.is_nan() && lat.is_nan() {
        return Err(NotAPoint::EmptyPoint);
    }
    Ok((lon, lat))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point as GDAL writes one: no envelope (flags 0x01), then WKB in `order`.
    fn gdal_point(lon: f64, lat: f64, big_endian: bool, kind: u32) -> Vec<u8> {
        let mut b = b"GP\x00\x01".to_vec();
        b.extend_from_slice(&4326i32.to_le_bytes());
        if big_endian {
            b.push(0);
            b.extend_from_slice(&kind.to_be_bytes());
            b.extend_from_slice(&lon.to_be_bytes());
            b.extend_from_slice(&lat.to_be_bytes());
        } else {
            b.push(1);
            b.extend_from_slice(&kind.to_le_bytes());
            b.extend_from_slice(&lon.to_le_bytes());
            b.extend_from_slice(&lat.to_le_bytes());
        }
        b
    }

    #[test]
    fn points_without_envelope_in_either_byte_order_and_with_z_are_read() {
        assert_eq!(
            gpkg_point(&gdal_point(74.5, 42.0, false, 1)),
            Ok((74.5, 42.0))
        );
        assert_eq!(
            gpkg_point(&gdal_point(74.5, 42.0, true, 1)),
            Ok((74.5, 42.0))
        );
        let mut z = gdal_point(74.5, 42.0, false, 1001);
        z.extend_from_slice(&100f64.to_le_bytes());
        assert_eq!(gpkg_point(&z), Ok((74.5, 42.0)));
    }

    #[test]
    fn other_geometries_and_broken_blobs_are_refused() {
        let line = gdal_point(74.5, 42.0, false, 2);
        assert_eq!(
            gpkg_point(&line).map_err(|e| e.to_string()),
            Err("is a LineString, but sites must be Points".to_string())
        );
        assert!(gpkg_point(&gdal_point(f64::NAN, f64::NAN, false, 1)).is_err());
        assert!(gpkg_point(&line[..12]).is_err());
        assert!(gpkg_point(b"XX\x00\x01\x00\x00\x00\x00").is_err());
        let mut empty = gdal_point(1.0, 2.0, false, 1);
        empty[3] |= 0b1_0000;
        assert!(gpkg_point(&empty).is_err());
    }
}
