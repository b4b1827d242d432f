//! Scene to pixels without an SVG round trip: shapes and glyph outlines drawn straight with
//! tiny-skia, the rasterizer resvg itself uses.
//!
//! Drawing works in two steps. First the scene becomes a display list in pixel space: every
//! path transformed once, every stroke wider than a pixel turned into the outline it fills
//! (so it is computed once, not once per band), every text turned into glyph outlines set
//! exactly as [`crate::fonts::text_width`] measured them for the layout, and every small
//! shape that repeats (a site symbol, a dot) drawn once per paint and quarter-pixel position
//! as a stamp. Then the page is cut into [`BANDS`](super::raster::BANDS) horizontal bands,
//! drawn in parallel, each skipping what lies outside it. An [`Underlay`] keeps the pixels of
//! the layers a series shares (the basemap), so each year draws only what lies above them.
//!
//! Paint follows the SVG the same scene is written as: fill under stroke, round caps,
//! even-odd rings, a halo stroked under its text, and `opacity` on a shape with both a fill
//! and a stroke applied to the shape as a whole (drawn in a layer of its own). Joins are
//! round, except on strokes under 3 px, where a bevel is within a tenth of a pixel of it.

use super::png_stream::PngStream;
use super::raster::{RenderError, Rgba, check_size, draw_in_bands_then};
use crate::fonts::{outline_glyph, set_line};
use crate::scene::{Anchor, Item, Paint, Pt, Scene, Text};
use std::sync::Arc;
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use resvg::tiny_skia::{
    self, Color, FillRule, LineCap, LineJoin, Path, PathBuilder, Pixmap, PixmapMut, PixmapPaint,
    Stroke, StrokeDash, Transform,
};

/// Draws `scene` at exactly `width`×`height` pixels on its opaque background.
///
/// ```
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut layer = Layer::new("shapes");
/// layer.items.push(Item::Rect { x: 0.0, y: 0.0, w: 5.0, h: 10.0, paint: Paint::fill("#ff0000") });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
///     background: "#ffffff".into(), title: "t".into(), description: String::new(), layers: vec![layer] };
/// let img = chronomap::render::draw::draw(&scene, 20, 20).unwrap();
/// assert_eq!(&img.data[..4], &[255, 0, 0, 255]); // left half red
/// assert_eq!(&img.data[15 * 4..16 * 4], &[255, 255, 255, 255]); // right half the page
/// ```
pub fn draw(scene: &Scene, width: u32, height: u32) -> Result<Rgba, RenderError> {
    draw_from(scene, None, width, height)
}

/// The first layers of a page drawn once, to draw many pages that share them (the basemap
/// of every year of a series) without drawing those layers again.
///
/// ```
/// use chronomap::render::draw::{Underlay, draw, draw_from};
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut base = Layer::new("basemap");
/// base.items.push(Item::Rect { x: 0.0, y: 0.0, w: 10.0, h: 5.0, paint: Paint::fill("#00ff00") });
/// let mut sites = Layer::new("sites");
/// sites.items.push(Item::Circle { center: (5.0, 5.0), r: 2.0, paint: Paint::fill("#ff0000") });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
///     background: "#ffffff".into(), title: "t".into(), description: String::new(), layers: vec![base, sites] };
/// let underlay = Underlay::new(&scene, 1, 20, 20).unwrap();
/// assert_eq!(draw_from(&scene, Some(&underlay), 20, 20).unwrap(), draw(&scene, 20, 20).unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Underlay {
    background: String,
    layers: Vec<crate::scene::Layer>,
    pixels: Rgba,
}

impl Underlay {
    /// Draws the first `layers` layers of `scene` at `width`×`height` pixels.
    pub fn new(
        scene: &Scene,
        layers: usize,
        width: u32,
        height: u32,
    ) -> Result<Underlay, RenderError> {
        let base = Scene {
            layers: scene.layers[..layers.min(scene.layers.len())].to_vec(),
            ..scene.clone()
        };
        let pixels = draw(&base, width, height)?;
        Ok(Underlay {
            background: base.background,
            layers: base.layers,
            pixels,
        })
    }

