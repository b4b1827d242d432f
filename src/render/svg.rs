//! The SVG writer: a [`Scene`] becomes deterministic, escaped SVG text with one group per layer.

use crate::escape::escape_xml as escape;
use crate::fonts::{FAMILY, FontStyle};
use crate::number_text::{fixed, push_fixed};
use crate::scene::{Anchor, Item, Paint, Pt, Scene, Text};
use std::fmt::Write;

/// Writes `scene` as a standalone SVG document.
///
/// Numbers are written with at most two decimals, so the same scene always gives the same
/// bytes. Every piece of text is escaped.
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::scene::{Layer, Item, Paint, Scene, Text};
/// let mut layer = Layer::new("labels");
/// layer.items.push(Item::Text(Text::new(10.0, 20.0, "Kant & <Manas>", 12.0)));
/// let scene = Scene { width: 100.0, height: 50.0, pixel_width: 200, pixel_height: 100,
///     background: Color::WHITE, title: "t".into(), description: String::new(), layers: vec![layer] };
/// let svg = chronomap::render::svg::write_svg(&scene);
/// assert!(svg.contains(r#"<g id="labels">"#));
/// assert!(svg.contains("Kant &amp; &lt;Manas&gt;"));
/// ```
pub fn write_svg(scene: &Scene) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}, sans-serif">"#,
        scene.pixel_width,
        scene.pixel_height,
        num(scene.width),
        num(scene.height),
        FAMILY
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&scene.title));
    if !scene.description.is_empty() {
        let _ = writeln!(out, "<desc>{}</desc>", escape(&scene.description));
    }
    let _ = writeln!(
        out,
        r#"<rect id="page" x="0" y="0" width="{}" height="{}" fill="{}"/>"#,
        num(scene.width),
        num(scene.height),
        scene.background
    );
    for layer in &scene.layers {
        let _ = writeln!(out, r#"<g id="{}">"#, escape(&layer.id));
        for item in &layer.items {
            write_item(&mut out, item);
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Writes `items` as SVG elements, as [`write_svg`] writes the items of a layer: for pages
/// that place parts of a scene themselves (the web map).
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::scene::{Item, Paint};
/// let svg = chronomap::render::svg::write_items(&[Item::Circle { center: (1.0, 2.0), r: 3.0, paint: Paint::fill(Color::WHITE) }]);
/// assert_eq!(svg, "<circle cx=\"1\" cy=\"2\" r=\"3\" fill=\"#ffffff\"/>\n");
/// ```
pub fn write_items(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        write_item(&mut out, item);
    }
    out
}

/// Writes one item as an SVG element (a group with its items inside).
fn write_item(out: &mut String, item: &Item) {
    match item {
        Item::Path { .. } | Item::Circle { .. } | Item::Rect { .. } => write_shape(out, item),
        Item::Text(text) => write_text(out, text),
        Item::Image { x, y, w, h, image } => {
            let _ = write!(
                out,
                r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="data:image/png;base64,"#,
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            );
            base64(out, image.png());
            out.push_str("\"/>\n");
        }
        Item::Group { id, title, items } => {
            out.push_str("<g");
            if let Some(id) = id {
                let _ = write!(out, r#" id="{}""#, escape(id));
            }
            out.push_str(">\n");
            if let Some(title) = title {
                let _ = writeln!(out, "<title>{}</title>", escape(title));
            }
            write_children(out, items);
        }
        Item::Placed {
            id,
            x,
            y,
            scale,
            items,
        } => {
            let _ = writeln!(
                out,
                r#"<g id="{}" transform="translate({} {}) scale({})">"#,
                escape(id),
                num(*x),
                num(*y),
                num4(*scale)
            );
            write_children(out, items);
        }
    }
}

/// Writes a group's items and closes the group.
fn write_children(out: &mut String, items: &[Item]) {
    for item in items {
        write_item(out, item);
    }
    out.push_str("</g>\n");
}

/// Writes a path, circle or rectangle with its paint; other items write nothing.
fn write_shape(out: &mut String, item: &Item) {
    match item {
        Item::Path {
            parts,
            closed,
            paint,
        } => {
            let d = path_data(parts, *closed);
            if d.is_empty() {
                return;
            }
            let _ = write!(out, r#"<path d="{d}""#);
            write_paint(out, paint);
            if *closed {
                out.push_str(r#" fill-rule="evenodd""#);
            }
            out.push_str("/>\n");
        }
        Item::Circle { center, r, paint } => {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}""#,
                num(center.0),
                num(center.1),
                num(*r)
            );
            write_paint(out, paint);
            out.push_str("/>\n");
        }
        Item::Rect { x, y, w, h, paint } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            );
            write_paint(out, paint);
            out.push_str("/>\n");
        }
        _ => {}
    }
}

fn write_paint(out: &mut String, paint: &Paint) {
    match &paint.fill {
        Some(c) => {
            let _ = write!(out, r#" fill="{c}""#);
        }
        None => out.push_str(r#" fill="none""#),
    }
    if let Some(c) = &paint.stroke {
        let _ = write!(
            out,
            r#" stroke="{c}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round""#,
            num(paint.stroke_width)
        );
        if !paint.dash.is_empty() {
            let dash: Vec<String> = paint.dash.iter().map(|d| num(*d)).collect();
            let _ = write!(out, r#" stroke-dasharray="{}""#, dash.join(" "));
        }
    }
    // A shape with only a fill or only a stroke takes fill-/stroke-opacity: the same look as
    // `opacity`, without the offscreen layer `opacity` makes renderers draw.
    if paint.opacity < 1.0 {
        let attr = match (&paint.fill, &paint.stroke) {
            (Some(_), None) => "fill-opacity",
            (None, Some(_)) => "stroke-opacity",
            _ => "opacity",
        };
        let _ = write!(out, r#" {attr}="{}""#, num(paint.opacity));
    }
}

fn write_text(out: &mut String, t: &Text) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}""#,
        num(t.x),
        num(t.y),
        num(t.size)
    );
    match t.style {
        FontStyle::Regular => {}
        FontStyle::Bold => out.push_str(r#" font-weight="bold""#),
        FontStyle::Oblique => out.push_str(r#" font-style="italic""#),
    }
    match t.anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(r#" text-anchor="middle""#),
        Anchor::End => out.push_str(r#" text-anchor="end""#),
    }
    let _ = write!(out, r#" fill="{}""#, t.color);
    if let Some((color, width)) = &t.halo {
        let _ = write!(
            out,
            r#" stroke="{color}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
            num(*width * 2.0)
        );
    }
    if t.letter_spacing != 0.0 {
        let _ = write!(out, r#" letter-spacing="{}""#, num(t.letter_spacing));
    }
    if t.opacity < 1.0 {
        let _ = write!(out, r#" opacity="{}""#, num(t.opacity));
    }
    let _ = writeln!(out, ">{}</text>", escape(&t.text));
}

fn path_data(parts: &[Vec<Pt>], closed: bool) -> String {
    let mut d = String::new();
    // The previous point as written, and this one: reused buffers, no string per point.
    let (mut last, mut here) = (String::new(), String::new());
    for part in parts {
        if part.len() < 2 {
            continue;
        }
        last.clear();
        for (i, p) in part.iter().enumerate() {
            here.clear();
            push_fixed(&mut here, p.0, 2);
            here.push(' ');
            push_fixed(&mut here, p.1, 2);
            if i > 0 && here == last {
                continue; // the same point after rounding adds nothing
            }
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&here);
            std::mem::swap(&mut last, &mut here);
        }
        if closed {
            d.push('Z');
        }
    }
    d
}

/// Formats a number with at most two decimals and no trailing zeros (`-0` becomes `0`).
///
/// ```
/// use chronomap::render::svg::num;
/// assert_eq!(num(1.0), "1");
/// assert_eq!(num(2.345), "2.35");
/// assert_eq!(num(-0.001), "0");
/// assert_eq!(num(-12.5), "-12.5");
/// assert_eq!(num(0.07), "0.07");
/// ```
pub fn num(v: f64) -> String {
    fixed(v, 2)
}

fn num4(v: f64) -> String {
    fixed(v, 4)
}

/// Appends `bytes` in standard base64 with padding (RFC 4648), as a data URL wants it.
fn base64(out: &mut String, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod base64_tests {
    #[test]
    fn base64_matches_rfc_4648_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            super::base64(&mut out, plain.as_bytes());
            assert_eq!(out, coded, "{plain:?}");
        }
    }
}
