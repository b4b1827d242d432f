//! Site symbols: a shape per operator, filled with the status colour.

use crate::palette::Shape;
use crate::render::scene::{Item, Paint, Pt};

/// The symbol of `shape` centred on `c` with "radius" `r` (shapes of equal visual weight).
///
/// ```
/// use chronomap::layout::symbols::symbol;
/// use chronomap::palette::Shape;
/// use chronomap::render::scene::{Item, Paint};
/// let item = symbol(Shape::Circle, (10.0, 10.0), 6.0, Paint::fill("#1b6fb5"));
/// assert!(matches!(item, Item::Circle { r, .. } if r == 6.0));
/// ```
pub fn symbol(shape: Shape, c: Pt, r: f64, paint: Paint) -> Item {
    match shape {
        Shape::Circle => Item::Circle {
            center: c,
            r,
            paint,
        },
        Shape::Square => {
            let h = r * 0.89;
            Item::Rect {
                x: c.0 - h,
                y: c.1 - h,
                w: 2.0 * h,
                h: 2.0 * h,
                paint,
            }
        }
        Shape::Diamond => {
            let h = r * 1.2;
            polygon(
                vec![
                    (c.0, c.1 - h),
                    (c.0 + h, c.1),
                    (c.0, c.1 + h),
                    (c.0 - h, c.1),
                ],
                paint,
            )
        }
        Shape::Triangle => {
            let h = r * 1.25;
            polygon(
                vec![
                    (c.0, c.1 - h),
                    (c.0 + h * 0.95, c.1 + h * 0.7),
                    (c.0 - h * 0.95, c.1 + h * 0.7),
                ],
                paint,
            )
        }
    }
}

fn polygon(points: Vec<Pt>, paint: Paint) -> Item {
    Item::Path {
        parts: vec![points],
        closed: true,
        paint,
    }
}
