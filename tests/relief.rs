//! The shaded relief: its own SVG group holding an embedded picture, left out with
//! `--no-relief`, visible in the PNG over the mountains and hardly over the plains.

mod support;

use chronomap::layout::geometry::Rect;
use chronomap::layout::map::MapFrame;
use chronomap::layout::projection::{Extent, MapProjection};
use chronomap::layout::relief::relief;
use chronomap::layout::style::MapStyle;
use chronomap::scene::{Item, Raster};
use std::path::Path;
use support::run::chronomap;

/// Renders the bundled map to `dir/name` with `args`.
fn render(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let file = dir.join(name);
    let mut all = vec!["render", "-q", "-o", file.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, _, err) = chronomap(dir, &all);
    assert_eq!(code, 0, "{args:?}: {err}");
    file
}

/// A PNG as width, height and RGB(A) bytes with their channel count.
fn read_png(path: &Path) -> (usize, usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    buf.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, channels, buf)
}

#[test]
fn the_svg_has_a_relief_group_with_an_embedded_picture_and_no_relief_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let with = std::fs::read_to_string(render(dir.path(), "a.svg", &["--relief"])).unwrap();
    let without = std::fs::read_to_string(render(dir.path(), "b.svg", &["--no-relief"])).unwrap();
    let doc = roxmltree::Document::parse(&with).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("relief"))
        .expect("no relief group");
    // Inside the basemap, under the site layers.
    assert!(
        group
            .ancestors()
            .any(|a| a.attribute("id") == Some("basemap"))
    );
    let image = group
        .children()
        .find(|n| n.has_tag_name("image"))
        .expect("no image in the relief group");
    let href = image.attribute("href").unwrap();
    assert!(
        href.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{}",
        &href[..40]
    );
    assert!(
        href.len() > 10_000,
        "a relief picture of {} bytes",
        href.len()
    );
    assert!(!without.contains("id=\"relief\""));
    assert!(!without.contains("<image"));
    // The style switch does the same.
    std::fs::write(dir.path().join("flat.toml"), "[layers]\nrelief = false\n").unwrap();
    let styled = std::fs::read_to_string(render(
        dir.path(),
        "c.svg",
        &["--style", dir.path().join("flat.toml").to_str().unwrap()],
    ))
    .unwrap();
    assert_eq!(styled, without);
    // On by default, as --relief draws it.
    let plain = std::fs::read_to_string(render(dir.path(), "d.svg", &[])).unwrap();
    assert_eq!(plain, with);
    // A style can turn it on, and --no-relief still wins.
    std::fs::write(dir.path().join("hills.toml"), "[layers]\nrelief = true\n").unwrap();
    let hills = dir.path().join("hills.toml");
    let styled = std::fs::read_to_string(render(
        dir.path(),
        "e.svg",
        &["--style", hills.to_str().unwrap()],
    ))
    .unwrap();
    assert!(styled.contains("id=\"relief\""));
    let overridden = std::fs::read_to_string(render(
        dir.path(),
        "f.svg",
        &["--style", hills.to_str().unwrap(), "--no-relief"],
    ))
    .unwrap();
    assert_eq!(overridden, without);
}

#[test]
fn the_png_is_shaded_over_the_tian_shan_and_hardly_over_the_steppe() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h, ch, with) = read_png(&render(dir.path(), "a.png", &["--relief"]));
    let (w2, h2, ch2, without) = read_png(&render(dir.path(), "b.png", &["--no-relief"]));
    assert_eq!((w, h, ch), (w2, h2, ch2));
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let frame = MapFrame::new(&data, chronomap::bundled::basemap(), &MapStyle::default()).unwrap();
    let projection = MapProjection::fit(frame.extent, frame.frame).unwrap();
    let scale = w as f64 / frame.size.0;
    // Mean difference per channel over a grid of points in a window of degrees.
    let difference = |west: f64, south: f64, east: f64, north: f64| {
        let (mut sum, mut n) = (0.0, 0.0);
        for i in 0..30 {
            for j in 0..15 {
                let lon = west + (east - west) * f64::from(i) / 29.0;
                let lat = south + (north - south) * f64::from(j) / 14.0;
                let (x, y) = projection.to_page(lon, lat).unwrap();
                let (x, y) = ((x * scale) as usize, (y * scale) as usize);
                let k = (y.min(h - 1) * w + x.min(w - 1)) * ch;
                for c in 0..3 {
                    sum += (f64::from(with[k + c]) - f64::from(without[k + c])).abs();
                }
                n += 3.0;
            }
        }
        sum / n
    };
    let tian_shan = difference(74.0, 41.2, 78.0, 42.2);
    let steppe = difference(66.0, 44.3, 69.0, 45.3);
    assert!(
        tian_shan > 6.0,
        "Tian Shan changed by only {tian_shan:.1} per channel"
    );
    assert!(
        steppe < tian_shan / 4.0,
        "steppe {steppe:.1} vs Tian Shan {tian_shan:.1}"
    );
}

