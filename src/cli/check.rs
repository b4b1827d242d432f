//! `chronomap check`: validate the data and print a summary.

use super::{Cli, Failure, data};
use std::io::Write;

/// Flags of `check` (only the global `--data`).
#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

/// Validates the dataset and prints counts, the date range and the warnings.
pub fn run(
    cli: &Cli,
    _args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = data::load(cli.data.as_deref(), err)?;
    // dataset.toml is optional, but when there is one it must be valid.
    let meta = data::metadata(cli.data.as_deref())?;
    let d = &loaded.dataset;
    let origin = match &cli.data {
        Some(dir) => format!("dataset in {}", dir.display()),
        None => "bundled dataset".to_string(),
    };
    let mut text = format!("{origin}: OK\n");
    text.push_str(&format!("  sites:   {}\n", d.sites.len()));
    text.push_str(&format!("  events:  {}\n", d.events.len()));
    text.push_str(&format!("  sources: {}\n", d.sources.len()));
    if let Some(title) = &meta.title {
        text.push_str(&format!("  title:   {title}\n"));
    }
    let disputed = d.events.iter().filter(|e| e.disputes.is_some()).count();
    text.push_str(&format!("  disputed events: {disputed}\n"));
    match d.date_range() {
        Some((first, last)) => text.push_str(&format!("  dates:   {first} to {last}\n")),
        None => text.push_str("  dates:   (no events)\n"),
    }
    let w = loaded.warnings.len();
    text.push_str(&format!(
        "  warnings: {w}{}\n",
        if w > 0 { " (printed above)" } else { "" }
    ));
    super::guard::print(out, &text)
}
