//! Type sizes in design units (pixels on a 1600×1000 page); a page scales them all alike.

/// The map title.
pub const TITLE: f64 = 26.0;
/// The subtitle.
pub const SUBTITLE: f64 = 15.0;
/// The year shown, in large figures at the top right.
pub const YEAR: f64 = 46.0;
/// Site labels.
pub const SITE_LABEL: f64 = 13.0;
/// Site symbol radius.
pub const SYMBOL: f64 = 7.0;
/// Panel headings.
pub const HEADING: f64 = 13.0;
/// Panel text.
pub const BODY: f64 = 11.5;
/// Source notes and credits.
pub const SMALL: f64 = 10.0;
/// The smallest text on a page (the credit line and the inset's caption): the page size
/// is chosen so that it stays readable (see [`crate::layout::page::PageSize::scale`]).
pub const SMALLEST: f64 = 9.5;
