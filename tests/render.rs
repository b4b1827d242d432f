//! The annotated map: layers, names, collision-free labels, stable positions, determinism,
//! golden files, and the `render` command's formats, sizes and errors.
//!
//! Golden files in tests/golden are rewritten by `CHRONOMAP_BLESS=1 cargo test --test render`.

mod support;

use support::run::{chronomap, label_positions};

use chronomap::layout::map::MapFrame;
use chronomap::layout::style::MapStyle;
use chronomap::model::{Dataset, DatasetFiles};
use chronomap::render::svg::write_svg;
use chronomap::timeline::MapDate;
use chronomap::timeline::Timeline;
use std::path::{Path, PathBuf};
use support::svg_boxes::{assert_no_collisions, by_id, texts_under};

fn fixture(name: &str) -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let (s, e, o) = (
        read("sites.geojson"),
        read("events.csv"),
        read("sources.csv"),
    );
    Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(&s)),
        events: ("events.csv", Ok(&e)),
        sources: ("sources.csv", Ok(&o)),
    })
    .unwrap()
    .dataset
}

fn bundled() -> Dataset {
    chronomap::bundled::dataset().unwrap().dataset
}

/// Renders the map of `year` the way `chronomap render` does.
fn svg_for(data: &Dataset, frame: &MapFrame, year: i32) -> String {
    let date = MapDate::end_of_year(year);
    let snap = date.snapshot(&Timeline::new(data));
    write_svg(&frame.scene(data, &snap, &date.subtitle, &date.news_heading))
}

fn frame_for(data: &Dataset) -> MapFrame {
    MapFrame::new(data, chronomap::bundled::basemap(), &MapStyle::default()).unwrap()
}

const LAYERS: [&str; 10] = [
    "basemap",
    "sites",
    "labels",
    "annotations",
    "legend",
    "scalebar",
    "north-arrow",
    "inset",
    "title",
    "credits",
];

#[test]
fn every_year_has_the_layers_the_eight_names_and_no_colliding_labels() {
    let data = bundled();
    let frame = frame_for(&data);
    for year in 2001..=2023 {
        let svg = svg_for(&data, &frame, year);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        for layer in LAYERS {
            let g = by_id(&doc, layer);
            assert!(g.has_tag_name("g"), "{year}: {layer} is not a group");
        }
        let labels: Vec<String> = texts_under(&doc, "labels")
            .into_iter()
            .map(|t| t.text)
            .collect();
        for name in [
            "Kant",
            "Osh",
            "Batken",
            "Issyk-Kul",
            "Mailuu-Suu",
            "Chaldybar",
            "Manas",
            "K-2",
        ] {
            assert!(
                labels
                    .iter()
                    .any(|l| l == name || l == &format!("{name} ‡")),
                "{year}: no label for {name} in {labels:?}"
            );
        }
        assert_no_collisions(&svg, &format!("bundled {year}"));
    }
}

#[test]
fn a_crowded_cluster_is_untangled_with_leader_lines_and_nothing_overlaps() {
    let data = fixture("crowded");
    let frame = frame_for(&data);
    let svg = svg_for(&data, &frame, 2015);
    assert_no_collisions(&svg, "crowded 2015");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let labelled = texts_under(&doc, "labels").len();
    let leaders = by_id(&doc, "labels")
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .count();
    assert!(
        leaders >= 3,
        "expected leader lines in the crowded cluster, found {leaders}"
    );
    let hidden = data.sites.len() - labelled;
    if hidden > 0 {
        let legend: Vec<String> = texts_under(&doc, "legend")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert!(
            legend
                .iter()
                .any(|t| t.contains(&format!("{hidden} sites left unlabelled"))
                    || t.contains("1 site left unlabelled")),
            "{hidden} labels are missing but the legend does not say so: {legend:?}"
        );
    }
}

#[test]
fn each_site_keeps_its_label_position_from_year_to_year() {
    let data = bundled();
    let frame = frame_for(&data);
    let mut previous: Option<Vec<(String, String, String)>> = None;
    for year in 2001..=2023 {
        let now = label_positions(&svg_for(&data, &frame, year));
        assert_eq!(now.len(), 8, "{year}: expected 8 site labels");
        if let Some(prev) = &previous {
            assert_eq!(prev, &now, "a label moved between {} and {year}", year - 1);
        }
        previous = Some(now);
    }
}

