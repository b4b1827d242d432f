//! A layer as a flat CSV table for spreadsheets, safe from formula injection.

use super::layer::{Layer, Value};
use std::borrow::Cow;

/// Neutralises a text cell that a spreadsheet would run as a formula: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
///
/// ```
/// use chronomap::export::neutralize_formula;
/// assert_eq!(neutralize_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralize_formula("Kant"), "Kant");
/// ```
pub fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The layer as CSV (UTF-8, no byte-order mark, `\n` line ends): a header with the field
/// names then `lon` and `lat`, and one row per feature. Text from the data goes through
/// [`neutralize_formula`]; numbers, dates and booleans are written as they are; a null is
/// an empty cell.
///
/// ```
/// use chronomap::export::{csv_table, events_layer};
/// let data = chronomap::bundled::dataset().unwrap().dataset;
/// let text = String::from_utf8(csv_table(&events_layer(&data)).unwrap()).unwrap();
/// assert!(text.starts_with("id,site_id,site_name,date,date_precision,start_date,end_date,year,"));
/// ```
pub fn csv_table(layer: &Layer) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let fail = |e: csv::Error| format!("the CSV table could not be written: {e}");
    let mut header: Vec<&str> = layer.fields.iter().map(|f| f.name).collect();
    header.extend(["lon", "lat"]);
    w.write_record(&header).map_err(fail)?;
    for feature in &layer.features {
        let mut row: Vec<String> = feature
            .values
            .iter()
            .map(|v| match v {
                Value::Text(t) => neutralize_formula(t).into_owned(),
                other => other.as_text().unwrap_or_default(),
            })
            .collect();
        row.push(feature.lon.to_string());
        row.push(feature.lat.to_string());
        w.write_record(&row).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| format!("the CSV table could not be written: {}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dangerous_first_character_is_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize_formula(bad).starts_with('\''), "{bad:?}");
        }
        for ok in ["1", "a=b", " =x", "", "'quoted"] {
            assert_eq!(neutralize_formula(ok), ok);
        }
    }
}
