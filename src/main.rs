use std::process::ExitCode;

use clap::Parser;

use limber::catalog::Sources;
use limber::cli::{Cli, Command, PlayArgs};
use limber::{commands, plain};

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
        Some(Command::Play(args)) => play(args, &sources),
        Some(Command::Log(args)) => limber::store::cli::log_command(args),
        Some(Command::Report(args)) => limber::store::cli::report_command(args),
        None => limber::tui::entry::picker(&sources, cli.night),
    }
}

fn play(args: &PlayArgs, sources: &Sources) -> ExitCode {
    let (_entry, plan) = match commands::plan_for(&args.target, sources) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let input = plain::stdin_lines();
    let mut out = std::io::stdout();
    match plain::run(plan, &input, &mut out, &mut plain::Silent) {
        plain::Ending::Finished => ExitCode::SUCCESS,
        plain::Ending::Quit | plain::Ending::InputEnded => ExitCode::from(1),
    }
}
