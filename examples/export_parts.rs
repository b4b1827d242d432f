//! Times each file of `chronomap export` on one dataset folder, after loading it once: the
//! export without the loading (which `chronomap --data DIR check` measures). Runs
//! `export_to` on one thread with a sink that times each file and writes it to a temporary
//! folder; the events GeoJSON and CSV are written in one pass, so the CSV's time includes
//! the GeoJSON's.
//!
//! ```sh
//! cargo run --release --example export_parts -- /work/bench/100k [REPEATS]
//! ```

use chronomap::export::{
    EXPORT_FILE_NAMES, ExportCause, ExportSink, default_status_day, export_to,
};
use chronomap::model::{Dataset, DatasetFiles};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct TimingSink {
    dir: PathBuf,
    times: Mutex<BTreeMap<&'static str, (Duration, u64)>>,
}

impl TimingSink {
    fn done(&self, name: &'static str, start: Instant) {
        let took = start.elapsed();
        let bytes = std::fs::metadata(self.dir.join(name)).map_or(0, |m| m.len());
        self.times.lock().unwrap().insert(name, (took, bytes));
    }
}

impl ExportSink for TimingSink {
    fn text_file(
        &self,
        name: &'static str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), ExportCause> {
        let start = Instant::now();
        let mut file = std::fs::File::create(self.dir.join(name))?;
        write(&mut file)?;
        self.done(name, start);
        Ok(())
    }

    fn database(
        &self,
        name: &'static str,
        fill: &mut dyn FnMut(&Connection) -> Result<(), ExportCause>,
    ) -> Result<(), ExportCause> {
        let start = Instant::now();
        let path = self.dir.join(name);
        let _ = std::fs::remove_file(&path);
        let conn = Connection::open(&path)?;
        fill(&conn)?;
        conn.close().map_err(|(_, e)| e)?;
        self.done(name, start);
        Ok(())
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: export_parts DIR [REPEATS]"));
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
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut runs: BTreeMap<&str, Vec<(Duration, u64)>> = BTreeMap::new();
    let mut totals = Vec::new();
    for _ in 0..repeats {
        let sink = TimingSink {
            dir: out.path().to_path_buf(),
            times: Mutex::new(BTreeMap::new()),
        };
        let start = Instant::now();
        one_thread
            .install(|| {
                export_to(
                    &data,
                    &chronomap::input::metadata::DatasetMetadata::default(),
                    day,
                    &sink,
                )
            })
            .expect("the export works");
        totals.push(start.elapsed());
        for (name, t) in sink.times.into_inner().unwrap() {
            runs.entry(name).or_default().push(t);
        }
    }
    for name in EXPORT_FILE_NAMES {
        let mut t = runs.remove(name).unwrap_or_default();
        t.sort();
        eprintln!(
            "{name:16} min {:>7.3} s  median {:>7.3} s  {:>12} bytes",
            t[0].0.as_secs_f64(),
            t[t.len() / 2].0.as_secs_f64(),
            t[0].1
        );
    }
    totals.sort();
    eprintln!(
        "whole export on one thread: min {:.3} s  median {:.3} s",
        totals[0].as_secs_f64(),
        totals[totals.len() / 2].as_secs_f64()
    );
}
