//! A layer as every export format sees it: named, typed fields and point features.

use super::field_text::{push_day, push_int, round_coordinate};
use crate::model::Day;
use std::borrow::Cow;

/// The type of a field, as GeoPackage declares it and QGIS reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// True or false.
    Boolean,
    /// A calendar day, written `YYYY-MM-DD`.
    Date,
}

/// A field: its name and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column name.
    pub name: &'static str,
    /// The column type.
    pub kind: FieldType,
}

impl Field {
    /// A field.
    ///
    /// ```
    /// use chronomap::export::{Field, FieldType};
    /// let f = Field::new("start_date", FieldType::Date);
    /// assert_eq!((f.name, f.kind), ("start_date", FieldType::Date));
    /// ```
    pub const fn new(name: &'static str, kind: FieldType) -> Field {
        Field { name, kind }
    }
}

/// One attribute value. A missing value is [`Value::Null`], never an empty string. Text
/// borrows from the dataset where it can, so building a row allocates little.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// No value.
    Null,
    /// Text.
    Text(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// True or false.
    Boolean(bool),
    /// A full calendar day.
    Date(Day),
}

impl<'a> Value<'a> {
    /// Text, or null when `text` is `None`.
    ///
    /// ```
    /// use chronomap::export::Value;
    /// assert_eq!(Value::text_or_null(None::<String>), Value::Null);
    /// assert_eq!(Value::text_or_null(Some("a")), Value::Text("a".into()));
    /// ```
    pub fn text_or_null(text: Option<impl Into<Cow<'a, str>>>) -> Value<'a> {
        text.map_or(Value::Null, |t| Value::Text(t.into()))
    }

    /// A day, or null.
    pub fn date_or_null(day: Option<Day>) -> Value<'a> {
        day.map_or(Value::Null, Value::Date)
    }

    /// The value as text for formats without types (CSV, KML): null is `None`,
    /// booleans are `true`/`false`, days are `YYYY-MM-DD`.
    ///
    /// ```
    /// use chronomap::export::Value;
    /// assert_eq!(Value::Boolean(true).as_text().as_deref(), Some("true"));
    /// assert_eq!(Value::Null.as_text(), None);
    /// ```
    pub fn as_text(&self) -> Option<String> {
        let mut out = Vec::new();
        self.write_text(&mut out)
            .then(|| String::from_utf8(out).expect("values are UTF-8"))
    }

    /// Appends the value as [`as_text`](Value::as_text) writes it, unescaped, and says
    /// whether there was one (`false` for null, which appends nothing).
    pub fn write_text(&self, out: &mut Vec<u8>) -> bool {
        match self {
            Value::Null => return false,
            Value::Text(t) => out.extend_from_slice(t.as_bytes()),
            Value::Integer(i) => push_int(out, *i),
            Value::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Date(d) => push_day(out, *d),
        }
        true
    }
}

/// A point feature: its position (rounded) and one value per field of its layer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feature<'a> {
    /// Longitude, degrees east, rounded to 6 decimals.
    pub lon: f64,
    /// Latitude, degrees north, rounded to 6 decimals.
    pub lat: f64,
    /// Values in the layer's field order.
    pub values: Vec<Value<'a>>,
}

impl<'a> Feature<'a> {
    /// A feature at (`lon`, `lat`), rounding the position.
    pub fn new(lon: f64, lat: f64, values: Vec<Value<'a>>) -> Feature<'a> {
        Feature {
            lon: round_coordinate(lon),
            lat: round_coordinate(lat),
            values,
        }
    }
}

/// Builds row `i` of a layer: pushes its values in field order into the (empty) vector and
/// returns the unrounded position.
type RowFn<'a> = dyn Fn(usize, &mut Vec<Value<'a>>) -> (f64, f64) + Send + Sync + 'a;

/// A point layer: a fixed name (also its file and table name), a title, the fields and the
/// features in a stable order.
///
/// The features are not stored: each is built on demand from the data (see
/// [`GisLayer::fill`]), so a layer of a million events costs no memory until a format writes
/// it, one row at a time.
pub struct GisLayer<'a> {
    /// `sites`, `events` or `periods`: a constant, never taken from the data.
    pub name: &'static str,
    /// A one-line description for GeoPackage `gpkg_contents`.
    pub title: &'static str,
    /// The fields, in column order.
    pub fields: &'static [Field],
    len: usize,
    row: Box<RowFn<'a>>,
}

impl std::fmt::Debug for GisLayer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GisLayer")
            .field("name", &self.name)
            .field("fields", &self.fields.len())
            .field("features", &self.len)
            .finish()
    }
}

