//! A site feature's `geometry` as read: the usual plain point as two numbers, anything else
//! as the JSON value it is, for the general GeoJSON reader.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A `geometry` member as read.
///
/// A JSON object read as a [`Value`] is a tree map of a few hundred bytes: on every site of a
/// large file that is most of the memory the reader touches, so the usual point is read
/// without one. Anything else is the very value a [`Value`] would be (a file with a member
/// given twice, say), so that it is checked and reported exactly as before.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Geometry {
    /// `{"type": "Point", "coordinates": [lon, lat]}` with two numbers, and nothing else.
    Point(f64, f64),
    /// Any other value.
    Other(Value),
}

impl<'de> Deserialize<'de> for Geometry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Geometry, D::Error> {
        deserializer.deserialize_any(GeometryVisitor)
    }
}

/// Reads any JSON value as [`Value`] does, but an object that is a plain point as a point.
struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = Geometry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::Bool(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::Number(v.into())))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::Number(v.into())))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Geometry, E> {
        Ok(Geometry::Other(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::String(v.to_string())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::String(v)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::Null))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Geometry, E> {
        Ok(Geometry::Other(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Geometry, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Geometry::Other(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Geometry, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::with_capacity(2);
        while let Some(member) = map.next_entry::<String, Value>()? {
            members.push(member);
        }
        if let Some((lon, lat)) = plain_point(&members) {
            return Ok(Geometry::Point(lon, lat));
        }
        // As a `Value`'s map is built: of a member given twice, the last one counts.
        let mut object = Map::new();
        for (key, value) in members {
            object.insert(key, value);
        }
        Ok(Geometry::Other(Value::Object(object)))
    }
}

/// The coordinates of the members of `{"type": "Point", "coordinates": [lon, lat]}`, when
/// that is all there is.
fn plain_point(members: &[(String, Value)]) -> Option<(f64, f64)> {
    let [(k1, v1), (k2, v2)] = members else {
        return None;
    };
    let (kind, coordinates) = match (k1.as_str(), k2.as_str()) {
        ("type", "coordinates") => (v1, v2),
        ("coordinates", "type") => (v2, v1),
        _ => return None,
    };
    if kind.as_str() != Some("Point") {
        return None;
    }
    match coordinates {
        Value::Array(c) if c.len() == 2 => Some((c[0].as_f64()?, c[1].as_f64()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Geometry;
    use serde_json::{Value, json};

    fn read(text: &str) -> Geometry {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_plain_point_is_read_as_a_point() {
        let point = read(r#"{"coordinates": [74.5, 42], "type": "Point"}"#);
        assert_eq!(point, Geometry::Point(74.5, 42.0));
    }

    #[test]
    fn anything_else_is_the_value_a_value_would_be() {
        for text in [
            r#"{"type": "Point", "coordinates": [1, 2], "bbox": [1, 2, 1, 2]}"#,
            r#"{"type": "Point", "type": "Point", "coordinates": [1, 2]}"#,
            r#"{"type": "Point", "coordinates": [1, 2, 3]}"#,
            r#"{"type": "LineString", "coordinates": [[1, 2], [3, 4]]}"#,
            r#"{"type": "Point", "coordinates": ["1", 2]}"#,
            r#"[1, 2]"#,
            "null",
            "true",
            "-3",
            "2.5",
            r#""Point""#,
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(read(text), Geometry::Other(value), "{text}");
        }
        assert_eq!(read("{}"), Geometry::Other(json!({})));
    }
}
