//! Where each site goes on the page: its symbol's position and shape, the room its marks
//! reserve, its label (placed once for all years, crowded sites first) and what the legend
//! must explain about them.

use super::collide::CollisionIndex;
use super::geometry::Rect;
use super::labels::{LabelRequest, PlacedLabel, place_labels};
use super::panel::LegendFacts;
use super::projection::MapProjection;
use super::symbols::{APPROXIMATE_GAP, CHANGED_HALO_GAP};
use crate::color::Color;
use crate::fonts::{FontStyle, text_width, vertical_extent};
use crate::model::{Dataset, PositionPrecision};
use crate::palette::Shape;
use crate::scene::Pt;
use crate::theme::Theme;

/// A site as drawn: where its symbol sits and where its label went.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteMark {
    /// Index into `Dataset::sites`.
    pub site: usize,
    /// The symbol's centre, or `None` when the site lies outside the frame.
    pub at: Option<Pt>,
    /// The placed label, or `None` when it found no free spot or the site is outside.
    pub label: Option<PlacedLabel>,
    /// The symbol's shape.
    pub shape: Shape,
    /// The symbol's edge colour from the operator table, when it gives one.
    pub edge: Option<Color>,
}

/// Each site's symbol position (None outside the frame), shape and edge colour.
pub(super) fn site_marks(
    dataset: &Dataset,
    projection: &MapProjection,
    th: &Theme,
) -> Vec<SiteMark> {
    let inside = projection.frame().inflate(-th.sizes.symbol);
    dataset
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = projection
                .to_page(s.lon, s.lat)
                .filter(|p| inside.contains(*p));
            let (shape, _, edge) = th.operator(&s.operator);
            SiteMark {
                site: i,
                at,
                label: None,
                shape,
                edge,
            }
        })
        .collect()
}

/// Reserves each symbol's box with room for the marks it may carry in some year (the
/// changed-this-year disc, the approximate-position ring), so no name is drawn under them.
pub(super) fn reserve_symbols(
    dataset: &Dataset,
    sites: &[SiteMark],
    index: &mut CollisionIndex,
    th: &Theme,
) {
    for m in sites {
        if let Some(p) = m.at {
            let r = marks_radius(dataset, m.site, th) + 0.5;
            index.add_box(Rect::new(p.0 - r, p.1 - r, 2.0 * r, 2.0 * r), m.site);
        }
    }
}

/// Places every site's label at once, crowded sites first. Sites with a disputed date
/// reserve room for the " ‡" their label carries in the years the dispute is open, so the
/// label never has to move.
pub(super) fn place_site_labels(
    dataset: &Dataset,
    sites: &mut [SiteMark],
    has_dispute: &[bool],
    bounds: &Rect,
    index: &mut CollisionIndex,
    th: &Theme,
) {
    let (ascent, descent) = vertical_extent(th.sizes.site_label);
    let requests: Vec<LabelRequest> = sites
        .iter()
        .map(|m| LabelRequest {
            anchor: m.at.unwrap_or((f64::NAN, f64::NAN)),
            radius: marks_radius(dataset, m.site, th),
            width: text_width(
                &label_text(dataset, m.site, has_dispute[m.site], th),
                th.sizes.site_label,
                FontStyle::Bold,
            ),
            ascent,
            descent,
            owner: m.site,
        })
        .collect();
    let order = crowded_first(sites);
    let placed = place_labels(&requests, &order, bounds, index);
    for (m, p) in sites.iter_mut().zip(placed) {
        m.label = p;
    }
}

