//! A synthetic chronomap dataset with a fixed seed, for benchmarks and scale tests.
//!
//! Shared by the `synth` example (which writes the three files into a folder) and the
//! criterion benches (which parse them from memory). Everything is derived from one
//! SplitMix64 stream, so the same configuration always gives the same bytes.
//!
//! What it makes, in the project's format (see README "Your own data"):
//! - `sites.geojson`: `sites` Point features over the default map area (64–81 °E,
//!   36.5–45 °N), about 70 % spread evenly and 30 % in a dozen dense clusters; slug ids,
//!   names, some Cyrillic alt names, country, operator, kind, precision, position source.
//! - `events.csv`: `events` events shared out over the sites (every site gets at least one
//!   when there are enough), dated over `years` years ending in 2023 at year, month or day
//!   precision, with plausible status changes, quoted summaries with commas, one or two
//!   sources each, and a disputed pair on about one site in 200.
//! - `sources.csv`: one source per 20 events (at least 3), every one of them cited.

use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Number of sites.
    pub sites: usize,
    /// Number of events.
    pub events: usize,
    /// Number of years the events span (ending in 2023).
    pub years: i32,
    /// PRNG seed.
    pub seed: u64,
}

/// The three files of a dataset.
pub struct Files {
    /// `sites.geojson`.
    pub sites: String,
    /// `events.csv`.
    pub events: String,
    /// `sources.csv`.
    pub sources: String,
}

/// The last year of the generated history.
const LAST_YEAR: i32 = 2023;

/// SplitMix64: small, fast, good enough for test data, and fully deterministic.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A standard normal deviate (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

const WEST: f64 = 64.0;
const EAST: f64 = 81.0;
const SOUTH: f64 = 36.5;
const NORTH: f64 = 45.0;

const SYLLABLES: [&str; 24] = [
    "ka", "ra", "bu", "lak", "tash", "kul", "su", "bek", "sai", "jar", "ot", "mir", "ak", "kyz",
    "tal", "gor", "an", "dy", "ze", "nar", "bol", "sh", "ti", "yn",
];
const CYRILLIC: [&str; 8] = ["Кара", "Таш", "Кок", "Ак", "Жаны", "Кызыл", "Сары", "Орто"];
const CYRILLIC_ENDS: [&str; 6] = ["су", "таш", "бек", "кол", "сай", "булак"];
const OPERATORS: [&str; 8] = [
    "Russia",
    "Russia",
    "Russia",
    "United States",
    "United States",
    "CSTO",
    "China",
    "Germany",
];
const SITE_KINDS: [&str; 7] = [
    "air base",
    "naval test site",
    "seismic station",
    "communication centre",
    "proposed base",
    "radar station",
    "training ground",
];
const PRECISIONS: [&str; 3] = ["site", "town", "village"];
const PUBLISHERS: [&str; 10] = [
    "RFE/RL",
    "Asia-Plus",
    "Stratfor",
    "The Diplomat",
    "Eurasianet",
    "TASS",
    "Reuters",
    "Al Jazeera",
    "The Washington Post",
    "Kabar",
];

/// Which country a point falls in, roughly: good enough to give a realistic mix.
fn country(lon: f64, lat: f64) -> &'static str {
    if lat > 43.2 {
        "KAZ"
    } else if lon > 73.0 && lat > 39.5 {
        "KGZ"
    } else if lon > 75.5 {
        "CHN"
    } else if lat < 37.5 {
        "AFG"
    } else if lon > 67.5 && lat < 39.5 {
        "TJK"
    } else if lon < 66.0 && lat < 39.0 {
        "TKM"
    } else {
        "UZB"
    }
}

fn capitalized(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(rng.pick(&SYLLABLES));
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => s,
    }
}

