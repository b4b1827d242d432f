//! The year viewer in a real browser: headless Chromium driven through chromedriver opens
//! `index.html` from disk and is moved with the slider, the arrow keys and the play button.
//!
//! Needs Debian's `chromium` and `chromium-driver` packages; without them this test fails
//! and says how to install them.

mod support;

use chronomap::viewer::{ViewerEvent, ViewerYear, viewer_html};
use std::path::Path;
use std::time::Duration;
use support::viewer_page::{press_on_page, read_state, set_slider, wait_for_year};
use support::webdriver::{Browser, Key};

const HOSTILE: &str = "<b>bold</b> & </script><script>window.hacked = 1</script>";

fn event(date: &str, site: &str, summary: &str) -> ViewerEvent {
    ViewerEvent {
        date: date.into(),
        site: site.into(),
        summary: summary.into(),
        sources: "[1]".into(),
    }
}

/// Writes `index.html` and one placeholder SVG per year (showing its year) into `dir`.
fn write_viewer(dir: &Path) -> Vec<ViewerYear> {
    let pages = vec![
        ViewerYear {
            year: 2019,
            svg_file: "2019.svg".into(),
            events: vec![
                event("2019", "Kant", "Russian base territory to grow"),
                event(
                    "2019-02-04",
                    "Osh",
                    "Lavrov: a second base is not Moscow's idea",
                ),
            ],
        },
        ViewerYear {
            year: 2020,
            svg_file: "2020.svg".into(),
            events: vec![],
        },
        ViewerYear {
            year: 2021,
            svg_file: "maps/year 2021.svg".into(),
            events: vec![event("2021-06", "Batken", HOSTILE)],
        },
    ];
    std::fs::create_dir_all(dir.join("maps")).expect("maps folder");
    for p in &pages {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"250\">\
             <rect width=\"400\" height=\"250\" fill=\"#eef\"/>\
             <text x=\"200\" y=\"140\" font-size=\"60\" text-anchor=\"middle\">{}</text></svg>",
            p.year
        );
        std::fs::write(dir.join(&p.svg_file), svg).expect("placeholder map");
    }
    std::fs::write(dir.join("index.html"), viewer_html(&pages, "Test viewer")).expect("page");
    pages
}

fn check(result: Result<(), String>) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_viewer_moves_through_the_years_in_a_real_browser() {
    if !support::webdriver::browser_available(
        "the_viewer_moves_through_the_years_in_a_real_browser",
    ) {
        return;
    }
    check(run());
}

fn run() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    write_viewer(dir.path());
    let browser = Browser::start()?;
    browser.goto(&Browser::file_url(&dir.path().join("index.html"))?)?;
    let wait = Duration::from_secs(10);

    // The first year, its map and its events.
    wait_for_year(&browser, 2019, wait)?;
    let s = read_state(&browser)?;
    assert_eq!(
        (s.year.as_str(), s.img_src.as_str()),
        ("2019", "2019.svg"),
        "{s:?}"
    );
    assert_eq!(s.events.len(), 2, "{s:?}");
    assert!(
        s.events[1].contains("Lavrov: a second base is not Moscow's idea"),
        "{s:?}"
    );
    assert!(s.events[1].starts_with("2019-02-04"), "{s:?}");
    assert!(!s.no_events && !s.playing, "{s:?}");

    // The slider, moved by setting its value and dispatching `input`.
    set_slider(&browser, 1)?;
    let s = read_state(&browser)?;
    assert_eq!(
        (s.year.as_str(), s.img_src.as_str()),
        ("2020", "2020.svg"),
        "{s:?}"
    );
    assert!(s.events.is_empty() && s.no_events, "{s:?}");
    wait_for_year(&browser, 2020, wait)?;

    // The right arrow key, through the Actions API.
    press_on_page(&browser, Key::ArrowRight)?;
    wait_for_year(&browser, 2021, wait)?;
    let s = read_state(&browser)?;
    assert_eq!(s.img_src, "maps/year%202021.svg", "{s:?}");
    assert_eq!(s.slider, "2", "{s:?}");
    // Text from the data is shown as text, never run or parsed as markup.
    assert_eq!(s.events.len(), 1, "{s:?}");
    assert!(s.events[0].contains(HOSTILE), "{s:?}");
    let injected = browser.execute(
        "return document.querySelectorAll('#events b, #events script').length + (window.hacked || 0);",
        Vec::new(),
    )?;
    assert_eq!(injected, 0, "markup from the data was interpreted");

    // At the last year, → stays; ← goes back; keys sent to the focused slider work too.
    press_on_page(&browser, Key::ArrowRight)?;
    assert_eq!(read_state(&browser)?.year, "2021");
    press_on_page(&browser, Key::ArrowLeft)?;
    assert_eq!(read_state(&browser)?.year, "2020");
    let slider = browser.find("#slider")?;
    browser.send_keys(&slider, Key::ArrowLeft)?;
    wait_for_year(&browser, 2019, wait)?;
    press_on_page(&browser, Key::End)?;
    assert_eq!(read_state(&browser)?.year, "2021");
    press_on_page(&browser, Key::Home)?;
    assert_eq!(read_state(&browser)?.year, "2019");

    // Play advances by itself, and stops at the last year.
    browser.click(&browser.find("#play")?)?;
    assert!(read_state(&browser)?.playing);
    wait_for_year(&browser, 2020, Duration::from_secs(5))?;
    wait_for_year(&browser, 2021, Duration::from_secs(5))?;
    browser.wait_for(
        "return document.getElementById('play').getAttribute('aria-pressed') === 'false';",
        Duration::from_secs(5),
    )?;
    assert_eq!(read_state(&browser)?.year, "2021");

    // Pause holds the year.
    press_on_page(&browser, Key::Home)?;
    browser.click(&browser.find("#play")?)?;
    wait_for_year(&browser, 2020, Duration::from_secs(5))?;
    browser.click(&browser.find("#play")?)?;
    std::thread::sleep(Duration::from_millis(2000));
    let s = read_state(&browser)?;
    assert_eq!((s.year.as_str(), s.playing), ("2020", false), "{s:?}");

    // The year is in the address, so reopening the page there shows it.
    let url = browser.execute("return window.location.href;", Vec::new())?;
    let url = url.as_str().unwrap_or_default().to_string();
    assert!(url.ends_with("index.html#2020"), "{url}");
    browser
        .goto(&Browser::file_url(&dir.path().join("index.html"))?.replace(".html", ".html#2021"))?;
    wait_for_year(&browser, 2021, wait)?;
    browser.goto("about:blank")?;
    browser
        .goto(&Browser::file_url(&dir.path().join("index.html"))?.replace(".html", ".html#2020"))?;
    wait_for_year(&browser, 2020, wait)?;
    Ok(())
}
