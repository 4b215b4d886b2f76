//! An I/O error said for people: the words without Rust's debug formatting or "os error N".
//! Shared by everything that reads or writes files (routines, sound settings, reports).

/// An I/O error in words, without Rust's debug formatting.
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = err.to_string();
            // Drop " (os error N)": it means nothing to a person.
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}
