//! The words a map carries about itself: the neutral title built from the data, and the
//! credit line naming the data's publishers and the basemap's sources.

use super::geometry::Rect;
use super::page_plan::{CREDIT_LINE, MARGIN};
use super::text::{fit, wrap};
use crate::fonts::FontStyle;
use crate::input::Basemap;
use crate::model::Dataset;
use crate::scene::{Item, Text};
use crate::theme::Theme;

/// The default credit for the events: `{publishers}` is replaced by the sources' publishers.
pub const DEFAULT_EVENTS_CREDIT: &str =
    "Events: compiled with chronomap from {publishers} (numbered notes).";

/// The most lines the credit line may wrap to; beyond that it ends in "…".
const MAX_CREDIT_LINES: usize = 4;

/// The credit line: the basemap's sources, then the events' credit (the dataset's own from
/// `dataset.toml`, or [`DEFAULT_EVENTS_CREDIT`]), where `{publishers}` names who published the
/// sources. A source with no real publisher (empty, or a placeholder such as "Unknown") is
/// credited by its title instead.
///
/// ```
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let text = chronomap::layout::credits::credit_text(&data, None);
/// assert!(text.contains("Natural Earth") && text.contains("GeoNames") && text.contains("RFE/RL"));
/// assert!(!text.contains("Unknown"));
/// ```
pub fn credit_text(dataset: &Dataset, events_credit: Option<&str>) -> String {
    credit_text_in(dataset, events_credit, &crate::lang::Lang::En.words())
}

/// [`credit_text`] in the language of `words`.
pub fn credit_text_in(
    dataset: &Dataset,
    events_credit: Option<&str>,
    words: &crate::lang::Words,
) -> String {
    let mut publishers: Vec<String> = Vec::new();
    for s in &dataset.sources {
        let name = if s.publisher_known() {
            s.publisher.trim().to_string()
        } else {
            format!("“{}”", s.title)
        };
        if !publishers.contains(&name) {
            publishers.push(name);
        }
    }
    let events = events_credit
        .unwrap_or(words.events_credit)
        .replace("{publishers}", &publishers.join(", "));
    format!(
        "{} {events} {}",
        words.basemap_credit, words.projection_credit
    )
}

/// A title that claims nothing the data does not say: the countries the sites lie in, by
/// number of sites ("Sites in Kyrgyzstan and Uzbekistan"), named from the basemap.
///
/// ```
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let title = chronomap::layout::credits::neutral_title(&data, chronomap::bundled::basemap());
/// assert_eq!(title, "Sites in Kyrgyzstan and Uzbekistan");
/// ```
pub fn neutral_title(dataset: &Dataset, basemap: &Basemap) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in &dataset.sites {
        match counts.iter_mut().find(|(c, _)| *c == s.country) {
            Some(entry) => entry.1 += 1,
            None => counts.push((&s.country, 1)),
        }
    }
    // Stable: ties keep the order of first appearance.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let name = |code: &str| {
        basemap
            .countries
            .iter()
            .chain(&basemap.locator)
            .find(|a| a.code.eq_ignore_ascii_case(code))
            .map_or_else(|| code.to_string(), |a| a.name.clone())
    };
    let names: Vec<String> = counts.iter().map(|(c, _)| name(c)).collect();
    match names.len() {
        0 => "Sites".to_string(),
        1 => format!("Sites in {}", names[0]),
        2 | 3 => format!(
            "Sites in {} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
        n => format!("Sites in {n} countries"),
    }
}

/// How many lines the credits take on a page `width` units wide.
pub(super) fn credit_line_count(text: &str, width: f64, th: &Theme) -> usize {
    let frame_x0 = MARGIN + 40.0;
    wrap(
        text,
        width - MARGIN - frame_x0,
        th.sizes.smallest,
        FontStyle::Regular,
    )
    .len()
    .clamp(1, MAX_CREDIT_LINES)
}

pub(super) fn credits(
    text: &str,
    frame: Rect,
    width: f64,
    height: f64,
    n: usize,
    th: &Theme,
) -> Vec<Item> {
    let lines = wrap(
        text,
        width - MARGIN - frame.x0,
        th.sizes.smallest,
        FontStyle::Regular,
    );
    lines
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, line)| {
            let line = if i + 1 == n && lines.len() > n {
                fit(
                    &format!("{line} …"),
                    width - MARGIN - frame.x0,
                    th.sizes.smallest,
                    FontStyle::Regular,
                )
            } else {
                line.clone()
            };
            Item::Text(
                Text::new(
                    frame.x0,
                    height - MARGIN + 8.0 - CREDIT_LINE * (n - 1 - i) as f64,
                    &line,
                    th.sizes.smallest,
                )
                .color(th.colors.muted),
            )
        })
        .collect()
}
