//! SVG to pixels and PNG: resvg with the shipped DejaVu fonts, no system fonts.

use crate::fonts::{FAMILY, FontStyle};
use resvg::tiny_skia;
use resvg::usvg;
use std::sync::{Arc, OnceLock};

/// Why a picture could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

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
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| RenderError(format!("the SVG could not be read: {e}")))
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

/// How many horizontal bands a page is cut into for drawing in parallel. Fixed: anti-aliasing
/// can differ by a shade where a band starts, so a fixed count means the same input gives the
/// same pixels on every machine, whatever its number of cores.
pub const BANDS: u32 = 4;

/// Refuses a picture with no pixels or too many to hold.
pub(crate) fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 1 << 31 {
        return Err(RenderError(format!(
            "a {width}×{height} px picture is too large or empty"
        )));
    }
    Ok(())
}

/// Draws into `data` (`width`×`height` premultiplied RGBA pixels, row by row) in [`BANDS`]
/// horizontal bands on all cores: `draw(band, top)` paints one band, whose first row is row
/// `top` of the page.
pub(crate) fn draw_in_bands(
    data: &mut [u8],
    width: u32,
    height: u32,
    draw: impl Fn(&mut tiny_skia::PixmapMut<'_>, u32) + Sync,
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    let band_height = height.div_ceil(BANDS.min(height).max(1));
    let row_bytes = width as usize * 4;
    data.par_chunks_mut(row_bytes * band_height as usize)
        .enumerate()
        .try_for_each(|(b, rows)| {
            let h = (rows.len() / row_bytes) as u32;
            let mut band = tiny_skia::PixmapMut::from_bytes(rows, width, h)
                .ok_or_else(|| RenderError(format!("a {width}×{h} px band could not be drawn")))?;
            draw(&mut band, b as u32 * band_height);
            Ok(())
        })
}

/// Rasterizes a parsed tree; see [`rasterize`]. The page is drawn in [`BANDS`] bands on all
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
    let expected = img.width as usize * img.height as usize * 4;
    if img.data.len() != expected {
        return Err(RenderError(format!(
            "picture data has {} bytes, expected {expected}",
            img.data.len()
        )));
    }
    let rgb: Vec<u8> = img
        .data
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 4);
    {
        let mut encoder = png::Encoder::new(&mut out, img.width, img.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Sub);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let per_metre = (f64::from(dpi.max(1)) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder
            .write_header()
            .map_err(|e| RenderError(format!("PNG encoding failed: {e}")))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| RenderError(format!("PNG encoding failed: {e}")))?;
        writer
            .finish()
            .map_err(|e| RenderError(format!("PNG encoding failed: {e}")))?;
    }
    Ok(out)
}

/// SVG text to PNG bytes at exactly `width`×`height` pixels; see [`rasterize`] and [`encode_png`].
pub fn svg_to_png(svg: &str, width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, RenderError> {
    encode_png(&rasterize(svg, width, height)?, dpi)
}
