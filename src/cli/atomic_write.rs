//! Writing output files atomically: to a temporary file in the target folder, then renamed.

use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// A file being written: a temporary file next to its final path, which
/// [`commit`](PendingFile::commit) renames into place. Dropped without a commit, it is
/// removed and the old file (if any) is left as it was.
#[derive(Debug)]
pub struct PendingFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    permissions: Option<std::fs::Permissions>,
}

impl PendingFile {
    /// Creates the temporary file for `path` (and the folder, if missing).
    pub fn create(path: &Path) -> Result<PendingFile, String> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("error: {}: could not create the folder: {e}", dir.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| {
                format!(
                    "error: {}: could not create a temporary file: {e}",
                    dir.display()
                )
            })?;
        // Temporary files are created private (0600); an output file should be readable like
        // any other file the user makes, or keep the permissions of the file it replaces.
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => Some(meta.permissions()),
            Err(_) => default_permissions(),
        };
        Ok(PendingFile {
            tmp,
            path: path.to_path_buf(),
            permissions,
        })
    }

    /// The temporary file, to write into.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// Where the temporary file is (for a writer that opens it itself, such as SQLite).
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of bytes written so far.
    pub fn written(&self) -> Result<u64, String> {
        self.tmp
            .as_file()
            .metadata()
            .map(|m| m.len())
            .map_err(|e| format!("error: {}: could not be written: {e}", self.path.display()))
    }

    /// Gives the file its permissions and renames it into place.
    pub fn commit(self) -> Result<(), String> {
        let path = self.path;
        if let Some(p) = self.permissions {
            self.tmp
                .as_file()
                .set_permissions(p)
                .map_err(|e| format!("error: {}: could not be written: {e}", path.display()))?;
        }
        self.tmp.persist(&path).map_err(|e| {
            format!(
                "error: {}: could not be written: {}",
                path.display(),
                e.error
            )
        })?;
        Ok(())
    }
}

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one,
/// never a half-written file, even if the run is killed half-way (the rename is atomic). On
/// failure the temporary file is removed and the error names the path. The data is not
/// forced to disk with fsync: that would guard only against a power cut, and costs more than
/// the rest of a map's run.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut pending = PendingFile::create(path)?;
    pending
        .file()
        .write_all(bytes)
        .map_err(|e| format!("error: {}: could not be written: {e}", path.display()))?;
    pending.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.svg");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // A path whose parent is a file cannot be created.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let err = write_atomic(&blocker.join("out.svg"), b"new").unwrap_err();
        assert!(err.contains("out.svg") || err.contains("file"), "{err}");
        assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
    }
}