#[test]
fn text_from_the_data_is_escaped_in_the_svg() {
    let data = fixture("hostile");
    // Its two sites lie on opposite sides of the globe: an extent must be chosen.
    let style = MapStyle {
        extent: Some(chronomap::cli::map_args::parse_bbox("70,38,80,46").unwrap()),
        ..MapStyle::default()
    };
    assert!(
        MapFrame::new(&data, chronomap::bundled::basemap(), &MapStyle::default())
            .unwrap_err()
            .to_string()
            .contains("--bbox")
    );
    let frame = MapFrame::new(&data, chronomap::bundled::basemap(), &style).unwrap();
    let years: Vec<i32> = data.events.iter().map(|e| e.date.year()).collect();
    for year in years {
        let svg = svg_for(&data, &frame, year);
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{year}: invalid XML: {e}"));
        assert!(
            !svg.contains("<script"),
            "{year}: markup from the data got through"
        );
        assert!(
            svg.contains("&lt;Base&gt; &amp; &quot;Co&quot; ]]&gt;"),
            "{year}: the site name is not escaped"
        );
    }
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("CHRONOMAP_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with CHRONOMAP_BLESS=1 cargo test --test render",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(
                expected.lines().count().min(actual.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "{name} differs from the golden file at line {line}:\n  golden: {}\n  now:    {}\nIf the change is intended, run CHRONOMAP_BLESS=1 cargo test --test render and review the diff.",
            expected.lines().nth(line - 1).unwrap_or(""),
            actual.lines().nth(line - 1).unwrap_or("")
        );
    }
}

#[test]
fn golden_svgs_match_and_rendering_is_deterministic() {
    let data = bundled();
    let a = svg_for(&data, &frame_for(&data), 2014);
    let b = svg_for(&data, &frame_for(&data), 2014);
    assert_eq!(a, b, "two renders of the same input differ");
    golden("map-2014.svg", &a);
    let crowded = fixture("crowded");
    golden(
        "crowded-2015.svg",
        &svg_for(&crowded, &frame_for(&crowded), 2015),
    );
}

// ---- the command -------------------------------------------------------------------------

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn default_render_writes_the_latest_year_as_svg_in_output() {
    let dir = temp();
    let (code, out, err) = chronomap(dir.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let path = dir.path().join("output/map-2023.svg");
    assert!(out.contains("output/map-2023.svg"), "{out}");
    let svg = std::fs::read_to_string(path).unwrap();
    assert!(svg.contains(r#"width="1600" height="1000""#));
    assert!(svg.contains("Status at end of 2023"));
}

fn png_size_and_dpi(bytes: &[u8]) -> (u32, u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    let dims = info.pixel_dims.expect("the PNG records no pixel density");
    assert_eq!(dims.unit, png::Unit::Meter);
    (
        info.width,
        info.height,
        (f64::from(dims.xppu) * 0.0254).round() as u32,
    )
}

#[test]
fn png_has_the_exact_pixel_size_and_records_the_dpi() {
    let dir = temp();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--year", "2019", "-o", "m.png", "--width", "1200", "--height", "800",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(dir.path().join("m.png")).unwrap();
    assert_eq!(png_size_and_dpi(&bytes), (1200, 800, 96));
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render",
            "--year",
            "2019",
            "--format",
            "png",
            "-o",
            "a4.png",
            "--paper",
            "a4-landscape",
            "--dpi",
            "150",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(dir.path().join("a4.png")).unwrap();
    assert_eq!(png_size_and_dpi(&bytes), (1754, 1240, 150));
}

#[test]
fn pdf_is_vector_with_embedded_fonts_and_a4_page() {
    let dir = temp();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render",
            "--year",
            "2012",
            "-o",
            "m.pdf",
            "--paper",
            "a4-landscape",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(dir.path().join("m.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/FontFile2"),
        "no embedded TrueType font, so the text is not selectable"
    );
    assert!(
        text.contains("DejaVu"),
        "the PDF does not use the shipped DejaVu font"
    );
    // A4 landscape is 842 × 595 points.
    assert!(
        text.contains("/MediaBox [0 0 841.") || text.contains("/MediaBox [0 0 842"),
        "not an A4 landscape page"
    );
}

#[test]
fn bad_flags_are_usage_errors_and_write_nothing() {
    let dir = temp();
    for (args, needle) in [
        (vec!["render", "--format", "gif"], "--format \"gif\""),
        (
            vec!["render", "-o", "map.jpg"],
            "must end in .svg, .png or .pdf",
        ),
        (
            vec!["render", "-o", "map.svg", "--format", "png"],
            "does not match",
        ),
        (vec!["render", "--bbox", "81,36,64,45"], "W < E"),
        (vec!["render", "--bbox", "64,36,81"], "four numbers"),
        (
            vec!["render", "--width", "10", "--height", "10"],
            "outside the supported",
        ),
        (
            vec!["render", "--paper", "a3"],
            "a4, a4-landscape or letter",
        ),
        (vec!["render", "--date", "2019-02-30"], "--date"),
        (vec!["render", "--year", "0"], "--year"),
    ] {
        let (code, _, err) = chronomap(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert!(
        !dir.path().join("output").exists(),
        "a failed run wrote output"
    );
}

#[test]
fn a_failed_write_names_the_file_and_leaves_the_old_one_intact() {
    let dir = temp();
    std::fs::write(dir.path().join("blocker"), b"not a folder").unwrap();
    let (code, _, err) = chronomap(dir.path(), &["render", "-o", "blocker/map.svg"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("blocker"), "{err}");
    // An existing map survives a failed render over it untouched, and no temporary file remains.
    let old: PathBuf = dir.path().join("map.png");
    std::fs::write(&old, b"previous map").unwrap();
    let (code, _, _) = chronomap(
        dir.path(),
        &["--data", "missing-folder", "render", "-o", "map.png"],
    );
    assert_eq!(code, 1);
    assert_eq!(std::fs::read(&old).unwrap(), b"previous map");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn date_flag_shows_the_state_on_that_day() {
    let dir = temp();
    let (code, _, err) = chronomap(
        dir.path(),
        &["render", "--date", "2014-06-30", "-o", "m.svg"],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(svg.contains("Status on 2014-06-30"));
    // Manas closed in 2014 (year precision): on 30 June the closure may not have happened yet,
    // so by the time rule Manas is still active.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let manas = by_id(&doc, "site-manas");
    let title = manas.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Manas — Active"));
}

#[test]
fn portrait_and_print_pages_keep_labels_clear_and_inside_the_page() {
    use chronomap::layout::page::{PageSize, Paper};
    let data = bundled();
    for page in [
        PageSize::paper(Paper::A4, 150).unwrap(),
        PageSize::paper(Paper::A4Landscape, 300).unwrap(),
        PageSize::paper(Paper::Letter, 200).unwrap(),
        PageSize::pixels(1000, 1000).unwrap(),
    ] {
        let style = MapStyle {
            page,
            ..MapStyle::default()
        };
        let frame = MapFrame::new(&data, chronomap::bundled::basemap(), &style).unwrap();
        assert!(frame.frame.x1 <= frame.size.0 && frame.frame.y1 <= frame.size.1);
        for year in [2003, 2012, 2017, 2023] {
            let svg = svg_for(&data, &frame, year);
            assert_no_collisions(&svg, &format!("{page:?} {year}"));
            // Nothing in the side panel runs off the page.
            let doc = roxmltree::Document::parse(&svg).unwrap();
            for t in texts_under(&doc, "annotations")
                .into_iter()
                .chain(texts_under(&doc, "legend"))
            {
                assert!(
                    t.bbox.2 <= frame.size.0 + 0.5 && t.bbox.3 <= frame.size.1,
                    "{page:?} {year}: {:?} runs off the page: {:?}",
                    t.text,
                    t.bbox
                );
            }
        }
    }
}

/// The drawer that ships (render::draw, which `render` and `series` use for PNG) cuts the
/// page into a fixed number of bands, so the pixels and the PNG bytes are the same whatever
/// the number of threads drawing them.
#[test]
fn png_pixels_do_not_depend_on_the_number_of_cores() {
    let data = bundled();
    let frame = frame_for(&data);
    let date = MapDate::end_of_year(2012);
    let scene = frame.scene(
        &data,
        &date.snapshot(&Timeline::new(&data)),
        &date.subtitle,
        &date.news_heading,
    );
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                (
                    chronomap::render::draw::draw(&scene, 1600, 1000).unwrap(),
                    chronomap::render::draw::draw_png(&scene, 1600, 1000, 96).unwrap(),
                )
            })
    };
    let (one, one_png) = on(1);
    assert_eq!(one.data.len(), 1600 * 1000 * 4);
    let (three, three_png) = on(3);
    assert!(
        one == three,
        "the picture changes with the number of threads"
    );
    assert!(
        one_png == three_png,
        "the PNG bytes change with the number of threads"
    );
}
