//! Where routines come from: a `--routines` folder, the user's routine folder, and the routines
//! bundled into the binary. Reading files happens here (the shell), parsing in `routine` (the core).

use std::fmt;
use std::path::{Path, PathBuf};

use limber_core::routine::{
    self, BuiltinSound, Diagnostic, MAX_FILE_BYTES, Routine, SoundRef, StepKind,
};

use crate::io_reason::{io_reason, path_reason};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The bundled routines: (id, TOML text).
pub fn bundled() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// Where a routine was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    /// A file on disk (from `--routines`, the user's folder, or a path given on the command line).
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => write!(f, "bundled"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A routine and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub routine: Routine,
    pub origin: Origin,
}

impl Entry {
    /// The folder relative sound paths are resolved against.
    pub fn base_dir(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Bundled => None,
            Origin::File(path) => path.parent(),
        }
    }
}

/// A routine file that could not be used, with everything wrong in it.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// How to name the file to the user (its path, or `bundled:ID`).
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    fn single(file: &str, message: impl Into<String>, hint: Option<&str>) -> Self {
        let mut d = Diagnostic::new(message, None);
        d.hint = hint.map(str::to_string);
        Self {
            file: file.to_string(),
            source: String::new(),
            diagnostics: vec![d],
        }
    }
}

impl LoadError {
    /// The first problem on one line, as compilers print a short diagnostic:
    /// `path:line:col: message` (`limber list`, the picker).
    pub fn first_line(&self) -> String {
        let file = routine::diag::visible(&self.file, 300);
        let Some(first) = self.diagnostics.first() else {
            return format!("{file}: cannot be used");
        };
        let at = first
            .position(&self.source)
            .map(|(line, col)| format!(":{line}:{col}"))
            .unwrap_or_default();
        format!(
            "{file}{at}: {}",
            routine::diag::visible(&first.message, 300)
        )
    }

    /// The file's name (its last part), to list it by.
    pub fn name(&self) -> String {
        Path::new(&self.file)
            .file_name()
            .map_or_else(|| self.file.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// At most this many problems of one file are shown; a file with thousands of mistakes (a file
/// that is not a routine at all) gets a short answer, quickly.
pub(crate) const MAX_SHOWN_PROBLEMS: usize = 20;

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rendered: Vec<String> = self
            .diagnostics
            .iter()
            .take(MAX_SHOWN_PROBLEMS)
            .map(|d| d.render(&self.file, &self.source))
            .collect();
        let more = self.diagnostics.len().saturating_sub(MAX_SHOWN_PROBLEMS);
        if more > 0 {
            rendered.push(format!(
                "… and {more} more problem{} in this file; fix these first",
                if more == 1 { "" } else { "s" }
            ));
        }
        write!(f, "{}", rendered.join("\n"))
    }
}

/// Reads, parses and validates one routine file, including its sound files.
pub(crate) fn load_file(path: &Path) -> Result<Routine, LoadError> {
    let label = path.display().to_string();
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        LoadError::single(
            &label,
            format!("cannot read this file: {}", path_reason(path, &e)),
            None,
        )
    })?;
    if !meta.is_file() {
        let (what, hint) = if meta.is_dir() {
            (
                "this is not a file: it is a folder",
                "a routine is one .toml file; only `limber check` takes a folder of them",
            )
        } else {
            (
                "this is not a file: it is a pipe, socket or device",
                "give a routine file (.toml), or a folder to `limber check`",
            )
        };
        return Err(LoadError::single(&label, what, Some(hint)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::single(
            &label,
            format!(
                "this file is {} KiB; a routine file may be at most 1024 KiB",
                meta.len() / 1024
            ),
            Some("a routine is a short text; is this the right file?"),
        ));
    }
    // Read at most one byte past the limit: a file that grows after the size check (or reports
    // no size, like those in /proc) cannot make limber read without end.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            use std::io::Read;
            file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| {
            LoadError::single(
                &label,
                format!("cannot read this file: {}", io_reason(&e)),
                None,
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::single(
            &label,
            "this file is over 1024 KiB; a routine file may be at most 1024 KiB",
            Some("a routine is a short text; is this the right file?"),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(err.as_bytes()).into_owned();
            return Err(LoadError {
                file: label,
                source,
                diagnostics: vec![
                    Diagnostic::new("this file is not UTF-8 text", Some(offset..offset + 1))
                        .with_hint("save the routine as UTF-8"),
                ],
            });
        }
    };
    load_str(&id, &label, &text, path.parent())
}

/// Parses and validates routine text; `base_dir` is where relative sound paths point (none for
/// bundled routines, which may use built-in sounds only).
pub fn load_str(
    id: &str,
    label: &str,
    text: &str,
    base_dir: Option<&Path>,
) -> Result<Routine, LoadError> {
    // A byte-order mark is invisible in editors: accept it rather than report a puzzle.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |diagnostics| LoadError {
        file: label.to_string(),
        source: text.to_string(),
        diagnostics,
    };
    let mut routine = routine::parse_routine(id, text).map_err(error)?;
    let problems = check_sounds(&routine, base_dir);
    if !problems.is_empty() {
        return Err(error(problems));
    }
    if let Some(dir) = base_dir {
        anchor_sounds(&mut routine, dir);
    }
    Ok(routine)
}

