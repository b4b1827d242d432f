//! `chronomap series`: a map per year (in parallel), plus the small-multiples sheet, the
//! timeline chart, the GIF animation and the `index.html` viewer.

use super::atomic_write::{PendingFile, write_atomic};
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
use crate::render::gif::{ColourCount, GifPalette, GifStream};
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
    super::check_year_flags(&[("--from", from), ("--to", to)])?;
    let (from_flag, to_flag) = (from, to);
    let range = data.date_range().map(|(a, b)| (a.year(), b.year()));
    let from = from.or(range.map(|r| r.0));
    let to = to.or(range.map(|r| r.1));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Failure::usage(
            "error: the data has no events, so there are no years to draw; pass --from and --to",
        ));
    };
    if from > to {
        return Err(Failure::usage(match (from_flag, to_flag) {
            (Some(_), Some(_)) => format!("error: --from {from} is after --to {to}"),
            (Some(_), None) => format!(
                "error: --from {from} is after {to}, the last year in the data; pass --to too"
            ),
            _ => format!(
                "error: --to {to} is before {from}, the first year in the data; pass --from too"
            ),
        }));
    }
    if to - from >= MAX_SERIES_YEARS {
        return Err(Failure::usage(match (from_flag, to_flag) {
            (Some(_), Some(_)) => format!(
                "error: --from {from} --to {to}: a series draws at most {MAX_SERIES_YEARS} years"
            ),
            _ => format!(
                "error: the series would run from {from} to {to} (the years of the data, where --from or --to is not given), but a series draws at most {MAX_SERIES_YEARS} years; choose them with --from and --to"
            ),
        }));
    }
    Ok((from, to))
}

