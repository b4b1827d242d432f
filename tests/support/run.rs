//! Running the built `chronomap` binary, and reading site label positions out of a map.

use std::path::Path;
use std::process::Command;

/// Runs chronomap in `dir`; returns the exit code, stdout and stderr. The drawing cache is
/// off, so that no test reads what another drew (tests/drawing_cache.rs tests it).
pub fn chronomap(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(args)
        .current_dir(dir)
        .env("CHRONOMAP_CACHE_DIR", "")
        .output()
        .expect("the chronomap binary could not be started");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (label group id, text x, baseline y) of every site label in a map's SVG, sorted.
pub fn label_positions(svg: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(svg).expect("invalid SVG");
    let labels = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("labels"))
        .expect("no labels group");
    let mut v: Vec<_> = labels
        .children()
        .filter(|n| n.has_tag_name("g"))
        .map(|g| {
            let t = g
                .children()
                .find(|n| n.has_tag_name("text"))
                .expect("label without text");
            (
                g.attribute("id").unwrap_or_default().to_string(),
                t.attribute("x").unwrap_or_default().to_string(),
                t.attribute("y").unwrap_or_default().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}
