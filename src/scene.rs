//! The scene: one resolved page of shapes, text and images in page units — what layout
//! produces and every renderer consumes.
//!
//! Invariants: coordinates are page units with y growing downwards; layers and items are in
//! paint order, bottom first; every colour, size and word is final, so a renderer makes no
//! cartographic decision. A scene knows nothing of sites or events. The SVG writer
//! ([`crate::render::svg`]) turns it into text, the drawer ([`crate::render::draw`]) into
//! pixels, and the PDF writer works from the SVG text.

use crate::color::Color;
use crate::fonts::FontStyle;

/// A point on the page, in page units (y grows downwards).
pub type Pt = (f64, f64);

/// A whole page: its size in page units, its size on output, and its layers in paint order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in page units (the SVG `viewBox`).
    pub width: f64,
    /// Height in page units.
    pub height: f64,
    /// Width of the output in pixels (the SVG `width`).
    pub pixel_width: u32,
    /// Height of the output in pixels.
    pub pixel_height: u32,
    /// The page colour, painted under everything.
    pub background: Color,
    /// The document title (written as SVG `<title>`).
    pub title: String,
    /// What the page shows, in plain words, for readers who do not see it (SVG `<desc>`,
    /// PNG `iTXt` "Description", PDF subject). Empty when there is nothing to say.
    pub description: String,
    /// The layers, bottom first. Each becomes a `<g id=…>` group.
    pub layers: Vec<Layer>,
}

/// A named group of items, written as `<g id="…">` so that drawing programs show it as a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The group id, such as `basemap` or `labels`.
    pub id: String,
    /// The items, bottom first.
    pub items: Vec<Item>,
}

impl Layer {
    /// An empty layer.
    ///
    /// ```
    /// let layer = chronomap::scene::Layer::new("labels");
    /// assert!(layer.items.is_empty());
    /// ```
    pub fn new(id: &str) -> Layer {
        Layer {
            id: id.to_string(),
            items: Vec::new(),
        }
    }
}

/// How a shape is painted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paint {
    /// Fill colour, or none.
    pub fill: Option<Color>,
    /// Stroke colour, or none.
    pub stroke: Option<Color>,
    /// Stroke width in page units.
    pub stroke_width: f64,
    /// Dash pattern in page units, empty for a solid line.
    pub dash: Vec<f64>,
    /// Opacity of the whole shape, 1 for opaque.
    pub opacity: f64,
}

impl Paint {
    /// A filled shape without an outline.
    pub fn fill(color: Color) -> Paint {
        Paint {
            fill: Some(color),
            opacity: 1.0,
            ..Paint::default()
        }
    }

    /// An outline without a fill.
    pub fn stroke(color: Color, width: f64) -> Paint {
        Paint {
            stroke: Some(color),
            stroke_width: width,
            opacity: 1.0,
            ..Paint::default()
        }
    }

    /// A filled shape with an outline.
    pub fn fill_stroke(fill: Color, stroke: Color, width: f64) -> Paint {
        Paint {
            fill: Some(fill),
            stroke: Some(stroke),
            stroke_width: width,
            opacity: 1.0,
            ..Paint::default()
        }
    }

    /// The same paint with a dash pattern.
    pub fn dashed(mut self, dash: &[f64]) -> Paint {
        self.dash = dash.to_vec();
        self
    }

    /// The same paint at an opacity.
    pub fn with_opacity(mut self, opacity: f64) -> Paint {
        self.opacity = opacity;
        self
    }
}

/// Horizontal alignment of text relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

/// A run of text on one line; `y` is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Anchor point x.
    pub x: f64,
    /// Baseline y.
    pub y: f64,
    /// The text, unescaped.
    pub text: String,
    /// Font size in page units.
    pub size: f64,
    /// Which face.
    pub style: FontStyle,
    /// Alignment to `x`.
    pub anchor: Anchor,
    /// Text colour.
    pub color: Color,
    /// A halo behind the letters: colour and width.
    pub halo: Option<(Color, f64)>,
    /// Extra space between letters, in page units.
    pub letter_spacing: f64,
    /// Opacity, 1 for opaque.
    pub opacity: f64,
}

