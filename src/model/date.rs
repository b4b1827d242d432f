//! Calendar days and partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) whose precision is kept.

use std::fmt;

/// The years chronomap handles, everywhere: in the data, in flags and in every output. Year 0
/// does not exist in the calendar, and dates are written with four digits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// A proleptic Gregorian calendar day.
///
/// ```
/// use chronomap::model::Day;
/// let d = Day::new(2024, 2, 29).unwrap();
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert!(Day::new(2023, 2, 29).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: i32,
    month: u8,
    day: u8,
}

impl Day {
    /// A day, or `None` if it does not exist (month 13, 30 February…).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The last day of `year`.
    pub fn end_of_year(year: i32) -> Day {
        Day {
            year,
            month: 12,
            day: 31,
        }
    }

    /// The day before this one.
    ///
    /// ```
    /// use chronomap::model::Day;
    /// assert_eq!(Day::new(2024, 3, 1).unwrap().previous().to_string(), "2024-02-29");
    /// ```
    pub fn previous(self) -> Day {
        if self.day > 1 {
            Day {
                day: self.day - 1,
                ..self
            }
        } else if self.month > 1 {
            let month = self.month - 1;
            Day {
                year: self.year,
                month,
                day: days_in_month(self.year, month),
            }
        } else {
            Day::end_of_year(self.year - 1)
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year: `2017`.
    Year,
    /// Year and month: `2017-06`.
    Month,
    /// A single day: `2017-06-21`.
    Day,
}

impl Precision {
    /// The lower-case name used in exports: `year`, `month` or `day`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A date known to the year, the month or the day. It covers a range of days,
/// from [`first_day`](PartialDate::first_day) to [`last_day`](PartialDate::last_day),
/// and is displayed exactly as it was written.
///
/// Ordering is by first day, then by last day, so `2012` < `2012-01-01` is false
/// but `2012-01` < `2012` is true (same first day, shorter range first).
///
/// ```
/// use chronomap::model::{PartialDate, Precision};
/// let d: PartialDate = "2017-06".parse().unwrap();
/// assert_eq!(d.precision(), Precision::Month);
/// assert_eq!(d.to_string(), "2017-06");
/// assert_eq!(d.first_day().to_string(), "2017-06-01");
/// assert_eq!(d.last_day().to_string(), "2017-06-30");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Format,
    /// The year is outside [`YEARS`] (only year 0 can be, in four digits).
    Year(i32),
    /// The month is not 1–12.
    Month(u32),
    /// The day does not exist in that month.
    Day {
        /// The year.
        year: i32,
        /// The month, 1–12.
        month: u8,
        /// The day that does not exist.
        day: u32,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format => write!(
                f,
                "it is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
            ),
            DateError::Year(y) => write!(
                f,
                "year {y:04} is outside the years chronomap handles, 0001 to 9999"
            ),
            DateError::Month(m) => write!(f, "month {m} does not exist (months are 01 to 12)"),
            DateError::Day { year, month, day } => write!(
                f,
                "day {day} does not exist in {} {year}, which has {} days",
                MONTH_NAMES[usize::from(*month) - 1],
                days_in_month(*year, *month)
            ),
        }
    }
}

impl std::error::Error for DateError {}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn digits(text: &str, len: usize) -> Option<u32> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split('-');
        let year = parts
            .next()
            .and_then(|y| digits(y, 4))
            .ok_or(DateError::Format)?;
        let year = i32::try_from(year).map_err(|_| DateError::Format)?;
        if !YEARS.contains(&year) {
            return Err(DateError::Year(year));
        }
        let month = match parts.next() {
            None => {
                return Ok(PartialDate {
                    year,
                    month: None,
                    day: None,
                });
            }
            Some(m) => digits(m, 2).ok_or(DateError::Format)?,
        };
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let month = month as u8;
        let day = match parts.next() {
            None => {
                return Ok(PartialDate {
                    year,
                    month: Some(month),
                    day: None,
                });
            }
            Some(d) => digits(d, 2).ok_or(DateError::Format)?,
        };
        if parts.next().is_some() {
            return Err(DateError::Format);
        }
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return Err(DateError::Day { year, month, day });
        }
        Ok(PartialDate {
            year,
            month: Some(month),
            day: Some(day as u8),
        })
    }
}

