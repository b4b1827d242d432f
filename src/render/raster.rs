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
    let band_height = band_height(height);
    data.par_chunks_mut(width as usize * 4 * band_height as usize)
        .enumerate()
        .try_for_each(|(b, rows)| draw_band(rows, width, b as u32 * band_height, &draw))
}

/// Rows per band: the page's rows shared out over [`BANDS`] bands, the last one shorter.
fn band_height(height: u32) -> u32 {
    height.div_ceil(BANDS.min(height).max(1))
}

/// Draws one band of rows whose first row is row `top` of the page.
fn draw_band(
    rows: &mut [u8],
    width: u32,
    top: u32,
    draw: &(impl Fn(&mut tiny_skia::PixmapMut<'_>, u32) + Sync),
) -> Result<(), RenderError> {
    let h = (rows.len() / (width as usize * 4)) as u32;
    let mut band = tiny_skia::PixmapMut::from_bytes(rows, width, h)
        .ok_or_else(|| RenderError(format!("a {width}×{h} px band could not be drawn")))?;
    draw(&mut band, top);
    Ok(())
}

/// Like [`draw_in_bands`], and hands each band's finished rows to `done`, top band first, on
/// the calling thread. Called from outside the thread pool, `done` runs while the pool is
/// still drawing the bands below (a PNG is encoded while the page is drawn); from inside it,
/// after every band is drawn, so that a pool thread never waits on work queued behind it.
pub(crate) fn draw_in_bands_then(
    data: &mut [u8],
    width: u32,
    height: u32,
    draw: impl Fn(&mut tiny_skia::PixmapMut<'_>, u32) + Sync,
    mut done: impl FnMut(&[u8]) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    let band_height = band_height(height);
    let chunk = width as usize * 4 * band_height as usize;
    if rayon::current_thread_index().is_some() {
        draw_in_bands(data, width, height, draw)?;
        return data.chunks(chunk).try_for_each(done);
    }
    // Each band is a task on the pool; it sends its rows back when drawn, and this thread
    // passes them to `done` in page order as they arrive.
    let bands: Vec<&mut [u8]> = data.chunks_mut(chunk).collect();
    let count = bands.len();
    let (sender, receiver) = std::sync::mpsc::channel();
    rayon::in_place_scope(|scope| {
        for (b, rows) in bands.into_iter().enumerate() {
            let sender = sender.clone();
            let draw = &draw;
            scope.spawn(move |_| {
                let drawn = draw_band(rows, width, b as u32 * band_height, draw).map(|()| rows);
                // The receiver outlives the scope, so the send cannot fail.
                let _ = sender.send((b, drawn));
            });
        }
        drop(sender);
        let mut arrived: Vec<Option<&mut [u8]>> = (0..count).map(|_| None).collect();
        let mut next = 0;
        let mut outcome = Ok(());
        for (b, drawn) in receiver {
            match drawn {
                Ok(rows) => arrived[b] = Some(rows),
                Err(e) => {
                    if outcome.is_ok() {
                        outcome = Err(e);
                    }
                }
            }
            while let Some(rows) = arrived.get_mut(next).and_then(Option::take) {
                if outcome.is_ok() {
                    outcome = done(rows);
                }
                next += 1;
            }
        }
        outcome
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
        return Err(RenderError(format!(
            "picture data has {} bytes, expected {expected}",
            img.data.len()
        )));
    }
    let mut png = super::png_stream::PngStream::new(img.width, img.height, dpi)?;
    if !description.is_empty() {
        png.add_text("Description", description)?;
    }
    png.push_rows(&img.data)?;
    png.finish()
}

/// SVG text to PNG bytes at exactly `width`×`height` pixels; see [`rasterize`] and [`encode_png`].
pub fn svg_to_png(svg: &str, width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, RenderError> {
    encode_png(&rasterize(svg, width, height)?, dpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paints each band a shade given by its first row, so the rows show which band drew them.
    fn shade(band: &mut tiny_skia::PixmapMut<'_>, top: u32) {
        band.fill(tiny_skia::Color::from_rgba8(top as u8, 0, 0, 255));
    }

    #[test]
    fn finished_bands_arrive_whole_and_in_page_order() {
        let (width, height) = (3, 10);
        let mut data = vec![0; width as usize * height as usize * 4];
        let mut seen = Vec::new();
        draw_in_bands_then(&mut data, width, height, shade, |rows| {
            seen.push((rows.len() / (width as usize * 4), rows[0]));
            Ok(())
        })
        .unwrap();
        // 10 rows in 4 bands: three of 3 rows, then the last row.
        assert_eq!(seen, [(3, 0), (3, 3), (3, 6), (1, 9)]);
        assert_eq!(data[data.len() - 4..], [9, 0, 0, 255]);
    }

    #[test]
    fn inside_the_pool_bands_arrive_in_the_same_order() {
        let (width, height) = (3, 10);
        let seen = rayon::scope(|_| {
            let mut data = vec![0; width as usize * height as usize * 4];
            let mut seen = Vec::new();
            draw_in_bands_then(&mut data, width, height, shade, |rows| {
                seen.push(rows[0]);
                Ok(())
            })
            .unwrap();
            seen
        });
        assert_eq!(seen, [0, 3, 6, 9]);
    }

    #[test]
    fn the_first_error_from_done_is_returned_and_no_later_band_is_handed_over() {
        let mut data = vec![0; 2 * 8 * 4];
        let mut calls = 0;
        let result = draw_in_bands_then(&mut data, 2, 8, shade, |rows| {
            calls += 1;
            match rows[0] {
                2 => Err(RenderError("the disk is full".into())),
                _ => Ok(()),
            }
        });
        assert_eq!(result, Err(RenderError("the disk is full".into())));
        assert_eq!(calls, 2, "bands after the failing one are not handed over");
    }
}
