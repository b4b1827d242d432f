//! `chronomap history`: a site's events as a table, with status and sources.

use super::{Cli, Failure, check::JSON_VERSION, table::format_table};
use crate::diagnostic::did_you_mean;
use crate::layout::news::source_number;
use crate::model::{Dataset, Event, Site, Source};
use crate::timeline::Timeline;
use serde::Serialize;
use std::io::Write;

/// Flags of `history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// A site id or name (such as kant, K-2 or Chaldovar); all sites when left out.
    pub site: Option<String>,
    /// Print the history as JSON (the shape is described in README.md).
    #[arg(long)]
    pub json: bool,
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
            "there is no site {wanted:?}.{hint} The sites are: {}",
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
    let loaded = super::load_data(cli, err)?;
    let data = &loaded.dataset;
    let only = args
        .site
        .as_deref()
        .map(|s| find_site(data, s))
        .transpose()?;
    let timeline = Timeline::new(data);
    if args.json {
        return write_json(data, &timeline, only, out);
    }
    let mut text = only.map(|i| site_heading(data, i)).unwrap_or_default();
    let (rows, cited) = event_rows(data, &timeline, only);
    push_table(&mut text, only.is_none(), &rows, cli.ui.colour_out);
    push_sources(&mut text, data, cited);
    super::guard::print(out, &text)
}

/// The heading of one site's history: its name, id, kind, operator and country, and its
/// other names.
fn site_heading(data: &Dataset, site: usize) -> String {
    let s = &data.sites[site];
    let mut text = format!(
        "{} ({}): {}, {}, {}\n",
        s.name, s.id, s.kind, s.operator, s.country
    );
    if !s.alt_names.is_empty() {
        text.push_str(&format!("also: {}\n", s.alt_names.join(", ")));
    }
    text.push('\n');
    text
}

/// One table row per event (of the site `only`, when given), and the sources they cite.
fn event_rows(
    data: &Dataset,
    timeline: &Timeline<'_>,
    only: Option<usize>,
) -> (Vec<Vec<String>>, Vec<usize>) {
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
    (rows, cited)
}

/// The table (with a SITE column when every site is listed), its header in bold when
/// stdout is coloured, and the note under it; or `No events.`.
fn push_table(text: &mut String, all_sites: bool, rows: &[Vec<String>], colour: bool) {
    let header: &[&str] = if all_sites {
        &["DATE", "SITE", "KIND", "STATUS AFTER", "SOURCES", "SUMMARY"]
    } else {
        &["DATE", "KIND", "STATUS AFTER", "SOURCES", "SUMMARY"]
    };
    if rows.is_empty() {
        text.push_str("No events.\n");
        return;
    }
    let table = format_table(header, rows);
    match table.split_once('\n') {
        Some((head, body)) if colour => {
            text.push_str(&format!("\x1b[1m{head}\x1b[0m\n{body}"));
        }
        _ => text.push_str(&table),
    }
    text.push_str("\nStatus in brackets: the event did not change it. Dates are shown to the precision the sources give.\n");
}

/// The numbered citations of the sources cited, once each, in source order.
fn push_sources(text: &mut String, data: &Dataset, mut cited: Vec<usize>) {
    cited.sort_unstable();
    cited.dedup();
    if cited.is_empty() {
        return;
    }
    text.push_str("\nSources:\n");
    for s in cited {
        text.push_str(&data.sources[s].numbered_citation(source_number(s)));
        text.push('\n');
    }
}

/// `history --json` (see README.md, "JSON output").
#[derive(Debug, Serialize)]
struct HistoryReport<'a> {
    format: &'static str,
    version: u32,
    site: Option<JsonSite<'a>>,
    events: Vec<JsonEvent<'a>>,
    sources: Vec<JsonSource<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonSite<'a> {
    id: &'a str,
    name: &'a str,
    alt_names: &'a [String],
    country: &'a str,
    operator: &'a str,
    kind: &'a str,
    precision: &'static str,
    lon: f64,
    lat: f64,
}

#[derive(Debug, Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    site: &'a str,
    date: String,
    date_precision: &'static str,
    first_day: String,
    last_day: String,
    kind: &'static str,
    status: Option<&'static str>,
    status_after: &'static str,
    summary: &'a str,
    sources: Vec<usize>,
    disputes: Option<JsonDispute<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonDispute<'a> {
    event: &'a str,
    date: String,
}

/// A site as `history --json` shows it.
fn json_site(s: &Site) -> JsonSite<'_> {
    JsonSite {
        id: &s.id,
        name: &s.name,
        alt_names: &s.alt_names,
        country: &s.country,
        operator: &s.operator,
        kind: &s.kind,
        precision: s.precision.as_str(),
        lon: s.lon,
        lat: s.lat,
    }
}

/// An event as `history --json` shows it, with the site's status after it.
fn json_event<'a>(data: &'a Dataset, timeline: &Timeline<'_>, e: &'a Event) -> JsonEvent<'a> {
    JsonEvent {
        id: &e.id,
        site: &data.sites[e.site].id,
        date: e.date.to_string(),
        date_precision: e.date.precision().as_str(),
        first_day: e.date.first_day().to_string(),
        last_day: e.date.last_day().to_string(),
        kind: e.kind.as_str(),
        status: e.status.map(|s| s.as_str()),
        status_after: timeline
            .site_state_at(e.site, e.date.last_day())
            .status
            .as_str(),
        summary: &e.summary,
        sources: e.sources.iter().map(|s| s + 1).collect(),
        disputes: e.disputes.map(|p| JsonDispute {
            event: &data.events[p].id,
            date: data.events[p].date.to_string(),
        }),
    }
}

/// A source as `history --json` shows it, with its number.
fn json_source(number: usize, s: &Source) -> JsonSource<'_> {
    JsonSource {
        number,
        id: &s.id,
        title: &s.title,
        publisher: &s.publisher,
        published: s.published.to_string(),
        url: s.url.as_deref(),
    }
}

#[derive(Debug, Serialize)]
struct JsonSource<'a> {
    number: usize,
    id: &'a str,
    title: &'a str,
    publisher: &'a str,
    published: String,
    url: Option<&'a str>,
}

fn write_json(
    data: &Dataset,
    timeline: &Timeline<'_>,
    only: Option<usize>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let site = only.map(|i| json_site(&data.sites[i]));
    let chosen: Vec<&Event> = data
        .events
        .iter()
        .filter(|e| only.is_none_or(|s| s == e.site))
        .collect();
    let events = chosen
        .iter()
        .map(|e| json_event(data, timeline, e))
        .collect();
    let mut cited: Vec<usize> = chosen.iter().flat_map(|e| e.sources.clone()).collect();
    cited.sort_unstable();
    cited.dedup();
    let sources = cited
        .into_iter()
        .map(|i| json_source(i + 1, &data.sources[i]))
        .collect();
    let report = HistoryReport {
        format: "chronomap-history",
        version: JSON_VERSION,
        site,
        events,
        sources,
    };
    let mut text = serde_json::to_string_pretty(&report)
        .map_err(|e| Failure::data(format!("could not write the JSON: {e}")))?;
    text.push('\n');
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))
}
