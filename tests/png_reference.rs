//! The PNG maps as they ship: `chronomap render` pictures compared with reference images in
//! tests/golden/png, and the drawer (render::draw) compared with resvg on the same scene.
//!
//! The references are rewritten by `CHRONOMAP_BLESS=1 cargo test --test png_reference`.
//! A picture matches its reference when no channel of any pixel differs by more than
//! [`CHANNEL_TOLERANCE`] (2 of 255), except for at most [`OUTLIER_SHARE`] (0.1 %) of the
//! pixels: anti-aliasing may move by a shade between compilers and CPUs, a changed map may
//! not. On a mismatch the test writes target/png-diff/NAME.png: the reference faded, with
//! every pixel that differs by more than the tolerance in red.

mod support;

use chronomap::color::Color;
use chronomap::layout::map::MapFrame;
use chronomap::layout::style::MapStyle;
use chronomap::model::Dataset;
use chronomap::render::raster::Rgba;
use chronomap::scene::{Item, Layer, Scene};
use chronomap::timeline::{MapDate, Timeline};
use std::path::{Path, PathBuf};
use support::run::chronomap;

/// How far a channel may move without counting as a difference.
const CHANNEL_TOLERANCE: u8 = 2;
/// The share of pixels that may differ by more than [`CHANNEL_TOLERANCE`].
const OUTLIER_SHARE: f64 = 0.001;

/// An RGB picture decoded from a PNG.
struct Picture {
    width: u32,
    height: u32,
    /// Three bytes per pixel, row by row.
    rgb: Vec<u8>,
}

/// Decodes an 8-bit RGB or RGBA PNG (alpha dropped: every map is opaque).
fn decode(bytes: &[u8]) -> Picture {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Picture {
        width: info.width,
        height: info.height,
        rgb,
    }
}

/// Pixels as an RGB picture.
fn from_rgba(img: &Rgba) -> Picture {
    Picture {
        width: img.width,
        height: img.height,
        rgb: img
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
    }
}

/// Encodes an RGB picture as a PNG, as compact as the png crate makes it.
fn encode(p: &Picture) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, p.width, p.height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    enc.set_filter(png::FilterType::Paeth);
    enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&p.rgb).unwrap();
    w.finish().unwrap();
    out
}

/// How two pictures of one size differ.
struct Difference {
    /// Pixels with a channel more than [`CHANNEL_TOLERANCE`] apart.
    outliers: usize,
    /// The largest difference of any channel.
    worst: u8,
    /// The mean absolute difference per channel.
    mean: f64,
}

fn compare(a: &Picture, b: &Picture) -> Difference {
    assert_eq!((a.width, a.height), (b.width, b.height), "sizes differ");
    let mut d = Difference {
        outliers: 0,
        worst: 0,
        mean: 0.0,
    };
    let mut sum = 0u64;
    for (p, q) in a.rgb.chunks_exact(3).zip(b.rgb.chunks_exact(3)) {
        let most = (0..3).map(|k| p[k].abs_diff(q[k])).max().unwrap();
        sum += (0..3).map(|k| u64::from(p[k].abs_diff(q[k]))).sum::<u64>();
        d.worst = d.worst.max(most);
        if most > CHANNEL_TOLERANCE {
            d.outliers += 1;
        }
    }
    d.mean = sum as f64 / a.rgb.len() as f64;
    d
}

/// The reference faded to a fifth of its contrast, with the pixels that differ from
/// `actual` by more than the tolerance in pure red.
fn diff_image(reference: &Picture, actual: &Picture) -> Picture {
    let mut rgb = Vec::with_capacity(reference.rgb.len());
    for (p, q) in reference
        .rgb
        .chunks_exact(3)
        .zip(actual.rgb.chunks_exact(3))
    {
        let differs = (0..3).any(|k| p[k].abs_diff(q[k]) > CHANNEL_TOLERANCE);
        if differs {
            rgb.extend([255, 0, 0]);
        } else {
            rgb.extend(p.iter().map(|&c| 204 + c / 5));
        }
    }
    Picture {
        width: reference.width,
        height: reference.height,
        rgb,
    }
}

fn reference_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/png")
        .join(name)
}

