//! `chronomap render`: one annotated map of the state at a chosen date.

use super::atomic_write::write_atomic;
use super::map_args::MapArgs;
use super::map_setup;
use super::progress::{Ticker, with_stages};
use super::{Cli, Failure, data};
use crate::model::PartialDate;
use crate::render::format::{Format, encode};
use crate::timeline::{MapDate, Timeline};
use std::io::Write;
use std::path::PathBuf;

/// Flags of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Show the state at the end of this year (default: the latest year in the data).
    #[arg(long, value_name = "YYYY", conflicts_with = "date")]
    pub year: Option<i32>,
    /// Show the state on this date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its
    /// last day).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// svg, png or pdf (default svg, or the extension of -o).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// The output file (default output/map-YEAR.EXT).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Draw the whole PNG instead of starting from the basemap drawn by an earlier run
    /// (kept in $CHRONOMAP_CACHE_DIR, $XDG_CACHE_HOME/chronomap or ~/.cache/chronomap)
    #[arg(long)]
    pub no_cache: bool,
    /// Page and map flags.
    #[command(flatten)]
    pub map: MapArgs,
}

/// Picks the output format from `--format` and the extension of `-o`.
pub fn choose_format(
    flag: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<Format, Failure> {
    let from_flag = flag
        .map(|f| {
            Format::parse(f).ok_or_else(|| {
                Failure::usage(format!(
                    "--format {f:?} is not a format I write; use svg, png or pdf"
                ))
            })
        })
        .transpose()?;
    let from_ext = match output {
        Some(path) => {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some(Format::parse(&ext).ok_or_else(|| {
                Failure::usage(format!(
                    "-o {}: the file name must end in .svg, .png or .pdf",
                    path.display()
                ))
            })?)
        }
        None => None,
    };
    match (from_flag, from_ext) {
        (Some(a), Some(b)) if a != b => Err(Failure::usage(format!(
            "--format {} does not match the extension of -o (.{})",
            a.extension(),
            b.extension()
        ))),
        (a, b) => Ok(a.or(b).unwrap_or(Format::Svg)),
    }
}

/// Renders the map and writes it.
pub fn run(
    cli: &Cli,
    args: &RenderArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let style = map_setup::map_style(cli, &args.map)?;
    let format = choose_format(args.format.as_deref(), args.output.as_deref())?;
    if format == Format::Png {
        super::guard::check_memory(
            super::guard::pixel_memory(style.page.pixel_width, style.page.pixel_height, 1, false),
            &format!(
                "a {}×{} px PNG",
                style.page.pixel_width, style.page.pixel_height
            ),
        )?;
    }
    let date = match (&args.date, args.year) {
        (Some(text), _) => {
            let d: PartialDate = text
                .parse()
                .map_err(|e| Failure::usage(format!("--date {text:?}: {e}")))?;
            Some(MapDate::on(d))
        }
        (None, Some(y)) => {
            super::check_year_flags(&[("--year", Some(y))])?;
            Some(MapDate::end_of_year(y))
        }
        (None, None) => None,
    };
    if let Some(o) = &args.output {
        super::guard::refuse_overwrite(cli.data.as_deref(), "-o", std::slice::from_ref(o))?;
    }
    // A long run (a large dataset) shows its stage on a terminal after a second; the work
    // runs on another thread, and warnings (and -v's report) wait until the bar is done.
    let mut warnings = Vec::new();
    let result = with_stages(
        err,
        cli.ui.progress(),
        std::time::Duration::from_secs(1),
        "render",
        &RENDER_STAGES,
        |ticker| draw_and_write(cli, args, &style, format, date, &mut warnings, ticker),
    );
    let _ = err.write_all(&warnings);
    let (path, written) = result?;
    if cli.ui.summary() {
        let _ = writeln!(out, "wrote {} ({written} bytes)", path.display());
    }
    Ok(())
}

/// What `render` does, stage by stage, for the progress line.
const RENDER_STAGES: [&str; 4] = [
    "reading the data",
    "laying out the map",
    "drawing",
    "writing the file",
];

/// Loads the data, lays out, draws and writes the map (ticking at the end of each of
/// [`RENDER_STAGES`]); returns the path written and its size. Warnings and the `-v` report
/// go to `warnings`, which the caller prints once the progress line is done.
fn draw_and_write(
    cli: &Cli,
    args: &RenderArgs,
    style: &crate::layout::style::MapStyle,
    format: Format,
    date: Option<MapDate>,
    warnings: &mut Vec<u8>,
    ticker: &Ticker,
) -> Result<(PathBuf, usize), Failure> {
    let mut stages = cli.ui.stages();
    // The basemap is parsed on another thread while the dataset loads.
    let (loaded, basemap) = std::thread::scope(|scope| {
        let basemap = scope.spawn(|| data::basemap(cli.data.as_deref()));
        let loaded = super::load_data(cli, warnings);
        let basemap = basemap
            .join()
            .unwrap_or_else(|_| Err(Failure::data("the basemap could not be read")));
        (loaded, basemap)
    });
    let (loaded, basemap) = (loaded?, basemap?);
    map_setup::report_basemap(cli, warnings);
    stages.lap("load");
    ticker.tick();
    let dataset = &loaded.dataset;
    let date = match date {
        Some(d) => {
            map_setup::warn_outside_data(cli, dataset, d.year, d.year, warnings);
            d
        }
        None => {
            let last = dataset
                .date_range()
                .map(|(_, last)| last.year())
                .ok_or_else(|| {
                    Failure::usage(
                        "the data has no events, so there is no latest year; pass --year",
                    )
                })?;
            MapDate::end_of_year(last)
        }
    };
    let frame = map_setup::frame(cli, dataset, &basemap, style, warnings)?;
    ticker.tick();
    let date = style.dated(date);
    // The frame, timeline and snapshot are dropped before drawing: on a large dataset the
    // drawing's memory then takes their place instead of adding to it.
    let scene = {
        let timeline = Timeline::new(dataset);
        let snapshot = date.snapshot(&timeline);
        frame.scene(dataset, &snapshot, &date.subtitle, &date.news_heading)
    };
    drop(frame);
    drop(basemap);
    stages.lap("layout");
    let bytes = if format == Format::Png {
        let cache = super::cache::DrawingCache::from_env(args.no_cache);
        cache.draw_png(&scene, style.page.dpi).map(|(bytes, used)| {
            cli.ui.info(warnings, &used.to_string());
            bytes
        })
    } else {
        // The SVG (and the PDF made from it) embeds the relief as a PNG: take it from the
        // cache when an earlier run made it.
        let pictures = super::cache::DrawingCache::from_env(args.no_cache)
            .prepare_pictures(scene.layers.iter().flat_map(|l| &l.items));
        if pictures > 0 {
            cli.ui.info(warnings, "relief picture: read from the cache");
        }
        encode(&scene, None, format, style.page.dpi)
    }
    .map_err(|e| Failure::data(e.to_string()))?;
    stages.lap("draw");
    ticker.tick();
    let path = args.output.clone().unwrap_or_else(|| {
        PathBuf::from("output").join(format!("map-{}.{}", date.year, format.extension()))
    });
    super::guard::refuse_overwrite(cli.data.as_deref(), "-o", std::slice::from_ref(&path))?;
    write_atomic(&path, &bytes)?;
    stages.lap("write");
    stages.report(warnings);
    ticker.tick();
    Ok((path, bytes.len()))
}
