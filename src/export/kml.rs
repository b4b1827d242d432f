//! KML for Google Earth and friends: a folder per site, events with their dates exactly as
//! written, status periods as time spans. Written as compact bytes, one placemark per line.

use super::events_layer::dispute_partners;
use super::field_text::{push_coordinate, push_day, push_int, push_partial_date};
use super::rows::Chunked;
use crate::color::Color;
use crate::escape::{escape_html_in_xml_into, escape_xml_into};
use crate::model::{Dataset, Site, Status};
use crate::theme::Theme;
use crate::timeline::{Period, Timeline, status_periods};
use std::io::{self, Write};

/// A colour as KML writes it: `aabbggrr` in lower-case hex, fully opaque.
///
/// ```
/// use chronomap::color::Color;
/// assert_eq!(chronomap::export::kml_color(Color::rgb(0x1b, 0x6f, 0xb5)), "ffb56f1b");
/// ```
pub fn kml_color(c: Color) -> String {
    format!("ff{:02x}{:02x}{:02x}", c.b, c.g, c.r)
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

/// The shared styles, one per status and one for events that set none.
fn styles(b: &mut Vec<u8>, theme: &Theme) {
    let all = [
        Some(Status::Active),
        Some(Status::Proposed),
        Some(Status::Declined),
        Some(Status::Closed),
        Some(Status::Unknown),
        None,
    ];
    for status in all {
        let color = status.map_or(Color::WHITE, |s| theme.status_color(s));
        b.extend_from_slice(b"<Style id=\"");
        b.extend_from_slice(style_id(status).as_bytes());
        b.extend_from_slice(b"\"><IconStyle><color>");
        b.extend_from_slice(kml_color(color).as_bytes());
        b.extend_from_slice(b"</color><scale>");
        b.extend_from_slice(if status.is_some() { b"1.1" } else { b"0.8" });
        b.extend_from_slice(
            b"</scale></IconStyle><LabelStyle><scale>0.8</scale></LabelStyle></Style>\n",
        );
    }
}

/// `<name>text</name>`, the text escaped.
fn name(b: &mut Vec<u8>, text: &str) {
    b.extend_from_slice(b"<name>");
    escape_xml_into(b, text);
    b.extend_from_slice(b"</name>");
}

fn style_url(b: &mut Vec<u8>, status: Option<Status>) {
    b.extend_from_slice(b"<styleUrl>#");
    b.extend_from_slice(style_id(status).as_bytes());
    b.extend_from_slice(b"</styleUrl>");
}

fn point(b: &mut Vec<u8>, site: &Site) {
    b.extend_from_slice(b"<Point><coordinates>");
    push_coordinate(b, site.lon);
    b.push(b',');
    push_coordinate(b, site.lat);
    b.extend_from_slice(b"</coordinates></Point></Placemark>\n");
}

/// `<Data name="…"><value>…</value></Data>`: `name` is a constant, `value` is escaped.
fn data_with(b: &mut Vec<u8>, name: &str, value: impl FnOnce(&mut Vec<u8>)) {
    b.extend_from_slice(b"<Data name=\"");
    b.extend_from_slice(name.as_bytes());
    b.extend_from_slice(b"\"><value>");
    value(b);
    b.extend_from_slice(b"</value></Data>");
}

/// What the KML needs besides the dataset, worked out once.
struct Context<'a> {
    data: &'a Dataset,
    partners: Vec<Option<usize>>,
    /// Each source's `[n] citation`, escaped for a description, or empty when the source
    /// is cited by no event.
    citations: Vec<Vec<u8>>,
    /// Events grouped by site, each site's in the dataset's (chronological) order:
    /// site `i` has `events[event_starts[i]..event_starts[i + 1]]`.
    events: Vec<usize>,
    event_starts: Vec<usize>,
    /// The same for the status periods.
    periods: &'a [Period],
    period_order: Vec<usize>,
    period_starts: Vec<usize>,
}

/// Indices `0..len` grouped by `key` (stable within a group), and where each group starts:
/// a counting sort, with no vector per group.
fn group_by(len: usize, groups: usize, key: impl Fn(usize) -> usize) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0usize; groups + 1];
    for i in 0..len {
        let k = key(i);
        if k < groups {
            starts[k + 1] += 1;
        }
    }
    for g in 0..groups {
        starts[g + 1] += starts[g];
    }
    let mut next = starts.clone();
    let mut order = vec![0usize; starts[groups]];
    for i in 0..len {
        let k = key(i);
        if k < groups {
            order[next[k]] = i;
            next[k] += 1;
        }
    }
    (order, starts)
}

