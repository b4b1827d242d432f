//! Every GeoPackage chronomap writes passes GDAL's conformance validator for the OGC
//! GeoPackage standard (`validate_gpkg.py --extra --warning-as-error`): readers stricter than
//! QGIS (ArcGIS, older GDAL, mobile apps) hold a file to the standard.

mod support;

use std::path::PathBuf;
use support::gpkg_validator;
use support::run::chronomap;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Exports `data` (or the bundled dataset) into a fresh folder; returns it and the `.gpkg`.
fn export(data: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["export", "--out-dir", "out"];
    if let Some(d) = data {
        args.extend(["--data", d]);
    }
    let (code, _, err) = chronomap(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    let gpkg = dir.path().join("out/chronomap.gpkg");
    (dir, gpkg)
}

#[test]
fn the_bundled_export_passes_the_validator() {
    if !gpkg_validator::available() {
        return;
    }
    let (_dir, gpkg) = export(None);
    gpkg_validator::problems(&gpkg).unwrap();
}

#[test]
fn an_export_without_events_passes_the_validator() {
    if !gpkg_validator::available() {
        return;
    }
    let (_dir, gpkg) = export(Some(&fixture("no-events")));
    gpkg_validator::problems(&gpkg).unwrap();
}

#[test]
fn an_export_of_hostile_text_passes_the_validator() {
    if !gpkg_validator::available() {
        return;
    }
    let (_dir, gpkg) = export(Some(&fixture("hostile")));
    gpkg_validator::problems(&gpkg).unwrap();
}
