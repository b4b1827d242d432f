//! House styles: `chronomap style` prints a complete, valid style; a colour changed in it
//! reaches every output; a broken file is refused with its line and key and nothing is
//! written; the built-in print-mono style draws only greys.

mod support;

use support::run::chronomap;

/// Every `#rrggbb` in an attribute of `text`.
fn colours(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("=\"#") {
        let hex = &text[i + 2..(i + 9).min(text.len())];
        if hex.len() == 7 && hex[1..].bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(hex.to_lowercase());
        }
    }
    out
}

#[test]
fn the_printed_style_is_valid_toml_and_a_changed_colour_reaches_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let (code, style, err) = chronomap(dir.path(), &["style"]);
    assert_eq!(code, 0, "{err}");
    let table: toml::Table = toml::from_str(&style).expect("valid TOML");
    assert_eq!(table["status"]["active"]["color"].as_str(), Some("#1b6fb5"));
    let house = style
        .replace("color = \"#1b6fb5\"", "color = \"#00a651\"")
        .replace("label = \"Active\"", "label = \"In use\"");
    assert_ne!(house, style);
    std::fs::write(dir.path().join("house.toml"), &house).unwrap();

    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render",
            "--year",
            "2014",
            "--style",
            "house.toml",
            "-q",
            "-o",
            "m.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(colours(&svg).contains(&"#00a651".to_string()));
    assert!(!colours(&svg).contains(&"#1b6fb5".to_string()));
    assert!(svg.contains(">In use</text>"), "the legend label follows");

    let (code, _, err) = chronomap(
        dir.path(),
        &["export", "--style", "house.toml", "-q", "--out-dir", "q"],
    );
    assert_eq!(code, 0, "{err}");
    let qml = std::fs::read_to_string(dir.path().join("q/sites.qml")).unwrap();
    assert!(qml.contains("0,166,81,255"), "QML colour follows");
    let kml = std::fs::read_to_string(dir.path().join("q/chronomap.kml")).unwrap();
    assert!(kml.contains("ff51a600"), "KML colour (aabbggrr) follows");

    let (code, _, err) = chronomap(
        dir.path(),
        &["timeline", "--style", "house.toml", "-q", "-o", "t.svg"],
    );
    assert_eq!(code, 0, "{err}");
    let chart = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    assert!(
        chart.to_lowercase().contains("#00a651"),
        "timeline colour follows"
    );
}

#[test]
fn a_broken_style_is_refused_with_file_line_and_key_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[status.active]\nlabel = \"In use\"\n\n[colors]\nink = \"black\"\n",
    )
    .unwrap();
    for args in [
        &["render", "--style", "bad.toml", "-o", "m.png"][..],
        &[
            "series",
            "--style",
            "bad.toml",
            "--from",
            "2014",
            "--to",
            "2014",
            "--out-dir",
            "s",
        ][..],
        &["export", "--style", "bad.toml", "--out-dir", "q"][..],
        &["timeline", "--style", "bad.toml", "-o", "t.svg"][..],
    ] {
        let (code, _, err) = chronomap(dir.path(), args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("bad.toml, line 5"), "{err}");
        assert!(err.contains("colors.ink"), "{err}");
        assert!(err.contains("#rrggbb"), "says what is expected: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["bad.toml"], "no output at all");

    let (code, _, err) = chronomap(dir.path(), &["render", "--style", "neon", "-o", "m.svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("print-mono"),
        "lists the built-in styles: {err}"
    );
}

#[test]
fn print_mono_draws_only_greys_and_dark_a_dark_page() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render",
            "--year",
            "2014",
            "--style",
            "print-mono",
            "-q",
            "-o",
            "m.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    let all = colours(&svg);
    assert!(all.len() > 100);
    for hex in &all {
        assert!(
            hex[1..3] == hex[3..5] && hex[3..5] == hex[5..7],
            "{hex} is not a grey"
        );
    }
    // The statuses shown on the 2014 map keep distinct symbol colours.
    let site_fill = |id: &str| {
        let at = svg.find(&format!("id=\"site-{id}\"")).unwrap();
        colours(&svg[at..at + 600])
    };
    let (kant, manas, osh) = (site_fill("kant"), site_fill("manas"), site_fill("osh"));
    assert!(!kant.is_empty() && !manas.is_empty() && !osh.is_empty());
    assert_ne!(kant, manas);
    assert_ne!(kant, osh);

    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--year", "2014", "--style", "dark", "-q", "-o", "d.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let dark = std::fs::read_to_string(dir.path().join("d.svg")).unwrap();
    assert!(dark.contains(
        "<rect id=\"page\" x=\"0\" y=\"0\" width=\"1600\" height=\"1000\" fill=\"#15181c\"/>"
    ));
}

#[test]
fn style_page_defaults_apply_unless_a_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a4.toml"),
        "[page]\npaper = \"a4-landscape\"\ndpi = 100\n\n[layers]\ninset = false\ngraticule = false\n",
    )
    .unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &["render", "--style", "a4.toml", "-q", "-o", "m.svg"],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(
        svg.contains("width=\"1169\" height=\"827\""),
        "A4 at 100 dpi"
    );
    assert!(svg.contains("<g id=\"inset\">\n</g>"), "no inset");
    assert!(!svg.contains("°E</text>"), "no graticule ticks");
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--style", "a4.toml", "--width", "800", "--height", "500", "-q", "-o",
            "n.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("n.svg")).unwrap();
    assert!(svg.contains("width=\"800\" height=\"500\""), "flags win");
}

#[test]
fn an_operator_table_entry_gives_shape_colour_and_legend_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ops.toml"),
        "[[operators]]\nname = \"Russia\"\nshape = \"diamond\"\ncolor = \"#cc0000\"\nlabel = \"Russian Federation\"\n",
    )
    .unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--year", "2014", "--style", "ops.toml", "-q", "-o", "m.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    let legend = &svg[svg.find("<g id=\"legend\">").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    assert!(legend.contains(">Russian Federation</text>"), "{legend}");
    assert!(
        legend.contains("stroke=\"#cc0000\""),
        "the legend shows the colour"
    );
    // The United States is no longer in the table: the fallback names it.
    assert!(legend.contains(">United States</text>"), "{legend}");
    let kant = &svg[svg.find("id=\"site-kant\"").unwrap()..];
    let kant = &kant[..kant.find("</g>").unwrap()];
    assert!(kant.contains("<path") && kant.contains("#cc0000"), "{kant}");
}
