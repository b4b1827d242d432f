//! Writing a whole style as commented TOML (`chronomap style`), section by section; read
//! back by [`read_style`](super::file::read_style), it gives the same style.

use super::{Colors, Theme};
use std::fmt::Write;

impl Theme {
    /// The complete style as commented TOML; read back by
    /// [`read_style`](super::file::read_style), it gives the same style.
    ///
    /// ```
    /// let toml = chronomap::theme::Theme::default().to_toml();
    /// assert!(toml.contains("[status.active]\ncolor = \"#1b6fb5\""));
    /// ```
    pub fn to_toml(&self) -> String {
        let mut o = String::new();
        o.push_str("# chronomap style. Every key is optional: a key left out keeps the default.\n");
        o.push_str("# Colours are \"#rrggbb\". Use with: chronomap render --style FILE\n\n");
        self.write_statuses(&mut o);
        self.write_operators(&mut o);
        write_colors(&mut o, &self.colors);
        self.write_type(&mut o);
        self.write_page(&mut o);
        self.write_text(&mut o);
        self.write_layers(&mut o);
        self.write_legend(&mut o);
        o
    }

    /// `[status.NAME]`: each status's colour and legend label.
    fn write_statuses(&self, o: &mut String) {
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
                toml_string(&s.color.hex()),
                toml_string(&s.label)
            );
        }
    }

    /// `[[operators]]` and `[other_operator]`: the operator table and its fallback.
    fn write_operators(&self, o: &mut String) {
        let q = |s: &str| toml_string(s);
        o.push_str("# Operators: any name as the data writes it (case does not matter), with\n# other spellings in aliases. shape: circle, square, diamond or triangle.\n# color (optional): the symbol's edge. label (optional): the legend's words.\n# Listing [[operators]] replaces the whole table.\n");
        for op in &self.operators {
            let _ = writeln!(o, "[[operators]]\nname = {}", q(&op.name));
            let aliases: Vec<String> = op.aliases.iter().map(|a| q(a)).collect();
            let _ = writeln!(o, "aliases = [{}]", aliases.join(", "));
            let _ = writeln!(o, "shape = {}", q(op.shape.qgis_name()));
            if let Some(col) = &op.color {
                let _ = writeln!(o, "color = {}", q(&col.hex()));
            }
            if let Some(l) = &op.label {
                let _ = writeln!(o, "label = {}", q(l));
            }
            o.push('\n');
        }
        o.push_str("# Every operator the table does not name.\n[other_operator]\n");
        let _ = writeln!(o, "shape = {}", q(self.other_operator.shape.qgis_name()));
        if let Some(col) = &self.other_operator.color {
            let _ = writeln!(o, "color = {}", q(&col.hex()));
        }
        let _ = writeln!(o, "label = {}\n", q(&self.other_operator.label));
    }

    /// `[type]`: the font and the base size.
    fn write_type(&self, o: &mut String) {
        o.push_str("\n# Type. Only the bundled DejaVu Sans can be drawn. base_size is the site\n# label size on a 1600×1000 page; every other size follows it.\n[type]\n");
        let _ = writeln!(o, "font = {}", toml_string(&self.font.font));
        let _ = writeln!(o, "base_size = {}\n", toml_float(self.font.base_size));
    }

    /// `[page]`: the page defaults, each commented out with an example when unset.
    fn write_page(&self, o: &mut String) {
        o.push_str("# Page defaults where no flag is given: width and height in px, or paper\n# (a4, a4-landscape, letter), and dpi.\n[page]\n");
        let p = &self.page;
        optional_key(o, "width", p.width.map(|v| v.to_string()), "1600");
        optional_key(o, "height", p.height.map(|v| v.to_string()), "1000");
        let paper = p.paper.as_deref().map(toml_string);
        optional_key(o, "paper", paper, "\"a4-landscape\"");
        optional_key(o, "dpi", p.dpi.map(|v| v.to_string()), "96");
    }

    /// `[text]`: the title, subtitle and credit templates.
    fn write_text(&self, o: &mut String) {
        o.push_str("\n# Templates where neither a flag nor the dataset's dataset.toml sets them.\n# subtitle: {when} (\"at end of 2019\"), {date}, {year}.\n[text]\n");
        let t = &self.text;
        for (key, value, example) in [
            ("title", &t.title, "\"Foreign military sites\""),
            ("subtitle", &t.subtitle, "\"Status {when}\""),
            ("credit", &t.credit, "\"Events compiled by …\""),
        ] {
            optional_key(o, key, value.as_deref().map(toml_string), example);
        }
    }

    /// `[layers]`: which basemap layers are drawn.
    fn write_layers(&self, o: &mut String) {
        o.push_str("\n# Basemap layers drawn.\n[layers]\n");
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
    }

    /// `[legend]`: the legend's words.
    fn write_legend(&self, o: &mut String) {
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
            let _ = writeln!(o, "{key} = {}", toml_string(v));
        }
    }
}

/// `[colors]`: every page, basemap and text colour, each with what it paints.
fn write_colors(o: &mut String, k: &Colors) {
    o.push_str("# Page, basemap and text colours.\n[colors]\n");
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
        let _ = writeln!(o, "{key} = {}  # {what}", toml_string(&col.hex()));
    }
}

/// `key = value`, or, when the style leaves the key unset, `# key = example`.
fn optional_key(o: &mut String, key: &str, value: Option<String>, example: &str) {
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
