//! A layer as every export format sees it: named, typed fields and point features.

use crate::model::Day;

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

/// One attribute value. A missing value is [`Value::Null`], never an empty string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// No value.
    Null,
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// True or false.
    Boolean(bool),
    /// A full calendar day.
    Date(Day),
}

impl Value {
    /// Text, or null when `text` is `None`.
    ///
    /// ```
    /// use chronomap::export::Value;
    /// assert_eq!(Value::text_or_null(None::<String>), Value::Null);
    /// assert_eq!(Value::text_or_null(Some("a")), Value::Text("a".into()));
    /// ```
    pub fn text_or_null(text: Option<impl Into<String>>) -> Value {
        text.map_or(Value::Null, |t| Value::Text(t.into()))
    }

    /// A day, or null.
    pub fn date_or_null(day: Option<Day>) -> Value {
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
        match self {
            Value::Null => None,
            Value::Text(t) => Some(t.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Boolean(b) => Some(b.to_string()),
            Value::Date(d) => Some(d.to_string()),
        }
    }
}

/// Rounds a coordinate to 6 decimals (about 0.1 m), the precision every export writes.
/// Negative zero becomes zero, so the text never reads `-0`.
///
/// ```
/// use chronomap::export::round_coordinate;
/// assert_eq!(round_coordinate(74.846391234), 74.846391);
/// assert_eq!(round_coordinate(-0.0000001).to_string(), "0");
/// ```
pub fn round_coordinate(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

/// A point feature: its position (rounded) and one value per field of its layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Longitude, degrees east, rounded to 6 decimals.
    pub lon: f64,
    /// Latitude, degrees north, rounded to 6 decimals.
    pub lat: f64,
    /// Values in the layer's field order.
    pub values: Vec<Value>,
}

impl Feature {
    /// A feature at (`lon`, `lat`), rounding the position.
    pub fn new(lon: f64, lat: f64, values: Vec<Value>) -> Feature {
        Feature {
            lon: round_coordinate(lon),
            lat: round_coordinate(lat),
            values,
        }
    }
}

/// A point layer: a fixed name (also its file and table name), a title, the fields and the
/// features in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// `sites`, `events` or `periods`: a constant, never taken from the data.
    pub name: &'static str,
    /// A one-line description for GeoPackage `gpkg_contents`.
    pub title: &'static str,
    /// The fields, in column order.
    pub fields: &'static [Field],
    /// The features, in a stable order.
    pub features: Vec<Feature>,
}

impl Layer {
    /// The position of the field called `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The value of field `name` in `feature`, if the field exists.
    pub fn value<'a>(&self, feature: &'a Feature, name: &str) -> Option<&'a Value> {
        self.field_index(name).and_then(|i| feature.values.get(i))
    }

    /// The bounding box of the features as `(min_lon, min_lat, max_lon, max_lat)`, if any.
    pub fn extent(&self) -> Option<(f64, f64, f64, f64)> {
        let first = self.features.first()?;
        let mut b = (first.lon, first.lat, first.lon, first.lat);
        for f in &self.features {
            b = (
                b.0.min(f.lon),
                b.1.min(f.lat),
                b.2.max(f.lon),
                b.3.max(f.lat),
            );
        }
        Some(b)
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
        let layer = Layer {
            name: "t",
            title: "t",
            fields: FIELDS,
            features: vec![
                Feature::new(1.0, 5.0, vec![]),
                Feature::new(-2.0, 3.0, vec![]),
            ],
        };
        assert_eq!(layer.extent(), Some((-2.0, 3.0, 1.0, 5.0)));
        assert_eq!(
            Layer {
                features: vec![],
                ..layer
            }
            .extent(),
            None
        );
    }
}
