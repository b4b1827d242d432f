//! Replays inputs kept from fuzzing (`tests/fuzz_regressions/TARGET/*`, where TARGET is
//! `sites`, `events` or `sources`): each file is loaded in place of that one input, with the
//! other two from `tests/fixtures/mini`, as the fuzz targets do. Loading must not panic, and
//! must either succeed (then the timeline runs) or fail with clean messages: each names its
//! file, stays short, and shows no control or invisible character unescaped. Inputs that make a readable dataset belong in `tests/broken/` instead,
//! with their exact message.

use chronomap::diagnostic::is_invisible;
use chronomap::model::{Dataset, DatasetFiles, Day};
use chronomap::timeline::{Timeline, status_periods};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

const SITES: &[u8] = include_bytes!("fixtures/mini/sites.geojson");
const EVENTS: &[u8] = include_bytes!("fixtures/mini/events.csv");
const SOURCES: &[u8] = include_bytes!("fixtures/mini/sources.csv");

/// Loads one dataset and returns its messages, or panics (caught by the caller).
fn replay(sites: &[u8], events: &[u8], sources: &[u8]) -> Vec<String> {
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites)),
        events: ("events.csv", Ok(events)),
        sources: ("sources.csv", Ok(sources)),
    };
    match Dataset::from_files(files) {
        Ok(loaded) => {
            let timeline = Timeline::new(&loaded.dataset);
            let _ = status_periods(&timeline);
            for e in &loaded.dataset.events {
                let _ = timeline.state_at(e.date.first_day());
                let _ = timeline.state_at(e.date.last_day());
            }
            let _ = timeline.state_at(Day::end_of_year(9999));
            loaded.warnings.iter().map(|w| w.to_string()).collect()
        }
        Err(diags) => {
            assert!(diags.iter().any(|d| d.is_error()));
            diags.iter().map(|d| d.to_string()).collect()
        }
    }
}

#[test]
fn inputs_found_by_fuzzing_fail_cleanly() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut problems = Vec::new();
    let mut count = 0;
    for target in ["sites", "events", "sources"] {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let input = std::fs::read(&path).unwrap();
            let (sites, events, sources) = match target {
                "sites" => (&input[..], EVENTS, SOURCES),
                "events" => (SITES, &input[..], SOURCES),
                _ => (SITES, EVENTS, &input[..]),
            };
            count += 1;
            match catch_unwind(AssertUnwindSafe(|| replay(sites, events, sources))) {
                Err(_) => problems.push(format!("{}: panicked", path.display())),
                Ok(messages) => {
                    for m in messages {
                        let names_a_file = ["sites.geojson", "events.csv", "sources.csv"]
                            .iter()
                            .any(|f| m.contains(f));
                        let hidden = m.chars().any(|c| c.is_control() || is_invisible(c));
                        if !names_a_file || hidden || m.chars().count() > 1000 {
                            problems.push(format!("{}: {m}", path.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(
        count > 0,
        "no inputs found in {}: the folder should not be empty",
        root.display()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