/// Label order: sites with more neighbours within 80 units first (they have the fewest
/// choices), ties in dataset order. A sort, so O(n log n) once neighbour counts are known.
fn crowded_first(sites: &[SiteMark]) -> Vec<usize> {
    let points = sites.iter().filter_map(|m| m.at);
    let area = points.fold(None, |r: Option<Rect>, p| {
        let b = r.unwrap_or(Rect::new(p.0, p.1, 0.0, 0.0));
        Some(Rect {
            x0: b.x0.min(p.0),
            y0: b.y0.min(p.1),
            x1: b.x1.max(p.0),
            y1: b.y1.max(p.1),
        })
    });
    let mut index = match area {
        Some(area) => CollisionIndex::with_area(80.0, area),
        None => CollisionIndex::new(80.0),
    };
    for m in sites {
        if let Some(p) = m.at {
            index.add_box(Rect::new(p.0, p.1, 0.0, 0.0), m.site);
        }
    }
    let mut keyed: Vec<(usize, usize)> = sites
        .iter()
        .filter_map(|m| {
            let p = m.at?;
            let probe = Rect::new(p.0 - 80.0, p.1 - 80.0, 160.0, 160.0);
            // Counting exactly would need a query API; a blocked test per ring is enough to
            // rank: 2 when another site is within 40 units, 1 within 80, else 0.
            let near = Rect::new(p.0 - 40.0, p.1 - 40.0, 80.0, 80.0);
            let rank = if index.box_is_blocked(&near, Some(m.site)) {
                2
            } else if index.box_is_blocked(&probe, Some(m.site)) {
                1
            } else {
                0
            };
            Some((m.site, rank))
        })
        .collect();
    keyed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    keyed.into_iter().map(|k| k.0).collect()
}

/// How far a site's symbol and the marks it may carry in some year reach from its point:
/// the changed-this-year disc (which also covers the disputed ring), or the wider ring of an
/// approximate position.
fn marks_radius(dataset: &Dataset, site: usize, th: &Theme) -> f64 {
    th.sizes.symbol
        + if dataset.sites[site].precision == PositionPrecision::Site {
            CHANGED_HALO_GAP
        } else {
            APPROXIMATE_GAP
        }
}

/// A site's label: its name, with " ‡" while one of its dates is disputed.
pub(super) fn label_text(dataset: &Dataset, site: usize, disputed: bool, th: &Theme) -> String {
    let s = &dataset.sites[site];
    let name = th.name(&s.name, &s.names);
    if disputed {
        format!("{name} ‡")
    } else {
        name
    }
}

/// Which sites have at least one event with a disputed date (one pass over the events).
pub(super) fn sites_with_disputes(dataset: &Dataset) -> Vec<bool> {
    let mut flags = vec![false; dataset.sites.len()];
    for e in dataset.events.iter().filter(|e| e.disputes.is_some()) {
        if let Some(f) = flags.get_mut(e.site) {
            *f = true;
        }
    }
    flags
}

/// What the legend has to explain about the sites on the map.
pub(super) fn legend_facts(
    dataset: &Dataset,
    sites: &[SiteMark],
    has_dispute: &[bool],
    th: &Theme,
) -> LegendFacts {
    LegendFacts {
        operators: operators_by_shape(dataset, sites, th),
        approximate: sites
            .iter()
            .any(|m| m.at.is_some() && dataset.sites[m.site].precision != PositionPrecision::Site),
        disputes: has_dispute.iter().any(|&d| d),
        hidden_labels: sites
            .iter()
            .filter(|m| m.at.is_some() && m.label.is_none())
            .count(),
        outside: sites.iter().filter(|m| m.at.is_none()).count(),
        leaders: sites
            .iter()
            .any(|m| m.label.is_some_and(|l| l.leader.is_some())),
    }
}

/// The shapes used by the sites inside the frame, in legend order, each with what it
/// stands for: operators the style's table names are given by their legend label; the
/// operators that share the fallback shape are named as the data writes them (first
/// spelling seen, sorted).
fn operators_by_shape(
    dataset: &Dataset,
    sites: &[SiteMark],
    th: &Theme,
) -> Vec<(Shape, Vec<String>)> {
    let mut out: Vec<(Shape, Vec<String>)> = Vec::new();
    for shape in Shape::ALL {
        let (mut named, mut others): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for m in sites.iter().filter(|m| m.shape == shape && m.at.is_some()) {
            let name = dataset.sites[m.site].operator.trim();
            let (list, text) = if th.names_operator(name) {
                (&mut named, th.operator(name).1.to_string())
            } else {
                (&mut others, name.to_string())
            };
            if !list.iter().any(|n| n.eq_ignore_ascii_case(&text)) {
                list.push(text);
            }
        }
        others.sort();
        named.extend(others);
        if !named.is_empty() {
            out.push((shape, named));
        }
    }
    if out.is_empty() {
        let first = th.operators.first();
        out.push(match first {
            Some(o) => (o.shape, vec![o.legend_label().to_string()]),
            None => (
                th.other_operator.shape,
                vec![th.other_operator.label.clone()],
            ),
        });
    }
    out
}
