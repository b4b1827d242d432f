//! A document that events cite, and every way a citation of it is written.

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

    /// The citation numbered as in a source list: `[3] Title. Publisher, 2012-09.`
    ///
    /// ```
    /// use chronomap::model::Source;
    /// let s = Source { id: "s".into(), title: "Bases".into(), publisher: "Eurasianet".into(),
    ///                  published: "2012-09".parse().unwrap(), url: None };
    /// assert_eq!(s.numbered_citation(3), "[3] Bases. Eurasianet, 2012-09.");
    /// ```
    pub fn numbered_citation(&self, number: usize) -> String {
        format!("[{number}] {}", self.citation())
    }

    /// Whether the publisher field names a publisher, rather than being empty or saying
    /// only that it is not known ("Unknown", "n/a", "anonymous"…).
    ///
    /// ```
    /// use chronomap::model::Source;
    /// let s = Source { id: "s".into(), title: "T".into(), publisher: "Unknown (unattributed paper)".into(),
    ///                  published: "2009".parse().unwrap(), url: None };
    /// assert!(!s.publisher_known());
    /// ```
    pub fn publisher_known(&self) -> bool {
        let p = self.publisher.trim().to_lowercase();
        !(p.is_empty()
            || p.starts_with("unknown")
            || p.starts_with("unattributed")
            || matches!(
                p.as_str(),
                "n/a" | "na" | "-" | "—" | "none" | "anonymous" | "?"
            ))
    }

    /// The numbered note maps and viewers print: `[3] Publisher, “Title”, 2019-02-04.`, or
    /// without the publisher when it is not known.
    ///
    /// ```
    /// use chronomap::model::Source;
    /// let s = Source { id: "s".into(), title: "Bases".into(), publisher: "Eurasianet".into(),
    ///                  published: "2012-09".parse().unwrap(), url: None };
    /// assert_eq!(s.note(3), "[3] Eurasianet, “Bases”, 2012-09.");
    /// let u = Source { publisher: "".into(), ..s };
    /// assert_eq!(u.note(3), "[3] “Bases”, 2012-09.");
    /// ```
    pub fn note(&self, number: usize) -> String {
        if self.publisher_known() {
            format!(
                "[{number}] {}, “{}”, {}.",
                self.publisher.trim(),
                self.title,
                self.published
            )
        } else {
            format!("[{number}] “{}”, {}.", self.title, self.published)
        }
    }
}
