//! Times each part of `chronomap export` on one dataset folder, after loading it once: the
//! shared indexes, then every file on its own (one core each, written to a temporary folder).
//! This is the export without the loading, which `chronomap --data DIR check` measures.
//!
//! ```sh
//! cargo run --release --example export_parts -- /work/bench/100k [REPEATS]
//! ```

use chronomap::export::{
    default_status_day, events_layer, periods_layer, sites_layer, write_csv_table, write_geojson,
    write_geopackage, write_kml,
};
use chronomap::model::{Dataset, DatasetFiles};
use chronomap::timeline::Timeline;
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: export_parts DIR [REPEATS]"));
    let repeats: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("REPEATS is a number"));
    let read = |name: &str| std::fs::read(dir.join(name)).expect("readable dataset file");
    let (sites, events, sources) = (
        read("sites.geojson"),
        read("events.csv"),
        read("sources.csv"),
    );
    let data: Dataset = Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(&sites)),
        events: ("events.csv", Ok(&events)),
        sources: ("sources.csv", Ok(&sources)),
    })
    .expect("a valid dataset")
    .dataset;
    let out = tempfile::tempdir_in(".").expect("a temporary folder");
    let day = default_status_day(&data);
    let file = |name: &str| {
        BufWriter::with_capacity(0, std::fs::File::create(out.path().join(name)).unwrap())
    };
    let mut times: Vec<(&str, Vec<Duration>, u64)> = Vec::new();
    let mut time = |name: &'static str, f: &mut dyn FnMut()| {
        let mut all = Vec::new();
        for _ in 0..repeats {
            let t = Instant::now();
            f();
            all.push(t.elapsed());
        }
        let bytes = std::fs::metadata(out.path().join(name)).map_or(0, |m| m.len());
        all.sort();
        eprintln!(
            "{name:16} min {:>8.3} s  median {:>8.3} s  {:>12} bytes",
            all[0].as_secs_f64(),
            all[all.len() / 2].as_secs_f64(),
            bytes
        );
        times.push((name, all, bytes));
    };
    let timeline = Timeline::new(&data);
    time("indexes", &mut || {
        let t = Timeline::new(&data);
        let s = sites_layer(&t, day);
        let e = events_layer(&data);
        let p = periods_layer(&t);
        std::hint::black_box((s.len(), e.len(), p.len()));
    });
    let s = sites_layer(&timeline, day);
    let e = events_layer(&data);
    let p = periods_layer(&timeline);
    time("events rows", &mut || {
        let _ = e.for_each(|f| {
            std::hint::black_box(f);
            Ok::<(), ()>(())
        });
    });
    time("events.geojson to nothing", &mut || {
        write_geojson(&e, &mut std::io::sink()).unwrap()
    });
    time("events.csv to nothing", &mut || {
        write_csv_table(&e, &mut std::io::sink()).unwrap()
    });
    time("kml to nothing", &mut || {
        write_kml(&timeline, &mut std::io::sink()).unwrap()
    });
    time("sites.geojson", &mut || {
        write_geojson(&s, &mut file("sites.geojson")).unwrap()
    });
    time("events.geojson", &mut || {
        write_geojson(&e, &mut file("events.geojson")).unwrap()
    });
    time("periods.geojson", &mut || {
        write_geojson(&p, &mut file("periods.geojson")).unwrap()
    });
    time("events.csv", &mut || {
        write_csv_table(&e, &mut file("events.csv")).unwrap()
    });
    time("chronomap.kml", &mut || {
        write_kml(&timeline, &mut file("chronomap.kml")).unwrap()
    });
    time("chronomap.gpkg", &mut || {
        let path = out.path().join("chronomap.gpkg");
        let _ = std::fs::remove_file(&path);
        let conn = rusqlite::Connection::open(&path).unwrap();
        write_geopackage(&conn, &[&s, &e, &p], day).unwrap();
        conn.close().unwrap();
    });
    let total: f64 = times.iter().map(|t| t.1[0].as_secs_f64()).sum();
    let bytes: u64 = times.iter().map(|t| t.2).sum();
    eprintln!("sum of minimums {total:.3} s, {bytes} bytes");
    std::io::stderr().flush().unwrap();
}
