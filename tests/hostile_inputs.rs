//! Hostile inputs that are impractical as folders in `tests/broken/`: a file over the size
//! limit (shown with a small limit through the library, instead of a 512 MiB file), and
//! inputs large enough that quadratic work or unbounded messages would show.

#[path = "support/external.rs"]
mod external;

use chronomap::input::{MAX_INPUT_BYTES, read_all_limited};
use chronomap::model::{Dataset, DatasetFiles, MAX_ERRORS_PER_FILE};
use std::time::{Duration, Instant};

const SITES: &[u8] = include_bytes!("fixtures/mini/sites.geojson");
const EVENTS: &[u8] = include_bytes!("fixtures/mini/events.csv");
const SOURCES: &[u8] = include_bytes!("fixtures/mini/sources.csv");

fn messages(sites: &[u8], events: &[u8], sources: &[u8]) -> Vec<String> {
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites)),
        events: ("events.csv", Ok(events)),
        sources: ("sources.csv", Ok(sources)),
    };
    match Dataset::from_files(files) {
        Ok(_) => Vec::new(),
        Err(diags) => diags.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn a_file_over_the_size_limit_fails_with_a_message_naming_it() {
    assert_eq!(MAX_INPUT_BYTES, 512 * 1024 * 1024);
    // The same code path as `--data DIR`, with a limit small enough for a test.
    let limit = (EVENTS.len() - 1) as u64;
    let reason = read_all_limited(EVENTS, limit).unwrap_err();
    let files = DatasetFiles {
        sites: ("DIR/sites.geojson", Ok(SITES)),
        events: ("DIR/events.csv", Err(&reason)),
        sources: ("DIR/sources.csv", Ok(SOURCES)),
    };
    let diags = Dataset::from_files(files).unwrap_err();
    let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        text,
        [format!(
            "error: DIR/events.csv: is larger than the limit of {limit} bytes; split the data or check that this is the right file"
        )]
    );
    // Exactly at the limit is fine.
    let len = EVENTS.len() as u64;
    assert_eq!(read_all_limited(EVENTS, len).unwrap(), EVENTS);
}

#[test]
fn the_size_limit_stops_reading_instead_of_reading_everything() {
    // An endless reader: if the limit did not stop the read, this test would never end.
    let endless = std::io::repeat(b'x');
    let e = read_all_limited(endless, 1024 * 1024).unwrap_err();
    assert!(e.contains("larger than the limit of 1 MiB"), "{e}");
}

#[test]
fn a_header_with_a_hundred_thousand_columns_is_reported_briefly_and_quickly() {
    let mut sources = b"id,title,publisher,published,url".to_vec();
    for i in 0..100_000 {
        // Half repeat a column, half are unknown names.
        if i % 2 == 0 {
            sources.extend_from_slice(b",title");
        } else {
            sources.extend_from_slice(format!(",extra{i}").as_bytes());
        }
    }
    sources.push(b'\n');
    let start = Instant::now();
    let text = messages(SITES, EVENTS, &sources);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    let errors = text.iter().filter(|t| t.starts_with("error:")).count();
    let warnings = text.iter().filter(|t| t.starts_with("warning:")).count();
    assert!(
        (1..=MAX_ERRORS_PER_FILE).contains(&errors),
        "{errors} errors"
    );
    assert!(warnings <= MAX_ERRORS_PER_FILE, "{warnings} warnings");
    assert!(text[0].contains("column \"title\" appears twice (columns 2 and 6)"));
}

#[test]
fn a_very_long_id_gives_a_short_message() {
    let long = "Not A Slug ".repeat(50_000);
    let mut events = EVENTS.to_vec();
    events.extend_from_slice(format!("{long},gamma,2006,other,,Long,s2,\n").as_bytes());
    let text = messages(SITES, &events, SOURCES);
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].len() < 400, "a {}-byte message", text[0].len());
}

