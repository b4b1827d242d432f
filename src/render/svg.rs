//! The SVG writer: a [`Scene`] becomes deterministic, escaped SVG text with one group per layer.

use crate::escape::escape_xml as escape;
use crate::fonts::{FAMILY, FontStyle};
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

fn fixed(v: f64, decimals: u32) -> String {
    let mut s = String::new();
    push_fixed(&mut s, v, decimals);
    s
}

/// Appends `v` with at most `decimals` decimals and no trailing zeros, as [`num`] does.
///
/// Scaling to an integer and rounding gives the same digits as formatting with `{:.N}` except
/// when the scaled value lies within a hair of a half, where the float product may round the
/// other way; those rare values (and huge ones) go through the formatter.
fn push_fixed(out: &mut String, v: f64, decimals: u32) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let scale = 10f64.powi(decimals as i32);
    let scaled = v * scale;
    let rounded = scaled.round();
    let near_half = ((scaled - scaled.trunc()).abs() - 0.5).abs() < 1e-6;
    if near_half || rounded.abs() >= 1e15 {
        let mut s = format!("{v:.prec$}", prec = decimals as usize);
        if s.contains('.') {
            while s.ends_with('0') {
                s.pop();
            }
            if s.ends_with('.') {
                s.pop();
            }
        }
        if s == "-0" {
            s = "0".to_string();
        }
        out.push_str(&s);
        return;
    }
    let n = rounded as i64;
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    let unit = 10u64.pow(decimals);
    push_digits(out, n / unit);
    let mut frac = n % unit;
    if frac == 0 {
        return;
    }
    out.push('.');
    let mut width = decimals;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    let digits = frac.to_string();
    for _ in digits.len()..width as usize {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
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
mod tests {
    use super::*;

    #[test]
    fn fast_number_formatting_matches_the_formatter() {
        // Every value the fast path handles must give the digits `{:.2}` gives.
        let slow = |v: f64, d: usize| {
            let mut s = format!("{v:.d$}");
            if s.contains('.') {
                while s.ends_with('0') {
                    s.pop();
                }
                if s.ends_with('.') {
                    s.pop();
                }
            }
            if s == "-0" { "0".to_string() } else { s }
        };
        let mut x = 0x9e3779b97f4a7c15u64;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 4 {
                0 => (x % 2_000_000) as f64 / 1000.0 - 1000.0,
                1 => (x % 100_000) as f64 / 100.0 * if x & 1 == 0 { 1.0 } else { -1.0 },
                2 => f64::from_bits(x) % 5000.0,
                _ => (x % 1000) as f64 * 0.005,
            };
            if !v.is_finite() {
                continue;
            }
            assert_eq!(fixed(v, 2), slow(v, 2), "{v:e}");
            assert_eq!(fixed(v, 4), slow(v, 4), "{v:e}");
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
