//! Loading the dataset: from `--data DIR` if given, otherwise the bundled one.

use super::Failure;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::metadata::{DatasetMetadata, METADATA_FILE, read_metadata};
use crate::input::{MAX_INPUT_BYTES, read_all_limited_sized};
use crate::model::{Dataset, Loaded, OwnedDatasetFiles};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Loads and validates the dataset, printing warnings to `err`.
///
/// The dataset lives until the process ends, so it is leaked rather than freed: dropping a
/// million events' strings one by one costs a tenth of a large run for nothing.
pub fn load(data_dir: Option<&Path>, err: &mut dyn Write) -> Result<&'static Loaded, Failure> {
    match load_checked(data_dir)? {
        Ok(loaded) => {
            for w in &loaded.warnings {
                let _ = writeln!(err, "{w}");
            }
            Ok(Box::leak(Box::new(loaded)))
        }
        Err(diags) => Err(report(&diags)),
    }
}

/// Loads and validates the dataset without printing anything: the dataset with its
/// warnings, or every problem found (`check --json` reports them one by one).
pub fn load_checked(data_dir: Option<&Path>) -> Result<Result<Loaded, Vec<Diagnostic>>, Failure> {
    match data_dir {
        None => Ok(crate::bundled::dataset()),
        Some(store) if store_name(store).is_some() => load_store(store),
        Some(dir) => load_dir(dir),
    }
}

