//! The drawing cache: a PNG drawn over a basemap stored by an earlier run is the same file,
//! byte for byte, as one drawn whole; a changed style or page never gets another's drawing;
//! a damaged or unwritable cache costs nothing but time.

use std::path::Path;
use std::process::Command;

/// Runs `chronomap render ARGS -o NAME` in `dir` with the cache in `cache` ("" = off);
/// returns the PNG's bytes.
fn render(dir: &Path, cache: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    render_saying(dir, cache, name, args).0
}

/// [`render`], with everything `-v` said on stderr.
fn render_saying(dir: &Path, cache: &Path, name: &str, args: &[&str]) -> (Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .arg("render")
        .args(args)
        .args(["-v", "-o", name])
        .current_dir(dir)
        .env("CHRONOMAP_CACHE_DIR", cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "render {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    (std::fs::read(dir.join(name)).unwrap(), said)
}

/// The stored drawings in `cache`, sorted.
fn drawings(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_png_drawn_over_a_stored_basemap_is_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    for args in [
        &["--year", "2014"][..],
        &["--year", "2014", "--no-relief"][..],
    ] {
        let (whole, off) = render_saying(dir.path(), Path::new(""), "whole.png", args);
        assert!(off.contains("cache off"), "{off}");
        let (first, said) = render_saying(dir.path(), &cache, "first.png", args);
        assert!(said.contains("drawn and stored"), "{said}");
        let stored = drawings(&cache);
        assert!(!stored.is_empty(), "nothing stored for {args:?}");
        let (second, said) = render_saying(dir.path(), &cache, "second.png", args);
        assert!(said.contains("read from the cache"), "{said}");
        assert_eq!(
            drawings(&cache),
            stored,
            "the second run stored another drawing"
        );
        assert!(
            first == whole,
            "{args:?}: the run that stored differs from a whole drawing"
        );
        assert!(
            second == whole,
            "{args:?}: the run that read differs from a whole drawing"
        );
    }
    // A later year shares the basemap: one drawing serves both.
    let before = drawings(&cache);
    let (later, said) = render_saying(dir.path(), &cache, "later.png", &["--year", "2023"]);
    assert!(said.contains("read from the cache"), "{said}");
    assert_eq!(drawings(&cache), before);
    assert!(later == render(dir.path(), Path::new(""), "w.png", &["--year", "2023"]));
}

#[test]
fn another_style_or_page_never_gets_a_stored_drawing_of_another() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::write(
        dir.path().join("green.toml"),
        "[colors]\nland = \"#cfe8c0\"\n",
    )
    .unwrap();
    let plain = render(dir.path(), &cache, "plain.png", &[]);
    let (green, said) = render_saying(dir.path(), &cache, "green.png", &["--style", "green.toml"]);
    assert!(said.contains("drawn and stored"), "{said}");
    assert!(plain != green, "the style changed nothing");
    assert!(
        green
            == render(
                dir.path(),
                Path::new(""),
                "g.png",
                &["--style", "green.toml"]
            )
    );
    let small = render(
        dir.path(),
        &cache,
        "small.png",
        &["--width", "800", "--height", "500"],
    );
    assert!(
        small
            == render(
                dir.path(),
                Path::new(""),
                "s.png",
                &["--width", "800", "--height", "500"]
            )
    );
    assert_eq!(drawings(&cache).len(), 3, "{:?}", drawings(&cache));
}

#[test]
fn a_damaged_or_unwritable_cache_costs_only_time() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let whole = render(dir.path(), Path::new(""), "whole.png", &[]);
    render(dir.path(), &cache, "first.png", &[]);
    let stored = cache.join(&drawings(&cache)[0]);
    let size = std::fs::metadata(&stored).unwrap().len();
    // Cut short, then scribbled on: both are drawn again, correctly, and stored again.
    let bytes = std::fs::read(&stored).unwrap();
    std::fs::write(&stored, &bytes[..bytes.len() / 2]).unwrap();
    assert!(render(dir.path(), &cache, "cut.png", &[]) == whole);
    assert_eq!(std::fs::metadata(&stored).unwrap().len(), size);
    for at in [8, bytes.len() / 2] {
        let mut wrong = bytes.clone();
        wrong[at] ^= 0xff; // the key, then a pixel
        std::fs::write(&stored, &wrong).unwrap();
        let (png, said) = render_saying(dir.path(), &cache, "wrong.png", &[]);
        assert!(png == whole, "byte {at} changed: the map differs");
        assert!(
            said.contains("drawn and stored"),
            "byte {at} changed: {said}"
        );
    }
    // A cache "folder" that is a file cannot be written: the map is still made.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    assert!(render(dir.path(), &blocked, "blocked.png", &[]) == whole);
}

