//! The colours and symbol shapes shared by the maps and the QGIS styles, so both look alike.

use crate::model::Status;

/// The fill colour of a status, as `#rrggbb`. Chosen to stay distinct for the common
/// forms of colour blindness (a blue/orange/purple/grey scheme rather than red/green).
///
/// ```
/// use chronomap::model::Status;
/// assert_eq!(chronomap::palette::status_color(Status::Active), "#1b6fb5");
/// ```
pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Active => "#1b6fb5",
        Status::Proposed => "#e69f00",
        Status::Declined => "#8e5ea2",
        Status::Closed => "#5f5f5f",
        Status::Unknown => "#b8b8b8",
    }
}

/// The shape of an operator's symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Russia.
    Circle,
    /// The United States.
    Square,
    /// The CSTO as such.
    Diamond,
    /// Any other operator.
    Triangle,
}

impl Shape {
    /// Every shape, in legend order.
    pub const ALL: [Shape; 4] = [
        Shape::Circle,
        Shape::Square,
        Shape::Diamond,
        Shape::Triangle,
    ];

    /// The name QGIS uses for the matching simple-marker shape.
    pub fn qgis_name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Diamond => "diamond",
            Shape::Triangle => "triangle",
        }
    }

    /// The operator the legend names for this shape.
    pub fn legend_label(self) -> &'static str {
        match self {
            Shape::Circle => "Russia",
            Shape::Square => "United States",
            Shape::Diamond => "CSTO",
            Shape::Triangle => "Other operator",
        }
    }
}

/// The symbol shape for an operator name (case-insensitive).
///
/// ```
/// use chronomap::palette::{operator_shape, Shape};
/// assert_eq!(operator_shape("Russia"), Shape::Circle);
/// assert_eq!(operator_shape("united states"), Shape::Square);
/// assert_eq!(operator_shape("France"), Shape::Triangle);
/// ```
pub fn operator_shape(operator: &str) -> Shape {
    match operator.trim().to_lowercase().as_str() {
        "russia" | "russian federation" => Shape::Circle,
        "united states" | "usa" | "us" => Shape::Square,
        "csto" => Shape::Diamond,
        _ => Shape::Triangle,
    }
}
