//! `chronomap timeline` run as a user would: default and chosen outputs, PNG, bad flags.

use std::path::Path;
use std::process::{Command, Output};

fn chronomap(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .env("CHRONOMAP_CACHE_DIR", "")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn writes_an_svg_to_output_timeline_svg_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap(dir.path(), &["timeline"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("wrote output/timeline.svg (1600×600 px, 2001–2023"),
        "{}",
        text(&o.stdout)
    );
    let svg = std::fs::read_to_string(dir.path().join("output/timeline.svg")).unwrap();
    assert!(svg.starts_with("<svg width=\"1600\" height=\"600\""));
    assert!(svg.contains("Site status through time, 2001–2023"));
    // Deterministic: a second run gives the same bytes.
    let o = chronomap(dir.path(), &["timeline"]);
    assert_eq!(o.status.code(), Some(0));
    let again = std::fs::read_to_string(dir.path().join("output/timeline.svg")).unwrap();
    assert_eq!(svg, again);
}

#[test]
fn writes_a_png_of_the_asked_size_and_years() {
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap(
        dir.path(),
        &[
            "timeline",
            "-o",
            "t/chart.PNG",
            "--from",
            "2010",
            "--to",
            "2020",
            "--width",
            "900",
            "--height",
            "420",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = std::fs::read(dir.path().join("t/chart.PNG")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (900, 420));
}

#[test]
fn charts_another_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let data = data.to_str().unwrap();
    let o = chronomap(dir.path(), &["timeline", "--data", data, "-o", "mini.svg"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let svg = std::fs::read_to_string(dir.path().join("mini.svg")).unwrap();
    assert!(svg.contains("Site status through time, 2001–2019"), "{svg}");
}

#[test]
fn bad_flags_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, message) in [
        (
            &["timeline", "-o", "t.pdf"][..],
            "the file name must end in .svg or .png",
        ),
        (
            &["timeline", "--from", "2020", "--to", "2010"][..],
            "--from 2020 is after --to 2010",
        ),
        (
            &["timeline", "--width", "50", "--height", "600"][..],
            "the smallest chart is 400×200 px",
        ),
        (&["timeline", "--height=-3"][..], "invalid value"),
        (
            &["timeline", "--from", "0", "--to", "5"][..],
            "--from 0: years run from 1 to 9999",
        ),
    ] {
        let o = chronomap(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(message),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unwritable_output_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blocker"), "x").unwrap();
    let o = chronomap(dir.path(), &["timeline", "-o", "blocker/t.svg"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("blocker"), "{}", text(&o.stderr));
}
