//! Looking up the site and source ids that a batch of events rows cites, all at once.
//!
//! On a large dataset the id tables do not fit in the processor's caches, so a lookup waits
//! for memory. Checking a row does much else between its lookups, so row after row they
//! would wait one after another; done together in a short loop, their waits overlap.

use super::id_table::IdTable;
use crate::input::RawEvents;
use std::ops::Range;

/// The rows looked up at a time: their answers stay in the first-level cache.
pub(super) const BATCH: usize = 256;

/// The source ids a `sources` cell cites, in order: `;`-separated, trimmed, empty ones
/// skipped.
pub(super) fn cited(text: &str) -> impl Iterator<Item = &str> + Clone {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// What the ids of one batch of rows name: the index of each row's site and of each source it
/// cites, or `None` for an id of no valid record.
#[derive(Default)]
pub(super) struct Found {
    /// The first row of the batch.
    first: usize,
    sites: Vec<Option<u32>>,
    /// The answer for each id the batch's rows cite, row after row, in [`cited`] order.
    sources: Vec<Option<u32>>,
    /// For each row of the batch and one more, where its answers start in `sources`.
    source_starts: Vec<usize>,
}

/// The ids of a batch of rows, gathered before any is looked up: the loop that looks them up
/// then does nothing else, so that many lookups wait for memory at once.
#[derive(Default)]
pub(super) struct Ids<'t> {
    sites: Vec<&'t str>,
    sources: Vec<&'t str>,
}

impl Found {
    /// Looks up the ids of `rows` (at most [`BATCH`] of them), replacing the last batch's.
    /// `ids` is room for the batch's ids, reused from batch to batch.
    pub(super) fn look_up<'t>(
        &mut self,
        raw: &'t RawEvents<'_>,
        rows: Range<usize>,
        ids: &mut Ids<'t>,
        site_ids: &IdTable<'_>,
        source_ids: &IdTable<'_>,
    ) {
        self.first = rows.start;
        self.source_starts.clear();
        ids.sites.clear();
        ids.sources.clear();
        for row in rows {
            ids.sites.push(raw.site(row).unwrap_or_default());
            self.source_starts.push(ids.sources.len());
            ids.sources
                .extend(cited(raw.sources(row).unwrap_or_default()));
        }
        self.source_starts.push(ids.sources.len());
        self.sites.clear();
        self.sites
            .extend(ids.sites.iter().map(|id| site_ids.get(id).map(to_u32)));
        self.sources.clear();
        self.sources
            .extend(ids.sources.iter().map(|id| source_ids.get(id).map(to_u32)));
    }

    /// The index of the site of `row`, a row of the batch.
    #[inline]
    pub(super) fn site(&self, row: usize) -> Option<usize> {
        self.sites[row - self.first].map(|i| i as usize)
    }

    /// The index of each source `row` (a row of the batch) cites, in [`cited`] order.
    #[inline]
    pub(super) fn sources(&self, row: usize) -> &[Option<u32>] {
        let i = row - self.first;
        &self.sources[self.source_starts[i]..self.source_starts[i + 1]]
    }
}

/// An index of an id table, which holds fewer than 4 billion ids.
fn to_u32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4 billion ids")
}
