//! The house style: every colour, symbol shape, type size, layer switch and piece of legend
//! wording a map uses, as one value. One resolved [`Theme`] serves every output of a run —
//! maps, sheet, timeline chart, GIF, viewer, QML and KML.
//!
//! The built-in styles are [`Theme::default`] (the look described in README), `print-mono`
//! (greys only) and `dark` (for screens); a user's TOML file (see [`mod@file`]) changes any
//! of their keys. [`Theme::to_toml`] writes the complete style as commented TOML, which
//! `chronomap style` prints.

pub mod file;
pub mod paper;
mod presets;
mod toml_out;

use crate::color::Color;
use crate::model::Status;
use crate::palette::Shape;
use serde::Deserialize;

/// How one status is drawn and named.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusStyle {
    /// The symbol colour.
    pub color: Color,
    /// The legend's words for it.
    pub label: String,
}

/// The five statuses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statuses {
    /// Operating.
    pub active: StatusStyle,
    /// Discussed or offered.
    pub proposed: StatusStyle,
    /// Turned down.
    pub declined: StatusStyle,
    /// Shut down.
    pub closed: StatusStyle,
    /// Not yet in the record.
    pub unknown: StatusStyle,
}

impl Statuses {
    /// The style of `status`.
    pub fn get(&self, status: Status) -> &StatusStyle {
        match status {
            Status::Active => &self.active,
            Status::Proposed => &self.proposed,
            Status::Declined => &self.declined,
            Status::Closed => &self.closed,
            Status::Unknown => &self.unknown,
        }
    }
}

/// One operator's symbol.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorStyle {
    /// The operator as the data names it (matched without regard to case).
    pub name: String,
    /// Other spellings that mean the same operator.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The symbol's shape.
    pub shape: Shape,
    /// The symbol's edge colour; `None` for the style's `symbol_edge`.
    #[serde(default)]
    pub color: Option<Color>,
    /// The legend's words; `None` for `name`.
    #[serde(default)]
    pub label: Option<String>,
}

impl OperatorStyle {
    /// What the legend calls it.
    pub fn legend_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// The symbol of every operator the table does not name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtherOperator {
    /// The shape they share.
    pub shape: Shape,
    /// The edge colour; `None` for `symbol_edge`.
    #[serde(default)]
    pub color: Option<Color>,
    /// What the legend calls them when it cannot name them.
    pub label: String,
}

/// The page and basemap colours.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Colors {
    pub page: Color,
    pub backdrop: Color,
    pub land: Color,
    pub focus_land: Color,
    pub focus_edge: Color,
    pub border: Color,
    pub admin1: Color,
    pub water: Color,
    pub water_edge: Color,
    pub river: Color,
    pub water_text: Color,
    pub country_text: Color,
    pub focus_text: Color,
    pub place_text: Color,
    pub place_dot: Color,
    pub ink: Color,
    pub muted: Color,
    pub frame: Color,
    pub graticule: Color,
    pub disputed: Color,
    pub halo: Color,
    pub changed_text: Color,
    pub changed_fill: Color,
    pub changed_edge: Color,
    pub leader: Color,
    pub symbol_edge: Color,
    pub unknown_edge: Color,
    pub approximate: Color,
    pub inset_focus: Color,
}

/// Type: the font and the base size every other size follows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypeStyle {
    /// The font family; only the bundled DejaVu Sans can be drawn.
    pub font: String,
    /// The site label size in design units (pixels on a 1600×1000 page); titles, panel text,
    /// notes and symbols scale with it. Default 13.
    pub base_size: f64,
}

/// Type sizes resolved from [`TypeStyle::base_size`], in design units.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub struct Sizes {
    pub title: f64,
    pub subtitle: f64,
    pub year: f64,
    pub site_label: f64,
    pub symbol: f64,
    pub heading: f64,
    pub body: f64,
    pub small: f64,
    pub smallest: f64,
}

/// The default base size (site labels).
pub const DEFAULT_BASE_SIZE: f64 = 13.0;

impl Sizes {
    /// Every size scaled by `base / 13` from the default sizes.
    ///
    /// ```
    /// let s = chronomap::theme::Sizes::from_base(26.0);
    /// assert_eq!((s.site_label, s.title), (26.0, 52.0));
    /// ```
    pub fn from_base(base: f64) -> Sizes {
        let k = base / DEFAULT_BASE_SIZE;
        Sizes {
            title: 26.0 * k,
            subtitle: 15.0 * k,
            year: 46.0 * k,
            site_label: 13.0 * k,
            symbol: 7.0 * k,
            heading: 13.0 * k,
            body: 11.5 * k,
            small: 10.0 * k,
            smallest: 9.5 * k,
        }
    }
}

/// Page defaults, used where no flag sets them.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageDefaults {
    /// Width in pixels (with `height`).
    pub width: Option<u32>,
    /// Height in pixels (with `width`).
    pub height: Option<u32>,
    /// A paper size (`a4`, `a4-landscape`, `letter`) instead of pixels.
    pub paper: Option<String>,
    /// Dots per inch.
    pub dpi: Option<u32>,
}

/// Title, subtitle and credit templates, used where neither a flag nor the dataset's
/// `dataset.toml` sets them.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// The title.
    pub title: Option<String>,
    /// The subtitle: `{when}`, `{date}`, `{year}`.
    pub subtitle: Option<String>,
    /// Who compiled the events, for the credit line.
    pub credit: Option<String>,
}

