//! The design space that layout works in: a page (its pixel size and the named papers are
//! the theme's, [`crate::theme::paper`]) measured in design units.

use super::sizes;

/// The reference page the furniture is designed for; larger pages scale everything up.
pub const DESIGN_WIDTH: f64 = 1600.0;
/// See [`DESIGN_WIDTH`].
pub const DESIGN_HEIGHT: f64 = 1000.0;

pub use crate::theme::paper::{PIXEL_LIMITS, PageError, PageSize, Paper};

impl PageSize {
    /// The smallest text a reader of this page must get, in pixels: 9 px on a screen, and
    /// 6.5 pt at the page's DPI on print (27 px at 300 dpi).
    ///
    /// ```
    /// use chronomap::layout::page::{PageSize, Paper};
    /// assert_eq!(PageSize::pixels(800, 500).unwrap().min_text_px(), 9.0);
    /// let a4 = PageSize::paper(Paper::A4, 300).unwrap();
    /// assert!((a4.min_text_px() - 27.08).abs() < 0.01);
    /// ```
    pub fn min_text_px(&self) -> f64 {
        MIN_SCREEN_TEXT_PX.max(MIN_PRINT_TEXT_PT / 72.0 * f64::from(self.dpi))
    }

    /// The scale from design units to pixels: 1 at 1600×1000. A larger page scales the
    /// design up to fill it; a page where that would make the smallest text
    /// ([`sizes::SMALLEST`]) smaller than [`PageSize::min_text_px`] gets a larger scale
    /// instead, and so fewer design units, and the layout thins its detail to fit.
    pub fn scale(&self) -> f64 {
        let fill = (f64::from(self.pixel_width) / DESIGN_WIDTH)
            .min(f64::from(self.pixel_height) / DESIGN_HEIGHT);
        fill.max(self.min_text_px() / sizes::SMALLEST)
    }

    /// The page measured in design units: 1600×1000 at the reference size, the page's own
    /// shape otherwise, and fewer units where the type needs it.
    ///
    /// ```
    /// use chronomap::layout::page::{PageSize, Paper};
    /// let p = PageSize::pixels(3200, 2000).unwrap();
    /// assert_eq!(p.design_size(), (1600.0, 1000.0));
    /// let (w, h) = PageSize::pixels(800, 500).unwrap().design_size();
    /// assert!((w - 844.4).abs() < 0.1 && (h - 527.8).abs() < 0.1);
    /// ```
    pub fn design_size(&self) -> (f64, f64) {
        let s = self.scale();
        (
            f64::from(self.pixel_width) / s,
            f64::from(self.pixel_height) / s,
        )
    }

    /// The smallest text size allowed on this page, in design units.
    pub fn min_text(&self) -> f64 {
        self.min_text_px() / self.scale()
    }
}

/// The smallest text on a screen page, in pixels.
pub const MIN_SCREEN_TEXT_PX: f64 = 9.0;
/// The smallest text on a printed page, in points.
pub const MIN_PRINT_TEXT_PT: f64 = 6.5;
