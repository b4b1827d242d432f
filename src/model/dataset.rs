//! A validated dataset: sites, events in chronological order and sources, with the
//! lookups the later stages use.

use super::{Event, PartialDate, Site, Source};

/// A validated dataset: every reference resolved, events in chronological order.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Sites in file order.
    pub sites: Vec<Site>,
    /// Events sorted by date (first day, then last day), then by line.
    pub events: Vec<Event>,
    /// Sources in file order; source number = index + 1.
    pub sources: Vec<Source>,
}

impl Dataset {
    /// The site with this id.
    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.id == id)
    }

    /// The earliest and latest event dates, if there are events.
    pub fn date_range(&self) -> Option<(PartialDate, PartialDate)> {
        let first = self.events.iter().map(|e| e.date).min()?;
        let last = self
            .events
            .iter()
            .map(|e| e.date)
            .max_by_key(|d| (d.last_day(), d.first_day()))?;
        Some((first, last))
    }

    /// The indexes of every site's events, in chronological order, built in one pass: use it
    /// instead of calling [`Dataset::events_of`] once per site on a large dataset.
    ///
    /// ```
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let by_site = data.events_by_site();
    /// let kant = data.site_index("kant").unwrap();
    /// assert_eq!(by_site[kant].len(), data.events_of(kant).count());
    /// ```
    pub fn events_by_site(&self) -> Vec<Vec<usize>> {
        let mut by_site = vec![Vec::new(); self.sites.len()];
        for (i, e) in self.events.iter().enumerate() {
            if let Some(list) = by_site.get_mut(e.site) {
                list.push(i);
            }
        }
        by_site
    }

    /// The events of one site, in chronological order.
    pub fn events_of(&self, site: usize) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.site == site)
    }
}
