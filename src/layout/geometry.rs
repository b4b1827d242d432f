//! Page-space geometry: boxes, and clipping lines and polygons to a rectangle.

use crate::scene::Pt;

/// An axis-aligned box on the page (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// A box from its top-left corner and size.
    ///
    /// ```
    /// let r = chronomap::layout::geometry::Rect::new(10.0, 20.0, 30.0, 40.0);
    /// assert_eq!((r.x1, r.y1), (40.0, 60.0));
    /// ```
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    /// Width.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The centre point.
    pub fn center(&self) -> Pt {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the interiors of the two boxes overlap (touching edges do not count).
    ///
    /// ```
    /// use chronomap::layout::geometry::Rect;
    /// let a = Rect::new(0.0, 0.0, 10.0, 10.0);
    /// assert!(a.intersects(&Rect::new(5.0, 5.0, 10.0, 10.0)));
    /// assert!(!a.intersects(&Rect::new(10.0, 0.0, 5.0, 5.0)));
    /// ```
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `other` lies wholly inside this box.
    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x0 >= self.x0 && other.x1 <= self.x1 && other.y0 >= self.y0 && other.y1 <= self.y1
    }

    /// Whether the point lies inside or on the edge.
    pub fn contains(&self, p: Pt) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }

    /// The box grown by `d` on every side (shrunk when `d` is negative).
    pub fn inflate(&self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    /// Whether the segment from `a` to `b` passes through the box.
    ///
    /// ```
    /// use chronomap::layout::geometry::Rect;
    /// let r = Rect::new(0.0, 0.0, 10.0, 10.0);
    /// assert!(r.hits_segment((-5.0, 5.0), (15.0, 5.0)));
    /// assert!(!r.hits_segment((-5.0, -5.0), (-1.0, 20.0)));
    /// ```
    pub fn hits_segment(&self, a: Pt, b: Pt) -> bool {
        clip_segment(self, a, b).is_some()
    }
}

/// Clips the segment to the box (Liang–Barsky); `None` when nothing of it is inside.
pub fn clip_segment(r: &Rect, a: Pt, b: Pt) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0 = 0.0f64;
    let mut t1 = 1.0f64;
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// Clips a polyline to the box, returning the pieces that lie inside.
///
/// ```
/// use chronomap::layout::geometry::{clip_polyline, Rect};
/// let r = Rect::new(0.0, 0.0, 10.0, 10.0);
/// let pieces = clip_polyline(&r, &[(-5.0, 5.0), (5.0, 5.0), (5.0, 20.0)]);
/// assert_eq!(pieces, vec![vec![(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)]]);
/// ```
pub fn clip_polyline(r: &Rect, line: &[Pt]) -> Vec<Vec<Pt>> {
    let mut pieces: Vec<Vec<Pt>> = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(r, w[0], w[1]) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Clips a polygon ring to the box (Sutherland–Hodgman). The result may run along the box's
/// edges; it is meant for filling, not for stroking.
///
/// ```
/// use chronomap::layout::geometry::{clip_ring, Rect};
/// let r = Rect::new(0.0, 0.0, 10.0, 10.0);
/// let ring = clip_ring(&r, &[(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]);
/// assert_eq!(ring.len(), 4);
/// assert!(ring.iter().all(|p| r.contains(*p)));
/// ```
pub fn clip_ring(r: &Rect, ring: &[Pt]) -> Vec<Pt> {
    let mut points: Vec<Pt> = ring.to_vec();
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    type Inside = fn(&Rect, Pt) -> bool;
    type Cross = fn(&Rect, Pt, Pt) -> Pt;
    let edges: [(Inside, Cross); 4] = [
        (|r, p| p.0 >= r.x0, |r, a, b| at_x(a, b, r.x0)),
        (|r, p| p.0 <= r.x1, |r, a, b| at_x(a, b, r.x1)),
        (|r, p| p.1 >= r.y0, |r, a, b| at_y(a, b, r.y0)),
        (|r, p| p.1 <= r.y1, |r, a, b| at_y(a, b, r.y1)),
    ];
    for (inside, cross) in edges {
        if points.is_empty() {
            break;
        }
        let input = std::mem::take(&mut points);
        let mut prev = input[input.len() - 1];
        for &p in &input {
            match (inside(r, p), inside(r, prev)) {
                (true, true) => points.push(p),
                (true, false) => {
                    points.push(cross(r, prev, p));
                    points.push(p);
                }
                (false, true) => points.push(cross(r, prev, p)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    if points.len() < 3 { Vec::new() } else { points }
}

fn at_x(a: Pt, b: Pt, x: f64) -> Pt {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + t * (b.1 - a.1))
}

fn at_y(a: Pt, b: Pt, y: f64) -> Pt {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + t * (b.0 - a.0), y)
}

/// Whether segments `a–b` and `c–d` cross (sharing an end point does not count).
///
/// ```
/// use chronomap::layout::geometry::segments_cross;
/// assert!(segments_cross((0.0, 0.0), (10.0, 10.0), (0.0, 10.0), (10.0, 0.0)));
/// assert!(!segments_cross((0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, 0.0)));
/// ```
pub fn segments_cross(a: Pt, b: Pt, c: Pt, d: Pt) -> bool {
    fn orient(p: Pt, q: Pt, r: Pt) -> f64 {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    }
    let d1 = orient(c, d, a);
    let d2 = orient(c, d, b);
    let d3 = orient(a, b, c);
    let d4 = orient(a, b, d);
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

/// The signed area of a ring (positive when clockwise on a y-down page).
pub fn ring_area(ring: &[Pt]) -> f64 {
    let n = ring.len();
    if n < 3 {
        return 0.0;
    }
    let mut s = 0.0;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    s / 2.0
}
