//! The validated model: sites, events and sources, joined and checked.

mod dataset;
mod date;
mod event;
mod event_kind;
mod site;
mod slug;
mod source;
mod status;

pub use dataset::{Dataset, DatasetFiles, Loaded, MAX_ERRORS_PER_FILE};
pub use date::{DateError, Day, PartialDate, Precision, YEARS, days_in_month, is_leap_year};
pub use event::Event;
pub use event_kind::EventKind;
pub use site::{PositionPrecision, Site};
pub use slug::is_slug;
pub use source::Source;
pub use status::Status;
