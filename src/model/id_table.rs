//! Looking up short ids (site and source ids) by text, one cache line a probe.
//!
//! A map from `&str` keeps a pointer to each key's bytes, so on a large dataset every
//! lookup reads the table's control bytes, its slot and then the key, three places far
//! apart in memory. This table stores, in each 32-byte slot, a part of the key's hash, the
//! value, and a copy of the key itself when it is at most [`INLINE`] bytes long (ids such as
//! `site-000123` or `src-00042`), so a lookup usually reads one slot and nothing else. A
//! longer key is compared with the original text.

use std::hash::BuildHasher;

/// The longest key kept in a slot; the slot's last byte holds its length.
const INLINE: usize = 23;
/// The length byte of a slot whose key is too long to be kept in it.
const LONG: u8 = u8::MAX;

/// One slot: 32 bytes, aligned so that it never straddles two cache lines.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// The hash's upper half with its lowest bit set; 0 marks an empty slot.
    tag: u32,
    /// The value.
    value: u32,
    /// The key's bytes padded with zeros, then its length (or [`LONG`]).
    key: [u8; INLINE + 1],
}

/// The key as a slot stores it.
fn packed(key: &str) -> [u8; INLINE + 1] {
    let mut out = [0u8; INLINE + 1];
    let bytes = key.as_bytes();
    if bytes.len() <= INLINE {
        out[..bytes.len()].copy_from_slice(bytes);
        out[INLINE] = bytes.len() as u8;
    } else {
        out[INLINE] = LONG;
    }
    out
}

/// A map from id text to its position in the list it was built from.
pub(super) struct IdTable<'a> {
    slots: Vec<Slot>,
    mask: usize,
    /// The keys, by value: to compare long keys, and to list the keys.
    keys: Vec<&'a str>,
    hasher: foldhash::fast::RandomState,
}

impl<'a> IdTable<'a> {
    /// Each id's position in `ids`; an id given twice maps to its last position.
    pub(super) fn new(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        // At most half full, so that probe sequences stay short.
        let capacity = (ids.len() * 2).next_power_of_two().max(8);
        let mut table = IdTable {
            slots: vec![Slot::default(); capacity],
            mask: capacity - 1,
            keys: Vec::with_capacity(ids.len()),
            hasher: foldhash::fast::RandomState::default(),
        };
        for id in ids {
            table.insert(id);
        }
        table
    }

    /// Where `key` lives (or would): its tag and its slot (empty when absent).
    fn probe(&self, key: &str, packed: &[u8; INLINE + 1]) -> (u32, usize) {
        let hash = self.hasher.hash_one(key);
        let tag = (hash >> 32) as u32 | 1;
        let mut at = hash as usize & self.mask;
        loop {
            let slot = &self.slots[at];
            if slot.tag == 0 {
                return (tag, at);
            }
            if slot.tag == tag
                && slot.key == *packed
                && (packed[INLINE] != LONG || self.keys[slot.value as usize] == key)
            {
                return (tag, at);
            }
            at = (at + 1) & self.mask;
        }
    }

    fn insert(&mut self, key: &'a str) {
        let value = u32::try_from(self.keys.len()).expect("fewer than 4 billion ids");
        self.keys.push(key);
        let packed = packed(key);
        let (tag, at) = self.probe(key, &packed);
        self.slots[at] = Slot {
            tag,
            value,
            key: packed,
        };
    }

    /// The position of `key`, if it is one of the ids.
    #[inline]
    pub(super) fn get(&self, key: &str) -> Option<usize> {
        let (_, at) = self.probe(key, &packed(key));
        let slot = &self.slots[at];
        (slot.tag != 0).then_some(slot.value as usize)
    }

    /// Every id, in the order given (an id given twice, twice).
    pub(super) fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.keys.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::IdTable;

    #[test]
    fn finds_each_id_and_no_other() {
        let long = "an-id-much-longer-than-twenty-three-bytes";
        let ids: Vec<String> = (0..1000).map(|i| format!("site-{i:06}")).collect();
        let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
        all.extend([long, "", "x"]);
        let table = IdTable::new(all.iter().copied());
        for (i, id) in all.iter().enumerate() {
            assert_eq!(table.get(id), Some(i), "{id}");
        }
        for absent in [
            "site-1000",
            "site-001000",
            "an-id-much-longer-than-twenty-three-byte",
            "x\0",
        ] {
            assert_eq!(table.get(absent), None, "{absent:?}");
        }
    }

    #[test]
    fn an_id_given_twice_maps_to_its_last_position() {
        let table = IdTable::new(["a", "b", "a"].into_iter());
        assert_eq!(table.get("a"), Some(2));
        assert_eq!(table.get("b"), Some(1));
        assert_eq!(table.keys().collect::<Vec<_>>(), ["a", "b", "a"]);
    }
}
