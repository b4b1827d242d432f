//! The year's events in the side panel: events that say the same thing on the same date are
//! grouped, and the list with the notes of every source it cites is fitted to the room there
//! is, with smaller type before anything is left out.

use super::geometry::Rect;
use super::style::{colors, sizes};
use super::text::{fit, wrap};
use crate::fonts::{FontStyle, vertical_extent};
use crate::model::{Dataset, PartialDate};
use crate::render::scene::{Item, Text};
use crate::timeline::YearSnapshot;

/// The number a source carries on every map: its position in `sources.csv`, from 1.
pub fn source_number(source: usize) -> usize {
    source + 1
}

/// One line of news: one event, or several that say the same thing on the same date.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsEntry {
    /// The date as the sources give it.
    pub date: PartialDate,
    /// The sites, in dataset order.
    pub sites: Vec<usize>,
    /// The summary of the group's shortest-worded event.
    pub summary: String,
    /// Every source the grouped events cite, by index, sorted.
    pub sources: Vec<usize>,
    /// The other date the sources give, and that date's sources, when the date is disputed.
    pub disputed: Option<(PartialDate, Vec<usize>)>,
    /// Whether the date is not wholly past on the map's day, so the map does not count it
    /// yet (a year-only 2012 event on a map of 30 June 2012).
    pub pending: bool,
}

/// The snapshot's news as entries: events with the same date, kind, status and disputed
/// date are one entry naming all their sites (the four "merged into the joint base" rows of
/// 2017 become one line). Order follows the first event of each entry.
///
/// ```
/// use chronomap::layout::news::news_entries;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let entries = news_entries(&data, &Timeline::new(&data).year_snapshot(2017));
/// assert!(entries.iter().any(|e| e.sites.len() == 4));
/// ```
pub fn news_entries(dataset: &Dataset, snapshot: &YearSnapshot) -> Vec<NewsEntry> {
    let mut entries: Vec<(NewsEntry, GroupKey)> = Vec::new();
    for &i in &snapshot.news {
        let e = &dataset.events[i];
        let other = e.disputes.map(|o| dataset.events[o].date);
        let key = (e.kind as usize, e.status.map_or("", |s| s.as_str()), other);
        let same = entries
            .iter_mut()
            .find(|(n, k)| n.date == e.date && *k == key && !n.sites.contains(&e.site));
        match same {
            Some((entry, _)) => {
                entry.sites.push(e.site);
                merge(&mut entry.sources, &e.sources);
                if let (Some(o), Some((_, srcs))) = (e.disputes, entry.disputed.as_mut()) {
                    merge(srcs, &dataset.events[o].sources);
                }
                // The shortest wording of the group stands for it (ties: the first).
                if e.summary.chars().count() < entry.summary.chars().count() {
                    entry.summary = e.summary.clone();
                }
            }
            None => {
                let mut sources = Vec::new();
                merge(&mut sources, &e.sources);
                let disputed = e.disputes.map(|o| {
                    let mut s = Vec::new();
                    merge(&mut s, &dataset.events[o].sources);
                    (dataset.events[o].date, s)
                });
                entries.push((
                    NewsEntry {
                        date: e.date,
                        sites: vec![e.site],
                        summary: e.summary.clone(),
                        sources,
                        disputed,
                        pending: e.date.last_day() > snapshot.day,
                    },
                    key,
                ));
            }
        }
    }
    let mut out: Vec<NewsEntry> = entries.into_iter().map(|(n, _)| n).collect();
    for n in &mut out {
        n.sites.sort_unstable();
    }
    out
}

/// What events must share, besides the date, to be one entry: kind, status, disputed date.
type GroupKey<'a> = (usize, &'a str, Option<PartialDate>);

fn merge(into: &mut Vec<usize>, from: &[usize]) {
    for &s in from {
        if let Err(at) = into.binary_search(&s) {
            into.insert(at, s);
        }
    }
}

