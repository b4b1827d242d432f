//! Maps in other languages: `--lang ru` draws Russian site labels, country names, legend,
//! subtitle, panel headings, scale unit and north letter; `--lang ru,en` draws bilingual
//! labels placed by their real widths; `check --lang` lists what has no translation.

mod support;

use support::run::chronomap;
use support::svg_boxes::{assert_no_collisions, texts_under};

fn render(dir: &std::path::Path, lang: &str, file: &str) -> String {
    let (code, _, err) = chronomap(
        dir,
        &["render", "--year", "2014", "--lang", lang, "-q", "-o", file],
    );
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(dir.join(file)).unwrap()
}

fn texts(svg: &str, layer: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    texts_under(&doc, layer)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[test]
fn a_russian_map_has_russian_labels_countries_legend_subtitle_and_headings() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), "ru", "ru.svg");
    let labels = texts(&svg, "labels");
    for name in ["Кант ‡", "Ош", "Манас", "Карши-Ханабад"] {
        assert!(labels.iter().any(|l| l == name), "{name} in {labels:?}");
    }
    assert!(!labels.iter().any(|l| l.contains("Kant")), "{labels:?}");
    let basemap = texts(&svg, "basemap-labels");
    assert!(basemap.iter().any(|t| t == "КИРГИЗИЯ"), "{basemap:?}");
    assert!(basemap.iter().any(|t| t == "Ташкент"), "{basemap:?}");
    // The named rivers too, and none of them left in English.
    for river in ["Нарын", "Сырдарья", "Амударья", "Зеравшан"] {
        assert!(basemap.iter().any(|t| t == river), "{river} in {basemap:?}");
    }
    for english in ["Naryn", "Syr Darya", "Amu Darya", "Chu", "Talas", "Ili"] {
        assert!(
            !basemap.iter().any(|t| t == english),
            "{english} in {basemap:?}"
        );
    }
    let legend = texts(&svg, "legend");
    for word in ["Статус", "Оператор", "Действует", "Закрыта", "Россия"]
    {
        assert!(legend.iter().any(|t| t == word), "{word} in {legend:?}");
    }
    let title = texts(&svg, "title");
    assert!(
        title.iter().any(|t| t == "Статус на конец 2014 года"),
        "{title:?}"
    );
    assert!(
        title
            .iter()
            .any(|t| t.starts_with("Иностранные военные объекты")),
        "{title:?}"
    );
    let panel = texts(&svg, "annotations");
    assert!(panel.iter().any(|t| t == "События 2014 года"), "{panel:?}");
    assert!(panel.iter().any(|t| t == "Источники"), "{panel:?}");
    assert!(
        panel.iter().any(|t| t.contains("Манас — закрыта")),
        "{panel:?}"
    );
    assert!(texts(&svg, "scalebar").iter().any(|t| t.ends_with(" км")));
    assert!(texts(&svg, "north-arrow").iter().any(|t| t == "С"));
    assert!(
        texts(&svg, "credits")
            .iter()
            .any(|t| t.starts_with("Основа: Natural Earth"))
    );
    assert_no_collisions(&svg, "--lang ru");
}

#[test]
fn a_day_map_in_russian_names_the_month() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--date", "2012-06", "--lang", "ru", "-q", "-o", "d.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("d.svg")).unwrap();
    assert!(
        texts(&svg, "title")
            .iter()
            .any(|t| t == "Статус на 30 июня 2012")
    );
}

#[test]
fn bilingual_labels_are_placed_by_their_real_width_without_collisions() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), "ru,en", "b.svg");
    let labels = texts(&svg, "labels");
    assert!(labels.iter().any(|l| l == "Ош / Osh"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "Кант / Kant ‡"), "{labels:?}");
    assert_no_collisions(&svg, "--lang ru,en");
    // Kyrgyz: the site names of the catalogue's language.
    let ky = render(dir.path(), "ky", "ky.svg");
    assert!(texts(&ky, "labels").iter().any(|l| l == "Ысык-Көл ‡"));
    assert!(texts(&ky, "legend").iter().any(|t| t == "Абалы"));
}

#[test]
fn check_lists_missing_translations_and_bad_codes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = chronomap(dir.path(), &["check", "--lang", "ru"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("translations (ru):"), "{out}");
    // The world tiles around the sites: places GeoNames names in English only are listed;
    // those of the regional list, and its lakes, carry their Russian names.
    assert!(out.contains("place Denov: no name_ru (basemap)"), "{out}");
    assert!(
        !out.contains("Tashkent") && !out.contains("Issyk-Kul"),
        "{out}"
    );
    assert!(
        !out.contains("site kant"),
        "the bundled sites all have name_ru: {out}"
    );
    let (code, out, _) = chronomap(dir.path(), &["check", "--lang", "ky"]);
    assert_eq!(code, 0);
    assert!(out.contains("country China: no name_ky"), "{out}");
    let (code, _, err) = chronomap(dir.path(), &["render", "--lang", "xx", "-o", "m.svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("en, ru, ky"), "{err}");
    assert!(!dir.path().join("m.svg").exists());
}

#[test]
fn the_description_is_in_the_map_language_in_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), "ru", "ru.svg");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let desc = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap()
        .to_string();
    assert!(
        desc.contains("Изменения в 2014 году: Манас — закрыта."),
        "{desc}"
    );
    assert!(desc.contains("На карте 8 объектов"), "{desc}");
    assert!(desc.contains("2012 или 2017"), "{desc}");
    let (code, _, err) = chronomap(
        dir.path(),
        &[
            "render", "--year", "2014", "--lang", "ru", "-q", "-o", "ru.png",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let png = std::fs::read(dir.path().join("ru.png")).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let text = reader
        .info()
        .utf8_text
        .iter()
        .find(|c| c.keyword == "Description")
        .map(|c| c.get_text().unwrap())
        .unwrap();
    assert_eq!(text, desc, "the PNG says what the SVG says");
}

#[test]
fn a_kyrgyz_map_names_the_rivers_in_kyrgyz() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(dir.path(), "ky", "ky.svg");
    let basemap = texts(&svg, "basemap-labels");
    for river in ["Нарын", "Сыр-Дарыя", "Чүй"] {
        assert!(basemap.iter().any(|t| t == river), "{river} in {basemap:?}");
    }
}
