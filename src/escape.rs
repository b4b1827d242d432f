//! Escaping text from the data for markup: XML (SVG, KML, QML) and HTML (the viewer, KML
//! descriptions). Every writer uses these two functions, so the rules live in one place.

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
    let mut out = String::with_capacity(text.len());
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

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in HTML
/// text and in quoted attribute values.
///
/// ```
/// use chronomap::escape::escape_html;
/// assert_eq!(escape_html(r#"<b>"K-2" & 'Kant'</b>"#),
///            "&lt;b&gt;&quot;K-2&quot; &amp; &#39;Kant&#39;&lt;/b&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
