//! KML for Google Earth and friends: a folder per site, events with their dates exactly as
//! written, status periods as time spans.

use super::events_layer::dispute_partners;
use super::layer::round_coordinate;
use super::xml::XmlWriter;
use crate::escape::escape_html;
use crate::model::{Dataset, Site, Status};
use crate::palette::status_color;
use crate::timeline::{Period, Timeline, status_periods};

/// `#rrggbb` as KML's `aabbggrr`, fully opaque.
///
/// ```
/// assert_eq!(chronomap::export::kml_color("#1b6fb5"), "ffb56f1b");
/// ```
pub fn kml_color(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    match (h.get(0..2), h.get(2..4), h.get(4..6)) {
        (Some(r), Some(g), Some(b)) if h.len() == 6 => format!("ff{b}{g}{r}").to_lowercase(),
        _ => "ff808080".to_string(),
    }
}

fn style_id(status: Option<Status>) -> &'static str {
    match status {
        None => "no-change",
        Some(Status::Active) => "status-active",
        Some(Status::Proposed) => "status-proposed",
        Some(Status::Declined) => "status-declined",
        Some(Status::Closed) => "status-closed",
        Some(Status::Unknown) => "status-unknown",
    }
}

fn styles(w: &mut XmlWriter) {
    let all = [
        Some(Status::Active),
        Some(Status::Proposed),
        Some(Status::Declined),
        Some(Status::Closed),
        Some(Status::Unknown),
        None,
    ];
    for status in all {
        let color = status.map_or("#ffffff", status_color);
        w.open("Style", &[("id", style_id(status))]);
        w.open("IconStyle", &[]);
        w.leaf("color", &[], &kml_color(color));
        w.leaf("scale", &[], if status.is_some() { "1.1" } else { "0.8" });
        w.close();
        w.open("LabelStyle", &[]);
        w.leaf("scale", &[], "0.8");
        w.close();
        w.close();
    }
}

fn point(w: &mut XmlWriter, site: &Site) {
    w.open("Point", &[]);
    let coords = format!(
        "{},{}",
        round_coordinate(site.lon),
        round_coordinate(site.lat)
    );
    w.leaf("coordinates", &[], &coords);
    w.close();
}

/// Writes `<ExtendedData>`; a missing value leaves its `<Data>` out rather than writing "".
fn extended(w: &mut XmlWriter, pairs: &[(&str, Option<String>)]) {
    w.open("ExtendedData", &[]);
    for (name, value) in pairs {
        if let Some(value) = value {
            w.open("Data", &[("name", name)]);
            w.leaf("value", &[], value);
            w.close();
        }
    }
    w.close();
}

fn event_placemark(w: &mut XmlWriter, data: &Dataset, partners: &[Option<usize>], index: usize) {
    let Some(e) = data.events.get(index) else {
        return;
    };
    let Some(site) = data.sites.get(e.site) else {
        return;
    };
    w.open("Placemark", &[]);
    w.leaf("name", &[], &format!("{} {}", e.date, e.kind));
    let mut html = format!("<p>{}</p>", escape_html(&e.summary));
    let partner = partners[index].and_then(|p| data.events.get(p));
    if let Some(other) = partner {
        html.push_str(&format!(
            "<p>Disputed: another source dates this {} ({}).</p>",
            escape_html(&other.date.to_string()),
            escape_html(&other.id)
        ));
    }
    html.push_str("<p>Sources:<br>");
    let cites: Vec<String> = e
        .sources
        .iter()
        .filter_map(|&s| {
            data.sources
                .get(s)
                .map(|src| format!("[{}] {}", s + 1, escape_html(&src.citation())))
        })
        .collect();
    html.push_str(&cites.join("<br>"));
    html.push_str("</p>");
    // The KML schema orders a feature's children: description, time, styleUrl, data, geometry.
    w.leaf("description", &[], &html);
    w.open("TimeStamp", &[]);
    // KML accepts YYYY and YYYY-MM: the date is kept exactly as the sources give it.
    w.leaf("when", &[], &e.date.to_string());
    w.close();
    w.leaf("styleUrl", &[], &format!("#{}", style_id(e.status)));
    let titles: Vec<&str> = e
        .sources
        .iter()
        .filter_map(|&s| data.sources.get(s).map(|x| x.title.as_str()))
        .collect();
    extended(
        w,
        &[
            ("id", Some(e.id.clone())),
            ("site_id", Some(site.id.clone())),
            ("date", Some(e.date.to_string())),
            (
                "date_precision",
                Some(e.date.precision().as_str().to_string()),
            ),
            ("kind", Some(e.kind.as_str().to_string())),
            ("status", e.status.map(|s| s.as_str().to_string())),
            ("summary", Some(e.summary.clone())),
            ("sources", (!titles.is_empty()).then(|| titles.join("; "))),
            ("disputes", partner.map(|p| p.id.clone())),
        ],
    );
    point(w, site);
    w.close();
}