    /// Whether `scene` starts with exactly these layers, at this size and background.
    fn fits(&self, scene: &Scene, width: u32, height: u32) -> bool {
        self.pixels.width == width
            && self.pixels.height == height
            && self.background == scene.background
            && scene.layers.get(..self.layers.len()) == Some(&self.layers[..])
    }
}

/// Draws `scene` like [`draw`], starting from `underlay`'s pixels and drawing only the layers
/// after it when the scene starts with the underlay's layers. A scene that does not (another
/// basemap, another size) is drawn whole, so the pixels are always those of [`draw`].
pub fn draw_from(
    scene: &Scene,
    underlay: Option<&Underlay>,
    width: u32,
    height: u32,
) -> Result<Rgba, RenderError> {
    let data = paint(scene, underlay, width, height, |_| Ok(()))?;
    // The page is opaque, so premultiplied and straight alpha are the same bytes.
    Ok(Rgba {
        width,
        height,
        data,
    })
}

/// Draws `scene` like [`draw`] and encodes it as a PNG recording `dpi`, each band encoded as
/// soon as it is drawn while the bands below it are still being drawn. The bytes are those
/// of [`encode_png`](super::raster::encode_png) of [`draw`].
///
/// ```
/// use chronomap::render::draw::{draw, draw_png};
/// use chronomap::render::raster::encode_png;
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut layer = Layer::new("shapes");
/// layer.items.push(Item::Circle { center: (5.0, 5.0), r: 3.0, paint: Paint::fill("#336699") });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 40, pixel_height: 40,
///     background: "#ffffff".into(), title: "t".into(), description: String::new(), layers: vec![layer] };
/// let png = draw_png(&scene, 40, 40, 96).unwrap();
/// assert_eq!(png, encode_png(&draw(&scene, 40, 40).unwrap(), 96).unwrap());
/// ```
pub fn draw_png(scene: &Scene, width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, RenderError> {
    check_size(width, height)?;
    let mut png = PngStream::new(width, height, dpi)?;
    if !scene.description.is_empty() {
        png.add_text("Description", &scene.description)?;
    }
    paint(scene, None, width, height, |rows| png.push_rows(rows))?;
    png.finish()
}

/// Draws the page into a new pixel buffer, handing each band's rows to `done` in page order
/// as it is finished (see [`draw_in_bands_then`]).
fn paint(
    scene: &Scene,
    underlay: Option<&Underlay>,
    width: u32,
    height: u32,
    done: impl FnMut(&[u8]) -> Result<(), RenderError>,
) -> Result<Vec<u8>, RenderError> {
    check_size(width, height)?;
    if !(scene.width > 0.0 && scene.height > 0.0) {
        return Err(RenderError(format!(
            "a page of {}×{} units cannot be drawn",
            scene.width, scene.height
        )));
    }
    let page = Affine {
        sx: f64::from(width) / scene.width,
        sy: f64::from(height) / scene.height,
        tx: 0.0,
        ty: 0.0,
    };
    let underlay = underlay.filter(|u| u.fits(scene, width, height));
    let skip = underlay.map_or(0, |u| u.layers.len());
    let list = display_list(&scene.layers[skip..], page);
    // Without an underlay each band paints its own background, so the page's memory is
    // first touched by the threads that draw it.
    let (mut data, background) = match underlay {
        Some(u) => (u.pixels.data.clone(), None),
        None => (
            vec![0; width as usize * height as usize * 4],
            Some({
                // The page is opaque whatever the background says.
                let mut color = parse_color(&scene.background).unwrap_or(Color::WHITE);
                color.set_alpha(1.0);
                color
            }),
        ),
    };
    draw_in_bands_then(
        &mut data,
        width,
        height,
        |band, top| {
            if let Some(color) = background {
                band.fill(color);
            }
            let view = Band {
                x0: 0.0,
                y0: top as f32,
                x1: width as f32,
                y1: (top + band.height()) as f32,
            };
            for op in &list {
                op.draw(band, view);
            }
        },
        done,
    )?;
    Ok(data)
}

/// The drawing steps for `layers`, in order, built on all cores: stroke outlines, glyph
/// outlines and stamps are the costly part of drawing a page that is not banded.
fn display_list(layers: &[crate::scene::Layer], page: Affine) -> Vec<Op> {
    use rayon::prelude::*;
    /// Items per task: enough that a map of 100,000 symbols is not 100,000 tasks.
    const ITEMS_PER_TASK: usize = 16;
    let items: Vec<&Item> = layers.iter().flat_map(|l| &l.items).collect();
    let stamps = Stamps::default();
    let parts: Vec<Vec<Op>> = items
        .par_chunks(ITEMS_PER_TASK)
        .map(|chunk| {
            let mut ops = Vec::new();
            for item in chunk {
                build_item(item, page, &mut ops, Some(&stamps));
            }
            ops
        })
        .collect();
    let mut list = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        list.extend(part);
    }
    list
}

