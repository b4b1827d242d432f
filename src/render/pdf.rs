//! SVG to PDF with svg2pdf: vector shapes and selectable, embedded DejaVu text.

use super::raster::{RenderError, parse_svg};

/// Converts SVG text to a one-page PDF. The page measures the SVG's pixel size at `dpi`.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">
///   <text x="10" y="50" font-size="20">Kant</text></svg>"##;
/// let pdf = chronomap::render::pdf::svg_to_pdf(svg, 300).unwrap();
/// assert!(pdf.starts_with(b"%PDF"));
/// ```
pub fn svg_to_pdf(svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let tree = parse_svg(svg)?;
    let page = svg2pdf::PageOptions {
        dpi: dpi.max(1) as f32,
    };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| RenderError(format!("PDF conversion failed: {e}")))
}
