//! The small marks of the timeline chart, shared by the plot and its legend.

use super::ChartError;
use super::canvas::Canvas;
use super::style::{DISPUTED, INK, PAPER};

/// An event tick: a vertical ink line with a thin white edge, so it shows on any bar colour.
pub fn tick(
    canvas: &Canvas<'_>,
    x: f64,
    top: f64,
    bottom: f64,
    width: u32,
) -> Result<(), ChartError> {
    canvas.line(&[(x, top - 1.0), (x, bottom + 1.0)], PAPER, width + 2)?;
    canvas.line(&[(x, top), (x, bottom)], INK, width)
}

/// A bracket over `[x0, x1]` at height `y`, with end caps `cap` px long pointing down,
/// drawn `width` px wide.
pub fn bracket(
    canvas: &Canvas<'_>,
    x0: f64,
    x1: f64,
    y: f64,
    cap: f64,
    width: u32,
) -> Result<(), ChartError> {
    canvas.line(
        &[(x0, y + cap), (x0, y), (x1, y), (x1, y + cap)],
        INK,
        width,
    )
}

/// A hollow red diamond of radius `r` (centre to corner) with a ring `ring` px thick.
pub fn diamond(
    canvas: &Canvas<'_>,
    (x, y): (f64, f64),
    r: f64,
    ring: f64,
) -> Result<(), ChartError> {
    let shape = |r: f64| [(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    canvas.polygon(&shape(r), DISPUTED)?;
    canvas.polygon(
        &shape((r - ring * std::f64::consts::SQRT_2).max(1.0)),
        PAPER,
    )
}
