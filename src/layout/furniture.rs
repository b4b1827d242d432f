//! Map furniture inside and around the frame: a geodesic scale bar, a north arrow that
//! follows the converging meridians, and graticule lines with their ticks.

use super::basemap::{densify, project_line};
use super::geometry::{Rect, clip_polyline};
use super::projection::MapProjection;
use crate::fonts::FontStyle;
use crate::scene::{Anchor, Item, Paint, Pt, Text};
use crate::theme::Theme;
use geo::{Destination, Geodesic, Point};

/// A 1, 2 or 5 times a power of ten not above `v`.
///
/// ```
/// assert_eq!(chronomap::layout::furniture::round_length(173.0), 100.0);
/// assert_eq!(chronomap::layout::furniture::round_length(260.0), 200.0);
/// assert_eq!(chronomap::layout::furniture::round_length(7.3), 5.0);
/// ```
pub fn round_length(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [5.0, 2.0, 1.0] {
        if m * p <= v {
            return m * p;
        }
    }
    p
}

/// The scale bar: items and the box it occupies. `corner` is its lower-left corner.
/// The length is measured along the ellipsoid (geodesic) at the bar's own latitude.
pub fn scale_bar(
    p: &MapProjection,
    corner: Pt,
    target: f64,
    th: &Theme,
) -> Option<(Vec<Item>, Rect, f64)> {
    let (lon, lat) = p.to_lonlat((corner.0, corner.1 - 14.0))?;
    let start = Point::new(lon, lat);
    let probe = Geodesic.destination(start, 90.0, 100_000.0);
    let a = p.to_page(lon, lat)?;
    let b = p.to_page(probe.x(), probe.y())?;
    let units_per_km = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt() / 100.0;
    if units_per_km.is_nan() || units_per_km <= 0.0 {
        return None;
    }
    let km = round_length(target / units_per_km);
    // Measure the chosen length exactly, then draw it straight along the page's x axis.
    let end = Geodesic.destination(start, 90.0, km * 1000.0);
    let e = p.to_page(end.x(), end.y())?;
    let length = ((e.0 - a.0).powi(2) + (e.1 - a.1).powi(2)).sqrt();
    let (x, y) = (corner.0 + 10.0, corner.1 - 12.0);
    let h = 5.0;
    let mut items = Vec::new();
    let bbox = Rect::new(corner.0, corner.1 - 40.0, length + 46.0, 40.0);
    items.push(Item::Rect {
        x: bbox.x0,
        y: bbox.y0,
        w: bbox.width(),
        h: bbox.height(),
        paint: Paint::fill(th.colors.page).with_opacity(0.85),
    });
    for i in 0..4 {
        let w = length / 4.0;
        let fill = if i % 2 == 0 {
            th.colors.frame
        } else {
            th.colors.page
        };
        items.push(Item::Rect {
            x: x + w * f64::from(i),
            y: y - h,
            w,
            h,
            paint: Paint::fill_stroke(fill, th.colors.frame, 0.8),
        });
    }
    let label = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    for (t, text) in [
        (0.0, "0".to_string()),
        (0.5, label(km / 2.0)),
        (1.0, format!("{} {}", label(km), th.words.km)),
    ] {
        let anchor = if t == 1.0 {
            Anchor::Start
        } else {
            Anchor::Middle
        };
        let tx = if t == 1.0 {
            x + length - 6.0
        } else {
            x + length * t
        };
        items.push(Item::Text(
            Text::new(tx, y - h - 5.0, &text, th.sizes.small)
                .anchor(anchor)
                .color(th.colors.ink),
        ));
    }
    Some((items, bbox, km))
}

/// The north arrow at `center`, pointing along the local meridian. Returns items and box.
pub fn north_arrow(p: &MapProjection, center: Pt, th: &Theme) -> Option<(Vec<Item>, Rect)> {
    let (lon, lat) = p.to_lonlat(center)?;
    let a = p.to_page(lon, lat)?;
    let b = p.to_page(lon, lat + 0.5)?;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len.is_nan() || len <= 0.0 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (nx, ny) = (-uy, ux);
    let l = 16.0;
    let tip = (center.0 + ux * l, center.1 + uy * l);
    let tail = (center.0 - ux * l, center.1 - uy * l);
    let left = (
        center.0 - ux * l * 0.35 + nx * 7.0,
        center.1 - uy * l * 0.35 + ny * 7.0,
    );
    let right = (
        center.0 - ux * l * 0.35 - nx * 7.0,
        center.1 - uy * l * 0.35 - ny * 7.0,
    );
    let bbox = Rect::new(center.0 - 22.0, center.1 - 42.0, 44.0, 64.0);
    let items = vec![
        Item::Rect {
            x: bbox.x0,
            y: bbox.y0,
            w: bbox.width(),
            h: bbox.height(),
            paint: Paint::fill(th.colors.page).with_opacity(0.85),
        },
        Item::Path {
            parts: vec![vec![tip, left, tail]],
            closed: true,
            paint: Paint::fill_stroke(th.colors.frame, th.colors.frame, 0.8),
        },
        Item::Path {
            parts: vec![vec![tip, right, tail]],
            closed: true,
            paint: Paint::fill_stroke(th.colors.page, th.colors.frame, 0.8),
        },
        Item::Text(
            Text::new(
                tip.0 + ux * 4.0,
                tip.1 + uy * 4.0 - 1.0,
                th.words.north,
                12.0,
            )
            .style(FontStyle::Bold)
            .anchor(Anchor::Middle)
            .color(th.colors.ink),
        ),
    ];
    Some((items, bbox))
}

