//! Loading the dataset: from `--data DIR` if given, otherwise the bundled one.

use super::Failure;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::metadata::{DatasetMetadata, METADATA_FILE, read_metadata};
use crate::input::{MAX_INPUT_BYTES, read_all_limited_sized};
use crate::model::{Dataset, DatasetFiles, Loaded};
use std::io::Write;
use std::path::Path;

/// Loads and validates the dataset, printing warnings to `err`.
///
/// The dataset lives until the process ends, so it is leaked rather than freed: dropping a
/// million events' strings one by one costs a tenth of a large run for nothing.
pub fn load(data_dir: Option<&Path>, err: &mut dyn Write) -> Result<&'static Loaded, Failure> {
    let result = match data_dir {
        None => crate::bundled::dataset(),
        Some(dir) => load_dir(dir)?,
    };
    match result {
        Ok(loaded) => {
            for w in &loaded.warnings {
                let _ = writeln!(err, "{w}");
            }
            Ok(Box::leak(Box::new(loaded)))
        }
        Err(diags) => Err(report(&diags)),
    }
}

fn load_dir(dir: &Path) -> Result<Result<Loaded, Vec<Diagnostic>>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::data(format!(
            "error: {}: the data folder does not exist or is not a folder (it must hold sites.geojson, events.csv and sources.csv)",
            dir.display()
        )));
    }
    let read = |name: &str| -> (String, Result<Vec<u8>, String>) {
        let path = dir.join(name);
        let shown = path.display().to_string();
        let bytes = match super::guard::open_regular(&path) {
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
    let sites = read("sites.geojson");
    let events = read("events.csv");
    let sources = read("sources.csv");
    let files = DatasetFiles {
        sites: (&sites.0, sites.1.as_deref().map_err(String::as_str)),
        events: (&events.0, events.1.as_deref().map_err(String::as_str)),
        sources: (&sources.0, sources.1.as_deref().map_err(String::as_str)),
    };
    Ok(Dataset::from_files(files))
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
    Failure::data(text)
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
) -> Result<std::borrow::Cow<'static, crate::input::basemap::Basemap>, Failure> {
    use crate::input::basemap::{BasemapFiles, read_basemap};
    let Some(dir) = data_dir.map(|d| d.join("basemap")).filter(|d| d.is_dir()) else {
        return Ok(std::borrow::Cow::Borrowed(crate::bundled::basemap()));
    };
    let open = |name: &str| -> Result<(String, std::fs::File), Failure> {
        let path = dir.join(name);
        let file = super::guard::open_regular(&path).map_err(|e| {
            Failure::data(format!(
                "error: {}: could not be opened: {e} (a basemap folder needs countries, borders, admin1_lines, lakes, places and locator_countries .geojson files)",
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
        .map_err(Failure::data)
}

/// The dataset's `dataset.toml`: from `--data DIR` when the folder has one (none is fine),
/// otherwise the bundled dataset's.
pub fn metadata(data_dir: Option<&Path>) -> Result<DatasetMetadata, Failure> {
    let Some(dir) = data_dir else {
        return read_metadata(crate::bundled::METADATA, crate::bundled::METADATA_NAME)
            .map_err(|d| report(&[*d]));
    };
    let path = dir.join(METADATA_FILE);
    let shown = path.display().to_string();
    // Checked before opening: opening a FIFO would block.
    match super::guard::open_regular(&path) {
        Ok(file) => read_metadata(file, &shown).map_err(|d| report(&[*d])),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DatasetMetadata::default()),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            Err(report(&[Diagnostic::error(
                shown,
                Location::File,
                e.to_string(),
            )]))
        }
        Err(e) => Err(report(&[Diagnostic::error(
            shown,
            Location::File,
            format!("could not be opened: {e}"),
        )])),
    }
}