/// The part of the page a pixmap holds, in page pixels.
#[derive(Debug, Clone, Copy)]
struct Band {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Band {
    fn meets(&self, r: &tiny_skia::Rect) -> bool {
        r.left() < self.x1 && r.right() > self.x0 && r.top() < self.y1 && r.bottom() > self.y0
    }

    fn transform(&self) -> Transform {
        Transform::from_translate(-self.x0, -self.y0)
    }
}

/// One drawing step, in page pixels.
enum Op {
    /// Fill a path with a colour.
    Fill {
        path: Path,
        color: Color,
        rule: FillRule,
    },
    /// A stroke thinner than a pixel, drawn as a hairline in each band.
    Hairline {
        path: Path,
        color: Color,
        stroke: Stroke,
    },
    /// Steps drawn on their own and then laid on the page at an opacity.
    Layer { ops: Vec<Op>, opacity: f32 },
    /// A picture stretched over a rectangle of the page, smoothed between its pixels.
    Image {
        pixmap: Arc<Pixmap>,
        rect: tiny_skia::Rect,
    },
    /// A small picture drawn once and laid on the page wherever the same shape recurs.
    Stamp {
        sprite: Arc<Pixmap>,
        x: i32,
        y: i32,
        opacity: f32,
    },
}

impl Op {
    fn bounds(&self) -> Option<tiny_skia::Rect> {
        match self {
            Op::Fill { path, .. } => Some(path.bounds()),
            Op::Hairline { path, stroke, .. } => {
                path.bounds().outset(stroke.width + 1.0, stroke.width + 1.0)
            }
            Op::Image { rect, .. } => Some(*rect),
            Op::Stamp { sprite, x, y, .. } => tiny_skia::Rect::from_xywh(
                *x as f32,
                *y as f32,
                sprite.width() as f32,
                sprite.height() as f32,
            ),
            Op::Layer { ops, .. } => ops.iter().filter_map(Op::bounds).reduce(|a, b| {
                tiny_skia::Rect::from_ltrb(
                    a.left().min(b.left()),
                    a.top().min(b.top()),
                    a.right().max(b.right()),
                    a.bottom().max(b.bottom()),
                )
                .unwrap_or(a)
            }),
        }
    }