impl<'a> GisLayer<'a> {
    /// A layer of `len` features; `row(i, values)` pushes the values of feature `i` in
    /// field order and returns its position (rounded by the layer).
    ///
    /// ```
    /// use chronomap::export::{Field, FieldType, GisLayer, Value};
    /// const FIELDS: &[Field] = &[Field::new("n", FieldType::Integer)];
    /// let layer = GisLayer::new("t", "Test", FIELDS, 3, |i, values| {
    ///     values.push(Value::Integer(i as i64));
    ///     (1.0000004, 2.0)
    /// });
    /// assert_eq!(layer.feature(2).values, [Value::Integer(2)]);
    /// assert_eq!(layer.feature(0).lon, 1.0);
    /// ```
    pub fn new(
        name: &'static str,
        title: &'static str,
        fields: &'static [Field],
        len: usize,
        row: impl Fn(usize, &mut Vec<Value<'a>>) -> (f64, f64) + Send + Sync + 'a,
    ) -> GisLayer<'a> {
        GisLayer {
            name,
            title,
            fields,
            len,
            row: Box::new(row),
        }
    }

    /// A layer holding the given features (for small layers and tests).
    pub fn from_features(
        name: &'static str,
        title: &'static str,
        fields: &'static [Field],
        features: Vec<Feature<'a>>,
    ) -> GisLayer<'a> {
        let len = features.len();
        GisLayer::new(name, title, fields, len, move |i, values| {
            let f = &features[i];
            values.extend(f.values.iter().cloned());
            (f.lon, f.lat)
        })
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the layer has no features.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Builds feature `i` into `feature`, reusing its vector of values.
    ///
    /// # Panics
    /// If `i` is not below [`len`](GisLayer::len).
    pub fn fill(&self, i: usize, feature: &mut Feature<'a>) {
        assert!(i < self.len, "feature {i} of a layer of {}", self.len);
        feature.values.clear();
        let (lon, lat) = (self.row)(i, &mut feature.values);
        feature.lon = round_coordinate(lon);
        feature.lat = round_coordinate(lat);
    }

    /// Feature `i`, built on its own (see [`fill`](GisLayer::fill) to reuse one).
    pub fn feature(&self, i: usize) -> Feature<'a> {
        let mut f = Feature::default();
        self.fill(i, &mut f);
        f
    }

    /// Every feature, in order, each built on its own.
    pub fn features(&self) -> impl Iterator<Item = Feature<'a>> + '_ {
        (0..self.len).map(|i| self.feature(i))
    }

    /// Calls `f` with each feature in order, building every one into the same buffer.
    pub fn for_each<E>(&self, mut f: impl FnMut(&Feature<'a>) -> Result<(), E>) -> Result<(), E> {
        let mut feature = Feature::default();
        for i in 0..self.len {
            self.fill(i, &mut feature);
            f(&feature)?;
        }
        Ok(())
    }

    /// The position of the field called `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The value of field `name` in `feature`, if the field exists.
    pub fn value<'f>(&self, feature: &'f Feature<'a>, name: &str) -> Option<&'f Value<'a>> {
        self.field_index(name).and_then(|i| feature.values.get(i))
    }

    /// The bounding box of the features as `(min_lon, min_lat, max_lon, max_lat)`, if any.
    pub fn extent(&self) -> Option<(f64, f64, f64, f64)> {
        let mut extent = Bounds::default();
        let _ = self.for_each(|f| {
            extent.add(f.lon, f.lat);
            Ok::<(), ()>(())
        });
        extent.get()
    }
}

/// A bounding box grown point by point.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bounds(Option<(f64, f64, f64, f64)>);

impl Bounds {
    pub(crate) fn add(&mut self, lon: f64, lat: f64) {
        self.0 = Some(match self.0 {
            None => (lon, lat, lon, lat),
            Some(b) => (b.0.min(lon), b.1.min(lat), b.2.max(lon), b.3.max(lat)),
        });
    }

    pub(crate) fn get(self) -> Option<(f64, f64, f64, f64)> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_six_decimals() {
        assert_eq!(round_coordinate(42.853064999).to_string(), "42.853065");
        assert_eq!(round_coordinate(-179.9999994).to_string(), "-179.999999");
        assert_eq!(round_coordinate(0.0).to_string(), "0");
    }

    #[test]
    fn extent_covers_every_feature() {
        const FIELDS: &[Field] = &[];
        let layer = GisLayer::from_features(
            "t",
            "t",
            FIELDS,
            vec![
                Feature::new(1.0, 5.0, vec![]),
                Feature::new(-2.0, 3.0, vec![]),
            ],
        );
        assert_eq!(layer.extent(), Some((-2.0, 3.0, 1.0, 5.0)));
        assert_eq!(
            GisLayer::from_features("t", "t", FIELDS, vec![]).extent(),
            None
        );
    }
}
