//! Output formats and the one call that turns SVG text into the bytes of any of them.

use super::raster::{RenderError, svg_to_png};

/// A picture format chronomap writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Scalable vector graphics: real text, named layers.
    Svg,
    /// Portable network graphics, rasterized with resvg.
    Png,
    /// Portable document format, vector, with selectable text.
    Pdf,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 3] = [Format::Svg, Format::Png, Format::Pdf];

    /// Parses `svg`, `png` or `pdf` (any case).
    ///
    /// ```
    /// use chronomap::render::format::Format;
    /// assert_eq!(Format::parse("PNG"), Some(Format::Png));
    /// assert_eq!(Format::parse("gif"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// Encodes SVG text as `format` at `width`×`height` pixels and `dpi`.
pub fn encode(
    svg: &str,
    format: Format,
    width: u32,
    height: u32,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Svg => Ok(svg.as_bytes().to_vec()),
        Format::Png => svg_to_png(svg, width, height, dpi),
        Format::Pdf => super::pdf::svg_to_pdf(svg, dpi),
    }
}
