//! Reading `sites.geojson` (a FeatureCollection of Points) into raw site records.

use crate::diagnostic::{Diagnostic, Location, clip_message, show_value};
use serde_json::Value;

/// One feature of `sites.geojson`, with its properties. Its position is `None` when the
/// geometry was not a valid point (the problem is already reported).
#[derive(Debug, Clone, PartialEq)]
pub struct RawSite {
    /// 0-based index in `features`.
    pub index: usize,
    /// The feature's `id` (or `properties.id`), as written.
    pub id: Option<String>,
    /// (longitude, latitude) in degrees, when the geometry is a valid point.
    pub position: Option<(f64, f64)>,
    /// The `properties` object.
    pub properties: serde_json::Map<String, Value>,
}

/// Parses a GeoJSON FeatureCollection of sites. Bad geometries are reported in `diags`.
///
/// ```
/// use chronomap::input::read_sites;
/// let json = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","id":"kant","geometry":{"type":"Point","coordinates":[74.85,42.85]},"properties":{"name":"Kant"}}]}"#;
/// let mut diags = Vec::new();
/// let sites = read_sites(json.as_bytes(), "sites.geojson", &mut diags);
/// assert_eq!(sites[0].id.as_deref(), Some("kant"));
/// assert_eq!(sites[0].position, Some((74.85, 42.85)));
/// ```
pub fn read_sites(bytes: &[u8], file: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawSite> {
    let Some(features) = read_feature_array(bytes, file, diags) else {
        return Vec::new();
    };
    let mut sites = Vec::new();
    for (index, feature) in features.iter().enumerate() {
        if diags.iter().filter(|d| d.is_error()).count() >= crate::model::MAX_ERRORS_PER_FILE {
            break;
        }
        sites.extend(read_feature(index, feature, file, diags));
    }
    sites
}

/// Parses the JSON text and returns the `features` array, or reports why it can't.
pub(crate) fn read_feature_array(
    bytes: &[u8],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Value>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.push(
            Diagnostic::error(file, Location::File, "is empty")
                .hint("it must be a GeoJSON FeatureCollection: {\"type\": \"FeatureCollection\", \"features\": [...]}"),
        );
        return None;
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            diags.push(json_error(file, bytes, &e));
            return None;
        }
    };
    let Value::Object(mut root) = value else {
        diags.push(Diagnostic::error(
            file,
            Location::File,
            "is not a GeoJSON FeatureCollection: the top level is not an object",
        ));
        return None;
    };
    match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        other => {
            diags.push(
                Diagnostic::error(
                    file,
                    Location::File,
                    format!(
                        "is not a GeoJSON FeatureCollection (\"type\" is {})",
                        other.map(show_value).unwrap_or_else(|| "missing".into())
                    ),
                )
                .hint(
                    "the top level must be {\"type\": \"FeatureCollection\", \"features\": [...]}",
                ),
            );
            return None;
        }
    }
    match root.remove("features") {
        Some(Value::Array(a)) => Some(a),
        _ => {
            diags.push(Diagnostic::error(
                file,
                Location::File,
                "has no \"features\" array",
            ));
            None
        }
    }
}

fn json_error(file: &str, bytes: &[u8], e: &serde_json::Error) -> Diagnostic {
    let what = match e.classify() {
        serde_json::error::Category::Eof => {
            "ends too early: the JSON is cut off (a missing ']' or '}'?)".to_string()
        }
        _ => {
            let text = e.to_string();
            // serde_json appends " at line L column C"; the location is shown separately.
            let text = text.split(" at line ").next().unwrap_or(&text).to_string();
            format!("is not valid JSON: {text}")
        }
    };
    let d = Diagnostic::error(
        file,
        Location::Line {
            line: e.line() as u64,
            column: Some(e.column() as u64),
        },
        what,
    );
    let rest = text_at(bytes, e.line(), e.column());
    if ["NaN", "Infinity", "-Infinity", "nan", "inf"]
        .iter()
        .any(|w| rest.starts_with(w.as_bytes()))
    {
        return d.hint("JSON has no NaN or Infinity: every coordinate must be a number");
    }
    d
}

/// The bytes from a 1-based line and column on.
fn text_at(bytes: &[u8], line: usize, column: usize) -> &[u8] {
    let start = bytes
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    bytes
        .get(start + column.saturating_sub(1)..)
        .unwrap_or_default()
}

