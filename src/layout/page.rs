//! Page sizes: pixels, paper sizes at a DPI, and the design space that layout works in.

use super::sizes;

/// The reference page the furniture is designed for; larger pages scale everything up.
pub const DESIGN_WIDTH: f64 = 1600.0;
/// See [`DESIGN_WIDTH`].
pub const DESIGN_HEIGHT: f64 = 1000.0;

/// The smallest and largest page side accepted, in pixels.
pub const PIXEL_LIMITS: (u32, u32) = (320, 16000);

/// The output size of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    /// Width in pixels.
    pub pixel_width: u32,
    /// Height in pixels.
    pub pixel_height: u32,
    /// Dots per inch recorded in PNG files and used for the PDF page size.
    pub dpi: u32,
}

/// Paper sizes the `--paper` flag knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4 portrait, 210 × 297 mm.
    A4,
    /// ISO A4 landscape, 297 × 210 mm.
    A4Landscape,
    /// US Letter landscape, 11 × 8.5 in (maps are wide; portrait letter is rarely wanted).
    Letter,
}

impl Paper {
    /// Parses `a4`, `a4-landscape` or `letter`.
    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "a4-landscape" => Some(Paper::A4Landscape),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }

    /// Width and height in inches.
    pub fn inches(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0 / 25.4, 297.0 / 25.4),
            Paper::A4Landscape => (297.0 / 25.4, 210.0 / 25.4),
            Paper::Letter => (11.0, 8.5),
        }
    }
}

impl PageSize {
    /// A page of the given pixel size at 96 DPI.
    pub fn pixels(width: u32, height: u32) -> Result<PageSize, String> {
        PageSize::pixels_at(width, height, 96)
    }

    /// A page of the given pixel size and DPI, checked against [`PIXEL_LIMITS`].
    pub fn pixels_at(width: u32, height: u32, dpi: u32) -> Result<PageSize, String> {
        let (lo, hi) = PIXEL_LIMITS;
        for (name, v) in [("width", width), ("height", height)] {
            if !(lo..=hi).contains(&v) {
                return Err(format!(
                    "{name} {v} px is outside the supported {lo}–{hi} px"
                ));
            }
        }
        if !(36..=1200).contains(&dpi) {
            return Err(format!("{dpi} dpi is outside the supported 36–1200 dpi"));
        }
        Ok(PageSize {
            pixel_width: width,
            pixel_height: height,
            dpi,
        })
    }

    /// A paper size at a DPI.
    ///
    /// ```
    /// use chronomap::layout::page::{PageSize, Paper};
    /// let p = PageSize::paper(Paper::A4Landscape, 300).unwrap();
    /// assert_eq!((p.pixel_width, p.pixel_height), (3508, 2480));
    /// ```
    pub fn paper(paper: Paper, dpi: u32) -> Result<PageSize, String> {
        let (w, h) = paper.inches();
        let px = |inches: f64| (inches * f64::from(dpi)).round() as u32;
        PageSize::pixels_at(px(w), px(h), dpi)
    }

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

impl Default for PageSize {
    fn default() -> PageSize {
        PageSize {
            pixel_width: 1600,
            pixel_height: 1000,
            dpi: 96,
        }
    }
}