impl Text {
    /// Plain text: regular, left-aligned, dark grey, no halo.
    ///
    /// ```
    /// use chronomap::scene::{Anchor, Text};
    /// let t = Text::new(10.0, 20.0, "Osh", 12.0).anchor(Anchor::Middle);
    /// assert_eq!(t.text, "Osh");
    /// ```
    pub fn new(x: f64, y: f64, text: &str, size: f64) -> Text {
        Text {
            x,
            y,
            text: text.to_string(),
            size,
            style: FontStyle::Regular,
            anchor: Anchor::Start,
            color: Color::lit("#222222"),
            halo: None,
            letter_spacing: 0.0,
            opacity: 1.0,
        }
    }

    /// Sets the face.
    pub fn style(mut self, style: FontStyle) -> Text {
        self.style = style;
        self
    }

    /// Sets the alignment.
    pub fn anchor(mut self, anchor: Anchor) -> Text {
        self.anchor = anchor;
        self
    }

    /// Sets the colour.
    pub fn color(mut self, color: Color) -> Text {
        self.color = color;
        self
    }

    /// Adds a halo.
    pub fn halo(mut self, color: Color, width: f64) -> Text {
        self.halo = Some((color, width));
        self
    }

    /// Sets the letter spacing.
    pub fn spacing(mut self, spacing: f64) -> Text {
        self.letter_spacing = spacing;
        self
    }

    /// Sets the opacity.
    pub fn opacity(mut self, opacity: f64) -> Text {
        self.opacity = opacity;
        self
    }
}

/// One drawable thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Polylines and polygons: each inner vector is one ring or line; `closed` closes them.
    Path {
        /// The parts.
        parts: Vec<Vec<Pt>>,
        /// Whether each part is closed (a polygon ring); rings fill with the even-odd rule.
        closed: bool,
        /// How it is painted.
        paint: Paint,
    },
    /// A circle.
    Circle {
        /// Centre.
        center: Pt,
        /// Radius.
        r: f64,
        /// How it is painted.
        paint: Paint,
    },
    /// An axis-aligned rectangle.
    Rect {
        /// Top-left corner x.
        x: f64,
        /// Top-left corner y.
        y: f64,
        /// Width.
        w: f64,
        /// Height.
        h: f64,
        /// How it is painted.
        paint: Paint,
    },
    /// A line of text.
    Text(Text),
    /// A nested group, optionally with an id and a tooltip-like `<title>`.
    Group {
        /// The group's id, if any (must be unique in the page).
        id: Option<String>,
        /// A title shown as a tooltip by browsers.
        title: Option<String>,
        /// The items.
        items: Vec<Item>,
    },
    /// A picture stretched over a rectangle of the page, such as the shaded relief.
    Image {
        /// Top-left corner x.
        x: f64,
        /// Top-left corner y.
        y: f64,
        /// Width on the page.
        w: f64,
        /// Height on the page.
        h: f64,
        /// The pixels, shared so that every year of a series holds the same picture.
        image: std::sync::Arc<Raster>,
    },
    /// A group moved and scaled as a whole, such as one map of a small-multiples sheet.
    Placed {
        /// The group's id (unique in the page).
        id: String,
        /// Where the group's origin goes, x.
        x: f64,
        /// Where the group's origin goes, y.
        y: f64,
        /// Scale from the group's units to page units.
        scale: f64,
        /// The items.
        items: Vec<Item>,
    },
}

impl From<Text> for Item {
    /// A text as a page item.
    fn from(text: Text) -> Item {
        Item::Text(text)
    }
}

/// A grey picture with transparency, kept as pixels (for drawing) and as a PNG (for the
/// SVG), encoded the first time it is asked for and then kept.
///
/// A picture may also be *deferred*: made by a recipe the first time its pixels are asked
/// for, and named by a key that the recipe's inputs determine. Two deferred pictures with
/// the same key are the same picture, so a page can be recognised (and its drawing reused
/// from a cache) without making its pictures at all.
#[derive(Clone)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    pixels: std::sync::OnceLock<Vec<u8>>,
    recipe: Option<Recipe>,
    png: std::sync::OnceLock<Vec<u8>>,
}

/// How a deferred picture is made, and the key that names the result.
#[derive(Clone)]
struct Recipe {
    key: [u64; 2],
    make: std::sync::Arc<dyn Fn() -> Vec<u8> + Send + Sync>,
}

impl std::fmt::Debug for Raster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Raster")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("key", &self.recipe.as_ref().map(|r| r.key))
            .finish_non_exhaustive()
    }
}

