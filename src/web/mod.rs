//! The web map: one self-contained `index.html` with the map as inline vector SVG, a year
//! slider that restyles the sites in place, pan and zoom, every site's sourced history, the
//! year's events and a sortable table of all events.
//!
//! The page loads nothing: its styles, script, data and map are inline, so it works opened
//! from disk and on any static host. The map is the same layout as `render` (the basemap,
//! symbols and labels of [`MapFrame::scene`]); since labels are placed once for all years,
//! one SVG serves every year. For each site, every form its symbol takes over the years
//! (status, changed-this-year disc, disputed ring) is written once, and the script shows the
//! one of the year.
//!
//! Every text from the data goes through [`escape_html`] (HTML) or the SVG writer's XML
//! escaping; the script's data is JSON with `<`, `>` and `&` escaped and holds no text that
//! the script puts into the page as markup (it only uses `textContent` and attributes).

mod error;

use crate::escape::{escape_html, script_safe_json};
use crate::layout::map::MapFrame;
use crate::layout::news::{changes_in_words, source_number};
use crate::layout::style::MapStyle;
use crate::model::{Dataset, Event, Status};
use crate::render::svg::{num, write_items};
use crate::scene::{Item, Layer, Pt, Scene};
use crate::timeline::{MapDate, Timeline, YearSnapshot};
pub use error::WebError;
use serde::Serialize;
use std::fmt::Write;

#[cfg(test)]
mod tests;

const CSS: &str = include_str!("web.css");
const JS: &str = include_str!("web.js");

/// The most years one page holds (the same bound as `series`).
pub const MAX_YEARS: usize = 300;

/// The statuses in the order of the codes the script reads.
const STATUSES: [Status; 5] = [
    Status::Unknown,
    Status::Active,
    Status::Proposed,
    Status::Declined,
    Status::Closed,
];

fn status_code(s: Status) -> usize {
    STATUSES.iter().position(|&x| x == s).unwrap_or(0)
}

/// How a status reads in a sentence.
fn status_words(s: Status) -> &'static str {
    match s {
        Status::Unknown => "not yet in the record",
        other => other.as_str(),
    }
}

/// What the script reads: numbers per year and site, and the descriptions.
#[derive(Serialize)]
struct PageData<'a> {
    years: Vec<i32>,
    sites: Vec<&'a str>,
    /// Per year, per site: which symbol variant to show (`-1`: the site is outside the map).
    sym: Vec<Vec<i64>>,
    /// Per year, per site: which label variant to show (`-1`: no label).
    lab: Vec<Vec<i64>>,
    /// Per year, per site: the status code (index into `status_names`).
    status: Vec<Vec<usize>>,
    /// Per year, per site: 1 when the status changed in the year.
    changed: Vec<Vec<u8>>,
    /// Per year, per site: 1 when the sources disagree about the site at the year's end.
    disputed: Vec<Vec<u8>>,
    /// Per year: the plain-language description of the map, its accessible name.
    desc: Vec<String>,
    status_names: Vec<&'static str>,
    title: &'a str,
    /// The size of site labels in map units: the script keeps them at least legible.
    label_size: f64,
}

/// The group with `id` among `items`, searched one level deep.
fn group<'a>(items: &'a [Item], id: &str) -> Option<&'a [Item]> {
    items.iter().find_map(|item| match item {
        Item::Group {
            id: Some(g), items, ..
        } if g == id => Some(items.as_slice()),
        _ => None,
    })
}

fn layer<'a>(scene: &'a Scene, id: &str) -> &'a [Item] {
    scene
        .layers
        .iter()
        .find(|l: &&Layer| l.id == id)
        .map(|l| l.items.as_slice())
        .unwrap_or(&[])
}

/// The index of `text` in `variants`, added when new.
fn variant(variants: &mut Vec<String>, text: String) -> i64 {
    match variants.iter().position(|v| *v == text) {
        Some(i) => i as i64,
        None => {
            variants.push(text);
            (variants.len() - 1) as i64
        }
    }
}

