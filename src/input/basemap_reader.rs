//! Reading the GeoJSON basemap layers (countries, borders, admin-1 lines, lakes, places,
//! locator) into a [`Basemap`].

use super::basemap_features::{Area, LonLatLine, Place};
use super::basemap_layers::{Basemap, PlaceNames};
use std::io::Read;

/// Why a basemap layer could not be read: the file, the feature when one is to blame, and
/// what is wrong. Shown as `FILE: PROBLEM` or `FILE, feature N: PROBLEM`.
///
/// ```
/// use chronomap::input::basemap_reader::{BasemapError, BasemapProblem};
/// let e = BasemapError { file: "lakes.geojson".into(), feature: Some(3), problem: BasemapProblem::NotPoint };
/// assert_eq!(e.to_string(), "lakes.geojson, feature 3: expected a Point");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {problem}", feature.map(|i| format!(", feature {i}")).unwrap_or_default())]
pub struct BasemapError {
    /// The file's display name.
    pub file: String,
    /// The 0-based index of the feature at fault, if one is.
    pub feature: Option<usize>,
    /// What is wrong.
    pub problem: BasemapProblem,
}

/// What is wrong with a basemap file or one of its features.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BasemapProblem {
    /// The file could not be read whole (too large, or an I/O error).
    #[error("{0}")]
    Read(String),
    /// The bytes are not UTF-8.
    #[error("not valid UTF-8 text ({0})")]
    NotUtf8(String),
    /// The text is not JSON.
    #[error("not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object; the kind of value it is.
    #[error("expected a GeoJSON FeatureCollection (an object), found {0}")]
    NotObject(&'static str),
    /// The object's `type` is not `FeatureCollection`.
    #[error("expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\")")]
    NotFeatureCollection,
    /// There is no `features` list.
    #[error("a FeatureCollection needs a \"features\" list")]
    NoFeatures,
    /// A feature is not an object; the kind of value it is.
    #[error("expected a GeoJSON Feature (an object), found {0}")]
    FeatureNotObject(&'static str),
    /// A feature does not parse as GeoJSON.
    #[error("not a valid GeoJSON Feature: {0}")]
    BadFeature(String),
    /// A position lacks a coordinate or lies off the globe.
    #[error("a coordinate is missing or out of range")]
    BadCoordinate,
    /// An area's geometry is not a polygon.
    #[error("expected a Polygon or MultiPolygon")]
    NotPolygon,
    /// A line layer's geometry is not a line.
    #[error("expected a LineString or MultiLineString")]
    NotLine,
    /// A place's geometry is not a point.
    #[error("expected a Point")]
    NotPoint,
}

/// The error for `problem` in file `file`, at `feature` if one is to blame.
fn fail(file: &str, feature: Option<usize>, problem: BasemapProblem) -> BasemapError {
    BasemapError {
        file: file.to_string(),
        feature,
        problem,
    }
}

/// Reads GeoJSON files of places, of lakes and of rivers (a point on each) into one
/// [`PlaceNames`] table (the `name_CODE` properties of each feature, under its `name`).
pub fn read_place_names<R: Read>(
    places: (String, R),
    lakes: (String, R),
    rivers: (String, R),
) -> Result<PlaceNames, BasemapError> {
    let mut table: PlaceNames = read_places(places)?
        .into_iter()
        .filter(|p| !p.names.is_empty())
        .map(|p| (p.name, p.names))
        .collect();
    table.extend(
        read_areas(lakes)?
            .into_iter()
            .filter(|a| !a.names.is_empty())
            .map(|a| (a.name, a.names)),
    );
    table.extend(
        read_places(rivers)?
            .into_iter()
            .filter(|r| !r.names.is_empty())
            .map(|r| (r.name, r.names)),
    );
    Ok(table)
}

/// The six basemap files, each as a display name and a reader.
pub struct BasemapFiles<R: Read> {
    /// `countries.geojson`.
    pub countries: (String, R),
    /// `borders.geojson`.
    pub borders: (String, R),
    /// `admin1_lines.geojson`.
    pub admin1: (String, R),
    /// `lakes.geojson`.
    pub lakes: (String, R),
    /// `places.geojson`.
    pub places: (String, R),
    /// `locator_countries.geojson`.
    pub locator: (String, R),
}

/// Reads all six layers. Errors name the file and the feature.
///
/// ```
/// use chronomap::input::basemap_reader::{read_basemap, BasemapFiles};
/// let lake = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Issyk-Kul"},
///   "geometry":{"type":"Polygon","coordinates":[[[76,42],[78,42],[78,43],[76,42]]]}}]}"#;
/// let empty = r#"{"type":"FeatureCollection","features":[]}"#;
/// let file = |name: &str, text: &'static str| (name.to_string(), text.as_bytes());
/// let basemap = read_basemap(BasemapFiles {
///     countries: file("countries.geojson", empty),
///     borders: file("borders.geojson", empty),
///     admin1: file("admin1_lines.geojson", empty),
///     lakes: file("lakes.geojson", lake),
///     places: file("places.geojson", empty),
///     locator: file("locator_countries.geojson", empty),
/// })
/// .unwrap();
/// assert!(basemap.lakes.iter().any(|l| l.name == "Issyk-Kul"));
/// ```
pub fn read_basemap<R: Read + Send>(files: BasemapFiles<R>) -> Result<Basemap, BasemapError> {
    // The six files are parsed on two cores, the largest (countries) against the rest; the
    // first error in file order is reported, as if they had been read one after the other.
    let BasemapFiles {
        countries,
        borders,
        admin1,
        lakes,
        places,
        locator,
    } = files;
    let ((countries, lakes), (borders, admin1, places, locator)) = rayon::join(
        || (read_areas(countries), read_areas(lakes)),
        || {
            (
                read_lines(borders),
                read_lines(admin1),
                read_places(places),
                read_areas(locator),
            )
        },
    );
    Ok(Basemap {
        countries: countries?,
        borders: borders?,
        admin1: admin1?,
        lakes: lakes?,
        places: places?,
        locator: locator?,
        rivers: Vec::new(),
        world: None,
        cut_every: None,
        place_names: None,
    })
}

fn features<R: Read>(name: &str, mut reader: R) -> Result<Vec<geojson::Feature>, BasemapError> {
    let bytes = super::limits::read_all_limited(&mut reader, super::limits::MAX_INPUT_BYTES)
        .map_err(|e| fail(name, None, BasemapProblem::Read(e)))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| fail(name, None, BasemapProblem::NotUtf8(e.to_string())))?;
    // JSON first (its reader stops deep nesting with a message that has a line and column),
    // then GeoJSON feature by feature, so that an error names its feature.
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| fail(name, None, BasemapProblem::NotJson(e.to_string())))?;
    let serde_json::Value::Object(mut root) = value else {
        return Err(fail(
            name,
            None,
            BasemapProblem::NotObject(json_kind(&value)),
        ));
    };
    if root.get("type").and_then(|t| t.as_str()) != Some("FeatureCollection") {
        return Err(fail(name, None, BasemapProblem::NotFeatureCollection));
    }
    let Some(serde_json::Value::Array(features)) = root.remove("features") else {
        return Err(fail(name, None, BasemapProblem::NoFeatures));
    };
    features
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            let kind = json_kind(&f);
            if !f.is_object() {
                return Err(fail(
                    name,
                    Some(index),
                    BasemapProblem::FeatureNotObject(kind),
                ));
            }
            serde_json::from_value::<geojson::Feature>(f)
                .map_err(|e| fail(name, Some(index), BasemapProblem::BadFeature(e.to_string())))
        })
        .collect()
}

