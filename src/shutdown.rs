//! Shutdown signals. SIGTERM, SIGHUP and SIGINT end a run the way Ctrl-C does: nothing new is
//! sent, what waits is cancelled, writes already sent get a bounded grace period to be answered
//! (or settled by re-read), every outcome is recorded, and the exit code says which signal.
//! Elsewhere than Unix only Ctrl-C exists (`tokio::signal::ctrl_c`).

use std::time::Duration;

/// How long writes already sent may take to be answered after a signal or a quit.
pub const DEFAULT_GRACE: Duration = crate::config::defaults::SHUTDOWN_GRACE;

/// A signal that ends the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM (`kill`, service managers).
    Term,
    /// SIGHUP (the terminal went away).
    Hup,
    /// SIGINT (Ctrl-C outside raw mode, `kill -INT`).
    Int,
}

impl Signal {
    /// `SIGTERM`, …
    pub fn name(self) -> &'static str {
        match self {
            Signal::Term => "SIGTERM",
            Signal::Hup => "SIGHUP",
            Signal::Int => "SIGINT",
        }
    }

    /// The exit code after this signal: 128 + its number, as shells report it.
    pub fn exit_code(self) -> crate::exit::ExitCode {
        use crate::exit::ExitCode;
        match self {
            Signal::Term => ExitCode::Terminated,
            Signal::Hup => ExitCode::HungUp,
            Signal::Int => ExitCode::Interrupted,
        }
    }
}

/// The shutdown signals of this process, once installed. Installing replaces the default
/// action (dying at once) for the rest of the process's life.
#[derive(Debug)]
pub struct Signals {
    #[cfg(unix)]
    unix: [(Signal, tokio::signal::unix::Signal); 3],
}

impl Signals {
    /// Installs the handlers.
    pub fn install() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                unix: [
                    (Signal::Term, signal(SignalKind::terminate())?),
                    (Signal::Hup, signal(SignalKind::hangup())?),
                    (Signal::Int, signal(SignalKind::interrupt())?),
                ],
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    /// Waits for the next shutdown signal.
    pub async fn recv(&mut self) -> Signal {
        #[cfg(unix)]
        {
            let [(a, sa), (b, sb), (c, sc)] = &mut self.unix;
            tokio::select! {
                Some(()) = sa.recv() => *a,
                Some(()) = sb.recv() => *b,
                Some(()) = sc.recv() => *c,
                else => std::future::pending().await,
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => Signal::Int,
                Err(_) => std::future::pending().await,
            }
        }
    }
}