fn period_placemark(w: &mut XmlWriter, data: &Dataset, p: &Period) {
    let Some(site) = data.sites.get(p.site) else {
        return;
    };
    w.open("Placemark", &[]);
    w.leaf("name", &[], &format!("{}: {}", site.name, p.status));
    let from = p
        .from
        .map_or("the start of the record".to_string(), |d| d.to_string());
    let until = p.until.map_or("now".to_string(), |d| d.to_string());
    let mut html = format!(
        "<p>{}: {} from {} to {}.</p>",
        escape_html(&site.name),
        p.status.label().to_lowercase(),
        escape_html(&from),
        escape_html(&until)
    );
    if let Some(e) = p.started_by.and_then(|i| data.events.get(i)) {
        html.push_str(&format!(
            "<p>Set by {} ({}): {}</p>",
            escape_html(&e.id),
            escape_html(&e.date.to_string()),
            escape_html(&e.summary)
        ));
    }
    w.leaf("description", &[], &html);
    if p.from.is_some() || p.until.is_some() {
        w.open("TimeSpan", &[]);
        if let Some(from) = p.from {
            w.leaf("begin", &[], &from.to_string());
        }
        if let Some(until) = p.until {
            w.leaf("end", &[], &until.to_string());
        }
        w.close();
    }
    w.leaf("styleUrl", &[], &format!("#{}", style_id(Some(p.status))));
    point(w, site);
    w.close();
}

/// The whole dataset as one KML document. Each site is a folder (in the dataset's order)
/// holding its events as placemarks with a `<TimeStamp>` whose `<when>` is the date as
/// written (`2017`, `2017-06`, `2017-06-24`), and its status periods as placemarks with a
/// `<TimeSpan>` (an open start or end is left out). Descriptions hold the summary and the
/// source citations; all text is escaped, never wrapped in CDATA.
///
/// ```
/// use chronomap::export::kml;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let text = kml(&Timeline::new(&data));
/// assert!(text.contains("<when>2017</when>"));
/// assert!(text.contains("<when>2017-06</when>"));
/// ```
pub fn kml(timeline: &Timeline<'_>) -> String {
    let data = timeline.dataset();
    let periods = status_periods(timeline);
    // Grouped once: a scan per site would cost sites × events on a large dataset.
    let events_by_site = data.events_by_site();
    let partners = dispute_partners(data);
    let mut periods_by_site: Vec<Vec<&Period>> = vec![Vec::new(); data.sites.len()];
    for p in &periods {
        if let Some(list) = periods_by_site.get_mut(p.site) {
            list.push(p);
        }
    }
    let mut w = XmlWriter::new();
    w.raw_line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.open("kml", &[("xmlns", "http://www.opengis.net/kml/2.2")]);
    w.open("Document", &[]);
    w.leaf("name", &[], "chronomap");
    w.leaf(
        "description",
        &[],
        "Sites, their dated and sourced events, and their status periods. Dates are shown to the precision the sources give.",
    );
    styles(&mut w);
    for (i, site) in data.sites.iter().enumerate() {
        w.open("Folder", &[]);
        w.leaf("name", &[], &site.name);
        let mut about = format!(
            "<p>{}, {} ({})</p>",
            escape_html(&site.kind),
            escape_html(&site.operator),
            escape_html(&site.country)
        );
        if !site.alt_names.is_empty() {
            about.push_str(&format!(
                "<p>Also: {}</p>",
                escape_html(&site.alt_names.join("; "))
            ));
        }
        w.leaf("description", &[], &about);
        w.open("Folder", &[]);
        w.leaf("name", &[], &format!("{}: events", site.name));
        for &index in &events_by_site[i] {
            event_placemark(&mut w, data, &partners, index);
        }
        w.close();
        w.open("Folder", &[]);
        w.leaf("name", &[], &format!("{}: status periods", site.name));
        for p in &periods_by_site[i] {
            period_placemark(&mut w, data, p);
        }
        w.close();
        w.close();
    }
    w.finish()
}