fn csv_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date as (sort key, text): 60 % day precision, 25 % month, 15 % year.
fn random_date(rng: &mut Rng, first_year: i32, last_year: i32) -> (u32, String) {
    let span = (last_year - first_year + 1).max(1) as usize;
    let year = first_year + rng.below(span) as i32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(days_in_month(year, month) as usize) as u32;
    let p = rng.unit();
    // Sort by the last day the date covers, as the timeline rule does.
    if p < 0.60 {
        (
            (year as u32) * 10_000 + month * 100 + day,
            format!("{year:04}-{month:02}-{day:02}"),
        )
    } else if p < 0.85 {
        (
            (year as u32) * 10_000 + month * 100 + 31,
            format!("{year:04}-{month:02}"),
        )
    } else {
        ((year as u32) * 10_000 + 1231, format!("{year:04}"))
    }
}

/// The next event of a site given its status so far: (kind, status set or "", summary verb).
fn next_event(rng: &mut Rng, status: &str) -> (&'static str, &'static str, &'static str) {
    let p = rng.unit();
    match status {
        "" => {
            if p < 0.5 {
                ("proposal", "proposed", "A base is proposed near")
            } else {
                ("opened", "active", "Troops arrive at")
            }
        }
        "proposed" => {
            if p < 0.35 {
                ("agreement", "active", "An agreement is signed for")
            } else if p < 0.55 {
                ("declined", "declined", "The host government turns down")
            } else {
                ("statement", "", "Officials comment on")
            }
        }
        "active" => {
            if p < 0.12 {
                ("closed", "closed", "The last units leave")
            } else if p < 0.30 {
                (
                    "exercise",
                    "",
                    "A joint exercise, with 1,200 troops, is held at",
                )
            } else if p < 0.45 {
                (
                    "expansion",
                    "active",
                    "New hangars and a runway extension at",
                )
            } else if p < 0.58 {
                ("deployment", "active", "Aircraft are rotated through")
            } else if p < 0.68 {
                ("lease", "active", "The lease is extended for")
            } else if p < 0.74 {
                ("merger", "active", "Units are merged into one command at")
            } else if p < 0.87 {
                ("statement", "", "Officials comment on")
            } else {
                ("other", "", "Reports mention")
            }
        }
        _ => {
            if p < 0.25 {
                ("proposal", "proposed", "A return is proposed to")
            } else if p < 0.35 {
                ("opened", "active", "The base reopens at")
            } else {
                ("statement", "", "Officials comment on")
            }
        }
    }
}

