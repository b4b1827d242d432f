//! Text widths measured with DejaVu Sans metrics, the font the SVG is rasterised with.

use std::sync::OnceLock;

/// Advance widths of DejaVu Sans (regular or bold), read once from the bundled font.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
}

fn metrics(bold: bool) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    let (cell, data) = if bold {
        (&BOLD, dejavu::sans::bold())
    } else {
        (&REGULAR, dejavu::sans::regular())
    };
    cell.get_or_init(|| Metrics {
        face: ttf_parser::Face::parse(data, 0).ok(),
    })
}

/// The width in px of `text` set in DejaVu Sans at `size` px (kerning ignored, so a
/// slight overestimate). Characters the font lacks count as 0.6 em.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let m = metrics(bold);
    let Some(face) = &m.face else {
        return text.chars().count() as f64 * size * 0.62;
    };
    let em = f64::from(face.units_per_em().max(1));
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(em * 0.6, f64::from)
        })
        .sum();
    units * size / em
}

/// `text` shortened with an ellipsis so that it fits in `max` px; unchanged if it fits.
pub fn fit_text(text: &str, size: f64, bold: bool, max: f64) -> String {
    if text_width(text, size, bold) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let candidate: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(&candidate, size, bold) <= max {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        let w = text_width("Kant", 10.0, false);
        assert!(w > 15.0 && w < 30.0, "{w}");
        assert!(text_width("Kant", 20.0, false) > 1.9 * w);
        assert!(text_width("Kant", 10.0, true) > w);
        assert!(text_width("iiii", 10.0, false) < text_width("MMMM", 10.0, false));
    }

    #[test]
    fn long_text_is_shortened_with_an_ellipsis() {
        let long = "Karshi-Khanabad air base near the Uzbek town of Karshi";
        let short = fit_text(long, 14.0, false, 120.0);
        assert!(short.ends_with('…'), "{short}");
        assert!(text_width(&short, 14.0, false) <= 120.0);
        assert_eq!(fit_text("Osh", 14.0, false, 120.0), "Osh");
        assert_eq!(fit_text("Osh", 14.0, false, 1.0), "");
    }
}
