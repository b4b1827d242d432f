//! Arbitrary text through `PartialDate` parsing; what parses must behave like a date.
#![no_main]

use chronomap::model::{PartialDate, Precision};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<PartialDate>() {
        Ok(date) => {
            // Shown exactly as written, at the precision written.
            assert_eq!(date.to_string(), text);
            let dashes = text.bytes().filter(|&b| b == b'-').count();
            let precision = [Precision::Year, Precision::Month, Precision::Day][dashes];
            assert_eq!(date.precision(), precision);
            let (first, last) = (date.first_day(), date.last_day());
            assert!(first <= last);
            assert!(date.is_on_or_before(last));
            assert!(!date.is_on_or_before(last.previous()));
            assert_eq!(first.year(), date.year());
            assert_eq!(text.parse::<PartialDate>(), Ok(date));
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
