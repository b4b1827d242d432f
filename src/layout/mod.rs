//! Layout: a snapshot and a style become a resolved page — projection, basemap, symbols,
//! placed labels, legend, annotations and furniture. Every cartographic decision lives here.

pub mod basemap;
pub mod basemap_names;
pub mod collide;
pub mod credits;
pub mod describe;
pub mod error;
pub mod furniture;
pub mod geometry;
pub mod inset;
pub mod labels;
pub mod map;
pub mod news;
pub mod page;
pub mod page_plan;
pub mod panel;
pub mod projection;
pub mod relief;
pub mod sheet;
pub mod site_marks;
pub mod sizes;
pub mod style;
pub mod symbols;
pub mod text;
