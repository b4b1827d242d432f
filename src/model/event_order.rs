//! Putting validated events in chronological order as they are made, and turning the row
//! each dispute names into the index of its event.

use super::ids::row_number;
use super::{Event, EventKind, PartialDate, YEARS};

/// A key that orders dates as [`PartialDate`] does: by first day, then by last day. Both
/// days of a partial date are in its one year, which a date read from a file has in
/// [`YEARS`] (14 bits; a year outside counts as the nearest in it).
fn chronological_key(date: PartialDate) -> u32 {
    let (first, last) = (date.first_day(), date.last_day());
    let year = first.year().clamp(*YEARS.start(), *YEARS.end()) as u32;
    year << 18
        | u32::from(first.month()) << 14
        | u32::from(first.day()) << 9
        | u32::from(last.month()) << 5
        | u32::from(last.day())
}

/// The places of a table's events in chronological order (by date, then by line), known from
/// the rows' dates before the rows are checked: each event goes straight to its place, and the
/// list is never reordered (on a large dataset, moving a few million events about costs more
/// than checking them).
pub(super) struct Places {
    /// For each row, the place of its event; `u32::MAX` when its date does not read.
    place: Vec<u32>,
    /// The events, in chronological order; an empty one, on line 0, where no event has come
    /// yet (an event's line is at least 2, after the header).
    events: Vec<Event>,
    /// The number of places filled.
    count: usize,
    /// The places of the events that dispute another, whose `disputes` still holds a row.
    disputing: Vec<u32>,
    /// Events made but not yet in their places, with their places.
    pending: Vec<(u32, Event)>,
}

/// The events kept back before they are put in their places together: the places are far
/// apart in a large list, so each costs a wait for memory, and putting many in a short loop
/// lets those waits overlap.
const PENDING: usize = 64;

impl Places {
    /// Places for the events of rows with these dates (`None` for a date that does not read,
    /// whose row makes no event).
    pub(super) fn new(dates: &[Option<PartialDate>]) -> Self {
        // Rows are in file order, so their index orders them by line: an unstable sort of
        // (date, row) gives the one stable order.
        // (date, row) in one number: sorting plain numbers is quick.
        let mut keyed: Vec<u64> = dates
            .iter()
            .enumerate()
            .filter_map(|(row, date)| {
                Some(u64::from(chronological_key((*date)?)) << 32 | u64::from(row_number(row)))
            })
            .collect();
        keyed.sort_unstable();
        let mut place = vec![u32::MAX; dates.len()];
        for (k, &key) in keyed.iter().enumerate() {
            place[key as u32 as usize] = row_number(k);
        }
        let mut events = Vec::with_capacity(keyed.len());
        events.resize_with(keyed.len(), empty_event);
        Places {
            place,
            events,
            count: 0,
            disputing: Vec::new(),
            pending: Vec::with_capacity(PENDING),
        }
    }

    /// Puts the event of `row`, whose date read, in its place. Its `disputes`, if any, is
    /// the first row with the disputed id.
    pub(super) fn put(&mut self, row: usize, event: Event) {
        let at = self.place.get(row).copied().unwrap_or(u32::MAX);
        if at as usize >= self.events.len() {
            return;
        }
        if event.disputes.is_some() {
            self.disputing.push(at);
        }
        self.pending.push((at, event));
        if self.pending.len() == PENDING {
            self.flush();
        }
    }

    /// Puts the pending events in their places.
    fn flush(&mut self) {
        self.count += self.pending.len();
        for (at, event) in self.pending.drain(..) {
            self.events[at as usize] = event;
        }
    }

    /// The events in chronological order, each dispute the index of the disputed event (or
    /// `None` when that row made no event). Places left empty, by rows that were rejected,
    /// are closed up.
    pub(super) fn into_events(mut self) -> Vec<Event> {
        self.flush();
        for &at in &self.disputing {
            let at = at as usize;
            let row = self.events[at].disputes.unwrap_or(usize::MAX);
            let target = self.place.get(row).copied().map(|p| p as usize);
            let filled = |p: usize| self.events.get(p).is_some_and(|e| e.line != 0);
            self.events[at].disputes = target.filter(|&p| filled(p));
        }
        if self.count < self.events.len() {
            self.close_gaps();
        }
        self.events
    }

    /// Removes the empty places, renumbering the disputes.
    fn close_gaps(&mut self) {
        let mut index = Vec::with_capacity(self.events.len());
        let mut next = 0usize;
        for event in &self.events {
            index.push(next);
            next += usize::from(event.line != 0);
        }
        for &at in &self.disputing {
            let event = &mut self.events[at as usize];
            event.disputes = event.disputes.map(|p| index[p]);
        }
        self.events.retain(|e| e.line != 0);
    }
}

/// What fills a place until its event comes: it allocates nothing.
fn empty_event() -> Event {
    Event {
        id: Box::default(),
        site: 0,
        date: PartialDate::year_only(0),
        kind: EventKind::Other,
        status: None,
        summary: Box::default(),
        sources: Box::default(),
        disputes: None,
        line: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    fn event(line: u64, disputes: Option<usize>) -> Event {
        Event {
            line,
            disputes,
            ..empty_event()
        }
    }

    #[test]
    fn keys_order_dates_as_dates_do() {
        let mut dates: Vec<PartialDate> = [
            "2001",
            "2001-01",
            "2001-01-01",
            "2001-12-31",
            "2001-12",
            "2000-02-29",
            "9999",
            "0001-01-01",
            "2001-02",
        ]
        .iter()
        .map(|t| date(t))
        .collect();
        let mut by_key = dates.clone();
        dates.sort();
        by_key.sort_by_key(|d| chronological_key(*d));
        assert_eq!(by_key, dates);
    }

    #[test]
    fn events_go_to_their_places_and_disputes_follow_them() {
        // Rows 0..4; row 2's date does not read, row 3 is rejected; row 1 disputes row 0
        // and row 4 disputes row 3 (which makes no event).
        let dates = [
            Some(date("2005")),
            Some(date("2001")),
            None,
            Some(date("2003")),
            Some(date("2001")),
        ];
        let mut places = Places::new(&dates);
        places.put(0, event(2, None));
        places.put(1, event(3, Some(0)));
        places.put(4, event(6, Some(3)));
        let events = places.into_events();
        let lines: Vec<u64> = events.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 6, 2]);
        assert_eq!(events[0].disputes, Some(2));
        assert_eq!(events[1].disputes, None);
    }
}
