//! `chronomap series`: a map per year (in parallel), plus the small-multiples sheet, the
//! timeline chart, the GIF animation and the `index.html` viewer.

use super::atomic_write::write_atomic;
use super::map_args::MapArgs;
use super::progress::{Ticker, with_progress};
use super::{Cli, Failure, data};
use crate::chart::timeline_svg_styled;
use crate::layout::describe::{describe_in, describe_years};
use crate::layout::map::MapFrame;
use crate::layout::news::source_number;
use crate::layout::page::PageSize;
use crate::layout::sheet::{CELL_DESIGN, sheet_scene};
use crate::layout::style::MapStyle;
use crate::model::Dataset;
use crate::render::draw::{Underlay, draw_from};
use crate::render::format::Format;
use crate::render::format::encode;
use crate::render::gif::{RgbaFrame, encode_gif};
use crate::render::raster::{Rgba, encode_png_described};
use crate::render::svg::write_svg;
use crate::timeline::{MapDate, Timeline};
use crate::viewer::{ViewerEvent, ViewerYear, viewer_html_linking};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flags of `series`.
#[derive(Debug, clap::Args)]
pub struct SeriesArgs {
    /// The first year (default: the first year in the data).
    #[arg(long, value_name = "YYYY")]
    pub from: Option<i32>,
    /// The last year (default: the last year in the data).
    #[arg(long, value_name = "YYYY")]
    pub to: Option<i32>,
    /// Formats of the yearly maps, comma-separated: svg, png, pdf. SVG is always written,
    /// because index.html shows it.
    #[arg(long, value_name = "LIST", default_value = "svg,png")]
    pub format: String,
    /// The folder for everything.
    #[arg(long, value_name = "DIR", default_value = "output/series")]
    pub out_dir: PathBuf,
    /// Also write sheet.svg and sheet.png: every year on one page.
    #[arg(long)]
    pub sheet: bool,
    /// Also write timeline.svg and timeline.png: every site's status through the years.
    #[arg(long)]
    pub timeline: bool,
    /// Also write animation.gif: one frame per year, looping.
    #[arg(long)]
    pub animate: bool,
    /// Page and map flags.
    #[command(flatten)]
    pub map: MapArgs,
}

/// The interactive web map a series writes next to its viewer (see `chronomap web`).
const WEB_MAP: &str = "map.html";

/// Hundredths of a second each year stays on screen in the animation.
const GIF_DELAY_CS: u16 = 90;
/// Extra frames' worth of time the last year stays before the loop restarts.
const GIF_HOLD_LAST: u16 = 3;

fn formats(list: &str) -> Result<Vec<Format>, Failure> {
    let mut out = vec![Format::Svg];
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let f = Format::parse(part).ok_or_else(|| {
            Failure::usage(format!(
                "error: --format: {part:?} is not a format I write; use svg, png or pdf, comma-separated"
            ))
        })?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// The years from `--from` to `--to`, each defaulting to the first or last year of the data.
pub(super) fn year_range(
    data: &Dataset,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<(i32, i32), Failure> {
    let range = data.date_range().map(|(a, b)| (a.year(), b.year()));
    let from = from.or(range.map(|r| r.0));
    let to = to.or(range.map(|r| r.1));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Failure::usage(
            "error: the data has no events, so there are no years to draw; pass --from and --to",
        ));
    };
    if from > to {
        return Err(Failure::usage(format!(
            "error: --from {from} is after --to {to}"
        )));
    }
    if !(1..=9999).contains(&from) || !(1..=9999).contains(&to) || to - from >= 300 {
        return Err(Failure::usage(format!(
            "error: --from {from} --to {to}: years must lie between 1 and 9999 and span at most 300 years"
        )));
    }
    Ok((from, to))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_atomic(path, bytes).map_err(Failure::data)
}

fn render_failure(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::data(format!("error: {}: {e}", path.display()))
}

