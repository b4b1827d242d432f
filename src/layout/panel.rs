//! The side panel: the legend, the year's events with their source numbers, and the
//! numbered source notes.

use super::geometry::Rect;
use super::style::{colors, sizes};
use super::symbols::{approximate_ring, changed_halo, status_symbol, symbol};
use super::text::wrap;
use crate::fonts::FontStyle;
use crate::model::Status;
use crate::palette::Shape;
use crate::render::scene::{Item, Paint, Text};

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
pub fn legend(area: Rect, facts: &LegendFacts) -> (Vec<Item>, f64) {
    let mut items = Vec::new();
    let mut y = area.y0;
    let col = area.width() / 2.0;
    let row = 19.0;
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
    for (i, (status, label)) in statuses.iter().enumerate() {
        let x = area.x0 + if i % 2 == 0 { 0.0 } else { col };
        let cy = y + (i / 2) as f64 * row + 8.0;
        items.extend(status_symbol(
            Shape::Circle,
            *status,
            (x + 8.0, cy),
            sizes::SYMBOL,
        ));
        items.push(body(x + 22.0, cy + 4.0, label));
    }
    y += statuses.len().div_ceil(2) as f64 * row + 10.0;
    y += sizes::HEADING;
    items.push(heading(area.x0, y, "Operator"));
    y += 8.0;
    let hollow = Paint::fill_stroke(colors::PAGE, colors::INK, 1.4);
    for (shape, names) in &facts.operators {
        let cy = y + 8.0;
        items.push(symbol(
            *shape,
            (area.x0 + 8.0, cy),
            sizes::SYMBOL - 0.7,
            hollow.clone(),
        ));
        let text = if names.is_empty() {
            shape.legend_label().to_string()
        } else {
            names.join(", ")
        };
        let lines = wrap(&text, area.width() - 22.0, sizes::BODY, FontStyle::Regular);
        for (k, line) in lines.iter().enumerate() {
            items.push(body(
                area.x0 + 22.0,
                cy + 4.0 + k as f64 * (sizes::BODY + 3.0),
                line,
            ));
        }
        y += row + (lines.len().max(1) - 1) as f64 * (sizes::BODY + 3.0);
    }
    y += 10.0 + sizes::HEADING;
    items.push(heading(area.x0, y, "Marks"));
    y += 8.0;
    #[derive(Clone, Copy)]
    enum Mark {
        Changed,
        Disputed,
        Approximate,
    }
    let mut marks = vec![(Mark::Changed, "Status changed in the year shown")];
    if facts.disputes {
        marks.push((Mark::Disputed, "‡ Sources disagree on a date"));
    }
    if facts.approximate {
        marks.push((
            Mark::Approximate,
            "Position approximate (a town or village)",
        ));
    }
    for (mark, text) in &marks {
        let c = (area.x0 + 8.0, y + 8.0);
        match mark {
            Mark::Changed => items.push(changed_halo(c, sizes::SYMBOL)),
            Mark::Approximate => items.push(approximate_ring(c, sizes::SYMBOL)),
            Mark::Disputed => {}
        }
        items.extend(status_symbol(
            Shape::Circle,
            Status::Active,
            c,
            sizes::SYMBOL,
        ));
        if let Mark::Disputed = mark {
            items.push(disputed_ring(c));
        }
        items.push(body(area.x0 + 30.0, c.1 + 4.0, text));
        y += row + 2.0;
    }
    y += 4.0;
    let mut notes = Vec::new();
    if facts.leaders {
        notes.push("A thin line joins a label moved off its site.".to_string());
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
            count_verb(facts.outside, "site lies", "sites lie")
        ));
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

/// "1 site", "3 sites".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 site lies", "3 sites lie".
fn count_verb(n: usize, one: &str, many: &str) -> String {
    count(n, one, many)
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
