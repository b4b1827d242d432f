//! A PNG encoder that takes an opaque page a few rows at a time, each group of rows filtered
//! and compressed on its own (on any thread), so that the bands of a page are encoded in
//! parallel, starting on the thread that drew each one.
//!
//! The file is an 8-bit RGB PNG: each row is filtered with `Sub` (each byte minus the byte
//! one pixel to its left), and every [`PIECE_ROWS`] rows of a band become one [`Piece`] of
//! the zlib stream ([`super::deflate`]). The chunks are `IHDR`, `pHYs`, any `iTXt`, one `IDAT`
//! and `IEND`. The bytes depend on the pixels and on where the bands and pieces are cut,
//! never on the thread count.

use super::deflate::{Piece, PieceWriter, append_zlib_stream};
use super::error::RenderError;
use std::io::Write;

/// An RGB PNG being written from RGBA rows; see [`PngStream::push_rows`].
///
/// ```
/// use chronomap::render::png_stream::PngStream;
/// let mut png = PngStream::new(2, 2, 96).unwrap();
/// png.push_rows(&[255, 0, 0, 255, 0, 0, 255, 255]).unwrap(); // a red and a blue pixel
/// png.push_rows(&[255; 8]).unwrap(); // two white pixels
/// let bytes = png.finish().unwrap();
/// assert_eq!(&bytes[1..4], b"PNG");
/// ```
pub struct PngStream {
    width: u32,
    height: u32,
    rows_written: u32,
    /// The file so far: signature, `IHDR`, `pHYs` and any `iTXt`.
    out: Vec<u8>,
    /// The compressed pieces, in page order.
    pieces: Vec<Piece>,
}

/// Rows of a picture filtered and compressed by [`encode_rows`], on any thread, for
/// [`PngStream::push_encoded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRows {
    width: u32,
    rows: u32,
    piece: Piece,
}

/// How many rows go into one compressed piece: a band is cut into pieces of this many rows,
/// coded in parallel, so that a thread done with its own band helps with another's. The
/// bytes depend on it (each piece has codes of its own), never on the number of threads.
pub const PIECE_ROWS: usize = 64;

/// Encodes a band of whole rows (see [`encode_rows`]) as pieces of [`PIECE_ROWS`] rows, on
/// all cores; the pieces in order.
///
/// ```
/// use chronomap::render::png_stream::{PIECE_ROWS, encode_band};
/// let band = vec![255u8; 3 * 4 * (PIECE_ROWS + 1)]; // 65 rows of three white pixels
/// assert_eq!(encode_band(&band, 3).unwrap().len(), 2);
/// ```
pub fn encode_band(rgba: &[u8], width: u32) -> Result<Vec<EncodedRows>, RenderError> {
    use rayon::prelude::*;
    let row_bytes = whole_rows(rgba, width)?;
    rgba.par_chunks(row_bytes * PIECE_ROWS)
        .map(|rows| encode_rows(rows, width))
        .collect()
}

/// Filters and compresses whole rows of opaque RGBA pixels (`width` pixels a row; alpha is
/// dropped), ready to be added to a [`PngStream`] of that width.
///
/// ```
/// use chronomap::render::png_stream::{PngStream, encode_rows};
/// let rows = [[9u8, 9, 9, 255]; 6].concat(); // two rows of three grey pixels
/// let (top, bottom) = rows.split_at(12);
/// // The two halves may be encoded on two threads.
/// let (a, b) = (encode_rows(top, 3).unwrap(), encode_rows(bottom, 3).unwrap());
/// let mut png = PngStream::new(3, 2, 96).unwrap();
/// png.push_encoded(a).unwrap();
/// png.push_encoded(b).unwrap();
/// assert!(png.finish().is_ok());
/// ```
pub fn encode_rows(rgba: &[u8], width: u32) -> Result<EncodedRows, RenderError> {
    let row_bytes = whole_rows(rgba, width)?;
    let rows = rgba.len() / row_bytes;
    let mut row = vec![0u8; 1 + width as usize * 3];
    // The codes are fitted to every fourth row.
    let mut sample = Vec::with_capacity(rows.div_ceil(4) * row.len());
    for pixels in rgba.chunks_exact(row_bytes).step_by(4) {
        filter_sub(pixels, &mut row);
        sample.extend_from_slice(&row);
    }
    let mut piece = PieceWriter::new(&sample, rows * row.len());
    for pixels in rgba.chunks_exact(row_bytes) {
        filter_sub(pixels, &mut row);
        piece.write(&row);
    }
    Ok(EncodedRows {
        width,
        rows: rows as u32,
        piece: piece.finish(),
    })
}

