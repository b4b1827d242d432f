//! Reading `sites.geojson` (a FeatureCollection of Points) into raw site records.
//!
//! The file is read in one pass straight into the few values a site needs, instead of
//! into a generic JSON tree that is then copied apart: everything else is checked (so
//! that a malformed file gets the same message) and dropped as it is read.

use super::site_geometry::Geometry;
use crate::diagnostic::{Diagnostic, Location, clip_message, show_value};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

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
    /// The properties chronomap reads; the others are ignored.
    pub properties: RawProperties,
}

/// The properties of a site feature that chronomap reads, as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawProperties {
    /// `name`.
    pub name: Property,
    /// `country`.
    pub country: Property,
    /// `operator`.
    pub operator: Property,
    /// `kind`.
    pub kind: Property,
    /// `precision`.
    pub precision: Property,
    /// `position_source`.
    pub position_source: Property,
    /// `alt_names`.
    pub alt_names: AltNames,
    /// `name_CODE` for each language the maps can be drawn in ([`crate::lang::LANG_CODES`]),
    /// as `(code, value)`.
    pub names: Vec<(&'static str, Property)>,
}

/// A property that should hold a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Property {
    /// Absent, or `null`.
    #[default]
    Missing,
    /// A string, untrimmed.
    Text(String),
    /// Another kind of value, named for messages (`"a number"`, `"an array"`…).
    Other(&'static str),
}

/// The `alt_names` property, which should be an array of strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AltNames {
    /// Absent, or `null`.
    #[default]
    Missing,
    /// An array: its strings, untrimmed, and whether every item was a string.
    List {
        /// The items that are strings, in order.
        names: Vec<String>,
        /// Whether there was no other item.
        only_strings: bool,
    },
    /// Another kind of value.
    Other,
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
    let mut errors = diags.iter().filter(|d| d.is_error()).count();
    let mut sites = Vec::with_capacity(features.len());
    for (index, feature) in features.into_iter().enumerate() {
        if errors >= super::limits::MAX_ERRORS_PER_FILE {
            break;
        }
        let before = diags.len();
        sites.extend(read_feature(index, feature, file, diags));
        errors += diags[before..].iter().filter(|d| d.is_error()).count();
    }
    sites
}

/// A feature as read, before its geometry is checked.
// Nearly every feature is an object: boxing it would add an allocation to each.
#[allow(clippy::large_enum_variant)]
enum Feature {
    /// Not a JSON object.
    NotObject,
    /// An object whose `properties` is neither an object nor null.
    BadProperties,
    /// An object.
    Object {
        /// The `id` member's value when there is one: a string or number as text, else `None`.
        id: Option<Option<IdText>>,
        /// The same for `properties.id`.
        properties_id: Option<Option<IdText>>,
        properties: RawProperties,
        geometry: Option<Geometry>,
    },
}

/// The top level of the file as read.
enum Root {
    NotObject,
    Object {
        /// `type`, when it is a string.
        kind: Option<String>,
        /// `features`, when it is an array.
        features: Option<Vec<Feature>>,
    },
}

/// Parses the JSON text and returns the `features` array, or reports why it can't.
fn read_feature_array(
    bytes: &[u8],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Feature>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.push(
            Diagnostic::error(file, Location::File, "is empty")
                .hint("it must be a GeoJSON FeatureCollection: {\"type\": \"FeatureCollection\", \"features\": [...]}"),
        );
        return None;
    }
    let root: Root = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            diags.push(json_error(file, bytes, &e));
            return None;
        }
    };
    let Root::Object { kind, features } = root else {
        diags.push(Diagnostic::error(
            file,
            Location::File,
            "is not a GeoJSON FeatureCollection: the top level is not an object",
        ));
        return None;
    };
    match kind.as_deref() {
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
    match features {
        Some(features) => Some(features),
        None => {
            diags.push(Diagnostic::error(
                file,
                Location::File,
                "has no \"features\" array",
            ));
            None
        }
    }
}

// The readers below accept any JSON value where they are used, as reading into a `Value`
// would, and read every value through `deserialize_any`, as a `Value` does: a file that is
// not valid JSON (or nests too deeply) fails at the same place with the same message. For
// an object member given twice, the last one counts, as in a `Value`'s map.

/// Which of `names` a key is, or `names.len()` for another key.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self
            .0
            .iter()
            .position(|n| *n == key)
            .unwrap_or(self.0.len()))
    }
}

/// Implements the scalar `visit_*` methods of a visitor that accepts any JSON value, each
/// returning `$value` (`$unit` for null).
macro_rules! scalars_give {
    ($value:expr, $unit:expr) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($unit)
        }
    };
}

