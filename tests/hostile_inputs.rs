//! Hostile inputs that are impractical as folders in `tests/broken/`: a file over the size
//! limit (shown with a small limit through the library, instead of a 512 MiB file), and
//! inputs large enough that quadratic work or unbounded messages would show.

use chronomap::input::{MAX_INPUT_BYTES, read_all_limited};
use chronomap::model::{Dataset, DatasetFiles, MAX_ERRORS_PER_FILE};
use std::time::{Duration, Instant};

const SITES: &[u8] = include_bytes!("fixtures/mini/sites.geojson");
const EVENTS: &[u8] = include_bytes!("fixtures/mini/events.csv");
const SOURCES: &[u8] = include_bytes!("fixtures/mini/sources.csv");

fn messages(sites: &[u8], events: &[u8], sources: &[u8]) -> Vec<String> {
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites)),
        events: ("events.csv", Ok(events)),
        sources: ("sources.csv", Ok(sources)),
    };
    match Dataset::from_files(files) {
        Ok(_) => Vec::new(),
        Err(diags) => diags.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn a_file_over_the_size_limit_fails_with_a_message_naming_it() {
    assert_eq!(MAX_INPUT_BYTES, 512 * 1024 * 1024);
    // The same code path as `--data DIR`, with a limit small enough for a test.
    let limit = (EVENTS.len() - 1) as u64;
    let reason = read_all_limited(EVENTS, limit).unwrap_err();
    let files = DatasetFiles {
        sites: ("DIR/sites.geojson", Ok(SITES)),
        events: ("DIR/events.csv", Err(&reason)),
        sources: ("DIR/sources.csv", Ok(SOURCES)),
    };
    let diags = Dataset::from_files(files).unwrap_err();
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        text,
        [format!(
            "error: DIR/events.csv: is larger than the limit of {limit} bytes; split the data or check that this is the right file"
        )]
    );
    // Exactly at the limit is fine.
    let len = EVENTS.len() as u64;
    assert_eq!(read_all_limited(EVENTS, len).unwrap(), EVENTS);
}

#[test]
fn the_size_limit_stops_reading_instead_of_reading_everything() {
    // An endless reader: if the limit did not stop the read, this test would never end.
    let endless = std::io::repeat(b'x');
    let e = read_all_limited(endless, 1024 * 1024).unwrap_err();
    assert!(e.contains("larger than the limit of 1 MiB"), "{e}");
}

#[test]
fn a_header_with_a_hundred_thousand_columns_is_reported_briefly_and_quickly() {
    let mut sources = b"id,title,publisher,published,url".to_vec();
    for i in 0..100_000 {
        // Half repeat a column, half are unknown names.
        if i % 2 == 0 {
            sources.extend_from_slice(b",title");
        } else {
            sources.extend_from_slice(format!(",extra{i}").as_bytes());
        }
    }
    sources.push(b'\n');
    let start = Instant::now();
    let text = messages(SITES, EVENTS, &sources);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    let errors = text.iter().filter(|t| t.starts_with("error:")).count();
    let warnings = text.iter().filter(|t| t.starts_with("warning:")).count();
    assert!(
        (1..=MAX_ERRORS_PER_FILE).contains(&errors),
        "{errors} errors"
    );
    assert!(warnings <= MAX_ERRORS_PER_FILE, "{warnings} warnings");
    assert!(text[0].contains("column \"title\" appears twice (columns 2 and 6)"));
}

#[test]
fn a_very_long_id_gives_a_short_message() {
    let long = "Not A Slug ".repeat(50_000);
    let mut events = EVENTS.to_vec();
    events.extend_from_slice(format!("{long},gamma,2006,other,,Long,s2,\n").as_bytes());
    let text = messages(SITES, &events, SOURCES);
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].len() < 400, "a {}-byte message", text[0].len());
}

#[test]
fn twenty_thousand_rows_load_in_reasonable_time() {
    // Many valid rows: loading must stay close to linear (about 1 s in a debug build).
    let mut events = b"id,site,date,kind,status,summary,sources,disputes\n".to_vec();
    for i in 0..20_000 {
        let site = ["alpha", "beta", "gamma"][i % 3];
        let year = 1900 + i % 120;
        events.extend_from_slice(
            format!("e{i},{site},{year},other,active,Row {i},s1;s2,\n").as_bytes(),
        );
    }
    let start = Instant::now();
    let text = messages(SITES, &events, SOURCES);
    assert!(text.is_empty(), "{:?}", &text[..text.len().min(3)]);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn many_sites_and_sources_without_events_load_in_reasonable_time() {
    // Warnings about sites without events and sources nobody cites must not cost
    // sites × events or sources × sources.
    let n = 20_000;
    let features: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","id":"site-{i}","geometry":{{"type":"Point","coordinates":[70,40]}},"properties":{{"name":"S","country":"KGZ","operator":"Russia","kind":"air base","precision":"site"}}}}"#
            )
        })
        .collect();
    let sites = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let mut sources = b"id,title,publisher,published,url\n".to_vec();
    let mut events = b"id,site,date,kind,status,summary,sources,disputes\n".to_vec();
    for i in 0..n {
        sources.extend_from_slice(format!("src-{i},T,P,2020,\n").as_bytes());
        events.extend_from_slice(format!("e{i},site-0,2001,other,,E,src-0,\n").as_bytes());
    }
    let start = Instant::now();
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites.as_bytes())),
        events: ("events.csv", Ok(&events)),
        sources: ("sources.csv", Ok(&sources)),
    };
    let loaded = Dataset::from_files(files).expect("the data is valid");
    let took = start.elapsed();
    assert_eq!(loaded.warnings.len(), 2 * (n - 1));
    assert_eq!(
        loaded.warnings[0].to_string(),
        "warning: sites.geojson, feature 1 (id \"site-1\"): site has no events (hint: it is drawn with status 'unknown' in every year)"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
