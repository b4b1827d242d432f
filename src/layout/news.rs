//! The year's events in the side panel: events that say the same thing on the same date are
//! grouped, and the list with the notes of every source it cites is fitted to the room there
//! is, with smaller type before anything is left out.

use super::geometry::Rect;
use super::text::{fit, wrap};
use crate::color::Color;
use crate::fonts::{FontStyle, vertical_extent};
use crate::model::{Dataset, PartialDate};
use crate::scene::{Item, Text};
use crate::theme::Theme;
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
    let mut entries: Vec<NewsEntry> = Vec::new();
    // The entries that share a date and a key, so grouping costs one look-up per event, not
    // a scan of the year's entries (a large dataset has tens of thousands of events a year).
    let mut groups: std::collections::HashMap<
        (PartialDate, GroupKey),
        Vec<usize>,
        foldhash::fast::FixedState,
    > = std::collections::HashMap::default();
    for &i in &snapshot.news {
        let e = &dataset.events[i];
        let other = e.disputes.map(|o| dataset.events[o].date);
        let key = (e.kind as usize, e.status.map_or("", |s| s.as_str()), other);
        let candidates = groups.entry((e.date, key)).or_default();
        let same = candidates
            .iter()
            .copied()
            .find(|&k| !entries[k].sites.contains(&e.site));
        match same.map(|k| &mut entries[k]) {
            Some(entry) => {
                entry.sites.push(e.site);
                merge(&mut entry.sources, &e.sources);
                if let (Some(o), Some((_, srcs))) = (e.disputes, entry.disputed.as_mut()) {
                    merge(srcs, &dataset.events[o].sources);
                }
                // The shortest wording of the group stands for it (ties: the first).
                if e.summary.chars().count() < entry.summary.chars().count() {
                    entry.summary = e.summary.to_string();
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
                candidates.push(entries.len());
                entries.push(NewsEntry {
                    date: e.date,
                    sites: vec![e.site],
                    summary: e.summary.to_string(),
                    sources,
                    disputed,
                    pending: e.date.last_day() > snapshot.day,
                });
            }
        }
    }
    for n in &mut entries {
        n.sites.sort_unstable();
    }
    entries
}

/// What events must share, besides the date, to be one entry: kind, status, disputed date.
type GroupKey<'a> = (usize, &'a str, Option<PartialDate>);

/// What changed on the map in the snapshot's year, in words: "Manas closed; Kant, Osh
/// active". `None` when no site's status changed. Sites that share a new status are named
/// together, statuses in the order of the sites' first appearance.
///
/// ```
/// use chronomap::layout::news::changes_in_words;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let snap = Timeline::new(&data).year_snapshot(2014);
/// assert_eq!(changes_in_words(&data, &snap).as_deref(), Some("Manas closed"));
/// ```
pub fn changes_in_words(dataset: &Dataset, snapshot: &YearSnapshot) -> Option<String> {
    changes_grouped(
        snapshot,
        |i| dataset.sites[i].name.clone(),
        |status, names| format!("{names} {}", status.as_str()),
    )
}

