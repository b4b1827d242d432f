//! The inset locator map: the countries around the main map in coarse outline, with the area
//! the main map shows marked in its real (projected) shape.

use super::basemap::{lonlat_box, project_line};
use super::geometry::{Rect, clip_polyline, clip_ring};
use super::projection::{Extent, MapProjection};

use crate::input::Area;
use crate::scene::{Anchor, Item, Paint, Pt, Text};

/// Draws the locator into `rect`: coarse countries, the focus country shaded, and the main
/// map's frame outlined in red, as the main projection shapes it. The locator shows about
/// four times the main map's width.
pub fn inset(
    areas: &[Area],
    map: &MapProjection,
    focus: &str,
    rect: Rect,
    th: &crate::theme::Theme,
) -> Vec<Item> {
    let Some(extent) = locator_extent(map) else {
        return Vec::new();
    };
    let mut items = vec![Item::Rect {
        x: rect.x0,
        y: rect.y0,
        w: rect.width(),
        h: rect.height(),
        paint: Paint::fill(th.colors.water),
    }];
    let Ok(p) = MapProjection::fit(extent, rect) else {
        return items;
    };
    items.extend(countries(areas, &p, rect, focus, th));
    items.push(Item::Path {
        parts: clip_polyline(&rect, &main_frame_outline(map, &p)),
        closed: false,
        paint: Paint::stroke(th.colors.disputed, 1.6),
    });
    items.push(Item::Rect {
        x: rect.x0,
        y: rect.y0,
        w: rect.width(),
        h: rect.height(),
        paint: Paint::stroke(th.colors.frame, 0.8),
    });
    items.push(Item::Text(
        Text::new(
            rect.x1 - 5.0,
            rect.y1 - 6.0,
            &th.legend.locator,
            th.sizes.smallest,
        )
        .anchor(Anchor::End)
        .color(th.colors.ink)
        .halo(th.colors.page, 2.0),
    ));
    items
}

/// The area the locator shows: the main map's box, about 3.2 times as wide and tall,
/// within 12–55° east–west and 8–28° north–south of its centre and inside ±84° latitude.
fn locator_extent(map: &MapProjection) -> Option<Extent> {
    let (west, south, east, north) = lonlat_box(map, &map.frame(), 0.0)?;
    let (cx, cy) = ((west + east) / 2.0, (south + north) / 2.0);
    let half_w = ((east - west) * 1.6).clamp(12.0, 55.0);
    let half_h = ((north - south) * 1.6).clamp(8.0, 28.0);
    Some(Extent {
        west: (cx - half_w).max(-180.0),
        east: (cx + half_w).min(180.0),
        south: (cy - half_h).max(-84.0),
        north: (cy + half_h).min(84.0),
    })
}

/// The countries in the locator's projection `p`, the focus country shaded. Whole-world
/// outlines are first cut to (a little more than) what the locator shows, so that rings
/// around a pole or across the antimeridian never reach the projection.
fn countries(
    areas: &[Area],
    p: &MapProjection,
    rect: Rect,
    focus: &str,
    th: &crate::theme::Theme,
) -> Vec<Item> {
    let Some((w, s, e, n)) = lonlat_box(p, &rect, 2.0) else {
        return Vec::new();
    };
    let window = Rect {
        x0: w,
        y0: s.max(-85.0),
        x1: e,
        y1: n.min(85.0),
    };
    let mut items = Vec::new();
    for area in areas {
        let parts: Vec<Vec<Pt>> = area
            .polygons
            .iter()
            .flatten()
            .map(|ring| clip_ring(&window, ring))
            .filter(|cut| !cut.is_empty())
            .map(|cut| clip_ring(&rect, &project_line(p, &cut)))
            .filter(|r| !r.is_empty())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let fill = if area.code == focus {
            th.colors.inset_focus
        } else {
            th.colors.land
        };
        items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill_stroke(fill, th.colors.page, 0.5),
        });
    }
    items
}

/// The main map's frame in the locator: its edges walked in 16 steps each on the main page,
/// unprojected, and projected again with the locator's `p`, so the box has the frame's real
/// shape.
fn main_frame_outline(map: &MapProjection, p: &MapProjection) -> Vec<Pt> {
    let f = map.frame();
    let steps = 16;
    let corners = [
        (f.x0, f.y0),
        (f.x1, f.y0),
        (f.x1, f.y1),
        (f.x0, f.y1),
        (f.x0, f.y0),
    ];
    corners
        .windows(2)
        .flat_map(|c| {
            (0..steps).map(move |i| {
                let t = i as f64 / steps as f64;
                (
                    c[0].0 + t * (c[1].0 - c[0].0),
                    c[0].1 + t * (c[1].1 - c[0].1),
                )
            })
        })
        .chain(std::iter::once(corners[0]))
        .filter_map(|pt| map.to_lonlat(pt))
        .filter_map(|(lon, lat)| p.to_page(lon, lat))
        .collect()
}
