//! A uniform-grid spatial index of boxes and segments, for asking "is this spot free?" in
//! near-constant time however many labels are already placed.

use super::geometry::{Rect, segments_cross};
use crate::scene::Pt;
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Boxes and segments already on the page, bucketed by grid cell.
///
/// The cells over the page (the area given to [`CollisionIndex::with_area`]) live in one
/// array, so a lookup is an index, not a hash; cells outside it, which only shapes reaching
/// off the page use, are kept in a map.
#[derive(Debug, Clone)]
pub struct CollisionIndex {
    cell: f64,
    /// The first cell of the dense area, and its size in cells.
    dense_origin: (i32, i32),
    dense_size: (i32, i32),
    dense: Vec<Cell>,
    outside: HashMap<(i32, i32), Cell>,
    /// A fine raster over the dense area: for each [`COVER`]-unit square, who owns the
    /// boxes that cover it entirely ([`EMPTY`], one owner, or [`MANY`]). A candidate box that
    /// contains a covered square overlaps a box, and a leader through one crosses a box, so
    /// most spots in a crowded area are turned down after reading a few squares.
    cover: Vec<Owner>,
    cover_size: (i32, i32),
    cover_origin: (f64, f64),
}

/// The side of a square of the cover raster, in page units.
const COVER: f64 = 4.0;

/// A square of the cover raster that no box covers entirely.
const EMPTY: Owner = usize::MAX - 2;

/// A square covered entirely by boxes of more than one owner.
const MANY: Owner = usize::MAX - 1;

/// The shapes that reach into one grid cell, as copies rather than indexes into a list, so
/// that scanning a crowded cell reads memory in order instead of jumping around a list of
/// 100,000 shapes.
#[derive(Debug, Clone, Default)]
struct Cell {
    boxes: Vec<(Rect, Owner)>,
    segments: Vec<(Pt, Pt, Owner)>,
}

/// A shape to file.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Box(Rect, Owner),
    Segment(Pt, Pt, Owner),
}

