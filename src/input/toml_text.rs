//! Where in a TOML file a problem is, and toml's message worded to follow the file and place:
//! shared by the readers of `dataset.toml` and of style files.

use crate::diagnostic::{Diagnostic, Location};
use std::io::Read;

/// The whole of a small TOML file as text: refused when it is not UTF-8, or larger than
/// `limit` bytes (the message says so, followed by `note`).
///
/// ```
/// use chronomap::input::toml_text::read_small_text;
/// assert_eq!(read_small_text(&b"a = 1"[..], "x.toml", 1024, "").unwrap(), "a = 1");
/// let e = read_small_text(&[b' '; 2048][..], "x.toml", 1024, "; keep it short").unwrap_err();
/// assert_eq!(e.to_string(), "error: x.toml: is larger than 1 KiB; keep it short");
/// ```
pub fn read_small_text(
    mut reader: impl Read,
    file: &str,
    limit: u64,
    note: &str,
) -> Result<String, Box<Diagnostic>> {
    let mut text = String::new();
    reader
        .by_ref()
        .take(limit + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            Diagnostic::error(
                file,
                Location::File,
                format!("could not be read as UTF-8 text: {e}"),
            )
        })?;
    if text.len() as u64 > limit {
        return Err(Box::new(Diagnostic::error(
            file,
            Location::File,
            format!("is larger than {} KiB{note}", limit / 1024),
        )));
    }
    Ok(text)
}

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
