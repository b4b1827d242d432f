//! `--data postgresql://…`: the dataset's tables copied into an in-memory SQLite database
//! shaped like the GeoPackage's, so that the GeoPackage reader checks them with the same
//! messages.

use super::target::Target;
use crate::cli::Failure;
use postgres::Transaction;
use rusqlite::types::Value as Lite;

/// The input columns of each table, as the GeoPackage reader reads them.
const TABLES: [(&str, &[&str]); 3] = [
    (
        "sites",
        &[
            "id",
            "name",
            "alt_names",
            "country",
            "operator",
            "kind",
            "precision",
            "position_source",
        ],
    ),
    ("events", &crate::input::EVENT_COLUMNS),
    ("sources", &crate::input::SOURCE_COLUMNS),
];

/// Reads the dataset's tables into an in-memory SQLite database shaped like the
/// GeoPackage's (a missing table or column stays missing there, so that the reader names
/// it), and returns its bytes.
pub fn read_tables(target: &Target) -> Result<Vec<u8>, Failure> {
    let mut client = target.connect()?;
    let fail = |e: CopyError| match e {
        CopyError::Server(e) => target.fail("the tables could not be read", &e),
        CopyError::Copy(e) => target.sqlite_fail(e),
    };
    let lite = rusqlite::Connection::open_in_memory().map_err(|e| target.sqlite_fail(e))?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| fail(e.into()))?;
    copy_tables(&mut tx, &lite, target).map_err(fail)?;
    tx.commit().map_err(|e| fail(e.into()))?;
    let bytes = lite
        .serialize("main")
        .map_err(|e| target.sqlite_fail(e))?
        .to_vec();
    Ok(bytes)
}

/// A failure while copying: of the server, or of the SQLite copy.
enum CopyError {
    Server(postgres::Error),
    Copy(rusqlite::Error),
}

impl From<postgres::Error> for CopyError {
    fn from(e: postgres::Error) -> CopyError {
        CopyError::Server(e)
    }
}

impl From<rusqlite::Error> for CopyError {
    fn from(e: rusqlite::Error) -> CopyError {
        CopyError::Copy(e)
    }
}

/// The columns of the tables chronomap reads, from the catalog: (table, column) pairs.
struct Catalog(Vec<(String, String)>);

impl Catalog {
    /// The columns of the tables, in one query of the catalog (the information_schema views
    /// take several milliseconds each).
    fn read(tx: &mut Transaction<'_>, target: &Target) -> Result<Catalog, postgres::Error> {
        let rows = tx.query(
            "SELECT c.relname::text, a.attname::text FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'p')
               AND c.relname IN ('sites', 'events', 'sources', 'event_sources', 'dataset_metadata')
               AND a.attnum > 0 AND NOT a.attisdropped",
            &[&target.schema],
        )?;
        Ok(Catalog(rows.iter().map(|r| (r.get(0), r.get(1))).collect()))
    }

    /// The columns of `table` (none when it is missing).
    fn columns_of(&self, table: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, c)| c.clone())
            .collect()
    }
}

/// Copies every table there is, then the dataset's metadata.
fn copy_tables(
    tx: &mut Transaction<'_>,
    lite: &rusqlite::Connection,
    target: &Target,
) -> Result<(), CopyError> {
    let catalog = Catalog::read(tx, target)?;
    let has_links = !catalog.columns_of("event_sources").is_empty();
    for (table, wanted) in TABLES {
        let present = catalog.columns_of(table);
        if present.is_empty() {
            continue;
        }
        let plan = TablePlan::new(table, wanted, &present, has_links, target);
        let rows = tx.query(&plan.select_sql(target), &[])?;
        plan.create(lite)?;
        plan.insert(lite, &rows)?;
    }
    if !catalog.columns_of("dataset_metadata").is_empty() {
        copy_metadata(tx, lite, target)?;
    }
    Ok(())
}

/// How one table is copied: the columns read, the expressions that read them, and whether
/// it has a feature id and a geometry.
struct TablePlan<'t> {
    table: &'t str,
    columns: Vec<&'t str>,
    select: Vec<String>,
    has_fid: bool,
    geometry: bool,
}