    fn draw(&self, pixmap: &mut PixmapMut<'_>, view: Band) {
        let Some(bounds) = self.bounds() else { return };
        if !view.meets(&bounds) {
            return;
        }
        match self {
            Op::Fill { path, color, rule } => {
                pixmap.fill_path(path, &solid(*color), *rule, view.transform(), None);
            }
            Op::Hairline {
                path,
                color,
                stroke,
            } => {
                pixmap.stroke_path(path, &solid(*color), stroke, view.transform(), None);
            }
            Op::Image {
                pixmap: image,
                rect,
            } => blend_stretched(pixmap, view, image, *rect),
            Op::Stamp {
                sprite,
                x,
                y,
                opacity,
            } => {
                pixmap.draw_pixmap(
                    x - view.x0 as i32,
                    y - view.y0 as i32,
                    sprite.as_ref().as_ref(),
                    &PixmapPaint {
                        opacity: *opacity,
                        ..PixmapPaint::default()
                    },
                    Transform::identity(),
                    None,
                );
            }
            Op::Layer { ops, opacity } => {
                // The layer covers the part of the band the steps reach, plus a pixel of
                // anti-aliasing.
                let x0 = (bounds.left().max(view.x0) - 1.0).floor();
                let y0 = (bounds.top().max(view.y0) - 1.0).floor();
                let x1 = (bounds.right().min(view.x1) + 1.0).ceil();
                let y1 = (bounds.bottom().min(view.y1) + 1.0).ceil();
                let (w, h) = ((x1 - x0).max(1.0) as u32, (y1 - y0).max(1.0) as u32);
                let Some(mut layer) = Pixmap::new(w, h) else {
                    return;
                };
                let inner = Band { x0, y0, x1, y1 };
                for op in ops {
                    op.draw(&mut layer.as_mut(), inner);
                }
                pixmap.draw_pixmap(
                    (x0 - view.x0) as i32,
                    (y0 - view.y0) as i32,
                    layer.as_ref(),
                    &PixmapPaint {
                        opacity: *opacity,
                        ..PixmapPaint::default()
                    },
                    Transform::identity(),
                    None,
                );
            }
        }
    }
}

/// Lays `image` stretched over `rect` (page pixels) on the band, smoothed between its pixels
/// (bilinear), source over. Written out rather than drawn through a tiny-skia pattern, which
/// took several times longer for a picture the size of the map.
fn blend_stretched(band: &mut PixmapMut<'_>, view: Band, image: &Pixmap, rect: tiny_skia::Rect) {
    let (iw, ih) = (image.width() as usize, image.height() as usize);
    let (bw, bh) = (band.width() as usize, band.height() as usize);
    // Whole band pixels whose centres lie in the rectangle.
    let edge =
        |e: f32, origin: f32, size: usize| ((e - origin - 0.5).ceil().max(0.0) as usize).min(size);
    let (x0, x1) = (
        edge(rect.left(), view.x0, bw),
        edge(rect.right(), view.x0, bw),
    );
    let (y0, y1) = (
        edge(rect.top(), view.y0, bh),
        edge(rect.bottom(), view.y0, bh),
    );
    if x0 >= x1 || y0 >= y1 || iw == 0 || ih == 0 {
        return;
    }
    // Source position of a band pixel's centre: index of the left (top) neighbour and the
    // weight of the right (bottom) one, in 256ths.
    let source = |p: usize, origin: f32, start: f32, extent: f32, n: usize| {
        let f = ((p as f32 + 0.5 + origin - start) * n as f32 / extent - 0.5)
            .clamp(0.0, (n - 1) as f32);
        let i = f as usize;
        let w = ((f - i as f32) * 256.0).round().clamp(0.0, 256.0) as u32;
        (i, w)
    };
    let columns: Vec<(usize, u32)> = (x0..x1)
        .map(|x| source(x, view.x0, rect.left(), rect.width(), iw))
        .collect();
    let src = image.data();
    let stride = bw * 4;
    let data = band.data_mut();
    for y in y0..y1 {
        let (sy, wy) = source(y, view.y0, rect.top(), rect.height(), ih);
        let sy1 = (sy + 1).min(ih - 1);
        let row = &mut data[y * stride..(y + 1) * stride];
        for (x, &(sx, wx)) in (x0..x1).zip(&columns) {
            let sx1 = (sx + 1).min(iw - 1);
            let (a, b) = ((sy * iw + sx) * 4, (sy * iw + sx1) * 4);
            let (c, d) = ((sy1 * iw + sx) * 4, (sy1 * iw + sx1) * 4);
            // Flat ground is transparent: most of a map's pixels stop here.
            if (src[a + 3] | src[b + 3] | src[c + 3] | src[d + 3]) == 0 {
                continue;
            }
            let mut out = [0u32; 4];
            for (k, o) in out.iter_mut().enumerate() {
                let top = u32::from(src[a + k]) * (256 - wx) + u32::from(src[b + k]) * wx;
                let bottom = u32::from(src[c + k]) * (256 - wx) + u32::from(src[d + k]) * wx;
                *o = (top * (256 - wy) + bottom * wy + (1 << 15)) >> 16;
            }
            let alpha = out[3];
            if alpha == 0 {
                continue;
            }
            let px = &mut row[x * 4..x * 4 + 4];
            for (p, o) in px.iter_mut().zip(out) {
                let under = u32::from(*p) * (255 - alpha);
                *p = (o + (under + 127) / 255).min(255) as u8;
            }
        }
    }
}

/// A grey-and-alpha picture as premultiplied RGBA pixels.
fn grey_alpha_pixmap(image: &crate::scene::Raster) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(image.width, image.height)?;
    for (px, ga) in pixmap
        .data_mut()
        .chunks_exact_mut(4)
        .zip(image.grey_alpha.chunks_exact(2))
    {
        let (g, a) = (u16::from(ga[0]), u16::from(ga[1]));
        let v = ((g * a + 127) / 255) as u8;
        px.copy_from_slice(&[v, v, v, ga[1]]);
    }
    Some(pixmap)
}

