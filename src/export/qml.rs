//! QGIS layer styles (`.qml`): colours by status, shapes by operator, haloed labels, time.

use super::layer::GisLayer;
use super::xml::XmlWriter;
use crate::color::Color;
use crate::model::Status;
pub use crate::palette::OPERATOR_NAMES;
use crate::palette::Shape;
use crate::theme::Theme;

/// How one layer is drawn in QGIS.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// `(value of status, legend label, colour)`; a value of `""` is QGIS's "all other
    /// values", which also catches nulls.
    pub categories: Vec<(&'static str, String, Color)>,
    /// Marker diameter in millimetres.
    pub size_mm: f64,
    /// Whether the marker shape follows the `operator` field.
    pub shape_by_operator: bool,
    /// The expression that picks the shape from `operator` (see
    /// [`operator_shape_expression_for`]).
    pub shape_expression: String,
    /// The marker colour of features no category catches.
    pub fallback_color: Color,
    /// A QGIS expression giving the label text.
    pub label: &'static str,
    /// Label priority, 0–10: higher wins when labels collide.
    pub label_priority: u8,
    /// The field holding the first day a feature is shown by the Temporal Controller.
    pub start_field: &'static str,
    /// The field holding the last day (inclusive); empty: shown from the start on.
    pub end_field: &'static str,
}

fn status_categories(with_unknown: bool, th: &Theme) -> Vec<(&'static str, String, Color)> {
    let entry = |s: Status| (s.as_str(), s.label().to_string(), th.status_color(s));
    let mut out: Vec<_> = Status::SETTABLE.iter().map(|&s| entry(s)).collect();
    if with_unknown {
        out.push(entry(Status::Unknown));
    }
    out
}

/// The style of one of the exported layers, chosen by its name (`sites`, `events`,
/// `periods`); any other layer gets the `periods` look without operator shapes.
///
/// ```
/// use chronomap::export::style_for;
/// let s = style_for("events");
/// assert_eq!((s.start_field, s.end_field), ("start_date", "end_date"));
/// assert_eq!(style_for("sites").start_field, "first_date");
/// ```
pub fn style_for(layer_name: &str) -> Style {
    style_for_theme(layer_name, &Theme::default())
}

/// [`style_for`] in the colours and operator shapes of `th`.
pub fn style_for_theme(layer_name: &str, th: &Theme) -> Style {
    let shape_expression = operator_shape_expression_for(th);
    let fallback_color = th.status_color(Status::Unknown);
    match layer_name {
        "sites" => Style {
            categories: status_categories(true, th),
            size_mm: 4.0,
            shape_by_operator: true,
            shape_expression,
            fallback_color,
            label: "\"name\"",
            label_priority: 9,
            start_field: "first_date",
            end_field: "",
        },
        "events" => {
            let mut categories = status_categories(false, th);
            categories.push(("", "No status change".into(), Color::WHITE));
            Style {
                categories,
                size_mm: 2.6,
                shape_by_operator: false,
                shape_expression,
                fallback_color,
                label: "\"date\" || ' ' || \"kind\"",
                label_priority: 3,
                start_field: "start_date",
                end_field: "end_date",
            }
        }
        other => Style {
            categories: status_categories(true, th),
            size_mm: 4.0,
            shape_by_operator: other == "periods",
            shape_expression,
            fallback_color,
            label: "\"site_name\"",
            label_priority: 7,
            start_field: "start_date",
            end_field: "end_date",
        },
    }
}

/// A colour as QGIS writes it: `r,g,b,a` in decimal, fully opaque.
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::export::qgis_color;
/// assert_eq!(qgis_color(Color::rgb(0x1b, 0x6f, 0xb5)), "27,111,181,255");
/// ```
pub fn qgis_color(c: Color) -> String {
    format!("{},{},{},255", c.r, c.g, c.b)
}

/// The QGIS expression that picks a marker shape from `"operator"`, matching
/// [`crate::palette::operator_shape`].
///
/// ```
/// let e = chronomap::export::operator_shape_expression();
/// assert!(e.starts_with("CASE WHEN lower(trim(\"operator\")) IN ('russia'"));
/// assert!(e.ends_with("ELSE 'triangle' END"));
/// ```
pub fn operator_shape_expression() -> String {
    operator_shape_expression_for(&Theme::default())
}