/// An inclusive range of cells.
#[derive(Debug, Clone, Copy)]
struct CellRange {
    x0: i32,
    x1: i32,
    y0: i32,
    y1: i32,
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
            dense_origin: (0, 0),
            dense_size: (0, 0),
            dense: Vec::new(),
            outside: HashMap::default(),
            cover: Vec::new(),
            cover_size: (0, 0),
            cover_origin: (0.0, 0.0),
        }
    }

    /// An empty index with square cells of `cell` page units, fastest for shapes inside
    /// `area` (the page); shapes elsewhere still work.
    ///
    /// ```
    /// use chronomap::layout::{collide::{CollisionIndex, NO_OWNER}, geometry::Rect};
    /// let mut index = CollisionIndex::with_area(50.0, Rect::new(0.0, 0.0, 400.0, 300.0));
    /// index.add_box(Rect::new(390.0, 0.0, 30.0, 10.0), NO_OWNER); // reaches off the page
    /// assert!(index.box_is_blocked(&Rect::new(410.0, 5.0, 5.0, 5.0), None));
    /// assert!(!index.box_is_blocked(&Rect::new(300.0, 5.0, 5.0, 5.0), None));
    /// ```
    pub fn with_area(cell: f64, area: Rect) -> CollisionIndex {
        let mut index = CollisionIndex::new(cell);
        let c = index.cell;
        let (x0, y0) = ((area.x0 / c).floor(), (area.y0 / c).floor());
        let (x1, y1) = ((area.x1 / c).floor(), (area.y1 / c).floor());
        let fits = |v: f64| v.is_finite() && v.abs() < 1.0e6;
        // A page of at most a million cells; anything larger stays in the map.
        if [x0, y0, x1, y1].into_iter().all(fits) && (x1 - x0 + 1.0) * (y1 - y0 + 1.0) <= 1.0e6 {
            index.dense_origin = (x0 as i32, y0 as i32);
            index.dense_size = ((x1 - x0) as i32 + 1, (y1 - y0) as i32 + 1);
            index.dense = vec![Cell::default(); (index.dense_size.0 * index.dense_size.1) as usize];
            let (w, h) = (area.width() / COVER, area.height() / COVER);
            if w * h <= 4.0e6 {
                index.cover_origin = (area.x0, area.y0);
                index.cover_size = (w.ceil() as i32 + 1, h.ceil() as i32 + 1);
                index.cover = vec![EMPTY; (index.cover_size.0 * index.cover_size.1) as usize];
            }
        }
        index
    }

    fn dense_slot(&self, (x, y): (i32, i32)) -> Option<usize> {
        let (dx, dy) = (x - self.dense_origin.0, y - self.dense_origin.1);
        ((0..self.dense_size.0).contains(&dx) && (0..self.dense_size.1).contains(&dy))
            .then(|| (dy * self.dense_size.0 + dx) as usize)
    }

    fn cell_at(&self, c: (i32, i32)) -> Option<&Cell> {
        match self.dense_slot(c) {
            Some(i) => Some(&self.dense[i]),
            None => self.outside.get(&c),
        }
    }

    fn push(&mut self, c: (i32, i32), e: Entry) {
        let cell = match self.dense_slot(c) {
            Some(i) => &mut self.dense[i],
            None => self.outside.entry(c).or_default(),
        };
        match e {
            Entry::Box(r, owner) => cell.boxes.push((r, owner)),
            Entry::Segment(a, b, owner) => cell.segments.push((a, b, owner)),
        }
    }

    fn cells(&self, r: &Rect) -> CellRange {
        let c = self.cell;
        let clamp = |v: f64| (v / c).floor().clamp(-1.0e6, 1.0e6) as i32;
        CellRange {
            x0: clamp(r.x0),
            x1: clamp(r.x1),
            y0: clamp(r.y0),
            y1: clamp(r.y1),
        }
    }

    /// Whether `hit` is true of a shape in any cell of `range`.
    fn any_in(&self, range: CellRange, hit: impl Fn(&Cell) -> bool) -> bool {
        for y in range.y0..=range.y1 {
            for x in range.x0..=range.x1 {
                if self.cell_at((x, y)).is_some_and(&hit) {
                    return true;
                }
            }
        }
        false
    }

    fn file(&mut self, range: CellRange, e: Entry) {
        for y in range.y0..=range.y1 {
            for x in range.x0..=range.x1 {
                self.push((x, y), e);
            }
        }
    }

    /// The cover squares lying wholly inside `r` (clipped to the raster), as x and y ranges.
    fn squares_inside(&self, r: &Rect) -> Option<(std::ops::Range<i32>, std::ops::Range<i32>)> {
        if self.cover.is_empty() {
            return None;
        }
        let (ox, oy) = self.cover_origin;
        let first = |v: f64, o: f64| ((v - o) / COVER).ceil().clamp(0.0, 1.0e7) as i32;
        let end = |v: f64, o: f64| ((v - o) / COVER).floor().clamp(0.0, 1.0e7) as i32;
        let xs = first(r.x0, ox)..end(r.x1, ox).min(self.cover_size.0);
        let ys = first(r.y0, oy)..end(r.y1, oy).min(self.cover_size.1);
        (!xs.is_empty() && !ys.is_empty()).then_some((xs, ys))
    }

    /// Whether a box of someone other than `except` covers square (x, y) entirely.
    fn covered(&self, x: i32, y: i32, except: Option<Owner>) -> bool {
        match self.cover[(y * self.cover_size.0 + x) as usize] {
            EMPTY => false,
            MANY => true,
            owner => Some(owner) != except,
        }
    }

    /// Whether some point of the segment lies in a square covered by a box of someone other
    /// than `except`; then the segment passes through that box. Points are taken every half
    /// square, so most covered squares the segment crosses are found.
    fn segment_covered(&self, a: Pt, b: Pt, except: Option<Owner>) -> bool {
        if self.cover.is_empty() {
            return false;
        }
        let (ox, oy) = self.cover_origin;
        let steps = ((b.0 - a.0).hypot(b.1 - a.1) / (COVER / 2.0))
            .ceil()
            .min(1.0e5) as usize;
        (0..=steps).any(|i| {
            let t = if steps == 0 {
                0.0
            } else {
                i as f64 / steps as f64
            };
            let x = ((a.0 + (b.0 - a.0) * t - ox) / COVER).floor();
            let y = ((a.1 + (b.1 - a.1) * t - oy) / COVER).floor();
            (0.0..f64::from(self.cover_size.0)).contains(&x)
                && (0.0..f64::from(self.cover_size.1)).contains(&y)
                && self.covered(x as i32, y as i32, except)
        })
    }

    /// Adds a box.
    pub fn add_box(&mut self, r: Rect, owner: Owner) {
        self.file(self.cells(&r), Entry::Box(r, owner));
        if let Some((xs, ys)) = self.squares_inside(&r) {
            for y in ys {
                let row = (y * self.cover_size.0) as usize;
                for x in xs.clone() {
                    let square = &mut self.cover[row + x as usize];
                    *square = match *square {
                        EMPTY => owner,
                        same if same == owner => owner,
                        _ => MANY,
                    };
                }
            }
        }
    }

    /// Adds a segment (a leader line).
    pub fn add_segment(&mut self, a: Pt, b: Pt, owner: Owner) {
        self.file(self.cells(&bounds(a, b)), Entry::Segment(a, b, owner));
    }

    /// Whether `r` overlaps any box or segment, ignoring those of `except`.
    pub fn box_is_blocked(&self, r: &Rect, except: Option<Owner>) -> bool {
        // A covered square inside `r` means a box overlaps `r`: the answer without a scan.
        if let Some((xs, ys)) = self.squares_inside(r) {
            let (mx, my) = ((xs.start + xs.end - 1) / 2, (ys.start + ys.end - 1) / 2);
            let probes = [(mx, my), (xs.start, my), (xs.end - 1, my)];
            if probes.iter().any(|&(x, y)| self.covered(x, y, except)) {
                return true;
            }
        }
        let other = |owner: Owner| Some(owner) != except;
        self.any_in(self.cells(r), |cell| {
            cell.boxes
                .iter()
                .any(|(b, owner)| b.intersects(r) && other(*owner))
                || cell
                    .segments
                    .iter()
                    .any(|(a, b, owner)| other(*owner) && r.hits_segment(*a, *b))
        })
    }

    /// Whether the segment `a–b` passes through any box or crosses any segment, ignoring
    /// those of `except`.
    pub fn segment_is_blocked(&self, a: Pt, b: Pt, except: Option<Owner>) -> bool {
        if self.segment_covered(a, b, except) {
            return true;
        }
        let other = |owner: Owner| Some(owner) != except;
        self.any_in(self.cells(&bounds(a, b)), |cell| {
            cell.boxes
                .iter()
                .any(|(bx, owner)| other(*owner) && bx.hits_segment(a, b))
                || cell
                    .segments
                    .iter()
                    .any(|(c, d, owner)| other(*owner) && segments_cross(a, b, *c, *d))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no crate and never changes.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, range: f64) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64 * range
        }
    }

    #[test]
    fn the_page_raster_gives_the_same_answers_as_scanning_every_shape() {
        // The same shapes in an index with the dense grid and cover raster, and in one with
        // neither: every question must get the same answer, crowded or not.
        let page = Rect::new(0.0, 0.0, 400.0, 300.0);
        let mut fast = CollisionIndex::with_area(48.0, page);
        let mut plain = CollisionIndex::new(48.0);
        assert!(!fast.cover.is_empty() && plain.cover.is_empty());
        let mut rng = Lcg(7);
        for owner in 0..150 {
            // Boxes and leaders partly off the page too.
            let r = Rect::new(
                rng.next(440.0) - 20.0,
                rng.next(340.0) - 20.0,
                2.0 + rng.next(30.0),
                2.0 + rng.next(14.0),
            );
            fast.add_box(r, owner);
            plain.add_box(r, owner);
            if owner % 7 == 0 {
                let (a, b) = (
                    (rng.next(400.0), rng.next(300.0)),
                    (rng.next(400.0), rng.next(300.0)),
                );
                fast.add_segment(a, b, owner);
                plain.add_segment(a, b, owner);
            }
        }
        let mut blocked = 0;
        for q in 0..4000 {
            let r = Rect::new(
                rng.next(440.0) - 20.0,
                rng.next(340.0) - 20.0,
                1.0 + rng.next(70.0),
                1.0 + rng.next(20.0),
            );
            let except = (q % 3 == 0).then(|| (rng.next(150.0)) as Owner);
            let answer = fast.box_is_blocked(&r, except);
            assert_eq!(
                answer,
                plain.box_is_blocked(&r, except),
                "box {r:?} except {except:?}"
            );
            blocked += usize::from(answer);
            let (a, b) = (
                (rng.next(400.0), rng.next(300.0)),
                (rng.next(400.0), rng.next(300.0)),
            );
            assert_eq!(
                fast.segment_is_blocked(a, b, except),
                plain.segment_is_blocked(a, b, except),
                "segment {a:?}–{b:?} except {except:?}"
            );
        }
        // Both kinds of answer were asked for.
        assert!(blocked > 500 && blocked < 3500, "{blocked}");
    }
}
