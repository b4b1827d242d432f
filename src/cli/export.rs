//! `chronomap export`: write the QGIS layers, styles, GeoPackage, KML and CSV into a folder.

use super::atomic_write::write_atomic;
use super::{Cli, Failure, data};
use crate::export::{default_status_day, export_files};
use crate::model::{Day, PartialDate};
use std::io::Write;
use std::path::PathBuf;

/// Flags of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The folder to write into; created if missing. Files in it with the export's names are replaced.
    #[arg(long, value_name = "DIR", default_value = "output/qgis")]
    pub out_dir: PathBuf,

    /// The day the sites layer's status holds on: YYYY, YYYY-MM or YYYY-MM-DD (a partial date
    /// means its last day). Default: the latest event date in the data.
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
}

/// Reads `--date`: a partial date stands for its last day, as in the timeline rule.
fn parse_day(text: &str) -> Result<Day, Failure> {
    text.trim()
        .parse::<PartialDate>()
        .map(PartialDate::last_day)
        .map_err(|e| {
            Failure::usage(format!(
                "error: --date {text:?}: {e} (for example 2014, 2014-06 or 2014-06-30)"
            ))
        })
}

/// Builds every export file and writes each one atomically into the output folder.
pub fn run(
    cli: &Cli,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let day = args.date.as_deref().map(parse_day).transpose()?;
    let loaded = data::load(cli.data.as_deref(), err)?;
    let data = &loaded.dataset;
    let status_day = day.or_else(|| default_status_day(data));
    let summary = export_files(data, status_day).map_err(|e| {
        Failure::data(format!(
            "error: {}: {}",
            args.out_dir.join(e.file).display(),
            e.message
        ))
    })?;
    let mut text = String::new();
    for file in &summary.files {
        let path = args.out_dir.join(file.name);
        write_atomic(&path, &file.bytes).map_err(Failure::data)?;
        text.push_str(&format!(
            "  {}  ({} bytes)\n",
            path.display(),
            file.bytes.len()
        ));
    }
    let (sites, events, periods) = summary.counts;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let on = match summary.status_day {
        Some(d) => format!("site status as of {d}"),
        None => "no events, so every site's status is unknown".to_string(),
    };
    let head = format!(
        "Exported {}, {} and {} to {} ({on}):\n",
        plural(sites, "site", "sites"),
        plural(events, "event", "events"),
        plural(periods, "status period", "status periods"),
        args.out_dir.display()
    );
    out.write_all(head.as_bytes())
        .and_then(|()| out.write_all(text.as_bytes()))
        .map_err(|e| Failure::data(format!("error: could not write to stdout: {e}")))
}