/// Compares `png` (bytes as chronomap wrote them) with the reference `name`, or rewrites
/// the reference under `CHRONOMAP_BLESS`.
fn check_reference(name: &str, png: &[u8]) {
    let actual = decode(png);
    let path = reference_path(name);
    if std::env::var_os("CHRONOMAP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, encode(&actual)).unwrap();
        return;
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with CHRONOMAP_BLESS=1 cargo test --test png_reference",
            path.display()
        )
    });
    let reference = decode(&bytes);
    assert_eq!(
        (actual.width, actual.height),
        (reference.width, reference.height),
        "{name}: the picture's size changed"
    );
    let d = compare(&reference, &actual);
    let allowed = (reference.rgb.len() / 3) as f64 * OUTLIER_SHARE;
    if d.outliers as f64 > allowed {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/png-diff");
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join(name);
        std::fs::write(&out, encode(&diff_image(&reference, &actual))).unwrap();
        panic!(
            "{name}: {} pixels differ by more than {CHANNEL_TOLERANCE} (at most {allowed:.0} may; \
             worst channel difference {}). The differences are red in {}. If the change is \
             intended, run CHRONOMAP_BLESS=1 cargo test --test png_reference and look at the \
             new references.",
            d.outliers,
            d.worst,
            out.display()
        );
    }
}

/// Runs `chronomap render` with `args` and returns the PNG it wrote.
fn render_png(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["render", "-q", "-o", "map.png"];
    all.extend_from_slice(args);
    let (code, _, err) = chronomap(dir.path(), &all);
    assert_eq!(code, 0, "{err}");
    std::fs::read(dir.path().join("map.png")).unwrap()
}

#[test]
fn the_2012_map_matches_its_reference() {
    check_reference("map-2012.png", &render_png(&["--year", "2012"]));
}

#[test]
fn the_2017_map_matches_its_reference() {
    check_reference("map-2017.png", &render_png(&["--year", "2017"]));
}

#[test]
fn an_a4_page_at_150_dpi_matches_its_reference() {
    check_reference(
        "map-2014-a4-150dpi.png",
        &render_png(&["--year", "2014", "--paper", "a4", "--dpi", "150"]),
    );
}

#[test]
fn the_comparison_sees_a_changed_map() {
    // The 2012 and 2017 maps differ in their year, statuses and events panel: well beyond
    // the tolerance, so a real change cannot pass as anti-aliasing.
    let a = decode(&render_png(&["--year", "2012"]));
    let b = decode(&render_png(&["--year", "2017"]));
    let d = compare(&a, &b);
    assert!(
        d.outliers as f64 > (a.rgb.len() / 3) as f64 * OUTLIER_SHARE * 10.0,
        "only {} pixels differ",
        d.outliers
    );
}

fn bundled() -> Dataset {
    chronomap::bundled::dataset().unwrap().dataset
}

/// The 2012 map's scene, as `chronomap render` lays it out, with or without its relief.
fn scene_2012(data: &Dataset) -> Scene {
    scene_2012_relief(data, false)
}

fn scene_2012_relief(data: &Dataset, relief: bool) -> Scene {
    let mut style = MapStyle::default();
    let mut theme = (*style.theme).clone();
    theme.layers.relief = relief;
    style.theme = std::sync::Arc::new(theme);
    let frame = MapFrame::new(data, chronomap::bundled::basemap(), &style).unwrap();
    let date = MapDate::end_of_year(2012);
    let snap = date.snapshot(&Timeline::new(data));
    frame.scene(data, &snap, &date.subtitle, &date.news_heading)
}

/// Mean channel difference over the pixels either picture inks (not page colour): how far
/// the drawer and resvg disagree where there is something to see.
fn mean_over_inked(a: &Picture, b: &Picture, page: [u8; 3]) -> f64 {
    let (mut inked, mut sum) = (0u64, 0u64);
    for (p, q) in a.rgb.chunks_exact(3).zip(b.rgb.chunks_exact(3)) {
        if p != page || q != page {
            inked += 1;
            sum += (0..3).map(|k| u64::from(p[k].abs_diff(q[k]))).sum::<u64>();
        }
    }
    sum as f64 / (3 * inked.max(1)) as f64
}

/// Draws `scene` at `w`×`h` with resvg (from its SVG) and with the drawer.
fn both_ways(scene: &Scene, w: u32, h: u32) -> (Picture, Picture) {
    let svg = chronomap::render::svg::write_svg(scene);
    let by_resvg = chronomap::render::raster::rasterize(&svg, w, h).unwrap();
    let by_drawer = chronomap::render::draw::draw(scene, w, h).unwrap();
    (from_rgba(&by_resvg), from_rgba(&by_drawer))
}

