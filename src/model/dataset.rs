//! The join: raw sites, events and sources become one validated, cross-referenced dataset.

use super::{Event, EventKind, PartialDate, PositionPrecision, Site, Source, Status, is_slug};
use crate::diagnostic::{Diagnostic, Location, did_you_mean, show_value};
use crate::input::{
    AltNames, Cell, GeoPackageTables, Property, RawEvents, RawSite, RawSources, read_events,
    read_sites, read_sources,
};
use std::cell::OnceCell;
use std::hash::BuildHasher;
// foldhash: several times faster than the standard SipHash on the id maps of a large
// dataset, and still seeded per process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

fn map_with_capacity<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// Ids present in the sites and sources files, valid or not, so that references to an
/// invalid record are not reported again; `None` for a file that could not be read. The
/// sets are built on the first lookup, which only a reference to no valid record needs.
struct Known<'a> {
    sites: Option<&'a [RawSite]>,
    sources: Option<&'a RawSources<'a>>,
    site_set: OnceCell<HashSet<&'a str>>,
    source_set: OnceCell<HashSet<&'a str>>,
}

impl Known<'_> {
    /// Whether a reference to site `id` should be reported as unknown.
    fn is_unknown_site(&self, id: &str) -> bool {
        self.sites.is_some_and(|raw| {
            !self
                .site_set
                .get_or_init(|| raw.iter().filter_map(|r| r.id.as_deref()).collect())
                .contains(id)
        })
    }

    /// Whether a reference to source `id` should be reported as unknown.
    fn is_unknown_source(&self, id: &str) -> bool {
        self.sources.is_some_and(|raw| {
            !self
                .source_set
                .get_or_init(|| raw.iter().map(|r| r.id.text).collect())
                .contains(id)
        })
    }
}

/// Counts the errors reported for one file as diagnostics are added: counting them all
/// again for every row costs rows × diagnostics.
struct ErrorCount<'f> {
    file: &'f str,
    counted: usize,
    errors: usize,
}

impl<'f> ErrorCount<'f> {
    fn new(file: &'f str) -> Self {
        ErrorCount {
            file,
            counted: 0,
            errors: 0,
        }
    }

    /// The errors for the file in `diags`, which only grows between calls.
    fn get(&mut self, diags: &[Diagnostic]) -> usize {
        let new = diags.get(self.counted..).unwrap_or_default();
        self.errors += new
            .iter()
            .filter(|d| d.is_error() && d.file == self.file)
            .count();
        self.counted = diags.len();
        self.errors
    }
}

pub use crate::input::MAX_ERRORS_PER_FILE;

/// The three input files of a dataset, as bytes, each with the name to use in messages.
/// A file that could not be read carries the reason instead of bytes.
#[derive(Debug, Clone, Copy)]
pub struct DatasetFiles<'a> {
    /// `sites.geojson`.
    pub sites: (&'a str, Result<&'a [u8], &'a str>),
    /// `events.csv`.
    pub events: (&'a str, Result<&'a [u8], &'a str>),
    /// `sources.csv`.
    pub sources: (&'a str, Result<&'a [u8], &'a str>),
}

/// A validated dataset: every reference resolved, events in chronological order.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Sites in file order.
    pub sites: Vec<Site>,
    /// Events sorted by date (first day, then last day), then by line.
    pub events: Vec<Event>,
    /// Sources in file order; source number = index + 1.
    pub sources: Vec<Source>,
}

/// A dataset together with the warnings found while building it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The data.
    pub dataset: Dataset,
    /// Problems that do not stop the data from being used.
    pub warnings: Vec<Diagnostic>,
}

