//! Turning a resolved scene into bytes: SVG text, PNG pixels and PDF pages.
//!
//! Nothing here knows about sites or events: the layout stage has already decided every
//! position, colour and word.

pub mod bands;
pub mod draw;
pub mod error;
pub mod format;
pub mod gif;
pub mod pdf;
pub mod pdf_info;
pub mod png_stream;
pub mod raster;
pub mod svg;
