//! The world basemap: datasets far from Central Asia get countries, names, the sea drawn as
//! water and a correct inset; the frame is covered by land to its edges at A4 and at a wide
//! `--bbox`; the tiled file reads back and refuses damage without panicking.

mod support;

use chronomap::layout::map::MapFrame;
use chronomap::layout::projection::MapProjection;
use chronomap::layout::style::MapStyle;
use chronomap::model::{Dataset, DatasetFiles};
use std::path::{Path, PathBuf};
use support::run::chronomap;
use support::svg_boxes::by_id;

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture(name: &str) -> Dataset {
    let dir = fixture_dir(name);
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

struct Png {
    width: usize,
    height: usize,
    channels: usize,
    rgba: Vec<u8>,
}

impl Png {
    fn read(path: &Path) -> Png {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = match info.color_type {
            png::ColorType::Rgba => 4,
            png::ColorType::Rgb => 3,
            other => panic!("unexpected PNG colour type {other:?}"),
        };
        buf.truncate(info.buffer_size());
        Png {
            width: info.width as usize,
            height: info.height as usize,
            channels,
            rgba: buf,
        }
    }

    fn at(&self, x: usize, y: usize) -> (u8, u8, u8) {
        let i = self.channels * (y.min(self.height - 1) * self.width + x.min(self.width - 1));
        (self.rgba[i], self.rgba[i + 1], self.rgba[i + 2])
    }
}

/// The sea colour (`colors::WATER`), give or take anti-aliasing and faint lines.
fn is_water((r, g, b): (u8, u8, u8)) -> bool {
    let (wr, wg, wb) = (0xb7, 0xd3, 0xe6);
    (r as i32 - wr).abs() + (g as i32 - wg).abs() + (b as i32 - wb).abs() < 30
}

/// Renders `args` with chronomap into `dir`, as SVG and PNG; returns (svg text, png).
fn render(dir: &Path, data: Option<&Path>, args: &[&str]) -> (String, Png) {
    let mut out = (String::new(), None);
    for ext in ["svg", "png"] {
        let file = dir.join(format!("map.{ext}"));
        let mut all: Vec<&str> = Vec::new();
        let data_arg;
        if let Some(d) = data {
            data_arg = d.to_str().unwrap().to_string();
            all.extend(["--data", &data_arg]);
        }
        all.push("render");
        all.extend(args);
        let file_arg = file.to_str().unwrap().to_string();
        all.extend(["-o", &file_arg]);
        let (code, _, err) = chronomap(dir, &all);
        assert_eq!(code, 0, "{err}");
        if ext == "svg" {
            out.0 = std::fs::read_to_string(&file).unwrap();
        } else {
            out.1 = Some(Png::read(&file));
        }
    }
    (out.0, out.1.unwrap())
}

/// The texts of the basemap's names.
fn basemap_names(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    by_id(&doc, "basemap-labels")
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.descendants().filter_map(|t| t.text()).collect::<String>())
        .collect()
}

/// The map frame's rectangle in page units (the first rectangle of the basemap group).
fn frame_rect(svg: &str) -> (f64, f64, f64, f64) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let rect = by_id(&doc, "basemap")
        .children()
        .find(|n| n.has_tag_name("rect"))
        .unwrap();
    let v = |k: &str| rect.attribute(k).unwrap().parse::<f64>().unwrap();
    (v("x"), v("y"), v("width"), v("height"))
}

fn page_width(svg: &str) -> f64 {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let vb = doc.root_element().attribute("viewBox").unwrap();
    vb.split_whitespace().nth(2).unwrap().parse().unwrap()
}

