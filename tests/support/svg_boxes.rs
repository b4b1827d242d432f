//! Reading a rendered map back: the boxes its labels and symbols occupy, measured with the
//! same DejaVu metrics the layout and the renderer use.

use chronomap::fonts::{FontStyle, text_width, vertical_extent};

/// An axis-aligned box: x0, y0, x1, y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox(pub f64, pub f64, pub f64, pub f64);

impl BBox {
    pub fn overlaps(&self, o: &BBox, slack: f64) -> bool {
        self.0 + slack < o.2 && o.0 + slack < self.2 && self.1 + slack < o.3 && o.1 + slack < self.3
    }
    pub fn inside(&self, o: &BBox) -> bool {
        self.0 >= o.0 && self.2 <= o.2 && self.1 >= o.1 && self.3 <= o.3
    }
}

/// A piece of text found in the SVG, with its box and the id of the nearest group holding it.
#[derive(Debug, Clone)]
pub struct TextBox {
    pub text: String,
    pub group: String,
    pub bbox: BBox,
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn group_id(node: roxmltree::Node) -> String {
    node.ancestors()
        .filter_map(|a| a.attribute("id"))
        .next()
        .unwrap_or("")
        .to_string()
}

/// The box of a `<text>` element.
pub fn text_box(node: roxmltree::Node) -> TextBox {
    let text: String = node.text().unwrap_or("").to_string();
    let size = num(node, "font-size");
    let style = match (node.attribute("font-weight"), node.attribute("font-style")) {
        (Some("bold"), _) => FontStyle::Bold,
        (_, Some("italic")) => FontStyle::Oblique,
        _ => FontStyle::Regular,
    };
    let spacing = num(node, "letter-spacing");
    let n = text.chars().count() as f64;
    let w = text_width(&text, size, style) + spacing * (n - 1.0).max(0.0);
    let (x, y) = (num(node, "x"), num(node, "y"));
    let x0 = match node.attribute("text-anchor") {
        Some("middle") => x - w / 2.0 - spacing / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    let (up, down) = vertical_extent(size);
    TextBox {
        text,
        group: group_id(node),
        bbox: BBox(x0, y - up, x0 + w, y + down),
    }
}

/// The box of a shape element (circle, rect or path made of M/L/Z commands).
pub fn shape_box(node: roxmltree::Node) -> Option<BBox> {
    match node.tag_name().name() {
        "circle" => {
            let (cx, cy, r) = (num(node, "cx"), num(node, "cy"), num(node, "r"));
            Some(BBox(cx - r, cy - r, cx + r, cy + r))
        }
        "rect" => {
            let (x, y) = (num(node, "x"), num(node, "y"));
            Some(BBox(x, y, x + num(node, "width"), y + num(node, "height")))
        }
        "path" => {
            let d = node.attribute("d")?;
            let nums: Vec<f64> = d
                .split(['M', 'L', 'Z', ' '])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            let xs: Vec<f64> = nums.iter().copied().step_by(2).collect();
            let ys: Vec<f64> = nums.iter().copied().skip(1).step_by(2).collect();
            let min = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
            let max = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
            Some(BBox(min(&xs), min(&ys), max(&xs), max(&ys)))
        }
        _ => None,
    }
}

/// The element with this id.
pub fn by_id<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("the SVG has no element with id {id:?}"))
}

/// Every text box under the element with this id.
pub fn texts_under(doc: &roxmltree::Document, id: &str) -> Vec<TextBox> {
    by_id(doc, id)
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(text_box)
        .collect()
}

/// Asserts that no label touches another label, a symbol, a place dot or the frame edge.
pub fn assert_no_collisions(svg: &str, what: &str) {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: invalid XML: {e}"));
    let frame = shape_box(
        by_id(&doc, "basemap")
            .children()
            .find(|n| n.has_tag_name("rect"))
            .unwrap(),
    )
    .unwrap();
    let mut labels = texts_under(&doc, "labels");
    labels.extend(texts_under(&doc, "basemap-labels"));
    assert!(!labels.is_empty());
    for l in &labels {
        assert!(
            l.bbox.inside(&frame),
            "{what}: label {:?} leaves the map frame: {:?}",
            l.text,
            l.bbox
        );
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                !a.bbox.overlaps(&b.bbox, 0.5),
                "{what}: labels {:?} and {:?} overlap: {:?} {:?}",
                a.text,
                b.text,
                a.bbox,
                b.bbox
            );
        }
    }
    let mut symbols: Vec<(String, BBox)> = by_id(&doc, "sites")
        .descendants()
        .filter_map(|n| {
            Some((
                n.ancestors()
                    .find_map(|a| a.attribute("id"))
                    .unwrap_or("")
                    .to_string(),
                shape_box(n)?,
            ))
        })
        .collect();
    symbols.extend(
        by_id(&doc, "basemap-labels")
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .filter_map(|n| Some(("place dot".to_string(), shape_box(n)?))),
    );
    for l in &labels {
        for (owner, s) in &symbols {
            assert!(
                !l.bbox.overlaps(s, 0.5),
                "{what}: label {:?} covers the symbol of {owner}: {:?} {:?}",
                l.text,
                l.bbox,
                s
            );
        }
    }
}
