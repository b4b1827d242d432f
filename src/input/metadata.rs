//! Reading the optional `dataset.toml`: a dataset's own title, subtitle and credit line.

use crate::diagnostic::{Diagnostic, Location};
use serde::Deserialize;
use std::io::Read;

/// The file name a dataset folder may hold its metadata in.
pub const METADATA_FILE: &str = "dataset.toml";

/// What a dataset says about itself. Every key is optional.
///
/// ```toml
/// title = "Russian military sites in Syria"
/// subtitle = "Status {when}"      # {when}: "at end of 2019" or "on 2019-06-30"; {year}, {date}
/// credit = "Events compiled by the Levant desk from the sources listed."
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMetadata {
    /// The map title.
    pub title: Option<String>,
    /// The subtitle template; see [`crate::timeline::MapDate::with_subtitle`] for the placeholders.
    pub subtitle: Option<String>,
    /// Who compiled the events, for the credit line (replaces the list of publishers).
    pub credit: Option<String>,
}

/// Parses `dataset.toml` from `reader`; `file` is the name errors give.
///
/// ```
/// use chronomap::input::metadata::read_metadata;
/// let m = read_metadata(&b"title = \"Bases in Syria\"\n"[..], "dataset.toml").unwrap();
/// assert_eq!(m.title.as_deref(), Some("Bases in Syria"));
/// let e = read_metadata(&b"titel = \"x\"\n"[..], "dataset.toml").unwrap_err();
/// assert!(e.to_string().starts_with("error: dataset.toml, line 1, column 1:"));
/// ```
pub fn read_metadata(
    mut reader: impl Read,
    file: &str,
) -> Result<DatasetMetadata, Box<Diagnostic>> {
    let mut text = String::new();
    reader
        .by_ref()
        .take(crate::input::MAX_METADATA_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            Diagnostic::error(
                file,
                Location::File,
                format!("could not be read as UTF-8 text: {e}"),
            )
        })?;
    if text.len() as u64 > crate::input::MAX_METADATA_BYTES {
        return Err(Box::new(Diagnostic::error(
            file,
            Location::File,
            format!(
                "is larger than {} KiB; it holds only a title, a subtitle and a credit line",
                crate::input::MAX_METADATA_BYTES / 1024
            ),
        )));
    }
    let meta: DatasetMetadata = toml::from_str(&text).map_err(|e| {
        let location = match e.span() {
            Some(span) => {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() as u64 + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
                Location::Line {
                    line,
                    column: Some(column),
                }
            }
            None => Location::File,
        };
        Diagnostic::error(file, location, toml_message(e.message())).hint(
            "the keys are title, subtitle and credit, each a quoted string; see README, \"dataset.toml\"",
        )
    })
    .map_err(Box::new)?;
    for (key, value) in [
        ("title", &meta.title),
        ("subtitle", &meta.subtitle),
        ("credit", &meta.credit),
    ] {
        if let Some(v) = value {
            let bad = if v.trim().is_empty() {
                Some("is empty; leave the key out for the default")
            } else if v.contains(['\n', '\r']) {
                Some("spans lines; a map's title, subtitle and credit are one line each")
            } else {
                None
            };
            if let Some(why) = bad {
                return Err(Box::new(
                    Diagnostic::error(file, line_of_key(&text, key), why).in_field(key),
                ));
            }
        }
    }
    Ok(meta)
}

/// The first line that sets `key`, for messages about its value.
fn line_of_key(text: &str, key: &str) -> Location {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(Location::File, |i| Location::Line {
            line: i as u64 + 1,
            column: None,
        })
}

/// toml's message, on one line, starting in lower case to follow the file and place.
fn toml_message(m: &str) -> String {
    let one = m.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "is not valid TOML".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read_and_an_empty_file_is_all_defaults() {
        let m = read_metadata(
            &b"title = \"T\"\nsubtitle = \"S {when}\"\ncredit = \"C\"\n"[..],
            "d.toml",
        )
        .unwrap();
        assert_eq!(
            (
                m.title.as_deref(),
                m.subtitle.as_deref(),
                m.credit.as_deref()
            ),
            (Some("T"), Some("S {when}"), Some("C"))
        );
        assert_eq!(
            read_metadata(&b""[..], "d.toml").unwrap(),
            DatasetMetadata::default()
        );
    }

    #[test]
    fn bad_files_are_named_with_their_line() {
        for (text, needle) in [
            ("title = 3\n", "line 1"),
            ("\n\ncredit = \"\"\n", "d.toml, line 3: credit: is empty"),
            (
                "title = \"a\"\nsubtitle = \"\"\"x\ny\"\"\"\n",
                "line 2: subtitle: spans lines",
            ),
            (
                "title = \"a\"\nlogo = \"x.png\"\n",
                "line 2, column 1: unknown field `logo`",
            ),
            ("title = \"a\nb\"\n", "d.toml, line 2"),
        ] {
            let e = read_metadata(text.as_bytes(), "d.toml")
                .unwrap_err()
                .to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
