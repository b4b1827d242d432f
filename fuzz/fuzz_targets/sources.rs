//! Arbitrary bytes as `sources.csv`, with the other two files from the valid mini fixture.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::load_and_walk(common::SITES, common::EVENTS, data);
});
