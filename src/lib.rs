//! chronomap: maps of places through time.
//!
//! Data flows one way: [`input`] parses bytes into raw records, [`model`] validates and
//! joins them, [`timeline`] computes the state of every site on a date, and the command
//! layer in [`cli`] is the only code that touches files, the environment and the terminal.
#![warn(missing_docs)]

pub mod bundled;
pub mod chart;
pub mod cli;
pub mod color;
pub mod diagnostic;
pub mod escape;
pub mod export;
pub mod fonts;
pub mod input;
pub mod lang;
pub mod layout;
pub mod model;
pub mod number_text;
pub mod palette;
pub mod render;
pub mod scene;
pub mod theme;
pub mod timeline;
pub mod viewer;
pub mod web;
