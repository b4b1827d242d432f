//! The house style: every colour, symbol shape, type size, layer switch and piece of legend
//! wording a map uses, as one value. One resolved [`Theme`] serves every output of a run —
//! maps, sheet, timeline chart, GIF, viewer, QML and KML.
//!
//! The built-in styles are [`Theme::default`] (the look described in README), `print-mono`
//! (greys only) and `dark` (for screens); a user's TOML file (see
//! [`crate::input::style_file`]) changes any of their keys. [`Theme::to_toml`] writes the
//! complete style as commented TOML, which `chronomap style` prints.

use crate::model::Status;
use crate::palette::Shape;
use serde::Deserialize;
use std::fmt::Write;

/// A colour as `#rrggbb` (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Color(pub String);

impl Color {
    /// Parses `#rgb` or `#rrggbb` (any case); `None` for anything else.
    ///
    /// ```
    /// use chronomap::theme::Color;
    /// assert_eq!(Color::parse("#1B6FB5").unwrap().0, "#1b6fb5");
    /// assert_eq!(Color::parse("#abc").unwrap().0, "#aabbcc");
    /// assert!(Color::parse("blue").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<Color> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let full = match hex.len() {
            6 => hex.to_ascii_lowercase(),
            3 => hex
                .chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase(),
            _ => return None,
        };
        Some(Color(format!("#{full}")))
    }

    /// The colour as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Color {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{s:?} is not a colour; write it as \"#rrggbb\" (for example \"#1b6fb5\")"
            ))
        })
    }
}

fn c(s: &str) -> Color {
    Color(s.to_string())
}

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
    /// Shaded relief; off by default (`--relief` turns it on, `--no-relief` off).
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

/// The names of the built-in styles, for `--style NAME` and shell completion.
pub const PRESETS: [&str; 3] = ["default", "print-mono", "dark"];

