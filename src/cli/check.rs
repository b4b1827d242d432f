//! `chronomap check`: validate the data and print a summary, as text or JSON.

use super::{Cli, Failure, data};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::Loaded;
use serde::Serialize;
use std::io::Write;

/// Flags of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Print the result as JSON on stdout, also when the data has errors (the shape is
    /// described in README.md); the problems are still listed on stderr.
    #[arg(long)]
    pub json: bool,
    /// Also list what has no translation into this language (en, ru, ky): site names,
    /// basemap names, the dataset's title and credit. Maps fall back to English there.
    #[arg(long, value_name = "CODE", conflicts_with = "json")]
    pub lang: Option<String>,
}

/// The version of the JSON shapes of `check --json` and `history --json`. It changes only
/// when a field is removed or changes meaning; new fields may be added within a version.
pub const JSON_VERSION: u32 = 1;

/// Validates the dataset and prints counts, the date range and the warnings.
pub fn run(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    if args.json {
        return run_json(cli, out, err);
    }
    let lang = match &args.lang {
        Some(code) => Some(crate::lang::Lang::parse(code).ok_or_else(|| {
            Failure::usage(format!(
                "--lang {code:?}: chronomap has no words for it; use {}",
                crate::lang::LANG_CODES.join(", ")
            ))
        })?),
        None => None,
    };
    let loaded = super::load_data(cli, err)?;
    // dataset.toml is optional, but when there is one it must be valid.
    let meta = data::metadata(cli.data.as_deref())?;
    if !cli.ui.summary() {
        return Ok(());
    }
    let d = &loaded.dataset;
    let mut text = format!("{}: OK\n", origin(cli));
    text.push_str(&format!("  sites:   {}\n", d.sites.len()));
    text.push_str(&format!("  events:  {}\n", d.events.len()));
    text.push_str(&format!("  sources: {}\n", d.sources.len()));
    if let Some(title) = &meta.title {
        text.push_str(&format!("  title:   {title}\n"));
    }
    let disputed = d.events.iter().filter(|e| e.disputes.is_some()).count();
    text.push_str(&format!("  disputed events: {disputed}\n"));
    match d.date_range() {
        Some((first, last)) => text.push_str(&format!("  dates:   {first} to {last}\n")),
        None => text.push_str("  dates:   (no events)\n"),
    }
    let w = loaded.warnings.len();
    let shown = if w > 0 && cli.ui.warnings() {
        " (printed above)"
    } else {
        ""
    };
    text.push_str(&format!("  warnings: {w}{shown}\n"));
    if let Some(lang) = lang {
        let basemap = data::basemap(cli.data.as_deref())?;
        // The names a map of the data would draw: the world tiles around the sites.
        let points: Vec<(f64, f64)> = d.sites.iter().map(|s| (s.lon, s.lat)).collect();
        let shown = match crate::layout::projection::Extent::around(&points, 2.2) {
            Some(e) => {
                crate::layout::basemap::layers_in_area(&basemap, (e.west, e.south, e.east, e.north))
            }
            None => std::borrow::Cow::Borrowed(&*basemap),
        };
        text.push_str(&missing_translations(d, &shown, &meta, lang));
    }
    super::guard::print(out, &text)
}

/// The lines of `check --lang`: every name and dataset text without a translation into
/// `lang`, which maps draw in English.
fn missing_translations(
    d: &crate::model::Dataset,
    basemap: &crate::input::Basemap,
    meta: &crate::input::metadata::DatasetMetadata,
    lang: crate::lang::Lang,
) -> String {
    let code = lang.code();
    let langs = crate::lang::Languages {
        first: lang,
        second: None,
    };
    let mut missing: Vec<String> = Vec::new();
    for s in d.sites.iter().filter(|s| langs.missing(&s.names)) {
        missing.push(format!("site {}: no name_{code} (sites.geojson)", s.id));
    }
    for (what, areas) in [("country", &basemap.countries), ("lake", &basemap.lakes)] {
        for a in areas
            .iter()
            .filter(|a| !a.name.is_empty() && langs.missing(&a.names))
        {
            missing.push(format!("{what} {}: no name_{code} (basemap)", a.name));
        }
    }
    for p in basemap
        .places
        .iter()
        .filter(|p| !p.name.is_empty() && langs.missing(&p.names))
    {
        missing.push(format!("place {}: no name_{code} (basemap)", p.name));
    }
    if lang != crate::lang::Lang::En {
        let local = meta.lang.get(code);
        for (key, english, translated) in [
            ("title", &meta.title, local.and_then(|l| l.title.as_ref())),
            (
                "credit",
                &meta.credit,
                local.and_then(|l| l.credit.as_ref()),
            ),
        ] {
            if english.is_some() && translated.is_none() {
                missing.push(format!("dataset.toml: no {key} in [lang.{code}]"));
            }
        }
    }
    let mut text = if missing.is_empty() {
        format!("  translations ({code}): complete\n")
    } else {
        format!(
            "  translations ({code}): {} missing; maps use the English name there\n",
            missing.len()
        )
    };
    for m in missing {
        text.push_str(&format!("    {m}\n"));
    }
    text
}