/// The bytes of one row of `width` RGBA pixels, when `rgba` is whole rows of them.
fn whole_rows(rgba: &[u8], width: u32) -> Result<usize, RenderError> {
    let row_bytes = width as usize * 4;
    if width == 0 || rgba.len() % row_bytes != 0 {
        return Err(RenderError::PartialRows {
            bytes: rgba.len(),
            width,
        });
    }
    Ok(row_bytes)
}

/// Filters one row of RGBA pixels into `out` (the filter byte, then RGB): PNG's `Sub`
/// filter, each byte minus the byte one pixel to its left.
fn filter_sub(rgba: &[u8], out: &mut [u8]) {
    out[0] = 1;
    let mut left = [0u8; 3];
    for (o, px) in out[1..].chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
        o[0] = px[0].wrapping_sub(left[0]);
        o[1] = px[1].wrapping_sub(left[1]);
        o[2] = px[2].wrapping_sub(left[2]);
        left = [px[0], px[1], px[2]];
    }
}

impl PngStream {
    /// Starts a `width`×`height` picture recording `dpi` dots per inch (rounded to dots per
    /// metre, as PNG stores it).
    pub fn new(width: u32, height: u32, dpi: u32) -> Result<PngStream, RenderError> {
        if width == 0 || height == 0 || width > i32::MAX as u32 || height > i32::MAX as u32 {
            return Err(RenderError::PngSize { width, height });
        }
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut header = Vec::with_capacity(13);
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&height.to_be_bytes());
        // 8 bits per sample, colour type 2 (RGB), deflate, adaptive filters, no interlace.
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        write_chunk(&mut out, b"IHDR", &header);
        let per_metre = (f64::from(dpi.max(1)) / 0.0254).round() as u32;
        let mut phys = Vec::with_capacity(9);
        phys.extend_from_slice(&per_metre.to_be_bytes());
        phys.extend_from_slice(&per_metre.to_be_bytes());
        phys.push(1); // the unit is the metre
        write_chunk(&mut out, b"pHYs", &phys);
        Ok(PngStream {
            width,
            height,
            rows_written: 0,
            out,
            pieces: Vec::new(),
        })
    }

    /// Adds an international text chunk (`iTXt`, UTF-8, uncompressed, no language tag)
    /// under `keyword`, such as `Description` (one of the keywords the PNG specification
    /// defines). Image viewers and screen-reader tooling read it as the picture's text.
    /// A keyword must be 1–79 Latin-1 printable characters without leading, trailing or
    /// double spaces; text may hold any characters but NUL, which is dropped.
    ///
    /// ```
    /// use chronomap::render::png_stream::PngStream;
    /// let mut png = PngStream::new(1, 1, 96).unwrap();
    /// png.add_text("Description", "Кант: active").unwrap();
    /// png.push_rows(&[255; 4]).unwrap();
    /// let bytes = png.finish().unwrap();
    /// let at = bytes.windows(4).position(|w| w == b"iTXt").unwrap();
    /// assert_eq!(&bytes[at + 4..at + 16], b"Description\0");
    /// assert!(at < bytes.windows(4).position(|w| w == b"IDAT").unwrap());
    /// ```
    pub fn add_text(&mut self, keyword: &str, text: &str) -> Result<(), RenderError> {
        let valid = (1..=79).contains(&keyword.len())
            && keyword.bytes().all(|b| (32..=126).contains(&b))
            && !keyword.starts_with(' ')
            && !keyword.ends_with(' ')
            && !keyword.contains("  ");
        if !valid {
            return Err(RenderError::PngKeyword(keyword.to_string()));
        }
        let mut data = Vec::with_capacity(keyword.len() + 5 + text.len());
        data.extend_from_slice(keyword.as_bytes());
        // Separator, compression flag (none), compression method, empty language tag and
        // empty translated keyword, each ended by NUL.
        data.extend_from_slice(&[0, 0, 0, 0, 0]);
        data.extend(text.bytes().filter(|&b| b != 0));
        // Text goes before the picture data, where readers that stop at `IDAT` see it.
        write_chunk(&mut self.out, b"iTXt", &data);
        Ok(())
    }

    /// Adds the next whole rows of the picture, as opaque RGBA (alpha is dropped), as one
    /// piece of the compressed data.
    pub fn push_rows(&mut self, rgba: &[u8]) -> Result<(), RenderError> {
        let encoded = encode_rows(rgba, self.width).map_err(|_| self.rows_error(rgba.len()))?;
        self.push_encoded(encoded)
    }

    /// Adds the next rows, encoded by [`encode_rows`] for a picture of this width.
    pub fn push_encoded(&mut self, rows: EncodedRows) -> Result<(), RenderError> {
        if rows.width != self.width || self.rows_written + rows.rows > self.height {
            return Err(self.rows_error(rows.rows as usize * rows.width as usize * 4));
        }
        self.rows_written += rows.rows;
        self.pieces.push(rows.piece);
        Ok(())
    }

    /// The error for `bytes` of rows that do not fit this picture.
    fn rows_error(&self, bytes: usize) -> RenderError {
        RenderError::PngRows {
            bytes,
            width: self.width,
            height: self.height,
            left: self.height - self.rows_written,
        }
    }

    /// Ends the picture and returns the PNG file. Every row must have been given.
    pub fn finish(self) -> Result<Vec<u8>, RenderError> {
        if self.rows_written != self.height {
            return Err(RenderError::PngIncomplete {
                written: self.rows_written,
                height: self.height,
            });
        }
        // The file is made at its final size: chunks so far, the IDAT chunk (length, type,
        // zlib header and trailer, pieces, CRC) and IEND.
        let compressed: usize = self.pieces.iter().map(Piece::compressed_len).sum();
        let mut out = Vec::with_capacity(self.out.len() + 12 + 8 + compressed + 12);
        out.extend_from_slice(&self.out);
        let idat_start = out.len();
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(b"IDAT");
        append_zlib_stream(&mut out, &self.pieces);
        let length = u32::try_from(out.len() - idat_start - 8)
            .ok()
            .filter(|&n| n <= i32::MAX as u32)
            .ok_or(RenderError::PngTooLarge)?;
        out[idat_start..idat_start + 4].copy_from_slice(&length.to_be_bytes());
        let crc = crc32fast::hash(&out[idat_start + 4..]);
        out.extend_from_slice(&crc.to_be_bytes());
        write_chunk(&mut out, b"IEND", &[]);
        Ok(out)
    }
}

