//! A map in words: the plain-language description every output carries (SVG `<desc>`, PNG
//! `iTXt` "Description", PDF document subject, the viewer's alt text), for readers who do
//! not see the picture and for the editor who pastes alt text.
//!
//! It is generated from the same snapshot the map is drawn from: how many sites are in each
//! status and who runs them, what changed in the year, and which dates the sources give
//! differently.

use super::news::changes_in_words;
use crate::model::{Dataset, PartialDate, Status};
use crate::theme::Theme;
use crate::timeline::YearSnapshot;

/// The description of the map of `snapshot`, starting with the map's title and subtitle.
///
/// ```
/// use chronomap::layout::describe::describe;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let snap = Timeline::new(&data).year_snapshot(2014);
/// let text = describe(&data, &snap, "Sites", "Status at end of 2014");
/// assert!(text.contains("Changed in 2014: Manas closed."), "{text}");
/// ```
pub fn describe(dataset: &Dataset, snapshot: &YearSnapshot, title: &str, subtitle: &str) -> String {
    let mut out = Vec::new();
    let head = [title.trim(), subtitle.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    if !head.is_empty() {
        out.push(sentence(&head));
    }
    out.push(format!("The map shows {}.", statuses(dataset, snapshot)));
    if let Some(s) = operators(dataset, snapshot) {
        out.push(s);
    }
    out.push(match changes_in_words(dataset, snapshot) {
        Some(words) => format!("Changed in {}: {words}.", snapshot.year),
        None => format!("No site changed status in {}.", snapshot.year),
    });
    out.extend(disputes(dataset, snapshot));
    out.join(" ")
}

/// The description of a sheet of small maps, one per snapshot: the title and subtitle, the
/// counts on the last map, and what changed in each year that saw a change.
///
/// ```
/// use chronomap::layout::describe::describe_years;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let t = Timeline::new(&data);
/// let snaps: Vec<_> = (2013..=2015).map(|y| t.year_snapshot(y)).collect();
/// let text = describe_years(&data, &snaps, "Sites", "2013–2015");
/// assert!(text.contains("2014: Manas closed."), "{text}");
/// ```
pub fn describe_years(
    dataset: &Dataset,
    snapshots: &[YearSnapshot],
    title: &str,
    subtitle: &str,
) -> String {
    let mut out = Vec::new();
    let head = [title.trim(), subtitle.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    if !head.is_empty() {
        out.push(sentence(&head));
    }
    let Some(last) = snapshots.last() else {
        return out.join(" ");
    };
    out.push(format!("One map per year, {} maps.", snapshots.len()));
    let changes: Vec<String> = snapshots
        .iter()
        .filter_map(|s| changes_in_words(dataset, s).map(|w| format!("{}: {w}.", s.year)))
        .collect();
    if changes.is_empty() {
        out.push("No site changed status in these years.".into());
    } else {
        out.push(format!("Changes: {}", changes.join(" ")));
    }
    out.push(format!(
        "The map of {} shows {}.",
        last.year,
        statuses(dataset, last)
    ));
    out.join(" ")
}

/// Ends `s` with a full stop unless it already ends a sentence.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// "a", "a and b", "a, b and c".
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn sites_word(n: usize) -> &'static str {
    if n == 1 { "site" } else { "sites" }
}

/// "8 sites: 5 active (Kant, …), 2 closed (Manas, K-2), 1 proposed (Osh)." Statuses in
/// legend order, then the sites whose status is not known yet.
fn statuses(dataset: &Dataset, snapshot: &YearSnapshot) -> String {
    let mut parts = Vec::new();
    for status in Status::SETTABLE.into_iter().chain([Status::Unknown]) {
        let names: Vec<&str> = snapshot
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status == status)
            .map(|(i, _)| dataset.sites[i].name.as_str())
            .collect();
        if names.is_empty() {
            continue;
        }
        let what = match status {
            Status::Unknown => "not yet known".to_string(),
            s => s.as_str().to_string(),
        };
        parts.push(format!("{} {what} ({})", names.len(), list(&names)));
    }
    let n = snapshot.states.len();
    if parts.is_empty() {
        return format!("{n} {}", sites_word(n));
    }
    format!("{n} {}: {}", sites_word(n), parts.join(", "))
}

