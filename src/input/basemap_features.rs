//! The basemap's features in longitude/latitude: lines and rings, named areas, places and
//! rivers. Both basemap sources (the GeoJSON layers and the tiled world file) produce them.

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
    /// The name in other languages, as (language code, name) pairs.
    pub names: Vec<(String, String)>,
    /// The line, upstream or downstream first (the source does not say).
    pub line: LonLatLine,
}
