//! Why a map cannot be laid out: the sites and the requested area do not fit a regional map.

use thiserror::Error;

/// A map that cannot be laid out, and what the user can do about it.
///
/// ```
/// use chronomap::layout::error::LayoutError;
/// let e = LayoutError::TooWide { lon_span: 200.0, lat_span: 30.0 };
/// assert!(e.to_string().starts_with("the sites span 200° of longitude by 30° of latitude"));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LayoutError {
    /// Some sites lie nearer a pole than the conic projection reaches.
    #[error(
        "{} beyond 85° of latitude (site {site:?} is at {latitude}°{hemisphere}), and the map's projection cannot show the poles: it reaches 85°N and 85°S; choose an area with --bbox W,S,E,N (the sites beyond it are counted as outside the map)",
        if *.beyond == 1 { "1 site lies".to_string() } else { format!("{} sites lie", .beyond) }
    )]
    BeyondPoles {
        /// How many sites lie beyond 85°.
        beyond: usize,
        /// The id of the site nearest a pole.
        site: String,
        /// Its latitude, north or south, in degrees.
        latitude: f64,
        /// `N` or `S`.
        hemisphere: char,
    },
    /// The sites spread over more of the globe than a regional map shows.
    #[error(
        "the sites span {lon_span:.0}° of longitude by {lat_span:.0}° of latitude, too much for a regional map (at most 120° by 60°, margins included); choose an area with --bbox W,S,E,N"
    )]
    TooWide {
        /// Degrees of longitude, margins included.
        lon_span: f64,
        /// Degrees of latitude, margins included.
        lat_span: f64,
    },
    /// The area cannot be projected (see [`super::projection::MapProjection::fit`]).
    #[error("{0}")]
    Projection(String),
}
