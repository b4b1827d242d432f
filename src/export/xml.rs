//! A small XML writer: indented elements, with every attribute and text escaped.

pub use crate::escape::escape_xml;

/// Builds an XML document as text, two spaces of indentation per level.
///
/// ```
/// use chronomap::export::XmlWriter;
/// let mut w = XmlWriter::new();
/// w.open("a", &[("k", "1 & 2")]);
/// w.leaf("b", &[], "x<y");
/// w.empty("c", &[]);
/// w.close();
/// assert_eq!(w.finish(), "<a k=\"1 &amp; 2\">\n  <b>x&lt;y</b>\n  <c/>\n</a>\n");
/// ```
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    stack: Vec<String>,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> XmlWriter {
        XmlWriter::default()
    }

    /// Writes a line as it is (a declaration or a doctype); the caller makes it well-formed.
    pub fn raw_line(&mut self, line: &str) {
        self.indent();
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn indent(&mut self) {
        for _ in 0..self.stack.len() {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape_xml(v));
            self.out.push('"');
        }
    }

    /// Opens an element; [`close`](XmlWriter::close) ends it.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.stack.push(name.to_string());
    }

    /// Writes an element without content: `<name a="…"/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// Writes an element holding only text, on one line.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape_xml(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Closes the innermost open element (does nothing when none is open).
    pub fn close(&mut self) {
        if let Some(name) = self.stack.pop() {
            self.indent();
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push_str(">\n");
        }
    }

    /// Closes every open element and returns the text.
    pub fn finish(mut self) -> String {
        while !self.stack.is_empty() {
            self.close();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_well_formed() {
        let nasty = "<x> & \"q\" 'a' ]]> \u{0}\u{1b}\ttab\r\nline \u{fffe}";
        let mut w = XmlWriter::new();
        w.open("root", &[("name", nasty)]);
        w.leaf("t", &[("v", nasty)], nasty);
        let text = w.finish();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let t = doc.root_element().first_element_child().unwrap();
        // Tabs and line breaks survive in attributes and text; forbidden characters do not.
        assert_eq!(
            t.attribute("v").unwrap(),
            "<x> & \"q\" 'a' ]]> \u{fffd}\u{fffd}\ttab\r\nline \u{fffd}"
        );
        assert_eq!(t.text().unwrap(), t.attribute("v").unwrap());
    }

    #[test]
    fn close_without_open_is_harmless() {
        let mut w = XmlWriter::new();
        w.close();
        assert_eq!(w.finish(), "");
    }
}
