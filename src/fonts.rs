//! The fonts chronomap ships (DejaVu Sans) and the text metrics that label placement relies on.
//!
//! Layout measures text with exactly the faces the rasterizer and the PDF writer embed, so a
//! label box computed here is the box the reader sees. Widths are the sum of the glyph
//! advances plus the font's kerning pairs, which is what the shaper produces for Latin and
//! Cyrillic text.

use std::sync::OnceLock;
use ttf_parser::Face;

/// The font family name written into SVG files; the only family chronomap uses.
pub const FAMILY: &str = "DejaVu Sans";

/// A style of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    /// Upright, normal weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Slanted, normal weight (used for water names).
    Oblique,
}

impl FontStyle {
    /// The bytes of the TrueType file for this style.
    pub fn data(self) -> &'static [u8] {
        match self {
            FontStyle::Regular => dejavu::sans::regular(),
            FontStyle::Bold => dejavu::sans::bold(),
            FontStyle::Oblique => dejavu::sans::oblique(),
        }
    }

    fn face(self) -> Option<&'static Face<'static>> {
        static FACES: OnceLock<[Option<Face<'static>>; 3]> = OnceLock::new();
        let faces = FACES.get_or_init(|| {
            [
                Face::parse(FontStyle::Regular.data(), 0).ok(),
                Face::parse(FontStyle::Bold.data(), 0).ok(),
                Face::parse(FontStyle::Oblique.data(), 0).ok(),
            ]
        });
        let i = match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Oblique => 2,
        };
        faces[i].as_ref()
    }
}

/// The advance width of `text` set at `size` units, in the same units.
///
/// Characters the font lacks are measured as the replacement glyph, and a missing font
/// falls back to a generous 0.62 em per character, so a width is never too small by much.
///
/// ```
/// use chronomap::fonts::{text_width, FontStyle};
/// let w = text_width("Kant", 12.0, FontStyle::Regular);
/// assert!(w > 20.0 && w < 35.0);
/// assert!(text_width("Kant", 12.0, FontStyle::Bold) > w);
/// ```
pub fn text_width(text: &str, size: f64, style: FontStyle) -> f64 {
    let Some(face) = style.face() else {
        return text.chars().count() as f64 * size * 0.62;
    };
    let upem = f64::from(face.units_per_em().max(1));
    let mut end = 0i64;
    set_glyphs(face, text, |_, _, next| end = next);
    end as f64 * size / upem
}

/// One glyph of a line of text, placed in font units from the start of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedGlyph {
    /// The glyph in the face (0, the replacement glyph, for a character the face lacks).
    pub glyph: ttf_parser::GlyphId,
    /// Where the glyph's origin sits, in font units from the start of the line.
    pub x: i64,
}

/// Sets `text` in one line the way [`text_width`] measures it: glyph advances plus kerning
/// pairs, control characters skipped. Returns the glyphs, the face's units per em, and the
/// line's advance width in font units; `None` if the face cannot be read.
///
/// ```
/// use chronomap::fonts::{set_line, text_width, FontStyle};
/// let (glyphs, upem, width) = set_line("AV", FontStyle::Regular).unwrap();
/// assert_eq!(glyphs.len(), 2);
/// // "AV" is a kerning pair: the V starts before the end of the A's advance.
/// assert!(glyphs[1].x > 0);
/// assert!((width as f64 * 10.0 / f64::from(upem) - text_width("AV", 10.0, FontStyle::Regular)).abs() < 1e-9);
/// ```
pub fn set_line(text: &str, style: FontStyle) -> Option<(Vec<PlacedGlyph>, u16, i64)> {
    let face = style.face()?;
    let mut glyphs = Vec::with_capacity(text.len());
    let mut end = 0;
    set_glyphs(face, text, |glyph, x, next| {
        glyphs.push(PlacedGlyph { glyph, x });
        end = next;
    });
    Some((glyphs, face.units_per_em().max(1), end))
}

