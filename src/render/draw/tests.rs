//! The drawer's tests: what a reader of the picture would notice.

use super::display_list::build_item;
use super::ops::{Affine, Band, Op};
use super::stamps::Stamps;
use super::*;
use crate::color::Color as SceneColor;
use crate::scene::{Item, Layer, Paint, Text};
use resvg::tiny_skia::{Color, Pixmap};

fn page(items: Vec<Item>) -> Scene {
    let mut layer = Layer::new("test");
    layer.items = items;
    Scene {
        width: 100.0,
        height: 100.0,
        pixel_width: 100,
        pixel_height: 100,
        background: SceneColor::WHITE,
        title: "test".into(),
        description: String::new(),
        layers: vec![layer],
    }
}

#[test]
fn a_picture_is_stretched_over_its_rectangle() {
    // 4×2 picture: black opaque in the left half of the top row, else transparent,
    // stretched over a 40×20 rectangle at (10, 30).
    let mut ga = vec![0u8; 16];
    ga[1] = 255;
    ga[3] = 255;
    let image = std::sync::Arc::new(crate::scene::Raster::new(4, 2, ga).unwrap());
    let img = draw(
        &page(vec![Item::Image {
            x: 10.0,
            y: 30.0,
            w: 40.0,
            h: 20.0,
            image,
        }]),
        100,
        100,
    )
    .unwrap();
    assert_eq!(pixel(&img, 12, 32), [0, 0, 0, 255]);
    assert_eq!(pixel(&img, 24, 34), [0, 0, 0, 255]);
    assert_eq!(pixel(&img, 45, 32), [255, 255, 255, 255]);
    assert_eq!(pixel(&img, 12, 47), [255, 255, 255, 255]);
    assert_eq!(pixel(&img, 5, 32), [255, 255, 255, 255]);
}

fn pixel(img: &Rgba, x: u32, y: u32) -> [u8; 4] {
    let i = (y * img.width + x) as usize * 4;
    [
        img.data[i],
        img.data[i + 1],
        img.data[i + 2],
        img.data[i + 3],
    ]
}

#[test]
fn text_is_drawn_where_the_layout_measured_it() {
    let text = Text::new(10.0, 60.0, "Manas", 20.0).color(SceneColor::lit("#000000"));
    let width = crate::fonts::text_width("Manas", 20.0, crate::fonts::FontStyle::Regular);
    let img = draw(&page(vec![Item::Text(text)]), 100, 100).unwrap();
    let inked: Vec<u32> = (0..100)
        .filter(|&x| (40..60).any(|y| pixel(&img, x, y)[0] < 128))
        .collect();
    let (first, last) = (inked[0], inked[inked.len() - 1]);
    assert!((10..=13).contains(&first), "text starts at {first}");
    let end = (10.0 + width) as u32;
    assert!(
        last <= end && last + 5 >= end,
        "text ends at {last}, measured {end}"
    );
}

#[test]
fn a_halo_surrounds_the_letters() {
    let text = Text::new(20.0, 60.0, "I", 40.0)
        .color(SceneColor::lit("#000000"))
        .halo(SceneColor::lit("#ff0000"), 3.0);
    let img = draw(&page(vec![Item::Text(text)]), 100, 100).unwrap();
    let row: Vec<[u8; 4]> = (0..100).map(|x| pixel(&img, x, 45)).collect();
    let black = row.iter().position(|p| p[0] < 60 && p[1] < 60).unwrap();
    let red = row.iter().position(|p| p[0] > 200 && p[1] < 60).unwrap();
    assert!(red < black, "the halo starts left of the letter");
}

#[test]
fn opacity_on_a_filled_and_stroked_shape_applies_to_the_whole_shape() {
    // A black square with a thick black outline at half opacity: where fill and stroke
    // overlap it must be as light as elsewhere, not darker.
    let paint = Paint::fill_stroke(SceneColor::lit("#000000"), SceneColor::lit("#000000"), 10.0)
        .with_opacity(0.5);
    let img = draw(
        &page(vec![Item::Rect {
            x: 20.0,
            y: 20.0,
            w: 60.0,
            h: 60.0,
            paint,
        }]),
        100,
        100,
    )
    .unwrap();
    let inside = pixel(&img, 50, 50)[0];
    let on_edge = pixel(&img, 20, 50)[0];
    assert!((i32::from(inside) - 128).abs() <= 2, "{inside}");
    assert!(
        (i32::from(on_edge) - i32::from(inside)).abs() <= 2,
        "{on_edge} vs {inside}"
    );
}

