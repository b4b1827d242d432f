//! The warnings of a valid dataset: sites without events, sources no event cites.

use super::Dataset;
use super::ids::{HashMap, map_with_capacity};
use crate::diagnostic::{Diagnostic, Location};
use crate::input::{RawSite, RawSources};
use std::cell::OnceCell;

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
        let mut has_events = vec![false; self.sites.len()];
        let mut cited = vec![false; self.sources.len()];
        for e in &self.events {
            has_events[e.site] = true;
            for &s in &e.sources {
                cited[s] = true;
            }
        }
        let site_feature = OnceCell::new();
        for (i, site) in self.sites.iter().enumerate() {
            if !has_events[i] {
                let site_feature = site_feature.get_or_init(|| {
                    let mut map: HashMap<&str, usize> = map_with_capacity(raw_sites.len());
                    for r in raw_sites {
                        if let Some(id) = r.id.as_deref() {
                            map.entry(id).or_insert(r.index);
                        }
                    }
                    map
                });
                let index = site_feature.get(site.id.as_str()).copied().unwrap_or(i);
                diags.push(
                    Diagnostic::warning(
                        sites_file,
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
        let source_line = OnceCell::new();
        for (i, source) in self.sources.iter().enumerate() {
            if !cited[i] {
                let source_line = source_line.get_or_init(|| {
                    let mut map: HashMap<&str, u64> = HashMap::default();
                    for r in raw_sources.iter().flat_map(|t| t.iter()) {
                        map.entry(r.id.text).or_insert(r.line);
                    }
                    map
                });
                let line = source_line.get(source.id.as_str()).copied().unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        sources_file,
                        Location::Line { line, column: None },
                        "is not cited by any event",
                    )
                    .field("id", source.id.clone()),
                );
            }
        }
    }
}
