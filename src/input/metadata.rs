//! Reading the optional `dataset.toml`: a dataset's own title, subtitle and credit line.

use super::limits::MAX_METADATA_BYTES;
use super::toml_text::{error_location, line_of, one_line, read_small_text};
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
    /// The same in other languages: `[lang.ru]` with `title`, `subtitle`, `credit`, used
    /// on maps drawn with `--lang ru`.
    #[serde(default)]
    pub lang: std::collections::BTreeMap<String, MetadataText>,
}

/// A dataset's title, subtitle and credit in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataText {
    /// The map title.
    pub title: Option<String>,
    /// The subtitle template.
    pub subtitle: Option<String>,
    /// The credit.
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
pub fn read_metadata(reader: impl Read, file: &str) -> Result<DatasetMetadata, Box<Diagnostic>> {
    let text = read_small_text(
        reader,
        file,
        MAX_METADATA_BYTES,
        "; it holds only a title, a subtitle and a credit line",
    )?;
    let meta: DatasetMetadata = toml::from_str(&text).map_err(|e| {
        let location = error_location(&text, &e);
        Box::new(Diagnostic::error(file, location, one_line(e.message())).hint(
            "the keys are title, subtitle and credit, each a quoted string; see README, \"dataset.toml\"",
        ))
    })?;
    check_texts(&meta, &text, file)?;
    check_languages(&meta, &text, file)?;
    Ok(meta)
}

/// The title, subtitle and credit, where given, are each one line of text.
fn check_texts(meta: &DatasetMetadata, text: &str, file: &str) -> Result<(), Box<Diagnostic>> {
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
                    Diagnostic::error(file, line_of(text, "", key), why).in_field(key),
                ));
            }
        }
    }
    Ok(())
}

/// Each `[lang.CODE]` names a language the maps have words for, and its texts are one line
/// each.
fn check_languages(meta: &DatasetMetadata, text: &str, file: &str) -> Result<(), Box<Diagnostic>> {
    for (code, words) in &meta.lang {
        if crate::lang::Lang::parse(code).is_none() {
            return Err(Box::new(
                Diagnostic::error(
                    file,
                    Location::File,
                    format!(
                        "[lang.{code}]: chronomap has no words for {code:?}; use {}",
                        crate::lang::LANG_CODES.join(", ")
                    ),
                )
                .in_field("lang"),
            ));
        }
        for (key, value) in [
            ("title", &words.title),
            ("subtitle", &words.subtitle),
            ("credit", &words.credit),
        ] {
            if value
                .as_ref()
                .is_some_and(|v| v.trim().is_empty() || v.contains(['\n', '\r']))
            {
                return Err(Box::new(
                    Diagnostic::error(
                        file,
                        line_of(text, "", key),
                        "must be one line of text; leave the key out for the default",
                    )
                    .in_field(format!("lang.{code}.{key}")),
                ));
            }
        }
    }
    Ok(())
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