/// The box around items, roughly (text by its measured width): for the legend's viewBox.
fn bounds(items: &[Item], b: &mut Option<(f64, f64, f64, f64)>) {
    fn add(b: &mut Option<(f64, f64, f64, f64)>, x0: f64, y0: f64, x1: f64, y1: f64) {
        *b = Some(match *b {
            None => (x0, y0, x1, y1),
            Some((a, c, d, e)) => (a.min(x0), c.min(y0), d.max(x1), e.max(y1)),
        });
    }
    for item in items {
        match item {
            Item::Path { parts, .. } => {
                for p in parts.iter().flatten() {
                    add(b, p.0 - 1.0, p.1 - 1.0, p.0 + 1.0, p.1 + 1.0);
                }
            }
            Item::Circle { center, r, .. } => {
                add(b, center.0 - r, center.1 - r, center.0 + r, center.1 + r)
            }
            Item::Rect { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => {
                add(b, *x, *y, x + w, y + h)
            }
            Item::Text(t) => {
                let w = crate::fonts::text_width(&t.text, t.size, t.style);
                let x0 = match t.anchor {
                    crate::scene::Anchor::Start => t.x,
                    crate::scene::Anchor::Middle => t.x - w / 2.0,
                    crate::scene::Anchor::End => t.x - w,
                };
                add(b, x0, t.y - t.size, x0 + w, t.y + t.size * 0.3);
            }
            Item::Group { items, .. } | Item::Placed { items, .. } => bounds(items, b),
        }
    }
}

/// One year as the page needs it: its snapshot and its sites and labels as laid out.
struct Year {
    year: i32,
    snapshot: YearSnapshot,
    sites: Layer,
    labels: Layer,
}

/// Writes the web page of `years` (in order; at least one, at most [`MAX_YEARS`]).
///
/// Errors when there is no year to show or too many.
pub fn web_page(
    dataset: &Dataset,
    frame: &MapFrame,
    style: &MapStyle,
    years: &[i32],
) -> Result<String, WebError> {
    if years.is_empty() {
        return Err(WebError::NoYears);
    }
    if years.len() > MAX_YEARS {
        return Err(WebError::TooManyYears(MAX_YEARS));
    }
    let timeline = Timeline::new(dataset);
    let list = year_layers(dataset, frame, style, &timeline, years);
    // Only the sites and labels change from year to year; the rest of the map (basemap,
    // legend, scale bar) is taken from the first year's page.
    let first_page = {
        let date = style.dated(MapDate::end_of_year(years[0]));
        frame.scene(
            dataset,
            &list[0].snapshot,
            &date.subtitle,
            &date.news_heading,
        )
    };
    let (data, variants) = page_data(dataset, frame, style, &list);
    let mut h = String::with_capacity(512 * 1024);
    push_head(&mut h, &escape_html(&frame.title), &list);
    h.push_str("<div class=\"layout\">\n");
    push_map(&mut h, dataset, frame, &first_page, &variants, &data);
    push_panel(&mut h, dataset, &timeline, &list, &first_page);
    h.push_str("</div>\n");
    write_table(&mut h, dataset, &timeline);
    write_sources(&mut h, dataset);
    let _ = writeln!(
        h,
        "<footer><p>{}</p><p>Made with chronomap. This page is one file: it loads nothing from elsewhere and works offline.</p></footer>",
        escape_html(&frame.credit)
    );
    let json = serde_json::to_string(&data).map_err(|e| WebError::PageData(e.to_string()))?;
    let _ = writeln!(
        h,
        "<script type=\"application/json\" id=\"web-data\">{}</script>",
        script_safe_json(&json)
    );
    let _ = writeln!(h, "<script>\n{JS}</script>\n</body>\n</html>");
    Ok(h)
}

/// Each year's snapshot with its sites and labels as laid out.
fn year_layers(
    dataset: &Dataset,
    frame: &MapFrame,
    style: &MapStyle,
    timeline: &Timeline<'_>,
    years: &[i32],
) -> Vec<Year> {
    years
        .iter()
        .map(|&year| {
            let date = style.dated(MapDate::end_of_year(year));
            let snapshot = date.snapshot(timeline);
            let (sites, labels) = frame.site_layers(dataset, &snapshot);
            Year {
                year,
                snapshot,
                sites,
                labels,
            }
        })
        .collect()
}

/// Each site's symbol and label forms over the years, as SVG: every year points at one.
#[derive(Default)]
struct Variants {
    sym: Vec<Vec<String>>,
    lab: Vec<Vec<String>>,
}

/// The data the page's script reads, and the symbol and label forms it picks from.
fn page_data<'a>(
    dataset: &'a Dataset,
    frame: &'a MapFrame,
    style: &MapStyle,
    list: &[Year],
) -> (PageData<'a>, Variants) {
    let n = dataset.sites.len();
    let mut variants = Variants {
        sym: vec![Vec::new(); n],
        lab: vec![Vec::new(); n],
    };
    let title = frame.title.as_str();
    let mut data = PageData {
        years: list.iter().map(|y| y.year).collect(),
        sites: dataset.sites.iter().map(|s| s.id.as_str()).collect(),
        sym: Vec::new(),
        lab: Vec::new(),
        status: Vec::new(),
        changed: Vec::new(),
        disputed: Vec::new(),
        desc: Vec::new(),
        status_names: STATUSES.iter().map(|&s| status_words(s)).collect(),
        title,
        label_size: crate::layout::sizes::SITE_LABEL,
    };
    for y in list {
        let (sym, lab) = year_variants(dataset, y, &mut variants);
        data.sym.push(sym);
        data.lab.push(lab);
        let states = &y.snapshot.states;
        data.status
            .push(states.iter().map(|s| status_code(s.status)).collect());
        data.changed
            .push((0..n).map(|i| u8::from(y.snapshot.changed(i))).collect());
        data.disputed
            .push(states.iter().map(|s| u8::from(s.disputed)).collect());
        // The same description the year's SVG, PNG and PDF carry, in the map's language.
        let subtitle = style.dated(MapDate::end_of_year(y.snapshot.year)).subtitle;
        data.desc.push(crate::layout::describe::describe_in(
            dataset,
            &y.snapshot,
            title,
            &subtitle,
            &frame.theme,
        ));
    }
    (data, variants)
}

