//! The exported GeoPackage is itself a dataset: `--data FILE.gpkg` reads it back, edits
//! made to it (as QGIS makes them) reach the map, and its problems are named by table, row
//! and column.

mod support;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use support::gpkg_validator;
use support::run::chronomap;

/// Exports the bundled dataset into a fresh folder; returns it and the GeoPackage's path.
fn exported() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(dir.path(), &["export", "--out-dir", "out"]);
    assert_eq!(code, 0, "{err}");
    let gpkg = dir.path().join("out/chronomap.gpkg");
    (dir, gpkg)
}

/// Runs chronomap with `--data gpkg` and `args`; returns (code, stdout, stderr).
fn with_data(dir: &Path, gpkg: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data", gpkg.to_str().unwrap()];
    all.extend(args);
    chronomap(dir, &all)
}

fn edit(gpkg: &Path, sql: &str) {
    let conn = Connection::open(gpkg).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn maps_from_the_exported_geopackage_are_byte_identical_to_maps_from_the_folder() {
    let (dir, gpkg) = exported();
    let d = dir.path();
    for (out, year) in [("a", "2023"), ("b", "2012"), ("c", "2005")] {
        let folder = format!("{out}-folder.svg");
        let from_gpkg = format!("{out}-gpkg.svg");
        let (code, _, err) = chronomap(d, &["render", "--year", year, "-o", &folder]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = with_data(d, &gpkg, &["render", "--year", year, "-o", &from_gpkg]);
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "warnings from the GeoPackage: {err}");
        let x = std::fs::read(d.join(&folder)).unwrap();
        let y = std::fs::read(d.join(&from_gpkg)).unwrap();
        assert!(
            x == y,
            "the {year} map differs when drawn from the GeoPackage"
        );
    }
    // The PNG too, and the timeline chart and the history table.
    for args in [
        &["render", "--format", "png", "-o", "OUT.png"][..],
        &["timeline", "-o", "OUT.svg"][..],
    ] {
        let name = |prefix: &str, a: &str| a.replace("OUT", prefix);
        let folder: Vec<String> = args.iter().map(|a| name("folder", a)).collect();
        let from_gpkg: Vec<String> = args.iter().map(|a| name("gpkg", a)).collect();
        let folder: Vec<&str> = folder.iter().map(String::as_str).collect();
        let from_gpkg: Vec<&str> = from_gpkg.iter().map(String::as_str).collect();
        assert_eq!(chronomap(d, &folder).0, 0);
        assert_eq!(with_data(d, &gpkg, &from_gpkg).0, 0);
        let out = args.iter().find(|a| a.starts_with("OUT")).unwrap();
        assert!(
            std::fs::read(d.join(name("folder", out))).unwrap()
                == std::fs::read(d.join(name("gpkg", out))).unwrap(),
            "{args:?} differs when drawn from the GeoPackage"
        );
    }
    assert_eq!(
        chronomap(d, &["history"]).1,
        with_data(d, &gpkg, &["history"]).1
    );
}

#[test]
fn exporting_the_geopackage_again_gives_the_same_files() {
    let (dir, gpkg) = exported();
    let (code, _, err) = with_data(dir.path(), &gpkg, &["export", "--out-dir", "again"]);
    assert_eq!(code, 0, "{err}");
    for name in chronomap::export::EXPORT_FILE_NAMES {
        let x = std::fs::read(dir.path().join("out").join(name)).unwrap();
        let y = std::fs::read(dir.path().join("again").join(name)).unwrap();
        assert!(
            x == y,
            "{name} differs after a round trip through the GeoPackage"
        );
    }
}

#[test]
fn the_geopackage_holds_the_sources_and_each_events_source_ids() {
    let (_dir, gpkg) = exported();
    let conn = Connection::open(&gpkg).unwrap();
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM sources ORDER BY fid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let csv = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/sources.csv"))
        .unwrap();
    let in_file: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, in_file);
    // Each event's source_ids are its `sources` cell in events.csv.
    let mut csv =
        csv::Reader::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/events.csv")).unwrap();
    let mut rows = 0;
    for record in csv.records() {
        let record = record.unwrap();
        let stored: String = conn
            .query_row(
                "SELECT source_ids FROM events WHERE id = ?1",
                [&record[0]],
                |r| r.get(0),
            )
            .unwrap();
        let written: Vec<&str> = record[6].split(';').map(str::trim).collect();
        assert_eq!(stored, written.join(";"), "event {}", &record[0]);
        rows += 1;
    }
    let events: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, events);
    assert!(rows > 0);
}