#[test]
fn the_pdf_carries_the_relief_picture_and_no_relief_leaves_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let with = std::fs::read(render(dir.path(), "a.pdf", &["--relief"])).unwrap();
    let without = std::fs::read(render(dir.path(), "b.pdf", &["--no-relief"])).unwrap();
    let images = |pdf: &[u8]| pdf.windows(15).filter(|w| w == b"/Subtype /Image").count();
    assert!(images(&with) >= 1, "no image in the PDF");
    assert_eq!(images(&without), 0);
}

/// The relief picture of the box west, south, east, north fitted into a `w`×`h` frame, at
/// `density` page pixels per unit, with or without the detailed hillshade.
fn picture(
    (west, south, east, north): (f64, f64, f64, f64),
    (w, h): (f64, f64),
    density: f64,
    detail: bool,
) -> (MapProjection, std::sync::Arc<Raster>) {
    use chronomap::bundled::basemap_bytes::{RELIEF, RELIEF_DETAIL};
    let extent = Extent {
        west,
        south,
        east,
        north,
    };
    let p = MapProjection::fit(extent, Rect::new(0.0, 0.0, w, h)).unwrap();
    let item = relief(RELIEF, detail.then_some(RELIEF_DETAIL), &p, density);
    let Some(Item::Image { image, .. }) = item else {
        panic!("no relief picture over {extent:?}");
    };
    (p, image)
}

/// A picture pixel as the signed shade it draws: below 0 darkened, above 0 lightened, on
/// the hillshade's scale (-128 the deepest shade, 128 full light).
fn signed_shade(image: &Raster, x: usize, y: usize) -> f64 {
    let k = (y * image.width as usize + x) * 2;
    let (grey, alpha) = (image.grey_alpha()[k], f64::from(image.grey_alpha()[k + 1]));
    if grey == 0 {
        -alpha / 64.0 * 128.0
    } else {
        alpha / 28.0 * 128.0
    }
}

#[test]
fn the_detailed_relief_draws_the_tian_shan_at_fifteen_seconds() {
    // The Kyrgyz Ala-Too south of Bishkek, 1.5° by 0.6°, on a page dense enough for 15″.
    let window = (74.0, 42.2, 75.5, 42.8);
    let (_, fine) = picture(window, (600.0, 300.0), 2.0, true);
    let (_, coarse) = picture(window, (600.0, 300.0), 2.0, false);
    // The detailed picture is sampled at the grid's 240 pixels per degree, the world one
    // at its own 30.
    let per_degree = |r: &Raster| f64::from(r.width) / 1.5;
    assert!(
        (per_degree(&fine) - 240.0).abs() < 30.0,
        "{}",
        per_degree(&fine)
    );
    assert!(
        (per_degree(&coarse) - 30.0).abs() < 5.0,
        "{}",
        per_degree(&coarse)
    );
    // Sampled at the same places 15″ apart, the detailed shade changes from one place to
    // the next far more: ridges and valleys the 2′ layer smooths over.
    let (mut fine_change, mut coarse_change, mut n) = (0.0, 0.0, 0.0);
    let at = |r: &Raster, u: f64, v: f64| {
        let x = ((u * f64::from(r.width)) as usize).min(r.width as usize - 1);
        let y = ((v * f64::from(r.height)) as usize).min(r.height as usize - 1);
        signed_shade(r, x, y)
    };
    let columns = fine.width as usize;
    for row in 1..20 {
        let v = f64::from(row) / 20.0;
        for i in 1..columns {
            let (u0, u1) = (
                (i as f64 - 0.5) / columns as f64,
                (i as f64 + 0.5) / columns as f64,
            );
            fine_change += (at(&fine, u1, v) - at(&fine, u0, v)).abs();
            coarse_change += (at(&coarse, u1, v) - at(&coarse, u0, v)).abs();
            n += 1.0;
        }
    }
    let (fine_change, coarse_change) = (fine_change / n, coarse_change / n);
    assert!(
        fine_change > 3.0 * coarse_change,
        "shade change per 15″: detailed {fine_change:.1}, world {coarse_change:.1}"
    );
    // Both are the same mountains in the same light: their mean shade agrees in sign.
    let mean = |r: &Raster| {
        let (w, h) = (r.width as usize, r.height as usize);
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| signed_shade(r, x, y).abs())
            .sum::<f64>()
            / (w * h) as f64
    };
    let (fine_tone, coarse_tone) = (mean(&fine), mean(&coarse));
    assert!(
        fine_tone > 0.5 * coarse_tone && fine_tone < 2.0 * coarse_tone,
        "mean absolute shade: detailed {fine_tone:.1}, world {coarse_tone:.1}"
    );
}

