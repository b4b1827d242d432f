//! `chronomap export`: write the QGIS layers, styles, GeoPackage, KML and CSV into a folder.

use super::atomic_write::{PendingFile, WriteError};
use super::progress::{Ticker, with_stages};
use super::{Cli, Failure, data};
use crate::export::{
    EXPORT_FILE_NAMES, ExportCause, ExportError, ExportSink, default_status_day, export_to_styled,
};
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

    /// Write the dataset into a PostgreSQL + PostGIS database instead of files:
    /// postgresql://USER@HOST:PORT/DB[?schema=NAME], in one transaction.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// The house style (`--style`).
    #[command(flatten)]
    pub style: super::map_args::StyleArg,
}

/// Reads `--date`: a partial date stands for its last day, as in the timeline rule.
fn parse_day(text: &str) -> Result<Day, Failure> {
    text.trim()
        .parse::<PartialDate>()
        .map(PartialDate::last_day)
        .map_err(|e| {
            Failure::usage(format!(
                "--date {text:?}: {e} (for example 2014, 2014-06 or 2014-06-30)"
            ))
        })
}

/// Streams each export file into a temporary file in the output folder; nothing is renamed
/// into place until every file has been written.
struct DirSink<'d> {
    dir: &'d Path,
    done: Mutex<Vec<(&'static str, PendingFile, u64)>>,
    /// One tick per file written, for the progress line.
    ticker: &'d Ticker,
}

impl DirSink<'_> {
    fn keep(&self, name: &'static str, pending: PendingFile) -> Result<(), ExportCause> {
        let len = pending.written().map_err(sink_cause)?;
        self.done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, pending, len));
        self.ticker.tick();
        Ok(())
    }
}

impl ExportSink for DirSink<'_> {
    fn text_file(
        &self,
        name: &'static str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportCause> {
        let mut pending = PendingFile::create(&self.dir.join(name)).map_err(sink_cause)?;
        write(pending.file())?;
        self.keep(name, pending)
    }

    fn database(
        &self,
        name: &'static str,
        fill: &mut dyn FnMut(&Connection) -> Result<(), ExportCause>,
    ) -> Result<(), ExportCause> {
        let pending = PendingFile::create(&self.dir.join(name)).map_err(sink_cause)?;
        let conn = Connection::open(pending.temp_path())?;
        fill(&conn)?;
        conn.close().map_err(|(_, e)| e)?;
        self.keep(name, pending)
    }
}

/// A temporary file that could not be made or kept: its message names the file.
fn sink_cause(e: WriteError) -> ExportCause {
    ExportCause::Sink(Box::new(e))
}

/// The failure of an export file, named by its path in the output folder (a message that
/// names its own file, such as a temporary file's, is kept as it is).
fn export_failure(out_dir: &Path, e: ExportError) -> Failure {
    if e.cause.names_the_file() {
        Failure::data(e.cause.to_string())
    } else {
        Failure::data(format!("{}: {}", out_dir.join(e.file).display(), e.cause))
    }
}

/// What `export` does, stage by stage, for the progress line: reading, then one stage per
/// file.
const EXPORT_STAGES: [&str; 1 + EXPORT_FILE_NAMES.len()] = {
    let mut stages = ["writing the files"; 1 + EXPORT_FILE_NAMES.len()];
    stages[0] = "reading the data";
    stages
};

/// The counts of sites, events and periods exported, the status day, and the list of files.
type Exported = (usize, usize, usize, Option<Day>, String);