/// Checks a dataset far from the bundled region: named countries, water at sea points, land
/// at land points, and an inset with the whole neighbourhood's countries.
fn check_region(name: &str, countries: &[&str], sea: &[(f64, f64)], land: &[(f64, f64)]) {
    let data = fixture(name);
    let frame = MapFrame::new(&data, chronomap::bundled::basemap(), &MapStyle::default()).unwrap();
    let projection = MapProjection::fit(frame.extent, frame.frame).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = render(dir.path(), Some(&fixture_dir(name)), &[]);
    let names = basemap_names(&svg);
    for c in countries {
        assert!(
            names.iter().any(|n| n.contains(c)),
            "{name}: no country name {c} in {names:?}"
        );
    }
    let scale = png.width as f64 / page_width(&svg);
    let pixel = |lon: f64, lat: f64| {
        let (x, y) = projection.to_page(lon, lat).unwrap();
        assert!(frame.frame.contains((x, y)), "{lon},{lat} is off the map");
        png.at((x * scale) as usize, (y * scale) as usize)
    };
    for &(lon, lat) in sea {
        assert!(
            is_water(pixel(lon, lat)),
            "{name}: {lon},{lat} should be sea"
        );
    }
    for &(lon, lat) in land {
        assert!(
            !is_water(pixel(lon, lat)),
            "{name}: {lon},{lat} should be land"
        );
    }
    // The inset: many countries drawn (the whole neighbourhood) and the red outline.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let inset = by_id(&doc, "inset");
    let fills = inset
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("fill") == Some("#ebe7df"))
        .count();
    assert!(fills >= 15, "{name}: only {fills} countries in the inset");
    assert!(
        inset.descendants().any(|n| n.has_tag_name("path")
            && n.attribute("stroke").is_some_and(|s| s.starts_with("#c"))),
        "{name}: no red outline in the inset"
    );
}

#[test]
fn a_baltic_dataset_gets_named_countries_the_sea_and_an_inset() {
    check_region(
        "baltic",
        &["ESTONIA", "LATVIA", "LITHUANIA", "FINLAND", "SWEDEN"],
        &[(20.0, 57.0), (24.0, 59.8), (17.0, 55.5)],
        &[(25.3, 58.9), (25.5, 56.5), (14.5, 60.3)],
    );
}

#[test]
fn a_levant_dataset_gets_named_countries_the_sea_and_an_inset() {
    check_region(
        "levant",
        &["SYRIA", "TURKEY", "LEBANON", "JORDAN"],
        &[(34.5, 34.0), (33.0, 32.5)],
        &[(39.0, 35.5), (36.5, 38.5), (40.5, 33.0)],
    );
}

/// The share of sampled pixels just inside the frame's edges that are not water.
fn land_on_edges(svg: &str, png: &Png, edges: &[&str]) -> f64 {
    let (x, y, w, h) = frame_rect(svg);
    let scale = png.width as f64 / page_width(svg);
    let (x0, y0, x1, y1) = (
        ((x + 3.0) * scale) as usize,
        ((y + 3.0) * scale) as usize,
        ((x + w - 3.0) * scale) as usize,
        ((y + h - 3.0) * scale) as usize,
    );
    let mut samples = Vec::new();
    for i in 0..=100 {
        let t = i as f64 / 100.0;
        let sx = x0 + ((x1 - x0) as f64 * t) as usize;
        let sy = y0 + ((y1 - y0) as f64 * t) as usize;
        for e in edges {
            samples.push(match *e {
                "top" => png.at(sx, y0),
                "bottom" => png.at(sx, y1),
                "left" => png.at(x0, sy),
                _ => png.at(x1, sy),
            });
        }
    }
    samples.iter().filter(|&&c| !is_water(c)).count() as f64 / samples.len() as f64
}

#[test]
fn the_a4_map_has_land_to_the_top_and_bottom_of_its_frame() {
    // The bundled map's A4 page is taller than the old regional basemap: land ran out in a
    // curved edge across the top and bottom of the frame.
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = render(dir.path(), None, &["--paper", "a4", "--dpi", "96"]);
    let land = land_on_edges(&svg, &png, &["top", "bottom", "left", "right"]);
    assert!(
        land > 0.93,
        "only {:.0} % of the frame's edges is land",
        land * 100.0
    );
}

#[test]
fn a_wide_bbox_is_covered_to_its_edges_with_named_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = render(dir.path(), None, &["--bbox", "55,30,95,50"]);
    let land = land_on_edges(&svg, &png, &["top", "bottom", "left", "right"]);
    // The Caspian and the Gulf of Oman reach the left edge; everything else is land.
    assert!(
        land > 0.85,
        "only {:.0} % of the frame's edges is land",
        land * 100.0
    );
    let names = basemap_names(&svg);
    for c in ["CHINA", "INDIA", "MONGOLIA", "RUSSIA", "IRAN", "KAZAKHSTAN"] {
        assert!(names.iter().any(|n| n.contains(c)), "no {c} in {names:?}");
    }
}

