//! Where the map frame and the side panel go on a page of any shape and size, and which
//! parts of the panel fit there.

use super::geometry::Rect;
use super::projection::{Extent, MapProjection};

/// Margin between the page edge and everything on it, in design units.
pub const MARGIN: f64 = 24.0;
/// Width of the side panel on a landscape page, in design units.
pub const PANEL_WIDTH: f64 = 370.0;
/// Width of the side panel on a small landscape page (legend only, in one column).
pub const NARROW_PANEL_WIDTH: f64 = 250.0;
/// Top of the map frame: below the title, subtitle and year.
const FRAME_TOP: f64 = 84.0;
/// Height a credit line takes.
pub const CREDIT_LINE: f64 = 12.0;
/// Height the panel below a portrait map needs: the inset and the legend in the left
/// column, the year's events in the right one.
const BELOW_PANEL: f64 = 540.0;

/// How the page is divided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PagePlan {
    /// The map frame.
    pub frame: Rect,
    /// The panel's area.
    pub panel: Rect,
    /// Whether the panel sits below the map (portrait pages) rather than beside it.
    pub below: bool,
    /// Whether the inset locator fits.
    pub inset: bool,
    /// Whether the year's events and source notes fit.
    pub news: bool,
}

/// Divides a `w`×`h` page (design units) for a map of `extent`, leaving room for
/// `credit_lines` lines of credits at the bottom.
///
/// - Landscape pages at least 1100 units wide: the panel of [`PANEL_WIDTH`] on the right,
///   with the inset when the page is at least 900 units tall.
/// - Smaller landscape pages (an 800×500 screen map): a narrow panel with the legend only.
/// - Portrait pages: the map across the whole width, as tall as the page allows once the
///   panel below it has [`BELOW_PANEL`] units, so no part of the page is left empty.
///
/// ```
/// use chronomap::layout::page_plan::plan_page;
/// use chronomap::layout::projection::Extent;
/// let e = Extent { west: 64.0, south: 36.5, east: 81.0, north: 45.0 };
/// let p = plan_page(1600.0, 1000.0, e, 2);
/// assert!(!p.below && p.inset && p.news);
/// let small = plan_page(844.0, 528.0, e, 3);
/// assert!(!small.inset && !small.news);
/// let tall = plan_page(870.0, 1231.0, e, 3);
/// assert!(tall.below && tall.panel.y0 > tall.frame.y1);
/// ```
pub fn plan_page(w: f64, h: f64, extent: Extent, credit_lines: usize) -> PagePlan {
    let extra_credits = credit_lines.saturating_sub(2) as f64 * CREDIT_LINE;
    let bottom = h - MARGIN - 46.0 - extra_credits;
    if w < h {
        let x0 = MARGIN + 40.0;
        let x1 = w - MARGIN - 8.0;
        let fitted = MapProjection::fitted_height(extent, x1 - x0).unwrap_or(h * 0.6);
        // As tall as the extent needs, or taller (the map then shows more to the north and
        // south) so that the panel below ends where the page does.
        let room = bottom - FRAME_TOP - 46.0 - BELOW_PANEL;
        let height = fitted.min(h * 0.62).max(room).min(h * 0.72);
        let frame = Rect {
            x0,
            y0: FRAME_TOP,
            x1,
            y1: FRAME_TOP + height,
        };
        let panel = Rect {
            x0: MARGIN,
            y0: frame.y1 + 46.0,
            x1: w - MARGIN,
            y1: bottom + 16.0,
        };
        return PagePlan {
            frame,
            panel,
            below: true,
            inset: true,
            news: true,
        };
    }
    let wide = w >= 1100.0;
    let panel_width = if wide {
        PANEL_WIDTH
    } else {
        NARROW_PANEL_WIDTH
    };
    let frame = Rect {
        x0: MARGIN + 40.0,
        y0: FRAME_TOP,
        x1: w - MARGIN - panel_width - 26.0,
        y1: bottom,
    };
    let panel = Rect {
        x0: frame.x1 + 26.0,
        y0: frame.y0,
        x1: w - MARGIN,
        y1: frame.y1 + 20.0,
    };
    PagePlan {
        frame,
        panel,
        below: false,
        inset: wide && h >= 900.0,
        news: wide,
    }
}
