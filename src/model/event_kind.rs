//! What kind of thing an event is: an opening, a lease, a refusal…

use std::fmt;

/// The kind of an event.
///
/// ```
/// use chronomap::model::EventKind;
/// assert_eq!("lease".parse::<EventKind>(), Ok(EventKind::Lease));
/// assert_eq!(EventKind::ALL.len(), 12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum EventKind {
    Opened,
    Closed,
    Agreement,
    Lease,
    Proposal,
    Statement,
    Declined,
    Merger,
    Expansion,
    Deployment,
    Exercise,
    Other,
}

impl EventKind {
    /// Every kind, in the documented order.
    pub const ALL: [EventKind; 12] = [
        EventKind::Opened,
        EventKind::Closed,
        EventKind::Agreement,
        EventKind::Lease,
        EventKind::Proposal,
        EventKind::Statement,
        EventKind::Declined,
        EventKind::Merger,
        EventKind::Expansion,
        EventKind::Deployment,
        EventKind::Exercise,
        EventKind::Other,
    ];

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Closed => "closed",
            EventKind::Agreement => "agreement",
            EventKind::Lease => "lease",
            EventKind::Proposal => "proposal",
            EventKind::Statement => "statement",
            EventKind::Declined => "declined",
            EventKind::Merger => "merger",
            EventKind::Expansion => "expansion",
            EventKind::Deployment => "deployment",
            EventKind::Exercise => "exercise",
            EventKind::Other => "other",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}
