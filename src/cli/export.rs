//! `chronomap export`: write the QGIS layers, styles, GeoPackage, KML and CSV into a folder.

use super::atomic_write::PendingFile;
use super::{Cli, Failure, data};
use crate::export::{EXPORT_FILE_NAMES, ExportSink, default_status_day, export_to};
use crate::model::{Day, PartialDate};
use rusqlite::Connection;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// Streams each export file into a temporary file in the output folder; nothing is renamed
/// into place until every file has been written.
struct DirSink<'d> {
    dir: &'d Path,
    done: Mutex<Vec<(&'static str, PendingFile, u64)>>,
}

impl DirSink<'_> {
    fn keep(&self, name: &'static str, pending: PendingFile) -> Result<(), String> {
        let len = pending.written()?;
        self.done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, pending, len));
        Ok(())
    }
}

impl ExportSink for DirSink<'_> {
    fn text_file(
        &self,
        name: &'static str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), String> {
        let mut pending = PendingFile::create(&self.dir.join(name))?;
        write(pending.file()).map_err(|e| format!("could not be written: {e}"))?;
        self.keep(name, pending)
    }

    fn database(
        &self,
        name: &'static str,
        fill: &mut dyn FnMut(&Connection) -> Result<(), String>,
    ) -> Result<(), String> {
        let pending = PendingFile::create(&self.dir.join(name))?;
        let fail = |e: rusqlite::Error| format!("the GeoPackage could not be built: {e}");
        let conn = Connection::open(pending.temp_path()).map_err(fail)?;
        fill(&conn)?;
        conn.close().map_err(|(_, e)| fail(e))?;
        self.keep(name, pending)
    }
}

/// Builds every export file, streaming each into a temporary file in the output folder, and
/// renames them into place once all have been written.
pub fn run(
    cli: &Cli,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let day = args.date.as_deref().map(parse_day).transpose()?;
    let outputs: Vec<PathBuf> = EXPORT_FILE_NAMES
        .iter()
        .map(|name| args.out_dir.join(name))
        .collect();
    super::guard::refuse_overwrite(cli.data.as_deref(), "--out-dir", &outputs)?;
    let loaded = data::load(cli.data.as_deref(), err)?;
    let data = &loaded.dataset;
    let status_day = day.or_else(|| default_status_day(data));
    let sink = DirSink {
        dir: &args.out_dir,
        done: Mutex::new(Vec::new()),
    };
    let (sites, events, periods) = export_to(data, status_day, &sink).map_err(|e| {
        // Messages from creating the files already name them.
        if e.message.starts_with("error: ") {
            Failure::data(e.message)
        } else {
            Failure::data(format!(
                "error: {}: {}",
                args.out_dir.join(e.file).display(),
                e.message
            ))
        }
    })?;
    let mut done = sink.done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(name, _, _)| EXPORT_FILE_NAMES.iter().position(|n| n == name));
    let mut text = String::new();
    for (_, pending, len) in done {
        text.push_str(&format!("  {}  ({len} bytes)\n", pending.path().display()));
        pending.commit().map_err(Failure::data)?;
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let on = match status_day {
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
    super::guard::print(out, &(head + &text))
}
