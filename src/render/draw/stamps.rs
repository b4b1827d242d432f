//! The stamp cache: a small shape that recurs (a site symbol, a place dot) is drawn once
//! per paint and quarter-pixel position, and laid on the page wherever it recurs.

use super::ops::{Affine, Band, Op};
use super::shapes::build_shape;
use crate::color::Color as SceneColor;
use crate::scene::{Item, Paint, Pt};
use resvg::tiny_skia::Pixmap;
use std::sync::Arc;
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The largest shape, in pixels either way, drawn as a stamp.
const STAMP_MAX: f64 = 40.0;

/// Stamp positions are rounded to this fraction of a pixel (and shapes to a sixteenth of
/// that), so that a symbol repeated at thousands of places is drawn a few dozen times.
const STAMP_STEPS: f64 = 4.0;

/// Small shapes already drawn, by their quantized geometry, paint and sub-pixel position.
#[derive(Default)]
pub(super) struct Stamps {
    /// Shared by the threads that build the display list: a sprite depends only on its key,
    /// so whichever thread draws it first, the pixels are the same.
    pub(super) sprites: std::sync::Mutex<HashMap<Vec<i64>, Arc<Pixmap>>>,
}

/// A small shape in pixels, relative to its reference point, ready to become a sprite.
struct PixelShape {
    /// The reference point (the centre, corner or first point) on the page, in pixels.
    reference: (f64, f64),
    /// The shape, its coordinates relative to the reference point and snapped to 1/64 px.
    shape: Item,
    /// The stroke width in pixels (0 without a stroke), snapped likewise.
    stroke: f64,
    /// The dashes in pixels, snapped likewise.
    dash: Vec<f64>,
}

/// Where a sprite goes: its top-left corner relative to the whole pixel the reference point
/// falls in, and the quantized fraction of a pixel it falls at.
struct SpriteBox {
    /// The whole pixel of the reference point.
    pixel: (f64, f64),
    /// The quantized fraction of a pixel, 0 to 3/4 in steps of 1/[`STAMP_STEPS`].
    fraction: Pt,
    /// The sprite's top-left corner relative to `pixel`.
    origin: (f64, f64),
    /// The sprite's size in pixels.
    size: (u32, u32),
}

impl Stamps {
    /// A stamp for `item` if it is a small circle, rectangle or path; `None` otherwise.
    pub(super) fn stamp(&self, item: &Item, at: Affine) -> Option<Op> {
        let paint = shape_paint(item)?;
        let px = pixel_shape(item, at)?;
        let place = sprite_box(&px)?;
        let key = stamp_key(&px.shape, place.fraction, px.stroke, &px.dash);
        let sprite = self.sprite(key, || draw_sprite(&px, paint, &place))?;
        Some(Op::Stamp {
            sprite,
            x: (place.pixel.0 + place.origin.0) as i32,
            y: (place.pixel.1 + place.origin.1) as i32,
            opacity: paint.opacity.clamp(0.0, 1.0) as f32,
        })
    }

    /// The sprite stored under `key`, drawn by `draw` and stored if there is none yet (the
    /// first one stored wins, so every thread gets the same picture).
    fn sprite(&self, key: Vec<i64>, draw: impl FnOnce() -> Option<Pixmap>) -> Option<Arc<Pixmap>> {
        let lock = || {
            self.sprites
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(known) = lock().get(&key).cloned() {
            return Some(known);
        }
        let pixmap = draw()?;
        Some(
            lock()
                .entry(key)
                .or_insert_with(|| Arc::new(pixmap))
                .clone(),
        )
    }
}

/// The paint of a circle, a rectangle or a path of at most 24 points; `None` for anything
/// else, which is never stamped.
fn shape_paint(item: &Item) -> Option<&Paint> {
    match item {
        Item::Circle { paint, .. } | Item::Rect { paint, .. } => Some(paint),
        Item::Path { parts, paint, .. } if parts.iter().map(Vec::len).sum::<usize>() <= 24 => {
            Some(paint)
        }
        _ => None,
    }
}

/// The shape in pixels, relative to its reference point, snapped to the 1/64 px of the key:
/// the sprite is then drawn from the key alone, so it is the same picture whichever of the
/// shapes that share the key is met first, on whichever thread.
fn pixel_shape(item: &Item, at: Affine) -> Option<PixelShape> {
    let paint = shape_paint(item)?;
    let reference = match item {
        Item::Circle { center, .. } => *center,
        Item::Rect { x, y, .. } => (*x, *y),
        Item::Path { parts, .. } => *parts.iter().find_map(|p| p.first())?,
        _ => return None,
    };
    let (rx, ry) = at.apply(reference);
    let (rx, ry) = (f64::from(rx), f64::from(ry));
    let relative = |p: Pt| {
        let (x, y) = at.apply(p);
        (snap(f64::from(x) - rx), snap(f64::from(y) - ry))
    };
    let shape: Item = match item {
        Item::Circle { r, .. } => Item::Circle {
            center: (0.0, 0.0),
            r: snap(f64::from(at.length(*r))),
            paint: paint.clone(),
        },
        Item::Rect { w, h, .. } => {
            let (w, h) = relative((reference.0 + w, reference.1 + h));
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w,
                h,
                paint: paint.clone(),
            }
        }
        Item::Path { parts, closed, .. } => Item::Path {
            parts: parts
                .iter()
                .map(|part| part.iter().map(|p| relative(*p)).collect())
                .collect(),
            closed: *closed,
            paint: paint.clone(),
        },
        _ => return None,
    };
    // The stroke and its dashes in pixels, as the sprite is drawn at one unit per pixel.
    let stroke = paint
        .stroke
        .as_ref()
        .map_or(0.0, |_| snap(f64::from(at.length(paint.stroke_width))));
    let dash = paint
        .dash
        .iter()
        .map(|d| snap(f64::from(at.length(*d))))
        .collect();
    Some(PixelShape {
        reference: (rx, ry),
        shape,
        stroke,
        dash,
    })
}

