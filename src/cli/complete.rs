//! Shell completions: `limber completions SHELL` prints a script that asks limber itself what to
//! complete (clap_complete's `COMPLETE=SHELL limber` protocol), so routine ids and tags come from
//! the routines there are at that moment: a routine added to your folder completes at once, with
//! no script to regenerate, and nothing is fetched from anywhere.

use std::ffi::OsStr;

use clap::CommandFactory;
use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use clap_complete::env::{CompleteEnv, Shells};

use super::{Cli, CompletionsArgs, routines_from_env};
use crate::catalog::{Catalog, Sources};

/// The environment variable the scripts set when they ask limber for completions.
const VAR: &str = "COMPLETE";

/// Answers a completion request (`COMPLETE=SHELL limber -- …`) and exits; returns at once when
/// there is none. Called first thing in `main`, before anything is printed.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(Cli::command).var(VAR).complete();
}

/// `limber completions SHELL`: the script that registers limber's completions in that shell;
/// printed by `commands::completions` (through `output`, so a full disk is an error).
///
/// # Errors
/// A sentence when the script cannot be made.
pub fn script(args: &CompletionsArgs) -> Result<String, String> {
    let shells = Shells::builtins();
    // Every `Shell` is one of clap_complete's built-in shells.
    let shell = shells
        .completer(args.shell.name())
        .ok_or_else(|| format!("limber: no completions for {}", args.shell.name()))?;
    let mut script = Vec::new();
    shell
        .write_registration(VAR, "limber", "limber", &completer_path(), &mut script)
        .map_err(|e| format!("limber: the completion script could not be made: {e}"))?;
    Ok(String::from_utf8_lossy(&script).into_owned())
}

/// How the script calls limber back: as it was run when its path was given
/// (`./target/release/limber`, made absolute), else `limber` from the PATH.
fn completer_path() -> String {
    let Some(arg0) = std::env::args_os().next() else {
        return "limber".into();
    };
    let path = std::path::PathBuf::from(arg0);
    if path.components().count() > 1 {
        std::path::absolute(&path)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    } else {
        "limber".into()
    }
}

/// The routines a completion offers: `LIMBER_ROUTINES`, your folder and the bundled ones.
fn catalog() -> Catalog {
    Catalog::load(&Sources::standard(routines_from_env()))
}

/// Completes a routine id (with its title as the help), or a path once it looks like one.
pub(crate) fn routine_or_path(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    if typed.contains('/') || typed.starts_with('.') || typed.starts_with('~') {
        return PathCompleter::any().complete(current);
    }
    catalog()
        .entries
        .iter()
        .filter(|e| e.routine.id.starts_with(typed.as_ref()))
        .map(|e| CompletionCandidate::new(&e.routine.id).help(Some(e.routine.title.clone().into())))
        .collect()
}

/// Every tag in use (the engine keeps those that start with what was typed).
pub fn tags() -> Vec<CompletionCandidate> {
    catalog()
        .tags()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}