/// Appends one chunk: length, type, data and the CRC of type and data.
fn write_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32fast::hash(&out[start..]);
    // Writing to a Vec cannot fail.
    let _ = out.write_all(&crc.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `png` crate's encoding of the same picture with the same settings.
    fn reference(rgba: &[u8], width: u32, height: u32, dpi: u32) -> Vec<u8> {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Sub);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&rgb).unwrap();
        writer.finish().unwrap();
        out
    }

    /// A map-like picture: flat areas, edges and some noise, so that it compresses.
    fn picture(width: u32, height: u32, seed: u32) -> Vec<u8> {
        let mut state = seed.wrapping_mul(2654435761).max(1);
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let area = ((x / 7 + y / 5) % 3) as u8;
                let noise = if state % 11 == 0 {
                    (state >> 8) as u8
                } else {
                    0
                };
                data.extend_from_slice(&[
                    200 - area * 40,
                    (220 - area * 30).wrapping_add(noise),
                    240,
                    255,
                ]);
            }
        }
        data
    }

    /// The pixels a PNG decodes to, as RGB.
    fn decoded(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn decodes_like_the_png_crate_whatever_the_rows_per_push_and_no_larger() {
        for (width, height, dpi, seed) in [(37, 23, 300, 2), (160, 100, 150, 3), (1600, 9, 96, 4)] {
            let rgba = picture(width, height, seed);
            let expected = reference(&rgba, width, height, dpi);
            // The header and resolution chunks are the png crate's, byte for byte.
            let chunks_before_data = expected.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
            for rows_per_push in [1, 4, height as usize] {
                let mut png = PngStream::new(width, height, dpi).unwrap();
                for rows in rgba.chunks(rows_per_push * width as usize * 4) {
                    png.push_rows(rows).unwrap();
                }
                let bytes = png.finish().unwrap();
                let what = format!("{width}×{height}, {rows_per_push} rows at a time");
                assert_eq!(
                    bytes[..chunks_before_data],
                    expected[..chunks_before_data],
                    "{what}"
                );
                assert_eq!(decoded(&bytes), decoded(&expected), "{what}");
                if rows_per_push == height as usize {
                    assert!(
                        bytes.len() <= expected.len(),
                        "{what}: {} > {}",
                        bytes.len(),
                        expected.len()
                    );
                }
            }
        }
    }

    #[test]
    fn rows_encoded_apart_give_the_bytes_of_the_same_rows_pushed() {
        let (width, height) = (64, 40);
        let rgba = picture(width, height, 9);
        let (top, bottom) = rgba.split_at(rgba.len() / 2);
        let mut pushed = PngStream::new(width, height, 96).unwrap();
        pushed.push_rows(top).unwrap();
        pushed.push_rows(bottom).unwrap();
        let mut encoded = PngStream::new(width, height, 96).unwrap();
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| encode_rows(top, width).unwrap());
            let b = s.spawn(|| encode_rows(bottom, width).unwrap());
            (a.join().unwrap(), b.join().unwrap())
        });
        encoded.push_encoded(a).unwrap();
        encoded.push_encoded(b).unwrap();
        assert_eq!(encoded.finish().unwrap(), pushed.finish().unwrap());
        // Rows of another width are refused.
        let mut other = PngStream::new(width + 1, height, 96).unwrap();
        assert!(
            other
                .push_encoded(encode_rows(top, width).unwrap())
                .is_err()
        );
        assert!(encode_rows(&top[..10], width).is_err());
    }

    /// Where compression does not pay (noise), the stream is still valid and decodes to the
    /// picture.
    #[test]
    fn an_incompressible_picture_still_decodes_to_its_pixels() {
        for (width, height) in [(50, 40), (1, 1)] {
            decodes_to_its_pixels(width, height);
        }
    }

    fn decodes_to_its_pixels(width: u32, height: u32) {
        let mut state = 12345u32;
        let rgba: Vec<u8> = (0..width * height)
            .flat_map(|_| {
                state = state.wrapping_mul(1664525).wrapping_add(1013904223);
                let [a, b, c, _] = state.to_le_bytes();
                [a, b, c, 255]
            })
            .collect();
        let mut png = PngStream::new(width, height, 72).unwrap();
        png.push_rows(&rgba).unwrap();
        let bytes = png.finish().unwrap();
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert_eq!(decoded(&bytes), (width, height, rgb));
    }

    #[test]
    fn missing_rows_partial_rows_and_extra_rows_are_errors() {
        let mut png = PngStream::new(2, 2, 96).unwrap();
        assert!(png.push_rows(&[0; 7]).is_err(), "not a whole row");
        png.push_rows(&[0; 8]).unwrap();
        assert!(
            png.push_rows(&[0; 16]).is_err(),
            "one row more than the picture"
        );
        let err = match png.finish() {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a PNG with a row missing was finished"),
        };
        assert!(err.contains("1 of its 2 rows"), "{err}");
        assert!(PngStream::new(0, 5, 96).is_err());
    }
}
