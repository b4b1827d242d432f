//! Validating the rows of `sources.csv` into sources.

use super::Source;
use super::checks::{ErrorCount, check_date, check_id, check_text};
use super::ids::{HashMap, map_with_capacity};
use crate::diagnostic::Diagnostic;
use crate::input::{MAX_ERRORS_PER_FILE, RawSources};

/// The valid sources of `raw`, in file order; every problem goes to `diags`.
pub(super) fn validate_sources(
    file: &str,
    raw: Option<&RawSources<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut seen: HashMap<&str, u64> = map_with_capacity(raw.len());
    let mut sources = Vec::with_capacity(raw.len());
    let mut count = ErrorCount::new(file);
    for r in raw.iter() {
        if count.get(diags) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let first = seen.get(r.id.text).copied();
        let mut ok = check_id(file, r.line, &r.id, first, diags);
        if ok {
            seen.insert(r.id.text, r.line);
        }
        ok &= check_text(file, r.line, &r.title, "title", true, diags);
        ok &= check_text(file, r.line, &r.publisher, "publisher", true, diags);
        ok &= check_text(file, r.line, &r.url, "url", false, diags);
        let published = check_date(file, r.line, &r.published, "published", diags);
        if let (true, Some(published)) = (ok, published) {
            sources.push(Source {
                id: r.id.text.to_string(),
                title: r.title.text.to_string(),
                publisher: r.publisher.text.to_string(),
                published,
                url: Some(r.url.text.to_string()).filter(|u| !u.is_empty()),
            });
        }
    }
    sources
}
