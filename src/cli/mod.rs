//! The command layer: flags become a run, and the only code that touches files and the terminal.

pub mod atomic_write;
mod check;
mod data;
mod export;
mod guard;
mod history;
pub mod map_args;
pub mod progress;
pub mod render;
mod series;
pub mod signals;
mod table;
mod timeline;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for bad data or a failed run (a file that cannot be read or written).
pub const EXIT_DATA: i32 = 1;
/// Exit code for bad usage: unknown flags, bad flag values, an unknown site name.
pub const EXIT_USAGE: i32 = 2;

const EXIT_CODES_HELP: &str = "Exit codes:\n  0  success (warnings may have been printed)\n  1  bad data, or a file could not be read or written\n  2  bad usage: an unknown flag or subcommand, or a bad flag value";

/// chronomap draws maps of places through time from sourced, dated events.
#[derive(Debug, Parser)]
#[command(name = "chronomap", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Use the dataset in DIR (sites.geojson, events.csv, sources.csv) instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data and print a summary: counts, date range and warnings.
    Check(check::CheckArgs),
    /// Print the event history of one site, or of all sites, as a table.
    History(history::HistoryArgs),
    /// Draw the annotated map of the state at a date, as SVG, PNG or PDF.
    Render(render::RenderArgs),
    /// Draw a map per year, and optionally a small-multiples sheet, the timeline chart and a GIF; always an index.html viewer.
    Series(series::SeriesArgs),
    /// Write the sites, events and status periods for QGIS: GeoJSON with styles, a GeoPackage, KML and CSV.
    Export(export::ExportArgs),
    /// Draw a chart of every site's status through the years, with its events and disputed dates (SVG or PNG).
    Timeline(timeline::TimelineArgs),
}

/// A failed run: the exit code and what to tell the user.
#[derive(Debug)]
pub struct Failure {
    /// [`EXIT_DATA`] or [`EXIT_USAGE`].
    pub code: i32,
    /// Lines for stderr.
    pub message: String,
}

impl Failure {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A data or I/O error (exit code 1).
    pub fn data(message: impl Into<String>) -> Failure {
        Failure {
            code: EXIT_DATA,
            message: message.into(),
        }
    }
}

/// Runs chronomap with `args` (the first being the program name) and returns the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().ansi().to_string();
            let code = e.exit_code();
            let _ = if code == 0 {
                write!(out, "{text}")
            } else {
                write!(err, "{text}")
            };
            return if code == 0 { EXIT_OK } else { EXIT_USAGE };
        }
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args, out, err),
        Command::History(args) => history::run(&cli, args, out, err),
        Command::Render(args) => render::run(&cli, args, out, err),
        Command::Series(args) => series::run(&cli, args, out, err),
        Command::Export(args) => export::run(&cli, args, out, err),
        Command::Timeline(args) => timeline::run(&cli, args, out, err),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(f) => {
            let _ = writeln!(err, "{}", f.message.trim_end());
            f.code
        }
    }
}

/// Refuses a year flag outside the years chronomap handles (`crate::model::YEARS`), naming it.
fn check_year_flags(flags: &[(&str, Option<i32>)]) -> Result<(), Failure> {
    for (flag, year) in flags {
        if let Some(y) = year.filter(|y| !crate::model::YEARS.contains(y)) {
            return Err(Failure::usage(format!(
                "error: {flag} {y}: years run from 1 to 9999"
            )));
        }
    }
    Ok(())
}