/// Generates the three files.
pub fn generate(cfg: &Config) -> Files {
    let mut rng = Rng(cfg.seed);
    let first_year = LAST_YEAR - cfg.years.max(1) + 1;
    let n_sources = (cfg.events / 20).max(3);

    // Sites.
    let clusters: Vec<(f64, f64)> = (0..12)
        .map(|_| {
            (
                WEST + 1.0 + rng.unit() * (EAST - WEST - 2.0),
                SOUTH + 0.8 + rng.unit() * (NORTH - SOUTH - 1.6),
            )
        })
        .collect();
    let mut ids = Vec::with_capacity(cfg.sites);
    let mut names = Vec::with_capacity(cfg.sites);
    let mut sites = String::with_capacity(cfg.sites * 420 + 128);
    sites.push_str("{\"type\":\"FeatureCollection\",\"name\":\"sites\",\"features\":[\n");
    for i in 0..cfg.sites {
        let (lon, lat) = if rng.unit() < 0.3 {
            let c = rng.pick(&clusters);
            (
                (c.0 + rng.normal() * 0.12).clamp(WEST, EAST),
                (c.1 + rng.normal() * 0.09).clamp(SOUTH, NORTH),
            )
        } else {
            (
                WEST + rng.unit() * (EAST - WEST),
                SOUTH + rng.unit() * (NORTH - SOUTH),
            )
        };
        let id = format!("site-{:06}", i + 1);
        let syllables = 2 + rng.below(2);
        let name = capitalized(&mut rng, syllables);
        let name = if rng.unit() < 0.2 {
            format!("{name} {}", 1 + rng.below(9))
        } else {
            name
        };
        let alt = if rng.unit() < 0.4 {
            format!(
                "\"{}{}\",\"{} Base\"",
                rng.pick(&CYRILLIC),
                rng.pick(&CYRILLIC_ENDS),
                name
            )
        } else {
            String::new()
        };
        if i > 0 {
            sites.push_str(",\n");
        }
        let _ = write!(
            sites,
            "{{\"type\":\"Feature\",\"id\":\"{id}\",\"properties\":{{\"name\":\"{name}\",\"alt_names\":[{alt}],\"country\":\"{}\",\"operator\":\"{}\",\"kind\":\"{}\",\"precision\":\"{}\",\"position_source\":\"synthetic, seed {}\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.5},{lat:.5}]}}}}",
            country(lon, lat),
            rng.pick(&OPERATORS),
            rng.pick(&SITE_KINDS),
            rng.pick(&PRECISIONS),
            cfg.seed,
        );
        ids.push(id);
        names.push(name);
    }
    sites.push_str("\n]}\n");

    // Events: shared out over the sites, each site's history in date order.
    let mut events = String::with_capacity(cfg.events * 140 + 64);
    events.push_str("id,site,date,kind,status,summary,sources,disputes\n");
    let mut cited = 0usize;
    for s in 0..cfg.sites {
        // Inside the loop, so there is at least one site to divide by.
        let n = cfg.events / cfg.sites + usize::from(s < cfg.events % cfg.sites);
        if n == 0 {
            continue;
        }
        let mut dates: Vec<(u32, String)> = (0..n)
            .map(|_| random_date(&mut rng, first_year, LAST_YEAR))
            .collect();
        dates.sort();
        // About one site in 200 (with two events or more) has a disputed pair: the same
        // fact dated differently by two sources, written as its last two events.
        let disputed = n >= 2 && rng.below(200) == 0;
        let mut status = "";
        let mut row = String::with_capacity(160);
        for (k, (_, date)) in dates.iter().enumerate() {
            let pair = disputed && k + 2 >= n;
            let (kind, new_status, verb) = if pair {
                (
                    "merger",
                    "active",
                    "Facilities are merged into one joint base at",
                )
            } else {
                next_event(&mut rng, status)
            };
            if !new_status.is_empty() {
                status = new_status;
            }
            row.clear();
            let id = format!("{}-e{:03}", ids[s], k + 1);
            let _ = write!(row, "{id},{},{date},{kind},{new_status},", ids[s]);
            csv_field(&mut row, &format!("{verb} {}", names[s]));
            // Round robin on the first source, so every source is cited.
            let first = cited % n_sources;
            cited += 1;
            let _ = write!(row, ",src-{:05}", first + 1);
            if rng.unit() < 0.3 {
                let second = rng.below(n_sources);
                if second != first {
                    let _ = write!(row, ";src-{:05}", second + 1);
                }
            }
            row.push(',');
            if pair {
                let other = if k + 2 == n { k + 2 } else { k };
                let _ = write!(row, "{}-e{:03}", ids[s], other);
            }
            row.push('\n');
            events.push_str(&row);
        }
    }

    // Sources.
    let mut sources = String::with_capacity(n_sources * 110 + 64);
    sources.push_str("id,title,publisher,published,url\n");
    for i in 0..n_sources {
        let (_, published) = random_date(&mut rng, first_year, LAST_YEAR);
        let topic = capitalized(&mut rng, 2);
        let _ = write!(sources, "src-{:05},", i + 1);
        csv_field(
            &mut sources,
            &format!("Report {} on {topic}, with a \"quoted\" phrase", i + 1),
        );
        let _ = write!(sources, ",{},{published},", rng.pick(&PUBLISHERS));
        if rng.unit() < 0.7 {
            let _ = write!(sources, "https://example.org/reports/{}", i + 1);
        }
        sources.push('\n');
    }

    Files {
        sites,
        events,
        sources,
    }
}
