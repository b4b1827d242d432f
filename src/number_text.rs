//! Numbers as short decimal text: a whole number of tenths, hundredths or millionths written
//! with no trailing zeros, the form the SVG writer and the GIS exports both use.

/// Text that ASCII digits can be appended to: a `String` (SVG) or a byte buffer (exports).
///
/// ```
/// use chronomap::number_text::DecimalOut;
/// let mut s = String::from("x=");
/// s.push_ascii(b"12");
/// assert_eq!(s, "x=12");
/// ```
pub trait DecimalOut {
    /// Appends `ascii`, which holds only ASCII bytes.
    fn push_ascii(&mut self, ascii: &[u8]);
}

impl DecimalOut for String {
    fn push_ascii(&mut self, ascii: &[u8]) {
        self.extend(ascii.iter().map(|&b| char::from(b)));
    }
}

impl DecimalOut for Vec<u8> {
    fn push_ascii(&mut self, ascii: &[u8]) {
        self.extend_from_slice(ascii);
    }
}

/// Appends `scaled / 10^decimals` in decimal: the whole part, then a point and the fraction
/// only where it is not zero, with no trailing zeros (`decimals` is at most 18).
///
/// ```
/// use chronomap::number_text::push_scaled;
/// let mut s = String::new();
/// push_scaled(&mut s, -1_250, 3);
/// assert_eq!(s, "-1.25");
/// let mut b = Vec::new();
/// push_scaled(&mut b, 42_000_000, 6);
/// assert_eq!(b, b"42");
/// ```
pub fn push_scaled(out: &mut impl DecimalOut, scaled: i64, decimals: u32) {
    if scaled < 0 {
        out.push_ascii(b"-");
    }
    let n = scaled.unsigned_abs();
    let unit = 10u64.pow(decimals);
    let mut digits = itoa::Buffer::new();
    out.push_ascii(digits.format(n / unit).as_bytes());
    let mut frac = n % unit;
    if frac == 0 {
        return;
    }
    let mut width = decimals as usize;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    out.push_ascii(b".");
    let text = digits.format(frac);
    for _ in text.len()..width {
        out.push_ascii(b"0");
    }
    out.push_ascii(text.as_bytes());
}

/// `v` with at most `decimals` decimals and no trailing zeros; `-0` becomes `0`, and a value
/// that is not finite is written `0`.
///
/// ```
/// use chronomap::number_text::fixed;
/// assert_eq!(fixed(2.345, 2), "2.35");
/// assert_eq!(fixed(-0.001, 2), "0");
/// assert_eq!(fixed(12.5, 4), "12.5");
/// ```
pub fn fixed(v: f64, decimals: u32) -> String {
    let mut s = String::new();
    push_fixed(&mut s, v, decimals);
    s
}

/// Appends `v` as [`fixed`] writes it.
///
/// ```
/// let mut d = String::from("M");
/// chronomap::number_text::push_fixed(&mut d, 10.004, 2);
/// assert_eq!(d, "M10");
/// ```
///
/// Scaling to an integer and rounding gives the same digits as formatting with `{:.N}` except
/// when the scaled value lies within a hair of a half, where the float product may round the
/// other way; those rare values (and huge ones) go through the formatter.
pub fn push_fixed(out: &mut String, v: f64, decimals: u32) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let scaled = v * 10f64.powi(decimals as i32);
    let rounded = scaled.round();
    let near_half = ((scaled - scaled.trunc()).abs() - 0.5).abs() < 1e-6;
    if near_half || rounded.abs() >= 1e15 {
        out.push_str(&formatted(v, decimals));
        return;
    }
    push_scaled(out, rounded as i64, decimals); // |rounded| < 1e15
}

/// `v` through the standard formatter with `decimals` decimals, then trimmed as [`fixed`]
/// trims: the slow path for values near a half and huge ones.
fn formatted(v: f64, decimals: u32) -> String {
    let mut s = format!("{v:.prec$}", prec = decimals as usize);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_number_formatting_matches_the_formatter() {
        // Every value the fast path handles must give the digits `{:.N}` gives.
        let mut x = 0x9e3779b97f4a7c15u64;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 4 {
                0 => (x % 2_000_000) as f64 / 1000.0 - 1000.0,
                1 => (x % 100_000) as f64 / 100.0 * if x & 1 == 0 { 1.0 } else { -1.0 },
                2 => f64::from_bits(x) % 5000.0,
                _ => (x % 1000) as f64 * 0.005,
            };
            if !v.is_finite() {
                continue;
            }
            assert_eq!(fixed(v, 2), formatted(v, 2), "{v:e}");
            assert_eq!(fixed(v, 4), formatted(v, 4), "{v:e}");
        }
    }

    #[test]
    fn scaled_numbers_read_as_their_value() {
        let text = |n: i64, d: u32| {
            let mut s = String::new();
            push_scaled(&mut s, n, d);
            s
        };
        assert_eq!(text(0, 6), "0");
        assert_eq!(text(-1, 6), "-0.000001");
        assert_eq!(text(180_000_000, 6), "180");
        assert_eq!(text(1_050, 2), "10.5");
        assert_eq!(text(i64::MIN, 0), i64::MIN.to_string());
    }
}
