//! GeoJSON (RFC 7946) for a layer: lon/lat, no `crs` member, the layer name in `name`.

use super::layer::{Layer, Value};

/// Writes `text` as a JSON string literal, escaping quotes, backslashes and control
/// characters.
///
/// ```
/// use chronomap::export::json_string;
/// assert_eq!(json_string("a \"b\"\n\u{1}"), r#""a \"b\"\n\u0001""#);
/// ```
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Text(t) => json_string(t),
        Value::Integer(i) => i.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Date(d) => json_string(&d.to_string()),
    }
}

/// The layer as a GeoJSON FeatureCollection, one feature per line, properties in field
/// order. Dates are `YYYY-MM-DD` strings or `null`, so GDAL and QGIS type the column as a
/// date; a missing value is `null`, never `""`.
///
/// ```
/// use chronomap::export::{geojson, Feature, Field, FieldType, Layer, Value};
/// const FIELDS: &[Field] = &[Field::new("name", FieldType::Text)];
/// let layer = Layer { name: "sites", title: "Sites", fields: FIELDS,
///     features: vec![Feature::new(74.8463912, 42.85, vec![Value::Text("Kant".into())])] };
/// let text = geojson(&layer);
/// assert!(text.contains(r#""name": "sites""#));
/// assert!(text.contains("[74.846391, 42.85]"));
/// ```
pub fn geojson(layer: &Layer) -> String {
    let mut out = String::new();
    out.push_str("{\n\"type\": \"FeatureCollection\",\n");
    out.push_str(&format!("\"name\": {},\n", json_string(layer.name)));
    out.push_str("\"features\": [");
    for (n, feature) in layer.features.iter().enumerate() {
        out.push_str(if n == 0 { "\n" } else { ",\n" });
        out.push_str("{ \"type\": \"Feature\", \"properties\": { ");
        let props: Vec<String> = layer
            .fields
            .iter()
            .zip(&feature.values)
            .map(|(f, v)| format!("{}: {}", json_string(f.name), json_value(v)))
            .collect();
        out.push_str(&props.join(", "));
        out.push_str(&format!(
            " }}, \"geometry\": {{ \"type\": \"Point\", \"coordinates\": [{}, {}] }} }}",
            feature.lon, feature.lat
        ));
    }
    out.push_str("\n]\n}\n");
    out
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
        let layer = Layer {
            name: "x",
            title: "x",
            fields: FIELDS,
            features: vec![
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
        };
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
        let layer = Layer {
            name: "e",
            title: "e",
            fields: FIELDS,
            features: vec![],
        };
        let v: serde_json::Value = serde_json::from_str(&geojson(&layer)).unwrap();
        assert_eq!(v["features"].as_array().unwrap().len(), 0);
    }
}
