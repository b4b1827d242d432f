//! Animated GIF from RGBA frames: one shared palette, exact-first colour mapping, frame deltas.
//!
//! Maps are flat colours plus anti-aliased edges, so the palette is built from the colours
//! the frames really use: the most common colour first, then, one at a time, the colour whose
//! pixels are worst served so far (pixel count × squared distance to the nearest chosen
//! colour). Colours in the palette are kept exactly; every other colour maps to its nearest
//! palette entry through a lookup table, without dithering. Frames after the first store only
//! the rectangle that changed. Everything is deterministic: the same frames give the same bytes.

mod error;

pub use error::GifError;
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// A picture as straight-alpha RGBA bytes, row by row (`width * height * 4` bytes).
///
/// Pixels that are not opaque are shown over white, since a GIF has no partial transparency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbaFrame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub data: Vec<u8>,
}

/// The most colours a GIF palette holds.
const PALETTE_SIZE: usize = 256;
/// Up to this many colours, each is a palette candidate; with more, the colours are grouped
/// in 5-bit-per-channel cells and each cell's most common colour stands for it.
const MAX_CANDIDATES: usize = 1 << 15;
/// How many of the most common colours get their own nearest palette entry; rarer colours
/// (only in photo-like frames) go through a 6-bit-per-channel lookup table.
const MAX_KNOWN: usize = 1 << 18;

/// Encodes `frames` as a GIF that loops forever, showing each frame for `delay_cs`
/// hundredths of a second and the last one for `hold_last` more frame times
/// (`delay_cs × (1 + hold_last)`, at most 655.35 s). Browsers show delays under 2 cs as 10 cs.
///
/// Fails, without panicking, on no frames, frames of different sizes, a size of 0 or over
/// 65535 px, or data of the wrong length. For frames that should not all be in memory at
/// once, use [`ColourCount`] and [`GifStream`], which give the same bytes.
///
/// ```
/// use chronomap::render::gif::{encode_gif, RgbaFrame};
/// let red = RgbaFrame { width: 2, height: 2, data: [255, 0, 0, 255].repeat(4) };
/// let blue = RgbaFrame { width: 2, height: 2, data: [0, 0, 255, 255].repeat(4) };
/// let gif = encode_gif(&[red, blue], 50, 2).unwrap();
/// assert_eq!(&gif[..6], b"GIF89a");
/// assert!(encode_gif(&[], 50, 2).is_err());
/// ```
pub fn encode_gif(
    frames: &[RgbaFrame],
    delay_cs: u16,
    hold_last: u16,
) -> Result<Vec<u8>, GifError> {
    check_frames(frames)?;
    let counts: Vec<ColourCount> = frames
        .par_iter()
        .map(|f| {
            let mut c = ColourCount::default();
            c.add(f.width, f.height, &f.data).map(|()| c)
        })
        .collect::<Result<_, GifError>>()?;
    let mut count = ColourCount::default();
    for c in counts {
        count.merge(c)?;
    }
    let palette = count.palette()?;
    let mut stream = GifStream::new(Vec::new(), &palette, delay_cs, hold_last)?;
    for f in frames {
        stream.push(palette.index(&f.data)?)?;
    }
    stream.finish()
}

/// The colours of an animation's frames with their pixel counts, gathered frame by frame as
/// the frames are drawn, so that the palette can be chosen before any frame is encoded.
#[derive(Default)]
pub struct ColourCount {
    counts: ColourCounts,
    size: Option<(u16, u16)>,
}

impl ColourCount {
    /// Counts the colours of one frame of straight-alpha RGBA (`width * height * 4` bytes).
    pub fn add(&mut self, width: u32, height: u32, rgba: &[u8]) -> Result<(), GifError> {
        let size = frame_size(width, height)?;
        if rgba.len() != usize::from(size.0) * usize::from(size.1) * 4 {
            return Err(GifError::DataLength {
                frame: None,
                len: rgba.len(),
                expected: usize::from(size.0) * usize::from(size.1) * 4,
            });
        }
        self.same_size(size)?;
        let mut run = (u32::MAX, 0u64);
        for p in rgba.chunks_exact(4) {
            let p = opaque(p);
            if p == run.0 {
                run.1 += 1;
            } else {
                if run.1 > 0 {
                    *self.counts.entry(run.0).or_insert(0) += run.1;
                }
                run = (p, 1);
            }
        }
        if run.1 > 0 {
            *self.counts.entry(run.0).or_insert(0) += run.1;
        }
        Ok(())
    }