/// For each site, which symbol and label form year `y` shows (`-1`: none), adding the
/// forms not seen before.
fn year_variants(dataset: &Dataset, y: &Year, variants: &mut Variants) -> (Vec<i64>, Vec<i64>) {
    let (sites, labels) = (y.sites.items.as_slice(), y.labels.items.as_slice());
    let n = dataset.sites.len();
    let mut sym = Vec::with_capacity(n);
    let mut lab = Vec::with_capacity(n);
    for (i, site) in dataset.sites.iter().enumerate() {
        sym.push(match group(sites, &format!("site-{}", site.id)) {
            Some(items) => variant(&mut variants.sym[i], write_items(items)),
            None => -1,
        });
        lab.push(match group(labels, &format!("label-{}", site.id)) {
            Some(items) => variant(&mut variants.lab[i], write_items(items)),
            None => -1,
        });
    }
    (sym, lab)
}

/// The document's head (no source of any kind but the page itself), the title and the year
/// controls.
fn push_head(h: &mut String, t: &str, list: &[Year]) {
    let (first, last) = (&list[0], &list[list.len() - 1]);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"generator\" content=\"chronomap\">\n");
    // Nothing may be fetched: no source of any kind but the page itself and inline data.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    let _ = writeln!(h, "<title>{t} — {}</title>", first.year);
    let _ = writeln!(h, "<style>\n{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(
        h,
        "<header class=\"top\">\n<h1>{t}</h1>\n<output class=\"year\" id=\"year\" aria-live=\"polite\">{}</output>\n</header>",
        first.year
    );
    // Controls.
    h.push_str("<div class=\"controls\" role=\"group\" aria-label=\"Year\">\n");
    h.push_str("<button type=\"button\" id=\"play\" aria-pressed=\"false\">▶ Play</button>\n");
    h.push_str("<button type=\"button\" id=\"prev\" aria-label=\"Previous year\">←</button>\n");
    let _ = writeln!(
        h,
        "<span class=\"end\">{}</span>\n<input type=\"range\" id=\"slider\" min=\"0\" max=\"{}\" step=\"1\" value=\"0\" aria-label=\"Year\" aria-valuetext=\"{}\">\n<span class=\"end\">{}</span>",
        first.year,
        list.len() - 1,
        first.year,
        last.year
    );
    h.push_str("<button type=\"button\" id=\"next\" aria-label=\"Next year\">→</button>\n");
    h.push_str("<a class=\"skip\" href=\"#table\">All events as a table</a>\n</div>\n");
}

