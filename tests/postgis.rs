//! PostgreSQL + PostGIS as a data store, against a real server: `.ci/run` starts a private one
//! (scripts/pg-test-cluster.sh) and sets CHRONOMAP_TEST_POSTGRES to its URL. Each test works
//! in its own schema, so they run in parallel.

mod support;

use std::path::Path;
use support::run::chronomap;

/// The test server's URL, or `None` (with one line saying why) when there is none outside CI.
fn server() -> Option<String> {
    match std::env::var("CHRONOMAP_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let msg = "no PostgreSQL test server: set CHRONOMAP_TEST_POSTGRES to its URL, or start \
                       one with `scripts/pg-test-cluster.sh start DIR` (needs apt-get install \
                       postgresql postgresql-15-postgis-3; .ci/run does this)";
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
            // Straight to the process's stderr: the harness hides a passing test's output.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("skipped: {msg}\n").as_bytes(),
            );
            None
        }
    }
}

/// The URL with `?schema=NAME`.
fn in_schema(url: &str, schema: &str) -> String {
    format!("{url}?schema={schema}")
}

/// The password in the URL, which no output may show.
fn password(url: &str) -> String {
    let config: postgres::Config = url.parse().unwrap();
    String::from_utf8(config.get_password().unwrap_or_default().to_vec()).unwrap()
}

fn client(url: &str) -> postgres::Client {
    let config: postgres::Config = url.parse().unwrap();
    config.connect(postgres::NoTls).unwrap()
}

/// Runs chronomap and checks that the password shows nowhere in its output.
fn run(dir: &Path, url: &str, args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = chronomap(dir, args);
    let pw = password(url);
    assert!(
        pw.is_empty() || (!out.contains(&pw) && !err.contains(&pw)),
        "the password was printed"
    );
    (code, out, err)
}

fn export_to(dir: &Path, url: &str, target: &str, data: Option<&str>) -> (i32, String, String) {
    let mut args = vec!["export", "--to", target];
    if let Some(d) = data {
        args.extend(["--data", d]);
    }
    run(dir, url, &args)
}

