//! The side panel: the legend, the year's events with their source numbers, and the
//! numbered source notes.

use super::geometry::Rect;
use super::symbols::{approximate_ring, changed_halo, status_symbol, symbol};
use super::text::wrap;
use crate::fonts::FontStyle;
use crate::model::Status;
use crate::palette::Shape;
use crate::scene::{Item, Paint, Text};
use crate::theme::Theme;

/// What the legend must explain beyond the fixed entries.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendFacts {
    /// The operator shapes that appear on the map, in legend order, each with the names of
    /// the operators drawn with it (the triangle is shared by every other operator, and the
    /// legend names them all).
    pub operators: Vec<(Shape, Vec<String>)>,
    /// Whether some site's point stands for a town or village (an approximate position).
    pub approximate: bool,
    /// Whether some site has a disputed date.
    pub disputes: bool,
    /// Sites whose label found no free spot (left unlabelled rather than overlapping).
    pub hidden_labels: usize,
    /// Sites outside the map's extent.
    pub outside: usize,
    /// Whether any label uses a leader line.
    pub leaders: bool,
}

/// Draws the legend from the top of `area`; returns its items and the y where it ends.
///
/// Three blocks: the statuses (colour and form), the operators (shape, drawn hollow so no
/// swatch reads as a status), and the marks (changed this year, disputed date, approximate
/// position), then notes on leaders and hidden labels.
pub fn legend(area: Rect, facts: &LegendFacts, th: &Theme) -> (Vec<Item>, f64) {
    let mut column = LegendColumn {
        area,
        facts,
        th,
        items: Vec::new(),
    };
    let y = column.statuses();
    let y = column.operators(y);
    let y = column.marks(y);
    let y = column.notes(y);
    (column.items, y + 6.0)
}

/// A mark the legend explains.
#[derive(Clone, Copy)]
enum Mark {
    Changed,
    Disputed,
    Approximate,
}

/// The legend being written down its column: each block starts at a y, adds its items and
/// returns the y below it.
struct LegendColumn<'a> {
    area: Rect,
    facts: &'a LegendFacts,
    th: &'a Theme,
    items: Vec<Item>,
}

/// The spacing of legend rows.
const ROW: f64 = 19.0;

