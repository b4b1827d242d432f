//! The warnings of a valid dataset: sites without events, sources no event cites.

use super::Dataset;
use super::ids::{HashMap, map_with_capacity};
use crate::diagnostic::{Diagnostic, Location};
use crate::input::{RawSite, RawSources};

impl Dataset {
    /// Warns of every site without events and every source no event cites; the raw
    /// records give the feature index or line to name.
    pub(super) fn unused_warnings(
        &self,
        sites_file: &str,
        sources_file: &str,
        raw_sources: Option<&RawSources<'_>>,
        raw_sites: &[RawSite],
        diags: &mut Vec<Diagnostic>,
    ) {
        // One pass over the events and a map per file: a naive lookup per site or source
        // costs sites × events, which hangs on a large hostile file. The maps are built
        // only when there is something to warn about.
        let (has_events, cited) = self.used();
        if has_events.contains(&false) {
            self.warn_of_sites_without_events(&has_events, sites_file, raw_sites, diags);
        }
        if cited.contains(&false) {
            self.warn_of_uncited_sources(&cited, sources_file, raw_sources, diags);
        }
    }

    /// For each site whether it has an event, and for each source whether an event cites it.
    fn used(&self) -> (Vec<bool>, Vec<bool>) {
        let mut has_events = vec![false; self.sites.len()];
        let mut cited = vec![false; self.sources.len()];
        for e in &self.events {
            has_events[e.site] = true;
            for &s in &e.sources {
                cited[s] = true;
            }
        }
        (has_events, cited)
    }

    /// Warns of each site without events, at its feature in the sites file.
    fn warn_of_sites_without_events(
        &self,
        has_events: &[bool],
        file: &str,
        raw_sites: &[RawSite],
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut feature_of: HashMap<&str, usize> = map_with_capacity(raw_sites.len());
        for r in raw_sites {
            if let Some(id) = r.id.as_deref() {
                feature_of.entry(id).or_insert(r.index);
            }
        }
        for (i, site) in self.sites.iter().enumerate() {
            if has_events[i] {
                continue;
            }
            let index = feature_of.get(site.id.as_str()).copied().unwrap_or(i);
            diags.push(
                Diagnostic::warning(
                    file,
                    Location::Feature {
                        index,
                        id: Some(site.id.clone()),
                    },
                    "site has no events",
                )
                .hint("it is drawn with status 'unknown' in every year"),
            );
        }
    }

    /// Warns of each source no event cites, at its line in the sources file.
    fn warn_of_uncited_sources(
        &self,
        cited: &[bool],
        file: &str,
        raw_sources: Option<&RawSources<'_>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut line_of: HashMap<&str, u64> = HashMap::default();
        for r in raw_sources.iter().flat_map(|t| t.iter()) {
            line_of.entry(r.id.text).or_insert(r.line);
        }
        for (i, source) in self.sources.iter().enumerate() {
            if cited[i] {
                continue;
            }
            let line = line_of.get(source.id.as_str()).copied().unwrap_or(0);
            diags.push(
                Diagnostic::warning(
                    file,
                    Location::Line { line, column: None },
                    "is not cited by any event",
                )
                .field("id", source.id.clone()),
            );
        }
    }
}
