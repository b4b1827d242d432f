//! Reading `sources.csv` into raw source rows.

use super::{Cell, CsvTable};
use crate::diagnostic::Diagnostic;

/// One row of `sources.csv`, as text, with its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSource<'t> {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// Source id (a slug).
    pub id: Cell<'t>,
    /// Title of the document.
    pub title: Cell<'t>,
    /// Who published it.
    pub publisher: Cell<'t>,
    /// Publication date, a partial date.
    pub published: Cell<'t>,
    /// Address, possibly empty.
    pub url: Cell<'t>,
}

/// The rows of a sources table, borrowing the file's bytes; each row is read as a
/// [`RawSource`] when asked for.
#[derive(Debug, Clone)]
pub struct RawSources<'a> {
    table: CsvTable<'a>,
}

impl RawSources<'_> {
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
    pub fn get(&self, index: usize) -> Option<RawSource<'_>> {
        let r = self.table.row(index)?;
        Some(RawSource {
            line: r.line,
            id: r.cell(0),
            title: r.cell(1),
            publisher: r.cell(2),
            published: r.cell(3),
            url: r.cell(4),
        })
    }

    /// The rows in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = RawSource<'_>> {
        (0..self.len()).map(|i| self.get(i).expect("in range"))
    }
}

/// Reads the rows of a sources table. `file` names the file in messages.
///
/// ```
/// use chronomap::input::read_sources;
/// let csv = "id,title,publisher,published,url\ns1,\"Bases, old and new\",Eurasianet,2012-09-20,\n";
/// let mut diags = Vec::new();
/// let rows = read_sources(csv.as_bytes(), "sources.csv", &mut diags);
/// assert_eq!(rows.get(0).unwrap().title.text, "Bases, old and new");
/// ```
pub fn read_sources<'a>(
    bytes: &'a [u8],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> RawSources<'a> {
    RawSources {
        table: CsvTable::parse(
            bytes,
            file,
            &["id", "title", "publisher", "published"],
            &["url"],
            diags,
        ),
    }
}