    /// Adds the counts of frames counted elsewhere (on another thread).
    pub fn merge(&mut self, other: ColourCount) -> Result<(), GifError> {
        if let Some(size) = other.size {
            self.same_size(size)?;
        }
        for (k, v) in other.counts {
            *self.counts.entry(k).or_insert(0) += v;
        }
        Ok(())
    }

    fn same_size(&mut self, size: (u16, u16)) -> Result<(), GifError> {
        match self.size {
            Some(s) if s != size => Err(GifError::OtherSize {
                frame: None,
                size: (size.0.into(), size.1.into()),
                first: (s.0.into(), s.1.into()),
            }),
            _ => {
                self.size = Some(size);
                Ok(())
            }
        }
    }

    /// Chooses the palette from the colours counted.
    pub fn palette(self) -> Result<GifPalette, GifError> {
        let (width, height) = self.size.ok_or(GifError::NoFrames)?;
        let mut colours: Vec<(u32, u64)> = self.counts.into_iter().collect();
        colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let palette = choose_palette(&colours);
        let mapper = Mapper::new(&palette, &colours);
        Ok(GifPalette {
            width,
            height,
            palette,
            mapper,
        })
    }
}

/// The palette of an animation, and the mapping of colours to its entries.
pub struct GifPalette {
    width: u16,
    height: u16,
    palette: Vec<u32>,
    mapper: Mapper,
}

impl GifPalette {
    /// One frame as palette indexes (may run on several threads at once).
    pub fn index(&self, rgba: &[u8]) -> Result<Vec<u8>, GifError> {
        let expected = usize::from(self.width) * usize::from(self.height) * 4;
        if rgba.len() != expected {
            return Err(GifError::DataLength {
                frame: None,
                len: rgba.len(),
                expected,
            });
        }
        Ok(self.mapper.map_rgba(rgba))
    }
}

/// A GIF written frame by frame: only the frame before and the frame waiting to be written
/// (it may be the last, which is shown longer) are kept.
pub struct GifStream<W: std::io::Write> {
    encoder: Encoder<W>,
    width: u16,
    height: u16,
    delay_cs: u16,
    hold_last: u16,
    previous: Option<Vec<u8>>,
    waiting: Option<Vec<u8>>,
}

impl<W: std::io::Write> GifStream<W> {
    /// Starts a looping GIF with `palette`; frames show for `delay_cs` hundredths of a second,
    /// the last for `hold_last` more frame times.
    pub fn new(
        out: W,
        palette: &GifPalette,
        delay_cs: u16,
        hold_last: u16,
    ) -> Result<GifStream<W>, GifError> {
        let mut table: Vec<u8> = palette.palette.iter().flat_map(|&c| unpack(c)).collect();
        // A GIF colour table has a power-of-two size of at least 2 entries.
        let entries = palette.palette.len().max(2).next_power_of_two();
        table.resize(entries * 3, 0);
        let mut encoder = Encoder::new(out, palette.width, palette.height, &table)?;
        encoder.set_repeat(Repeat::Infinite)?;
        Ok(GifStream {
            encoder,
            width: palette.width,
            height: palette.height,
            delay_cs,
            hold_last,
            previous: None,
            waiting: None,
        })
    }

    /// Adds the next frame, as indexes from [`GifPalette::index`].
    pub fn push(&mut self, indexed: Vec<u8>) -> Result<(), GifError> {
        if indexed.len() != usize::from(self.width) * usize::from(self.height) {
            return Err(GifError::IndexCount);
        }
        if let Some(frame) = self.waiting.replace(indexed) {
            self.write(frame, self.delay_cs)?;
        }
        Ok(())
    }

    fn write(&mut self, frame: Vec<u8>, delay: u16) -> Result<(), GifError> {
        let mut gif_frame = delta_frame(self.previous.as_deref(), &frame, self.width, self.height);
        gif_frame.delay = delay;
        gif_frame.make_lzw_pre_encoded();
        self.encoder.write_lzw_pre_encoded_frame(&gif_frame)?;
        self.previous = Some(frame);
        Ok(())
    }

    /// Writes the last frame and the end of the file, and gives back the writer.
    pub fn finish(mut self) -> Result<W, GifError> {
        let last = self.waiting.take().ok_or(GifError::NoFrames)?;
        let delay = self
            .delay_cs
            .saturating_mul(self.hold_last.saturating_add(1));
        self.write(last, delay)?;
        Ok(self.encoder.into_inner()?)
    }
}

