//! Making text safe for the viewer page: HTML text and attributes, JSON inside `<script>`,
//! and file names inside URLs.

pub use crate::escape::escape_html;

/// JSON text made safe to embed in a `<script>` element: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026` (so no `</script>` or `<!--` can appear), and the line
/// separators U+2028 and U+2029 as `\u2028` and `\u2029`. The JSON value is unchanged.
///
/// ```
/// use chronomap::viewer::script_safe_json;
/// let json = serde_json::to_string("</script><!-- & \u{2028}").unwrap();
/// let safe = script_safe_json(&json);
/// assert_eq!(safe, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028""#);
/// assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "</script><!-- & \u{2028}");
/// ```
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A relative file path as a URL path: every byte outside `A-Z a-z 0-9 - . _ ~ /` is
/// percent-encoded, so names with spaces, `#` or `?` still point at the file.
///
/// ```
/// use chronomap::viewer::url_path;
/// assert_eq!(url_path("2019.svg"), "2019.svg");
/// assert_eq!(url_path("maps/map #1?.svg"), "maps/map%20%231%3F.svg");
/// ```
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
