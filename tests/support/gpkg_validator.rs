//! GDAL's GeoPackage conformance validator (`validate_gpkg.py`, Debian `python3-gdal`).

use std::path::Path;
use std::process::Command;

/// The Python that Debian's `python3-gdal` installs for (a `python3` earlier on PATH, such as
/// pyenv's, does not see `osgeo_utils`).
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

const MODULE: &str = "osgeo_utils.samples.validate_gpkg";

/// Whether the validator can run here. When it cannot, prints one line saying the test is
/// skipped and how to install it, and returns false; under `CI=true` a missing validator
/// fails the test instead (`.ci/run` installs it).
pub fn available() -> bool {
    let found = Command::new(python())
        .args(["-c", &format!("import {MODULE}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    let msg = "GDAL's validate_gpkg.py is not installed; install it with \
               `apt-get install -y python3-gdal` (CI does this in .ci/run)";
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
    // Straight to the process's stderr: the harness hides a passing test's output.
    let line = format!("skipped: {msg}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    false
}

/// Runs `validate_gpkg.py --extra --warning-as-error` on `path` (which must end in `.gpkg`),
/// keeping going after the first problem; returns every requirement it reports.
pub fn problems(path: &Path) -> Result<(), String> {
    let out = Command::new(python())
        .args(["-m", MODULE, "-k", "--extra", "--warning-as-error"])
        .arg(path)
        .output()
        .map_err(|e| format!("the validator could not be started: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} fails GDAL's GeoPackage validator:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
