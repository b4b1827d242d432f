//! Field values as text, written straight into a byte buffer: whole numbers, dates and
//! coordinates, so every format builds its text in one reused buffer with no `String` per
//! field.

use crate::model::{Day, PartialDate, Precision};
use crate::number_text::push_scaled;
use std::io::Write;

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
    // |micro| < 1e15; zero (also from a negative value) is written `0`.
    push_scaled(out, micro as i64, 6);
}

/// Rounds a coordinate to 6 decimals (about 0.1 m), the precision every export writes.
/// Negative zero becomes zero, so the text never reads `-0`.
///
/// ```
/// use chronomap::export::round_coordinate;
/// assert_eq!(round_coordinate(74.846391234), 74.846391);
/// assert_eq!(round_coordinate(-0.0000001).to_string(), "0");
/// ```
pub fn round_coordinate(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
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
    fn integers() {
        assert_eq!(text(|o| push_int(o, -42)), "-42");
        assert_eq!(text(|o| push_int(o, i64::MIN)), i64::MIN.to_string());
    }
}
