//! Why a chart could not be drawn.

use std::fmt;

/// A chart that could not be drawn.
///
/// ```
/// use chronomap::chart::ChartError;
/// let e = ChartError::Size { width: 10, height: 10, reason: "too small".into() };
/// assert_eq!(e.to_string(), "a 10×10 px chart cannot be drawn: too small");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartError {
    /// The requested years are empty (`from` after `to`) or out of the supported range.
    Years {
        /// First year asked for.
        from: i32,
        /// Last year asked for.
        to: i32,
        /// What is wrong.
        reason: String,
    },
    /// The chart is too small (or too large) for its content.
    Size {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
        /// What is wrong.
        reason: String,
    },
    /// There is nothing to draw.
    Empty(String),
    /// The drawing backend failed.
    Drawing(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Years { from, to, reason } => {
                write!(f, "the years {from} to {to} cannot be charted: {reason}")
            }
            ChartError::Size {
                width,
                height,
                reason,
            } => write!(f, "a {width}×{height} px chart cannot be drawn: {reason}"),
            ChartError::Empty(reason) => write!(f, "nothing to chart: {reason}"),
            ChartError::Drawing(reason) => write!(f, "the chart could not be drawn: {reason}"),
        }
    }
}

impl std::error::Error for ChartError {}
