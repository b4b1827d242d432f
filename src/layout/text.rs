//! Measuring and wrapping text with the shipped font metrics.

use crate::fonts::{FontStyle, GrowingLine, text_width};

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
    let mut measured = GrowingLine::new(style);
    for word in text.split_whitespace() {
        let mut longer = measured;
        if !line.is_empty() {
            longer.push(" ");
        }
        longer.push(word);
        if longer.width(size) <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            measured = longer;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: cut it if it still does not fit.
        let (cut, rest) = cut_to_fit(word, width, size, style);
        lines.extend(cut);
        line = rest.to_string();
        measured = GrowingLine::new(style);
        measured.push(&line);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts a word too long for `width` into whole lines of as many characters as fit (at
/// least one each), and the rest, which fits.
fn cut_to_fit(word: &str, width: f64, size: f64, style: FontStyle) -> (Vec<String>, &str) {
    let mut lines = Vec::new();
    let mut rest = word;
    while text_width(rest, size, style) > width && rest.chars().count() > 1 {
        let mut measured = GrowingLine::new(style);
        let mut end = 0;
        for (at, c) in rest.char_indices() {
            let mut longer = measured;
            longer.push(c.encode_utf8(&mut [0; 4]));
            if longer.width(size) > width && end > 0 {
                break;
            }
            measured = longer;
            end = at + c.len_utf8();
        }
        lines.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    (lines, rest)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Wrapping as it was done before lines were measured as they grow: each candidate
    /// line measured whole.
    fn wrap_by_measuring_whole_lines(
        text: &str,
        width: f64,
        size: f64,
        style: FontStyle,
    ) -> Vec<String> {
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
            let mut rest = word.to_string();
            while text_width(&rest, size, style) > width && rest.chars().count() > 1 {
                let mut cut = String::new();
                for c in rest.chars() {
                    let next = format!("{cut}{c}");
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

    #[test]
    fn lines_measured_as_they_grow_break_exactly_where_whole_lines_do() {
        let texts = [
            "Russia and Kyrgyzstan sign a lease for the Kant air base; AVA WAVE Tj Ty",
            "Россия и Киргизия договорились о единой военной базе — Кант, Ош, Иссык-Куль",
            "Pneumonoultramicroscopicsilicovolcanoconiosis is long",
            "Data: Natural Earth; GeoNames; GEBCO 2024 Grid. Map: chronomap 0.1.0",
            "\u{0}control\u{7} characters\tand   spaces",
        ];
        for text in texts {
            for width in [8.0, 40.0, 75.5, 160.0, 1000.0] {
                for style in [FontStyle::Regular, FontStyle::Bold, FontStyle::Oblique] {
                    assert_eq!(
                        wrap(text, width, 9.0, style),
                        wrap_by_measuring_whole_lines(text, width, 9.0, style),
                        "{text:?} in {width} ({style:?})"
                    );
                }
            }
        }
    }
}
