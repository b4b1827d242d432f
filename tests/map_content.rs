//! What a reader sees on the map, beyond geometry: the dataset's own title and credits, the
//! year's events grouped and fitted whole, the marks for a changed status and an approximate
//! position, and operators named in the legend.

mod support;

use std::path::Path;
use support::run::chronomap;

/// Renders an SVG with `args` in a fresh folder and returns its text.
fn svg(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["render", "-o", "m.svg"];
    all.extend_from_slice(args);
    let (code, _, err) = chronomap(dir, &all);
    assert_eq!(code, 0, "{args:?}: {err}");
    std::fs::read_to_string(dir.join("m.svg")).unwrap()
}

/// Every text of the group with `id`, in document order.
fn texts(svg: &str, id: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let group = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no group {id}"));
    group
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect()
}

/// A copy of the bundled dataset in `dir/data`, to which a test may add a dataset.toml.
fn bundled_copy(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in ["sites.geojson", "events.csv", "sources.csv"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("geodata")
                .join(f),
            data.join(f),
        )
        .unwrap();
    }
    data
}

#[test]
fn the_title_subtitle_and_credit_come_from_the_dataset_not_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let data = bundled_copy(dir.path());
    let d = data.to_str().unwrap();
    // Without dataset.toml: a neutral title built from the data, and no placeholder credit.
    let plain = svg(dir.path(), &["--data", d, "--year", "2014"]);
    assert_eq!(
        texts(&plain, "title")[0],
        "Sites in Kyrgyzstan and Uzbekistan"
    );
    let credits = texts(&plain, "credits").join(" ");
    assert!(!credits.contains("Unknown"), "{credits}");
    assert!(
        credits.contains("“A New Russian Base in Southern Kyrgyzstan"),
        "{credits}"
    );
    // With one: its title, its subtitle template and its credit.
    std::fs::write(
        data.join("dataset.toml"),
        "title = \"Bases of the CSTO era\"\nsubtitle = \"Who held what {when}\"\ncredit = \"Events: the Bishkek desk, from {publishers}.\"\n",
    )
    .unwrap();
    let own = svg(dir.path(), &["--data", d, "--year", "2014"]);
    let title = texts(&own, "title");
    assert_eq!(title[0], "Bases of the CSTO era");
    assert_eq!(title[1], "Who held what at end of 2014");
    let credits = texts(&own, "credits").join(" ");
    assert!(
        credits.contains("Events: the Bishkek desk, from “A New Russian"),
        "{credits}"
    );
    let dated = svg(dir.path(), &["--data", d, "--date", "2014-06-30"]);
    assert_eq!(texts(&dated, "title")[1], "Who held what on 2014-06-30");
    // --title still wins over the file.
    let flagged = svg(dir.path(), &["--data", d, "--title", "Mine"]);
    assert_eq!(texts(&flagged, "title")[0], "Mine");
    // A bad file is refused by check and by render, naming the file and line.
    std::fs::write(
        data.join("dataset.toml"),
        "title = \"x\"\nsubtitel = \"y\"\n",
    )
    .unwrap();
    for args in [
        vec!["--data", d, "check"],
        vec!["--data", d, "render", "-o", "bad.svg"],
    ] {
        let (code, _, err) = chronomap(dir.path(), &args);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("dataset.toml, line 2, column 1: unknown field `subtitel`"),
            "{err}"
        );
        assert!(!dir.path().join("bad.svg").exists());
    }
}

#[test]
fn the_2017_panel_holds_every_event_grouped_and_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let map = svg(dir.path(), &["--year", "2017"]);
    let panel = texts(&map, "annotations").join("\n");
    assert!(
        !panel.contains("not shown"),
        "something was left out:\n{panel}"
    );
    // The four merger rows are one line naming the four sites.
    assert!(
        panel.contains("2017 ‡ · Kant, Issyk-Kul, Mailuu-Suu, Chaldybar"),
        "{panel}"
    );
    // Batken's refusal, the one change of the year, is there.
    assert!(panel.contains("2017-10 · Batken"), "{panel}");
    // Every source an event cites has its note.
    for n in ["[2]", "[4]", "[5]"] {
        assert!(
            panel.lines().any(|l| l.starts_with(n)),
            "note {n} missing:\n{panel}"
        );
    }
}

#[test]
fn a_mid_year_map_says_which_year_only_events_it_does_not_count_yet() {
    let dir = tempfile::tempdir().unwrap();
    let map = svg(dir.path(), &["--date", "2012-06-30"]);
    let panel = texts(&map, "annotations").join("\n");
    assert!(
        panel.contains("Dated only to 2012: not yet counted on this map."),
        "{panel}"
    );
}

#[test]
fn a_changed_status_is_marked_and_approximate_positions_are_ringed() {
    let dir = tempfile::tempdir().unwrap();
    let map = svg(dir.path(), &["--year", "2014"]);
    let doc = roxmltree::Document::parse(&map).unwrap();
    let circles = |id: &str| -> Vec<String> {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap()
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| {
                format!(
                    "{}|{}",
                    n.attribute("fill").unwrap_or(""),
                    n.attribute("stroke-dasharray").unwrap_or("")
                )
            })
            .collect()
    };
    // Manas closed in 2014: its symbol sits on the changed-this-year disc; Kant did not change.
    assert!(
        circles("site-manas")
            .iter()
            .any(|c| c.starts_with("#ffe08a"))
    );
    assert!(
        !circles("site-kant")
            .iter()
            .any(|c| c.starts_with("#ffe08a"))
    );
    // Osh is a town point, Kant a surveyed site.
    assert!(
        circles("site-osh")
            .iter()
            .any(|c| c.starts_with("none|1.2")),
        "{:?}",
        circles("site-osh")
    );
    assert!(
        !circles("site-kant")
            .iter()
            .any(|c| c.starts_with("none|1.2"))
    );
    let legend = texts(&map, "legend");
    for entry in [
        "Status changed in the year shown",
        "Position approximate (a town or village)",
        "‡ Sources disagree on a date",
    ] {
        assert!(
            legend.iter().any(|t| t == entry),
            "{entry} missing: {legend:?}"
        );
    }
}

