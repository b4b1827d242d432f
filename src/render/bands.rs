//! Drawing a page in a fixed number of horizontal bands on all cores, for both drawers
//! (the scene drawer of [`super::draw`] and resvg in [`super::raster`]), optionally handing
//! each finished band on in page order while the rest are still drawn.

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
        .ok_or(RenderError::Band { width, height: h })?;
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
                2 => Err(RenderError::PngEncoding("the disk is full".into())),
                _ => Ok(()),
            }
        });
        assert_eq!(
            result,
            Err(RenderError::PngEncoding("the disk is full".into()))
        );
        assert_eq!(calls, 2, "bands after the failing one are not handed over");
    }
}
