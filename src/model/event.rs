//! A dated, sourced event in a site's history.

use super::{EventKind, PartialDate, Status};

/// A validated event. Indexes point into the [`Dataset`](super::Dataset)'s lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Slug id.
    pub id: Box<str>,
    /// Index of the site in `Dataset::sites`.
    pub site: usize,
    /// When it happened, to the precision the sources give.
    pub date: PartialDate,
    /// What happened.
    pub kind: EventKind,
    /// The site's status after the event, if the event sets one.
    pub status: Option<Status>,
    /// One line of text.
    pub summary: Box<str>,
    /// Indexes into `Dataset::sources`; never empty.
    pub sources: Box<[usize]>,
    /// Index into `Dataset::events` of the event that gives the same fact with another date.
    pub disputes: Option<usize>,
    /// The line of `events.csv` it came from.
    pub line: u64,
}