/// The drawer that ships and resvg, which draws the same scene from its SVG, agree up to
/// anti-aliasing, the bevelled joins of thin strokes and the quarter-pixel snapping of
/// stamps. The scene has no relief: the two resample a picture differently, which
/// [`the_relief_picture_is_drawn_as_resvg_draws_it`] checks on its own. Drawn at 1.5 pixels per page unit, so that a stroke or dash not scaled with the
/// page shows. Measured when written: 0.74 % of the page's pixels beyond the tolerance, and
/// at most 4.3 (the sites layer) as the mean channel difference over a layer's inked pixels.
/// With every stroke at half width the page had 4.9 % beyond; with strokes not scaled to
/// pixels, 4.0 %; with only the stamps' strokes at half width, the sites layer had a mean of
/// 28.8 and the legend 11.3. The limits below sit between.
#[test]
fn the_drawer_agrees_with_resvg_on_the_same_scene() {
    let data = bundled();
    let scene = scene_2012(&data);
    let (w, h) = (2400, 1500);
    let (by_resvg, by_drawer) = both_ways(&scene, w, h);
    let d = compare(&by_resvg, &by_drawer);
    let share = d.outliers as f64 / f64::from(w * h);
    assert!(
        share < 0.015,
        "{:.2} % of the pixels differ by more than {CHANNEL_TOLERANCE} between the drawer and \
         resvg (at most 1.5 % may)",
        share * 100.0
    );
    let c = scene.background;
    for layer in &scene.layers {
        let alone = Scene {
            layers: vec![layer.clone()],
            ..scene.clone()
        };
        let (a, b) = both_ways(&alone, w, h);
        let mean = mean_over_inked(&a, &b, [c.r, c.g, c.b]);
        assert!(
            mean <= 8.0,
            "layer {}: the drawer and resvg differ by {mean:.1} per channel on average where \
             either draws (at most 8 may)",
            layer.id
        );
    }
}

/// The relief picture, stretched over the frame, is drawn as a plain bilinear resampling of
/// its pixels composited over the page would draw it. (resvg cannot be the reference here:
/// it is built without raster images and leaves `<image>` out.) Measured when written: a
/// mean channel difference of 0.14 over the picture; sampled a pixel off, 6.0; composited
/// without letting the page show through, 8.0.
#[test]
fn the_relief_picture_is_drawn_as_a_bilinear_resampling() {
    let data = bundled();
    let scene = scene_2012_relief(&data, true);
    let image = scene
        .layers
        .iter()
        .flat_map(|l| all_items(&l.items))
        .find(|i| matches!(i, Item::Image { .. }))
        .expect("the scene has no relief")
        .clone();
    let Item::Image {
        x,
        y,
        w,
        h,
        image: picture,
    } = &image
    else {
        unreachable!()
    };
    let mut layer = Layer::new("relief");
    layer.items.push(image.clone());
    let alone = Scene {
        layers: vec![layer],
        background: Color::WHITE,
        ..scene.clone()
    };
    let (pw, ph) = (1600u32, 1000u32);
    let drawn = chronomap::render::draw::draw(&alone, pw, ph).unwrap();
    let (sx, sy) = (f64::from(pw) / scene.width, f64::from(ph) / scene.height);
    let (iw, ih) = (picture.width as usize, picture.height as usize);
    let ga = picture.grey_alpha();
    // Premultiplied grey and alpha at picture pixel (i, j), clamped to the edge.
    let at = |i: i64, j: i64| {
        let i = i.clamp(0, iw as i64 - 1) as usize;
        let j = j.clamp(0, ih as i64 - 1) as usize;
        let (g, a) = (
            f64::from(ga[2 * (j * iw + i)]),
            f64::from(ga[2 * (j * iw + i) + 1]) / 255.0,
        );
        (g * a, a)
    };
    let (mut sum, mut n) = (0.0, 0u64);
    for py in (y * sy).ceil() as u32 + 1..((y + h) * sy).floor() as u32 - 1 {
        for px in (x * sx).ceil() as u32 + 1..((x + w) * sx).floor() as u32 - 1 {
            let fx = ((f64::from(px) + 0.5) / sx - x) / w * iw as f64 - 0.5;
            let fy = ((f64::from(py) + 0.5) / sy - y) / h * ih as f64 - 0.5;
            let (i0, j0) = (fx.floor() as i64, fy.floor() as i64);
            let (tx, ty) = (fx - fx.floor(), fy - fy.floor());
            let mix = |a: (f64, f64), b: (f64, f64), t: f64| {
                (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
            };
            let top = mix(at(i0, j0), at(i0 + 1, j0), tx);
            let bottom = mix(at(i0, j0 + 1), at(i0 + 1, j0 + 1), tx);
            let (g, a) = mix(top, bottom, ty);
            let want = g + 255.0 * (1.0 - a);
            let got = f64::from(drawn.data[4 * (py as usize * pw as usize + px as usize)]);
            sum += (want - got).abs();
            n += 1;
        }
    }
    let mean = sum / n as f64;
    assert!(n > 500_000, "only {n} pixels compared");
    assert!(
        mean < 1.0,
        "mean difference {mean:.2} from a bilinear resampling"
    );
}

/// Every item, groups opened.
fn all_items(items: &[Item]) -> Vec<&Item> {
    let mut out = Vec::new();
    for item in items {
        out.push(item);
        if let Item::Group { items, .. } = item {
            out.extend(all_items(items));
        }
    }
    out
}
