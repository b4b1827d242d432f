//! A uniform-grid spatial index of boxes and segments, for asking "is this spot free?" in
//! near-constant time however many labels are already placed.

use super::geometry::{Rect, segments_cross};
use crate::render::scene::Pt;
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Boxes and segments already on the page, bucketed by grid cell.
#[derive(Debug, Clone)]
pub struct CollisionIndex {
    cell: f64,
    boxes: Vec<(Rect, usize)>,
    segments: Vec<(Pt, Pt, usize)>,
    grid: HashMap<(i32, i32), Vec<Entry>>,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Box(usize),
    Segment(usize),
}

/// Who put a shape in the index, so that a site's own symbol does not block its own leader.
pub type Owner = usize;

/// The owner of shapes that belong to no site (frame furniture, basemap labels).
pub const NO_OWNER: Owner = usize::MAX;

impl CollisionIndex {
    /// An empty index with square cells of `cell` page units.
    ///
    /// ```
    /// use chronomap::layout::{collide::{CollisionIndex, NO_OWNER}, geometry::Rect};
    /// let mut index = CollisionIndex::new(50.0);
    /// index.add_box(Rect::new(0.0, 0.0, 10.0, 10.0), NO_OWNER);
    /// assert!(index.box_is_blocked(&Rect::new(5.0, 5.0, 10.0, 10.0), None));
    /// assert!(!index.box_is_blocked(&Rect::new(20.0, 0.0, 10.0, 10.0), None));
    /// ```
    pub fn new(cell: f64) -> CollisionIndex {
        CollisionIndex {
            cell: cell.max(1.0),
            boxes: Vec::new(),
            segments: Vec::new(),
            grid: HashMap::default(),
        }
    }

    fn cells(&self, r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let c = self.cell;
        let clamp = |v: f64| (v / c).floor().clamp(-1.0e6, 1.0e6) as i32;
        let (x0, x1, y0, y1) = (clamp(r.x0), clamp(r.x1), clamp(r.y0), clamp(r.y1));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Adds a box.
    pub fn add_box(&mut self, r: Rect, owner: Owner) {
        let i = self.boxes.len();
        self.boxes.push((r, owner));
        let cells: Vec<_> = self.cells(&r).collect();
        for c in cells {
            self.grid.entry(c).or_default().push(Entry::Box(i));
        }
    }

    /// Adds a segment (a leader line).
    pub fn add_segment(&mut self, a: Pt, b: Pt, owner: Owner) {
        let i = self.segments.len();
        self.segments.push((a, b, owner));
        let r = bounds(a, b);
        let cells: Vec<_> = self.cells(&r).collect();
        for c in cells {
            self.grid.entry(c).or_default().push(Entry::Segment(i));
        }
    }

    /// Whether `r` overlaps any box or segment, ignoring those of `except`.
    pub fn box_is_blocked(&self, r: &Rect, except: Option<Owner>) -> bool {
        self.cells(r).any(|c| {
            self.grid.get(&c).is_some_and(|entries| {
                entries.iter().any(|e| match *e {
                    Entry::Box(i) => {
                        let (b, owner) = self.boxes[i];
                        Some(owner) != except && b.intersects(r)
                    }
                    Entry::Segment(i) => {
                        let (a, b, owner) = self.segments[i];
                        Some(owner) != except && r.hits_segment(a, b)
                    }
                })
            })
        })
    }

    /// Whether the segment `a–b` passes through any box or crosses any segment, ignoring
    /// those of `except`.
    pub fn segment_is_blocked(&self, a: Pt, b: Pt, except: Option<Owner>) -> bool {
        let r = bounds(a, b);
        self.cells(&r).any(|c| {
            self.grid.get(&c).is_some_and(|entries| {
                entries.iter().any(|e| match *e {
                    Entry::Box(i) => {
                        let (bx, owner) = self.boxes[i];
                        Some(owner) != except && bx.hits_segment(a, b)
                    }
                    Entry::Segment(i) => {
                        let (c, d, owner) = self.segments[i];
                        Some(owner) != except && segments_cross(a, b, c, d)
                    }
                })
            })
        })
    }
}

fn bounds(a: Pt, b: Pt) -> Rect {
    Rect {
        x0: a.0.min(b.0),
        y0: a.1.min(b.1),
        x1: a.0.max(b.0),
        y1: a.1.max(b.1),
    }
}
