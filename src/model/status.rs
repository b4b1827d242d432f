//! A site's status: what the latest status-setting event says it is.

use crate::lang::Words;
use std::fmt;

/// The status of a site on a date.
///
/// ```
/// use chronomap::model::Status;
/// assert_eq!("closed".parse::<Status>(), Ok(Status::Closed));
/// assert!("open".parse::<Status>().is_err());
/// assert_eq!(Status::Unknown.as_str(), "unknown");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// No status-setting event yet.
    Unknown,
    /// Discussed or offered, not built.
    Proposed,
    /// Operating.
    Active,
    /// A proposal that was turned down.
    Declined,
    /// Shut down or handed back.
    Closed,
}

impl Status {
    /// The statuses an event may set, in the order legends list them.
    pub const SETTABLE: [Status; 4] = [
        Status::Active,
        Status::Proposed,
        Status::Declined,
        Status::Closed,
    ];

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Proposed => "proposed",
            Status::Active => "active",
            Status::Declined => "declined",
            Status::Closed => "closed",
        }
    }

    /// The name with a capital, for legends and tables.
    pub fn label(self) -> &'static str {
        match self {
            Status::Unknown => "Unknown",
            Status::Proposed => "Proposed",
            Status::Active => "Active",
            Status::Declined => "Declined",
            Status::Closed => "Closed",
        }
    }
}

impl Status {
    /// The status's label in the map's language.
    ///
    /// ```
    /// use chronomap::lang::Lang;
    /// use chronomap::model::Status;
    /// assert_eq!(Status::Closed.word(&Lang::Ru.words()), "Закрыта");
    /// ```
    pub fn word(self, words: &Words) -> &'static str {
        match self {
            Status::Active => words.active,
            Status::Proposed => words.proposed,
            Status::Declined => words.declined,
            Status::Closed => words.closed,
            Status::Unknown => words.unknown,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = ();

    /// Parses one of the statuses an event may set (`unknown` is not one of them).
    fn from_str(s: &str) -> Result<Self, ()> {
        Status::SETTABLE
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}