fn solid(color: Color) -> tiny_skia::Paint<'static> {
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(color);
    paint.anti_alias = true;
    paint
}

/// A scale and a translation: page units (or a placed group's units) to page pixels.
#[derive(Debug, Clone, Copy)]
struct Affine {
    sx: f64,
    sy: f64,
    tx: f64,
    ty: f64,
}

impl Affine {
    fn apply(&self, p: Pt) -> (f32, f32) {
        (
            (p.0 * self.sx + self.tx) as f32,
            (p.1 * self.sy + self.ty) as f32,
        )
    }

    /// A length (a stroke width) in pixels.
    fn length(&self, v: f64) -> f32 {
        (v * (self.sx * self.sy).abs().sqrt()) as f32
    }

    /// This transform after moving by (x, y) and scaling by `scale`, as a placed group does.
    fn then_place(&self, x: f64, y: f64, scale: f64) -> Affine {
        Affine {
            sx: self.sx * scale,
            sy: self.sy * scale,
            tx: self.tx + x * self.sx,
            ty: self.ty + y * self.sy,
        }
    }
}

/// Adds the steps that draw `item` to `out`. With `stamps`, small shapes become stamps.
fn build_item(item: &Item, at: Affine, out: &mut Vec<Op>, stamps: Option<&Stamps>) {
    if let Some(stamps) = stamps {
        if let Some(op) = stamps.stamp(item, at) {
            out.push(op);
            return;
        }
    }
    match item {
        Item::Path {
            parts,
            closed,
            paint,
        } => {
            let mut pb = PathBuilder::new();
            for part in parts.iter().filter(|p| p.len() >= 2) {
                let (x, y) = at.apply(part[0]);
                pb.move_to(x, y);
                for p in &part[1..] {
                    let (x, y) = at.apply(*p);
                    pb.line_to(x, y);
                }
                if *closed {
                    pb.close();
                }
            }
            let rule = if *closed {
                FillRule::EvenOdd
            } else {
                FillRule::Winding
            };
            if let Some(path) = pb.finish() {
                shape(path, rule, paint, at, out);
            }
        }
        Item::Circle { center, r, paint } => {
            let (x, y) = at.apply(*center);
            if let Some(path) = PathBuilder::from_circle(x, y, at.length(*r)) {
                shape(path, FillRule::Winding, paint, at, out);
            }
        }
        Item::Rect { x, y, w, h, paint } => {
            let (x0, y0) = at.apply((*x, *y));
            let (x1, y1) = at.apply((x + w, y + h));
            let rect = tiny_skia::Rect::from_ltrb(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1));
            if let Some(rect) = rect {
                shape(
                    PathBuilder::from_rect(rect),
                    FillRule::Winding,
                    paint,
                    at,
                    out,
                );
            }
        }
        Item::Text(text) => build_text(text, at, out),
        Item::Image { x, y, w, h, image } => {
            let (x0, y0) = at.apply((*x, *y));
            let (x1, y1) = at.apply((x + w, y + h));
            let Some(rect) = tiny_skia::Rect::from_ltrb(x0, y0, x1, y1) else {
                return;
            };
            let Some(pixmap) = grey_alpha_pixmap(image) else {
                return;
            };
            out.push(Op::Image {
                pixmap: Arc::new(pixmap),
                rect,
            });
        }
        Item::Group { items, .. } => {
            for item in items {
                build_item(item, at, out, stamps);
            }
        }
        Item::Placed {
            x, y, scale, items, ..
        } => {
            let inner = at.then_place(*x, *y, *scale);
            for item in items {
                build_item(item, inner, out, stamps);
            }
        }
    }
}