impl Dataset {
    /// Parses, validates and joins the three files. On failure, returns every error found
    /// (up to [`MAX_ERRORS_PER_FILE`] per file) followed by the warnings.
    ///
    /// ```
    /// use chronomap::model::{Dataset, DatasetFiles};
    /// let sites = br#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"kant",
    ///   "geometry":{"type":"Point","coordinates":[74.85,42.85]},
    ///   "properties":{"name":"Kant","alt_names":[],"country":"KGZ","operator":"Russia",
    ///   "kind":"air base","precision":"site","position_source":"example"}}]}"#;
    /// let events = b"id,site,date,kind,status,summary,sources,disputes\nk1,kant,2003-10,opened,active,Opened,s1,\n";
    /// let sources = b"id,title,publisher,published,url\ns1,A title,A paper,2012,\n";
    /// let files = DatasetFiles {
    ///     sites: ("sites.geojson", Ok(&sites[..])),
    ///     events: ("events.csv", Ok(&events[..])),
    ///     sources: ("sources.csv", Ok(&sources[..])),
    /// };
    /// let loaded = Dataset::from_files(files).unwrap();
    /// assert_eq!(loaded.dataset.events[0].date.to_string(), "2003-10");
    /// assert!(loaded.warnings.is_empty());
    /// ```
    pub fn from_files(files: DatasetFiles<'_>) -> Result<Loaded, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut raw_sites = read_or_report(files.sites, &mut diags, read_sites).unwrap_or_default();
        let raw_sources = read_or_report(files.sources, &mut diags, read_sources);
        let raw_events = read_or_report(files.events, &mut diags, read_events);
        // Ids that exist in a file even if their record is invalid: references to them are
        // not reported again. Not for a file that could not be read at all.
        let usable =
            |file: &str, n: usize, diags: &[Diagnostic]| n > 0 || count_errors(diags, file) == 0;
        let sites_usable = usable(files.sites.0, raw_sites.len(), &diags);
        let sources_usable = usable(
            files.sources.0,
            raw_sources.as_ref().map_or(0, RawSources::len),
            &diags,
        );
        let sites = validate_sites(files.sites.0, &mut raw_sites, &mut diags);
        let sources = validate_sources(files.sources.0, raw_sources.as_ref(), &mut diags);
        let known = Known {
            sites: sites_usable.then_some(&raw_sites[..]),
            sources: if sources_usable {
                raw_sources.as_ref()
            } else {
                None
            },
            site_set: OnceCell::new(),
            source_set: OnceCell::new(),
        };
        let events = validate_events(
            files.events.0,
            raw_events,
            &sites,
            &sources,
            &known,
            &mut diags,
        );
        let dataset = Dataset {
            sites,
            events,
            sources,
        };
        if diags.iter().any(Diagnostic::is_error) {
            diags.sort_by_key(|d| std::cmp::Reverse(d.severity));
            return Err(diags);
        }
        dataset.unused_warnings(
            files.sites.0,
            files.sources.0,
            raw_sources.as_ref(),
            &raw_sites,
            &mut diags,
        );
        Ok(Loaded {
            dataset,
            warnings: diags,
        })
    }

    /// Validates and joins the tables read from a GeoPackage (see
    /// [`read_geopackage`](crate::input::read_geopackage)): the same checks as
    /// [`from_files`](Self::from_files), with messages that name the table, the row and the
    /// column.
    ///
    /// ```
    /// use chronomap::{export::export_files, input::read_geopackage, model::Dataset};
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let files = export_files(&data, None).unwrap().files;
    /// let gpkg = &files.iter().find(|f| f.name == "chronomap.gpkg").unwrap().bytes;
    /// let tables = read_geopackage(&gpkg[..], gpkg.len() as u64, "chronomap.gpkg").unwrap();
    /// let back = Dataset::from_geopackage(&tables).unwrap().dataset;
    /// assert_eq!(back.sites, data.sites);
    /// assert_eq!(back.sources, data.sources);
    /// ```
    pub fn from_geopackage(tables: &GeoPackageTables) -> Result<Loaded, Vec<Diagnostic>> {
        let [sites, events, sources] = tables.names();
        let files = DatasetFiles {
            sites: (sites, Ok(&tables.sites)),
            events: (events, Ok(&tables.events)),
            sources: (sources, Ok(&tables.sources)),
        };
        let relocate = |diags: Vec<Diagnostic>| -> Vec<Diagnostic> {
            let mut all: Vec<Diagnostic> = tables.problems.clone();
            all.extend(diags.into_iter().filter_map(|d| tables.relocate(d)));
            all.sort_by_key(|d| std::cmp::Reverse(d.severity));
            all
        };
        match Self::from_files(files) {
            Ok(loaded) if tables.problems.iter().any(Diagnostic::is_error) => {
                Err(relocate(loaded.warnings))
            }
            Ok(loaded) => Ok(Loaded {
                dataset: loaded.dataset,
                warnings: relocate(loaded.warnings),
            }),
            Err(diags) => Err(relocate(diags)),
        }
    }

