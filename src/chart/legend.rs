//! The legend of the timeline chart: status colours, the unknown line, ticks, brackets and
//! the disputed marker, laid out in rows that wrap to the available width.

use super::ChartError;
use super::canvas::Canvas;
use super::marks::{bracket, diamond, tick};
use super::measure::text_width;
use super::style::{DISPUTED, INK, font};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

/// What a legend entry shows.
#[derive(Debug, Clone, Copy)]
pub enum Symbol {
    /// A status bar colour.
    Swatch(RGBColor),
    /// The thin line drawn while a site's status is unknown.
    UnknownLine(RGBColor),
    /// An event tick.
    Tick,
    /// A date-range bracket.
    Bracket,
    /// Two hollow diamonds joined by a dashed line.
    Disputed,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// The symbol.
    pub symbol: Symbol,
    /// Its explanation.
    pub label: String,
}

fn symbol_width(symbol: Symbol, s: f64) -> f64 {
    match symbol {
        Symbol::Disputed => 46.0 * s,
        _ => 26.0 * s,
    }
}

/// Left edges and rows of each item when laid out in `width` px.
fn positions(items: &[LegendItem], size: f64, s: f64, width: f64) -> Vec<(f64, usize)> {
    let spacing = 22.0 * s;
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut row) = (0.0, 0);
    for item in items {
        let w = item_width(item, size, s);
        if x > 0.0 && x + w > width {
            x = 0.0;
            row += 1;
        }
        out.push((x, row));
        x += w + spacing;
    }
    out
}

fn item_width(item: &LegendItem, size: f64, s: f64) -> f64 {
    symbol_width(item.symbol, s) + 7.0 * s + text_width(&item.label, size, false)
}

fn row_height(size: f64, s: f64) -> f64 {
    (size * 1.3).max(20.0 * s)
}

/// The height the legend takes in `width` px.
pub fn legend_height(items: &[LegendItem], size: f64, s: f64, width: f64) -> f64 {
    let rows = positions(items, size, s, width)
        .last()
        .map_or(0, |&(_, r)| r + 1);
    rows as f64 * row_height(size, s)
}

/// Draws the legend with its top-left corner at `origin`.
pub fn draw_legend(
    canvas: &Canvas<'_>,
    items: &[LegendItem],
    origin: (f64, f64),
    width: f64,
    size: f64,
    s: f64,
) -> Result<(), ChartError> {
    let label_style = font(size, false, INK, HPos::Left, VPos::Center);
    let rh = row_height(size, s);
    let stroke = |base: f64| (base * s).round().max(1.0) as u32;
    for (item, (x, row)) in items.iter().zip(positions(items, size, s, width)) {
        let x = origin.0 + x;
        let cy = origin.1 + (row as f64 + 0.5) * rh;
        let sw = symbol_width(item.symbol, s);
        let half = 6.0 * s;
        match item.symbol {
            Symbol::Swatch(c) => canvas.rect((x, cy - half), (x + sw, cy + half), c)?,
            Symbol::UnknownLine(c) => canvas.line(&[(x, cy), (x + sw, cy)], c, stroke(2.0))?,
            Symbol::Tick => tick(
                canvas,
                x + sw / 2.0,
                cy - half - 2.0 * s,
                cy + half + 2.0 * s,
                stroke(2.0),
            )?,
            Symbol::Bracket => bracket(
                canvas,
                x + 2.0 * s,
                x + sw - 2.0 * s,
                cy - 2.0 * s,
                (4.0 * s).round(),
                stroke(1.0),
            )?,
            Symbol::Disputed => {
                let r = (7.0 * s).round();
                let (a, b) = ((x + r, cy), (x + sw - r, cy));
                canvas.dashed(
                    (a.0 + r, cy),
                    (b.0 - r, cy),
                    DISPUTED,
                    stroke(2.0),
                    stroke(5.0),
                    stroke(3.0),
                )?;
                diamond(canvas, a, r, (2.5 * s).round().max(1.0))?;
                diamond(canvas, b, r, (2.5 * s).round().max(1.0))?;
            }
        }
        canvas.text(&item.label, (x + sw + 7.0 * s, cy), &label_style)?;
    }
    Ok(())
}
