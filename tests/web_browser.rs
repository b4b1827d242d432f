//! The web map (`chronomap web`) in a real browser: headless Chromium driven through
//! chromedriver opens the one-file page from disk. It checks the address state, restyling
//! between years without losing the zoom, opening a site's history with the keyboard, that
//! nothing is fetched, and that hostile text from the data stays text. It also prints the
//! timings README quotes (not asserted: the machine is shared).
//!
//! Needs Debian's `chromium` and `chromium-driver` packages; without them the tests say how
//! to install them and skip (under `CI=true` they fail).

mod support;

use chronomap::model::Status;
use chronomap::palette::status_color;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use support::run::chronomap;
use support::webdriver::{Browser, Key};

const WAIT: Duration = Duration::from_secs(15);

/// Writes the page with `args` into a new folder; returns the folder.
fn write_page(args: &[&str]) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = dir.path().join("web");
    let out = out.to_str().ok_or("temporary path is not UTF-8")?;
    let mut all = vec!["web", "-q", "--out-dir", out];
    all.extend_from_slice(args);
    let (code, _, err) = chronomap(Path::new("."), &all);
    if code != 0 {
        return Err(format!("chronomap web failed ({code}): {err}"));
    }
    Ok(dir)
}

fn open(browser: &Browser, page: &Path, hash: &str) -> Result<(), String> {
    browser.goto(&format!("{}{hash}", Browser::file_url(page)?))?;
    browser.wait_for(
        "return performance.getEntriesByName('cm-ready').length > 0;",
        WAIT,
    )?;
    Ok(())
}

fn js(browser: &Browser, script: &str) -> Result<Value, String> {
    browser.execute(script, Vec::new())
}

