//! The map adapts to the page rather than being scaled: on a screen map, an A4 page either
//! way round and the default page, no text is smaller than the page allows (9 px on a
//! screen, 6.5 pt in print), nothing in the panel overlaps, and labels stay clear.

mod support;

use support::run::chronomap;
use support::svg_boxes::{BBox, TextBox, assert_no_collisions, texts_under};

/// (name, flags, smallest text in pixels)
const PAGES: [(&str, &[&str], f64); 4] = [
    ("1600×1000", &[], 9.0),
    ("800×500", &["--width", "800", "--height", "500"], 9.0),
    (
        "A4 landscape",
        &["--paper", "a4-landscape"],
        6.5 / 72.0 * 300.0,
    ),
    ("A4 portrait", &["--paper", "a4"], 6.5 / 72.0 * 300.0),
];

fn render(dir: &std::path::Path, page: &[&str], year: &str) -> String {
    let mut args = vec!["render", "--year", year, "-o", "m.svg"];
    args.extend_from_slice(page);
    let (code, _, err) = chronomap(dir, &args);
    assert_eq!(code, 0, "{args:?}: {err}");
    std::fs::read_to_string(dir.join("m.svg")).unwrap()
}

/// Pixels per design unit: the SVG's width in pixels over its viewBox width.
fn pixels_per_unit(doc: &roxmltree::Document) -> f64 {
    let root = doc.root_element();
    let width: f64 = root.attribute("width").unwrap().parse().unwrap();
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    width / view[2]
}

#[test]
fn every_page_keeps_its_type_readable_and_its_panel_clear() {
    let dir = tempfile::tempdir().unwrap();
    for (name, flags, floor) in PAGES {
        for year in ["2003", "2014", "2017", "2023"] {
            let what = format!("{name}, {year}");
            let svg = render(dir.path(), flags, year);
            assert_no_collisions(&svg, &what);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let ppu = pixels_per_unit(&doc);
            for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let size: f64 = t.attribute("font-size").unwrap().parse().unwrap();
                let px = size * ppu;
                let text: String = t
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                assert!(
                    px >= floor - 0.01,
                    "{what}: {text:?} is {px:.1} px, under {floor:.1} px"
                );
            }
            // The panel's texts, the title and the credits: no two overlap, all on the page.
            let (w, h) = {
                let root = doc.root_element();
                let v: Vec<f64> = root
                    .attribute("viewBox")
                    .unwrap()
                    .split_whitespace()
                    .map(|v| v.parse().unwrap())
                    .collect();
                (v[2], v[3])
            };
            let mut boxes: Vec<TextBox> = Vec::new();
            for id in ["legend", "annotations", "title", "credits"] {
                boxes.extend(texts_under(&doc, id));
            }
            for b in &boxes {
                assert!(
                    b.bbox.inside(&BBox(0.0, 0.0, w, h)),
                    "{what}: {:?} leaves the page: {:?}",
                    b.text,
                    b.bbox
                );
            }
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(
                        !a.bbox.overlaps(&b.bbox, 0.5),
                        "{what}: {:?} and {:?} overlap",
                        a.text,
                        b.text
                    );
                }
            }
        }
    }
}

#[test]
fn a_portrait_page_leaves_no_quarter_empty() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), &["--paper", "a4"], "2014");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let h: f64 = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    // Whatever is lowest on the page above the credits: the panel's last line, or the frame.
    let mut lowest: f64 = 0.0;
    for id in ["legend", "annotations", "basemap"] {
        for t in texts_under(&doc, id) {
            lowest = lowest.max(t.bbox.3);
        }
    }
    assert!(
        lowest > 0.75 * h,
        "the content ends at {lowest:.0} of {h:.0}"
    );
}
