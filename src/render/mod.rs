//! Turning a resolved scene into bytes: SVG text, PNG pixels, PDF pages and the GIF.
//!
//! Nothing here knows about sites or events: the layout stage has already decided every
//! position, colour and word. A map's SVG is written by [`svg`]; its PNG is drawn straight
//! from the scene by [`draw`] (no SVG round trip) and encoded by [`png_stream`], each band
//! compressed in pieces on all cores as soon as it is drawn ([`deflate`]); its PDF is the SVG converted by
//! svg2pdf ([`pdf`], [`pdf_info`]). [`format::encode`] picks among them. resvg ([`raster`]) no longer draws maps: it parses
//! SVG into the tree svg2pdf converts, turns the timeline chart (SVG from plotters) into a
//! PNG, and serves the tests as the reference the drawer is compared with. Both drawers cut
//! the page into the same fixed bands ([`bands`]); every failure is a [`error::RenderError`].

pub mod bands;
pub mod deflate;
pub mod draw;
pub mod error;
pub mod format;
pub mod gif;
pub mod pdf;
pub mod pdf_info;
pub mod png_stream;
pub mod raster;
pub mod svg;
pub mod underlay_cache;
