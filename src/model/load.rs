//! Loading a dataset: the three files (or a GeoPackage's three tables) read, validated
//! and joined, with every error and warning found.

use super::Dataset;
use super::ids::Known;
use super::validate_events::validate_events;
use super::validate_sites::validate_sites;
use super::validate_sources::validate_sources;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::{GeoPackageTables, RawSite, RawSources, read_events, read_sites, read_sources};
use std::cell::OnceCell;

pub use crate::input::MAX_ERRORS_PER_FILE;

/// The three input files of a dataset, as bytes, each with the name to use in messages.
/// A file that could not be read carries the reason instead of bytes.
#[derive(Debug, Clone, Copy)]
pub struct DatasetFiles<'a> {
    /// `sites.geojson`.
    pub sites: (&'a str, Result<&'a [u8], &'a str>),
    /// `events.csv`.
    pub events: (&'a str, Result<&'a [u8], &'a str>),
    /// `sources.csv`.
    pub sources: (&'a str, Result<&'a [u8], &'a str>),
}

/// The three input files of a dataset as owned bytes, each with the name to use in messages:
/// [`Dataset::from_owned_files`] frees each file's bytes once nothing borrows them. A file
/// that could not be read carries the reason instead of bytes.
#[derive(Debug, Clone)]
pub struct OwnedDatasetFiles {
    /// `sites.geojson`.
    pub sites: (String, Result<Vec<u8>, String>),
    /// `events.csv`.
    pub events: (String, Result<Vec<u8>, String>),
    /// `sources.csv`.
    pub sources: (String, Result<Vec<u8>, String>),
}

/// A dataset together with the warnings found while building it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The data.
    pub dataset: Dataset,
    /// Problems that do not stop the data from being used.
    pub warnings: Vec<Diagnostic>,
}

impl Dataset {
    /// Parses, validates and joins the three files. On failure, returns every error found
    /// (up to [`MAX_ERRORS_PER_FILE`] per file) followed by the warnings.
    ///
    /// ```
    /// use chronomap::model::{Dataset, DatasetFiles};
    /// let sites = br#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"kant",
    ///   "geometry":{"type":"Point","coordinates":[74.85,42.85]},
    ///   "properties":{"name":"Kant","alt_names":[],"country":"KGZ","operator":"Russia",
    ///   "kind":"air base","precision":"site","position_source":"example"}}]}"#;
    /// let events = b"id,site,date,kind,status,summary,sources,disputes\nk1,kant,2003-10,opened,active,Opened,s1,\n";
    /// let sources = b"id,title,publisher,published,url\ns1,A title,A paper,2012,\n";
    /// let files = DatasetFiles {
    ///     sites: ("sites.geojson", Ok(&sites[..])),
    ///     events: ("events.csv", Ok(&events[..])),
    ///     sources: ("sources.csv", Ok(&sources[..])),
    /// };
    /// let loaded = Dataset::from_files(files).unwrap();
    /// assert_eq!(loaded.dataset.events[0].date.to_string(), "2003-10");
    /// assert!(loaded.warnings.is_empty());
    /// ```
    pub fn from_files(files: DatasetFiles<'_>) -> Result<Loaded, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let raw_sites = read_or_report(files.sites, &mut diags, read_sites).unwrap_or_default();
        Self::from_read_sites(raw_sites, files.sites.0, files, diags)
    }

    /// [`from_files`](Self::from_files), taking the files' bytes: the sites' bytes are freed
    /// once read, before the events are, which lowers the peak memory of a large dataset.
    ///
    /// ```
    /// use chronomap::model::{Dataset, OwnedDatasetFiles};
    /// let file = |name: &str, text: &str| (name.to_string(), Ok(text.as_bytes().to_vec()));
    /// let files = OwnedDatasetFiles {
    ///     sites: file("sites.geojson", r#"{"type":"FeatureCollection","features":[]}"#),
    ///     events: file("events.csv", "id,site,date,kind,status,summary,sources\n"),
    ///     sources: file("sources.csv", "id,title,publisher,published,url\n"),
    /// };
    /// let loaded = Dataset::from_owned_files(files).unwrap();
    /// assert!(loaded.dataset.events.is_empty());
    /// ```
    pub fn from_owned_files(files: OwnedDatasetFiles) -> Result<Loaded, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let OwnedDatasetFiles {
            sites: (sites_name, sites_bytes),
            events,
            sources,
        } = files;
        let sites = (
            sites_name.as_str(),
            sites_bytes.as_deref().map_err(String::as_str),
        );
        let raw_sites = read_or_report(sites, &mut diags, read_sites).unwrap_or_default();
        drop(sites_bytes);
        let files = DatasetFiles {
            // Already read: only its name is used from here on.
            sites: (&sites_name, Ok(&[])),
            events: borrowed(&events),
            sources: borrowed(&sources),
        };
        Self::from_read_sites(raw_sites, &sites_name, files, diags)
    }

    /// The rest of [`from_files`](Self::from_files) once the sites file (named `sites_file`)
    /// is read into `raw_sites`; `files.sites` is not read again.
    fn from_read_sites(
        mut raw_sites: Vec<RawSite>,
        sites_file: &str,
        files: DatasetFiles<'_>,
        mut diags: Vec<Diagnostic>,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        let raw_sources = read_or_report(files.sources, &mut diags, read_sources);
        let raw_events = read_or_report(files.events, &mut diags, read_events);
        // Ids that exist in a file even if their record is invalid: references to them are
        // not reported again. Not for a file that could not be read at all.
        let usable =
            |file: &str, n: usize, diags: &[Diagnostic]| n > 0 || count_errors(diags, file) == 0;
        let sites_usable = usable(sites_file, raw_sites.len(), &diags);
        let sources_usable = usable(
            files.sources.0,
            raw_sources.as_ref().map_or(0, RawSources::len),
            &diags,
        );
        let sites = validate_sites(sites_file, &mut raw_sites, &mut diags);
        let sources = validate_sources(files.sources.0, raw_sources.as_ref(), &mut diags);
        let known = Known {
            sites: sites_usable.then_some(&raw_sites[..]),
            sources: if sources_usable {
                raw_sources.as_ref()
            } else {
                None
            },
            site_set: OnceCell::new(),
            source_set: OnceCell::new(),
        };
        let events = validate_events(
            files.events.0,
            raw_events,
            &sites,
            &sources,
            &known,
            &mut diags,
        );
        let dataset = Dataset {
            sites,
            events,
            sources,
        };
        if diags.iter().any(Diagnostic::is_error) {
            diags.sort_by_key(|d| std::cmp::Reverse(d.severity));
            return Err(diags);
        }
        dataset.unused_warnings(
            sites_file,
            files.sources.0,
            raw_sources.as_ref(),
            &raw_sites,
            &mut diags,
        );
        Ok(Loaded {
            dataset,
            warnings: diags,
        })
    }

    /// Validates and joins the tables read from a GeoPackage (see
    /// [`read_geopackage`](crate::input::read_geopackage)): the same checks as
    /// [`from_files`](Self::from_files), with messages that name the table, the row and the
    /// column.
    ///
    /// ```
    /// use chronomap::{export::export_files, input::read_geopackage, model::Dataset};
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let files = export_files(&data, None).unwrap().files;
    /// let gpkg = &files.iter().find(|f| f.name == "chronomap.gpkg").unwrap().bytes;
    /// let tables = read_geopackage(&gpkg[..], gpkg.len() as u64, "chronomap.gpkg").unwrap();
    /// let back = Dataset::from_geopackage(&tables).unwrap().dataset;
    /// assert_eq!(back.sites, data.sites);
    /// assert_eq!(back.sources, data.sources);
    /// ```
    pub fn from_geopackage(tables: &GeoPackageTables) -> Result<Loaded, Vec<Diagnostic>> {
        let [sites, events, sources] = tables.names();
        let files = DatasetFiles {
            sites: (sites, Ok(&tables.sites)),
            events: (events, Ok(&tables.events)),
            sources: (sources, Ok(&tables.sources)),
        };
        let relocate = |diags: Vec<Diagnostic>| -> Vec<Diagnostic> {
            let mut all: Vec<Diagnostic> = tables.problems.clone();
            all.extend(diags.into_iter().filter_map(|d| tables.relocate(d)));
            all.sort_by_key(|d| std::cmp::Reverse(d.severity));
            all
        };
        match Self::from_files(files) {
            Ok(loaded) if tables.problems.iter().any(Diagnostic::is_error) => {
                Err(relocate(loaded.warnings))
            }
            Ok(loaded) => Ok(Loaded {
                dataset: loaded.dataset,
                warnings: relocate(loaded.warnings),
            }),
            Err(diags) => Err(relocate(diags)),
        }
    }
}

/// An owned file as [`DatasetFiles`] holds it.
fn borrowed((name, bytes): &(String, Result<Vec<u8>, String>)) -> (&str, Result<&[u8], &str>) {
    (name.as_str(), bytes.as_deref().map_err(String::as_str))
}

/// Reads one file with `read`, or reports why it could not be read.
fn read_or_report<'a, T>(
    file: (&str, Result<&'a [u8], &str>),
    diags: &mut Vec<Diagnostic>,
    read: impl FnOnce(&'a [u8], &str, &mut Vec<Diagnostic>) -> T,
) -> Option<T> {
    match file.1 {
        Ok(bytes) => Some(read(bytes, file.0, diags)),
        Err(reason) => {
            diags.push(Diagnostic::error(
                file.0,
                Location::File,
                reason.to_string(),
            ));
            None
        }
    }
}

fn count_errors(diags: &[Diagnostic], file: &str) -> usize {
    diags
        .iter()
        .filter(|d| d.is_error() && d.file == file)
        .count()
}