#[test]
fn edits_made_in_the_geopackage_reach_the_map() {
    let (dir, gpkg) = exported();
    let d = dir.path();
    // As QGIS does it: a date fixed in place, and a new event with only the input fields
    // filled (no geometry, no derived columns), written while the file is open in WAL mode.
    let conn = Connection::open(&gpkg).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         UPDATE events SET date = '2003-09-23' WHERE date = '2003-10-23' AND site_id = 'kant';
         INSERT INTO events (id, site_id, date, kind, status, summary, source_ids)
           VALUES ('osh-2024-closed', 'osh', '2024-02', 'statement', 'declined',
                   'Officials ruled out the base again', 'rferl-2019');",
    )
    .unwrap();
    assert!(
        Path::new(&format!("{}-wal", gpkg.display())).exists(),
        "the edit should still be in the write-ahead log"
    );
    let (code, out, err) = with_data(d, &gpkg, &["history", "osh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2024-02     statement  declined"), "{out}");
    let (code, out, _) = with_data(d, &gpkg, &["history", "kant"]);
    assert_eq!(code, 0);
    assert!(out.contains("\n2003-09-23  opened"), "{out}");
    let (code, _, err) = with_data(d, &gpkg, &["render", "-o", "edited.svg"]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(d.join("edited.svg")).unwrap();
    // The new event makes 2024 the latest year, and its line is in the year's events.
    assert!(svg.contains("Status at end of 2024"), "no 2024 subtitle");
    assert!(
        svg.contains("Officials ruled out the base again"),
        "new event not drawn"
    );
    drop(conn);
}

