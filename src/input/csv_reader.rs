//! A CSV reader that checks the header, strips a byte-order mark, accepts CRLF, and reports
//! every bad row with its line instead of stopping at the first.
//!
//! The table keeps the input borrowed: a cell is a span of the input bytes, and only cells
//! that quoting changed (a doubled `""`, text after a closing quote) are copied. A million-row
//! file thus costs a few words per cell instead of a `String` per cell.

use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use csv_core::ReadRecordResult;
use std::collections::HashMap;

/// A text value with the column (1-based) it was read from, borrowed from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell<'a> {
    /// The text, trimmed of surrounding spaces.
    pub text: &'a str,
    /// The 1-based column in the CSV row.
    pub column: u64,
}

/// Marks a [`Span`] whose text is in [`CsvTable::owned`] rather than in the input.
const OWNED: u16 = u16::MAX;

/// Where a cell's text is: `len` bytes at `start` from its row's first byte, or, when `len`
/// is [`OWNED`], in the copied cells. Four bytes a cell: a cell that starts or ends too far
/// from its row's start for 16 bits is copied too (rows are usually short).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Span {
    start: u16,
    len: u16,
}

/// The line and first byte of a stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowStart {
    line: u64,
    base: u64,
}

/// One data row: its line in the file and one cell per expected column.
#[derive(Debug, Clone, Copy)]
pub struct CsvRow<'t> {
    /// The 1-based line on which the row starts.
    pub line: u64,
    base: u64,
    /// The index of the row's first cell in [`CsvTable::cells`].
    first_cell: usize,
    cells: &'t [Span],
    table: &'t CsvTable<'t>,
}

impl<'t> CsvRow<'t> {
    /// The cell of expected column `index` (in the order given to [`CsvTable::parse`]).
    /// A column that is absent from an optional position reads as empty.
    #[inline]
    pub fn cell(&self, index: usize) -> Cell<'t> {
        match (self.cells.get(index), self.table.columns.get(index)) {
            (Some(span), Some(&column)) => Cell {
                text: self.table.text(self.base, *span, self.first_cell + index),
                column,
            },
            _ => Cell::default(),
        }
    }

    /// The location of column `index` of this row, for diagnostics.
    pub fn location(&self, index: usize) -> Location {
        let column = self.table.columns.get(index).copied().filter(|c| *c > 0);
        Location::Line {
            line: self.line,
            column,
        }
    }
}

/// The rows of a CSV file with a known set of columns, borrowing the file's bytes.
#[derive(Debug, Clone)]
pub struct CsvTable<'a> {
    /// The input, after the byte-order mark.
    bytes: &'a [u8],
    /// The same bytes when all of them are UTF-8 (the usual case): cells are then sliced
    /// without checking them again.
    text: Option<&'a str>,
    /// The 1-based column of each expected column in the file; 0 when it is absent.
    columns: Vec<u64>,
    rows: Vec<RowStart>,
    /// `columns.len()` spans per row.
    cells: Vec<Span>,
    /// Cells whose text is not a short plain span of the input, by their index in `cells`
    /// (in increasing order).
    owned: Vec<(usize, Box<str>)>,
}

