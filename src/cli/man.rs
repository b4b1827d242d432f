//! `chronomap man`: the manual page, in roff, from the same definitions that parse the flags.
//!
//! clap_mangen writes the title, name, synopsis, description and global options; this module
//! adds one subsection per command (its options and examples), and the exit status, the
//! environment and the files.

use super::{Cli, EXAMPLES, EXIT_CODES, Failure};
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};
use std::io::Write;

/// Flags of `man` (none).
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

/// Prints the manual page.
pub fn run(_cli: &Cli, _args: &ManArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let page = man_page().map_err(|e| Failure::data(format!("the manual page: {e}")))?;
    out.write_all(page.as_bytes())
        .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))
}

/// The environment variables chronomap reads, with what they do.
const ENVIRONMENT: [(&str, &str); 4] = [
    (
        "NO_COLOR",
        "When set to a non-empty value, no colour (unless --color always).",
    ),
    (
        "CLICOLOR_FORCE",
        "When set to anything but 0, colour even when the output is not a terminal (unless NO_COLOR is set or --color never).",
    ),
    ("TERM", "When dumb, no colour (unless --color always)."),
    (
        "MIMALLOC_PURGE_DELAY",
        "Milliseconds before freed memory is returned to the system; by default chronomap keeps it until it exits.",
    ),
];

/// The files chronomap reads and writes, with what they are.
const FILES: [(&str, &str); 8] = [
    (
        "DIR/sites.geojson",
        "The sites of a dataset given with --data DIR: GeoJSON points with id, name, alt_names, country, operator, kind, precision and position_source.",
    ),
    (
        "DIR/events.csv",
        "The dated events: id, site, date (YYYY, YYYY-MM or YYYY-MM-DD), kind, status, summary, sources, disputes.",
    ),
    (
        "DIR/sources.csv",
        "The sources the events cite: id, title, publisher, published, url.",
    ),
    (
        "DIR/basemap/",
        "Optional basemap layers (countries, borders, admin1_lines, lakes, places, locator_countries .geojson); the bundled basemap is used without it.",
    ),
    (
        "output/map-YEAR.svg",
        "Where render writes by default (.png or .pdf with --format).",
    ),
    (
        "output/series/",
        "Where series writes by default: YEAR.svg and the other formats, index.html, and with flags sheet, timeline and animation.gif.",
    ),
    (
        "output/qgis/",
        "Where export writes by default: GeoJSON layers with .qml styles, chronomap.gpkg, chronomap.kml and events.csv.",
    ),
    ("output/timeline.svg", "Where timeline writes by default."),
];

/// The whole page.
pub fn man_page() -> std::io::Result<String> {
    let cmd = super::command();
    let man = Man::new(cmd.clone()).manual("chronomap manual");
    // Every piece clap_mangen and roff render starts with the same preamble; keep the first.
    let preamble = Roff::new().render();
    let mut page = String::new();
    let mut piece = |render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut buf = Vec::new();
        render(&mut buf)?;
        let text = String::from_utf8_lossy(&buf).into_owned();
        match (page.is_empty(), text.strip_prefix(&preamble)) {
            (false, Some(rest)) => page.push_str(rest),
            _ => page.push_str(&text),
        }
        Ok::<(), std::io::Error>(())
    };
    piece(&|w| man.render_title(w))?;
    // No hyphenation: the page is full of commands and paths to copy.
    piece(&|w| writeln!(w, ".nh"))?;
    piece(&|w| man.render_name_section(w))?;
    piece(&|w| man.render_synopsis_section(w))?;
    piece(&|w| man.render_description_section(w))?;
    piece(&|w| {
        let mut r = Roff::new();
        r.text([roman(
            "chronomap keeps sites as GeoJSON points and their histories as dated, sourced events, \
             works out the state of every site on any date, and draws it: annotated maps (SVG, \
             PNG, PDF), yearly series with a viewer, a timeline chart, and layers for QGIS. The \
             bundled dataset is compiled in; --data DIR reads another. Output is deterministic \
             and nothing is fetched from the network.",
        )]);
        r.to_writer(w)
    })?;
    // OPTIONS (help and version) and GLOBAL OPTIONS (the flags every command takes).
    piece(&|w| man.render_options_section(w))?;
    piece(&|w| writeln!(w, ".SH COMMANDS"))?;
    for sub in cmd.get_subcommands() {
        piece(&|w| subcommand_section(sub, &preamble, w))?;
    }
    piece(&|w| other_sections().to_writer(w))?;
    piece(&|w| man.render_version_section(w))?;
    Ok(page)
}

