//! Writing output files atomically: to a temporary file in the target folder, then renamed
//! (or swapped with the file it replaces).
//!
//! Temporary files are named `.NAME.chronomap-PID-XXXXXX.tmp`: the process id in the name
//! says whose they are. Every temporary file of this process is in a registry, so that
//! [`remove_temporaries`] (called when a signal stops the run) can delete them; and the
//! first time a run writes into a folder it removes the temporaries there whose process is
//! no longer alive (a run killed with SIGKILL, or by a power cut), never those of a run that
//! is still going.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// What a temporary file's name holds between the output's name and the process id.
const TAG: &str = ".chronomap-";

/// The suffixes SQLite may add to a database's name for its side files.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The temporary files of this process, and whether the process is stopping.
struct Registry {
    live: Vec<PathBuf>,
    stopping: bool,
}

fn registry() -> MutexGuard<'static, Registry> {
    static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
        live: Vec::new(),
        stopping: false,
    });
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

fn remove_with_side_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for side in SIDE_FILES {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Deletes every temporary file this process has open (and SQLite's side files next to
/// them), and makes any later attempt to create one fail. For the signal handler: after
/// this, the process exits.
pub fn remove_temporaries() {
    let mut reg = registry();
    reg.stopping = true;
    for path in reg.live.drain(..) {
        remove_with_side_files(&path);
    }
}

/// The process id written in a temporary file's name, if `name` is one of chronomap's.
fn temporary_owner(name: &str) -> Option<u32> {
    let mut base = name;
    for side in SIDE_FILES {
        if let Some(b) = base.strip_suffix(side) {
            base = b;
            break;
        }
    }
    let base = base.strip_prefix('.')?.strip_suffix(".tmp")?;
    let rest = &base[base.rfind(TAG)? + TAG.len()..];
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process with this id exists (one we may not signal exists too).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; kill only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Removes the temporary files in `dir` that a dead chronomap process left, once per folder
/// per run. Files of live processes, and any file whose name is not exactly a chronomap
/// temporary's, are left alone.
fn clean_dead_temporaries(dir: &Path) {
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut cleaned = CLEANED.lock().unwrap_or_else(|e| e.into_inner());
        if !cleaned
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner) = name.to_str().and_then(temporary_owner) else {
            continue;
        };
        if owner == me || process_alive(owner) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process's file-creation mask, read once.
#[cfg(unix)]
fn umask() -> u32 {
    static UMASK: OnceLock<u32> = OnceLock::new();
    *UMASK.get_or_init(|| {
        // Linux shows it without changing it; elsewhere it can only be read by setting it,
        // which is done once and put back at once.
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            if let Some(mask) = status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            {
                return mask;
            }
        }
        // SAFETY: umask cannot fail; the old mask is restored straight away.
        // (`mode_t` is u32 on Linux but u16 on macOS, hence the conversion.)
        #[allow(clippy::useless_conversion)]
        unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            u32::from(old)
        }
    })
}

/// A new output file gets the permissions any new file of the user gets: read and write for
/// everyone, less the umask (0644 under the usual umask 022, 0600 under 077).
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666 & !umask()))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Why an output file could not be written; its text names the file (or its folder).
///
/// ```
/// use chronomap::cli::atomic_write::WriteError;
/// let e = WriteError::Stopping("out/map.svg".into());
/// assert_eq!(e.to_string(), "out/map.svg: the run is being stopped");
/// ```
#[derive(Debug)]
pub enum WriteError {
    /// The folder could not be created.
    Folder(PathBuf, std::io::Error),
    /// No temporary file could be made in the folder.
    Temporary(PathBuf, std::io::Error),
    /// A signal is stopping the run, so nothing more is renamed into place.
    Stopping(PathBuf),
    /// The file could not be written or renamed into place.
    Write(PathBuf, Option<std::io::Error>),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Folder(dir, e) => {
                write!(f, "{}: could not create the folder: {e}", dir.display())
            }
            WriteError::Temporary(dir, e) => {
                write!(
                    f,
                    "{}: could not create a temporary file: {e}",
                    dir.display()
                )
            }
            WriteError::Stopping(path) => write!(f, "{}: the run is being stopped", path.display()),
            WriteError::Write(path, Some(e)) => {
                write!(f, "{}: could not be written: {e}", path.display())
            }
            WriteError::Write(path, None) => write!(f, "{}: could not be written", path.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Folder(_, e)
            | WriteError::Temporary(_, e)
            | WriteError::Write(_, Some(e)) => Some(e),
            WriteError::Stopping(_) | WriteError::Write(_, None) => None,
        }
    }
}

/// A file being written: a temporary file next to its final path, which
/// [`commit`](PendingFile::commit) renames into place. Dropped without a commit, it is
/// removed and the old file (if any) is left as it was.
#[derive(Debug)]
pub struct PendingFile {
    tmp: Option<tempfile::NamedTempFile>,
    path: PathBuf,
    permissions: Option<std::fs::Permissions>,
}