/// Writes the series.
pub fn run(
    cli: &Cli,
    args: &SeriesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let style = args
        .map
        .style()?
        .with_metadata(&data::metadata(cli.data.as_deref())?);
    let formats = formats(&args.format)?;
    let mut stages = cli.ui.stages();
    let loaded = super::load_data(cli, err)?;
    let dataset = &loaded.dataset;
    let (from, to) = year_range(dataset, args.from, args.to)?;
    let basemap = data::basemap(cli.data.as_deref())?;
    super::report_basemap(cli, err);
    stages.lap("load");
    if args.from.is_some() || args.to.is_some() {
        super::warn_outside_data(cli, dataset, from, to, err);
    }
    // Everything that does not change from year to year is laid out once.
    let frame = MapFrame::new(dataset, &basemap, &style)
        .map_err(|m| Failure::usage(format!("error: {m}")))?;
    super::report_extent(cli, &frame.extent, style.extent.is_some(), err);
    let timeline = Timeline::new(dataset);
    let dir = &args.out_dir;
    let year_list: Vec<i32> = (from..=to).collect();
    let page = style.page;
    let need_pixels = formats.contains(&Format::Png) || args.animate;
    // The basemap layer is the same every year: its pixels are drawn once. A year whose
    // basemap differed would be drawn whole (`draw_from` checks).
    let underlay = if need_pixels {
        let first = style.dated(MapDate::end_of_year(from));
        let scene = frame.scene(
            dataset,
            &first.snapshot(&timeline),
            &first.subtitle,
            &first.news_heading,
        );
        Some(
            Underlay::new(&scene, 1, page.pixel_width, page.pixel_height)
                .map_err(|e| Failure::data(format!("error: the basemap: {e}")))?,
        )
    } else {
        None
    };

    // The bar counts the years, then each extra file set. Workers only tick; this thread
    // draws the bar through `err` (see `progress`).
    let extras = [args.sheet, args.timeline, args.animate, true];
    let total = year_list.len() + extras.iter().filter(|&&on| on).count();
    stages.lap("layout");
    let shown = cli.ui.progress();
    let written = with_progress(err, shown, total, "series", "steps", |ticker| {
        let years = YearRun {
            dataset,
            frame: &frame,
            timeline: &timeline,
            underlay: underlay.as_ref(),
            formats: &formats,
            dir,
            page,
            style: &style,
            animate: args.animate,
        };
        let frames = years.run_all(&year_list, ticker)?;
        let mut written = vec![format!(
            "{} yearly maps ({})",
            year_list.len(),
            formats
                .iter()
                .map(|f| f.extension())
                .collect::<Vec<_>>()
                .join(", ")
        )];
        write_extras(
            &Extras {
                dataset,
                basemap: &basemap,
                style: &style,
                frame: &frame,
                timeline: &timeline,
                years: &year_list,
                args,
                frames,
            },
            ticker,
            &mut written,
        )?;
        Ok::<_, Failure>(written)
    })?;
    stages.lap("maps and files");
    if cli.ui.summary() {
        let _ = writeln!(out, "wrote to {}: {}", dir.display(), written.join("; "));
    }
    stages.report(err);
    Ok(())
}

/// Everything a year's files need, shared by the year tasks.
struct YearRun<'a> {
    dataset: &'a Dataset,
    frame: &'a MapFrame,
    timeline: &'a Timeline<'a>,
    underlay: Option<&'a Underlay>,
    formats: &'a [Format],
    dir: &'a Path,
    page: PageSize,
    style: &'a MapStyle,
    animate: bool,
}

