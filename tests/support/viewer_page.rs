//! Reading and driving the year viewer (`index.html`) in a browser: what year it shows, which
//! map, which events, and the controls a user touches. Works on any page made by
//! `chronomap::viewer::viewer_html`.

use super::webdriver::{Browser, Key};
use serde_json::Value;
use std::time::Duration;

/// What the viewer shows at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerState {
    /// The big year text.
    pub year: String,
    /// The `src` attribute of the map image, as written (such as `2019.svg`).
    pub img_src: String,
    /// Whether the map image has loaded with a size.
    pub img_loaded: bool,
    /// The text of each listed event.
    pub events: Vec<String>,
    /// Whether the "no events" note is visible.
    pub no_events: bool,
    /// The slider's value (the index of the year).
    pub slider: String,
    /// Whether the play button says it is playing.
    pub playing: bool,
}

const READ_STATE: &str = r#"
var img = document.getElementById('map');
var list = document.getElementById('events');
return {
  year: document.getElementById('year').textContent,
  img_src: img.getAttribute('src'),
  img_loaded: img.complete && img.naturalWidth > 0,
  events: list.hidden ? [] : Array.prototype.map.call(list.children, function (li) { return li.textContent; }),
  no_events: !document.getElementById('no-events').hidden,
  slider: document.getElementById('slider').value,
  playing: document.getElementById('play').getAttribute('aria-pressed') === 'true'
};
"#;

/// Reads the viewer's state.
pub fn read_state(browser: &Browser) -> Result<ViewerState, String> {
    let v = browser.execute(READ_STATE, Vec::new())?;
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    Ok(ViewerState {
        year: text("year"),
        img_src: text("img_src"),
        img_loaded: v["img_loaded"] == Value::Bool(true),
        events: v["events"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        no_events: v["no_events"] == Value::Bool(true),
        slider: text("slider"),
        playing: v["playing"] == Value::Bool(true),
    })
}

/// Moves the slider to `index` the way a script or assistive tool would: sets its value and
/// dispatches an `input` event.
pub fn set_slider(browser: &Browser, index: usize) -> Result<(), String> {
    browser.execute(
        "var s = document.getElementById('slider'); s.value = String(arguments[0]); \
         s.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![Value::from(index)],
    )?;
    Ok(())
}

/// Presses a key with nothing in particular focused (the page's own key handling).
pub fn press_on_page(browser: &Browser, key: Key) -> Result<(), String> {
    browser.execute(
        "if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }",
        Vec::new(),
    )?;
    browser.press(key)
}

/// Waits until the viewer shows `year` and its map has loaded.
pub fn wait_for_year(browser: &Browser, year: i32, timeout: Duration) -> Result<Duration, String> {
    browser
        .wait_for(
            &format!(
                "var img = document.getElementById('map'); \
             return document.getElementById('year').textContent === '{year}' \
             && img.complete && img.naturalWidth > 0;"
            ),
            timeout,
        )
        .map_err(|e| match read_state(browser) {
            Ok(state) => format!("{e}\nthe viewer shows: {state:?}"),
            Err(_) => e,
        })
}
