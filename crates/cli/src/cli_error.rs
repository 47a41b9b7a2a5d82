//! How the CLI fails: one clear line on stderr and an exit code that tells scripts whether the
//! invocation (2) or the work (1) was wrong.

use std::fmt;

/// A failure with its exit code.
#[derive(Debug)]
pub struct CliError {
    /// 2 for bad arguments / configuration, 1 for failures while working.
    pub exit_code: u8,
    /// The one-line message.
    pub message: String,
}

impl CliError {
    /// Bad invocation or configuration (exit code 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            exit_code: 2,
            message: message.into(),
        }
    }

    /// A failure while encoding or doing I/O (exit code 1).
    pub fn runtime(message: impl Into<String>) -> CliError {
        CliError {
            exit_code: 1,
            message: message.into(),
        }
    }
}

impl CliError {
    /// The reader of stdout went away (`| head`): stop without a message, successfully, as
    /// Unix filters do.
    pub fn output_closed() -> CliError {
        CliError {
            exit_code: 0,
            message: String::new(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
