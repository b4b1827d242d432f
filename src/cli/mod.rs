//! The command layer: flags become a run, and the only code that touches files and the terminal.

pub mod atomic_write;
pub mod cache;
mod check;
mod completions;
mod data;
mod export;
mod failure;
mod guard;
mod history;
mod man;
pub mod map_args;
mod map_setup;
mod postgres;
pub mod progress;
pub mod render;
mod series;
pub mod signals;
mod style;
mod table;
mod timeline;
pub mod ui;
mod web;

use crate::model::Loaded;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
pub use failure::{EXIT_DATA, EXIT_OK, EXIT_USAGE, Failure};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use ui::{ColorChoice, Console, Painter, Ui};

/// The exit codes, as (code, meaning): for `--help` and the man page.
pub const EXIT_CODES: [(i32, &str); 3] = [
    (EXIT_OK, "success (warnings may have been printed)"),
    (
        EXIT_DATA,
        "bad data, or a file could not be read or written",
    ),
    (
        EXIT_USAGE,
        "bad usage: an unknown flag or subcommand, a bad flag value, an unknown site name",
    ),
];

/// Examples for each subcommand, as (command line, what it does): the end of each
/// subcommand's `--help`, and the EXAMPLES of the man page.
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "check",
        &[
            ("chronomap check", "validate the bundled dataset"),
            (
                "chronomap check --data my-data",
                "validate your own dataset",
            ),
            (
                "chronomap check --data my-data --json",
                "the same as JSON, for a build script (exit code 1 on errors)",
            ),
        ],
    ),
    (
        "history",
        &[
            ("chronomap history kant", "the sourced history of Kant"),
            ("chronomap history", "every event of every site"),
            (
                "chronomap history K-2 --json",
                "the events of Karshi-Khanabad as JSON",
            ),
        ],
    ),
    (
        "render",
        &[
            ("chronomap render", "output/map-2023.svg, the latest year"),
            (
                "chronomap render --year 2014 -o map-2014.png",
                "the state at the end of 2014, as PNG",
            ),
            (
                "chronomap render --date 2012-06 --paper a4-landscape -o map.pdf",
                "a printable A4 PDF of 30 June 2012",
            ),
        ],
    ),
    (
        "series",
        &[
            (
                "chronomap series",
                "output/series/: a map per year and index.html",
            ),
            (
                "chronomap series --from 2001 --to 2023 --sheet --timeline --animate",
                "also the sheet, the chart and the GIF",
            ),
            (
                "chronomap series --format svg,pdf --out-dir deck",
                "SVG and PDF maps in deck/",
            ),
        ],
    ),
    (
        "export",
        &[
            ("chronomap export", "output/qgis/, the layers for QGIS"),
            (
                "chronomap export --date 2014 --out-dir maps/2014",
                "with the sites' status at the end of 2014",
            ),
        ],
    ),
    (
        "web",
        &[
            (
                "chronomap web",
                "output/web/index.html: the interactive map, one file",
            ),
            (
                "chronomap web --from 2001 --to 2023 --out-dir site",
                "site/index.html over chosen years",
            ),
        ],
    ),
    (
        "timeline",
        &[
            ("chronomap timeline", "output/timeline.svg"),
            (
                "chronomap timeline -o timeline.png --from 2000 --to 2024 --width 2400 --height 900",
                "a larger PNG over chosen years",
            ),
        ],
    ),
    (
        "completions",
        &[
            (
                "chronomap completions bash > ~/.local/share/bash-completion/completions/chronomap",
                "install for bash",
            ),
            (
                "chronomap completions zsh > ~/.zfunc/_chronomap",
                "install for zsh (with ~/.zfunc in fpath)",
            ),
            (
                "chronomap completions fish > ~/.config/fish/completions/chronomap.fish",
                "install for fish",
            ),
        ],
    ),
    (
        "style",
        &[
            (
                "chronomap style > house.toml",
                "start a house style from the default",
            ),
            (
                "chronomap render --style house.toml -o map.png",
                "draw a map in it",
            ),
            (
                "chronomap render --style print-mono -o map.pdf",
                "a built-in style: print-mono or dark",
            ),
        ],
    ),
    (
        "man",
        &[
            ("chronomap man | man -l -", "read the manual"),
            (
                "chronomap man > ~/.local/share/man/man1/chronomap.1",
                "install it, for man chronomap",
            ),
        ],
    ),
];

/// The help heading of the flags every command takes.
const GLOBAL: &str = "Global options";

/// chronomap draws maps of places through time from sourced, dated events.
#[derive(Debug, Parser)]
#[command(name = "chronomap", version, about)]
pub struct Cli {
    /// Use the dataset in DIR (sites.geojson, events.csv, sources.csv) instead of the bundled
    /// one; or in FILE.gpkg (a GeoPackage that `export` wrote), or in the tables of a
    /// PostgreSQL database, postgresql://USER@HOST:PORT/DB[?schema=NAME].
    #[arg(long, global = true, value_name = "DIR|FILE.gpkg|URL", help_heading = GLOBAL)]
    pub data: Option<PathBuf>,

