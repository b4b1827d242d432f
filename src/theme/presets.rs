//! The built-in styles: the default look described in README, `print-mono` (greys only,
//! for black-and-white print) and `dark` (for screens).

use super::{
    Colors, DEFAULT_BASE_SIZE, Layers, LegendWords, OperatorStyle, OtherOperator, PageDefaults,
    Sizes, StatusStyle, Statuses, Templates, Theme, TypeStyle,
};
use crate::color::Color;
use crate::palette::Shape;

/// A colour literal of the built-in styles.
const fn c(s: &str) -> Color {
    Color::lit(s)
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            status: default_statuses(),
            operators: default_operators(),
            other_operator: OtherOperator {
                shape: Shape::Triangle,
                color: None,
                label: "Other operator".into(),
            },
            colors: default_colors(),
            font: TypeStyle {
                font: crate::fonts::FAMILY.to_string(),
                base_size: DEFAULT_BASE_SIZE,
            },
            sizes: Sizes::from_base(DEFAULT_BASE_SIZE),
            page: PageDefaults::default(),
            text: Templates::default(),
            layers: Layers {
                relief: true,
                rivers: true,
                admin1: true,
                places: true,
                graticule: true,
                inset: true,
            },
            legend: default_legend(),
            langs: crate::lang::Languages::default(),
            words: crate::lang::Lang::En.words(),
        }
    }
}

/// The default status colours and legend labels.
fn default_statuses() -> Statuses {
    let st = |color: &str, label: &str| StatusStyle {
        color: c(color),
        label: label.to_string(),
    };
    Statuses {
        active: st("#1b6fb5", "Active"),
        proposed: st("#f0a830", "Proposed"),
        declined: st("#b8336a", "Declined (refused)"),
        closed: st("#2b2b2b", "Closed"),
        unknown: st("#c4c4c4", "Not yet in the record"),
    }
}