/// The most years one series draws.
const MAX_SERIES_YEARS: i32 = 300;

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
    let mut outputs: Vec<PathBuf> = Vec::new();
    for year in from..=to {
        for f in &formats {
            outputs.push(args.out_dir.join(format!("{year}.{}", f.extension())));
        }
    }
    for name in [
        "sheet.svg",
        "sheet.png",
        "timeline.svg",
        "timeline.png",
        "animation.gif",
        "index.html",
        "map.html",
    ] {
        outputs.push(args.out_dir.join(name));
    }
    super::guard::refuse_overwrite(cli.data.as_deref(), "--out-dir", &outputs)?;
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
    if need_pixels {
        let at_once = rayon::current_num_threads().min(year_list.len()).max(1);
        super::guard::check_memory(
            super::guard::pixel_memory(page.pixel_width, page.pixel_height, at_once, true),
            &format!(
                "{}×{} px pages{}",
                page.pixel_width,
                page.pixel_height,
                if args.animate {
                    " with --animate"
                } else {
                    " as PNG"
                }
            ),
        )?;
    }
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
        let colours = years.run_all(&year_list, ticker)?;
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
            Extras {
                dataset,
                basemap: &basemap,
                style: &style,
                frame: &frame,
                timeline: &timeline,
                years: &year_list,
                args,
                colours,
                year_run: &years,
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
    /// Writes every year's files, one task per year on all cores, and returns the colours
    /// of the GIF's frames (when animating): the frames themselves are not kept, but drawn
    /// again in order once the palette is known (see `write_animation`). Each file is written
    /// atomically as soon as it is ready, so a failure later leaves the finished years intact.
    fn run_all(&self, years: &[i32], ticker: &Ticker) -> Result<ColourCount, Failure> {
        let gif = self.dir.join("animation.gif");
        let results: Vec<Result<Option<ColourCount>, Failure>> = years
            .par_iter()
            .map(|&year| {
                let pixels = self.write_year(year)?;
                ticker.tick();
                pixels
                    .map(|p| {
                        let mut count = ColourCount::default();
                        count
                            .add(p.width, p.height, &p.data)
                            .map(|()| count)
                            .map_err(|e| render_failure(&gif, e))
                    })
                    .transpose()
            })
            .collect();
        let mut colours = ColourCount::default();
        for r in results {
            if let Some(c) = r? {
                colours.merge(c).map_err(|e| render_failure(&gif, e))?;
            }
        }
        Ok(colours)
    }

    /// One year's frame of the animation, as palette indexes.
    fn frame_indexes(&self, year: i32, palette: &GifPalette) -> Result<Vec<u8>, Failure> {
        let path = self.dir.join("animation.gif");
        let date = self.style.dated(MapDate::end_of_year(year));
        let snapshot = date.snapshot(self.timeline);
        let scene = self
            .frame
            .scene(self.dataset, &snapshot, &date.subtitle, &date.news_heading);
        let pixels = draw_from(
            &scene,
            self.underlay,
            self.page.pixel_width,
            self.page.pixel_height,
        )
        .map_err(|e| render_failure(&path, e))?;
        palette
            .index(&pixels.data)
            .map_err(|e| render_failure(&path, e))
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
    basemap: &'a crate::input::Basemap,
    style: &'a MapStyle,
    frame: &'a MapFrame,
    timeline: &'a Timeline<'a>,
    years: &'a [i32],
    args: &'a SeriesArgs,
    /// The colours of the animation's frames (empty without `--animate`).
    colours: ColourCount,
    /// For drawing the animation's frames again.
    year_run: &'a YearRun<'a>,
}

/// Writes the sheet, the timeline chart and the GIF (each when asked for) and always the
/// viewer, ticking once per file set and naming each in `written`.
fn write_extras(x: Extras<'_>, ticker: &Ticker, written: &mut Vec<String>) -> Result<(), Failure> {
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
        let palette = x.colours.palette().map_err(|e| render_failure(&path, e))?;
        let run = x.year_run;
        write_animation(&path, &palette, x.years, &|year| {
            run.frame_indexes(year, &palette)
        })?;
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

/// Draws the animation's frames again, a few at a time in year order (as many as there are
/// cores, in parallel), and streams each into the GIF file as soon as the frames before it
/// are in: memory holds a handful of frames, whatever the number of years.
fn write_animation(
    path: &Path,
    palette: &GifPalette,
    years: &[i32],
    draw: &(dyn Fn(i32) -> Result<Vec<u8>, Failure> + Sync),
) -> Result<(), Failure> {
    let mut pending = PendingFile::create(path).map_err(Failure::data)?;
    let failed = |e: String| render_failure(path, e);
    {
        let out = std::io::BufWriter::with_capacity(256 * 1024, pending.file());
        let mut gif = GifStream::new(out, palette, GIF_DELAY_CS, GIF_HOLD_LAST).map_err(failed)?;
        for chunk in years.chunks(rayon::current_num_threads().max(1)) {
            let frames: Vec<Vec<u8>> = chunk
                .par_iter()
                .map(|&y| draw(y))
                .collect::<Result<_, Failure>>()?;
            for f in frames {
                gif.push(f).map_err(failed)?;
            }
        }
        let mut out = gif.finish().map_err(failed)?;
        out.flush().map_err(|e| {
            Failure::data(format!(
                "error: {}: could not be written: {e}",
                path.display()
            ))
        })?;
    }
    pending.commit().map_err(Failure::data)
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
            let mut summary = e.summary.to_string();
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
    basemap: &crate::input::Basemap,
    style: &MapStyle,
    timeline: &Timeline<'_>,
    years: &[i32],
    dir: &Path,
) -> Result<(), Failure> {
    let cell_style = MapStyle {
        page: PageSize::pixels(CELL_DESIGN.0, CELL_DESIGN.1)
            .map_err(|e| Failure::usage(e.to_string()))?,
        extent: style.extent,
        title: style.title.clone(),
        subtitle: style.subtitle.clone(),
        credit: style.credit.clone(),
        compact: true,
        theme: style.theme.clone(),
    };
    let cell_frame = MapFrame::new(dataset, basemap, &cell_style)
        .map_err(|m| Failure::usage(format!("error: {m}")))?;
    let cells: Vec<(i32, crate::scene::Scene)> = years
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
