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
    let Some((west, south, east, north)) = lonlat_box(map, &map.frame(), 0.0) else {
        return Vec::new();
    };
    let main = Extent {
        west,
        south,
        east,
        north,
    };
    let cx = (main.west + main.east) / 2.0;
    let cy = (main.south + main.north) / 2.0;
    let half_w = ((main.east - main.west) * 1.6).clamp(12.0, 55.0);
    let half_h = ((main.north - main.south) * 1.6).clamp(8.0, 28.0);
    let extent = Extent {
        west: (cx - half_w).max(-180.0),
        east: (cx + half_w).min(180.0),
        south: (cy - half_h).max(-84.0),
        north: (cy + half_h).min(84.0),
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
    // Whole-world outlines are first cut to (a little more than) what the locator shows, so
    // that rings around a pole or across the antimeridian never reach the projection.
    let Some((w, s, e, n)) = lonlat_box(&p, &rect, 2.0) else {
        return items;
    };
    let window = Rect {
        x0: w,
        y0: s.max(-85.0),
        x1: e,
        y1: n.min(85.0),
    };
    for area in areas {
        let mut parts: Vec<Vec<Pt>> = Vec::new();
        for polygon in &area.polygons {
            for ring in polygon {
                let cut = clip_ring(&window, ring);
                if cut.is_empty() {
                    continue;
                }
                let r = clip_ring(&rect, &project_line(&p, &cut));
                if !r.is_empty() {
                    parts.push(r);
                }
            }
        }
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
    // The main frame's edges, walked on the main page, unprojected and drawn in the locator.
    let f = map.frame();
    let steps = 16;
    let corners = [
        (f.x0, f.y0),
        (f.x1, f.y0),
        (f.x1, f.y1),
        (f.x0, f.y1),
        (f.x0, f.y0),
    ];
    let outline: Vec<Pt> = corners
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
        .collect();
    items.push(Item::Path {
        parts: clip_polyline(&rect, &outline),
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