/// The statuses, each its symbol and name, in two columns where the panel is wide enough;
/// returns the y below the block.
impl LegendColumn<'_> {
    fn statuses(&mut self) -> f64 {
        let (area, th, items) = (self.area, self.th, &mut self.items);
        let mut y = area.y0 + th.sizes.heading;
        items.push(heading(area.x0, y, &th.legend.status_heading, th));
        y += 8.0;
        let statuses = [
            Status::Active,
            Status::Proposed,
            Status::Declined,
            Status::Closed,
            Status::Unknown,
        ];
        let columns = if area.width() >= 330.0 { 2 } else { 1 };
        let col = area.width() / 2.0;
        for (i, status) in statuses.iter().enumerate() {
            let label = &th.status.get(*status).label;
            let x = area.x0 + (i % columns) as f64 * col;
            let cy = y + (i / columns) as f64 * ROW + 8.0;
            items.extend(status_symbol(
                Shape::Circle,
                *status,
                (x + 8.0, cy),
                th.sizes.symbol,
                th,
            ));
            items.push(body(x + 22.0, cy + 4.0, label, th));
        }
        y + statuses.len().div_ceil(columns) as f64 * ROW + 10.0
    }

    /// The operators on the map, each its shape drawn hollow (so no swatch reads as a status)
    /// and the operators' names, wrapped; returns the y below the block.
    fn operators(&mut self, mut y: f64) -> f64 {
        let (area, facts, th, items) = (self.area, self.facts, self.th, &mut self.items);
        y += th.sizes.heading;
        items.push(heading(area.x0, y, &th.legend.operator_heading, th));
        y += 8.0;
        for (shape, names) in &facts.operators {
            let cy = y + 8.0;
            // An operator given its own colour by the style shows it on the legend's outline.
            let edge = names
                .first()
                .and_then(|n| {
                    th.operators
                        .iter()
                        .find(|o| o.shape == *shape && o.legend_label() == n)
                })
                .and_then(|o| o.color)
                .unwrap_or(th.colors.ink);
            items.push(symbol(
                *shape,
                (area.x0 + 8.0, cy),
                th.sizes.symbol - 0.7,
                Paint::fill_stroke(th.colors.page, edge, 1.4),
            ));
            let text = if names.is_empty() {
                th.other_operator.label.clone()
            } else {
                names.join(", ")
            };
            let lines = wrap(
                &text,
                area.width() - 22.0,
                th.sizes.body,
                FontStyle::Regular,
            );
            for (k, line) in lines.iter().enumerate() {
                items.push(body(
                    area.x0 + 22.0,
                    cy + 4.0 + k as f64 * (th.sizes.body + 3.0),
                    line,
                    th,
                ));
            }
            y += ROW + (lines.len().max(1) - 1) as f64 * (th.sizes.body + 3.0);
        }
        y + 10.0
    }

    /// The marks: changed this year, and the disputed-date and approximate-position rings when
    /// the map has any; returns the y below the block.
    fn marks(&mut self, mut y: f64) -> f64 {
        let (area, facts, th, items) = (self.area, self.facts, self.th, &mut self.items);
        y += th.sizes.heading;
        items.push(heading(area.x0, y, &th.legend.marks_heading, th));
        y += 8.0;
        let mut marks = vec![(Mark::Changed, th.legend.changed.as_str())];
        if facts.disputes {
            marks.push((Mark::Disputed, th.legend.disputed.as_str()));
        }
        if facts.approximate {
            marks.push((Mark::Approximate, th.legend.approximate.as_str()));
        }
        for (mark, text) in &marks {
            let c = (area.x0 + 8.0, y + 8.0);
            match mark {
                Mark::Changed => items.push(changed_halo(c, th.sizes.symbol, th)),
                Mark::Approximate => items.push(approximate_ring(c, th.sizes.symbol, th)),
                Mark::Disputed => {}
            }
            items.extend(status_symbol(
                Shape::Circle,
                Status::Active,
                c,
                th.sizes.symbol,
                th,
            ));
            if let Mark::Disputed = mark {
                items.push(disputed_ring(c, th));
            }
            items.push(body(area.x0 + 30.0, c.1 + 4.0, text, th));
            y += ROW + 2.0;
        }
        y + 4.0
    }

    /// The notes under the legend: leader lines, labels left out, sites outside the map;
    /// returns the y of the last line.
    fn notes(&mut self, mut y: f64) -> f64 {
        let (area, facts, th, items) = (self.area, self.facts, self.th, &mut self.items);
        let mut notes = Vec::new();
        if facts.leaders {
            notes.push(th.legend.leaders.clone());
        }
        if facts.hidden_labels > 0 {
            notes.push(format!(
                "{} left unlabelled where the map is too crowded.",
                count(facts.hidden_labels, "site", "sites")
            ));
        }
        if facts.outside > 0 {
            notes.push(format!(
                "{} outside the map area.",
                count(facts.outside, "site lies", "sites lie")
            ));
        }
        for note in notes {
            for line in wrap(&note, area.width(), th.sizes.small, FontStyle::Regular) {
                y += th.sizes.small + 3.0;
                items.push(Item::Text(
                    Text::new(area.x0, y, &line, th.sizes.small).color(th.colors.muted),
                ));
            }
        }
        y
    }
}

/// "1 site", "3 sites".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The dashed ring that marks a site whose status depends on a disputed date.
pub fn disputed_ring(c: (f64, f64), th: &Theme) -> Item {
    Item::Circle {
        center: c,
        r: th.sizes.symbol + 4.0,
        paint: Paint::stroke(th.colors.disputed, 1.6).dashed(&[3.0, 2.0]),
    }
}

fn heading(x: f64, y: f64, text: &str, th: &Theme) -> Item {
    Item::Text(
        Text::new(x, y, text, th.sizes.heading)
            .style(FontStyle::Bold)
            .color(th.colors.ink),
    )
}

fn body(x: f64, y: f64, text: &str, th: &Theme) -> Item {
    Item::Text(Text::new(x, y, text, th.sizes.body).color(th.colors.ink))
}
