//! PostgreSQL + PostGIS as a data store: `export --to postgresql://…` writes the dataset into
//! tables in one transaction, and `--data postgresql://…` reads it back.
//!
//! The client is the `postgres` crate (the blocking face of `tokio-postgres`): maintained,
//! pure Rust (no libpq to install), and chronomap makes a handful of queries in a row, so a
//! blocking client with no async code of our own is all it needs. Credentials come from the
//! URL, `PGPASSWORD` or the password file (`PGPASSFILE`, else `~/.pgpass`), and are never
//! printed: every message shows the URL rebuilt without its password.
//!
//! Reading goes through the GeoPackage reader: the rows of the `sites`, `events` and
//! `sources` tables are copied into an in-memory SQLite database of the same shape, so that
//! the same checks run with the same messages (naming the table, row and column).

use super::Failure;
use crate::export::{FieldType, Layer, Value, sites_layer};
use crate::input::metadata::DatasetMetadata;
use crate::model::{Dataset, Day};
use crate::timeline::Timeline;
use postgres::config::Host;
use postgres::{Client, Config, NoTls};
use std::time::Duration;

/// How long to wait for the server to answer before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `--data` or `--to` names a PostgreSQL database rather than a path.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgresql://") || text.starts_with("postgres://")
}

/// A database to connect to, and the schema holding the tables.
pub struct Target {
    config: Config,
    schema: String,
    /// The URL without its password, for messages.
    pub shown: String,
}

/// The password file's entry for this server, user and database, if any (fields
/// `host:port:database:user:password`, `*` matching anything, `\` escaping `:` and `\`).
fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        if fields.len() != 5 {
            continue;
        }
        let port = port.to_string();
        let wanted = [host, port.as_str(), db, user];
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w)
        {
            return fields.pop();
        }
    }
    None
}

/// Reads a `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME&…]` URL. Without a
/// password in it, `PGPASSWORD` and then the password file are used (read by the caller and
/// given here, so this function touches nothing).
pub fn target(
    url: &str,
    env_password: Option<String>,
    pgpass: Option<String>,
) -> Result<Target, Failure> {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut schema = "public".to_string();
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("schema", name)) => schema = name.to_string(),
            _ => rest.push(pair),
        }
    }
    let valid_schema = !schema.is_empty()
        && schema.len() <= 63
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !schema.as_bytes()[0].is_ascii_digit();
    // Never echo the URL as given: it may hold a password.
    let without_password = |c: &Config| -> String {
        let host = match c.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_string(),
        };
        let port = c.get_ports().first().copied().unwrap_or(5432);
        format!(
            "postgresql://{}@{host}:{port}/{}?schema={schema}",
            c.get_user().unwrap_or(""),
            c.get_dbname().unwrap_or("")
        )
    };
    let joined = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    let mut config: Config = joined.parse().map_err(|e| {
        Failure::usage(format!(
            "error: the PostgreSQL URL could not be read ({e}); the form is postgresql://USER@HOST:PORT/DB[?schema=NAME]"
        ))
    })?;
    let shown = without_password(&config);
    if !valid_schema {
        return Err(Failure::usage(format!(
            "error: {shown}: the schema name must be lower-case letters, digits and '_'"
        )));
    }
    if config.get_user().is_none() {
        return Err(Failure::usage(format!(
            "error: {shown}: the URL names no user (postgresql://USER@HOST:PORT/DB)"
        )));
    }
    if config.get_dbname().is_none() {
        return Err(Failure::usage(format!(
            "error: {shown}: the URL names no database (postgresql://USER@HOST:PORT/DB)"
        )));
    }
    if config.get_password().is_none() {
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let from_file = pgpass.and_then(|text| {
            pgpass_lookup(
                &text,
                &host,
                port,
                config.get_dbname().unwrap_or(""),
                config.get_user().unwrap_or(""),
            )
        });
        if let Some(p) = env_password.or(from_file) {
            config.password(p);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    Ok(Target {
        config,
        schema,
        shown,
    })
}

/// [`target`] with the password from `PGPASSWORD` or the password file (`PGPASSFILE`, else
/// `~/.pgpass`) when the URL has none.
pub fn target_from_env(url: &str) -> Result<Target, Failure> {
    let env_password = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
    let file = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")));
    let pgpass = file.and_then(|f| std::fs::read_to_string(f).ok());
    target(url, env_password, pgpass)
}

impl Target {
    fn fail(&self, what: &str, e: &postgres::Error) -> Failure {
        let why = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => {
                let text = e.to_string();
                let source = std::error::Error::source(e).map(ToString::to_string);
                match source {
                    Some(s) if !text.contains(&s) => format!("{text}: {s}"),
                    _ => text,
                }
            }
        };
        Failure::data(format!("error: {}: {what}: {why}", self.shown))
    }

    fn connect(&self) -> Result<Client, Failure> {
        self.config.connect(NoTls).map_err(|e| {
            let mut f = self.fail("could not connect", &e);
            if e.as_db_error().is_none() {
                f.message
                    .push_str(" (is the server running, and reachable at that host and port?)");
            }
            f
        })
    }

    fn table(&self, name: &str) -> String {
        format!("\"{}\".\"{name}\"", self.schema)
    }
}

