//! `chronomap series`: a map per year (in parallel), plus the small-multiples sheet, the
//! timeline chart, the GIF animation and the `index.html` viewer.

use super::atomic_write::{PendingFile, write_atomic};
use super::map_args::MapArgs;
use super::map_setup;
use super::progress::{Ticker, with_progress};
use super::{Cli, Failure};
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
use crate::render::gif::{ColourCount, GifError, GifPalette, GifStream};
use crate::render::raster::{Rgba, encode_png_described};
use crate::render::svg::write_svg;
use crate::timeline::{MapDate, Timeline};
use crate::viewer::{ViewerEvent, ViewerYear, viewer_html_linking};
use rayon::prelude::*;
use std::io::Write;
use std::ops::RangeInclusive;
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
    /// Draw every basemap pixel instead of starting from the drawing an earlier run kept
    /// (see `render --no-cache`)
    #[arg(long)]
    pub no_cache: bool,
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
                "--format: {part:?} is not a format I write; use svg, png or pdf, comma-separated"
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
            "the data has no events, so there are no years to draw; pass --from and --to",
        ));
    };
    if from > to {
        return Err(Failure::usage(match (from_flag, to_flag) {
            (Some(_), Some(_)) => format!("--from {from} is after --to {to}"),
            (Some(_), None) => {
                format!("--from {from} is after {to}, the last year in the data; pass --to too")
            }
            _ => format!("--to {to} is before {from}, the first year in the data; pass --from too"),
        }));
    }
    if to - from >= MAX_SERIES_YEARS {
        return Err(Failure::usage(match (from_flag, to_flag) {
            (Some(_), Some(_)) => {
                format!("--from {from} --to {to}: a series draws at most {MAX_SERIES_YEARS} years")
            }
            _ => format!(
                "the series would run from {from} to {to} (the years of the data, where --from or --to is not given), but a series draws at most {MAX_SERIES_YEARS} years; choose them with --from and --to"
            ),
        }));
    }
    Ok((from, to))
}

/// The most years one series draws.
const MAX_SERIES_YEARS: i32 = 300;

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    Ok(write_atomic(path, bytes)?)
}

fn render_failure(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::data(format!("{}: {e}", path.display()))
}

