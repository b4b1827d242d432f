//! Year snapshots: the state at the end of a year, plus that year's news.

use super::{SiteState, Timeline};
use crate::model::{Day, Status};

/// The state of every site at the end of `year`, and the events dated in that year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSnapshot {
    /// The year.
    pub year: i32,
    /// The day the states hold on (31 December of `year`).
    pub day: Day,
    /// One state per site, in `Dataset::sites` order.
    pub states: Vec<SiteState>,
    /// Indexes of the events whose date lies in `year`, in chronological order.
    pub news: Vec<usize>,
    /// Each site's status at the end of the year before, so a map can mark what changed.
    pub previous: Vec<Status>,
}

impl YearSnapshot {
    /// Whether site `i`'s status differs from its status at the end of the year before.
    ///
    /// ```
    /// # use chronomap::timeline::Timeline;
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let snap = Timeline::new(&data).year_snapshot(2014);
    /// let manas = data.sites.iter().position(|s| s.id == "manas").unwrap();
    /// assert!(snap.changed(manas));
    /// ```
    pub fn changed(&self, i: usize) -> bool {
        self.states[i].status != self.previous[i]
    }
}

impl Timeline<'_> {
    /// The snapshot at the end of `year`.
    ///
    /// ```
    /// # use chronomap::timeline::Timeline;
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let snap = Timeline::new(&data).year_snapshot(2014);
    /// assert_eq!(snap.day.to_string(), "2014-12-31");
    /// assert!(snap.news.iter().all(|&i| data.events[i].date.year() == 2014));
    /// ```
    pub fn year_snapshot(&self, year: i32) -> YearSnapshot {
        let day = Day::end_of_year(year);
        self.snapshot_on(day, year)
    }

    /// The snapshot on `day`, with the news of `day`'s year up to and including `day`.
    pub fn snapshot_on(&self, day: Day, year: i32) -> YearSnapshot {
        let events = &self.dataset().events;
        let start = events.partition_point(|e| e.date.year() < year);
        let end = events.partition_point(|e| e.date.year() <= year);
        let news = (start..end)
            .filter(|&i| events[i].date.first_day() <= day)
            .collect();
        let previous = self
            .state_at(Day::end_of_year(year - 1))
            .into_iter()
            .map(|s| s.status)
            .collect();
        YearSnapshot {
            year,
            day,
            states: self.state_at(day),
            news,
            previous,
        }
    }
}