/// The map figure: its description, the pannable map, the zoom buttons and the key help.
fn push_map(
    h: &mut String,
    dataset: &Dataset,
    frame: &MapFrame,
    first_page: &Scene,
    variants: &Variants,
    data: &PageData<'_>,
) {
    h.push_str("<figure class=\"map\" id=\"mapfig\">\n");
    let _ = writeln!(
        h,
        "<p id=\"map-desc\" class=\"visually-hidden\">{}</p>",
        escape_html(&data.desc[0])
    );
    h.push_str("<div class=\"mapbox\" id=\"mapbox\" tabindex=\"0\" role=\"application\" aria-roledescription=\"interactive map\" aria-labelledby=\"map-desc\" aria-describedby=\"map-keys\">\n");
    write_map_svg(
        h,
        dataset,
        frame,
        first_page,
        &variants.sym,
        &variants.lab,
        data,
    );
    h.push_str("</div>\n");
    h.push_str("<div class=\"zoom\" role=\"group\" aria-label=\"Zoom\"><button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button><button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button><button type=\"button\" id=\"zoom-reset\" aria-label=\"Show the whole map\">⤢</button></div>\n");
    h.push_str("<figcaption id=\"map-keys\" class=\"hint\">Drag or use the arrow keys to pan; the wheel, a pinch, <kbd>+</kbd> and <kbd>−</kbd> zoom, <kbd>0</kbd> resets. <kbd>Tab</kbd> to a site and press <kbd>Enter</kbd> (or click it) for its sourced history.</figcaption>\n");
    h.push_str("</figure>\n");
}

/// The panel: a site's history, the year's events, the legend.
fn push_panel(
    h: &mut String,
    dataset: &Dataset,
    timeline: &Timeline<'_>,
    list: &[Year],
    first_page: &Scene,
) {
    h.push_str("<aside class=\"panel\" id=\"panel\">\n");
    h.push_str("<section id=\"history\" class=\"card\" hidden aria-labelledby=\"history-title\">\n<div class=\"card-head\"><h2 id=\"history-title\" tabindex=\"-1\">History</h2><button type=\"button\" id=\"history-close\" aria-label=\"Close the history\">×</button></div>\n");
    for (i, _) in dataset.sites.iter().enumerate() {
        write_history(h, dataset, timeline, i);
    }
    h.push_str("</section>\n");
    let _ = writeln!(
        h,
        "<section class=\"card\" aria-labelledby=\"events-heading\">\n<h2 id=\"events-heading\">Events in <span id=\"events-year\">{}</span></h2>",
        list[0].year
    );
    for (k, y) in list.iter().enumerate() {
        write_year_events(h, dataset, timeline, y, k == 0);
    }
    h.push_str("</section>\n");
    h.push_str("<section class=\"card legend\" aria-labelledby=\"legend-heading\">\n<h2 id=\"legend-heading\">Legend</h2>\n");
    write_legend_svg(h, first_page);
    h.push_str("</section>\n</aside>\n");
}

/// The map: the frame's area of the page, its basemap, the sites (every variant, the first
/// year's shown) and labels in a pannable group clipped to the frame, and the scale bar and
/// north arrow on top.
fn write_map_svg(
    h: &mut String,
    dataset: &Dataset,
    frame: &MapFrame,
    page: &Scene,
    sym_variants: &[Vec<String>],
    lab_variants: &[Vec<String>],
    data: &PageData<'_>,
) {
    push_svg_start(h, frame);
    h.push_str("<g clip-path=\"url(#frame-clip)\"><g id=\"viewport\">\n<g id=\"basemap\">\n");
    // The basemap without the graticule ticks outside the frame.
    let basemap: Vec<Item> = layer(page, "basemap")
        .iter()
        .filter(|i| !matches!(i, Item::Group { id: Some(g), .. } if g == "graticule-ticks"))
        .cloned()
        .collect();
    h.push_str(&write_items(&basemap));
    h.push_str("</g>\n<g id=\"sites\">\n");
    for (i, site) in dataset.sites.iter().enumerate() {
        let Some(at) = frame.sites.get(i).and_then(|m| m.at) else {
            continue;
        };
        let _ = writeln!(
            h,
            "<g id=\"site-{}\" class=\"site\" data-i=\"{i}\" data-name=\"{}\" tabindex=\"0\" role=\"button\" aria-label=\"{}\">",
            escape_html(&site.id),
            escape_html(&site.name),
            escape_html(&format!("{}: open its history", site.name))
        );
        write_scaled(h, at, &sym_variants[i], data.sym[0][i]);
        h.push_str("</g>\n");
    }
    h.push_str("</g>\n<g id=\"labels\">\n");
    for (i, site) in dataset.sites.iter().enumerate() {
        let Some(at) = frame.sites.get(i).and_then(|m| m.at) else {
            continue;
        };
        if lab_variants[i].is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<g id=\"label-{}\" class=\"label\" data-i=\"{i}\">",
            escape_html(&site.id)
        );
        write_scaled(h, at, &lab_variants[i], data.lab[0][i]);
        h.push_str("</g>\n");
    }
    h.push_str("</g>\n</g></g>\n");
    for id in ["scalebar", "north-arrow"] {
        let _ = writeln!(h, "<g id=\"{id}\">");
        h.push_str(&write_items(layer(page, id)));
        h.push_str("</g>\n");
    }
    h.push_str("</svg>\n");
}

