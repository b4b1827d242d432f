//! The side panel: the legend, the year's events with their source numbers, and the
//! numbered source notes.

use super::geometry::Rect;
use super::style::{UNKNOWN_OPACITY, colors, sizes};
use super::symbols::symbol;
use super::text::{fit, wrap};
use crate::fonts::{FontStyle, vertical_extent};
use crate::model::{Dataset, Status};
use crate::palette::{Shape, status_color};
use crate::render::scene::{Item, Paint, Text};
use crate::timeline::YearSnapshot;

/// What the legend must explain beyond the fixed entries.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendFacts {
    /// The operator shapes that appear on the map, in legend order.
    pub shapes: Vec<Shape>,
    /// Sites whose label found no free spot (left unlabelled rather than overlapping).
    pub hidden_labels: usize,
    /// Sites outside the map's extent.
    pub outside: usize,
    /// Whether any label uses a leader line.
    pub leaders: bool,
}

/// Draws the legend from the top of `area`; returns its items and the y where it ends.
pub fn legend(area: Rect, facts: &LegendFacts) -> (Vec<Item>, f64) {
    let mut items = Vec::new();
    let mut y = area.y0;
    let col = area.width() / 2.0;
    y += sizes::HEADING;
    items.push(heading(area.x0, y, "Status"));
    y += 8.0;
    let statuses = [
        (Status::Active, "Active"),
        (Status::Proposed, "Proposed"),
        (Status::Declined, "Declined (refused)"),
        (Status::Closed, "Closed"),
        (Status::Unknown, "Not yet in the record"),
    ];
    let row = 19.0;
    for (i, (status, label)) in statuses.iter().enumerate() {
        let x = area.x0 + if i % 2 == 0 { 0.0 } else { col };
        let cy = y + (i / 2) as f64 * row + 8.0;
        let mut paint = Paint::fill_stroke(status_color(*status), colors::PAGE, 1.2);
        if *status == Status::Unknown {
            paint = paint.with_opacity(UNKNOWN_OPACITY);
        }
        items.push(symbol(Shape::Circle, (x + 8.0, cy), sizes::SYMBOL, paint));
        items.push(body(x + 22.0, cy + 4.0, label));
    }
    y += statuses.len().div_ceil(2) as f64 * row + 10.0;
    y += sizes::HEADING;
    items.push(heading(area.x0, y, "Operator"));
    y += 8.0;
    for (i, shape) in facts.shapes.iter().enumerate() {
        let x = area.x0 + if i % 2 == 0 { 0.0 } else { col };
        let cy = y + (i / 2) as f64 * row + 8.0;
        items.push(symbol(
            *shape,
            (x + 8.0, cy),
            sizes::SYMBOL,
            Paint::fill_stroke("#777777", colors::PAGE, 1.2),
        ));
        items.push(body(x + 22.0, cy + 4.0, shape.legend_label()));
    }
    y += facts.shapes.len().div_ceil(2) as f64 * row + 6.0;
    // The disputed mark.
    let cy = y + 8.0;
    items.push(symbol(
        Shape::Circle,
        (area.x0 + 8.0, cy),
        sizes::SYMBOL,
        Paint::fill_stroke("#777777", colors::PAGE, 1.2),
    ));
    items.push(disputed_ring((area.x0 + 8.0, cy)));
    items.push(body(
        area.x0 + 26.0,
        cy + 4.0,
        "‡ Sources disagree on a date; status uncertain",
    ));
    y += row + 4.0;
    let mut notes = Vec::new();
    if facts.leaders {
        notes.push("A thin line joins a label moved off its site.".to_string());
    }
    if facts.hidden_labels > 0 {
        notes.push(match facts.hidden_labels {
            1 => "1 site label left out where the map is too crowded.".to_string(),
            n => format!("{n} site labels left out where the map is too crowded."),
        });
    }
    if facts.outside > 0 {
        notes.push(match facts.outside {
            1 => "1 site lies outside the map area.".to_string(),
            n => format!("{n} sites lie outside the map area."),
        });
    }
    for note in notes {
        for line in wrap(&note, area.width(), sizes::SMALL, FontStyle::Regular) {
            y += sizes::SMALL + 3.0;
            items.push(Item::Text(
                Text::new(area.x0, y, &line, sizes::SMALL).color(colors::MUTED),
            ));
        }
    }
    (items, y + 6.0)
}

/// The dashed ring that marks a site whose status depends on a disputed date.
pub fn disputed_ring(c: (f64, f64)) -> Item {
    Item::Circle {
        center: c,
        r: sizes::SYMBOL + 4.0,
        paint: Paint::stroke(colors::DISPUTED, 1.6).dashed(&[3.0, 2.0]),
    }
}

fn heading(x: f64, y: f64, text: &str) -> Item {
    Item::Text(
        Text::new(x, y, text, sizes::HEADING)
            .style(FontStyle::Bold)
            .color(colors::INK),
    )
}