/// The size of a frame, checked against what a GIF can hold.
fn frame_size(w: u32, h: u32) -> Result<(u16, u16), GifError> {
    let width = u16::try_from(w).ok().filter(|&v| v > 0);
    let height = u16::try_from(h).ok().filter(|&v| v > 0);
    match (width, height) {
        (Some(width), Some(height)) => Ok((width, height)),
        _ => Err(GifError::FrameSize {
            width: w,
            height: h,
        }),
    }
}

/// Checks that there are frames, all of one valid size, with the right amount of data.
fn check_frames(frames: &[RgbaFrame]) -> Result<(u16, u16), GifError> {
    let first = frames.first().ok_or(GifError::NoFrames)?;
    let (w, h) = (first.width, first.height);
    let (width, height) = frame_size(w, h)?;
    for (i, f) in frames.iter().enumerate() {
        if (f.width, f.height) != (w, h) {
            return Err(GifError::OtherSize {
                frame: Some(i + 1),
                size: (f.width, f.height),
                first: (w, h),
            });
        }
        let expected = usize::from(width) * usize::from(height) * 4;
        if f.data.len() != expected {
            return Err(GifError::DataLength {
                frame: Some(i + 1),
                len: f.data.len(),
                expected,
            });
        }
    }
    Ok((width, height))
}