#[test]
fn the_world_file_reads_back_and_a_damaged_copy_is_refused_without_panic() {
    use chronomap::bundled::basemap_bytes::WORLD;
    use chronomap::input::world::World;
    let world = World::parse(WORLD).unwrap();
    assert!(world.countries.len() >= 250, "{}", world.countries.len());
    let kgz = world.countries.iter().find(|c| c.code == "KGZ").unwrap();
    assert!(
        kgz.names
            .iter()
            .any(|(k, v)| k == "name_ru" && v == "Киргизия")
    );
    // Every tile decodes.
    let all = world.query((-180.0, -90.0, 180.0, 90.0)).unwrap();
    assert!(all.places.len() > 20_000 && all.countries.len() >= 250);
    assert!(all.places.iter().any(|p| p.name == "Mailuu-Suu"));
    // Truncated or altered copies give an error (or, by chance, another valid file), never
    // a panic.
    for cut in [3, 10, 1000, WORLD.len() / 2, WORLD.len() - 1] {
        let bytes: &'static [u8] = Box::leak(WORLD[..cut].to_vec().into_boxed_slice());
        assert!(World::parse(bytes).is_err(), "a copy cut at {cut} was read");
    }
    let mut flipped = WORLD.to_vec();
    for i in (5..flipped.len()).step_by(flipped.len() / 50) {
        flipped[i] ^= 0x5a;
    }
    let bytes: &'static [u8] = Box::leak(flipped.into_boxed_slice());
    if let Ok(w) = World::parse(bytes) {
        let _ = w.query((-180.0, -90.0, 180.0, 90.0));
    }
}

#[test]
fn the_bundled_map_draws_rivers_in_their_own_group_and_names_the_main_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = render(dir.path(), None, &[]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let rivers = by_id(&doc, "rivers");
    // Inside the basemap, under the sites and labels.
    assert_eq!(
        rivers.parent().and_then(|p| p.attribute("id")),
        Some("basemap")
    );
    let lines: usize = rivers
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| n.attribute("d").unwrap().matches('M').count())
        .sum();
    assert!(lines > 50, "only {lines} river lines");
    let names = basemap_names(&svg);
    for river in [
        "Naryn",
        "Syr Darya",
        "Amu Darya",
        "Chu",
        "Talas",
        "Kara Darya",
        "Zeravshan",
        "Ili",
    ] {
        assert!(
            names.iter().any(|n| n.contains(river)),
            "no {river} in {names:?}"
        );
    }
    // The Naryn's name is drawn next to its line: some river-coloured pixels lie within a
    // label's height below the text's baseline.
    let naryn = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.text() == Some("Naryn"))
        .unwrap();
    let x: f64 = naryn.attribute("x").unwrap().parse().unwrap();
    let y: f64 = naryn.attribute("y").unwrap().parse().unwrap();
    let scale = png.width as f64 / page_width(&svg);
    let near = (0..16).any(|dy| {
        (-15..15).any(|dx| {
            let (r, g, b) = png.at(
                ((x + dx as f64) * scale) as usize,
                ((y + dy as f64) * scale) as usize,
            );
            // WATER_EDGE #7ea7c6, blended.
            let (r, g, b) = (r as i32, g as i32, b as i32);
            b > r + 40 && b > g + 10
        })
    });
    assert!(near, "no river line under the Naryn's name");
}

#[test]
fn a_style_can_switch_the_rivers_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dry.toml"), "[layers]\nrivers = false\n").unwrap();
    let file = dir.path().join("dry.svg");
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render",
            "--style",
            "dry.toml",
            "-q",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let rivers = by_id(&doc, "rivers");
    assert_eq!(
        rivers
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .count(),
        0,
        "river lines drawn with rivers = false"
    );
    let names = basemap_names(&svg);
    for river in ["Naryn", "Syr Darya", "Chu"] {
        assert!(
            !names.iter().any(|n| n.contains(river)),
            "{river} named with rivers = false: {names:?}"
        );
    }
    // The other names are still there.
    assert!(names.iter().any(|n| n.contains("Bishkek")), "{names:?}");
}
