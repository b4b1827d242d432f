//! SVG text to pixels with resvg, with the shipped DejaVu fonts and no system fonts; the
//! picture type [`Rgba`] and its PNG encoding.
//!
//! Maps are not drawn here: their PNGs come straight from the scene ([`super::draw`]).
//! resvg serves the SVG that is not a scene, the timeline chart that plotters writes
//! ([`svg_to_png`]); [`parse_svg`] gives the tree that svg2pdf turns into a map's PDF; and
//! the tests draw a map's SVG with [`rasterize`] as the reference for the drawer.

use super::bands::draw_in_bands;
use super::error::{RenderError, check_size};
use crate::fonts::{FAMILY, FontStyle};
use resvg::tiny_skia;
use resvg::usvg;
use std::sync::{Arc, OnceLock};

/// A rasterized page: straight (not premultiplied) RGBA, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub data: Vec<u8>,
}

/// The font database with the three DejaVu Sans faces, built once per process.
///
/// `sans-serif` resolves to DejaVu Sans too, so charts that ask for a generic family get it.
pub fn font_database() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for style in [FontStyle::Regular, FontStyle::Bold, FontStyle::Oblique] {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(style.data())));
        }
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses SVG text with the shipped fonts. External files are never loaded.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, RenderError> {
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font_database(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RenderError::Svg(e.to_string()))
}

/// Rasterizes SVG text to exactly `width`×`height` pixels on an opaque white page.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
///   <rect width="10" height="10" fill="#ff0000"/></svg>"##;
/// let img = chronomap::render::raster::rasterize(svg, 20, 20).unwrap();
/// assert_eq!((img.width, img.height), (20, 20));
/// assert_eq!(&img.data[..4], &[255, 0, 0, 255]);
/// ```
pub fn rasterize(svg: &str, width: u32, height: u32) -> Result<Rgba, RenderError> {
    let tree = parse_svg(svg)?;
    rasterize_tree(&tree, width, height)
}

/// Rasterizes a parsed tree; see [`rasterize`]. The page is drawn in [`BANDS`](super::bands::BANDS) bands on all
/// cores.
pub fn rasterize_tree(tree: &usvg::Tree, width: u32, height: u32) -> Result<Rgba, RenderError> {
    check_size(width, height)?;
    let size = tree.size();
    let (sx, sy) = (width as f32 / size.width(), height as f32 / size.height());
    // One white page; each band draws straight into its own rows of it.
    let mut data = vec![255u8; width as usize * 4 * height as usize];
    draw_in_bands(&mut data, width, height, |band, top| {
        let transform = tiny_skia::Transform::from_row(sx, 0.0, 0.0, sy, 0.0, -(top as f32));
        resvg::render(tree, transform, band);
    })?;
    // The page is opaque, so premultiplied and straight alpha are the same bytes.
    Ok(Rgba {
        width,
        height,
        data,
    })
}

/// Encodes an opaque picture as an RGB PNG with a fast setting, recording `dpi` in `pHYs`.
///
/// ```
/// let img = chronomap::render::raster::Rgba { width: 2, height: 1, data: vec![255; 8] };
/// let png = chronomap::render::raster::encode_png(&img, 300).unwrap();
/// assert_eq!(&png[1..4], b"PNG");
/// ```
pub fn encode_png(img: &Rgba, dpi: u32) -> Result<Vec<u8>, RenderError> {
    encode_png_described(img, dpi, "")
}

/// [`encode_png`] with `description` in an `iTXt` "Description" chunk (none when empty).
pub fn encode_png_described(
    img: &Rgba,
    dpi: u32,
    description: &str,
) -> Result<Vec<u8>, RenderError> {
    let expected = img.width as usize * img.height as usize * 4;
    if img.data.len() != expected {
        return Err(RenderError::DataLength {
            got: img.data.len(),
            expected,
        });
    }
    use rayon::prelude::*;
    let mut png = super::png_stream::PngStream::new(img.width, img.height, dpi)?;
    if !description.is_empty() {
        png.add_text("Description", description)?;
    }
    // The same bands the drawer encodes, so that drawing and encoding separately gives the
    // bytes of drawing and encoding at once.
    let band = img.width as usize * 4 * super::bands::band_height(img.height) as usize;
    let bands: Vec<_> = img
        .data
        .par_chunks(band)
        .map(|rows| super::png_stream::encode_band(rows, img.width))
        .collect();
    for band in bands {
        for piece in band? {
            png.push_encoded(piece)?;
        }
    }
    png.finish()
}

/// SVG text to PNG bytes at exactly `width`×`height` pixels; see [`rasterize`] and [`encode_png`].
pub fn svg_to_png(svg: &str, width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, RenderError> {
    encode_png(&rasterize(svg, width, height)?, dpi)
}
