//! SVG to PDF with svg2pdf: vector shapes and selectable, embedded DejaVu text.
//!
//! svg2pdf keeps its fonts and each page's resources in hash maps, so the order in which it
//! writes the font objects, numbers their parts and lists a resource dictionary changes from
//! run to run (the document is the same, the bytes are not). [`canonical_pdf`] rewrites the
//! file into one fixed order, so that the same map always gives the same bytes.

use super::error::RenderError;
use super::raster::parse_svg;

/// Converts SVG text to a one-page PDF. The page measures the SVG's pixel size at `dpi`.
/// The same SVG gives byte-identical PDF.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">
///   <text x="10" y="50" font-size="20">Kant</text></svg>"##;
/// let pdf = chronomap::render::pdf::svg_to_pdf(svg, 300).unwrap();
/// assert!(pdf.starts_with(b"%PDF"));
/// ```
pub fn svg_to_pdf(svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let tree = parse_svg(svg)?;
    let page = svg2pdf::PageOptions {
        dpi: dpi.max(1) as f32,
    };
    let pdf = svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| RenderError::Pdf(e.to_string()))?;
    canonical_pdf(&pdf).ok_or(RenderError::PdfLayout)
}

/// One indirect object: its number, the dictionary (or other value) before any stream, and
/// the stream part (`stream` … `endstream`), kept as bytes.
struct Object<'a> {
    number: usize,
    head: Vec<u8>,
    stream: &'a [u8],
}

/// Rewrites a PDF as pdf-writer lays it out (header, `N 0 obj` … `endobj` objects, a
/// classic xref table, trailer) in a canonical form: each resource dictionary's entries sorted,
/// objects renumbered in the order they are first referred to from the trailer, and written in
/// that order with a new xref table. Returns `None` for a file not laid out that way.
pub fn canonical_pdf(pdf: &[u8]) -> Option<Vec<u8>> {
    let xref = read_xref(pdf)?;
    let objects = split_objects(pdf, &xref)?;
    let trailer = pdf.get(xref.trailer_at..xref.start_xref)?;
    let (order, new_number) = reference_order(trailer, &objects)?;
    let header_end = xref
        .offsets
        .iter()
        .filter(|(_, used)| *used)
        .map(|(o, _)| *o)
        .min()?;
    let mut out = Vec::with_capacity(pdf.len());
    out.extend_from_slice(&pdf[..header_end]);
    let new_offsets = write_objects(&mut out, &objects, &order, &new_number)?;
    write_xref_and_trailer(&mut out, &new_offsets, &renumber(trailer, &new_number))?;
    Some(out)
}

/// Where a PDF's cross-reference table and trailer are, and the table's entries.
struct Xref {
    /// Offset of the `startxref` keyword.
    start_xref: usize,
    /// Offset of the `xref` table.
    xref_at: usize,
    /// Offset of the `trailer` keyword.
    trailer_at: usize,
    /// Offset of each object 0..count and whether it is in use.
    offsets: Vec<(usize, bool)>,
}

/// Reads the classic xref table that `startxref` points at; `None` unless it is one
/// subsection starting at object 0.
fn read_xref(pdf: &[u8]) -> Option<Xref> {
    let start_xref = find_last(pdf, b"startxref")?;
    let xref_at: usize = std::str::from_utf8(pdf.get(start_xref + 9..)?)
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let trailer_at = find(pdf, b"trailer", xref_at)?;
    let table = std::str::from_utf8(pdf.get(xref_at..trailer_at)?).ok()?;
    let mut lines = table.lines();
    if lines.next()?.trim() != "xref" {
        return None;
    }
    let mut range = lines.next()?.split_whitespace();
    let (first, count): (usize, usize) = (range.next()?.parse().ok()?, range.next()?.parse().ok()?);
    if first != 0 || count == 0 {
        return None;
    }
    let mut offsets = Vec::with_capacity(count);
    for line in lines.take(count) {
        let mut parts = line.split_whitespace();
        let offset: usize = parts.next()?.parse().ok()?;
        let _generation = parts.next()?;
        offsets.push((offset, parts.next()? == "n"));
    }
    if offsets.len() != count {
        return None;
    }
    Some(Xref {
        start_xref,
        xref_at,
        trailer_at,
        offsets,
    })
}

