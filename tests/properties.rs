//! Property tests: partial dates, and the time rule on random small datasets.
//!
//! The datasets are written out as the three files (sites.geojson, events.csv, sources.csv)
//! and loaded through `Dataset::from_files`, so the properties hold for what a user can write,
//! not just for hand-built values.

use chronomap::model::{Dataset, DatasetFiles, Day, PartialDate, Precision, Status, days_in_month};
use chronomap::timeline::{Period, Timeline, status_periods};
use proptest::prelude::*;
use std::cmp::Ordering;

// ---------------------------------------------------------------------------------------------
// Partial dates

/// The text of a valid partial date at a random precision, in years `years`.
fn date_text_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = String> {
    (years, 1u8..=12, 1u8..=31, 0usize..3).prop_map(|(y, m, d, precision)| {
        let d = 1 + (d - 1) % days_in_month(y, m);
        match precision {
            0 => format!("{y:04}"),
            1 => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}-{m:02}-{d:02}"),
        }
    })
}

fn date_text() -> impl Strategy<Value = String> {
    date_text_in(1..=9999)
}

fn date() -> impl Strategy<Value = PartialDate> {
    date_text().prop_map(|t| t.parse().expect("generated dates are valid"))
}

fn day_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = Day> {
    (years, 1u8..=12, 1u8..=31).prop_map(|(y, m, d)| {
        Day::new(y, m, 1 + (d - 1) % days_in_month(y, m)).expect("generated days exist")
    })
}

