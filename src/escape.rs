//! Escaping text from the data for markup and JSON: XML (SVG, KML, QML), HTML (the viewer,
//! KML descriptions), JSON strings (GeoJSON) and JSON inside `<script>` (the web pages). Every
//! writer uses these functions, so the rules live in one place: the `String` versions are
//! thin wrappers over the byte versions that the large exports use.

/// The XML replacement of one ASCII byte, or `None` when it stays as it is.
fn xml_ascii(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'&' => b"&amp;",
        b'<' => b"&lt;",
        b'>' => b"&gt;",
        b'"' => b"&quot;",
        b'\'' => b"&apos;",
        b'\t' => b"&#9;",
        b'\n' => b"&#10;",
        b'\r' => b"&#13;",
        0..=0x1f => "\u{fffd}".as_bytes(),
        _ => return None,
    })
}

/// The HTML replacement of one ASCII byte, or `None`.
fn html_ascii(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'&' => b"&amp;",
        b'<' => b"&lt;",
        b'>' => b"&gt;",
        b'"' => b"&quot;",
        b'\'' => b"&#39;",
        _ => return None,
    })
}

/// HTML escaping, then XML escaping of the result (an HTML fragment as XML text).
fn html_in_xml_ascii(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'&' => b"&amp;amp;",
        b'<' => b"&amp;lt;",
        b'>' => b"&amp;gt;",
        b'"' => b"&amp;quot;",
        b'\'' => b"&amp;#39;",
        _ => return xml_ascii(b),
    })
}

/// Copies `text` into `out`, replacing ASCII bytes as `ascii` says and, when `xml` is set,
/// the characters U+FFFE and U+FFFF (which XML 1.0 forbids) by U+FFFD. Runs of bytes that
/// need nothing are copied in one go.
fn escape_into(out: &mut Vec<u8>, text: &str, ascii: fn(u8) -> Option<&'static [u8]>, xml: bool) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (replacement, width) = if c < 0x80 {
            match ascii(c) {
                Some(r) => (r, 1),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else if xml
            && c == 0xef
            && b.get(i + 1) == Some(&0xbf)
            && matches!(b.get(i + 2), Some(0xbe | 0xbf))
        {
            ("\u{fffd}".as_bytes(), 3)
        } else {
            i += 1;
            continue;
        };
        out.extend_from_slice(&b[start..i]);
        out.extend_from_slice(replacement);
        i += width;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
}

/// Appends `text` escaped as [`escape_xml`] does, as UTF-8 bytes.
///
/// ```
/// let mut out = b"<a>".to_vec();
/// chronomap::escape::escape_xml_into(&mut out, "x & y\u{ffff}");
/// assert_eq!(out, "<a>x &amp; y\u{fffd}".as_bytes());
/// ```
pub fn escape_xml_into(out: &mut Vec<u8>, text: &str) {
    escape_into(out, text, xml_ascii, true);
}

/// Appends `text` escaped as [`escape_html`] does, as UTF-8 bytes.
pub fn escape_html_into(out: &mut Vec<u8>, text: &str) {
    escape_into(out, text, html_ascii, false);
}

/// Appends `text` escaped for HTML and the result escaped for XML, in one pass: the same
/// bytes as `escape_xml(&escape_html(text))`, for HTML inside an XML element (KML
/// descriptions).
///
/// ```
/// use chronomap::escape::{escape_html, escape_html_in_xml_into, escape_xml};
/// let text = "<b>'K' & \"2\"</b>\t\u{1}";
/// let mut out = Vec::new();
/// escape_html_in_xml_into(&mut out, text);
/// assert_eq!(out, escape_xml(&escape_html(text)).as_bytes());
/// ```
pub fn escape_html_in_xml_into(out: &mut Vec<u8>, text: &str) {
    escape_into(out, text, html_in_xml_ascii, true);
}

fn into_string(bytes: Vec<u8>) -> String {
    // Only ASCII bytes and whole characters are replaced, by ASCII or U+FFFD.
    String::from_utf8(bytes).expect("escaping keeps text UTF-8")
}

/// Escapes text for use in XML element content or in a double-quoted attribute.
///
/// Besides `& < > " '`, tabs and line breaks are written as character references (so they
/// survive in attributes), and characters that XML 1.0 forbids (most C0 controls, unpaired
/// surrogates cannot occur in Rust strings, U+FFFE/U+FFFF) become U+FFFD, so any text gives a
/// well-formed document.
///
/// ```
/// use chronomap::escape::escape_xml;
/// assert_eq!(escape_xml("a < b & \"c\" ]]>"), "a &lt; b &amp; &quot;c&quot; ]]&gt;");
/// assert_eq!(escape_xml("bell\u{7}"), "bell\u{fffd}");
/// ```
pub fn escape_xml(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    escape_xml_into(&mut out, text);
    into_string(out)
}

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in HTML
/// text and in quoted attribute values.
///
/// ```
/// use chronomap::escape::escape_html;
/// assert_eq!(escape_html(r#"<b>"K-2" & 'Kant'</b>"#),
///            "&lt;b&gt;&quot;K-2&quot; &amp; &#39;Kant&#39;&lt;/b&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    escape_html_into(&mut out, text);
    into_string(out)
}

