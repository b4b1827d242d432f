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
        let columns = Columns {
            file,
            names: required.iter().chain(optional).copied().collect(),
            mapping,
            expected_len,
        };
        table.read_rows(&mut reader, &columns, diags);
        table
    }

    /// Reads every data row after the header, skipping blank ones; a row with the wrong
    /// number of fields or a cell that is not UTF-8 is reported and left out, and reading
    /// stops after a file's worth of errors.
    fn read_rows(
        &mut self,
        reader: &mut Records<'_>,
        columns: &Columns<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut errors = 0usize;
        let mut lines = LineCounter::new(self.bytes);
        let mut field_starts: Vec<Option<usize>> = Vec::new();
        while let Some(record) = reader.next_record() {
            let line = lines.line_at(record.start as u64);
            if record
                .fields()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            if record.len() != columns.expected_len {
                diags.push(field_count_error(columns, line, &record));
                errors += 1;
                continue;
            }
            record.field_starts(&mut field_starts);
            if !self.store_row(&record, line, &field_starts, columns, diags) {
                errors += 1;
            }
            if errors >= super::limits::MAX_ERRORS_PER_FILE {
                break;
            }
        }
    }

    /// Stores the expected cells of `record` (on `line`) as a row; when a cell is not UTF-8
    /// it is reported, nothing of the row is kept, and the answer is `false`.
    fn store_row(
        &mut self,
        record: &Record<'_>,
        line: u64,
        field_starts: &[Option<usize>],
        columns: &Columns<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let first_cell = self.cells.len();
        let first_owned = self.owned.len();
        let mut ok = true;
        for (name, col) in columns.names.iter().zip(&columns.mapping) {
            let Some(col) = *col else {
                self.cells.push(Span::default());
                continue;
            };
            let start = field_starts[col];
            match field_text(self.text, record, col, start) {
                Ok(text) => self.store_cell(text, start),
                Err(e) => {
                    diags.push(utf8_error(columns.file, line, col, name, e));
                    ok = false;
                }
            }
        }
        if ok {
            self.rows.push(RowStart {
                line,
                base: record.start as u64,
            });
        } else {
            self.cells.truncate(first_cell);
            self.owned.truncate(first_owned);
        }
        ok
    }

    /// Stores one cell, trimmed: as a span of its row when `start` (from the record's start)
    /// places it and it is short enough, as a copy otherwise.
    fn store_cell(&mut self, text: &str, start: Option<usize>) {
        let lead = text.len() - text.trim_start().len();
        let text = text.trim();
        let start = start.and_then(|s| u16::try_from(s + lead).ok());
        let len = u16::try_from(text.len()).ok().filter(|l| *l != OWNED);
        let span = match (start, len) {
            (Some(start), Some(len)) => Span { start, len },
            _ => {
                self.owned.push((self.cells.len(), text.into()));
                Span {
                    start: 0,
                    len: OWNED,
                }
            }
        };
        self.cells.push(span);
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

/// The expected columns of a table, and where the header put them.
struct Columns<'c> {
    /// The file's name, for messages.
    file: &'c str,
    /// The expected columns: the required ones, then the optional ones.
    names: Vec<&'c str>,
    /// For each expected column, its field in the file, if it has one.
    mapping: Vec<Option<usize>>,
    /// The number of fields in the header, which every row must have.
    expected_len: usize,
}

/// The text of field `col` of `record`. A field that is a span (from `start`, relative to
/// the record) of an all-UTF-8 input is text as it is: slicing at its ASCII delimiters
/// checks no byte again. Other fields are checked.
fn field_text<'r>(
    text: Option<&'r str>,
    record: &'r Record<'_>,
    col: usize,
    start: Option<usize>,
) -> Result<&'r str, std::str::Utf8Error> {
    let raw = record.field(col);
    let span = match (text, start) {
        (Some(text), Some(start)) => {
            let from = record.start + start;
            text.get(from..from + raw.len())
        }
        _ => None,
    };
    match span {
        Some(text) => Ok(text),
        None => std::str::from_utf8(raw),
    }
}

