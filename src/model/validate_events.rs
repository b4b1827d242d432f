//! Validating the rows of `events.csv` into events: each cell checked, each reference to a
//! site, a source or a disputed event resolved, then the events put in chronological order.

use super::checks::{ErrorCount, Rejected, cell_error, check_date, check_id, check_text};
use super::event_order::Places;
use super::event_refs::{BATCH, Found, Ids, cited};
use super::id_table::IdTable;
use super::ids::{IdIndex, Known};
use super::{Event, EventKind, PartialDate, Site, Source, Status, is_slug};
use crate::diagnostic::{Diagnostic, Location, did_you_mean, show_value};
use crate::input::{MAX_ERRORS_PER_FILE, RawEvent, RawEvents};

/// The valid events of `raw` in chronological order; every problem goes to `diags`.
/// `sites` and `sources` are the valid ones; `known` tells a reference to an invalid record
/// (already reported) from one to no record at all.
///
/// The dates are read first, so that each event's place in chronological order is known
/// before its row is checked: each event is then put straight into its place, and the large
/// list of events is never reordered.
pub(super) fn validate_events(
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
    let event_ids = IdIndex::new(&raw);
    let check = EventCheck {
        file,
        site_ids: IdTable::new(sites.iter().map(|s| s.id.as_str())),
        source_ids: IdTable::new(sources.iter().map(|s| s.id.as_str())),
        known,
        event_ids: &event_ids,
        raw: &raw,
    };
    let dates: Vec<Option<PartialDate>> = (0..raw.len())
        .map(|row| raw.date(row).and_then(|d| d.parse().ok()))
        .collect();
    let mut places = Places::new(&dates);
    let mut count = ErrorCount::new(file);
    let mut found = Found::default();
    let mut ids = Ids::default();
    'rows: for first in (0..raw.len()).step_by(BATCH) {
        let rows = first..(first + BATCH).min(raw.len());
        found.look_up(
            &raw,
            rows.clone(),
            &mut ids,
            &check.site_ids,
            &check.source_ids,
        );
        for row in rows {
            if count.get(diags) >= MAX_ERRORS_PER_FILE {
                break 'rows;
            }
            let Some(r) = raw.get(row) else {
                break 'rows;
            };
            if let Ok(event) = check.event(row, &r, dates[row], &found, diags) {
                places.put(row, event);
            }
        }
    }
    places.into_events()
}

/// What checking an events row needs to resolve its references.
struct EventCheck<'c, 'k> {
    file: &'c str,
    site_ids: IdTable<'c>,
    source_ids: IdTable<'c>,
    known: &'c Known<'k>,
    event_ids: &'c IdIndex,
    raw: &'c RawEvents<'c>,
}

