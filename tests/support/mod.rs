//! Helpers shared by integration tests. Each test file uses only some of them.
#![allow(dead_code)]

pub mod external;
pub mod run;
pub mod svg_boxes;
pub mod viewer_page;
pub mod webdriver;
