//! Routine files and reference pages for the person holding only the binary: `show --toml`
//! (a routine's file as written, bundled ones too), `limber new` (a file to adapt, written into
//! your routine folder), `limber format` (the routine format, embedded) and `limber man`.

use limber_core::routine::text::shown_path;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::print_out;
use crate::catalog::{self, Entry, Origin, Sources};
use crate::cli::{Cli, ManArgs, NewArgs};
use crate::exit::Exit;
use limber_core::routine::text::clean_input;
use limber_core::routine::valid_id;

/// The routine format reference, as in the repository's docs/routine-format.md.
pub(crate) const FORMAT: &str = include_str!("../../docs/routine-format.md");

/// A starting file for `limber new NAME` without `--from`: the shape of a routine, with no
/// care instructions of its own (those come from the articles, in the bundled routines).
const SKELETON: &str = r#"# A routine of your own. `limber format` describes every key; `limber check NAME` checks it.
# To start from a bundled routine instead: limber new NAME --from ID (`limber list` shows them).
title = "My routine"
summary = "One or two sentences: what this routine is for."
tags = []
equipment = []
caution = []
# source = "The title of the article the routine follows"

[[step]]
title = "First step"
text = "What to do in this step."
duration = "30s"

[[step]]                        # no duration: waits until you press Enter
title = "Last step"
text = "What to do until you are done."
"#;

/// The text of a routine's file: the bundled text, or the file as it is on disk.
fn file_text(entry: &Entry) -> Result<String, String> {
    match &entry.origin {
        Origin::Bundled => catalog::bundled()
            .iter()
            .find(|(id, _)| *id == entry.routine.id)
            .map(|(_, text)| (*text).to_string())
            .ok_or_else(|| format!("the bundled routine `{}` has no text", entry.routine.id)),
        Origin::File(path) => std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read {}: {}",
                shown_path(path),
                crate::io_reason::io_reason(&e)
            )
        }),
    }
}

/// `limber show ID --toml`.
pub(crate) fn show_toml(target: &str, sources: &Sources) -> ExitCode {
    let entry = match catalog::resolve(target, sources) {
        Ok(entry) => entry,
        Err(e) => {
            crate::say!("{e}");
            return Exit::Invalid.into();
        }
    };
    match file_text(&entry) {
        Ok(text) => print_out(&text),
        Err(message) => {
            crate::say!("error: {message}");
            Exit::Failure.into()
        }
    }
}

/// `limber new NAME [--from ID]`: writes NAME.toml into your routine folder, never over a file.
pub fn new(args: &NewArgs, sources: &Sources) -> ExitCode {
    let name = args.name.trim().trim_end_matches(".toml");
    if !valid_id(name) {
        crate::say!(
            "error: `{}` cannot be a routine id: use lowercase letters, digits and -, \
             starting with a letter or digit, e.g. my-calf-stretch",
            clean_input(&args.name)
        );
        return Exit::Invalid.into();
    }
    let (text, from) = match &args.from {
        None => (SKELETON.to_string(), None),
        Some(target) => {
            let entry = match catalog::resolve(target, sources) {
                Ok(entry) => entry,
                Err(e) => {
                    crate::say!("{e}");
                    return Exit::Invalid.into();
                }
            };
            match file_text(&entry) {
                Ok(text) => (text, Some(entry)),
                Err(message) => {
                    crate::say!("error: {message}");
                    return Exit::Failure.into();
                }
            }
        }
    };
    let Some(dir) = catalog::user_routine_dir() else {
        crate::say!("error: no home folder was found, so there is no routine folder to write to");
        return Exit::Failure.into();
    };
    let path = dir.join(format!("{name}.toml"));
    if let Err(message) = write_new(&dir, &path, &text) {
        crate::say!("error: {message}");
        return if path.exists() {
            Exit::Invalid.into()
        } else {
            Exit::Failure.into()
        };
    }
    let mut said = format!("Wrote {}", shown_path(&path));
    if let Some(entry) = from {
        let origin = match entry.origin {
            Origin::Bundled => "the bundled".to_string(),
            Origin::File(p) => format!("{}:", shown_path(&p)),
        };
        said.push_str(&format!(" (a copy of {origin} `{}`)", entry.routine.id));
    }
    said.push_str(&format!(
        ".\nEdit it, then run `limber check {name}`; `limber format` describes every key."
    ));
    if catalog::bundled().iter().any(|(id, _)| *id == name) {
        said.push_str(&format!(
            "\nIt replaces the bundled `{name}` while it is in your folder."
        ));
    }
    print_out(&format!("{said}\n"))
}

/// Creates the folder if needed and the file only if it does not exist yet.
fn write_new(dir: &Path, path: &Path, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "cannot make the routine folder {}: {}",
            shown_path(dir),
            crate::io_reason::io_reason(&e)
        )
    })?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} already exists; limber does not write over it (choose another name, or \
                 remove it first)",
                shown_path(path)
            ),
            _ => format!(
                "cannot write {}: {}",
                shown_path(path),
                crate::io_reason::io_reason(&e)
            ),
        })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        format!(
            "cannot write {}: {}",
            shown_path(path),
            crate::io_reason::io_reason(&e)
        )
    })
}

/// `limber format`.
pub fn format() -> ExitCode {
    print_out(FORMAT)
}

/// `limber man`: the page on standard output, or `--out DIR`: one page per command there.
pub fn man(args: &ManArgs) -> ExitCode {
    let command = Cli::command();
    match &args.out {
        None => {
            let mut page = Vec::new();
            if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
                crate::say!("error: the manual page could not be made: {e}");
                return Exit::Failure.into();
            }
            print_out(&String::from_utf8_lossy(&page))
        }
        Some(dir) => {
            let made =
                std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
            match made {
                Ok(()) => print_out(&format!(
                    "Wrote the manual pages (limber.1, limber-play.1, …) into {}\n",
                    shown_path(dir)
                )),
                Err(e) => {
                    let why = match std::fs::metadata(dir) {
                        Ok(meta) if !meta.is_dir() => "it is a file, not a folder".to_owned(),
                        _ => crate::io_reason::path_reason(dir, &e),
                    };
                    crate::say!(
                        "error: cannot write the manual pages into {}: {why}",
                        shown_path(dir)
                    );
                    Exit::Failure.into()
                }
            }
        }
    }
}
