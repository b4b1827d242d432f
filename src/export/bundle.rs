//! The whole export: every file with its fixed name, built from one dataset and one day.

use super::csv_rows::CsvRows;
use super::error::{ExportCause, ExportError};
use super::events_layer::{EventLookup, dispute_partners, events_layer_with};
use super::geojson::{GeojsonRows, write_geojson};
use super::gpkg::write_geopackage_with;
use super::kml::write_kml_with;
use super::layer::GisLayer;
use super::periods_layer::periods_layer_with;
use super::rows::write_rows;
use super::{qml_with, sites_layer};
use crate::input::metadata::DatasetMetadata;
use crate::model::{Dataset, Day};
use crate::theme::Theme;
use crate::timeline::{Timeline, status_periods};
use rusqlite::Connection;
use std::io::{self, Write};
use std::sync::Mutex;

/// One output file: a fixed name (never taken from the data) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The file name, such as `sites.geojson`.
    pub name: &'static str,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The result of an export: the files and what went into them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The day the `sites` layer's status holds on; `None` when the data has no events.
    pub status_day: Option<Day>,
    /// Number of features in each layer: sites, events, periods.
    pub counts: (usize, usize, usize),
    /// The files, in the order they should be written.
    pub files: Vec<ExportFile>,
}

/// The default day for the sites' status: the last day of the latest event date (the
/// day by which every event has surely happened), or `None` without events.
///
/// ```
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let day = chronomap::export::default_status_day(&data).unwrap();
/// assert_eq!(day.to_string(), "2023-05-08");
/// ```
pub fn default_status_day(data: &Dataset) -> Option<Day> {
    data.events.iter().map(|e| e.date.last_day()).max()
}

/// The names of the export's files, in the order they are listed and written.
pub const EXPORT_FILE_NAMES: [&str; 9] = [
    "sites.geojson",
    "sites.qml",
    "events.geojson",
    "events.qml",
    "periods.geojson",
    "periods.qml",
    "chronomap.gpkg",
    "chronomap.kml",
    "events.csv",
];

/// Where [`export_to`] puts the files: in memory ([`export_files`]) or in a folder (the
/// `export` command, which streams each file to disk). Its methods are called from several
/// threads at once, once per file.
pub trait ExportSink: Sync {
    /// Makes the text file `name`, with the content that `write` writes into the writer it
    /// is given.
    fn text_file(
        &self,
        name: &'static str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportCause>;

    /// Makes the SQLite file `name`: opens a new, empty database and lets `fill` build it.
    fn database(
        &self,
        name: &'static str,
        fill: &mut dyn FnMut(&Connection) -> Result<(), ExportCause>,
    ) -> Result<(), ExportCause>;
}

/// Builds every export file: `sites`, `events` and `periods` as GeoJSON with a `.qml`
/// style each, `chronomap.gpkg`, `chronomap.kml` and `events.csv` (see
/// [`EXPORT_FILE_NAMES`]), and hands each one to `sink` as it is written. `status_day` is the
/// day the sites' `status` holds on; `meta` (the dataset's `dataset.toml`) goes into the
/// GeoPackage. The same data and day always give the same bytes.
/// Returns the number of features in each layer (sites, events, periods); on failure, the
/// error of the first failed file in the order of [`EXPORT_FILE_NAMES`].
///
/// The layers are never held in memory: each format builds its rows one at a time from the
/// dataset. The files are built in parallel, the longest first.
pub fn export_to(
    data: &Dataset,
    meta: &DatasetMetadata,
    status_day: Option<Day>,
    sink: &dyn ExportSink,
) -> Result<(usize, usize, usize), ExportError> {
    export_to_styled(data, meta, status_day, sink, &Theme::default())
}

/// [`export_to`] with the layer styles (QML, GeoPackage `layer_styles`, KML) in `theme`'s
/// status colours and operator shapes.
pub fn export_to_styled(
    data: &Dataset,
    meta: &DatasetMetadata,
    status_day: Option<Day>,
    sink: &dyn ExportSink,
    theme: &Theme,
) -> Result<(usize, usize, usize), ExportError> {
    let timeline = Timeline::new(data);
    let lookup = EventLookup::new(data);
    let periods = status_periods(&timeline);
    let partners = dispute_partners(data);
    let sites = sites_layer(&timeline, status_day);
    let events = events_layer_with(data, partners.clone(), Some(&lookup));
    let periods_layer = periods_layer_with(data, periods.as_slice());
    let changed = default_status_day(data);
    let errors = Errors::default();
    let text = |name: &'static str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>| {
        if let Err(cause) = sink.text_file(name, write) {
            errors.push(name, cause);
        }
    };
    // Longest first, so that the small files fill the gaps on the other cores.
    rayon::scope_fifo(|s| {
        s.spawn_fifo(|_| {
            let layers = [&sites, &events, &periods_layer];
            let result = sink.database("chronomap.gpkg", &mut |conn| {
                write_geopackage_with(conn, &layers, &data.sources, meta, changed, theme)
            });
            if let Err(cause) = result {
                errors.push("chronomap.gpkg", cause);
            }
        });
        s.spawn_fifo(|_| {
            text("chronomap.kml", &mut |w| {
                write_kml_with(data, partners.clone(), &periods, w, theme)
            })
        });
        s.spawn_fifo(|_| events_geojson_and_csv(&events, &text));
        s.spawn_fifo(|_| text("periods.geojson", &mut |w| write_geojson(&periods_layer, w)));
        s.spawn_fifo(|_| {
            text("sites.geojson", &mut |w| write_geojson(&sites, w));
            for (layer, name) in [
                (&sites, "sites.qml"),
                (&events, "events.qml"),
                (&periods_layer, "periods.qml"),
            ] {
                text(name, &mut |w| {
                    w.write_all(qml_with(layer, theme).as_bytes())
                });
            }
        });
    });
    match errors.first() {
        Some(e) => Err(e),
        None => Ok((sites.len(), events.len(), periods_layer.len())),
    }
}

