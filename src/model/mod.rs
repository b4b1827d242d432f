//! The validated model: sites, events and sources, joined and checked.

mod checks;
mod dataset;
mod date;
mod event;
mod event_kind;
mod event_order;
mod event_refs;
mod id_table;
mod ids;
mod load;
mod site;
mod slug;
mod source;
mod status;
mod validate_events;
mod validate_sites;
mod validate_sources;
mod warnings;

pub use dataset::Dataset;
pub use date::{DateError, Day, PartialDate, Precision, YEARS, days_in_month, is_leap_year};
pub use event::Event;
pub use event_kind::EventKind;
pub use load::{DatasetFiles, Loaded, MAX_ERRORS_PER_FILE, OwnedDatasetFiles};
pub use site::{PositionPrecision, Site};
pub use slug::is_slug;
pub use source::Source;
pub use status::Status;