/// Any JSON value, read with every check and dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(Skip, Skip);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Skip, A::Error> {
        skip_seq(seq).map(|_| Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Skip, A::Error> {
        skip_map(map).map(|_| Skip)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key::<Skip>()?.is_some() {
        map.next_value::<Skip>()?;
    }
    Ok(())
}

/// A feature `id` as written: text (a string, or a number as text), or the kind of JSON
/// value that cannot be an id.
type IdText = Result<String, &'static str>;

/// A feature `id`: a string, or a number as text; `None` for null; the kind of value for
/// anything else (`true` is not "no id").
fn id_text(value: Value) -> Option<IdText> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Ok(s)),
        Value::Number(n) => Some(Ok(n.to_string())),
        Value::Bool(true) => Some(Err("true")),
        Value::Bool(false) => Some(Err("false")),
        Value::Array(_) => Some(Err("a list")),
        Value::Object(_) => Some(Err("an object")),
    }
}

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Root, D::Error> {
        deserializer.deserialize_any(RootVisitor)
    }
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(Root::NotObject, Root::NotObject);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Root, A::Error> {
        skip_seq(seq).map(|_| Root::NotObject)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root, A::Error> {
        let (mut kind, mut features) = (None, None);
        while let Some(key) = map.next_key_seed(KeySeed(&["type", "features"]))? {
            match key {
                0 => kind = map.next_value::<Value>()?.as_str().map(str::to_string),
                1 => features = map.next_value_seed(FeaturesSeed)?,
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Root::Object { kind, features })
    }
}

/// The `features` member: its features when it is an array.
struct FeaturesSeed;

impl<'de> DeserializeSeed<'de> for FeaturesSeed {
    type Value = Option<Vec<Feature>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed {
    type Value = Option<Vec<Feature>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(None, None);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut features = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(feature) = seq.next_element::<Feature>()? {
            features.push(feature);
        }
        Ok(Some(features))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map).map(|_| None)
    }
}

impl<'de> Deserialize<'de> for Feature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Feature, D::Error> {
        deserializer.deserialize_any(FeatureVisitor)
    }
}

struct FeatureVisitor;

