//! The annotated map: everything that stays the same across a series is resolved once in a
//! [`MapFrame`]; [`MapFrame::scene`] then dresses it for one date.

use super::basemap::{PagePlace, project_basemap};
use super::basemap_names::{place_names, place_other_names, place_radius};
use super::collide::{CollisionIndex, NO_OWNER};
use super::credits::{credit_line_count, credit_text_in, credits, neutral_title};
use super::describe::describe_in;
use super::error::LayoutError;
use super::furniture::{graticule, north_arrow, scale_bar};
use super::geometry::Rect;
use super::inset::inset;
use super::labels::LABEL_PAD;
use super::news::news;
use super::page_plan::{MARGIN, PANEL_WIDTH, PagePlan, plan_page};
use super::panel::{LegendFacts, disputed_ring, legend};
use super::projection::{Extent, MapProjection};
use super::site_marks::{
    SiteMark, label_text, legend_facts, place_site_labels, reserve_symbols, site_marks,
    sites_with_disputes,
};
use super::style::MapStyle;
use super::symbols::{approximate_ring, changed_halo, status_symbol_edged};
use super::text::fit;
use crate::fonts::{FontStyle, text_width};
use crate::input::Basemap;
use crate::model::{Dataset, PositionPrecision, Status};
use crate::scene::{Anchor, Item, Layer, Paint, Pt, Scene, Text};
use crate::theme::Theme;
use crate::timeline::YearSnapshot;

/// The largest latitude, north or south, the map's projection shows.
const MAX_MAP_LATITUDE: f64 = 85.0;

/// Everything about a map that does not depend on the date: page geometry, projection,
/// basemap, site symbols' positions, label placement (computed once for all sites, so
/// labels never move between years), basemap names and furniture.
#[derive(Debug)]
pub struct MapFrame {
    /// Page size in design units.
    pub size: (f64, f64),
    /// The map frame on the page.
    pub frame: Rect,
    /// The side panel's area.
    pub panel: Rect,
    /// The extent the map was fitted to.
    pub extent: Extent,
    /// The title.
    pub title: String,
    /// The credit line.
    pub credit: String,
    /// One mark per site, in dataset order.
    pub sites: Vec<SiteMark>,
    /// Basemap fills and lines.
    basemap: Vec<Item>,
    /// Graticule lines (inside the frame) and ticks (outside).
    graticule: (Vec<Item>, Vec<Item>),
    /// Country, lake and place names that found room, with place dots.
    basemap_labels: Vec<Item>,
    scalebar: Vec<Item>,
    north_arrow: Vec<Item>,
    inset: Vec<Item>,
    legend: Vec<Item>,
    news_area: Rect,
    credits: Vec<Item>,
    pixel_size: (u32, u32),
    /// The smallest text size the page allows, in design units.
    min_text: f64,
    compact: bool,
    /// What the legend explains (shapes in use, hidden labels); a sheet draws it once.
    pub legend_facts: LegendFacts,
    /// The house style every part of the page is drawn in.
    pub theme: std::sync::Arc<Theme>,
}

