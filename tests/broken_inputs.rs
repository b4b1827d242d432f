//! Runs `chronomap check --data DIR` on each broken dataset in `tests/broken/` and asserts the
//! exit code and the exact message. Each case folder holds only the files that differ from
//! `tests/fixtures/mini`, plus `expected.txt`: the first line is `exit: N`, the rest is stderr,
//! with the dataset folder written as `DIR`.
//!
//! To regenerate the expectations after a deliberate change of wording:
//! `CHRONOMAP_BLESS=1 cargo test --test broken_inputs`, then review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "expected.txt" || name == "README" {
            continue;
        }
        if name.to_string_lossy().ends_with(".absent") {
            let real = name
                .to_string_lossy()
                .trim_end_matches(".absent")
                .to_string();
            std::fs::remove_file(to.join(real)).unwrap();
            continue;
        }
        std::fs::copy(entry.path(), to.join(name)).unwrap();
    }
}

fn run_case(case: &Path) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/mini"), dir.path());
    copy_dir(case, dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .env("CHRONOMAP_CACHE_DIR", "")
        .args(["check", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&dir.path().display().to_string(), "DIR");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn every_broken_dataset_gets_its_exact_message() {
    let bless = std::env::var_os("CHRONOMAP_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 25,
        "the corpus must hold at least 25 cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let (code, stderr) = run_case(case);
        let actual = format!("exit: {code}\n{stderr}");
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {}\nexpected:\n{expected}\nactual:\n{actual}",
                case.display()
            ));
        }
        assert!(
            !stderr.contains("panicked"),
            "{}: chronomap panicked:\n{stderr}",
            case.display()
        );
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
