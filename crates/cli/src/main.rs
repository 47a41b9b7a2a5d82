//! `framepress`: encode video from the command line with framepress's encoders.

mod args;
mod cli_error;
mod encode;
mod listing;
mod metrics;
mod progress;
mod properties;
mod recon;
mod sink;
mod source;
mod summary;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Encode(a) => encode::run(a).map(|s| {
            eprintln!("{}", s.line());
        }),
        Command::Encoders => listing::encoders(),
        Command::Properties { codec } => listing::properties(*codec),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("framepress: {e}");
            ExitCode::from(e.exit_code)
        }
    }
}