    /// The site with this id.
    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.id == id)
    }

    /// The earliest and latest event dates, if there are events.
    pub fn date_range(&self) -> Option<(PartialDate, PartialDate)> {
        let first = self.events.iter().map(|e| e.date).min()?;
        let last = self
            .events
            .iter()
            .map(|e| e.date)
            .max_by_key(|d| (d.last_day(), d.first_day()))?;
        Some((first, last))
    }

    /// The indexes of every site's events, in chronological order, built in one pass: use it
    /// instead of calling [`Dataset::events_of`] once per site on a large dataset.
    ///
    /// ```
    /// let data = chronomap::bundled::dataset().unwrap().dataset;
    /// let by_site = data.events_by_site();
    /// let kant = data.site_index("kant").unwrap();
    /// assert_eq!(by_site[kant].len(), data.events_of(kant).count());
    /// ```
    pub fn events_by_site(&self) -> Vec<Vec<usize>> {
        let mut by_site = vec![Vec::new(); self.sites.len()];
        for (i, e) in self.events.iter().enumerate() {
            if let Some(list) = by_site.get_mut(e.site) {
                list.push(i);
            }
        }
        by_site
    }

    /// The events of one site, in chronological order.
    pub fn events_of(&self, site: usize) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.site == site)
    }

    fn unused_warnings(
        &self,
        sites_file: &str,
        sources_file: &str,
        raw_sources: Option<&RawSources<'_>>,
        raw_sites: &[RawSite],
        diags: &mut Vec<Diagnostic>,
    ) {
        // One pass over the events and a map per file: a naive lookup per site or source
        // costs sites × events, which hangs on a large hostile file. The maps are built
        // only when there is something to warn about.
        let mut has_events = vec![false; self.sites.len()];
        let mut cited = vec![false; self.sources.len()];
        for e in &self.events {
            has_events[e.site] = true;
            for &s in &e.sources {
                cited[s] = true;
            }
        }
        let site_feature = OnceCell::new();
        for (i, site) in self.sites.iter().enumerate() {
            if !has_events[i] {
                let site_feature = site_feature.get_or_init(|| {
                    let mut map: HashMap<&str, usize> = map_with_capacity(raw_sites.len());
                    for r in raw_sites {
                        if let Some(id) = r.id.as_deref() {
                            map.entry(id).or_insert(r.index);
                        }
                    }
                    map
                });
                let index = site_feature.get(site.id.as_str()).copied().unwrap_or(i);
                diags.push(
                    Diagnostic::warning(
                        sites_file,
                        Location::Feature {
                            index,
                            id: Some(site.id.clone()),
                        },
                        "site has no events",
                    )
                    .hint("it is drawn with status 'unknown' in every year"),
                );
            }
        }
        let source_line = OnceCell::new();
        for (i, source) in self.sources.iter().enumerate() {
            if !cited[i] {
                let source_line = source_line.get_or_init(|| {
                    let mut map: HashMap<&str, u64> = HashMap::default();
                    for r in raw_sources.iter().flat_map(|t| t.iter()) {
                        map.entry(r.id.text).or_insert(r.line);
                    }
                    map
                });
                let line = source_line.get(source.id.as_str()).copied().unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        sources_file,
                        Location::Line { line, column: None },
                        "is not cited by any event",
                    )
                    .field("id", source.id.clone()),
                );
            }
        }
    }
}

