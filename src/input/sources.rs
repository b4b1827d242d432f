//! Reading `sources.csv` into raw source rows.

use super::csv_reader::{Cell, CsvRow};
use super::table_rows::{RowShape, Rows};
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

/// The shape of `sources.csv`: its columns and how a row reads as a [`RawSource`].
#[derive(Debug, Clone, Copy)]
pub struct SourceRows;

impl RowShape for SourceRows {
    type Record<'t> = RawSource<'t>;
    const REQUIRED: &'static [&'static str] = &["id", "title", "publisher", "published"];
    const OPTIONAL: &'static [&'static str] = &["url"];

    #[inline]
    fn record<'t>(r: &CsvRow<'t>) -> RawSource<'t> {
        RawSource {
            line: r.line,
            id: r.cell(0),
            title: r.cell(1),
            publisher: r.cell(2),
            published: r.cell(3),
            url: r.cell(4),
        }
    }
}

/// The rows of a sources table, borrowing the file's bytes.
pub type RawSources<'a> = Rows<'a, SourceRows>;

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
    Rows::read(bytes, file, diags)
}