/// Cuts the file into its objects (by number; `None` for unused entries), each object's
/// resource dictionary entries sorted.
fn split_objects<'a>(pdf: &'a [u8], xref: &Xref) -> Option<Vec<Option<Object<'a>>>> {
    let mut starts: Vec<usize> = xref
        .offsets
        .iter()
        .filter(|(_, used)| *used)
        .map(|(o, _)| *o)
        .collect();
    starts.sort_unstable();
    starts.push(xref.xref_at);
    let mut objects: Vec<Option<Object<'_>>> = (0..xref.offsets.len()).map(|_| None).collect();
    for (number, &(offset, used)) in xref.offsets.iter().enumerate() {
        if !used {
            continue;
        }
        let next = starts[starts.binary_search(&offset).ok()? + 1];
        let chunk = pdf.get(offset..next)?;
        let prefix = format!("{number} 0 obj\n");
        let body = chunk.strip_prefix(prefix.as_bytes())?;
        let end = find_last(body, b"endobj")?;
        let body = &body[..end];
        let (head, stream) = match find(body, b"stream\n", 0) {
            Some(s) if body[..s].ends_with(b">>\n") => (&body[..s], &body[s..]),
            _ => (body, &body[body.len()..]),
        };
        objects[number] = Some(Object {
            number,
            head: sort_resource_entries(head),
            stream,
        });
    }
    Some(objects)
}

