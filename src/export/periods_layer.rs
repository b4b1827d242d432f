//! The `periods` layer: one point per run of days during which a site kept one status.

use super::layer::{Field, FieldType, GisLayer, Value};
use crate::model::{Dataset, Day};
use crate::timeline::{Period, Timeline, status_periods};
use std::borrow::Cow;
use std::ops::Deref;

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
/// let first = layer.feature(0);
/// assert_eq!(layer.value(&first, "status"), Some(&Value::Text("unknown".into())));
/// assert_eq!(layer.value(&first, "start_date"), Some(&Value::Null));
/// ```
pub fn periods_layer<'a>(timeline: &Timeline<'a>) -> GisLayer<'a> {
    periods_layer_with(timeline.dataset(), status_periods(timeline))
}

/// The `periods` layer from periods already worked out.
pub(crate) fn periods_layer_with<'a>(
    data: &'a Dataset,
    periods: impl Deref<Target = [Period]> + Send + Sync + 'a,
) -> GisLayer<'a> {
    // Periods of a site that does not exist are left out (status_periods never makes one).
    let rows: Vec<usize> = (0..periods.len())
        .filter(|&i| data.sites.get(periods[i].site).is_some())
        .collect();
    let year = |d: Option<Day>| d.map_or(Value::Null, |d| Value::Integer(i64::from(d.year())));
    GisLayer::new(
        "periods",
        "Status periods: one point per site and run of days with one status",
        PERIOD_FIELDS,
        rows.len(),
        move |row, values| {
            let p = &periods[rows[row]];
            let site = &data.sites[p.site];
            let started_by = p
                .started_by
                .and_then(|i| data.events.get(i))
                .map(|e| e.id.as_str());
            values.extend([
                Value::Text(Cow::Borrowed(&site.id)),
                Value::Text(Cow::Borrowed(&site.name)),
                Value::Text(Cow::Borrowed(&site.operator)),
                Value::Text(Cow::Borrowed(p.status.as_str())),
                Value::date_or_null(p.from),
                Value::date_or_null(p.until),
                year(p.from),
                year(p.until),
                Value::text_or_null(started_by),
            ]);
            (site.lon, site.lat)
        },
    )
}