#[test]
fn twenty_thousand_rows_load_in_reasonable_time() {
    // Many valid rows: loading must stay close to linear (about 1 s in a debug build).
    let mut events = b"id,site,date,kind,status,summary,sources,disputes\n".to_vec();
    for i in 0..20_000 {
        let site = ["alpha", "beta", "gamma"][i % 3];
        let year = 1900 + i % 120;
        events.extend_from_slice(
            format!("e{i},{site},{year},other,active,Row {i},s1;s2,\n").as_bytes(),
        );
    }
    let start = Instant::now();
    let text = messages(SITES, &events, SOURCES);
    assert!(text.is_empty(), "{:?}", &text[..text.len().min(3)]);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn many_sites_and_sources_without_events_load_in_reasonable_time() {
    // Warnings about sites without events and sources nobody cites must not cost
    // sites × events or sources × sources.
    let n = 20_000;
    let features: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","id":"site-{i}","geometry":{{"type":"Point","coordinates":[70,40]}},"properties":{{"name":"S","country":"KGZ","operator":"Russia","kind":"air base","precision":"site"}}}}"#
            )
        })
        .collect();
    let sites = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let mut sources = b"id,title,publisher,published,url\n".to_vec();
    let mut events = b"id,site,date,kind,status,summary,sources,disputes\n".to_vec();
    for i in 0..n {
        sources.extend_from_slice(format!("src-{i},T,P,2020,\n").as_bytes());
        events.extend_from_slice(format!("e{i},site-0,2001,other,,E,src-0,\n").as_bytes());
    }
    let start = Instant::now();
    let files = DatasetFiles {
        sites: ("sites.geojson", Ok(sites.as_bytes())),
        events: ("events.csv", Ok(&events)),
        sources: ("sources.csv", Ok(&sources)),
    };
    let loaded = Dataset::from_files(files).expect("the data is valid");
    let took = start.elapsed();
    assert_eq!(loaded.warnings.len(), 2 * (n - 1));
    assert_eq!(
        loaded.warnings[0].to_string(),
        "warning: sites.geojson, feature 1 (id \"site-1\"): site has no events (hint: it is drawn with status 'unknown' in every year)"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

// ---- Whole runs of the binary: outputs, temporaries, signals, permissions, pipes. ----

use std::path::Path;
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chronomap"));
    command.env("CHRONOMAP_CACHE_DIR", "");
    command
}

/// Runs chronomap in `dir`: exit code and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = bin().args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder holding the mini dataset.
fn mini_dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sites.geojson"), SITES).unwrap();
    std::fs::write(dir.path().join("events.csv"), EVENTS).unwrap();
    std::fs::write(dir.path().join("sources.csv"), SOURCES).unwrap();
    dir
}

/// chronomap's temporary files (and SQLite side files) in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".chronomap-") || n.ends_with("-journal"))
        .collect();
    v.sort();
    v
}

/// Copies a basemap folder (the regional one the tests keep) into `dir/basemap/`.
fn copy_basemap(dir: &Path) {
    std::fs::create_dir_all(dir.join("basemap")).unwrap();
    for name in [
        "countries",
        "borders",
        "admin1_lines",
        "lakes",
        "places",
        "locator_countries",
    ] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/basemap_regional/{name}.geojson"));
        std::fs::copy(from, dir.join(format!("basemap/{name}.geojson"))).unwrap();
    }
}