impl Default for Theme {
    fn default() -> Theme {
        let st = |color: &str, label: &str| StatusStyle {
            color: c(color),
            label: label.to_string(),
        };
        let op = |name: &str, aliases: &[&str], shape: Shape| OperatorStyle {
            name: name.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            shape,
            color: None,
            label: None,
        };
        Theme {
            status: Statuses {
                active: st("#1b6fb5", "Active"),
                proposed: st("#f0a830", "Proposed"),
                declined: st("#b8336a", "Declined (refused)"),
                closed: st("#2b2b2b", "Closed"),
                unknown: st("#c4c4c4", "Not yet in the record"),
            },
            operators: vec![
                op("Russia", &["Russian Federation"], Shape::Circle),
                op("United States", &["USA", "US"], Shape::Square),
                op("CSTO", &[], Shape::Diamond),
            ],
            other_operator: OtherOperator {
                shape: Shape::Triangle,
                color: None,
                label: "Other operator".into(),
            },
            colors: Colors {
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
            },
            font: TypeStyle {
                font: crate::fonts::FAMILY.to_string(),
                base_size: DEFAULT_BASE_SIZE,
            },
            sizes: Sizes::from_base(DEFAULT_BASE_SIZE),
            page: PageDefaults::default(),
            text: Templates::default(),
            layers: Layers {
                relief: false,
                rivers: true,
                admin1: true,
                places: true,
                graticule: true,
                inset: true,
            },
            legend: LegendWords {
                status_heading: "Status".into(),
                operator_heading: "Operator".into(),
                marks_heading: "Marks".into(),
                changed: "Status changed in the year shown".into(),
                disputed: "‡ Sources disagree on a date".into(),
                approximate: "Position approximate (a town or village)".into(),
                leaders: "A thin line joins a label moved off its site.".into(),
                locator: "Locator: map area in red".into(),
            },
            langs: crate::lang::Languages::default(),
            words: crate::lang::Lang::En.words(),
        }
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
    pub fn operator(&self, operator: &str) -> (Shape, &str, Option<&str>) {
        let key = operator.trim();
        let found = self.operators.iter().find(|o| {
            std::iter::once(&o.name)
                .chain(&o.aliases)
                .any(|n| n.trim().to_lowercase() == key.to_lowercase())
        });
        match found {
            Some(o) => (
                o.shape,
                o.legend_label(),
                o.color.as_ref().map(Color::as_str),
            ),
            None => (
                self.other_operator.shape,
                &self.other_operator.label,
                self.other_operator.color.as_ref().map(Color::as_str),
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
    pub fn status_color(&self, status: Status) -> &str {
        &self.status.get(status).color
    }

    /// The complete style as commented TOML; read back by
    /// [`crate::input::style_file::read_style`], it gives the same style.
    pub fn to_toml(&self) -> String {
        let mut o = String::new();
        let q = |s: &str| toml_string(s);
        o.push_str("# chronomap style. Every key is optional: a key left out keeps the default.\n");
        o.push_str("# Colours are \"#rrggbb\". Use with: chronomap render --style FILE\n\n");
        o.push_str("# Each status: the symbol colour and the legend's words. The symbol's form\n# (solid, ring, struck ring, cross, dashed edge) always tells the status too.\n");
        for (key, s) in [
            ("active", &self.status.active),
            ("proposed", &self.status.proposed),
            ("declined", &self.status.declined),
            ("closed", &self.status.closed),
            ("unknown", &self.status.unknown),
        ] {
            let _ = writeln!(
                o,
                "[status.{key}]\ncolor = {}\nlabel = {}\n",
                q(&s.color),
                q(&s.label)
            );
        }
        o.push_str("# Operators: any name as the data writes it (case does not matter), with\n# other spellings in aliases. shape: circle, square, diamond or triangle.\n# color (optional): the symbol's edge. label (optional): the legend's words.\n# Listing [[operators]] replaces the whole table.\n");
        for op in &self.operators {
            let _ = writeln!(o, "[[operators]]\nname = {}", q(&op.name));
            let aliases: Vec<String> = op.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(o, "aliases = [{}]", aliases.join(", "));
            let _ = writeln!(o, "shape = {}", q(op.shape.qgis_name()));
            if let Some(col) = &op.color {
                let _ = writeln!(o, "color = {}", q(col));
            }
            if let Some(l) = &op.label {
                let _ = writeln!(o, "label = {}", q(l));
            }
            o.push('\n');
        }
        o.push_str("# Every operator the table does not name.\n[other_operator]\n");
        let _ = writeln!(o, "shape = {}", q(self.other_operator.shape.qgis_name()));
        if let Some(col) = &self.other_operator.color {
            let _ = writeln!(o, "color = {}", q(col));
        }
        let _ = writeln!(o, "label = {}\n", q(&self.other_operator.label));
        o.push_str("# Page, basemap and text colours.\n[colors]\n");
        let k = &self.colors;
        for (key, col, what) in [
            ("page", &k.page, "the page"),
            ("backdrop", &k.backdrop, "land outside the country polygons"),
            ("land", &k.land, "neighbouring countries"),
            ("focus_land", &k.focus_land, "the focus country"),
            ("focus_edge", &k.focus_edge, "the focus country's outline"),
            ("border", &k.border, "international borders"),
            ("admin1", &k.admin1, "province lines"),
            ("water", &k.water, "lakes"),
            (
                "water_edge",
                &k.water_edge,
                "lake outlines and named rivers",
            ),
            ("river", &k.river, "other rivers"),
            ("water_text", &k.water_text, "lake names"),
            (
                "country_text",
                &k.country_text,
                "neighbouring country names",
            ),
            ("focus_text", &k.focus_text, "the focus country's name"),
            ("place_text", &k.place_text, "place names"),
            ("place_dot", &k.place_dot, "place dots"),
            ("ink", &k.ink, "main text"),
            ("muted", &k.muted, "secondary text"),
            (
                "frame",
                &k.frame,
                "the map frame, ticks, scale bar, north arrow",
            ),
            ("graticule", &k.graticule, "graticule lines"),
            (
                "disputed",
                &k.disputed,
                "the disputed-date ring and the locator's map-area box",
            ),
            ("halo", &k.halo, "label halos"),
            (
                "changed_text",
                &k.changed_text,
                "the panel's \"Changed:\" line",
            ),
            (
                "changed_fill",
                &k.changed_fill,
                "the changed-this-year disc",
            ),
            ("changed_edge", &k.changed_edge, "its edge"),
            ("leader", &k.leader, "leader lines"),
            (
                "symbol_edge",
                &k.symbol_edge,
                "symbol edges, hollow centres, the closed cross",
            ),
            (
                "unknown_edge",
                &k.unknown_edge,
                "the dashed edge of a site not yet in the record",
            ),
            (
                "approximate",
                &k.approximate,
                "the approximate-position ring",
            ),
            (
                "inset_focus",
                &k.inset_focus,
                "the focus country on the locator map",
            ),
        ] {
            let _ = writeln!(o, "{key} = {}  # {what}", q(col));
        }
        o.push_str("\n# Type. Only the bundled DejaVu Sans can be drawn. base_size is the site\n# label size on a 1600×1000 page; every other size follows it.\n[type]\n");
        let _ = writeln!(o, "font = {}", q(&self.font.font));
        let _ = writeln!(o, "base_size = {}\n", toml_float(self.font.base_size));
        o.push_str("# Page defaults where no flag is given: width and height in px, or paper\n# (a4, a4-landscape, letter), and dpi.\n[page]\n");
        page_key(
            &mut o,
            "width",
            self.page.width.map(|v| v.to_string()),
            "1600",
        );
        page_key(
            &mut o,
            "height",
            self.page.height.map(|v| v.to_string()),
            "1000",
        );
        page_key(
            &mut o,
            "paper",
            self.page.paper.as_deref().map(q),
            "\"a4-landscape\"",
        );
        page_key(&mut o, "dpi", self.page.dpi.map(|v| v.to_string()), "96");
        o.push_str("\n# Templates where neither a flag nor the dataset's dataset.toml sets them.\n# subtitle: {when} (\"at end of 2019\"), {date}, {year}.\n[text]\n");
        page_key(
            &mut o,
            "title",
            self.text.title.as_deref().map(q),
            "\"Foreign military sites\"",
        );
        page_key(
            &mut o,
            "subtitle",
            self.text.subtitle.as_deref().map(q),
            "\"Status {when}\"",
        );
        page_key(
            &mut o,
            "credit",
            self.text.credit.as_deref().map(q),
            "\"Events compiled by …\"",
        );
        o.push_str("\n# Basemap layers drawn. rivers: accepted, has no effect.\n[layers]\n");
        let l = &self.layers;
        for (key, on) in [
            ("relief", l.relief),
            ("rivers", l.rivers),
            ("admin1", l.admin1),
            ("places", l.places),
            ("graticule", l.graticule),
            ("inset", l.inset),
        ] {
            let _ = writeln!(o, "{key} = {on}");
        }
        o.push_str("\n# The legend's words.\n[legend]\n");
        let w = &self.legend;
        for (key, v) in [
            ("status_heading", &w.status_heading),
            ("operator_heading", &w.operator_heading),
            ("marks_heading", &w.marks_heading),
            ("changed", &w.changed),
            ("disputed", &w.disputed),
            ("approximate", &w.approximate),
            ("leaders", &w.leaders),
            ("locator", &w.locator),
        ] {
            let _ = writeln!(o, "{key} = {}", q(v));
        }
        o
    }
}

fn page_key(o: &mut String, key: &str, value: Option<String>, example: &str) {
    match value {
        Some(v) => {
            let _ = writeln!(o, "{key} = {v}");
        }
        None => {
            let _ = writeln!(o, "# {key} = {example}");
        }
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float TOML reads back as a float.
fn toml_float(v: f64) -> String {
    let s = v.to_string();
    if s.contains(['.', 'e', 'E']) {
        s
    } else {
        format!("{s}.0")
    }
}
