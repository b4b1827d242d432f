//! Arbitrary bytes as one of the six basemap files (the first byte picks which), the other
//! five empty. When the basemap reads, the mini dataset's map frame is laid out on
//! the fuzzed layer and one year's scene is written as SVG; when it fails, the message must
//! name the file.
#![no_main]

use chronomap::bundled::basemap_files;
use chronomap::input::basemap::{read_basemap, Basemap};
use chronomap::layout::map::MapFrame;
use chronomap::layout::page::PageSize;
use chronomap::layout::style::MapStyle;
use chronomap::model::{Dataset, DatasetFiles};
use chronomap::timeline::Timeline;
use libfuzzer_sys::fuzz_target;

mod common;

const EMPTY: &[u8] = br#"{"type":"FeatureCollection","features":[]}"#;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    // The other five layers are empty collections: parsing the shipped ones would cost most
    // of each run, and the fuzzed file is the one under test.
    let mut files = basemap_files();
    for other in [
        &mut files.countries,
        &mut files.borders,
        &mut files.admin1,
        &mut files.lakes,
        &mut files.places,
        &mut files.locator,
    ] {
        other.1 = EMPTY;
    }
    let slot = match which % 6 {
        0 => &mut files.countries,
        1 => &mut files.borders,
        2 => &mut files.admin1,
        3 => &mut files.lakes,
        4 => &mut files.places,
        _ => &mut files.locator,
    };
    slot.1 = bytes;
    let name = slot.0.clone();
    let read = match read_basemap(files) {
        Ok(b) => b,
        Err(message) => {
            assert!(
                message.starts_with(&format!("error: {name}")),
                "the message does not name {name}: {message}"
            );
            assert!(message.chars().count() <= 1000, "a {}-character message", message.len());
            return;
        }
    };
    let basemap: Basemap = read;
    let loaded = Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(common::SITES)),
        events: ("events.csv", Ok(common::EVENTS)),
        sources: ("sources.csv", Ok(common::SOURCES)),
    })
    .expect("the mini fixture loads");
    let style = MapStyle {
        page: PageSize::pixels(800, 500).expect("a valid page"),
        extent: None,
        title: None,
        subtitle: None,
        credit: None,
        compact: false,
    };
    let frame = match MapFrame::new(&loaded.dataset, &basemap, &style) {
        Ok(f) => f,
        Err(_) => return,
    };
    let timeline = Timeline::new(&loaded.dataset);
    let snapshot = timeline.snapshot_on(chronomap::model::Day::end_of_year(2010), 2010);
    let scene = frame.scene(&loaded.dataset, &snapshot, "Status at end of 2010", "Events in 2010");
    let svg = chronomap::render::svg::write_svg(&scene);
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
});
