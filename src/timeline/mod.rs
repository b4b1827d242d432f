//! Time: the state of every site on a date, year snapshots, and status periods. Pure functions of the data.
//!
//! The rule: a site's status on day D is the status set by its last status-setting event
//! whose date lies wholly on or before D. A partial date that could fall on either side of
//! D does not count yet: `2014` counts from 2014-12-31, `2014-06` from 2014-06-30. Among
//! events that count, "last" means latest last day, then latest first day, then latest line.

mod map_date;
mod periods;
mod snapshot;
mod state;

pub use map_date::{DEFAULT_SUBTITLE, MapDate};
pub use periods::{Period, status_periods};
pub use snapshot::YearSnapshot;
pub use state::{SiteState, Timeline};

#[cfg(test)]
mod tests;
