//! A document that events cite.

use super::PartialDate;

/// A validated source. Its number (for notes such as `[3]`) is its position in the
/// dataset's source list, starting at 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Slug id.
    pub id: String,
    /// Title as published.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Publication date.
    pub published: PartialDate,
    /// Address, if known.
    pub url: Option<String>,
}

impl Source {
    /// A one-line citation: `Title. Publisher, 2012-09-20.`
    ///
    /// ```
    /// use chronomap::model::Source;
    /// let s = Source { id: "s".into(), title: "Bases".into(), publisher: "Eurasianet".into(),
    ///                  published: "2012-09".parse().unwrap(), url: None };
    /// assert_eq!(s.citation(), "Bases. Eurasianet, 2012-09.");
    /// let q = Source { title: "Bases?".into(), ..s };
    /// assert_eq!(q.citation(), "Bases? Eurasianet, 2012-09.");
    /// ```
    pub fn citation(&self) -> String {
        let title = self.title.trim_end_matches('.');
        let stop = if title.ends_with(['?', '!']) { "" } else { "." };
        format!("{title}{stop} {}, {}.", self.publisher, self.published)
    }
}
