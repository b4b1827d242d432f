//! Reading `events.csv` into raw event rows.

use super::{Cell, CsvTable};
use crate::diagnostic::Diagnostic;

/// The columns of `events.csv`, in the order they are documented.
pub const EVENT_COLUMNS: [&str; 7] = ["id", "site", "date", "kind", "status", "summary", "sources"];

/// One row of `events.csv`, as text, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// Event id (a slug).
    pub id: Cell,
    /// Site id.
    pub site: Cell,
    /// Partial date.
    pub date: Cell,
    /// Event kind.
    pub kind: Cell,
    /// Status after the event, possibly empty.
    pub status: Cell,
    /// One-line summary.
    pub summary: Cell,
    /// `;`-separated source ids.
    pub sources: Cell,
    /// Id of the event this one disputes, possibly empty.
    pub disputes: Cell,
}

/// Reads the rows of an events table. `file` names the file in messages.
///
/// ```
/// use chronomap::input::read_events;
/// let csv = "id,site,date,kind,status,summary,sources,disputes\nk1,kant,2003-10,opened,active,Opened,s1,\n";
/// let mut diags = Vec::new();
/// let rows = read_events(csv.as_bytes(), "events.csv", &mut diags);
/// assert_eq!(rows[0].date.text, "2003-10");
/// assert_eq!(rows[0].line, 2);
/// ```
pub fn read_events(bytes: &[u8], file: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawEvent> {
    let table = CsvTable::parse(bytes, file, &EVENT_COLUMNS, &["disputes"], diags);
    table
        .rows
        .into_iter()
        .map(|r| RawEvent {
            line: r.line,
            id: r.cell(0),
            site: r.cell(1),
            date: r.cell(2),
            kind: r.cell(3),
            status: r.cell(4),
            summary: r.cell(5),
            sources: r.cell(6),
            disputes: r.cell(7),
        })
        .collect()
}
