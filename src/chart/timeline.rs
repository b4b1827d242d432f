//! The timeline chart: one row per site, its status through the years as coloured bars,
//! a tick per event, brackets for dates known only to the year or month, and disputed dates.

use super::ChartError;
use super::canvas::Canvas;
use super::legend::{LegendItem, Symbol, draw_legend, legend_height};
use super::marks::{bracket, diamond, tick};
use super::measure::{fit_text, text_width};
use super::scale::{YearScale, year_fraction_end, year_fraction_start};
use super::style::{BAND, DISPUTED, GRID, INK, MUTED, PAPER, font, rgb};
use crate::model::{Dataset, Event, Precision, Status};
use crate::theme::Theme;
use crate::timeline::{Timeline, status_periods};
use plotters::style::text_anchor::{HPos, VPos};
use std::ops::RangeInclusive;

/// The default chart width in px.
pub const DEFAULT_WIDTH: u32 = 1600;
/// The default chart height in px.
pub const DEFAULT_HEIGHT: u32 = 600;

const MIN_WIDTH: u32 = 400;
const MIN_HEIGHT: u32 = 200;
const MAX_SIDE: u32 = 16_000;
const MAX_SPAN: i32 = 1_000;
/// The smallest row, in px, that still shows a bar and a name.
const MIN_ROW: f64 = 12.0;

/// Draws the timeline chart of every site in `timeline`'s dataset over `years` as SVG.
///
/// Each site gets a row, in dataset order, named at the left. Its status through time is a
/// bar coloured as in [`crate::palette`]; while the status is still unknown a thin grey line
/// is drawn instead. Positions have day precision on a continuous year axis. Each event is a
/// tick at the middle of its date's range; a date known only to the year or month also gets
/// a thin bracket over its whole range. Both dates of a disputed pair are marked with a hollow
/// red diamond and joined by a dashed red line. A year axis, a legend and a title complete it.
/// The same input always gives the same bytes.
///
/// ```
/// use chronomap::chart::timeline_svg;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let svg = timeline_svg(&Timeline::new(&data), 2001..=2023, 1600, 600).unwrap();
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains(">\nKant\n</text>"));
/// assert!(timeline_svg(&Timeline::new(&data), 2023..=2001, 1600, 600).is_err());
/// ```
pub fn timeline_svg(
    timeline: &Timeline<'_>,
    years: RangeInclusive<i32>,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    timeline_svg_styled(timeline, years, width, height, &Theme::default())
}

/// [`timeline_svg`] with the status colours of `th`.
pub fn timeline_svg_styled(
    timeline: &Timeline<'_>,
    years: RangeInclusive<i32>,
    width: u32,
    height: u32,
    th: &Theme,
) -> Result<String, ChartError> {
    let (first, last) = (*years.start(), *years.end());
    check_years(first, last)?;
    check_size(width, height)?;
    let data = timeline.dataset();
    if data.sites.is_empty() {
        return Err(ChartError::Empty("the dataset has no sites".into()));
    }
    let layout = Layout::new(data, first, last, width, height, th)?;
    let mut svg = String::new();
    {
        let canvas = Canvas::new(&mut svg, width, height, PAPER)?;
        draw(&canvas, timeline, &layout, th)?;
        canvas.finish()?;
    }
    Ok(svg)
}

fn check_years(first: i32, last: i32) -> Result<(), ChartError> {
    let bad = |reason: &str| {
        Err(ChartError::Years {
            from: first,
            to: last,
            reason: reason.into(),
        })
    };
    if first > last {
        return bad("the first year is after the last");
    }
    if !crate::model::YEARS.contains(&first) || !crate::model::YEARS.contains(&last) {
        return bad("years must lie between 1 and 9999");
    }
    if last - first >= MAX_SPAN {
        return bad("a chart covers at most 1000 years");
    }
    Ok(())
}

fn check_size(width: u32, height: u32) -> Result<(), ChartError> {
    let bad = |reason: String| {
        Err(ChartError::Size {
            width,
            height,
            reason,
        })
    };
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return bad(format!("the smallest chart is {MIN_WIDTH}×{MIN_HEIGHT} px"));
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return bad(format!("the largest side is {MAX_SIDE} px"));
    }
    Ok(())
}

