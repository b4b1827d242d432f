//! Paths, circles and rectangles as fill and stroke steps: strokes outlined once, opacity
//! applied to a filled and stroked shape as a whole.

use super::ops::{Affine, Op, skia_color, with_alpha};
use crate::scene::{Item, Paint};
use resvg::tiny_skia::{
    self, Color, FillRule, LineCap, LineJoin, Path, PathBuilder, Stroke, StrokeDash,
};

/// Adds the steps that draw a path, circle or rectangle to `out`; other items add none.
pub(super) fn build_shape(item: &Item, at: Affine, out: &mut Vec<Op>) {
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
        _ => {}
    }
}

/// A filled and/or stroked path. With an opacity below 1, a shape that has only a fill or
/// only a stroke is painted with a translucent colour; one with both is drawn in a layer,
/// so that the stroke does not show the fill through it.
fn shape(path: Path, rule: FillRule, paint: &Paint, at: Affine, out: &mut Vec<Op>) {
    let opacity = paint.opacity.clamp(0.0, 1.0) as f32;
    let both = paint.fill.is_some() && paint.stroke.is_some();
    let alpha = if both { 1.0 } else { opacity };
    let mut ops = Vec::new();
    if let Some(color) = paint.fill.map(skia_color) {
        ops.push(Op::Fill {
            path: path.clone(),
            color: with_alpha(color, alpha),
            rule,
        });
    }
    if let Some(color) = paint.stroke.map(skia_color) {
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
pub(super) fn stroke(path: Path, width: f32, dash: &[f32], color: Color, out: &mut Vec<Op>) {
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
