//! Basemap names on the map: capitals and towns beside their dots, country and lake names
//! over their areas, then rivers — each only where it fits among what is already placed.

use super::basemap::{PagePlace, ProjectedBasemap};
use super::collide::{CollisionIndex, NO_OWNER};
use super::geometry::Rect;
use super::labels::{LABEL_PAD, LabelRequest, PlacedLabel};
use crate::color::Color;
use crate::fonts::{FontStyle, text_width, vertical_extent};
use crate::scene::{Anchor, Item, Paint, Pt, Text};
use crate::theme::Theme;

/// Names the lakes, the countries, the other chosen places and last the rivers, each only
/// where it fits, so that rivers take only the room the other names leave.
pub(super) fn place_other_names(
    out: &mut Vec<Item>,
    index: &mut CollisionIndex,
    bounds: &Rect,
    projected: &ProjectedBasemap,
    places: &[PagePlace],
    th: &Theme,
) {
    for lake in &projected.lakes {
        place_area_name(
            out,
            index,
            bounds,
            &lake.name,
            lake.at,
            AreaNameStyle {
                size: 11.0,
                style: FontStyle::Oblique,
                color: th.colors.water_text,
                spacing: 0.0,
            },
            th,
        );
    }
    for c in &projected.countries {
        let (size, color, spacing) = if c.focus {
            (17.0, th.colors.focus_text, 3.0)
        } else {
            (14.0, th.colors.country_text, 2.5)
        };
        place_area_name(
            out,
            index,
            bounds,
            &c.name.to_uppercase(),
            c.at,
            AreaNameStyle {
                size,
                style: FontStyle::Regular,
                color,
                spacing,
            },
            th,
        );
    }
    place_names(out, index, bounds, places, false, th);
    super::basemap::place_river_names(out, index, bounds, &projected.rivers, th);
}

/// Names the capitals (`capitals` true) or the other chosen places, each beside its dot;
/// a place whose name finds no room is left out, dot and all.
pub(super) fn place_names(
    out: &mut Vec<Item>,
    index: &mut CollisionIndex,
    bounds: &Rect,
    places: &[PagePlace],
    capitals: bool,
    th: &Theme,
) {
    for pp in places.iter().filter(|pp| pp.place.capital == capitals) {
        let size = if pp.place.capital { 12.0 } else { 10.5 };
        let style = if pp.place.capital {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let (ascent, descent) = vertical_extent(size);
        let req = LabelRequest {
            anchor: pp.at,
            radius: place_radius(&pp.place),
            width: text_width(&pp.place.name, size, style),
            ascent,
            descent,
            owner: NO_OWNER,
        };
        if let Some(label) = near_only(&req, bounds, index) {
            out.push(place_dot(&pp.place, pp.at, th));
            out.push(Item::Text(
                Text::new(label.origin.0, label.origin.1, &pp.place.name, size)
                    .style(style)
                    .color(th.colors.place_text)
                    .halo(th.colors.halo, 1.6),
            ));
        }
    }
}

pub(super) fn place_radius(p: &crate::input::Place) -> f64 {
    if p.capital {
        3.6
    } else if p.population >= 1_000_000 {
        3.2
    } else if p.population >= 400_000 {
        2.7
    } else {
        2.2
    }
}

fn place_dot(p: &crate::input::Place, at: Pt, th: &Theme) -> Item {
    let r = place_radius(p);
    if p.capital {
        Item::Group {
            id: None,
            title: None,
            items: vec![
                Item::Circle {
                    center: at,
                    r,
                    paint: Paint::fill_stroke(th.colors.page, th.colors.place_dot, 1.2),
                },
                Item::Circle {
                    center: at,
                    r: r * 0.45,
                    paint: Paint::fill(th.colors.place_dot),
                },
            ],
        }
    } else {
        Item::Circle {
            center: at,
            r,
            paint: Paint::fill_stroke(th.colors.place_dot, th.colors.page, 0.6),
        }
    }
}

/// Tries the spots right beside a place dot only: a town name far from its dot misleads.
fn near_only(req: &LabelRequest, bounds: &Rect, index: &mut CollisionIndex) -> Option<PlacedLabel> {
    let w = req.width + 2.0 * LABEL_PAD;
    let h = req.ascent + req.descent + 2.0 * LABEL_PAD;
    let (x, y) = req.anchor;
    let mut spots = Vec::new();
    // Rings: right beside the dot, then a little further out. A capital (radius 3.6) tries
    // two more rings before it gives up: a site sitting on it (Dushanbe in a Tajikistan
    // dataset, Bishkek beside Kant) must not cost the reader the capital's name.
    let rings: &[f64] = if req.radius >= 3.5 {
        &[1.5, 7.0, 13.0, 20.0]
    } else {
        &[1.5, 7.0]
    };
    for g in rings.iter().map(|g| req.radius + g) {
        spots.extend([
            (x + g, y - h / 2.0),
            (x - g - w, y - h / 2.0),
            (x + g * 0.7, y - g * 0.7 - h),
            (x + g * 0.7, y + g * 0.7),
            (x - g * 0.7 - w, y - g * 0.7 - h),
            (x - g * 0.7 - w, y + g * 0.7),
            (x - w / 2.0, y - g - h),
            (x - w / 2.0, y + g),
        ]);
    }
    for (x0, y0) in spots {
        let bbox = Rect::new(x0, y0, w, h);
        if bounds.contains_rect(&bbox) && !index.box_is_blocked(&bbox, None) {
            index.add_box(bbox, NO_OWNER);
            return Some(PlacedLabel {
                bbox,
                origin: (x0 + LABEL_PAD, y0 + LABEL_PAD + req.ascent),
                leader: None,
            });
        }
    }
    None
}

/// How a country or lake name is set: size, font style, colour and letter spacing.
struct AreaNameStyle {
    size: f64,
    style: FontStyle,
    color: Color,
    spacing: f64,
}

/// Places a country or lake name centred on `at`, or nudged a little if that spot is taken.
fn place_area_name(
    out: &mut Vec<Item>,
    index: &mut CollisionIndex,
    bounds: &Rect,
    name: &str,
    at: Pt,
    look: AreaNameStyle,
    th: &Theme,
) {
    let AreaNameStyle {
        size,
        style,
        color,
        spacing,
    } = look;
    let count = name.chars().count() as f64;
    let w = text_width(name, size, style) + spacing * (count - 1.0).max(0.0) + 2.0 * LABEL_PAD;
    let (ascent, descent) = vertical_extent(size);
    let h = ascent + descent + 2.0 * LABEL_PAD;
    let nudges = [
        (0.0, 0.0),
        (0.0, -22.0),
        (0.0, 22.0),
        (-40.0, 0.0),
        (40.0, 0.0),
        (0.0, -44.0),
        (0.0, 44.0),
        (-80.0, 0.0),
        (80.0, 0.0),
    ];
    for (dx, dy) in nudges {
        let cx = at.0 + dx;
        let cy = at.1 + dy;
        let bbox = Rect::new(cx - w / 2.0, cy - h / 2.0, w, h);
        if bounds.contains_rect(&bbox) && !index.box_is_blocked(&bbox, None) {
            index.add_box(bbox, NO_OWNER);
            // Letter spacing adds space after every letter, the last included, so shift
            // the anchor to keep the visible text centred.
            out.push(Item::Text(
                Text::new(cx + spacing / 2.0, bbox.y0 + LABEL_PAD + ascent, name, size)
                    .style(style)
                    .anchor(Anchor::Middle)
                    .color(color)
                    .spacing(spacing)
                    .halo(th.colors.halo, 1.5),
            ));
            return;
        }
    }
}