fn sql_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "text",
        FieldType::Integer => "bigint",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
    }
}

/// Creates the table of `layer` (`fid`, `geom geometry(Point, 4326)`, then its fields, with
/// `extra` constraints) and fills it.
fn write_layer(
    tx: &mut postgres::Transaction<'_>,
    target: &Target,
    layer: &Layer<'_>,
    extra: &str,
) -> Result<(), postgres::Error> {
    let mut columns = vec![
        "fid integer PRIMARY KEY".to_string(),
        "geom geometry(Point, 4326)".to_string(),
    ];
    columns.extend(
        layer
            .fields
            .iter()
            .map(|f| format!("\"{}\" {}", f.name, sql_type(f.kind))),
    );
    if !extra.is_empty() {
        columns.push(extra.to_string());
    }
    tx.batch_execute(&format!(
        "CREATE TABLE {} ({});",
        target.table(layer.name),
        columns.join(", ")
    ))?;
    let names: Vec<String> = layer
        .fields
        .iter()
        .map(|f| format!("\"{}\"", f.name))
        .collect();
    let marks: Vec<String> = layer
        .fields
        .iter()
        .enumerate()
        .map(|(k, f)| format!("${}::text::{}", k + 4, sql_type(f.kind)))
        .collect();
    let insert = tx.prepare(&format!(
        "INSERT INTO {} (fid, geom, {}) VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), {})",
        target.table(layer.name),
        names.join(", "),
        marks.join(", ")
    ))?;
    let mut fid = 0i32;
    layer.for_each(|feature| {
        fid += 1;
        let values: Vec<Option<String>> = feature.values.iter().map(Value::as_text).collect();
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            vec![&fid, &feature.lon, &feature.lat];
        params.extend(
            values
                .iter()
                .map(|v| v as &(dyn postgres::types::ToSql + Sync)),
        );
        tx.execute(&insert, &params).map(|_| ())
    })?;
    Ok(())
}

