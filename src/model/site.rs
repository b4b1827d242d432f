//! A place on the map: a military site with its names, operator and position.

/// How exact a site's point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionPrecision {
    /// On the facility itself.
    Site,
    /// On the town the site is in or named after.
    Town,
    /// On the village the site is in or near.
    Village,
}

impl PositionPrecision {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            PositionPrecision::Site => "site",
            PositionPrecision::Town => "town",
            PositionPrecision::Village => "village",
        }
    }

    /// Parses `site`, `town` or `village`.
    ///
    /// ```
    /// use chronomap::model::PositionPrecision;
    /// assert_eq!(PositionPrecision::parse("town"), Some(PositionPrecision::Town));
    /// assert_eq!(PositionPrecision::parse("city"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        [
            PositionPrecision::Site,
            PositionPrecision::Town,
            PositionPrecision::Village,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// A validated site.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Slug id, e.g. `kant`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names and spellings.
    pub alt_names: Vec<String>,
    /// The name in other languages, from `name_CODE` properties, as `(code, name)`.
    pub names: Vec<(String, String)>,
    /// ISO 3166-1 alpha-3 country code.
    pub country: String,
    /// Who runs it (`Russia`, `United States`…).
    pub operator: String,
    /// What it is (`air base`, `communication centre`…).
    pub kind: String,
    /// How exact the point is.
    pub precision: PositionPrecision,
    /// Where the coordinates come from.
    pub position_source: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}