/// The objects in the order they are first referred to, breadth first from the trailer,
/// then those nothing refers to in their old order; and each old number's new number.
fn reference_order(
    trailer: &[u8],
    objects: &[Option<Object<'_>>],
) -> Option<(Vec<usize>, Vec<usize>)> {
    let count = objects.len();
    let mut new_number = vec![0usize; count];
    let mut order = Vec::with_capacity(count);
    let mut queue = std::collections::VecDeque::new();
    let mut visit =
        |n: usize, order: &mut Vec<usize>, queue: &mut std::collections::VecDeque<usize>| {
            if n > 0 && n < count && new_number[n] == 0 && objects[n].is_some() {
                order.push(n);
                new_number[n] = order.len();
                queue.push_back(n);
            }
        };
    for (_, r) in references(trailer) {
        visit(r, &mut order, &mut queue);
    }
    while let Some(n) = queue.pop_front() {
        let head = objects[n].as_ref()?.head.clone();
        for (_, r) in references(&head) {
            visit(r, &mut order, &mut queue);
        }
    }
    // Objects nothing refers to keep their relative order at the end.
    for n in 1..count {
        visit(n, &mut order, &mut queue);
    }
    Some((order, new_number))
}

/// Writes the objects in `order` under their new numbers; returns where each begins.
fn write_objects(
    out: &mut Vec<u8>,
    objects: &[Option<Object<'_>>],
    order: &[usize],
    new_number: &[usize],
) -> Option<Vec<usize>> {
    let mut new_offsets = Vec::with_capacity(order.len());
    for &n in order {
        let object = objects[n].as_ref()?;
        new_offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", new_number[object.number]).as_bytes());
        out.extend_from_slice(&renumber(&object.head, new_number));
        out.extend_from_slice(object.stream);
        out.extend_from_slice(b"endobj\n\n");
    }
    Some(new_offsets)
}

/// Writes the new xref table, the renumbered `trailer` with its `/Size` set to the new
/// object count, and `startxref`.
fn write_xref_and_trailer(out: &mut Vec<u8>, offsets: &[usize], trailer: &[u8]) -> Option<()> {
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", offsets.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
    }
    let trailer = std::str::from_utf8(trailer).ok()?;
    // The object count changes only if unused entries were dropped.
    let size = format!("/Size {}", offsets.len() + 1);
    let at = trailer.find("/Size ")?;
    let end = trailer[at + 6..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(trailer.len(), |e| at + 6 + e);
    let trailer = format!("{}{size}{}", &trailer[..at], &trailer[end..]);
    out.extend_from_slice(trailer.as_bytes());
    out.extend_from_slice(format!("startxref\n{xref}\n%%EOF").as_bytes());
    Some(())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The references (`N 0 R`) in PDF object syntax, outside string literals: the byte range
/// of each and the object number.
fn references(text: &[u8]) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    while i < text.len() {
        let b = text[i];
        if depth > 0 {
            match b {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'(' {
            depth = 1;
            i += 1;
            continue;
        }
        let boundary = i == 0 || !text[i - 1].is_ascii_alphanumeric() && text[i - 1] != b'.';
        if b.is_ascii_digit() && boundary {
            let digits_end = i + text[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let rest = &text[digits_end..];
            if rest.starts_with(b" 0 R") && rest.get(4).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                if let Some(n) = std::str::from_utf8(&text[i..digits_end])
                    .ok()
                    .and_then(|t| t.parse().ok())
                {
                    found.push((i..digits_end, n));
                }
                i = digits_end + 4;
                continue;
            }
            i = digits_end;
            continue;
        }
        i += 1;
    }
    found
}

/// `text` with every reference's object number replaced by its new number.
fn renumber(text: &[u8], new_number: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for (range, n) in references(text) {
        out.extend_from_slice(&text[last..range.start]);
        let m = new_number.get(n).copied().filter(|&m| m > 0).unwrap_or(n);
        out.extend_from_slice(m.to_string().as_bytes());
        last = range.end;
    }
    out.extend_from_slice(&text[last..]);
    out
}

/// Sorts the entries of every dictionary that opens on its own line (`/Font <<`) and holds one
/// simple entry per line, as pdf-writer writes resource dictionaries.
fn sort_resource_entries(head: &[u8]) -> Vec<u8> {
    let lines: Vec<&[u8]> = head.split(|b| *b == b'\n').collect();
    let mut out: Vec<&[u8]> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push(line);
        i += 1;
        let trimmed = line.trim_ascii();
        if !(trimmed.starts_with(b"/") && trimmed.ends_with(b" <<")) {
            continue;
        }
        let start = i;
        while i < lines.len() {
            let t = lines[i].trim_ascii();
            if t == b">>" || t.contains(&b'<') || t.contains(&b'>') || !t.starts_with(b"/") {
                break;
            }
            i += 1;
        }
        if i < lines.len() && lines[i].trim_ascii() == b">>" {
            let mut entries = lines[start..i].to_vec();
            entries.sort_unstable();
            out.extend(entries);
        } else {
            out.extend_from_slice(&lines[start..i]);
        }
    }
    out.join(&b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">
      <rect x="10" y="10" width="100" height="50" fill="#1f77b4" fill-opacity="0.5"/>
      <circle cx="200" cy="100" r="30" fill="#ff7f0e" stroke="#000" stroke-opacity="0.3"/>
      <text x="10" y="150" font-size="20" font-family="DejaVu Sans">Kant</text>
      <text x="120" y="150" font-size="20" font-family="DejaVu Sans" font-weight="bold">Manas</text>
      <text x="240" y="150" font-size="20" font-family="DejaVu Sans" font-style="italic" opacity="0.7">Osh</text>
    </svg>"##;

    #[test]
    fn the_same_svg_gives_the_same_pdf_bytes() {
        let first = svg_to_pdf(SVG, 96).unwrap();
        for _ in 0..8 {
            assert!(
                svg_to_pdf(SVG, 96).unwrap() == first,
                "the PDF bytes changed"
            );
        }
    }

    #[test]
    fn references_skip_strings_and_other_numbers() {
        let refs: Vec<usize> =
            references(b"<< /A 12 0 R /B (3 0 R) /C [4 0 R 5 0 R] /D 1.5 0 R >>")
                .into_iter()
                .map(|(_, n)| n)
                .collect();
        assert_eq!(refs, [12, 4, 5]);
    }

    #[test]
    fn the_canonical_file_is_a_pdf_with_a_valid_xref_table() {
        let pdf = svg_to_pdf(SVG, 96).unwrap();
        let at = find_last(&pdf, b"startxref\n").unwrap();
        let tail = std::str::from_utf8(&pdf[at + 10..]).unwrap();
        let xref: usize = tail.trim_end_matches("%%EOF").trim().parse().unwrap();
        assert!(pdf[xref..].starts_with(b"xref\n0 "));
        // Every offset in the table points at its object.
        let table = std::str::from_utf8(&pdf[xref..at]).unwrap();
        let entries: Vec<&str> = table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n"))
            .collect();
        assert!(entries.len() > 5, "{table}");
        for (i, line) in entries.iter().enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            let head = format!("{} 0 obj\n", i + 1);
            assert!(
                pdf[offset..].starts_with(head.as_bytes()),
                "object {}",
                i + 1
            );
        }
        // Canonical twice is the same as once.
        assert!(canonical_pdf(&pdf).unwrap() == pdf);
    }
}
