//! The whole export: every file with its fixed name, built from one dataset and one day.

use super::{csv_table, events_layer, geojson, geopackage, kml, periods_layer, qml, sites_layer};
use crate::model::{Dataset, Day};
use crate::timeline::Timeline;

/// One output file: a fixed name (never taken from the data) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The file name, such as `sites.geojson`.
    pub name: &'static str,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A file that could not be built, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The file name, such as `chronomap.gpkg`.
    pub file: &'static str,
    /// What went wrong.
    pub message: String,
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

/// Builds every export file: `sites`, `events` and `periods` as GeoJSON with a `.qml`
/// style each, `chronomap.gpkg`, `chronomap.kml` and `events.csv`. `status_day` is the day
/// the sites' `status` holds on. The same data and day always give the same bytes.
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
    let timeline = Timeline::new(data);
    let sites = sites_layer(&timeline, status_day);
    let events = events_layer(data);
    let periods = periods_layer(&timeline);
    // The files are independent: build them on all cores.
    let ((layers, gpkg), (kml_text, csv)) = rayon::join(
        || {
            rayon::join(
                || {
                    [
                        (&sites, "sites.geojson", "sites.qml"),
                        (&events, "events.geojson", "events.qml"),
                        (&periods, "periods.geojson", "periods.qml"),
                    ]
                    .map(|(layer, json_name, qml_name)| {
                        [
                            ExportFile {
                                name: json_name,
                                bytes: geojson(layer).into_bytes(),
                            },
                            ExportFile {
                                name: qml_name,
                                bytes: qml(layer).into_bytes(),
                            },
                        ]
                    })
                },
                || geopackage(&[&sites, &events, &periods], default_status_day(data)),
            )
        },
        || rayon::join(|| kml(&timeline), || csv_table(&events)),
    );
    let mut files: Vec<ExportFile> = layers.into_iter().flatten().collect();
    let gpkg = gpkg.map_err(|message| ExportError {
        file: "chronomap.gpkg",
        message,
    })?;
    files.push(ExportFile {
        name: "chronomap.gpkg",
        bytes: gpkg,
    });
    files.push(ExportFile {
        name: "chronomap.kml",
        bytes: kml_text.into_bytes(),
    });
    let csv = csv.map_err(|message| ExportError {
        file: "events.csv",
        message,
    })?;
    files.push(ExportFile {
        name: "events.csv",
        bytes: csv,
    });
    Ok(ExportSummary {
        status_day,
        counts: (
            sites.features.len(),
            events.features.len(),
            periods.features.len(),
        ),
        files,
    })
}
