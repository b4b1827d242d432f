//! Every map carries its description in words: SVG `<desc>`, PNG `iTXt` "Description", the
//! PDF's document information, and the viewer's alt text. The 2014 map must name Manas's
//! closure in each.

mod support;

use support::external::require;
use support::run::chronomap;

const CLOSURE: &str = "Changed in 2014: Manas closed.";

fn render(dir: &std::path::Path, file: &str) -> std::path::PathBuf {
    let (code, _, err) = chronomap(dir, &["render", "--year", "2014", "-q", "-o", file]);
    assert_eq!(code, 0, "{err}");
    dir.join(file)
}

#[test]
fn the_svg_desc_names_the_closure_the_counts_and_the_dispute() {
    let dir = tempfile::tempdir().unwrap();
    let svg = std::fs::read_to_string(render(dir.path(), "m.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    let desc = root
        .children()
        .find(|n| n.has_tag_name("desc"))
        .expect("a <desc> child of <svg>");
    let text = desc.text().unwrap();
    assert!(text.contains(CLOSURE), "{text}");
    assert!(text.contains("2 closed (Manas and K-2)"), "{text}");
    assert!(text.contains("Russia 6 sites"), "{text}");
    assert!(text.contains("2012 or 2017"), "{text}");
    // The title comes first, then the description, as screen readers expect.
    let first: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .take(2)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(first, ["title", "desc"]);
}

#[test]
fn the_png_carries_the_description_in_an_itxt_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let png = std::fs::read(render(dir.path(), "m.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let texts: Vec<(String, String)> = reader
        .info()
        .utf8_text
        .iter()
        .map(|c| (c.keyword.clone(), c.get_text().unwrap()))
        .collect();
    let (_, text) = texts
        .iter()
        .find(|(k, _)| k == "Description")
        .expect("an iTXt Description chunk");
    assert!(text.contains(CLOSURE), "{text}");
    // The picture itself still decodes.
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).unwrap();
}

#[test]
fn the_pdf_subject_holds_the_description_for_a_real_reader() {
    let dir = tempfile::tempdir().unwrap();
    let path = render(dir.path(), "m.pdf");
    if !require(
        "the_pdf_subject_holds_the_description_for_a_real_reader",
        &["pdfinfo"],
        "apt-get install poppler-utils",
    ) {
        return;
    }
    let out = std::process::Command::new("pdfinfo")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{info}");
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert!(field("Subject:").contains(CLOSURE), "{info}");
    assert!(field("Title:").contains("Status at end of 2014"), "{info}");
    assert_eq!(field("Pages:"), "1", "{info}");
}

#[test]
fn the_viewer_uses_each_year_description_as_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "series",
            "--from",
            "2013",
            "--to",
            "2015",
            "--format",
            "svg",
            "-q",
            "--out-dir",
            "s",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(dir.path().join("s/index.html")).unwrap();
    assert!(
        html.contains("No site changed status in 2013."),
        "the first year's alt text"
    );
    assert!(
        html.contains(CLOSURE),
        "2014's alt text is in the page data"
    );
    // The year's map file says the same.
    let svg = std::fs::read_to_string(dir.path().join("s/2014.svg")).unwrap();
    assert!(svg.contains(CLOSURE));
}

#[test]
fn the_web_map_names_the_closure_in_the_maps_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, closure, subtitle) in [
        ("en", CLOSURE, "Status at end of 2014"),
        ("ru", "Манас — закрыта", "Статус на конец 2014 года"),
    ] {
        let out = format!("w-{lang}");
        let (code, _, err) = chronomap(
            dir.path(),
            &[
                "web",
                "--from",
                "2013",
                "--to",
                "2015",
                "--lang",
                lang,
                "-q",
                "--out-dir",
                &out,
            ],
        );
        assert_eq!(code, 0, "{err}");
        let page = std::fs::read_to_string(dir.path().join(out).join("index.html")).unwrap();
        // Every year's description (the map's accessible name) is in the page's data, in
        // the map's language: the subtitle as the map words it, then what changed.
        assert!(
            page.contains(closure),
            "{lang}: the 2014 description is missing"
        );
        assert!(page.contains(subtitle), "{lang}: no {subtitle:?}");
        if lang != "en" {
            assert!(
                !page.contains("Status at end"),
                "{lang}: an English subtitle in the page"
            );
        }
    }
}
