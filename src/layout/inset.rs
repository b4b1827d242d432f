//! The inset locator map: Central Asia in coarse outline with the main map's extent marked.

use super::basemap::{densify, project_line};
use super::geometry::{Rect, clip_polyline, clip_ring};
use super::projection::{Extent, MapProjection};

use crate::input::basemap::Area;
use crate::render::scene::{Anchor, Item, Paint, Pt, Text};

/// Draws the locator into `rect`: coarse countries, the focus country shaded, and the main
/// extent outlined in red. The locator shows about five times the main extent's width.
pub fn inset(
    areas: &[Area],
    main: &Extent,
    focus: &str,
    rect: Rect,
    th: &crate::theme::Theme,
) -> Vec<Item> {
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
        paint: Paint::fill(&th.colors.water),
    }];
    let Ok(p) = MapProjection::fit(extent, rect) else {
        return items;
    };
    for area in areas {
        let mut parts: Vec<Vec<Pt>> = Vec::new();
        for polygon in &area.polygons {
            for ring in polygon {
                let r = clip_ring(&rect, &project_line(&p, ring));
                if !r.is_empty() {
                    parts.push(r);
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        let fill = if area.code == focus {
            &th.colors.inset_focus
        } else {
            &th.colors.land
        };
        items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill_stroke(fill, &th.colors.page, 0.5),
        });
    }
    let outline: Vec<Pt> = [
        densify((main.west, main.south), (main.east, main.south), 16),
        densify((main.east, main.south), (main.east, main.north), 16),
        densify((main.east, main.north), (main.west, main.north), 16),
        densify((main.west, main.north), (main.west, main.south), 16),
    ]
    .iter()
    .flat_map(|l| project_line(&p, l))
    .collect();
    items.push(Item::Path {
        parts: clip_polyline(&rect, &outline),
        closed: false,
        paint: Paint::stroke(&th.colors.disputed, 1.6),
    });
    items.push(Item::Rect {
        x: rect.x0,
        y: rect.y0,
        w: rect.width(),
        h: rect.height(),
        paint: Paint::stroke(&th.colors.frame, 0.8),
    });
    items.push(Item::Text(
        Text::new(
            rect.x1 - 5.0,
            rect.y1 - 6.0,
            &th.legend.locator,
            th.sizes.smallest,
        )
        .anchor(Anchor::End)
        .color(&th.colors.ink)
        .halo(&th.colors.page, 2.0),
    ));
    items
}
