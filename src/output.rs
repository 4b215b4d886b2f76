//! Writing a command's output: to standard output, or to a report file, without a panic and
//! with one rule for every command (README "Exit status"):
//! - a closed pipe (`limber list | head -1`) ends quietly with 141, as Unix tools that die of
//!   SIGPIPE do (so `set -o pipefail` sees it, and nobody sees a message);
//! - any other failure (a full disk, an I/O error) is a sentence on standard error and exit 1;
//! - a report file is written beside its final name and renamed over it, so a failure leaves
//!   the previous file whole; it is never the diary itself, nor a folder, pipe or device.

use limber_core::routine::text::shown_path;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exit::Exit;
use crate::io_reason::io_reason;

/// SIGPIPE's number: a closed pipe ends with 128 + 13 = 141.
const SIGPIPE: i32 = 13;

/// What became of a command's output.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Written {
    All,
    /// The reader went away (a closed pipe): not worth a message.
    Closed,
    /// Could not be written, in words.
    Failed(String),
}

impl Written {
    /// The exit status for output that was all the command had to do; a failure is said on
    /// standard error.
    pub(crate) fn exit(self) -> ExitCode {
        match self {
            Written::All => Exit::Success.into(),
            Written::Closed => Exit::Signal(SIGPIPE).into(),
            Written::Failed(why) => {
                say(&format!("error: the output could not be written: {why}"));
                Exit::Failure.into()
            }
        }
    }
}

/// Writes `text` to standard output and flushes it.
pub(crate) fn print(text: &str) -> Written {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Written::All,
        Err(e) => written_error(&e),
    }
}

fn written_error(e: &io::Error) -> Written {
    match e.kind() {
        io::ErrorKind::BrokenPipe => Written::Closed,
        io::ErrorKind::StorageFull => Written::Failed("the disk is full".into()),
        _ => Written::Failed(io_reason(e)),
    }
}

/// A line on standard error; never panics (standard error may be closed or full too, and then
/// there is nobody to tell).
pub(crate) fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// `eprintln!` that never panics: standard error may be closed, full (`2>/dev/full`) or a
/// terminal that has gone (SIGHUP), and then there is nobody to tell. Every message limber
/// writes to standard error goes through it; clippy refuses `eprintln!` in `src/`
/// (`disallowed-macros` in `clippy.toml`).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr().lock(), $($arg)*);
    }};
}

/// Writes `text` at `path` atomically: a temporary file in the same folder, synced, then
/// renamed over `path`. Refused, touching nothing, when `path` is one of `protected` (the
/// diary's files, compared by canonical path and by device and inode, so a link or a second
/// name of them is caught too) or is anything but a regular file or a new name.
pub(crate) fn write_file_atomic(
    path: &Path,
    text: &str,
    protected: &[PathBuf],
) -> Result<(), String> {
    let shown = shown_path(path);
    // Write through a link to where it points: the file replaced is the one the link names.
    let target = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => std::fs::canonicalize(path)
            .map_err(|e| format!("cannot write the report to {shown}: {}", io_reason(&e)))?,
        Ok(meta) if meta.is_dir() => {
            return Err(format!(
                "cannot write the report to {shown}: it is a folder; give a file name"
            ));
        }
        Ok(_) => {
            return Err(format!(
                "cannot write the report to {shown}: it is a pipe, socket or device, not a file"
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(format!(
                    "cannot write the report to {shown}: it is a link to nothing"
                ));
            }
            absolute_new(path).map_err(|e| {
                let why = match path.parent() {
                    Some(folder)
                        if e.kind() == io::ErrorKind::NotFound
                            && !folder.as_os_str().is_empty() =>
                    {
                        format!("its folder {} does not exist", shown_path(folder))
                    }
                    _ => io_reason(&e),
                };
                format!("cannot write the report to {shown}: {why}")
            })?
        }
        Err(e) => {
            return Err(format!(
                "cannot write the report to {shown}: {}",
                io_reason(&e)
            ));
        }
    };
    if protected.iter().any(|p| same_file(&target, p)) {
        return Err(format!(
            "cannot write the report to {shown}: that is the diary's own file, and writing \
             there would destroy it; give another file name"
        ));
    }
    let fail = |e: io::Error| {
        let why = match e.kind() {
            io::ErrorKind::StorageFull => "the disk is full".to_owned(),
            _ => io_reason(&e),
        };
        format!("cannot write the report to {shown}: {why}; any earlier file there is unchanged")
    };
    crate::atomic_file::replace(&target, ".limber-report-", text).map_err(fail)
}

/// A path that does not exist yet, made absolute through its folder's canonical path.
fn absolute_new(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(std::fs::canonicalize(parent)?.join(name))
}

/// Whether `a` (canonical) and `b` name the same file: the same canonical path, or the same
/// device and inode (a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    let b_canon = std::fs::canonicalize(b).or_else(|_| absolute_new(b));
    if b_canon.is_ok_and(|b| b == a) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}