fn body(x: f64, y: f64, text: &str) -> Item {
    Item::Text(Text::new(x, y, text, sizes::BODY).color(colors::INK))
}

/// The number a source carries on every map: its position in `sources.csv`, from 1.
pub fn source_number(source: usize) -> usize {
    source + 1
}

/// The events of the snapshot's year, each as a date and site line, a wrapped summary and
/// its source numbers; then the numbered notes for the sources cited. Stops with a count of
/// what did not fit above `area.y1`. Returns (event items, note items).
pub fn news(
    area: Rect,
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    heading_text: &str,
) -> (Vec<Item>, Vec<Item>) {
    let mut items = Vec::new();
    let mut y = area.y0 + sizes::HEADING;
    items.push(heading(area.x0, y, heading_text));
    y += 6.0;
    let line_h = sizes::BODY + 3.5;
    let (_, descent) = vertical_extent(sizes::BODY);
    let mut cited: Vec<usize> = Vec::new();
    if snapshot.news.is_empty() {
        y += line_h;
        items.push(Item::Text(
            Text::new(area.x0, y, "No events recorded in this year.", sizes::BODY)
                .color(colors::MUTED),
        ));
    }
    // Keep room for at least a few source notes below the events.
    let notes_reserve = 70.0;
    for (shown, &i) in snapshot.news.iter().enumerate() {
        let e = &dataset.events[i];
        let site = &dataset.sites[e.site];
        let numbers: Vec<String> = e
            .sources
            .iter()
            .map(|&s| source_number(s).to_string())
            .collect();
        let mut summary = format!("{} [{}]", e.summary, numbers.join(","));
        if let Some(other) = e.disputes {
            let o = &dataset.events[other];
            let on: Vec<String> = o
                .sources
                .iter()
                .map(|&s| source_number(s).to_string())
                .collect();
            summary.push_str(&format!(
                " ‡ Another source dates this {} [{}].",
                o.date,
                on.join(",")
            ));
        }
        let lines = wrap(
            &summary,
            area.width() - 12.0,
            sizes::BODY,
            FontStyle::Regular,
        );
        let needed = line_h * (1 + lines.len()) as f64 + 5.0;
        let remaining = snapshot.news.len() - shown;
        if y + needed + notes_reserve > area.y1 && remaining > 0 {
            y += line_h;
            items.push(Item::Text(
                Text::new(
                    area.x0,
                    y,
                    &format!("… and {remaining} more (see chronomap history)"),
                    sizes::BODY,
                )
                .color(colors::MUTED),
            ));
            break;
        }
        y += line_h + 5.0;
        let mut date = e.date.to_string();
        if e.disputes.is_some() {
            date.push_str(" ‡");
        }
        let head = format!("{date}  ·  {}", site.name);
        items.push(Item::Text(
            Text::new(
                area.x0,
                y,
                &fit(&head, area.width(), sizes::BODY, FontStyle::Bold),
                sizes::BODY,
            )
            .style(FontStyle::Bold)
            .color(if e.disputes.is_some() {
                colors::DISPUTED
            } else {
                colors::INK
            }),
        ));
        for line in lines {
            y += line_h;
            items.push(Item::Text(
                Text::new(area.x0 + 12.0, y, &line, sizes::BODY).color(colors::INK),
            ));
        }
        for &s in &e.sources {
            if !cited.contains(&s) {
                cited.push(s);
            }
        }
        if let Some(other) = e.disputes {
            for &s in &dataset.events[other].sources {
                if !cited.contains(&s) {
                    cited.push(s);
                }
            }
        }
    }
    y += descent;
    cited.sort_unstable();
    let mut notes = Vec::new();
    if cited.is_empty() {
        return (items, notes);
    }
    y += 18.0 + sizes::HEADING;
    notes.push(heading(area.x0, y, "Sources"));
    y += 4.0;
    let small_h = sizes::SMALL + 3.0;
    for (k, &s) in cited.iter().enumerate() {
        let src = &dataset.sources[s];
        let text = format!(
            "[{}] {}, “{}”, {}.",
            source_number(s),
            src.publisher,
            src.title,
            src.published
        );
        let lines = wrap(&text, area.width() - 18.0, sizes::SMALL, FontStyle::Regular);
        if y + small_h * lines.len() as f64 > area.y1 {
            y += small_h;
            notes.push(Item::Text(
                Text::new(
                    area.x0,
                    y,
                    &format!("… {} more sources cited (see sources.csv)", cited.len() - k),
                    sizes::SMALL,
                )
                .color(colors::MUTED),
            ));
            break;
        }
        for (j, line) in lines.iter().enumerate() {
            y += small_h;
            let x = if j == 0 { area.x0 } else { area.x0 + 18.0 };
            notes.push(Item::Text(
                Text::new(x, y, line, sizes::SMALL).color(colors::INK),
            ));
        }
        y += 2.0;
    }
    (items, notes)
}
