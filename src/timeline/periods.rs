//! Status periods: for each site, the runs of days with one status, with no gaps or overlaps.

use super::Timeline;
use crate::model::{Day, Status};

/// A run of days during which a site kept one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Index of the site.
    pub site: usize,
    /// The status during the period.
    pub status: Status,
    /// First day; `None` for the open start before a site's first status event.
    pub from: Option<Day>,
    /// Last day (inclusive); `None` while the period is still open.
    pub until: Option<Day>,
    /// The event that began the period, if any.
    pub started_by: Option<usize>,
}

/// Every site's status periods, site by site, each site's periods in order.
///
/// Each site starts with an `unknown` period with no start. Consecutive events that set the
/// same status extend a period instead of starting a new one. Periods meet exactly: each one's
/// `from` is the day after the previous one's `until`.
///
/// ```
/// # use chronomap::timeline::{status_periods, Timeline};
/// # use chronomap::model::Status;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let periods = status_periods(&Timeline::new(&data));
/// let kant = data.site_index("kant").unwrap();
/// let first = periods.iter().find(|p| p.site == kant).unwrap();
/// assert_eq!((first.status, first.from), (Status::Unknown, None));
/// ```
pub fn status_periods(timeline: &Timeline<'_>) -> Vec<Period> {
    let data = timeline.dataset();
    let mut out = Vec::new();
    for site in 0..data.sites.len() {
        let mut current = Period {
            site,
            status: Status::Unknown,
            from: None,
            until: None,
            started_by: None,
        };
        let mut events = timeline.status_events(site).peekable();
        while let Some((day, i)) = events.next() {
            // Several events taking effect on the same day: the last one in order wins.
            if events.peek().is_some_and(|&(next_day, _)| next_day == day) {
                continue;
            }
            let status = data.events[i].status.unwrap_or(Status::Unknown);
            if status == current.status {
                continue;
            }
            if current.from.is_some_and(|f| f == day) {
                // Cannot happen after the same-day merge above, but keep periods non-empty.
                current.status = status;
                current.started_by = Some(i);
                continue;
            }
            current.until = Some(day.previous());
            out.push(current);
            current = Period {
                site,
                status,
                from: Some(day),
                until: None,
                started_by: Some(i),
            };
        }
        out.push(current);
    }
    out
}
