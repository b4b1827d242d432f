//! Checks of the bundled dataset that a reader of the maps relies on.

use chronomap::model::{PositionPrecision, Status};
use chronomap::timeline::Timeline;

#[test]
fn the_eight_sites_are_there_with_their_alternative_names() {
    let data = chronomap::bundled::dataset()
        .expect("bundled data is valid")
        .dataset;
    let ids: Vec<&str> = data.sites.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "kant",
            "osh",
            "batken",
            "issyk-kul",
            "mailuu-suu",
            "chaldybar",
            "manas",
            "k-2"
        ]
    );
    let alt = |id: &str| data.sites[data.site_index(id).unwrap()].alt_names.clone();
    assert!(alt("chaldybar").iter().any(|n| n == "Chaldovar"));
    assert!(alt("k-2").iter().any(|n| n == "Karshi-Khanabad"));
    assert!(alt("issyk-kul").iter().any(|n| n == "Ysyk-Köl"));
    for s in &data.sites {
        assert!(
            s.alt_names
                .iter()
                .any(|n| n.chars().any(|c| ('\u{400}'..='\u{4FF}').contains(&c))),
            "{} has no Cyrillic name",
            s.id
        );
        assert!(
            !s.position_source.is_empty(),
            "{} does not say where its position comes from",
            s.id
        );
    }
    for id in ["kant", "manas", "k-2"] {
        assert_eq!(
            data.sites[data.site_index(id).unwrap()].precision,
            PositionPrecision::Site,
            "{id}"
        );
    }
}

#[test]
fn the_merger_disagreement_is_kept_on_both_sides() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let kant = data.site_index("kant").unwrap();
    let mergers: Vec<_> = data
        .events_of(kant)
        .filter(|e| e.kind == chronomap::model::EventKind::Merger)
        .collect();
    let years: Vec<i32> = mergers.iter().map(|e| e.date.year()).collect();
    assert_eq!(years, [2012, 2017]);
    assert!(mergers.iter().all(|e| e.disputes.is_some()));
    assert_ne!(
        mergers[0].sources, mergers[1].sources,
        "each date comes from its own source"
    );
    let t = Timeline::new(&data);
    assert!(t.year_snapshot(2014).states[kant].disputed);
    assert!(!t.year_snapshot(2018).states[kant].disputed);
}

#[test]
fn the_well_known_turns_of_the_story_are_in_the_data() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let t = Timeline::new(&data);
    let status = |id: &str, year| t.year_snapshot(year).states[data.site_index(id).unwrap()].status;
    assert_eq!(status("manas", 2013), Status::Active);
    assert_eq!(status("manas", 2014), Status::Closed);
    assert_eq!(status("kant", 2003), Status::Active);
    assert_eq!(status("k-2", 2005), Status::Closed);
    assert_eq!(status("batken", 2016), Status::Unknown);
    assert_eq!(status("batken", 2017), Status::Declined);
    assert_eq!(status("osh", 2009), Status::Proposed);
}