#[test]
fn no_command_writes_over_a_file_it_reads() {
    let data = mini_dataset();
    let d = data.path().to_str().unwrap();
    let before: Vec<Vec<u8>> = ["sites.geojson", "events.csv", "sources.csv"]
        .iter()
        .map(|n| std::fs::read(data.path().join(n)).unwrap())
        .collect();
    // The export into the data folder itself, and through another spelling of it.
    let via_dots = format!(
        "{d}/../{}",
        data.path().file_name().unwrap().to_str().unwrap()
    );
    for out_dir in [d, via_dots.as_str()] {
        let (code, err) = run_in(data.path(), &["--data", d, "export", "--out-dir", out_dir]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("--out-dir: this would write over")
                && err.contains("which this run reads"),
            "{err}"
        );
    }
    // -o reaching an input through a symbolic link named like a map.
    #[cfg(unix)]
    {
        let link = data.path().join("map.svg");
        std::os::unix::fs::symlink(data.path().join("events.csv"), &link).unwrap();
        let (code, err) = run_in(data.path(), &["--data", d, "render", "-o", "map.svg"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("the dataset's events file"), "{err}");
        let link = data.path().join("t.svg");
        std::os::unix::fs::symlink(data.path().join("sources.csv"), &link).unwrap();
        let (code, err) = run_in(data.path(), &["--data", d, "timeline", "-o", "t.svg"]);
        assert_eq!(code, 2, "{err}");
        // A basemap file in the data folder is an input too.
        copy_basemap(data.path());
        std::fs::create_dir(data.path().join("series")).unwrap();
        std::os::unix::fs::symlink(
            data.path().join("basemap/lakes.geojson"),
            data.path().join("series/index.html"),
        )
        .unwrap();
        let (code, err) = run_in(
            data.path(),
            &[
                "--data",
                d,
                "series",
                "--from",
                "2005",
                "--to",
                "2006",
                "--format",
                "svg",
                "--out-dir",
                "series",
            ],
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("a basemap file"), "{err}");
    }
    for (name, old) in ["sites.geojson", "events.csv", "sources.csv"]
        .iter()
        .zip(&before)
    {
        assert_eq!(
            &std::fs::read(data.path().join(name)).unwrap(),
            old,
            "{name} changed"
        );
    }
    // The data still checks.
    let (code, err) = run_in(data.path(), &["--data", d, "check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_closed_stdout_is_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["export", "--out-dir", "q"][..],
        &["check"][..],
        &["history"][..],
        &["render", "-o", "m.svg"][..],
    ] {
        let mut child = bin()
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before chronomap writes its report.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(dir.path().join("q/chronomap.gpkg").is_file());
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_without_blocking() {
    let data = mini_dataset();
    let events = data.path().join("events.csv");
    std::fs::remove_file(&events).unwrap();
    // A FIFO with no writer: opening it would block forever.
    let made = Command::new("mkfifo").arg(&events).status();
    if made.map(|s| s.success()).unwrap_or(false) {
        let start = Instant::now();
        let (code, err) = run_in(data.path(), &["--data", ".", "check"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("events.csv: is not a regular file"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(20));
        std::fs::remove_file(&events).unwrap();
    }
    // A FIFO as the optional dataset.toml.
    let toml = data.path().join("dataset.toml");
    if Command::new("mkfifo")
        .arg(&toml)
        .status()
        .is_ok_and(|s| s.success())
    {
        std::fs::write(&events, EVENTS).unwrap();
        let (code, err) = run_in(data.path(), &["--data", ".", "render", "-o", "m.svg"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("dataset.toml: is not a regular file"), "{err}");
        std::fs::remove_file(&toml).unwrap();
        std::fs::remove_file(&events).unwrap();
    }
    // An endless device.
    std::os::unix::fs::symlink("/dev/zero", &events).unwrap();
    let (code, err) = run_in(data.path(), &["--data", ".", "check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("events.csv: is not a regular file"), "{err}");
    // A folder where the basemap wants a file.
    std::fs::remove_file(&events).unwrap();
    std::fs::write(&events, EVENTS).unwrap();
    copy_basemap(data.path());
    std::fs::remove_file(data.path().join("basemap/lakes.geojson")).unwrap();
    std::fs::create_dir(data.path().join("basemap/lakes.geojson")).unwrap();
    let (code, err) = run_in(data.path(), &["--data", ".", "render", "-o", "m.svg"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("lakes.geojson: could not be opened: is not a regular file"),
        "{err}"
    );
}

/// Mode bits of a file.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn new_files_honour_the_umask_and_replaced_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let under = |umask: &str, args: &str| {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" {args} >/dev/null"))
            .arg(env!("CARGO_BIN_EXE_chronomap"))
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    };
    under("077", "export --out-dir private");
    under("077", "render -o private/map.png");
    for name in [
        "sites.geojson",
        "chronomap.gpkg",
        "chronomap.kml",
        "events.csv",
        "map.png",
    ] {
        assert_eq!(
            mode(&dir.path().join("private").join(name)),
            0o600,
            "{name}"
        );
    }
    under("022", "render -o shared.svg");
    assert_eq!(mode(&dir.path().join("shared.svg")), 0o644);
    under("002", "render -o group.svg");
    assert_eq!(mode(&dir.path().join("group.svg")), 0o664);
    // A replaced file keeps the mode it had, whatever the umask.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.path().join("shared.svg"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    under("077", "render -o shared.svg");
    assert_eq!(mode(&dir.path().join("shared.svg")), 0o640);
}

/// A dataset of `sites` sites with `per_site` events each, big enough that an export takes
/// a few seconds in a debug build.
fn big_dataset(dir: &Path, sites: usize, per_site: usize) {
    use std::io::Write;
    let mut s = std::io::BufWriter::new(std::fs::File::create(dir.join("sites.geojson")).unwrap());
    write!(s, r#"{{"type":"FeatureCollection","features":["#).unwrap();
    for i in 0..sites {
        let lon = 60.0 + (i % 200) as f64 * 0.1;
        let lat = 36.0 + (i / 200 % 100) as f64 * 0.1;
        write!(
            s,
            r#"{}{{"type":"Feature","id":"s{i}","geometry":{{"type":"Point","coordinates":[{lon:.3},{lat:.3}]}},"properties":{{"name":"Site {i}","country":"KGZ","operator":"Russia","kind":"air base","precision":"site"}}}}"#,
            if i == 0 { "" } else { "," }
        )
        .unwrap();
    }
    writeln!(s, "]}}").unwrap();
    s.flush().unwrap();
    let mut e = std::io::BufWriter::new(std::fs::File::create(dir.join("events.csv")).unwrap());
    writeln!(e, "id,site,date,kind,status,summary,sources,disputes").unwrap();
    let statuses = ["active", "closed", "proposed", ""];
    for i in 0..sites {
        for k in 0..per_site {
            let year = 1990 + (k * 3 + i) % 33;
            writeln!(
                e,
                "e{i}-{k},s{i},{year}-0{},other,{},Event {k} at site {i},s1,",
                1 + k % 9,
                statuses[(i + k) % 4]
            )
            .unwrap();
        }
    }
    e.flush().unwrap();
    std::fs::write(dir.join("sources.csv"), SOURCES).unwrap();
}

#[cfg(unix)]
#[test]
fn a_signal_removes_the_temporary_files_and_keeps_the_old_outputs() {
    let data = tempfile::tempdir().unwrap();
    big_dataset(data.path(), 20_000, 10);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("chronomap.kml"), "old").unwrap();
    for (signal, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGHUP, "SIGHUP"),
    ] {
        let mut child = bin()
            .arg("--data")
            .arg(data.path())
            .args(["export", "--out-dir"])
            .arg(out.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the export is writing its temporary files, then stop it.
        let start = Instant::now();
        while temporaries(out.path()).is_empty() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "{name}: the export ended before it could be stopped"
            );
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{name}: no temporary file"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: sends a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(signal), "{name}: {status:?}");
        assert_eq!(temporaries(out.path()), Vec::<String>::new(), "{name}");
        assert_eq!(
            std::fs::read_to_string(out.path().join("chronomap.kml")).unwrap(),
            "old"
        );
    }
}

/// A name of a temporary file as chronomap makes them, owned by `pid`.
fn temporary_name(output: &str, pid: u32, random: &str) -> String {
    format!(".{output}.chronomap-{pid}-{random}.tmp")
}

#[cfg(unix)]
#[test]
fn a_run_removes_what_a_dead_run_left_but_not_what_a_live_run_is_writing() {
    let out = tempfile::tempdir().unwrap();
    // A process that has ended: its temporaries are litter.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = gone.id();
    // A process that is still running: its temporaries are in use.
    let mut alive = Command::new("sleep").arg("60").spawn().unwrap();
    let live = alive.id();
    let dead_files = [
        temporary_name("chronomap.gpkg", dead, "a1B2c3"),
        temporary_name("chronomap.gpkg", dead, "a1B2c3") + "-journal",
        temporary_name("sites.geojson", dead, "zzzzzz"),
    ];
    let live_files = [
        temporary_name("chronomap.gpkg", live, "d4E5f6"),
        temporary_name("chronomap.gpkg", live, "d4E5f6") + "-journal",
    ];
    // Files that only look a little like chronomap's are not touched.
    let other_files = [
        ".notes.tmp".to_string(),
        format!(".x.chronomap-{dead}.tmp"),
        format!("x.chronomap-{dead}-abcdef.tmp"),
    ];
    for n in dead_files.iter().chain(&live_files).chain(&other_files) {
        std::fs::write(out.path().join(n), "x").unwrap();
    }
    let (code, err) = run_in(out.path(), &["export", "--out-dir", "."]);
    let _ = alive.kill();
    let _ = alive.wait();
    assert_eq!(code, 0, "{err}");
    for n in &dead_files {
        assert!(!out.path().join(n).exists(), "{n} was left");
    }
    for n in live_files.iter().chain(&other_files) {
        assert!(out.path().join(n).exists(), "{n} was removed");
    }
}

#[test]
fn sites_near_a_pole_are_refused_for_the_projection_s_limit() {
    let data = mini_dataset();
    let sites =
        String::from_utf8(SITES.to_vec())
            .unwrap()
            .replacen("[74.5, 42.9]", "[74.5, 89.5]", 1);
    std::fs::write(data.path().join("sites.geojson"), sites).unwrap();
    let (code, err) = run_in(data.path(), &["--data", ".", "render", "-o", "m.svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("1 site lies beyond 85° of latitude (site \"alpha\" is at 89.5°N)")
            && err.contains("projection cannot show the poles"),
        "{err}"
    );
    assert!(!err.contains("too much for a regional map"), "{err}");
}

#[test]
fn one_site_outside_the_map_is_one_site() {
    let dir = tempfile::tempdir().unwrap();
    let data = mini_dataset();
    let d = data.path().to_str().unwrap();
    // The mini sites are at 74.5°E, 72.8°E and 75.0°E or so: a box east of 73°E leaves beta out.
    let (code, err) = run_in(
        dir.path(),
        &[
            "--data",
            d,
            "render",
            "--bbox",
            "73.5,38,80,46",
            "-o",
            "m.svg",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(svg.contains("1 site lies outside the map area."), "no note");
    assert!(!svg.contains("1 sites"));
}

#[test]
fn a_deeply_nested_basemap_file_is_named_with_a_plain_message() {
    let data = mini_dataset();
    copy_basemap(data.path());
    let lakes = data.path().join("basemap/lakes.geojson");
    // Nested lists where a feature should be, shallow and deep.
    for (depth, expected) in [
        (
            50,
            "lakes.geojson, feature 0: expected a GeoJSON Feature (an object), found a list",
        ),
        (
            5000,
            "lakes.geojson: not valid JSON: recursion limit exceeded at line 1",
        ),
    ] {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}{}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        std::fs::write(&lakes, text).unwrap();
        let (code, err) = run_in(data.path(), &["--data", ".", "render", "-o", "m.svg"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains("Helper") && !err.contains("struct"), "{err}");
    }
}

#[test]
fn tick_labels_south_and_west_have_letters_and_never_a_minus() {
    let dir = tempfile::tempdir().unwrap();
    for bbox in ["-180,-85,-60,-25", "-20,-10,20,10"] {
        let (code, err) = run_in(dir.path(), &["render", "--bbox", bbox, "-o", "m.svg"]);
        assert_eq!(code, 0, "{err}");
        let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
        let labels: Vec<&str> = svg
            .split('>')
            .filter_map(|t| t.split('<').next())
            .filter(|t| t.contains('°') && t.len() < 12)
            .collect();
        assert!(!labels.is_empty(), "{bbox}: no tick labels");
        for l in &labels {
            assert!(
                !l.contains('-') && !l.contains('−'),
                "{bbox}: tick label {l:?}"
            );
        }
        if bbox.starts_with("-180") {
            assert!(labels.contains(&"30°S"), "{bbox}: {labels:?}");
        } else {
            for l in ["10°W", "0°", "10°E", "5°S", "5°N"] {
                assert!(labels.contains(&l), "{bbox}: no {l} in {labels:?}");
            }
        }
    }
}

#[test]
fn one_range_of_years_for_the_data_and_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    // Year 0 is refused the same way by every flag that takes a year or a date.
    for (args, flag) in [
        (
            &["render", "--year", "0"][..],
            "--year 0: years run from 1 to 9999",
        ),
        (
            &["render", "--date", "0000"][..],
            "year 0000 is outside the years chronomap handles, 0001 to 9999",
        ),
        (
            &["export", "--date", "0000-05"][..],
            "year 0000 is outside the years chronomap handles, 0001 to 9999",
        ),
        (
            &["series", "--from", "0", "--to", "3"][..],
            "--from 0: years run from 1 to 9999",
        ),
        (
            &["timeline", "--from", "1", "--to", "10000"][..],
            "--to 10000: years run from 1 to 9999",
        ),
    ] {
        let (code, err) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    // An event in 9999 passes check, and every command takes it.
    let data = mini_dataset();
    let mut events = EVENTS.to_vec();
    events.extend_from_slice(b"far-future,gamma,9999-12-31,statement,,Far future,s1,\n");
    std::fs::write(data.path().join("events.csv"), &events).unwrap();
    let d = data.path().to_str().unwrap();
    for args in [
        &["--data", d, "check"][..],
        &["--data", d, "timeline", "--from", "9990", "-o", "t.svg"][..],
        &[
            "--data",
            d,
            "series",
            "--from",
            "9998",
            "--format",
            "svg",
            "--out-dir",
            "s",
        ][..],
        &["--data", d, "render", "-o", "m.svg"][..],
        &["--data", d, "export", "--out-dir", "q"][..],
    ] {
        let (code, err) = run_in(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    // Years that come from the data are not called flags.
    let (code, err) = run_in(dir.path(), &["--data", d, "series", "--format", "svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the series would run from 2001 to 9999 (the years of the data")
            && !err.contains("--from 2001"),
        "{err}"
    );
    let (code, err) = run_in(dir.path(), &["--data", d, "timeline", "-o", "t.svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("(the years of the data") && !err.contains("--from/--to"),
        "{err}"
    );
}

#[test]
fn the_same_map_gives_byte_identical_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..3 {
        let name = format!("p{i}.pdf");
        let (code, err) = run_in(dir.path(), &["render", "--year", "2014", "-o", &name]);
        assert_eq!(code, 0, "{err}");
        files.push(std::fs::read(dir.path().join(name)).unwrap());
    }
    assert!(files[0].starts_with(b"%PDF-"));
    assert!(
        files[1] == files[0] && files[2] == files[0],
        "the PDF bytes differ between runs"
    );
}

/// A writer that keeps only the size of its largest write and the total.
#[derive(Default)]
struct WriteSizes {
    largest: usize,
    total: usize,
}

impl std::io::Write for WriteSizes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.largest = self.largest.max(buf.len());
        self.total += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_kml_of_a_site_with_many_events_is_written_in_chunks() {
    // One site with 20,000 events: about 18 MB of KML. It used to be built whole in memory
    // and written in one piece; now no write is larger than the export's 256 KiB chunk plus
    // one placemark.
    let mut events = b"id,site,date,kind,status,summary,sources,disputes\n".to_vec();
    for i in 0..20_000 {
        events.extend_from_slice(
            format!(
                "e{i},alpha,{},other,,Event number {i},s1;s2,\n",
                1900 + i % 120
            )
            .as_bytes(),
        );
    }
    let loaded = Dataset::from_files(DatasetFiles {
        sites: ("sites.geojson", Ok(SITES)),
        events: ("events.csv", Ok(&events)),
        sources: ("sources.csv", Ok(SOURCES)),
    })
    .expect("valid data");
    let timeline = chronomap::timeline::Timeline::new(&loaded.dataset);
    let mut sink = WriteSizes::default();
    chronomap::export::write_kml(&timeline, &mut sink).unwrap();
    assert!(sink.total > 10_000_000, "only {} bytes", sink.total);
    assert!(
        sink.largest < 300 * 1024,
        "a write of {} bytes: the site's folder was built in memory",
        sink.largest
    );
}

#[test]
fn a_streamed_gif_is_the_gif_of_all_frames_at_once() {
    use chronomap::render::gif::{ColourCount, GifStream, RgbaFrame, encode_gif};
    // Frames with many colours (gradients), so the palette has to choose among them.
    let frames: Vec<RgbaFrame> = (0..5u32)
        .map(|k| {
            let mut data = Vec::new();
            for y in 0..40u32 {
                for x in 0..60u32 {
                    data.extend_from_slice(&[
                        (x * 4 + k * 9) as u8,
                        (y * 6) as u8,
                        (x * y + k) as u8,
                        255,
                    ]);
                }
            }
            RgbaFrame {
                width: 60,
                height: 40,
                data,
            }
        })
        .collect();
    let whole = encode_gif(&frames, 90, 3).unwrap();
    let mut count = ColourCount::default();
    for f in &frames {
        count.add(f.width, f.height, &f.data).unwrap();
    }
    let palette = count.palette().unwrap();
    let mut stream = GifStream::new(Vec::new(), &palette, 90, 3).unwrap();
    for f in &frames {
        stream.push(palette.index(&f.data).unwrap()).unwrap();
    }
    assert!(stream.finish().unwrap() == whole);
}

#[test]
fn a_run_whose_pixels_would_not_fit_in_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |limit_mib: &str, args: &[&str]| {
        let out = bin()
            .args(args)
            .env("CHRONOMAP_MEMORY_LIMIT", limit_mib)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let start = Instant::now();
    let (code, err) = run(
        "4096",
        &[
            "series",
            "--width",
            "16000",
            "--height",
            "16000",
            "--animate",
            "--format",
            "svg",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("16000×16000 px pages with --animate: this run would need about")
            && err.contains("more than the 4096 MiB that CHRONOMAP_MEMORY_LIMIT allows"),
        "{err}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "it started drawing"
    );
    let (code, err) = run(
        "512",
        &[
            "render", "--width", "16000", "--height", "16000", "-o", "m.png",
        ],
    );
    assert_eq!(code, 2, "{err}");
    // An ordinary page fits.
    let (code, err) = run(
        "512",
        &[
            "series",
            "--from",
            "2011",
            "--to",
            "2013",
            "--animate",
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("output/series/animation.gif").is_file());
    assert!(temporaries(&dir.path().join("output/series")).is_empty());
}

/// Runs `command` (a shell command line) in a pseudo-terminal: what the screen showed.
fn in_terminal(dir: &Path, command: &str) -> (Option<i32>, String) {
    let out = Command::new("timeout")
        .args(["300", "script", "-qefc", command, "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn long_renders_and_exports_show_their_stage_in_a_terminal_and_quick_ones_stay_quiet() {
    let test = "long_renders_and_exports_show_their_stage_in_a_terminal_and_quick_ones_stay_quiet";
    if !external::require(
        test,
        &["script", "timeout"],
        "apt-get install -y util-linux coreutils",
    ) {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_chronomap");
    let dir = tempfile::tempdir().unwrap();
    // Quick: the bundled data takes well under the second before a progress line appears.
    let (code, screen) = in_terminal(dir.path(), &format!("{bin} render -o quick.svg"));
    assert_eq!(code, Some(0), "{screen}");
    assert!(!screen.contains("render ["), "{screen}");
    // Long: 20,000 sites with 200,000 events take seconds to read and export.
    let data = tempfile::tempdir().unwrap();
    big_dataset(data.path(), 20_000, 10);
    let d = data.path().display();
    let (code, screen) = in_terminal(dir.path(), &format!("{bin} --data {d} export --out-dir q"));
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        screen.contains("export [------------------------------] 0/10 reading the data, "),
        "{screen}"
    );
    assert!(screen.contains("/10 writing the files, "), "{screen}");
    let done = screen
        .find("export: done")
        .unwrap_or_else(|| panic!("no end: {screen}"));
    let summary = screen.find("Exported 20000 sites").expect("summary");
    assert!(done < summary, "{screen}");
    let (code, screen) = in_terminal(
        dir.path(),
        &format!("{bin} --data {d} render --year 2030 --bbox 60,36,80,46 -o big.svg"),
    );
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("/4 "), "{screen}");
    assert!(screen.contains("render: done"), "{screen}");
}