/// The map's `<svg>` start tag (its view box is the map frame, which the script also reads)
/// and the clip path of the frame.
fn push_svg_start(h: &mut String, frame: &MapFrame) {
    let f = frame.frame;
    let _ = writeln!(
        h,
        "<svg id=\"map\" viewBox=\"{} {} {} {}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" aria-hidden=\"false\" data-x0=\"{}\" data-y0=\"{}\" data-x1=\"{}\" data-y1=\"{}\">",
        num(f.x0),
        num(f.y0),
        num(f.width()),
        num(f.height()),
        num(f.x0),
        num(f.y0),
        num(f.x1),
        num(f.y1)
    );
    let _ = writeln!(
        h,
        "<defs><clipPath id=\"frame-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>",
        num(f.x0),
        num(f.y0),
        num(f.width()),
        num(f.height())
    );
}

/// A group counter-scaled around `at` by the script, holding each variant (only `shown`
/// displayed).
fn write_scaled(h: &mut String, at: Pt, variants: &[String], shown: i64) {
    let _ = writeln!(
        h,
        "<g class=\"cs\" data-x=\"{}\" data-y=\"{}\">",
        num(at.0),
        num(at.1)
    );
    for (k, v) in variants.iter().enumerate() {
        let hide = if k as i64 == shown {
            ""
        } else {
            " display=\"none\""
        };
        let _ = write!(h, "<g class=\"v\"{hide}>\n{v}</g>\n");
    }
    h.push_str("</g>\n");
}

/// The legend and its marks, as a small SVG cut to their box.
fn write_legend_svg(h: &mut String, scene: &Scene) {
    let items = layer(scene, "legend");
    let mut b = None;
    bounds(items, &mut b);
    let Some((x0, y0, x1, y1)) = b else {
        return;
    };
    let pad = 4.0;
    let (x0, y0, w, hgt) = (x0 - pad, y0 - pad, x1 - x0 + 2.0 * pad, y1 - y0 + 2.0 * pad);
    let _ = writeln!(
        h,
        "<svg class=\"legend-svg\" viewBox=\"{} {} {} {}\" style=\"max-width:{}px\" role=\"img\" aria-label=\"Legend: status colours and forms, operator shapes, and the marks for a changed status, disputed dates and approximate positions\" font-family=\"DejaVu Sans, Verdana, sans-serif\">",
        num(x0),
        num(y0),
        num(w),
        num(hgt),
        num(w * 1.05)
    );
    h.push_str(&write_items(items));
    h.push_str("</svg>\n");
}

/// A `<time>` for an event date at its own precision.
fn time(date: &str) -> String {
    let d = escape_html(date);
    format!("<time datetime=\"{d}\">{d}</time>")
}

/// A source's note (as [`crate::model::Source::note`] writes it) followed by its address,
/// linked when it is a web address.
fn linked_note(dataset: &Dataset, s: usize) -> String {
    let src = &dataset.sources[s];
    let note = escape_html(&src.note(source_number(s)));
    match &src.url {
        Some(url) if is_web_url(url) => format!(
            "{note} <a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>",
            escape_html(url.trim()),
            escape_html(url.trim())
        ),
        Some(url) => format!("{note} {}", escape_html(url)),
        None => note,
    }
}

