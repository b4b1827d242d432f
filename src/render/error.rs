//! Why a picture could not be made, and the size check every picture passes first.

/// Why a picture (PNG, PDF, or the pixels behind them) could not be made. The messages are
/// whole sentences without an `error:` prefix; the command layer adds the file name.
///
/// ```
/// use chronomap::render::error::RenderError;
/// let e = RenderError::TooLarge { width: 0, height: 10 };
/// assert_eq!(e.to_string(), "a 0×10 px picture is too large or empty");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// The page has no pixels, or more than can be held.
    #[error("a {width}×{height} px picture is too large or empty")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The page has no area in page units.
    #[error("a page of {width}×{height} units cannot be drawn")]
    EmptyPage {
        /// Width in page units.
        width: f64,
        /// Height in page units.
        height: f64,
    },
    /// A band of rows could not be made a drawing surface.
    #[error("a {width}×{height} px band could not be drawn")]
    Band {
        /// Width in pixels.
        width: u32,
        /// Height of the band in pixels.
        height: u32,
    },
    /// Pixel data of the wrong length for its picture.
    #[error("picture data has {got} bytes, expected {expected}")]
    DataLength {
        /// Bytes given.
        got: usize,
        /// Bytes a picture of that size has.
        expected: usize,
    },
    /// The SVG text could not be parsed (resvg's reason).
    #[error("the SVG could not be read: {0}")]
    Svg(String),
    /// A picture PNG cannot hold.
    #[error("a {width}×{height} px picture cannot be a PNG")]
    PngSize {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// A PNG text chunk keyword PNG does not allow.
    #[error("{0:?} cannot be a PNG text keyword")]
    PngKeyword(String),
    /// Rows handed to the PNG writer that do not fit what is left of the picture.
    #[error(
        "{bytes} bytes are not whole rows of a {width}×{height} px picture with {left} rows left"
    )]
    PngRows {
        /// Bytes given.
        bytes: usize,
        /// Picture width in pixels.
        width: u32,
        /// Picture height in pixels.
        height: u32,
        /// Rows not yet written.
        left: u32,
    },
    /// Pixels handed to the PNG row encoder that are not whole rows of the given width.
    #[error("{bytes} bytes are not whole rows of {width} RGBA pixels")]
    PartialRows {
        /// Bytes given.
        bytes: usize,
        /// Row width in pixels.
        width: u32,
    },
    /// The PNG was finished before all its rows were written.
    #[error("the PNG has {written} of its {height} rows")]
    PngIncomplete {
        /// Rows written.
        written: u32,
        /// Rows the picture has.
        height: u32,
    },
    /// The compressed pixels exceed what one PNG chunk can hold.
    #[error("the compressed picture is too large for PNG")]
    PngTooLarge,
    /// svg2pdf could not convert the page (its reason).
    #[error("PDF conversion failed: {0}")]
    Pdf(String),
    /// svg2pdf wrote a PDF whose structure the document-information step does not expect.
    #[error("PDF conversion gave a file of an unexpected layout")]
    PdfLayout,
    /// The document information could not be added to the PDF.
    #[error("cannot add the document information: {0}")]
    PdfInfo(&'static str),
}

/// Refuses a picture with no pixels or too many to hold.
///
/// ```
/// use chronomap::render::error::check_size;
/// assert!(check_size(1600, 1000).is_ok());
/// assert!(check_size(0, 1000).is_err());
/// ```
pub fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 1 << 31 {
        return Err(RenderError::TooLarge { width, height });
    }
    Ok(())
}