/// Graticule lines inside the frame and degree ticks outside it. Returns (lines, ticks).
pub fn graticule(p: &MapProjection, th: &Theme) -> (Vec<Item>, Vec<Item>) {
    let frame = p.frame();
    let Some((w, e, s, n)) = frame_degree_box(p) else {
        return (Vec::new(), Vec::new());
    };
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0]
        .into_iter()
        .find(|st| (e - w) / st <= 10.0)
        .unwrap_or(30.0);
    let mut lines = Vec::new();
    let mut ticks = Vec::new();
    for lon in multiples_between(w, e, step) {
        let pieces = clip_polyline(
            &frame,
            &project_line(p, &densify((lon, s - 1.0), (lon, n + 1.0), 64)),
        );
        for piece in &pieces {
            let bottom = extreme(piece, |a, q| a.1 >= q.1);
            if let Some(b) = bottom.filter(|b| (b.1 - frame.y1).abs() < 0.5) {
                let label = Text::new(
                    b.0,
                    frame.y1 + 16.0,
                    &degree_label(lon, 'E', 'W'),
                    th.sizes.small,
                )
                .anchor(Anchor::Middle);
                ticks.extend(tick((b.0, frame.y1), (b.0, frame.y1 + 5.0), label, th));
            }
        }
        lines.extend(pieces);
    }
    for lat in multiples_between(s, n, step) {
        let pieces = clip_polyline(
            &frame,
            &project_line(p, &densify((w - 1.0, lat), (e + 1.0, lat), 64)),
        );
        for piece in &pieces {
            let leftmost = extreme(piece, |a, q| a.0 <= q.0);
            if let Some(l) = leftmost.filter(|l| (l.0 - frame.x0).abs() < 0.5) {
                let label = Text::new(
                    frame.x0 - 7.0,
                    l.1 + 3.5,
                    &degree_label(lat, 'N', 'S'),
                    th.sizes.small,
                )
                .anchor(Anchor::End);
                ticks.extend(tick((frame.x0 - 5.0, l.1), (frame.x0, l.1), label, th));
            }
        }
        lines.extend(pieces);
    }
    let lines = vec![Item::Path {
        parts: lines,
        closed: false,
        paint: Paint::stroke(th.colors.graticule, 0.5).with_opacity(0.35),
    }];
    (lines, ticks)
}

/// The longitudes and latitudes the frame's edges reach, as (west, east, south, north),
/// from 21 points along each edge; None when no edge point is on the globe.
fn frame_degree_box(p: &MapProjection) -> Option<(f64, f64, f64, f64)> {
    let frame = p.frame();
    let mut lons = Vec::new();
    let mut lats = Vec::new();
    for i in 0..=20 {
        let t = f64::from(i) / 20.0;
        for pt in [
            (frame.x0 + t * frame.width(), frame.y0),
            (frame.x0 + t * frame.width(), frame.y1),
            (frame.x0, frame.y0 + t * frame.height()),
            (frame.x1, frame.y0 + t * frame.height()),
        ] {
            if let Some((lon, lat)) = p.to_lonlat(pt) {
                lons.push(lon);
                lats.push(lat);
            }
        }
    }
    if lons.is_empty() {
        return None;
    }
    let min = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
    Some((min(&lons), max(&lons), min(&lats), max(&lats)))
}

/// The multiples of `step` from `low` up to `high`, counted by adding `step` each time.
fn multiples_between(low: f64, high: f64, step: f64) -> impl Iterator<Item = f64> {
    std::iter::successors(Some((low / step).ceil() * step), move |v| Some(v + step))
        .take_while(move |v| *v <= high)
}

/// The point of `piece` that `keeps` prefers over every later one (the first of equals).
fn extreme(piece: &[Pt], keeps: impl Fn(Pt, Pt) -> bool) -> Option<Pt> {
    piece.iter().copied().fold(None::<Pt>, |acc, q| match acc {
        Some(a) if keeps(a, q) => Some(a),
        _ => Some(q),
    })
}

/// A tick from `from` to `to` outside the frame, and its degree label in muted ink.
fn tick(from: Pt, to: Pt, label: Text, th: &Theme) -> [Item; 2] {
    [
        Item::Path {
            parts: vec![vec![from, to]],
            closed: false,
            paint: Paint::stroke(th.colors.frame, 0.8),
        },
        Item::Text(label.color(th.colors.muted)),
    ]
}

/// A graticule tick's label: `30°N`, `30°S`, `0°`, never a minus sign and never "-0".
///
/// ```
/// use chronomap::layout::furniture::degree_label;
/// assert_eq!(degree_label(-30.0, 'N', 'S'), "30°S");
/// assert_eq!(degree_label(75.0, 'E', 'W'), "75°E");
/// assert_eq!(degree_label(-0.0, 'E', 'W'), "0°");
/// assert_eq!(degree_label(-180.0, 'E', 'W'), "180°");
/// ```
pub fn degree_label(value: f64, positive: char, negative: char) -> String {
    // Ticks fall on whole degrees; rounding keeps float noise out of the label.
    let v = (value * 1e6).round() / 1e6;
    let magnitude = v.abs();
    let text = if magnitude.fract() == 0.0 {
        format!("{magnitude:.0}")
    } else {
        format!("{magnitude}")
    };
    if magnitude == 0.0 || magnitude == 180.0 {
        format!("{text}°")
    } else if v > 0.0 {
        format!("{text}°{positive}")
    } else {
        format!("{text}°{negative}")
    }
}
