//! Chart panels drawn with plotters: the timeline of site statuses and its building blocks.
//!
//! Charts may know the model and the timeline; they return SVG text and never touch files.

mod canvas;
mod error;
mod legend;
mod marks;
mod measure;
mod scale;
mod style;
mod timeline;

pub use error::ChartError;
pub use timeline::{DEFAULT_HEIGHT, DEFAULT_WIDTH, timeline_svg, timeline_svg_styled};