fn read_or_report<'a, T>(
    file: (&str, Result<&'a [u8], &str>),
    diags: &mut Vec<Diagnostic>,
    read: impl FnOnce(&'a [u8], &str, &mut Vec<Diagnostic>) -> T,
) -> Option<T> {
    match file.1 {
        Ok(bytes) => Some(read(bytes, file.0, diags)),
        Err(reason) => {
            diags.push(Diagnostic::error(
                file.0,
                Location::File,
                reason.to_string(),
            ));
            None
        }
    }
}

fn count_errors(diags: &[Diagnostic], file: &str) -> usize {
    diags
        .iter()
        .filter(|d| d.is_error() && d.file == file)
        .count()
}

/// Rejects text a map label cannot show: line breaks and other control characters.
fn check_one_line(text: &str) -> Result<(), String> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Ok(());
    }
    match text.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some('\n' | '\r') => Err("must be one line, without line breaks".into()),
        Some(c) => Err(format!(
            "contains an invisible control character ({})",
            c.escape_unicode()
        )),
    }
}

/// A string property without surrounding spaces, reusing its allocation when it has none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

fn validate_sites(file: &str, raw: &mut [RawSite], diags: &mut Vec<Diagnostic>) -> Vec<Site> {
    let mut sites: Vec<Site> = Vec::with_capacity(raw.len());
    let mut seen: HashMap<&str, usize> = map_with_capacity(raw.len());
    let mut count = ErrorCount::new(file);
    for r in raw.iter_mut() {
        if count.get(diags) >= MAX_ERRORS_PER_FILE {
            break;
        }
        // The properties are moved into the site; the id stays for the lookups after.
        let RawSite {
            index,
            id: raw_id,
            position,
            properties: props,
        } = r;
        let (index, raw_id): (usize, &Option<String>) = (*index, raw_id);
        let here = || Location::Feature {
            index,
            id: raw_id.clone(),
        };
        let before = count.get(diags);
        let Some((lon, lat)) = *position else {
            continue;
        };
        let id = match raw_id {
            None => {
                diags.push(
                    Diagnostic::error(file, here(), "has no id")
                        .hint("add \"id\": \"a-slug\" to the feature"),
                );
                String::new()
            }
            Some(id) if !is_slug(id) => {
                diags.push(
                    Diagnostic::error(
                        file,
                        here(),
                        "is not a valid id: ids use only a-z, 0-9 and '-'",
                    )
                    .field("id", id.clone())
                    .hint(format!("for example \"{}\"", slugify(id))),
                );
                String::new()
            }
            Some(id) => {
                if let Some(first) = seen.get(id.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            file,
                            here(),
                            format!("is used twice (first by feature {first})"),
                        )
                        .field("id", id.clone())
                        .hint("every site needs its own id"),
                    );
                }
                seen.entry(id.as_str()).or_insert(index);
                id.clone()
            }
        };
        let mut text = |key: &str, value: &mut Property, required: bool| -> String {
            match std::mem::take(value) {
                Property::Text(s) => {
                    let s = trimmed(s);
                    if let Err(why) = check_one_line(&s) {
                        diags.push(Diagnostic::error(file, here(), why).in_field(key));
                    } else if s.is_empty() && required {
                        diags.push(Diagnostic::error(file, here(), "is empty").in_field(key));
                    }
                    s
                }
                Property::Missing if !required => String::new(),
                Property::Missing => {
                    diags.push(Diagnostic::error(
                        file,
                        here(),
                        format!("property \"{key}\" is missing"),
                    ));
                    String::new()
                }
                Property::Other(kind) => {
                    diags.push(
                        Diagnostic::error(file, here(), format!("must be a string, not {kind}"))
                            .in_field(key),
                    );
                    String::new()
                }
            }
        };
        let name = text("name", &mut props.name, true);
        let country = text("country", &mut props.country, true);
        let operator = text("operator", &mut props.operator, true);
        let kind = text("kind", &mut props.kind, true);
        let precision_text = text("precision", &mut props.precision, true);
        let position_source = text("position_source", &mut props.position_source, false);
        let mut names = Vec::new();
        for (code, value) in std::mem::take(&mut props.names) {
            let mut value = value;
            let n = text(&format!("name_{code}"), &mut value, false);
            if !n.is_empty() {
                names.push((code.to_string(), n));
            }
        }
        // In the order of the languages the maps know, whatever the order in the file, so a
        // dataset read back from a GeoPackage is the same dataset.
        names.sort_by_key(|(code, _)| crate::lang::LANG_CODES.iter().position(|c| c == code));
        let is_alpha3 = country.len() == 3 && country.bytes().all(|b| b.is_ascii_uppercase());
        if !country.is_empty() && !is_alpha3 {
            diags.push(
                Diagnostic::error(file, here(), "is not an ISO 3166-1 alpha-3 country code")
                    .field("country", country.clone())
                    .hint("use three capital letters, such as KGZ or UZB"),
            );
        }
        let precision = PositionPrecision::parse(&precision_text);
        if precision.is_none() && !precision_text.is_empty() {
            diags.push(
                Diagnostic::error(file, here(), "is not a known precision")
                    .field("precision", precision_text.clone())
                    .hint("use site, town or village"),
            );
        }
        let alt_names = match std::mem::take(&mut props.alt_names) {
            AltNames::Missing => Vec::new(),
            AltNames::List {
                names,
                only_strings,
            } => {
                let names: Vec<String> = names.into_iter().map(trimmed).collect();
                if !only_strings || names.iter().any(|n| check_one_line(n).is_err()) {
                    diags.push(
                        Diagnostic::error(file, here(), "must be an array of one-line strings")
                            .in_field("alt_names"),
                    );
                }
                names
            }
            AltNames::Other => {
                diags.push(
                    Diagnostic::error(file, here(), "must be an array of strings")
                        .in_field("alt_names")
                        .hint("for example [\"Chaldovar\", \"Чалдовар\"]"),
                );
                Vec::new()
            }
        };
        if count.get(diags) == before {
            sites.push(Site {
                id,
                name,
                alt_names,
                names,
                country,
                operator,
                kind,
                precision: precision.unwrap_or(PositionPrecision::Site),
                position_source,
                lon,
                lat,
            });
        }
    }
    sites
}