impl<'a> CsvTable<'a> {
    /// Parses `bytes` as CSV with a header row containing every name in `required` (in any
    /// order); `optional` columns may be absent. Problems go to `diags`.
    ///
    /// ```
    /// use chronomap::input::CsvTable;
    /// let mut diags = Vec::new();
    /// let t = CsvTable::parse(b"\xEF\xBB\xBFid,name\r\na,Alpha\r\n", "x.csv", &["id", "name"], &[], &mut diags);
    /// assert!(diags.is_empty());
    /// assert_eq!(t.row(0).unwrap().cell(1).text, "Alpha");
    /// assert_eq!(t.row(0).unwrap().line, 2);
    /// ```
    pub fn parse(
        bytes: &'a [u8],
        file: &str,
        required: &[&str],
        optional: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> CsvTable<'a> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut table = CsvTable {
            bytes,
            text: None,
            columns: Vec::new(),
            rows: Vec::new(),
            cells: Vec::new(),
            owned: Vec::new(),
        };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            diags.push(
                Diagnostic::error(file, Location::File, "is empty").hint(format!(
                    "the first line must be the header: {}",
                    required.join(",")
                )),
            );
            return table;
        }
        // The reader the `csv` crate builds by default (flexible field counts are checked
        // below), driven over the whole input so that each record's bytes are known.
        let mut reader = Records::new(bytes);
        let Some(header) = reader.next_record() else {
            return table;
        };
        let expected_len = header.len();
        let names: Vec<&[u8]> = header.fields().collect();
        let Some(mapping) = map_header(&names, file, required, optional, diags) else {
            return table;
        };
        table.text = std::str::from_utf8(bytes).ok();
        table.columns = mapping
            .iter()
            .map(|col| col.map_or(0, |c| c as u64 + 1))
            .collect();
        table.reserve_rows(expected_len);
        let mut errors = 0usize;
        let mut lines = LineCounter::new(bytes);
        let mut field_starts: Vec<Option<usize>> = Vec::new();
        while let Some(record) = reader.next_record() {
            let line = lines.line_at(record.start as u64);
            if record
                .fields()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
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
                    .hint(if record.fields().any(|f| f.contains(&b'\n')) {
                        "a double quote (\") that opens a text is never closed"
                    } else {
                        "a comma inside a text must be inside \"double quotes\""
                    }),
                );
                errors += 1;
                continue;
            }
            record.field_starts(&mut field_starts);
            let first_cell = table.cells.len();
            let first_owned = table.owned.len();
            let mut ok = true;
            for (name, col) in required.iter().chain(optional).zip(&mapping) {
                let Some(col) = *col else {
                    table.cells.push(Span::default());
                    continue;
                };
                let raw = record.field(col);
                // A field that is a span of an all-UTF-8 input is text as it is: slicing at
                // its ASCII delimiters checks no byte again.
                let start = field_starts[col];
                let text = match (table.text, start) {
                    (Some(text), Some(start)) => {
                        let from = record.start + start;
                        text.get(from..from + raw.len()).ok_or(())
                    }
                    _ => Err(()),
                };
                match text.or_else(|()| std::str::from_utf8(raw)) {
                    Ok(text) => {
                        let lead = text.len() - text.trim_start().len();
                        let text = text.trim();
                        let start = start.and_then(|s| u16::try_from(s + lead).ok());
                        let len = u16::try_from(text.len()).ok().filter(|l| *l != OWNED);
                        let span = match (start, len) {
                            (Some(start), Some(len)) => Span { start, len },
                            _ => {
                                table.owned.push((table.cells.len(), text.into()));
                                Span {
                                    start: 0,
                                    len: OWNED,
                                }
                            }
                        };
                        table.cells.push(span);
                    }
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
                table.rows.push(RowStart {
                    line,
                    base: record.start as u64,
                });
            } else {
                table.cells.truncate(first_cell);
                table.owned.truncate(first_owned);
                errors += 1;
            }
            if errors >= super::limits::MAX_ERRORS_PER_FILE {
                break;
            }
        }
        table
    }

    /// The number of rows read.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row could be read.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `index` (0-based, in file order).
    #[inline]
    pub fn row(&self, index: usize) -> Option<CsvRow<'_>> {
        let start = *self.rows.get(index)?;
        let width = self.columns.len();
        Some(CsvRow {
            line: start.line,
            base: start.base,
            first_cell: index * width,
            cells: &self.cells[index * width..(index + 1) * width],
            table: self,
        })
    }

    /// The rows in file order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = CsvRow<'_>> {
        (0..self.rows.len()).map(|i| self.row(i).expect("in range"))
    }

    /// The cell of expected column `column` in row `row`, without reading the rest of the
    /// row.
    #[inline]
    pub fn cell(&self, row: usize, column: usize) -> Option<Cell<'_>> {
        self.row(row).map(|r| r.cell(column))
    }

    /// The text of cell `index` (in `cells`), of the row starting at byte `base`.
    #[inline]
    fn text(&self, base: u64, span: Span, index: usize) -> &str {
        if span.len == OWNED {
            return match self.owned.binary_search_by_key(&index, |(i, _)| *i) {
                Ok(found) => &self.owned[found].1,
                Err(_) => "",
            };
        }
        let start = base as usize + span.start as usize;
        let range = start..start + span.len as usize;
        // Every stored cell was checked as UTF-8 while parsing, and starts and ends on a
        // character boundary (a field starts after an ASCII delimiter, and trimming is by
        // characters): neither fallback is taken.
        match self.text {
            Some(text) => text.get(range).unwrap_or_default(),
            None => self
                .bytes
                .get(range)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }

    /// Reserves room for the rows of the input when it looks like ordinary data, so that a
    /// large file is not copied over and over as the lists grow. A hostile input (say, a
    /// file of newlines) reserves nothing and grows as it goes.
    fn reserve_rows(&mut self, fields: usize) {
        let newlines = self.bytes.iter().filter(|b| **b == b'\n').count();
        let width = self.columns.len();
        let row_bytes = std::mem::size_of::<RowStart>() + width * std::mem::size_of::<Span>();
        // A stored row has at least one comma per field after the first, and ends a line.
        let rows = (newlines + 1).min(self.bytes.len() / fields.max(1));
        if rows.saturating_mul(row_bytes) <= self.bytes.len().saturating_mul(2) {
            let _ = self.rows.try_reserve_exact(rows);
            let _ = self.cells.try_reserve_exact(rows.saturating_mul(width));
        }
    }
}

/// The CSV records of an input, read with `csv_core` as the `csv` crate reads them (its
/// default dialect: comma, double quotes, CR, LF or CRLF endings, and a byte-order mark
/// skipped), but knowing where each record starts and ends in the input.
struct Records<'a> {
    bytes: &'a [u8],
    reader: csv_core::Reader,
    pos: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
    done: bool,
}

