//! The shaded relief: its own SVG group holding an embedded picture, left out with
//! `--no-relief`, visible in the PNG over the mountains and hardly over the plains.

mod support;

use chronomap::layout::map::MapFrame;
use chronomap::layout::projection::MapProjection;
use chronomap::layout::style::MapStyle;
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