fn numbers(sources: &[usize]) -> String {
    sources
        .iter()
        .map(|&s| source_number(s).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Type sizes to try, largest first: the panel shrinks its type before it leaves anything
/// out, down to a floor that stays readable.
const SCALES: [f64; 5] = [1.0, 0.94, 0.88, 0.82, 0.76];

/// The panel's events and source notes fitted into `area`: every entry and the note of
/// every source they cite, at the largest type size of [`SCALES`] that holds them all. Only
/// when even the smallest cannot, the last entries give way to one line saying how many
/// events of the year are not shown; the notes still list the sources of every event, so
/// the printed page names where to read the rest. Returns (event items, note items).
pub fn news(
    area: Rect,
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    heading_text: &str,
) -> (Vec<Item>, Vec<Item>) {
    let entries = news_entries(dataset, snapshot);
    let mut cited = Vec::new();
    for e in &entries {
        merge(&mut cited, &e.sources);
        if let Some((_, s)) = &e.disputed {
            merge(&mut cited, s);
        }
    }
    for scale in SCALES {
        let panel = Panel { area, scale };
        if let Some(done) = panel.draw(
            dataset,
            &entries,
            entries.len(),
            &cited,
            heading_text,
            snapshot.year,
        ) {
            return done;
        }
    }
    // Even the smallest type cannot hold everything: show as many entries as fit.
    let panel = Panel {
        area,
        scale: SCALES[SCALES.len() - 1],
    };
    for shown in (0..entries.len()).rev() {
        if let Some(done) = panel.draw(
            dataset,
            &entries,
            shown,
            &cited,
            heading_text,
            snapshot.year,
        ) {
            return done;
        }
    }
    // Not even the heading and the notes fit: the heading alone.
    let ((events, _), _) = panel.layout(dataset, &entries, 0, &[], heading_text, snapshot.year);
    (events, Vec::new())
}

/// The panel at one type scale.
struct Panel {
    area: Rect,
    scale: f64,
}

impl Panel {
    /// Lays out the first `shown` entries and the notes; `None` when they overflow.
    fn draw(
        &self,
        dataset: &Dataset,
        entries: &[NewsEntry],
        shown: usize,
        cited: &[usize],
        heading_text: &str,
        year: i32,
    ) -> Option<(Vec<Item>, Vec<Item>)> {
        let (items, bottom) = self.layout(dataset, entries, shown, cited, heading_text, year);
        (bottom <= self.area.y1).then_some(items)
    }

    /// Lays out everything from the top of the area; returns the items and the lowest y.
    fn layout(
        &self,
        dataset: &Dataset,
        entries: &[NewsEntry],
        shown: usize,
        cited: &[usize],
        heading_text: &str,
        year: i32,
    ) -> ((Vec<Item>, Vec<Item>), f64) {
        let area = self.area;
        let body = sizes::BODY * self.scale;
        let small = sizes::SMALL * self.scale;
        let line_h = body + 3.5 * self.scale;
        let mut items = Vec::new();
        let mut y = area.y0 + sizes::HEADING;
        items.push(heading(area.x0, y, heading_text));
        y += 6.0;
        if entries.is_empty() {
            y += line_h;
            items.push(Item::Text(
                Text::new(area.x0, y, "No events recorded in this year.", body)
                    .color(colors::MUTED),
            ));
        }
        for e in &entries[..shown] {
            let mut summary = format!("{} [{}]", e.summary, numbers(&e.sources));
            if let Some((other, srcs)) = &e.disputed {
                summary.push_str(&format!(
                    " ‡ Another source dates this {other} [{}].",
                    numbers(srcs)
                ));
            }
            let mut date = e.date.to_string();
            if e.disputed.is_some() {
                date.push_str(" ‡");
            }
            let names: Vec<&str> = e
                .sites
                .iter()
                .map(|&s| dataset.sites[s].name.as_str())
                .collect();
            let head = format!("{date}  ·  {}", names.join(", "));
            y += line_h + 5.0 * self.scale;
            let head_lines = wrap(&head, area.width(), body, FontStyle::Bold);
            for (k, line) in head_lines.iter().enumerate() {
                if k > 0 {
                    y += line_h;
                }
                items.push(Item::Text(
                    Text::new(
                        area.x0,
                        y,
                        &fit(line, area.width(), body, FontStyle::Bold),
                        body,
                    )
                    .style(FontStyle::Bold)
                    .color(if e.disputed.is_some() {
                        colors::DISPUTED
                    } else {
                        colors::INK
                    }),
                ));
            }
            if e.pending {
                y += line_h;
                let note = format!("Dated only to {}: not yet counted on this map.", e.date);
                items.push(Item::Text(
                    Text::new(area.x0 + 12.0, y, &note, body)
                        .style(FontStyle::Oblique)
                        .color(colors::MUTED),
                ));
            }
            for line in wrap(&summary, area.width() - 12.0, body, FontStyle::Regular) {
                y += line_h;
                items.push(Item::Text(
                    Text::new(area.x0 + 12.0, y, &line, body).color(colors::INK),
                ));
            }
        }
        let hidden: usize = entries[shown..].iter().map(|e| e.sites.len()).sum();
        if hidden > 0 {
            let text = format!(
                "{hidden} more {} of {year} not shown for lack of room; their sources are among those below.",
                if hidden == 1 { "event" } else { "events" }
            );
            for line in wrap(&text, area.width(), body, FontStyle::Oblique) {
                y += line_h;
                items.push(Item::Text(
                    Text::new(area.x0, y, &line, body)
                        .style(FontStyle::Oblique)
                        .color(colors::MUTED),
                ));
            }
        }
        y += vertical_extent(body).1;
        let mut notes = Vec::new();
        if !cited.is_empty() {
            y += 18.0 * self.scale + sizes::HEADING;
            notes.push(heading(area.x0, y, "Sources"));
            y += 4.0;
            let small_h = small + 3.0 * self.scale;
            for &s in cited {
                let src = &dataset.sources[s];
                let text = src.note(source_number(s));
                for (j, line) in wrap(&text, area.width() - 18.0, small, FontStyle::Regular)
                    .iter()
                    .enumerate()
                {
                    y += small_h;
                    let x = if j == 0 { area.x0 } else { area.x0 + 18.0 };
                    notes.push(Item::Text(Text::new(x, y, line, small).color(colors::INK)));
                }
                y += 2.0 * self.scale;
            }
            y += vertical_extent(small).1;
        }
        ((items, notes), y)
    }
}

fn heading(x: f64, y: f64, text: &str) -> Item {
    Item::Text(
        Text::new(x, y, text, sizes::HEADING)
            .style(FontStyle::Bold)
            .color(colors::INK),
    )
}
