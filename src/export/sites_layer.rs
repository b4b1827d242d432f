//! The `sites` layer: one point per site, with its status on the chosen day.

use super::layer::{Field, FieldType, GisLayer, Value};
use crate::model::{Day, Status};
use crate::timeline::SiteState;
use crate::timeline::Timeline;
use std::borrow::Cow;

/// The fields of the `sites` layer. `first_date`/`last_date` are the first day of the
/// earliest event and the last day of the latest one (full dates, so GIS software types
/// them as dates); `status_date` is the day `status` and `disputed` hold on.
pub const SITE_FIELDS: &[Field] = &[
    Field::new("id", FieldType::Text),
    Field::new("name", FieldType::Text),
    Field::new("alt_names", FieldType::Text),
    Field::new("name_en", FieldType::Text),
    Field::new("name_ru", FieldType::Text),
    Field::new("name_ky", FieldType::Text),
    Field::new("country", FieldType::Text),
    Field::new("operator", FieldType::Text),
    Field::new("kind", FieldType::Text),
    Field::new("precision", FieldType::Text),
    Field::new("position_source", FieldType::Text),
    Field::new("status", FieldType::Text),
    Field::new("status_date", FieldType::Date),
    Field::new("disputed", FieldType::Boolean),
    Field::new("first_date", FieldType::Date),
    Field::new("last_date", FieldType::Date),
    Field::new("event_count", FieldType::Integer),
];

/// The `sites` layer, in the dataset's site order, with each site's status on `on`
/// (`unknown` for every site when `on` is `None`, which is how a dataset without events
/// is exported).
///
/// ```
/// use chronomap::export::{sites_layer, Value};
/// use chronomap::model::Day;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let layer = sites_layer(&Timeline::new(&data), Some(Day::end_of_year(2013)));
/// let manas = layer.feature(data.site_index("manas").unwrap());
/// assert_eq!(layer.value(&manas, "status"), Some(&Value::Text("active".into())));
/// ```
pub fn sites_layer<'a>(timeline: &Timeline<'a>, on: Option<Day>) -> GisLayer<'a> {
    let data = timeline.dataset();
    let states: Vec<Option<SiteState>> = (0..data.sites.len())
        .map(|i| on.map(|day| timeline.site_state_at(i, day)))
        .collect();
    // First and last days of each site's events, in one pass over the events.
    let mut spans: Vec<(Option<Day>, Option<Day>, usize)> = vec![(None, None, 0); data.sites.len()];
    for e in &data.events {
        if let Some(span) = spans.get_mut(e.site) {
            let (first, last) = (e.date.first_day(), e.date.last_day());
            span.0 = Some(span.0.map_or(first, |d| d.min(first)));
            span.1 = Some(span.1.map_or(last, |d| d.max(last)));
            span.2 += 1;
        }
    }
    GisLayer::new(
        "sites",
        "Sites, with their status on status_date",
        SITE_FIELDS,
        data.sites.len(),
        move |i, values| {
            let site = &data.sites[i];
            let state = states[i];
            let (first, last, count) = spans[i];
            let alt_names = match site.alt_names.as_slice() {
                [] => None,
                [one] => Some(Cow::Borrowed(one.as_str())),
                many => Some(Cow::Owned(many.join("; "))),
            };
            let position_source =
                (!site.position_source.trim().is_empty()).then_some(site.position_source.as_str());
            values.extend([
                Value::Text(Cow::Borrowed(&site.id)),
                Value::Text(Cow::Borrowed(&site.name)),
                Value::text_or_null(alt_names),
                Value::text_or_null(translated(&site.names, "en")),
                Value::text_or_null(translated(&site.names, "ru")),
                Value::text_or_null(translated(&site.names, "ky")),
                Value::Text(Cow::Borrowed(&site.country)),
                Value::Text(Cow::Borrowed(&site.operator)),
                Value::Text(Cow::Borrowed(&site.kind)),
                Value::Text(Cow::Borrowed(site.precision.as_str())),
                Value::text_or_null(position_source),
                Value::Text(Cow::Borrowed(
                    state.map_or(Status::Unknown, |s| s.status).as_str(),
                )),
                Value::date_or_null(on),
                Value::Boolean(state.is_some_and(|s| s.disputed)),
                Value::date_or_null(first),
                Value::date_or_null(last),
                Value::Integer(i64::try_from(count).unwrap_or(i64::MAX)),
            ]);
            (site.lon, site.lat)
        },
    )
}

/// The site's name in the language `code`, from its `name_CODE` property, if it has one.
fn translated<'a>(names: &'a [(String, String)], code: &str) -> Option<Cow<'a, str>> {
    names
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, n)| Cow::Borrowed(n.as_str()))
}