/// Writes the dataset into the schema's tables `sites`, `events`, `periods` (the layers of
/// the GeoPackage), `sources` and `event_sources`, replacing the tables of an earlier export,
/// all in one transaction: if anything fails, the old tables stay exactly as they were.
/// Returns the number of sites, events and periods.
pub fn export(
    target: &Target,
    data: &Dataset,
    meta: &DatasetMetadata,
    status_day: Option<Day>,
) -> Result<(usize, usize, usize), Failure> {
    let mut client = target.connect()?;
    let fail = |e: postgres::Error| target.fail("the export failed, and nothing was changed", &e);
    let mut tx = client.transaction().map_err(fail)?;
    let has_postgis = tx
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'postgis'", &[])
        .map_err(fail)?
        .is_some();
    if !has_postgis {
        return Err(Failure::data(format!(
            "error: {}: PostGIS is not installed in this database (run `CREATE EXTENSION postgis;` in it as a superuser)",
            target.shown
        )));
    }
    let timeline = Timeline::new(data);
    let sites = sites_layer(&timeline, status_day);
    let events = crate::export::events_layer(data);
    let periods_layer = crate::export::periods_layer(&timeline);
    tx.batch_execute(&format!(
        "SET LOCAL lock_timeout = '10s';
         CREATE SCHEMA IF NOT EXISTS \"{s}\";
         DROP TABLE IF EXISTS {es}, {e}, {p}, {si}, {so}, {m};
         CREATE TABLE {m} (fid integer PRIMARY KEY, key text NOT NULL UNIQUE, value text NOT NULL);",
        s = target.schema,
        es = target.table("event_sources"),
        e = target.table("events"),
        p = target.table("periods"),
        si = target.table("sites"),
        so = target.table("sources"),
        m = target.table("dataset_metadata"),
    ))
    .map_err(fail)?;
    let keys = [
        ("title", &meta.title),
        ("subtitle", &meta.subtitle),
        ("credit", &meta.credit),
    ];
    for (fid, (key, value)) in
        (1i32..).zip(keys.iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))))
    {
        tx.execute(
            &format!(
                "INSERT INTO {} VALUES ($1, $2, $3)",
                target.table("dataset_metadata")
            ),
            &[&fid, key, value],
        )
        .map_err(fail)?;
    }
    tx.batch_execute(&format!(
        "CREATE TABLE {so} (fid integer PRIMARY KEY, id text NOT NULL UNIQUE, title text,
           publisher text, published text, published_start date, published_end date, url text);",
        so = target.table("sources")
    ))
    .map_err(fail)?;
    let insert = tx
        .prepare(&format!(
            "INSERT INTO {} VALUES ($1, $2, $3, $4, $5, $6::text::date, $7::text::date, $8)",
            target.table("sources")
        ))
        .map_err(fail)?;
    for (i, s) in data.sources.iter().enumerate() {
        let fid = i32::try_from(i + 1).unwrap_or(i32::MAX);
        let published = s.published.to_string();
        let (first, last) = (
            s.published.first_day().to_string(),
            s.published.last_day().to_string(),
        );
        tx.execute(
            &insert,
            &[
                &fid,
                &s.id,
                &s.title,
                &s.publisher,
                &published,
                &first,
                &last,
                &s.url,
            ],
        )
        .map_err(fail)?;
    }
    write_layer(&mut tx, target, &sites, "UNIQUE (id)").map_err(fail)?;
    let sites_table = target.table("sites");
    let events_table = target.table("events");
    write_layer(
        &mut tx,
        target,
        &events,
        &format!(
            "UNIQUE (id), FOREIGN KEY (site_id) REFERENCES {sites_table} (id),
             FOREIGN KEY (disputes) REFERENCES {events_table} (id) DEFERRABLE INITIALLY DEFERRED"
        ),
    )
    .map_err(fail)?;
    write_layer(
        &mut tx,
        target,
        &periods_layer,
        &format!("FOREIGN KEY (site_id) REFERENCES {sites_table} (id)"),
    )
    .map_err(fail)?;
    tx.batch_execute(&format!(
        "CREATE TABLE {es} (event_id text NOT NULL REFERENCES {events_table} (id),
           position integer NOT NULL, source_id text NOT NULL REFERENCES {so} (id),
           PRIMARY KEY (event_id, position));",
        es = target.table("event_sources"),
        so = target.table("sources"),
    ))
    .map_err(fail)?;
    let link = tx
        .prepare(&format!(
            "INSERT INTO {} VALUES ($1, $2, $3)",
            target.table("event_sources")
        ))
        .map_err(fail)?;
    for e in &data.events {
        for (k, &s) in e.sources.iter().enumerate() {
            let position = i32::try_from(k + 1).unwrap_or(i32::MAX);
            tx.execute(&link, &[&e.id, &position, &data.sources[s].id])
                .map_err(fail)?;
        }
    }
    tx.commit().map_err(fail)?;
    Ok((sites.len(), events.len(), periods_layer.len()))
}

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
    (
        "events",
        &[
            "id",
            "site_id",
            "date",
            "kind",
            "status",
            "summary",
            "source_ids",
            "disputes",
        ],
    ),
    ("sources", &["id", "title", "publisher", "published", "url"]),
];