impl YearRun<'_> {
    /// Writes every year's files, one task per year on all cores, and returns the GIF
    /// frames (when animating). Each file is written atomically as soon as it is ready, so
    /// a failure later leaves the finished years intact.
    fn run_all(&self, years: &[i32], ticker: &Ticker) -> Result<Vec<RgbaFrame>, Failure> {
        let results: Vec<Result<Option<Rgba>, Failure>> = years
            .par_iter()
            .map(|&year| {
                let pixels = self.write_year(year)?;
                ticker.tick();
                Ok(pixels)
            })
            .collect();
        let mut frames = Vec::new();
        for r in results {
            if let Some(p) = r? {
                frames.push(RgbaFrame {
                    width: p.width,
                    height: p.height,
                    data: p.data,
                });
            }
        }
        Ok(frames)
    }

    /// Writes one year's map in every format; returns its pixels when the GIF needs them.
    fn write_year(&self, year: i32) -> Result<Option<Rgba>, Failure> {
        let date = self.style.dated(MapDate::end_of_year(year));
        let snapshot = date.snapshot(self.timeline);
        let scene = self
            .frame
            .scene(self.dataset, &snapshot, &date.subtitle, &date.news_heading);
        let svg = write_svg(&scene);
        let file = |f: Format| self.dir.join(format!("{year}.{}", f.extension()));
        let (width, height, dpi) = (self.page.pixel_width, self.page.pixel_height, self.page.dpi);
        let pixels = match self.underlay {
            Some(underlay) => Some(
                draw_from(&scene, Some(underlay), width, height)
                    .map_err(|e| render_failure(&file(Format::Png), e))?,
            ),
            None => None,
        };
        for &f in self.formats {
            let path = file(f);
            let bytes = match f {
                Format::Svg => svg.as_bytes().to_vec(),
                Format::Png => match &pixels {
                    Some(p) => encode_png_described(p, dpi, &scene.description)
                        .map_err(|e| render_failure(&path, e))?,
                    None => Vec::new(),
                },
                Format::Pdf => crate::render::pdf::svg_to_pdf(&svg, dpi)
                    .and_then(|pdf| {
                        crate::render::pdf_info::with_info(pdf, &scene.title, &scene.description)
                    })
                    .map_err(|e| render_failure(&path, e))?,
            };
            write(&path, &bytes)?;
        }
        Ok(if self.animate { pixels } else { None })
    }
}

/// What the files after the yearly maps need.
struct Extras<'a> {
    dataset: &'a Dataset,
    basemap: &'a crate::input::basemap::Basemap,
    style: &'a MapStyle,
    frame: &'a MapFrame,
    timeline: &'a Timeline<'a>,
    years: &'a [i32],
    args: &'a SeriesArgs,
    frames: Vec<RgbaFrame>,
}

/// Writes the sheet, the timeline chart and the GIF (each when asked for) and always the
/// viewer, ticking once per file set and naming each in `written`.
fn write_extras(x: &Extras<'_>, ticker: &Ticker, written: &mut Vec<String>) -> Result<(), Failure> {
    let dir = &x.args.out_dir;
    let (from, to) = (x.years[0], x.years[x.years.len() - 1]);
    if x.args.sheet {
        write_sheet(x.dataset, x.basemap, x.style, x.timeline, x.years, dir)?;
        written.push("sheet.svg, sheet.png".into());
        ticker.tick();
    }
    if x.args.timeline {
        let (w, h) = (1600, 600);
        let svg = timeline_svg_styled(x.timeline, from..=to, w, h, &x.style.theme)
            .map_err(|e| Failure::data(format!("error: the timeline chart: {e}")))?;
        let png_path = dir.join("timeline.png");
        let png = crate::render::raster::svg_to_png(&svg, w, h, x.style.page.dpi)
            .map_err(|e| render_failure(&png_path, e))?;
        write(&dir.join("timeline.svg"), svg.as_bytes())?;
        write(&png_path, &png)?;
        written.push("timeline.svg, timeline.png".into());
        ticker.tick();
    }
    if x.args.animate {
        let path = dir.join("animation.gif");
        let gif = encode_gif(&x.frames, GIF_DELAY_CS, GIF_HOLD_LAST)
            .map_err(|e| render_failure(&path, e))?;
        write(&path, &gif)?;
        written.push("animation.gif".into());
        ticker.tick();
    }
    let pages: Vec<ViewerYear> = x
        .years
        .iter()
        .map(|&year| {
            let date = x.style.dated(MapDate::end_of_year(year));
            ViewerYear {
                year,
                svg_file: format!("{year}.svg"),
                description: describe_in(
                    x.dataset,
                    &date.snapshot(x.timeline),
                    &x.frame.title,
                    &date.subtitle,
                    &x.style.theme,
                ),
                events: viewer_events(x.dataset, x.timeline, year),
            }
        })
        .collect();
    // The interactive web map of the same years and layout, linked from the viewer.
    let web = crate::web::web_page(x.dataset, x.frame, x.style, x.years)
        .map_err(|m| Failure::usage(format!("error: {m}")))?;
    write(&dir.join(WEB_MAP), web.as_bytes())?;
    write(
        &dir.join("index.html"),
        viewer_html_linking(&pages, &x.frame.title, Some(WEB_MAP)).as_bytes(),
    )?;
    written.push(format!("index.html, {WEB_MAP}"));
    ticker.tick();
    Ok(())
}

