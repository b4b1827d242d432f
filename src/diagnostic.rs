//! Errors and warnings about input data, as values that name the file, the place and the problem.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (missing, empty, too large…).
    File,
    /// A line, and the column when it is known (1-based for both).
    Line {
        /// 1-based line.
        line: u64,
        /// 1-based column (for CSV, the field number).
        column: Option<u64>,
    },
    /// A GeoJSON feature by its 0-based index in `features`, with its id when it has one.
    Feature {
        /// 0-based index in `features`.
        index: usize,
        /// The feature's id, if it has one.
        id: Option<String>,
    },
    /// A table of a database (a GeoPackage), and the row and column when they are known.
    Table {
        /// The table name.
        table: String,
        /// The row's primary key (`fid`, as QGIS shows it).
        row: Option<i64>,
        /// The row's `id` column, if it has one.
        id: Option<String>,
        /// The column, when the message does not name it already.
        column: Option<String>,
    },
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data is usable, but something looks unintended.
    Warning,
    /// The data cannot be used until this is fixed.
    Error,
}

/// One problem found in the input.
///
/// ```
/// use chronomap::diagnostic::{Diagnostic, Location};
/// let d = Diagnostic::error("events.csv", Location::Line { line: 4, column: Some(3) }, "is not a date")
///     .field("date", "Feb 2019")
///     .hint("dates are YYYY, YYYY-MM or YYYY-MM-DD");
/// assert_eq!(
///     d.to_string(),
///     "error: events.csv, line 4, column 3: date \"Feb 2019\" is not a date (hint: dates are YYYY, YYYY-MM or YYYY-MM-DD)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file name as the user knows it (`events.csv`, or `DIR/events.csv`).
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// The field (column or property) concerned, if any.
    pub field: Option<String>,
    /// The offending value, if any, as written.
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion for the fix.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `location` in `file`.
    pub fn error(file: impl Into<String>, location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, location, message)
    }

    /// A warning at `location` in `file`.
    pub fn warning(
        file: impl Into<String>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file, location, message)
    }

    fn new(
        severity: Severity,
        file: impl Into<String>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            location,
            field: None,
            value: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Names the field and the bad value.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.field = Some(name.into());
        self.value = Some(value.into());
        self
    }

    /// Names the field only.
    pub fn in_field(mut self, name: impl Into<String>) -> Self {
        self.field = Some(name.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this stops the data from being used.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Shows a value the way a reader can see it: quoted, with control characters escaped,
/// and cut short when it is very long.
pub fn show_value(value: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("\"");
    for (i, c) in value.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            c if c.is_control() || is_invisible(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Makes a message from another library (which may quote the input) safe to show: control
/// and invisible characters escaped, and cut short after `max` characters.
///
/// ```
/// use chronomap::diagnostic::clip_message;
/// assert_eq!(clip_message("bad \u{202E}x", 10), "bad \\u{202e}x");
/// assert_eq!(clip_message(&"y".repeat(50), 5), "yyyyy…");
/// ```
pub fn clip_message(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that change how text looks without being visible: bidirectional
/// controls, zero-width characters and joiners, the soft hyphen, the byte-order mark,
/// interlinear annotation marks and tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file)?;
        match &self.location {
            Location::File => {}
            Location::Line {
                line,
                column: Some(c),
            } => write!(f, ", line {line}, column {c}")?,
            Location::Line { line, column: None } => write!(f, ", line {line}")?,
            Location::Feature {
                index,
                id: Some(id),
            } => write!(f, ", feature {index} (id {})", show_value(id))?,
            Location::Feature { index, id: None } => write!(f, ", feature {index}")?,
            Location::Table {
                table,
                row,
                id,
                column,
            } => {
                write!(f, ", table {table}")?;
                if let Some(row) = row {
                    write!(f, ", row {row}")?;
                }
                if let Some(id) = id {
                    write!(f, " (id {})", show_value(id))?;
                }
                if let Some(column) = column {
                    write!(f, ", column {column}")?;
                }
            }
        }
        write!(f, ": ")?;
        match (&self.field, &self.value) {
            (Some(field), Some(value)) => write!(f, "{field} {} ", show_value(value))?,
            (Some(field), None) => write!(f, "{field}: ")?,
            _ => {}
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
///
/// ```
/// use chronomap::diagnostic::did_you_mean;
/// assert_eq!(did_you_mean("knat", ["kant", "osh"]), Some("kant".to_string()));
/// assert_eq!(did_you_mean("paris", ["kant", "osh"]), None);
/// ```
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3) && *d < c.chars().count().max(1))
        .min()
        .map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_hidden_characters() {
        assert_eq!(show_value("a\u{202E}b\n"), "\"a\\u{202e}b\\u{a}\"");
        assert_eq!(show_value(&"x".repeat(100)).chars().count(), 63);
        assert_eq!(show_value("a\u{FFFB}b\u{AD}"), "\"a\\u{fffb}b\\u{ad}\"");
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(
            did_you_mean("Kant", ["kant", "osh"]).as_deref(),
            Some("kant")
        );
        assert_eq!(did_you_mean("k2", ["k-2", "osh"]).as_deref(), Some("k-2"));
        assert_eq!(
            did_you_mean("issykkul", ["issyk-kul", "osh"]).as_deref(),
            Some("issyk-kul")
        );
        assert_eq!(did_you_mean("x", ["kant", "osh"]), None);
    }
}
