//! The small-multiples sheet: one compact map per year on a grid, one shared legend.

use super::geometry::Rect;
use super::panel::{LegendFacts, legend};
use super::text::wrap;
use crate::fonts::FontStyle;
use crate::scene::{Item, Layer, Scene, Text};
use crate::theme::Theme;

/// How big each cell is drawn, relative to its own design size.
pub const CELL_SCALE: f64 = 0.75;
/// The design size of one cell's map (see [`super::style::MapStyle::compact`]).
pub const CELL_DESIGN: (u32, u32) = (640, 470);

const MARGIN: f64 = 24.0;
const GAP: f64 = 12.0;
const LEGEND_WIDTH: f64 = 320.0;
const HEADER: f64 = 76.0;
const FOOTER: f64 = 44.0;

/// The number of columns that makes the sheet closest to 16:10.
///
/// ```
/// assert_eq!(chronomap::layout::sheet::columns_for(23), 5);
/// assert_eq!(chronomap::layout::sheet::columns_for(1), 1);
/// ```
pub fn columns_for(n: usize) -> usize {
    let (cw, ch) = cell_size();
    (1..=n.max(1))
        .min_by(|&a, &b| {
            let aspect = |c: usize| {
                let rows = n.div_ceil(c).max(1) as f64;
                let w = c as f64 * (cw + GAP) + LEGEND_WIDTH + 2.0 * MARGIN;
                let h = rows * (ch + GAP) + HEADER + FOOTER;
                (w / h - 1.6).abs()
            };
            aspect(a).total_cmp(&aspect(b))
        })
        .unwrap_or(1)
}

fn cell_size() -> (f64, f64) {
    (
        f64::from(CELL_DESIGN.0) * CELL_SCALE,
        f64::from(CELL_DESIGN.1) * CELL_SCALE,
    )
}

/// The page size in pixels for `n` cells.
pub fn sheet_size(n: usize) -> (u32, u32) {
    let cols = columns_for(n);
    let rows = n.div_ceil(cols).max(1);
    let (cw, ch) = cell_size();
    let w = cols as f64 * (cw + GAP) - GAP + LEGEND_WIDTH + 2.0 * MARGIN + GAP;
    let h = rows as f64 * (ch + GAP) - GAP + HEADER + FOOTER;
    (w.ceil() as u32, h.ceil() as u32)
}

/// Lays the compact year maps out on a grid, with a title, the shared legend and credits.
/// `cells` are (year, compact scene) pairs in order.
pub fn sheet_scene(
    cells: &[(i32, Scene)],
    facts: &LegendFacts,
    title: &str,
    subtitle: &str,
    credits: &str,
    th: &Theme,
) -> Scene {
    let n = cells.len();
    let cols = columns_for(n);
    let (w, h) = sheet_size(n);
    let (cw, ch) = cell_size();
    let mut maps = Layer::new("maps");
    for (i, (year, scene)) in cells.iter().enumerate() {
        let (col, row) = ((i % cols) as f64, (i / cols) as f64);
        let x = MARGIN + col * (cw + GAP);
        let y = HEADER + row * (ch + GAP);
        let prefix = format!("y{year}-");
        let items = scene
            .layers
            .iter()
            .map(|layer| Item::Group {
                id: Some(format!("{prefix}{}", layer.id)),
                title: None,
                items: layer.items.iter().map(|it| prefixed(it, &prefix)).collect(),
            })
            .collect();
        maps.items.push(Item::Placed {
            id: format!("year-{year}"),
            x,
            y,
            scale: CELL_SCALE,
            items,
        });
    }
    let legend_x = MARGIN + cols as f64 * (cw + GAP);
    let area = Rect::new(
        legend_x,
        HEADER,
        LEGEND_WIDTH,
        f64::from(h) - HEADER - FOOTER,
    );
    let mut legend_layer = Layer::new("legend");
    legend_layer.items = legend(area, facts, th).0;
    let mut title_layer = Layer::new("title");
    title_layer.items.push(Item::Text(
        Text::new(MARGIN, MARGIN + 24.0, title, th.sizes.title)
            .style(FontStyle::Bold)
            .color(th.colors.ink),
    ));
    title_layer.items.push(Item::Text(
        Text::new(MARGIN, MARGIN + 46.0, subtitle, th.sizes.subtitle).color(th.colors.muted),
    ));
    let mut credits_layer = Layer::new("credits");
    let lines = wrap(
        credits,
        f64::from(w) - 2.0 * MARGIN,
        9.5,
        FontStyle::Regular,
    );
    let count = lines.len().min(2);
    for (i, line) in lines.iter().take(count).enumerate() {
        credits_layer.items.push(Item::Text(
            Text::new(
                MARGIN,
                f64::from(h) - 14.0 - 12.0 * (count - 1 - i) as f64,
                line,
                9.5,
            )
            .color(th.colors.muted),
        ));
    }
    Scene {
        width: f64::from(w),
        height: f64::from(h),
        pixel_width: w,
        pixel_height: h,
        background: th.colors.page,
        title: format!("{title} — {subtitle}"),
        description: String::new(),
        layers: vec![title_layer, maps, legend_layer, credits_layer],
    }
}

/// The item with every group id prefixed, so that ids stay unique on the sheet.
fn prefixed(item: &Item, prefix: &str) -> Item {
    match item {
        Item::Group { id, title, items } => Item::Group {
            id: id.as_ref().map(|i| format!("{prefix}{i}")),
            title: title.clone(),
            items: items.iter().map(|it| prefixed(it, prefix)).collect(),
        },
        Item::Placed {
            id,
            x,
            y,
            scale,
            items,
        } => Item::Placed {
            id: format!("{prefix}{id}"),
            x: *x,
            y: *y,
            scale: *scale,
            items: items.iter().map(|it| prefixed(it, prefix)).collect(),
        },
        other => other.clone(),
    }
}