/// Writes the series.
pub fn run(
    cli: &Cli,
    args: &SeriesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let style = map_setup::map_style(cli, &args.map)?;
    let formats = formats(&args.format)?;
    let mut stages = cli.ui.stages();
    let loaded = super::load_data(cli, err)?;
    let dataset = &loaded.dataset;
    let (from, to) = year_range(dataset, args.from, args.to)?;
    let outputs = output_paths(&args.out_dir, from..=to, &formats);
    super::guard::refuse_overwrite(cli.data.as_deref(), "--out-dir", &outputs)?;
    let basemap = map_setup::basemap(cli, err)?;
    stages.lap("load");
    if args.from.is_some() || args.to.is_some() {
        map_setup::warn_outside_data(cli, dataset, from, to, err);
    }
    // Everything that does not change from year to year is laid out once.
    let frame = map_setup::frame(cli, dataset, &basemap, &style, err)?;
    let timeline = Timeline::new(dataset);
    let dir = &args.out_dir;
    let year_list: Vec<i32> = (from..=to).collect();
    let page = style.page;
    let need_pixels = formats.contains(&Format::Png) || args.animate;
    if need_pixels {
        check_pixel_memory(page, year_list.len(), args.animate)?;
    }
    let cache = super::cache::DrawingCache::from_env(args.no_cache);
    let underlay = shared_basemap(
        dataset,
        &frame,
        &timeline,
        &style,
        from,
        &cache,
        need_pixels,
    )?;

    // The bar counts the years, then each extra file set. Workers only tick; this thread
    // draws the bar through `err` (see `progress`).
    let extras = [args.sheet, args.timeline, args.animate, true];
    let total = year_list.len() + extras.iter().filter(|&&on| on).count();
    stages.lap("layout");
    let shown = cli.ui.progress();
    let run = YearRun {
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
    let written = with_progress(err, shown, total, "series", "steps", |ticker| {
        write_series(&run, &basemap, &year_list, args, ticker)
    })?;
    stages.lap("maps and files");
    if cli.ui.summary() {
        let _ = writeln!(out, "wrote to {}: {}", dir.display(), written.join("; "));
    }
    stages.report(err);
    Ok(())
}

/// Every file a series may write into `dir`: each year's maps in each format, and the
/// sheet, chart, animation and pages.
fn output_paths(dir: &Path, years: RangeInclusive<i32>, formats: &[Format]) -> Vec<PathBuf> {
    let mut outputs: Vec<PathBuf> = Vec::new();
    for year in years {
        for f in formats {
            outputs.push(dir.join(format!("{year}.{}", f.extension())));
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
        outputs.push(dir.join(name));
    }
    outputs
}

/// Refuses (exit 2) pages whose pixels, drawn on every core at once, would not fit in
/// memory.
fn check_pixel_memory(page: PageSize, years: usize, animate: bool) -> Result<(), Failure> {
    let at_once = rayon::current_num_threads().min(years).max(1);
    super::guard::check_memory(
        super::guard::pixel_memory(page.pixel_width, page.pixel_height, at_once, true),
        &format!(
            "{}×{} px pages{}",
            page.pixel_width,
            page.pixel_height,
            if animate {
                " with --animate"
            } else {
                " as PNG"
            }
        ),
    )
}

/// What every year's map shares, made once from the first year's map: its relief picture
/// (read from the drawing cache when an earlier run made it) and, when pixels are drawn, the
/// basemap layer's pixels (from the cache, or drawn once). A year whose basemap differed
/// would be drawn whole (`draw_from` checks).
fn shared_basemap(
    dataset: &Dataset,
    frame: &MapFrame,
    timeline: &Timeline<'_>,
    style: &MapStyle,
    first_year: i32,
    cache: &super::cache::DrawingCache,
    need_pixels: bool,
) -> Result<Option<Underlay>, Failure> {
    cache.prepare_pictures(frame.basemap_items());
    if !need_pixels {
        return Ok(None);
    }
    let first = style.dated(MapDate::end_of_year(first_year));
    let scene = frame.scene(
        dataset,
        &first.snapshot(timeline),
        &first.subtitle,
        &first.news_heading,
    );
    let (underlay, _) = cache
        .underlay(&scene)
        .map_err(|e| Failure::data(format!("the basemap: {e}")))?;
    Ok(Some(underlay))
}

/// The summary's words for the yearly maps: their number and formats.
fn yearly_maps_summary(years: usize, formats: &[Format]) -> String {
    let extensions: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
    format!("{years} yearly maps ({})", extensions.join(", "))
}

/// Writes every year's maps, then the extra files; returns what was written, for the
/// summary.
fn write_series(
    run: &YearRun<'_>,
    basemap: &crate::input::Basemap,
    years: &[i32],
    args: &SeriesArgs,
    ticker: &Ticker,
) -> Result<Vec<String>, Failure> {
    let colours = run.run_all(years, ticker)?;
    let mut written = vec![yearly_maps_summary(years.len(), run.formats)];
    let extras = Extras {
        run,
        basemap,
        years,
        args,
        colours,
    };
    write_extras(extras, ticker, &mut written)?;
    Ok(written)
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
    /// The yearly maps' run: the dataset, frame, timeline and style, and for drawing the
    /// animation's frames again.
    run: &'a YearRun<'a>,
    basemap: &'a crate::input::Basemap,
    years: &'a [i32],
    args: &'a SeriesArgs,
    /// The colours of the animation's frames (empty without `--animate`).
    colours: ColourCount,
}

/// Writes the sheet, the timeline chart and the GIF (each when asked for) and always the
/// viewer, ticking once per file set and naming each in `written`.
fn write_extras(x: Extras<'_>, ticker: &Ticker, written: &mut Vec<String>) -> Result<(), Failure> {
    let dir = &x.args.out_dir;
    let (from, to) = (x.years[0], x.years[x.years.len() - 1]);
    if x.args.sheet {
        write_sheet(
            x.run.dataset,
            x.basemap,
            x.run.style,
            x.run.timeline,
            x.years,
            dir,
        )?;
        written.push("sheet.svg, sheet.png".into());
        ticker.tick();
    }
    if x.args.timeline {
        let (w, h) = (1600, 600);
        let svg = timeline_svg_styled(x.run.timeline, from..=to, w, h, &x.run.style.theme)
            .map_err(|e| Failure::data(format!("the timeline chart: {e}")))?;
        let png_path = dir.join("timeline.png");
        let png = crate::render::raster::svg_to_png(&svg, w, h, x.run.style.page.dpi)
            .map_err(|e| render_failure(&png_path, e))?;
        write(&dir.join("timeline.svg"), svg.as_bytes())?;
        write(&png_path, &png)?;
        written.push("timeline.svg, timeline.png".into());
        ticker.tick();
    }
    if x.args.animate {
        let path = dir.join("animation.gif");
        let palette = x.colours.palette().map_err(|e| render_failure(&path, e))?;
        let run = x.run;
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
            let date = x.run.style.dated(MapDate::end_of_year(year));
            ViewerYear {
                year,
                svg_file: format!("{year}.svg"),
                description: describe_in(
                    x.run.dataset,
                    &date.snapshot(x.run.timeline),
                    &x.run.frame.title,
                    &date.subtitle,
                    &x.run.style.theme,
                ),
                events: viewer_events(x.run.dataset, x.run.timeline, year),
            }
        })
        .collect();
    // The interactive web map of the same years and layout, linked from the viewer.
    let web = crate::web::web_page(x.run.dataset, x.run.frame, x.run.style, x.years)
        .map_err(|m| Failure::usage(m.to_string()))?;
    write(&dir.join(WEB_MAP), web.as_bytes())?;
    write(
        &dir.join("index.html"),
        viewer_html_linking(&pages, &x.run.frame.title, Some(WEB_MAP)).as_bytes(),
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
    let mut pending = PendingFile::create(path)?;
    let failed = |e: GifError| render_failure(path, e);
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
        out.flush()
            .map_err(|e| Failure::data(format!("{}: could not be written: {e}", path.display())))?;
    }
    Ok(pending.commit()?)
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
    let cell_frame =
        MapFrame::new(dataset, basemap, &cell_style).map_err(|m| Failure::usage(m.to_string()))?;
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
