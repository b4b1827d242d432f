//! The checks every input file shares: one-line text, ids, dates, and the count of
//! errors reported for a file.

use super::{DateError, PartialDate, is_slug};
use crate::diagnostic::{Diagnostic, Location};
use crate::input::Cell;

/// A row or feature is not kept: the problem that rejects it is reported (or was, for the
/// record it refers to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rejected;

/// Counts the errors reported for one file as diagnostics are added: counting them all
/// again for every row costs rows × diagnostics.
pub(super) struct ErrorCount<'f> {
    file: &'f str,
    counted: usize,
    errors: usize,
}

impl<'f> ErrorCount<'f> {
    pub(super) fn new(file: &'f str) -> Self {
        ErrorCount {
            file,
            counted: 0,
            errors: 0,
        }
    }

    /// The errors for the file in `diags`, which only grows between calls.
    pub(super) fn get(&mut self, diags: &[Diagnostic]) -> usize {
        let new = diags.get(self.counted..).unwrap_or_default();
        self.errors += new
            .iter()
            .filter(|d| d.is_error() && d.file == self.file)
            .count();
        self.counted = diags.len();
        self.errors
    }
}

/// Why a text cannot be a map label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(super) enum NotOneLine {
    /// It holds a line break.
    #[error("must be one line, without line breaks")]
    LineBreak,
    /// It holds another control character.
    #[error("contains an invisible control character ({})", .0.escape_unicode())]
    Control(char),
}

/// Rejects text a map label cannot show: line breaks and other control characters.
pub(super) fn check_one_line(text: &str) -> Result<(), NotOneLine> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Ok(());
    }
    match text.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some('\n' | '\r') => Err(NotOneLine::LineBreak),
        Some(c) => Err(NotOneLine::Control(c)),
    }
}

/// A string property without surrounding spaces, reusing its allocation when it has none.
pub(super) fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// The longest id [`slugify`] suggests. Its output is ASCII, so truncating is safe.
const MAX_SUGGESTED_ID_LEN: usize = 60;

/// A slug suggestion for an id that is not one.
pub(super) fn slugify(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    // A suggestion for a very long id (a whole line pasted into the id column) stays short.
    out.truncate(MAX_SUGGESTED_ID_LEN);
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "site-1".into() } else { out }
}

/// An error about `cell` of the row on `line`, naming its column and field.
pub(super) fn cell_error(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let column = Some(cell.column).filter(|c| *c > 0);
    Diagnostic::error(file, Location::Line { line, column }, message).field(field, cell.text)
}

/// Checks a row's id; `first` is the line of an earlier row with the same id, if any.
pub(super) fn check_id(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    first: Option<u64>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let problem = if cell.text.is_empty() {
        Some((
            "is empty: every row needs an id".to_string(),
            "ids use a-z, 0-9 and '-'".to_string(),
        ))
    } else if !is_slug(cell.text) {
        Some((
            "is not a valid id: ids use only a-z, 0-9 and '-'".to_string(),
            format!("for example \"{}\"", slugify(cell.text)),
        ))
    } else {
        first.map(|first| {
            (
                format!("is used twice (first on line {first})"),
                "every row needs its own id".to_string(),
            )
        })
    };
    match problem {
        Some((why, hint)) => {
            diags.push(cell_error(file, line, cell, "id", why).hint(hint));
            false
        }
        None => true,
    }
}

/// Parses a date cell, reporting it when it is not a partial date.
pub(super) fn check_date(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    match cell.text.parse::<PartialDate>() {
        Ok(d) => Some(d),
        Err(e) => {
            let mut d = cell_error(file, line, cell, field, format!("is not a valid date: {e}"));
            if e == DateError::Format {
                d = d.hint(
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, such as 2012, 2012-09 or 2012-09-20",
                );
            }
            diags.push(d);
            None
        }
    }
}

/// Checks a text cell: present when `required`, and one line; reports what is wrong.
pub(super) fn check_text(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if required && cell.text.is_empty() {
        diags.push(cell_error(file, line, cell, field, "is empty"));
        return false;
    }
    if let Err(why) = check_one_line(cell.text) {
        diags.push(cell_error(file, line, cell, field, why.to_string()));
        return false;
    }
    true
}
