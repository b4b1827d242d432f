//! Colours and fonts of the charts, in the terms plotters takes them.

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

/// Ink for text and event ticks.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (subtitle, operator lines, axis labels).
pub const MUTED: RGBColor = RGBColor(0x60, 0x60, 0x60);
/// Year grid lines.
pub const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
/// Background band of every other row.
pub const BAND: RGBColor = RGBColor(0xf6, 0xf6, 0xf6);
/// Disputed dates: a red distinct from every status colour.
pub const DISPUTED: RGBColor = RGBColor(0xd6, 0x27, 0x28);
/// The page.
pub const PAPER: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// A style colour as plotters takes it.
pub fn rgb(colour: crate::color::Color) -> RGBColor {
    RGBColor(colour.r, colour.g, colour.b)
}

/// The size to hand plotters so that its SVG says a short `font-size` close to `px`:
/// plotters divides sizes by 1.24 when writing SVG, and a plain `px * 1.24` can come back as
/// `13.000000000000002`. Sizes that cannot come back exactly move by a quarter pixel or so.
fn plotters_size(px: f64) -> f64 {
    let exact = |want: f64| {
        let bits = (want * 1.24).to_bits();
        (0..=4u64)
            .flat_map(|k| [bits.saturating_add(k), bits.saturating_sub(k)])
            .map(f64::from_bits)
            .find(|c| c / 1.24 == want)
    };
    [0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75]
        .into_iter()
        .find_map(|d| exact(px + d))
        .unwrap_or(px * 1.24)
}

/// A sans-serif text style of `px` pixels, anchored at `h`/`v`.
pub fn font(px: f64, bold: bool, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle {
        font: FontDesc::new(FontFamily::SansSerif, plotters_size(px), weight),
        color: colour.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_colours_keep_their_channels() {
        let c = crate::color::Color::lit("#1b6fb5");
        assert_eq!(rgb(c), RGBColor(0x1b, 0x6f, 0xb5));
    }

    #[test]
    fn font_sizes_come_out_exact() {
        for px in (14..=400).map(|q| f64::from(q) / 2.0) {
            let shown = plotters_size(px) / 1.24;
            assert!((shown * 4.0).fract() == 0.0, "{px} gives {shown}");
            assert!((shown - px).abs() <= 0.75, "{px} gives {shown}");
        }
        assert_eq!(plotters_size(14.0) / 1.24, 14.0);
    }
}