/// `.SS chronomap NAME`: what it does, its options and its examples.
fn subcommand_section(
    sub: &clap::Command,
    preamble: &str,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let name = sub.get_name();
    let mut r = Roff::new();
    r.control("SS", [format!("chronomap {name}").as_str()]);
    let about = sub
        .get_long_about()
        .or(sub.get_about())
        .map(|s| s.to_string())
        .unwrap_or_default();
    r.text([roman(about)]);
    r.to_writer(w)?;
    // The subcommand's own options, as clap_mangen lays them out (without its OPTIONS heading
    // and without the -h flag every command has).
    let own = sub.clone().disable_help_flag(true);
    if own.get_arguments().next().is_some() {
        let mut buf = Vec::new();
        Man::new(own).render_options_section(&mut buf)?;
        let text = String::from_utf8_lossy(&buf);
        let text = text.strip_prefix(preamble).unwrap_or(&text);
        w.write_all(text.replacen(".SH OPTIONS\n", "", 1).as_bytes())?;
    }
    let mut r = Roff::new();
    if let Some((_, examples)) = EXAMPLES.iter().find(|(n, _)| *n == name) {
        r.control("PP", []);
        r.text([italic("Examples:")]);
        for (line, what) in *examples {
            r.control("IP", []);
            r.text([bold(*line)]);
            r.control("br", []);
            r.text([roman(*what)]);
        }
    }
    let text = r.render();
    w.write_all(text.strip_prefix(preamble).unwrap_or(&text).as_bytes())
}

/// EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO.
fn other_sections() -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        r.control("TP", []);
        r.text([bold(code.to_string())]);
        r.text([roman(meaning)]);
    }
    r.control("SH", ["ENVIRONMENT"]);
    for (name, what) in ENVIRONMENT {
        r.control("TP", []);
        r.text([bold(name)]);
        r.text([roman(what)]);
    }
    r.control("SH", ["FILES"]);
    for (path, what) in FILES {
        r.control("TP", []);
        r.text([italic(path)]);
        r.text([roman(what)]);
    }
    r.control("SH", ["EXAMPLES"]);
    for (line, what) in [
        (
            "chronomap render --year 2014 -o map-2014.png",
            "A map of the end of 2014.",
        ),
        (
            "chronomap series --sheet --timeline --animate",
            "Every year's map, the sheet, the chart and the GIF in output/series/.",
        ),
        (
            "chronomap check --data my-data --json",
            "Validate a dataset in a build script; the exit code is 1 when it has errors.",
        ),
        (
            "chronomap completions bash > ~/.local/share/bash-completion/completions/chronomap",
            "Install completion for bash, with the site ids of the bundled data.",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(line)]);
        r.text([roman(what)]);
    }
    r.control("SH", ["SEE ALSO"]);
    r.text([roman(
        "README.md in the source repository: the data format, the time rule, the map, the \
         export for QGIS, and the JSON shapes of check --json and history --json.",
    )]);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_every_command_and_the_exit_codes_once() {
        let page = man_page().unwrap();
        assert!(page.starts_with(&Roff::new().render()), "{page}");
        assert_eq!(page.matches(&Roff::new().render()).count(), 1);
        for sub in super::super::command().get_subcommands() {
            assert!(
                page.contains(&format!(".SS \"chronomap {}\"", sub.get_name()))
                    || page.contains(&format!(".SS chronomap {}", sub.get_name())),
                "{}",
                sub.get_name()
            );
        }
        assert_eq!(page.matches(".SH \"EXIT STATUS\"").count(), 1, "{page}");
    }
}