/// The sites whose status changed in the snapshot's year, grouped by their new status (in
/// the order of the sites' first appearance), each group worded by `group` from its status
/// and its names joined with ", ", the groups joined with "; ". `None` when nothing changed.
fn changes_grouped(
    snapshot: &YearSnapshot,
    name: impl Fn(usize) -> String,
    group: impl Fn(crate::model::Status, &str) -> String,
) -> Option<String> {
    let mut groups: Vec<(crate::model::Status, Vec<String>)> = Vec::new();
    for (i, state) in snapshot.states.iter().enumerate() {
        if !snapshot.changed(i) {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| *s == state.status) {
            Some((_, names)) => names.push(name(i)),
            None => groups.push((state.status, vec![name(i)])),
        }
    }
    (!groups.is_empty()).then(|| {
        groups
            .iter()
            .map(|(status, names)| group(*status, &names.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// [`changes_in_words`] in the map's languages: site names from the style's languages and
/// statuses from its catalogue ("Манас — закрыта"). English maps get exactly
/// [`changes_in_words`].
///
/// ```
/// use chronomap::layout::news::changes_in_words_in;
/// use chronomap::lang::Languages;
/// use chronomap::theme::Theme;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let snap = Timeline::new(&data).year_snapshot(2014);
/// let ru = Theme::default().with_languages(Languages::parse("ru").unwrap());
/// assert_eq!(changes_in_words_in(&data, &snap, &ru).as_deref(), Some("Манас — закрыта"));
/// ```
pub fn changes_in_words_in(
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    th: &Theme,
) -> Option<String> {
    if th.langs == crate::lang::Languages::default() {
        return changes_in_words(dataset, snapshot);
    }
    changes_grouped(
        snapshot,
        |i| th.name(&dataset.sites[i].name, &dataset.sites[i].names),
        |status, names| format!("{names} — {}", status.word(&th.words).to_lowercase()),
    )
}

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

/// The first `most` of `lines`; when some are left out, the last one kept runs on into the
/// next and is cut with an ellipsis by `shorten`, so the reader sees that the text goes on.
fn at_most(mut lines: Vec<String>, most: usize, shorten: impl Fn(&str) -> String) -> Vec<String> {
    if lines.len() > most && most > 0 {
        let run_on = format!("{} {}", lines[most - 1], lines[most]);
        lines.truncate(most);
        lines[most - 1] = shorten(&run_on);
    }
    lines
}

/// Type sizes to try, largest first: the panel shrinks its type before it leaves anything
/// out, down to a floor that stays readable.
const SCALES: [f64; 5] = [1.0, 0.94, 0.88, 0.82, 0.76];

/// The panel's events and source notes fitted into `area` (no text below `min_text`): every
/// entry and the note of every source they cite, at the largest type size of [`SCALES`] that
/// holds them all. Only when even the smallest cannot, the last entries give way to one line
/// saying how many events of the year are not shown; the notes still list the sources of
/// every event (cut short, with a count, only when they alone would fill half the panel).
/// Each attempt stops at the first entry that overflows, so a crowded year costs no more than
/// the entries that fit. Returns (event items, note items).
pub fn news(
    area: Rect,
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    heading_text: &str,
    min_text: f64,
    th: &Theme,
) -> (Vec<Item>, Vec<Item>) {
    let entries = news_entries(dataset, snapshot);
    let changes = changes_in_words_in(dataset, snapshot, th);
    let mut cited = Vec::new();
    for e in &entries {
        merge(&mut cited, &e.sources);
        if let Some((_, s)) = &e.disputed {
            merge(&mut cited, s);
        }
    }
    let fit_at = |scale: f64, all: bool| {
        Panel {
            th,
            area,
            scale,
            min_text,
        }
        .fit(
            dataset,
            &entries,
            &cited,
            changes.as_deref(),
            heading_text,
            snapshot.year,
            all,
        )
    };
    SCALES
        .iter()
        .find_map(|&scale| fit_at(scale, true))
        .or_else(|| fit_at(SCALES[SCALES.len() - 1], false))
        .unwrap_or_default()
}

/// A line of text laid out at a y relative to the start of its block.
struct Line<'a> {
    x: f64,
    dy: f64,
    text: String,
    size: f64,
    style: FontStyle,
    color: &'a Color,
}

impl Line<'_> {
    fn at(self, y: f64) -> Item {
        Item::Text(
            Text::new(self.x, y + self.dy, &self.text, self.size)
                .style(self.style)
                .color(*self.color),
        )
    }
}

/// The panel at one type scale.
struct Panel<'a> {
    th: &'a Theme,
    area: Rect,
    scale: f64,
    /// No text smaller than this (the page's floor), whatever the scale.
    min_text: f64,
}

impl<'a> Panel<'a> {
    fn body(&self) -> f64 {
        (self.th.sizes.body * self.scale).max(self.min_text)
    }

    fn small(&self) -> f64 {
        (self.th.sizes.small * self.scale).max(self.min_text)
    }

    fn line_h(&self) -> f64 {
        self.body() + 3.5 * self.scale
    }

    /// Lays out the heading, the change line, as many entries as fit (all of them, or
    /// `None`, when `all`), the count of those left out, and the notes.
    #[allow(clippy::too_many_arguments)]
    fn fit(
        &self,
        dataset: &Dataset,
        entries: &[NewsEntry],
        cited: &[usize],
        changes: Option<&str>,
        heading_text: &str,
        year: i32,
        all: bool,
    ) -> Option<(Vec<Item>, Vec<Item>)> {
        let (th, area) = (self.th, self.area);
        let (body, line_h) = (self.body(), self.line_h());
        let mut items = Vec::new();
        let mut y = area.y0 + th.sizes.heading;
        items.push(heading(area.x0, y, heading_text, th));
        y += 6.0;
        // The change the map shows, named first: the reader's five-second summary.
        if let Some(changes) = changes {
            let text = th.words.changed_line.replace("{changes}", changes);
            // At most a third of the panel, so that a year in which thousands of sites changed
            // still leaves room for its events and never runs past the panel.
            let most = ((area.height() / 3.0 / line_h).floor() as usize).max(1);
            for line in at_most(
                wrap(&text, area.width(), body, FontStyle::Bold),
                most,
                |l| fit(l, area.width(), body, FontStyle::Bold),
            ) {
                y += line_h;
                items.push(
                    Text::new(area.x0, y, &line, body)
                        .style(FontStyle::Bold)
                        .color(th.colors.changed_text)
                        .into(),
                );
            }
            y += 2.0 * self.scale;
        }
        if entries.is_empty() {
            y += line_h;
            items.push(
                Text::new(area.x0, y, "No events recorded in this year.", body)
                    .color(th.colors.muted)
                    .into(),
            );
        }
        let (notes, notes_h) = self.notes(dataset, cited, year);
        // Room for the line that counts what is left out, should it be needed.
        let reserve = 2.0 * line_h;
        let mut shown = 0;
        for e in entries {
            let (lines, h) = self.entry(dataset, e);
            let last = shown + 1 == entries.len();
            let limit = area.y1 - notes_h - if last { 0.0 } else { reserve };
            if y + h > limit && !(last && y + h <= area.y1 - notes_h) {
                break;
            }
            items.extend(lines.into_iter().map(|l| l.at(y)));
            y += h;
            shown += 1;
        }
        let hidden: usize = entries[shown..].iter().map(|e| e.sites.len()).sum();
        if hidden > 0 {
            if all {
                return None;
            }
            let text = format!(
                "{hidden} more {} of {year} not shown for lack of room; their sources are among those below.",
                if hidden == 1 { "event" } else { "events" }
            );
            for line in wrap(&text, area.width(), body, FontStyle::Oblique) {
                y += line_h;
                items.push(
                    Text::new(area.x0, y, &line, body)
                        .style(FontStyle::Oblique)
                        .color(th.colors.muted)
                        .into(),
                );
            }
        }
        y += vertical_extent(body).1;
        if y + notes_h > area.y1 && all {
            return None;
        }
        let notes = notes.into_iter().map(|l| l.at(y)).collect();
        Some((items, notes))
    }

    /// One entry's lines, relative to the bottom of the entry above, and its height.
    fn entry(&self, dataset: &Dataset, e: &NewsEntry) -> (Vec<Line<'a>>, f64) {
        let (th, area) = (self.th, self.area);
        let (body, line_h) = (self.body(), self.line_h());
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
        let mut lines = Vec::new();
        let mut dy = line_h + 5.0 * self.scale;
        for (k, line) in wrap(&head, area.width(), body, FontStyle::Bold)
            .iter()
            .enumerate()
        {
            if k > 0 {
                dy += line_h;
            }
            lines.push(Line {
                x: area.x0,
                dy,
                text: fit(line, area.width(), body, FontStyle::Bold),
                size: body,
                style: FontStyle::Bold,
                color: if e.disputed.is_some() {
                    &th.colors.disputed
                } else {
                    &th.colors.ink
                },
            });
        }
        if e.pending {
            dy += line_h;
            lines.push(Line {
                x: area.x0 + 12.0,
                dy,
                text: th.words.dated_only.replace("{date}", &e.date.to_string()),
                size: body,
                style: FontStyle::Oblique,
                color: &th.colors.muted,
            });
        }
        for line in wrap(&summary, area.width() - 12.0, body, FontStyle::Regular) {
            dy += line_h;
            lines.push(Line {
                x: area.x0 + 12.0,
                dy,
                text: line,
                size: body,
                style: FontStyle::Regular,
                color: &th.colors.ink,
            });
        }
        (lines, dy)
    }

    /// The "Sources" heading and a note per cited source, relative to the end of the
    /// events, and their height. Notes that alone would take over half the panel are cut
    /// short with a count of the rest.
    fn notes(&self, dataset: &Dataset, cited: &[usize], year: i32) -> (Vec<Line<'a>>, f64) {
        if cited.is_empty() {
            return (Vec::new(), 0.0);
        }
        let (th, area) = (self.th, self.area);
        let small = self.small();
        let small_h = small + 3.0 * self.scale;
        let budget = area.height() / 2.0;
        let mut lines = Vec::new();
        let mut dy = 18.0 * self.scale + th.sizes.heading;
        lines.push(Line {
            x: area.x0,
            dy,
            text: th.words.sources.into(),
            size: th.sizes.heading,
            style: FontStyle::Bold,
            color: &th.colors.ink,
        });
        dy += 4.0;
        for (k, &s) in cited.iter().enumerate() {
            let text = dataset.sources[s].note(source_number(s));
            let wrapped = wrap(&text, area.width() - 18.0, small, FontStyle::Regular);
            if dy + small_h * (wrapped.len() + 1) as f64 > budget && k + 1 < cited.len() {
                dy += small_h;
                lines.push(Line {
                    x: area.x0,
                    dy,
                    text: format!(
                        "… and {} more sources cited by the events of {year}.",
                        cited.len() - k
                    ),
                    size: small,
                    style: FontStyle::Oblique,
                    color: &th.colors.muted,
                });
                break;
            }
            for (j, line) in wrapped.into_iter().enumerate() {
                dy += small_h;
                lines.push(Line {
                    x: if j == 0 { area.x0 } else { area.x0 + 18.0 },
                    dy,
                    text: line,
                    size: small,
                    style: FontStyle::Regular,
                    color: &th.colors.ink,
                });
            }
            dy += 2.0 * self.scale;
        }
        dy += vertical_extent(small).1;
        (lines, dy)
    }
}

fn heading(x: f64, y: f64, text: &str, th: &Theme) -> Item {
    Item::Text(
        Text::new(x, y, text, th.sizes.heading)
            .style(FontStyle::Bold)
            .color(th.colors.ink),
    )
}
