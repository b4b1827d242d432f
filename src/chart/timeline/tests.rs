//! The timeline chart on the bundled data and on small hostile datasets.

use super::*;
use crate::model::DatasetFiles;

fn bundled() -> Dataset {
    crate::bundled::dataset()
        .expect("bundled data is valid")
        .dataset
}

fn chart(data: &Dataset, years: RangeInclusive<i32>) -> String {
    timeline_svg(&Timeline::new(data), years, DEFAULT_WIDTH, DEFAULT_HEIGHT).expect("chart")
}

fn dataset(sites: &str, events: &str) -> Dataset {
    let sources = "id,title,publisher,published,url\ns1,A title,A paper,2012,\n";
    Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(sites.as_bytes())),
        events: ("events.csv", Ok(events.as_bytes())),
        sources: ("sources.csv", Ok(sources.as_bytes())),
    })
    .expect("test data is valid")
    .dataset
}

fn site(id: &str, name: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":[74.8,42.8]}},
        "properties":{{"name":{name},"alt_names":[],"country":"KGZ","operator":"Russia",
        "kind":"air base","precision":"site","position_source":"test"}}}}"#,
        name = serde_json::to_string(name).unwrap_or_default()
    )
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let data = bundled();
    assert_eq!(chart(&data, 2001..=2023), chart(&data, 2001..=2023));
}

#[test]
fn every_site_has_a_row_in_dataset_order() {
    let data = bundled();
    let svg = chart(&data, 2001..=2023);
    let mut last = 0;
    for site in &data.sites {
        let at = svg
            .find(&format!(">\n{}\n</text>", site.name))
            .unwrap_or_else(|| panic!("{} is missing", site.name));
        assert!(at > last, "{} is out of order", site.name);
        last = at;
    }
    assert!(svg.contains("Site status through time, 2001–2023"));
    for year in 2001..=2023 {
        assert!(svg.contains(&format!(">\n{year}\n</text>")), "year {year}");
    }
}

#[test]
fn bars_use_the_status_colours_and_the_legend_names_them() {
    let svg = chart(&bundled(), 2001..=2023);
    for st in Status::SETTABLE {
        let colour = crate::palette::status_color(st).to_uppercase();
        assert!(svg.contains(&format!("fill=\"{colour}\"")), "{st}");
        assert!(svg.contains(&format!(">\n{}\n</text>", st.label())), "{st}");
    }
    assert!(svg.contains("Disputed date"));
    assert!(svg.contains("Unknown (no status event yet)"));
}

#[test]
fn disputed_pairs_get_two_diamonds_each() {
    let data = bundled();
    let pairs = data.events.iter().filter(|e| e.disputes.is_some()).count() / 2;
    assert_eq!(pairs, 4);
    let svg = chart(&data, 2001..=2023);
    let red = svg
        .matches("<polygon opacity=\"1\" fill=\"#D62728\"")
        .count();
    // Two diamonds per pair, plus two in the legend.
    assert_eq!(red, pairs * 2 + 2);
    // Outside the years of the dispute, no diamonds but the legend's.
    let svg = chart(&data, 2001..=2005);
    assert_eq!(
        svg.matches("<polygon opacity=\"1\" fill=\"#D62728\"")
            .count(),
        2
    );
}

#[test]
fn one_tick_per_event_in_range() {
    let data = bundled();
    let svg = chart(&data, 2001..=2023);
    // Each tick is an ink line over a white one; the legend has one more.
    let ticks = svg.matches("stroke=\"#222222\" stroke-width=\"2\"").count();
    assert_eq!(ticks, data.events.len() + 1);
}

#[test]
fn text_from_the_data_is_escaped() {
    let sites = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        site("evil", "<script>alert(\"&\")</script>")
    );
    let events = "id,site,date,kind,status,summary,sources,disputes\ne1,evil,2010-05,opened,active,Opened,s1,\n";
    let data = dataset(&sites, events);
    let svg = chart(&data, 2009..=2011);
    assert!(!svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"));
}

#[test]
fn long_names_are_shortened_to_fit() {
    let long = "A very long site name that would push the whole plot off the page if it were drawn in full, twice over";
    let sites = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        site("long", long)
    );
    let events = "id,site,date,kind,status,summary,sources,disputes\ne1,long,2010,opened,active,Opened,s1,\n";
    let svg = chart(&dataset(&sites, events), 2000..=2020);
    assert!(!svg.contains(long));
    assert!(svg.contains("A very long site name"));
    assert!(svg.contains('…'));
}

#[test]
fn bad_years_and_sizes_are_errors_not_panics() {
    let data = bundled();
    let t = Timeline::new(&data);
    assert!(matches!(
        timeline_svg(&t, RangeInclusive::new(2010, 2000), 1600, 600),
        Err(ChartError::Years { .. })
    ));
    assert!(matches!(
        timeline_svg(&t, 0..=2000, 1600, 600),
        Err(ChartError::Years { .. })
    ));
    assert!(matches!(
        timeline_svg(&t, 1..=9998, 1600, 600),
        Err(ChartError::Years { .. })
    ));
    assert!(matches!(
        timeline_svg(&t, 2001..=2023, 100, 600),
        Err(ChartError::Size { .. })
    ));
    assert!(matches!(
        timeline_svg(&t, 2001..=2023, 1600, 100_000),
        Err(ChartError::Size { .. })
    ));
    // Small but allowed sizes, a single year and a long span all work.
    for (years, w, h) in [
        (2001..=2023, 600, 300),
        (2014..=2014, 1600, 600),
        (1500..=2400, 1600, 600),
        (2001..=2023, 4000, 1500),
    ] {
        let svg = timeline_svg(&t, years.clone(), w, h);
        assert!(svg.is_ok(), "{years:?} {w}×{h}: {svg:?}");
    }
}

#[test]
fn too_many_sites_for_the_height_is_a_clear_error() {
    let features: Vec<String> = (0..40)
        .map(|i| site(&format!("s{i}"), &format!("Site {i}")))
        .collect();
    let sites = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let events =
        "id,site,date,kind,status,summary,sources,disputes\ne1,s0,2010,opened,active,Opened,s1,\n";
    let data = dataset(&sites, events);
    let t = Timeline::new(&data);
    let err = timeline_svg(&t, 2000..=2020, 1600, 300).unwrap_err();
    assert!(
        err.to_string().contains("40 sites need a taller chart"),
        "{err}"
    );
    assert!(timeline_svg(&t, 2000..=2020, 1600, 900).is_ok());
}