/// Makes the routine's sound files paths from its own folder, so whoever plays it later (the
/// picker, among routines from several folders) finds them without knowing where it came from.
fn anchor_sounds(routine: &mut Routine, dir: &Path) {
    fn anchor(sound: &mut Option<SoundRef>, dir: &Path) {
        if let Some(SoundRef::File(name)) = sound {
            *name = dir.join(&*name).display().to_string();
        }
    }
    fn walk(steps: &mut [routine::Step], dir: &Path) {
        for step in steps {
            anchor(&mut step.cue_start, dir);
            anchor(&mut step.cue_end, dir);
            if let StepKind::Block(children) = &mut step.kind {
                walk(children, dir);
            }
        }
    }
    anchor(&mut routine.cues.start, dir);
    anchor(&mut routine.cues.end, dir);
    anchor(&mut routine.cues.finish, dir);
    walk(&mut routine.steps, dir);
}

/// Every sound file a routine names must exist, be a file, and have a header limber plays; a problem points at the
/// first place the file is named (the parser records where).
fn check_sounds(routine: &Routine, base_dir: Option<&Path>) -> Vec<Diagnostic> {
    let mut seen: Vec<&str> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for file in &routine.sound_files {
        let name = file.path.as_str();
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let problem = match base_dir {
            None => Some((
                format!("sound file `{name}`: a bundled routine can use built-in sounds only"),
                format!("built-in sounds: {}", BuiltinSound::names()),
            )),
            Some(dir) => sound_file_problem(&dir.join(name)).map(|reason| {
                let shown = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                (
                    format!("sound file `{name}` {reason}"),
                    format!(
                        "paths are relative to the routine's folder ({}); or use a built-in sound: {}",
                        shown.display(),
                        BuiltinSound::names()
                    ),
                )
            }),
        };
        if let Some((message, hint)) = problem {
            problems.push(Diagnostic::new(message, Some(file.span.clone())).with_hint(hint));
        }
    }
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    problems
}

/// Why a sound file cannot be played, if it cannot. Loading a routine never decodes its
/// sounds (the timer decodes each when it is first played, and caches it): only a regular file
/// of a sane size and header passes, so a hostile file cannot crash `list`, `show` or the
/// picker.
fn sound_file_problem(path: &Path) -> Option<String> {
    crate::audio::probe_sound_file(path)
        .err()
        .map(|problem| problem.to_string())
}

/// Where to look for routines, in order of precedence.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--routines DIR`.
    pub extra_dir: Option<PathBuf>,
    /// The user's routine folder (the platform's config dir); `None` to skip it.
    pub user_dir: Option<PathBuf>,
}

impl Sources {
    /// `--routines` (if given) and the user's folder.
    pub fn standard(extra_dir: Option<PathBuf>) -> Self {
        Self {
            extra_dir,
            user_dir: user_routine_dir(),
        }
    }
}

/// `~/.config/limber/routines` on Linux; the platform's equivalent elsewhere.
pub(crate) fn user_routine_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "limber").map(|d| d.config_dir().join("routines"))
}

/// All routines found, and the files that could not be used.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Sorted by id; a routine from a folder overrides a bundled one with the same id.
    pub entries: Vec<Entry>,
    pub problems: Vec<LoadError>,
}

impl Catalog {
    pub fn load(sources: &Sources) -> Self {
        let mut catalog = Catalog::default();
        for (id, text) in bundled() {
            match load_str(id, &format!("bundled:{id}"), text, None) {
                Ok(routine) => catalog.insert(Entry {
                    routine,
                    origin: Origin::Bundled,
                }),
                Err(err) => catalog.problems.push(err),
            }
        }
        // Later folders take precedence: the user's folder, then --routines.
        for dir in [&sources.user_dir, &sources.extra_dir]
            .into_iter()
            .flatten()
        {
            catalog.load_dir(dir, dir_is_optional(sources, dir));
        }
        catalog
            .entries
            .sort_by(|a, b| a.routine.id.cmp(&b.routine.id));
        catalog
    }