/// Packs a colour as `0x00RRGGBB`.
fn pack(r: u8, g: u8, b: u8) -> u32 {
    (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
}

/// The channels of a packed colour.
fn unpack(c: u32) -> [u8; 3] {
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

/// A straight-alpha RGBA pixel as a packed opaque colour, shown over white where it is not
/// opaque.
#[inline]
fn opaque(p: &[u8]) -> u32 {
    let a = u32::from(p[3]);
    if a == 255 {
        pack(p[0], p[1], p[2])
    } else {
        let over_white = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        pack(over_white(p[0]), over_white(p[1]), over_white(p[2]))
    }
}

/// Packed colours hash with foldhash's fixed-seed hasher: fast on small integer keys, and
/// the same from run to run, so the palette (and the GIF's bytes) never depend on a seed.
type ColourHash = foldhash::fast::FixedState;

type ColourCounts = HashMap<u32, u64, ColourHash>;

/// How much two colours differ, weighting green most as the eye does.
fn distance(a: u32, b: u32) -> u64 {
    let [ar, ag, ab] = unpack(a);
    let [br, bg, bb] = unpack(b);
    let d = |x: u8, y: u8| u64::from(x.abs_diff(y)).pow(2);
    3 * d(ar, br) + 4 * d(ag, bg) + 2 * d(ab, bb)
}

/// The palette: every colour if there are at most 256, otherwise a greedy choice that
/// starts with the most common colour and then adds the colour with the largest
/// `count × distance to the palette`.
fn choose_palette(colours: &[(u32, u64)]) -> Vec<u32> {
    if colours.len() <= PALETTE_SIZE {
        return colours.iter().map(|&(c, _)| c).collect();
    }
    let grouped;
    let candidates = if colours.len() <= MAX_CANDIDATES {
        colours
    } else {
        grouped = cell_candidates(colours);
        &grouped[..]
    };
    let mut palette = Vec::with_capacity(PALETTE_SIZE);
    let mut nearest: Vec<u64> = vec![u64::MAX; candidates.len()];
    let mut pick = 0;
    while palette.len() < PALETTE_SIZE {
        let chosen = candidates[pick].0;
        palette.push(chosen);
        let mut best = (0u64, usize::MAX);
        for (i, &(c, n)) in candidates.iter().enumerate() {
            let d = nearest[i].min(distance(c, chosen));
            nearest[i] = d;
            let score = n.saturating_mul(d);
            if score > best.0 {
                best = (score, i);
            }
        }
        if best.1 == usize::MAX {
            break; // every candidate is already in the palette
        }
        pick = best.1;
    }
    palette
}

/// One candidate per 5-bit-per-channel cell: its most common colour, with the pixel count of
/// the whole cell, most common first.
fn cell_candidates(colours: &[(u32, u64)]) -> Vec<(u32, u64)> {
    let mut cells: Vec<Option<(u32, u64)>> = vec![None; 1 << 15];
    for &(c, n) in colours {
        let [r, g, b] = unpack(c);
        let cell = (usize::from(r >> 3) << 10) | (usize::from(g >> 3) << 5) | usize::from(b >> 3);
        // `colours` is most common first, so the first colour seen in a cell represents it.
        let slot = cells[cell].get_or_insert((c, 0));
        slot.1 += n;
    }
    let mut out: Vec<(u32, u64)> = cells.into_iter().flatten().collect();
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Maps colours to palette indexes: each common colour to its nearest entry (palette colours
/// to themselves), any other colour through a lookup table of 6-bit-per-channel cells.
struct Mapper {
    known: HashMap<u32, u8, ColourHash>,
    /// For each 18-bit cell, the index of the palette entry nearest its centre; only built
    /// when some colours are not known.
    cells: Option<Vec<u8>>,
    palette: Vec<u32>,
}

impl Mapper {
    fn new(palette: &[u32], colours: &[(u32, u64)]) -> Mapper {
        let known_colours = &colours[..colours.len().min(MAX_KNOWN)];
        let known = known_colours
            .par_iter()
            .map(|&(c, _)| (c, nearest_index(palette, c)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let cells = (colours.len() > MAX_KNOWN).then(|| {
            (0..1u32 << 18)
                .into_par_iter()
                .map(|cell| {
                    let centre = |shift: u32| ((((cell >> shift) & 63) << 2) | 2) as u8;
                    nearest_index(palette, pack(centre(12), centre(6), centre(0)))
                })
                .collect()
        });
        Mapper {
            known,
            cells,
            palette: palette.to_vec(),
        }
    }

    fn map(&self, colour: u32) -> u8 {
        if let Some(&i) = self.known.get(&colour) {
            return i;
        }
        let [r, g, b] = unpack(colour);
        let cell = (u32::from(r >> 2) << 12) | (u32::from(g >> 2) << 6) | u32::from(b >> 2);
        match &self.cells {
            Some(cells) => cells[cell as usize],
            None => nearest_index(&self.palette, colour),
        }
    }

    fn map_rgba(&self, rgba: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(rgba.len() / 4);
        let mut last = (u32::MAX, 0u8);
        for p in rgba.chunks_exact(4) {
            let p = opaque(p);
            // Runs of one colour are the rule in maps: skip the lookup for them.
            if p != last.0 {
                last = (p, self.map(p));
            }
            out.push(last.1);
        }
        out
    }
}

fn nearest_index(palette: &[u32], colour: u32) -> u8 {
    let mut best = (u64::MAX, 0u8);
    for (i, &p) in palette.iter().enumerate() {
        let d = distance(p, colour);
        if d < best.0 {
            best = (d, i as u8);
        }
    }
    best.1
}

/// The frame to store for `current`: all of it for the first frame, otherwise the smallest
/// rectangle that differs from `previous` (drawn over it), or one unchanged pixel.
fn delta_frame(previous: Option<&[u8]>, current: &[u8], width: u16, height: u16) -> Frame<'static> {
    let (w, h) = (usize::from(width), usize::from(height));
    let full = Frame {
        width,
        height,
        buffer: Cow::Owned(current.to_vec()),
        dispose: DisposalMethod::Keep,
        ..Frame::default()
    };
    let Some(previous) = previous else {
        return full;
    };
    let mut bounds: Option<(usize, usize, usize, usize)> = None; // x0, y0, x1, y1 inclusive
    for y in 0..h {
        let row = y * w..(y + 1) * w;
        let (a, b) = (&previous[row.clone()], &current[row]);
        let Some(x0) = a.iter().zip(b).position(|(p, q)| p != q) else {
            continue;
        };
        let x1 = w - 1 - a.iter().zip(b).rev().position(|(p, q)| p != q).unwrap_or(0);
        bounds = Some(match bounds {
            None => (x0, y, x1, y),
            Some((bx0, by0, bx1, _)) => (bx0.min(x0), by0, bx1.max(x1), y),
        });
    }
    let (x0, y0, x1, y1) = bounds.unwrap_or((0, 0, 0, 0));
    let mut buffer = Vec::with_capacity((x1 - x0 + 1) * (y1 - y0 + 1));
    for y in y0..=y1 {
        buffer.extend_from_slice(&current[y * w + x0..=y * w + x1]);
    }
    // The rectangle lies inside a frame whose sides fit in u16, so these conversions hold.
    Frame {
        left: x0 as u16,
        top: y0 as u16,
        width: (x1 - x0 + 1) as u16,
        height: (y1 - y0 + 1) as u16,
        buffer: Cow::Owned(buffer),
        dispose: DisposalMethod::Keep,
        ..Frame::default()
    }
}

#[cfg(test)]
mod tests;
