//! The year viewer: one self-contained `index.html` that steps through yearly map files.
//!
//! The page has its CSS, script and data inline and loads nothing but the map files next to
//! it, so it works opened straight from disk (`file://`) with no server and no network.

mod escape;

pub use escape::{escape_html, script_safe_json, url_path};

use serde::Serialize;

const CSS: &str = include_str!("viewer.css");
const JS: &str = include_str!("viewer.js");

/// One event in a year's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewerEvent {
    /// The date as written in the data (`2019`, `2019-02`, `2019-02-01`).
    pub date: String,
    /// The site's display name.
    pub site: String,
    /// One line of text.
    pub summary: String,
    /// Source notes, such as `[3] [5]`.
    pub sources: String,
}

/// One year of the viewer: its map file and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerYear {
    /// The year.
    pub year: i32,
    /// The map, as a path relative to the page, such as `2019.svg`.
    pub svg_file: String,
    /// The map in words, the image's alt text (when empty: the title and the year).
    pub description: String,
    /// The events dated in the year, in the order to list them.
    pub events: Vec<ViewerEvent>,
}

/// What the script reads for each year.
#[derive(Serialize)]
struct YearData<'a> {
    year: i32,
    src: String,
    alt: String,
    events: &'a [ViewerEvent],
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    years: Vec<YearData<'a>>,
}

/// The image's alt text: the map's description, or failing that its title and year.
fn alt_text(title: &str, page: &ViewerYear) -> String {
    if page.description.trim().is_empty() {
        format!("{title}: map for {}", page.year)
    } else {
        page.description.clone()
    }
}

/// The viewer page for `pages` (shown in the order given, normally by year) under `title`.
///
/// The page shows one year's map large (an `<img>` of the year's file), the year in big
/// figures, a slider over the years, previous/next and play/pause buttons, and the year's
/// events under the map. The left and right arrow keys step through the years, Home and End
/// jump to the first and last, and Space plays and pauses. The year is kept in the address
/// (`index.html#2019`), so a year can be linked to. Without JavaScript the first year and its
/// events are shown, with links to the other maps.
///
/// All text from the data is escaped for HTML, and the data embedded for the script is JSON
/// with `<`, `>`, `&`, U+2028 and U+2029 escaped, so no text can end the `<script>` element.
/// The same input gives the same bytes.
///
/// ```
/// use chronomap::viewer::{viewer_html, ViewerEvent, ViewerYear};
/// let pages = vec![ViewerYear {
///     year: 2019,
///     svg_file: "2019.svg".into(),
///     description: String::new(),
///     events: vec![ViewerEvent {
///         date: "2019-02-04".into(),
///         site: "Osh".into(),
///         summary: "Lavrov <says> a second base is not Moscow's idea".into(),
///         sources: "[3]".into(),
///     }],
/// }];
/// let html = viewer_html(&pages, "Bases & sites");
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains(r#"<img id="map" src="2019.svg""#));
/// assert!(html.contains("Lavrov &lt;says&gt;"));
/// assert!(html.contains("<h1>Bases &amp; sites</h1>"));
/// assert!(!html.contains("<says>"));
/// ```
pub fn viewer_html(pages: &[ViewerYear], title: &str) -> String {
    viewer_html_linking(pages, title, None)
}

/// [`viewer_html`] with a link, under the title, to the interactive web map at `web_map` (a
/// path relative to the page, such as `map.html`), when given.
///
/// ```
/// use chronomap::viewer::viewer_html_linking;
/// let html = viewer_html_linking(&[], "Bases", Some("map.html"));
/// assert!(html.contains(r#"<a href="map.html">"#));
/// ```
pub fn viewer_html_linking(pages: &[ViewerYear], title: &str, web_map: Option<&str>) -> String {
    let web_link = web_map.map(web_map_link).unwrap_or_default();
    let t = escape_html(title);
    let mut html = String::with_capacity(16 * 1024);
    push_head(&mut html, &t, pages.first().map(|p| p.year));
    let Some(first) = pages.first() else {
        html.push_str(&format!(
            "<header><h1>{t}</h1></header>\n{web_link}<p class=\"no-events\">There are no years to show.</p>\n</main>\n</body>\n</html>\n"
        ));
        return html;
    };
    html.push_str(&format!(
        "<header>\n<div>\n<h1>{t}</h1>\n<p class=\"hint\">Move with the slider or the <kbd>←</kbd> <kbd>→</kbd> keys; <kbd>Space</kbd> plays and pauses.</p>\n</div>\n<output class=\"year\" id=\"year\" aria-live=\"polite\">{}</output>\n</header>\n{web_link}",
        first.year
    ));
    push_controls(&mut html, pages);
    push_figure(&mut html, title, pages);
    push_events(&mut html, first);
    html.push_str(&format!(
        "<script type=\"application/json\" id=\"viewer-data\">{}</script>\n",
        script_safe_json(&page_json(pages, title))
    ));
    html.push_str(&format!("<script>\n{JS}</script>\n</body>\n</html>\n"));
    html
}

/// The line under the title that links to the interactive web map at `href`.
fn web_map_link(href: &str) -> String {
    format!(
        "<p class=\"hint\"><a href=\"{}\">The interactive map</a>: pan, zoom, and every site's sourced history.</p>\n",
        escape_html(&url_path(href))
    )
}

/// The years as the page's script reads them, as JSON.
fn page_json(pages: &[ViewerYear], title: &str) -> String {
    let data = PageData {
        title,
        years: pages
            .iter()
            .map(|p| YearData {
                year: p.year,
                src: url_path(&p.svg_file),
                alt: alt_text(title, p),
                events: &p.events,
            })
            .collect(),
    };
    // Serialising strings and integers cannot fail; an empty object keeps the page valid if
    // it ever did.
    serde_json::to_string(&data).unwrap_or_else(|_| "{}".to_string())
}

/// The document's head (the title `t`, escaped, with the first year when there is one) and
/// the start of its body.
fn push_head(html: &mut String, t: &str, first_year: Option<i32>) {
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"generator\" content=\"chronomap\">\n");
    match first_year {
        Some(year) => html.push_str(&format!("<title>{t} — {year}</title>\n")),
        None => html.push_str(&format!("<title>{t}</title>\n")),
    }
    html.push_str(&format!(
        "<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
    ));
}

