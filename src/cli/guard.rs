//! Guards between the command layer and the file system: no output may replace a file the
//! run reads, inputs must be regular files, and a closed stdout is not a failure.

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
                "error: {flag}: this would write over {}{same}, {what}, which this run reads; chronomap never writes over its input: choose another output",
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
        Err(e) => Err(Failure::data(format!(
            "error: could not write to stdout: {e}"
        ))),
    }
}

/// Opens an input file for reading, refusing anything that is not a regular file: a FIFO
/// would block the run forever, and a device such as `/dev/zero` never ends. The check is made
/// before opening (opening a FIFO already blocks) and again on the opened file.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let not_regular = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "is not a regular file (a folder, FIFO, socket or device); chronomap reads only regular files",
        )
    };
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}
