//! An I/O error said for people: the words without Rust's debug formatting or "os error N".
//! Shared by everything that reads or writes files (routines, sound settings, reports).

/// An I/O error in words, without Rust's debug formatting.
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotADirectory => "a file stands where a folder should be".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::AlreadyExists => "something is already there".into(),
        _ => {
            let text = err.to_string();
            // Drop " (os error N)": it means nothing to a person; and speak in lower case, as
            // the rest of the sentence does ("Not a directory" → "not a directory").
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    }
}

/// [`io_reason`] for an error about `path`: a path that fails because it is a link to nothing
/// ("not found", "already exists") says so, since the person can see the file there (`ls` lists the link).
pub(crate) fn path_reason(path: &std::path::Path, err: &std::io::Error) -> String {
    let dangling = std::fs::metadata(path).is_err()
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if dangling {
        return match std::fs::read_link(path) {
            Ok(target) => format!(
                "it is a link to nothing (it points to {}, which does not exist)",
                limber_core::routine::text::shown_path(&target)
            ),
            Err(_) => "it is a link to nothing".into(),
        };
    }
    io_reason(err)
}

/// A settings file (config, remembered volume, remembered choices) is a few lines; a file past
/// this is not one limber wrote, and is not read into memory.
pub(crate) const MAX_SETTINGS_BYTES: u64 = 256 * 1024;

/// Reads a small text file: only a regular file (a FIFO at the path would block the read for
/// ever, a device never end), at most `max` bytes. Errors are [`io_reason`]-ready: a folder is
/// `IsADirectory`, a pipe or device says so, a file too large says its limit.
pub(crate) fn read_small_text(path: &std::path::Path, max: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::IsADirectory, "it is a folder"));
    }
    if !meta.is_file() {
        return Err(Error::other("it is a pipe, socket or device, not a file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::new(
            ErrorKind::FileTooLarge,
            format!(
                "it is larger than {} KiB, too large for a settings file",
                max / 1024
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "it is not UTF-8 text"))
}
