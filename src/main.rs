use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use limber::catalog::Sources;
use limber::cli::{Cli, Command, PlayArgs};
use limber::{audio, commands, plain};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let sources = Sources::standard(cli.routines.clone());
    match &cli.command {
        Some(Command::List(args)) => commands::list(args, &sources),
        Some(Command::Show(args)) => commands::show(args, &sources),
        Some(Command::Check(args)) => commands::check(args),
        Some(Command::Play(args)) if !args.plain => {
            limber::tui::entry::play(args, &sources, cli.night)
        }
        Some(Command::Play(args)) => play(args, &sources, cli.night),
        Some(Command::Log(args)) => limber::store::cli::log_command(args),
        Some(Command::Report(args)) => limber::store::cli::report_command(args),
        None => limber::tui::entry::picker(&sources, cli.night),
    }
}

fn play(args: &PlayArgs, sources: &Sources, night: bool) -> ExitCode {
    // The sound device opens on its own thread while the routine is read.
    let (sound, problem) =
        audio::prefs::config_from_flags(args.volume, args.mute, args.voice, night);
    let audio = audio::Audio::start(&sound);
    let (entry, plan) = match commands::plan_for(&args.target, sources) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if let Some(problem) = problem {
        eprintln!("limber: the volume was not saved: {problem}");
    }
    audio.wait_ready(Duration::from_millis(300));
    let mut feed = audio::CueFeed::new(audio, entry.base_dir().map(Path::to_path_buf));
    let input = plain::stdin_lines();
    let mut out = std::io::stdout();
    match plain::run(plan, &input, &mut out, &mut feed) {
        plain::Ending::Finished => ExitCode::SUCCESS,
        plain::Ending::Quit | plain::Ending::InputEnded => ExitCode::from(1),
    }
}
