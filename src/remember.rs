//! The remembered choices' file, `remembered.toml` in the diary's folder (`--data DIR`, else
//! `LIMBER_DATA`, else the platform's data folder): each routine's last settings and leg, night
//! mode's last toggle. The core reads and writes its text and checks it against each routine
//! (`limber_core::routine::remember`); this module only reads and writes the file.
//!
//! A file that cannot be read or used is ignored with one line saying so: limber always starts.
//! Writing merges a session's changes into the file as it is then (another limber may have
//! written it meanwhile) and replaces it atomically (a temporary file in the same folder, synced,
//! then renamed), so a crash never leaves half a file.

use std::path::{Path, PathBuf};

use limber_core::routine::remember::{self, Changes, Memory};
use limber_core::routine::text::shown_path;

use crate::io_reason::io_reason;

const FILE: &str = "remembered.toml";

/// Where the remembered choices are kept, if limber has a data folder.
pub fn path(data: Option<&Path>) -> Option<PathBuf> {
    crate::store::data_dir(data).ok().map(|dir| dir.join(FILE))
}

/// What is remembered, and one line to say if the file was there but could not be used.
pub fn load(data: Option<&Path>) -> (Memory, Option<String>) {
    match path(data) {
        Some(path) => load_from(&path),
        None => (Memory::default(), None),
    }
}

/// What `path` remembers (see [`load`]).
pub fn load_from(path: &Path) -> (Memory, Option<String>) {
    let ignored = |why: String| {
        Some(format!(
            "{}: {why}; ignored (the routines start from their own defaults)",
            shown_path(path)
        ))
    };
    match crate::io_reason::read_small_text(path, crate::io_reason::MAX_SETTINGS_BYTES) {
        Ok(text) => match remember::parse(&text) {
            Ok(memory) => (memory, None),
            Err(why) => (Memory::default(), ignored(why)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Memory::default(), None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => (
            Memory::default(),
            ignored("not text limber wrote".to_string()),
        ),
        Err(e) => (
            Memory::default(),
            ignored(format!("cannot be read ({})", io_reason(&e))),
        ),
    }
}

/// Merges `changes` into the file. Nothing to change writes nothing.
///
/// # Errors
/// A sentence naming the file when it cannot be written; the file is then as it was.
pub fn save(data: Option<&Path>, changes: &Changes) -> Result<(), String> {
    if changes.is_empty() {
        return Ok(());
    }
    let Some(path) = path(data) else {
        return Err("this system has no data folder to keep them in".into());
    };
    save_to(&path, changes)
}

/// Merges `changes` into the file at `path` (see [`save`]).
///
/// # Errors
/// A sentence naming the file.
pub fn save_to(path: &Path, changes: &Changes) -> Result<(), String> {
    // A file that cannot be used is replaced by what this session knows.
    let (mut memory, problem) = load_from(path);
    let before = memory.clone();
    memory.apply(changes);
    if memory == before && problem.is_none() {
        return Ok(()); // nothing new: the file (or its absence) says it already
    }
    let shown = shown_path(path);
    let fail = |e: std::io::Error| format!("cannot write {shown}: {}", io_reason(&e));
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    crate::atomic_file::replace(path, ".remembered-", &remember::to_text(&memory)).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use limber_core::routine::remember::{Choice, NightChoice};

    #[test]
    fn changes_merge_into_the_file_and_bad_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("sub").join(FILE);
        assert_eq!(load_from(&path), (Memory::default(), None));
        let choice = |n| Choice {
            values: [("cycles".to_string(), n)].into(),
            sides: None,
        };
        let mut changes = Changes::default();
        changes.routines.insert("a".into(), Some(choice(7)));
        save_to(&path, &changes).unwrap_or_else(|e| panic!("{e}"));
        // Another session changes another routine and the night: both are kept.
        let mut other = Changes::default();
        other.routines.insert("b".into(), Some(choice(3)));
        other.night = Some(NightChoice {
            on: true,
            at: jiff::civil::date(2026, 12, 1).at(20, 0, 0, 0),
        });
        save_to(&path, &other).unwrap_or_else(|e| panic!("{e}"));
        let (memory, problem) = load_from(&path);
        assert_eq!(problem, None);
        assert_eq!(memory.routines.len(), 2);
        assert!(memory.night.is_some_and(|n| n.on));
        // Forgotten when a routine is back to its defaults.
        let mut back = Changes::default();
        back.routines.insert("a".into(), None);
        save_to(&path, &back).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_from(&path).0.routines.len(), 1);
        // A broken file: ignored with one line, and replaced at the next save.
        std::fs::write(&path, "version = 1\n[routine\n").unwrap_or_else(|e| panic!("{e}"));
        let (memory, problem) = load_from(&path);
        assert_eq!(memory, Memory::default());
        let problem = problem.unwrap_or_default();
        assert!(problem.contains("remembered.toml: line 2"), "{problem}");
        assert!(!problem.contains('\n'), "one line: {problem}");
        save_to(&path, &changes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load_from(&path).0.routines.len(), 1);
    }
}