/// "By operator: Russia 6 sites (5 active, 1 proposed), United States 2 sites (2 closed)."
/// Operators in order of first appearance; `None` for a dataset without sites.
fn operators(dataset: &Dataset, snapshot: &YearSnapshot) -> Option<String> {
    let mut groups: Vec<(&str, Vec<Status>)> = Vec::new();
    for (i, site) in dataset.sites.iter().enumerate() {
        let status = snapshot.states[i].status;
        match groups.iter_mut().find(|(op, _)| *op == site.operator) {
            Some((_, s)) => s.push(status),
            None => groups.push((site.operator.as_str(), vec![status])),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(op, statuses)| {
            let counts: Vec<String> = Status::SETTABLE
                .into_iter()
                .chain([Status::Unknown])
                .filter_map(|st| {
                    let k = statuses.iter().filter(|&&s| s == st).count();
                    let what = if st == Status::Unknown {
                        "not yet known"
                    } else {
                        st.as_str()
                    };
                    (k > 0).then(|| format!("{k} {what}"))
                })
                .collect();
            let op = if op.trim().is_empty() {
                "operator not given"
            } else {
                op
            };
            format!(
                "{op} {} {} ({})",
                statuses.len(),
                sites_word(statuses.len()),
                counts.join(", ")
            )
        })
        .collect();
    Some(format!("By operator: {}.", parts.join("; ")))
}

/// What a disputed pair says: the event kind and its two dates, earlier first.
type DisputeKey = (&'static str, PartialDate, PartialDate);

/// One sentence per disputed pair of dates that bears on the map: the pair's earlier event
/// lies in the map's year or its site's status on the map's day depends on which source is
/// right. Pairs that say the same thing of several sites are one sentence.
fn disputes(dataset: &Dataset, snapshot: &YearSnapshot) -> Vec<String> {
    // (kind, the two dates, earlier first) → sites.
    let mut groups: Vec<(DisputeKey, Vec<&str>)> = Vec::new();
    for (ei, e) in dataset.events.iter().enumerate() {
        let Some(o) = e.disputes else { continue };
        let other = &dataset.events[o];
        let (a, b) = (e.date, other.date);
        // Each pair once: from its earlier date (ties: the first listed).
        if (a.first_day(), a.last_day()) > (b.first_day(), b.last_day()) {
            continue;
        }
        if (a.first_day(), a.last_day()) == (b.first_day(), b.last_day()) && ei > o {
            continue;
        }
        let in_year = a.year() == snapshot.year || b.year() == snapshot.year;
        if !(in_year || snapshot.states[e.site].disputed) {
            continue;
        }
        let key = (e.kind.as_str(), a, b);
        let name = dataset.sites[e.site].name.as_str();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => groups.push((key, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|((kind, a, b), names)| {
            format!(
                "The sources disagree on the date of the {kind} of {}: {a} or {b}.",
                list(&names)
            )
        })
        .collect()
}

/// The description in the map's first language (see [`crate::lang`]): site names from
/// `name_CODE`, statuses and sentences from the catalogue. An English map gets exactly
/// [`describe`].
///
/// ```
/// use chronomap::layout::describe::describe_in;
/// use chronomap::lang::Languages;
/// use chronomap::theme::Theme;
/// use chronomap::timeline::Timeline;
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let snap = Timeline::new(&data).year_snapshot(2014);
/// let ru = Theme::default().with_languages(Languages::parse("ru").unwrap());
/// let text = describe_in(&data, &snap, "Карта", "Статус на конец 2014 года", &ru);
/// assert!(text.contains("Изменения в 2014 году: Манас — закрыта."), "{text}");
/// ```
pub fn describe_in(
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    title: &str,
    subtitle: &str,
    th: &Theme,
) -> String {
    if th.langs.first == crate::lang::Lang::En {
        return describe(dataset, snapshot, title, subtitle);
    }
    let w = &th.words;
    let one = crate::lang::Languages {
        first: th.langs.first,
        second: None,
    };
    let name = |i: usize| one.name(&dataset.sites[i].name, &dataset.sites[i].names);
    let status_word = |s: Status| s.word(w).to_lowercase();
    let join = |names: &[String]| match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), w.and),
    };
    let mut out = Vec::new();
    let head = [title.trim(), subtitle.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    if !head.is_empty() {
        out.push(sentence(&head));
    }
    let order = Status::SETTABLE.into_iter().chain([Status::Unknown]);
    let mut parts = Vec::new();
    for status in order.clone() {
        let names: Vec<String> = (0..snapshot.states.len())
            .filter(|&i| snapshot.states[i].status == status)
            .map(name)
            .collect();
        if !names.is_empty() {
            parts.push(format!(
                "{} — {} ({})",
                status_word(status),
                names.len(),
                join(&names)
            ));
        }
    }
    let n = snapshot.states.len();
    out.push(
        w.map_shows
            .replace("{n}", &n.to_string())
            .replace("{sites}", w.sites_word(n))
            .replace("{parts}", &parts.join(", ")),
    );
    let mut groups: Vec<(String, Vec<Status>)> = Vec::new();
    for (i, site) in dataset.sites.iter().enumerate() {
        let label = th.operator(&site.operator).1.to_string();
        let label = if th.names_operator(&site.operator) {
            label
        } else {
            site.operator.trim().to_string()
        };
        let status = snapshot.states[i].status;
        match groups.iter_mut().find(|(op, _)| *op == label) {
            Some((_, s)) => s.push(status),
            None => groups.push((label, vec![status])),
        }
    }
    if !groups.is_empty() {
        let ops: Vec<String> = groups
            .iter()
            .map(|(op, list)| {
                let counts: Vec<String> = order
                    .clone()
                    .filter_map(|st| {
                        let k = list.iter().filter(|&&s| s == st).count();
                        (k > 0).then(|| format!("{} — {k}", status_word(st)))
                    })
                    .collect();
                format!("{op} — {} ({})", list.len(), counts.join(", "))
            })
            .collect();
        out.push(w.by_operator.replace("{parts}", &ops.join("; ")));
    }
    let year = snapshot.year.to_string();
    out.push(
        match super::news::changes_in_words_in(dataset, snapshot, th) {
            Some(words) => w
                .changed_in
                .replace("{year}", &year)
                .replace("{changes}", &words),
            None => w.no_change.replace("{year}", &year),
        },
    );
    for text in disputes_in(dataset, snapshot, th, &join) {
        out.push(text);
    }
    out.join(" ")
}

/// The disputed pairs of [`disputes`], in the catalogue's words.
fn disputes_in(
    dataset: &Dataset,
    snapshot: &YearSnapshot,
    th: &Theme,
    join: &dyn Fn(&[String]) -> String,
) -> Vec<String> {
    let one = crate::lang::Languages {
        first: th.langs.first,
        second: None,
    };
    let mut groups: Vec<(DisputeKey, Vec<String>)> = Vec::new();
    for (ei, e) in dataset.events.iter().enumerate() {
        let Some(o) = e.disputes else { continue };
        let (a, b) = (e.date, dataset.events[o].date);
        let (ka, kb) = ((a.first_day(), a.last_day()), (b.first_day(), b.last_day()));
        if ka > kb || (ka == kb && ei > o) {
            continue;
        }
        let in_year = a.year() == snapshot.year || b.year() == snapshot.year;
        if !(in_year || snapshot.states[e.site].disputed) {
            continue;
        }
        let key = (e.kind.as_str(), a, b);
        let site = &dataset.sites[e.site];
        let name = one.name(&site.name, &site.names);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => groups.push((key, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|((kind, a, b), names)| {
            th.words
                .disagree
                .replace("{kind}", th.words.kind(kind))
                .replace("{sites}", &join(&names))
                .replace("{a}", &a.to_string())
                .replace("{b}", &b.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Timeline;

    fn bundled() -> Dataset {
        crate::bundled::dataset().unwrap().dataset
    }

    #[test]
    fn the_2014_map_names_the_closure_the_counts_and_the_dispute() {
        let data = bundled();
        let snap = Timeline::new(&data).year_snapshot(2014);
        let text = describe(&data, &snap, "Bases", "Status at end of 2014");
        assert!(text.starts_with("Bases. Status at end of 2014."), "{text}");
        assert!(text.contains("Changed in 2014: Manas closed."), "{text}");
        assert!(text.contains("The map shows 8 sites:"), "{text}");
        assert!(
            text.contains("2 closed (K-2 and Manas)") || text.contains("2 closed (Manas and K-2)"),
            "{text}"
        );
        assert!(text.contains("By operator: Russia 6 sites"), "{text}");
        assert!(text.contains("United States 2 sites (2 closed)"), "{text}");
        // 2014 lies between the two dates given for the merger into the joint base.
        assert!(
            text.contains("merger") && text.contains("2012 or 2017"),
            "{text}"
        );
    }

    #[test]
    fn a_quiet_year_says_nothing_changed_and_counts_still_add_up() {
        let data = bundled();
        let snap = Timeline::new(&data).year_snapshot(2000);
        let text = describe(&data, &snap, "", "");
        assert!(text.contains("No site changed status in 2000."), "{text}");
        assert!(text.contains("8 not yet known"), "{text}");
        assert!(!text.contains("disagree"), "{text}");
    }
}
