//! Replacing a file whole: the text goes to a temporary file in the same folder, synced, then
//! renamed over the old one, so a crash or a full disk never leaves half a file. Shared by the
//! report's `--out`, the remembered choices and the sound preference.

use std::io::{self, Write};
use std::path::Path;

/// Writes `text` at `path` through a temporary file named `prefix…` beside it.
///
/// # Errors
/// Creating, writing, syncing or renaming the temporary file failed; `path` is then unchanged.
pub(crate) fn replace(path: &Path, prefix: &str, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(prefix).tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
