//! The conventions of the command line: colour only where it belongs, quiet and verbose,
//! JSON output, completions, the man page, help with examples, and the README's command
//! table kept in step with the clap definitions.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chronomap");

/// The binary in a fresh temporary folder, with no colour variable inherited from the
/// environment the tests run in.
fn chronomap_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("CHRONOMAP_CACHE_DIR", "")
        .env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn chronomap(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    chronomap_in(dir.path(), args, &[])
}

/// The bundled dataset, as the binary has it compiled in.
fn bundled() -> chronomap::model::Dataset {
    chronomap::bundled::dataset().unwrap().dataset
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether an external program is there: outside CI a missing one skips the test with one
/// line; under CI=true it is a failure.
fn have(test: &str, program: &str, install: &str) -> bool {
    support::external::require(test, &[program], install)
}

// ---------------------------------------------------------------- colour

#[test]
fn help_and_errors_into_a_pipe_have_no_escape_codes() {
    for args in [
        &["--help"][..],
        &["render", "--help"],
        &["series", "-h"],
        &["--version"],
    ] {
        let o = chronomap(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(!o.stdout.is_empty(), "{args:?}");
        assert!(!has_escape(&o.stdout), "{args:?}: {}", text(&o.stdout));
    }
    // A usage error from clap, and one of chronomap's own.
    for args in [&["render", "--bogus"][..], &["history", "nowhere"]] {
        let o = chronomap(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains("error:"), "{}", text(&o.stderr));
        assert!(!has_escape(&o.stderr), "{args:?}: {}", text(&o.stderr));
    }
}

#[test]
fn color_always_colours_help_and_errors_even_into_a_pipe() {
    let o = chronomap(&["--color", "always", "render", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(has_escape(&o.stdout), "{}", text(&o.stdout));
    // Before the subcommand or after it, and with `=`.
    let o = chronomap(&["render", "--bogus", "--color=always"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(has_escape(&o.stderr), "{}", text(&o.stderr));
    // chronomap's own errors and warnings are coloured too: the prefix only.
    let o = chronomap(&["--color", "always", "history", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("\x1b[1m\x1b[31merror:\x1b[0m there is no site"),
        "{err:?}"
    );
    let o = chronomap(&["render", "--color=always", "--year", "2030", "-o", "m.svg"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).starts_with("\x1b[1m\x1b[33mwarning:\x1b[0m the data ends in 2023"),
        "{:?}",
        text(&o.stderr)
    );
    // On stdout, the header of the history table is bold.
    let o = chronomap(&["history", "kant", "--color=always"]);
    assert!(
        text(&o.stdout).contains("\n\x1b[1mDATE        KIND"),
        "{:?}",
        text(&o.stdout)
    );
    let o = chronomap(&["history", "kant"]);
    assert!(!has_escape(&o.stdout));
    // --color never wins over CLICOLOR_FORCE.
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap_in(
        dir.path(),
        &["--color", "never", "--help"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!has_escape(&o.stdout));
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_beats_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap_in(dir.path(), &["--help"], &[("CLICOLOR_FORCE", "1")]);
    assert!(has_escape(&o.stdout), "{}", text(&o.stdout));
    let o = chronomap_in(dir.path(), &["--help"], &[("CLICOLOR_FORCE", "0")]);
    assert!(!has_escape(&o.stdout));
    let o = chronomap_in(
        dir.path(),
        &["--help"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!has_escape(&o.stdout), "{}", text(&o.stdout));
}

/// Runs the binary on a real pseudo-terminal with `script`, returning what the terminal got.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> Option<Vec<u8>> {
    if !have(
        "on_a_terminal_help_and_errors_are_coloured_unless_no_color_is_set",
        "script",
        "apt-get install bsdutils",
    ) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .current_dir(dir.path())
        .env("CHRONOMAP_CACHE_DIR", "")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    Some(o.stdout)
}

#[test]
fn on_a_terminal_help_and_errors_are_coloured_unless_no_color_is_set() {
    let Some(help) = on_a_terminal("render --help", &[]) else {
        return;
    };
    assert!(
        help.windows(9).any(|w| w == b"Examples:"),
        "{}",
        text(&help)
    );
    assert!(has_escape(&help), "{}", text(&help));
    let Some(error) = on_a_terminal("history nowhere", &[]) else {
        return;
    };
    assert!(
        text(&error).contains("\x1b[1m\x1b[31merror:\x1b[0m there is no site"),
        "{:?}",
        text(&error)
    );
    for env in [[("NO_COLOR", "1")], [("TERM", "dumb")]] {
        let Some(help) = on_a_terminal("render --help", &env) else {
            return;
        };
        assert!(text(&help).contains("Examples:"), "{}", text(&help));
        assert!(!has_escape(&help), "{env:?}: {}", text(&help));
    }
    let Some(never) = on_a_terminal("--color never history nowhere", &[]) else {
        return;
    };
    assert!(text(&never).contains("error: there is no site"));
    assert!(!has_escape(&never), "{}", text(&never));
}

// ---------------------------------------------------------------- quiet and verbose

#[test]
fn quiet_silences_the_summary_of_every_command_and_verbose_says_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["check", "-q"][..],
        &["render", "-q", "-o", "m.svg"],
        &[
            "-q", "series", "--from", "2012", "--to", "2013", "--format", "svg",
        ],
        &["export", "--quiet"],
        &["timeline", "-q"],
    ] {
        let o = chronomap_in(dir.path(), args, &[]);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "{args:?}: {}", text(&o.stdout));
        assert!(o.stderr.is_empty(), "{args:?}: {}", text(&o.stderr));
    }
    assert!(dir.path().join("m.svg").is_file());
    assert!(dir.path().join("output/qgis/chronomap.gpkg").is_file());

    let o = chronomap_in(dir.path(), &["render", "-v", "-o", "m.png"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o.stderr);
    let d = bundled();
    let counts = format!(
        "{} sites, {} events, {} sources",
        d.sites.len(),
        d.events.len(),
        d.sources.len()
    );
    for wanted in [
        "info: data: the bundled dataset",
        counts.as_str(),
        "info: basemap: the bundled one",
        "info: extent: 63.70,36.60,80.40,45.30",
        "every site with a margin",
        "info: time: load ",
        ", layout ",
        ", draw ",
        "; total ",
    ] {
        assert!(err.contains(wanted), "{wanted:?} in {err}");
    }
    assert!(text(&o.stdout).starts_with("wrote m.png"));
    let o = chronomap_in(
        dir.path(),
        &[
            "render",
            "--bbox",
            "70,39,79,44",
            "--verbose",
            "-o",
            "m.svg",
        ],
        &[],
    );
    assert!(
        text(&o.stderr).contains(
            "info: extent: 70.00,39.00,79.00,44.00 (west,south,east,north in degrees), from --bbox"
        ),
        "{}",
        text(&o.stderr)
    );
    let data = root().join("tests/fixtures/mini");
    let o = chronomap_in(
        dir.path(),
        &["export", "-v", "--data", data.to_str().unwrap()],
        &[],
    );
    let err = text(&o.stderr);
    assert!(err.contains("tests/fixtures/mini/events.csv"), "{err}");
    assert!(err.contains("info: time: load "), "{err}");

    let o = chronomap_in(dir.path(), &["check", "-q", "-v"], &[]);
    assert_eq!(o.status.code(), Some(2), "-q and -v contradict each other");
}

#[test]
fn warnings_stay_with_one_quiet_and_go_with_two() {
    let data = root().join("tests/fixtures/no-events");
    let data = data.to_str().unwrap();
    let o = chronomap(&["check", "-q", "--data", data]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    assert!(
        text(&o.stderr).contains("warning: ") && text(&o.stderr).contains("site has no events"),
        "{}",
        text(&o.stderr)
    );
    let o = chronomap(&["check", "-qq", "--data", data]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    // Errors are never silenced.
    let o = chronomap(&["-qq", "history", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("error: there is no site"));
}

#[test]
fn a_map_after_the_data_ends_draws_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap_in(
        dir.path(),
        &["render", "--year", "2030", "-o", "m.svg"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stderr),
        "warning: the data ends in 2023: the map of 2030 shows the state after its last event, with no events of the year\n"
    );
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(svg.contains("Status at end of 2030"));
    let o = chronomap_in(
        dir.path(),
        &["render", "--date", "1995-06", "-q", "-o", "m.svg"],
        &[],
    );
    assert_eq!(
        text(&o.stderr),
        "warning: the data begins in 2001: the map of 1995 shows every site's status as unknown\n"
    );
    let o = chronomap_in(
        dir.path(),
        &[
            "series", "--from", "2022", "--to", "2025", "--format", "svg", "-q",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).contains("the maps of 2024–2025 show the state after its last event"),
        "{}",
        text(&o.stderr)
    );
    // Inside the data: no warning.
    let o = chronomap_in(
        dir.path(),
        &["render", "--year", "2014", "-o", "m.svg"],
        &[],
    );
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    let o = chronomap_in(
        dir.path(),
        &["render", "--year", "2030", "-qq", "-o", "m.svg"],
        &[],
    );
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
}

// ---------------------------------------------------------------- JSON

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&o.stdout)))
}

#[test]
fn check_json_reports_counts_or_every_problem_with_its_place() {
    let o = chronomap(&["check", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["format"], "chronomap-check");
    assert_eq!(v["version"], 1);
    assert_eq!(v["ok"], true);
    assert_eq!(v["data"]["bundled"], true);
    let d = bundled();
    assert_eq!(v["counts"]["sites"], d.sites.len());
    assert_eq!(v["counts"]["events"], d.events.len());
    assert_eq!(v["counts"]["sources"], d.sources.len());
    assert_eq!(v["dates"]["first"], "2001");
    assert_eq!(
        v["title"],
        "Foreign military sites in Kyrgyzstan and Uzbekistan"
    );
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0));

    // A broken dataset: the mini fixture with the events of a broken case.
    let dir = tempfile::tempdir().unwrap();
    for f in ["sites.geojson", "events.csv", "sources.csv"] {
        std::fs::copy(
            root().join("tests/fixtures/mini").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("tests/broken/event-unknown-site/events.csv"),
        dir.path().join("events.csv"),
    )
    .unwrap();
    let o = chronomap(&["check", "--json", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    assert_eq!(v["counts"], serde_json::Value::Null);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    let e = &errors[0];
    assert_eq!(e["severity"], "error");
    assert!(e["file"].as_str().unwrap().ends_with("events.csv"), "{e}");
    assert_eq!(e["line"], 6);
    assert_eq!(e["column"], 2);
    assert_eq!(e["field"], "site");
    assert_eq!(e["value"], "betta");
    assert_eq!(e["hint"], "did you mean 'beta'?");
    // A bad dataset.toml is an error of the same shape.
    let toml_dir = tempfile::tempdir().unwrap();
    for f in ["sites.geojson", "events.csv", "sources.csv"] {
        std::fs::copy(
            root().join("tests/fixtures/mini").join(f),
            toml_dir.path().join(f),
        )
        .unwrap();
    }
    std::fs::write(toml_dir.path().join("dataset.toml"), "title = 3\n").unwrap();
    let t = chronomap(&[
        "check",
        "--json",
        "--data",
        toml_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(t.status.code(), Some(1));
    let tv = json(&t);
    assert_eq!(tv["ok"], false);
    assert!(
        tv["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("dataset.toml")
    );
    assert_eq!(tv["errors"][0]["line"], 1);
    // The people reading stderr still get the message.
    assert!(
        text(&o.stderr).contains("line 6, column 2"),
        "{}",
        text(&o.stderr)
    );

    // Warnings have the same shape.
    let data = root().join("tests/fixtures/no-events");
    let o = chronomap(&["check", "--json", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["dates"], serde_json::Value::Null);
    let w = &v["warnings"][0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["feature"], 0);
    assert_eq!(w["feature_id"], "lonely");
    assert_eq!(w["message"], "site has no events");

    let o = chronomap(&["check", "--json", "--data", "/no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        json(&o)["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
}

#[test]
fn history_json_has_dates_at_their_precision_statuses_sources_and_disputes() {
    let o = chronomap(&["history", "kant", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["format"], "chronomap-history");
    assert_eq!(v["site"]["id"], "kant");
    assert_eq!(v["site"]["operator"], "Russia");
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["site"] == "kant"));
    let lease = events.iter().find(|e| e["date"] == "2012-12").unwrap();
    assert_eq!(lease["date_precision"], "month");
    assert_eq!(lease["first_day"], "2012-12-01");
    assert_eq!(lease["last_day"], "2012-12-31");
    assert_eq!(lease["status_after"], "active");
    let merger = events.iter().find(|e| e["date"] == "2012").unwrap();
    assert_eq!(merger["disputes"]["event"], "kant-2017-merger");
    assert_eq!(merger["disputes"]["date"], "2017");
    // Every source number cited is listed, once.
    let numbers: Vec<u64> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    for e in events {
        for n in e["sources"].as_array().unwrap() {
            assert!(numbers.contains(&n.as_u64().unwrap()), "{n}");
        }
    }
    let all = json(&chronomap(&["history", "--json"]));
    assert_eq!(all["site"], serde_json::Value::Null);
    assert_eq!(
        all["events"].as_array().map(Vec::len),
        Some(bundled().events.len())
    );
}

// ---------------------------------------------------------------- completions and man

#[test]
fn completion_scripts_offer_site_ids_formats_and_papers() {
    for shell in ["bash", "zsh", "fish"] {
        let o = chronomap(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = text(&o.stdout);
        for wanted in [
            "issyk-kul",
            "mailuu-suu",
            "a4-landscape",
            "pdf",
            "color",
            "json",
        ] {
            assert!(script.contains(wanted), "{shell}: {wanted}");
        }
    }
    let o = chronomap(&["completions", "powershell"]);
    assert_eq!(o.status.code(), Some(0));
    let ps = text(&o.stdout);
    assert!(ps.contains("Register-ArgumentCompleter"));
    let history = ps.split("'chronomap;history' {").nth(1).unwrap();
    let history = history.split("break").next().unwrap();
    assert!(
        history.contains("[CompletionResult]::new('issyk-kul', 'issyk-kul', [CompletionResultType]::ParameterValue"),
        "{history}"
    );
    // With --data, the ids of that dataset.
    let data = root().join("tests/fixtures/mini");
    let o = chronomap(&["completions", "bash", "--data", data.to_str().unwrap()]);
    let script = text(&o.stdout);
    assert!(script.contains("alpha beta gamma"), "{script}");
    let o = chronomap(&["completions", "fish", "--data", data.to_str().unwrap()]);
    assert!(
        text(&o.stdout).contains(
            "complete -c chronomap -n \"__fish_chronomap_using_subcommand history\" -f -a \"alpha beta gamma\""
        ),
        "{}",
        text(&o.stdout)
    );
    assert!(!script.contains("issyk-kul"));
    let o = chronomap(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_bash_completion_completes_a_site_id_in_bash() {
    if !have(
        "the_bash_completion_completes_a_site_id_in_bash",
        "bash",
        "apt-get install bash",
    ) {
        return;
    }
    let o = chronomap(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("chronomap.bash");
    std::fs::write(&script, &o.stdout).unwrap();
    // What bash does when the user types `chronomap history is<TAB>`.
    let probe = format!(
        "source {}; COMP_WORDS=(chronomap history is); COMP_CWORD=2; COMP_LINE='chronomap history is'; COMP_POINT=${{#COMP_LINE}}; _chronomap chronomap is history; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "issyk-kul\n", "{}", text(&out.stderr));
}

#[test]
fn the_man_page_has_the_exit_codes_environment_files_and_examples() {
    let o = chronomap(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = text(&o.stdout);
    assert!(page.contains(".TH chronomap 1"), "{page}");
    for section in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "COMMANDS",
    ] {
        assert!(
            page.contains(&format!(".SH {section}"))
                || page.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    if !have(
        "the_man_page_has_the_exit_codes_environment_files_and_examples",
        "man",
        "apt-get install man-db",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chronomap.1");
    std::fs::write(&file, &o.stdout).unwrap();
    let out = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env_remove("MAN_KEEP_FORMATTING")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // groff's own complaints about the page (`troff: …: warning: …`).
    let err = text(&out.stderr);
    assert!(
        !err.contains("warning") && !err.contains("error"),
        "roff problems: {err}"
    );
    // Overstruck bold (c\bc) is what man writes into a pipe; read the letters.
    let mut shown = String::new();
    let raw = text(&out.stdout);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{8}') {
            chars.next();
            continue;
        }
        shown.push(c);
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = squeeze(&shown);
    assert!(shown.contains("EXIT STATUS 0 success"), "{shown}");
    assert!(
        shown.contains("1 bad data, or a file could not be read or written"),
        "{shown}"
    );
    assert!(shown.contains("2 bad usage: an unknown flag"), "{shown}");
    assert!(shown.contains("NO_COLOR When set"), "{shown}");
    assert!(shown.contains("DIR/events.csv"), "{shown}");
    assert!(
        shown.contains("chronomap render --year 2014 -o map-2014.png"),
        "{shown}"
    );
    assert!(
        shown.contains("chronomap history --json Print the history as JSON")
            || shown.contains("--json Print the history as JSON"),
        "{shown}"
    );
}

// ---------------------------------------------------------------- help

#[test]
fn every_subcommand_help_ends_with_two_or_three_examples_that_parse() {
    let cmd = chronomap::cli::command();
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        let o = chronomap(&[name, "--help"]);
        let help = text(&o.stdout);
        let (_, tail) = help
            .rsplit_once("Examples:\n")
            .unwrap_or_else(|| panic!("{name}: no examples in\n{help}"));
        let lines: Vec<&str> = tail
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("chronomap "))
            .collect();
        assert!((2..=3).contains(&lines.len()), "{name}: {tail}");
        assert_eq!(
            tail.lines().count(),
            2 * lines.len(),
            "{name}: the examples end the help"
        );
        // Each example is a command line clap accepts (up to a shell redirection or pipe).
        for line in lines {
            let words: Vec<&str> = line
                .split(['>', '|'])
                .next()
                .unwrap()
                .split_whitespace()
                .collect();
            chronomap::cli::command()
                .try_get_matches_from(&words)
                .unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }
}

#[test]
fn no_default_is_shown_twice() {
    let mut cmd = chronomap::cli::command();
    cmd.build();
    let mut checked = 0;
    for sub in std::iter::once(&cmd).chain(cmd.get_subcommands()) {
        for arg in sub.get_arguments() {
            if arg.get_default_values().is_empty() || arg.is_hide_default_value_set() {
                continue;
            }
            checked += 1;
            let help = format!(
                "{} {}",
                arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
                arg.get_long_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default()
            );
            assert!(
                !help.to_lowercase().contains("default"),
                "{} --{}: clap shows [default: …]; the help says it again: {help}",
                sub.get_name(),
                arg.get_id()
            );
        }
    }
    assert!(checked >= 5, "{checked}");
    let help = text(&chronomap(&["series", "--help"]).stdout);
    assert_eq!(help.matches("output/series").count(), 2, "{help}"); // the flag and an example
}

#[test]
fn width_and_height_go_together() {
    for sub in ["render", "series", "timeline"] {
        for (given, missing) in [("--width", "--height"), ("--height", "--width")] {
            let o = chronomap(&[sub, given, "800"]);
            assert_eq!(o.status.code(), Some(2), "{sub} {given}");
            let err = text(&o.stderr);
            assert!(
                err.contains("required arguments were not provided") && err.contains(missing),
                "{sub} {given}: {err}"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let o = chronomap_in(
        dir.path(),
        &["render", "--width", "800", "--height", "500", "-o", "m.png"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

// ---------------------------------------------------------------- README

/// The README's command table names every subcommand, and for each exactly the flags clap
/// defines for it (global flags are described under the table).
#[test]
fn the_readme_command_table_matches_the_clap_definitions() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("\n## Commands\n")
        .nth(1)
        .and_then(|rest| {
            rest.split("\n\n")
                .find(|block| block.trim_start().starts_with("| command"))
        })
        .expect("README.md has a table under ## Commands");
    let mut rows = std::collections::BTreeMap::new();
    for line in table.trim().lines().skip(2) {
        let first = line.split(" | ").next().unwrap();
        let first = first.trim_start_matches("| ").trim_matches('`');
        let mut words = first.split_whitespace();
        assert_eq!(words.next(), Some("chronomap"), "{line}");
        let name = words.next().unwrap().to_string();
        let mut flags: Vec<String> = first
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") || (w.len() == 2 && w.starts_with('-')))
            .map(str::to_string)
            .collect();
        flags.sort();
        flags.dedup();
        rows.insert(name, flags);
    }
    let cmd = chronomap::cli::command();
    let globals: Vec<&str> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long())
        .collect();
    for g in &globals {
        assert!(
            readme.contains(&format!("`--{g}")),
            "the README should describe the global flag --{g}"
        );
    }
    let mut names = Vec::new();
    for sub in cmd.get_subcommands() {
        let name = sub.get_name().to_string();
        let listed = rows
            .get(&name)
            .unwrap_or_else(|| panic!("README's command table has no row for `chronomap {name}`"));
        let mut known = Vec::new();
        for arg in sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_positional())
        {
            let spellings: Vec<String> = arg
                .get_long()
                .map(|l| format!("--{l}"))
                .into_iter()
                .chain(arg.get_short().map(|s| format!("-{s}")))
                .collect();
            assert!(
                spellings.iter().any(|s| listed.contains(s)),
                "README's row for `chronomap {name}` does not mention {spellings:?}"
            );
            known.extend(spellings);
        }
        for flag in listed {
            assert!(
                known.contains(flag),
                "README's row for `chronomap {name}` has {flag}, which clap does not define"
            );
        }
        names.push(name);
    }
    let extra: Vec<&String> = rows.keys().filter(|n| !names.contains(n)).collect();
    assert!(
        extra.is_empty(),
        "README lists commands clap does not know: {extra:?}"
    );
}