/// The play button, the previous and next buttons and the year slider (`pages` is not
/// empty).
fn push_controls(html: &mut String, pages: &[ViewerYear]) {
    let (first, last) = (&pages[0], &pages[pages.len() - 1]);
    html.push_str("<div class=\"controls\">\n");
    html.push_str("<button type=\"button\" id=\"play\" aria-pressed=\"false\">▶ Play</button>\n");
    html.push_str(&format!(
        "<button type=\"button\" id=\"prev\" aria-label=\"Previous year\" disabled>←</button>\n<span class=\"end\">{}</span>\n",
        first.year
    ));
    html.push_str(&format!(
        "<input type=\"range\" id=\"slider\" min=\"0\" max=\"{}\" step=\"1\" value=\"0\" aria-label=\"Year\" aria-valuetext=\"{}\">\n",
        pages.len() - 1,
        first.year
    ));
    html.push_str(&format!(
        "<span class=\"end\">{}</span>\n<button type=\"button\" id=\"next\" aria-label=\"Next year\"{}>→</button>\n</div>\n",
        last.year,
        if pages.len() == 1 { " disabled" } else { "" }
    ));
}

/// The first year's map, and for readers without JavaScript a link to every year's map
/// (`pages` is not empty).
fn push_figure(html: &mut String, title: &str, pages: &[ViewerYear]) {
    let first = &pages[0];
    html.push_str(&format!(
        "<figure><img id=\"map\" src=\"{}\" alt=\"{}\"></figure>\n",
        escape_html(&url_path(&first.svg_file)),
        escape_html(&alt_text(title, first))
    ));
    html.push_str("<noscript><p class=\"hint\">JavaScript is off, so only the first year is shown here. The maps of every year:");
    for p in pages {
        html.push_str(&format!(
            " <a href=\"{}\">{}</a>",
            escape_html(&url_path(&p.svg_file)),
            p.year
        ));
    }
    html.push_str("</p></noscript>\n");
}

/// The list of the first year's events (the script fills it for the other years), and
/// the end of the page's main part.
fn push_events(html: &mut String, first: &ViewerYear) {
    html.push_str(&format!(
        "<section>\n<h2 id=\"events-heading\">Events in {}</h2>\n<ol class=\"events\" id=\"events\"{}>\n",
        first.year,
        if first.events.is_empty() { " hidden" } else { "" }
    ));
    for e in &first.events {
        let date = escape_html(&e.date);
        html.push_str(&format!(
            "<li><time datetime=\"{date}\">{date}</time><span class=\"site\">{}</span><span class=\"summary\">{}",
            escape_html(&e.site),
            escape_html(&e.summary)
        ));
        if !e.sources.is_empty() {
            html.push_str(&format!(
                "<span class=\"sources\">{}</span>",
                escape_html(&e.sources)
            ));
        }
        html.push_str("</span></li>\n");
    }
    html.push_str(&format!(
        "</ol>\n<p class=\"no-events\" id=\"no-events\"{}>No dated events in this year.</p>\n</section>\n</main>\n",
        if first.events.is_empty() { "" } else { " hidden" }
    ));
}

#[cfg(test)]
mod tests;
