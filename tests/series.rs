//! `chronomap series`: every year's files, the sheet, the timeline, the GIF and the viewer,
//! stable label positions, partial failure, and the viewer on real output in a browser.

mod support;

use support::run::{chronomap, label_positions};

use std::time::Duration;
use support::viewer_page::{read_state, set_slider, wait_for_year};
use support::webdriver::Browser;

#[test]
fn series_writes_every_year_the_sheet_the_timeline_the_gif_and_the_viewer() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = chronomap(
        dir.path(),
        &[
            "series",
            "--from",
            "2012",
            "--to",
            "2015",
            "--sheet",
            "--timeline",
            "--animate",
            "--quiet",
            "--out-dir",
            "s",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "--quiet and a non-terminal stderr must print nothing: {err}"
    );
    assert!(out.is_empty(), "--quiet also silences the summary: {out}");
    let s = dir.path().join("s");
    let mut previous = None;
    for year in 2012..=2015 {
        let svg = std::fs::read_to_string(s.join(format!("{year}.svg"))).unwrap();
        assert!(svg.contains(&format!("Status at end of {year}")));
        let png = std::fs::read(s.join(format!("{year}.png"))).unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap()
            .info()
            .clone();
        assert_eq!((info.width, info.height), (1600, 1000));
        // Every site keeps its label position from one year to the next.
        let now = label_positions(&svg);
        assert_eq!(now.len(), 8);
        if let Some(prev) = previous.replace(now.clone()) {
            assert_eq!(prev, now, "a label moved between {} and {year}", year - 1);
        }
    }
    // The sheet: one group per year, one legend, ids unique.
    let sheet = std::fs::read_to_string(s.join("sheet.svg")).unwrap();
    let doc = roxmltree::Document::parse(&sheet).unwrap();
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for year in 2012..=2015 {
        assert!(
            ids.contains(&format!("year-{year}").as_str()),
            "no cell for {year}"
        );
    }
    assert_eq!(ids.iter().filter(|i| **i == "legend").count(), 1);
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids in the sheet");
    assert!(s.join("sheet.png").exists() && s.join("timeline.png").exists());
    let timeline = std::fs::read_to_string(s.join("timeline.svg")).unwrap();
    assert!(timeline.contains("Manas"));
    // The animation: one frame per year, looping forever.
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options
        .read_info(std::fs::File::open(s.join("animation.gif")).unwrap())
        .unwrap();
    let mut frames = 0;
    while decoder.read_next_frame().unwrap().is_some() {
        frames += 1;
    }
    assert_eq!(frames, 4);
    assert_eq!(decoder.repeat(), gif::Repeat::Infinite);
    let html = std::fs::read_to_string(s.join("index.html")).unwrap();
    assert!(html.contains("2015.svg") && !html.contains("http://") && !html.contains("https://"));
    // The viewer links to the interactive web map of the same years, written beside it.
    assert!(html.contains("<a href=\"map.html\">"));
    let web = std::fs::read_to_string(s.join("map.html")).unwrap();
    assert!(web.contains("id=\"web-data\"") && web.contains("<span class=\"end\">2015</span>"));
}

#[test]
fn a_failure_partway_names_the_file_and_keeps_the_finished_years() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    // A folder where 2014.png should go: that one file cannot be written.
    std::fs::create_dir_all(s.join("2014.png")).unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "series",
            "--from",
            "2012",
            "--to",
            "2015",
            "--quiet",
            "--out-dir",
            "s",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("2014.png"),
        "the error must name the file: {err}"
    );
    for year in [2012, 2013, 2015] {
        let svg = std::fs::read_to_string(s.join(format!("{year}.svg"))).unwrap();
        roxmltree::Document::parse(&svg).unwrap();
        assert!(s.join(format!("{year}.png")).is_file());
    }
    let leftovers: Vec<_> = std::fs::read_dir(&s)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_year_of_a_series_is_the_same_picture_as_rendering_that_year_alone() {
    // The series draws the basemap once and only the changing layers per year; the result
    // must be the very pixels a single `render` of that year gives.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "series",
            "--from",
            "2013",
            "--to",
            "2015",
            "--format",
            "png",
            "--quiet",
            "--out-dir",
            "s",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for year in ["2013", "2015"] {
        let (code, _, err) = chronomap(dir.path(), &["render", "--year", year, "-o", "one.png"]);
        assert_eq!(code, 0, "{err}");
        let alone = std::fs::read(dir.path().join("one.png")).unwrap();
        let in_series = std::fs::read(dir.path().join(format!("s/{year}.png"))).unwrap();
        assert!(
            alone == in_series,
            "{year}.png differs from render --year {year}"
        );
    }
}

