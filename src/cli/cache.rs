//! The drawing cache: drawn basemaps kept between runs in the user's cache folder, so that
//! a PNG whose basemap was drawn before only draws what lies above it.
//!
//! The folder is `$CHRONOMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/chronomap`, else
//! `$HOME/.cache/chronomap`; `--no-cache` (or an empty `CHRONOMAP_CACHE_DIR`) turns the
//! cache off. A drawing is used only when its key — a hash of everything that draws it (see
//! [`crate::render::underlay_cache`]) — matches, so the bytes written are always those of a
//! run without the cache. Files are written atomically; the cache keeps the
//! [`KEEP`] most recently used drawings and never fails a run: a folder that cannot be read
//! or written is a cache that misses.

use crate::render::draw::{Underlay, draw_png_over, draw_png_over_owned};
use crate::render::error::RenderError;
use crate::render::underlay_cache::{UnderlayKey, encode, read};
use crate::scene::{Item, Scene};
use std::path::{Path, PathBuf};

/// How many drawings the cache keeps (about 6.4 MB each at 1600×1000).
pub const KEEP: usize = 8;

/// Where drawings are kept, or nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawingCache {
    dir: Option<PathBuf>,
}

impl DrawingCache {
    /// The cache the environment names, or none when `off` or when no folder is known.
    pub fn from_env(off: bool) -> DrawingCache {
        let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
        let dir = match var("CHRONOMAP_CACHE_DIR") {
            Some(dir) => Some(dir).filter(|d| !d.as_os_str().is_empty()),
            None => var("XDG_CACHE_HOME")
                .filter(|d| d.is_absolute())
                .or_else(|| var("HOME").map(|h| h.join(".cache")))
                .map(|d| d.join("chronomap")),
        };
        DrawingCache {
            dir: dir.filter(|_| !off),
        }
    }

    /// The folder, when the cache is on.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The drawing of `scene`'s basemap (its first layer): read from the cache, or drawn
    /// (and stored, when the cache is on).
    pub fn underlay(&self, scene: &Scene) -> Result<(Underlay, CacheUse), RenderError> {
        let (w, h) = (scene.pixel_width, scene.pixel_height);
        match &self.dir {
            Some(dir) => self.stored_underlay(dir, scene, w, h),
            None => Ok((Underlay::new(scene, 1, w, h)?, CacheUse::Off)),
        }
    }

    /// Draws `scene` as a PNG like [`crate::render::draw::draw_png`], starting from the
    /// stored drawing of its basemap (the first layer) when there is one, and storing that
    /// drawing when there is not; also says which it was.
    pub fn draw_png(&self, scene: &Scene, dpi: u32) -> Result<(Vec<u8>, CacheUse), RenderError> {
        let (w, h) = (scene.pixel_width, scene.pixel_height);
        let (underlay, used) = match &self.dir {
            Some(dir) if !scene.layers.is_empty() => {
                let (underlay, used) = self.stored_underlay(dir, scene, w, h)?;
                (Some(underlay), used)
            }
            _ => (None, CacheUse::Off),
        };
        let png = match underlay {
            Some(underlay) => draw_png_over_owned(scene, underlay, w, h, dpi)?,
            None => draw_png_over(scene, None, w, h, dpi)?,
        };
        Ok((png, used))
    }

    /// The basemap's drawing: read from the cache in `dir`, or drawn and stored there.
    fn stored_underlay(
        &self,
        dir: &Path,
        scene: &Scene,
        w: u32,
        h: u32,
    ) -> Result<(Underlay, CacheUse), RenderError> {
        let key = UnderlayKey::of(scene, 1, w, h);
        let path = dir.join(key.file_name());
        if let Some(found) = std::fs::File::open(&path)
            .ok()
            .and_then(|mut file| read(&mut file, key, scene, 1))
        {
            touch(&path);
            return Ok((found, CacheUse::Read(path)));
        }
        let drawn = Underlay::new(scene, 1, w, h)?;
        let stored = std::fs::create_dir_all(dir).is_ok()
            && super::atomic_write::write_atomic(&path, &encode(&drawn, key)).is_ok();
        if stored {
            prune(dir, "underlay-", KEEP);
            Ok((drawn, CacheUse::Stored(path)))
        } else {
            Ok((drawn, CacheUse::Unwritable(path)))
        }
    }
}

