//! A CSV reader that checks the header, strips a byte-order mark, accepts CRLF, and reports
//! every bad row with its line instead of stopping at the first.

use super::Cell;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use std::collections::HashMap;

/// One data row: its line in the file and one cell per expected column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// The 1-based line on which the row starts.
    pub line: u64,
    cells: Vec<Cell>,
}

impl CsvRow {
    /// The cell of expected column `index` (in the order given to [`CsvTable::parse`]).
    /// A column that is absent from an optional position reads as empty.
    pub fn cell(&self, index: usize) -> Cell {
        self.cells.get(index).cloned().unwrap_or_default()
    }

    /// The location of column `index` of this row, for diagnostics.
    pub fn location(&self, index: usize) -> Location {
        let column = self.cells.get(index).map(|c| c.column).filter(|c| *c > 0);
        Location::Line {
            line: self.line,
            column,
        }
    }
}

/// The rows of a CSV file with a known set of columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    /// The rows that could be read.
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Parses `bytes` as CSV with a header row containing every name in `required` (in any
    /// order); `optional` columns may be absent. Problems go to `diags`.
    ///
    /// ```
    /// use chronomap::input::CsvTable;
    /// let mut diags = Vec::new();
    /// let t = CsvTable::parse(b"\xEF\xBB\xBFid,name\r\na,Alpha\r\n", "x.csv", &["id", "name"], &[], &mut diags);
    /// assert!(diags.is_empty());
    /// assert_eq!(t.rows[0].cell(1).text, "Alpha");
    /// assert_eq!(t.rows[0].line, 2);
    /// ```
    pub fn parse(
        bytes: &[u8],
        file: &str,
        required: &[&str],
        optional: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> CsvTable {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut table = CsvTable { rows: Vec::new() };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            diags.push(
                Diagnostic::error(file, Location::File, "is empty").hint(format!(
                    "the first line must be the header: {}",
                    required.join(",")
                )),
            );
            return table;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = reader.byte_records();
        let header = match records.next() {
            Some(Ok(h)) => h,
            Some(Err(e)) => {
                diags.push(csv_error(file, &e));
                return table;
            }
            None => return table,
        };
        let Some(mapping) = map_header(&header, file, required, optional, diags) else {
            return table;
        };
        let expected_len = header.len();
        let mut errors = 0usize;
        let mut lines = LineCounter::new(bytes);
        for record in records {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    diags.push(csv_error(file, &e));
                    break;
                }
            };
            let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            if record.len() != expected_len {
                diags.push(
                    Diagnostic::error(
                        file,
                        Location::Line { line, column: None },
                        format!(
                            "has {} fields but the header has {}",
                            record.len(),
                            expected_len
                        ),
                    )
                    .hint(if record.iter().any(|f| f.contains(&b'\n')) {
                        "a double quote (\") that opens a text is never closed"
                    } else {
                        "a comma inside a text must be inside \"double quotes\""
                    }),
                );
                errors += 1;
                continue;
            }
            let mut cells = Vec::with_capacity(mapping.len());
            let mut ok = true;
            for (name, col) in required.iter().chain(optional).zip(&mapping) {
                let Some(col) = *col else {
                    cells.push(Cell::default());
                    continue;
                };
                let raw = record.get(col).unwrap_or_default();
                match std::str::from_utf8(raw) {
                    Ok(text) => cells.push(Cell {
                        text: text.trim().to_string(),
                        column: col as u64 + 1,
                    }),
                    Err(e) => {
                        diags.push(
                            Diagnostic::error(
                                file,
                                Location::Line {
                                    line,
                                    column: Some(col as u64 + 1),
                                },
                                format!(
                                    "{name}: is not valid UTF-8 text (bad byte at position {})",
                                    e.valid_up_to() + 1
                                ),
                            )
                            .hint("save the file as UTF-8"),
                        );
                        ok = false;
                    }
                }
            }
            if ok {
                table.rows.push(CsvRow { line, cells });
            } else {
                errors += 1;
            }
            if errors >= crate::model::MAX_ERRORS_PER_FILE {
                break;
            }
        }
        table
    }
}