fn day() -> impl Strategy<Value = Day> {
    day_in(0..=9999)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_valid_date_reads_back_as_written(text in date_text()) {
        let d: PartialDate = text.parse().unwrap();
        prop_assert_eq!(d.to_string(), text.clone());
        prop_assert_eq!(d.to_string().parse::<PartialDate>(), Ok(d));
    }

    #[test]
    fn precision_is_kept_never_invented(text in date_text()) {
        let d: PartialDate = text.parse().unwrap();
        let expected = match text.len() {
            4 => Precision::Year,
            7 => Precision::Month,
            _ => Precision::Day,
        };
        prop_assert_eq!(d.precision(), expected);
        let (first, last) = (d.first_day(), d.last_day());
        prop_assert!(first <= last);
        prop_assert_eq!(first.year(), d.year());
        prop_assert_eq!(last.year(), d.year());
        match d.precision() {
            // A year stands for all of it: neither 1 January nor any other single day.
            Precision::Year => {
                prop_assert_eq!((first.month(), first.day()), (1, 1));
                prop_assert_eq!((last.month(), last.day()), (12, 31));
            }
            Precision::Month => {
                prop_assert_eq!(first.month(), last.month());
                prop_assert_eq!(first.day(), 1);
                prop_assert_eq!(last.day(), days_in_month(d.year(), last.month()));
            }
            Precision::Day => prop_assert_eq!(first, last),
        }
    }

    #[test]
    fn on_or_before_means_the_whole_range_is_past(d in date(), on in day()) {
        prop_assert_eq!(d.is_on_or_before(on), d.last_day() <= on);
        // Right at the edge of the range.
        prop_assert!(d.is_on_or_before(d.last_day()));
        prop_assert!(!d.is_on_or_before(d.last_day().previous()));
    }

    #[test]
    fn ordering_is_by_first_day_then_last_day_and_agrees_with_equality(
        a in date(),
        b in date(),
        c in date(),
    ) {
        let key = |d: PartialDate| (d.first_day(), d.last_day());
        prop_assert_eq!(a.cmp(&b), key(a).cmp(&key(b)));
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
    }

    #[test]
    fn a_month_that_does_not_exist_is_rejected(y in 0i32..=9999, m in prop_oneof![Just(0u32), 13u32..=99], d in 1u32..=31, with_day: bool) {
        let text = if with_day { format!("{y:04}-{m:02}-{d:02}") } else { format!("{y:04}-{m:02}") };
        prop_assert!(text.parse::<PartialDate>().is_err(), "{} parsed", text);
    }

    #[test]
    fn a_day_that_does_not_exist_is_rejected(y in 0i32..=9999, m in 1u8..=12, extra in 1u32..=68) {
        let day = u32::from(days_in_month(y, m)) + extra;
        let text = format!("{y:04}-{m:02}-{day:02}");
        prop_assert!(text.parse::<PartialDate>().is_err(), "{} parsed", text);
        let zero = format!("{y:04}-{m:02}-00");
        prop_assert!(zero.parse::<PartialDate>().is_err(), "{} parsed", zero);
    }

    #[test]
    fn text_that_is_not_a_date_is_rejected_without_panicking(text in "\\PC{0,16}") {
        // Whatever the text, parsing returns; what parses is shown exactly as written.
        if let Ok(d) = text.parse::<PartialDate>() {
            prop_assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn words_and_other_shapes_never_parse(
        text in prop_oneof![
            "[A-Za-z ]{1,12}",
            "[0-9]{1,3}",
            "[0-9]{5,8}",
            "[0-9]{4}/[0-9]{2}",
            "[0-9]{4}-[0-9]",
            "[0-9]{4}-[0-9]{2}-[0-9]",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{1,2}",
            " [0-9]{4}",
            "[0-9]{4} ",
            "[+-][0-9]{3,4}",
            "[A-Za-z]{3} [0-9]{4}",
        ],
    ) {
        prop_assert!(text.parse::<PartialDate>().is_err(), "{:?} parsed", text);
    }

    #[test]
    fn each_day_comes_after_the_one_before(d in day()) {
        let p = d.previous();
        prop_assert!(p < d);
        prop_assert_eq!(Day::new(p.year(), p.month(), p.day()), Some(p));
        // Nothing lies between the two: the next day after `p` is `d`.
        let next_is_d = if d.day() > 1 {
            p.year() == d.year() && p.month() == d.month() && p.day() + 1 == d.day()
        } else {
            p.day() == days_in_month(p.year(), p.month())
                && (d.month(), d.year()) == if p.month() == 12 { (1, p.year() + 1) } else { (p.month() + 1, p.year()) }
        };
        prop_assert!(next_is_d, "{} is not the day before {}", p, d);
    }
}

// ---------------------------------------------------------------------------------------------
// Random small datasets

const STATUSES: [&str; 5] = ["", "active", "proposed", "declined", "closed"];
const KINDS: [&str; 5] = ["opened", "closed", "statement", "agreement", "other"];

/// One row of events.csv before it is written out.
#[derive(Debug, Clone)]
struct EventSpec {
    id: String,
    site: usize,
    date: String,
    kind: usize,
    status: usize,
    sources: Vec<usize>,
    /// The id of another event, when this one disputes it.
    disputes: Option<String>,
}

impl EventSpec {
    fn first_day(&self) -> Day {
        self.date.parse::<PartialDate>().unwrap().first_day()
    }
}

#[derive(Debug, Clone)]
struct DataSpec {
    sites: usize,
    sources: usize,
    events: Vec<EventSpec>,
}

/// The years events fall in: few, so that dates collide, nest and overlap often.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2004;

fn event_spec(sites: usize, sources: usize) -> impl Strategy<Value = EventSpec> {
    (
        0..sites,
        date_text_in(YEARS),
        0..KINDS.len(),
        0..STATUSES.len(),
        prop::collection::btree_set(0..sources, 1..=sources.min(2)),
    )
        .prop_map(|(site, date, kind, status, sources)| EventSpec {
            id: String::new(),
            site,
            date,
            kind,
            status,
            sources: sources.into_iter().collect(),
            disputes: None,
        })
}

fn events_spec(
    sites: usize,
    sources: usize,
    max: usize,
    prefix: &'static str,
) -> impl Strategy<Value = Vec<EventSpec>> {
    prop::collection::vec(
        (
            event_spec(sites, sources),
            prop::option::weighted(0.15, 0..max),
        ),
        0..=max,
    )
    .prop_map(move |rows| {
        let n = rows.len();
        rows.into_iter()
            .enumerate()
            .map(|(i, (mut e, other))| {
                e.id = format!("{prefix}-{i}");
                e.disputes = other
                    .map(|o| o % n.max(1))
                    .filter(|&o| o != i)
                    .map(|o| format!("{prefix}-{o}"));
                e
            })
            .collect()
    })
}

fn data_spec() -> impl Strategy<Value = DataSpec> {
    (1usize..=4, 1usize..=3)
        .prop_flat_map(|(sites, sources)| {
            (
                Just(sites),
                Just(sources),
                events_spec(sites, sources, 12, "e"),
            )
        })
        .prop_map(|(sites, sources, events)| DataSpec {
            sites,
            sources,
            events,
        })
}

impl DataSpec {
    fn files(&self) -> (String, String, String) {
        let features: Vec<String> = (0..self.sites)
            .map(|i| {
                format!(
                    r#"{{"type":"Feature","id":"site-{i}","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},"properties":{{"name":"Site {i}","alt_names":[],"country":"KGZ","operator":"Russia","kind":"air base","precision":"site"}}}}"#,
                    lon = 70.0 + i as f64,
                    lat = 40.0 + i as f64 / 2.0
                )
            })
            .collect();
        let sites = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",\n")
        );
        let mut events = String::from("id,site,date,kind,status,summary,sources,disputes\n");
        for e in &self.events {
            let sources: Vec<String> = e.sources.iter().map(|s| format!("src-{s}")).collect();
            events.push_str(&format!(
                "{},site-{},{},{},{},Event {},{},{}\n",
                e.id,
                e.site,
                e.date,
                KINDS[e.kind],
                STATUSES[e.status],
                e.id,
                sources.join(";"),
                e.disputes.as_deref().unwrap_or("")
            ));
        }
        let mut sources = String::from("id,title,publisher,published,url\n");
        for s in 0..self.sources {
            sources.push_str(&format!("src-{s},Title {s},Publisher,2020,\n"));
        }
        (sites, events, sources)
    }

    fn load(&self) -> Dataset {
        let (sites, events, sources) = self.files();
        let files = DatasetFiles {
            sites: ("sites.geojson", Ok(sites.as_bytes())),
            events: ("events.csv", Ok(events.as_bytes())),
            sources: ("sources.csv", Ok(sources.as_bytes())),
        };
        match Dataset::from_files(files) {
            Ok(loaded) => loaded.dataset,
            Err(diags) => {
                let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
                panic!(
                    "a generated dataset did not load:\n{}\n--- events.csv\n{events}",
                    text.join("\n")
                )
            }
        }
    }

    /// The same data without the events that begin after `day` (and references to them).
    fn without_events_after(&self, day: Day) -> DataSpec {
        let kept: Vec<EventSpec> = self
            .events
            .iter()
            .filter(|e| e.first_day() <= day)
            .cloned()
            .collect();
        let ids: Vec<String> = kept.iter().map(|e| e.id.clone()).collect();
        let events = kept
            .into_iter()
            .map(|mut e| {
                e.disputes = e.disputes.filter(|d| ids.contains(d));
                e
            })
            .collect();
        DataSpec {
            events,
            ..self.clone()
        }
    }

    /// The same data with the status of each event that begins after `day` changed.
    fn with_later_statuses_changed(&self, day: Day, shift: usize) -> DataSpec {
        let events = self
            .events
            .iter()
            .map(|e| {
                let mut e = e.clone();
                if e.first_day() > day {
                    e.status = (e.status + shift) % STATUSES.len();
                }
                e
            })
            .collect();
        DataSpec {
            events,
            ..self.clone()
        }
    }

    /// The same data plus those of `extra` that begin after `day`.
    fn with_later_events_added(&self, day: Day, extra: &[EventSpec]) -> DataSpec {
        let added: Vec<EventSpec> = extra
            .iter()
            .filter(|e| e.first_day() > day)
            .cloned()
            .collect();
        let ids: Vec<String> = added.iter().map(|e| e.id.clone()).collect();
        let mut events = self.events.clone();
        events.extend(added.into_iter().map(|mut e| {
            e.disputes = e.disputes.filter(|d| ids.contains(d));
            e
        }));
        DataSpec {
            events,
            ..self.clone()
        }
    }
}