#[test]
fn bad_series_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (
            vec!["series", "--from", "2015", "--to", "2012"],
            "after --to",
        ),
        (vec!["series", "--format", "svg,tiff"], "\"tiff\""),
    ] {
        let (code, _, err) = chronomap(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn the_viewer_steps_through_real_series_output_in_a_browser() {
    if !support::webdriver::browser_available(
        "the_viewer_steps_through_real_series_output_in_a_browser",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "series",
            "--from",
            "2013",
            "--to",
            "2015",
            "--format",
            "svg",
            "--quiet",
            "--out-dir",
            "s",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let browser = Browser::start().unwrap_or_else(|e| panic!("{e}"));
    let index = dir.path().join("s/index.html");
    browser.goto(&Browser::file_url(&index).unwrap()).unwrap();
    let wait = Duration::from_secs(10);
    wait_for_year(&browser, 2013, wait).unwrap();
    let first = read_state(&browser).unwrap();
    assert_eq!(first.img_src, "2013.svg", "{first:?}");
    set_slider(&browser, 1).unwrap();
    wait_for_year(&browser, 2014, wait).unwrap();
    let s = read_state(&browser).unwrap();
    assert_eq!(s.img_src, "2014.svg", "{s:?}");
    assert!(
        s.events.iter().any(|e| e.contains("Manas")),
        "2014 lists the closure of Manas: {s:?}"
    );
    // The map itself loads and is the 2014 file.
    browser
        .wait_for(
            "return document.getElementById('map').naturalWidth > 0;",
            wait,
        )
        .unwrap();
    assert_ne!(first.events, s.events);
}

/// The README's example in a real terminal: `series` once froze there after two maps, when
/// the progress bar's worker threads and the main thread fought over stderr. `script` gives
/// the command a pseudo-terminal, so stderr is a terminal and the bar is drawn.
#[test]
fn series_finishes_in_a_terminal_with_a_live_progress_bar() {
    let test = "series_finishes_in_a_terminal_with_a_live_progress_bar";
    if !support::external::require(
        test,
        &["script", "timeout"],
        "apt-get install -y util-linux coreutils",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "{} series --from 2001 --to 2023 --sheet --timeline --animate --out-dir s",
        env!("CARGO_BIN_EXE_chronomap")
    );
    // A hang is turned into a failure by `timeout` (exit 124) rather than a stuck test run.
    let out = std::process::Command::new("timeout")
        .args(["120", "script", "-qefc", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("CHRONOMAP_CACHE_DIR", "")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the series did not finish in a terminal: {screen}"
    );
    // The bar was drawn, moved, and ended full, before the summary line.
    assert!(
        screen.contains("series [------------------------------] 0/27 steps"),
        "{screen}"
    );
    assert!(screen.contains("] 12/27 steps"), "{screen}");
    let full = screen
        .find("series [##############################] 27/27 steps")
        .unwrap_or_else(|| panic!("no full bar: {screen}"));
    let summary = screen.find("wrote to s: 23 yearly maps").expect("summary");
    assert!(full < summary, "{screen}");
    for file in [
        "2001.png",
        "2023.svg",
        "sheet.png",
        "timeline.png",
        "animation.gif",
        "index.html",
        "map.html",
    ] {
        assert!(dir.path().join("s").join(file).is_file(), "{file} missing");
    }
}