/// The largest shape, in pixels either way, drawn as a stamp.
const STAMP_MAX: f64 = 40.0;

/// Stamp positions are rounded to this fraction of a pixel (and shapes to a sixteenth of
/// that), so that a symbol repeated at thousands of places is drawn a few dozen times.
const STAMP_STEPS: f64 = 4.0;

/// Small shapes already drawn, by their quantized geometry, paint and sub-pixel position.
#[derive(Default)]
struct Stamps {
    /// Shared by the threads that build the display list: a sprite depends only on its key,
    /// so whichever thread draws it first, the pixels are the same.
    sprites: std::sync::Mutex<HashMap<Vec<i64>, Arc<Pixmap>>>,
}

impl Stamps {
    /// A stamp for `item` if it is a small circle, rectangle or path; `None` otherwise.
    fn stamp(&self, item: &Item, at: Affine) -> Option<Op> {
        let (reference, paint) = match item {
            Item::Circle { center, paint, .. } => (*center, paint),
            Item::Rect { x, y, paint, .. } => ((*x, *y), paint),
            Item::Path { parts, paint, .. } if parts.iter().map(Vec::len).sum::<usize>() <= 24 => {
                (*parts.iter().find_map(|p| p.first())?, paint)
            }
            _ => return None,
        };
        // The shape in pixels, relative to its reference point, snapped to the 1/64 px of the
        // key: the sprite is then drawn from the key alone, so it is the same picture
        // whichever of the shapes that share the key is met first, on whichever thread.
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
        let dash: Vec<f64> = paint
            .dash
            .iter()
            .map(|d| snap(f64::from(at.length(*d))))
            .collect();
        let (min, max) = extent(&shape)?;
        let pad = stroke / 2.0 + 1.5;
        if !(max.0 - min.0 + 2.0 * pad <= STAMP_MAX && max.1 - min.1 + 2.0 * pad <= STAMP_MAX) {
            return None;
        }
        // Where the reference point falls: a whole pixel plus a quantized fraction.
        let q = |v: f64| (v * STAMP_STEPS).round() / STAMP_STEPS;
        let (qx, qy) = (q(rx), q(ry));
        let (ix, iy) = (qx.floor(), qy.floor());
        let (fx, fy) = (qx - ix, qy - iy);
        // The sprite covers the shape and its stroke, with a pixel to spare.
        let (sx0, sy0) = ((fx + min.0 - pad).floor(), (fy + min.1 - pad).floor());
        let (sx1, sy1) = ((fx + max.0 + pad).ceil(), (fy + max.1 + pad).ceil());
        let key = stamp_key(&shape, (fx, fy), stroke, &dash);
        let known = self
            .sprites
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        let sprite = match known {
            Some(sprite) => sprite,
            None => {
                let mut pixmap = Pixmap::new((sx1 - sx0) as u32, (sy1 - sy0) as u32)?;
                let mut ops = Vec::new();
                let opaque = Paint {
                    opacity: 1.0,
                    stroke_width: stroke,
                    dash,
                    ..paint.clone()
                };
                let inside = Affine {
                    sx: 1.0,
                    sy: 1.0,
                    tx: fx - sx0,
                    ty: fy - sy0,
                };
                build_item(&with_paint(&shape, opaque), inside, &mut ops, None);
                let whole = Band {
                    x0: 0.0,
                    y0: 0.0,
                    x1: pixmap.width() as f32,
                    y1: pixmap.height() as f32,
                };
                for op in &ops {
                    op.draw(&mut pixmap.as_mut(), whole);
                }
                self.sprites
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .entry(key)
                    .or_insert_with(|| Arc::new(pixmap))
                    .clone()
            }
        };
        Some(Op::Stamp {
            sprite,
            x: (ix + sx0) as i32,
            y: (iy + sy0) as i32,
            opacity: paint.opacity.clamp(0.0, 1.0) as f32,
        })
    }
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
    let colour = |c: &Option<String>| {
        c.as_deref().and_then(parse_color).map_or(-1, |c| {
            let c = c.to_color_u8();
            i64::from(u32::from_be_bytes([
                c.red(),
                c.green(),
                c.blue(),
                c.alpha(),
            ]))
        })
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

/// A filled and/or stroked path. With an opacity below 1, a shape that has only a fill or
/// only a stroke is painted with a translucent colour; one with both is drawn in a layer,
/// so that the stroke does not show the fill through it.
fn shape(path: Path, rule: FillRule, paint: &Paint, at: Affine, out: &mut Vec<Op>) {
    let opacity = paint.opacity.clamp(0.0, 1.0) as f32;
    let both = paint.fill.is_some() && paint.stroke.is_some();
    let alpha = if both { 1.0 } else { opacity };
    let mut ops = Vec::new();
    if let Some(color) = paint.fill.as_deref().and_then(parse_color) {
        ops.push(Op::Fill {
            path: path.clone(),
            color: with_alpha(color, alpha),
            rule,
        });
    }
    if let Some(color) = paint.stroke.as_deref().and_then(parse_color) {
        let width = at.length(paint.stroke_width);
        let dash: Vec<f32> = paint.dash.iter().map(|d| at.length(*d)).collect();
        stroke(path, width, &dash, with_alpha(color, alpha), &mut ops);
    }
    if both && opacity < 1.0 {
        out.push(Op::Layer { ops, opacity });
    } else {
        out.extend(ops);
    }
}

/// A stroke with round joins and caps: outlined once when it is at least a pixel wide,
/// otherwise left to the hairline drawer.
fn stroke(path: Path, width: f32, dash: &[f32], color: Color, out: &mut Vec<Op>) {
    if width.is_nan() || width <= 0.0 {
        return;
    }
    // Round joins as in the SVG; on lines under 3 px a bevel differs from a round join by
    // less than a tenth of a pixel and makes the outline several times simpler (a country
    // border of 3,000 vertices: 14,000 outline points with round joins).
    let mut stroke = Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: if width < 3.0 {
            LineJoin::Bevel
        } else {
            LineJoin::Round
        },
        ..Stroke::default()
    };
    let path = if dash.is_empty() {
        path
    } else {
        match StrokeDash::new(dash.to_vec(), 0.0).and_then(|d| path.dash(&d, 1.0)) {
            Some(dashed) => dashed,
            None => return,
        }
    };
    if width < 1.0 {
        stroke.dash = None;
        out.push(Op::Hairline {
            path,
            color,
            stroke,
        });
    } else if let Some(outline) = path.stroke(&stroke, 1.0) {
        out.push(Op::Fill {
            path: outline,
            color,
            rule: FillRule::Winding,
        });
    }
}

/// Glyph outlines appended to a path builder, moved and scaled from font units (y up) to
/// page pixels (y down).
struct GlyphPen<'a> {
    builder: &'a mut PathBuilder,
    x: f32,
    y: f32,
    sx: f32,
    sy: f32,
}

