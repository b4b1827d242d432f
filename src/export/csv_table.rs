//! A layer as a flat CSV table for spreadsheets, safe from formula injection.

use super::layer::{Layer, Value};
use super::text::push_coordinate;
use std::borrow::Cow;
use std::io::{self, Write};

/// Neutralises a text cell that a spreadsheet would run as a formula: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
///
/// ```
/// use chronomap::export::neutralize_formula;
/// assert_eq!(neutralize_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralize_formula("Kant"), "Kant");
/// ```
pub fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if needs_neutralizing(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn needs_neutralizing(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
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
    let mut out = Vec::new();
    write_csv_table(layer, &mut out)
        .map_err(|e| format!("the CSV table could not be written: {e}"))?;
    Ok(out)
}

/// Writes [`csv_table`] into `out`, one row at a time.
pub fn write_csv_table(layer: &Layer, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(256 * 1024)
        .from_writer(out);
    let mut header: Vec<&str> = layer.fields.iter().map(|f| f.name).collect();
    header.extend(["lon", "lat"]);
    w.write_record(&header)?;
    // One cell at a time through a scratch buffer: no `String` per cell.
    let mut cell = Vec::with_capacity(256);
    layer.for_each(|feature| {
        for v in &feature.values {
            cell.clear();
            match v {
                Value::Text(t) => {
                    if needs_neutralizing(t) {
                        cell.push(b'\'');
                    }
                    cell.extend_from_slice(t.as_bytes());
                }
                other => {
                    other.write_text(&mut cell);
                }
            }
            w.write_field(&cell)?;
        }
        cell.clear();
        push_coordinate(&mut cell, feature.lon);
        w.write_field(&cell)?;
        cell.clear();
        push_coordinate(&mut cell, feature.lat);
        w.write_field(&cell)?;
        w.write_record(None::<&[u8]>)
    })?;
    w.flush()?;
    Ok(())
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