/// The error for a row whose number of fields is not the header's.
fn field_count_error(columns: &Columns<'_>, line: u64, record: &Record<'_>) -> Diagnostic {
    Diagnostic::error(
        columns.file,
        Location::Line { line, column: None },
        format!(
            "has {} fields but the header has {}",
            record.len(),
            columns.expected_len
        ),
    )
    .hint(if record.fields().any(|f| f.contains(&b'\n')) {
        "a double quote (\") that opens a text is never closed"
    } else {
        "a comma inside a text must be inside \"double quotes\""
    })
}

/// The error for cell `col` (0-based) of column `name` that is not UTF-8.
fn utf8_error(file: &str, line: u64, col: usize, name: &str, e: std::str::Utf8Error) -> Diagnostic {
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
    .hint("save the file as UTF-8")
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
            // lines with a bare CR, and the CSV reader accepts that too). Counting each byte
            // apart is a loop the compiler turns into vector instructions.
            let bytes = &self.bytes[self.offset..offset];
            let count = |byte: u8| bytes.iter().filter(|b| **b == byte).count();
            let mut ends = count(b'\n');
            let returns = count(b'\r');
            if returns > 0 {
                let next = self.bytes.get(offset).copied();
                let crlf = bytes.windows(2).filter(|w| *w == b"\r\n").count()
                    + usize::from(bytes.last() == Some(&b'\r') && next == Some(b'\n'));
                ends += returns - crlf;
            }
            self.line += ends as u64;
            self.offset = offset;
        }
        self.line
    }
}

/// Maps each expected column to its position in the header, or reports why the header
/// will not do: a name that is not UTF-8, a name used twice, a required column missing.
/// Columns chronomap does not use are warned about.
fn map_header(
    header: &[&[u8]],
    file: &str,
    required: &[&str],
    optional: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let names = header_names(header, file, diags)?;
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    let unique = report_repeated_names(&names, file, diags);
    warn_of_unknown_names(&names, &known, file, diags);
    let complete = report_missing_columns(&names, required, &known, file, diags);
    if !(unique && complete) {
        return None;
    }
    Some(
        known
            .iter()
            .map(|k| names.iter().position(|n| n == k))
            .collect(),
    )
}

/// The location of column `i` (0-based) of the header.
fn header_column(i: usize) -> Location {
    Location::Line {
        line: 1,
        column: Some(i as u64 + 1),
    }
}

/// The header's names, trimmed; `None` (reported) when one is not UTF-8.
fn header_names(header: &[&[u8]], file: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(s) => names.push(s.trim().to_string()),
            Err(_) => {
                diags.push(Diagnostic::error(
                    file,
                    header_column(i),
                    "header: column name is not valid UTF-8 text",
                ));
                return None;
            }
        }
    }
    Some(names)
}

/// Reports each name used twice; `false` when there is one. A header of thousands of
/// repeated names must neither take quadratic time nor flood the terminal: names are looked
/// up in a map and at most a file's worth are reported.
fn report_repeated_names(names: &[String], file: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let limit = super::limits::MAX_ERRORS_PER_FILE;
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    let mut duplicates = 0usize;
    for (i, name) in names.iter().enumerate() {
        let first = *first_seen.entry(name.as_str()).or_insert(i);
        if first == i {
            continue;
        }
        duplicates += 1;
        if duplicates > limit {
            continue;
        }
        diags.push(
            Diagnostic::error(
                file,
                header_column(i),
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
    duplicates == 0
}

/// Warns of up to a file's worth of columns chronomap does not use.
fn warn_of_unknown_names(
    names: &[String],
    known: &[&str],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let unknown = names
        .iter()
        .enumerate()
        .filter(|(_, name)| !known.contains(&name.as_str()));
    for (i, name) in unknown.take(super::limits::MAX_ERRORS_PER_FILE) {
        let mut d = Diagnostic::warning(
            file,
            header_column(i),
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
}

/// Reports the required columns the header lacks; `false` when there is one.
fn report_missing_columns(
    names: &[String],
    required: &[&str],
    known: &[&str],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !names.iter().any(|n| n == r))
        .collect();
    if missing.is_empty() {
        return true;
    }
    diags.push(
        Diagnostic::error(
            file,
            Location::Line {
                line: 1,
                column: None,
            },
            format!("header: missing column(s) {}", missing.join(", ")),
        )
        .hint(format!("the header must be: {}", known.join(","))),
    );
    false
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