/// Turns byte offsets into 1-based line numbers, counting `\n` only (so CRLF files count right).
/// Offsets must be asked for in increasing order.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: u64) -> u64 {
        let mut offset = (offset as usize).min(self.bytes.len());
        // With CRLF endings a record's reported start can be the `\n` that ends the one before.
        while matches!(self.bytes.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.offset {
            self.line += self.bytes[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

fn csv_error(file: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    Diagnostic::error(
        file,
        Location::Line { line, column: None },
        format!("is not valid CSV: {e}"),
    )
}

/// Maps each expected column to its position in the header.
fn map_header(
    header: &csv::ByteRecord,
    file: &str,
    required: &[&str],
    optional: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let header_loc = || Location::Line {
        line: 1,
        column: None,
    };
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(_) => {
                diags.push(Diagnostic::error(
                    file,
                    Location::Line {
                        line: 1,
                        column: Some(i as u64 + 1),
                    },
                    "header: column name is not valid UTF-8 text",
                ));
                return None;
            }
        }
    }
    let mut ok = true;
    // A header of thousands of repeated or unknown names must neither take quadratic time nor
    // flood the terminal: look names up in a map and report at most a file's worth of each.
    let limit = crate::model::MAX_ERRORS_PER_FILE;
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    let mut duplicates = 0usize;
    for (i, name) in names.iter().enumerate() {
        let first = *first_seen.entry(name.as_str()).or_insert(i);
        if first != i {
            ok = false;
            duplicates += 1;
            if duplicates > limit {
                continue;
            }
            diags.push(
                Diagnostic::error(
                    file,
                    Location::Line {
                        line: 1,
                        column: Some(i as u64 + 1),
                    },
                    format!(
                        "header: column {} appears twice (columns {} and {})",
                        crate::diagnostic::show_value(name),
                        first + 1,
                        i + 1
                    ),
                )
                .hint("remove or rename one of them"),
            );
        }
    }
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    let unknown = names
        .iter()
        .enumerate()
        .filter(|(_, name)| !known.contains(&name.as_str()));
    for (i, name) in unknown.take(limit) {
        let mut d = Diagnostic::warning(
            file,
            Location::Line {
                line: 1,
                column: Some(i as u64 + 1),
            },
            format!(
                "header: column {} is not used by chronomap and is ignored",
                crate::diagnostic::show_value(name)
            ),
        );
        if let Some(m) = did_you_mean(name, known.iter().copied()) {
            d = d.hint(format!("did you mean '{m}'?"));
        }
        diags.push(d);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !names.iter().any(|n| n == r))
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(
                file,
                header_loc(),
                format!("header: missing column(s) {}", missing.join(", ")),
            )
            .hint(format!("the header must be: {}", known.join(","))),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(
        known
            .iter()
            .map(|k| names.iter().position(|n| n == k))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> (CsvTable, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let t = CsvTable::parse(text, "t.csv", &["id", "date"], &["note"], &mut diags);
        (t, diags)
    }

    #[test]
    fn columns_may_come_in_any_order_and_optional_ones_may_be_missing() {
        let (t, d) = parse(b"date,id\n2001,a\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows[0].cell(0).text, "a");
        assert_eq!(t.rows[0].cell(1).text, "2001");
        assert_eq!(t.rows[0].cell(2).text, "");
    }

    #[test]
    fn reports_duplicate_and_missing_columns() {
        let (_, d) = parse(b"id,id\n");
        let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("column \"id\" appears twice")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("missing column(s) date")),
            "{text:?}"
        );
    }

    #[test]
    fn reports_each_bad_row_with_its_line() {
        let (t, d) = parse(b"id,date\na,2001\nb\nc,2002\n\"d\xff\",2003\n");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(d.len(), 2);
        assert!(d[0].to_string().contains("line 3"), "{}", d[0]);
        assert!(
            d[1].to_string()
                .contains("line 5, column 1: id: is not valid UTF-8"),
            "{}",
            d[1]
        );
    }

    #[test]
    fn line_numbers_are_right_with_crlf_and_multi_line_quoted_fields() {
        let (t, _) = parse(b"id,date\r\na,2001\r\n\"b\r\nb\",2002\r\nc,2003\r\n");
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn empty_files_get_a_clear_message() {
        let (_, d) = parse(b"  \n");
        assert_eq!(
            d[0].to_string(),
            "error: t.csv: is empty (hint: the first line must be the header: id,date)"
        );
    }
}
