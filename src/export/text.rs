//! Writing numbers, dates and JSON strings straight into a byte buffer, and a chunked
//! writer: every format builds its text in one reused buffer with no `String` per field.

use super::layer::{Feature, Layer, round_coordinate};
use crate::model::{Day, PartialDate, Precision};
use std::io::{self, Write};

/// Appends a whole number in decimal.
pub(crate) fn push_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends `n` as exactly two digits (`n` < 100).
fn push_two(out: &mut Vec<u8>, n: u8) {
    out.extend_from_slice(&[b'0' + n / 10, b'0' + n % 10]);
}

/// Appends a year as `{:04}` writes it.
fn push_year(out: &mut Vec<u8>, year: i32) {
    if (0..10_000).contains(&year) {
        let y = year as u16; // in range
        out.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
        ]);
    } else {
        let _ = write!(out, "{year:04}");
    }
}

/// Appends a day as `YYYY-MM-DD`, the same text as its `Display`.
pub(crate) fn push_day(out: &mut Vec<u8>, day: Day) {
    push_year(out, day.year());
    out.push(b'-');
    push_two(out, day.month());
    out.push(b'-');
    push_two(out, day.day());
}

/// Appends a date exactly as written (`2017`, `2017-06`, `2017-06-24`), the same text as its
/// `Display`.
pub(crate) fn push_partial_date(out: &mut Vec<u8>, date: PartialDate) {
    let first = date.first_day();
    push_year(out, date.year());
    match date.precision() {
        Precision::Year => {}
        Precision::Month => {
            out.push(b'-');
            push_two(out, first.month());
        }
        Precision::Day => {
            out.push(b'-');
            push_two(out, first.month());
            out.push(b'-');
            push_two(out, first.day());
        }
    }
}

/// Appends a coordinate rounded to 6 decimals: the same text as
/// `round_coordinate(x).to_string()`, written from the whole number of micro-degrees
/// instead of through float formatting.
pub(crate) fn push_coordinate(out: &mut Vec<u8>, x: f64) {
    let micro = (x * 1e6).round();
    if micro.is_nan() || micro.abs() >= 1e15 {
        // Not finite, or too large for the integer path (never a longitude or latitude).
        let _ = write!(out, "{}", round_coordinate(x));
        return;
    }
    let micro = micro as i64; // |micro| < 1e15
    if micro == 0 {
        out.push(b'0');
        return;
    }
    if micro < 0 {
        out.push(b'-');
    }
    let a = micro.unsigned_abs();
    out.extend_from_slice(itoa::Buffer::new().format(a / 1_000_000).as_bytes());
    let mut frac = a % 1_000_000;
    if frac != 0 {
        let mut digits = 6;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        let mut buf = itoa::Buffer::new();
        let text = buf.format(frac);
        out.extend(std::iter::repeat_n(b'0', digits - text.len()));
        out.extend_from_slice(text.as_bytes());
    }
}

/// Appends `text` as a JSON string literal, as [`json_string`](super::json_string) writes it.
pub(crate) fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let width = match c {
            b'"' | b'\\' | 0..=0x1f => 1,
            // U+2028 and U+2029 (E2 80 A8/A9): valid JSON, but not valid JavaScript.
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[start..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0xe2 => {
                out.extend_from_slice(if b[i + 2] == 0xa8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
            }
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
            }
        }
        i += width;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Size at which a [`Chunked`] buffer is handed to its writer.
const CHUNK: usize = 256 * 1024;

/// A byte buffer that a format fills freely and that goes to the writer in large chunks:
/// no system call or error check per field, and memory bounded by the chunk size.
pub(crate) struct Chunked<'w> {
    /// The text not yet written.
    pub(crate) buf: Vec<u8>,
    out: &'w mut dyn Write,
}

impl<'w> Chunked<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> Chunked<'w> {
        Chunked {
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            out,
        }
    }

    /// Writes the buffer out once it has reached the chunk size.
    pub(crate) fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes whatever is left and flushes the writer.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

/// A text format written one feature at a time.
pub(crate) trait RowFormat {
    /// Appends what comes before the first feature.
    fn begin(&mut self, b: &mut Vec<u8>);
    /// Appends one feature.
    fn row(&mut self, b: &mut Vec<u8>, feature: &Feature);
    /// Appends what comes after the last feature.
    fn end(&mut self, b: &mut Vec<u8>);
}

/// Writes `layer` in each format into its writer, building each feature once for all of
/// them (a row costs more to build than to format at scale).
pub(crate) fn write_rows(
    layer: &Layer,
    outputs: &mut [(&mut dyn RowFormat, &mut dyn Write)],
) -> io::Result<()> {
    let mut chunks: Vec<(&mut dyn RowFormat, Chunked<'_>)> = outputs
        .iter_mut()
        .map(|(format, out)| (&mut **format, Chunked::new(&mut **out)))
        .collect();
    for (format, w) in &mut chunks {
        format.begin(&mut w.buf);
    }
    layer.for_each(|feature| {
        for (format, w) in chunks.iter_mut() {
            format.row(&mut w.buf, feature);
            w.flush_if_full()?;
        }
        Ok::<(), io::Error>(())
    })?;
    for (format, mut w) in chunks {
        format.end(&mut w.buf);
        w.finish()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn coordinates_read_as_the_float_formatting_of_the_rounded_value() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0,
            -0.0,
            1e-7,
            -1e-7,
            5e-7,
            -5e-7,
            0.5,
            -0.5,
            1.0,
            180.0,
            -180.0,
            90.0,
            0.000001,
            -0.000001,
            74.846391234,
            42.853064999,
            -179.9999994,
            179.9999996,
            0.1,
            0.7,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ];
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            values.push((unit - 0.5) * 360.0);
            values.push(((unit - 0.5) * 360.0 * 1e4).round() / 1e4);
        }
        for v in values {
            assert_eq!(
                text(|o| push_coordinate(o, v)),
                round_coordinate(v).to_string(),
                "{v:e}"
            );
        }
    }

    #[test]
    fn dates_read_as_their_display() {
        for s in ["2017", "2017-06", "2017-06-24", "0999", "0001-01-01"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(text(|o| push_partial_date(o, d)), d.to_string());
            assert_eq!(
                text(|o| push_day(o, d.last_day())),
                d.last_day().to_string()
            );
        }
    }

    #[test]
    fn json_strings_match_the_string_version() {
        for s in [
            "",
            "a \"b\"\n\u{1}\u{1f}\\",
            "\u{2028}x\u{2029}\u{2027}é",
            "\t\r",
        ] {
            assert_eq!(
                text(|o| push_json_string(o, s)),
                super::super::json_string(s)
            );
        }
    }

    #[test]
    fn integers() {
        assert_eq!(text(|o| push_int(o, -42)), "-42");
        assert_eq!(text(|o| push_int(o, i64::MIN)), i64::MIN.to_string());
    }
}
