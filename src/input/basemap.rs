//! Reading the basemap layers (countries, borders, admin-1 lines, lakes, places, locator).

use std::io::Read;

/// A ring or line of longitude/latitude pairs in degrees.
pub type LonLatLine = Vec<(f64, f64)>;

/// A named area: one or more polygons, each an outer ring followed by its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Display name.
    pub name: String,
    /// The name in other languages, from `name_CODE` properties, as `(code, name)`.
    pub names: Vec<(String, String)>,
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
    /// The name in other languages, from `name_CODE` properties, as `(code, name)`.
    pub names: Vec<(String, String)>,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Whether it is a national capital.
    pub capital: bool,
}

/// A stretch of river.
#[derive(Debug, Clone, PartialEq)]
pub struct River {
    /// The river's name, empty for the many rivers that carry none.
    pub name: String,
    /// The line, upstream or downstream first (the source does not say).
    pub line: LonLatLine,
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
    /// Rivers (only in the world basemap).
    pub rivers: Vec<River>,
    /// The tiled world basemap: when set, the layers above are read from it for the area a
    /// map shows (and the in-memory layers are added to them).
    pub world: Option<&'static super::world::World>,
    /// The tile size, in degrees, when the polygons were cut at tile edges (lines on those
    /// meridians and parallels are then no real outlines).
    pub cut_every: Option<f64>,
    /// Other-language names for places the world tiles name in English only, keyed by the
    /// English name (the bundled basemap's regional places carry `name_ru`).
    pub place_names: Option<&'static PlaceNames>,
}

/// Place names in other languages, keyed by the English name: `(code, name)` pairs.
pub type PlaceNames = std::collections::HashMap<String, Vec<(String, String)>>;

/// Reads GeoJSON files of places and of lakes into one [`PlaceNames`] table (the
/// `name_CODE` properties of each feature, under its `name`).
pub fn read_place_names<R: Read>(
    places: (String, R),
    lakes: (String, R),
) -> Result<PlaceNames, String> {
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
/// use chronomap::input::basemap::{read_basemap, BasemapFiles};
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
        rivers: Vec::new(),
        world: None,
        cut_every: None,
        place_names: None,
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
            names: translations(&f),
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

impl Basemap {
    /// The basemap with every country, lake, place and locator name in `langs` (see
    /// [`crate::lang::Languages::name`]); names without a translation stay English.
    pub fn localized(&self, langs: &crate::lang::Languages) -> Basemap {
        let areas = |list: &[Area]| -> Vec<Area> {
            list.iter()
                .map(|a| Area {
                    name: langs.name(&a.name, &a.names),
                    ..a.clone()
                })
                .collect()
        };
        Basemap {
            countries: areas(&self.countries),
            lakes: areas(&self.lakes),
            locator: areas(&self.locator),
            places: self
                .places
                .iter()
                .map(|p| Place {
                    name: langs.name(&p.name, &p.names),
                    ..p.clone()
                })
                .collect(),
            ..self.clone()
        }
    }
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