/// Appends the outline of `glyph` to `builder`, in font units with y up; the bounding box,
/// or `None` for a glyph without outline (a space).
pub fn outline_glyph(
    style: FontStyle,
    glyph: ttf_parser::GlyphId,
    builder: &mut dyn ttf_parser::OutlineBuilder,
) -> Option<ttf_parser::Rect> {
    style.face()?.outline_glyph(glyph, builder)
}

/// Walks `text` glyph by glyph: `place(glyph, x, next_x)` with the glyph's origin and the
/// pen position after it, in font units. Kerning moves the glyph it precedes.
fn set_glyphs(face: &Face<'_>, text: &str, mut place: impl FnMut(ttf_parser::GlyphId, i64, i64)) {
    let mut pen = Pen::default();
    for c in text.chars() {
        if let Some((glyph, x)) = pen.step(face, c) {
            place(glyph, x, pen.x);
        }
    }
}

/// Where the next glyph of a line goes, and the glyph before it (for kerning).
#[derive(Debug, Clone, Copy, Default)]
struct Pen {
    x: i64,
    previous: Option<ttf_parser::GlyphId>,
}

impl Pen {
    /// Sets `c` (nothing for a control character): its glyph and origin; the pen moves on.
    fn step(&mut self, face: &Face<'_>, c: char) -> Option<(ttf_parser::GlyphId, i64)> {
        if c.is_control() {
            return None;
        }
        let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        if let (Some(prev), Some(kern)) = (self.previous, face.tables().kern) {
            let pair = kern
                .subtables
                .into_iter()
                .filter(|sub| sub.horizontal && !sub.variable)
                .find_map(|sub| sub.glyphs_kerning(prev, glyph));
            self.x += pair.map_or(0, i64::from);
        }
        let origin = self.x;
        self.x += i64::from(face.glyph_hor_advance(glyph).unwrap_or(0));
        self.previous = Some(glyph);
        Some((glyph, origin))
    }
}

/// A line of text measured as it grows: its width is [`text_width`] of everything pushed,
/// without setting the line again from its start, so filling a line word by word costs
/// each word once.
///
/// ```
/// use chronomap::fonts::{GrowingLine, text_width, FontStyle};
/// let mut line = GrowingLine::new(FontStyle::Regular);
/// line.push("Kant");
/// line.push(" Avia");
/// assert_eq!(line.width(12.0), text_width("Kant Avia", 12.0, FontStyle::Regular));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct GrowingLine {
    style: FontStyle,
    pen: Pen,
    /// Characters pushed, for the width without a font.
    chars: usize,
}

impl GrowingLine {
    /// An empty line in `style`.
    pub fn new(style: FontStyle) -> GrowingLine {
        GrowingLine {
            style,
            pen: Pen::default(),
            chars: 0,
        }
    }

    /// Adds `text` at the end of the line.
    pub fn push(&mut self, text: &str) {
        self.chars += text.chars().count();
        if let Some(face) = self.style.face() {
            for c in text.chars() {
                self.pen.step(face, c);
            }
        }
    }

    /// The width of the line set at `size`, as [`text_width`] measures it.
    pub fn width(&self, size: f64) -> f64 {
        match self.style.face() {
            Some(face) => self.pen.x as f64 * size / f64::from(face.units_per_em().max(1)),
            None => self.chars as f64 * size * 0.62,
        }
    }
}

/// The ascent (above the baseline) and descent (below it, positive) of the font at `size`.
///
/// ```
/// let (up, down) = chronomap::fonts::vertical_extent(10.0);
/// assert!(up > 7.0 && up < 10.0 && down > 1.5 && down < 3.5);
/// ```
pub fn vertical_extent(size: f64) -> (f64, f64) {
    match FontStyle::Regular.face() {
        Some(face) => {
            let upem = f64::from(face.units_per_em().max(1));
            // Cap height plus a little for accents is what Latin labels occupy; the full
            // ascender (0.93 em) would make boxes needlessly tall.
            let cap = f64::from(face.capital_height().unwrap_or(1493));
            let descent = -f64::from(face.descender());
            ((cap / upem + 0.06) * size, (descent / upem) * size * 0.9)
        }
        None => (0.8 * size, 0.24 * size),
    }
}
