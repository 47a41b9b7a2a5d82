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
mod synth;
mod use_cases;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    let result = match &cli.command {
        Command::Encode(a) => encode::run(a).map(|s| {
            eprintln!("{}", s.line());
        }),
        Command::Encoders => listing::encoders(),
        Command::Properties { codec } => listing::properties(*codec),
        Command::Presets { codec } => listing::presets(*codec),
        Command::Synth(a) => synth::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                eprintln!("framepress: {e}");
            }
            ExitCode::from(e.exit_code)
        }
    }
}

/// `--help` and `--version` print as clap renders them; every argument error becomes one line
/// on stderr and exit code 2 (clap's own rendering spans several lines with a usage block).
fn argument_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    eprintln!("framepress: {}", one_line(&e.render().to_string()));
    ExitCode::from(2)
}

/// clap's message and tip on one line, without the usage block.
fn one_line(rendered: &str) -> String {
    let mut parts = Vec::new();
    for line in rendered.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        parts.push(line.strip_prefix("error: ").unwrap_or(line).to_owned());
    }
    let mut text = parts.join("; ");
    text.push_str(" (see --help)");
    text
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn clap_errors_become_one_line() {
        let rendered = "error: unexpected argument '--foo' found\n\n  tip: to pass '--foo' as a value, use '-- --foo'\n\nUsage: framepress encode [OPTIONS]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "unexpected argument '--foo' found; tip: to pass '--foo' as a value, use '-- --foo' (see --help)"
        );
    }
}