fn read_feature(
    index: usize,
    feature: &Value,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawSite> {
    let Value::Object(obj) = feature else {
        diags.push(Diagnostic::error(
            file,
            Location::Feature { index, id: None },
            "is not a JSON object",
        ));
        return None;
    };
    let properties = match obj.get("properties") {
        Some(Value::Object(p)) => p.clone(),
        Some(Value::Null) | None => serde_json::Map::new(),
        Some(_) => {
            diags.push(Diagnostic::error(
                file,
                Location::Feature { index, id: None },
                "\"properties\" is not an object",
            ));
            return None;
        }
    };
    let id = match obj.get("id").or_else(|| properties.get("id")) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let position = read_point(index, id.as_deref(), obj.get("geometry"), file, diags);
    Some(RawSite {
        index,
        id,
        position,
        properties,
    })
}

fn read_point(
    index: usize,
    id: Option<&str>,
    geometry: Option<&Value>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(f64, f64)> {
    let here = || Location::Feature {
        index,
        id: id.map(str::to_string),
    };
    let geometry = match geometry {
        None | Some(Value::Null) => {
            diags.push(
                Diagnostic::error(file, here(), "has no geometry")
                    .hint("each site needs {\"type\": \"Point\", \"coordinates\": [lon, lat]}"),
            );
            return None;
        }
        Some(g) => g,
    };
    let geometry: geojson::Geometry = match serde_json::from_value(geometry.clone()) {
        Ok(g) => g,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    file,
                    here(),
                    // The GeoJSON reader quotes the input: keep a hostile value from
                    // filling the terminal.
                    format!(
                        "has an invalid geometry: {}",
                        clip_message(&e.to_string(), 200)
                    ),
                )
                .in_field("geometry")
                .hint("each site needs {\"type\": \"Point\", \"coordinates\": [lon, lat]}"),
            );
            return None;
        }
    };
    let geojson::GeometryValue::Point { coordinates } = &geometry.value else {
        diags.push(
            Diagnostic::error(
                file,
                here(),
                format!(
                    "is a {}, but sites must be Points",
                    geometry.value.type_name()
                ),
            )
            .in_field("geometry")
            .hint("give one point per site: {\"type\": \"Point\", \"coordinates\": [lon, lat]}"),
        );
        return None;
    };
    let c = coordinates.as_slice();
    if c.len() < 2 {
        diags.push(
            Diagnostic::error(file, here(), "point has fewer than two coordinates")
                .in_field("coordinates"),
        );
        return None;
    }
    let (lon, lat) = (c[0], c[1]);
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        diags.push(
            Diagnostic::error(file, here(), format!("longitude {lon} is outside -180…180"))
                .in_field("coordinates")
                .hint("GeoJSON order is [longitude, latitude]"),
        );
        return None;
    }
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        let hint = if (-90.0..=90.0).contains(&lon) && (-180.0..=180.0).contains(&lat) {
            "GeoJSON order is [longitude, latitude]: are the two swapped?"
        } else {
            "latitudes are -90…90"
        };
        diags.push(
            Diagnostic::error(file, here(), format!("latitude {lat} is outside -90…90"))
                .in_field("coordinates")
                .hint(hint),
        );
        return None;
    }
    Some((lon, lat))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(json: &str) -> Vec<String> {
        let mut diags = Vec::new();
        read_sites(json.as_bytes(), "s.geojson", &mut diags);
        diags.iter().map(|d| d.to_string()).collect()
    }

    fn feature(geometry: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"a","geometry":{geometry},"properties":{{}}}}]}}"#
        )
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let e = errors("{\"type\": \"FeatureCollection\",\n \"features\": [,]}");
        assert_eq!(
            e,
            ["error: s.geojson, line 2, column 15: is not valid JSON: expected value"]
        );
        let e = errors("{\"type\": \"FeatureCollection\", \"features\": [");
        assert!(e[0].contains("ends too early"), "{e:?}");
    }

    #[test]
    fn rejects_non_points_and_bad_coordinates() {
        let e = errors(&feature(
            r#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#,
        ));
        assert_eq!(
            e,
            [
                "error: s.geojson, feature 0 (id \"a\"): geometry: is a LineString, but sites must be Points (hint: give one point per site: {\"type\": \"Point\", \"coordinates\": [lon, lat]})"
            ]
        );
        assert!(
            errors(&feature(r#"{"type":"Point","coordinates":[200,2]}"#))[0]
                .contains("longitude 200 is outside")
        );
        assert!(
            errors(&feature(r#"{"type":"Point","coordinates":[42.8,95.0]}"#))[0]
                .contains("are the two swapped?")
        );
        assert!(
            errors(&feature(r#"{"type":"Point","coordinates":[null,2]}"#))[0]
                .contains("invalid geometry")
        );
        let e = errors(&feature(r#"{"type":"Point","coordinates":[1]}"#));
        assert!(
            e[0].contains("fewer than two") || e[0].contains("invalid geometry"),
            "{e:?}"
        );
        assert!(errors(&feature("null"))[0].contains("has no geometry"));
    }

    #[test]
    fn deep_nesting_fails_cleanly() {
        let deep = "[".repeat(100_000);
        assert!(
            errors(&deep)[0].contains("recursion limit"),
            "{:?}",
            errors(&deep)
        );
    }
}
