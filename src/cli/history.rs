//! `chronomap history`: a site's events as a table, with status and sources.

use super::{Cli, Failure, data, table::format_table};
use crate::diagnostic::did_you_mean;
use crate::model::Dataset;
use crate::timeline::Timeline;
use std::io::Write;

/// Flags of `history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// A site id or name (such as kant, K-2 or Chaldovar); all sites when left out.
    pub site: Option<String>,
}

/// Finds a site by id, name or alternative name, ignoring case.
fn find_site(data: &Dataset, wanted: &str) -> Result<usize, Failure> {
    let w = wanted.trim().to_lowercase();
    let hit = data.sites.iter().position(|s| {
        s.id == w || s.name.to_lowercase() == w || s.alt_names.iter().any(|a| a.to_lowercase() == w)
    });
    hit.ok_or_else(|| {
        let ids: Vec<&str> = data.sites.iter().map(|s| s.id.as_str()).collect();
        let hint = match did_you_mean(&w, ids.iter().copied()) {
            Some(m) => format!(" Did you mean '{m}'?"),
            None => String::new(),
        };
        Failure::usage(format!(
            "error: there is no site {wanted:?}.{hint} The sites are: {}",
            ids.join(", ")
        ))
    })
}

/// Prints the history table.
pub fn run(
    cli: &Cli,
    args: &HistoryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = data::load(cli.data.as_deref(), err)?;
    let data = &loaded.dataset;
    let only = args
        .site
        .as_deref()
        .map(|s| find_site(data, s))
        .transpose()?;
    let timeline = Timeline::new(data);
    let mut text = String::new();
    if let Some(i) = only {
        let s = &data.sites[i];
        text.push_str(&format!(
            "{} ({}): {}, {}, {}\n",
            s.name, s.id, s.kind, s.operator, s.country
        ));
        if !s.alt_names.is_empty() {
            text.push_str(&format!("also: {}\n", s.alt_names.join(", ")));
        }
        text.push('\n');
    }
    let mut cited = Vec::new();
    let mut rows = Vec::new();
    for e in &data.events {
        if only.is_some_and(|s| s != e.site) {
            continue;
        }
        let after = timeline.site_state_at(e.site, e.date.last_day()).status;
        let status = if e.status.is_some() {
            after.to_string()
        } else {
            format!("({after})")
        };
        let sources: Vec<String> = e.sources.iter().map(|s| format!("[{}]", s + 1)).collect();
        cited.extend(e.sources.iter().copied());
        let mut summary = e.summary.clone();
        if let Some(p) = e.disputes {
            let other = &data.events[p];
            summary.push_str(&format!("  ‡ disputed: {} gives {}", other.id, other.date));
        }
        let mut row = vec![e.date.to_string()];
        if only.is_none() {
            row.push(data.sites[e.site].id.clone());
        }
        row.extend([e.kind.to_string(), status, sources.join(""), summary]);
        rows.push(row);
    }
    let header: &[&str] = if only.is_none() {
        &["DATE", "SITE", "KIND", "STATUS AFTER", "SOURCES", "SUMMARY"]
    } else {
        &["DATE", "KIND", "STATUS AFTER", "SOURCES", "SUMMARY"]
    };
    if rows.is_empty() {
        text.push_str("No events.\n");
    } else {
        text.push_str(&format_table(header, &rows));
        text.push_str("\nStatus in brackets: the event did not change it. Dates are shown to the precision the sources give.\n");
    }
    cited.sort_unstable();
    cited.dedup();
    if !cited.is_empty() {
        text.push_str("\nSources:\n");
        for s in cited {
            text.push_str(&format!("[{}] {}\n", s + 1, data.sources[s].citation()));
        }
    }
    super::guard::print(out, &text)
}