impl GlyphPen<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.sx, self.y - y * self.sy)
    }
}

impl ttf_parser::OutlineBuilder for GlyphPen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.builder.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.builder.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.builder.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.builder.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.builder.close();
    }
}

/// A line of text as glyph outlines, its halo stroked under it.
fn build_text(t: &Text, at: Affine, out: &mut Vec<Op>) {
    let Some((glyphs, upem, advance)) = set_line(&t.text, t.style) else {
        return;
    };
    if glyphs.is_empty() {
        return;
    }
    // Letter spacing follows every letter, the last included (as in SVG).
    let em = t.size / f64::from(upem);
    let spacing = t.letter_spacing;
    let width = advance as f64 * em + spacing * glyphs.len() as f64;
    let start = match t.anchor {
        Anchor::Start => t.x,
        Anchor::Middle => t.x - width / 2.0,
        Anchor::End => t.x - width,
    };
    let mut builder = PathBuilder::new();
    for (i, g) in glyphs.iter().enumerate() {
        let (x, y) = at.apply((start + g.x as f64 * em + spacing * i as f64, t.y));
        let mut pen = GlyphPen {
            builder: &mut builder,
            x,
            y,
            sx: (em * at.sx) as f32,
            sy: (em * at.sy) as f32,
        };
        outline_glyph(t.style, g.glyph, &mut pen);
    }
    let Some(path) = builder.finish() else { return };
    let opacity = t.opacity.clamp(0.0, 1.0) as f32;
    let layered = t.halo.is_some() && opacity < 1.0;
    let alpha = if layered { 1.0 } else { opacity };
    let mut ops = Vec::new();
    if let Some((color, halo)) = &t.halo {
        if let Some(color) = parse_color(color) {
            stroke(
                path.clone(),
                at.length(halo * 2.0),
                &[],
                with_alpha(color, alpha),
                &mut ops,
            );
        }
    }
    if let Some(color) = parse_color(&t.color) {
        ops.push(Op::Fill {
            path,
            color: with_alpha(color, alpha),
            rule: FillRule::Winding,
        });
    }
    if layered {
        out.push(Op::Layer { ops, opacity });
    } else {
        out.extend(ops);
    }
}

