//! GeoJSON (RFC 7946) for a layer: lon/lat, no `crs` member, the layer name in `name`.

use super::field_text::{push_coordinate, push_day, push_int};
use super::layer::{Feature, GisLayer, Value};
use super::rows::{RowFormat, write_rows};
use crate::escape::json_string_into;
use std::io::{self, Write};

/// The layer as a GeoJSON FeatureCollection, one feature per line, properties in field
/// order. Dates are `YYYY-MM-DD` strings or `null`, so GDAL and QGIS type the column as a
/// date; a missing value is `null`, never `""`.
///
/// ```
/// use chronomap::export::{geojson, Feature, Field, FieldType, GisLayer, Value};
/// const FIELDS: &[Field] = &[Field::new("name", FieldType::Text)];
/// let layer = GisLayer::from_features("sites", "Sites", FIELDS,
///     vec![Feature::new(74.8463912, 42.85, vec![Value::Text("Kant".into())])]);
/// let text = geojson(&layer);
/// assert!(text.contains(r#""name": "sites""#));
/// assert!(text.contains("[74.846391, 42.85]"));
/// ```
pub fn geojson(layer: &GisLayer) -> String {
    let mut out = Vec::new();
    write_geojson(layer, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("GeoJSON is UTF-8")
}

/// Writes [`geojson`] into `out`, one feature at a time, in large chunks.
pub fn write_geojson(layer: &GisLayer, out: &mut dyn Write) -> io::Result<()> {
    write_rows(layer, &mut [(&mut GeojsonRows::new(layer), out)])
}

/// The GeoJSON of a layer, row by row.
pub(crate) struct GeojsonRows {
    name: &'static str,
    /// `"name": ` of each field, escaped once; from the second on, with `, ` before.
    keys: Vec<Vec<u8>>,
    first: bool,
}

impl GeojsonRows {
    pub(crate) fn new(layer: &GisLayer) -> GeojsonRows {
        let keys = layer
            .fields
            .iter()
            .enumerate()
            .map(|(n, f)| {
                let mut k = Vec::new();
                if n > 0 {
                    k.extend_from_slice(b", ");
                }
                json_string_into(&mut k, f.name);
                k.extend_from_slice(b": ");
                k
            })
            .collect();
        GeojsonRows {
            name: layer.name,
            keys,
            first: true,
        }
    }
}

impl RowFormat for GeojsonRows {
    fn begin(&mut self, b: &mut Vec<u8>) {
        b.extend_from_slice(b"{\n\"type\": \"FeatureCollection\",\n\"name\": ");
        json_string_into(b, self.name);
        b.extend_from_slice(b",\n\"features\": [");
    }

    fn row(&mut self, b: &mut Vec<u8>, feature: &Feature) {
        b.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        b.extend_from_slice(b"{ \"type\": \"Feature\", \"properties\": { ");
        for (key, value) in self.keys.iter().zip(&feature.values) {
            b.extend_from_slice(key);
            match value {
                Value::Null => b.extend_from_slice(b"null"),
                Value::Text(t) => json_string_into(b, t),
                Value::Integer(i) => push_int(b, *i),
                Value::Boolean(v) => b.extend_from_slice(if *v { b"true" } else { b"false" }),
                Value::Date(d) => {
                    b.push(b'"');
                    push_day(b, *d);
                    b.push(b'"');
                }
            }
        }
        b.extend_from_slice(b" }, \"geometry\": { \"type\": \"Point\", \"coordinates\": [");
        push_coordinate(b, feature.lon);
        b.extend_from_slice(b", ");
        push_coordinate(b, feature.lat);
        b.extend_from_slice(b"] } }");
    }

    fn end(&mut self, b: &mut Vec<u8>) {
        b.extend_from_slice(b"\n]\n}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::layer::{Feature, Field, FieldType};
    use crate::model::Day;

    const FIELDS: &[Field] = &[
        Field::new("t", FieldType::Text),
        Field::new("d", FieldType::Date),
        Field::new("n", FieldType::Integer),
        Field::new("b", FieldType::Boolean),
    ];

    #[test]
    fn writes_valid_json_with_nulls_and_typed_values() {
        let layer = GisLayer::from_features(
            "x",
            "x",
            FIELDS,
            vec![
                Feature::new(
                    -0.0,
                    1.5,
                    vec![
                        Value::Text("q\"\\\u{0}é".into()),
                        Value::Date(Day::new(2017, 6, 30).unwrap()),
                        Value::Integer(-3),
                        Value::Boolean(false),
                    ],
                ),
                Feature::new(2.0, 3.0, vec![Value::Null; 4]),
            ],
        );
        let text = geojson(&layer);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["name"], "x");
        assert!(v.get("crs").is_none());
        let f0 = &v["features"][0];
        assert_eq!(f0["properties"]["t"], "q\"\\\u{0}é");
        assert_eq!(f0["properties"]["d"], "2017-06-30");
        assert_eq!(f0["properties"]["n"], -3);
        assert_eq!(f0["properties"]["b"], false);
        assert_eq!(f0["geometry"]["coordinates"][0], 0.0);
        assert!(text.contains("[0, 1.5]"), "{text}");
        assert!(v["features"][1]["properties"]["d"].is_null());
        assert!(!text.contains("\"\""));
    }

    #[test]
    fn an_empty_layer_is_an_empty_collection() {
        let layer = GisLayer::from_features("e", "e", FIELDS, vec![]);
        let v: serde_json::Value = serde_json::from_str(&geojson(&layer)).unwrap();
        assert_eq!(v["features"].as_array().unwrap().len(), 0);
    }
}