/// The longest id [`slugify`] suggests. Its output is ASCII, so truncating is safe.
const MAX_SUGGESTED_ID_LEN: usize = 60;

/// A slug suggestion for an id that is not one.
fn slugify(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    // A suggestion for a very long id (a whole line pasted into the id column) stays short.
    out.truncate(MAX_SUGGESTED_ID_LEN);
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "site-1".into() } else { out }
}

fn cell_error(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let column = Some(cell.column).filter(|c| *c > 0);
    Diagnostic::error(file, Location::Line { line, column }, message).field(field, cell.text)
}

/// Checks a row's id; `first` is the line of an earlier row with the same id, if any.
fn check_id(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    first: Option<u64>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if cell.text.is_empty() {
        diags.push(
            cell_error(file, line, cell, "id", "is empty: every row needs an id")
                .hint("ids use a-z, 0-9 and '-'"),
        );
        return false;
    }
    if !is_slug(cell.text) {
        diags.push(
            cell_error(
                file,
                line,
                cell,
                "id",
                "is not a valid id: ids use only a-z, 0-9 and '-'",
            )
            .hint(format!("for example \"{}\"", slugify(cell.text))),
        );
        return false;
    }
    if let Some(first) = first {
        diags.push(
            cell_error(
                file,
                line,
                cell,
                "id",
                format!("is used twice (first on line {first})"),
            )
            .hint("every row needs its own id"),
        );
        return false;
    }
    true
}

