//! Label placement: every label tried at eight spots around its symbol, then moved out along
//! a leader line, never overlapping a symbol, another label, a leader or the frame.
//!
//! The algorithm is greedy in a fixed priority order, with a spatial index for the collision
//! tests, so it is deterministic and costs O(n log n) for the sort plus a bounded number of
//! constant-time probes per label. A label that finds no free spot is left out and counted,
//! never drawn on top of something else.

use super::collide::{CollisionIndex, Owner};
use super::geometry::Rect;
use crate::scene::Pt;

/// A label to place next to a point symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    /// The symbol's centre.
    pub anchor: Pt,
    /// The symbol's radius (labels keep clear of it).
    pub radius: f64,
    /// The text's advance width.
    pub width: f64,
    /// The text's height above the baseline.
    pub ascent: f64,
    /// The text's depth below the baseline.
    pub descent: f64,
    /// Who the label belongs to (its symbol is registered in the index under the same owner).
    pub owner: Owner,
}

/// Where a label went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    /// The box the label occupies, halo included.
    pub bbox: Rect,
    /// The start of the text's baseline.
    pub origin: Pt,
    /// A leader line from the symbol's edge to the label, when the label moved away.
    pub leader: Option<(Pt, Pt)>,
}

/// Clearance between a label's letters and the edge of its box (room for the halo).
pub const LABEL_PAD: f64 = 2.0;

/// The eight spots next to a symbol, in order of preference: right, upper right, lower right,
/// left, upper left, lower left, above, below.
const NEAR: [(f64, f64); 8] = [
    (1.0, 0.0),
    (0.7, -0.7),
    (0.7, 0.7),
    (-1.0, 0.0),
    (-0.7, -0.7),
    (-0.7, 0.7),
    (0.0, -1.0),
    (0.0, 1.0),
];

/// Leader lengths beyond the symbol's edge, shortest first.
const LEADER_LENGTHS: [f64; 7] = [16.0, 28.0, 42.0, 58.0, 76.0, 98.0, 124.0];

/// Leader directions in degrees counter-clockwise from east, in order of preference.
const LEADER_ANGLES: [f64; 16] = [
    0.0, 25.0, -25.0, 180.0, 155.0, -155.0, 50.0, -50.0, 130.0, -130.0, 70.0, -70.0, 110.0, -110.0,
    90.0, -90.0,
];

/// Places the labels in `order` (indices into `requests`), inside `bounds`, avoiding
/// everything already in `index`. Each placed label and leader is added to the index.
///
/// ```
/// use chronomap::layout::{collide::CollisionIndex, geometry::Rect, labels::*};
/// let mut index = CollisionIndex::new(40.0);
/// let req = LabelRequest { anchor: (50.0, 50.0), radius: 5.0, width: 30.0,
///     ascent: 9.0, descent: 3.0, owner: 0 };
/// index.add_box(Rect::new(45.0, 45.0, 10.0, 10.0), 0);
/// let placed = place_labels(&[req], &[0], &Rect::new(0.0, 0.0, 200.0, 100.0), &mut index);
/// let label = placed[0].unwrap();
/// assert!(label.bbox.x0 >= 55.0 && label.leader.is_none());
/// ```
pub fn place_labels(
    requests: &[LabelRequest],
    order: &[usize],
    bounds: &Rect,
    index: &mut CollisionIndex,
) -> Vec<Option<PlacedLabel>> {
    let mut placed = vec![None; requests.len()];
    // Unit vectors of the leader directions, page y pointing down (computed once, not per
    // label: 100,000 labels would take 11 million sines).
    let directions = LEADER_ANGLES.map(|angle| {
        let (s, c) = angle.to_radians().sin_cos();
        (c, -s)
    });
    for &i in order {
        let Some(req) = requests.get(i) else { continue };
        if let Some(label) = find_spot(req, bounds, index, &directions) {
            index.add_box(label.bbox, req.owner);
            if let Some((a, b)) = label.leader {
                index.add_segment(a, b, req.owner);
            }
            placed[i] = Some(label);
        }
    }
    placed
}

fn label_box(req: &LabelRequest, attach: Pt, dir: (f64, f64)) -> (Rect, Pt) {
    let w = req.width + 2.0 * LABEL_PAD;
    let h = req.ascent + req.descent + 2.0 * LABEL_PAD;
    let (x0, y0) = if dir.0 > 0.3 {
        (attach.0, box_top(attach.1, h, dir.1))
    } else if dir.0 < -0.3 {
        (attach.0 - w, box_top(attach.1, h, dir.1))
    } else if dir.1 < 0.0 {
        (attach.0 - w / 2.0, attach.1 - h)
    } else {
        (attach.0 - w / 2.0, attach.1)
    };
    let bbox = Rect::new(x0, y0, w, h);
    let origin = (x0 + LABEL_PAD, y0 + LABEL_PAD + req.ascent);
    (bbox, origin)
}

/// The top of a box attached beside a point: centred for a horizontal direction, above or
/// below the point for a diagonal one.
fn box_top(y: f64, h: f64, dy: f64) -> f64 {
    if dy < -0.3 {
        y - h * 0.75
    } else if dy > 0.3 {
        y - h * 0.25
    } else {
        y - h / 2.0
    }
}

fn fits(bbox: &Rect, bounds: &Rect, index: &CollisionIndex) -> bool {
    bounds.contains_rect(bbox) && !index.box_is_blocked(bbox, None)
}

fn find_spot(
    req: &LabelRequest,
    bounds: &Rect,
    index: &CollisionIndex,
    directions: &[(f64, f64); LEADER_ANGLES.len()],
) -> Option<PlacedLabel> {
    let (x, y) = req.anchor;
    let gap = req.radius + 2.0;
    for dir in NEAR {
        let attach = (x + dir.0 * gap, y + dir.1 * gap);
        let (bbox, origin) = label_box(req, attach, dir);
        if fits(&bbox, bounds, index) {
            return Some(PlacedLabel {
                bbox,
                origin,
                leader: None,
            });
        }
    }
    for length in LEADER_LENGTHS {
        for &dir in directions {
            let start = (
                x + dir.0 * (req.radius + 1.5),
                y + dir.1 * (req.radius + 1.5),
            );
            let end = (x + dir.0 * (gap + length), y + dir.1 * (gap + length));
            let (bbox, origin) = label_box(req, end, dir);
            if !fits(&bbox, bounds, index) {
                continue;
            }
            if index.segment_is_blocked(start, end, Some(req.owner)) {
                continue;
            }
            // The leader must not run through the label's own text either.
            if bbox.inflate(-1.0).hits_segment(start, end) {
                continue;
            }
            return Some(PlacedLabel {
                bbox,
                origin,
                leader: Some((start, end)),
            });
        }
    }
    None
}
