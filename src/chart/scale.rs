//! The continuous year axis: days to pixels, with day precision.

use crate::model::{Day, days_in_month, is_leap_year};

/// The position of the start of `day` in fractional years: `2019.0` is the first moment of
/// 1 January 2019 and `2020.0` the end of 31 December 2019. Each year is divided by its own
/// length (365 or 366 days), so year boundaries fall exactly on whole numbers.
///
/// Not public: used by [`YearScale`].
pub fn year_fraction_start(day: Day) -> f64 {
    let before: u32 = (1..day.month())
        .map(|m| u32::from(days_in_month(day.year(), m)))
        .sum();
    let ordinal = before + u32::from(day.day()) - 1;
    let len = if is_leap_year(day.year()) {
        366.0
    } else {
        365.0
    };
    f64::from(day.year()) + f64::from(ordinal) / len
}

/// The position of the end of `day` (the start of the next day) in fractional years.
pub fn year_fraction_end(day: Day) -> f64 {
    let len = if is_leap_year(day.year()) {
        366.0
    } else {
        365.0
    };
    year_fraction_start(day) + 1.0 / len
}

/// Maps fractional years in `[first, last + 1]` to pixels in `[left, right]`.
#[derive(Debug, Clone, Copy)]
pub struct YearScale {
    /// First year shown (its 1 January is at `left`).
    pub first: i32,
    /// Last year shown (its 31 December ends at `right`).
    pub last: i32,
    /// Pixel x of the start of `first`.
    pub left: f64,
    /// Pixel x of the end of `last`.
    pub right: f64,
}

impl YearScale {
    /// The earliest fractional year shown.
    pub fn start(&self) -> f64 {
        f64::from(self.first)
    }

    /// The latest fractional year shown.
    pub fn end(&self) -> f64 {
        f64::from(self.last) + 1.0
    }

    /// The width of one year in px.
    pub fn year_width(&self) -> f64 {
        (self.right - self.left) / (self.end() - self.start())
    }

    /// Pixel x of a fractional year, clamped to the axis.
    pub fn x(&self, year: f64) -> f64 {
        let t = (year.clamp(self.start(), self.end()) - self.start()) / (self.end() - self.start());
        self.left + t * (self.right - self.left)
    }

    /// Whether a fractional year lies on the axis.
    pub fn contains(&self, year: f64) -> bool {
        (self.start()..=self.end()).contains(&year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day::new(y, m, d).unwrap()
    }

    #[test]
    fn years_begin_and_end_on_whole_numbers() {
        assert_eq!(year_fraction_start(day(2019, 1, 1)), 2019.0);
        assert_eq!(year_fraction_end(day(2019, 12, 31)), 2020.0);
        assert_eq!(year_fraction_end(day(2020, 12, 31)), 2021.0);
        let mid = year_fraction_start(day(2019, 7, 2));
        // 2 July is day 183 of 365: 182 days have passed.
        assert!((mid - (2019.0 + 182.0 / 365.0)).abs() < 1e-9, "{mid}");
    }

    #[test]
    fn the_scale_maps_and_clamps() {
        let s = YearScale {
            first: 2000,
            last: 2009,
            left: 100.0,
            right: 1100.0,
        };
        assert_eq!(s.year_width(), 100.0);
        assert_eq!(s.x(2000.0), 100.0);
        assert_eq!(s.x(2010.0), 1100.0);
        assert_eq!(s.x(2005.5), 650.0);
        assert_eq!(s.x(1990.0), 100.0);
        assert!(s.contains(2010.0) && !s.contains(2010.1));
    }
}
