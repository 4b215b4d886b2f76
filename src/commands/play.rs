//! `limber` (the picker) and `limber play ID` (setup, or `--now`): load the routines, wire the
//! interface to the sound and the diary's SQLite file ([`StoreDiary`]), run it, and turn the
//! outcome into an exit status.

use std::path::{Path, PathBuf};

use jiff::civil::DateTime;
use std::process::ExitCode;

use crate::catalog::{self, Catalog, Origin, Sources};
use crate::tui::app::{Broken, Listing};
use limber_core::routine::text::shown_path;
use std::io::Write;

use crate::cli::{CrampArgs, LegArg, PlaceArg, PlayArgs, SideArg};
use crate::exit::Exit;
use crate::tui::keys::Spot;
use limber_core::routine::SideChoice;
use limber_core::routine::remember::Memory;
use limber_core::routine::values::resolve_sets;

use crate::audio;
use crate::commands::diary::{read_report, skipped_note};
use crate::config::{self, Config};
use crate::remember;
use crate::sink::CueSink;
use crate::store::{self, EntryChange, NewCramp, NewSession, StoreError, data_dir};
use crate::tui::command::{Attempt, Loaded, Saved};
use crate::tui::{Closed, Diary, Options, Start, color_allowed, run};

/// What the picker lists: every routine, the person's own marked (their folder, `--routines`),
/// and their files that could not be used, each with its problems (listed as broken, not said
/// after the screen is given back).
fn listing(catalog: Catalog) -> Listing {
    let yours = catalog
        .entries
        .iter()
        .filter_map(|e| match &e.origin {
            Origin::File(path) => Some((e.routine.id.clone(), shown_path(path))),
            Origin::Bundled => None,
        })
        .collect();
    let broken = catalog
        .problems
        .iter()
        .map(|p| {
            Broken::new(
                &p.name(),
                &p.first_line(),
                &p.to_string(),
                p.diagnostics.len(),
            )
        })
        .collect();
    Listing {
        routines: catalog.entries.into_iter().map(|e| e.routine).collect(),
        yours,
        broken,
    }
}

/// `mouse`: unless `--no-mouse` or `mouse = false` in the config file.
fn options(night: bool, muted: bool, mouse: bool, memory: Memory) -> Options {
    Options {
        night,
        color: color_allowed(),
        muted,
        mouse,
        memory,
    }
}

/// What earlier runs left to remember (`remembered.toml` beside the diary); a file that cannot
/// be used is said at once (and again when the screen is given back) and ignored.
fn memory(data: Option<&Path>) -> (Memory, Option<String>) {
    let (memory, problem) = remember::load(data);
    if let Some(problem) = &problem {
        say(&format!("limber: {problem}"));
    }
    (memory, problem)
}

/// Keeps what this session chose for next time; says why not when it cannot.
fn keep(data: Option<&Path>, result: &Result<Closed, String>) {
    if let Ok(closed) = result
        && let Err(why) = remember::save(data, &closed.remembered)
    {
        say(&format!("limber: your choices were not remembered: {why}"));
    }
}

fn exit(result: Result<Closed, String>) -> ExitCode {
    // The diary's problems, said again now that the screen is given back.
    if let Ok(outcome) = &result {
        for problem in &outcome.problems {
            say(&format!("limber: diary: {problem}"));
        }
    }
    match result {
        Ok(Closed {
            signal: Some(signal),
            ..
        }) => ExitCode::from(Exit::Signal(signal)),
        // The person quit (a routine finished or stopped): as `q` with `--plain`.
        Ok(_) => ExitCode::from(Exit::Success),
        Err(message) => {
            say(&format!("limber: {message}"));
            ExitCode::from(Exit::Failure)
        }
    }
}

/// A line on standard error, which may be a terminal that has gone: `eprintln!` would panic.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The sound for the interface: the saved volume unless the flags say otherwise.
/// `LIMBER_AUDIO=none` and no sound device both mean silence (the timer's header says which).
/// The device opens on its own thread, off the path to the first frame.
fn sink(
    volume: Option<u8>,
    mute: bool,
    voice: bool,
    night: bool,
    settings: &Config,
) -> (Box<dyn CueSink>, Option<String>) {
    let (mut config, problem) =
        audio::prefs::config_from_flags(volume, mute, voice || settings.voice, night);
    // The config file's volume stands unless --volume was given.
    if let (None, Some(v)) = (volume, settings.volume) {
        config.volume = v;
    }
    let feed = audio::CueFeed::new(audio::Audio::start(&config), None);
    (
        Box::new(feed),
        problem.map(|p| format!("the volume was not saved: {p}")),
    )
}

