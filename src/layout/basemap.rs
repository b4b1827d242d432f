//! The basemap projected and clipped to the map frame: country fills, lakes, admin-1 lines,
//! borders and the graticule, plus the anchor points for country, lake and place names.

use super::geometry::{Rect, clip_polyline, clip_ring, ring_area};
use super::projection::MapProjection;
use crate::input::{Area, Basemap, LonLatLine, Place, River};
use crate::scene::{Item, Paint, Pt};

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

/// A named river's name and its visible page lines.
pub type PageRiver = (String, Vec<Vec<Pt>>);

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
    /// Named rivers in the frame: the name and its visible lines, joined where they meet.
    pub rivers: Vec<PageRiver>,
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

/// The centre of the visible parts of an area: the centroid of all its clipped rings taken
/// together (holes count negatively), so that an area cut into tiles has the centre it would
/// have whole.
fn visible_center(parts: &[Vec<Pt>]) -> Option<Pt> {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for ring in parts {
        let n = ring.len();
        for i in 0..n {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            let cross = p.0 * q.1 - q.0 * p.1;
            a += cross / 2.0;
            cx += (p.0 + q.0) * cross;
            cy += (p.1 + q.1) * cross;
        }
    }
    if a.abs() < 1e-9 {
        return None;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

/// The longitude/latitude box that holds everything the page rectangle `rect` shows, found by
/// walking its edges, widened by `margin` degrees; `None` when no edge point can be
/// unprojected.
pub fn lonlat_box(p: &MapProjection, rect: &Rect, margin: f64) -> Option<(f64, f64, f64, f64)> {
    let steps = 24;
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for i in 0..=steps {
        let t = i as f64 / steps as f64;
        let (x, y) = (rect.x0 + t * rect.width(), rect.y0 + t * rect.height());
        for pt in [(x, rect.y0), (x, rect.y1), (rect.x0, y), (rect.x1, y)] {
            if let Some((lon, lat)) = p.to_lonlat(pt) {
                let (w, s, e, n) = b.unwrap_or((lon, lat, lon, lat));
                b = Some((w.min(lon), s.min(lat), e.max(lon), n.max(lat)));
            }
        }
    }
    b.map(|(w, s, e, n)| {
        (
            (w - margin).max(-180.0),
            (s - margin).max(-90.0),
            (e + margin).min(180.0),
            (n + margin).min(90.0),
        )
    })
}

/// The layers of `basemap` for what `p`'s frame shows: read from the world tiles when the
/// basemap has them, plus its in-memory layers.
pub fn layers_in_frame<'a>(
    basemap: &'a Basemap,
    p: &MapProjection,
) -> std::borrow::Cow<'a, Basemap> {
    match lonlat_box(p, &p.frame(), 0.25) {
        Some(area) => layers_in_area(basemap, area),
        None => std::borrow::Cow::Borrowed(basemap),
    }
}

/// The layers of `basemap` within the longitude/latitude box `area` (west, south, east,
/// north): read from the world tiles when the basemap has them, cut to the box, plus its
/// in-memory layers. Places named in English only get the other-language names of the
/// basemap's `place_names`.
pub fn layers_in_area(
    basemap: &Basemap,
    area: (f64, f64, f64, f64),
) -> std::borrow::Cow<'_, Basemap> {
    let Some(world) = basemap.world else {
        return std::borrow::Cow::Borrowed(basemap);
    };
    let mut local = world.query(area).unwrap_or_default();
    // On a map of a continent, first-level lines would cover small countries in grey.
    if area.2 - area.0 > ADMIN1_MAX_SPAN {
        local.admin1.clear();
    }
    // Cut to the box in degrees first, so that only what can be seen is projected.
    let window = Rect {
        x0: area.0,
        y0: area.1,
        x1: area.2,
        y1: area.3,
    };
    for a in local.countries.iter_mut().chain(local.lakes.iter_mut()) {
        for polygon in a.polygons.iter_mut() {
            for ring in polygon.iter_mut() {
                *ring = clip_ring(&window, ring);
            }
            polygon.retain(|r| !r.is_empty());
        }
        a.polygons.retain(|p| !p.is_empty());
    }
    for lines in [&mut local.borders, &mut local.admin1] {
        *lines = lines
            .iter()
            .flat_map(|l| clip_polyline(&window, l))
            .collect();
    }
    local.rivers = local
        .rivers
        .iter()
        .flat_map(|r| {
            clip_polyline(&window, &r.line)
                .into_iter()
                .map(|line| River {
                    name: r.name.clone(),
                    names: r.names.clone(),
                    line,
                })
        })
        .collect();
    local.rivers.extend(basemap.rivers.iter().cloned());
    local.countries.extend(basemap.countries.iter().cloned());
    local.borders.extend(basemap.borders.iter().cloned());
    local.admin1.extend(basemap.admin1.iter().cloned());
    local.lakes.extend(basemap.lakes.iter().cloned());
    if let Some(table) = basemap.place_names {
        let places = local.places.iter_mut().map(|p| (&p.name, &mut p.names));
        let lakes = local.lakes.iter_mut().map(|a| (&a.name, &mut a.names));
        let rivers = local.rivers.iter_mut().map(|r| (&r.name, &mut r.names));
        let all = places.chain(lakes).chain(rivers);
        for (name, names) in all.filter(|(_, n)| n.is_empty()) {
            if let Some(found) = table.get(name) {
                *names = found.clone();
            }
        }
    }
    local.places.extend(basemap.places.iter().cloned());
    local.place_names = basemap.place_names;
    std::borrow::Cow::Owned(local)
}

