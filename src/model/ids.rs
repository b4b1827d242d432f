//! Looking ids up on a large dataset: hash maps with a fast hasher, the ids each input file
//! holds (valid or not), and the index of an events table's ids.

use crate::input::{RawEvents, RawSite, RawSources};
use std::cell::OnceCell;
use std::hash::BuildHasher;

// foldhash: several times faster than the standard SipHash on the id maps of a large
// dataset, and still seeded per process.
/// A hash map with the fast hasher.
pub(super) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set with the fast hasher.
pub(super) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// An empty map with room for `n` entries.
pub(super) fn map_with_capacity<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// Ids present in the sites and sources files, valid or not, so that references to an
/// invalid record are not reported again; `None` for a file that could not be read. The
/// sets are built on the first lookup, which only a reference to no valid record needs.
pub(super) struct Known<'a> {
    pub(super) sites: Option<&'a [RawSite]>,
    pub(super) sources: Option<&'a RawSources<'a>>,
    pub(super) site_set: OnceCell<HashSet<&'a str>>,
    pub(super) source_set: OnceCell<HashSet<&'a str>>,
}

impl Known<'_> {
    /// Whether a reference to site `id` should be reported as unknown.
    pub(super) fn is_unknown_site(&self, id: &str) -> bool {
        self.sites.is_some_and(|raw| {
            !self
                .site_set
                .get_or_init(|| raw.iter().filter_map(|r| r.id.as_deref()).collect())
                .contains(id)
        })
    }

    /// Whether a reference to source `id` should be reported as unknown.
    pub(super) fn is_unknown_source(&self, id: &str) -> bool {
        self.sources.is_some_and(|raw| {
            !self
                .source_set
                .get_or_init(|| raw.iter().map(|r| r.id.text).collect())
                .contains(id)
        })
    }
}

/// A row number as stored in the lists of a table's rows.
pub(super) fn row_number(row: usize) -> u32 {
    u32::try_from(row).expect("fewer than 4 billion rows")
}

/// The ids of every row of an events table, valid or not, indexed once: for each distinct
/// id its first row (for "is used twice", and the event a dispute names) and its last (whose
/// site a dispute is compared with, as a map filled in file order keeps). The table holds
/// only row numbers and hashes the ids in the file, and rows that share an id (usually none)
/// are listed apart, so a million rows cost a few MB.
pub(super) struct IdIndex {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// For each row whose id an earlier row has, the first row with it.
    first_rows: HashMap<u32, u32>,
    /// For each first row of an id that later rows have too, the last row with it.
    last_rows: HashMap<u32, u32>,
}

/// The rows whose ids are hashed before any is looked up: the loop that looks them up then
/// does little else, so that many lookups wait for memory at once.
const HASHED_AHEAD: usize = 64;

impl IdIndex {
    pub(super) fn new(raw: &RawEvents<'_>) -> Self {
        let hasher = foldhash::fast::RandomState::default();
        let id = |row: u32| raw.id(row as usize).unwrap_or_default();
        let mut table = hashbrown::HashTable::with_capacity(raw.len());
        let mut first_rows = map_with_capacity(0);
        let mut last_rows = map_with_capacity(0);
        let mut hashes = Vec::with_capacity(HASHED_AHEAD);
        for start in (0..row_number(raw.len())).step_by(HASHED_AHEAD) {
            let rows = start..(start + HASHED_AHEAD as u32).min(row_number(raw.len()));
            hashes.clear();
            hashes.extend(rows.clone().map(|row| hasher.hash_one(id(row))));
            for (row, &hash) in rows.zip(&hashes) {
                let entry = table.entry(hash, |&r| id(r) == id(row), |&r| hasher.hash_one(id(r)));
                match entry {
                    hashbrown::hash_table::Entry::Occupied(e) => {
                        first_rows.insert(row, *e.get());
                        last_rows.insert(*e.get(), row);
                    }
                    hashbrown::hash_table::Entry::Vacant(e) => {
                        e.insert(row);
                    }
                }
            }
        }
        IdIndex {
            table,
            hasher,
            first_rows,
            last_rows,
        }
    }

    /// The first row with the id of `row`.
    pub(super) fn first_row(&self, row: usize) -> usize {
        if self.first_rows.is_empty() {
            return row;
        }
        let row = row_number(row);
        self.first_rows.get(&row).copied().unwrap_or(row) as usize
    }

    /// The last row with the id whose first row is `first`.
    pub(super) fn last_row(&self, first: usize) -> usize {
        let first = row_number(first);
        self.last_rows.get(&first).copied().unwrap_or(first) as usize
    }

    /// The first row with id `text`.
    pub(super) fn find(&self, text: &str, raw: &RawEvents<'_>) -> Option<usize> {
        self.table
            .find(self.hasher.hash_one(text), |&r| {
                raw.id(r as usize).unwrap_or_default() == text
            })
            .map(|&r| r as usize)
    }

    /// Every distinct id.
    pub(super) fn keys<'r>(&'r self, raw: &'r RawEvents<'_>) -> impl Iterator<Item = &'r str> {
        self.table
            .iter()
            .map(|&r| raw.id(r as usize).unwrap_or_default())
    }
}
