//! The viewer page's structure, escaping and embedded data.

use super::*;

fn event(date: &str, site: &str, summary: &str) -> ViewerEvent {
    ViewerEvent {
        date: date.into(),
        site: site.into(),
        summary: summary.into(),
        sources: "[1] [2]".into(),
    }
}

fn pages() -> Vec<ViewerYear> {
    vec![
        ViewerYear {
            year: 2019,
            svg_file: "2019.svg".into(),
            description: String::new(),
            events: vec![event("2019-02-04", "Osh", "Lavrov speaks")],
        },
        ViewerYear {
            year: 2020,
            svg_file: "2020.svg".into(),
            description: String::new(),
            events: vec![],
        },
    ]
}

/// The JSON embedded for the script, parsed back.
fn embedded(html: &str) -> serde_json::Value {
    let start_tag = "<script type=\"application/json\" id=\"viewer-data\">";
    let start = html.find(start_tag).expect("data script") + start_tag.len();
    let end = start + html[start..].find("</script>").expect("end of data script");
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    assert_eq!(viewer_html(&pages(), "T"), viewer_html(&pages(), "T"));
}

#[test]
fn the_page_shows_the_first_year_and_embeds_every_year() {
    let html = viewer_html(&pages(), "Sites");
    assert!(html.contains("<output class=\"year\" id=\"year\" aria-live=\"polite\">2019</output>"));
    assert!(html.contains("<img id=\"map\" src=\"2019.svg\" alt=\"Sites: map for 2019\">"));
    assert!(html.contains("max=\"1\""));
    assert!(html.contains("<span class=\"site\">Osh</span><span class=\"summary\">Lavrov speaks"));
    let data = embedded(&html);
    assert_eq!(data["title"], "Sites");
    assert_eq!(data["years"][1]["year"], 2020);
    assert_eq!(data["years"][1]["src"], "2020.svg");
    assert_eq!(data["years"][0]["events"][0]["sources"], "[1] [2]");
    // Nothing is fetched from anywhere but the page's own folder.
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(" src=\"/") && !html.contains("href=\"/"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let evil = "</script><script>alert('x')</script><!-- & \u{2028}\u{2029} \"q\"";
    let pages = vec![ViewerYear {
        year: 2019,
        svg_file: "a b#c?.svg".into(),
        description: String::new(),
        events: vec![ViewerEvent {
            date: evil.into(),
            site: evil.into(),
            summary: evil.into(),
            sources: evil.into(),
        }],
    }];
    let html = viewer_html(&pages, evil);
    // The only script elements are the page's own two.
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<!--"));
    let script = &html[html.find("id=\"viewer-data\"").expect("data")..];
    assert!(!script.contains('\u{2028}') && !script.contains('\u{2029}'));
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)"));
    // The data survives the escaping unchanged.
    let data = embedded(&html);
    assert_eq!(data["title"], evil);
    assert_eq!(data["years"][0]["events"][0]["summary"], evil);
    assert_eq!(data["years"][0]["src"], "a%20b%23c%3F.svg");
}

#[test]
fn no_years_gives_a_plain_page() {
    let html = viewer_html(&[], "Nothing");
    assert!(html.contains("There are no years to show."));
    assert!(!html.contains("<script"));
}

#[test]
fn a_single_year_disables_both_steps() {
    let html = viewer_html(&pages()[..1], "One");
    assert!(html.contains("id=\"prev\" aria-label=\"Previous year\" disabled"));
    assert!(html.contains("id=\"next\" aria-label=\"Next year\" disabled"));
}

#[test]
fn the_map_description_is_the_alt_text_of_every_year() {
    let mut pages = pages();
    pages[0].description = "Changed in 2019: Manas closed & \"gone\".".into();
    pages[1].description = "No site changed status in 2020.".into();
    let html = viewer_html(&pages, "Sites");
    assert!(html.contains(
        "<img id=\"map\" src=\"2019.svg\" alt=\"Changed in 2019: Manas closed &amp; &quot;gone&quot;.\">"
    ));
    let data = embedded(&html);
    assert_eq!(data["years"][1]["alt"], "No site changed status in 2020.");
}
