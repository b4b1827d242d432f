//! Guards between the command layer and the file system: no output may replace a file the
//! run reads, pages must fit in memory, and a closed stdout is not a failure.

use super::Failure;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The dataset files of `--data DIR`, and the basemap files when DIR has a `basemap/` folder.
/// The bundled data (no `--data`) has no files on disk.
pub fn input_files(data_dir: Option<&Path>) -> Vec<(PathBuf, &'static str)> {
    let Some(dir) = data_dir else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, &'static str)> = [
        ("sites.geojson", "the dataset's sites file"),
        ("events.csv", "the dataset's events file"),
        ("sources.csv", "the dataset's sources file"),
    ]
    .into_iter()
    .map(|(name, what)| (dir.join(name), what))
    .collect();
    files.push((
        dir.join(crate::input::metadata::METADATA_FILE),
        "the dataset's dataset.toml",
    ));
    let basemap = dir.join("basemap");
    for name in super::data::BASEMAP_FILE_NAMES {
        files.push((basemap.join(name), "a basemap file"));
    }
    files
}

/// The identity of a file on disk (device and inode), following symbolic links.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Refuses (exit 2) when one of `outputs` is one of the files this run reads: the same file
/// on disk, whatever path leads to it (a symbolic link, `..`, another spelling). `flag` says
/// where the output path came from, such as `-o` or `--out-dir`.
pub fn refuse_overwrite(
    data_dir: Option<&Path>,
    flag: &str,
    outputs: &[PathBuf],
) -> Result<(), Failure> {
    let inputs: Vec<_> = input_files(data_dir)
        .into_iter()
        .filter_map(|(path, what)| identity(&path).map(|id| (id, path, what)))
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    for out in outputs {
        let Some(id) = identity(out) else { continue };
        if let Some((_, path, what)) = inputs.iter().find(|(i, _, _)| *i == id) {
            let same = if out == path {
                String::new()
            } else {
                format!(", which is {}", path.display())
            };
            return Err(Failure::usage(format!(
                "{flag}: this would write over {}{same}, {what}, which this run reads; chronomap never writes over its input: choose another output",
                out.display(),
            )));
        }
    }
    Ok(())
}

/// Writes a command's report to stdout. A reader that went away (`chronomap export | true`)
/// is not a failure: the files are written, and the report had nobody to read it.
pub fn print(out: &mut dyn Write, text: &str) -> Result<(), Failure> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::data(format!("could not write to stdout: {e}"))),
    }
}

/// The memory a run may plan to use: the machine's physical memory, or
/// `CHRONOMAP_MEMORY_LIMIT` (in MiB) when set, for a shared machine or a test.
fn memory_budget() -> Option<u64> {
    if let Some(mib) = std::env::var("CHRONOMAP_MEMORY_LIMIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(mib.saturating_mul(1024 * 1024));
    }
    physical_memory()
}

#[cfg(unix)]
fn physical_memory() -> Option<u64> {
    // SAFETY: sysconf only reads system configuration values.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    (pages > 0 && size > 0).then(|| (pages as u64).saturating_mul(size as u64))
}

#[cfg(not(unix))]
fn physical_memory() -> Option<u64> {
    None
}

/// Refuses (exit 2), before any work, a run whose pages would need more memory than the
/// machine has. `needed` is the estimate in bytes; `what` names the flags responsible.
pub fn check_memory(needed: u64, what: &str) -> Result<(), Failure> {
    let Some(budget) = memory_budget() else {
        return Ok(());
    };
    if needed <= budget {
        return Ok(());
    }
    const MIB: u64 = 1024 * 1024;
    Err(Failure::usage(format!(
        "{what}: this run would need about {} MiB of memory for its pixels, more than the {} MiB {}; choose a smaller --width/--height or --dpi",
        needed.div_ceil(MIB),
        budget / MIB,
        if std::env::var_os("CHRONOMAP_MEMORY_LIMIT").is_some() {
            "that CHRONOMAP_MEMORY_LIMIT allows"
        } else {
            "this machine has"
        }
    )))
}

/// The bytes a drawing run holds at its peak: the page's RGBA pixels once for the cached
/// basemap layer (with `underlay`), and twice (the page and its encoding) for each page drawn
/// at the same time.
pub fn pixel_memory(width: u32, height: u32, pages_at_once: usize, underlay: bool) -> u64 {
    let page = u64::from(width) * u64::from(height) * 4;
    page * (2 * pages_at_once as u64 + u64::from(underlay))
}
