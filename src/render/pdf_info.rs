//! The PDF's document information: its title and a plain-language description (the
//! `Subject` entry), added to a finished PDF as an incremental update so the page content
//! written by svg2pdf stays byte for byte as it was.
//!
//! An incremental update appends a new object (the information dictionary), a
//! cross-reference section for it, and a trailer that points back at the previous one
//! (`/Prev`); every PDF reader applies it.

use super::error::RenderError;
use std::fmt::Write;

/// `pdf` with a document information dictionary holding `title` and `subject` (each left
/// out when empty). Text is written as UTF-16 with a byte-order mark, so any script
/// survives.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="15"/>"##;
/// let pdf = chronomap::render::pdf::svg_to_pdf(svg, 96).unwrap();
/// let out = chronomap::render::pdf_info::with_info(pdf, "Map", "Manas closed").unwrap();
/// let tail = String::from_utf8_lossy(&out[out.len() - 400..]).into_owned();
/// assert!(tail.contains("/Subject <FEFF"), "{tail}");
/// assert!(tail.trim_end().ends_with("%%EOF"));
/// ```
pub fn with_info(mut pdf: Vec<u8>, title: &str, subject: &str) -> Result<Vec<u8>, RenderError> {
    if title.is_empty() && subject.is_empty() {
        return Ok(pdf);
    }
    let bad = RenderError::PdfInfo;
    let text = String::from_utf8_lossy(&pdf);
    let trailer_at = text
        .rfind("trailer")
        .ok_or_else(|| bad("the PDF has no trailer"))?;
    let startxref_at = text
        .rfind("startxref")
        .filter(|&at| at > trailer_at)
        .ok_or_else(|| bad("the PDF has no startxref after its trailer"))?;
    let prev: usize = text[startxref_at + "startxref".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad("the PDF's startxref is not a number"))?;
    let dict = &text[trailer_at + "trailer".len()..startxref_at];
    let size: usize = dict
        .split("/Size")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.trim_end_matches(">>").parse().ok())
        .ok_or_else(|| bad("the PDF's trailer has no /Size"))?;
    // Entries the new trailer repeats (the catalogue, the file id), one per line as
    // pdf-writer writes them.
    let kept: Vec<String> = dict
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("/Root") || l.starts_with("/ID"))
        .map(str::to_string)
        .collect();
    if !kept.iter().any(|l| l.starts_with("/Root")) {
        return Err(bad("the PDF's trailer has no /Root"));
    }
    drop(text);

    if !pdf.ends_with(b"\n") {
        pdf.push(b'\n');
    }
    let object_at = pdf.len();
    let mut update = String::new();
    let _ = write!(update, "{size} 0 obj\n<<\n");
    if !title.is_empty() {
        let _ = writeln!(update, "  /Title {}", utf16_string(title));
    }
    if !subject.is_empty() {
        let _ = writeln!(update, "  /Subject {}", utf16_string(subject));
    }
    update.push_str(">>\nendobj\n");
    let xref_at = object_at + update.len();
    let _ = write!(update, "xref\n{size} 1\n{object_at:010} 00000 n\r\n");
    let _ = write!(update, "trailer\n<<\n  /Size {}\n", size + 1);
    for line in kept {
        let _ = writeln!(update, "  {line}");
    }
    let _ = write!(
        update,
        "  /Info {size} 0 R\n  /Prev {prev}\n>>\nstartxref\n{xref_at}\n%%EOF\n"
    );
    pdf.extend_from_slice(update.as_bytes());
    Ok(pdf)
}

/// A PDF text string in UTF-16BE with its byte-order mark, written as hex.
fn utf16_string(s: &str) -> String {
    let mut out = String::with_capacity(6 + s.len() * 4);
    out.push_str("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(hex: &str) -> String {
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect();
        String::from_utf16(&units).unwrap()
    }

    #[test]
    fn the_update_points_at_the_new_object_and_back_at_the_old_table() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="15"/>"##;
        let pdf = crate::render::pdf::svg_to_pdf(svg, 96).unwrap();
        let before = pdf.len();
        let old_xref = String::from_utf8_lossy(&pdf)
            .rsplit("startxref")
            .next()
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        let out = with_info(pdf.clone(), "Карта", "Manas closed; 2012 or 2017").unwrap();
        assert_eq!(out[..before], pdf[..], "the original bytes are kept");
        let tail = String::from_utf8(out[before..].to_vec()).unwrap();
        // The xref entry gives the object's offset, which is where "N 0 obj" begins.
        let entry = tail
            .split("\n")
            .find(|l| l.ends_with(" 00000 n\r"))
            .unwrap();
        let offset: usize = entry[..10].parse().unwrap();
        let object_line = String::from_utf8_lossy(&out[offset..offset + 12]).into_owned();
        assert!(object_line.contains(" 0 obj"), "{object_line}");
        // startxref gives the offset of the new xref keyword.
        let new_xref: usize = tail
            .rsplit("startxref")
            .next()
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(&out[new_xref..new_xref + 4], b"xref");
        assert!(tail.contains(&format!("/Prev {old_xref}")), "{tail}");
        assert!(tail.contains("/Root "), "{tail}");
        let subject = tail.split("/Subject <FEFF").nth(1).unwrap();
        let subject = &subject[..subject.find('>').unwrap()];
        assert_eq!(decode(subject), "Manas closed; 2012 or 2017");
        let title = tail.split("/Title <FEFF").nth(1).unwrap();
        assert_eq!(decode(&title[..title.find('>').unwrap()]), "Карта");
    }

    #[test]
    fn no_text_leaves_the_file_alone_and_garbage_is_refused() {
        assert_eq!(with_info(b"%PDF".to_vec(), "", "").unwrap(), b"%PDF");
        assert!(with_info(b"not a pdf".to_vec(), "t", "s").is_err());
    }
}