/// Loads the data and writes every file (ticking once loaded and once per file); renames
/// them into place once all are complete.
fn write_files(
    cli: &Cli,
    args: &ExportArgs,
    day: Option<Day>,
    theme: &crate::theme::Theme,
    warnings: &mut Vec<u8>,
    ticker: &Ticker,
) -> Result<Exported, Failure> {
    let mut stages = cli.ui.stages();
    let loaded = super::load_data(cli, warnings)?;
    stages.lap("load");
    ticker.tick();
    let data = &loaded.dataset;
    let status_day = day.or_else(|| default_status_day(data));
    let sink = DirSink {
        dir: &args.out_dir,
        done: Mutex::new(Vec::new()),
        ticker,
    };
    let meta = data::metadata(cli.data.as_deref())?;
    let (sites, events, periods) = export_to_styled(data, &meta, status_day, &sink, theme)
        .map_err(|e| export_failure(&args.out_dir, e))?;
    stages.lap("export");
    let mut done = sink.done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(name, _, _)| EXPORT_FILE_NAMES.iter().position(|n| n == name));
    let mut text = String::new();
    for (_, pending, len) in done {
        text.push_str(&format!("  {}  ({len} bytes)\n", pending.path().display()));
        pending.commit()?;
    }
    stages.lap("rename");
    stages.report(warnings);
    Ok((sites, events, periods, status_day, text))
}

/// Builds every export file, streaming each into a temporary file in the output folder, and
/// renames them into place once all have been written; or, with `--to`, writes the dataset
/// into PostgreSQL.
pub fn run(
    cli: &Cli,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let day = args.date.as_deref().map(parse_day).transpose()?;
    let theme = args.style.theme()?;
    if let Some(url) = &args.to {
        let loaded = super::load_data(cli, err)?;
        let data = &loaded.dataset;
        let status_day = day.or_else(|| default_status_day(data));
        let meta = data::metadata(cli.data.as_deref())?;
        return to_postgres(url, data, &meta, status_day, out);
    }
    let outputs: Vec<PathBuf> = EXPORT_FILE_NAMES
        .iter()
        .map(|name| args.out_dir.join(name))
        .collect();
    super::guard::refuse_overwrite(cli.data.as_deref(), "--out-dir", &outputs)?;
    // A long export (a large dataset) shows its stage on a terminal after a second; the work
    // runs on another thread, and warnings (and -v's report) wait until the line is done.
    let mut warnings = Vec::new();
    let result = with_stages(
        err,
        cli.ui.progress(),
        std::time::Duration::from_secs(1),
        "export",
        &EXPORT_STAGES,
        |ticker| write_files(cli, args, day, &theme, &mut warnings, ticker),
    );
    let _ = err.write_all(&warnings);
    let (sites, events, periods, status_day, text) = result?;
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
    if !cli.ui.summary() {
        return Ok(());
    }
    super::guard::print(out, &(head + &text))
}

/// `export --to postgresql://…`: the tables, written in one transaction.
fn to_postgres(
    url: &str,
    data: &crate::model::Dataset,
    meta: &crate::input::metadata::DatasetMetadata,
    status_day: Option<Day>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if !super::postgres::is_url(url) {
        return Err(Failure::usage(format!(
            "--to {url:?}: give a PostgreSQL URL, postgresql://USER@HOST:PORT/DB[?schema=NAME]"
        )));
    }
    let target = super::postgres::target_from_env(url)?;
    let (sites, events, periods) = super::postgres::export(&target, data, meta, status_day)?;
    writeln!(
        out,
        "Exported {sites} sites, {events} events and {periods} status periods to {} \
         (tables sites, events, periods, sources, event_sources)",
        target.shown
    )
    .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_file_is_named_by_its_path_once() {
        let dir = Path::new("out/qgis");
        let write = ExportError {
            file: "events.csv",
            cause: ExportCause::Write(io::Error::other("disk full")),
        };
        assert_eq!(
            export_failure(dir, write).to_string(),
            "error: out/qgis/events.csv: could not be written: disk full"
        );
        // A temporary file that could not be made names its own folder; nothing is added.
        let sink = ExportError {
            file: "sites.qml",
            cause: sink_cause(WriteError::Stopping(dir.join("sites.qml"))),
        };
        let f = export_failure(dir, sink);
        assert_eq!(f.code(), crate::cli::EXIT_DATA);
        assert_eq!(
            f.to_string(),
            "error: out/qgis/sites.qml: the run is being stopped"
        );
    }
}
