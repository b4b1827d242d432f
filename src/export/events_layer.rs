//! The `events` layer: one point per event, at its site.

use super::field_text::push_partial_date;
use super::layer::{Field, FieldType, GisLayer, Value};
use crate::model::Dataset;
use std::borrow::Cow;

/// The fields of the `events` layer. `date` is the date as written (`2017`, `2017-06`…),
/// so it is text; `start_date`/`end_date` are the first and last day it may stand for.
pub const EVENT_FIELDS: &[Field] = &[
    Field::new("id", FieldType::Text),
    Field::new("site_id", FieldType::Text),
    Field::new("site_name", FieldType::Text),
    Field::new("date", FieldType::Text),
    Field::new("date_precision", FieldType::Text),
    Field::new("start_date", FieldType::Date),
    Field::new("end_date", FieldType::Date),
    Field::new("year", FieldType::Integer),
    Field::new("kind", FieldType::Text),
    Field::new("status", FieldType::Text),
    Field::new("summary", FieldType::Text),
    Field::new("sources", FieldType::Text),
    Field::new("source_ids", FieldType::Text),
    Field::new("disputed", FieldType::Boolean),
    Field::new("disputes", FieldType::Text),
];

/// The other event of each disputed pair, for every event: the one it names, or else the
/// first event that names it; `None` for undisputed events. One pass over the events.
///
/// ```
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let partners = chronomap::export::dispute_partners(&data);
/// for (i, p) in partners.iter().enumerate() {
///     if let Some(p) = *p {
///         assert_eq!(partners[p], Some(i));
///     }
/// }
/// ```
pub fn dispute_partners(data: &Dataset) -> Vec<Option<usize>> {
    let mut partners: Vec<Option<usize>> = data.events.iter().map(|e| e.disputes).collect();
    for (i, e) in data.events.iter().enumerate() {
        if let Some(other) = e.disputes
            && let Some(slot) = partners.get_mut(other)
            && slot.is_none()
        {
            *slot = Some(i);
        }
    }
    partners
}

/// The `events` layer, in chronological order. `status` is the status the event sets
/// (null when it sets none); `sources` holds the source titles joined with `"; "`.
///
/// ```
/// use chronomap::export::{events_layer, Value};
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let layer = events_layer(&data);
/// let first = layer.feature(0);
/// assert_eq!(layer.value(&first, "date"), Some(&Value::Text("2001".into())));
/// assert_eq!(layer.value(&first, "start_date").and_then(|v| v.as_text()).as_deref(), Some("2001-01-01"));
/// ```
pub fn events_layer(data: &Dataset) -> GisLayer<'_> {
    events_layer_with(data, dispute_partners(data), None)
}

/// Strings laid end to end in one buffer: the `i`th is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn new<'s>(all: impl Iterator<Item = &'s str>) -> Strings {
        let mut s = Strings::default();
        for t in all {
            s.text.push_str(t);
            s.ends.push(s.text.len());
        }
        s
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// What an event row needs from its site and sources, copied into a few contiguous
/// buffers: events are in date order, so their sites and sources come in random order, and
/// reading them from the dataset's scattered strings costs a cache miss each at scale.
#[derive(Debug)]
pub(crate) struct EventLookup {
    site_ids: Strings,
    site_names: Strings,
    site_positions: Vec<(f64, f64)>,
    titles: Strings,
}

impl EventLookup {
    pub(crate) fn new(data: &Dataset) -> EventLookup {
        EventLookup {
            site_ids: Strings::new(data.sites.iter().map(|s| s.id.as_str())),
            site_names: Strings::new(data.sites.iter().map(|s| s.name.as_str())),
            site_positions: data.sites.iter().map(|s| (s.lon, s.lat)).collect(),
            titles: Strings::new(data.sources.iter().map(|s| s.title.as_str())),
        }
    }
}

/// A date as written, as text.
fn date_text(date: crate::model::PartialDate) -> String {
    let mut text = Vec::with_capacity(10);
    push_partial_date(&mut text, date);
    String::from_utf8(text).unwrap_or_default()
}