/// The title and the subtitle (fitted to `inner` px) of a chart of `first`–`last`.
fn headings(first: i32, last: i32, subtitle_size: f64, inner: f64) -> (String, String) {
    let title = if first == last {
        format!("Site status in {first}")
    } else {
        format!("Site status through time, {first}–{last}")
    };
    let subtitle = fit_text(
        "Each bar shows a site’s status after its dated events. A change counts once its whole date \
         is past: a year-only date on 31 December, a month-only date on the month’s last day.",
        subtitle_size,
        false,
        inner,
    );
    (title, subtitle)
}

/// The height of each of `sites` rows in `plot_height` px, or an error saying how tall the
/// chart must be for every row to show a bar and a name.
fn row_height(sites: usize, plot_height: f64, width: u32, height: u32) -> Result<f64, ChartError> {
    let rows = sites as f64;
    let row_h = plot_height / rows;
    if row_h >= MIN_ROW {
        return Ok(row_h);
    }
    let need = (f64::from(height) + (MIN_ROW - row_h) * rows).ceil();
    Err(ChartError::Size {
        width,
        height,
        reason: format!("{sites} sites need a taller chart (at least {need} px high)"),
    })
}

/// Each site's name and detail line (operator, kind), fitted to `max_label` px.
fn site_labels(
    data: &Dataset,
    name_size: f64,
    detail_size: f64,
    max_label: f64,
) -> Vec<(String, String)> {
    data.sites
        .iter()
        .map(|site| {
            let name = fit_text(&site.name, name_size, true, max_label);
            let detail = format!("{}, {}", site.operator, site.kind);
            let detail = fit_text(&detail, detail_size, false, max_label);
            (name, detail)
        })
        .collect()
}

/// The width of the widest label: the name, and the detail line when it is shown (its size
/// given).
fn widest_label(names: &[(String, String)], name_size: f64, detail_size: Option<f64>) -> f64 {
    names
        .iter()
        .map(|(n, d)| {
            let dw = detail_size.map_or(0.0, |size| text_width(d, size, false));
            text_width(n, name_size, true).max(dw)
        })
        .fold(0.0, f64::max)
}

/// Every how many years the axis is labelled: the first step at which a label fits.
fn year_label_step(scale: &YearScale, axis_size: f64, s: f64) -> i32 {
    let label_w = text_width("0000", axis_size, false) + 10.0 * s;
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|&k| scale.year_width() * f64::from(k) >= label_w)
        .unwrap_or(1000)
}

/// Every size and position of the chart, worked out before anything is drawn.
struct Layout {
    width: f64,
    /// Scale factor of fonts and strokes relative to the 1600×600 default.
    s: f64,
    margin: f64,
    title: String,
    subtitle: String,
    title_size: f64,
    subtitle_size: f64,
    legend: Vec<LegendItem>,
    legend_top: f64,
    legend_size: f64,
    scale: YearScale,
    plot_top: f64,
    plot_bottom: f64,
    row_h: f64,
    bar_h: f64,
    name_size: f64,
    detail_size: f64,
    show_detail: bool,
    names: Vec<(String, String)>,
    axis_size: f64,
    label_every: i32,
}

