//! The binary's edge: take the environment once, parse the command line, set up logging, open
//! the session and run its mode. Errors become a message and an exit code here.

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::config::{self, Env};
use crate::exit::{ExitCode, Fatal};
use crate::modes;
use crate::session::Session;
use crate::tr;

/// The whole program; returns the exit code.
pub fn main() -> i32 {
    // A shell asking for completions (`COMPLETE=bash drs-tui -- …`) is answered before
    // anything reads the config, the credentials or the network, or writes to the screen.
    if let Some(code) = modes::shell::answer_if_asked() {
        return code;
    }
    let env = Env::capture();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::session::set_help_language(&args, &env);
    let cli = Cli::parse_args(args);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("drs-tui: {}", tr!(CliRuntime, e));
            return ExitCode::Failed as i32;
        }
    };
    let _log_guard = init_logging(cli.global.log_file.clone(), &env);
    let session = Session::start(cli.global, env);
    match runtime.block_on(dispatch(session, cli.command)) {
        Ok(code) => code as i32,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("drs-tui: {}", f.message);
            }
            f.code as i32
        }
    }
}

async fn dispatch(session: Session, command: Option<Command>) -> Result<ExitCode, Fatal> {
    match command {
        Some(Command::DemoServer(args)) => modes::demo_server::run(args).await,
        Some(Command::Audit {
            since,
            output,
            unsettled,
            settle,
        }) => {
            if settle {
                modes::audit::settle::run(&session).await
            } else {
                modes::audit::list(&session, since, output, unsettled)
            }
        }
        Some(Command::Config { command }) => modes::config::run(&session, command),
        Some(Command::Completions { shell }) => modes::shell::completions(shell),
        Some(Command::Man) => modes::shell::man(),
        Some(Command::Regions { output }) => modes::regions::run(output),
        Some(Command::Jobs { command }) => modes::jobs::start::open(&session, command).await,
        None => modes::tui::open(session).await,
    }
}

/// Logs go to a file only (never the screen): `--log-file`, or the state dir; rotated daily at
/// start-up, the last week kept (see [`crate::logfile`]).
fn init_logging(path: Option<PathBuf>, env: &Env) -> Option<()> {
    let state_dir = config::state_dir();
    let path = path.or_else(|| state_dir.as_ref().map(|d| d.join("drs-tui.log")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Our own state dir is made private even if it exists; a directory the user chose
        // is only created (0700) when missing.
        let ours = state_dir.as_deref() == Some(dir);
        let _ = config::ensure_private_dir(dir, ours);
    }
    crate::logfile::rotate(&path, crate::logfile::today());
    let file = config::open_private_append(&path).ok()?;
    let filter = env
        .get("DRS_TUI_LOG")
        .and_then(|v| tracing_subscriber::EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("drs_tui=info,warn"));
    let writer = std::sync::Mutex::new(file);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(())
}
