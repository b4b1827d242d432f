//! Where in a TOML file a problem is, and toml's message worded to follow the file and place:
//! shared by the readers of `dataset.toml` and of style files.

use crate::diagnostic::Location;

/// The line and column (1-based, in characters) of a byte offset into `text`.
///
/// ```
/// use chronomap::diagnostic::Location;
/// use chronomap::input::toml_text::location_of;
/// assert_eq!(location_of("a = 1\nbé = x", 10), Location::Line { line: 2, column: Some(4) });
/// ```
pub fn location_of(text: &str, offset: usize) -> Location {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    Location::Line {
        line: before.matches('\n').count() as u64 + 1,
        column: Some(before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1),
    }
}

/// The location of a toml parse or type error in `text`: its span's start, or the file.
pub fn error_location(text: &str, e: &toml::de::Error) -> Location {
    e.span()
        .map_or(Location::File, |span| location_of(text, span.start))
}

/// toml's message on one line, starting in lower case to follow the file and place.
///
/// ```
/// assert_eq!(chronomap::input::toml_text::one_line("Unknown field\n `x`"), "unknown field `x`");
/// ```
pub fn one_line(m: &str) -> String {
    let one = m.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "is not valid TOML".to_string(),
    }
}

/// The line that sets `key` inside `[table]` (`""` for the top level), for messages about
/// its value; the file when no line does.
///
/// ```
/// use chronomap::diagnostic::Location;
/// use chronomap::input::toml_text::line_of;
/// let text = "title = \"a\"\n[colors]\nink = \"#000\"\n";
/// assert_eq!(line_of(text, "colors", "ink"), Location::Line { line: 3, column: None });
/// assert_eq!(line_of(text, "", "title"), Location::Line { line: 1, column: None });
/// ```
pub fn line_of(text: &str, table: &str, key: &str) -> Location {
    let mut current = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(h) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            current = h.trim_start_matches('[').trim().to_string();
            continue;
        }
        if current == table
            && t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Location::Line {
                line: i as u64 + 1,
                column: None,
            };
        }
    }
    Location::File
}
