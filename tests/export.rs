//! `chronomap export` as a user runs it: the files, their field types (as GDAL reads them),
//! the GeoPackage tables, KML dates, CSV safety, hostile text and determinism.

mod support;

use chronomap::model::Day;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FILES: [&str; 9] = [
    "chronomap.gpkg",
    "chronomap.kml",
    "events.csv",
    "events.geojson",
    "events.qml",
    "periods.geojson",
    "periods.qml",
    "sites.geojson",
    "sites.qml",
];

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `chronomap export` with `args` in a fresh folder and returns the folder and the run.
fn export(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .env("CHRONOMAP_CACHE_DIR", "")
        .arg("export")
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (dir, out)
}

/// Exports into `<tmp>/output/qgis` (the default) and checks it succeeded.
fn export_ok(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (dir, out) = export(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("output/qgis");
    (dir, path)
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

/// Whether `s` is a real calendar day written `YYYY-MM-DD`.
fn is_full_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let (y, m, d) = (&s[0..4], &s[5..7], &s[8..10]);
    Day::new(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap()).is_some()
}

/// Every problem with the date-typing rule in one GeoJSON file.
fn date_rule_problems(path: &Path, layer: &str) -> Vec<String> {
    let v = read_json(path);
    let mut problems = Vec::new();
    if v["name"] != layer {
        problems.push(format!("name is {} not {layer}", v["name"]));
    }
    if v.get("crs").is_some() {
        problems.push("has a crs member".into());
    }
    for (i, f) in v["features"].as_array().unwrap().iter().enumerate() {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            problems.push(format!("feature {i}: not lon/lat: {lon}, {lat}"));
        }
        for x in [lon, lat] {
            if ((x * 1e6).round() / 1e6 - x).abs() > 1e-12 {
                problems.push(format!("feature {i}: {x} has more than 6 decimals"));
            }
        }
        for (key, value) in f["properties"].as_object().unwrap() {
            if value.as_str() == Some("") {
                problems.push(format!("feature {i}: {key} is \"\""));
            }
            if key.ends_with("_date") {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) if is_full_date(s) => {}
                    other => problems.push(format!("feature {i}: {key} = {other}")),
                }
            }
        }
    }
    problems
}

#[test]
fn geojson_dates_are_full_days_or_null_and_never_empty() {
    for data in [None, Some("hostile"), Some("no-events"), Some("mini")] {
        let path = data.map(fixture);
        let mut args = vec![];
        if let Some(p) = &path {
            args.extend(["--data", p.as_str()]);
        }
        let (_dir, out) = export_ok(&args);
        for layer in ["sites", "events", "periods"] {
            let file = out.join(format!("{layer}.geojson"));
            let problems = date_rule_problems(&file, layer);
            assert!(problems.is_empty(), "{data:?} {layer}: {problems:#?}");
        }
    }
}

#[test]
fn the_layers_hold_the_issue_fields_with_partial_dates_kept_in_date() {
    let (_dir, out) = export_ok(&[]);
    let events = read_json(&out.join("events.geojson"));
    let features = events["features"].as_array().unwrap();
    let data = chronomap::bundled::dataset().unwrap().dataset;
    assert_eq!(features.len(), data.events.len());
    let by_id: BTreeMap<&str, &serde_json::Value> = features
        .iter()
        .map(|f| (f["properties"]["id"].as_str().unwrap(), &f["properties"]))
        .collect();
    let batken = by_id["batken-2017-06-proposal"];
    assert_eq!(batken["date"], "2017-06");
    assert_eq!(batken["date_precision"], "month");
    assert_eq!(batken["start_date"], "2017-06-01");
    assert_eq!(batken["end_date"], "2017-06-30");
    assert_eq!(batken["year"], 2017);
    assert_eq!(batken["disputed"], false);
    assert!(batken["disputes"].is_null());
    let merger = by_id["kant-2012-merger"];
    assert_eq!(merger["date"], "2012");
    assert_eq!(merger["disputed"], true);
    assert_eq!(merger["disputes"], "kant-2017-merger");
    assert!(by_id["kant-2003-09-22-agreement"]["status"].is_null());
    let k = by_id["kant-2003-10-23-opened"];
    assert_eq!(
        k["sources"],
        "Russia does not consider it necessary to open the second military base in Kyrgyzstan, says Russian official; Second Base? Lavrov Suggests Moscow Open To Discussing New Military Facility In Kyrgyzstan"
    );

    let sites = read_json(&out.join("sites.geojson"));
    let kant = &sites["features"][0]["properties"];
    for key in [
        "id",
        "name",
        "alt_names",
        "country",
        "operator",
        "kind",
        "precision",
        "status",
        "first_date",
        "last_date",
        "event_count",
    ] {
        assert!(kant.get(key).is_some(), "sites lacks {key}");
    }
    assert_eq!(
        kant["alt_names"],
        "Kant Air Base; Кант; Авиабаза Кант; 999th Air Base"
    );
    assert_eq!(kant["first_date"], "2003-09-22");
    assert_eq!(kant["last_date"], "2023-05-08");
    assert_eq!(kant["status_date"], "2023-05-08");

    let periods = read_json(&out.join("periods.geojson"));
    let first = &periods["features"][0]["properties"];
    assert_eq!(first["status"], "unknown");
    assert!(first["start_date"].is_null() && first["start_year"].is_null());
    let last_of_kant = periods["features"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|f| f["properties"]["site_id"] == "kant")
        .unwrap();
    assert!(last_of_kant["properties"]["end_date"].is_null());
    assert!(last_of_kant["properties"]["end_year"].is_null());
}

