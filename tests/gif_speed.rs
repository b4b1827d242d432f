//! How long the GIF encoder takes for an animation of full-size frames. Ignored by default
//! (it is a measurement, best run in release):
//!
//! ```sh
//! cargo test --release --test gif_speed -- --ignored --nocapture
//! ```

use chronomap::chart::timeline_svg;
use chronomap::render::gif::{RgbaFrame, encode_gif};
use chronomap::render::raster::rasterize;
use chronomap::timeline::Timeline;
use std::time::Instant;

#[test]
#[ignore = "a timing measurement; run in release with --ignored"]
fn encodes_23_frames_of_1600_by_1000_quickly() {
    let data = chronomap::bundled::dataset().expect("bundled data").dataset;
    let timeline = Timeline::new(&data);
    let started = Instant::now();
    // 23 different pictures with the flat fills, text and anti-aliased edges of a map page.
    let frames: Vec<RgbaFrame> = (2001..=2023)
        .map(|last| {
            let svg = timeline_svg(&timeline, 2000..=last, 1600, 1000).expect("chart");
            let img = rasterize(&svg, 1600, 1000).expect("raster");
            RgbaFrame {
                width: img.width,
                height: img.height,
                data: img.data,
            }
        })
        .collect();
    let drawn = started.elapsed();
    let started = Instant::now();
    let gif = encode_gif(&frames, 80, 3).expect("encodes");
    let encoded = started.elapsed();
    println!(
        "23 frames of 1600×1000: drawn and rasterised in {:.2} s, GIF encoded in {:.2} s, {} bytes",
        drawn.as_secs_f64(),
        encoded.as_secs_f64(),
        gif.len()
    );
    assert!(encoded.as_secs_f64() < 10.0, "encoding took {encoded:?}");
}