/// The expression for `th`'s operator table: each operator's name and aliases, lower case
/// and trimmed, give its shape; every other operator gets the fallback shape.
pub fn operator_shape_expression_for(th: &Theme) -> String {
    let mut e = String::from("CASE");
    for shape in Shape::ALL {
        let mut names: Vec<String> = Vec::new();
        for op in th.operators.iter().filter(|o| o.shape == shape) {
            for n in std::iter::once(&op.name).chain(&op.aliases) {
                let n = format!("'{}'", n.trim().to_lowercase().replace('\'', "''"));
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        if !names.is_empty() {
            e.push_str(&format!(
                " WHEN lower(trim(\"operator\")) IN ({}) THEN '{}'",
                names.join(", "),
                shape.qgis_name()
            ));
        }
    }
    e.push_str(&format!(
        " ELSE '{}' END",
        th.other_operator.shape.qgis_name()
    ));
    e
}

fn options(w: &mut XmlWriter, values: &[(&str, &str)]) {
    w.open("Option", &[("type", "Map")]);
    for (name, value) in values {
        w.empty(
            "Option",
            &[("name", name), ("type", "QString"), ("value", value)],
        );
    }
    w.close();
}

fn data_defined(w: &mut XmlWriter, properties: &[(&str, &str)]) {
    w.open("data_defined_properties", &[]);
    w.open("Option", &[("type", "Map")]);
    w.empty(
        "Option",
        &[("name", "name"), ("type", "QString"), ("value", "")],
    );
    if properties.is_empty() {
        w.empty("Option", &[("name", "properties")]);
    } else {
        w.open("Option", &[("name", "properties"), ("type", "Map")]);
        for (property, expression) in properties {
            w.open("Option", &[("name", property), ("type", "Map")]);
            w.empty(
                "Option",
                &[("name", "active"), ("type", "bool"), ("value", "true")],
            );
            w.empty(
                "Option",
                &[
                    ("name", "expression"),
                    ("type", "QString"),
                    ("value", expression),
                ],
            );
            w.empty(
                "Option",
                &[("name", "type"), ("type", "int"), ("value", "3")],
            );
            w.close();
        }
        w.close();
    }
    w.empty(
        "Option",
        &[
            ("name", "type"),
            ("type", "QString"),
            ("value", "collection"),
        ],
    );
    w.close();
    w.close();
}

fn marker_symbol(w: &mut XmlWriter, name: &str, color: Color, style: &Style) {
    w.open(
        "symbol",
        &[
            ("type", "marker"),
            ("name", name),
            ("alpha", "1"),
            ("clip_to_extent", "1"),
            ("force_rhr", "0"),
        ],
    );
    w.open(
        "layer",
        &[
            ("class", "SimpleMarker"),
            ("enabled", "1"),
            ("locked", "0"),
            ("pass", "0"),
        ],
    );
    let color = qgis_color(color);
    let size = format!("{}", style.size_mm);
    options(
        w,
        &[
            ("angle", "0"),
            ("color", &color),
            ("horizontal_anchor_point", "1"),
            ("joinstyle", "bevel"),
            ("name", "circle"),
            ("offset", "0,0"),
            ("offset_unit", "MM"),
            ("outline_color", "40,40,40,255"),
            ("outline_style", "solid"),
            ("outline_width", "0.3"),
            ("outline_width_unit", "MM"),
            ("scale_method", "diameter"),
            ("size", &size),
            ("size_unit", "MM"),
            ("vertical_anchor_point", "1"),
        ],
    );
    if style.shape_by_operator {
        data_defined(w, &[("name", &style.shape_expression)]);
    } else {
        data_defined(w, &[]);
    }
    w.close();
    w.close();
}

fn renderer(w: &mut XmlWriter, style: &Style) {
    w.open(
        "renderer-v2",
        &[
            ("type", "categorizedSymbol"),
            ("attr", "status"),
            ("symbollevels", "0"),
            ("forceraster", "0"),
            ("enableorderby", "0"),
            ("referencescale", "-1"),
        ],
    );
    w.open("categories", &[]);
    for (i, (value, label, _)) in style.categories.iter().enumerate() {
        let symbol = i.to_string();
        w.empty(
            "category",
            &[
                ("value", value),
                ("label", label),
                ("symbol", &symbol),
                ("render", "true"),
            ],
        );
    }
    w.close();
    w.open("symbols", &[]);
    for (i, (_, _, color)) in style.categories.iter().enumerate() {
        marker_symbol(w, &i.to_string(), *color, style);
    }
    w.close();
    w.open("source-symbol", &[]);
    marker_symbol(w, "0", style.fallback_color, style);
    w.close();
    w.empty("rotation", &[]);
    w.empty("sizescale", &[]);
    w.close();
}

fn labeling(w: &mut XmlWriter, style: &Style) {
    w.open("labeling", &[("type", "simple")]);
    w.open("settings", &[("calloutType", "simple")]);
    w.open(
        "text-style",
        &[
            ("fieldName", style.label),
            ("isExpression", "1"),
            ("fontFamily", "DejaVu Sans"),
            ("fontSize", "9"),
            ("fontSizeUnit", "Point"),
            ("fontWeight", "50"),
            ("fontItalic", "0"),
            ("textColor", "30,30,30,255"),
            ("textOpacity", "1"),
            ("multilineHeight", "1"),
            ("allowHtml", "0"),
            ("capitalization", "0"),
            ("blendMode", "0"),
        ],
    );
    w.empty(
        "text-buffer",
        &[
            ("bufferDraw", "1"),
            ("bufferSize", "0.8"),
            ("bufferSizeUnits", "MM"),
            ("bufferColor", "255,255,255,255"),
            ("bufferOpacity", "0.9"),
            ("bufferNoFill", "1"),
            ("bufferJoinStyle", "128"),
            ("bufferBlendMode", "0"),
        ],
    );
    w.close();
    w.empty(
        "placement",
        &[
            ("placement", "6"),
            ("dist", "1"),
            ("distUnits", "MM"),
            ("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR"),
            ("priority", &style.label_priority.to_string()),
            ("quadOffset", "4"),
            ("offsetType", "0"),
        ],
    );
    w.empty(
        "rendering",
        &[
            ("drawLabels", "1"),
            ("obstacle", "1"),
            ("obstacleFactor", "1"),
            ("displayAll", "0"),
            ("upsidedownLabels", "0"),
            ("labelPerPart", "0"),
            ("mergeLines", "0"),
            ("scaleVisibility", "0"),
            ("zIndex", "0"),
        ],
    );
    w.close();
    w.close();
}

fn temporal(w: &mut XmlWriter, style: &Style) {
    // mode 2: start and end from separate fields; limitMode 1: the end day is included,
    // since end_date is the last day a feature stands for.
    w.open(
        "temporal",
        &[
            ("enabled", "1"),
            ("mode", "2"),
            ("startField", style.start_field),
            ("endField", style.end_field),
            ("limitMode", "1"),
            ("accumulate", "0"),
            ("durationField", ""),
            ("durationUnit", "d"),
            ("fixedDuration", "0"),
            ("startExpression", ""),
            ("endExpression", ""),
        ],
    );
    w.open("fixedRange", &[]);
    w.leaf("start", &[], "");
    w.leaf("end", &[], "");
    w.close();
    w.close();
}

/// The `.qml` style of `layer`: a categorized renderer on `status` in the map colours of
/// [`crate::palette`], marker shapes by operator where the layer has one, labels with a
/// white halo, and the Temporal Controller switched on (QGIS never enables it by itself).
/// QGIS loads `NAME.qml` next to `NAME.geojson` as the layer's default style.
///
/// ```
/// use chronomap::export::{events_layer, qml};
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let text = qml(&events_layer(&data));
/// assert!(text.contains(r#"<temporal enabled="1" mode="2" startField="start_date" endField="end_date""#));
/// assert!(text.contains(r#"attr="status""#));
/// ```
pub fn qml(layer: &GisLayer) -> String {
    qml_with(layer, &Theme::default())
}

/// [`qml`] in the colours and operator shapes of `th`.
pub fn qml_with(layer: &GisLayer, th: &Theme) -> String {
    let style = style_for_theme(layer.name, th);
    let mut w = XmlWriter::new();
    w.raw_line("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>");
    w.open(
        "qgis",
        &[
            ("version", "3.22.0"),
            (
                "styleCategories",
                "Symbology|Labeling|Rendering|Temporal|Fields",
            ),
            ("labelsEnabled", "1"),
            ("hasScaleBasedVisibilityFlag", "0"),
            ("minScale", "100000000"),
            ("maxScale", "0"),
        ],
    );
    temporal(&mut w, &style);
    renderer(&mut w, &style);
    labeling(&mut w, &style);
    w.leaf("blendMode", &[], "0");
    w.leaf("featureBlendMode", &[], "0");
    w.leaf("layerOpacity", &[], "1");
    w.leaf("previewExpression", &[], style.label);
    w.leaf("layerGeometryType", &[], "0");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::operator_shape;

    #[test]
    fn the_shape_expression_agrees_with_the_palette() {
        for (name, shape) in OPERATOR_NAMES {
            assert_eq!(operator_shape(name), *shape, "{name}");
            assert_eq!(operator_shape(&name.to_uppercase()), *shape, "{name}");
        }
        assert_eq!(operator_shape("France"), Shape::Triangle);
        let e = operator_shape_expression();
        assert!(
            e.contains("IN ('united states', 'usa', 'us') THEN 'square'"),
            "{e}"
        );
        assert!(e.contains("IN ('csto') THEN 'diamond'"), "{e}");
    }

    #[test]
    fn colours_come_from_the_palette() {
        let s = style_for("sites");
        let active = s.categories.iter().find(|c| c.0 == "active").unwrap();
        assert_eq!(active.2.hex(), crate::palette::status_color(Status::Active));
        assert!(s.categories.iter().any(|c| c.0 == "unknown"));
    }

    #[test]
    fn every_style_is_well_formed_xml_with_a_halo_and_time() {
        for name in ["sites", "events", "periods", "other"] {
            let layer = GisLayer::from_features(
                match name {
                    "sites" => "sites",
                    "events" => "events",
                    "periods" => "periods",
                    _ => "other",
                },
                "",
                &[],
                vec![],
            );
            let text = qml(&layer);
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let doc = roxmltree::Document::parse_with_options(&text, opts).unwrap();
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "qgis");
            let t = root
                .children()
                .find(|n| n.has_tag_name("temporal"))
                .unwrap();
            assert_eq!(t.attribute("enabled"), Some("1"));
            let buffer = root
                .descendants()
                .find(|n| n.has_tag_name("text-buffer"))
                .unwrap();
            assert_eq!(buffer.attribute("bufferDraw"), Some("1"));
            let r = root
                .children()
                .find(|n| n.has_tag_name("renderer-v2"))
                .unwrap();
            assert_eq!(r.attribute("type"), Some("categorizedSymbol"));
        }
    }
}