/// The config file's settings, and night mode in force now: `--night`, else the file's `night`
/// (`auto`: night mode's last toggle while it holds, else the clock; see `config::Night::now`);
/// what is wrong with the file is said at once and again when the screen is given back.
fn settings(night: bool, memory: &Memory) -> (Config, bool, Option<String>) {
    let (settings, problem) = config::load();
    if let Some(problem) = &problem {
        say(&format!("limber: {problem}"));
    }
    let night = night || settings.night.now(memory.night, store::now_local());
    (settings, night, problem)
}

/// Whether `limber cramp` must ask and play in plain lines: the terminal cannot draw its
/// screens (`TERM=dumb` or unset), or input or output is not a terminal. First aid must
/// still open there.
pub fn cramp_needs_plain() -> bool {
    super::term_is_dumb() || !is_terminal()
}

/// What `limber cramp` plays in plain lines: the routine, the legs, and where the cramp is
/// (for the offer to log it).
#[derive(Debug, Clone, PartialEq)]
pub struct PlainCramp {
    pub routine: String,
    pub side: Option<SideArg>,
    pub place: Option<store::Place>,
}

/// `limber cramp` in plain lines: the place and leg from the command line, or asked as the
/// screen asks them, a letter (or the word) and Enter each; Enter alone for the leg is "not
/// sure", and the leg is not asked when the place's first aid has no steps per leg. An answer
/// that is no place, or no answer, is a sentence and status 2.
pub fn cramp_in_plain(
    args: &CrampArgs,
    sources: &Sources,
    input: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> Result<PlainCramp, String> {
    let (spot, side) = match args.place {
        Some(place) => (spot_of(place), args.side),
        None => {
            let places: Vec<String> = Spot::ALL
                .iter()
                .map(|&spot| {
                    let key = crate::tui::keys::spot_key(spot).map_or(String::new(), |k| k.label());
                    format!("{key} {}", spot.label())
                })
                .collect();
            let _ = writeln!(
                out,
                "Where is the cramp? Type its letter and Enter: {}.",
                places.join(", ")
            );
            let _ = out.flush();
            let answer = read_answer(input).ok_or("no place was given; `limber cramp calf` (or foot, toes, thigh-front, thigh-back, hand, swimming) starts its first aid at once")?;
            let spot = Spot::ALL
                .into_iter()
                .find(|&spot| {
                    let key = crate::tui::keys::spot_key(spot).map(|k| k.label());
                    key.as_deref() == Some(answer.as_str())
                        || spot.label() == answer
                        || spot.label().ends_with(&format!(" {answer}"))
                })
                .ok_or_else(|| {
                    format!(
                        "'{}' is not one of the places; type one of the letters listed",
                        limber_core::routine::text::clean_line(&answer)
                    )
                })?;
            // Read only here, where the question depends on it; `play` loads the routine after.
            let has_sides = Catalog::load(sources)
                .find(spot.routine_id())
                .is_some_and(|e| e.routine.has_sides());
            let side = if spot.is_leg() && has_sides {
                let _ = writeln!(
                    out,
                    "Which leg? Type l or r and Enter (Enter alone: not sure)."
                );
                let _ = out.flush();
                match read_answer(input).as_deref() {
                    Some("l" | "left") => Some(LegArg::Left),
                    Some("r" | "right") => Some(LegArg::Right),
                    _ => None,
                }
            } else {
                None
            };
            (spot, side)
        }
    };
    Ok(PlainCramp {
        routine: spot.routine_id().to_string(),
        side: side.map(|leg| match leg {
            LegArg::Left => SideArg::Left,
            LegArg::Right => SideArg::Right,
        }),
        place: spot.place(),
    })
}

/// One answer typed at a plain question, lowercased and trimmed; `None` at the end of input.
/// At most a short line is read: an answer is a letter or a word.
fn read_answer(input: &mut dyn std::io::BufRead) -> Option<String> {
    use std::io::{BufRead, Read};
    let mut line = String::new();
    match input.take(256).read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_lowercase()),
    }
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// The diary every routine played is written to (`--data DIR`, else `LIMBER_DATA`, else the
/// platform's data folder).
fn diary(data: Option<&Path>) -> StoreDiary {
    StoreDiary {
        data: data.map(Path::to_path_buf),
    }
}

