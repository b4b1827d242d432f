//! A drawn basemap kept between runs: the pixels of a page's first layers, stored under a
//! key that names everything they were drawn from.
//!
//! The key is two 64-bit hashes (fixed seeds, so the same in every run of one build) of the
//! page size, the background, every item of the layers — each coordinate's bits, each
//! colour, word and size — the key of each deferred picture (or its pixels), and this
//! build's version and [`FORMAT`]. Change anything that draws the layers and the key
//! changes, so a stored drawing is never used for another page. The file holds the key
//! again, the size, the pixels as the drawer keeps them (RGBA, so that reading them back is
//! one read into the page's memory, with no conversion) and their CRC-32; one whose header,
//! key, length or checksum does not match is ignored. This module only turns an
//! [`Underlay`] into bytes and back; the command layer decides where the files live.

use super::draw::Underlay;
use super::raster::Rgba;
use crate::scene::{Item, Paint, Scene, Text};
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::Read;

/// The layout of the stored file; raise it whenever the drawer's pixels could change for
/// the same scene (the crate version is part of the key as well).
pub const FORMAT: u32 = 2;

/// The first bytes of a stored drawing.
const MAGIC: &[u8; 8] = b"CMUNDER2";

/// What names a drawing of a page's first layers.
///
/// ```
/// use chronomap::color::Color;
/// use chronomap::render::underlay_cache::UnderlayKey;
/// use chronomap::scene::{Item, Layer, Paint, Scene};
/// let mut base = Layer::new("basemap");
/// base.items.push(Item::Rect { x: 0.0, y: 0.0, w: 10.0, h: 5.0, paint: Paint::fill(Color::lit("#00ff00")) });
/// let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
///     background: Color::WHITE, title: "t".into(), description: String::new(), layers: vec![base] };
/// let key = UnderlayKey::of(&scene, 1, 20, 20);
/// assert_eq!(key, UnderlayKey::of(&scene, 1, 20, 20));
/// assert_ne!(key, UnderlayKey::of(&scene, 1, 40, 40));
/// assert_eq!(key.file_name().len(), "underlay-.rgba".len() + 32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnderlayKey([u64; 2]);

impl UnderlayKey {
    /// The key of the first `layers` layers of `scene` drawn at `width`×`height` pixels.
    pub fn of(scene: &Scene, layers: usize, width: u32, height: u32) -> UnderlayKey {
        let layers = &scene.layers[..layers.min(scene.layers.len())];
        UnderlayKey([0x0c4e_7a11_u64, 0x0c4e_7a12].map(|seed| {
            let mut h = foldhash::quality::FixedState::with_seed(seed).build_hasher();
            (env!("CARGO_PKG_VERSION"), FORMAT, width, height).hash(&mut h);
            (scene.width.to_bits(), scene.height.to_bits()).hash(&mut h);
            color(&mut h, scene.background);
            for layer in layers {
                layer.id.hash(&mut h);
                items(&mut h, &layer.items);
            }
            h.finish()
        }))
    }

    /// The file name a drawing with this key is stored under.
    pub fn file_name(&self) -> String {
        format!("underlay-{:016x}{:016x}.rgba", self.0[0], self.0[1])
    }
}

/// The stored form of `underlay`, named by `key`: header, key, size and RGBA pixels.
///
/// ```
/// # use chronomap::color::Color;
/// # use chronomap::scene::{Item, Layer, Paint, Scene};
/// use chronomap::render::draw::Underlay;
/// use chronomap::render::underlay_cache::{UnderlayKey, decode, encode};
/// # let mut base = Layer::new("basemap");
/// # base.items.push(Item::Rect { x: 0.0, y: 0.0, w: 10.0, h: 5.0, paint: Paint::fill(Color::lit("#00ff00")) });
/// # let scene = Scene { width: 10.0, height: 10.0, pixel_width: 20, pixel_height: 20,
/// #     background: Color::WHITE, title: "t".into(), description: String::new(), layers: vec![base] };
/// let key = UnderlayKey::of(&scene, 1, 20, 20);
/// let drawn = Underlay::new(&scene, 1, 20, 20).unwrap();
/// let bytes = encode(&drawn, key);
/// let back = decode(&bytes, key, &scene, 1).unwrap();
/// assert_eq!(back.pixels(), drawn.pixels());
/// assert!(decode(&bytes[..bytes.len() - 1], key, &scene, 1).is_none());
/// ```
pub fn encode(underlay: &Underlay, key: UnderlayKey) -> Vec<u8> {
    let pixels = underlay.pixels();
    let mut out = Vec::with_capacity(HEADER + pixels.data.len() + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.0[0].to_le_bytes());
    out.extend_from_slice(&key.0[1].to_le_bytes());
    out.extend_from_slice(&pixels.width.to_le_bytes());
    out.extend_from_slice(&pixels.height.to_le_bytes());
    out.extend_from_slice(&pixels.data);
    out.extend_from_slice(&crc(&pixels.data).to_le_bytes());
    out
}