/// The `events` layer with the dispute partners already found, reading sites and sources
/// through `lookup` when given (the same values, faster at scale).
pub(crate) fn events_layer_with<'a>(
    data: &'a Dataset,
    partners: Vec<Option<usize>>,
    lookup: Option<&'a EventLookup>,
) -> GisLayer<'a> {
    // Events at a site that does not exist are left out (the loader never makes one).
    let rows: Vec<usize> = (0..data.events.len())
        .filter(|&i| data.sites.get(data.events[i].site).is_some())
        .collect();
    let names = Names { data, lookup };
    GisLayer::new(
        "events",
        "Dated, sourced events, at their site",
        EVENT_FIELDS,
        rows.len(),
        move |row, values| {
            let i = rows[row];
            let e = &data.events[i];
            let (site_id, site_name, position) = names.site(e.site);
            let sources = joined_titles(e.sources.iter().filter_map(|&s| names.title(s)));
            let partner = partners[i].and_then(|p| data.events.get(p));
            // What the event itself names, as in `events.csv`: reading the GeoPackage back
            // gives the same dataset.
            let named = e.disputes.and_then(|p| data.events.get(p));
            values.extend([
                Value::Text(Cow::Borrowed(&e.id)),
                Value::Text(Cow::Borrowed(site_id)),
                Value::Text(Cow::Borrowed(site_name)),
                Value::Text(Cow::Owned(date_text(e.date))),
                Value::Text(Cow::Borrowed(e.date.precision().as_str())),
                Value::Date(e.date.first_day()),
                Value::Date(e.date.last_day()),
                Value::Integer(i64::from(e.date.year())),
                Value::Text(Cow::Borrowed(e.kind.as_str())),
                Value::text_or_null(e.status.map(|s| s.as_str())),
                Value::Text(Cow::Borrowed(&e.summary)),
                Value::text_or_null(sources),
                Value::text_or_null(source_ids(data, &e.sources)),
                Value::Boolean(partner.is_some()),
                Value::text_or_null(named.map(|p| p.id.as_str())),
            ]);
            position
        },
    )
}

/// Where an event's site and source titles are read: the dataset, or the lookup built from
/// it when there is one.
#[derive(Clone, Copy)]
struct Names<'a> {
    data: &'a Dataset,
    lookup: Option<&'a EventLookup>,
}

impl<'a> Names<'a> {
    /// Site `i`'s id, name and position.
    fn site(self, i: usize) -> (&'a str, &'a str, (f64, f64)) {
        match self.lookup {
            Some(l) => (l.site_ids.get(i), l.site_names.get(i), l.site_positions[i]),
            None => {
                let s = &self.data.sites[i];
                (&s.id, &s.name, (s.lon, s.lat))
            }
        }
    }

    /// Source `s`'s title, if there is such a source.
    fn title(self, s: usize) -> Option<&'a str> {
        match self.lookup {
            Some(l) => (s < l.titles.ends.len()).then(|| l.titles.get(s)),
            None => self.data.sources.get(s).map(|s| s.title.as_str()),
        }
    }
}

/// The titles joined by `; `, borrowed when there is only one; `None` when there are none.
fn joined_titles<'a>(mut titles: impl Iterator<Item = &'a str>) -> Option<Cow<'a, str>> {
    match (titles.next(), titles.next()) {
        (None, _) => None,
        (Some(one), None) => Some(Cow::Borrowed(one)),
        (Some(a), Some(b)) => {
            let mut all = String::with_capacity(a.len() + b.len() + 40);
            all.push_str(a);
            all.push_str("; ");
            all.push_str(b);
            for t in titles {
                all.push_str("; ");
                all.push_str(t);
            }
            Some(Cow::Owned(all))
        }
    }
}

/// The ids of the sources, `;`-separated as in `events.csv`; `None` when there are none.
fn source_ids<'a>(data: &'a Dataset, sources: &[usize]) -> Option<Cow<'a, str>> {
    match sources {
        [one] => data.sources.get(*one).map(|s| Cow::Borrowed(s.id.as_str())),
        many => {
            let ids: Vec<&str> = many
                .iter()
                .filter_map(|&s| data.sources.get(s).map(|s| s.id.as_str()))
                .collect();
            (!ids.is_empty()).then(|| Cow::Owned(ids.join(";")))
        }
    }
}