/// `limber`: the picker over every routine found.
pub fn picker(sources: &Sources, night: bool, no_mouse: bool, data: Option<&Path>) -> ExitCode {
    if !is_terminal() {
        crate::say!("limber's picker needs a terminal; `limber list` prints the routines");
        return ExitCode::from(Exit::Invalid);
    }
    let listing = listing(Catalog::load(sources));
    let (memory, memory_problem) = memory(data);
    let (settings, night, config_problem) = settings(night, &memory);
    let (mut sink, _) = sink(None, false, false, night, &settings);
    let result = run(
        Start::Picker,
        listing,
        options(night, false, settings.mouse && !no_mouse, memory),
        sink.as_mut(),
        Box::new(diary(data)),
    );
    keep(data, &result);
    for problem in [config_problem, memory_problem].into_iter().flatten() {
        say(&format!("limber: {problem}"));
    }
    exit(result)
}

/// `limber play ID`: the setup screen when the routine has params, sides or cautions, else the
/// first step at once; with `--now`, at once with the defaults and any `--set` values.
pub fn play(
    args: &PlayArgs,
    sources: &Sources,
    night: bool,
    no_mouse: bool,
    data: Option<&Path>,
) -> ExitCode {
    // Read once: the routine is found in it, and the finish screen's Enter goes back to its list.
    // A routine that does not exist is said before a missing terminal: it is the first thing
    // to put right.
    let catalog = Catalog::load(sources);
    let entry = match catalog::resolve_with(&args.target.routine, sources, Some(&catalog)) {
        Ok(entry) => entry,
        Err(e) => {
            crate::say!("{e}");
            return ExitCode::from(Exit::Invalid);
        }
    };
    if !is_terminal() {
        crate::say!(
            "limber's timer needs a terminal; `limber play {} --plain` works without one",
            limber_core::routine::text::clean_input(&args.target.routine)
        );
        return ExitCode::from(Exit::Invalid);
    }
    let mut entry = entry;
    if args.practice {
        match crate::commands::practice_routine(&entry.routine) {
            Ok(routine) => entry.routine = routine,
            Err(message) => {
                crate::say!("error: {message}");
                return ExitCode::from(Exit::Invalid);
            }
        }
    }
    let sets = match resolve_sets(&entry.routine, &args.target.sets) {
        Ok(sets) => sets,
        Err(message) => {
            crate::say!("error: {message}");
            return ExitCode::from(Exit::Invalid);
        }
    };
    let sides = args.target.side_choice();
    crate::commands::say_if_side_means_nothing(&args.target, &entry.routine);
    let routine = Box::new(entry.routine);
    let practice = args.practice;
    // --now starts from the routine's own defaults (and --set), the same every time; setup
    // offers the values and legs remembered from last time.
    let start = if args.now {
        let mut values = routine.default_values();
        values.extend(sets);
        Start::Now {
            routine,
            values,
            sides,
            practice,
        }
    } else {
        Start::Open {
            routine,
            sets,
            sides: args.target.side.map(Into::into),
            practice,
        }
    };
    let catalog = listing(catalog);
    let (memory, memory_problem) = memory(data);
    let (settings, night, config_problem) = settings(night, &memory);
    let (mut sink, problem) = sink(args.volume, args.mute, args.voice, night, &settings);
    let result = run(
        start,
        catalog,
        options(night, args.mute, settings.mouse && !no_mouse, memory),
        sink.as_mut(),
        Box::new(diary(data)),
    );
    keep(data, &result);
    // Said after the screen is given back, where it can be read.
    if let Some(problem) = problem {
        say(&format!("limber: {problem}"));
    }
    for problem in [config_problem, memory_problem].into_iter().flatten() {
        say(&format!("limber: {problem}"));
    }
    exit(result)
}

/// `limber config`: the file's path and the values in force; a wrong file is reported (and the
/// defaults shown), with exit status 1.
pub fn show_config() -> ExitCode {
    let (settings, problem) = config::load();
    let path = config::path();
    let mut text = config::describe(path.as_deref(), &settings);
    // What earlier runs left: night mode's last toggle, and where the choices are kept.
    let (memory, _) = remember::load(None);
    let now = config::describe_now(settings.night, memory.night, store::now_local());
    // Under the night line.
    match text.find("\nmouse") {
        Some(at) => text.insert_str(at + 1, &now),
        None => text.push_str(&now),
    }
    text.push_str(&format!(
        "remembered  {} (each routine's last settings and leg, night mode's last toggle)\n",
        remember::path(None).map_or_else(|| "(no data folder)".into(), |p| shown_path(&p))
    ));
    let written = crate::output::print(&text);
    match problem {
        Some(problem) if written == crate::output::Written::All => {
            say(&format!("limber: {problem}"));
            ExitCode::from(Exit::Failure)
        }
        _ => written.exit(),
    }
}

