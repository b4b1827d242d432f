//! Reading `events.csv` into raw event rows.

use super::csv_reader::{Cell, CsvRow};
use super::table_rows::{RowShape, Rows};
use crate::diagnostic::Diagnostic;

/// The columns of `events.csv`, in the order they are documented.
pub const EVENT_COLUMNS: [&str; 7] = ["id", "site", "date", "kind", "status", "summary", "sources"];

/// One row of `events.csv`, as text, with its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEvent<'t> {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// Event id (a slug).
    pub id: Cell<'t>,
    /// Site id.
    pub site: Cell<'t>,
    /// Partial date.
    pub date: Cell<'t>,
    /// Event kind.
    pub kind: Cell<'t>,
    /// Status after the event, possibly empty.
    pub status: Cell<'t>,
    /// One-line summary.
    pub summary: Cell<'t>,
    /// `;`-separated source ids.
    pub sources: Cell<'t>,
    /// Id of the event this one disputes, possibly empty.
    pub disputes: Cell<'t>,
}

/// The shape of `events.csv`: its columns and how a row reads as a [`RawEvent`].
#[derive(Debug, Clone, Copy)]
pub struct EventRows;

impl RowShape for EventRows {
    type Record<'t> = RawEvent<'t>;
    const REQUIRED: &'static [&'static str] = &EVENT_COLUMNS;
    const OPTIONAL: &'static [&'static str] = &["disputes"];

    #[inline]
    fn record<'t>(r: &CsvRow<'t>) -> RawEvent<'t> {
        RawEvent {
            line: r.line,
            id: r.cell(0),
            site: r.cell(1),
            date: r.cell(2),
            kind: r.cell(3),
            status: r.cell(4),
            summary: r.cell(5),
            sources: r.cell(6),
            disputes: r.cell(7),
        }
    }
}

/// The rows of an events table, borrowing the file's bytes.
pub type RawEvents<'a> = Rows<'a, EventRows>;

impl RawEvents<'_> {
    /// The id of row `index`, without reading the rest of the row.
    #[inline]
    pub fn id(&self, index: usize) -> Option<&str> {
        self.table.cell(index, 0).map(|c| c.text)
    }

    /// The site of row `index`, without reading the rest of the row.
    #[inline]
    pub fn site(&self, index: usize) -> Option<&str> {
        self.table.cell(index, 1).map(|c| c.text)
    }

    /// The date of row `index`, as written, without reading the rest of the row.
    ///
    /// ```
    /// use chronomap::input::read_events;
    /// let csv = "id,site,date,kind,status,summary,sources\nk1,kant,2003-10,opened,active,Opened,s1\n";
    /// let rows = read_events(csv.as_bytes(), "events.csv", &mut Vec::new());
    /// assert_eq!(rows.date(0), Some("2003-10"));
    /// ```
    #[inline]
    pub fn date(&self, index: usize) -> Option<&str> {
        self.table.cell(index, 2).map(|c| c.text)
    }

    /// The sources of row `index`, without reading the rest of the row.
    ///
    /// ```
    /// use chronomap::input::read_events;
    /// let csv = "id,site,date,kind,status,summary,sources\nk1,kant,2003-10,opened,active,Opened,s1;s2\n";
    /// let rows = read_events(csv.as_bytes(), "events.csv", &mut Vec::new());
    /// assert_eq!(rows.sources(0), Some("s1;s2"));
    /// ```
    #[inline]
    pub fn sources(&self, index: usize) -> Option<&str> {
        self.table.cell(index, 6).map(|c| c.text)
    }

    /// The line of row `index`.
    #[inline]
    pub fn line(&self, index: usize) -> Option<u64> {
        self.table.row(index).map(|r| r.line)
    }
}

/// Reads the rows of an events table. `file` names the file in messages.
///
/// ```
/// use chronomap::input::read_events;
/// let csv = "id,site,date,kind,status,summary,sources,disputes\nk1,kant,2003-10,opened,active,Opened,s1,\n";
/// let mut diags = Vec::new();
/// let rows = read_events(csv.as_bytes(), "events.csv", &mut diags);
/// let first = rows.get(0).unwrap();
/// assert_eq!(first.date.text, "2003-10");
/// assert_eq!(first.line, 2);
/// ```
pub fn read_events<'a>(bytes: &'a [u8], file: &str, diags: &mut Vec<Diagnostic>) -> RawEvents<'a> {
    Rows::read(bytes, file, diags)
}
