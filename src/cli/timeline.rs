//! `chronomap timeline`: the chart of every site's status through the years, as SVG or PNG.

use super::atomic_write::write_atomic;
use super::{Cli, Failure};
use crate::chart::{ChartError, DEFAULT_HEIGHT, DEFAULT_WIDTH, timeline_svg_styled};
use crate::model::Dataset;
use crate::render::raster::svg_to_png;
use crate::timeline::Timeline;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The DPI recorded in PNG files of the chart (a screen resolution: the size is in pixels).
const PNG_DPI: u32 = 96;

/// Flags of `timeline`.
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// The output file: .svg, or .png for a picture (default output/timeline.svg).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The first year shown (default: the year of the earliest event).
    #[arg(long, value_name = "YYYY")]
    pub from: Option<i32>,
    /// The last year shown (default: the year of the latest event).
    #[arg(long, value_name = "YYYY")]
    pub to: Option<i32>,
    /// Chart width in pixels, with --height.
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_WIDTH, requires = "height")]
    pub width: u32,
    /// Chart height in pixels, with --width.
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_HEIGHT, requires = "width")]
    pub height: u32,
    /// The house style (`--style`).
    #[command(flatten)]
    pub style: super::map_args::StyleArg,
}

/// What the chart is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Svg,
    Png,
}

fn output_kind(path: &Path) -> Result<Kind, Failure> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => Ok(Kind::Svg),
        "png" => Ok(Kind::Png),
        _ => Err(Failure::usage(format!(
            "-o {}: the file name must end in .svg or .png",
            path.display()
        ))),
    }
}

/// The years to chart: the flags, or else the years of the first and last events.
fn years(data: &Dataset, args: &TimelineArgs) -> Result<(i32, i32), Failure> {
    super::check_year_flags(&[("--from", args.from), ("--to", args.to)])?;
    let range = data.date_range();
    let from = args.from.or(range.map(|(first, _)| first.year()));
    let to = args.to.or(range.map(|(_, last)| last.year()));
    match (from, to) {
        (Some(from), Some(to)) if from <= to => Ok((from, to)),
        (Some(from), Some(to)) => Err(Failure::usage(format!("--from {from} is after --to {to}"))),
        _ => Err(Failure::usage(
            "the dataset has no events, so there are no years to chart; give --from and --to",
        )),
    }
}

fn chart_failure(e: ChartError, from_flags: bool) -> Failure {
    match e {
        ChartError::Years { .. } if from_flags => Failure::usage(format!("--from/--to: {e}")),
        ChartError::Years { .. } => Failure::usage(format!(
            "{e} (the years of the data, where --from or --to is not given); choose them with --from and --to"
        )),
        ChartError::Size { .. } => Failure::usage(format!("--width/--height: {e}")),
        ChartError::Empty(_) | ChartError::Drawing(_) => Failure::data(e.to_string()),
    }
}

/// Draws the chart and writes it.
pub fn run(
    cli: &Cli,
    args: &TimelineArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("output/timeline.svg"));
    let kind = output_kind(&path)?;
    super::guard::refuse_overwrite(cli.data.as_deref(), "-o", std::slice::from_ref(&path))?;
    let theme = args.style.theme()?;
    let mut stages = cli.ui.stages();
    let loaded = super::load_data(cli, err)?;
    stages.lap("load");
    let data = &loaded.dataset;
    let (from, to) = years(data, args)?;
    let svg = timeline_svg_styled(
        &Timeline::new(data),
        from..=to,
        args.width,
        args.height,
        &theme,
    )
    .map_err(|e| chart_failure(e, args.from.is_some() && args.to.is_some()))?;
    let bytes = match kind {
        Kind::Svg => svg.into_bytes(),
        Kind::Png => svg_to_png(&svg, args.width, args.height, PNG_DPI)
            .map_err(|e| Failure::data(format!("{}: {e}", path.display())))?,
    };
    stages.lap("draw");
    write_atomic(&path, &bytes)?;
    stages.lap("write");
    if cli.ui.summary() {
        let _ = writeln!(
            out,
            "wrote {} ({}×{} px, {from}–{to}, {} bytes)",
            path.display(),
            args.width,
            args.height,
            bytes.len()
        );
    }
    stages.report(err);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(output_kind(Path::new("a/t.svg")).ok(), Some(Kind::Svg));
        assert_eq!(output_kind(Path::new("T.PNG")).ok(), Some(Kind::Png));
        let e = output_kind(Path::new("t.pdf"))
            .err()
            .map(|f| (f.code(), f.to_string()));
        assert_eq!(
            e,
            Some((
                super::super::EXIT_USAGE,
                "error: -o t.pdf: the file name must end in .svg or .png".to_string()
            ))
        );
        assert!(output_kind(Path::new("timeline")).is_err());
    }
}