    /// When to colour help, errors and warnings: auto (only a terminal, and not when NO_COLOR
    /// is set; CLICOLOR_FORCE=1 colours even a pipe), always or never.
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        value_enum,
        default_value_t = ColorChoice::Auto,
        hide_possible_values = true,
        help_heading = GLOBAL
    )]
    pub color: ColorChoice,

    /// Print less: no progress bar and no closing summary; twice (-qq) also no warnings.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    pub quiet: u8,

    /// Print more on stderr: the data and basemap read, the map extent, the time per stage.
    #[arg(
        short,
        long,
        global = true,
        action = clap::ArgAction::Count,
        conflicts_with = "quiet",
        help_heading = GLOBAL
    )]
    pub verbose: u8,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// How to talk to the user: set from the flags above and the console after parsing.
    #[arg(skip)]
    pub ui: Ui,
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
    /// Write the interactive web map: one self-contained index.html with the map, a year slider, pan and zoom, and every site's sourced history.
    Web(web::WebArgs),
    /// Draw a chart of every site's status through the years, with its events and disputed dates (SVG or PNG).
    Timeline(timeline::TimelineArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell) to stdout.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) to stdout.
    Man(man::ManArgs),
    /// Print a complete style as commented TOML: the start of a house style for --style.
    Style(style::StyleArgs),
}

/// The command line as clap sees it: the derived definitions, with each subcommand's
/// examples at the end of its help and the exit codes at the end of the main help.
pub fn command() -> clap::Command {
    let styles = clap::builder::Styles::default();
    let header = *styles.get_header();
    let heading = |title: &str| format!("{header}{title}{header:#}");
    let mut exit = heading("Exit codes:");
    for (code, meaning) in EXIT_CODES {
        exit.push_str(&format!("\n  {code}  {meaning}"));
    }
    let mut cmd = Cli::command().styles(styles).after_help(exit);
    for (name, examples) in EXAMPLES {
        let mut text = heading("Examples:");
        for (line, what) in *examples {
            text.push_str(&format!("\n  # {what}\n  {line}"));
        }
        cmd = cmd.mut_subcommand(*name, |sub| sub.after_help(text));
    }
    cmd
}

/// Loads the dataset of `--data` (or the bundled one): warnings to `err` unless `-qq`, and
/// with `-v` what was read.
fn load_data(cli: &Cli, err: &mut dyn Write) -> Result<&'static Loaded, Failure> {
    let loaded = if cli.ui.warnings() {
        data::load(cli.data.as_deref(), err)?
    } else {
        data::load(cli.data.as_deref(), &mut std::io::sink())?
    };
    if cli.ui.verbose() {
        let d = &loaded.dataset;
        let origin = match &cli.data {
            Some(store) if data::is_store(store) => data::shown(store),
            Some(dir) => format!(
                "{}, {}, {}",
                dir.join("sites.geojson").display(),
                dir.join("events.csv").display(),
                dir.join("sources.csv").display()
            ),
            None => "the bundled dataset (geodata/ as compiled in)".to_string(),
        };
        cli.ui.info(
            err,
            &format!(
                "data: {origin}: {} sites, {} events, {} sources, {} warnings",
                d.sites.len(),
                d.events.len(),
                d.sources.len(),
                loaded.warnings.len()
            ),
        );
    }
    Ok(loaded)
}

/// Runs chronomap with `args` (the first being the program name) and returns the exit code,
/// as if neither stream were a terminal and the environment set no colour variable.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    run_in(args, out, err, Console::default())
}

/// Runs chronomap in `console` (which streams are terminals, the colour variables): what
/// `main` calls.
pub fn run_in(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    console: Console,
) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let parsed = command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let mut cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout, errors to stderr; each is coloured only as that
            // stream allows. `--color` is looked for by hand, since parsing failed.
            let choice = ui::color_flag(&args).unwrap_or_default();
            let code = e.exit_code();
            let (stream, is_terminal): (&mut dyn Write, bool) = if code == 0 {
                (out, console.stdout_is_terminal)
            } else {
                (err, console.stderr_is_terminal)
            };
            let styled = e.render();
            let text = if console.colour(choice, is_terminal) {
                styled.ansi().to_string()
            } else {
                styled.to_string()
            };
            let _ = write!(stream, "{text}");
            return if code == 0 { EXIT_OK } else { EXIT_USAGE };
        }
    };
    cli.ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
        colour_out: console.colour(cli.color, console.stdout_is_terminal),
        colour_err: console.colour(cli.color, console.stderr_is_terminal),
        stderr_is_terminal: console.stderr_is_terminal,
    };
    let mut err = Painter::new(err, cli.ui.colour_err);
    let err: &mut Painter<'_> = &mut err;
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args, out, err),
        Command::History(args) => history::run(&cli, args, out, err),
        Command::Render(args) => render::run(&cli, args, out, err),
        Command::Series(args) => series::run(&cli, args, out, err),
        Command::Export(args) => export::run(&cli, args, out, err),
        Command::Web(args) => web::run(&cli, args, out, err),
        Command::Timeline(args) => timeline::run(&cli, args, out, err),
        Command::Completions(args) => completions::run(&cli, args, out, err),
        Command::Man(args) => man::run(&cli, args, out),
        Command::Style(args) => style::run(&cli, args, out),
    };
    let code = match result {
        Ok(()) => EXIT_OK,
        Err(f) => {
            let _ = writeln!(err, "{}", f.to_string().trim_end());
            f.code()
        }
    };
    let _ = err.finish();
    code
}

/// Refuses a year flag outside the years chronomap handles (`crate::model::YEARS`), naming it.
fn check_year_flags(flags: &[(&str, Option<i32>)]) -> Result<(), Failure> {
    for (flag, year) in flags {
        if let Some(y) = year.filter(|y| !crate::model::YEARS.contains(y)) {
            return Err(Failure::usage(format!(
                "{flag} {y}: years run from 1 to 9999"
            )));
        }
    }
    Ok(())
}