/// What the cache did for one drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// The cache is off.
    Off,
    /// The basemap was drawn before: its pixels were read from this file.
    Read(PathBuf),
    /// The basemap was drawn now and stored in this file.
    Stored(PathBuf),
    /// The basemap was drawn now; this file could not be written.
    Unwritable(PathBuf),
}

impl std::fmt::Display for CacheUse {
    /// The `-v` line: "basemap drawing: read from the cache (PATH)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheUse::Off => f.write_str("basemap drawing: cache off"),
            CacheUse::Read(p) => {
                write!(f, "basemap drawing: read from the cache ({})", p.display())
            }
            CacheUse::Stored(p) => write!(f, "basemap drawing: drawn and stored ({})", p.display()),
            CacheUse::Unwritable(p) => {
                write!(
                    f,
                    "basemap drawing: drawn; could not store it ({})",
                    p.display()
                )
            }
        }
    }
}

impl DrawingCache {
    /// Gives each deferred picture among `items` (the shaded relief) its PNG file from the
    /// cache, or makes it now and stores it, so that an SVG or PDF of a map drawn before
    /// does not make its relief again. Returns how many pictures were read from the cache.
    pub fn prepare_pictures<'a>(&self, items: impl IntoIterator<Item = &'a Item>) -> usize {
        let Some(dir) = &self.dir else {
            return 0;
        };
        let mut read = 0;
        for image in deferred_images(items) {
            let Some(key) = image.key() else { continue };
            let path = dir.join(format!("picture-{:016x}{:016x}.png", key[0], key[1]));
            let stored = std::fs::read(&path).ok().and_then(|b| checked(b, key));
            match stored.map(|png| image.offer_png(png)) {
                Some(true) => {
                    touch(&path);
                    read += 1;
                }
                _ => {
                    let file = with_check(image.png(), key);
                    if std::fs::create_dir_all(dir).is_ok()
                        && super::atomic_write::write_atomic(&path, &file).is_ok()
                    {
                        prune(dir, "picture-", KEEP);
                    }
                }
            }
        }
        read
    }
}

/// The deferred pictures among `items`, groups included.
fn deferred_images<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<&'a crate::scene::Raster> {
    fn walk<'a>(item: &'a Item, out: &mut Vec<&'a crate::scene::Raster>) {
        match item {
            Item::Image { image, .. } if image.key().is_some() => out.push(image),
            Item::Group { items, .. } | Item::Placed { items, .. } => {
                items.iter().for_each(|i| walk(i, out))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    items.into_iter().for_each(|i| walk(i, &mut out));
    out
}

/// A stored picture: the PNG, then its key and the CRC-32 of both.
fn with_check(png: &[u8], key: [u64; 2]) -> Vec<u8> {
    let mut out = png.to_vec();
    out.extend_from_slice(&key[0].to_le_bytes());
    out.extend_from_slice(&key[1].to_le_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The PNG of a stored picture, if the file is whole and was stored under `key`.
fn checked(mut file: Vec<u8>, key: [u64; 2]) -> Option<Vec<u8>> {
    let crc_at = file.len().checked_sub(4)?;
    let crc = u32::from_le_bytes(file[crc_at..].try_into().ok()?);
    if crc32fast::hash(&file[..crc_at]) != crc {
        return None;
    }
    let key_at = crc_at.checked_sub(16)?;
    let word = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap());
    if [word(key_at), word(key_at + 8)] != key || !file.starts_with(b"\x89PNG") {
        return None;
    }
    file.truncate(key_at);
    Some(file)
}

/// Marks a drawing as just used, so that pruning keeps it.
fn touch(path: &Path) {
    if let Ok(file) = std::fs::File::options().append(true).open(path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
}

/// Removes all but the `keep` most recently used files in `dir` whose names start with
/// `prefix`.
fn prune(dir: &Path, prefix: &str, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut drawings: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(prefix)
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    drawings.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (_, old) in drawings.into_iter().skip(keep) {
        let _ = std::fs::remove_file(old);
    }
}
