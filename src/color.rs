//! A colour as an RGB value: the one place a `#rgb`/`#rrggbb` string is read or written.
//!
//! Styles, scenes and every output (SVG, PNG, PDF, QML, KML, charts) carry a [`Color`];
//! each output formats it in its own notation from the three channels, so hex text is
//! parsed only by [`Color::parse`] and written only by [`Color::hex`].

use serde::Deserialize;
use std::fmt;

/// An opaque colour, eight bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Color {
    /// White, `#ffffff`.
    pub const WHITE: Color = Color::rgb(0xff, 0xff, 0xff);
    /// Black, `#000000`.
    pub const BLACK: Color = Color::rgb(0, 0, 0);

    /// A colour from its three channels.
    ///
    /// ```
    /// use chronomap::color::Color;
    /// assert_eq!(Color::rgb(0x1b, 0x6f, 0xb5).hex(), "#1b6fb5");
    /// ```
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// Parses `#rgb` or `#rrggbb` (any case, surrounding spaces ignored); `None` for
    /// anything else.
    ///
    /// ```
    /// use chronomap::color::Color;
    /// assert_eq!(Color::parse("#1B6FB5"), Some(Color::rgb(0x1b, 0x6f, 0xb5)));
    /// assert_eq!(Color::parse("#abc"), Some(Color::rgb(0xaa, 0xbb, 0xcc)));
    /// assert_eq!(Color::parse("blue"), None);
    /// assert_eq!(Color::parse("#12345"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Color> {
        parse_hex(s.trim())
    }

    /// A colour written in the code as `"#rrggbb"` or `"#rgb"`; in a `const` item a bad
    /// literal stops the build.
    ///
    /// ```
    /// use chronomap::color::Color;
    /// const INK: Color = Color::lit("#1f1f1f");
    /// assert_eq!(INK, Color::rgb(0x1f, 0x1f, 0x1f));
    /// ```
    pub const fn lit(s: &str) -> Color {
        match parse_hex(s) {
            Some(c) => c,
            None => panic!("not a #rgb or #rrggbb colour literal"),
        }
    }

    /// The colour as `#rrggbb`, lower case (as SVG and style files write it).
    ///
    /// ```
    /// use chronomap::color::Color;
    /// assert_eq!(Color::parse("#ABC").unwrap().hex(), "#aabbcc");
    /// ```
    pub fn hex(self) -> String {
        self.to_string()
    }
}

/// Reads `#rgb` or `#rrggbb` exactly (no spaces): the parser behind [`Color::parse`] and
/// [`Color::lit`].
const fn parse_hex(s: &str) -> Option<Color> {
    let s = s.as_bytes();
    let (hex, n) = match s.split_first() {
        Some((b'#', rest)) => (rest, rest.len()),
        _ => return None,
    };
    if n != 3 && n != 6 {
        return None;
    }
    let mut v = [0u8; 6];
    let mut i = 0;
    while i < n {
        v[i] = match hex_digit(hex[i]) {
            Some(d) => d,
            None => return None,
        };
        i += 1;
    }
    Some(if n == 3 {
        Color::rgb(v[0] * 17, v[1] * 17, v[2] * 17)
    } else {
        Color::rgb(v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5])
    })
}

/// The value of one hexadecimal digit.
const fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Color {
    /// Writes `#rrggbb`, lower case.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{s:?} is not a colour; write it as \"#rrggbb\" (for example \"#1b6fb5\")"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_hex_round_trip_every_channel_value() {
        for v in 0..=255u8 {
            let c = Color::rgb(v, 255 - v, v / 3);
            assert_eq!(Color::parse(&c.hex()), Some(c));
            assert_eq!(Color::parse(&c.hex().to_uppercase()), Some(c));
        }
    }

    #[test]
    fn parse_refuses_what_is_not_a_hex_colour() {
        for bad in [
            "", "#", "#ff", "#ffff", "#fffffff", "ffffff", "#gg0000", "none", "#ff 000",
        ] {
            assert_eq!(Color::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Color::parse("  #F00 "), Some(Color::rgb(255, 0, 0)));
    }

    #[test]
    fn a_bad_style_colour_is_named_in_the_error() {
        let e = serde_json::from_str::<Color>("\"blue\"").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("\"blue\" is not a colour; write it as \"#rrggbb\""),
            "{e}"
        );
    }
}
