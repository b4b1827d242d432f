//! A layer as a flat CSV table for spreadsheets, safe from formula injection.

use super::field_text::push_coordinate;
use super::layer::{Feature, GisLayer, Value};
use super::rows::{RowFormat, write_rows};
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
pub fn csv_table(layer: &GisLayer) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    write_csv_table(layer, &mut out)
        .map_err(|e| format!("the CSV table could not be written: {e}"))?;
    Ok(out)
}

/// Appends one CSV cell: quoted (with quotes doubled) when it holds a comma, a quote or a
/// line break, as the `csv` crate writes it; as it is otherwise.
fn push_cell(out: &mut Vec<u8>, cell: &[u8]) {
    if cell
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push(b'"');
        for &b in cell {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(cell);
    }
}

/// Writes [`csv_table`] into `out`, one row at a time.
pub fn write_csv_table(layer: &GisLayer, out: &mut dyn Write) -> io::Result<()> {
    write_rows(layer, &mut [(&mut CsvRows::new(layer), out)])
}

/// The CSV table of a layer, row by row.
pub(crate) struct CsvRows {
    header: Vec<&'static str>,
    cell: Vec<u8>,
}

impl CsvRows {
    pub(crate) fn new(layer: &GisLayer) -> CsvRows {
        let mut header: Vec<&'static str> = layer.fields.iter().map(|f| f.name).collect();
        header.extend(["lon", "lat"]);
        CsvRows {
            header,
            cell: Vec::with_capacity(64),
        }
    }
}

impl RowFormat for CsvRows {
    fn begin(&mut self, b: &mut Vec<u8>) {
        for (n, name) in self.header.iter().enumerate() {
            if n > 0 {
                b.push(b',');
            }
            push_cell(b, name.as_bytes());
        }
        b.push(b'\n');
    }

    fn row(&mut self, b: &mut Vec<u8>, feature: &Feature) {
        // Cells that are not text from the data need no quoting: numbers, days, booleans.
        for v in &feature.values {
            match v {
                Value::Null => {}
                Value::Text(t) => {
                    if needs_neutralizing(t) {
                        self.cell.clear();
                        self.cell.push(b'\'');
                        self.cell.extend_from_slice(t.as_bytes());
                        push_cell(b, &self.cell);
                    } else {
                        push_cell(b, t.as_bytes());
                    }
                }
                other => {
                    other.write_text(b);
                }
            }
            b.push(b',');
        }
        push_coordinate(b, feature.lon);
        b.push(b',');
        push_coordinate(b, feature.lat);
        b.push(b'\n');
    }

    fn end(&mut self, _: &mut Vec<u8>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_the_csv_crate_quotes_them() {
        use crate::export::{Field, FieldType};
        const FIELDS: &[Field] = &[
            Field::new("a", FieldType::Text),
            Field::new("b", FieldType::Integer),
        ];
        let texts = [
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "",
            "=1",
            "-x,\"y\"",
        ];
        let features = texts
            .iter()
            .map(|t| Feature::new(1.5, -2.0, vec![Value::Text((*t).into()), Value::Null]))
            .collect();
        let layer = GisLayer::from_features("t", "t", FIELDS, features);
        let mut expected = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        expected.write_record(["a", "b", "lon", "lat"]).unwrap();
        for t in texts {
            expected
                .write_record([neutralize_formula(t).as_ref(), "", "1.5", "-2"])
                .unwrap();
        }
        assert_eq!(
            String::from_utf8(csv_table(&layer).unwrap()).unwrap(),
            String::from_utf8(expected.into_inner().unwrap()).unwrap()
        );
    }

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
