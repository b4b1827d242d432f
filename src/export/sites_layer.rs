//! The `sites` layer: one point per site, with its status on the chosen day.

use super::layer::{Feature, Field, FieldType, Layer, Value};
use crate::model::{Day, Status};
use crate::timeline::Timeline;

/// The fields of the `sites` layer. `first_date`/`last_date` are the first day of the
/// earliest event and the last day of the latest one (full dates, so GIS software types
/// them as dates); `status_date` is the day `status` and `disputed` hold on.
pub const SITE_FIELDS: &[Field] = &[
    Field::new("id", FieldType::Text),
    Field::new("name", FieldType::Text),
    Field::new("alt_names", FieldType::Text),
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
/// let manas = &layer.features[data.site_index("manas").unwrap()];
/// assert_eq!(layer.value(manas, "status"), Some(&Value::Text("active".into())));
/// ```
pub fn sites_layer(timeline: &Timeline<'_>, on: Option<Day>) -> Layer {
    let data = timeline.dataset();
    let by_site = data.events_by_site();
    let features = data
        .sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let state = on.map(|day| timeline.site_state_at(i, day));
            let events = || by_site[i].iter().map(|&e| &data.events[e]);
            let first = events().map(|e| e.date.first_day()).min();
            let last = events().map(|e| e.date.last_day()).max();
            let count = by_site[i].len();
            let alt_names = (!site.alt_names.is_empty()).then(|| site.alt_names.join("; "));
            let position_source =
                (!site.position_source.trim().is_empty()).then(|| site.position_source.clone());
            Feature::new(
                site.lon,
                site.lat,
                vec![
                    Value::Text(site.id.clone()),
                    Value::Text(site.name.clone()),
                    Value::text_or_null(alt_names),
                    Value::Text(site.country.clone()),
                    Value::Text(site.operator.clone()),
                    Value::Text(site.kind.clone()),
                    Value::Text(site.precision.as_str().to_string()),
                    Value::text_or_null(position_source),
                    Value::Text(
                        state
                            .map_or(Status::Unknown, |s| s.status)
                            .as_str()
                            .to_string(),
                    ),
                    Value::date_or_null(on),
                    Value::Boolean(state.is_some_and(|s| s.disputed)),
                    Value::date_or_null(first),
                    Value::date_or_null(last),
                    Value::Integer(i64::try_from(count).unwrap_or(i64::MAX)),
                ],
            )
        })
        .collect();
    Layer {
        name: "sites",
        title: "Sites, with their status on status_date",
        fields: SITE_FIELDS,
        features,
    }
}