fn text(browser: &Browser, script: &str) -> Result<String, String> {
    Ok(js(browser, script)?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The markup of the symbol form shown for `site`.
const SHOWN_SYMBOL: &str = "return Array.from(document.querySelectorAll('#site-' + arguments[0] + ' > .cs > .v')).filter(v => !v.hasAttribute('display')).map(v => v.innerHTML).join('|');";

fn shown_symbol(browser: &Browser, site: &str) -> Result<String, String> {
    Ok(browser
        .execute(SHOWN_SYMBOL, vec![Value::String(site.into())])?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The site whose history is shown, or "".
const OPEN_HISTORY: &str = "var h = document.getElementById('history'); if (h.hidden) return ''; var s = Array.from(h.querySelectorAll('.site-history')).filter(e => !e.hidden); return s.length === 1 ? s[0].getAttribute('data-site') : 'several: ' + s.length;";

const OPEN_MANAS: &str = "return !document.querySelector('.site-history[data-site=manas]').hidden;";

fn ms(v: &Value) -> f64 {
    v.as_f64().unwrap_or(-1.0)
}

fn check(result: Result<(), String>) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_web_map_works_in_a_real_browser() {
    if !support::webdriver::browser_available("the_web_map_works_in_a_real_browser") {
        return;
    }
    check(bundled());
}

fn bundled() -> Result<(), String> {
    let dir = write_page(&[])?;
    let page = dir.path().join("web/index.html");
    let html = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
    let browser = Browser::start()?;
    browser.set_window_size(1400, 900)?;

    // The address holds the state: #2014/manas opens 2014 with Manas's sourced history.
    open(&browser, &page, "#2014/manas")?;
    // Paint timings arrive after the first frame; a browser that gives none reports -1.
    let _ = browser.wait_for(
        "return performance.getEntriesByType('paint').length > 0;",
        Duration::from_secs(3),
    );
    let load = js(
        &browser,
        "var n = performance.getEntriesByType('navigation')[0]; var p = performance.getEntriesByType('paint').filter(e => e.name === 'first-contentful-paint')[0]; return [n.responseEnd, performance.getEntriesByName('cm-script-start')[0].startTime, performance.getEntriesByName('cm-ready')[0].startTime, n.domContentLoadedEventEnd, p ? p.startTime : -1, n.loadEventEnd];",
    )?;
    assert_eq!(
        text(
            &browser,
            "return document.getElementById('year').textContent;"
        )?,
        "2014"
    );
    assert_eq!(text(&browser, OPEN_HISTORY)?, "manas");
    let history = text(
        &browser,
        "return document.querySelector('.site-history[data-site=manas]').innerText;",
    )?;
    for needle in [
        "2001",
        "opened",
        "status after: active",
        "2014",
        "closed",
        "status after: closed",
        "RFE/RL",
    ] {
        assert!(
            history.contains(needle),
            "{needle:?} not in Manas's history:\n{history}"
        );
    }
    let links = js(
        &browser,
        "return Array.from(document.querySelectorAll('.site-history[data-site=manas] a')).map(a => [a.href, a.target, a.rel]);",
    )?;
    let links = links.as_array().cloned().unwrap_or_default();
    assert!(!links.is_empty(), "Manas's history links no source");
    for l in &links {
        assert!(l[0].as_str().unwrap_or("").starts_with("http"), "{l}");
        assert_eq!(
            (l[1].as_str(), l[2].as_str()),
            (Some("_blank"), Some("noopener noreferrer")),
            "{l}"
        );
    }
    assert!(
        text(
            &browser,
            "return document.getElementById('events-year').textContent;"
        )? == "2014"
            && text(
                &browser,
                "return document.querySelector('.year-events[data-year=\"2014\"]').innerText;"
            )?
            .contains("Changed: Manas closed."),
        "the year's events are not listed beside the map"
    );
    let name = text(
        &browser,
        "return document.getElementById('map-desc').textContent;",
    )?;
    assert!(
        name.contains("end of 2014") && name.contains("Manas closed"),
        "{name}"
    );

    // Restyling between two years, in place: zoom in, change the year, the view and the
    // SVG elements stay and Manas's symbol changes from closed to active.
    let closed = shown_symbol(&browser, "manas")?;
    assert!(closed.contains(status_color(Status::Closed)), "{closed}");
    browser.click(&browser.find("#zoom-in")?)?;
    js(
        &browser,
        "window.keptViewport = document.getElementById('viewport'); window.keptSite = document.getElementById('site-manas'); return 0;",
    )?;
    let zoom = text(
        &browser,
        "return document.getElementById('viewport').getAttribute('transform');",
    )?;
    assert!(zoom.contains("scale(1.5)"), "{zoom}");
    let slider = browser.find("#slider")?;
    browser.send_keys(&slider, Key::Home)?;
    browser.wait_for(
        "return document.getElementById('year').textContent === '2001';",
        WAIT,
    )?;
    let active = shown_symbol(&browser, "manas")?;
    assert!(active.contains(status_color(Status::Active)), "{active}");
    assert_ne!(active, closed);
    assert_eq!(
        js(
            &browser,
            "return window.keptViewport === document.getElementById('viewport') && window.keptSite === document.getElementById('site-manas');"
        )?,
        Value::Bool(true),
        "the map was replaced instead of restyled"
    );
    assert_eq!(
        text(
            &browser,
            "return document.getElementById('viewport').getAttribute('transform');"
        )?,
        zoom,
        "the zoom was lost on a change of year"
    );
    // The address follows the reader.
    browser.wait_for("return location.hash === '#2001/manas';", WAIT)?;

    // Keyboard only: close the history, Tab to a site, Enter opens it.
    browser.press(Key::Escape)?;
    assert_eq!(text(&browser, OPEN_HISTORY)?, "");
    js(
        &browser,
        "document.getElementById('mapbox').focus(); return 0;",
    )?;
    let mut site = String::new();
    for _ in 0..5 {
        browser.press(Key::Tab)?;
        site = text(
            &browser,
            "var a = document.activeElement; return a && a.classList && a.classList.contains('site') ? a.id : '';",
        )?;
        if !site.is_empty() {
            break;
        }
    }
    let site = site
        .strip_prefix("site-")
        .ok_or("Tab never reached a site")?
        .to_string();
    browser.press(Key::Enter)?;
    assert_eq!(text(&browser, OPEN_HISTORY)?, site);
    assert_eq!(
        text(&browser, "return document.activeElement.id;")?,
        "history-title"
    );
    browser.wait_for(&format!("return location.hash === '#2001/{site}';"), WAIT)?;

    // The table sorts by site.
    browser.click(&browser.find("button.sort[data-key=site]")?)?;
    let first = text(
        &browser,
        "return document.querySelector('#events-table tbody tr td:nth-child(2)').textContent;",
    )?;
    assert_eq!(first, "Batken", "the table did not sort by site");

    // Nothing was fetched, and every web address in the page is a source link (or the
    // shaded relief, a picture inside the page).
    assert_eq!(
        js(
            &browser,
            "return performance.getEntriesByType('resource').length;"
        )?,
        0
    );
    let outside = js(
        &browser,
        "return Array.from(document.querySelectorAll('[href],[src],[xlink\\\\:href]')).map(e => e.getAttribute('href') || e.getAttribute('src') || '').filter(u => !u.startsWith('#') && !u.startsWith('data:image/png;base64,') && !(u.startsWith('http') && document.querySelector('a[href=\"' + u + '\"][target=_blank][rel=\"noopener noreferrer\"]'))).length;",
    )?;
    assert_eq!(
        outside, 0,
        "the page refers to something other than its own parts and source links"
    );
    assert!(!html.contains("<script src") && !html.contains("<link"));

    // The timings README quotes: twenty year steps from 2001.
    js(&browser, "location.hash = '#2001'; return 0;")?;
    browser.wait_for(
        "return document.getElementById('year').textContent === '2001';",
        WAIT,
    )?;
    let slider = browser.find("#slider")?;
    js(
        &browser,
        "performance.clearMeasures('cm-year-step'); return 0;",
    )?;
    for _ in 0..20 {
        browser.send_keys(&slider, Key::ArrowRight)?;
    }
    let steps = js(
        &browser,
        "return performance.getEntriesByName('cm-year-step').map(e => e.duration);",
    )?;
    let mut steps: Vec<f64> = steps
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    steps.sort_by(f64::total_cmp);
    assert_eq!(steps.len(), 20, "every year step is measured");
    eprintln!(
        "web map timings: page size {} bytes; file read {:.0} ms, script start {:.0} ms, script ready {:.0} ms, DOMContentLoaded {:.0} ms, first contentful paint {:.0} ms, load {:.0} ms; year step median {:.2} ms, max {:.2} ms",
        html.len(),
        ms(&load[0]),
        ms(&load[1]),
        ms(&load[2]),
        ms(&load[3]),
        ms(&load[4]),
        ms(&load[5]),
        steps[steps.len() / 2],
        steps[steps.len() - 1]
    );

    // Screenshots to look at while working on the page: CHRONOMAP_WEB_SHOTS=DIR.
    let shots = std::env::var_os("CHRONOMAP_WEB_SHOTS").map(std::path::PathBuf::from);
    let shoot = |name: &str| -> Result<(), String> {
        if let Some(dir) = &shots {
            std::fs::write(dir.join(name), browser.screenshot()?).map_err(|e| e.to_string())?;
        }
        Ok(())
    };
    js(&browser, "location.hash = '#2014/manas'; return 0;")?;
    browser.wait_for(OPEN_MANAS, WAIT)?;
    for _ in 0..3 {
        browser.click(&browser.find("#zoom-in")?)?;
    }
    shoot("web-1400-zoomed.png")?;

    // A phone-width window: the panel goes under the map.
    browser.set_window_size(390, 844)?;
    browser.click(&browser.find("#zoom-reset")?)?;
    shoot("web-390.png")?;
    for _ in 0..3 {
        browser.click(&browser.find("#zoom-in")?)?;
    }
    shoot("web-390-zoomed.png")?;
    let below = js(
        &browser,
        "var m = document.getElementById('mapfig').getBoundingClientRect(); var p = document.getElementById('panel').getBoundingClientRect(); return p.top >= m.bottom - 1 && document.documentElement.scrollWidth <= window.innerWidth + 1;",
    )?;
    assert_eq!(
        below,
        Value::Bool(true),
        "at 390 px the panel is not under the map, or the page scrolls sideways"
    );
    Ok(())
}

#[test]
fn hostile_names_stay_text_in_the_web_map() {
    if !support::webdriver::browser_available("hostile_names_stay_text_in_the_web_map") {
        return;
    }
    check(hostile());
}

fn hostile() -> Result<(), String> {
    let dir = write_page(&["--data", "tests/fixtures/web-hostile"])?;
    let page = dir.path().join("web/index.html");
    let browser = Browser::start()?;
    open(&browser, &page, "#2012/evil")?;
    let name = "</script><script>window.hacked=1</script><img src=x onerror=\"window.hacked=2\">";
    assert_eq!(text(&browser, OPEN_HISTORY)?, "evil");
    assert_eq!(
        text(
            &browser,
            "return document.getElementById('history-title').textContent;"
        )?,
        format!("History of {name}")
    );
    let label = text(
        &browser,
        "return document.querySelector('#label-evil .v:not([display]) text').textContent;",
    )?;
    assert!(label.starts_with(name), "{label}");
    let injected = js(
        &browser,
        "return [window.hacked || 0, document.scripts.length, document.querySelectorAll('img, b, i, svg svg, textarea').length, document.querySelectorAll('a[href^=javascript]').length];",
    )?;
    assert_eq!(
        injected,
        serde_json::json!([0, 2, 0, 0]),
        "markup from the data was interpreted"
    );
    // The source with a javascript: address is cited as text, the https one is a link.
    let history = text(
        &browser,
        "return document.querySelector('.site-history[data-site=evil]').innerText;",
    )?;
    assert!(history.contains("javascript:window.hacked=7"), "{history}");
    assert!(
        history.contains("Title </script><script>window.hacked=6</script>"),
        "{history}"
    );
    // Both dates of the disputed pair are shown.
    assert!(
        history.contains("this account dates it 2010-05")
            && history.contains("another dates it 2011"),
        "{history}"
    );
    Ok(())
}
