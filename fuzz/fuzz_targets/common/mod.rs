//! Shared by the loader targets: the valid mini fixture, and a harness that loads a dataset,
//! and, when it loads, runs it through the timeline and checks the timeline's invariants.
#![allow(dead_code)] // each target uses only some of the fixture files

use chronomap::diagnostic::{is_invisible, Diagnostic};
use chronomap::model::{Dataset, DatasetFiles, Day, Status};
use chronomap::timeline::{status_periods, Timeline};

pub const SITES: &[u8] = include_bytes!("../../../tests/fixtures/mini/sites.geojson");
pub const EVENTS: &[u8] = include_bytes!("../../../tests/fixtures/mini/events.csv");
pub const SOURCES: &[u8] = include_bytes!("../../../tests/fixtures/mini/sources.csv");

/// The longest message a diagnostic may render to.
const MAX_MESSAGE_CHARS: usize = 1000;

/// How many days are probed with `state_at`, at most (keeps each run fast on large inputs).
const MAX_PROBES: usize = 64;

/// Loads the three files; on success runs the timeline, on failure renders the messages.
/// Panics (which the fuzzer reports) on a panic inside chronomap or a broken invariant.
pub fn load_and_walk(sites: &[u8], events: &[u8], sources: &[u8]) {
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites)),
        events: ("events.csv", Ok(events)),
        sources: ("sources.csv", Ok(sources)),
    };
    match Dataset::from_files(files) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                assert!(!w.is_error(), "an error among the warnings: {w}");
                render(w);
            }
            walk(&loaded.dataset);
        }
        Err(diags) => {
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "loading failed without an error"
            );
            for d in &diags {
                render(d);
            }
        }
    }
}

fn render(d: &Diagnostic) {
    let text = d.to_string();
    assert!(!d.message.is_empty(), "a diagnostic without a message: {text}");
    assert!(text.contains(&d.file), "the message does not name its file: {text}");
    assert!(
        !text.chars().any(|c| c.is_control() || is_invisible(c)),
        "a message shows a hidden character: {text:?}"
    );
    // Values are quoted short: however large the input, one message stays readable.
    assert!(
        text.chars().count() <= MAX_MESSAGE_CHARS,
        "a {}-character message: {text}",
        text.chars().count()
    );
}

fn walk(data: &Dataset) {
    // The join's promises.
    for (i, e) in data.events.iter().enumerate() {
        assert!(e.site < data.sites.len());
        assert!(!e.sources.is_empty(), "event {} cites no source", e.id);
        assert!(e.sources.iter().all(|&s| s < data.sources.len()));
        if let Some(p) = e.disputes {
            assert!(p < data.events.len() && p != i);
        }
        if i > 0 {
            assert!(data.events[i - 1].date <= e.date, "events are not in order");
        }
    }
    let _ = data.date_range();

    let timeline = Timeline::new(data);
    let periods = status_periods(&timeline);

    // Each site's periods: open start, open end, no gaps, no overlaps, never empty.
    for site in 0..data.sites.len() {
        let mine: Vec<_> = periods.iter().filter(|p| p.site == site).collect();
        assert!(!mine.is_empty(), "site {site} has no period");
        assert_eq!(mine[0].from, None, "the first period has a start");
        assert_eq!(mine[mine.len() - 1].until, None, "the last period has an end");
        for pair in mine.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let until = prev.until.expect("a closed period has an end");
            let from = next.from.expect("a later period has a start");
            assert_eq!(until, from.previous(), "a gap or overlap between periods");
            if let Some(f) = prev.from {
                assert!(f <= until, "an empty period");
            }
            assert_ne!(prev.status, next.status, "two periods with one status meet");
        }
    }

    // Probe days: the ends of the calendar and around each event's range.
    let mut days = vec![
        Day::new(0, 1, 1).unwrap(),
        Day::new(2000, 6, 15).unwrap(),
        Day::end_of_year(9999),
    ];
    for e in data.events.iter().take(MAX_PROBES / 3) {
        let (first, last) = (e.date.first_day(), e.date.last_day());
        days.extend([first.previous(), first, last]);
    }
    for &day in &days {
        let states = timeline.state_at(day);
        assert_eq!(states.len(), data.sites.len());
        for (site, state) in states.iter().enumerate() {
            let period = periods
                .iter()
                .find(|p| {
                    p.site == site
                        && p.from.is_none_or(|f| f <= day)
                        && p.until.is_none_or(|u| day <= u)
                })
                .expect("every day lies in a period");
            assert_eq!(state.status, period.status, "state_at and the periods disagree");
            match state.set_by {
                None => assert_eq!(state.status, Status::Unknown),
                Some(i) => {
                    let e = &data.events[i];
                    assert_eq!(e.site, site);
                    assert!(e.date.is_on_or_before(day), "set by an event not yet past");
                    assert_eq!(e.status, Some(state.status));
                }
            }
        }
    }

    if let Some((first, last)) = data.date_range() {
        let (a, b) = (first.year(), last.year());
        for year in [a, b, a.saturating_add(b) / 2] {
            let snap = timeline.year_snapshot(year);
            assert!(snap.news.iter().all(|&i| data.events[i].date.year() == year));
        }
    }
}