#[test]
fn operators_without_a_shape_of_their_own_are_named_in_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let data = bundled_copy(dir.path());
    let sites = std::fs::read_to_string(data.join("sites.geojson")).unwrap();
    // K-2 and Manas run by two other operators.
    let sites = sites
        .replacen("\"United States\"", "\"China\"", 1)
        .replacen("\"United States\"", "\"Türkiye\"", 1);
    std::fs::write(data.join("sites.geojson"), sites).unwrap();
    let map = svg(dir.path(), &["--data", data.to_str().unwrap()]);
    let legend = texts(&map, "legend");
    assert!(legend.iter().any(|t| t == "China, Türkiye"), "{legend:?}");
    assert!(!legend.iter().any(|t| t == "Other operator"), "{legend:?}");
}

#[test]
fn a_capital_beside_a_site_keeps_its_name() {
    // Kant sits 20 km from Bishkek, and its marks take the spots right beside the city's dot.
    let dir = tempfile::tempdir().unwrap();
    for year in ["2003", "2014", "2023"] {
        let map = svg(dir.path(), &["--year", year]);
        let names = texts(&map, "basemap-labels");
        for capital in ["Bishkek", "Tashkent", "Dushanbe"] {
            assert!(
                names.iter().any(|t| t == capital),
                "{year}: {capital} unlabelled: {names:?}"
            );
        }
    }
}

#[test]
fn the_year_is_printed_large_enough_to_read_in_a_gif_frame() {
    let dir = tempfile::tempdir().unwrap();
    let map = svg(dir.path(), &["--year", "2014"]);
    let doc = roxmltree::Document::parse(&map).unwrap();
    let year = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.text() == Some("2014"))
        .expect("no year on the map");
    let size: f64 = year.attribute("font-size").unwrap().parse().unwrap();
    assert!(size >= 40.0, "the year is only {size} px");
}

#[test]
fn an_overfull_year_says_how_many_events_are_left_out_and_keeps_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let data = bundled_copy(dir.path());
    // Sixty more events for Kant in 2019, each with its own wording, all citing source 1.
    let mut events = std::fs::read_to_string(data.join("events.csv")).unwrap();
    for i in 0..60 {
        events.push_str(&format!(
            "extra-{i},kant,2019-03-{:02},statement,,Statement number {i} about the air base at Kant and its future,rferl-2019,\n",
            i % 28 + 1
        ));
    }
    std::fs::write(data.join("events.csv"), events).unwrap();
    let map = svg(
        dir.path(),
        &["--data", data.to_str().unwrap(), "--year", "2019"],
    );
    let panel = texts(&map, "annotations").join("\n");
    assert!(
        panel.contains("more events of 2019 not shown for lack of room"),
        "{panel}"
    );
    assert!(panel.contains("RFE/RL, “Second Base?"), "{panel}");
}

#[test]
fn a_year_in_which_hundreds_of_sites_change_keeps_its_panel_off_the_credits() {
    let dir = tempfile::tempdir().unwrap();
    let data = bundled_copy(dir.path());
    // 400 more sites around Kant, each opened in 2019: the "Changed:" line would run to
    // dozens of lines.
    let sites_path = data.join("sites.geojson");
    let mut sites: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sites_path).unwrap()).unwrap();
    let mut events = std::fs::read_to_string(data.join("events.csv")).unwrap();
    let features = sites["features"].as_array_mut().unwrap();
    for i in 0..400 {
        features.push(serde_json::json!({
            "type": "Feature",
            "id": format!("post-{i}"),
            "properties": {"name": format!("Observation post number {i}"), "country": "KGZ",
                "operator": "Russia", "kind": "post", "precision": "site"},
            "geometry": {"type": "Point",
                "coordinates": [73.0 + f64::from(i % 20) * 0.1, 41.0 + f64::from(i / 20) * 0.05]}
        }));
        events.push_str(&format!(
            "post-{i}-opened,post-{i},2019-06-01,opened,active,Observation post {i} opens,rferl-2019,\n"
        ));
    }
    std::fs::write(&sites_path, sites.to_string()).unwrap();
    std::fs::write(data.join("events.csv"), events).unwrap();
    let map = svg(
        dir.path(),
        &["--data", data.to_str().unwrap(), "--year", "2019"],
    );
    let doc = roxmltree::Document::parse(&map).unwrap();
    let panel = support::svg_boxes::texts_under(&doc, "annotations");
    let credits = support::svg_boxes::texts_under(&doc, "credits");
    assert!(!credits.is_empty());
    let changed: Vec<&str> = panel
        .iter()
        .map(|t| t.text.as_str())
        .skip_while(|t| !t.starts_with("Changed:"))
        .take_while(|t| !t.starts_with("2019"))
        .collect();
    assert!(changed.len() >= 2, "{changed:?}");
    assert!(changed.last().unwrap().ends_with('…'), "{changed:?}");
    for t in &panel {
        for c in &credits {
            assert!(
                !t.bbox.overlaps(&c.bbox, 0.0),
                "{:?} runs into the credit line {:?}",
                t.text,
                c.text
            );
        }
    }
}
