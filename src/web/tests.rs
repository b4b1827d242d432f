use super::*;
use crate::layout::style::MapStyle;

fn page(years: &[i32]) -> String {
    let data = crate::bundled::dataset().unwrap().dataset;
    let frame = MapFrame::new(&data, crate::bundled::basemap(), &MapStyle::default()).unwrap();
    web_page(&data, &frame, &MapStyle::default(), years).unwrap()
}

#[test]
fn the_page_is_one_file_that_loads_nothing() {
    let html = page(&[2001, 2014, 2023]);
    for needle in [
        "<script src",
        "<link",
        "@import",
        "url(http",
        "<img",
        "<iframe",
    ] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    // Every web address in the page is a source link opening in a new tab.
    let data = crate::bundled::dataset().unwrap().dataset;
    let urls: Vec<&str> = data
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect();
    let mut rest = html.as_str();
    while let Some(at) = rest.find("http") {
        let tail = &rest[at..];
        if tail.starts_with("http://") || tail.starts_with("https://") {
            assert!(
                urls.iter().any(|u| tail.starts_with(&escape_html(u))),
                "an address that is not a source: {}",
                &tail[..tail.len().min(80)]
            );
        }
        rest = &rest[at + 4..];
    }
    assert!(html.contains("target=\"_blank\" rel=\"noopener noreferrer\""));
}

#[test]
fn every_form_of_a_site_is_written_once_and_the_first_year_shows() {
    let html = page(&[2001, 2014]);
    // Manas is active at the end of 2001 and closed (with the changed disc) in 2014: two
    // symbol forms, one hidden.
    let start = html.find("id=\"site-manas\"").unwrap();
    let end = start + html[start..].find("</g>\n</g>\n</g>").unwrap();
    let manas = &html[start..end];
    assert_eq!(manas.matches("class=\"v\"").count(), 2, "{manas}");
    assert_eq!(manas.matches("display=\"none\"").count(), 1, "{manas}");
    assert!(html.contains("Changed: Manas closed."));
}

#[test]
fn the_same_input_gives_the_same_page() {
    assert_eq!(page(&[2012, 2013]), page(&[2012, 2013]));
}

#[test]
fn no_years_is_an_error_not_a_page() {
    let data = crate::bundled::dataset().unwrap().dataset;
    let frame = MapFrame::new(&data, crate::bundled::basemap(), &MapStyle::default()).unwrap();
    assert!(web_page(&data, &frame, &MapStyle::default(), &[]).is_err());
}

#[test]
fn the_bundled_data_fits_the_three_megabyte_budget() {
    let data = crate::bundled::dataset().unwrap().dataset;
    let (first, last) = data.date_range().unwrap();
    let years: Vec<i32> = (first.year()..=last.year()).collect();
    let html = page(&years);
    assert!(html.len() < 3_000_000, "{} bytes", html.len());
    // Every year has its events listed, and the table lists every event.
    for y in &years {
        assert!(html.contains(&format!("data-year=\"{y}\"")), "{y}");
    }
    assert_eq!(html.matches("<tr data-date=").count(), data.events.len());
}