fn check_date(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    match cell.text.parse::<PartialDate>() {
        Ok(d) => Some(d),
        Err(e) => {
            let mut d = cell_error(file, line, cell, field, format!("is not a valid date: {e}"));
            if e == super::DateError::Format {
                d = d.hint(
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, such as 2012, 2012-09 or 2012-09-20",
                );
            }
            diags.push(d);
            None
        }
    }
}

fn check_text(
    file: &str,
    line: u64,
    cell: &Cell<'_>,
    field: &str,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if required && cell.text.is_empty() {
        diags.push(cell_error(file, line, cell, field, "is empty"));
        return false;
    }
    if let Err(why) = check_one_line(cell.text) {
        diags.push(cell_error(file, line, cell, field, why));
        return false;
    }
    true
}

fn validate_sources(
    file: &str,
    raw: Option<&RawSources<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut seen: HashMap<&str, u64> = map_with_capacity(raw.len());
    let mut sources = Vec::with_capacity(raw.len());
    let mut count = ErrorCount::new(file);
    for r in raw.iter() {
        if count.get(diags) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let first = seen.get(r.id.text).copied();
        let mut ok = check_id(file, r.line, &r.id, first, diags);
        if ok {
            seen.insert(r.id.text, r.line);
        }
        ok &= check_text(file, r.line, &r.title, "title", true, diags);
        ok &= check_text(file, r.line, &r.publisher, "publisher", true, diags);
        ok &= check_text(file, r.line, &r.url, "url", false, diags);
        let published = check_date(file, r.line, &r.published, "published", diags);
        if let (true, Some(published)) = (ok, published) {
            sources.push(Source {
                id: r.id.text.to_string(),
                title: r.title.text.to_string(),
                publisher: r.publisher.text.to_string(),
                published,
                url: Some(r.url.text.to_string()).filter(|u| !u.is_empty()),
            });
        }
    }
    sources
}

/// A key that orders dates as [`PartialDate`] does: by first day, then by last day. Both
/// days of a partial date are in its one year.
fn chronological_key(date: PartialDate) -> u64 {
    let (first, last) = (date.first_day(), date.last_day());
    // The offset keeps any `i32` year in order.
    let year = (i64::from(first.year()) - i64::from(i32::MIN)) as u64;
    year << 32
        | u64::from(first.month()) << 24
        | u64::from(first.day()) << 16
        | u64::from(last.month()) << 8
        | u64::from(last.day())
}

/// A row number as stored in the lists of a table's rows.
fn row_number(row: usize) -> u32 {
    u32::try_from(row).expect("fewer than 4 billion rows")
}

/// The ids of every row of an events table, valid or not, indexed once: for each distinct
/// id its first row (for "is used twice", and the event a dispute names) and its last (whose
/// site a dispute is compared with, as a map filled in file order keeps). The table holds
/// only row numbers and hashes the ids in the file, so a million rows cost a few MB.
struct IdIndex {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// For each row, the first row with its id.
    first_rows: Vec<u32>,
    /// For each first row of an id, the last row with it.
    last_rows: Vec<u32>,
}

impl IdIndex {
    fn new(raw: &RawEvents<'_>) -> Self {
        let hasher = foldhash::fast::RandomState::default();
        let id = |row: u32| raw.id(row as usize).unwrap_or_default();
        let mut table = hashbrown::HashTable::with_capacity(raw.len());
        let mut first_rows = Vec::with_capacity(raw.len());
        let mut last_rows = Vec::with_capacity(raw.len());
        for row in 0..raw.len() {
            let row = row_number(row);
            let text = id(row);
            let entry = table.entry(
                hasher.hash_one(text),
                |&r| id(r) == text,
                |&r| hasher.hash_one(id(r)),
            );
            let first = match entry {
                hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
                hashbrown::hash_table::Entry::Vacant(e) => *e.insert(row).get(),
            };
            first_rows.push(first);
            last_rows.push(row);
            last_rows[first as usize] = row;
        }
        IdIndex {
            table,
            hasher,
            first_rows,
            last_rows,
        }
    }

