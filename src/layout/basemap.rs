//! The basemap projected and clipped to the map frame: country fills, lakes, admin-1 lines,
//! borders and the graticule, plus the anchor points for country, lake and place names.

use super::geometry::{Rect, clip_polyline, clip_ring, ring_area};
use super::projection::MapProjection;

use crate::input::basemap::{Area, Basemap, LonLatLine, Place};
use crate::render::scene::{Item, Paint, Pt};

/// A name to try to place on the basemap.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLabel {
    /// The name.
    pub name: String,
    /// Where the name would best sit.
    pub at: Pt,
    /// Whether this is the focus country.
    pub focus: bool,
}

/// A place inside the frame.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePlace {
    /// The place.
    pub place: Place,
    /// Its page position.
    pub at: Pt,
}

/// The projected basemap.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedBasemap {
    /// Fills and lines, bottom first.
    pub items: Vec<Item>,
    /// Country names and where they would sit.
    pub countries: Vec<AreaLabel>,
    /// Lake names and where they would sit.
    pub lakes: Vec<AreaLabel>,
    /// Places in the frame, capitals first, then by population.
    pub places: Vec<PagePlace>,
}

/// Projects `line` vertex by vertex, dropping vertices that cannot be projected.
pub fn project_line(p: &MapProjection, line: &LonLatLine) -> Vec<Pt> {
    line.iter()
        .filter_map(|&(lon, lat)| p.to_page(lon, lat))
        .collect()
}

/// Densifies a geographic line so that straight page segments follow the projection's curves
/// (used for graticule lines and extent outlines).
pub fn densify(a: (f64, f64), b: (f64, f64), steps: usize) -> LonLatLine {
    (0..=steps)
        .map(|i| {
            let t = i as f64 / steps as f64;
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        })
        .collect()
}

fn area_parts(p: &MapProjection, area: &Area, frame: &Rect) -> Vec<Vec<Pt>> {
    let mut parts = Vec::new();
    for polygon in &area.polygons {
        for ring in polygon {
            let clipped = clip_ring(frame, &project_line(p, ring));
            if !clipped.is_empty() {
                parts.push(clipped);
            }
        }
    }
    parts
}

/// A point well inside the largest visible part of an area: the centroid of its biggest
/// clipped ring.
fn visible_center(parts: &[Vec<Pt>]) -> Option<Pt> {
    let ring = parts
        .iter()
        .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))?;
    let a = ring_area(ring);
    if a.abs() < 1e-9 {
        return None;
    }
    let n = ring.len();
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

/// Projects and clips the basemap into the projection's frame. `focus` is the ISO code of
/// the country to emphasise.
pub fn project_basemap(
    basemap: &Basemap,
    p: &MapProjection,
    focus: &str,
    th: &crate::theme::Theme,
) -> ProjectedBasemap {
    let frame = p.frame();
    let mut items = Vec::new();
    let mut countries = Vec::new();
    let mut focus_parts = Vec::new();
    for area in &basemap.countries {
        let parts = area_parts(p, area, &frame);
        if parts.is_empty() {
            continue;
        }
        let is_focus = area.code == focus;
        let label_at = area
            .label_point
            .and_then(|(lon, lat)| p.to_page(lon, lat))
            .filter(|pt| frame.inflate(-30.0).contains(*pt))
            .or_else(|| visible_center(&parts));
        if let Some(at) = label_at {
            countries.push(AreaLabel {
                name: area.name.clone(),
                at,
                focus: is_focus,
            });
        }
        let fill = if is_focus {
            &th.colors.focus_land
        } else {
            &th.colors.land
        };
        if is_focus {
            focus_parts = parts.clone();
        }
        items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill(fill),
        });
    }
    let lines = |lines: &[LonLatLine]| -> Vec<Vec<Pt>> {
        lines
            .iter()
            .flat_map(|l| clip_polyline(&frame, &project_line(p, l)))
            .collect()
    };
    items.push(Item::Path {
        parts: lines(&basemap.admin1),
        closed: false,
        paint: Paint::stroke(&th.colors.admin1, 0.6).dashed(&[3.0, 2.0]),
    });
    let mut lakes = Vec::new();
    for lake in &basemap.lakes {
        let parts = area_parts(p, lake, &frame);
        if parts.is_empty() {
            continue;
        }
        let size: f64 = parts.iter().map(|r| ring_area(r).abs()).sum();
        if size > 1500.0 {
            if let Some(at) = visible_center(&parts) {
                lakes.push(AreaLabel {
                    name: lake.name.clone(),
                    at,
                    focus: false,
                });
            }
        }
        items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill_stroke(&th.colors.water, &th.colors.water_edge, 0.6),
        });
    }
    items.push(Item::Path {
        parts: lines(&basemap.borders),
        closed: false,
        paint: Paint::stroke(&th.colors.border, 1.1),
    });
    if !focus_parts.is_empty() {
        // The focus country's outline, drawn over the shared borders so it reads first.
        let outline: Vec<Vec<Pt>> = basemap
            .countries
            .iter()
            .filter(|a| a.code == focus)
            .flat_map(|a| a.polygons.iter().flatten())
            .flat_map(|ring| clip_polyline(&frame, &project_line(p, ring)))
            .collect();
        items.push(Item::Path {
            parts: outline,
            closed: false,
            paint: Paint::stroke(&th.colors.focus_edge, 1.8),
        });
    }
    let mut places: Vec<PagePlace> = basemap
        .places
        .iter()
        .filter_map(|pl| {
            let at = p.to_page(pl.lon, pl.lat)?;
            frame.inflate(-4.0).contains(at).then(|| PagePlace {
                place: pl.clone(),
                at,
            })
        })
        .collect();
    places.sort_by(|a, b| {
        b.place
            .capital
            .cmp(&a.place.capital)
            .then(b.place.population.cmp(&a.place.population))
            .then(a.place.name.cmp(&b.place.name))
    });
    ProjectedBasemap {
        items,
        countries,
        lakes,
        places,
    }
}