    fn load_dir(&mut self, dir: &Path, optional: bool) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if optional && e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.problems.push(LoadError::single(
                    &dir.display().to_string(),
                    format!("cannot read this routine folder: {}", io_reason(&e)),
                    None,
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            match load_file(&path) {
                Ok(routine) => self.insert(Entry {
                    routine,
                    origin: Origin::File(path),
                }),
                Err(err) => self.problems.push(err),
            }
        }
    }

    fn insert(&mut self, entry: Entry) {
        self.entries.retain(|e| e.routine.id != entry.routine.id);
        self.entries.push(entry);
    }

    pub fn find(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.routine.id == id)
    }

    /// All tags in use, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .entries
            .iter()
            .flat_map(|e| e.routine.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }
}

fn dir_is_optional(sources: &Sources, dir: &Path) -> bool {
    sources.user_dir.as_deref() == Some(dir) && sources.extra_dir.as_deref() != Some(dir)
}

/// Whether a routine named on the command line is a path (`x.toml`, `dir/x`) rather than an id.
pub(crate) fn looks_like_path(target: &str) -> bool {
    target.ends_with(".toml") || target.contains('/') || target.contains('\\')
}

/// What `limber show/play X` means by X: a path to a file if it looks like one, else an id.
pub fn resolve(target: &str, sources: &Sources) -> Result<Entry, ResolveError> {
    resolve_with(target, sources, None)
}

/// As [`resolve`], finding an id in `loaded` when the caller has the catalog already (the timer
/// screen needs it for its list), so it is read once.
pub(crate) fn resolve_with(
    target: &str,
    sources: &Sources,
    loaded: Option<&Catalog>,
) -> Result<Entry, ResolveError> {
    if looks_like_path(target) || Path::new(target).is_file() {
        let path = PathBuf::from(target);
        return load_file(&path)
            .map(|routine| Entry {
                routine,
                origin: Origin::File(path),
            })
            .map_err(ResolveError::Invalid);
    }
    let read;
    let catalog = match loaded {
        Some(catalog) => catalog,
        None => {
            read = Catalog::load(sources);
            &read
        }
    };
    if let Some(entry) = catalog.find(target) {
        return Ok(entry.clone());
    }
    // The routine may exist but be invalid: say so rather than "not found".
    if let Some(problem) = catalog
        .problems
        .iter()
        .find(|p| Path::new(&p.file).file_stem().and_then(|s| s.to_str()) == Some(target))
    {
        return Err(ResolveError::Invalid(problem.clone()));
    }
    let ids: Vec<&str> = catalog
        .entries
        .iter()
        .map(|e| e.routine.id.as_str())
        .collect();
    let suggestion = suggest_ids(target, &ids);
    // Not a typo of a routine found: it may be in a routine folder that could not be read. Say
    // that, rather than "no routine".
    let folders = [&sources.user_dir, &sources.extra_dir];
    if suggestion.is_empty()
        && let Some(problem) = catalog.problems.iter().find(|p| {
            folders
                .iter()
                .any(|dir| dir.as_deref() == Some(Path::new(&p.file)))
        })
    {
        return Err(ResolveError::Invalid(problem.clone()));
    }
    Err(ResolveError::NotFound {
        target: target.to_string(),
        suggestion,
    })
}

/// The ids a mistyped one may mean: those that start with it (`contrast` → `contrast-bath`,
/// `contrast-shower-legs`), else the nearest by edit distance.
fn suggest_ids(target: &str, ids: &[&str]) -> Vec<String> {
    let starting: Vec<String> = ids
        .iter()
        .filter(|id| !target.is_empty() && id.starts_with(target))
        .map(|id| id.to_string())
        .collect();
    if !starting.is_empty() {
        return starting;
    }
    routine::diag::nearest(target, ids)
        .map(str::to_string)
        .into_iter()
        .collect()
}

#[derive(Debug)]
pub enum ResolveError {
    NotFound {
        target: String,
        /// Ids that may be meant, best first; empty when none is close.
        suggestion: Vec<String>,
    },
    Invalid(LoadError),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { target, suggestion } => {
                let target = routine::text::clean_input(target);
                write!(f, "error: no routine `{target}`")?;
                match suggestion.as_slice() {
                    [] => {}
                    [one] => write!(f, " — did you mean `{one}`?")?,
                    many => write!(f, " — did you mean one of `{}`?", many.join("`, `"))?,
                }
                write!(f, " (`limber list` shows them all)")
            }
            ResolveError::Invalid(err) => write!(f, "{err}"),
        }
    }
}
