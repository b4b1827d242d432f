//! Text widths for chart layout, measured with the shipped DejaVu Sans ([`crate::fonts`]),
//! and shortening text to fit.

use crate::fonts::{self, FontStyle};

/// The width in px of `text` set in DejaVu Sans at `size` px.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Regular
    };
    fonts::text_width(text, size, style)
}

/// `text` shortened with an ellipsis so that it fits in `max` px; unchanged if it fits
/// (the map's [`crate::layout::text::fit`], in the chart's terms).
pub fn fit_text(text: &str, size: f64, bold: bool, max: f64) -> String {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Regular
    };
    crate::layout::text::fit(text, max, size, style)
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
