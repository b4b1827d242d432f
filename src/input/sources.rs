//! Reading `sources.csv` into raw source rows.

use super::{Cell, CsvTable};
use crate::diagnostic::Diagnostic;

/// One row of `sources.csv`, as text, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSource {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// Source id (a slug).
    pub id: Cell,
    /// Title of the document.
    pub title: Cell,
    /// Who published it.
    pub publisher: Cell,
    /// Publication date, a partial date.
    pub published: Cell,
    /// Address, possibly empty.
    pub url: Cell,
}

/// Reads the rows of a sources table. `file` names the file in messages.
///
/// ```
/// use chronomap::input::read_sources;
/// let csv = "id,title,publisher,published,url\ns1,\"Bases, old and new\",Eurasianet,2012-09-20,\n";
/// let mut diags = Vec::new();
/// let rows = read_sources(csv.as_bytes(), "sources.csv", &mut diags);
/// assert_eq!(rows[0].title.text, "Bases, old and new");
/// ```
pub fn read_sources(bytes: &[u8], file: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawSource> {
    let table = CsvTable::parse(
        bytes,
        file,
        &["id", "title", "publisher", "published"],
        &["url"],
        diags,
    );
    table
        .rows
        .into_iter()
        .map(|r| RawSource {
            line: r.line,
            id: r.cell(0),
            title: r.cell(1),
            publisher: r.cell(2),
            published: r.cell(3),
            url: r.cell(4),
        })
        .collect()
}