/// Reads the dataset's tables into an in-memory SQLite database shaped like the
/// GeoPackage's (a missing table or column stays missing there, so that the reader names
/// it), and returns its bytes.
pub fn read_tables(target: &Target) -> Result<Vec<u8>, Failure> {
    let mut client = target.connect()?;
    let fail = |e: postgres::Error| target.fail("the tables could not be read", &e);
    let sqlite_fail = |e: rusqlite::Error| Failure::data(format!("error: {}: {e}", target.shown));
    let lite = rusqlite::Connection::open_in_memory().map_err(sqlite_fail)?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(fail)?;
    // The columns of the tables, in one query of the catalog (the information_schema views
    // take several milliseconds each).
    let catalog = tx
        .query(
            "SELECT c.relname::text, a.attname::text FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'p')
               AND c.relname IN ('sites', 'events', 'sources', 'event_sources', 'dataset_metadata')
               AND a.attnum > 0 AND NOT a.attisdropped",
            &[&target.schema],
        )
        .map_err(fail)?;
    let columns_of = |table: &str| -> Vec<String> {
        catalog
            .iter()
            .filter(|r| r.get::<_, &str>(0) == table)
            .map(|r| r.get::<_, String>(1))
            .collect()
    };
    let has_links = !columns_of("event_sources").is_empty();
    for (table, wanted) in TABLES {
        let present = columns_of(table);
        if present.is_empty() {
            continue;
        }
        let mut columns: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|c| present.iter().any(|p| p == c))
            .collect();
        // `source_ids` may be given by the link table instead.
        let mut select: Vec<String> = columns.iter().map(|c| format!("\"{c}\"::text")).collect();
        if table == "events" && !columns.contains(&"source_ids") && has_links {
            select.push(format!(
                "(SELECT string_agg(source_id, ';' ORDER BY position) FROM {} l WHERE l.event_id = t.id)",
                target.table("event_sources")
            ));
            columns.push("source_ids");
        }
        let has_fid = present.iter().any(|p| p == "fid");
        let key = if has_fid {
            "t.fid::bigint"
        } else {
            "NULL::bigint"
        };
        let geometry = table == "sites" && present.iter().any(|p| p == "geom");
        let geom_sql = if geometry {
            "ST_AsBinary(t.geom)"
        } else {
            "NULL::bytea"
        };
        let order = if has_fid { "t.fid" } else { "t.ctid" };
        let rows = tx
            .query(
                &format!(
                    "SELECT {key}, {geom_sql}, {} FROM {} t ORDER BY {order}",
                    select.join(", "),
                    target.table(table)
                ),
                &[],
            )
            .map_err(fail)?;
        let mut defs = vec!["fid INTEGER PRIMARY KEY".to_string()];
        if geometry {
            defs.push("geom BLOB".to_string());
        }
        defs.extend(columns.iter().map(|c| format!("\"{c}\" TEXT")));
        lite.execute_batch(&format!("CREATE TABLE {table} ({});", defs.join(", ")))
            .map_err(sqlite_fail)?;
        let mut names = vec!["fid".to_string()];
        if geometry {
            names.push("geom".to_string());
        }
        names.extend(columns.iter().map(|c| format!("\"{c}\"")));
        let marks = vec!["?"; names.len()].join(", ");
        let mut insert = lite
            .prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({marks})",
                names.join(", ")
            ))
            .map_err(sqlite_fail)?;
        for (n, row) in rows.iter().enumerate() {
            let fid: Option<i64> = row.get(0);
            let fid = fid.unwrap_or(n as i64 + 1);
            let mut values: Vec<rusqlite::types::Value> = vec![fid.into()];
            if geometry {
                let wkb: Option<Vec<u8>> = row.get(1);
                values.push(match wkb {
                    // A GeoPackage geometry: the header without an envelope, then the WKB.
                    Some(wkb) => {
                        let mut blob = b"GP\x00\x01".to_vec();
                        blob.extend_from_slice(&4326i32.to_le_bytes());
                        blob.extend_from_slice(&wkb);
                        rusqlite::types::Value::Blob(blob)
                    }
                    None => rusqlite::types::Value::Null,
                });
            }
            for k in 0..columns.len() {
                let text: Option<String> = row.get(k + 2);
                values.push(text.map_or(rusqlite::types::Value::Null, Into::into));
            }
            insert
                .execute(rusqlite::params_from_iter(values))
                .map_err(sqlite_fail)?;
        }
    }
    // The dataset's title, subtitle and credit, when the table is there.
    if !columns_of("dataset_metadata").is_empty() {
        let rows = tx
            .query(
                &format!(
                    "SELECT fid::bigint, key::text, value::text FROM {} ORDER BY fid",
                    target.table("dataset_metadata")
                ),
                &[],
            )
            .map_err(fail)?;
        lite.execute_batch(
            "CREATE TABLE dataset_metadata (fid INTEGER PRIMARY KEY, key TEXT, value TEXT);",
        )
        .map_err(sqlite_fail)?;
        for row in &rows {
            let (fid, key, value): (Option<i64>, Option<String>, Option<String>) =
                (row.get(0), row.get(1), row.get(2));
            lite.execute(
                "INSERT INTO dataset_metadata VALUES (?1, ?2, ?3)",
                rusqlite::params![fid, key, value],
            )
            .map_err(sqlite_fail)?;
        }
    }
    tx.commit().map_err(fail)?;
    let bytes = lite.serialize("main").map_err(sqlite_fail)?.to_vec();
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_matches_fields_and_wildcards() {
        let file = "# comment\nother:5432:db:u:no\n127.0.0.1:*:chronomap:alice:se\\:cret\n";
        assert_eq!(
            pgpass_lookup(file, "127.0.0.1", 5433, "chronomap", "alice").as_deref(),
            Some("se:cret")
        );
        assert_eq!(pgpass_lookup(file, "127.0.0.1", 5433, "x", "alice"), None);
    }

    #[test]
    fn messages_show_the_url_without_its_password() {
        let t = target(
            "postgresql://alice:hunter2@db.example:5433/maps?schema=team",
            None,
            None,
        )
        .ok()
        .unwrap();
        assert_eq!(
            t.shown,
            "postgresql://alice@db.example:5433/maps?schema=team"
        );
        let bad = target(
            "postgresql://alice:hunter2@h/db?schema=Bad-Name",
            None,
            None,
        );
        let message = bad.err().unwrap().message;
        assert!(!message.contains("hunter2"), "{message}");
        assert!(message.contains("schema name"), "{message}");
    }
}
