//! Validating the features of `sites.geojson` into sites: the id, each property, the
//! translated names, the country code, the precision and the other names.

use super::checks::{ErrorCount, check_one_line, slugify, trimmed};
use super::ids::{HashMap, map_with_capacity};
use super::{PositionPrecision, Site, is_slug};
use crate::diagnostic::{Diagnostic, Location};
use crate::input::{AltNames, MAX_ERRORS_PER_FILE, Property, RawProperties, RawSite};

/// The valid sites of `raw`, in file order; every problem goes to `diags`. The properties
/// are moved out of `raw`; the ids stay, for the lookups that follow.
pub(super) fn validate_sites(
    file: &str,
    raw: &mut [RawSite],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Site> {
    let mut sites: Vec<Site> = Vec::with_capacity(raw.len());
    let mut seen: HashMap<&str, usize> = map_with_capacity(raw.len());
    let mut count = ErrorCount::new(file);
    for r in raw.iter_mut() {
        if count.get(diags) >= MAX_ERRORS_PER_FILE {
            break;
        }
        let RawSite {
            index,
            id: raw_id,
            position,
            properties,
        } = r;
        let feature = Feature {
            file,
            index: *index,
            id: raw_id,
        };
        let before = count.get(diags);
        let Some(position) = *position else {
            continue;
        };
        let id = check_site_id(&feature, &mut seen, diags);
        let site = site_from_properties(&feature, id, properties, position, diags);
        if count.get(diags) == before {
            sites.push(site);
        }
    }
    sites
}

/// The feature being checked: where its problems are reported.
struct Feature<'f> {
    file: &'f str,
    index: usize,
    id: &'f Option<String>,
}

impl Feature<'_> {
    /// The feature's location, for a diagnostic.
    fn here(&self) -> Location {
        Location::Feature {
            index: self.index,
            id: self.id.clone(),
        }
    }

    /// An error about this feature.
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, self.here(), message)
    }
}

/// The feature's id, empty when it is missing or not a slug; an id used before is reported
/// and kept (the first feature with it is named in `seen`).
fn check_site_id<'a>(
    f: &Feature<'a>,
    seen: &mut HashMap<&'a str, usize>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match f.id {
        None => {
            diags.push(
                f.error("has no id")
                    .hint("add \"id\": \"a-slug\" to the feature"),
            );
            String::new()
        }
        Some(id) if !is_slug(id) => {
            diags.push(
                f.error("is not a valid id: ids use only a-z, 0-9 and '-'")
                    .field("id", id.clone())
                    .hint(format!("for example \"{}\"", slugify(id))),
            );
            String::new()
        }
        Some(id) => {
            if let Some(first) = seen.get(id.as_str()) {
                diags.push(
                    f.error(format!("is used twice (first by feature {first})"))
                        .field("id", id.clone())
                        .hint("every site needs its own id"),
                );
            }
            seen.entry(id.as_str()).or_insert(f.index);
            id.clone()
        }
    }
}

/// The site the feature's properties describe, at `(lon, lat)`; each property's problem
/// is reported (the caller keeps the site only when there is none).
fn site_from_properties(
    f: &Feature<'_>,
    id: String,
    props: &mut RawProperties,
    (lon, lat): (f64, f64),
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let name = text(f, "name", &mut props.name, true, diags);
    let country = text(f, "country", &mut props.country, true, diags);
    let operator = text(f, "operator", &mut props.operator, true, diags);
    let kind = text(f, "kind", &mut props.kind, true, diags);
    let precision_text = text(f, "precision", &mut props.precision, true, diags);
    let position_source = text(
        f,
        "position_source",
        &mut props.position_source,
        false,
        diags,
    );
    let names = translated_names(f, std::mem::take(&mut props.names), diags);
    check_country(f, &country, diags);
    let precision = check_precision(f, &precision_text, diags);
    let alt_names = alt_names(f, std::mem::take(&mut props.alt_names), diags);
    Site {
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
    }
}

/// A string property, trimmed: present when `required`, one line. Reports what is wrong
/// and gives what there is (empty when there is no string).
fn text(
    f: &Feature<'_>,
    key: &str,
    value: &mut Property,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match std::mem::take(value) {
        Property::Text(s) => {
            let s = trimmed(s);
            if let Err(why) = check_one_line(&s) {
                diags.push(f.error(why.to_string()).in_field(key));
            } else if s.is_empty() && required {
                diags.push(f.error("is empty").in_field(key));
            }
            s
        }
        Property::Missing if !required => String::new(),
        Property::Missing => {
            diags.push(f.error(format!("property \"{key}\" is missing")));
            String::new()
        }
        Property::Other(kind) => {
            diags.push(
                f.error(format!("must be a string, not {kind}"))
                    .in_field(key),
            );
            String::new()
        }
    }
}

/// The `name_CODE` properties that are given, in the order of the languages the maps know
/// (whatever the order in the file, so that a dataset read back from a GeoPackage is the
/// same dataset).
fn translated_names(
    f: &Feature<'_>,
    raw: Vec<(&'static str, Property)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for (code, mut value) in raw {
        let n = text(f, &format!("name_{code}"), &mut value, false, diags);
        if !n.is_empty() {
            names.push((code.to_string(), n));
        }
    }
    names.sort_by_key(|(code, _)| crate::lang::LANG_CODES.iter().position(|c| c == code));
    names
}

/// A country, when given, is an ISO 3166-1 alpha-3 code.
fn check_country(f: &Feature<'_>, country: &str, diags: &mut Vec<Diagnostic>) {
    let is_alpha3 = country.len() == 3 && country.bytes().all(|b| b.is_ascii_uppercase());
    if !country.is_empty() && !is_alpha3 {
        diags.push(
            f.error("is not an ISO 3166-1 alpha-3 country code")
                .field("country", country)
                .hint("use three capital letters, such as KGZ or UZB"),
        );
    }
}

/// The position's precision, when it is given and known.
fn check_precision(
    f: &Feature<'_>,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<PositionPrecision> {
    let precision = PositionPrecision::parse(text);
    if precision.is_none() && !text.is_empty() {
        diags.push(
            f.error("is not a known precision")
                .field("precision", text)
                .hint("use site, town or village"),
        );
    }
    precision
}

/// The other names, trimmed: an array of one-line strings.
fn alt_names(f: &Feature<'_>, raw: AltNames, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    match raw {
        AltNames::Missing => Vec::new(),
        AltNames::List {
            names,
            only_strings,
        } => {
            let names: Vec<String> = names.into_iter().map(trimmed).collect();
            if !only_strings || names.iter().any(|n| check_one_line(n).is_err()) {
                diags.push(
                    f.error("must be an array of one-line strings")
                        .in_field("alt_names"),
                );
            }
            names
        }
        AltNames::Other => {
            diags.push(
                f.error("must be an array of strings")
                    .in_field("alt_names")
                    .hint("for example [\"Chaldovar\", \"Чалдовар\"]"),
            );
            Vec::new()
        }
    }
}