impl Layout {
    /// Works out the chart's layout, top to bottom: the headings, the legend at the foot,
    /// the axis above it, the rows between, then the label column and the year scale.
    fn new(
        data: &Dataset,
        first: i32,
        last: i32,
        width: u32,
        height: u32,
        th: &Theme,
    ) -> Result<Layout, ChartError> {
        let (w, h) = (f64::from(width), f64::from(height));
        let s = (w / f64::from(DEFAULT_WIDTH))
            .min(h / f64::from(DEFAULT_HEIGHT))
            .clamp(0.6, 4.0);
        let size = |base: f64| (base * s).round().max(8.0);
        let margin = (24.0 * s).round();
        let (title_size, subtitle_size) = (size(22.0), size(13.0));
        let (legend_size, axis_size) = (size(13.0), size(12.0));
        let inner = w - 2.0 * margin;
        let (title, subtitle) = headings(first, last, subtitle_size, inner);
        let header = margin + title_size * 1.45 + subtitle_size * 1.3 + (16.0 * s).round();
        let legend = legend_items(th);
        let legend_top = h - margin - legend_height(&legend, legend_size, s, inner);
        let axis_h = (8.0 * s).round() + axis_size * 1.6;
        let plot_top = header;
        let plot_bottom = legend_top - (14.0 * s).round() - axis_h;
        let row_h = row_height(data.sites.len(), plot_bottom - plot_top, width, height)?;
        let bar_h = (row_h * 0.34).clamp(3.0, (26.0 * s).round());
        let name_size = size(15.0).min((row_h * 0.42).floor()).max(7.0);
        let detail_size = size(12.0).min(name_size);
        let show_detail = row_h >= (name_size + detail_size) * 1.3 + 4.0;
        // The label column: as wide as the longest name, but at most 30% of the chart.
        let max_label = (inner * 0.3).max(40.0);
        let names = site_labels(data, name_size, detail_size, max_label);
        let widest = widest_label(&names, name_size, show_detail.then_some(detail_size));
        let scale = YearScale {
            first,
            last,
            left: margin + widest.min(max_label) + (14.0 * s).round(),
            // Leave room on the right for a disputed diamond or bracket at the very end.
            right: w - margin - (8.0 * s).round(),
        };
        let label_every = year_label_step(&scale, axis_size, s);
        Ok(Layout {
            width: w,
            s,
            margin,
            title,
            subtitle,
            title_size,
            subtitle_size,
            legend,
            legend_top,
            legend_size,
            scale,
            plot_top,
            plot_bottom,
            row_h,
            bar_h,
            name_size,
            detail_size,
            show_detail,
            names,
            axis_size,
            label_every,
        })
    }

    /// The vertical centre of row `i`.
    fn row_centre(&self, i: usize) -> f64 {
        self.plot_top + (i as f64 + 0.5) * self.row_h
    }

    /// Whole-pixel stroke widths that grow with the chart.
    fn stroke(&self, base: f64) -> u32 {
        (base * self.s).round().max(1.0) as u32
    }
}

fn legend_items(th: &Theme) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = Status::SETTABLE
        .into_iter()
        .map(|st| LegendItem {
            symbol: Symbol::Swatch(rgb(th.status_color(st))),
            label: st.label().to_string(),
        })
        .collect();
    items.extend([
        LegendItem {
            symbol: Symbol::UnknownLine(rgb(th.status_color(Status::Unknown))),
            label: "Unknown (no status event yet)".into(),
        },
        LegendItem {
            symbol: Symbol::Tick,
            label: "Event (middle of its date)".into(),
        },
        LegendItem {
            symbol: Symbol::Bracket,
            label: "Date known to the year or month only".into(),
        },
        LegendItem {
            symbol: Symbol::Disputed,
            label: "Disputed date (sources differ)".into(),
        },
    ]);
    items
}

/// Where an event is drawn.
struct Mark {
    row: usize,
    /// Middle of the date's range, in fractional years.
    mid: f64,
    /// The range, for year and month precision.
    range: Option<(f64, f64)>,
}

fn mark(event: &Event) -> Mark {
    let start = year_fraction_start(event.date.first_day());
    let end = year_fraction_end(event.date.last_day());
    Mark {
        row: event.site,
        mid: (start + end) / 2.0,
        range: (event.date.precision() != Precision::Day).then_some((start, end)),
    }
}

