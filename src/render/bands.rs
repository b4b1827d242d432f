//! Drawing a page in a fixed number of horizontal bands on all cores, for both drawers
//! (the scene drawer of [`super::draw`] and resvg in [`super::raster`]), optionally passing
//! each finished band on (to be encoded) on the thread that drew it.

use super::error::RenderError;
use resvg::tiny_skia;

/// How many horizontal bands a page is cut into for drawing in parallel. Fixed: anti-aliasing
/// can differ by a shade where a band starts, so a fixed count means the same input gives the
/// same pixels on every machine, whatever its number of cores.
pub const BANDS: u32 = 4;

/// Draws into `data` (`width`×`height` premultiplied RGBA pixels, row by row) in [`BANDS`]
/// horizontal bands on all cores: `draw(band, top)` paints one band, whose first row is row
/// `top` of the page.
pub(crate) fn draw_in_bands(
    data: &mut [u8],
    width: u32,
    height: u32,
    draw: impl Fn(&mut tiny_skia::PixmapMut<'_>, u32) + Sync,
) -> Result<(), RenderError> {
    draw_in_bands_then(data, width, height, draw, |_| ()).map(drop)
}

/// Like [`draw_in_bands`], and then, on the thread that drew it, hands each band's finished
/// rows to `then` (a PNG band is encoded there); returns what `then` made of each band, top
/// band first.
pub(crate) fn draw_in_bands_then<T: Send>(
    data: &mut [u8],
    width: u32,
    height: u32,
    draw: impl Fn(&mut tiny_skia::PixmapMut<'_>, u32) + Sync,
    then: impl Fn(&[u8]) -> T + Sync,
) -> Result<Vec<T>, RenderError> {
    use rayon::prelude::*;
    if width == 0 || height == 0 {
        return Err(RenderError::Band { width, height });
    }
    let band_height = band_height(height);
    data.par_chunks_mut(width as usize * 4 * band_height as usize)
        .enumerate()
        .map(|(b, rows)| {
            draw_band(rows, width, b as u32 * band_height, &draw)?;
            Ok(then(rows))
        })
        .collect()
}

/// Rows per band: the page's rows shared out over [`BANDS`] bands, the last one shorter.
pub(crate) fn band_height(height: u32) -> u32 {
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
        .ok_or(RenderError::Band { width, height: h })?;
    draw(&mut band, top);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paints each band a shade given by its first row, so the rows show which band drew them.
    fn shade(band: &mut tiny_skia::PixmapMut<'_>, top: u32) {
        band.fill(tiny_skia::Color::from_rgba8(top as u8, 0, 0, 255));
    }

    #[test]
    fn each_band_is_handed_over_whole_and_results_come_back_in_page_order() {
        let (width, height) = (3, 10);
        let mut data = vec![0; width as usize * height as usize * 4];
        let seen = draw_in_bands_then(&mut data, width, height, shade, |rows| {
            (rows.len() / (width as usize * 4), rows[0])
        })
        .unwrap();
        // 10 rows in 4 bands: three of 3 rows, then the last row.
        assert_eq!(seen, [(3, 0), (3, 3), (3, 6), (1, 9)]);
        assert_eq!(data[data.len() - 4..], [9, 0, 0, 255]);
    }

    #[test]
    fn inside_the_pool_results_come_back_in_the_same_order() {
        let (width, height) = (3, 10);
        let seen = rayon::scope(|_| {
            let mut data = vec![0; width as usize * height as usize * 4];
            draw_in_bands_then(&mut data, width, height, shade, |rows| rows[0]).unwrap()
        });
        assert_eq!(seen, [0, 3, 6, 9]);
    }

    #[test]
    fn a_page_without_width_is_an_error_not_a_panic() {
        // A zero-width page has no pixmap to draw into.
        let mut data = vec![0; 16];
        assert!(draw_in_bands(&mut data, 0, 4, shade).is_err());
    }
}