#[test]
fn maps_drawn_from_postgis_are_byte_identical_to_maps_from_the_folder() {
    let Some(url) = server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = in_schema(&url, "round_trip");
    let (code, out, err) = export_to(d, &url, &target, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Exported 8 sites, ") && out.contains(" status periods to postgresql://"),
        "{out}"
    );
    for year in ["2023", "2012", "2005"] {
        let (code, _, err) = run(d, &url, &["render", "--year", year, "-o", "folder.svg"]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(
            d,
            &url,
            &["--data", &target, "render", "--year", year, "-o", "pg.svg"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "{err}");
        assert!(
            std::fs::read(d.join("folder.svg")).unwrap()
                == std::fs::read(d.join("pg.svg")).unwrap(),
            "the {year} map differs when drawn from PostGIS"
        );
    }
    assert_eq!(
        run(d, &url, &["history"]).1,
        run(d, &url, &["--data", &target, "history"]).1
    );
    // The tables are PostGIS points in EPSG:4326, with dates as DATE beside the partial date.
    let mut c = client(&url);
    let row = c
        .query_one(
            "SELECT ST_SRID(geom), GeometryType(geom), date, start_date::text, end_date::text
             FROM round_trip.events WHERE id = 'kant-2012-merger'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, i32>(0), 4326);
    assert_eq!(row.get::<_, String>(1), "POINT");
    assert_eq!(row.get::<_, String>(2), "2012");
    assert_eq!(row.get::<_, String>(3), "2012-01-01");
    assert_eq!(row.get::<_, String>(4), "2012-12-31");
    // Events refer to their sites and sources by foreign keys.
    let broken = c.execute(
        "INSERT INTO round_trip.events (fid, id, site_id) VALUES (999, 'x', 'nowhere')",
        &[],
    );
    assert!(broken.is_err(), "an event at an unknown site was accepted");
}

#[test]
fn edits_in_the_tables_reach_the_map() {
    let Some(url) = server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = in_schema(&url, "edited");
    assert_eq!(export_to(d, &url, &target, None).0, 0);
    let mut c = client(&url);
    c.batch_execute(
        "UPDATE edited.events SET date = '2003-09-23' WHERE date = '2003-10-23' AND site_id = 'kant';
         INSERT INTO edited.events (fid, id, site_id, date, kind, status, summary, source_ids)
           VALUES (100, 'osh-2024-closed', 'osh', '2024-02', 'statement', 'declined',
                   'Officials ruled out the base again', 'rferl-2019');",
    )
    .unwrap();
    let (code, out, err) = run(d, &url, &["--data", &target, "history", "osh"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2024-02     statement  declined"), "{out}");
    let (_, out, _) = run(d, &url, &["--data", &target, "history", "kant"]);
    assert!(out.contains("\n2003-09-23  opened"), "{out}");
    let (code, _, err) = run(d, &url, &["--data", &target, "render", "-o", "edited.svg"]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(d.join("edited.svg")).unwrap();
    assert!(svg.contains("Status at end of 2024"));
    assert!(svg.contains("Officials ruled out the base again"));
    // A bad value is named by table, row and column, as in a GeoPackage.
    c.batch_execute("UPDATE edited.events SET date = 'Feb 2019' WHERE id = 'kant-2012-merger'")
        .unwrap();
    let fid: i32 = c
        .query_one(
            "SELECT fid FROM edited.events WHERE id = 'kant-2012-merger'",
            &[],
        )
        .unwrap()
        .get(0);
    let (code, _, err) = run(d, &url, &["--data", &target, "check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            ", table events, row {fid} (id \"kant-2012-merger\"): date \"Feb 2019\" is not a valid date"
        )),
        "{err}"
    );
}

#[test]
fn a_failed_export_leaves_the_old_tables_as_they_were() {
    let Some(url) = server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = in_schema(&url, "atomic");
    assert_eq!(export_to(d, &url, &target, None).0, 0);
    let (_, before, _) = run(d, &url, &["--data", &target, "history"]);
    // Make the export fail half-way: after it has dropped and rebuilt sites and events, the
    // creation of the periods table is refused.
    let mut c = client(&url);
    c.batch_execute(
        "CREATE OR REPLACE FUNCTION atomic_refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                      WHERE object_identity = 'atomic.periods') THEN
             RAISE EXCEPTION 'periods refused by the test';
           END IF;
         END $$;
         CREATE EVENT TRIGGER atomic_refuse ON ddl_command_end EXECUTE FUNCTION atomic_refuse();",
    )
    .unwrap();
    let mini = format!("{}/tests/fixtures/mini", env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = export_to(d, &url, &target, Some(&mini));
    c.batch_execute("DROP EVENT TRIGGER atomic_refuse; DROP FUNCTION atomic_refuse();")
        .unwrap();
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the export failed, and nothing was changed: periods refused by the test"),
        "{err}"
    );
    let (code, after, err) = run(d, &url, &["--data", &target, "history"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(before, after, "the old tables changed");
}

#[test]
fn a_missing_table_and_a_wrong_password_are_named() {
    let Some(url) = server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut c = client(&url);
    c.batch_execute("CREATE SCHEMA IF NOT EXISTS nothing_here")
        .unwrap();
    let target = in_schema(&url, "nothing_here");
    let (code, _, err) = run(d, &url, &["--data", &target, "check"]);
    assert_eq!(code, 1);
    let config: postgres::Config = url.parse().unwrap();
    let shown = format!(
        "postgresql://{}@{}:{}/{}?schema=nothing_here",
        config.get_user().unwrap(),
        match &config.get_hosts()[0] {
            postgres::config::Host::Tcp(h) => h.clone(),
            _ => unreachable!(),
        },
        config.get_ports()[0],
        config.get_dbname().unwrap()
    );
    assert!(
        err.starts_with(&format!(
            "error: {shown}, table sites: the table is missing (hint: chronomap reads the sites, events and sources tables that `chronomap export` writes)\n"
        )),
        "{err}"
    );
    let pw = password(&url);
    let wrong = url.replacen(&format!(":{pw}@"), ":not-the-password@", 1);
    let (code, _, err) = chronomap(d, &["--data", &wrong, "check"]);
    assert_eq!(code, 1);
    assert!(!err.contains("not-the-password"), "{err}");
    let user = config.get_user().unwrap();
    assert!(
        err.contains(&format!(
            "could not connect: password authentication failed for user \"{user}\""
        )),
        "{err}"
    );
}

#[test]
fn a_dead_server_is_an_error_at_once_not_a_hang() {
    // Needs no server: nothing listens on port 1.
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let (code, out, err) = chronomap(
        dir.path(),
        &[
            "--data",
            "postgresql://someone:secret@127.0.0.1:1/maps",
            "check",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        "error: postgresql://someone@127.0.0.1:1/maps?schema=public: could not connect: error connecting to server: Connection refused (os error 111) (is the server running, and reachable at that host and port?)\n"
    );
    assert!(!err.contains("secret"));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn the_password_can_come_from_pgpassword_or_the_password_file() {
    let Some(url) = server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pw = password(&url);
    let bare = url.replacen(&format!(":{pw}@"), "@", 1);
    assert_ne!(bare, url);
    let config: postgres::Config = url.parse().unwrap();
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "*:*:*:someone-else:wrong\n*:{}:{}:{}:{pw}\n",
            config.get_ports()[0],
            config.get_dbname().unwrap(),
            config.get_user().unwrap()
        ),
    )
    .unwrap();
    let target = in_schema(&bare, "public");
    let with = |env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chronomap"));
        cmd.args(["export", "--to", &target])
            .current_dir(dir.path())
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", dir.path().join("absent"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!text.contains(&pw), "the password was printed");
        (o.status.code(), text)
    };
    let (code, text) = with(&[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("password"), "{text}");
    let (code, text) = with(&[("PGPASSWORD", &pw)]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = with(&[("PGPASSFILE", pgpass.to_str().unwrap())]);
    assert_eq!(code, Some(0), "{text}");
}
