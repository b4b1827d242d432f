//! Tests that drive an external program (Chromium, GDAL, `script`, …) skip cleanly when it is
//! missing on a developer's machine, and fail when it is missing under CI (`CI=true`).

use std::path::Path;

/// Whether `program` (a name looked up on `PATH`, or an absolute path) can be run.
pub fn on_path(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// True when every program in `programs` is there. Otherwise, outside CI, prints one line
/// saying the test was skipped and how to install what it needs, and returns false; under
/// `CI=true` it panics, because `.ci/run` installs everything the tests need.
pub fn require(test: &str, programs: &[&str], install: &str) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !on_path(p)).collect();
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(" and ");
    let verb = if missing.len() == 1 { "is" } else { "are" };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{test}: {what} {verb} missing, and under CI=true that is a failure; install with: {install}"
        );
    }
    // Straight to the process's stderr: the test harness hides `eprintln!` of a passing test,
    // and this line must be seen.
    let line = format!("skipped {test}: {what} {verb} not installed; install with: {install}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    false
}
