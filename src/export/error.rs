//! What can go wrong while an export file is built: a typed value, to which the command
//! layer adds the file's path.

use std::fmt;
use std::io;

/// Why an export file could not be made.
///
/// ```
/// use chronomap::export::ExportCause;
/// let cause = ExportCause::Write(std::io::Error::other("disk full"));
/// assert_eq!(cause.to_string(), "could not be written: disk full");
/// assert!(!cause.names_the_file());
/// ```
#[derive(Debug)]
pub enum ExportCause {
    /// Its bytes could not be written.
    Write(io::Error),
    /// The GeoPackage (an SQLite database) could not be built.
    Database(rusqlite::Error),
    /// The sink could not make or keep the file; the message names the file itself (such as
    /// a temporary file that could not be created in the output folder).
    Sink(Box<dyn std::error::Error + Send + Sync>),
}

impl ExportCause {
    /// Whether the message already names the file, so that nothing is to be added to it.
    pub fn names_the_file(&self) -> bool {
        matches!(self, ExportCause::Sink(_))
    }
}

impl fmt::Display for ExportCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportCause::Write(e) => write!(f, "could not be written: {e}"),
            ExportCause::Database(e) => write!(f, "the GeoPackage could not be built: {e}"),
            ExportCause::Sink(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExportCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportCause::Write(e) => Some(e),
            ExportCause::Database(e) => Some(e),
            ExportCause::Sink(e) => Some(&**e),
        }
    }
}

impl From<io::Error> for ExportCause {
    fn from(e: io::Error) -> ExportCause {
        ExportCause::Write(e)
    }
}

impl From<rusqlite::Error> for ExportCause {
    fn from(e: rusqlite::Error) -> ExportCause {
        ExportCause::Database(e)
    }
}

/// A file that could not be built, and why.
///
/// ```
/// use chronomap::export::{ExportCause, ExportError};
/// let e = ExportError {
///     file: "events.csv",
///     cause: ExportCause::Write(std::io::Error::other("disk full")),
/// };
/// assert_eq!(e.to_string(), "events.csv: could not be written: disk full");
/// ```
#[derive(Debug)]
pub struct ExportError {
    /// The file name, such as `chronomap.gpkg`.
    pub file: &'static str,
    /// What went wrong.
    pub cause: ExportCause,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cause.names_the_file() {
            write!(f, "{}", self.cause)
        } else {
            write!(f, "{}: {}", self.file, self.cause)
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}
