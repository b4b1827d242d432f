//! The annotated map: everything that stays the same across a series is resolved once in a
//! [`MapFrame`]; [`MapFrame::scene`] then dresses it for one date.

use super::basemap::{ProjectedBasemap, project_basemap};
use super::collide::{CollisionIndex, NO_OWNER};
use super::describe::describe_in;
use super::furniture::{graticule, north_arrow, scale_bar};
use super::geometry::Rect;
use super::inset::inset;
use super::labels::{LABEL_PAD, LabelRequest, PlacedLabel, place_labels};
use super::news::news;
use super::page_plan::{CREDIT_LINE, MARGIN, PANEL_WIDTH, PagePlan, plan_page};
use super::panel::{LegendFacts, disputed_ring, legend};
use super::projection::{Extent, MapProjection};
use super::style::MapStyle;
use super::symbols::{
    APPROXIMATE_GAP, CHANGED_HALO_GAP, approximate_ring, changed_halo, status_symbol_edged,
};
use super::text::{fit, wrap};
use crate::color::Color;
use crate::fonts::{FontStyle, text_width, vertical_extent};
use crate::input::Basemap;
use crate::model::{Dataset, PositionPrecision, Status};
use crate::palette::Shape;
use crate::scene::{Anchor, Item, Layer, Paint, Pt, Scene, Text};
use crate::theme::Theme;
use crate::timeline::YearSnapshot;

/// The credit line every map carries for its basemap (see `geodata/basemap/PROVENANCE.md`).
pub const BASEMAP_CREDIT: &str = "Basemap: Natural Earth (public domain). Rivers: World Data Bank II (public domain). Places: GeoNames (geonames.org), CC BY 4.0, filtered and renamed.";

/// The largest latitude, north or south, the map's projection shows.
const MAX_MAP_LATITUDE: f64 = 85.0;

