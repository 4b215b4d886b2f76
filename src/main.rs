// Messages go through `limber::say!` and `output::print`, which never panic (clippy.toml).
#![deny(clippy::disallowed_macros)]

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use limber::catalog::Sources;
use limber::cli::{Cli, CrampArgs, DataArg, PlayArgs, RoutineArgs, RoutinesArg, Subcommand};
use limber::{audio, commands, plain, store};

fn main() -> ExitCode {
    limber::cli::complete::answer_if_asked();
    let cli = Cli::parse_checked();
    let sources = Sources::standard(cli.routines.clone());
    let data = cli.data.as_deref();
    match &cli.command {
        Some(Subcommand::List(args)) => commands::list(args, &sources),
        Some(Subcommand::Show(args)) => commands::show(args, &sources),
        Some(Subcommand::Check(args)) => commands::check(args, &sources),
        Some(Subcommand::Config) => commands::play::show_config(),
        Some(Subcommand::Cramp(args)) if commands::play::cramp_needs_plain() => {
            cramp_plain(args, &sources, cli.night, data)
        }
        Some(Subcommand::Cramp(args)) => {
            commands::play::cramp(args, &sources, cli.night, cli.no_mouse, data)
        }
        Some(Subcommand::Play(args)) if !args.plain && !commands::plain_instead() => {
            commands::play::play(args, &sources, cli.night, cli.no_mouse, data)
        }
        Some(Subcommand::Play(args)) => play(args, &sources, cli.night, data, None),
        Some(Subcommand::Log(args)) => commands::diary::log_command(args, cli.no_mouse, data),
        Some(Subcommand::Report(args)) => commands::diary::report_command(args, data),
        Some(Subcommand::Doctor) => commands::doctor::doctor(),
        Some(Subcommand::Entries(args)) => commands::diary::entries_command(args, data),
        Some(Subcommand::New(args)) => commands::files::new(args, &sources),
        Some(Subcommand::Format) => commands::files::format(),
        Some(Subcommand::Completions(args)) => commands::completions(args),
        Some(Subcommand::Man(args)) => commands::files::man(args),
        None if commands::term_is_dumb() => commands::picker_cannot_draw(),
        None => commands::play::picker(&sources, cli.night, cli.no_mouse, data),
    }
}

/// `limber cramp` where the screens cannot be drawn (`TERM=dumb`, or not a terminal): the
/// place and leg asked in plain lines (or taken from the command line), then the first aid
/// played as `limber play ID --plain` plays it. First aid must always open.
fn cramp_plain(args: &CrampArgs, sources: &Sources, night: bool, data: Option<&Path>) -> ExitCode {
    let mut out = std::io::stdout();
    let chosen =
        commands::play::cramp_in_plain(args, sources, &mut std::io::stdin().lock(), &mut out);
    let chosen = match chosen {
        Ok(chosen) => chosen,
        Err(sentence) => {
            limber::say!("limber: {sentence}");
            return limber::exit::Exit::Invalid.into();
        }
    };
    let play_args = PlayArgs {
        target: RoutineArgs {
            routine: chosen.routine,
            sets: Vec::new(),
            side: chosen.side,
            source: RoutinesArg {
                routines: args.source.routines.clone(),
            },
        },
        plain: true,
        now: true,
        practice: args.practice,
        volume: None,
        mute: false,
        voice: false,
        night: args.night,
        no_mouse: args.no_mouse,
        diary: DataArg {
            data: args.diary.data.clone(),
        },
    };
    play(&play_args, sources, night || args.night, data, chosen.place)
}

/// `place`: where the cramp is when the person said so (`limber cramp foot`); else the
/// routine's own place is offered when logging.
fn play(
    args: &PlayArgs,
    sources: &Sources,
    night: bool,
    data: Option<&Path>,
    place: Option<store::Place>,
) -> ExitCode {
    // The sound device opens on its own thread while the routine is read.
    let (sound, problem) =
        audio::prefs::config_from_flags(args.volume, args.mute, args.voice, night);
    let audio = audio::Audio::start(&sound);
    let commands::Chosen {
        entry,
        values,
        plan,
    } = match commands::plan_for(&args.target, sources, args.practice) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if let Some(problem) = problem {
        limber::say!("limber: the volume was not saved: {problem}");
    }
    audio.wait_ready(Duration::from_millis(300));
    let mut feed = audio::CueFeed::new(audio, entry.base_dir().map(Path::to_path_buf));
    let input = plain::stdin_and_signals();
    let mut out = std::io::stdout();
    let started = store::now_local();
    let played = plain::play(&entry.routine, plan, &input, &mut out, &mut feed);
    // Every run goes in the diary; a diary that cannot be written only says so.
    let mut session = store::session_of(
        &entry.routine.id,
        &entry.routine.title,
        &values,
        &played.summary,
        started,
        store::now_local(),
    );
    session.practice = args.practice;
    // The values and legs of a real run are offered on its setup screen next time.
    if !args.practice {
        let mut changes = limber_core::routine::remember::Changes::default();
        changes.routines.insert(
            entry.routine.id.clone(),
            limber_core::routine::remember::choice_of(
                &entry.routine,
                &values,
                args.target
                    .side
                    .map(limber_core::routine::SideChoice::from)
                    .unwrap_or_default(),
            ),
        );
        if let Err(why) = limber::remember::save(data, &changes) {
            limber::say!("limber: your choices were not remembered: {why}");
        }
    }
    if let Some(message) = store::record_session_or_say(data, &session) {
        // Standard error may be a terminal that has gone (SIGHUP): `eprintln!` would panic.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "limber: {message}");
    }
    // A rehearsal had no cramp to log.
    if !args.practice {
        plain::offer_to_log(
            &entry.routine,
            place,
            &played.summary,
            started,
            &input,
            data,
            &mut out,
        );
    }
    played.ending.exit().into()
}
