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

/// Shortens `text` with an ellipsis so that it fits `width`; unchanged if it fits, empty if
/// not even the ellipsis fits. The longest prefix that fits is found by bisection, so even a
/// very long text costs only a few measurements.
///
/// ```
/// use chronomap::fonts::FontStyle;
/// use chronomap::layout::text::fit;
/// let s = fit("A very long title that will not fit", 80.0, 12.0, FontStyle::Regular);
/// assert!(s.ends_with('…'));
/// assert_eq!(fit("Osh", 80.0, 12.0, FontStyle::Regular), "Osh");
/// ```
pub fn fit(text: &str, width: f64, size: f64, style: FontStyle) -> String {
    if text_width(text, size, style) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let shortened = |n: usize| {
        let head: String = chars[..n].iter().collect();
        format!("{}…", head.trim_end())
    };
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width(&shortened(mid), size, style) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let best = shortened(lo);
    if text_width(&best, size, style) <= width {
        best
    } else {
        String::new()
    }
}