fn with_alpha(mut color: Color, alpha: f32) -> Color {
    color.apply_opacity(alpha);
    color
}

/// Parses `#rgb` or `#rrggbb`; `None` for `none` or anything else.
fn parse_color(text: &str) -> Option<Color> {
    let hex = text.trim().strip_prefix('#')?;
    let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
    let (r, g, b) = match hex.len() {
        3 => (digit(0)? * 17, digit(1)? * 17, digit(2)? * 17),
        6 => (
            digit(0)? * 16 + digit(1)?,
            digit(2)? * 16 + digit(3)?,
            digit(4)? * 16 + digit(5)?,
        ),
        _ => return None,
    };
    Some(Color::from_rgba8(r, g, b, 255))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Layer;

    fn page(items: Vec<Item>) -> Scene {
        let mut layer = Layer::new("test");
        layer.items = items;
        Scene {
            width: 100.0,
            height: 100.0,
            pixel_width: 100,
            pixel_height: 100,
            background: "#ffffff".into(),
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
    fn colours_parse() {
        assert_eq!(parse_color("#f00"), Some(Color::from_rgba8(255, 0, 0, 255)));
        assert_eq!(
            parse_color("#1b6fb5"),
            Some(Color::from_rgba8(0x1b, 0x6f, 0xb5, 255))
        );
        assert_eq!(parse_color("none"), None);
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#gg0000"), None);
    }

    #[test]
    fn text_is_drawn_where_the_layout_measured_it() {
        let text = Text::new(10.0, 60.0, "Manas", 20.0).color("#000000");
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
            .color("#000000")
            .halo("#ff0000", 3.0);
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
        let paint = Paint::fill_stroke("#000000", "#000000", 10.0).with_opacity(0.5);
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
        let paint = Paint::fill_stroke("#1b6fb5", "#ffffff", 1.4);
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
        let paint = Paint::fill_stroke("#1b6fb5", "#ffffff", 1.4).with_opacity(0.45);
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
                paint: Paint::fill_stroke("#1b6fb5", "#ffffff", 0.8),
            });
        }
        let scene = Scene {
            width: 100.0,
            height: 100.0,
            pixel_width: 300,
            pixel_height: 300,
            background: "#ffffff".into(),
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
        let ring = Paint::fill_stroke("#ffffff", "#3a3a3a", 1.2);
        stamps_look_like_direct_drawing(&ring, 2.19);
        let dashed = Paint {
            dash: vec![1.5, 1.0],
            ..Paint::fill_stroke("#ffffff", "#3a3a3a", 1.2)
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
}
