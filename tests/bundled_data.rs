//! Checks of the bundled dataset that a reader of the maps relies on.

use chronomap::model::{Day, PositionPrecision, Status};
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
    // Issyk-Kul's point is the published position of the test base on Cape Koi-Sary.
    for id in ["kant", "issyk-kul", "manas", "k-2"] {
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

fn status_on(data: &chronomap::model::Dataset, id: &str, y: i32, m: u8, d: u8) -> Status {
    Timeline::new(data)
        .site_state_at(data.site_index(id).unwrap(), Day::new(y, m, d).unwrap())
        .status
}

#[test]
fn batken_is_proposed_from_the_day_atambayev_said_so_in_kazan() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    // 24 June 2017: in Kazan he says he asked Putin for a base in Batken province. The June
    // visit as a whole (a month-only date) counts only from 30 June.
    assert_eq!(status_on(&data, "batken", 2017, 6, 23), Status::Unknown);
    assert_eq!(status_on(&data, "batken", 2017, 6, 24), Status::Proposed);
    assert_eq!(status_on(&data, "batken", 2017, 6, 27), Status::Proposed);
    assert_eq!(status_on(&data, "batken", 2017, 10, 30), Status::Proposed);
    assert_eq!(status_on(&data, "batken", 2017, 10, 31), Status::Declined);
    let kazan = data
        .events
        .iter()
        .find(|e| &*e.id == "batken-2017-06-24-statement")
        .unwrap();
    assert!(
        kazan.summary.contains("funding"),
        "the RFE/RL fact that funding stalled the earlier talks is recorded: {}",
        kazan.summary
    );
}

#[test]
fn dates_worked_out_from_context_say_so() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    for id in [
        "batken-2017-06-proposal",
        "batken-2017-10-declined",
        "batken-2018-03-statement",
        "k-2-2009-07-other",
        "kant-2019-02-04-deployment",
    ] {
        let e = data.events.iter().find(|e| *e.id == *id).unwrap();
        assert!(
            e.summary.contains(" inferred"),
            "{id} should say its date was inferred: {}",
            e.summary
        );
    }
}

#[test]
fn the_three_sites_of_the_2017_merger_cite_the_source_that_names_them() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let source = |id: &str| data.sources.iter().position(|s| s.id == id).unwrap();
    let (rferl, ankasam) = (source("rferl-2019"), source("ankasam-2023"));
    for site in ["chaldybar", "issyk-kul", "mailuu-suu"] {
        let id = format!("{site}-2017-merger");
        let e = data.events.iter().find(|e| *e.id == *id).unwrap();
        assert_eq!(*e.sources, [rferl, ankasam], "{id}");
        assert!(e.summary.contains("ANKASAM"), "{id}: {}", e.summary);
    }
}

#[test]
fn the_kant_2022_figures_are_those_of_the_report_cited_and_the_conflict_is_stated() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let e = data
        .events
        .iter()
        .find(|e| &*e.id == "kant-2022-01-statement")
        .unwrap();
    let cited: Vec<&str> = e
        .sources
        .iter()
        .map(|&s| data.sources[s].id.as_str())
        .collect();
    assert_eq!(cited, ["asiaplus-2022", "ankasam-2023"]);
    assert!(
        e.summary.contains("70") && e.summary.contains("1,300"),
        "{}",
        e.summary
    );
    assert!(!e.summary.contains("vehicle"), "{}", e.summary);
}

/// Distance in km from a point to the nearest edge of a ring (equirectangular, fine at a few km).
fn km_to_ring(lon: f64, lat: f64, ring: &[(f64, f64)]) -> f64 {
    let kx = 111.32 * lat.to_radians().cos();
    let ky = 110.57;
    ring.windows(2)
        .map(|w| {
            let (ax, ay) = ((w[0].0 - lon) * kx, (w[0].1 - lat) * ky);
            let (bx, by) = ((w[1].0 - lon) * kx, (w[1].1 - lat) * ky);
            let (dx, dy) = (bx - ax, by - ay);
            let t = (-(ax * dx + ay * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
            (ax + t * dx).hypot(ay + t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn the_issyk_kul_test_base_is_on_the_shore_of_the_bundled_lake() {
    let data = chronomap::bundled::dataset().unwrap().dataset;
    let site = &data.sites[data.site_index("issyk-kul").unwrap()];
    let layers = chronomap::bundled::world()
        .unwrap()
        .query((76.0, 42.0, 79.0, 43.0))
        .unwrap();
    let lake = layers
        .lakes
        .iter()
        .find(|a| a.name == "Issyk-Kul")
        .expect("the lake is in the basemap");
    let km = lake
        .polygons
        .iter()
        .flatten()
        .map(|ring| km_to_ring(site.lon, site.lat, ring))
        .fold(f64::INFINITY, f64::min);
    // The 1:10m outline does not draw Cape Koi-Sary; the published point lies about 0.2 km
    // from its shoreline, as position_source says. A point far out in the lake or inland
    // would be a wrong position.
    assert!(km < 0.5, "{km:.2} km from the shore");
}