/// What kind of JSON value this is, for a message.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

fn prop_str(f: &geojson::Feature, key: &str) -> Option<String> {
    f.property(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn checked(name: &str, index: usize, p: &[f64]) -> Result<(f64, f64), BasemapError> {
    match p {
        [lon, lat, ..]
            if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 =>
        {
            Ok((*lon, *lat))
        }
        _ => Err(fail(name, Some(index), BasemapProblem::BadCoordinate)),
    }
}

fn line(
    name: &str,
    index: usize,
    positions: &[geojson::Position],
) -> Result<LonLatLine, BasemapError> {
    positions
        .iter()
        .map(|p| checked(name, index, p.as_slice()))
        .collect()
}

fn read_areas<R: Read>((name, reader): (String, R)) -> Result<Vec<Area>, BasemapError> {
    let mut out = Vec::new();
    for (index, f) in features(&name, reader)?.into_iter().enumerate() {
        let polygons = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Polygon { coordinates }) => vec![coordinates.clone()],
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => coordinates.clone(),
            _ => {
                return Err(fail(&name, Some(index), BasemapProblem::NotPolygon));
            }
        };
        let polygons = polygons
            .iter()
            .map(|rings| rings.iter().map(|r| line(&name, index, r)).collect())
            .collect::<Result<Vec<Vec<LonLatLine>>, BasemapError>>()?;
        let label_point = match (
            f.property("label_lon").and_then(|v| v.as_f64()),
            f.property("label_lat").and_then(|v| v.as_f64()),
        ) {
            (Some(lon), Some(lat)) => Some((lon, lat)),
            _ => None,
        };
        out.push(Area {
            name: prop_str(&f, "name").unwrap_or_default(),
            names: translations(&f),
            code: prop_str(&f, "iso_a3").unwrap_or_default(),
            label_point,
            polygons,
        });
    }
    Ok(out)
}

fn read_lines<R: Read>((name, reader): (String, R)) -> Result<Vec<LonLatLine>, BasemapError> {
    let mut out = Vec::new();
    for (index, f) in features(&name, reader)?.into_iter().enumerate() {
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => {
                out.push(line(&name, index, coordinates)?)
            }
            Some(geojson::GeometryValue::MultiLineString { coordinates }) => {
                for l in coordinates {
                    out.push(line(&name, index, l)?);
                }
            }
            _ => {
                return Err(fail(&name, Some(index), BasemapProblem::NotLine));
            }
        }
    }
    Ok(out)
}

/// The `name_CODE` properties of the languages maps can be drawn in.
fn translations(f: &geojson::Feature) -> Vec<(String, String)> {
    crate::lang::LANG_CODES
        .iter()
        .filter_map(|code| {
            prop_str(f, &format!("name_{code}"))
                .filter(|n| !n.trim().is_empty())
                .map(|n| (code.to_string(), n))
        })
        .collect()
}

fn read_places<R: Read>((name, reader): (String, R)) -> Result<Vec<Place>, BasemapError> {
    let mut out = Vec::new();
    for (index, f) in features(&name, reader)?.into_iter().enumerate() {
        let (lon, lat) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { coordinates }) => {
                checked(&name, index, coordinates.as_slice())?
            }
            _ => return Err(fail(&name, Some(index), BasemapProblem::NotPoint)),
        };
        out.push(Place {
            name: prop_str(&f, "name").unwrap_or_default(),
            names: translations(&f),
            lon,
            lat,
            population: f
                .property("population")
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            capital: prop_str(&f, "capital").as_deref() == Some("country"),
        });
    }
    Ok(out)
}
