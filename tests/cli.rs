//! Runs the `chronomap` binary as a user would, in temporary folders, and checks exit codes and output.

use std::process::{Command, Output};

fn chronomap(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .env("CHRONOMAP_CACHE_DIR", "")
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_on_the_bundled_data_works_from_any_folder() {
    let o = chronomap(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("bundled dataset: OK"), "{out}");
    assert!(out.contains("sites:   8\n"), "{out}");
    assert!(out.contains("warnings: 0"), "{out}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn history_shows_dates_at_their_precision_status_and_sources() {
    let o = chronomap(&["history", "kant"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Kant (kant): air base, Russia, KGZ\n"),
        "{out}"
    );
    // Day, month and year precision are each kept as written.
    assert!(out.contains("\n2003-10-23  opened      active"), "{out}");
    assert!(out.contains("\n2012-12     lease       active"), "{out}");
    assert!(out.contains("\n2012        merger      active"), "{out}");
    // The disputed merger date is shown on both rows.
    assert!(
        out.contains("‡ disputed: kant-2017-merger gives 2017"),
        "{out}"
    );
    assert!(
        out.contains("‡ disputed: kant-2012-merger gives 2012"),
        "{out}"
    );
    assert!(out.contains("\nSources:\n[2] "), "{out}");
}

#[test]
fn history_of_batken_reads_proposed_from_the_kazan_statement_of_24_june_2017() {
    let o = chronomap(&["history", "batken"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("\n2017-06-24  statement  proposed      [2][4]"),
        "{out}"
    );
    // The June row's year comes from "this year" in an October 2017 report, and says so.
    assert!(out.contains("(year inferred"), "{out}");
}

#[test]
fn history_finds_sites_by_alternative_name() {
    let o = chronomap(&["history", "Chaldovar"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Chaldybar (chaldybar)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn history_of_all_sites_has_a_site_column_and_every_event() {
    let o = chronomap(&["history"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("DATE        SITE"), "{out}");
    let data = chronomap::bundled::dataset().unwrap().dataset;
    for e in &data.events {
        assert!(out.contains(&*e.summary), "missing {}", e.id);
    }
}

#[test]
fn an_unknown_site_is_a_usage_error_with_a_suggestion() {
    let o = chronomap(&["history", "knat"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("there is no site \"knat\". Did you mean 'kant'?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let o = chronomap(&["check", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = chronomap(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = chronomap(&[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_data_folder_is_a_data_error() {
    let o = chronomap(&["check", "--data", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no/such/folder: the data folder does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_documents_the_exit_codes() {
    let o = chronomap(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("Exit codes:\n  0  success"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn another_dataset_of_the_same_shape_loads_with_data() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");
    let o = chronomap(&["--data", fixture, "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("sites:   3\n"), "{}", stdout(&o));
}

/// A copy of the bundled dataset with its own `basemap/` folder, for `--data`.
fn data_with_basemap() -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
    let dir = tempfile::tempdir().unwrap();
    for f in ["sites.geojson", "events.csv", "sources.csv"] {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("basemap")).unwrap();
    let regional =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basemap_regional");
    for entry in std::fs::read_dir(regional).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("basemap").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_basemap_folder_in_the_data_is_used_and_a_broken_one_is_named() {
    let data = data_with_basemap();
    let out = data.path().join("map.svg");
    let render = || {
        let (d, o) = (data.path().to_str().unwrap(), out.to_str().unwrap());
        chronomap(&["--data", d, "render", "--year", "2014", "-o", o])
    };
    let o = render();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out).unwrap().contains("Issyk-Kul"));

    // Two broken layers: the error names the first in file order, whatever finishes first.
    let layer = |name: &str, text: &str| {
        std::fs::write(data.path().join("basemap").join(name), text).unwrap();
    };
    layer("lakes.geojson", "{not json");
    layer("places.geojson", "[]");
    let o = render();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("lakes.geojson") && err.contains("not valid JSON"),
        "{err}"
    );
    assert!(!err.contains("places.geojson"), "{err}");
    layer(
        "lakes.geojson",
        r#"{"type":"FeatureCollection","features":[]}"#,
    );
    let o = render();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("places.geojson"), "{}", stderr(&o));
}