/// The default operator table: Russia, the United States and the CSTO.
fn default_operators() -> Vec<OperatorStyle> {
    let op = |name: &str, aliases: &[&str], shape: Shape| OperatorStyle {
        name: name.to_string(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        shape,
        color: None,
        label: None,
    };
    vec![
        op("Russia", &["Russian Federation"], Shape::Circle),
        op("United States", &["USA", "US"], Shape::Square),
        op("CSTO", &[], Shape::Diamond),
    ]
}

/// The default page, basemap and text colours.
fn default_colors() -> Colors {
    Colors {
        page: c("#ffffff"),
        backdrop: c("#e4e0d8"),
        land: c("#ebe7df"),
        focus_land: c("#fbfaf6"),
        focus_edge: c("#4d4d4d"),
        border: c("#8c8579"),
        admin1: c("#bdb6aa"),
        water: c("#b7d3e6"),
        water_edge: c("#7ea7c6"),
        river: c("#a9c5da"),
        water_text: c("#3d6f96"),
        country_text: c("#9a9388"),
        focus_text: c("#5a554d"),
        place_text: c("#4a4a4a"),
        place_dot: c("#3a3a3a"),
        ink: c("#1f1f1f"),
        muted: c("#666666"),
        frame: c("#333333"),
        graticule: c("#8a8a8a"),
        disputed: c("#c0392b"),
        halo: c("#ffffff"),
        changed_text: c("#7a5a00"),
        changed_fill: c("#ffe08a"),
        changed_edge: c("#a07800"),
        leader: c("#444444"),
        symbol_edge: c("#ffffff"),
        unknown_edge: c("#6e6e6e"),
        approximate: c("#4a4a4a"),
        inset_focus: c("#a9a294"),
    }
}

/// The default legend wording.
fn default_legend() -> LegendWords {
    LegendWords {
        status_heading: "Status".into(),
        operator_heading: "Operator".into(),
        marks_heading: "Marks".into(),
        changed: "Status changed in the year shown".into(),
        disputed: "‡ Sources disagree on a date".into(),
        approximate: "Position approximate (a town or village)".into(),
        leaders: "A thin line joins a label moved off its site.".into(),
        locator: "Locator: map area in red".into(),
    }
}

impl Default for OtherOperator {
    fn default() -> Self {
        Theme::default().other_operator
    }
}
impl Default for Colors {
    fn default() -> Self {
        Theme::default().colors
    }
}
impl Default for TypeStyle {
    fn default() -> Self {
        Theme::default().font
    }
}
impl Default for Layers {
    fn default() -> Self {
        Theme::default().layers
    }
}
impl Default for LegendWords {
    fn default() -> Self {
        Theme::default().legend
    }
}

impl Theme {
    /// A built-in style by name (`default`, `print-mono`, `dark`).
    ///
    /// ```
    /// use chronomap::theme::Theme;
    /// assert!(Theme::preset("print-mono").is_some());
    /// assert!(Theme::preset("neon").is_none());
    /// ```
    pub fn preset(name: &str) -> Option<Theme> {
        match name {
            "default" => Some(Theme::default()),
            "print-mono" => Some(Theme::print_mono()),
            "dark" => Some(Theme::dark()),
            _ => None,
        }
    }

    /// Greys only, for black-and-white print: statuses differ in lightness (at least 15 CIE
    /// L* apart) and in form (solid, ring, struck ring, cross, dashed edge).
    fn print_mono() -> Theme {
        let mut t = Theme::default();
        t.status.active.color = c("#1a1a1a");
        t.status.closed.color = c("#4a4a4a");
        t.status.proposed.color = c("#7a7a7a");
        t.status.declined.color = c("#a6a6a6");
        t.status.unknown.color = c("#d6d6d6");
        let k = &mut t.colors;
        k.backdrop = c("#e2e2e2");
        k.land = c("#ebebeb");
        k.focus_land = c("#fafafa");
        k.focus_edge = c("#4d4d4d");
        k.border = c("#858585");
        k.admin1 = c("#b8b8b8");
        k.water = c("#cfcfcf");
        k.water_edge = c("#8f8f8f");
        k.river = c("#bababa");
        k.water_text = c("#4f4f4f");
        k.country_text = c("#939393");
        k.focus_text = c("#555555");
        k.disputed = c("#000000");
        k.changed_text = c("#333333");
        k.changed_fill = c("#dcdcdc");
        k.changed_edge = c("#5c5c5c");
        k.inset_focus = c("#a4a4a4");
        t.legend.locator = "Locator: map area outlined in black".into();
        t
    }

    /// Light marks on a dark ground, for screens.
    fn dark() -> Theme {
        let mut t = Theme::default();
        t.status.active.color = c("#4da3ff");
        t.status.proposed.color = c("#f0b040");
        t.status.declined.color = c("#e0508f");
        t.status.closed.color = c("#d9d9d9");
        t.status.unknown.color = c("#5c6066");
        t.colors = Colors {
            page: c("#15181c"),
            backdrop: c("#1c2026"),
            land: c("#262b31"),
            focus_land: c("#343a42"),
            focus_edge: c("#c8ccd1"),
            border: c("#6d747d"),
            admin1: c("#4b525b"),
            water: c("#1d3a52"),
            water_edge: c("#3f6a8c"),
            river: c("#2e5573"),
            water_text: c("#8fbadb"),
            country_text: c("#868d96"),
            focus_text: c("#c9cdd2"),
            place_text: c("#c3c7cc"),
            place_dot: c("#d5d8dc"),
            ink: c("#eef0f2"),
            muted: c("#a3a9b0"),
            frame: c("#8d949c"),
            graticule: c("#6d747d"),
            disputed: c("#ff6a5a"),
            halo: c("#15181c"),
            changed_text: c("#f2c85b"),
            changed_fill: c("#5a4812"),
            changed_edge: c("#f2c85b"),
            leader: c("#b3b9c0"),
            symbol_edge: c("#15181c"),
            unknown_edge: c("#a3a9b0"),
            approximate: c("#c3c7cc"),
            inset_focus: c("#8f8a7e"),
        };
        t
    }
}
