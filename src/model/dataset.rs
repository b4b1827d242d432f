//! The join: raw sites, events and sources become one validated, cross-referenced dataset.

use super::{Event, EventKind, PartialDate, PositionPrecision, Site, Source, Status, is_slug};
use crate::diagnostic::{Diagnostic, Location, did_you_mean, show_value};
use crate::input::{Cell, RawEvent, RawSite, RawSource, read_events, read_sites, read_sources};
// foldhash: several times faster than the standard SipHash on the id maps of a large
// dataset, and still seeded per process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Ids present in the sites and sources files, valid or not; `None` for an unreadable file.
struct Known {
    sites: Option<HashSet<String>>,
    sources: Option<HashSet<String>>,
}

impl Known {
    /// Whether a reference to `id` should be reported as unknown.
    fn is_unknown(set: &Option<HashSet<String>>, id: &str) -> bool {
        set.as_ref().is_some_and(|s| !s.contains(id))
    }
}

/// The most errors reported for one file before the rest are skipped.
pub const MAX_ERRORS_PER_FILE: usize = 50;

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
        let raw_sites = read_or_report(files.sites, &mut diags, read_sites);
        let raw_sources = read_or_report(files.sources, &mut diags, read_sources);
        let raw_events = read_or_report(files.events, &mut diags, read_events);
        // Ids that exist in a file even if their record is invalid: references to them are
        // not reported again. `None` when the file could not be read at all.
        let usable =
            |file: &str, n: usize, diags: &[Diagnostic]| n > 0 || count_errors(diags, file) == 0;
        let known_sites = usable(files.sites.0, raw_sites.len(), &diags).then(|| {
            raw_sites
                .iter()
                .filter_map(|r| r.id.clone())
                .collect::<HashSet<String>>()
        });
        let known_sources = usable(files.sources.0, raw_sources.len(), &diags).then(|| {
            raw_sources
                .iter()
                .map(|r| r.id.text.clone())
                .collect::<HashSet<String>>()
        });
        let sites = validate_sites(files.sites.0, &raw_sites, &mut diags);
        let sources = validate_sources(files.sources.0, &raw_sources, &mut diags);
        let known = Known {
            sites: known_sites,
            sources: known_sources,
        };
        let events = validate_events(
            files.events.0,
            &raw_events,
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
            &raw_sources,
            &raw_sites,
            &mut diags,
        );
        Ok(Loaded {
            dataset,
            warnings: diags,
        })
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
        raw_sources: &[RawSource],
        raw_sites: &[RawSite],
        diags: &mut Vec<Diagnostic>,
    ) {
        // One pass over the events and a map per file: a naive lookup per site or source
        // costs sites × events, which hangs on a large hostile file.
        let mut has_events = vec![false; self.sites.len()];
        let mut cited = vec![false; self.sources.len()];
        for e in &self.events {
            has_events[e.site] = true;
            for &s in &e.sources {
                cited[s] = true;
            }
        }
        let mut site_feature: HashMap<&str, usize> = HashMap::default();
        for r in raw_sites {
            if let Some(id) = r.id.as_deref() {
                site_feature.entry(id).or_insert(r.index);
            }
        }
        let mut source_line: HashMap<&str, u64> = HashMap::default();
        for r in raw_sources {
            source_line.entry(r.id.text.as_str()).or_insert(r.line);
        }
        for (i, site) in self.sites.iter().enumerate() {
            if !has_events[i] {
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
        for (i, source) in self.sources.iter().enumerate() {
            if !cited[i] {
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

fn read_or_report<T>(
    file: (&str, Result<&[u8], &str>),
    diags: &mut Vec<Diagnostic>,
    read: fn(&[u8], &str, &mut Vec<Diagnostic>) -> Vec<T>,
) -> Vec<T> {
    match file.1 {
        Ok(bytes) => read(bytes, file.0, diags),
        Err(reason) => {
            diags.push(Diagnostic::error(
                file.0,
                Location::File,
                reason.to_string(),
            ));
            Vec::new()
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
    match text.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some('\n' | '\r') => Err("must be one line, without line breaks".into()),
        Some(c) => Err(format!(
            "contains an invisible control character ({})",
            c.escape_unicode()
        )),
    }
}

fn validate_sites(file: &str, raw: &[RawSite], diags: &mut Vec<Diagnostic>) -> Vec<Site> {
    let mut sites: Vec<Site> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::default();
    for r in raw {
        if count_errors(diags, file) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let here = || Location::Feature {
            index: r.index,
            id: r.id.clone(),
        };
        let before = count_errors(diags, file);
        let Some((lon, lat)) = r.position else {
            continue;
        };
        let id = match &r.id {
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
                if let Some(first) = seen.get(id) {
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
                seen.entry(id.clone()).or_insert(r.index);
                id.clone()
            }
        };
        let mut text = |key: &str, required: bool| -> String {
            match r.properties.get(key) {
                Some(serde_json::Value::String(s)) => {
                    let s = s.trim().to_string();
                    if let Err(why) = check_one_line(&s) {
                        diags.push(Diagnostic::error(file, here(), why).in_field(key));
                    } else if s.is_empty() && required {
                        diags.push(Diagnostic::error(file, here(), "is empty").in_field(key));
                    }
                    s
                }
                None | Some(serde_json::Value::Null) if !required => String::new(),
                None | Some(serde_json::Value::Null) => {
                    diags.push(Diagnostic::error(
                        file,
                        here(),
                        format!("property \"{key}\" is missing"),
                    ));
                    String::new()
                }
                Some(other) => {
                    diags.push(
                        Diagnostic::error(
                            file,
                            here(),
                            format!("must be a string, not {}", json_type(other)),
                        )
                        .in_field(key),
                    );
                    String::new()
                }
            }
        };
        let name = text("name", true);
        let country = text("country", true);
        let operator = text("operator", true);
        let kind = text("kind", true);
        let precision_text = text("precision", true);
        let position_source = text("position_source", false);
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
        let alt_names = match r.properties.get("alt_names") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(serde_json::Value::Array(items)) => {
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
                    .collect();
                if names.len() != items.len() || names.iter().any(|n| check_one_line(n).is_err()) {
                    diags.push(
                        Diagnostic::error(file, here(), "must be an array of one-line strings")
                            .in_field("alt_names"),
                    );
                }
                names
            }
            Some(_) => {
                diags.push(
                    Diagnostic::error(file, here(), "must be an array of strings")
                        .in_field("alt_names")
                        .hint("for example [\"Chaldovar\", \"Чалдовар\"]"),
                );
                Vec::new()
            }
        };
        if count_errors(diags, file) == before {
            sites.push(Site {
                id,
                name,
                alt_names,
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

/// What kind of JSON value this is, for messages (the value itself may be huge).
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
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
    cell: &Cell,
    field: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let column = Some(cell.column).filter(|c| *c > 0);
    Diagnostic::error(file, Location::Line { line, column }, message)
        .field(field, cell.text.clone())
}

fn check_id(
    file: &str,
    line: u64,
    cell: &Cell,
    seen: &mut HashMap<String, u64>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if cell.text.is_empty() {
        diags.push(
            cell_error(file, line, cell, "id", "is empty: every row needs an id")
                .hint("ids use a-z, 0-9 and '-'"),
        );
        return false;
    }
    if !is_slug(&cell.text) {
        diags.push(
            cell_error(
                file,
                line,
                cell,
                "id",
                "is not a valid id: ids use only a-z, 0-9 and '-'",
            )
            .hint(format!("for example \"{}\"", slugify(&cell.text))),
        );
        return false;
    }
    if let Some(first) = seen.get(&cell.text) {
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
    seen.insert(cell.text.clone(), line);
    true
}

fn check_date(
    file: &str,
    line: u64,
    cell: &Cell,
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
    cell: &Cell,
    field: &str,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if required && cell.text.is_empty() {
        diags.push(cell_error(file, line, cell, field, "is empty"));
        return false;
    }
    if let Err(why) = check_one_line(&cell.text) {
        diags.push(cell_error(file, line, cell, field, why));
        return false;
    }
    true
}

fn validate_sources(file: &str, raw: &[RawSource], diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    let mut seen = HashMap::default();
    let mut sources = Vec::new();
    for r in raw {
        if count_errors(diags, file) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let mut ok = check_id(file, r.line, &r.id, &mut seen, diags);
        ok &= check_text(file, r.line, &r.title, "title", true, diags);
        ok &= check_text(file, r.line, &r.publisher, "publisher", true, diags);
        ok &= check_text(file, r.line, &r.url, "url", false, diags);
        let published = check_date(file, r.line, &r.published, "published", diags);
        if let (true, Some(published)) = (ok, published) {
            sources.push(Source {
                id: r.id.text.clone(),
                title: r.title.text.clone(),
                publisher: r.publisher.text.clone(),
                published,
                url: Some(r.url.text.clone()).filter(|u| !u.is_empty()),
            });
        }
    }
    sources
}

fn validate_events(
    file: &str,
    raw: &[RawEvent],
    sites: &[Site],
    sources: &[Source],
    known: &Known,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let site_ids: HashMap<&str, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let source_ids: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let all_event_ids: HashMap<&str, &RawEvent> =
        raw.iter().map(|r| (r.id.text.as_str(), r)).collect();
    let mut seen = HashMap::default();
    let mut events: Vec<(Event, String)> = Vec::new();
    for r in raw {
        if count_errors(diags, file) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let line = r.line;
        let mut ok = check_id(file, line, &r.id, &mut seen, diags);
        let site = match site_ids.get(r.site.text.as_str()) {
            Some(i) => Some(*i),
            None if !r.site.text.is_empty() && !Known::is_unknown(&known.sites, &r.site.text) => {
                None
            }
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
                if let Some(m) = did_you_mean(&r.site.text, site_ids.keys().copied()) {
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
                let hint = match did_you_mean(&r.kind.text, names.iter().copied()) {
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
        let mut source_list = Vec::new();
        let ids: Vec<&str> = r
            .sources
            .text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if ids.is_empty() {
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
                None if !Known::is_unknown(&known.sources, id) => ok = false,
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
        let disputes = r.disputes.text.clone();
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
            } else if let Some(other) = all_event_ids.get(disputes.as_str()) {
                if other.site.text != r.site.text {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            Location::Line {
                                line,
                                column: Some(r.disputes.column),
                            },
                            format!(
                                "disputes an event of another site ({})",
                                show_value(&other.site.text)
                            ),
                        )
                        .field("disputes", disputes.clone()),
                    );
                }
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
                let valid_ids = all_event_ids
                    .keys()
                    .copied()
                    .filter(|id| *id != r.id.text && is_slug(id));
                if let Some(m) = did_you_mean(&disputes, valid_ids) {
                    d = d.hint(format!("did you mean '{m}'?"));
                }
                diags.push(d);
                ok = false;
            }
        }
        if let (true, Some(site), Some(date), Some(kind), Some(status)) =
            (ok, site, date, kind, status)
        {
            events.push((
                Event {
                    id: r.id.text.clone(),
                    site,
                    date,
                    kind,
                    status,
                    summary: r.summary.text.clone(),
                    sources: source_list,
                    disputes: None,
                    line,
                },
                disputes,
            ));
        }
    }
    events.sort_by_key(|e| (e.0.date, e.0.line));
    let index: HashMap<String, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.0.id.clone(), i))
        .collect();
    events
        .into_iter()
        .map(|(mut e, disputes)| {
            e.disputes = index.get(&disputes).copied();
            e
        })
        .collect()
}
