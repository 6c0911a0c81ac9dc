//! How a run ends: exit codes and the fatal errors that end a command with a message. Every
//! mode returns `Result<ExitCode, Fatal>`; `main` prints the message and exits with the code.

use std::io::Write;

use crate::api::{ClientError, Failure};
use crate::config::ConfigError;
use crate::tr;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything succeeded.
    Ok = 0,
    /// At least one operation failed.
    Failed = 1,
    /// Bad usage, configuration or credentials.
    Usage = 2,
    /// The user declined the confirmation.
    Cancelled = 3,
    /// An outcome could not be written to the audit trail (it was printed on stderr as its
    /// JSON record instead).
    Unrecorded = 4,
    /// Ended by SIGHUP (128 + 1), after the grace period for writes in flight.
    HungUp = 129,
    /// Ended by SIGINT (128 + 2), after the grace period for writes in flight.
    Interrupted = 130,
    /// Ended by SIGTERM (128 + 15), after the grace period for writes in flight.
    Terminated = 143,
}

/// An error that ends the command with a message.
#[derive(Debug)]
pub struct Fatal {
    /// Exit code to use.
    pub code: ExitCode,
    /// What to tell the user.
    pub message: String,
}

impl Fatal {
    /// A fatal error with a code.
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Fatal {
            code,
            message: message.into(),
        }
    }

    /// Bad usage or configuration (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Fatal::new(ExitCode::Usage, message)
    }

    /// A failed call: credential and configuration problems exit 2, the rest 1.
    pub fn from_failure(context: &str, f: &Failure) -> Self {
        let code = match &f.error {
            ClientError::Api(e) if e.is_bad_credentials() || e.http_status == 401 => {
                ExitCode::Usage
            }
            ClientError::Auth(_) | ClientError::Invalid(_) => ExitCode::Usage,
            _ => ExitCode::Failed,
        };
        let mut message = tr!(ErrJoin, context, f.error);
        if let ClientError::Api(e) = &f.error {
            if e.is_bad_credentials() {
                message.push('\n');
                message.push_str(tr!(CliRejectedHint));
            }
            if let Some(rid) = &e.request_id {
                message.push_str(&tr!(CliRequestId, rid));
            }
        }
        Fatal::new(code, message)
    }
}

impl From<std::io::Error> for Fatal {
    fn from(e: std::io::Error) -> Self {
        // A closed pipe (`| head`) is the reader's choice, not an error worth a message.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Fatal::new(ExitCode::Ok, "");
        }
        Fatal::new(ExitCode::Failed, tr!(CliOutputError, e))
    }
}

impl From<ConfigError> for Fatal {
    fn from(e: ConfigError) -> Self {
        Fatal::usage(e.0)
    }
}

impl ExitCode {
    /// The more important of two codes (an unrecorded outcome above all, then a signal, then
    /// a failure).
    pub fn max_with(self, other: ExitCode) -> ExitCode {
        fn rank(c: ExitCode) -> u8 {
            match c {
                ExitCode::Ok => 0,
                ExitCode::Cancelled => 1,
                ExitCode::Failed => 2,
                ExitCode::Usage => 3,
                ExitCode::HungUp | ExitCode::Interrupted | ExitCode::Terminated => 4,
                ExitCode::Unrecorded => 5,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// Writes a line to stdout, ignoring a closed pipe.
pub fn println_safe(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}
