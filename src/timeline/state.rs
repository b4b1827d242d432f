//! `state_at`: each site's status on a given day.

use crate::model::{Dataset, Day, Status};

/// One site's state on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteState {
    /// The status in force.
    pub status: Status,
    /// The event (index into `Dataset::events`) that set it, if any.
    pub set_by: Option<usize>,
    /// Whether the sources disagree about this site on this day: one of a pair of disputed
    /// events is already past while the other is not.
    pub disputed: bool,
}

/// Precomputed per-site orderings that answer [`Timeline::state_at`] in O(sites · log events).
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    dataset: &'a Dataset,
    /// Per site: (day the event takes effect, event index), sorted in the rule's order.
    status_events: Vec<Vec<(Day, usize)>>,
    /// Per site: the effective days of each disputed pair, earlier first.
    disputes: Vec<Vec<(Day, Day)>>,
}

impl<'a> Timeline<'a> {
    /// Indexes the dataset's status-setting events by site.
    pub fn new(dataset: &'a Dataset) -> Timeline<'a> {
        let mut status_events = vec![Vec::new(); dataset.sites.len()];
        let mut disputes = vec![Vec::new(); dataset.sites.len()];
        for (i, e) in dataset.events.iter().enumerate() {
            if e.status.is_some() {
                status_events[e.site].push((e.date.last_day(), i));
            }
            if let Some(p) = e.disputes {
                let (a, b) = (e.date.last_day(), dataset.events[p].date.last_day());
                disputes[e.site].push((a.min(b), a.max(b)));
            }
        }
        for list in &mut status_events {
            list.sort_by_key(|&(day, i)| {
                (
                    day,
                    dataset.events[i].date.first_day(),
                    dataset.events[i].line,
                    i,
                )
            });
        }
        Timeline {
            dataset,
            status_events,
            disputes,
        }
    }

    /// The dataset this timeline indexes.
    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The state of every site (in `Dataset::sites` order) on `day`.
    ///
    /// ```
    /// # use chronomap::model::{Dataset, Day, Status};
    /// # use chronomap::timeline::Timeline;
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let timeline = Timeline::new(&data);
    /// let kant = data.site_index("kant").unwrap();
    /// assert_eq!(timeline.state_at(Day::end_of_year(1990))[kant].status, Status::Unknown);
    /// assert_eq!(timeline.state_at(Day::end_of_year(2023))[kant].status, Status::Active);
    /// ```
    pub fn state_at(&self, day: Day) -> Vec<SiteState> {
        (0..self.dataset.sites.len())
            .map(|s| self.site_state_at(s, day))
            .collect()
    }

    /// The state of one site on `day`.
    pub fn site_state_at(&self, site: usize, day: Day) -> SiteState {
        let list = &self.status_events[site];
        let n = list.partition_point(|&(d, _)| d <= day);
        let set_by = n.checked_sub(1).map(|k| list[k].1);
        let status = set_by
            .and_then(|i| self.dataset.events[i].status)
            .unwrap_or(Status::Unknown);
        let disputed = self.disputes[site]
            .iter()
            .any(|&(a, b)| a <= day && day < b);
        SiteState {
            status,
            set_by,
            disputed,
        }
    }

    /// The status-setting events of a site, in the order the rule applies them.
    pub fn status_events(&self, site: usize) -> impl Iterator<Item = (Day, usize)> + '_ {
        self.status_events[site].iter().copied()
    }
}