impl<'a> Context<'a> {
    fn new(data: &'a Dataset, partners: Vec<Option<usize>>, periods: &'a [Period]) -> Context<'a> {
        let sites = data.sites.len();
        let mut cited = vec![false; data.sources.len()];
        for e in &data.events {
            for &s in &e.sources {
                if let Some(c) = cited.get_mut(s) {
                    *c = true;
                }
            }
        }
        let citations = data
            .sources
            .iter()
            .zip(&cited)
            .enumerate()
            .map(|(i, (src, &cited))| {
                let mut text = Vec::new();
                if cited {
                    text.push(b'[');
                    push_int(&mut text, i as i64 + 1);
                    text.extend_from_slice(b"] ");
                    escape_html_in_xml_into(&mut text, &src.citation());
                }
                text
            })
            .collect();
        let (events, event_starts) = group_by(data.events.len(), sites, |i| data.events[i].site);
        let (period_order, period_starts) = group_by(periods.len(), sites, |i| periods[i].site);
        Context {
            data,
            partners,
            citations,
            events,
            event_starts,
            periods,
            period_order,
            period_starts,
        }
    }

    fn event_placemark(&self, b: &mut Vec<u8>, index: usize) {
        let data = self.data;
        let e = &data.events[index];
        let Some(site) = data.sites.get(e.site) else {
            return;
        };
        b.extend_from_slice(b"<Placemark><name>");
        push_partial_date(b, e.date);
        b.push(b' ');
        b.extend_from_slice(e.kind.as_str().as_bytes());
        b.extend_from_slice(b"</name>");
        // The description holds only what the data below does not: the full citations and,
        // for a disputed date, a sentence saying so.
        let partner = self.partners[index].and_then(|p| data.events.get(p));
        let mut cites = e
            .sources
            .iter()
            .filter_map(|&s| self.citations.get(s))
            .peekable();
        if partner.is_some() || cites.peek().is_some() {
            b.extend_from_slice(b"<description>");
            if let Some(other) = partner {
                b.extend_from_slice(b"&lt;p&gt;Disputed: another source dates this ");
                push_partial_date(b, other.date);
                b.extend_from_slice(b" (");
                escape_html_in_xml_into(b, &other.id);
                b.extend_from_slice(b").&lt;/p&gt;");
            }
            if cites.peek().is_some() {
                b.extend_from_slice(b"&lt;p&gt;Sources:");
                for cite in cites {
                    b.extend_from_slice(b"&lt;br&gt;");
                    b.extend_from_slice(cite);
                }
                b.extend_from_slice(b"&lt;/p&gt;");
            }
            b.extend_from_slice(b"</description>");
        }
        // The KML schema orders a feature's children: description, time, styleUrl, data,
        // geometry. KML accepts YYYY and YYYY-MM: the date is kept exactly as written.
        b.extend_from_slice(b"<TimeStamp><when>");
        push_partial_date(b, e.date);
        b.extend_from_slice(b"</when></TimeStamp>");
        style_url(b, e.status);
        b.extend_from_slice(b"<ExtendedData>");
        data_text(b, "id", &e.id);
        data_text(b, "site_id", &site.id);
        data_with(b, "date", |b| push_partial_date(b, e.date));
        data_text(b, "date_precision", e.date.precision().as_str());
        data_text(b, "kind", e.kind.as_str());
        if let Some(status) = e.status {
            data_text(b, "status", status.as_str());
        }
        data_text(b, "summary", &e.summary);
        if let Some(other) = partner {
            data_text(b, "disputes", &other.id);
        }
        b.extend_from_slice(b"</ExtendedData>");
        point(b, site);
    }

    fn period_placemark(&self, b: &mut Vec<u8>, p: &Period) {
        let data = self.data;
        let Some(site) = data.sites.get(p.site) else {
            return;
        };
        b.extend_from_slice(b"<Placemark><name>");
        escape_xml_into(b, &site.name);
        b.extend_from_slice(b": ");
        b.extend_from_slice(p.status.as_str().as_bytes());
        b.extend_from_slice(b"</name><description>&lt;p&gt;");
        b.extend_from_slice(p.status.label().as_bytes());
        b.extend_from_slice(b" from ");
        match p.from {
            Some(d) => push_day(b, d),
            None => b.extend_from_slice(b"the start of the record"),
        }
        b.extend_from_slice(b" to ");
        match p.until {
            Some(d) => push_day(b, d),
            None => b.extend_from_slice(b"now"),
        }
        b.extend_from_slice(b".&lt;/p&gt;");
        if let Some(e) = p.started_by.and_then(|i| data.events.get(i)) {
            // The event's own placemark has its summary and sources.
            b.extend_from_slice(b"&lt;p&gt;Set by ");
            escape_html_in_xml_into(b, &e.id);
            b.extend_from_slice(b" (");
            push_partial_date(b, e.date);
            b.extend_from_slice(b").&lt;/p&gt;");
        }
        b.extend_from_slice(b"</description>");
        if p.from.is_some() || p.until.is_some() {
            b.extend_from_slice(b"<TimeSpan>");
            if let Some(from) = p.from {
                b.extend_from_slice(b"<begin>");
                push_day(b, from);
                b.extend_from_slice(b"</begin>");
            }
            if let Some(until) = p.until {
                b.extend_from_slice(b"<end>");
                push_day(b, until);
                b.extend_from_slice(b"</end>");
            }
            b.extend_from_slice(b"</TimeSpan>");
        }
        style_url(b, Some(p.status));
        point(b, site);
    }

    /// Site `i`'s folder: its description, then a folder of events and one of periods.
    /// Written out in chunks as it goes, so a site with millions of events needs no more
    /// memory than one with a few.
    fn site_folder(&self, w: &mut Chunked<'_>, i: usize) -> io::Result<()> {
        let site = &self.data.sites[i];
        let b = &mut w.buf;
        b.extend_from_slice(b"<Folder>");
        name(b, &site.name);
        b.extend_from_slice(b"<description>&lt;p&gt;");
        escape_html_in_xml_into(b, &site.kind);
        b.extend_from_slice(b", ");
        escape_html_in_xml_into(b, &site.operator);
        b.extend_from_slice(b" (");
        escape_html_in_xml_into(b, &site.country);
        b.extend_from_slice(b")&lt;/p&gt;");
        if let Some((first, rest)) = site.alt_names.split_first() {
            b.extend_from_slice(b"&lt;p&gt;Also: ");
            escape_html_in_xml_into(b, first);
            for alt in rest {
                b.extend_from_slice(b"; ");
                escape_html_in_xml_into(b, alt);
            }
            b.extend_from_slice(b"&lt;/p&gt;");
        }
        b.extend_from_slice(b"</description>\n");
        // Folder names carry the site's name so that GIS layer lists can tell them apart.
        b.extend_from_slice(b"<Folder><name>");
        escape_xml_into(b, &site.name);
        b.extend_from_slice(b": events</name>\n");
        for &e in &self.events[self.event_starts[i]..self.event_starts[i + 1]] {
            self.event_placemark(&mut w.buf, e);
            w.flush_if_full()?;
        }
        let b = &mut w.buf;
        b.extend_from_slice(b"</Folder>\n<Folder><name>");
        escape_xml_into(b, &site.name);
        b.extend_from_slice(b": status periods</name>\n");
        for &p in &self.period_order[self.period_starts[i]..self.period_starts[i + 1]] {
            self.period_placemark(&mut w.buf, &self.periods[p]);
            w.flush_if_full()?;
        }
        w.buf.extend_from_slice(b"</Folder>\n</Folder>\n");
        w.flush_if_full()
    }
}

