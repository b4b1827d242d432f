//! Making text safe for the viewer page: HTML text and attributes, JSON inside `<script>`,
//! and file names inside URLs.

pub use crate::escape::{escape_html, script_safe_json};

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