impl PartialEq for Raster {
    /// Pictures are equal when their pixels are, whether or not a PNG has been made yet;
    /// two deferred pictures are equal when their keys are (their pixels are not made).
    fn eq(&self, other: &Raster) -> bool {
        if (self.width, self.height) != (other.width, other.height) {
            return false;
        }
        match (&self.recipe, &other.recipe) {
            (Some(a), Some(b)) => a.key == b.key,
            _ => self.grey_alpha() == other.grey_alpha(),
        }
    }
}

impl Eq for Raster {}

impl Raster {
    /// A picture from `width`×`height` grey-and-alpha pairs; None if the sizes disagree or
    /// the picture is empty.
    ///
    /// ```
    /// let r = chronomap::scene::Raster::new(2, 1, vec![0, 255, 255, 0]).unwrap();
    /// assert_eq!(&r.png()[1..4], b"PNG");
    /// assert!(chronomap::scene::Raster::new(2, 2, vec![0; 4]).is_none());
    /// ```
    pub fn new(width: u32, height: u32, grey_alpha: Vec<u8>) -> Option<Raster> {
        if width == 0 || height == 0 || grey_alpha.len() != width as usize * height as usize * 2 {
            return None;
        }
        Some(Raster {
            width,
            height,
            pixels: std::sync::OnceLock::from(grey_alpha),
            recipe: None,
            png: std::sync::OnceLock::new(),
        })
    }

    /// A picture whose pixels `make` computes the first time they are asked for; `key`
    /// must change whenever what `make` would compute does. None for an empty size.
    ///
    /// ```
    /// use chronomap::scene::Raster;
    /// let r = Raster::deferred(2, 1, [7, 7], || vec![0, 255, 255, 0]).unwrap();
    /// assert_eq!(r.key(), Some([7, 7]));
    /// assert_eq!(r.grey_alpha(), &[0, 255, 255, 0]);
    /// ```
    pub fn deferred(
        width: u32,
        height: u32,
        key: [u64; 2],
        make: impl Fn() -> Vec<u8> + Send + Sync + 'static,
    ) -> Option<Raster> {
        if width == 0 || height == 0 {
            return None;
        }
        Some(Raster {
            width,
            height,
            pixels: std::sync::OnceLock::new(),
            recipe: Some(Recipe {
                key,
                make: std::sync::Arc::new(make),
            }),
            png: std::sync::OnceLock::new(),
        })
    }

    /// The key of a deferred picture; None for one made from its pixels.
    pub fn key(&self) -> Option<[u64; 2]> {
        self.recipe.as_ref().map(|r| r.key)
    }

    /// The grey-and-alpha pairs, row by row from the top (made now if deferred). A recipe
    /// that gives the wrong number of bytes gives a transparent picture instead.
    pub fn grey_alpha(&self) -> &[u8] {
        self.pixels.get_or_init(|| {
            let size = self.width as usize * self.height as usize * 2;
            match &self.recipe {
                Some(r) => Some((r.make)()).filter(|p| p.len() == size),
                None => None,
            }
            .unwrap_or_else(|| vec![0; size])
        })
    }

    /// Gives a deferred picture its PNG file, made before by an earlier run from the same
    /// key (the encoding depends only on the pixels, so it is the file [`Raster::png`] would
    /// make). False, and nothing changes, when the picture is not deferred or already has
    /// one.
    pub fn offer_png(&self, png: Vec<u8>) -> bool {
        self.recipe.is_some() && self.png.set(png).is_ok()
    }

    /// The picture as a PNG file (colour type 4, grey with alpha).
    pub fn png(&self) -> &[u8] {
        self.png
            .get_or_init(|| grey_alpha_png(self.width, self.height, self.grey_alpha()))
    }
}

/// A PNG of grey-and-alpha pixels: no filtering (the relief is mostly flat, which deflate
/// handles well), no other chunks, so the bytes depend only on the pixels.
fn grey_alpha_png(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let row = width as usize * 2;
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in pixels.chunks_exact(row) {
        raw.push(0);
        raw.extend_from_slice(line);
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits per sample, colour type 4 (grey and alpha), deflate, no filter, no interlace.
    header.extend_from_slice(&[8, 4, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &fdeflate::compress_to_vec(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}