/// Magic, key, width and height.
const HEADER: usize = 8 + 16 + 4 + 4;

/// The drawing stored in `bytes` as the underlay of the first `layers` layers of `scene`;
/// None unless the file is whole and was stored under `key`. See [`read`].
pub fn decode(bytes: &[u8], key: UnderlayKey, scene: &Scene, layers: usize) -> Option<Underlay> {
    read(&mut &bytes[..], key, scene, layers)
}

/// Reads a stored drawing (see [`encode`]) as the underlay of the first `layers` layers of
/// `scene`: the pixels go straight from `from` into the page's memory. None unless the file
/// is whole, ends there and was stored under `key`.
pub fn read(
    from: &mut impl Read,
    key: UnderlayKey,
    scene: &Scene,
    layers: usize,
) -> Option<Underlay> {
    let mut header = [0u8; HEADER];
    from.read_exact(&mut header).ok()?;
    let word = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap());
    let half = |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().unwrap());
    if &header[..8] != MAGIC || [word(8), word(16)] != key.0 {
        return None;
    }
    let (width, height) = (half(24), half(28));
    let size = (width as usize)
        .checked_mul(height as usize)?
        .checked_mul(4)?;
    // One byte more than the pixels and their checksum, to notice a longer file.
    let mut data = Vec::with_capacity(size + 5);
    (&mut *from)
        .take(size as u64 + 5)
        .read_to_end(&mut data)
        .ok()?;
    if data.len() != size + 4 {
        return None;
    }
    let stored = u32::from_le_bytes(data[size..].try_into().ok()?);
    data.truncate(size);
    if crc(&data) != stored {
        return None;
    }
    Underlay::from_pixels(
        scene,
        layers,
        Rgba {
            width,
            height,
            data,
        },
    )
}

/// The CRC-32 of `data`, its two halves on two threads.
fn crc(data: &[u8]) -> u32 {
    let (a, b) = data.split_at(data.len() / 2);
    let hash = |part: &[u8]| {
        let mut h = crc32fast::Hasher::new();
        h.update(part);
        h
    };
    let (mut first, second) = rayon::join(|| hash(a), || hash(b));
    first.combine(&second);
    first.finalize()
}

fn color(h: &mut impl Hasher, c: crate::color::Color) {
    (c.r, c.g, c.b).hash(h);
}

fn f(h: &mut impl Hasher, v: f64) {
    v.to_bits().hash(h);
}

fn fs(h: &mut impl Hasher, values: &[f64]) {
    for &v in values {
        f(h, v);
    }
}

fn paint(h: &mut impl Hasher, p: &Paint) {
    p.fill.map(|c| (c.r, c.g, c.b)).hash(h);
    p.stroke.map(|c| (c.r, c.g, c.b)).hash(h);
    f(h, p.stroke_width);
    p.dash.len().hash(h);
    for &d in &p.dash {
        f(h, d);
    }
    f(h, p.opacity);
}

fn text(h: &mut impl Hasher, t: &Text) {
    fs(h, &[t.x, t.y, t.size]);
    t.text.hash(h);
    std::mem::discriminant(&t.style).hash(h);
    std::mem::discriminant(&t.anchor).hash(h);
    color(h, t.color);
    t.halo.map(|(c, w)| (c.r, c.g, c.b, w.to_bits())).hash(h);
    fs(h, &[t.letter_spacing, t.opacity]);
}

/// Feeds every item to the hasher, each variant with a tag of its own so that no two
/// different item lists hash the same bytes.
fn items(h: &mut impl Hasher, list: &[Item]) {
    list.len().hash(h);
    for item in list {
        std::mem::discriminant(item).hash(h);
        match item {
            Item::Path {
                parts,
                closed,
                paint: p,
            } => {
                closed.hash(h);
                parts.len().hash(h);
                for part in parts {
                    part.len().hash(h);
                    for &(x, y) in part {
                        fs(h, &[x, y]);
                    }
                }
                paint(h, p);
            }
            Item::Circle {
                center,
                r,
                paint: p,
            } => {
                fs(h, &[center.0, center.1, *r]);
                paint(h, p);
            }
            Item::Rect {
                x,
                y,
                w,
                h: height,
                paint: p,
            } => {
                fs(h, &[*x, *y, *w, *height]);
                paint(h, p);
            }
            Item::Text(t) => text(h, t),
            Item::Group {
                id,
                title,
                items: inner,
            } => {
                (id, title).hash(h);
                items(h, inner);
            }
            Item::Image {
                x,
                y,
                w,
                h: height,
                image,
            } => {
                fs(h, &[*x, *y, *w, *height]);
                (image.width, image.height).hash(h);
                match image.key() {
                    Some(k) => k.hash(h),
                    None => image.grey_alpha().hash(h),
                }
            }
            Item::Placed {
                id,
                x,
                y,
                scale,
                items: inner,
            } => {
                id.hash(h);
                fs(h, &[*x, *y, *scale]);
                items(h, inner);
            }
        }
    }
}