/// Whether `--data` names a GeoPackage (by its extension) rather than a folder.
fn is_geopackage(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

/// How messages name the dataset of `--data`: a data store by its file or its URL without
/// the password, a folder by its path.
pub fn shown(path: &Path) -> String {
    store_name(path).unwrap_or_else(|| path.display().to_string())
}

/// Whether `--data` names a data store (a GeoPackage or a PostgreSQL URL), not a folder.
pub fn is_store(path: &Path) -> bool {
    is_geopackage(path) || path.to_str().is_some_and(super::postgres::is_url)
}

/// Whether `--data` names a data store (a GeoPackage or a PostgreSQL URL), and its name in
/// messages (a URL without its password).
fn store_name(path: &Path) -> Option<String> {
    if let Some(url) = path.to_str().filter(|u| super::postgres::is_url(u)) {
        return Some(
            super::postgres::target_from_env(url)
                .map(|t| t.shown)
                .unwrap_or_default(),
        );
    }
    is_geopackage(path).then(|| path.display().to_string())
}

/// The database of a data store as SQLite bytes in the GeoPackage's shape, read once per run
/// (the dataset and its metadata both come from it).
fn store_bytes(path: &Path) -> Result<(String, Arc<Vec<u8>>), Failure> {
    /// The `--data` value, its name in messages, and the bytes.
    type Read = (PathBuf, String, Arc<Vec<u8>>);
    static READ: Mutex<Option<Read>> = Mutex::new(None);
    let mut cache = READ.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((p, shown, bytes)) = cache.as_ref()
        && p == path
    {
        return Ok((shown.clone(), Arc::clone(bytes)));
    }
    let (shown, bytes) = match path.to_str().filter(|u| super::postgres::is_url(u)) {
        Some(url) => {
            let target = super::postgres::target_from_env(url)?;
            let bytes = super::postgres::read_tables(&target)?;
            (target.shown, bytes)
        }
        None => (path.display().to_string(), geopackage_bytes(path)?),
    };
    let bytes = Arc::new(bytes);
    *cache = Some((path.to_path_buf(), shown.clone(), Arc::clone(&bytes)));
    Ok((shown, bytes))
}

/// The bytes of a GeoPackage file. SQLite opens the file (read-only), so that edits still
/// in a write-ahead log beside it (QGIS keeps one while a layer is open) are seen.
fn geopackage_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    use rusqlite::{Connection, OpenFlags};
    let shown = path.display().to_string();
    let fail = |why: String| Failure::data(format!("{shown}: {why}"));
    let size = std::fs::metadata(path)
        .map_err(|e| fail(format!("could not be opened: {e}")))?
        .len();
    if !path.is_file() {
        return Err(fail("is not a file".to_string()));
    }
    if size > MAX_INPUT_BYTES {
        return Err(fail(format!(
            "is larger than the limit of {} MiB",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags)
        .and_then(|conn| conn.serialize("main").map(|data| data.to_vec()))
        .map_err(|e| {
            fail(format!(
                "is not a GeoPackage ({e}); `chronomap export` writes one, chronomap.gpkg"
            ))
        })
}

/// Reads the dataset from a data store: a GeoPackage, or the tables of a PostgreSQL
/// database (see [`super::postgres`]).
fn load_store(path: &Path) -> Result<Result<Loaded, Vec<Diagnostic>>, Failure> {
    let (shown, bytes) = store_bytes(path)?;
    Ok(
        crate::input::read_geopackage(&bytes[..], bytes.len() as u64, &shown)
            .and_then(|tables| Dataset::from_geopackage(&tables)),
    )
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

fn load_dir(dir: &Path) -> Result<Result<Loaded, Vec<Diagnostic>>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::data(format!(
            "{}: the data folder does not exist or is not a folder (it must hold sites.geojson, events.csv and sources.csv; or give a .gpkg file that `chronomap export` wrote)",
            dir.display()
        )));
    }
    let read = |name: &str| -> (String, Result<Vec<u8>, String>) {
        let path = dir.join(name);
        let shown = path.display().to_string();
        let bytes = match open_regular(&path) {
            Ok(f) => {
                let size = f.metadata().map_or(0, |m| m.len());
                read_all_limited_sized(f, MAX_INPUT_BYTES, size)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(
                "does not exist (a dataset folder needs sites.geojson, events.csv and sources.csv)"
                    .to_string(),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(e.to_string()),
            Err(e) => Err(format!("could not be opened: {e}")),
        };
        (shown, bytes)
    };
    // Owned, so that each file's bytes are freed once read.
    let files = OwnedDatasetFiles {
        sites: read("sites.geojson"),
        events: read("events.csv"),
        sources: read("sources.csv"),
    };
    Ok(Dataset::from_owned_files(files))
}

/// The message for a dataset with errors: each diagnostic on its own line, then a count.
pub fn report(diags: &[Diagnostic]) -> Failure {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut text = String::new();
    for d in diags {
        text.push_str(&d.to_string());
        text.push('\n');
    }
    let plural = if errors == 1 { "" } else { "s" };
    text.push_str(&format!(
        "chronomap: {errors} error{plural} in the data; nothing was written"
    ));
    Failure::listed(text)
}

/// The basemap folder of the data folder, when it has one (otherwise the bundled basemap is used).
pub fn basemap_dir(data_dir: Option<&Path>) -> Option<std::path::PathBuf> {
    data_dir.map(|d| d.join("basemap")).filter(|d| d.is_dir())
}
/// The files of a basemap folder.
pub const BASEMAP_FILE_NAMES: [&str; 6] = [
    "countries.geojson",
    "borders.geojson",
    "admin1_lines.geojson",
    "lakes.geojson",
    "places.geojson",
    "locator_countries.geojson",
];

/// The basemap: `DIR/basemap/` when the data folder has one, otherwise the bundled one.
pub fn basemap(
    data_dir: Option<&Path>,
) -> Result<std::borrow::Cow<'static, crate::input::Basemap>, Failure> {
    use crate::input::basemap_reader::{BasemapFiles, read_basemap};
    let Some(dir) = basemap_dir(data_dir) else {
        return Ok(std::borrow::Cow::Borrowed(crate::bundled::basemap()));
    };
    let open = |name: &str| -> Result<(String, std::fs::File), Failure> {
        let path = dir.join(name);
        let file = open_regular(&path).map_err(|e| {
            Failure::data(format!(
                "{}: could not be opened: {e} (a basemap folder needs countries, borders, admin1_lines, lakes, places and locator_countries .geojson files)",
                path.display()
            ))
        })?;
        Ok((path.display().to_string(), file))
    };
    let files = BasemapFiles {
        countries: open("countries.geojson")?,
        borders: open("borders.geojson")?,
        admin1: open("admin1_lines.geojson")?,
        lakes: open("lakes.geojson")?,
        places: open("places.geojson")?,
        locator: open("locator_countries.geojson")?,
    };
    read_basemap(files)
        .map(std::borrow::Cow::Owned)
        .map_err(|e| Failure::data(e.to_string()))
}

/// The dataset's `dataset.toml`: from `--data DIR` when the folder has one (none is fine),
/// otherwise the bundled dataset's.
pub fn metadata(data_dir: Option<&Path>) -> Result<DatasetMetadata, Failure> {
    metadata_checked(data_dir).map_err(|d| report(&[*d]))
}

/// [`metadata`], with the problem as a diagnostic (`check --json` reports it as one).
pub fn metadata_checked(data_dir: Option<&Path>) -> Result<DatasetMetadata, Box<Diagnostic>> {
    let Some(dir) = data_dir else {
        return read_metadata(crate::bundled::METADATA, crate::bundled::METADATA_NAME);
    };
    if store_name(dir).is_some() {
        // A store that cannot be read has no metadata; loading the data says why.
        return match store_bytes(dir) {
            Ok((shown, bytes)) => {
                crate::input::read_geopackage_metadata(&bytes[..], bytes.len() as u64, &shown)
            }
            Err(_) => Ok(DatasetMetadata::default()),
        };
    }
    let path = dir.join(METADATA_FILE);
    let shown = path.display().to_string();
    // Checked before opening: opening a FIFO would block.
    match open_regular(&path) {
        Ok(file) => read_metadata(file, &shown),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DatasetMetadata::default()),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(Box::new(Diagnostic::error(
            shown,
            Location::File,
            e.to_string(),
        ))),
        Err(e) => Err(Box::new(Diagnostic::error(
            shown,
            Location::File,
            format!("could not be opened: {e}"),
        ))),
    }
}