fn viewer_events(dataset: &Dataset, timeline: &Timeline<'_>, year: i32) -> Vec<ViewerEvent> {
    MapDate::end_of_year(year)
        .snapshot(timeline)
        .news
        .iter()
        .map(|&i| {
            let e = &dataset.events[i];
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|&s| dataset.sources[s].note(source_number(s)))
                .collect();
            let mut summary = e.summary.clone();
            if let Some(o) = e.disputes {
                summary.push_str(&format!(
                    " ‡ Another source dates this {}.",
                    dataset.events[o].date
                ));
            }
            ViewerEvent {
                date: e.date.to_string(),
                site: dataset.sites[e.site].name.clone(),
                summary,
                sources: sources.join(" "),
            }
        })
        .collect()
}

fn write_sheet(
    dataset: &Dataset,
    basemap: &crate::input::basemap::Basemap,
    style: &MapStyle,
    timeline: &Timeline<'_>,
    years: &[i32],
    dir: &Path,
) -> Result<(), Failure> {
    let cell_style = MapStyle {
        page: PageSize::pixels(CELL_DESIGN.0, CELL_DESIGN.1).map_err(Failure::usage)?,
        extent: style.extent,
        title: style.title.clone(),
        subtitle: style.subtitle.clone(),
        credit: style.credit.clone(),
        compact: true,
        theme: style.theme.clone(),
    };
    let cell_frame = MapFrame::new(dataset, basemap, &cell_style)
        .map_err(|m| Failure::usage(format!("error: {m}")))?;
    let cells: Vec<(i32, crate::render::scene::Scene)> = years
        .par_iter()
        .map(|&year| {
            let date = style.dated(MapDate::end_of_year(year));
            let snap = date.snapshot(timeline);
            (
                year,
                cell_frame.scene(dataset, &snap, &date.subtitle, &date.news_heading),
            )
        })
        .collect();
    let (first, last) = (years[0], years[years.len() - 1]);
    let subtitle = format!("Status at the end of each year, {first}–{last}");
    let mut scene = sheet_scene(
        &cells,
        &cell_frame.legend_facts,
        &cell_frame.title,
        &subtitle,
        &cell_frame.credit,
        &style.theme,
    );
    let snapshots: Vec<_> = years.iter().map(|&y| timeline.year_snapshot(y)).collect();
    scene.description = describe_years(dataset, &snapshots, &cell_frame.title, &subtitle);
    let svg = write_svg(&scene);
    let png_path = dir.join("sheet.png");
    let png = encode(&scene, Some(&svg), Format::Png, style.page.dpi)
        .map_err(|e| render_failure(&png_path, e))?;
    write(&dir.join("sheet.svg"), svg.as_bytes())?;
    write(&png_path, &png)?;
    Ok(())
}
