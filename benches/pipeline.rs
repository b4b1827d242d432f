//! Criterion benchmarks of each stage of the pipeline, on the bundled data and on synthetic
//! datasets from `examples/synth/dataset.rs`.
//!
//! ```sh
//! CARGO_TARGET_DIR=target cargo bench --bench pipeline            # everything (~2–3 min)
//! cargo bench --bench pipeline -- bundled/                          # one group
//! ```
//!
//! Groups:
//! - `bundled/*`: the 8-site bundled dataset through every stage of `chronomap render`:
//!   load, timeline, layout (`MapFrame::new`, `MapFrame::scene`), SVG, drawing the pixels
//!   (whole page, and over a series' cached basemap), PNG encoding, plus basemap parsing,
//!   the whole export, and the resvg path (SVG text to pixels) for comparison.
//! - `relief/*`: the shaded relief's recipe (every map) and its pixels (made once, unless a
//!   cached basemap drawing makes them unnecessary), and the pixels from the world grid
//!   alone, without the detailed GEBCO grid, for comparison.
//! - `synthetic/*`: the same stages that depend on the number of sites, at 1k sites / 10k
//!   events and 10k sites / 100k events (seed 42): load (and its two parsers alone,
//!   `read_sites` and `read_events`), timeline, `place_labels` alone, `MapFrame::new`
//!   (labels and everything else), SVG writing and drawing.
//!   `cargo bench --bench pipeline -- 'synthetic/(load|read)'` measures loading only.
//! - `synthetic_large/load/100k`: loading alone at 100k sites / 1M events, to compare with
//!   `synthetic/load/10k` for growth: `cargo bench --bench pipeline -- '/load/'`.
//! - `gif/encode_23_frames_1600x1000`: the animated GIF of a 23-year series, encoded.

#[path = "../examples/synth/dataset.rs"]
mod synth;

use chronomap::bundled;
use chronomap::chart::timeline_svg;
use chronomap::export::{default_status_day, export_files};
use chronomap::fonts::{FontStyle, text_width, vertical_extent};
use chronomap::input::{read_events, read_sites};
use chronomap::layout::collide::CollisionIndex;
use chronomap::layout::geometry::Rect;
use chronomap::layout::labels::{LabelRequest, place_labels};
use chronomap::layout::map::MapFrame;
use chronomap::layout::projection::{Extent, MapProjection};
use chronomap::layout::relief::relief;
use chronomap::layout::style::MapStyle;
use chronomap::model::{Dataset, DatasetFiles, Day};
use chronomap::render::draw::{Underlay, draw, draw_from, draw_png, draw_png_over};
use chronomap::render::gif::{RgbaFrame, encode_gif};
use chronomap::render::png_stream::encode_rows;
use chronomap::render::raster::{encode_png, rasterize};
use chronomap::render::svg::write_svg;
use chronomap::render::underlay_cache::{self, UnderlayKey};
use chronomap::scene::Item;
use chronomap::timeline::Timeline;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn load(sites: &[u8], events: &[u8], sources: &[u8]) -> Dataset {
    Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(sites)),
        events: ("events.csv", Ok(events)),
        sources: ("sources.csv", Ok(sources)),
    })
    .expect("the dataset is valid")
    .dataset
}

