//! File writes that never leave a half-written file behind.

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same directory, synced, then
/// renamed over the target: readers see the old file or the new one, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path
        .file_name()
        .context("target has no file name")?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

/// 64-bit FNV-1a, hex: the content hash in asset names.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The name of the lock file `build` holds in its output folder. A dotfile, so neither the
/// clean-up of stale assets nor `serve` ever treats it as part of the site.
#[cfg(not(unix))]
pub const OUT_LOCK: &str = ".shop-answers.lock";

/// Holds an exclusive lock on `dir` (creating it) for as long as the returned file lives.
/// Two builds into one folder each read the previous manifest, write, then prune what
/// neither generation names; interleaved, one prunes the bundle the other's manifest names.
/// So the second build waits for the first (it says so), and the folder always ends as one
/// whole build. The OS drops the lock when the process dies, so a killed build blocks
/// nobody. On Unix the folder itself is locked, so `dist/` holds nothing but the build and
/// uploads as it is; elsewhere a lock file inside it (OUT_LOCK) stands in.
pub fn lock_dir(dir: &Path, what: &str) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    let (path, f) = (
        dir.to_path_buf(),
        std::fs::File::open(dir)
            .with_context(|| format!("opening {} to lock it", dir.display()))?,
    );
    #[cfg(not(unix))]
    let (path, f) = {
        let path = dir.join(OUT_LOCK);
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        (path, f)
    };
    match f.try_lock() {
        Ok(()) => return Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another {what} into {} to finish (it holds {})",
                dir.display(),
                path.display()
            );
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
    f.lock()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(f)
}
