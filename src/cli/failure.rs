//! A failed run as a value: what kind of failure it is, the exit code that kind gives, and
//! the one place where a message is marked `error: ` for the terminal.

use std::fmt;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for bad data or a failed run (a file that cannot be read or written).
pub const EXIT_DATA: i32 = 1;
/// Exit code for bad usage: unknown flags, bad flag values, an unknown site name.
pub const EXIT_USAGE: i32 = 2;

/// A failed run. Each kind carries its message without the `error: ` mark, which
/// [`Display`](fmt::Display) adds when the failure is printed.
///
/// ```
/// use chronomap::cli::{EXIT_USAGE, Failure};
/// let f = Failure::usage("--year 0: years run from 1 to 9999");
/// assert_eq!(f.code(), EXIT_USAGE);
/// assert_eq!(f.to_string(), "error: --year 0: years run from 1 to 9999");
/// ```
#[derive(Debug)]
pub enum Failure {
    /// Bad usage (exit code 2): a bad flag value, an unknown site name, an output that
    /// would replace one of the run's inputs, pages too large for the memory there is.
    Usage(String),
    /// Bad data, or a file that could not be read or written (exit code 1).
    Data(String),
    /// Problems in the data, one per line, each already marked as an error or a warning
    /// (the way [`crate::diagnostic::Diagnostic`] prints), then their count (exit code 1).
    Listed(String),
}

impl Failure {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    /// A data or I/O error (exit code 1).
    pub fn data(message: impl Into<String>) -> Failure {
        Failure::Data(message.into())
    }

    /// Problems in the data, already one marked line each (exit code 1); printed as they are.
    ///
    /// ```
    /// let f = chronomap::cli::Failure::listed("error: e.csv, line 2: bad date\nwarning: w");
    /// assert_eq!(f.to_string(), "error: e.csv, line 2: bad date\nwarning: w");
    /// ```
    pub fn listed(lines: impl Into<String>) -> Failure {
        Failure::Listed(lines.into())
    }

    /// The exit code: [`EXIT_USAGE`] or [`EXIT_DATA`].
    pub fn code(&self) -> i32 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Data(_) | Failure::Listed(_) => EXIT_DATA,
        }
    }

    /// What went wrong, without the `error: ` mark and without trailing white space.
    ///
    /// ```
    /// let f = chronomap::cli::Failure::data("maps/x.svg: could not be written\n");
    /// assert_eq!(f.message(), "maps/x.svg: could not be written");
    /// ```
    pub fn message(&self) -> &str {
        match self {
            Failure::Usage(m) | Failure::Data(m) | Failure::Listed(m) => m.trim_end(),
        }
    }

    /// The same kind of failure, with `more` appended to its message.
    ///
    /// ```
    /// use chronomap::cli::{EXIT_DATA, Failure};
    /// let f = Failure::data("db: could not connect").and(" (is the server running?)");
    /// assert_eq!(f.code(), EXIT_DATA);
    /// assert_eq!(f.to_string(), "error: db: could not connect (is the server running?)");
    /// ```
    pub fn and(mut self, more: &str) -> Failure {
        match &mut self {
            Failure::Usage(m) | Failure::Data(m) | Failure::Listed(m) => m.push_str(more),
        }
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Data(m) => write!(f, "error: {m}"),
            Failure::Listed(lines) => f.write_str(lines),
        }
    }
}

impl std::error::Error for Failure {}

impl From<super::atomic_write::WriteError> for Failure {
    fn from(e: super::atomic_write::WriteError) -> Failure {
        Failure::Data(e.to_string())
    }
}