impl MapFrame {
    /// Lays out everything that stays fixed for `dataset` under `style`.
    ///
    /// ```
    /// use chronomap::layout::{map::MapFrame, style::MapStyle};
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let frame = MapFrame::new(&data, chronomap::bundled::basemap(), &MapStyle::default()).unwrap();
    /// assert!(frame.sites.iter().all(|s| s.label.is_some()));
    /// ```
    pub fn new(
        dataset: &Dataset,
        basemap: &Basemap,
        style: &MapStyle,
    ) -> Result<MapFrame, LayoutError> {
        let th: &Theme = &style.theme;
        let (w, h) = layout_size(style);
        let extent = map_extent(dataset, style)?;
        let title = style
            .title
            .clone()
            .unwrap_or_else(|| neutral_title(dataset, basemap));
        let credit = credit_text_in(dataset, style.credit.as_deref(), &th.words);
        // Country, lake and place names in the map's languages (the neutral title above
        // stays in the data's language, like a dataset's own title).
        let localized;
        let basemap = if th.langs == crate::lang::Languages::default() {
            basemap
        } else {
            localized = basemap.localized(&th.langs);
            &localized
        };
        let credit_lines = credit_line_count(&credit, w, th);
        let plan = if style.compact {
            compact_plan(w, h)
        } else {
            plan_page(w, h, extent, credit_lines)
        };
        let frame = plan.frame;
        let projection = MapProjection::fit(extent, frame).map_err(LayoutError::Projection)?;
        let focus = focus_country(dataset);
        let relief_density = th
            .layers
            .relief
            .then(|| f64::from(style.page.pixel_width) / w);
        let projected = project_basemap(basemap, &projection, &focus, th, relief_density);

        // Everything that takes room on the map goes into one index, in order of precedence.
        let mut index = CollisionIndex::with_area(48.0, Rect::new(0.0, 0.0, w, h));
        let (scalebar, north_arrow) = map_furniture(style, &projection, &mut index, th);
        let mut sites = site_marks(dataset, &projection, th);
        reserve_symbols(dataset, &sites, &mut index, th);
        let chosen_places = choose_places(&projected.places, &sites, style.compact, th);
        reserve_place_dots(&chosen_places, &mut index);
        let inner = frame.inflate(-2.0);
        // Capitals are the reader's reference points: they are named before the sites.
        let mut basemap_labels = Vec::new();
        place_names(
            &mut basemap_labels,
            &mut index,
            &inner,
            &chosen_places,
            true,
            th,
        );
        let has_dispute = sites_with_disputes(dataset);
        place_site_labels(dataset, &mut sites, &has_dispute, &inner, &mut index, th);
        place_other_names(
            &mut basemap_labels,
            &mut index,
            &inner,
            &projected,
            &chosen_places,
            th,
        );

        let facts = legend_facts(dataset, &sites, &has_dispute, th);
        let panel = PanelParts::new(&plan, style, basemap, &projection, &focus, &facts);
        let credits = if style.compact {
            Vec::new()
        } else {
            credits(&credit, frame, w, h, credit_lines, th)
        };
        Ok(MapFrame {
            size: (w, h),
            frame,
            panel: plan.panel,
            extent,
            title,
            credit,
            sites,
            basemap: projected.items,
            graticule: map_graticule(style, &projection),
            compact: style.compact,
            legend_facts: facts,
            theme: style.theme.clone(),
            basemap_labels,
            scalebar,
            north_arrow,
            inset: panel.inset,
            legend: panel.legend,
            news_area: panel.news_area,
            credits,
            pixel_size: (style.page.pixel_width, style.page.pixel_height),
            min_text: style.page.min_text(),
        })
    }

    /// The finished page for one snapshot. `subtitle` says which date the map shows.
    pub fn scene(
        &self,
        dataset: &Dataset,
        snapshot: &YearSnapshot,
        subtitle: &str,
        news_heading: &str,
    ) -> Scene {
        let basemap = self.basemap_layer();
        let (sites, labels) = self.site_layers(dataset, snapshot);
        if self.compact {
            let year = self.cell_year_layer(snapshot.year);
            return self.page(
                dataset,
                snapshot,
                subtitle,
                vec![basemap, sites, labels, year],
            );
        }
        let title = self.title_layer(subtitle, snapshot.year);
        let annotations = self.annotations_layer(dataset, snapshot, news_heading);
        let fixed = |id: &str, items: &[Item]| Layer {
            id: id.to_string(),
            items: items.to_vec(),
        };
        self.page(
            dataset,
            snapshot,
            subtitle,
            vec![
                basemap,
                sites,
                labels,
                fixed("scalebar", &self.scalebar),
                fixed("north-arrow", &self.north_arrow),
                fixed("inset", &self.inset),
                fixed("legend", &self.legend),
                annotations,
                title,
                fixed("credits", &self.credits),
            ],
        )
    }