impl<'de> Visitor<'de> for FeatureVisitor {
    type Value = Feature;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(Feature::NotObject, Feature::NotObject);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Feature, A::Error> {
        skip_seq(seq).map(|_| Feature::NotObject)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Feature, A::Error> {
        let mut id = None;
        let mut properties = Properties::Null;
        let mut geometry = None;
        while let Some(key) = map.next_key_seed(KeySeed(&["id", "properties", "geometry"]))? {
            match key {
                0 => id = Some(id_text(map.next_value()?)),
                1 => properties = map.next_value()?,
                2 => geometry = Some(map.next_value()?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(match properties {
            Properties::Invalid => Feature::BadProperties,
            Properties::Null => Feature::Object {
                id,
                properties_id: None,
                properties: RawProperties::default(),
                geometry,
            },
            Properties::Object(properties, properties_id) => Feature::Object {
                id,
                properties_id,
                properties,
                geometry,
            },
        })
    }
}

/// A feature's `properties` member.
#[allow(clippy::large_enum_variant)] // a transient value of the parse, one per feature
enum Properties {
    /// Absent or null: no properties.
    Null,
    /// An object: the properties read, and its `id` member as [`Feature::Object`] keeps it.
    Object(RawProperties, Option<Option<IdText>>),
    /// Something else.
    Invalid,
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Properties, D::Error> {
        deserializer.deserialize_any(PropertiesVisitor)
    }
}

struct PropertiesVisitor;

impl<'de> Visitor<'de> for PropertiesVisitor {
    type Value = Properties;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(Properties::Invalid, Properties::Null);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Properties, A::Error> {
        skip_seq(seq).map(|_| Properties::Invalid)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
        const KEYS: &[&str] = &[
            "name",
            "country",
            "operator",
            "kind",
            "precision",
            "position_source",
            "alt_names",
            "id",
            "name_en",
            "name_ru",
            "name_ky",
        ];
        let mut p = RawProperties::default();
        let mut id = None;
        while let Some(key) = map.next_key_seed(KeySeed(KEYS))? {
            match key {
                0 => p.name = map.next_value()?,
                1 => p.country = map.next_value()?,
                2 => p.operator = map.next_value()?,
                3 => p.kind = map.next_value()?,
                4 => p.precision = map.next_value()?,
                5 => p.position_source = map.next_value()?,
                6 => p.alt_names = map.next_value()?,
                7 => id = Some(id_text(map.next_value()?)),
                8..=10 => {
                    let code = &KEYS[key]["name_".len()..];
                    p.names.push((code, map.next_value()?));
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Properties::Object(p, id))
    }
}

impl<'de> Deserialize<'de> for Property {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Property, D::Error> {
        deserializer.deserialize_any(PropertyVisitor)
    }
}

struct PropertyVisitor;

impl<'de> Visitor<'de> for PropertyVisitor {
    type Value = Property;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Property, E> {
        Ok(Property::Other("true or false"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Property, E> {
        Ok(Property::Other("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Property, E> {
        Ok(Property::Other("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Property, E> {
        Ok(Property::Other("a number"))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Property, E> {
        Ok(Property::Text(s.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Property, E> {
        Ok(Property::Text(s))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Property, E> {
        Ok(Property::Missing)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Property, A::Error> {
        skip_seq(seq).map(|_| Property::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Property, A::Error> {
        skip_map(map).map(|_| Property::Other("an object"))
    }
}

impl<'de> Deserialize<'de> for AltNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AltNames, D::Error> {
        deserializer.deserialize_any(AltNamesVisitor)
    }
}

struct AltNamesVisitor;

impl<'de> Visitor<'de> for AltNamesVisitor {
    type Value = AltNames;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalars_give!(AltNames::Other, AltNames::Missing);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AltNames, A::Error> {
        let mut names = Vec::new();
        let mut only_strings = true;
        while let Some(item) = seq.next_element::<Property>()? {
            match item {
                Property::Text(s) => names.push(s),
                _ => only_strings = false,
            }
        }
        Ok(AltNames::List {
            names,
            only_strings,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AltNames, A::Error> {
        skip_map(map).map(|_| AltNames::Other)
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

/// A number for a message: as written when short (`200`, `-91.5`), in scientific notation
/// when it would take more than 20 characters (`1e308`, not 309 digits).
fn short_number(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() <= 20 {
        plain
    } else {
        format!("{v:e}")
    }
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
    feature: Feature,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawSite> {
    let (id, properties_id, properties, geometry) = match feature {
        Feature::NotObject => {
            diags.push(Diagnostic::error(
                file,
                Location::Feature { index, id: None },
                "is not a JSON object",
            ));
            return None;
        }
        Feature::BadProperties => {
            diags.push(Diagnostic::error(
                file,
                Location::Feature { index, id: None },
                "\"properties\" is not an object",
            ));
            return None;
        }
        Feature::Object {
            id,
            properties_id,
            properties,
            geometry,
        } => (id, properties_id, properties, geometry),
    };
    // The feature's own `id` member wins, whatever its value; then `properties.id`.
    let id = match id.or(properties_id).flatten() {
        Some(Err(kind)) => {
            diags.push(
                Diagnostic::error(
                    file,
                    Location::Feature { index, id: None },
                    format!("is {kind}, not a string"),
                )
                .in_field("id")
                .hint("an id is a string such as \"kant\": a-z, 0-9 and '-'"),
            );
            return None;
        }
        Some(Ok(id)) => Some(id),
        None => None,
    };
    let position = read_point(index, id.as_deref(), geometry, file, diags);
    Some(RawSite {
        index,
        id,
        position,
        properties,
    })
}

/// The coordinates of `{"type": "Point", "coordinates": [lon, lat]}` and nothing else: the
/// usual geometry, read without the general GeoJSON reader (which gives the same point).
fn plain_point(geometry: &Value) -> Option<(f64, f64)> {
    let Value::Object(members) = geometry else {
        return None;
    };
    if members.len() != 2 || members.get("type").and_then(Value::as_str) != Some("Point") {
        return None;
    }
    match members.get("coordinates") {
        Some(Value::Array(c)) if c.len() == 2 => Some((c[0].as_f64()?, c[1].as_f64()?)),
        _ => None,
    }
}

fn read_point(
    index: usize,
    id: Option<&str>,
    geometry: Option<Geometry>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(f64, f64)> {
    let here = || Location::Feature {
        index,
        id: id.map(str::to_string),
    };
    let geometry = match geometry {
        None | Some(Geometry::Other(Value::Null)) => {
            diags.push(
                Diagnostic::error(file, here(), "has no geometry")
                    .hint("each site needs {\"type\": \"Point\", \"coordinates\": [lon, lat]}"),
            );
            return None;
        }
        Some(Geometry::Point(lon, lat)) => return check_point(lon, lat, &here, file, diags),
        Some(Geometry::Other(g)) => g,
    };
    let (lon, lat) = match plain_point(&geometry) {
        Some(point) => point,
        None => read_geometry(geometry, &here, file, diags)?,
    };
    check_point(lon, lat, &here, file, diags)
}

/// The point, when its longitude and latitude are in range; otherwise the problem, reported.
fn check_point(
    lon: f64,
    lat: f64,
    here: &dyn Fn() -> Location,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(f64, f64)> {
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        diags.push(
            Diagnostic::error(
                file,
                here(),
                format!("longitude {} is outside -180…180", short_number(lon)),
            )
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
            Diagnostic::error(
                file,
                here(),
                format!("latitude {} is outside -90…90", short_number(lat)),
            )
            .in_field("coordinates")
            .hint(hint),
        );
        return None;
    }
    Some((lon, lat))
}

/// The first two coordinates of any other geometry, read with the GeoJSON reader; or the
/// problem, reported.
fn read_geometry(
    geometry: Value,
    here: &dyn Fn() -> Location,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(f64, f64)> {
    let geometry: geojson::Geometry = match serde_json::from_value(geometry) {
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
    Some((c[0], c[1]))
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