/// Where the sprite of `px` goes and how large it is; `None` when the shape with its stroke
/// is larger than [`STAMP_MAX`] (or not finite), and is drawn directly instead.
fn sprite_box(px: &PixelShape) -> Option<SpriteBox> {
    let (min, max) = extent(&px.shape)?;
    let pad = px.stroke / 2.0 + 1.5;
    if !(max.0 - min.0 + 2.0 * pad <= STAMP_MAX && max.1 - min.1 + 2.0 * pad <= STAMP_MAX) {
        return None;
    }
    // Where the reference point falls: a whole pixel plus a quantized fraction.
    let q = |v: f64| (v * STAMP_STEPS).round() / STAMP_STEPS;
    let (qx, qy) = (q(px.reference.0), q(px.reference.1));
    let (ix, iy) = (qx.floor(), qy.floor());
    let (fx, fy) = (qx - ix, qy - iy);
    // The sprite covers the shape and its stroke, with a pixel to spare.
    let (sx0, sy0) = ((fx + min.0 - pad).floor(), (fy + min.1 - pad).floor());
    let (sx1, sy1) = ((fx + max.0 + pad).ceil(), (fy + max.1 + pad).ceil());
    Some(SpriteBox {
        pixel: (ix, iy),
        fraction: (fx, fy),
        origin: (sx0, sy0),
        size: ((sx1 - sx0) as u32, (sy1 - sy0) as u32),
    })
}

/// Draws the sprite of `px`: the shape fully opaque (the stamp carries the opacity), at one
/// unit per pixel, placed in its box.
fn draw_sprite(px: &PixelShape, paint: &Paint, place: &SpriteBox) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(place.size.0, place.size.1)?;
    let mut ops = Vec::new();
    let opaque = Paint {
        opacity: 1.0,
        stroke_width: px.stroke,
        dash: px.dash.clone(),
        ..paint.clone()
    };
    let inside = Affine {
        sx: 1.0,
        sy: 1.0,
        tx: place.fraction.0 - place.origin.0,
        ty: place.fraction.1 - place.origin.1,
    };
    build_shape(&with_paint(&px.shape, opaque), inside, &mut ops);
    let whole = Band {
        x0: 0.0,
        y0: 0.0,
        x1: pixmap.width() as f32,
        y1: pixmap.height() as f32,
    };
    for op in &ops {
        op.draw(&mut pixmap.as_mut(), whole);
    }
    Some(pixmap)
}

/// The same shape with another paint.
fn with_paint(shape: &Item, paint: Paint) -> Item {
    let mut shape = shape.clone();
    match &mut shape {
        Item::Circle { paint: p, .. }
        | Item::Rect { paint: p, .. }
        | Item::Path { paint: p, .. } => *p = paint,
        _ => {}
    }
    shape
}

/// The smallest and largest corner of a shape's points (a circle's box).
fn extent(shape: &Item) -> Option<(Pt, Pt)> {
    let points: Vec<Pt> = match shape {
        Item::Circle { center, r, .. } => {
            vec![(center.0 - r, center.1 - r), (center.0 + r, center.1 + r)]
        }
        Item::Rect { x, y, w, h, .. } => vec![(*x, *y), (x + w, y + h)],
        Item::Path { parts, .. } => parts.iter().flatten().copied().collect(),
        _ => return None,
    };
    let finite = points.iter().all(|p| p.0.is_finite() && p.1.is_finite());
    let first = *points.first()?;
    let fold = |f: fn(f64, f64) -> f64| {
        points
            .iter()
            .fold(first, |acc, p| (f(acc.0, p.0), f(acc.1, p.1)))
    };
    finite.then(|| (fold(f64::min), fold(f64::max)))
}

/// A length in pixels rounded to the 1/64 px that stamps are told apart by.
fn snap(v: f64) -> f64 {
    (v * 64.0).round() / 64.0
}

/// What makes two stamps the same picture: the shape's kind and geometry (to 1/64 px), its
/// colours, stroke width and dashes in pixels, and where it sits inside its first pixel.
fn stamp_key(shape: &Item, fraction: Pt, stroke: f64, dash: &[f64]) -> Vec<i64> {
    let fine = |v: f64| (v * 64.0).round() as i64;
    let colour = |c: &Option<SceneColor>| {
        c.map_or(-1, |c| i64::from(u32::from_be_bytes([c.r, c.g, c.b, 255])))
    };
    let mut key = Vec::with_capacity(24);
    let paint = match shape {
        Item::Circle { r, paint, .. } => {
            key.extend([0, fine(*r)]);
            paint
        }
        Item::Rect { w, h, paint, .. } => {
            key.extend([1, fine(*w), fine(*h)]);
            paint
        }
        Item::Path {
            parts,
            closed,
            paint,
        } => {
            key.extend([2, i64::from(*closed)]);
            for part in parts {
                key.push(-(part.len() as i64));
                key.extend(part.iter().flat_map(|p| [fine(p.0), fine(p.1)]));
            }
            paint
        }
        _ => return key,
    };
    key.extend([
        fine(fraction.0),
        fine(fraction.1),
        fine(stroke),
        colour(&paint.fill),
        colour(&paint.stroke),
    ]);
    key.extend(dash.iter().map(|d| fine(*d)));
    key
}