/// The widest view, in degrees of longitude, that still draws the world's admin-1 lines.
const ADMIN1_MAX_SPAN: f64 = 70.0;

/// Whether the segment `a`–`b` runs along a tile edge (a meridian or parallel at a multiple
/// of `cut` degrees), where a polygon cut into tiles has an edge that is no real outline.
fn on_tile_edge(a: (f64, f64), b: (f64, f64), cut: f64) -> bool {
    let on = |v: f64| ((v / cut).round() * cut - v).abs() < 1e-7;
    (a.0 == b.0 && on(a.0)) || (a.1 == b.1 && on(a.1))
}

/// The outline of a ring as lines, without the stretches along tile edges.
pub fn outline_pieces(ring: &LonLatLine, cut: Option<f64>) -> Vec<LonLatLine> {
    let Some(cut) = cut else {
        return vec![ring.clone()];
    };
    let mut out = Vec::new();
    let mut current: LonLatLine = Vec::new();
    for w in ring.windows(2) {
        if on_tile_edge(w[0], w[1], cut) {
            if current.len() > 1 {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            if current.is_empty() {
                current.push(w[0]);
            }
            current.push(w[1]);
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out
}

/// The least visible area, in square page units, of a country that gets its name printed.
const MIN_NAMED_AREA: f64 = 2500.0;

/// Projects and clips the basemap into the projection's frame. `focus` is the ISO code of
/// the country to emphasise. The frame is first painted as water: land is what the country
/// polygons cover. The shaded relief's recipe and the vector layers are worked out on two
/// threads at once.
pub fn project_basemap(
    basemap: &Basemap,
    p: &MapProjection,
    focus: &str,
    th: &crate::theme::Theme,
    relief_pixels_per_unit: Option<f64>,
) -> ProjectedBasemap {
    let (relief, vectors) = rayon::join(
        || relief_group(p, relief_pixels_per_unit),
        || project_vectors(basemap, p, focus, th),
    );
    let frame = p.frame();
    let mut items = vec![Item::Rect {
        x: frame.x0,
        y: frame.y0,
        w: frame.width(),
        h: frame.height(),
        paint: Paint::fill(th.colors.water),
    }];
    items.extend(vectors.land.items);
    // The relief over the land colours and under every line and name; lakes cover it.
    items.extend(relief);
    items.extend(vectors.lines);
    ProjectedBasemap {
        items,
        countries: vectors.land.labels,
        lakes: vectors.lakes,
        places: vectors.places,
        rivers: vectors.rivers,
    }
}

/// The basemap's vector layers, projected: the land, the lines and areas drawn over the
/// relief, and what may be named.
struct ProjectedVectors {
    land: ProjectedCountries,
    /// Admin-1 lines, lakes, the rivers' group, borders and the focus outline, in drawing
    /// order.
    lines: Vec<Item>,
    lakes: Vec<AreaLabel>,
    rivers: Vec<PageRiver>,
    places: Vec<PagePlace>,
}

/// Projects the vector layers of the basemap that reach the frame (see [`project_basemap`]).
fn project_vectors(
    basemap: &Basemap,
    p: &MapProjection,
    focus: &str,
    th: &crate::theme::Theme,
) -> ProjectedVectors {
    let in_frame = layers_in_frame(basemap, p);
    // Names read from the world tiles are localised here, as the in-memory layers were.
    let localized;
    let basemap = if th.langs == crate::lang::Languages::default() {
        &*in_frame
    } else {
        localized = in_frame.localized(&th.langs);
        &localized
    };
    let frame = p.frame();
    let land = project_countries(&basemap.countries, p, focus, th);
    let mut lines = vec![Item::Path {
        parts: project_lines(&basemap.admin1, p, &frame),
        closed: false,
        paint: Paint::stroke(th.colors.admin1, 0.6).dashed(&[3.0, 2.0]),
    }];
    let (lake_items, lakes) = project_lakes(&basemap.lakes, p, th);
    lines.extend(lake_items);
    // With the rivers layer off the group stays, empty, and no river is named.
    let (river_items, rivers) = if th.layers.rivers {
        project_rivers(&basemap.rivers, p, &frame, th)
    } else {
        (Vec::new(), Vec::new())
    };
    lines.push(Item::Group {
        id: Some("rivers".into()),
        title: None,
        items: river_items,
    });
    lines.push(Item::Path {
        parts: project_lines(&basemap.borders, p, &frame),
        closed: false,
        paint: Paint::stroke(th.colors.border, 1.1),
    });
    if land.has_focus {
        lines.push(focus_outline(basemap, p, focus, th));
    }
    ProjectedVectors {
        land,
        lines,
        lakes,
        rivers,
        places: project_places(basemap, p),
    }
}

/// The countries in the frame, projected: their fills, the names of those with room for
/// one, and whether the focus country is among them.
struct ProjectedCountries {
    items: Vec<Item>,
    labels: Vec<AreaLabel>,
    has_focus: bool,
}

/// Projects each country that reaches the frame, filled as land (the focus country in its
/// own colour), and names those with at least [`MIN_NAMED_AREA`] in view: no Dhekelia
/// printed over Cyprus.
fn project_countries(
    countries: &[Area],
    p: &MapProjection,
    focus: &str,
    th: &crate::theme::Theme,
) -> ProjectedCountries {
    let frame = p.frame();
    let mut out = ProjectedCountries {
        items: Vec::new(),
        labels: Vec::new(),
        has_focus: false,
    };
    for area in countries {
        let parts = area_parts(p, area, &frame);
        if parts.is_empty() {
            continue;
        }
        let is_focus = area.code == focus;
        let visible: f64 = parts.iter().map(|r| ring_area(r)).sum::<f64>().abs();
        let label_at = area
            .label_point
            .and_then(|(lon, lat)| p.to_page(lon, lat))
            .filter(|pt| frame.inflate(-30.0).contains(*pt))
            .or_else(|| visible_center(&parts))
            .filter(|_| visible >= MIN_NAMED_AREA);
        if let Some(at) = label_at {
            out.labels.push(AreaLabel {
                name: area.name.clone(),
                at,
                focus: is_focus,
            });
        }
        let fill = if is_focus {
            th.colors.focus_land
        } else {
            th.colors.land
        };
        out.has_focus |= is_focus;
        out.items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill(fill),
        });
    }
    out
}

/// The shaded relief over the frame as the `relief` group, when it is asked for (at
/// `pixels_per_unit`) and the frame meets some.
fn relief_group(p: &MapProjection, pixels_per_unit: Option<f64>) -> Option<Item> {
    use crate::bundled::basemap_bytes::{RELIEF, RELIEF_DETAIL};
    let image = super::relief::relief(RELIEF, Some(RELIEF_DETAIL), p, pixels_per_unit?)?;
    Some(Item::Group {
        id: Some("relief".into()),
        title: None,
        items: vec![image],
    })
}

/// Lines projected and clipped to the frame.
fn project_lines(lines: &[LonLatLine], p: &MapProjection, frame: &Rect) -> Vec<Vec<Pt>> {
    lines
        .iter()
        .flat_map(|l| clip_polyline(frame, &project_line(p, l)))
        .collect()
}

/// Projects the lakes in the frame as water with an edge, and names those large enough to
/// hold a name.
fn project_lakes(
    lakes: &[Area],
    p: &MapProjection,
    th: &crate::theme::Theme,
) -> (Vec<Item>, Vec<AreaLabel>) {
    let frame = p.frame();
    let mut items = Vec::new();
    let mut labels = Vec::new();
    for lake in lakes {
        let parts = area_parts(p, lake, &frame);
        if parts.is_empty() {
            continue;
        }
        let size: f64 = parts.iter().map(|r| ring_area(r).abs()).sum();
        if size > 1500.0 && !lake.name.is_empty() {
            if let Some(at) = visible_center(&parts) {
                labels.push(AreaLabel {
                    name: lake.name.clone(),
                    at,
                    focus: false,
                });
            }
        }
        items.push(Item::Path {
            parts,
            closed: true,
            paint: Paint::fill_stroke(th.colors.water, th.colors.water_edge, 0.6),
        });
    }
    (items, labels)
}

/// The focus country's outline, drawn over the shared borders so it reads first.
fn focus_outline(
    basemap: &Basemap,
    p: &MapProjection,
    focus: &str,
    th: &crate::theme::Theme,
) -> Item {
    let frame = p.frame();
    let outline: Vec<Vec<Pt>> = basemap
        .countries
        .iter()
        .filter(|a| a.code == focus)
        .flat_map(|a| a.polygons.iter().flatten())
        .flat_map(|ring| outline_pieces(ring, basemap.cut_every))
        .flat_map(|line| clip_polyline(&frame, &project_line(p, &line)))
        .collect();
    Item::Path {
        parts: outline,
        closed: false,
        paint: Paint::stroke(th.colors.focus_edge, 1.8),
    }
}

/// The populated places inside the frame (4 units in from its edge), capitals first, then
/// by population, then by name: the order in which they get a label.
fn project_places(basemap: &Basemap, p: &MapProjection) -> Vec<PagePlace> {
    let frame = p.frame();
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
    places
}

/// Projects and clips the rivers: unnamed ones as hairlines, named ones a little stronger,
/// and the named ones' lines joined end to end (the data cuts them every degree).
fn project_rivers(
    rivers: &[River],
    p: &MapProjection,
    frame: &Rect,
    th: &crate::theme::Theme,
) -> (Vec<Item>, Vec<PageRiver>) {
    let mut minor = Vec::new();
    let mut named: Vec<PageRiver> = Vec::new();
    for r in rivers {
        let parts: Vec<Vec<Pt>> = clip_polyline(frame, &project_line(p, &r.line))
            .iter()
            .map(|l| simplify(l, 0.35))
            .collect();
        if r.name.is_empty() {
            // Unnamed stubs shorter than this add clutter and drawing time, not information.
            minor.extend(
                parts
                    .into_iter()
                    .filter(|l| line_length(l) >= MIN_RIVER_LENGTH),
            );
        } else {
            match named.iter_mut().find(|(n, _)| *n == r.name) {
                Some((_, lines)) => lines.extend(parts),
                None => named.push((r.name.clone(), parts)),
            }
        }
    }
    for (_, lines) in named.iter_mut() {
        *lines = join_lines(std::mem::take(lines));
    }
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut items = vec![Item::Path {
        parts: minor,
        closed: false,
        // A full unit wide in a paler blue rather than a thinner line: lines under a pixel
        // are drawn as hairlines once per band of the page, lines of a pixel or more once.
        paint: Paint::stroke(th.colors.river, 1.0),
    }];
    items.push(Item::Path {
        parts: named.iter().flat_map(|(_, l)| l.iter().cloned()).collect(),
        closed: false,
        paint: Paint::stroke(th.colors.water_edge, 1.0),
    });
    (items, named)
}

/// `line` without the vertices that lie within `tolerance` page units of the line through
/// their neighbours (Douglas–Peucker): river lines carry far more vertices than a page shows.
fn simplify(line: &[Pt], tolerance: f64) -> Vec<Pt> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (line[a], line[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt();
        let mut worst = (0.0, a);
        for (i, r) in line.iter().enumerate().take(b).skip(a + 1) {
            let d = if len == 0.0 {
                ((r.0 - p.0).powi(2) + (r.1 - p.1).powi(2)).sqrt()
            } else {
                ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / len
            };
            if d > worst.0 {
                worst = (d, i);
            }
        }
        if worst.0 > tolerance {
            keep[worst.1] = true;
            stack.push((a, worst.1));
            stack.push((worst.1, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// The shortest unnamed river line drawn, in page units.
const MIN_RIVER_LENGTH: f64 = 40.0;

fn line_length(line: &[Pt]) -> f64 {
    line.windows(2)
        .map(|s| ((s[1].0 - s[0].0).powi(2) + (s[1].1 - s[0].1).powi(2)).sqrt())
        .sum()
}

/// Joins lines whose ends meet (within a hundredth of a page unit), in either direction.
fn join_lines(mut lines: Vec<Vec<Pt>>) -> Vec<Vec<Pt>> {
    let close = |a: Pt, b: Pt| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01;
    let mut out: Vec<Vec<Pt>> = Vec::new();
    lines.retain(|l| l.len() > 1);
    while let Some(mut current) = lines.pop() {
        loop {
            let (first, last) = (current[0], current[current.len() - 1]);
            let Some(i) = lines.iter().position(|l| {
                let (a, b) = (l[0], l[l.len() - 1]);
                close(a, last) || close(b, last) || close(a, first) || close(b, first)
            }) else {
                break;
            };
            let mut next = lines.swap_remove(i);
            if close(next[0], last) {
                current.extend(next.drain(1..));
            } else if close(next[next.len() - 1], last) {
                next.reverse();
                current.extend(next.drain(1..));
            } else if close(next[next.len() - 1], first) {
                next.pop();
                next.extend(current);
                current = next;
            } else {
                next.reverse();
                next.pop();
                next.extend(current);
                current = next;
            }
        }
        out.push(current);
    }
    out
}

/// Names the rivers where a stretch of the line is flat enough to carry the name just above
/// it, without touching other labels; the flattest free stretch of the longest line wins.
pub fn place_river_names(
    out: &mut Vec<Item>,
    index: &mut super::collide::CollisionIndex,
    bounds: &Rect,
    rivers: &[PageRiver],
    th: &crate::theme::Theme,
) {
    use crate::fonts::{FontStyle, text_width, vertical_extent};
    use crate::scene::{Anchor, Text};
    let size = 10.5;
    let (ascent, descent) = vertical_extent(size);
    for (name, lines) in rivers {
        let w = text_width(name, size, FontStyle::Oblique) + 4.0;
        let h = ascent + descent + 2.0;
        let mut candidates: Vec<(f64, Rect)> = Vec::new();
        for line in lines {
            // Cumulative length along the line.
            let mut at = vec![0.0];
            for s in line.windows(2) {
                let d = ((s[1].0 - s[0].0).powi(2) + (s[1].1 - s[0].1).powi(2)).sqrt();
                at.push(at[at.len() - 1] + d);
            }
            let total = at[at.len() - 1];
            let span = w * 1.15;
            let mut start = 0.0;
            while start + span <= total {
                let stretch: Vec<Pt> = line
                    .iter()
                    .zip(&at)
                    .filter(|(_, a)| **a >= start && **a <= start + span)
                    .map(|(p, _)| *p)
                    .collect();
                start += 4.0;
                if stretch.len() < 2 {
                    continue;
                }
                let (x0, x1) = stretch
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
                let (y0, y1) = stretch
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
                // The name runs along the stretch: it must be wide and flat.
                if x1 - x0 < w * 0.7 || y1 - y0 > h * 2.5 {
                    continue;
                }
                // Just above the stretch, or else just below it.
                let cx = (x0 + x1) / 2.0;
                candidates.push((y1 - y0, Rect::new(cx - w / 2.0, y0 - 1.5 - h, w, h)));
                candidates.push((y1 - y0 + h, Rect::new(cx - w / 2.0, y1 + 1.5, w, h)));
            }
        }
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
        if let Some((_, bbox)) = candidates
            .into_iter()
            .find(|(_, b)| bounds.contains_rect(b) && !index.box_is_blocked(b, None))
        {
            index.add_box(bbox, super::collide::NO_OWNER);
            out.push(Item::Text(
                Text::new(bbox.x0 + w / 2.0, bbox.y0 + 1.0 + ascent, name, size)
                    .style(FontStyle::Oblique)
                    .anchor(Anchor::Middle)
                    .color(th.colors.water_text)
                    .halo(th.colors.halo, 1.5),
            ));
        }
    }
}
