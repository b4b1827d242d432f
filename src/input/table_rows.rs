//! The rows of a CSV table of a known shape, borrowing the file's bytes; each row is read
//! as the shape's record when asked for. `events.csv` and `sources.csv` are two shapes.

use super::csv_reader::{CsvRow, CsvTable};
use crate::diagnostic::Diagnostic;
use std::marker::PhantomData;

/// A kind of table: its columns, and how one of its rows reads as a record.
///
/// ```
/// use chronomap::input::{Cell, CsvRow, RowShape, Rows};
/// #[derive(Debug, Clone)]
/// struct Names;
/// impl RowShape for Names {
///     type Record<'t> = Cell<'t>;
///     const REQUIRED: &'static [&'static str] = &["name"];
///     const OPTIONAL: &'static [&'static str] = &[];
///     fn record<'t>(row: &CsvRow<'t>) -> Cell<'t> {
///         row.cell(0)
///     }
/// }
/// let rows = Rows::<Names>::read(b"name\nKant\n", "names.csv", &mut Vec::new());
/// assert_eq!(rows.get(0).unwrap().text, "Kant");
/// ```
pub trait RowShape {
    /// What one row reads as, borrowing the table.
    type Record<'t>;
    /// The columns the header must have, in the order [`RowShape::record`] reads them.
    const REQUIRED: &'static [&'static str];
    /// The columns that may be absent, read after the required ones.
    const OPTIONAL: &'static [&'static str];
    /// Reads one row.
    fn record<'t>(row: &CsvRow<'t>) -> Self::Record<'t>;
}

/// The rows of a table of shape `S`, borrowing the file's bytes.
#[derive(Debug, Clone)]
pub struct Rows<'a, S> {
    pub(super) table: CsvTable<'a>,
    shape: PhantomData<S>,
}

impl<'a, S: RowShape> Rows<'a, S> {
    /// Reads the rows of `bytes`; `file` names the file in messages, which go to `diags`.
    pub fn read(bytes: &'a [u8], file: &str, diags: &mut Vec<Diagnostic>) -> Self {
        Rows {
            table: CsvTable::parse(bytes, file, S::REQUIRED, S::OPTIONAL, diags),
            shape: PhantomData,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Row `index` (0-based, in file order).
    #[inline]
    pub fn get(&self, index: usize) -> Option<S::Record<'_>> {
        self.table.row(index).map(|r| S::record(&r))
    }

    /// The rows in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = S::Record<'_>> {
        self.table.rows().map(|r| S::record(&r))
    }
}
