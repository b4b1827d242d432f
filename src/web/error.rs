//! Why a web page could not be made from the years asked for.

use std::fmt;

/// Why a web page could not be made.
///
/// ```
/// use chronomap::web::WebError;
/// assert_eq!(WebError::NoYears.to_string(), "there are no years to show");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebError {
    /// No year was asked for.
    NoYears,
    /// More years than one page holds (the most it holds is given).
    TooManyYears(usize),
    /// The page's data could not be written as JSON.
    PageData(String),
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::NoYears => write!(f, "there are no years to show"),
            WebError::TooManyYears(most) => write!(f, "at most {most} years fit in one page"),
            WebError::PageData(e) => write!(f, "the page data: {e}"),
        }
    }
}

impl std::error::Error for WebError {}
