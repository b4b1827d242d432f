//! Measuring and wrapping text with the shipped font metrics.

use crate::fonts::{FontStyle, text_width};

/// Splits `text` into lines no wider than `width` at font `size`, breaking between words;
/// a single word wider than the line is cut at a character boundary.
///
/// ```
/// use chronomap::fonts::FontStyle;
/// use chronomap::layout::text::wrap;
/// let lines = wrap("Russia and Kyrgyzstan sign a lease for the Kant air base", 150.0, 12.0, FontStyle::Regular);
/// assert!(lines.len() >= 2);
/// assert_eq!(lines.join(" "), "Russia and Kyrgyzstan sign a lease for the Kant air base");
/// ```
pub fn wrap(text: &str, width: f64, size: f64, style: FontStyle) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, style) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: cut it if it still does not fit.
        let mut rest = word.to_string();
        while text_width(&rest, size, style) > width && rest.chars().count() > 1 {
            let mut cut = String::new();
            for c in rest.chars() {
                let mut next = cut.clone();
                next.push(c);
                if text_width(&next, size, style) > width && !cut.is_empty() {
                    break;
                }
                cut = next;
            }
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shortens `text` with an ellipsis so that it fits `width`.
///
/// ```
/// use chronomap::fonts::FontStyle;
/// use chronomap::layout::text::{fit, };
/// let s = fit("A very long title that will not fit", 80.0, 12.0, FontStyle::Regular);
/// assert!(s.ends_with('…'));
/// ```
pub fn fit(text: &str, width: f64, size: f64, style: FontStyle) -> String {
    if text_width(text, size, style) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if text_width(&next, size, style) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}