/// The last record read by [`Records::next_record`].
struct Record<'r> {
    /// The input from the record's first byte (as the `csv` crate reports it: possibly the
    /// line ending of the record before) to the end of its line ending.
    input: &'r [u8],
    /// Where `input` starts in the whole input.
    start: usize,
    out: &'r [u8],
    ends: &'r [usize],
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Records {
            bytes,
            reader: csv_core::Reader::new(),
            pos: 0,
            out: vec![0; 4096],
            ends: vec![0; 32],
            done: false,
        }
    }

    fn next_record(&mut self) -> Option<Record<'_>> {
        if self.done {
            return None;
        }
        let start = self.pos;
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            let (res, nin, nout, nend) = self.reader.read_record(
                &self.bytes[self.pos..],
                &mut self.out[outlen..],
                &mut self.ends[endlen..],
            );
            self.pos += nin;
            outlen += nout;
            endlen += nend;
            match res {
                // The whole input is given at once: the next call, with no input left,
                // tells the reader that the input has ended.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    return Some(Record {
                        input: &self.bytes[start..self.pos],
                        start,
                        out: &self.out[..outlen],
                        ends: &self.ends[..endlen],
                    });
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl Record<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.out[start..self.ends[index]]
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.field(i))
    }

    /// Where each field's text starts in the input, relative to the record's start, for
    /// the fields whose text is a plain span of it (unquoted, or quoted without a doubled
    /// quote); `None` for the others. Each span is checked against the parsed field, so a
    /// field found here always has exactly the parsed text.
    fn field_starts(&self, starts: &mut Vec<Option<usize>>) {
        starts.clear();
        let input = self.input;
        // The reader skips line endings before a record (and a byte-order mark before the
        // first, which is the header and never stored).
        let mut at = input
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(input.len());
        let mut in_step = true;
        for field in self.fields() {
            if !in_step {
                starts.push(None);
                continue;
            }
            let end = at + field.len();
            if input.get(at..end) == Some(field) {
                starts.push(Some(at));
                at = end + 1;
            } else if input.get(at) == Some(&b'"')
                && input.get(at + 1..end + 1) == Some(field)
                && input.get(end + 1) == Some(&b'"')
            {
                starts.push(Some(at + 1));
                at = end + 3;
            } else {
                starts.push(None);
                in_step = false;
            }
        }
    }
}

/// Turns byte offsets into 1-based line numbers: a line ends with LF, CRLF or a bare CR.
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
            // A line ends at `\n`, or at a `\r` that no `\n` follows (old Mac files end
            // lines with a bare CR, and the CSV reader accepts that too).
            let next = self.bytes.get(offset).copied();
            self.line += self.bytes[self.offset..offset]
                .iter()
                .zip(
                    self.bytes[self.offset + 1..offset]
                        .iter()
                        .map(Some)
                        .chain([next.as_ref()]),
                )
                .filter(|&(b, after)| *b == b'\n' || (*b == b'\r' && after != Some(&b'\n')))
                .count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

/// Maps each expected column to its position in the header.
fn map_header(
    header: &[&[u8]],
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
    let limit = super::limits::MAX_ERRORS_PER_FILE;
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

    fn parse(text: &[u8]) -> (CsvTable<'_>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let t = CsvTable::parse(text, "t.csv", &["id", "date"], &["note"], &mut diags);
        (t, diags)
    }

    #[test]
    fn columns_may_come_in_any_order_and_optional_ones_may_be_missing() {
        let (t, d) = parse(b"date,id\n2001,a\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.row(0).unwrap().cell(0).text, "a");
        assert_eq!(t.row(0).unwrap().cell(1).text, "2001");
        assert_eq!(t.row(0).unwrap().cell(2).text, "");
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
        assert_eq!(t.len(), 2);
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
    fn line_numbers_are_right_with_bare_cr_line_endings() {
        let (t, _) = parse(b"id,date\ra,2001\r\"b\rb\",2002\r\rc,2003\rd,2004\r\ne,2005");
        let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 6, 7, 8]);
    }

    #[test]
    fn line_numbers_are_right_with_crlf_and_multi_line_quoted_fields() {
        let (t, _) = parse(b"id,date\r\na,2001\r\n\"b\r\nb\",2002\r\nc,2003\r\n");
        let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn quoted_cells_and_cells_far_into_a_long_row_read_right() {
        let long = "x".repeat(70_000);
        let text = format!("id,date,note\n\"a\"\"b\",{long},\" c \"\nd, 2001 ,\n");
        let mut diags = Vec::new();
        let t = CsvTable::parse(
            text.as_bytes(),
            "t.csv",
            &["id", "date"],
            &["note"],
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cells = |i: usize| -> Vec<String> {
            let row = t.row(i).unwrap();
            (0..3).map(|c| row.cell(c).text.to_string()).collect()
        };
        assert_eq!(cells(0), ["a\"b", long.as_str(), "c"]);
        assert_eq!(cells(1), ["d", "2001", ""]);
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