/// A site as drawn: where its symbol sits and where its label went.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteMark {
    /// Index into `Dataset::sites`.
    pub site: usize,
    /// The symbol's centre, or `None` when the site lies outside the frame.
    pub at: Option<Pt>,
    /// The placed label, or `None` when it found no free spot or the site is outside.
    pub label: Option<PlacedLabel>,
    /// The symbol's shape.
    pub shape: Shape,
    /// The symbol's edge colour from the operator table, when it gives one.
    pub edge: Option<Color>,
}

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
    pub fn new(dataset: &Dataset, basemap: &Basemap, style: &MapStyle) -> Result<MapFrame, String> {
        let th: &Theme = &style.theme;
        // A compact cell is laid out at its own pixel size; a full page in design units.
        let (w, h) = if style.compact {
            (
                f64::from(style.page.pixel_width),
                f64::from(style.page.pixel_height),
            )
        } else {
            style.page.design_size()
        };
        let points: Vec<(f64, f64)> = dataset.sites.iter().map(|s| (s.lon, s.lat)).collect();
        let extent = match style.extent {
            Some(e) => e,
            None => Extent::around(&points, 2.2).unwrap_or(Extent {
                west: 64.0,
                south: 36.5,
                east: 81.0,
                north: 45.0,
            }),
        };
        if style.extent.is_none() {
            // The conic projection cannot reach the poles: the map stops at 85° north and
            // south, whatever the margin.
            if let Some(site) = dataset
                .sites
                .iter()
                .max_by(|a, b| a.lat.abs().total_cmp(&b.lat.abs()))
                .filter(|s| s.lat.abs() > MAX_MAP_LATITUDE)
            {
                let beyond = dataset
                    .sites
                    .iter()
                    .filter(|s| s.lat.abs() > MAX_MAP_LATITUDE)
                    .count();
                let hemisphere = if site.lat > 0.0 { 'N' } else { 'S' };
                return Err(format!(
                    "{} beyond 85° of latitude (site {:?} is at {}°{hemisphere}), and the map's projection cannot show the poles: it reaches 85°N and 85°S; choose an area with --bbox W,S,E,N (the sites beyond it are counted as outside the map)",
                    if beyond == 1 {
                        "1 site lies".to_string()
                    } else {
                        format!("{beyond} sites lie")
                    },
                    site.id,
                    site.lat.abs()
                ));
            }
        }
        if style.extent.is_none() && extent.validate().is_err() {
            return Err(format!(
                "the sites span {:.0}° of longitude by {:.0}° of latitude, too much for a regional map (at most 120° by 60°, margins included); choose an area with --bbox W,S,E,N",
                extent.east - extent.west,
                extent.north - extent.south
            ));
        }
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
            let frame = Rect::new(3.0, 3.0, w - 6.0, h - 6.0);
            PagePlan {
                frame,
                panel: Rect::new(w, h, 0.0, 0.0),
                below: false,
                inset: false,
                news: false,
            }
        } else {
            plan_page(w, h, extent, credit_lines)
        };
        let (frame, panel, portrait) = (plan.frame, plan.panel, plan.below);
        let projection = MapProjection::fit(extent, frame)?;
        let focus = focus_country(dataset);
        let ProjectedBasemap {
            items: basemap_items,
            countries,
            lakes,
            places,
            rivers,
        } = project_basemap(
            basemap,
            &projection,
            &focus,
            th,
            th.layers
                .relief
                .then(|| f64::from(style.page.pixel_width) / w),
        );

        let mut index = CollisionIndex::with_area(48.0, Rect::new(0.0, 0.0, w, h));
        // Furniture first: the scale bar bottom left, the north arrow bottom right; in a
        // compact cell, only the year in the top-left corner.
        let (mut scalebar, mut north) = (Vec::new(), Vec::new());
        if style.compact {
            index.add_box(year_box(frame), NO_OWNER);
        } else {
            if let Some((items, bbox, _)) =
                scale_bar(&projection, (frame.x0 + 8.0, frame.y1 - 8.0), 150.0, th)
            {
                scalebar = items;
                index.add_box(bbox, NO_OWNER);
            }
            if let Some((items, bbox)) =
                north_arrow(&projection, (frame.x1 - 34.0, frame.y1 - 38.0), th)
            {
                north = items;
                index.add_box(bbox, NO_OWNER);
            }
        }

        // Site symbols.
        let inner = frame.inflate(-2.0);
        let mut sites: Vec<SiteMark> = dataset
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let at = projection
                    .to_page(s.lon, s.lat)
                    .filter(|p| frame.inflate(-th.sizes.symbol).contains(*p));
                let (shape, _, edge) = th.operator(&s.operator);
                SiteMark {
                    site: i,
                    at,
                    label: None,
                    shape,
                    edge,
                }
            })
            .collect();
        // A symbol's box holds the marks it may carry in some year (the changed-this-year
        // disc, the approximate-position ring), so no name is ever drawn under them.
        for m in &sites {
            if let Some(p) = m.at {
                let r = marks_radius(dataset, m.site, th) + 0.5;
                index.add_box(Rect::new(p.0 - r, p.1 - r, 2.0 * r, 2.0 * r), m.site);
            }
        }

        // The places worth naming: dots are obstacles before site labels are placed.
        let mut chosen_places = Vec::new();
        for pp in places.iter().filter(|_| th.layers.places) {
            if chosen_places.len() >= if style.compact { 6 } else { 18 } {
                break;
            }
            let near_site = sites
                .iter()
                .filter_map(|m| m.at)
                .any(|p| dist(p, pp.at) < if pp.place.capital { 9.0 } else { 16.0 });
            let near_place = chosen_places
                .iter()
                .any(|q: &super::basemap::PagePlace| dist(q.at, pp.at) < 34.0);
            let small = !pp.place.capital && pp.place.population < 150_000;
            if !near_site && !near_place && !small {
                chosen_places.push(pp.clone());
            }
        }
        for pp in &chosen_places {
            let d = place_radius(&pp.place) + 1.0;
            index.add_box(
                Rect::new(pp.at.0 - d, pp.at.1 - d, 2.0 * d, 2.0 * d),
                NO_OWNER,
            );
        }

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

        // Site labels: all sites at once, crowded ones first.
        let (ascent, descent) = vertical_extent(th.sizes.site_label);
        let has_dispute = sites_with_disputes(dataset);
        let requests: Vec<LabelRequest> = sites
            .iter()
            .map(|m| LabelRequest {
                anchor: m.at.unwrap_or((f64::NAN, f64::NAN)),
                radius: marks_radius(dataset, m.site, th),
                // Sites with a disputed date reserve room for the " ‡" their label carries
                // in the years the dispute is open, so the label never has to move.
                width: text_width(
                    &label_text(dataset, m.site, has_dispute[m.site], th),
                    th.sizes.site_label,
                    FontStyle::Bold,
                ),
                ascent,
                descent,
                owner: m.site,
            })
            .collect();
        let order = crowded_first(&sites);
        let placed = place_labels(&requests, &order, &inner, &mut index);
        for (m, p) in sites.iter_mut().zip(placed) {
            m.label = p;
        }

        // Other basemap names, in order of importance, only where they fit.
        for lake in &lakes {
            let size = 11.0;
            place_area_name(
                &mut basemap_labels,
                &mut index,
                &inner,
                &lake.name,
                lake.at,
                size,
                FontStyle::Oblique,
                th.colors.water_text,
                0.0,
                th,
            );
        }
        for c in &countries {
            let (size, color, spacing) = if c.focus {
                (17.0, th.colors.focus_text, 3.0)
            } else {
                (14.0, th.colors.country_text, 2.5)
            };
            place_area_name(
                &mut basemap_labels,
                &mut index,
                &inner,
                &c.name.to_uppercase(),
                c.at,
                size,
                FontStyle::Regular,
                color,
                spacing,
                th,
            );
        }
        place_names(
            &mut basemap_labels,
            &mut index,
            &inner,
            &chosen_places,
            false,
            th,
        );
        // Rivers last, so that they take only the room the other names leave.
        super::basemap::place_river_names(&mut basemap_labels, &mut index, &inner, &rivers, th);

        // The panel's left column holds the inset and the legend; the year's events go below
        // them on a wide panel's right side (portrait pages) or underneath (landscape).
        let column = if portrait {
            Rect {
                x1: panel.x0 + PANEL_WIDTH,
                ..panel
            }
        } else {
            panel
        };
        let with_inset = plan.inset && th.layers.inset;
        let inset_rect = if with_inset {
            Rect::new(column.x0, column.y0, column.width(), 170.0)
        } else {
            Rect::new(column.x0, column.y0 - 16.0, column.width(), 0.0)
        };
        let inset_items = if with_inset {
            inset(&basemap.locator, &projection, &focus, inset_rect, th)
        } else {
            Vec::new()
        };
        let facts = LegendFacts {
            operators: operators_by_shape(dataset, &sites, th),
            approximate: sites.iter().any(|m| {
                m.at.is_some() && dataset.sites[m.site].precision != PositionPrecision::Site
            }),
            disputes: has_dispute.iter().any(|&d| d),
            hidden_labels: sites
                .iter()
                .filter(|m| m.at.is_some() && m.label.is_none())
                .count(),
            outside: sites.iter().filter(|m| m.at.is_none()).count(),
            leaders: sites
                .iter()
                .any(|m| m.label.is_some_and(|l| l.leader.is_some())),
        };
        let legend_area = Rect {
            y0: inset_rect.y1 + 16.0,
            ..column
        };
        let (legend_items, legend_bottom) = if style.compact {
            (Vec::new(), 0.0)
        } else {
            legend(legend_area, &facts, th)
        };
        let news_area = if !plan.news {
            Rect::new(panel.x1, panel.y1, 0.0, 0.0)
        } else if portrait {
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
        let credits = if style.compact {
            Vec::new()
        } else {
            credits(&credit, frame, w, h, credit_lines, th)
        };
        let mut graticule = graticule(&projection, th);
        if style.compact {
            graticule.1.clear();
        }
        if !th.layers.graticule {
            graticule = (Vec::new(), Vec::new());
        }
        Ok(MapFrame {
            size: (w, h),
            frame,
            panel,
            extent,
            title,
            credit,
            sites,
            basemap: basemap_items,
            graticule,
            compact: style.compact,
            legend_facts: facts,
            theme: style.theme.clone(),
            basemap_labels,
            scalebar,
            north_arrow: north,
            inset: inset_items,
            legend: legend_items,
            news_area,
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

        let (sites, labels) = self.site_layers(dataset, snapshot);

        if self.compact {
            let mut year = Layer::new("title");
            let b = year_box(f);
            year.items.push(Item::Text(
                Text::new(b.x0 + 6.0, b.y1 - 7.0, &snapshot.year.to_string(), 22.0)
                    .style(FontStyle::Bold)
                    .color(th.colors.ink)
                    .halo(th.colors.halo, 2.5),
            ));
            return self.page(
                dataset,
                snapshot,
                subtitle,
                vec![basemap, sites, labels, year],
            );
        }

        let mut title = Layer::new("title");
        // The year in large figures at the top right, readable at a glance and in every
        // frame of the GIF; the title gives way to it.
        let year = snapshot.year.to_string();
        let year_width = text_width(&year, th.sizes.year, FontStyle::Bold);
        let room = self.size.0 - 2.0 * MARGIN - year_width - 24.0;
        // A long title on a small page steps down in size before it is shortened.
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

        let (events, notes) = if self.news_area.width() > 0.0 {
            news(
                self.news_area,
                dataset,
                snapshot,
                news_heading,
                self.min_text,
                th,
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

        let mut legend = Layer::new("legend");
        legend.items = self.legend.clone();
        let mut scalebar = Layer::new("scalebar");
        scalebar.items = self.scalebar.clone();
        let mut arrow = Layer::new("north-arrow");
        arrow.items = self.north_arrow.clone();
        let mut inset = Layer::new("inset");
        inset.items = self.inset.clone();
        let mut credits = Layer::new("credits");
        credits.items = self.credits.clone();

        self.page(
            dataset,
            snapshot,
            subtitle,
            vec![
                basemap,
                sites,
                labels,
                scalebar,
                arrow,
                inset,
                legend,
                annotations,
                title,
                credits,
            ],
        )
    }
}

impl MapFrame {
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

/// How far a site's symbol and the marks it may carry in some year reach from its point:
/// the changed-this-year disc (which also covers the disputed ring), or the wider ring of an
/// approximate position.
fn marks_radius(dataset: &Dataset, site: usize, th: &Theme) -> f64 {
    th.sizes.symbol
        + if dataset.sites[site].precision == PositionPrecision::Site {
            CHANGED_HALO_GAP
        } else {
            APPROXIMATE_GAP
        }
}

/// The shapes used by the sites inside the frame, in legend order, each with what it
/// stands for: operators the style's table names are given by their legend label; the
/// operators that share the fallback shape are named as the data writes them (first
/// spelling seen, sorted).
fn operators_by_shape(
    dataset: &Dataset,
    sites: &[SiteMark],
    th: &Theme,
) -> Vec<(Shape, Vec<String>)> {
    let mut out: Vec<(Shape, Vec<String>)> = Vec::new();
    for shape in Shape::ALL {
        let (mut named, mut others): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for m in sites.iter().filter(|m| m.shape == shape && m.at.is_some()) {
            let name = dataset.sites[m.site].operator.trim();
            let (list, text) = if th.names_operator(name) {
                (&mut named, th.operator(name).1.to_string())
            } else {
                (&mut others, name.to_string())
            };
            if !list.iter().any(|n| n.eq_ignore_ascii_case(&text)) {
                list.push(text);
            }
        }
        others.sort();
        named.extend(others);
        if !named.is_empty() {
            out.push((shape, named));
        }
    }
    if out.is_empty() {
        let first = th.operators.first();
        out.push(match first {
            Some(o) => (o.shape, vec![o.legend_label().to_string()]),
            None => (
                th.other_operator.shape,
                vec![th.other_operator.label.clone()],
            ),
        });
    }
    out
}

/// A site's label: its name, with " ‡" while one of its dates is disputed.
fn label_text(dataset: &Dataset, site: usize, disputed: bool, th: &Theme) -> String {
    let s = &dataset.sites[site];
    let name = th.name(&s.name, &s.names);
    if disputed {
        format!("{name} ‡")
    } else {
        name
    }
}

/// Which sites have at least one event with a disputed date (one pass over the events).
fn sites_with_disputes(dataset: &Dataset) -> Vec<bool> {
    let mut flags = vec![false; dataset.sites.len()];
    for e in dataset.events.iter().filter(|e| e.disputes.is_some()) {
        if let Some(f) = flags.get_mut(e.site) {
            *f = true;
        }
    }
    flags
}

/// Label order: sites with more neighbours within 80 units first (they have the fewest
/// choices), ties in dataset order. A sort, so O(n log n) once neighbour counts are known.
fn crowded_first(sites: &[SiteMark]) -> Vec<usize> {
    let points = sites.iter().filter_map(|m| m.at);
    let area = points.fold(None, |r: Option<Rect>, p| {
        let b = r.unwrap_or(Rect::new(p.0, p.1, 0.0, 0.0));
        Some(Rect {
            x0: b.x0.min(p.0),
            y0: b.y0.min(p.1),
            x1: b.x1.max(p.0),
            y1: b.y1.max(p.1),
        })
    });
    let mut index = match area {
        Some(area) => CollisionIndex::with_area(80.0, area),
        None => CollisionIndex::new(80.0),
    };
    for m in sites {
        if let Some(p) = m.at {
            index.add_box(Rect::new(p.0, p.1, 0.0, 0.0), m.site);
        }
    }
    let mut keyed: Vec<(usize, usize)> = sites
        .iter()
        .filter_map(|m| {
            let p = m.at?;
            let probe = Rect::new(p.0 - 80.0, p.1 - 80.0, 160.0, 160.0);
            // Counting exactly would need a query API; a blocked test per ring is enough to
            // rank: 2 when another site is within 40 units, 1 within 80, else 0.
            let near = Rect::new(p.0 - 40.0, p.1 - 40.0, 80.0, 80.0);
            let rank = if index.box_is_blocked(&near, Some(m.site)) {
                2
            } else if index.box_is_blocked(&probe, Some(m.site)) {
                1
            } else {
                0
            };
            Some((m.site, rank))
        })
        .collect();
    keyed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    keyed.into_iter().map(|k| k.0).collect()
}

/// Names the capitals (`capitals` true) or the other chosen places, each beside its dot;
/// a place whose name finds no room is left out, dot and all.
fn place_names(
    out: &mut Vec<Item>,
    index: &mut CollisionIndex,
    bounds: &Rect,
    places: &[super::basemap::PagePlace],
    capitals: bool,
    th: &Theme,
) {
    for pp in places.iter().filter(|pp| pp.place.capital == capitals) {
        let size = if pp.place.capital { 12.0 } else { 10.5 };
        let style = if pp.place.capital {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let (ascent, descent) = vertical_extent(size);
        let req = LabelRequest {
            anchor: pp.at,
            radius: place_radius(&pp.place),
            width: text_width(&pp.place.name, size, style),
            ascent,
            descent,
            owner: NO_OWNER,
        };
        if let Some(label) = near_only(&req, bounds, index) {
            out.push(place_dot(&pp.place, pp.at, th));
            out.push(Item::Text(
                Text::new(label.origin.0, label.origin.1, &pp.place.name, size)
                    .style(style)
                    .color(th.colors.place_text)
                    .halo(th.colors.halo, 1.6),
            ));
        }
    }
}

fn place_radius(p: &crate::input::Place) -> f64 {
    if p.capital {
        3.6
    } else if p.population >= 1_000_000 {
        3.2
    } else if p.population >= 400_000 {
        2.7
    } else {
        2.2
    }
}

fn place_dot(p: &crate::input::Place, at: Pt, th: &Theme) -> Item {
    let r = place_radius(p);
    if p.capital {
        Item::Group {
            id: None,
            title: None,
            items: vec![
                Item::Circle {
                    center: at,
                    r,
                    paint: Paint::fill_stroke(th.colors.page, th.colors.place_dot, 1.2),
                },
                Item::Circle {
                    center: at,
                    r: r * 0.45,
                    paint: Paint::fill(th.colors.place_dot),
                },
            ],
        }
    } else {
        Item::Circle {
            center: at,
            r,
            paint: Paint::fill_stroke(th.colors.place_dot, th.colors.page, 0.6),
        }
    }
}

/// Tries the spots right beside a place dot only: a town name far from its dot misleads.
fn near_only(req: &LabelRequest, bounds: &Rect, index: &mut CollisionIndex) -> Option<PlacedLabel> {
    let w = req.width + 2.0 * LABEL_PAD;
    let h = req.ascent + req.descent + 2.0 * LABEL_PAD;
    let (x, y) = req.anchor;
    let mut spots = Vec::new();
    // Rings: right beside the dot, then a little further out. A capital (radius 3.6) tries
    // two more rings before it gives up: a site sitting on it (Dushanbe in a Tajikistan
    // dataset, Bishkek beside Kant) must not cost the reader the capital's name.
    let rings: &[f64] = if req.radius >= 3.5 {
        &[1.5, 7.0, 13.0, 20.0]
    } else {
        &[1.5, 7.0]
    };
    for g in rings.iter().map(|g| req.radius + g) {
        spots.extend([
            (x + g, y - h / 2.0),
            (x - g - w, y - h / 2.0),
            (x + g * 0.7, y - g * 0.7 - h),
            (x + g * 0.7, y + g * 0.7),
            (x - g * 0.7 - w, y - g * 0.7 - h),
            (x - g * 0.7 - w, y + g * 0.7),
            (x - w / 2.0, y - g - h),
            (x - w / 2.0, y + g),
        ]);
    }
    for (x0, y0) in spots {
        let bbox = Rect::new(x0, y0, w, h);
        if bounds.contains_rect(&bbox) && !index.box_is_blocked(&bbox, None) {
            index.add_box(bbox, NO_OWNER);
            return Some(PlacedLabel {
                bbox,
                origin: (x0 + LABEL_PAD, y0 + LABEL_PAD + req.ascent),
                leader: None,
            });
        }
    }
    None
}

/// Places a country or lake name centred on `at`, or nudged a little if that spot is taken.
#[allow(clippy::too_many_arguments)]
fn place_area_name(
    out: &mut Vec<Item>,
    index: &mut CollisionIndex,
    bounds: &Rect,
    name: &str,
    at: Pt,
    size: f64,
    style: FontStyle,
    color: Color,
    spacing: f64,
    th: &Theme,
) {
    let count = name.chars().count() as f64;
    let w = text_width(name, size, style) + spacing * (count - 1.0).max(0.0) + 2.0 * LABEL_PAD;
    let (ascent, descent) = vertical_extent(size);
    let h = ascent + descent + 2.0 * LABEL_PAD;
    let nudges = [
        (0.0, 0.0),
        (0.0, -22.0),
        (0.0, 22.0),
        (-40.0, 0.0),
        (40.0, 0.0),
        (0.0, -44.0),
        (0.0, 44.0),
        (-80.0, 0.0),
        (80.0, 0.0),
    ];
    for (dx, dy) in nudges {
        let cx = at.0 + dx;
        let cy = at.1 + dy;
        let bbox = Rect::new(cx - w / 2.0, cy - h / 2.0, w, h);
        if bounds.contains_rect(&bbox) && !index.box_is_blocked(&bbox, None) {
            index.add_box(bbox, NO_OWNER);
            // Letter spacing adds space after every letter, the last included, so shift
            // the anchor to keep the visible text centred.
            out.push(Item::Text(
                Text::new(cx + spacing / 2.0, bbox.y0 + LABEL_PAD + ascent, name, size)
                    .style(style)
                    .anchor(Anchor::Middle)
                    .color(color)
                    .spacing(spacing)
                    .halo(th.colors.halo, 1.5),
            ));
            return;
        }
    }
}

/// The default credit for the events: `{publishers}` is replaced by the sources' publishers.
pub const DEFAULT_EVENTS_CREDIT: &str =
    "Events: compiled with chronomap from {publishers} (numbered notes).";

/// The credit line: the basemap's sources, then the events' credit (the dataset's own from
/// `dataset.toml`, or [`DEFAULT_EVENTS_CREDIT`]), where `{publishers}` names who published the
/// sources. A source with no real publisher (empty, or a placeholder such as "Unknown") is
/// credited by its title instead.
///
/// ```
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let text = chronomap::layout::map::credit_text(&data, None);
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
/// let title = chronomap::layout::map::neutral_title(&data, chronomap::bundled::basemap());
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

/// The most lines the credit line may wrap to; beyond that it ends in "…".
const MAX_CREDIT_LINES: usize = 4;

/// How many lines the credits take on a page `width` units wide.
fn credit_line_count(text: &str, width: f64, th: &Theme) -> usize {
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

fn credits(text: &str, frame: Rect, width: f64, height: f64, n: usize, th: &Theme) -> Vec<Item> {
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