/// Mean signed shade of the picture's pixel columns (or rows) at each position along `axis`
/// ("x" or "y"), and the mean absolute shade of the whole picture.
fn profile(image: &Raster, across_x: bool) -> (Vec<f64>, f64) {
    let (w, h) = (image.width as usize, image.height as usize);
    let (len, other) = if across_x { (w, h) } else { (h, w) };
    let line = |k: usize| {
        (0..other)
            .map(|m| {
                let (x, y) = if across_x { (k, m) } else { (m, k) };
                signed_shade(image, x, y).abs()
            })
            .sum::<f64>()
            / other as f64
    };
    let lines: Vec<f64> = (0..len).map(line).collect();
    let mean = lines.iter().sum::<f64>() / len as f64;
    (lines, mean)
}

/// The mean absolute shade of the lines within `band` lines before and after line `edge`.
fn either_side(lines: &[f64], edge: usize, band: usize) -> (f64, f64) {
    let before = lines[edge - band..edge].iter().sum::<f64>() / band as f64;
    let after = lines[edge..edge + band].iter().sum::<f64>() / band as f64;
    (before, after)
}

#[test]
fn the_detailed_relief_has_no_seam_at_its_west_and_north_edges() {
    // West edge, 66.1375°E, through the Zeravshan and Turkestan ranges; north edge,
    // 44.7125°N, through the Dzungarian Alatau. Bundled-map density (1 page pixel per unit).
    for (window, west_edge) in [
        ((64.6, 38.6, 67.6, 40.6), true),
        ((77.0, 43.7, 81.0, 45.7), false),
    ] {
        let (p, image) = picture(window, (900.0, 600.0), 1.0, true);
        let (lines, mean) = profile(&image, west_edge);
        let edge_at = if west_edge {
            p.to_page(66.1375, (window.1 + window.3) / 2.0).unwrap().0 / 900.0
                * f64::from(image.width)
        } else {
            p.to_page((window.0 + window.2) / 2.0, 44.7125).unwrap().1 / 600.0
                * f64::from(image.height)
        };
        let edge = edge_at.round() as usize;
        // Lines just outside and just inside the edge (3 picture pixels, about 0.1°).
        let (outside, inside) = either_side(&lines, edge, 3);
        assert!(
            (outside - inside).abs() < 0.25 * mean.max(4.0),
            "{window:?}: mean absolute shade {outside:.1} just outside the edge, {inside:.1} \
             just inside (picture mean {mean:.1})"
        );
        // No single step between neighbouring lines at the edge stands out from the steps
        // elsewhere in the picture.
        let mut steps: Vec<f64> = lines.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        let at_edge = steps[edge - 2..edge + 2]
            .iter()
            .cloned()
            .fold(0.0, f64::max);
        steps.sort_by(f64::total_cmp);
        let typical = steps[steps.len() * 9 / 10];
        assert!(
            at_edge <= typical.max(1.0) * 1.5,
            "{window:?}: a step of {at_edge:.2} at the edge, 90th percentile {typical:.2}"
        );
    }
}

#[test]
fn far_from_the_detailed_grid_the_world_relief_is_drawn_as_before() {
    // The Baltic and Scandinavia: the detailed grid plays no part.
    let baltic = (10.0, 54.0, 30.0, 62.0);
    let (_, with) = picture(baltic, (800.0, 500.0), 1.0, true);
    let (_, without) = picture(baltic, (800.0, 500.0), 1.0, false);
    assert_eq!(with.key(), without.key());
    assert_eq!(with.grey_alpha(), without.grey_alpha());
    let (_, mean) = profile(&with, true);
    assert!(
        mean > 2.0,
        "the Scandinavian mountains are shaded: {mean:.1}"
    );
}