fn draw(
    canvas: &Canvas<'_>,
    timeline: &Timeline<'_>,
    l: &Layout,
    th: &Theme,
) -> Result<(), ChartError> {
    let data = timeline.dataset();
    draw_rows_background(canvas, l, data.sites.len())?;
    draw_axis(canvas, l)?;
    draw_bars(canvas, timeline, l, th)?;
    let marks: Vec<Mark> = data.events.iter().map(mark).collect();
    draw_brackets(canvas, l, &marks)?;
    for m in &marks {
        if l.scale.contains(m.mid) {
            let cy = l.row_centre(m.row);
            let reach = l.bar_h / 2.0 + 3.0 * l.s;
            tick(
                canvas,
                l.scale.x(m.mid),
                cy - reach,
                cy + reach,
                l.stroke(2.0),
            )?;
        }
    }
    draw_disputes(canvas, l, data, &marks)?;
    draw_names(canvas, l)?;
    draw_titles(canvas, l)?;
    draw_legend(
        canvas,
        &l.legend,
        (l.margin, l.legend_top),
        l.width - 2.0 * l.margin,
        l.legend_size,
        l.s,
    )
}

fn draw_rows_background(canvas: &Canvas<'_>, l: &Layout, rows: usize) -> Result<(), ChartError> {
    for i in (1..rows).step_by(2) {
        let top = l.plot_top + i as f64 * l.row_h;
        canvas.rect((l.margin, top), (l.width - l.margin, top + l.row_h), BAND)?;
    }
    Ok(())
}

fn draw_axis(canvas: &Canvas<'_>, l: &Layout) -> Result<(), ChartError> {
    let sc = &l.scale;
    let dense = sc.year_width() < 4.0;
    let tick_len = (6.0 * l.s).round();
    let label_style = font(l.axis_size, false, MUTED, HPos::Center, VPos::Top);
    for year in sc.first..=sc.last + 1 {
        let x = sc.x(f64::from(year));
        let labelled = year.rem_euclid(l.label_every) == 0;
        if !dense || labelled {
            canvas.line(&[(x, l.plot_top), (x, l.plot_bottom)], GRID, l.stroke(1.0))?;
            canvas.line(
                &[(x, l.plot_bottom), (x, l.plot_bottom + tick_len)],
                MUTED,
                l.stroke(1.0),
            )?;
        }
        if labelled && year <= sc.last {
            let centre = sc.x(f64::from(year) + 0.5);
            canvas.text(
                &year.to_string(),
                (centre, l.plot_bottom + tick_len + 2.0 * l.s),
                &label_style,
            )?;
        }
    }
    canvas.line(
        &[(sc.left, l.plot_bottom), (sc.right, l.plot_bottom)],
        MUTED,
        l.stroke(1.0),
    )
}

fn draw_bars(
    canvas: &Canvas<'_>,
    timeline: &Timeline<'_>,
    l: &Layout,
    th: &Theme,
) -> Result<(), ChartError> {
    let sc = &l.scale;
    for p in status_periods(timeline) {
        let from = p.from.map_or(sc.start(), year_fraction_start);
        let until = p.until.map_or(sc.end(), year_fraction_end);
        if until <= sc.start() || from >= sc.end() {
            continue;
        }
        let (x0, x1) = (sc.x(from), sc.x(until));
        let cy = l.row_centre(p.site);
        let colour = rgb(th.status_color(p.status));
        if p.status == Status::Unknown {
            canvas.line(&[(x0, cy), (x1, cy)], colour, l.stroke(2.0))?;
        } else {
            let half = l.bar_h / 2.0;
            canvas.rect((x0, cy - half), (x1, cy + half), colour)?;
        }
    }
    Ok(())
}

