//! Site symbols: a shape per operator, in the colour and form of the status, and the marks
//! around them (changed this year, approximate position).

use crate::color::Color;
use crate::model::Status;
use crate::palette::Shape;
use crate::scene::{Item, Paint, Pt};
use crate::theme::Theme;

/// The symbol of `shape` centred on `c` with "radius" `r` (shapes of equal visual weight).
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::layout::symbols::symbol;
/// use chronomap::palette::Shape;
/// use chronomap::scene::{Item, Paint};
/// let item = symbol(Shape::Circle, (10.0, 10.0), 6.0, Paint::fill(Color::lit("#1b6fb5")));
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

/// A site's symbol in the form of its status, so that status reads without colour too (on
/// a greyscale print, or for a reader who cannot tell the hues apart):
///
/// | status | form |
/// |---|---|
/// | active | solid, in the status colour, with a white edge |
/// | proposed | hollow: a thick ring in the status colour around a white centre |
/// | declined | hollow and struck through, like a "no" sign |
/// | closed | solid and dark, with a white cross |
/// | not yet in the record | pale grey with a dashed grey edge, visible on white land |
///
/// `opacity` fades the whole symbol (a compact cell's faint sites use it).
///
/// ```
/// use chronomap::layout::symbols::status_symbol;
/// use chronomap::model::Status;
/// use chronomap::palette::Shape;
/// let th = chronomap::theme::Theme::default();
/// assert_eq!(status_symbol(Shape::Circle, Status::Active, (5.0, 5.0), 7.0, &th).len(), 1);
/// assert_eq!(status_symbol(Shape::Circle, Status::Declined, (5.0, 5.0), 7.0, &th).len(), 2);
/// ```
pub fn status_symbol(shape: Shape, status: Status, c: Pt, r: f64, th: &Theme) -> Vec<Item> {
    status_symbol_edged(shape, status, c, r, th, None)
}

/// [`status_symbol`] with the symbol's edge in `edge` (an operator's colour) instead of the
/// style's `symbol_edge`; hollow centres and the closed cross keep `symbol_edge`.
pub fn status_symbol_edged(
    shape: Shape,
    status: Status,
    c: Pt,
    r: f64,
    th: &Theme,
    edge: Option<Color>,
) -> Vec<Item> {
    let color = th.status_color(status);
    let white = th.colors.symbol_edge;
    let rim = edge.unwrap_or(white);
    // The width of the ring of a hollow symbol, and of the strokes drawn across one.
    let ring = (r * 0.34).max(1.6);
    let line = |a: Pt, b: Pt, paint: Paint| Item::Path {
        parts: vec![vec![a, b]],
        closed: false,
        paint,
    };
    // Marks across the middle stay inside every shape: the triangle is the narrowest.
    let k = r * 0.5;
    match status {
        Status::Active => vec![symbol(shape, c, r, Paint::fill_stroke(color, rim, 1.4))],
        Status::Proposed => vec![symbol(
            shape,
            c,
            r - ring / 2.0,
            Paint::fill_stroke(white, color, ring),
        )],
        Status::Declined => vec![
            symbol(
                shape,
                c,
                r - ring / 2.0,
                Paint::fill_stroke(white, color, ring),
            ),
            line(
                (c.0 - k, c.1 + k),
                (c.0 + k, c.1 - k),
                Paint::stroke(color, ring * 0.8),
            ),
        ],
        Status::Closed => vec![
            symbol(shape, c, r, Paint::fill_stroke(color, rim, 1.4)),
            line(
                (c.0 - k * 0.75, c.1 - k * 0.75),
                (c.0 + k * 0.75, c.1 + k * 0.75),
                Paint::stroke(white, 1.5),
            ),
            line(
                (c.0 - k * 0.75, c.1 + k * 0.75),
                (c.0 + k * 0.75, c.1 - k * 0.75),
                Paint::stroke(white, 1.5),
            ),
        ],
        Status::Unknown => vec![symbol(
            shape,
            c,
            r,
            Paint::fill_stroke(color, edge.unwrap_or(th.colors.unknown_edge), 1.2)
                .dashed(&[2.0, 1.6]),
        )],
    }
}

/// The soft disc behind a site whose status changed in the year shown.
///
/// ```
/// let th = chronomap::theme::Theme::default();
/// let item = chronomap::layout::symbols::changed_halo((0.0, 0.0), 7.0, &th);
/// assert!(matches!(item, chronomap::scene::Item::Circle { r, .. } if r > 7.0));
/// ```
pub fn changed_halo(c: Pt, r: f64, th: &Theme) -> Item {
    Item::Circle {
        center: c,
        r: r + CHANGED_HALO_GAP,
        paint: Paint::fill_stroke(th.colors.changed_fill, th.colors.changed_edge, 1.0),
    }
}

/// How far the changed-this-year disc reaches beyond the symbol.
pub const CHANGED_HALO_GAP: f64 = 4.0;

/// The dotted circle around a site whose point stands for a town or village rather than
/// the facility itself: the position is approximate.
///
/// ```
/// let th = chronomap::theme::Theme::default();
/// let item = chronomap::layout::symbols::approximate_ring((0.0, 0.0), 7.0, &th);
/// assert!(matches!(item, chronomap::scene::Item::Circle { r, .. } if r > 7.0));
/// ```
pub fn approximate_ring(c: Pt, r: f64, th: &Theme) -> Item {
    Item::Circle {
        center: c,
        r: r + APPROXIMATE_GAP,
        paint: Paint::stroke(th.colors.approximate, 1.1).dashed(&[1.2, 2.2]),
    }
}

/// How far the approximate-position ring reaches beyond the symbol.
pub const APPROXIMATE_GAP: f64 = 8.5;