    /// The first row with the id of `row`.
    fn first_row(&self, row: usize) -> usize {
        self.first_rows[row] as usize
    }

    /// The last row with the id whose first row is `first`.
    fn last_row(&self, first: usize) -> usize {
        self.last_rows[first] as usize
    }

    /// The first row with id `text`.
    fn find(&self, text: &str, raw: &RawEvents<'_>) -> Option<usize> {
        self.table
            .find(self.hasher.hash_one(text), |&r| {
                raw.id(r as usize).unwrap_or_default() == text
            })
            .map(|&r| r as usize)
    }

    /// Every distinct id.
    fn keys<'r>(&'r self, raw: &'r RawEvents<'_>) -> impl Iterator<Item = &'r str> {
        self.table
            .iter()
            .map(|&r| raw.id(r as usize).unwrap_or_default())
    }
}

/// Puts `items` in the order `order` gives (`order[k]` is the index of the item that goes
/// to position `k`), in place. `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

fn validate_events(
    file: &str,
    raw: Option<RawEvents<'_>>,
    sites: &[Site],
    sources: &[Source],
    known: &Known<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut site_ids: HashMap<&str, usize> = map_with_capacity(sites.len());
    for (i, s) in sites.iter().enumerate() {
        site_ids.insert(s.id.as_str(), i);
    }
    let mut source_ids: HashMap<&str, usize> = map_with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        source_ids.insert(s.id.as_str(), i);
    }
    let event_ids = IdIndex::new(&raw);
    let mut count = ErrorCount::new(file);
    let mut events: Vec<Event> = Vec::with_capacity(raw.len());
    // The row of each event, to find the event a dispute names once they are sorted.
    let mut event_rows: Vec<u32> = Vec::with_capacity(raw.len());
    for (row, r) in raw.iter().enumerate() {
        if count.get(diags) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let line = r.line;
        let first = Some(event_ids.first_row(row))
            .filter(|first| *first < row)
            .and_then(|first| raw.line(first));
        let mut ok = check_id(file, line, &r.id, first, diags);
        let site = match site_ids.get(r.site.text) {
            Some(i) => Some(*i),
            None if !r.site.text.is_empty() && !known.is_unknown_site(r.site.text) => None,
            None => {
                let mut d = if r.site.text.is_empty() {
                    cell_error(
                        file,
                        line,
                        &r.site,
                        "site",
                        "is empty: every event belongs to a site",
                    )
                } else {
                    cell_error(
                        file,
                        line,
                        &r.site,
                        "site",
                        "is not the id of any site in sites.geojson",
                    )
                };
                if let Some(m) = did_you_mean(r.site.text, site_ids.keys().copied()) {
                    d = d.hint(format!("did you mean '{m}'?"));
                }
                diags.push(d);
                None
            }
        };
        let date = check_date(file, line, &r.date, "date", diags);
        let kind = match r.kind.text.parse::<EventKind>() {
            Ok(k) => Some(k),
            Err(()) => {
                let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                let hint = match did_you_mean(r.kind.text, names.iter().copied()) {
                    Some(m) => format!("did you mean '{m}'? The kinds are: {}", names.join(", ")),
                    None => format!("the kinds are: {}", names.join(", ")),
                };
                diags.push(
                    cell_error(file, line, &r.kind, "kind", "is not a known event kind").hint(hint),
                );
                None
            }
        };
        let status = if r.status.text.is_empty() {
            Some(None)
        } else {
            match r.status.text.parse::<Status>() {
                Ok(s) => Some(Some(s)),
                Err(()) => {
                    let names: Vec<&str> = Status::SETTABLE.iter().map(|k| k.as_str()).collect();
                    diags.push(
                        cell_error(file, line, &r.status, "status", "is not a known status")
                            .hint(format!("use one of {}, or leave it empty when the event does not change the status", names.join(", "))),
                    );
                    None
                }
            }
        };
        ok &= check_text(file, line, &r.summary, "summary", true, diags);
        let ids = r
            .sources
            .text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let mut source_list = Vec::with_capacity(ids.clone().count());
        if source_list.capacity() == 0 {
            diags.push(
                cell_error(
                    file,
                    line,
                    &r.sources,
                    "sources",
                    "is empty: every event must cite at least one source",
                )
                .hint("give source ids from sources.csv, separated by ';'"),
            );
            ok = false;
        }
        for id in ids {
            match source_ids.get(id) {
                Some(i) if !source_list.contains(i) => source_list.push(*i),
                Some(_) => {}
                None if !known.is_unknown_source(id) => ok = false,
                None => {
                    let column = Some(r.sources.column).filter(|c| *c > 0);
                    let mut d = Diagnostic::error(
                        file,
                        Location::Line { line, column },
                        "is not the id of any source in sources.csv",
                    )
                    .field("sources", id);
                    if let Some(m) = did_you_mean(id, source_ids.keys().copied()) {
                        d = d.hint(format!("did you mean '{m}'?"));
                    }
                    diags.push(d);
                    ok = false;
                }
            }
        }
        // The first row of the disputed id: its event, if valid, is the one with that id.
        let mut disputes_row = None;
        let disputes = r.disputes.text;
        if !disputes.is_empty() {
            if disputes == r.id.text {
                diags.push(
                    cell_error(
                        file,
                        line,
                        &r.disputes,
                        "disputes",
                        "names the event itself",
                    )
                    .hint("give the id of the other event"),
                );
                ok = false;
            } else if let Some(first) = event_ids.find(disputes, &raw) {
                let other_site = raw.site(event_ids.last_row(first)).unwrap_or_default();
                if other_site != r.site.text {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            Location::Line {
                                line,
                                column: Some(r.disputes.column),
                            },
                            format!(
                                "disputes an event of another site ({})",
                                show_value(other_site)
                            ),
                        )
                        .field("disputes", disputes),
                    );
                }
                disputes_row = Some(first);
            } else {
                let mut d = cell_error(
                    file,
                    line,
                    &r.disputes,
                    "disputes",
                    "is not the id of any event in this file",
                );
                // Suggest only ids that can be right: not the event itself, and not an id that
                // is invalid (it may hold invisible characters, which the hint would print).
                let valid_ids = event_ids
                    .keys(&raw)
                    .filter(|id| *id != r.id.text && is_slug(id));
                if let Some(m) = did_you_mean(disputes, valid_ids) {
                    d = d.hint(format!("did you mean '{m}'?"));
                }
                diags.push(d);
                ok = false;
            }
        }
        if let (true, Some(site), Some(date), Some(kind), Some(status)) =
            (ok, site, date, kind, status)
        {
            events.push(Event {
                id: r.id.text.to_string(),
                site,
                date,
                kind,
                status,
                summary: r.summary.text.to_string(),
                sources: source_list,
                // For now the row of the disputed event; an index once sorted.
                disputes: disputes_row,
                line,
            });
            event_rows.push(row_number(row));
        }
    }
    let rows = raw.len();
    drop(event_ids);
    drop(raw);
    // Events were taken in file order, so their index orders them by line: an unstable sort
    // of (date, index) gives the one stable order.
    let mut keyed: Vec<(u64, u32)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (chronological_key(e.date), row_number(i)))
        .collect();
    keyed.sort_unstable();
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, i)| i as usize).collect();
    let mut position = vec![u32::MAX; rows];
    for (k, &i) in order.iter().enumerate() {
        position[event_rows[i] as usize] = row_number(k);
    }
    permute(&mut events, &mut order);
    for e in &mut events {
        e.disputes = e
            .disputes
            .and_then(|row| position.get(row).copied())
            .filter(|&k| k != u32::MAX)
            .map(|k| k as usize);
    }
    events
}