/// Which basemap layers are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Layers {
    /// Shaded relief; on by default (`--no-relief` turns it off, `--relief` on).
    pub relief: bool,
    /// Rivers (no river layer is bundled yet: accepted, has no effect).
    pub rivers: bool,
    /// Admin-1 (province) lines.
    pub admin1: bool,
    /// Place dots and names.
    pub places: bool,
    /// The graticule lines and the degree ticks on the frame.
    pub graticule: bool,
    /// The inset locator map.
    pub inset: bool,
}

/// The legend's wording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LegendWords {
    pub status_heading: String,
    pub operator_heading: String,
    pub marks_heading: String,
    pub changed: String,
    pub disputed: String,
    pub approximate: String,
    pub leaders: String,
    pub locator: String,
}

/// The names of the built-in styles, for `--style NAME` and shell completion.
pub const PRESETS: [&str; 3] = ["default", "print-mono", "dark"];

/// A whole style.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Status colours and labels.
    pub status: Statuses,
    /// The operator table, first match wins.
    pub operators: Vec<OperatorStyle>,
    /// Every other operator.
    pub other_operator: OtherOperator,
    /// Page and basemap colours.
    pub colors: Colors,
    /// Font and base size.
    pub font: TypeStyle,
    /// Sizes resolved from `font.base_size`.
    pub sizes: Sizes,
    /// Page defaults.
    pub page: PageDefaults,
    /// Title, subtitle and credit templates.
    pub text: Templates,
    /// Basemap layers drawn.
    pub layers: Layers,
    /// The legend's words.
    pub legend: LegendWords,
    /// The languages of the map's names (`--lang`).
    pub langs: crate::lang::Languages,
    /// The map's other words in the first language.
    pub words: crate::lang::Words,
}

impl Theme {
    /// The style of `operator` (matched on its name and aliases without regard to case or
    /// surrounding spaces): its shape, edge colour and legend label, or the fallback's.
    ///
    /// ```
    /// use chronomap::theme::Theme;
    /// use chronomap::palette::Shape;
    /// let t = Theme::default();
    /// assert_eq!(t.operator("russian federation").0, Shape::Circle);
    /// assert_eq!(t.operator("China").0, Shape::Triangle);
    /// ```
    pub fn operator(&self, operator: &str) -> (Shape, &str, Option<Color>) {
        let key = operator.trim();
        let found = self.operators.iter().find(|o| {
            std::iter::once(&o.name)
                .chain(&o.aliases)
                .any(|n| n.trim().to_lowercase() == key.to_lowercase())
        });
        match found {
            Some(o) => (o.shape, o.legend_label(), o.color),
            None => (
                self.other_operator.shape,
                &self.other_operator.label,
                self.other_operator.color,
            ),
        }
    }

    /// Whether `operator` has its own entry in the table.
    pub fn names_operator(&self, operator: &str) -> bool {
        let key = operator.trim().to_lowercase();
        self.operators.iter().any(|o| {
            std::iter::once(&o.name)
                .chain(&o.aliases)
                .any(|n| n.trim().to_lowercase() == key)
        })
    }

    /// The style with its words and names in `langs`: in a language other than English
    /// the status labels, the legend's wording and the fallback operator's label come from
    /// the message catalogue (replacing those of a style file, which are English).
    ///
    /// ```
    /// use chronomap::lang::Languages;
    /// use chronomap::theme::Theme;
    /// let t = Theme::default().with_languages(Languages::parse("ru").unwrap());
    /// assert_eq!(t.legend.status_heading, "Статус");
    /// assert_eq!(t.words.km, "км");
    /// ```
    pub fn with_languages(mut self, langs: crate::lang::Languages) -> Theme {
        let w = langs.first.words();
        if langs.first != crate::lang::Lang::En {
            use crate::model::Status;
            for s in [
                Status::Active,
                Status::Proposed,
                Status::Declined,
                Status::Closed,
                Status::Unknown,
            ] {
                let label = s.word(&w).to_string();
                match s {
                    Status::Active => self.status.active.label = label,
                    Status::Proposed => self.status.proposed.label = label,
                    Status::Declined => self.status.declined.label = label,
                    Status::Closed => self.status.closed.label = label,
                    Status::Unknown => self.status.unknown.label = label,
                }
            }
            self.legend = LegendWords {
                status_heading: w.status_heading.into(),
                operator_heading: w.operator_heading.into(),
                marks_heading: w.marks_heading.into(),
                changed: w.changed.into(),
                disputed: w.disputed.into(),
                approximate: w.approximate.into(),
                leaders: w.leaders.into(),
                locator: w.locator.into(),
            };
            self.other_operator.label = w.other_operator.into();
            for op in &mut self.operators {
                if let Some((_, t)) = w.operators.iter().find(|(en, _)| *en == op.legend_label()) {
                    op.label = Some(t.to_string());
                }
            }
        }
        self.words = w;
        self.langs = langs;
        self
    }

    /// A site's or place's name in the map's languages.
    pub fn name(&self, english: &str, names: &[(String, String)]) -> String {
        self.langs.name(english, names)
    }

    /// The colour of `status`.
    pub fn status_color(&self, status: Status) -> Color {
        self.status.get(status).color
    }
}
