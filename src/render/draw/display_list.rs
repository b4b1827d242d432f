//! The scene as a display list: every item turned, on all cores, into drawing steps in
//! page pixels (stroke and glyph outlines, stamps), ready to be drawn band by band.

use super::glyphs::build_text;
use super::ops::{Affine, Op, grey_alpha_pixmap};
use super::shapes::build_shape;
use super::stamps::Stamps;
use crate::scene::{Item, Layer};
use resvg::tiny_skia;
use std::sync::Arc;

/// The drawing steps for `layers`, in order, built on all cores: stroke outlines, glyph
/// outlines and stamps are the costly part of drawing a page that is not banded.
pub(super) fn display_list(layers: &[Layer], page: Affine) -> Vec<Op> {
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

/// Adds the steps that draw `item` to `out`. With `stamps`, small shapes become stamps.
pub(super) fn build_item(item: &Item, at: Affine, out: &mut Vec<Op>, stamps: Option<&Stamps>) {
    if let Some(stamps) = stamps {
        if let Some(op) = stamps.stamp(item, at) {
            out.push(op);
            return;
        }
    }
    match item {
        Item::Path { .. } | Item::Circle { .. } | Item::Rect { .. } => {
            build_shape(item, at, out);
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