/// Appends `text` as a JSON string literal, as [`json_string`] writes it.
///
/// ```
/// let mut out = Vec::new();
/// chronomap::escape::json_string_into(&mut out, "a\tb");
/// assert_eq!(out, br#""a\tb""#);
/// ```
pub fn json_string_into(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let width = match c {
            b'"' | b'\\' | 0..=0x1f => 1,
            // U+2028 and U+2029 (E2 80 A8/A9): valid JSON, but not valid JavaScript.
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[start..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0xe2 => {
                out.extend_from_slice(if b[i + 2] == 0xa8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
            }
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
            }
        }
        i += width;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// `text` as a JSON string literal: quotes, backslashes and control characters escaped, and
/// the line separators U+2028 and U+2029 (valid JSON, but not valid JavaScript) as `\u2028`
/// and `\u2029`.
///
/// ```
/// use chronomap::escape::json_string;
/// assert_eq!(json_string("a \"b\"\n\u{1}"), r#""a \"b\"\n\u0001""#);
/// ```
pub fn json_string(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    json_string_into(&mut out, text);
    into_string(out)
}

/// JSON text made safe to embed in a `<script>` element: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026` (so no `</script>` or `<!--` can appear), and the line
/// separators U+2028 and U+2029 as `\u2028` and `\u2029`. The JSON value is unchanged.
///
/// ```
/// use chronomap::escape::script_safe_json;
/// let json = serde_json::to_string("</script><!-- & \u{2028}").unwrap();
/// let safe = script_safe_json(&json);
/// assert_eq!(safe, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028""#);
/// assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "</script><!-- & \u{2028}");
/// ```
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules as they were written character by character, before the byte versions.
    fn xml_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' => out.push_str("&#9;"),
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn byte_escaping_agrees_with_the_character_rules() {
        let samples = [
            "",
            "plain",
            "<x> & \"q\" 'a' ]]> \u{0}\u{1b}\ttab\r\nline \u{fffe}\u{ffff}\u{fffd}",
            "Кант & Co — \u{effe}\u{efbf}\u{ffef} end",
            "\u{feff}\u{fffe}x\u{ffff}",
            "&&&<<<",
        ];
        for s in samples {
            assert_eq!(escape_xml(s), xml_by_char(s), "{s:?}");
            let mut both = Vec::new();
            escape_html_in_xml_into(&mut both, s);
            assert_eq!(both, xml_by_char(&escape_html(s)).as_bytes(), "{s:?}");
        }
    }

    /// JSON string rules as they were written character by character.
    fn json_by_char(text: &str) -> String {
        let mut out = String::from('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                    out.push_str(&format!("\\u{:04x}", u32::from(c)));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn json_strings_agree_with_the_character_rules() {
        for s in [
            "",
            "a \"b\"\n\u{1}\u{1f}\\",
            "\u{2028}x\u{2029}\u{2027}é",
            "\t\r",
            "Кант \u{7f} \u{e2}",
        ] {
            assert_eq!(json_string(s), json_by_char(s), "{s:?}");
            assert_eq!(
                serde_json::from_str::<String>(&json_string(s)).unwrap(),
                s,
                "{s:?}"
            );
        }
    }
}
