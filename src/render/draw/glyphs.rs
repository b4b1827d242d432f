//! Text as glyph outlines, set exactly as the layout measured it, its halo stroked under it.

use super::ops::{Affine, Op, skia_color, with_alpha};
use super::shapes::stroke;
use crate::fonts::{outline_glyph, set_line};
use crate::scene::{Anchor, Text};
use resvg::tiny_skia::{FillRule, PathBuilder};

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
pub(super) fn build_text(t: &Text, at: Affine, out: &mut Vec<Op>) {
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
    if let Some((color, halo)) = t.halo {
        stroke(
            path.clone(),
            at.length(halo * 2.0),
            &[],
            with_alpha(skia_color(color), alpha),
            &mut ops,
        );
    }
    ops.push(Op::Fill {
        path,
        color: with_alpha(skia_color(t.color), alpha),
        rule: FillRule::Winding,
    });
    if layered {
        out.push(Op::Layer { ops, opacity });
    } else {
        out.extend(ops);
    }
}
