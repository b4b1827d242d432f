//! The colours and symbol shapes shared by the maps and the QGIS styles, so both look alike.

use crate::model::Status;

/// The fill colour of a status, as `#rrggbb`.
///
/// Chosen so that every pair stays apart for readers with colour-vision deficiency: under
/// the Machado et al. (2009) simulation at full severity the smallest CIE76 ΔE between any
/// two statuses is 23 (protanopia), 30 (deuteranopia) and 38 (tritanopia); a test in this
/// module recomputes it. Status is also told by the symbol's form (see
/// [`crate::layout::symbols::status_symbol`]), so a greyscale print keeps it.
///
/// ```
/// use chronomap::model::Status;
/// assert_eq!(chronomap::palette::status_color(Status::Active), "#1b6fb5");
/// ```
pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Active => "#1b6fb5",
        Status::Proposed => "#f0a830",
        Status::Declined => "#b8336a",
        Status::Closed => "#2b2b2b",
        Status::Unknown => "#c4c4c4",
    }
}

/// The shape of an operator's symbol (in a style file: `circle`, `square`, `diamond`,
/// `triangle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// Operator names that get their own symbol shape, as [`operator_shape`] reads them (lower
/// case, trimmed): the one table the maps and the QGIS styles share. Every other operator
/// gets a triangle.
///
/// ```
/// use chronomap::palette::{OPERATOR_NAMES, Shape, operator_shape};
/// assert!(OPERATOR_NAMES.contains(&("csto", Shape::Diamond)));
/// assert!(OPERATOR_NAMES.iter().all(|&(name, shape)| operator_shape(name) == shape));
/// ```
pub const OPERATOR_NAMES: &[(&str, Shape)] = &[
    ("russia", Shape::Circle),
    ("russian federation", Shape::Circle),
    ("united states", Shape::Square),
    ("usa", Shape::Square),
    ("us", Shape::Square),
    ("csto", Shape::Diamond),
];

/// The symbol shape for an operator name (case-insensitive), from [`OPERATOR_NAMES`].
///
/// ```
/// use chronomap::palette::{operator_shape, Shape};
/// assert_eq!(operator_shape("Russia"), Shape::Circle);
/// assert_eq!(operator_shape("united states"), Shape::Square);
/// assert_eq!(operator_shape("France"), Shape::Triangle);
/// ```
pub fn operator_shape(operator: &str) -> Shape {
    let name = operator.trim().to_lowercase();
    OPERATOR_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(Shape::Triangle, |&(_, shape)| shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    /// Machado, Oliveira & Fernandes (2009) simulation matrices at severity 1.0, applied to
    /// linear RGB.
    const CVD: [(&str, [[f64; 3]; 3]); 3] = [
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    fn linear(hex: &str) -> [f64; 3] {
        let v = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        [v(1), v(3), v(5)]
    }

    /// CIE L*a*b* (D65) of a linear RGB colour.
    fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn simulate(m: &[[f64; 3]; 3], c: [f64; 3]) -> [f64; 3] {
        let row = |i: usize| (m[i][0] * c[0] + m[i][1] * c[1] + m[i][2] * c[2]).clamp(0.0, 1.0);
        [row(0), row(1), row(2)]
    }

    #[test]
    fn every_pair_of_statuses_stays_apart_for_colour_blind_readers() {
        for style in crate::theme::PRESETS {
            let theme = crate::theme::Theme::preset(style).unwrap();
            statuses_stay_apart(style, |s| theme.status_color(s).to_string());
        }
        statuses_stay_apart("palette", |s| status_color(s).to_string());
    }

    #[test]
    fn print_mono_is_greys_only() {
        let t = crate::theme::Theme::preset("print-mono").unwrap();
        let text = t.to_toml();
        let mut seen = 0;
        for hex in text
            .split('"')
            .filter(|w| crate::color::Color::parse(w).is_some() && w.len() == 7)
        {
            assert!(
                hex[1..3] == hex[3..5] && hex[3..5] == hex[5..7],
                "{hex} is not a grey"
            );
            seen += 1;
        }
        assert!(seen > 30, "every colour of the style was checked ({seen})");
    }

    fn statuses_stay_apart(style: &str, color: impl Fn(Status) -> String) {
        let all = [
            Status::Active,
            Status::Proposed,
            Status::Declined,
            Status::Closed,
            Status::Unknown,
        ];
        for (name, m) in &CVD {
            for (i, a) in all.iter().enumerate() {
                for b in &all[i + 1..] {
                    let la = lab(simulate(m, linear(&color(*a))));
                    let lb = lab(simulate(m, linear(&color(*b))));
                    let de = la
                        .iter()
                        .zip(lb)
                        .map(|(p, q)| (p - q).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    assert!(
                        de >= 15.0,
                        "{style}, {name}: {a:?} and {b:?} are only ΔE {de:.1} apart"
                    );
                }
            }
        }
    }

    #[test]
    fn the_old_palette_fails_the_same_test() {
        // The check is real: the palette before this one put active and declined 8 apart.
        let (_, m) = &CVD[0];
        let a = lab(simulate(m, linear("#1b6fb5")));
        let d = lab(simulate(m, linear("#8e5ea2")));
        let de = a
            .iter()
            .zip(d)
            .map(|(p, q)| (p - q).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!(de < 15.0, "{de}");
    }
}
