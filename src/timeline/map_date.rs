//! The date a map shows, and how its subtitle and event heading say it.

use super::{Timeline, YearSnapshot};
use crate::model::{Day, PartialDate, Precision};

/// The date a map shows, and how to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapDate {
    /// The year whose news the map lists.
    pub year: i32,
    /// The day the states hold on.
    pub day: Day,
    /// For the subtitle, such as "Status at end of 2019".
    pub subtitle: String,
    /// For the event list, such as "Events in 2019".
    pub news_heading: String,
}

/// The subtitle when a dataset gives none: "Status at end of 2019", "Status on 2019-06-30".
pub const DEFAULT_SUBTITLE: &str = "Status {when}";

impl MapDate {
    /// The end of `year`.
    ///
    /// ```
    /// let d = chronomap::timeline::MapDate::end_of_year(2019);
    /// assert_eq!(d.subtitle, "Status at end of 2019");
    /// ```
    pub fn end_of_year(year: i32) -> MapDate {
        MapDate {
            year,
            day: Day::end_of_year(year),
            subtitle: fill(
                DEFAULT_SUBTITLE,
                year,
                &format!("end of {year}"),
                &format!("at end of {year}"),
            ),
            news_heading: format!("Events in {year}"),
        }
    }

    /// The last day of a partial date (a year-only date is the end of that year).
    ///
    /// ```
    /// use chronomap::model::PartialDate;
    /// let d = chronomap::timeline::MapDate::on("2012-06".parse::<PartialDate>().unwrap());
    /// assert_eq!(d.subtitle, "Status on 2012-06-30");
    /// ```
    pub fn on(date: PartialDate) -> MapDate {
        if date.precision() == Precision::Year {
            return MapDate::end_of_year(date.year());
        }
        let (year, day) = (date.year(), date.last_day());
        MapDate {
            year,
            day,
            subtitle: fill(
                DEFAULT_SUBTITLE,
                year,
                &day.to_string(),
                &format!("on {day}"),
            ),
            news_heading: format!("Events in {year} up to {day}"),
        }
    }

    /// The same date with the subtitle written from `template`, where `{when}` becomes "at
    /// end of 2019" or "on 2019-06-30", `{date}` "end of 2019" or "2019-06-30", and
    /// `{year}` the year.
    ///
    /// ```
    /// let d = chronomap::timeline::MapDate::end_of_year(2019).with_subtitle("Presence {when}");
    /// assert_eq!(d.subtitle, "Presence at end of 2019");
    /// ```
    pub fn with_subtitle(mut self, template: &str) -> MapDate {
        let year_map = self.day == Day::end_of_year(self.year);
        let (date, when) = if year_map {
            (
                format!("end of {}", self.year),
                format!("at end of {}", self.year),
            )
        } else {
            (self.day.to_string(), format!("on {}", self.day))
        };
        self.subtitle = fill(template, self.year, &date, &when);
        self
    }

    /// The snapshot this date selects.
    pub fn snapshot(&self, timeline: &Timeline<'_>) -> YearSnapshot {
        timeline.snapshot_on(self.day, self.year)
    }
}

fn fill(template: &str, year: i32, date: &str, when: &str) -> String {
    template
        .replace("{when}", when)
        .replace("{date}", date)
        .replace("{year}", &year.to_string())
}
