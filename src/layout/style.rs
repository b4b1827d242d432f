//! The map's style: colours, type sizes and the options a user can set.

use super::page::PageSize;
use super::projection::Extent;
use crate::input::metadata::DatasetMetadata;
use crate::timeline::MapDate;

/// Basemap and furniture colours. Status colours live in [`crate::palette`].
pub mod colors {
    /// The page.
    pub const PAGE: &str = "#ffffff";
    /// Land outside the country polygons.
    pub const BACKDROP: &str = "#e4e0d8";
    /// Neighbouring countries.
    pub const LAND: &str = "#ebe7df";
    /// The focus country.
    pub const FOCUS_LAND: &str = "#fbfaf6";
    /// The focus country's outline.
    pub const FOCUS_EDGE: &str = "#4d4d4d";
    /// International borders.
    pub const BORDER: &str = "#8c8579";
    /// Admin-1 lines.
    pub const ADMIN1: &str = "#bdb6aa";
    /// Lake fill.
    pub const WATER: &str = "#b7d3e6";
    /// Lake outline.
    pub const WATER_EDGE: &str = "#7ea7c6";
    /// Lake names.
    pub const WATER_TEXT: &str = "#3d6f96";
    /// Neighbouring country names.
    pub const COUNTRY_TEXT: &str = "#9a9388";
    /// The focus country's name.
    pub const FOCUS_TEXT: &str = "#5a554d";
    /// Place names.
    pub const PLACE_TEXT: &str = "#4a4a4a";
    /// Place dots.
    pub const PLACE_DOT: &str = "#3a3a3a";
    /// Main text.
    pub const INK: &str = "#1f1f1f";
    /// Secondary text.
    pub const MUTED: &str = "#666666";
    /// Frame, graticule ticks.
    pub const FRAME: &str = "#333333";
    /// Graticule lines.
    pub const GRATICULE: &str = "#8a8a8a";
    /// The disputed-date ring.
    pub const DISPUTED: &str = "#c0392b";
    /// Label halos.
    pub const HALO: &str = "#ffffff";
    /// Leader lines.
    pub const LEADER: &str = "#444444";
}

/// Type sizes in design units (pixels on a 1600×1000 page).
pub mod sizes {
    /// The map title.
    pub const TITLE: f64 = 26.0;
    /// The subtitle.
    pub const SUBTITLE: f64 = 15.0;
    /// Site labels.
    pub const SITE_LABEL: f64 = 13.0;
    /// Site symbol radius.
    pub const SYMBOL: f64 = 7.0;
    /// Panel headings.
    pub const HEADING: f64 = 13.0;
    /// Panel text.
    pub const BODY: f64 = 11.5;
    /// Source notes and credits.
    pub const SMALL: f64 = 10.0;
}

/// How sites whose status is still unknown at the map's date are drawn.
///
/// chronomap draws them faint (grey, translucent) rather than leaving them out, so every
/// map of a series shows the same sites at the same places and labels never jump.
pub const UNKNOWN_OPACITY: f64 = 0.45;

impl MapStyle {
    /// `date` with its subtitle written from this style's template, if it has one.
    ///
    /// ```
    /// use chronomap::layout::style::MapStyle;
    /// use chronomap::timeline::MapDate;
    /// let style = MapStyle { subtitle: Some("Bases {when}".into()), ..MapStyle::default() };
    /// assert_eq!(style.dated(MapDate::end_of_year(2014)).subtitle, "Bases at end of 2014");
    /// ```
    pub fn dated(&self, date: MapDate) -> MapDate {
        match &self.subtitle {
            Some(t) => date.with_subtitle(t),
            None => date,
        }
    }

    /// Takes the title, subtitle and credit a dataset gives in its `dataset.toml`, where the
    /// user's flags (`--title`) have not already set them.
    pub fn with_metadata(mut self, meta: &DatasetMetadata) -> MapStyle {
        self.title = self.title.or_else(|| meta.title.clone());
        self.subtitle = self.subtitle.or_else(|| meta.subtitle.clone());
        self.credit = self.credit.or_else(|| meta.credit.clone());
        self
    }
}

/// What the user chose for a map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapStyle {
    /// The output size.
    pub page: PageSize,
    /// The geographic extent to show, or `None` to fit every site.
    pub extent: Option<Extent>,
    /// The title; `None` for a neutral one built from the data (see
    /// [`crate::layout::map::neutral_title`]).
    pub title: Option<String>,
    /// The subtitle template (see [`MapDate::with_subtitle`]); `None` for "Status {when}".
    pub subtitle: Option<String>,
    /// Who compiled the events, for the credit line; `None` to name the sources' publishers.
    pub credit: Option<String>,
    /// A bare map for a small-multiples cell: the frame fills the page, the year sits in a
    /// corner, and the legend, panel, inset, scale bar and credits are left to the sheet.
    pub compact: bool,
}
