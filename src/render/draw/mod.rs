//! Scene to pixels without an SVG round trip: shapes and glyph outlines drawn straight with
//! tiny-skia, the rasterizer resvg itself uses.
//!
//! Drawing works in two steps. First the scene becomes a display list in pixel space: every
//! path transformed once, every stroke wider than a pixel turned into the outline it fills
//! (so it is computed once, not once per band), every text turned into glyph outlines set
//! exactly as [`crate::fonts::text_width`] measured them for the layout, and every small
//! shape that repeats (a site symbol, a dot) drawn once per paint and quarter-pixel position
//! as a stamp. Then the page is cut into [`BANDS`](super::bands::BANDS) horizontal bands,
//! drawn in parallel, each skipping what lies outside it. An [`Underlay`] keeps the pixels of
//! the layers a series shares (the basemap), so each year draws only what lies above them.
//!
//! Paint follows the SVG the same scene is written as: fill under stroke, round caps,
//! even-odd rings, a halo stroked under its text, and `opacity` on a shape with both a fill
//! and a stroke applied to the shape as a whole (drawn in a layer of its own). Joins are
//! round, except on strokes under 3 px, where a bevel is within a tenth of a pixel of it.

mod display_list;
mod glyphs;
mod ops;
mod shapes;
mod stamps;
#[cfg(test)]
mod tests;

use super::bands::draw_in_bands_then;
use super::error::{RenderError, check_size};
use super::png_stream::{PngStream, encode_band};
use super::raster::Rgba;
use crate::color::Color as SceneColor;
use crate::scene::Scene;
use display_list::display_list;
use ops::{Affine, Band, skia_color};

/// Draws `scene` at exactly `width`×`height` pixels on its opaque background.
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut layer = Layer::new("shapes");
/// layer.items.push(Item::Rect { x: 0.0, y: 0.0, w: 5.0, h: 10.0, paint: Paint::fill(Color::lit("#ff0000")) });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
///     background: chronomap::color::Color::WHITE, title: "t".into(), description: String::new(), layers: vec![layer] };
/// let img = chronomap::render::draw::draw(&scene, 20, 20).unwrap();
/// assert_eq!(&img.data[..4], &[255, 0, 0, 255]); // left half red
/// assert_eq!(&img.data[15 * 4..16 * 4], &[255, 255, 255, 255]); // right half the page
/// ```
pub fn draw(scene: &Scene, width: u32, height: u32) -> Result<Rgba, RenderError> {
    draw_from(scene, None, width, height)
}

/// The first layers of a page drawn once, to draw many pages that share them (the basemap
/// of every year of a series) without drawing those layers again.
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::render::draw::{Underlay, draw, draw_from};
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut base = Layer::new("basemap");
/// base.items.push(Item::Rect { x: 0.0, y: 0.0, w: 10.0, h: 5.0, paint: Paint::fill(Color::lit("#00ff00")) });
/// let mut sites = Layer::new("sites");
/// sites.items.push(Item::Circle { center: (5.0, 5.0), r: 2.0, paint: Paint::fill(Color::lit("#ff0000")) });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
///     background: chronomap::color::Color::WHITE, title: "t".into(), description: String::new(), layers: vec![base, sites] };
/// let underlay = Underlay::new(&scene, 1, 20, 20).unwrap();
/// assert_eq!(draw_from(&scene, Some(&underlay), 20, 20).unwrap(), draw(&scene, 20, 20).unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Underlay {
    background: SceneColor,
    layers: Vec<crate::scene::Layer>,
    pixels: Rgba,
}

impl Underlay {
    /// Draws the first `layers` layers of `scene` at `width`×`height` pixels.
    pub fn new(
        scene: &Scene,
        layers: usize,
        width: u32,
        height: u32,
    ) -> Result<Underlay, RenderError> {
        let base = Scene {
            layers: scene.layers[..layers.min(scene.layers.len())].to_vec(),
            ..scene.clone()
        };
        let pixels = draw(&base, width, height)?;
        Ok(Underlay {
            background: base.background,
            layers: base.layers,
            pixels,
        })
    }

    /// An underlay of the first `layers` layers of `scene` from pixels drawn before (see
    /// [`super::underlay_cache`]); None when the pixels are not a whole page.
    pub fn from_pixels(scene: &Scene, layers: usize, pixels: Rgba) -> Option<Underlay> {
        let size = pixels.width as usize * pixels.height as usize * 4;
        (pixels.width > 0 && pixels.height > 0 && pixels.data.len() == size).then(|| Underlay {
            background: scene.background,
            layers: scene.layers[..layers.min(scene.layers.len())].to_vec(),
            pixels,
        })
    }

    /// The drawn pixels.
    pub fn pixels(&self) -> &Rgba {
        &self.pixels
    }

    /// Whether `scene` starts with exactly these layers, at this size and background.
    fn fits(&self, scene: &Scene, width: u32, height: u32) -> bool {
        self.pixels.width == width
            && self.pixels.height == height
            && self.background == scene.background
            && scene.layers.get(..self.layers.len()) == Some(&self.layers[..])
    }
}

/// Draws `scene` like [`draw`], starting from `underlay`'s pixels and drawing only the layers
/// after it when the scene starts with the underlay's layers. A scene that does not (another
/// basemap, another size) is drawn whole, so the pixels are always those of [`draw`].
pub fn draw_from(
    scene: &Scene,
    underlay: Option<&Underlay>,
    width: u32,
    height: u32,
) -> Result<Rgba, RenderError> {
    let (data, _) = paint(scene, Start::from(underlay), width, height, |_| ())?;
    // The page is opaque, so premultiplied and straight alpha are the same bytes.
    Ok(Rgba {
        width,
        height,
        data,
    })
}