impl PartialDate {
    /// A year-only date.
    pub fn year_only(year: i32) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the day.
    pub fn from_day(day: Day) -> PartialDate {
        PartialDate {
            year: day.year,
            month: Some(day.month),
            day: Some(day.day),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day the date may stand for.
    pub fn first_day(self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day the date may stand for.
    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        Day {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }

    /// Whether the whole date lies on or before `day`. A year-only `2014` is on or
    /// before 2014-12-31 but not before 2014-06-30, since it could mean any day of 2014.
    ///
    /// ```
    /// use chronomap::model::{Day, PartialDate};
    /// let d = PartialDate::year_only(2014);
    /// assert!(d.is_on_or_before(Day::end_of_year(2014)));
    /// assert!(!d.is_on_or_before(Day::new(2014, 6, 30).unwrap()));
    /// ```
    pub fn is_on_or_before(self, day: Day) -> bool {
        self.last_day() <= day
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_day(), self.last_day()).cmp(&(other.first_day(), other.last_day()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_each_precision_and_displays_it_unchanged() {
        for s in ["2003", "2003-10", "2003-10-23", "0999", "2024-02-29"] {
            assert_eq!(pd(s).to_string(), s);
        }
        assert_eq!(pd("2003").precision(), Precision::Year);
        assert_eq!(pd("2003-10").precision(), Precision::Month);
        assert_eq!(pd("2003-10-23").precision(), Precision::Day);
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert_eq!(
            "2019-02-30".parse::<PartialDate>(),
            Err(DateError::Day {
                year: 2019,
                month: 2,
                day: 30
            })
        );
        assert_eq!(
            "2023-02-29".parse::<PartialDate>(),
            Err(DateError::Day {
                year: 2023,
                month: 2,
                day: 29
            })
        );
        assert_eq!("2019-13".parse::<PartialDate>(), Err(DateError::Month(13)));
        assert_eq!("2019-00".parse::<PartialDate>(), Err(DateError::Month(0)));
        for bad in [
            "Feb 2019",
            "",
            "19",
            "2019-1",
            "2019-01-1",
            "2019/01/01",
            "2019-01-01-01",
            " 2019",
            "+201",
            "２０１９",
        ] {
            assert_eq!(
                bad.parse::<PartialDate>(),
                Err(DateError::Format),
                "{bad:?}"
            );
        }
        assert!(pd("1900").last_day() == Day::new(1900, 12, 31).unwrap());
        assert!(
            "1900-02-29".parse::<PartialDate>().is_err(),
            "1900 is not a leap year"
        );
        assert!(
            "2000-02-29".parse::<PartialDate>().is_ok(),
            "2000 is a leap year"
        );
    }

    #[test]
    fn error_messages_say_what_is_expected() {
        let e = "2019-02-30".parse::<PartialDate>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "day 30 does not exist in February 2019, which has 28 days"
        );
    }

    #[test]
    fn a_partial_date_covers_a_range_of_days() {
        assert_eq!(pd("2012").first_day().to_string(), "2012-01-01");
        assert_eq!(pd("2012").last_day().to_string(), "2012-12-31");
        assert_eq!(pd("2012-02").last_day().to_string(), "2012-02-29");
        assert_eq!(pd("2013-02").last_day().to_string(), "2013-02-28");
        assert_eq!(pd("2013-02-11").first_day(), pd("2013-02-11").last_day());
    }

    #[test]
    fn ordering_is_by_first_then_last_day() {
        let mut v = [
            pd("2012"),
            pd("2012-06-01"),
            pd("2011-12-31"),
            pd("2012-01"),
            pd("2012-01-01"),
            pd("2012-06"),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "2011-12-31",
                "2012-01-01",
                "2012-01",
                "2012",
                "2012-06-01",
                "2012-06"
            ]
        );
    }

    #[test]
    fn on_or_before_needs_the_whole_range() {
        let y = pd("2014");
        assert!(y.is_on_or_before(Day::end_of_year(2014)));
        assert!(!y.is_on_or_before(Day::new(2014, 12, 30).unwrap()));
        assert!(!y.is_on_or_before(Day::new(2014, 1, 1).unwrap()));
        assert!(pd("2014-06").is_on_or_before(Day::new(2014, 6, 30).unwrap()));
        assert!(!pd("2014-06").is_on_or_before(Day::new(2014, 6, 29).unwrap()));
        assert!(pd("2014-06-29").is_on_or_before(Day::new(2014, 6, 29).unwrap()));
        assert!(pd("2013").is_on_or_before(Day::new(2014, 1, 1).unwrap()));
    }

    #[test]
    fn previous_day_crosses_month_and_year() {
        assert_eq!(
            Day::new(2024, 1, 1).unwrap().previous().to_string(),
            "2023-12-31"
        );
        assert_eq!(
            Day::new(2023, 3, 1).unwrap().previous().to_string(),
            "2023-02-28"
        );
        assert_eq!(
            Day::new(2023, 3, 2).unwrap().previous().to_string(),
            "2023-03-01"
        );
    }
}