#[test]
fn bands_join_without_visible_seams() {
    // A circle across every band boundary: the same with 4 bands as drawn in one piece.
    let paint = Paint::fill_stroke(SceneColor::lit("#1b6fb5"), SceneColor::lit("#ffffff"), 1.4);
    let scene = page(vec![Item::Circle {
        center: (50.0, 50.0),
        r: 45.0,
        paint,
    }]);
    let banded = draw(&scene, 100, 100).unwrap();
    let mut whole = Pixmap::new(100, 100).unwrap();
    whole.fill(Color::WHITE);
    let mut list = Vec::new();
    for item in &scene.layers[0].items {
        build_item(
            item,
            Affine {
                sx: 1.0,
                sy: 1.0,
                tx: 0.0,
                ty: 0.0,
            },
            &mut list,
            None,
        );
    }
    let view = Band {
        x0: 0.0,
        y0: 0.0,
        x1: 100.0,
        y1: 100.0,
    };
    for op in &list {
        op.draw(&mut whole.as_mut(), view);
    }
    // Each band draws the shapes moved up by its top, so the anti-aliasing of an edge
    // can differ by a few shades from the picture drawn in one piece; a seam would be a
    // whole row of wrong pixels.
    let differing = banded
        .data
        .iter()
        .zip(whole.data())
        .filter(|(a, b)| a.abs_diff(**b) > 1)
        .count();
    assert!(differing < 100, "{differing} bytes differ");
    let worst = banded
        .data
        .iter()
        .zip(whole.data())
        .map(|(a, b)| a.abs_diff(*b))
        .max();
    assert!(worst <= Some(16), "{worst:?}");
}

#[test]
fn a_repeated_symbol_is_drawn_once_per_sub_pixel_position_and_looks_the_same() {
    let paint = Paint::fill_stroke(SceneColor::lit("#1b6fb5"), SceneColor::lit("#ffffff"), 1.4)
        .with_opacity(0.45);
    stamps_look_like_direct_drawing(&paint, 1.0);
}

/// Symbols whose radii differ by less than the stamps tell apart share a sprite; the
/// display list is built on several threads, so which of them is met first varies, and
/// the picture must not.
#[test]
fn the_picture_is_the_same_whichever_thread_draws_a_shared_stamp_first() {
    let mut layer = crate::scene::Layer::new("symbols");
    for i in 0..4000 {
        layer.items.push(Item::Circle {
            center: (
                2.0 + (i * 37 % 190) as f64 * 0.5,
                2.0 + (i * 53 % 190) as f64 * 0.5,
            ),
            r: 2.0 + (i % 7) as f64 * 0.002,
            paint: Paint::fill_stroke(SceneColor::lit("#1b6fb5"), SceneColor::lit("#ffffff"), 0.8),
        });
    }
    let scene = Scene {
        width: 100.0,
        height: 100.0,
        pixel_width: 300,
        pixel_height: 300,
        background: SceneColor::WHITE,
        title: "t".into(),
        description: String::new(),
        layers: vec![layer],
    };
    let first = draw(&scene, 300, 300).unwrap();
    for _ in 0..20 {
        assert!(draw(&scene, 300, 300).unwrap() == first);
    }
}

/// On a page drawn at more pixels than units (A4 at 300 dpi: 2.19 px per unit), the
/// sprite's stroke and dashes are scaled like the shape's.
#[test]
fn stamps_scale_their_strokes_and_dashes_with_the_page() {
    let ring = Paint::fill_stroke(SceneColor::lit("#ffffff"), SceneColor::lit("#3a3a3a"), 1.2);
    stamps_look_like_direct_drawing(&ring, 2.19);
    let dashed = Paint {
        dash: vec![1.5, 1.0],
        ..Paint::fill_stroke(SceneColor::lit("#ffffff"), SceneColor::lit("#3a3a3a"), 1.2)
    };
    stamps_look_like_direct_drawing(&dashed, 2.19);
}

/// Draws 300 circles with `paint` at `scale` pixels per unit, as stamps and directly, and
/// checks that the pictures differ only by the sub-pixel snapping of the stamps.
fn stamps_look_like_direct_drawing(paint: &Paint, scale: f64) {
    let items: Vec<Item> = (0..300)
        .map(|i| Item::Circle {
            center: (
                5.0 + (i * 37 % 90) as f64 + i as f64 * 0.013,
                5.0 + (i * 53 % 90) as f64,
            ),
            r: 4.5,
            paint: paint.clone(),
        })
        .collect();
    let stamps = Stamps::default();
    let (mut stamped, mut direct) = (Vec::new(), Vec::new());
    let at = Affine {
        sx: scale,
        sy: scale,
        tx: 0.0,
        ty: 0.0,
    };
    for item in &items {
        build_item(item, at, &mut stamped, Some(&stamps));
        build_item(item, at, &mut direct, None);
    }
    assert!(stamped.iter().all(|op| matches!(op, Op::Stamp { .. })));
    let sprites = stamps.sprites.lock().unwrap().len();
    assert!(sprites <= 16, "{sprites} sprites");
    let size = (100.0 * scale).ceil() as u32;
    let picture = |ops: &[Op]| {
        let mut p = Pixmap::new(size, size).unwrap();
        p.fill(Color::WHITE);
        let view = Band {
            x0: 0.0,
            y0: 0.0,
            x1: size as f32,
            y1: size as f32,
        };
        for op in ops {
            op.draw(&mut p.as_mut(), view);
        }
        p
    };
    let (a, b) = (picture(&stamped), picture(&direct));
    // Positions move by at most an eighth of a pixel: edges and dashes shift a little,
    // nothing more.
    let worst = a
        .data()
        .iter()
        .zip(b.data())
        .map(|(x, y)| x.abs_diff(*y))
        .max();
    // (Drawn with an unscaled stroke, the rings of the second test differ by 197.)
    assert!(worst <= Some(80), "{worst:?} at {scale} px per unit");
    let mean = a
        .data()
        .iter()
        .zip(b.data())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum::<u64>()
        / a.data().len() as u64;
    assert!(mean <= 1, "{mean} at {scale} px per unit");
}