impl<'t> TablePlan<'t> {
    /// The wanted columns that `present` has; an events table without `source_ids` takes
    /// them from the link table when there is one.
    fn new(
        table: &'t str,
        wanted: &[&'t str],
        present: &[String],
        has_links: bool,
        target: &Target,
    ) -> TablePlan<'t> {
        let mut columns: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|c| present.iter().any(|p| p == c))
            .collect();
        let mut select: Vec<String> = columns.iter().map(|c| format!("\"{c}\"::text")).collect();
        if table == "events" && !columns.contains(&"source_ids") && has_links {
            select.push(format!(
                "(SELECT string_agg(source_id, ';' ORDER BY position) FROM {} l WHERE l.event_id = t.id)",
                target.table("event_sources")
            ));
            columns.push("source_ids");
        }
        TablePlan {
            table,
            columns,
            select,
            has_fid: present.iter().any(|p| p == "fid"),
            geometry: table == "sites" && present.iter().any(|p| p == "geom"),
        }
    }

    /// The query: the feature id, the geometry as WKB, then the columns as text, in a
    /// stable order.
    fn select_sql(&self, target: &Target) -> String {
        let key = if self.has_fid {
            "t.fid::bigint"
        } else {
            "NULL::bigint"
        };
        let geom_sql = if self.geometry {
            "ST_AsBinary(t.geom)"
        } else {
            "NULL::bytea"
        };
        let order = if self.has_fid { "t.fid" } else { "t.ctid" };
        format!(
            "SELECT {key}, {geom_sql}, {} FROM {} t ORDER BY {order}",
            self.select.join(", "),
            target.table(self.table)
        )
    }

    /// The column names of the SQLite copy, quoted.
    fn names(&self) -> Vec<String> {
        let mut names = vec!["fid".to_string()];
        if self.geometry {
            names.push("geom".to_string());
        }
        names.extend(self.columns.iter().map(|c| format!("\"{c}\"")));
        names
    }

    /// Creates the table in the SQLite copy: the feature id, the geometry, text columns.
    fn create(&self, lite: &rusqlite::Connection) -> rusqlite::Result<()> {
        let mut defs = vec!["fid INTEGER PRIMARY KEY".to_string()];
        if self.geometry {
            defs.push("geom BLOB".to_string());
        }
        defs.extend(self.columns.iter().map(|c| format!("\"{c}\" TEXT")));
        lite.execute_batch(&format!(
            "CREATE TABLE {} ({});",
            self.table,
            defs.join(", ")
        ))
    }

    /// Copies the rows; a row without a feature id takes its position.
    fn insert(&self, lite: &rusqlite::Connection, rows: &[postgres::Row]) -> rusqlite::Result<()> {
        let names = self.names();
        let marks = vec!["?"; names.len()].join(", ");
        let mut insert = lite.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({marks})",
            self.table,
            names.join(", ")
        ))?;
        for (n, row) in rows.iter().enumerate() {
            let fid: Option<i64> = row.get(0);
            let mut values: Vec<Lite> = vec![fid.unwrap_or(n as i64 + 1).into()];
            if self.geometry {
                values.push(
                    row.get::<_, Option<Vec<u8>>>(1)
                        .map_or(Lite::Null, gpkg_geometry),
                );
            }
            for k in 0..self.columns.len() {
                let text: Option<String> = row.get(k + 2);
                values.push(text.map_or(Lite::Null, Into::into));
            }
            insert.execute(rusqlite::params_from_iter(values))?;
        }
        Ok(())
    }
}

/// A GeoPackage geometry: the header without an envelope (WGS 84), then the WKB.
fn gpkg_geometry(wkb: Vec<u8>) -> Lite {
    let mut blob = b"GP\x00\x01".to_vec();
    blob.extend_from_slice(&4326i32.to_le_bytes());
    blob.extend_from_slice(&wkb);
    Lite::Blob(blob)
}

/// The dataset's title, subtitle and credit, as the `dataset_metadata` table.
fn copy_metadata(
    tx: &mut Transaction<'_>,
    lite: &rusqlite::Connection,
    target: &Target,
) -> Result<(), CopyError> {
    let rows = tx.query(
        &format!(
            "SELECT fid::bigint, key::text, value::text FROM {} ORDER BY fid",
            target.table("dataset_metadata")
        ),
        &[],
    )?;
    lite.execute_batch(
        "CREATE TABLE dataset_metadata (fid INTEGER PRIMARY KEY, key TEXT, value TEXT);",
    )?;
    for row in &rows {
        let (fid, key, value): (Option<i64>, Option<String>, Option<String>) =
            (row.get(0), row.get(1), row.get(2));
        lite.execute(
            "INSERT INTO dataset_metadata VALUES (?1, ?2, ?3)",
            rusqlite::params![fid, key, value],
        )?;
    }
    Ok(())
}