fn bundled_stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("bundled");
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    g.bench_function("load", |b| {
        b.iter(|| load(black_box(bundled::SITES), bundled::EVENTS, bundled::SOURCES))
    });
    g.bench_function("basemap_query", |b| {
        let world = bundled::world().unwrap();
        b.iter(|| world.query(black_box((60.0, 34.0, 85.0, 48.0))).unwrap())
    });
    let data = bundled::dataset().unwrap().dataset;
    let day = Day::end_of_year(2023);
    g.bench_function("timeline_new", |b| {
        b.iter(|| Timeline::new(black_box(&data)))
    });
    let timeline = Timeline::new(&data);
    g.bench_function("state_at", |b| b.iter(|| timeline.state_at(black_box(day))));
    g.bench_function("year_snapshot", |b| {
        b.iter(|| timeline.year_snapshot(black_box(2023)))
    });
    let basemap = bundled::basemap();
    let style = MapStyle::default();
    g.bench_function("frame_new", |b| {
        b.iter(|| MapFrame::new(black_box(&data), basemap, &style).unwrap())
    });
    let frame = MapFrame::new(&data, basemap, &style).unwrap();
    let snapshot = timeline.year_snapshot(2023);
    let scene = || frame.scene(&data, &snapshot, "Status at end of 2023", "Events in 2023");
    g.bench_function("scene", |b| b.iter(scene));
    let scene = scene();
    g.bench_function("write_svg", |b| b.iter(|| write_svg(black_box(&scene))));
    let svg = write_svg(&scene);
    let (w, h) = (style.page.pixel_width, style.page.pixel_height);
    g.bench_function("export_files", |b| {
        b.iter(|| export_files(black_box(&data), default_status_day(&data)).unwrap())
    });

    // The pixel stages are 10–100× slower: fewer samples.
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    // The scene drawn straight to pixels, then also encoded band by band as it is drawn (what
    // `render -o x.png` does), and the same page through SVG text and resvg (what the
    // timeline chart still uses), for comparison.
    g.bench_function("draw_1600x1000", |b| {
        b.iter(|| draw(black_box(&scene), w, h).unwrap())
    });
    g.bench_function("draw_png_1600x1000", |b| {
        b.iter(|| draw_png(black_box(&scene), w, h, style.page.dpi).unwrap())
    });
    let underlay = Underlay::new(&scene, 1, w, h).unwrap();
    g.bench_function("draw_over_basemap_1600x1000", |b| {
        b.iter(|| draw_from(black_box(&scene), Some(&underlay), w, h).unwrap())
    });
    g.bench_function("rasterize_svg_1600x1000", |b| {
        b.iter(|| rasterize(black_box(&svg), w, h).unwrap())
    });
    let pixels = draw(&scene, w, h).unwrap();
    g.bench_function("encode_png_1600x1000", |b| {
        b.iter(|| encode_png(black_box(&pixels), style.page.dpi).unwrap())
    });
    // One band (a quarter of the page) filtered and compressed on one thread: what each
    // drawing thread does after drawing its band.
    let band = &pixels.data[..pixels.data.len() / 4];
    g.bench_function("encode_band_1600x250", |b| {
        b.iter(|| encode_rows(black_box(band), w).unwrap())
    });
    // The drawing cache: naming the basemap's drawing, reading it back from its stored
    // bytes, and the PNG drawn over it (what a `render` with a warm cache does after layout).
    g.bench_function("underlay_key", |b| {
        b.iter(|| UnderlayKey::of(black_box(&scene), 1, w, h))
    });
    let key = UnderlayKey::of(&scene, 1, w, h);
    let stored = underlay_cache::encode(&underlay, key);
    g.bench_function("underlay_decode", |b| {
        b.iter(|| underlay_cache::decode(black_box(&stored), key, &scene, 1).unwrap())
    });
    g.bench_function("draw_png_over_basemap_1600x1000", |b| {
        b.iter(|| draw_png_over(black_box(&scene), Some(&underlay), w, h, style.page.dpi).unwrap())
    });
    g.finish();
}

/// The shaded relief of the bundled view: deciding that the frame meets relief and naming
/// the picture (what every map does), and making its pixels (what a map drawn without a
/// cached basemap does once).
fn relief_stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("relief");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let data = bundled::dataset().unwrap().dataset;
    let style = MapStyle::default();
    let frame = MapFrame::new(&data, bundled::basemap(), &style).unwrap();
    let projection = MapProjection::fit(frame.extent, frame.frame).unwrap();
    let density = f64::from(style.page.pixel_width) / frame.size.0;
    g.bench_function("recipe", |b| {
        b.iter(|| {
            relief(
                bundled::basemap_bytes::RELIEF,
                Some(bundled::basemap_bytes::RELIEF_DETAIL),
                black_box(&projection),
                density,
            )
        })
    });
    // With the detailed grid (what maps do), and from the world grid alone (what they did
    // before it), for comparison.
    for (name, detail) in [
        ("pixels", Some(bundled::basemap_bytes::RELIEF_DETAIL)),
        ("pixels_world_only", None),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let Some(Item::Image { image, .. }) = relief(
                    bundled::basemap_bytes::RELIEF,
                    detail,
                    black_box(&projection),
                    density,
                ) else {
                    panic!("the bundled view has relief")
                };
                image.grey_alpha().len()
            })
        });
    }
    g.finish();
}

/// Label requests for every site inside a 1600×1000 page's map frame, as `MapFrame::new`
/// builds them (symbols registered first, then labels in dataset order).
fn label_setup(data: &Dataset) -> (Vec<LabelRequest>, Rect, CollisionIndex) {
    let frame = Rect {
        x0: 64.0,
        y0: 84.0,
        x1: 1180.0,
        y1: 930.0,
    };
    let points: Vec<(f64, f64)> = data.sites.iter().map(|s| (s.lon, s.lat)).collect();
    let extent = Extent::around(&points, 2.2).unwrap();
    let projection = MapProjection::fit(extent, frame).unwrap();
    let (ascent, descent) = vertical_extent(13.0);
    let mut index = CollisionIndex::with_area(48.0, Rect::new(0.0, 0.0, 1600.0, 1000.0));
    let mut requests = Vec::new();
    for (i, s) in data.sites.iter().enumerate() {
        let at = projection
            .to_page(s.lon, s.lat)
            .filter(|p| frame.inflate(-7.0).contains(*p))
            .unwrap_or((f64::NAN, f64::NAN));
        if at.0.is_finite() {
            index.add_box(Rect::new(at.0 - 8.5, at.1 - 8.5, 17.0, 17.0), i);
        }
        requests.push(LabelRequest {
            anchor: at,
            radius: 7.0,
            width: text_width(&s.name, 13.0, FontStyle::Bold),
            ascent,
            descent,
            owner: i,
        });
    }
    (requests, frame.inflate(-2.0), index)
}

