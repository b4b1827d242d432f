//! Putting validated events in chronological order, and turning the row each dispute names
//! into the index of its event.

use super::ids::row_number;
use super::{Event, PartialDate};

/// A key that orders dates as [`PartialDate`] does: by first day, then by last day. Both
/// days of a partial date are in its one year.
fn chronological_key(date: PartialDate) -> u64 {
    let (first, last) = (date.first_day(), date.last_day());
    // The offset keeps any `i32` year in order.
    let year = (i64::from(first.year()) - i64::from(i32::MIN)) as u64;
    year << 32
        | u64::from(first.month()) << 24
        | u64::from(first.day()) << 16
        | u64::from(last.month()) << 8
        | u64::from(last.day())
}

/// Puts `items` in the order `order` gives (`order[k]` is the index of the item that goes
/// to position `k`), in place. `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `events` (taken in file order; `event_rows[i]` is the table row of event `i`, of
/// `rows` rows) by date, then by line, and turns each event's `disputes`, which holds the
/// row of the disputed event, into that event's index (`None` when it was not kept).
pub(super) fn sort_chronologically(events: &mut [Event], event_rows: &[u32], rows: usize) {
    // Events were taken in file order, so their index orders them by line: an unstable sort
    // of (date, index) gives the one stable order.
    let mut keyed: Vec<(u64, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (chronological_key(e.date), row_number(i)))
        .collect();
    keyed.sort_unstable();
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, i)| i as usize).collect();
    let mut position = vec![u32::MAX; rows];
    for (k, &i) in order.iter().enumerate() {
        position[event_rows[i] as usize] = row_number(k);
    }
    permute(events, &mut order);
    for e in events.iter_mut() {
        e.disputes = e
            .disputes
            .and_then(|row| position.get(row).copied())
            .filter(|&k| k != u32::MAX)
            .map(|k| k as usize);
    }
}