impl EventCheck<'_, '_> {
    /// Row `row` as an event, with its dispute as the disputed event's first row. Every
    /// cell is checked, so that one run reports every problem of the row.
    fn event(
        &self,
        row: usize,
        r: &RawEvent<'_>,
        date: Option<PartialDate>,
        found: &Found,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Event, Rejected> {
        let (file, line) = (self.file, r.line);
        let first = Some(self.event_ids.first_row(row))
            .filter(|first| *first < row)
            .and_then(|first| self.raw.line(first));
        let id_ok = check_id(file, line, &r.id, first, diags);
        let site = self.site(r, found.site(row), diags);
        // A date that does not read is read again, for the message.
        let date = date
            .or_else(|| check_date(file, line, &r.date, "date", diags))
            .ok_or(Rejected);
        let kind = self.kind(r, diags);
        let status = self.status(r, diags);
        let summary_ok = check_text(file, line, &r.summary, "summary", true, diags);
        let sources = self.sources(r, found.sources(row), diags);
        let disputes = self.disputes(r, diags);
        if !(id_ok && summary_ok) {
            return Err(Rejected);
        }
        Ok(Event {
            id: r.id.text.into(),
            site: site?,
            date: date?,
            kind: kind?,
            status: status?,
            summary: r.summary.text.into(),
            sources: sources?,
            // For now the first row of the disputed event's id; an index once in place.
            disputes: disputes?,
            line,
        })
    }

    /// The index of the row's site. A site whose record is invalid is not reported again.
    /// `found` is its index when the site is valid.
    fn site(
        &self,
        r: &RawEvent<'_>,
        found: Option<usize>,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<usize, Rejected> {
        let text = r.site.text;
        if let Some(i) = found {
            return Ok(i);
        }
        if !text.is_empty() && !self.known.is_unknown_site(text) {
            return Err(Rejected);
        }
        let why = if text.is_empty() {
            "is empty: every event belongs to a site"
        } else {
            "is not the id of any site in sites.geojson"
        };
        let mut d = cell_error(self.file, r.line, &r.site, "site", why);
        if let Some(m) = did_you_mean(text, self.site_ids.keys()) {
            d = d.hint(format!("did you mean '{m}'?"));
        }
        diags.push(d);
        Err(Rejected)
    }

    /// The row's event kind.
    fn kind(&self, r: &RawEvent<'_>, diags: &mut Vec<Diagnostic>) -> Result<EventKind, Rejected> {
        r.kind.text.parse::<EventKind>().map_err(|()| {
            let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
            let hint = match did_you_mean(r.kind.text, names.iter().copied()) {
                Some(m) => format!("did you mean '{m}'? The kinds are: {}", names.join(", ")),
                None => format!("the kinds are: {}", names.join(", ")),
            };
            diags.push(
                cell_error(
                    self.file,
                    r.line,
                    &r.kind,
                    "kind",
                    "is not a known event kind",
                )
                .hint(hint),
            );
            Rejected
        })
    }

    /// The status the event sets: `None` for an empty cell, which leaves the site's status
    /// as it was.
    fn status(
        &self,
        r: &RawEvent<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<Status>, Rejected> {
        if r.status.text.is_empty() {
            return Ok(None);
        }
        r.status.text.parse::<Status>().map(Some).map_err(|()| {
            let names: Vec<&str> = Status::SETTABLE.iter().map(|k| k.as_str()).collect();
            diags.push(
                cell_error(
                    self.file,
                    r.line,
                    &r.status,
                    "status",
                    "is not a known status",
                )
                .hint(format!(
                    "use one of {}, or leave it empty when the event does not change the status",
                    names.join(", ")
                )),
            );
            Rejected
        })
    }

    /// The indexes of the sources the row cites, each once; at least one. `found` has the
    /// index of each id it cites (in [`cited`] order) when the id names a valid source.
    fn sources(
        &self,
        r: &RawEvent<'_>,
        found: &[Option<u32>],
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Box<[usize]>, Rejected> {
        let mut list = Vec::with_capacity(found.len());
        let mut ok = true;
        if found.is_empty() {
            diags.push(
                cell_error(
                    self.file,
                    r.line,
                    &r.sources,
                    "sources",
                    "is empty: every event must cite at least one source",
                )
                .hint("give source ids from sources.csv, separated by ';'"),
            );
            ok = false;
        }
        // The ids themselves are needed only for what names no valid source.
        for (k, found) in found.iter().enumerate() {
            match found.map(|i| i as usize) {
                Some(i) if !list.contains(&i) => list.push(i),
                Some(_) => {}
                None => {
                    let id = cited(r.sources.text).nth(k).unwrap_or_default();
                    if self.known.is_unknown_source(id) {
                        diags.push(self.unknown_source(r, id));
                    }
                    ok = false;
                }
            }
        }
        if ok {
            Ok(list.into_boxed_slice())
        } else {
            Err(Rejected)
        }
    }

    /// The error for a cited source id that names no source.
    fn unknown_source(&self, r: &RawEvent<'_>, id: &str) -> Diagnostic {
        let column = Some(r.sources.column).filter(|c| *c > 0);
        let mut d = Diagnostic::error(
            self.file,
            Location::Line {
                line: r.line,
                column,
            },
            "is not the id of any source in sources.csv",
        )
        .field("sources", id);
        if let Some(m) = did_you_mean(id, self.source_ids.keys()) {
            d = d.hint(format!("did you mean '{m}'?"));
        }
        d
    }

    /// The first row of the event the row disputes, if it names one: its event, if valid,
    /// is the one with that id. A dispute of another site's event is kept, with a warning.
    fn disputes(
        &self,
        r: &RawEvent<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<usize>, Rejected> {
        let disputes = r.disputes.text;
        if disputes.is_empty() {
            return Ok(None);
        }
        if disputes == r.id.text {
            diags.push(
                cell_error(
                    self.file,
                    r.line,
                    &r.disputes,
                    "disputes",
                    "names the event itself",
                )
                .hint("give the id of the other event"),
            );
            return Err(Rejected);
        }
        let Some(first) = self.event_ids.find(disputes, self.raw) else {
            diags.push(self.unknown_dispute(r));
            return Err(Rejected);
        };
        let other_site = self
            .raw
            .site(self.event_ids.last_row(first))
            .unwrap_or_default();
        if other_site != r.site.text {
            diags.push(
                Diagnostic::warning(
                    self.file,
                    Location::Line {
                        line: r.line,
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
        Ok(Some(first))
    }

    /// The error for a `disputes` cell that names no event of the file.
    fn unknown_dispute(&self, r: &RawEvent<'_>) -> Diagnostic {
        let mut d = cell_error(
            self.file,
            r.line,
            &r.disputes,
            "disputes",
            "is not the id of any event in this file",
        );
        // Suggest only ids that can be right: not the event itself, and not an id that is
        // invalid (it may hold invisible characters, which the hint would print).
        let valid_ids = self
            .event_ids
            .keys(self.raw)
            .filter(|id| *id != r.id.text && is_slug(id));
        if let Some(m) = did_you_mean(r.disputes.text, valid_ids) {
            d = d.hint(format!("did you mean '{m}'?"));
        }
        d
    }
}
