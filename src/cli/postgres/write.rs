//! `export --to postgresql://…`: the dataset written into the schema's tables in one
//! transaction, replacing those of an earlier export.

use super::target::Target;
use crate::cli::Failure;
use crate::export::{FieldType, GisLayer, Value, events_layer, periods_layer, sites_layer};
use crate::input::metadata::DatasetMetadata;
use crate::model::{Dataset, Day, Source};
use crate::timeline::Timeline;
use postgres::Transaction;

/// The SQL type of a layer field.
fn sql_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "text",
        FieldType::Integer => "bigint",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
    }
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
    require_postgis(&mut tx, target)?;
    let timeline = Timeline::new(data);
    let layers = Layers {
        sites: sites_layer(&timeline, status_day),
        events: events_layer(data),
        periods: periods_layer(&timeline),
    };
    write_tables(&mut tx, target, data, meta, &layers).map_err(fail)?;
    tx.commit().map_err(fail)?;
    Ok((
        layers.sites.len(),
        layers.events.len(),
        layers.periods.len(),
    ))
}

/// The three layers written as tables.
struct Layers<'a> {
    sites: GisLayer<'a>,
    events: GisLayer<'a>,
    periods: GisLayer<'a>,
}

/// Refuses a database without PostGIS, saying how to add it.
fn require_postgis(tx: &mut Transaction<'_>, target: &Target) -> Result<(), Failure> {
    let has_postgis = tx
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'postgis'", &[])
        .map_err(|e| target.fail("the export failed, and nothing was changed", &e))?
        .is_some();
    if has_postgis {
        return Ok(());
    }
    Err(Failure::data(format!(
        "{}: PostGIS is not installed in this database (run `CREATE EXTENSION postgis;` in it as a superuser)",
        target.shown
    )))
}

/// Every table, in an order that lets each reference the ones before it.
fn write_tables(
    tx: &mut Transaction<'_>,
    target: &Target,
    data: &Dataset,
    meta: &DatasetMetadata,
    layers: &Layers<'_>,
) -> Result<(), postgres::Error> {
    replace_schema(tx, target)?;
    write_metadata(tx, target, meta)?;
    write_sources(tx, target, &data.sources)?;
    write_layers(tx, target, layers)?;
    write_links(tx, target, data)
}

/// Creates the schema if needed, drops the tables of an earlier export and creates the
/// metadata table.
fn replace_schema(tx: &mut Transaction<'_>, target: &Target) -> Result<(), postgres::Error> {
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
}

/// The dataset's title, subtitle and credit, those it has, as key–value rows.
fn write_metadata(
    tx: &mut Transaction<'_>,
    target: &Target,
    meta: &DatasetMetadata,
) -> Result<(), postgres::Error> {
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
        )?;
    }
    Ok(())
}

/// The `sources` table: one row per source, its date as written and as a range of days.
fn write_sources(
    tx: &mut Transaction<'_>,
    target: &Target,
    sources: &[Source],
) -> Result<(), postgres::Error> {
    tx.batch_execute(&format!(
        "CREATE TABLE {so} (fid integer PRIMARY KEY, id text NOT NULL UNIQUE, title text,
           publisher text, published text, published_start date, published_end date, url text);",
        so = target.table("sources")
    ))?;
    let insert = tx.prepare(&format!(
        "INSERT INTO {} VALUES ($1, $2, $3, $4, $5, $6::text::date, $7::text::date, $8)",
        target.table("sources")
    ))?;
    for (i, s) in sources.iter().enumerate() {
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
        )?;
    }
    Ok(())
}

/// The `sites`, `events` and `periods` tables, with their keys and references.
fn write_layers(
    tx: &mut Transaction<'_>,
    target: &Target,
    layers: &Layers<'_>,
) -> Result<(), postgres::Error> {
    write_layer(tx, target, &layers.sites, "UNIQUE (id)")?;
    let sites_table = target.table("sites");
    let events_table = target.table("events");
    write_layer(
        tx,
        target,
        &layers.events,
        &format!(
            "UNIQUE (id), FOREIGN KEY (site_id) REFERENCES {sites_table} (id),
             FOREIGN KEY (disputes) REFERENCES {events_table} (id) DEFERRABLE INITIALLY DEFERRED"
        ),
    )?;
    write_layer(
        tx,
        target,
        &layers.periods,
        &format!("FOREIGN KEY (site_id) REFERENCES {sites_table} (id)"),
    )
}

/// The `event_sources` table: which sources each event cites, in order.
fn write_links(
    tx: &mut Transaction<'_>,
    target: &Target,
    data: &Dataset,
) -> Result<(), postgres::Error> {
    tx.batch_execute(&format!(
        "CREATE TABLE {es} (event_id text NOT NULL REFERENCES {e} (id),
           position integer NOT NULL, source_id text NOT NULL REFERENCES {so} (id),
           PRIMARY KEY (event_id, position));",
        es = target.table("event_sources"),
        e = target.table("events"),
        so = target.table("sources"),
    ))?;
    let link = tx.prepare(&format!(
        "INSERT INTO {} VALUES ($1, $2, $3)",
        target.table("event_sources")
    ))?;
    for e in &data.events {
        for (k, &s) in e.sources.iter().enumerate() {
            let position = i32::try_from(k + 1).unwrap_or(i32::MAX);
            tx.execute(&link, &[&e.id, &position, &data.sources[s].id])?;
        }
    }
    Ok(())
}

/// Creates the table of `layer` (`fid`, `geom geometry(Point, 4326)`, then its fields, with
/// `extra` constraints) and fills it.
fn write_layer(
    tx: &mut Transaction<'_>,
    target: &Target,
    layer: &GisLayer<'_>,
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