fn data_text(b: &mut Vec<u8>, name: &str, value: &str) {
    data_with(b, name, |b| escape_xml_into(b, value));
}

/// The whole dataset as one KML document. Each site is a folder (in the dataset's order)
/// holding its events as placemarks with a `<TimeStamp>` whose `<when>` is the date as
/// written (`2017`, `2017-06`, `2017-06-24`), and its status periods as placemarks with a
/// `<TimeSpan>` (an open start or end is left out). Placemarks share one style per status.
/// An event's fields (id, site, date and precision, kind, status, summary, disputed
/// partner) are its `<ExtendedData>`, which Google Earth shows in the balloon and QGIS reads
/// as attributes; its description adds only the source citations and, for a disputed date,
/// a sentence saying so. All text is escaped, never wrapped in CDATA; one placemark per line.
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
    let mut out = Vec::new();
    write_kml(timeline, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("KML is UTF-8")
}

/// Writes [`kml`] into `out`, site by site, in large chunks.
pub fn write_kml(timeline: &Timeline<'_>, out: &mut dyn Write) -> io::Result<()> {
    let data = timeline.dataset();
    let periods = status_periods(timeline);
    write_kml_with(
        data,
        dispute_partners(data),
        &periods,
        out,
        &Theme::default(),
    )
}

/// Writes the KML with the dispute partners and periods already worked out.
pub(crate) fn write_kml_with(
    data: &Dataset,
    partners: Vec<Option<usize>>,
    periods: &[Period],
    out: &mut dyn Write,
    theme: &Theme,
) -> io::Result<()> {
    let cx = Context::new(data, partners, periods);
    let mut w = Chunked::new(out);
    w.buf.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    name(&mut w.buf, "chronomap");
    w.buf.extend_from_slice(b"<description>Sites, their dated and sourced events, and their status periods. Dates are shown to the precision the sources give.</description>\n");
    styles(&mut w.buf, theme);
    for i in 0..data.sites.len() {
        cx.site_folder(&mut w, i)?;
    }
    w.buf.extend_from_slice(b"</Document>\n</kml>\n");
    w.finish()
}