#[test]
fn problems_in_the_tables_name_the_table_row_and_column() {
    let (dir, gpkg) = exported();
    edit(
        &gpkg,
        "UPDATE events SET date = 'Feb 2019' WHERE id = 'kant-2012-merger';
         UPDATE events SET source_ids = 'rferl-2019;nope' WHERE id = 'kant-2017-merger';
         UPDATE sites SET geom = NULL WHERE id = 'batken';
         UPDATE sites SET country = NULL WHERE id = 'manas';",
    );
    let conn = Connection::open(&gpkg).unwrap();
    let fid = |table: &str, id: &str| -> i64 {
        conn.query_row(
            &format!("SELECT fid FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    let g = gpkg.display();
    let expected = [
        format!(
            "error: {g}, table sites, row {} (id \"batken\"): has no geometry (hint: give each site one point: in QGIS, edit the sites layer)",
            fid("sites", "batken")
        ),
        format!(
            "error: {g}, table sites, row {} (id \"manas\"): country: is empty (NULL)",
            fid("sites", "manas")
        ),
        format!(
            "error: {g}, table events, row {} (id \"kant-2012-merger\"): date \"Feb 2019\" is not a valid date",
            fid("events", "kant-2012-merger")
        ),
        format!(
            "error: {g}, table events, row {} (id \"kant-2017-merger\"): source_ids \"nope\" is not the id of any source in table sources",
            fid("events", "kant-2017-merger")
        ),
    ];
    let (code, _, err) = with_data(dir.path(), &gpkg, &["check"]);
    assert_eq!(code, 1, "{err}");
    for line in &expected {
        assert!(err.contains(line.as_str()), "missing:\n{line}\nin:\n{err}");
    }
    assert!(
        err.ends_with("chronomap: 4 errors in the data; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn a_missing_table_or_column_and_a_file_that_is_no_geopackage_are_named() {
    let (dir, gpkg) = exported();
    let d = dir.path();
    edit(
        &gpkg,
        "DROP TABLE sources; ALTER TABLE events DROP COLUMN source_ids;",
    );
    let (code, _, err) = with_data(d, &gpkg, &["render"]);
    assert_eq!(code, 1);
    let g = gpkg.display();
    assert!(
        err.contains(&format!(
            "error: {g}, table events, column source_ids: the column is missing\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: {g}, table sources: the table is missing (hint: "
        )),
        "{err}"
    );
    let not = d.join("notes.gpkg");
    std::fs::write(&not, "just some text, not a database\n").unwrap();
    let (code, _, err) = with_data(d, &not, &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(&format!("error: {}: is not a GeoPackage (", not.display())),
        "{err}"
    );
    let (code, _, err) = with_data(d, &d.join("absent.gpkg"), &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("absent.gpkg: could not be opened"), "{err}");
    assert!(!d.join("output").exists(), "nothing may be written");
}

#[test]
fn the_geopackage_with_its_sources_table_passes_the_validator() {
    if !gpkg_validator::available() {
        return;
    }
    let (_dir, gpkg) = exported();
    gpkg_validator::problems(&gpkg).unwrap();
}

/// The edit made by GDAL itself (which QGIS uses to write a GeoPackage): an event added with
/// only the input fields and no geometry, and a site moved (GDAL writes points without an
/// envelope).
#[test]
fn an_edit_written_by_gdal_is_read() {
    if !gpkg_validator::available() {
        return;
    }
    let (dir, gpkg) = exported();
    let script = r#"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1], 1)
events = ds.GetLayerByName('events')
f = ogr.Feature(events.GetLayerDefn())
for k, v in dict(id='osh-2024-gdal', site_id='osh', date='2024-02', kind='statement',
                 status='declined', summary='Added with GDAL', source_ids='rferl-2019').items():
    f.SetField(k, v)
events.CreateFeature(f)
sites = ds.GetLayerByName('sites')
sites.SetAttributeFilter("id = 'osh'")
s = sites.GetNextFeature()
p = ogr.Geometry(ogr.wkbPoint)
p.AddPoint_2D(72.9, 40.6)
s.SetGeometry(p)
sites.SetFeature(s)
ds = None
"#;
    let o = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&gpkg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (code, out, err) = with_data(dir.path(), &gpkg, &["history", "osh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2024-02     statement  declined"), "{out}");
    assert!(out.contains("Added with GDAL"), "{out}");
    let (code, _, err) = with_data(dir.path(), &gpkg, &["export", "--out-dir", "again"]);
    assert_eq!(code, 0, "{err}");
    let sites = std::fs::read_to_string(dir.path().join("again/sites.geojson")).unwrap();
    assert!(
        sites.contains("72.9") && sites.contains("40.6"),
        "the moved site: {sites}"
    );
}

#[test]
fn the_dataset_metadata_travels_in_the_geopackage() {
    let (dir, gpkg) = exported();
    let d = dir.path();
    let conn = Connection::open(&gpkg).unwrap();
    let title: String = conn
        .query_row(
            "SELECT value FROM dataset_metadata WHERE key = 'title'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (code, out, _) = chronomap(d, &["check"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("title:   {title}\n")), "{out}");
    conn.execute_batch(
        "UPDATE dataset_metadata SET value = 'Bases, as edited' WHERE key = 'title'",
    )
    .unwrap();
    let (code, _, err) = with_data(d, &gpkg, &["render", "-o", "titled.svg"]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(d.join("titled.svg")).unwrap();
    assert!(
        svg.contains("Bases, as edited"),
        "the edited title is not on the map"
    );
    conn.execute_batch("INSERT INTO dataset_metadata (key, value) VALUES ('titel', 'x')")
        .unwrap();
    let row: i64 = conn
        .query_row("SELECT max(fid) FROM dataset_metadata", [], |r| r.get(0))
        .unwrap();
    let (code, _, err) = with_data(d, &gpkg, &["render", "-o", "bad.svg"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(", table dataset_metadata, row {row}: key \"titel\" is not a known key (hint: the keys are title, subtitle and credit)")),
        "{err}"
    );
}
