//! The `periods` layer: one point per run of days during which a site kept one status.

use super::layer::{Feature, Field, FieldType, Layer, Value};
use crate::timeline::{Timeline, status_periods};

/// The fields of the `periods` layer. `start_date` is null for the open `unknown` period
/// before a site's first status event; `end_date` (the last day, inclusive) is null while
/// a period is still open.
pub const PERIOD_FIELDS: &[Field] = &[
    Field::new("site_id", FieldType::Text),
    Field::new("site_name", FieldType::Text),
    Field::new("operator", FieldType::Text),
    Field::new("status", FieldType::Text),
    Field::new("start_date", FieldType::Date),
    Field::new("end_date", FieldType::Date),
    Field::new("start_year", FieldType::Integer),
    Field::new("end_year", FieldType::Integer),
    Field::new("started_by", FieldType::Text),
];

/// The `periods` layer: site by site, each site's periods in order (see
/// [`status_periods`]).
///
/// ```
/// use chronomap::export::{periods_layer, Value};
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let layer = periods_layer(&Timeline::new(&data));
/// let first = &layer.features[0];
/// assert_eq!(layer.value(first, "status"), Some(&Value::Text("unknown".into())));
/// assert_eq!(layer.value(first, "start_date"), Some(&Value::Null));
/// ```
pub fn periods_layer(timeline: &Timeline<'_>) -> Layer {
    let data = timeline.dataset();
    let features = status_periods(timeline)
        .into_iter()
        .filter_map(|p| {
            let site = data.sites.get(p.site)?;
            let started_by = p
                .started_by
                .and_then(|i| data.events.get(i))
                .map(|e| e.id.clone());
            let year = |d: Option<crate::model::Day>| {
                d.map_or(Value::Null, |d| Value::Integer(i64::from(d.year())))
            };
            Some(Feature::new(
                site.lon,
                site.lat,
                vec![
                    Value::Text(site.id.clone()),
                    Value::Text(site.name.clone()),
                    Value::Text(site.operator.clone()),
                    Value::Text(p.status.as_str().to_string()),
                    Value::date_or_null(p.from),
                    Value::date_or_null(p.until),
                    year(p.from),
                    year(p.until),
                    Value::text_or_null(started_by),
                ],
            ))
        })
        .collect();
    Layer {
        name: "periods",
        title: "Status periods: one point per site and run of days with one status",
        fields: PERIOD_FIELDS,
        features,
    }
}