/// Makes a text file through the sink: its name and what writes its content.
type TextFile<'s> =
    dyn Fn(&'static str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) + Sync + 's;

/// The events GeoJSON and CSV from one pass over the events; the GeoJSON on its own when
/// the CSV file could not even be made.
fn events_geojson_and_csv(events: &GisLayer<'_>, text: &TextFile<'_>) {
    text("events.geojson", &mut |json| {
        let mut csv_result: Option<io::Result<()>> = None;
        text("events.csv", &mut |csv| {
            let result = write_rows(
                events,
                &mut [
                    (&mut GeojsonRows::new(events), &mut *json),
                    (&mut CsvRows::new(events), csv),
                ],
            );
            let failed = result
                .as_ref()
                .err()
                .map(|e| io::Error::new(e.kind(), e.to_string()));
            csv_result = Some(failed.map_or(Ok(()), Err));
            result
        });
        match csv_result {
            None => write_geojson(events, json),
            Some(result) => result,
        }
    })
}

/// The files that failed, gathered from every thread.
#[derive(Default)]
struct Errors(Mutex<Vec<ExportError>>);

impl Errors {
    /// Notes that `file` failed.
    fn push(&self, file: &'static str, cause: ExportCause) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ExportError { file, cause });
    }

    /// The error of the first failed file in the order of [`EXPORT_FILE_NAMES`].
    fn first(self) -> Option<ExportError> {
        let mut errors = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        errors.sort_by_key(|e| EXPORT_FILE_NAMES.iter().position(|n| *n == e.file));
        errors.into_iter().next()
    }
}

/// Keeps the files in memory, for [`export_files`].
struct MemorySink(Mutex<Vec<ExportFile>>);

impl MemorySink {
    fn keep(&self, name: &'static str, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ExportFile { name, bytes });
    }
}

impl ExportSink for MemorySink {
    fn text_file(
        &self,
        name: &'static str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportCause> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.keep(name, bytes);
        Ok(())
    }

    fn database(
        &self,
        name: &'static str,
        fill: &mut dyn FnMut(&Connection) -> Result<(), ExportCause>,
    ) -> Result<(), ExportCause> {
        let conn = Connection::open_in_memory()?;
        fill(&conn)?;
        let bytes = conn.serialize("main")?.to_vec();
        self.keep(name, bytes);
        Ok(())
    }
}

/// Builds every export file in memory (see [`export_to`] for what they hold), without
/// dataset metadata. The same data and day always give the same bytes.
///
/// ```
/// use chronomap::export::{default_status_day, export_files};
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let out = export_files(&data, default_status_day(&data)).unwrap();
/// let names: Vec<&str> = out.files.iter().map(|f| f.name).collect();
/// assert_eq!(names, ["sites.geojson", "sites.qml", "events.geojson", "events.qml",
///     "periods.geojson", "periods.qml", "chronomap.gpkg", "chronomap.kml", "events.csv"]);
/// ```
pub fn export_files(data: &Dataset, status_day: Option<Day>) -> Result<ExportSummary, ExportError> {
    let sink = MemorySink(Mutex::new(Vec::new()));
    let counts = export_to(data, &DatasetMetadata::default(), status_day, &sink)?;
    let mut files = sink.0.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by_key(|f| EXPORT_FILE_NAMES.iter().position(|n| *n == f.name));
    Ok(ExportSummary {
        status_day,
        counts,
        files,
    })
}