    /// The `basemap` layer: backdrop, basemap, graticule, basemap names, the frame and the
    /// graticule's ticks — the same every year.
    fn basemap_layer(&self) -> Layer {
        let th: &Theme = &self.theme;
        let f = self.frame;
        let mut basemap = Layer::new("basemap");
        basemap.items.push(Item::Rect {
            x: f.x0,
            y: f.y0,
            w: f.width(),
            h: f.height(),
            paint: Paint::fill(th.colors.backdrop),
        });
        basemap.items.extend(self.basemap.iter().cloned());
        basemap.items.extend(self.graticule.0.iter().cloned());
        basemap.items.push(Item::Group {
            id: Some("basemap-labels".into()),
            title: None,
            items: self.basemap_labels.clone(),
        });
        basemap.items.push(Item::Rect {
            x: f.x0,
            y: f.y0,
            w: f.width(),
            h: f.height(),
            paint: Paint::stroke(th.colors.frame, 1.0),
        });
        basemap.items.push(Item::Group {
            id: Some("graticule-ticks".into()),
            title: None,
            items: self.graticule.1.clone(),
        });
        basemap
    }

    /// A compact cell's `title` layer: its year in the top-left corner.
    fn cell_year_layer(&self, year: i32) -> Layer {
        let th: &Theme = &self.theme;
        let mut layer = Layer::new("title");
        let b = year_box(self.frame);
        layer.items.push(Item::Text(
            Text::new(b.x0 + 6.0, b.y1 - 7.0, &year.to_string(), 22.0)
                .style(FontStyle::Bold)
                .color(th.colors.ink)
                .halo(th.colors.halo, 2.5),
        ));
        layer
    }

    /// The `title` layer: title, subtitle, and the year in large figures at the top right,
    /// readable at a glance and in every frame of the GIF; the title gives way to it, and a
    /// long title on a small page steps down in size before it is shortened.
    fn title_layer(&self, subtitle: &str, year: i32) -> Layer {
        let th: &Theme = &self.theme;
        let mut title = Layer::new("title");
        let year = year.to_string();
        let year_width = text_width(&year, th.sizes.year, FontStyle::Bold);
        let room = self.size.0 - 2.0 * MARGIN - year_width - 24.0;
        let size = [th.sizes.title, 24.0, 22.0, 20.0, 18.0]
            .into_iter()
            .find(|&s| text_width(&self.title, s, FontStyle::Bold) <= room)
            .unwrap_or(18.0);
        title.items.push(Item::Text(
            Text::new(
                MARGIN,
                MARGIN + 24.0,
                &fit(&self.title, room, size, FontStyle::Bold),
                size,
            )
            .style(FontStyle::Bold)
            .color(th.colors.ink),
        ));
        title.items.push(Item::Text(
            Text::new(MARGIN, MARGIN + 48.0, subtitle, th.sizes.subtitle).color(th.colors.muted),
        ));
        title.items.push(Item::Text(
            Text::new(self.size.0 - MARGIN, MARGIN + 42.0, &year, th.sizes.year)
                .anchor(Anchor::End)
                .style(FontStyle::Bold)
                .color(th.colors.ink),
        ));
        title
    }

