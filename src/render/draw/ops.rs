//! The display list's steps, in page pixels, and how each is drawn on one band of the page.

use crate::color::Color as SceneColor;
use crate::scene::Pt;
use resvg::tiny_skia::{
    self, Color, FillRule, Path, Pixmap, PixmapMut, PixmapPaint, Stroke, Transform,
};
use std::sync::Arc;

/// The part of the page a pixmap holds, in page pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Band {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
}

impl Band {
    /// Whether `r` reaches into the band.
    fn meets(&self, r: &tiny_skia::Rect) -> bool {
        r.left() < self.x1 && r.right() > self.x0 && r.top() < self.y1 && r.bottom() > self.y0
    }

    /// Page pixels to the band's own pixels.
    fn transform(&self) -> Transform {
        Transform::from_translate(-self.x0, -self.y0)
    }
}

/// One drawing step, in page pixels.
pub(super) enum Op {
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
    /// The pixels the step may touch.
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

    /// Draws the step on a band of the page, if it reaches into it.
    pub(super) fn draw(&self, pixmap: &mut PixmapMut<'_>, view: Band) {
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
            Op::Layer { ops, opacity } => draw_layer(pixmap, view, bounds, ops, *opacity),
        }
    }
}

/// Draws `ops` on a layer of their own covering the part of the band they reach, then lays
/// the layer on the band at `opacity`.
fn draw_layer(
    pixmap: &mut PixmapMut<'_>,
    view: Band,
    bounds: tiny_skia::Rect,
    ops: &[Op],
    opacity: f32,
) {
    // The layer covers the part of the band the steps reach, plus a pixel of anti-aliasing.
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
            opacity,
            ..PixmapPaint::default()
        },
        Transform::identity(),
        None,
    );
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
pub(super) fn grey_alpha_pixmap(image: &crate::scene::Raster) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(image.width, image.height)?;
    for (px, ga) in pixmap
        .data_mut()
        .chunks_exact_mut(4)
        .zip(image.grey_alpha().chunks_exact(2))
    {
        let (g, a) = (u16::from(ga[0]), u16::from(ga[1]));
        let v = ((g * a + 127) / 255) as u8;
        px.copy_from_slice(&[v, v, v, ga[1]]);
    }
    Some(pixmap)
}

/// A solid, anti-aliased paint.
fn solid(color: Color) -> tiny_skia::Paint<'static> {
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(color);
    paint.anti_alias = true;
    paint
}

/// A scale and a translation: page units (or a placed group's units) to page pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Affine {
    pub(super) sx: f64,
    pub(super) sy: f64,
    pub(super) tx: f64,
    pub(super) ty: f64,
}

impl Affine {
    /// A point in pixels.
    pub(super) fn apply(&self, p: Pt) -> (f32, f32) {
        (
            (p.0 * self.sx + self.tx) as f32,
            (p.1 * self.sy + self.ty) as f32,
        )
    }

    /// A length (a stroke width) in pixels.
    pub(super) fn length(&self, v: f64) -> f32 {
        (v * (self.sx * self.sy).abs().sqrt()) as f32
    }

    /// This transform after moving by (x, y) and scaling by `scale`, as a placed group does.
    pub(super) fn then_place(&self, x: f64, y: f64, scale: f64) -> Affine {
        Affine {
            sx: self.sx * scale,
            sy: self.sy * scale,
            tx: self.tx + x * self.sx,
            ty: self.ty + y * self.sy,
        }
    }
}

/// The colour at `alpha` of its opacity.
pub(super) fn with_alpha(mut color: Color, alpha: f32) -> Color {
    color.apply_opacity(alpha);
    color
}

/// A scene colour as tiny-skia's opaque colour.
pub(super) fn skia_color(c: SceneColor) -> Color {
    Color::from_rgba8(c.r, c.g, c.b, 255)
}