/// Whether `url` is an http or https address (anything else is shown as text, not linked).
///
/// ```
/// assert!(chronomap::web::is_web_url("https://example.org/a?b=1"));
/// assert!(!chronomap::web::is_web_url("javascript:alert(1)"));
/// assert!(!chronomap::web::is_web_url("https://exa mple.org"));
/// ```
pub fn is_web_url(url: &str) -> bool {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && u.len() > 8
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The status after an event, and whether the event set it.
fn status_after(timeline: &Timeline<'_>, e: &Event) -> (Status, bool) {
    let after = timeline.site_state_at(e.site, e.date.last_day()).status;
    (after, e.status.is_some())
}

/// One site's history: its facts and every event, each with its date, kind, status after,
/// summary, full citations, and the other date of a disputed pair.
fn write_history(h: &mut String, dataset: &Dataset, timeline: &Timeline<'_>, i: usize) {
    let s = &dataset.sites[i];
    let _ = writeln!(
        h,
        "<div class=\"site-history\" data-site=\"{}\" hidden>",
        escape_html(&s.id)
    );
    let _ = write!(
        h,
        "<p class=\"facts\">{}, run by {}, in {}. Position: {}",
        escape_html(&s.kind),
        escape_html(&s.operator),
        escape_html(&s.country),
        escape_html(s.precision.as_str())
    );
    if !s.position_source.is_empty() {
        let _ = write!(h, " ({})", escape_html(&s.position_source));
    }
    h.push('.');
    if !s.alt_names.is_empty() {
        let _ = write!(h, " Also: {}.", escape_html(&s.alt_names.join(", ")));
    }
    h.push_str("</p>\n<ol class=\"events\">\n");
    let mut any = false;
    for e in &dataset.events {
        if e.site != i {
            continue;
        }
        any = true;
        write_event(h, dataset, timeline, e, true);
    }
    h.push_str("</ol>\n");
    if !any {
        h.push_str("<p class=\"none\">No events for this site.</p>\n");
    }
    h.push_str("</div>\n");
}

/// One event as a list item: the history's form (`full`: with sources' full citations) or
/// the year list's.
fn write_event(h: &mut String, dataset: &Dataset, timeline: &Timeline<'_>, e: &Event, full: bool) {
    let (after, set) = status_after(timeline, e);
    let _ = write!(
        h,
        "<li class=\"event\" data-event=\"{}\">{} <span class=\"kind\">{}</span>",
        escape_html(&e.id),
        time(&e.date.to_string()),
        escape_html(e.kind.as_str())
    );
    if !full {
        let _ = write!(
            h,
            " <button type=\"button\" class=\"site-link\" data-site=\"{}\">{}</button>",
            escape_html(&dataset.sites[e.site].id),
            escape_html(&dataset.sites[e.site].name)
        );
    }
    let status = if set {
        format!("status after: {}", status_words(after))
    } else {
        format!("status unchanged: {}", status_words(after))
    };
    let _ = write!(
        h,
        " <span class=\"status s-{}\">{}</span>\n<p class=\"summary\">{}</p>\n",
        after.as_str(),
        escape_html(&status),
        escape_html(&e.summary)
    );
    if let Some(o) = e.disputes {
        push_dispute(h, e, &dataset.events[o]);
    }
    push_event_sources(h, dataset, e, full);
    h.push_str("</li>\n");
}

/// The note on a disputed date: each account's date and sources, and the other event.
fn push_dispute(h: &mut String, e: &Event, other: &Event) {
    let numbers = |ev: &Event| {
        ev.sources
            .iter()
            .map(|&s| format!("[{}]", source_number(s)))
            .collect::<String>()
    };
    let _ = writeln!(
        h,
        "<p class=\"dispute\">‡ Disputed date: this account dates it {} {}; another dates it {} {} (event {}).</p>",
        time(&e.date.to_string()),
        escape_html(&numbers(e)),
        time(&other.date.to_string()),
        escape_html(&numbers(other)),
        escape_html(&other.id)
    );
}

/// An event's sources: their full notes in a site's history (`full`), their numbers in a
/// year's list.
fn push_event_sources(h: &mut String, dataset: &Dataset, e: &Event, full: bool) {
    if full {
        h.push_str("<ul class=\"cites\">");
        for &s in &e.sources {
            let _ = write!(h, "<li>{}</li>", linked_note(dataset, s));
        }
        h.push_str("</ul>\n");
    } else {
        let nums: String = e
            .sources
            .iter()
            .map(|&s| format!("[{}]", source_number(s)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            h,
            "<p class=\"nums\">Sources: <a href=\"#sources\">{}</a></p>",
            escape_html(&nums)
        );
    }
}

/// The events of one year, listed beside the map (hidden unless it is the year shown).
fn write_year_events(
    h: &mut String,
    dataset: &Dataset,
    timeline: &Timeline<'_>,
    y: &Year,
    shown: bool,
) {
    let _ = writeln!(
        h,
        "<div class=\"year-events\" data-year=\"{}\"{}>",
        y.year,
        if shown { "" } else { " hidden" }
    );
    if let Some(words) = changes_in_words(dataset, &y.snapshot) {
        let _ = writeln!(
            h,
            "<p class=\"changed\">Changed: {}.</p>",
            escape_html(&words)
        );
    }
    if y.snapshot.news.is_empty() {
        h.push_str("<p class=\"none\">No dated events in this year.</p>\n");
    } else {
        h.push_str("<ol class=\"events\">\n");
        for &k in &y.snapshot.news {
            write_event(h, dataset, timeline, &dataset.events[k], false);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</div>\n");
}

/// Every event as a table, sortable by date, site and status: the accessible fallback.
fn write_table(h: &mut String, dataset: &Dataset, timeline: &Timeline<'_>) {
    h.push_str("<section class=\"table-section\" id=\"table\" aria-labelledby=\"table-heading\">\n<h2 id=\"table-heading\">All events</h2>\n");
    h.push_str("<p class=\"hint\">Sort by a column with its button. Dates are shown to the precision the sources give; a site's name opens its history at the event's year.</p>\n");
    push_table_head(h);
    h.push_str("</tr></thead>\n<tbody>\n");
    for (k, e) in dataset.events.iter().enumerate() {
        push_table_row(h, dataset, timeline, k, e);
    }
    h.push_str("</tbody>\n</table></div>\n<p class=\"hint\">Status in brackets: the event did not change it.</p>\n</section>\n");
}

/// The start of the table and its column headings: sort buttons on date, site and status.
fn push_table_head(h: &mut String) {
    h.push_str("<div class=\"table-wrap\"><table id=\"events-table\">\n<thead><tr>");
    for (key, label) in [
        ("date", "Date"),
        ("site", "Site"),
        ("kind", ""),
        ("status", "Status after"),
        ("summary", ""),
        ("sources", ""),
    ] {
        let sort = if key == "date" {
            " aria-sort=\"ascending\""
        } else {
            ""
        };
        if label.is_empty() {
            let heading = match key {
                "kind" => "Kind",
                "summary" => "Event",
                _ => "Sources",
            };
            let _ = write!(h, "<th scope=\"col\">{heading}</th>");
        } else {
            let _ = write!(
                h,
                "<th scope=\"col\"{sort}><button type=\"button\" class=\"sort\" data-key=\"{key}\">{label}</button></th>"
            );
        }
    }
}

/// Event `k`'s row, with the keys the script sorts it by.
fn push_table_row(h: &mut String, dataset: &Dataset, timeline: &Timeline<'_>, k: usize, e: &Event) {
    let (after, set) = status_after(timeline, e);
    let site = &dataset.sites[e.site];
    let date = e.date.to_string();
    let mut summary = escape_html(&e.summary);
    if let Some(o) = e.disputes {
        let other = &dataset.events[o];
        let _ = write!(
            summary,
            " <span class=\"dispute\">‡ another source dates this {}</span>",
            time(&other.date.to_string())
        );
    }
    let sources: Vec<String> = e
        .sources
        .iter()
        .map(|&s| format!("[{}]", source_number(s)))
        .collect();
    let _ = writeln!(
        h,
        "<tr data-date=\"{}|{:06}\" data-site=\"{}|{}|{:06}\" data-status=\"{}|{}|{:06}\"><td>{}</td><td><a href=\"#{}/{}\" class=\"table-site\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        e.date.first_day(),
        k,
        escape_html(&site.name.to_lowercase()),
        e.date.first_day(),
        k,
        status_code(after),
        e.date.first_day(),
        k,
        time(&date),
        e.date.year(),
        escape_html(&site.id),
        escape_html(&site.name),
        escape_html(e.kind.as_str()),
        escape_html(&if set {
            status_words(after).to_string()
        } else {
            format!("({})", status_words(after))
        }),
        summary,
        escape_html(&sources.join(" "))
    );
}

/// The numbered list of every source, with links.
fn write_sources(h: &mut String, dataset: &Dataset) {
    h.push_str("<section id=\"sources\" aria-labelledby=\"sources-heading\">\n<h2 id=\"sources-heading\">Sources</h2>\n<ul class=\"sources\">\n");
    for s in 0..dataset.sources.len() {
        let _ = writeln!(h, "<li>{}</li>", linked_note(dataset, s));
    }
    h.push_str("</ul>\n</section>\n");
}