/// Brackets over the ranges of year- and month-precision dates, stacked in levels per row so
/// that overlapping ranges stay apart.
fn draw_brackets(canvas: &Canvas<'_>, l: &Layout, marks: &[Mark]) -> Result<(), ChartError> {
    let sc = &l.scale;
    let step = (4.0 * l.s).round().max(3.0);
    let room = (l.row_h - l.bar_h) / 2.0 - 3.0 * l.s;
    let max_level = ((room / step).floor() as usize).saturating_sub(1);
    // Per row: the right end of the last bracket on each level.
    let rows = marks.iter().map(|m| m.row + 1).max().unwrap_or(0);
    let mut levels: Vec<Vec<f64>> = vec![Vec::new(); rows];
    let mut order: Vec<usize> = (0..marks.len()).collect();
    // Wider ranges first, so that a month sits above the year it lies in.
    order.sort_by(|&a, &b| {
        let width = |m: &Mark| m.range.map_or(0.0, |(s, e)| e - s);
        width(&marks[b])
            .total_cmp(&width(&marks[a]))
            .then(a.cmp(&b))
    });
    for i in order {
        let m = &marks[i];
        let Some((start, end)) = m.range else {
            continue;
        };
        if end <= sc.start() || start >= sc.end() {
            continue;
        }
        let (x0, x1) = (sc.x(start), sc.x(end));
        let row = &mut levels[m.row];
        let level = match row.iter().position(|&right| right <= x0 - 2.0) {
            Some(k) => k,
            None => {
                row.push(f64::NEG_INFINITY);
                row.len() - 1
            }
        };
        row[level] = x1;
        let y =
            l.row_centre(m.row) - l.bar_h / 2.0 - 3.0 * l.s - step * level.min(max_level) as f64;
        bracket(
            canvas,
            x0,
            x1,
            y,
            (3.0 * l.s).round().max(2.0),
            l.stroke(1.0),
        )?;
    }
    Ok(())
}

fn draw_disputes(
    canvas: &Canvas<'_>,
    l: &Layout,
    data: &Dataset,
    marks: &[Mark],
) -> Result<(), ChartError> {
    let sc = &l.scale;
    let r = (7.0 * l.s).round();
    let mut pairs: Vec<(usize, usize)> = data
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.disputes.map(|p| (i.min(p), i.max(p))))
        .filter(|(a, b)| a != b)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for &(a, b) in &pairs {
        let pa = (sc.x(marks[a].mid), l.row_centre(marks[a].row));
        let pb = (sc.x(marks[b].mid), l.row_centre(marks[b].row));
        if !(sc.contains(marks[a].mid) || sc.contains(marks[b].mid)) {
            continue;
        }
        // The connector runs between the diamonds' edges, so it does not cross their hollows.
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = dx.hypot(dy);
        if len > 2.0 * r + 2.0 {
            let (ux, uy) = (dx / len, dy / len);
            let from = (pa.0 + ux * r, pa.1 + uy * r);
            let to = (pb.0 - ux * r, pb.1 - uy * r);
            canvas.dashed(
                from,
                to,
                DISPUTED,
                l.stroke(2.0),
                l.stroke(5.0),
                l.stroke(3.0),
            )?;
        }
        for (m, p) in [(&marks[a], pa), (&marks[b], pb)] {
            if sc.contains(m.mid) {
                diamond(canvas, p, r, l.stroke(2.5) as f64)?;
            }
        }
    }
    Ok(())
}

fn draw_names(canvas: &Canvas<'_>, l: &Layout) -> Result<(), ChartError> {
    let x = l.scale.left - (14.0 * l.s).round();
    let name_style = font(l.name_size, true, INK, HPos::Right, VPos::Center);
    let detail_style = font(l.detail_size, false, MUTED, HPos::Right, VPos::Center);
    for (i, (name, detail)) in l.names.iter().enumerate() {
        let cy = l.row_centre(i);
        if l.show_detail {
            let half = (l.name_size + l.detail_size) * 0.62 / 2.0;
            canvas.text(name, (x, cy - half - 1.0), &name_style)?;
            canvas.text(detail, (x, cy + half + 1.0), &detail_style)?;
        } else {
            canvas.text(name, (x, cy), &name_style)?;
        }
    }
    Ok(())
}

fn draw_titles(canvas: &Canvas<'_>, l: &Layout) -> Result<(), ChartError> {
    canvas.text(
        &l.title,
        (l.margin, l.margin),
        &font(l.title_size, true, INK, HPos::Left, VPos::Top),
    )?;
    canvas.text(
        &l.subtitle,
        (l.margin, l.margin + l.title_size * 1.45),
        &font(l.subtitle_size, false, MUTED, HPos::Left, VPos::Top),
    )
}

#[cfg(test)]
mod tests;
