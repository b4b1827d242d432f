//! Page sizes in pixels: the named paper sizes, the limits a page must keep, and the page a
//! run draws on, from flags over the style's page defaults. Layout measures the same page
//! in design units (see [`crate::layout::page`]).

use super::PageDefaults;

/// The smallest and largest page side accepted, in pixels.
pub const PIXEL_LIMITS: (u32, u32) = (320, 16000);

/// The dots per inch accepted.
const DPI_LIMITS: (u32, u32) = (36, 1200);

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

/// Why a page size was refused.
///
/// ```
/// use chronomap::theme::paper::PageSize;
/// let e = PageSize::pixels(100, 500).unwrap_err();
/// assert_eq!(e.to_string(), "width 100 px is outside the supported 320–16000 px");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// A side outside [`PIXEL_LIMITS`].
    #[error("{side} {px} px is outside the supported {}–{} px", PIXEL_LIMITS.0, PIXEL_LIMITS.1)]
    Side {
        /// `width` or `height`.
        side: &'static str,
        /// The size asked for.
        px: u32,
    },
    /// A resolution outside 36–1200 dpi.
    #[error("{0} dpi is outside the supported {lo}–{hi} dpi", lo = DPI_LIMITS.0, hi = DPI_LIMITS.1)]
    Dpi(u32),
    /// A paper name that is not one of [`Paper`]'s.
    #[error("{0:?} is not a paper size I know; use a4, a4-landscape or letter")]
    UnknownPaper(String),
}

impl Paper {
    /// Parses `a4`, `a4-landscape` or `letter`.
    ///
    /// ```
    /// use chronomap::theme::paper::Paper;
    /// assert_eq!(Paper::parse("A4"), Some(Paper::A4));
    /// assert_eq!(Paper::parse("a3"), None);
    /// ```
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
    pub fn pixels(width: u32, height: u32) -> Result<PageSize, PageError> {
        PageSize::pixels_at(width, height, 96)
    }

    /// A page of the given pixel size and DPI, checked against [`PIXEL_LIMITS`].
    pub fn pixels_at(width: u32, height: u32, dpi: u32) -> Result<PageSize, PageError> {
        let (lo, hi) = PIXEL_LIMITS;
        for (side, px) in [("width", width), ("height", height)] {
            if !(lo..=hi).contains(&px) {
                return Err(PageError::Side { side, px });
            }
        }
        if !(DPI_LIMITS.0..=DPI_LIMITS.1).contains(&dpi) {
            return Err(PageError::Dpi(dpi));
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
    /// use chronomap::theme::paper::{PageSize, Paper};
    /// let p = PageSize::paper(Paper::A4Landscape, 300).unwrap();
    /// assert_eq!((p.pixel_width, p.pixel_height), (3508, 2480));
    /// ```
    pub fn paper(paper: Paper, dpi: u32) -> Result<PageSize, PageError> {
        let (w, h) = paper.inches();
        let px = |inches: f64| (inches * f64::from(dpi)).round() as u32;
        PageSize::pixels_at(px(w), px(h), dpi)
    }
}

impl Default for PageSize {
    fn default() -> PageSize {
        PageSize {
            pixel_width: 1600,
            pixel_height: 1000,
            dpi: 96,
        }
    }
}

/// The page from flags (`width`, `height`, `paper`, `dpi`, as given) over the style's page
/// defaults, over 1600×1000 px at 96 dpi (300 dpi on paper).
///
/// ```
/// use chronomap::theme::{PageDefaults, paper::resolve_page};
/// let p = resolve_page(&PageDefaults::default(), None, None, Some("letter"), Some(100)).unwrap();
/// assert_eq!((p.pixel_width, p.pixel_height), (1100, 850));
/// ```
pub fn resolve_page(
    defaults: &PageDefaults,
    width: Option<u32>,
    height: Option<u32>,
    paper: Option<&str>,
    dpi: Option<u32>,
) -> Result<PageSize, PageError> {
    let flags_size = width.is_some() || paper.is_some();
    let (width, height, paper) = if flags_size {
        (width, height, paper.map(str::to_string))
    } else {
        (defaults.width, defaults.height, defaults.paper.clone())
    };
    let dpi = dpi.or(defaults.dpi);
    match paper {
        Some(name) => {
            let paper = Paper::parse(&name).ok_or(PageError::UnknownPaper(name))?;
            PageSize::paper(paper, dpi.unwrap_or(300))
        }
        None => PageSize::pixels_at(
            width.unwrap_or(1600),
            height.unwrap_or(1000),
            dpi.unwrap_or(96),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_style_page_which_beats_the_default() {
        let d = PageDefaults {
            paper: Some("a4".into()),
            dpi: Some(150),
            ..PageDefaults::default()
        };
        let p = resolve_page(&d, None, None, None, None).unwrap();
        assert_eq!(p.dpi, 150);
        assert!(p.pixel_height > p.pixel_width, "A4 portrait");
        let p = resolve_page(&d, Some(800), Some(500), None, None).unwrap();
        assert_eq!((p.pixel_width, p.pixel_height, p.dpi), (800, 500, 150));
        let p = resolve_page(&PageDefaults::default(), None, None, None, None).unwrap();
        assert_eq!((p.pixel_width, p.pixel_height, p.dpi), (1600, 1000, 96));
    }
}