fn synthetic_stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("synthetic");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (label, sites, events) in [("1k", 1_000, 10_000), ("10k", 10_000, 100_000)] {
        let files = synth::generate(&synth::Config {
            sites,
            events,
            years: 30,
            seed: 42,
        });
        let (s, e, src) = (
            files.sites.as_bytes(),
            files.events.as_bytes(),
            files.sources.as_bytes(),
        );
        g.throughput(Throughput::Elements(sites as u64));
        g.bench_function(BenchmarkId::new("load", label), |b| {
            b.iter(|| load(black_box(s), e, src))
        });
        // The two parsers alone (no validation, no join): where the load's time goes.
        g.bench_function(BenchmarkId::new("read_sites", label), |b| {
            b.iter(|| read_sites(black_box(s), "sites.geojson", &mut Vec::new()))
        });
        g.throughput(Throughput::Elements(events as u64));
        g.bench_function(BenchmarkId::new("read_events", label), |b| {
            b.iter(|| read_events(black_box(e), "events.csv", &mut Vec::new()))
        });
        g.throughput(Throughput::Elements(sites as u64));
        let data = load(s, e, src);
        g.bench_function(BenchmarkId::new("timeline_new", label), |b| {
            b.iter(|| Timeline::new(black_box(&data)))
        });
        let timeline = Timeline::new(&data);
        g.bench_function(BenchmarkId::new("year_snapshot", label), |b| {
            b.iter(|| timeline.year_snapshot(black_box(2023)))
        });
        let (requests, bounds, index) = label_setup(&data);
        let order: Vec<usize> = (0..requests.len()).collect();
        g.bench_function(BenchmarkId::new("place_labels", label), |b| {
            b.iter_batched(
                || index.clone(),
                |mut index| place_labels(black_box(&requests), &order, &bounds, &mut index),
                criterion::BatchSize::LargeInput,
            )
        });
        g.bench_function(BenchmarkId::new("frame_new", label), |b| {
            b.iter(|| MapFrame::new(black_box(&data), bundled::basemap(), &MapStyle::default()))
        });
        let frame = MapFrame::new(&data, bundled::basemap(), &MapStyle::default()).unwrap();
        let snapshot = timeline.year_snapshot(2023);
        let scene = frame.scene(&data, &snapshot, "Status at end of 2023", "Events in 2023");
        g.bench_function(BenchmarkId::new("write_svg", label), |b| {
            b.iter(|| write_svg(black_box(&scene)))
        });
        g.bench_function(BenchmarkId::new("draw_1600x1000", label), |b| {
            b.iter(|| draw(black_box(&scene), 1600, 1000).unwrap())
        });
    }
    g.finish();
}

/// Loading alone at 100k sites / 1M events, where the site and source id tables, the events
/// and their chronological sort no longer fit in the caches: the size that shows whether
/// loading grows linearly (compare with `synthetic/load/10k`, a tenth of the data).
fn synthetic_large_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("synthetic_large");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    let files = synth::generate(&synth::Config {
        sites: 100_000,
        events: 1_000_000,
        years: 30,
        seed: 42,
    });
    let (s, e, src) = (
        files.sites.as_bytes(),
        files.events.as_bytes(),
        files.sources.as_bytes(),
    );
    g.throughput(Throughput::Elements(100_000));
    g.bench_function(BenchmarkId::new("load", "100k"), |b| {
        b.iter(|| load(black_box(s), e, src))
    });
    g.finish();
}

/// The animated GIF of a 23-year series: 23 different full-size frames (the timeline chart
/// up to each year, drawn through resvg) encoded at once, as `series --format gif` does.
/// This replaces a timed test that asserted the encoding took under 10 s.
fn gif_encoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("gif");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    let data = bundled::dataset().expect("bundled data").dataset;
    let timeline = Timeline::new(&data);
    let frames: Vec<RgbaFrame> = (2001..=2023)
        .map(|last| {
            let svg = timeline_svg(&timeline, 2000..=last, 1600, 1000).expect("chart");
            let img = rasterize(&svg, 1600, 1000).expect("raster");
            RgbaFrame {
                width: img.width,
                height: img.height,
                data: img.data,
            }
        })
        .collect();
    g.bench_function("encode_23_frames_1600x1000", |b| {
        b.iter(|| encode_gif(black_box(&frames), 80, 3).unwrap())
    });
    g.finish();
}

criterion_group!(
    benches,
    bundled_stages,
    relief_stages,
    synthetic_stages,
    synthetic_large_load,
    gif_encoding
);
criterion_main!(benches);