fn origin(cli: &Cli) -> String {
    match &cli.data {
        Some(dir) => format!("dataset in {}", data::shown(dir)),
        None => "bundled dataset".to_string(),
    }
}

/// `check --json`: the report as one JSON object (see README.md, "JSON output").
#[derive(Debug, Serialize)]
struct CheckReport {
    format: &'static str,
    version: u32,
    ok: bool,
    data: DataOrigin,
    title: Option<String>,
    counts: Option<Counts>,
    dates: Option<DateRange>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

#[derive(Debug, Serialize)]
struct DataOrigin {
    bundled: bool,
    path: Option<String>,
}

#[derive(Debug, Serialize)]
struct Counts {
    sites: usize,
    events: usize,
    sources: usize,
    disputed_events: usize,
}

#[derive(Debug, Serialize)]
struct DateRange {
    first: String,
    last: String,
}

/// One error or warning; fields that do not apply are null.
#[derive(Debug, Serialize)]
struct Problem {
    severity: &'static str,
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    feature: Option<usize>,
    feature_id: Option<String>,
    field: Option<String>,
    value: Option<String>,
    message: String,
    hint: Option<String>,
    /// The whole message as printed on stderr.
    text: String,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic) -> Problem {
        let (line, column, feature, feature_id) = match &d.location {
            Location::File => (None, None, None, None),
            Location::Line { line, column } => (Some(*line), *column, None, None),
            Location::Feature { index, id } => (None, None, Some(*index), id.clone()),
            // A row of a data store's table: its id; the table and row are in `text`.
            Location::Table { id, .. } => (None, None, None, id.clone()),
        };
        Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            file: Some(d.file.clone()),
            line,
            column,
            feature,
            feature_id,
            field: d.field.clone(),
            value: d.value.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            text: d.to_string(),
        }
    }

    /// A failure that is not about a place in a file (a missing data folder).
    fn from_failure(f: &Failure) -> Problem {
        let text = f.to_string().trim_end().to_string();
        Problem {
            severity: "error",
            file: None,
            line: None,
            column: None,
            feature: None,
            feature_id: None,
            field: None,
            value: None,
            message: f.message().to_string(),
            hint: None,
            text,
        }
    }
}

fn run_json(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Failure> {
    let mut report = CheckReport {
        format: "chronomap-check",
        version: JSON_VERSION,
        ok: false,
        data: DataOrigin {
            bundled: cli.data.is_none(),
            path: cli.data.as_deref().map(data::shown),
        },
        title: None,
        counts: None,
        dates: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let failure = match data::load_checked(cli.data.as_deref()) {
        Err(f) => {
            report.errors.push(Problem::from_failure(&f));
            Some(f)
        }
        Ok(Err(diags)) => {
            for d in &diags {
                let list = if d.is_error() {
                    &mut report.errors
                } else {
                    &mut report.warnings
                };
                list.push(Problem::from_diagnostic(d));
            }
            Some(data::report(&diags))
        }
        Ok(Ok(loaded)) => {
            if cli.ui.warnings() {
                for w in &loaded.warnings {
                    let _ = writeln!(err, "{w}");
                }
            }
            // dataset.toml is optional, but when there is one it must be valid.
            match data::metadata_checked(cli.data.as_deref()) {
                Ok(meta) => {
                    fill_ok(&mut report, &loaded);
                    report.title = meta.title;
                    None
                }
                Err(d) => {
                    report.warnings = loaded
                        .warnings
                        .iter()
                        .map(Problem::from_diagnostic)
                        .collect();
                    report.errors.push(Problem::from_diagnostic(&d));
                    Some(data::report(&[*d]))
                }
            }
        }
    };
    let mut text = serde_json::to_string_pretty(&report)
        .map_err(|e| Failure::data(format!("could not write the JSON: {e}")))?;
    text.push('\n');
    out.write_all(text.as_bytes())
        .map_err(|e| Failure::data(format!("could not write to stdout: {e}")))?;
    match failure {
        Some(f) => Err(f),
        None => Ok(()),
    }
}

fn fill_ok(report: &mut CheckReport, loaded: &Loaded) {
    let d = &loaded.dataset;
    report.ok = true;
    report.counts = Some(Counts {
        sites: d.sites.len(),
        events: d.events.len(),
        sources: d.sources.len(),
        disputed_events: d.events.iter().filter(|e| e.disputes.is_some()).count(),
    });
    report.dates = d.date_range().map(|(first, last)| DateRange {
        first: first.to_string(),
        last: last.to_string(),
    });
    report.warnings = loaded
        .warnings
        .iter()
        .map(Problem::from_diagnostic)
        .collect();
}
