//! Reading a style file (`--style FILE`): TOML whose keys override the default style. See
//! [`Theme::to_toml`] for every key; `chronomap style` prints them.

use super::paper::{Paper, resolve_page};
use super::{
    Colors, Layers, LegendWords, OperatorStyle, OtherOperator, PageDefaults, Sizes, Templates,
    Theme, TypeStyle,
};
use crate::color::Color;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::toml_text::{error_location, line_of, one_line, read_small_text};
use serde::Deserialize;
use std::io::Read;

/// The largest style file read (a style is a few kilobytes).
pub const MAX_STYLE_BYTES: u64 = 256 * 1024;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawStatus {
    color: Option<Color>,
    label: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawStatuses {
    active: RawStatus,
    proposed: RawStatus,
    declined: RawStatus,
    closed: RawStatus,
    unknown: RawStatus,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawTheme {
    status: RawStatuses,
    operators: Option<Vec<OperatorStyle>>,
    other_operator: OtherOperator,
    colors: Colors,
    #[serde(rename = "type")]
    font: TypeStyle,
    page: PageDefaults,
    text: Templates,
    layers: Layers,
    legend: LegendWords,
}

/// Parses a style file from `reader`; `file` is the name errors give. Keys left out keep the
/// default style's values.
///
/// ```
/// use chronomap::theme::file::read_style;
/// let t = read_style(&b"[status.active]\ncolor = \"#008000\"\n"[..], "house.toml").unwrap();
/// assert_eq!(t.status.active.color.hex(), "#008000");
/// assert_eq!(t.status.active.label, "Active");
/// let e = read_style(&b"[colors]\nink = \"black\"\n"[..], "house.toml").unwrap_err();
/// assert!(e.to_string().contains("house.toml, line 2"), "{e}");
/// assert!(e.to_string().contains("colors.ink"), "{e}");
/// ```
pub fn read_style(reader: impl Read, file: &str) -> Result<Theme, Box<Diagnostic>> {
    let text = read_small_text(reader, file, MAX_STYLE_BYTES, "")?;
    let raw = parse_toml(&text, file)?;
    let mut theme = Theme::default();
    raw.apply_to(&mut theme);
    validate(&theme, &text, file)?;
    theme.sizes = Sizes::from_base(theme.font.base_size);
    Ok(theme)
}

/// The TOML as the style's keys; a mistake names its line and, where it can, its key.
fn parse_toml(text: &str, file: &str) -> Result<RawTheme, Box<Diagnostic>> {
    toml::from_str(text).map_err(|e| {
        let location = error_location(text, &e);
        let key = match location {
            Location::Line { line, .. } => key_at(text, line as usize),
            _ => None,
        };
        let mut d = Diagnostic::error(file, location, one_line(e.message()))
            .hint("`chronomap style` prints every key with its default value");
        if let Some(k) = key {
            d = d.in_field(&k);
        }
        Box::new(d)
    })
}

impl RawTheme {
    /// Sets the keys the file gives over `theme`: a status's colour and label one by one,
    /// every other table as a whole (its own defaults fill the keys it leaves out).
    fn apply_to(self, theme: &mut Theme) {
        for (slot, raw) in [
            (&mut theme.status.active, self.status.active),
            (&mut theme.status.proposed, self.status.proposed),
            (&mut theme.status.declined, self.status.declined),
            (&mut theme.status.closed, self.status.closed),
            (&mut theme.status.unknown, self.status.unknown),
        ] {
            if let Some(c) = raw.color {
                slot.color = c;
            }
            if let Some(l) = raw.label {
                slot.label = l;
            }
        }
        if let Some(ops) = self.operators {
            theme.operators = ops;
        }
        theme.other_operator = self.other_operator;
        theme.colors = self.colors;
        theme.font = self.font;
        theme.page = self.page;
        theme.text = self.text;
        theme.layers = self.layers;
        theme.legend = self.legend;
    }
}

/// A problem with key `key` of table `table`, at the key's line.
type Fail<'a> = dyn Fn(&str, &str, String) -> Box<Diagnostic> + 'a;

/// Checks what the types alone do not: the font, the base size, the page, the operator
/// names, the templates.
fn validate(t: &Theme, text: &str, file: &str) -> Result<(), Box<Diagnostic>> {
    let fail = |table: &str, key: &str, why: String| {
        Box::new(
            Diagnostic::error(file, line_of(text, table, key), why)
                .in_field(format!("{table}.{key}")),
        )
    };
    check_type(&t.font, &fail)?;
    check_page(&t.page, &fail)?;
    check_operators(&t.operators, file)?;
    check_templates(&t.text, &fail)
}

/// Only the bundled font, at a base size of 6–40.
fn check_type(font: &TypeStyle, fail: &Fail<'_>) -> Result<(), Box<Diagnostic>> {
    if !font.font.eq_ignore_ascii_case(crate::fonts::FAMILY) {
        return Err(fail(
            "type",
            "font",
            format!(
                "{:?} is not a font chronomap carries; only {:?} is bundled (maps use no system fonts)",
                font.font,
                crate::fonts::FAMILY
            ),
        ));
    }
    if !(6.0..=40.0).contains(&font.base_size) {
        return Err(fail(
            "type",
            "base_size",
            format!(
                "{} is outside 6–40 (the site label size on a 1600×1000 page; default 13)",
                font.base_size
            ),
        ));
    }
    Ok(())
}

/// Width with height, paper or pixels but not both, a known paper, and a page within the
/// limits.
fn check_page(p: &PageDefaults, fail: &Fail<'_>) -> Result<(), Box<Diagnostic>> {
    if p.width.is_some() != p.height.is_some() {
        let key = if p.width.is_some() { "width" } else { "height" };
        return Err(fail(
            "page",
            key,
            "width and height go together".to_string(),
        ));
    }
    if p.paper.is_some() && p.width.is_some() {
        return Err(fail(
            "page",
            "paper",
            "give either paper or width and height, not both".to_string(),
        ));
    }
    if let Some(name) = &p.paper {
        if Paper::parse(name).is_none() {
            return Err(fail(
                "page",
                "paper",
                format!("{name:?} is not a paper size; use a4, a4-landscape or letter"),
            ));
        }
    }
    if let Err(m) = resolve_page(p, None, None, None, None) {
        let key = if p.dpi.is_some() { "dpi" } else { "width" };
        return Err(fail("page", key, m.to_string()));
    }
    Ok(())
}

/// Every operator has a name.
fn check_operators(operators: &[OperatorStyle], file: &str) -> Result<(), Box<Diagnostic>> {
    for (i, op) in operators.iter().enumerate() {
        if op.name.trim().is_empty() {
            return Err(Box::new(
                Diagnostic::error(
                    file,
                    Location::File,
                    format!("operator {} has an empty name", i + 1),
                )
                .in_field("operators.name"),
            ));
        }
    }
    Ok(())
}

/// Each template given is one line of text.
fn check_templates(text: &Templates, fail: &Fail<'_>) -> Result<(), Box<Diagnostic>> {
    for (key, v) in [
        ("title", &text.title),
        ("subtitle", &text.subtitle),
        ("credit", &text.credit),
    ] {
        if let Some(v) = v {
            if v.trim().is_empty() || v.contains(['\n', '\r']) {
                return Err(fail(
                    "text",
                    key,
                    "must be one line of text; leave the key out for the default".to_string(),
                ));
            }
        }
    }
    Ok(())
}

/// The dotted key on `line` (1-based): the table header above it and the key before `=`.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    let header = |l: &str| {
        let l = l.trim();
        l.strip_prefix("[[")
            .and_then(|r| r.split("]]").next())
            .or_else(|| l.strip_prefix('[').and_then(|r| r.split(']').next()))
            .map(|s| s.trim().to_string())
    };
    if let Some(h) = header(here) {
        return Some(h);
    }
    let key = here
        .split('=')
        .next()
        .map(str::trim)
        .filter(|k| !k.is_empty())?;
    let table = lines[..line - 1].iter().rev().find_map(|l| header(l));
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read_style(text.as_bytes(), "house.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_printed_default_and_presets_read_back_to_the_same_style() {
        for name in crate::theme::PRESETS {
            let t = Theme::preset(name).unwrap();
            let back = read_style(t.to_toml().as_bytes(), "s.toml").unwrap();
            assert_eq!(back, t, "{name}");
        }
    }

    #[test]
    fn an_open_operator_table_with_a_fallback() {
        let t = read_style(
            &br##"
[[operators]]
name = "China"
aliases = ["PRC"]
shape = "diamond"
color = "#aa0000"
label = "China (PLA)"

[other_operator]
shape = "square"
label = "Others"
"##[..],
            "s.toml",
        )
        .unwrap();
        use crate::palette::Shape;
        assert_eq!(
            t.operator("prc"),
            (Shape::Diamond, "China (PLA)", Some(Color::lit("#aa0000")))
        );
        assert_eq!(t.operator("Russia"), (Shape::Square, "Others", None));
    }

    #[test]
    fn mistakes_name_the_file_the_line_and_the_key() {
        let e = err("[colors]\npage = \"#fff\"\nink = 3\n");
        assert!(e.contains("house.toml, line 3"), "{e}");
        assert!(e.contains("colors.ink"), "{e}");
        let e = err("[colours]\nink = \"#000000\"\n");
        assert!(e.contains("line 1") && e.contains("colours"), "{e}");
        let e = err("[[operators]]\nname = \"China\"\nshape = \"star\"\n");
        assert!(e.contains("line 3") && e.contains("star"), "{e}");
        assert!(e.contains("circle"), "says what is expected: {e}");
        let e = err("[type]\nbase_size = 90\n");
        assert!(e.contains("line 2") && e.contains("type.base_size"), "{e}");
        let e = err("[type]\nfont = \"Comic Sans\"\n");
        assert!(e.contains("DejaVu Sans"), "{e}");
        let e = err("[page]\npaper = \"a3\"\n");
        assert!(e.contains("line 2") && e.contains("a4-landscape"), "{e}");
        let e = err("[page]\nwidth = 800\n");
        assert!(e.contains("together"), "{e}");
        let e = err("[status.active]\ncolor = \"blue\"\n");
        assert!(
            e.contains("status.active.color") && e.contains("#rrggbb"),
            "{e}"
        );
    }
}