    /// The `annotations` layer: the year's events and, in their own group, the notes of the
    /// sources they cite; empty when the page has no room for an events panel.
    fn annotations_layer(
        &self,
        dataset: &Dataset,
        snapshot: &YearSnapshot,
        news_heading: &str,
    ) -> Layer {
        let (events, notes) = if self.news_area.width() > 0.0 {
            news(
                self.news_area,
                dataset,
                snapshot,
                news_heading,
                self.min_text,
                &self.theme,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let mut annotations = Layer::new("annotations");
        annotations.items.extend(events);
        annotations.items.push(Item::Group {
            id: Some("source-notes".into()),
            title: None,
            items: notes,
        });
        annotations
    }
}

impl MapFrame {
    /// The basemap's projected items (fills, lines, the relief picture), the same every year.
    pub fn basemap_items(&self) -> &[Item] {
        &self.basemap
    }

    /// The `sites` and `labels` layers of [`MapFrame::scene`] for a snapshot, alone: what
    /// changes from year to year (the web map restyles its sites from these).
    pub fn site_layers(&self, dataset: &Dataset, snapshot: &YearSnapshot) -> (Layer, Layer) {
        let th: &Theme = &self.theme;
        let mut sites = Layer::new("sites");
        let mut labels = Layer::new("labels");
        // Faint sites first, so that sites with a known status are drawn over them.
        let mut order: Vec<&SiteMark> = self.sites.iter().collect();
        order.sort_by_key(|m| (snapshot.states[m.site].status != Status::Unknown, m.site));
        for m in order {
            let Some(at) = m.at else { continue };
            let site = &dataset.sites[m.site];
            let state = snapshot.states[m.site];
            let known = state.status != Status::Unknown;
            let mut group = Vec::new();
            if snapshot.changed(m.site) {
                group.push(changed_halo(at, th.sizes.symbol, th));
            }
            if site.precision != PositionPrecision::Site {
                group.push(approximate_ring(at, th.sizes.symbol, th));
            }
            group.extend(status_symbol_edged(
                m.shape,
                state.status,
                at,
                th.sizes.symbol,
                th,
                m.edge,
            ));
            if state.disputed {
                group.push(disputed_ring(at, th));
            }
            let tooltip = format!(
                "{} — {}",
                th.name(&site.name, &site.names),
                if th.langs.first == crate::lang::Lang::En {
                    state.status.label()
                } else {
                    state.status.word(&th.words)
                }
            );
            sites.items.push(Item::Group {
                id: Some(format!("site-{}", site.id)),
                title: Some(tooltip),
                items: group,
            });
            if let Some(label) = m.label {
                let color = if known {
                    th.colors.ink
                } else {
                    th.colors.muted
                };
                let mut items = Vec::new();
                if let Some((a, b)) = label.leader {
                    items.push(Item::Path {
                        parts: vec![vec![a, b]],
                        closed: false,
                        paint: Paint::stroke(
                            if known {
                                th.colors.leader
                            } else {
                                th.colors.muted
                            },
                            0.9,
                        ),
                    });
                }
                let name = label_text(dataset, m.site, state.disputed, th);
                // Labels left of their site hug it from the right; labels above or below
                // stay centred.
                let (x, anchor) = if (label.bbox.center().0 - at.0).abs() < 1.0 {
                    (label.bbox.center().0, Anchor::Middle)
                } else if label.bbox.center().0 < at.0 {
                    (label.bbox.x1 - LABEL_PAD, Anchor::End)
                } else {
                    (label.origin.0, Anchor::Start)
                };
                items.push(Item::Text(
                    Text::new(x, label.origin.1, &name, th.sizes.site_label)
                        .anchor(anchor)
                        .style(FontStyle::Bold)
                        .color(color)
                        .halo(th.colors.halo, LABEL_PAD),
                ));
                labels.items.push(Item::Group {
                    id: Some(format!("label-{}", site.id)),
                    title: None,
                    items,
                });
            }
        }
        (sites, labels)
    }

    /// A page of this frame's size holding `layers`, described in words from `snapshot`.
    fn page(
        &self,
        dataset: &Dataset,
        snapshot: &YearSnapshot,
        subtitle: &str,
        layers: Vec<Layer>,
    ) -> Scene {
        Scene {
            width: self.size.0,
            height: self.size.1,
            pixel_width: self.pixel_size.0,
            pixel_height: self.pixel_size.1,
            background: self.theme.colors.page,
            title: format!("{} — {}", self.title, subtitle),
            description: describe_in(dataset, snapshot, &self.title, subtitle, &self.theme),
            layers,
        }
    }
}

/// The page a map is laid out on: a compact cell at its own pixel size, a full page in
/// design units.
fn layout_size(style: &MapStyle) -> (f64, f64) {
    if style.compact {
        (
            f64::from(style.page.pixel_width),
            f64::from(style.page.pixel_height),
        )
    } else {
        style.page.design_size()
    }
}

/// The area the map shows: the style's, or the sites' with a margin (the bundled region
/// when there are none). A map fitted to the sites must stay within 85° of latitude and
/// the size of a regional map.
fn map_extent(dataset: &Dataset, style: &MapStyle) -> Result<Extent, LayoutError> {
    if let Some(e) = style.extent {
        return Ok(e);
    }
    let points: Vec<(f64, f64)> = dataset.sites.iter().map(|s| (s.lon, s.lat)).collect();
    let extent = Extent::around(&points, 2.2).unwrap_or(Extent {
        west: 64.0,
        south: 36.5,
        east: 81.0,
        north: 45.0,
    });
    // The conic projection cannot reach the poles: the map stops at 85° north and south,
    // whatever the margin.
    if let Some(site) = dataset
        .sites
        .iter()
        .max_by(|a, b| a.lat.abs().total_cmp(&b.lat.abs()))
        .filter(|s| s.lat.abs() > MAX_MAP_LATITUDE)
    {
        return Err(LayoutError::BeyondPoles {
            beyond: dataset
                .sites
                .iter()
                .filter(|s| s.lat.abs() > MAX_MAP_LATITUDE)
                .count(),
            site: site.id.clone(),
            latitude: site.lat.abs(),
            hemisphere: if site.lat > 0.0 { 'N' } else { 'S' },
        });
    }
    if extent.validate().is_err() {
        return Err(LayoutError::TooWide {
            lon_span: extent.east - extent.west,
            lat_span: extent.north - extent.south,
        });
    }
    Ok(extent)
}

/// A compact cell of a small-multiples sheet: all map, no panel.
fn compact_plan(w: f64, h: f64) -> PagePlan {
    PagePlan {
        frame: Rect::new(3.0, 3.0, w - 6.0, h - 6.0),
        panel: Rect::new(w, h, 0.0, 0.0),
        below: false,
        inset: false,
        news: false,
    }
}

/// The scale bar (bottom left) and north arrow (bottom right), their boxes reserved in
/// `index`; a compact cell has neither, only its year in the top-left corner.
fn map_furniture(
    style: &MapStyle,
    projection: &MapProjection,
    index: &mut CollisionIndex,
    th: &Theme,
) -> (Vec<Item>, Vec<Item>) {
    let frame = projection.frame();
    if style.compact {
        index.add_box(year_box(frame), NO_OWNER);
        return (Vec::new(), Vec::new());
    }
    let (mut scalebar, mut north) = (Vec::new(), Vec::new());
    if let Some((items, bbox, _)) =
        scale_bar(projection, (frame.x0 + 8.0, frame.y1 - 8.0), 150.0, th)
    {
        scalebar = items;
        index.add_box(bbox, NO_OWNER);
    }
    if let Some((items, bbox)) = north_arrow(projection, (frame.x1 - 34.0, frame.y1 - 38.0), th) {
        north = items;
        index.add_box(bbox, NO_OWNER);
    }
    (scalebar, north)
}

/// The graticule the style asks for: lines and ticks on a page, lines alone in a compact
/// cell, nothing when the layer is off.
fn map_graticule(style: &MapStyle, projection: &MapProjection) -> (Vec<Item>, Vec<Item>) {
    if !style.theme.layers.graticule {
        return (Vec::new(), Vec::new());
    }
    let mut graticule = graticule(projection, &style.theme);
    if style.compact {
        graticule.1.clear();
    }
    graticule
}

/// The places worth naming: capitals and cities of 150,000 or more, away from the sites and
/// from each other, at most 18 on a page (6 in a compact cell); none when the layer is off.
fn choose_places(
    places: &[PagePlace],
    sites: &[SiteMark],
    compact: bool,
    th: &Theme,
) -> Vec<PagePlace> {
    let mut chosen: Vec<PagePlace> = Vec::new();
    let most = if compact { 6 } else { 18 };
    for pp in places.iter().filter(|_| th.layers.places) {
        if chosen.len() >= most {
            break;
        }
        let near_site = sites
            .iter()
            .filter_map(|m| m.at)
            .any(|p| dist(p, pp.at) < if pp.place.capital { 9.0 } else { 16.0 });
        let near_place = chosen.iter().any(|q| dist(q.at, pp.at) < 34.0);
        let small = !pp.place.capital && pp.place.population < 150_000;
        if !near_site && !near_place && !small {
            chosen.push(pp.clone());
        }
    }
    chosen
}

/// Reserves the dots of the chosen places: they are obstacles before site labels are placed.
fn reserve_place_dots(places: &[PagePlace], index: &mut CollisionIndex) {
    for pp in places {
        let d = place_radius(&pp.place) + 1.0;
        index.add_box(
            Rect::new(pp.at.0 - d, pp.at.1 - d, 2.0 * d, 2.0 * d),
            NO_OWNER,
        );
    }
}

/// The side panel's fixed parts: the inset and legend in its left column, and the area
/// left for the year's events — on a wide panel's right side (portrait pages) or under
/// the legend (landscape).
struct PanelParts {
    inset: Vec<Item>,
    legend: Vec<Item>,
    news_area: Rect,
}

impl PanelParts {
    fn new(
        plan: &PagePlan,
        style: &MapStyle,
        basemap: &Basemap,
        projection: &MapProjection,
        focus: &str,
        facts: &LegendFacts,
    ) -> PanelParts {
        let th: &Theme = &style.theme;
        let panel = plan.panel;
        let column = if plan.below {
            Rect {
                x1: panel.x0 + PANEL_WIDTH,
                ..panel
            }
        } else {
            panel
        };
        let with_inset = plan.inset && th.layers.inset;
        let (inset_rect, inset_items) = if with_inset {
            let rect = Rect::new(column.x0, column.y0, column.width(), 170.0);
            (rect, inset(&basemap.locator, projection, focus, rect, th))
        } else {
            let rect = Rect::new(column.x0, column.y0 - 16.0, column.width(), 0.0);
            (rect, Vec::new())
        };
        let legend_area = Rect {
            y0: inset_rect.y1 + 16.0,
            ..column
        };
        let (legend_items, legend_bottom) = if style.compact {
            (Vec::new(), 0.0)
        } else {
            legend(legend_area, facts, th)
        };
        let news_area = if !plan.news {
            Rect::new(panel.x1, panel.y1, 0.0, 0.0)
        } else if plan.below {
            Rect {
                x0: column.x1 + 30.0,
                ..panel
            }
        } else {
            Rect {
                y0: legend_bottom + 14.0,
                ..panel
            }
        };
        PanelParts {
            inset: inset_items,
            legend: legend_items,
            news_area,
        }
    }
}

/// The corner of a compact cell that holds its year.
fn year_box(frame: Rect) -> Rect {
    Rect::new(frame.x0 + 2.0, frame.y0 + 2.0, 70.0, 34.0)
}

fn dist(a: Pt, b: Pt) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The country most sites lie in (ties to the first), emphasised on the map.
fn focus_country(dataset: &Dataset) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for s in &dataset.sites {
        match counts.iter_mut().find(|(c, _)| *c == s.country) {
            Some(entry) => entry.1 += 1,
            None => counts.push((s.country.clone(), 1)),
        }
    }
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|c| c.1 == best)
        .map(|c| c.0)
        .unwrap_or_default()
}
