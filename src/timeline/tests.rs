//! Edge cases of the time rule, on a small fixture dataset.

use super::*;
use crate::model::{Dataset, DatasetFiles, Day, Status};

fn mini() -> Dataset {
    Dataset::from_files(DatasetFiles {
        sites: (
            "sites.geojson",
            Ok(include_bytes!("../../tests/fixtures/mini/sites.geojson")),
        ),
        events: (
            "events.csv",
            Ok(include_bytes!("../../tests/fixtures/mini/events.csv")),
        ),
        sources: (
            "sources.csv",
            Ok(include_bytes!("../../tests/fixtures/mini/sources.csv")),
        ),
    })
    .expect("fixture is valid")
    .dataset
}

fn day(s: &str) -> Day {
    let p: crate::model::PartialDate = s.parse().unwrap();
    p.first_day()
}

fn status(data: &Dataset, site: &str, on: &str) -> Status {
    Timeline::new(data)
        .site_state_at(data.site_index(site).unwrap(), day(on))
        .status
}

#[test]
fn an_event_counts_from_its_own_day() {
    let d = mini();
    assert_eq!(status(&d, "alpha", "2003-10-22"), Status::Unknown);
    assert_eq!(status(&d, "alpha", "2003-10-23"), Status::Active);
}

#[test]
fn a_year_only_event_counts_only_at_the_end_of_its_year() {
    let d = mini();
    assert_eq!(status(&d, "beta", "2010-12-30"), Status::Proposed);
    assert_eq!(status(&d, "beta", "2010-12-31"), Status::Declined);
    // A month-only event counts from the last day of its month.
    assert_eq!(status(&d, "beta", "2009-08-30"), Status::Unknown);
    assert_eq!(status(&d, "beta", "2009-08-31"), Status::Proposed);
}

#[test]
fn status_is_unknown_before_the_first_status_event() {
    let d = mini();
    let t = Timeline::new(&d);
    let s = t.site_state_at(d.site_index("gamma").unwrap(), day("2001-01-01"));
    assert_eq!((s.status, s.set_by), (Status::Unknown, None));
}

#[test]
fn events_without_status_do_not_change_it() {
    let d = mini();
    assert_eq!(status(&d, "alpha", "2019-12-31"), Status::Active);
}

#[test]
fn a_disputed_pair_is_flagged_while_the_sources_disagree() {
    let d = mini();
    let t = Timeline::new(&d);
    let alpha = d.site_index("alpha").unwrap();
    let disputed = |y| t.site_state_at(alpha, Day::end_of_year(y)).disputed;
    assert!(!disputed(2011));
    assert!(
        disputed(2012),
        "one source has the merger in 2012, the other not until 2017"
    );
    assert!(disputed(2016));
    assert!(
        !disputed(2017),
        "both sources agree the merger has happened by the end of 2017"
    );
    let early = d
        .events
        .iter()
        .position(|e| &*e.id == "a-merge-early")
        .unwrap();
    let late = d
        .events
        .iter()
        .position(|e| &*e.id == "a-merge-late")
        .unwrap();
    assert_eq!(d.events[early].disputes, Some(late));
    assert_eq!(d.events[late].disputes, Some(early));
}

#[test]
fn a_snapshot_holds_the_end_of_year_state_and_that_years_news() {
    let d = mini();
    let snap = Timeline::new(&d).year_snapshot(2005);
    let gamma = d.site_index("gamma").unwrap();
    assert_eq!(snap.states[gamma].status, Status::Closed);
    let news: Vec<&str> = snap.news.iter().map(|&i| &*d.events[i].id).collect();
    assert_eq!(news, ["g-close"]);
    assert!(Timeline::new(&d).year_snapshot(2006).news.is_empty());
}

#[test]
fn periods_meet_without_gaps_and_agree_with_state_at() {
    let d = mini();
    let t = Timeline::new(&d);
    let periods = status_periods(&t);
    let gamma = d.site_index("gamma").unwrap();
    let g: Vec<(Status, Option<String>, Option<String>)> = periods
        .iter()
        .filter(|p| p.site == gamma)
        .map(|p| {
            (
                p.status,
                p.from.map(|d| d.to_string()),
                p.until.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        g,
        [
            (Status::Unknown, None, Some("2001-10-30".into())),
            (
                Status::Active,
                Some("2001-10-31".into()),
                Some("2005-11-20".into())
            ),
            (Status::Closed, Some("2005-11-21".into()), None),
        ]
    );
    // The merger events set the same status as before, so alpha has a single active period.
    let alpha = d.site_index("alpha").unwrap();
    assert_eq!(periods.iter().filter(|p| p.site == alpha).count(), 2);
    for p in &periods {
        if let Some(from) = p.from {
            assert_eq!(t.site_state_at(p.site, from).status, p.status);
        }
        if let Some(until) = p.until {
            assert_eq!(t.site_state_at(p.site, until).status, p.status);
        }
    }
}