/// `limber cramp`: "Where is the cramp?" and "Which leg?", then the place's first aid at once;
/// with a place (and `--side`), its first aid at once with no question.
pub fn cramp(
    args: &CrampArgs,
    sources: &Sources,
    night: bool,
    no_mouse: bool,
    data: Option<&Path>,
) -> ExitCode {
    if !is_terminal() {
        crate::say!(
            "limber cramp needs a terminal; `limber play first-aid-calf --plain` works without one"
        );
        return ExitCode::from(Exit::Invalid);
    }
    let listing = listing(Catalog::load(sources));
    let routines = &listing.routines;
    let start = match args.place {
        None => Start::Cramp(args.practice),
        Some(place) => {
            let spot = spot_of(place);
            let Some(routine) = routines.iter().find(|r| r.id == spot.routine_id()) else {
                crate::say!(
                    "limber: no routine {} is found for the {}; `limber list --tag first-aid` shows the others",
                    spot.routine_id(),
                    spot.label()
                );
                return ExitCode::from(Exit::Invalid);
            };
            let sides = match args.side {
                Some(LegArg::Left) => SideChoice::LeftOnly,
                Some(LegArg::Right) => SideChoice::RightOnly,
                None => SideChoice::default(),
            };
            Start::FirstAid {
                routine: Box::new(routine.clone()),
                sides,
                spot,
                practice: args.practice,
            }
        }
    };
    let (memory, memory_problem) = memory(data);
    let (settings, night, config_problem) = settings(night, &memory);
    let (mut sink, _) = sink(None, false, false, night, &settings);
    let result = run(
        start,
        listing,
        options(night, false, settings.mouse && !no_mouse, memory),
        sink.as_mut(),
        Box::new(diary(data)),
    );
    keep(data, &result);
    for problem in [config_problem, memory_problem].into_iter().flatten() {
        say(&format!("limber: {problem}"));
    }
    exit(result)
}

fn spot_of(place: PlaceArg) -> Spot {
    match place {
        PlaceArg::Calf => Spot::Calf,
        PlaceArg::Foot => Spot::Foot,
        PlaceArg::Toes => Spot::Toes,
        PlaceArg::ThighFront => Spot::ThighFront,
        PlaceArg::ThighBack => Spot::ThighBack,
        PlaceArg::Hand => Spot::Hand,
        PlaceArg::Swimming => Spot::Swimming,
    }
}

/// The diary in its SQLite file: `--data DIR`, else `LIMBER_DATA`, else the platform's data
/// folder. Each write opens the file, writes in one transaction and closes it.
#[derive(Debug, Clone, Default)]
pub struct StoreDiary {
    pub data: Option<PathBuf>,
}

impl Diary for StoreDiary {
    fn record_session(&mut self, session: &NewSession) -> Attempt {
        match store::record_session(self.data.as_deref(), session) {
            Ok((id, aside)) => Attempt::Done(Ok((id, aside.map(|a| a.to_string())))),
            Err(e @ StoreError::Busy { .. }) => Attempt::Busy(e.to_string()),
            Err(e) => Attempt::Done(Err(e.to_string())),
        }
    }

    fn record_cramp(&mut self, cramp: &NewCramp) -> Saved {
        store::record_cramp(self.data.as_deref(), cramp)
            .map(|(id, aside)| (id, aside.map(|a| a.to_string())))
            .map_err(|e| e.to_string())
    }

    fn change_cramp(&mut self, id: i64, change: &EntryChange) -> Saved {
        match store::change_cramp(self.data.as_deref(), id, change) {
            Ok((true, aside)) => Ok((id, aside.map(|a| a.to_string()))),
            Ok((false, _)) => Err(format!("entry {id} is no longer there to change")),
            Err(e) => Err(e.to_string()),
        }
    }

    fn report(&mut self, now: DateTime) -> Loaded {
        let dir = data_dir(self.data.as_deref()).map_err(|e| e.to_string())?;
        read_report(&dir, now, None)
            .map(|(report, skipped)| (report, skipped_note(skipped)))
            .map_err(|e| e.to_string())
    }
}
