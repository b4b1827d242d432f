//! Reading the basemap layers (countries, borders, admin-1 lines, lakes, places, locator).

use std::io::Read;

/// A ring or line of longitude/latitude pairs in degrees.
pub type LonLatLine = Vec<(f64, f64)>;

/// A named area: one or more polygons, each an outer ring followed by its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Display name.
    pub name: String,
    /// ISO 3166 alpha-3 code for countries, empty otherwise.
    pub code: String,
    /// A preferred label point, when the data gives one.
    pub label_point: Option<(f64, f64)>,
    /// Polygons: each is a list of rings, the outer ring first.
    pub polygons: Vec<Vec<LonLatLine>>,
}

/// A populated place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Display name.
    pub name: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Whether it is a national capital.
    pub capital: bool,
}

/// Every basemap layer, in geographic coordinates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Basemap {
    /// Country polygons at full detail.
    pub countries: Vec<Area>,
    /// International borders.
    pub borders: Vec<LonLatLine>,
    /// First-level internal boundaries.
    pub admin1: Vec<LonLatLine>,
    /// Lakes and reservoirs.
    pub lakes: Vec<Area>,
    /// Towns and cities.
    pub places: Vec<Place>,
    /// Coarse country outlines for the inset locator map.
    pub locator: Vec<Area>,
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
/// use chronomap::input::basemap::{read_basemap, BasemapFiles};
/// let files = chronomap::bundled::basemap_files();
/// let basemap = read_basemap(files).unwrap();
/// assert!(basemap.lakes.iter().any(|l| l.name == "Issyk-Kul"));
/// ```
pub fn read_basemap<R: Read + Send>(files: BasemapFiles<R>) -> Result<Basemap, String> {
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
    })
}

fn features<R: Read>(name: &str, mut reader: R) -> Result<Vec<geojson::Feature>, String> {
    let bytes = super::read_all_limited(&mut reader, super::MAX_INPUT_BYTES)
        .map_err(|e| format!("error: {name}: {e}"))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("error: {name}: not valid UTF-8 text ({e})"))?;
    // JSON first (its reader stops deep nesting with a message that has a line and column),
    // then GeoJSON feature by feature, so that an error names its feature.
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("error: {name}: not valid JSON: {e}"))?;
    let serde_json::Value::Object(mut root) = value else {
        return Err(format!(
            "error: {name}: expected a GeoJSON FeatureCollection (an object), found {}",
            json_kind(&value)
        ));
    };
    if root.get("type").and_then(|t| t.as_str()) != Some("FeatureCollection") {
        return Err(format!(
            "error: {name}: expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\")"
        ));
    }
    let Some(serde_json::Value::Array(features)) = root.remove("features") else {
        return Err(format!(
            "error: {name}: a FeatureCollection needs a \"features\" list"
        ));
    };
    features
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            let kind = json_kind(&f);
            if !f.is_object() {
                return Err(format!(
                    "error: {name}, feature {index}: expected a GeoJSON Feature (an object), found {kind}"
                ));
            }
            serde_json::from_value::<geojson::Feature>(f).map_err(|e| {
                format!("error: {name}, feature {index}: not a valid GeoJSON Feature: {e}")
            })
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

fn checked(name: &str, index: usize, p: &[f64]) -> Result<(f64, f64), String> {
    match p {
        [lon, lat, ..]
            if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 =>
        {
            Ok((*lon, *lat))
        }
        _ => Err(format!(
            "error: {name}, feature {index}: a coordinate is missing or out of range"
        )),
    }
}

fn line(name: &str, index: usize, positions: &[geojson::Position]) -> Result<LonLatLine, String> {
    positions
        .iter()
        .map(|p| checked(name, index, p.as_slice()))
        .collect()
}

fn read_areas<R: Read>((name, reader): (String, R)) -> Result<Vec<Area>, String> {
    let mut out = Vec::new();
    for (index, f) in features(&name, reader)?.into_iter().enumerate() {
        let polygons = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Polygon { coordinates }) => vec![coordinates.clone()],
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => coordinates.clone(),
            _ => {
                return Err(format!(
                    "error: {name}, feature {index}: expected a Polygon or MultiPolygon"
                ));
            }
        };
        let polygons = polygons
            .iter()
            .map(|rings| rings.iter().map(|r| line(&name, index, r)).collect())
            .collect::<Result<Vec<Vec<LonLatLine>>, String>>()?;
        let label_point = match (
            f.property("label_lon").and_then(|v| v.as_f64()),
            f.property("label_lat").and_then(|v| v.as_f64()),
        ) {
            (Some(lon), Some(lat)) => Some((lon, lat)),
            _ => None,
        };
        out.push(Area {
            name: prop_str(&f, "name").unwrap_or_default(),
            code: prop_str(&f, "iso_a3").unwrap_or_default(),
            label_point,
            polygons,
        });
    }
    Ok(out)
}

fn read_lines<R: Read>((name, reader): (String, R)) -> Result<Vec<LonLatLine>, String> {
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
                return Err(format!(
                    "error: {name}, feature {index}: expected a LineString or MultiLineString"
                ));
            }
        }
    }
    Ok(out)
}

fn read_places<R: Read>((name, reader): (String, R)) -> Result<Vec<Place>, String> {
    let mut out = Vec::new();
    for (index, f) in features(&name, reader)?.into_iter().enumerate() {
        let (lon, lat) = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { coordinates }) => {
                checked(&name, index, coordinates.as_slice())?
            }
            _ => return Err(format!("error: {name}, feature {index}: expected a Point")),
        };
        out.push(Place {
            name: prop_str(&f, "name").unwrap_or_default(),
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
