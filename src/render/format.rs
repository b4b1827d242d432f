//! Output formats and the one call that turns a scene into the bytes of any of them.

use super::error::RenderError;
use crate::scene::Scene;

/// A picture format chronomap writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Scalable vector graphics: real text, named layers.
    Svg,
    /// Portable network graphics, drawn straight from the scene with tiny-skia.
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

/// Encodes `scene` as `format`, at the scene's pixel size and `dpi`. `svg` is the scene
/// already written as SVG, when the caller has it (the PDF is made from it).
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::render::format::{encode, Format};
/// use chronomap::scene::{Layer, Scene};
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 30, pixel_height: 20,
///     background: Color::WHITE, title: "t".into(), description: String::new(), layers: vec![Layer::new("empty")] };
/// let png = encode(&scene, None, Format::Png, 96).unwrap();
/// assert_eq!(&png[1..4], b"PNG");
/// assert!(encode(&scene, None, Format::Svg, 96).unwrap().starts_with(b"<?xml"));
/// ```
pub fn encode(
    scene: &Scene,
    svg: Option<&str>,
    format: Format,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    let svg_text = || svg.map_or_else(|| super::svg::write_svg(scene), str::to_string);
    match format {
        Format::Svg => Ok(svg_text().into_bytes()),
        Format::Png => super::draw::draw_png(scene, scene.pixel_width, scene.pixel_height, dpi),
        Format::Pdf => super::pdf_info::with_info(
            super::pdf::svg_to_pdf(&svg_text(), dpi)?,
            &scene.title,
            &scene.description,
        ),
    }
}