/// Draws `scene` like [`draw`] and encodes it as a PNG recording `dpi`, each band encoded (in
/// pieces, on all cores) as soon as it is drawn, while other bands are still being drawn. The bytes are those of
/// [`encode_png`](super::raster::encode_png) of [`draw`].
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::render::draw::{draw, draw_png};
/// use chronomap::render::raster::encode_png;
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut layer = Layer::new("shapes");
/// layer.items.push(Item::Circle { center: (5.0, 5.0), r: 3.0, paint: Paint::fill(Color::lit("#336699")) });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 40, pixel_height: 40,
///     background: chronomap::color::Color::WHITE, title: "t".into(), description: String::new(), layers: vec![layer] };
/// let png = draw_png(&scene, 40, 40, 96).unwrap();
/// assert_eq!(png, encode_png(&draw(&scene, 40, 40).unwrap(), 96).unwrap());
/// ```
pub fn draw_png(scene: &Scene, width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, RenderError> {
    draw_png_over(scene, None, width, height, dpi)
}

/// [`draw_png`] starting from `underlay` (see [`draw_from`]): the same bytes, drawing only
/// the layers above it when the scene starts with its layers.
pub fn draw_png_over(
    scene: &Scene,
    underlay: Option<&Underlay>,
    width: u32,
    height: u32,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    draw_png_from_start(scene, Start::from(underlay), width, height, dpi)
}

/// Draws and encodes the page from `start`, each band encoded as soon as it is drawn.
fn draw_png_from_start(
    scene: &Scene,
    start: Start<'_>,
    width: u32,
    height: u32,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    check_size(width, height)?;
    let mut png = PngStream::new(width, height, dpi)?;
    if !scene.description.is_empty() {
        png.add_text("Description", &scene.description)?;
    }
    let (_, bands) = paint(scene, start, width, height, |rows| encode_band(rows, width))?;
    for band in bands {
        for piece in band? {
            png.push_encoded(piece)?;
        }
    }
    png.finish()
}

/// [`draw_png_over`] taking the underlay's pixels over instead of copying them: for a
/// drawing read from the cache, used once.
pub fn draw_png_over_owned(
    scene: &Scene,
    underlay: Underlay,
    width: u32,
    height: u32,
    dpi: u32,
) -> Result<Vec<u8>, RenderError> {
    draw_png_from_start(scene, Start::Owned(underlay), width, height, dpi)
}

/// Where a page's drawing starts: an empty page, or a basemap drawn before, lent or given.
enum Start<'a> {
    Empty,
    Lent(&'a Underlay),
    Owned(Underlay),
}

impl<'a> From<Option<&'a Underlay>> for Start<'a> {
    fn from(underlay: Option<&'a Underlay>) -> Start<'a> {
        underlay.map_or(Start::Empty, Start::Lent)
    }
}

impl Start<'_> {
    /// The layers already drawn and the pixels to draw the rest over, when the underlay
    /// fits the scene (see [`Underlay::fits`]); None to draw the whole page.
    fn pixels(self, scene: &Scene, width: u32, height: u32) -> Option<(usize, Vec<u8>)> {
        match self {
            Start::Empty => None,
            Start::Lent(u) => u
                .fits(scene, width, height)
                .then(|| (u.layers.len(), u.pixels.data.clone())),
            Start::Owned(u) => {
                let fits = u.fits(scene, width, height);
                fits.then_some((u.layers.len(), u.pixels.data))
            }
        }
    }
}

/// Draws the page into a new pixel buffer, handing each band's rows to `then` on the thread
/// that drew it (see [`draw_in_bands_then`]); returns the pixels and what `then` made of each
/// band, in page order.
fn paint<T: Send>(
    scene: &Scene,
    start: Start<'_>,
    width: u32,
    height: u32,
    then: impl Fn(&[u8]) -> T + Sync,
) -> Result<(Vec<u8>, Vec<T>), RenderError> {
    check_size(width, height)?;
    if !(scene.width > 0.0 && scene.height > 0.0) {
        return Err(RenderError::EmptyPage {
            width: scene.width,
            height: scene.height,
        });
    }
    let page = Affine {
        sx: f64::from(width) / scene.width,
        sy: f64::from(height) / scene.height,
        tx: 0.0,
        ty: 0.0,
    };
    let start = start.pixels(scene, width, height);
    let skip = start.as_ref().map_or(0, |s| s.0);
    let list = display_list(&scene.layers[skip..], page);
    // Without an underlay each band paints its own background, so the page's memory is
    // first touched by the threads that draw it.
    let (mut data, background) = match start {
        Some((_, pixels)) => (pixels, None),
        None => (
            vec![0; width as usize * height as usize * 4],
            Some({
                // The page is opaque whatever the background says.
                skia_color(scene.background)
            }),
        ),
    };
    let bands = draw_in_bands_then(
        &mut data,
        width,
        height,
        |band, top| {
            if let Some(color) = background {
                band.fill(color);
            }
            let view = Band {
                x0: 0.0,
                y0: top as f32,
                x1: width as f32,
                y1: (top + band.height()) as f32,
            };
            for op in &list {
                op.draw(band, view);
            }
        },
        then,
    )?;
    Ok((data, bands))
}
