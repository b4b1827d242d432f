//! Writes a synthetic chronomap dataset with a fixed seed, for scale tests.
//!
//! ```sh
//! cargo run --release --example synth -- --sites 100000 --events 1000000 --years 30 --seed 42 --out output/bench/100k
//! chronomap --data output/bench/100k check
//! ```
//!
//! The same flags always give the same bytes. See `dataset.rs` for what is generated.

mod dataset;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: synth --sites N --events M [--years Y (30)] [--seed S (42)] --out DIR";

fn parse() -> Result<(dataset::Config, PathBuf), String> {
    let mut cfg = dataset::Config {
        sites: 0,
        events: 0,
        years: 30,
        seed: 42,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = |v: &str| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{flag}: {v:?} is not a whole number\n{USAGE}"))
        };
        match flag.as_str() {
            "--sites" => cfg.sites = number(&value)? as usize,
            "--events" => cfg.events = number(&value)? as usize,
            "--years" => cfg.years = number(&value)?.clamp(1, 2000) as i32,
            "--seed" => cfg.seed = number(&value)?,
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if cfg.sites == 0 {
        return Err(format!("--sites must be at least 1\n{USAGE}"));
    }
    Ok((cfg, out))
}

fn main() -> ExitCode {
    let (cfg, out) = match parse() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let files = dataset::generate(&cfg);
    let write = |name: &str, text: &str| -> Result<(), String> {
        std::fs::write(out.join(name), text)
            .map_err(|e| format!("{}: {e}", out.join(name).display()))
    };
    let result = std::fs::create_dir_all(&out)
        .map_err(|e| format!("{}: {e}", out.display()))
        .and_then(|()| write("sites.geojson", &files.sites))
        .and_then(|()| write("events.csv", &files.events))
        .and_then(|()| write("sources.csv", &files.sources));
    match result {
        Ok(()) => {
            println!(
                "wrote {} sites, {} events over {} years (seed {}) to {} ({} + {} + {} bytes)",
                cfg.sites,
                cfg.events,
                cfg.years,
                cfg.seed,
                out.display(),
                files.sites.len(),
                files.events.len(),
                files.sources.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}
