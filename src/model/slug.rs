//! Ids are slugs: lower-case ASCII letters, digits and hyphens.

/// Whether `s` is a non-empty slug matching `[a-z0-9-]+`.
///
/// ```
/// use chronomap::model::is_slug;
/// assert!(is_slug("k-2"));
/// assert!(!is_slug("K-2"));
/// assert!(!is_slug("issyk kul"));
/// assert!(!is_slug(""));
/// ```
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