#[test]
fn no_cache_and_an_empty_cache_dir_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let whole = render(dir.path(), &cache, "a.png", &["--no-cache"]);
    assert!(
        drawings(&cache).is_empty(),
        "--no-cache stored {:?}",
        drawings(&cache)
    );
    let home = dir.path().join("home");
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(["render", "-q", "-o", "b.png"])
        .current_dir(dir.path())
        .env("CHRONOMAP_CACHE_DIR", "")
        .env("HOME", &home)
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !home.exists(),
        "an empty CHRONOMAP_CACHE_DIR still wrote under HOME"
    );
    assert!(std::fs::read(dir.path().join("b.png")).unwrap() == whole);
    // Without CHRONOMAP_CACHE_DIR the cache is under XDG_CACHE_HOME, else HOME/.cache.
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .args(["render", "-q", "-o", "c.png"])
        .current_dir(dir.path())
        .env_remove("CHRONOMAP_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(drawings(&home.join(".cache/chronomap")).len(), 1);
}

#[test]
fn an_svg_takes_its_relief_picture_from_the_cache_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let args = ["--relief"];
    let (whole, _) = render_saying(dir.path(), Path::new(""), "whole.svg", &args);
    let (first, said) = render_saying(dir.path(), &cache, "first.svg", &args);
    assert!(!said.contains("relief picture: read"), "{said}");
    let pictures: Vec<String> = drawings(&cache)
        .into_iter()
        .filter(|n| n.starts_with("picture-"))
        .collect();
    assert_eq!(pictures.len(), 1, "{pictures:?}");
    let (second, said) = render_saying(dir.path(), &cache, "second.svg", &args);
    assert!(
        said.contains("relief picture: read from the cache"),
        "{said}"
    );
    assert!(
        first == whole && second == whole,
        "the SVG changed with the cache"
    );
    // A damaged picture is made again.
    let path = cache.join(&pictures[0]);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    let (third, said) = render_saying(dir.path(), &cache, "third.svg", &args);
    assert!(!said.contains("relief picture: read"), "{said}");
    assert!(third == whole);
}

#[test]
fn a_series_over_the_stored_basemap_writes_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let series = |out: &str, cache: &Path, extra: &[&str]| {
        let out_dir = dir.path().join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_chronomap"))
            .args(["series", "-q", "--relief", "--from", "2011", "--to", "2013"])
            .args([
                "--format",
                "svg,png",
                "--out-dir",
                out_dir.to_str().unwrap(),
            ])
            .args(extra)
            .current_dir(dir.path())
            .env("CHRONOMAP_CACHE_DIR", cache)
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out_dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let whole = series("whole", &cache, &["--no-cache"]);
    assert!(
        drawings(&cache).is_empty(),
        "--no-cache stored {:?}",
        drawings(&cache)
    );
    let first = series("first", &cache, &[]);
    assert_eq!(
        drawings(&cache).len(),
        2,
        "basemap and relief: {:?}",
        drawings(&cache)
    );
    let second = series("second", &cache, &[]);
    for run in [&first, &second] {
        assert_eq!(run.len(), whole.len());
        for ((name, bytes), (_, want)) in run.iter().zip(&whole) {
            assert!(bytes == want, "{name} differs with the cache");
        }
    }
}

#[test]
fn the_web_map_takes_its_relief_picture_from_the_cache_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let web = |out: &str, cache: &Path, extra: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_chronomap"))
            .args([
                "web",
                "-q",
                "--from",
                "2012",
                "--to",
                "2014",
                "--out-dir",
                out,
            ])
            .args(extra)
            .current_dir(dir.path())
            .env("CHRONOMAP_CACHE_DIR", cache)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(dir.path().join(out).join("index.html")).unwrap()
    };
    let whole = web("whole", &cache, &["--no-cache"]);
    assert!(drawings(&cache).is_empty());
    let first = web("first", &cache, &[]);
    assert_eq!(drawings(&cache).len(), 1, "{:?}", drawings(&cache));
    let second = web("second", &cache, &[]);
    assert!(
        first == whole && second == whole,
        "the page changed with the cache"
    );
}