#[test]
fn date_sets_the_sites_status_using_the_last_day_of_a_partial_date() {
    let status_of = |date: &str, site: &str| -> (String, String) {
        let (_dir, out) = export_ok(&["--date", date]);
        let v = read_json(&out.join("sites.geojson"));
        let f = v["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["id"] == site)
            .unwrap()
            .clone();
        (
            f["properties"]["status"].as_str().unwrap().to_string(),
            f["properties"]["status_date"].as_str().unwrap().to_string(),
        )
    };
    // Manas closed "in 2014": that counts from 2014-12-31 only.
    assert_eq!(
        status_of("2013", "manas"),
        ("active".into(), "2013-12-31".into())
    );
    assert_eq!(
        status_of("2014-06", "manas"),
        ("active".into(), "2014-06-30".into())
    );
    assert_eq!(
        status_of("2014", "manas"),
        ("closed".into(), "2014-12-31".into())
    );
    assert_eq!(
        status_of("1999-01-01", "kant"),
        ("unknown".into(), "1999-01-01".into())
    );
}

#[test]
fn a_bad_date_is_a_usage_error_and_writes_nothing() {
    let (dir, out) = export(&["--date", "2014-13"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--date \"2014-13\": month 13 does not exist"),
        "{err}"
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn bad_data_is_a_data_error_and_writes_nothing() {
    let broken = format!(
        "{}/tests/broken/event-unknown-site",
        env!("CARGO_MANIFEST_DIR")
    );
    let (dir, out) = export(&["--data", &broken]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("output").exists());
}

#[test]
fn an_output_folder_that_is_a_file_is_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("taken");
    std::fs::write(&blocker, "x").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .env("CHRONOMAP_CACHE_DIR", "")
        .args(["export", "--out-dir"])
        .arg(&blocker)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("taken"), "{err}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn only_the_fixed_file_names_are_written_whatever_the_data_says() {
    let hostile = fixture("hostile");
    let (_dir, out) = export_ok(&["--data", &hostile]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, FILES, "no temporary or data-named files");
}

#[test]
fn kml_keeps_partial_dates_exactly_as_written() {
    let (_dir, out) = export_ok(&[]);
    let text = read_text(&out.join("chronomap.kml"));
    let doc = parse_xml(&text);
    let mut whens: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("when"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let mut dates: Vec<String> = data.events.iter().map(|e| e.date.to_string()).collect();
    whens.sort();
    dates.sort();
    assert_eq!(whens, dates);
    for partial in ["2001", "2001-10", "2012", "2017-06", "2018-03"] {
        assert!(whens.iter().any(|w| w == partial), "{partial}");
    }
    // Periods carry full-day spans; open ends are left out.
    for n in doc
        .descendants()
        .filter(|n| n.has_tag_name("begin") || n.has_tag_name("end"))
    {
        assert!(is_full_date(n.text().unwrap()), "{:?}", n.text());
    }
    let folders = doc
        .root_element()
        .descendants()
        .filter(|n| {
            n.has_tag_name("Folder") && n.parent().is_some_and(|p| p.has_tag_name("Document"))
        })
        .count();
    assert_eq!(folders, 8, "one folder per site");
}

#[test]
fn hostile_text_gives_well_formed_xml_and_survives_unchanged() {
    let hostile = fixture("hostile");
    let (_dir, out) = export_ok(&["--data", &hostile]);
    let name = "<Base> & \"Co\" ]]> 'quoted'";
    let summary = "=1+1 <script>alert('x')</script> ]]> &amp; \"quoted\"";

    let kml = read_text(&out.join("chronomap.kml"));
    assert!(
        kml.contains("&lt;![CDATA[") && !kml.contains("<![CDATA["),
        "a CDATA opener in the data is escaped, and the KML uses no CDATA of its own"
    );
    let doc = parse_xml(&kml);
    let folder_names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Folder"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("name")))
        .filter_map(|n| n.text())
        .collect();
    assert!(folder_names.contains(&name), "{folder_names:?}");
    // Descriptions are HTML for KML viewers: data text arrives HTML-escaped, never as markup.
    let descriptions: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("description"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        descriptions
            .iter()
            .any(|d| d.contains("air base &lt;b&gt;bold&lt;/b&gt;, =cmd|&#39; /C calc&#39;!A0")),
        "the site's kind and operator: {descriptions:#?}"
    );
    assert!(
        descriptions.iter().any(|d| d
            .contains("[1] @Title &amp; &lt;Sub&gt; &quot;q&quot; ]]&gt;. =Publisher, 2017-10.")),
        "an event's citation: {descriptions:#?}"
    );
    assert!(
        descriptions
            .iter()
            .all(|d| !d.contains("<script") && !d.contains("<b>"))
    );
    let values: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("value"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        values.contains(&summary),
        "ExtendedData keeps the text as it is"
    );

    for layer in ["sites", "events", "periods"] {
        let qml = read_text(&out.join(format!("{layer}.qml")));
        let doc = parse_xml(&qml);
        assert_eq!(doc.root_element().tag_name().name(), "qgis");
    }

    let sites = read_json(&out.join("sites.geojson"));
    assert_eq!(sites["features"][0]["properties"]["name"], name);
    let events = read_json(&out.join("events.geojson"));
    assert_eq!(events["features"][0]["properties"]["summary"], summary);
}

#[test]
fn csv_cells_cannot_run_as_spreadsheet_formulas() {
    let hostile = fixture("hostile");
    let (_dir, out) = export_ok(&["--data", &hostile]);
    let mut reader = csv::Reader::from_path(out.join("events.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.last().map(String::as_str), Some("lat"));
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for (column, cell) in header.iter().zip(record.iter()) {
            let numeric = matches!(column.as_str(), "lon" | "lat" | "year");
            if numeric {
                assert!(cell.parse::<f64>().is_ok(), "{column}: {cell:?}");
                continue;
            }
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column}: {cell:?}"
            );
        }
    }
    assert_eq!(rows, 3);
    let text = read_text(&out.join("events.csv"));
    assert!(text.contains("'-evil,x-1,"), "{text}");
    assert!(text.contains(",'+1 Base,"), "{text}");
    assert!(
        text.contains(",-72.8,-40.5\n"),
        "numbers stay numbers: {text}"
    );
}

#[test]
fn exports_are_byte_identical_from_run_to_run() {
    for data in [None, Some(fixture("hostile"))] {
        let mut args = vec![];
        if let Some(p) = &data {
            args.extend(["--data", p.as_str()]);
        }
        let (_a, first) = export_ok(&args);
        let (_b, second) = export_ok(&args);
        for name in FILES {
            let x = std::fs::read(first.join(name)).unwrap();
            let y = std::fs::read(second.join(name)).unwrap();
            assert!(x == y, "{name} differs between two runs ({data:?})");
        }
    }
}

mod geopackage {
    use super::*;
    use rusqlite::{Connection, OpenFlags};

    fn open(path: &Path) -> Connection {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    fn strings(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn has_the_three_layers_styles_srs_and_headers() {
        let (_dir, out) = export_ok(&[]);
        let conn = open(&out.join("chronomap.gpkg"));
        let pragma = |p: &str| {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0))
                .unwrap()
        };
        assert_eq!(pragma("application_id"), 0x4750_4B47, "'GPKG'");
        assert!(pragma("user_version") >= 10300);
        assert_eq!(strings(&conn, "PRAGMA integrity_check"), ["ok"]);
        assert!(strings(&conn, "PRAGMA foreign_key_check").is_empty());

        let features = strings(
            &conn,
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name",
        );
        assert_eq!(features, ["events", "periods", "sites"]);
        let srs: Vec<i64> = conn
            .prepare("SELECT DISTINCT srs_id FROM gpkg_contents WHERE data_type = 'features'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(srs, [4326]);
        let org: (String, i64) = conn
            .query_row(
                "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(org, ("EPSG".to_string(), 4326));
        let geometry_columns = strings(
            &conn,
            "SELECT table_name || '.' || column_name || ':' || geometry_type_name || ':' || srs_id FROM gpkg_geometry_columns ORDER BY table_name",
        );
        assert_eq!(
            geometry_columns,
            [
                "events.geom:POINT:4326",
                "periods.geom:POINT:4326",
                "sites.geom:POINT:4326"
            ]
        );

        // Geometry blobs: GP, version 0, flags little-endian + xy envelope, SRS 4326, WKB point.
        let data = chronomap::bundled::dataset().unwrap().dataset;
        let mut stmt = conn
            .prepare("SELECT geom, id FROM sites ORDER BY fid")
            .unwrap();
        let rows: Vec<(Vec<u8>, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 8);
        for ((blob, id), site) in rows.iter().zip(&data.sites) {
            assert_eq!(id, &site.id);
            assert_eq!(&blob[0..4], b"GP\x00\x03", "{id}");
            assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
            let f = |i: usize| f64::from_le_bytes(blob[i..i + 8].try_into().unwrap());
            assert_eq!(blob[40], 1, "WKB little-endian");
            assert_eq!(
                u32::from_le_bytes(blob[41..45].try_into().unwrap()),
                1,
                "WKB point"
            );
            assert!((f(45) - site.lon).abs() < 1e-6 && (f(53) - site.lat).abs() < 1e-6);
            assert_eq!((f(8), f(16), f(24), f(32)), (f(45), f(45), f(53), f(53)));
        }

        // Styles: one default per layer, QGIS's table layout, parseable QML.
        let styles: Vec<(String, String, String, i64, String)> = conn
            .prepare(
                "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault, update_time
                 FROM layer_styles ORDER BY f_table_name",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(styles.len(), 3);
        for (table, column, qml, default, time) in &styles {
            assert_eq!(column, "geom");
            assert_eq!(*default, 1, "{table}");
            assert_eq!(
                time, "2023-05-08T00:00:00.000Z",
                "dated by the data, not the clock"
            );
            assert!(qml.contains("<temporal enabled=\"1\""), "{table}");
            parse_xml(qml);
        }
        let cols = strings(
            &conn,
            "SELECT name FROM pragma_table_info('layer_styles') ORDER BY cid",
        );
        for c in [
            "f_table_catalog",
            "f_table_schema",
            "f_table_name",
            "f_geometry_column",
            "styleName",
            "styleQML",
            "styleSLD",
            "useAsDefault",
            "description",
            "owner",
            "ui",
            "update_time",
        ] {
            assert!(cols.iter().any(|x| x == c), "layer_styles lacks {c}");
        }
    }

    #[test]
    fn dates_are_iso_text_in_date_columns_and_match_the_geojson() {
        let (_dir, out) = export_ok(&[]);
        let conn = open(&out.join("chronomap.gpkg"));
        for layer in ["sites", "events", "periods"] {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT name, type FROM pragma_table_info('{layer}')"
                ))
                .unwrap();
            let columns: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let json = read_json(&out.join(format!("{layer}.geojson")));
            let features = json["features"].as_array().unwrap();
            let count: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {layer}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(count as usize, features.len(), "{layer}");
            for (name, kind) in &columns {
                if name.ends_with("_date") {
                    assert_eq!(kind, "DATE", "{layer}.{name}");
                    let mut stmt = conn
                        .prepare(&format!(
                            "SELECT {name}, typeof({name}) FROM {layer} ORDER BY fid"
                        ))
                        .unwrap();
                    let values: Vec<(Option<String>, String)> = stmt
                        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                        .unwrap()
                        .map(Result::unwrap)
                        .collect();
                    for ((value, ty), f) in values.iter().zip(features) {
                        match value {
                            Some(v) => {
                                assert_eq!(ty, "text");
                                assert!(is_full_date(v), "{layer}.{name} = {v}");
                            }
                            None => assert_eq!(ty, "null"),
                        }
                        assert_eq!(
                            value.as_deref(),
                            f["properties"][name.as_str()].as_str(),
                            "{layer}.{name}"
                        );
                    }
                }
            }
        }
    }
}

/// GDAL decides field types the way QGIS will see them: start/end dates must come out as Date.
#[test]
fn gdal_types_the_date_fields_as_date_in_geojson_and_geopackage() {
    if !support::external::require(
        "gdal_types_the_date_fields_as_date_in_geojson_and_geopackage",
        &["ogrinfo"],
        "apt-get install -y gdal-bin",
    ) {
        return;
    }
    let (_dir, out) = export_ok(&[]);
    let expect = [
        ("sites", &["first_date", "last_date", "status_date"][..]),
        ("events", &["start_date", "end_date"][..]),
        ("periods", &["start_date", "end_date"][..]),
    ];
    for (layer, fields) in expect {
        let sources = [
            (out.join(format!("{layer}.geojson")), layer),
            (out.join("chronomap.gpkg"), layer),
        ];
        for (file, name) in &sources {
            let o = Command::new("ogrinfo")
                .args(["-ro", "-so"])
                .arg(file)
                .arg(name)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            for field in fields {
                assert!(
                    text.contains(&format!("\n{field}: Date (")),
                    "{}: {field} is not typed Date:\n{text}",
                    file.display()
                );
            }
            if *name == "events" {
                assert!(text.contains("\ndate: String ("), "{text}");
            }
            assert!(!text.contains("Warning"), "{text}");
        }
    }
}