/// Each site's status on `day`, with the id of the event that set it.
fn statuses_on(data: &Dataset, day: Day) -> Vec<(Status, Option<String>)> {
    Timeline::new(data)
        .state_at(day)
        .into_iter()
        .map(|s| (s.status, s.set_by.map(|i| data.events[i].id.to_string())))
        .collect()
}

/// Days worth probing: around each event's range, plus the far past and future.
fn probe_days(data: &Dataset, extra: Day) -> Vec<Day> {
    let mut days = vec![Day::new(1999, 1, 1).unwrap(), Day::end_of_year(2099), extra];
    for e in &data.events {
        let (first, last) = (e.date.first_day(), e.date.last_day());
        days.extend([first.previous(), first, last.previous(), last]);
    }
    days
}

fn covering(periods: &[Period], site: usize, day: Day) -> Vec<&Period> {
    periods
        .iter()
        .filter(|p| {
            p.site == site && p.from.is_none_or(|f| f <= day) && p.until.is_none_or(|u| day <= u)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_state_on_a_day_ignores_every_later_event(
        (spec, extra) in data_spec().prop_flat_map(|s| {
            let extra = events_spec(s.sites, s.sources, 6, "x");
            (Just(s), extra)
        }),
        on in day_in(1999..=2005),
        shift in 1usize..STATUSES.len(),
    ) {
        let before = statuses_on(&spec.load(), on);
        let variants = [
            ("later events removed", spec.without_events_after(on)),
            ("later statuses changed", spec.with_later_statuses_changed(on, shift)),
            ("later events added", spec.with_later_events_added(on, &extra)),
        ];
        for (what, variant) in variants {
            let after = statuses_on(&variant.load(), on);
            prop_assert_eq!(&after, &before, "{} changed the state on {}", what, on);
        }
    }

    #[test]
    fn status_periods_cover_all_time_without_gaps_or_overlaps(spec in data_spec()) {
        let data = spec.load();
        let periods = status_periods(&Timeline::new(&data));
        for site in 0..data.sites.len() {
            let mine: Vec<&Period> = periods.iter().filter(|p| p.site == site).collect();
            prop_assert!(!mine.is_empty());
            prop_assert_eq!(mine[0].from, None, "the first period must have no start");
            prop_assert_eq!(mine[0].status, Status::Unknown);
            prop_assert_eq!(mine[mine.len() - 1].until, None, "the last period must be open");
            for p in &mine {
                if let (Some(f), Some(u)) = (p.from, p.until) {
                    prop_assert!(f <= u, "an empty period {:?}", p);
                }
            }
            for pair in mine.windows(2) {
                let (prev, next) = (pair[0], pair[1]);
                let (Some(until), Some(from)) = (prev.until, next.from) else {
                    return Err(TestCaseError::fail(format!("an open end between periods: {prev:?} {next:?}")));
                };
                // next.from is the day after prev.until.
                prop_assert!(until < from);
                prop_assert_eq!(from.previous(), until);
                prop_assert_ne!(prev.status, next.status);
            }
        }
    }

    #[test]
    fn the_state_on_any_day_is_the_status_of_the_period_that_covers_it(
        spec in data_spec(),
        on in day_in(1999..=2005),
    ) {
        let data = spec.load();
        let timeline = Timeline::new(&data);
        let periods = status_periods(&timeline);
        for day in probe_days(&data, on) {
            let states = timeline.state_at(day);
            for (site, state) in states.iter().enumerate() {
                let cover = covering(&periods, site, day);
                prop_assert_eq!(cover.len(), 1, "{} periods cover {} for site {}", cover.len(), day, site);
                prop_assert_eq!(state.status, cover[0].status, "on {} for site {}", day, site);
                prop_assert_eq!(state, &timeline.site_state_at(site, day));
            }
        }
    }
}