impl PendingFile {
    /// Creates the temporary file for `path` (and the folder, if missing).
    pub fn create(path: &Path) -> Result<PendingFile, WriteError> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| WriteError::Folder(dir.to_path_buf(), e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        clean_dead_temporaries(dir);
        let mut reg = registry();
        if reg.stopping {
            return Err(WriteError::Stopping(path.to_path_buf()));
        }
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}{TAG}{}-", std::process::id()))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| WriteError::Temporary(dir.to_path_buf(), e))?;
        reg.live.push(tmp.path().to_path_buf());
        drop(reg);
        // Temporary files are created private (0600); an output file should be readable like
        // any other file the user makes, or keep the permissions of the file it replaces.
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => Some(meta.permissions()),
            Err(_) => default_permissions(),
        };
        Ok(PendingFile {
            tmp: Some(tmp),
            path: path.to_path_buf(),
            permissions,
        })
    }

    /// The temporary file, to write into.
    pub fn file(&mut self) -> &mut std::fs::File {
        // Only `commit` and `drop` take the file, and both consume the value.
        self.tmp
            .as_mut()
            .map(tempfile::NamedTempFile::as_file_mut)
            .expect("a pending file holds its temporary file until it is committed or dropped")
    }

    /// Where the temporary file is (for a writer that opens it itself, such as SQLite).
    pub fn temp_path(&self) -> &Path {
        self.tmp.as_ref().map_or(Path::new(""), |t| t.path())
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of bytes written so far.
    pub fn written(&self) -> Result<u64, WriteError> {
        self.tmp
            .as_ref()
            .ok_or_else(|| std::io::Error::other("no temporary file"))
            .and_then(|t| t.as_file().metadata())
            .map(|m| m.len())
            .map_err(|e| WriteError::Write(self.path.clone(), Some(e)))
    }

    /// Gives the file its permissions and renames it into place.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let path = self.path.clone();
        let Some(tmp) = self.tmp.take() else {
            return Err(WriteError::Write(path, None));
        };
        if let Some(p) = self.permissions.take() {
            tmp.as_file()
                .set_permissions(p)
                .map_err(|e| WriteError::Write(path.clone(), Some(e)))?;
        }
        // The rename and leaving the registry happen under its lock, so a signal's clean-up
        // sees the file either as a temporary or as the finished output, never half-way.
        let mut reg = registry();
        if reg.stopping {
            return Err(WriteError::Stopping(path));
        }
        let temp = tmp.path().to_path_buf();
        reg.live.retain(|p| *p != temp);
        if exchange(&temp, &path) {
            // The old file now has the temporary's name: dropping the handle removes it.
            drop(tmp);
            return Ok(());
        }
        tmp.persist(&path)
            .map(drop)
            .map_err(|e| WriteError::Write(path, Some(e.error)))
    }
}

/// Swaps the new file at `temp` with the existing regular file at `path` in one step
/// (Linux's `renameat2` with `RENAME_EXCHANGE`), so readers see the old file or the new one,
/// as with a rename. False when there is no regular file at `path` yet, or the kernel or
/// file system cannot swap: the caller renames instead.
///
/// Why not always rename: on ext4, renaming over an existing file makes the kernel start
/// writing the new file out at once (its `auto_da_alloc` guard for programs that do not
/// fsync), which took 1.3 ms of a 27 ms map run. The guard's benefit is lost with the swap:
/// after a power cut in the seconds after a run, the replaced file may be empty, as after
/// any program that writes without fsync.
#[cfg(target_os = "linux")]
fn exchange(temp: &Path, path: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    let (Ok(from), Ok(to)) = (
        CString::new(temp.as_os_str().as_bytes()),
        CString::new(path.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both arguments are NUL-terminated strings that outlive the call, and the
    // call only reads them.
    is_file
        && unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        } == 0
}

/// Elsewhere the file is always renamed into place.
#[cfg(not(target_os = "linux"))]
fn exchange(_temp: &Path, _path: &Path) -> bool {
    false
}

impl Drop for PendingFile {
    /// A file dropped without a commit is removed, with any side file SQLite left.
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let temp = tmp.path().to_path_buf();
            drop(tmp);
            remove_with_side_files(&temp);
            registry().live.retain(|p| *p != temp);
        }
    }
}

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one,
/// never a half-written file, even if the run is killed half-way (the rename, or the swap
/// with an existing file, is atomic). On
/// failure the temporary file is removed and the error names the path. The data is not
/// forced to disk with fsync: that would guard only against a power cut, and costs more than
/// the rest of a map's run.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut pending = PendingFile::create(path)?;
    pending
        .file()
        .write_all(bytes)
        .map_err(|e| WriteError::Write(path.to_path_buf(), Some(e)))?;
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
    fn a_replaced_file_keeps_nothing_of_the_old_one_and_a_symlink_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.png");
        std::fs::write(&path, vec![7u8; 100_000]).unwrap();
        write_atomic(&path, b"short").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"short");
        let target = dir.path().join("target.png");
        std::fs::write(&target, "kept").unwrap();
        let link = dir.path().join("link.png");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.png");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), "x").unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(std::fs::read_to_string(path.join("inside")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // A path whose parent is a file cannot be created.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let err = write_atomic(&blocker.join("out.svg"), b"new")
            .unwrap_err()
            .to_string();
        assert!(err.contains("out.svg") || err.contains("file"), "{err}");
        assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
    }
}
