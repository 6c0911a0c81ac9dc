//! `drs-tui demo-server`: the simulated DRS service on its own, until Ctrl-C or SIGTERM.

use std::time::Duration;

use crate::cli::DemoServerArgs;
use crate::demo::{self, DemoConfig, DemoServer};
use crate::exit::{ExitCode, Fatal};

/// `drs-tui demo-server`: serve until Ctrl-C or SIGTERM.
pub async fn run(args: DemoServerArgs) -> Result<ExitCode, Fatal> {
    let faults = match &args.faults {
        Some(spec) => demo::parse_faults(spec)
            .map_err(|e| Fatal::usage(format!("--faults: {e}\n\n{}", demo::FAULTS_HELP)))?,
        None => Vec::new(),
    };
    for p in &args.projects {
        crate::api::endpoint::check_region(p)
            .map_err(|e| Fatal::usage(format!("--projects: {e}")))?;
    }
    let server = DemoServer::start(DemoConfig {
        listen: args.listen,
        projects: args.projects.clone(),
        jobs: args.jobs,
        seed: args.seed,
        latency: Duration::from_millis(args.latency_ms),
        faults,
        ..DemoConfig::default()
    })
    .await
    .map_err(|e| Fatal::usage(crate::tr!(CliDemoListen, args.listen, e)))?;
    // One write, so the banner arrives whole even through a pipe.
    crate::exit::println_safe(&server.banner());
    wait_for_shutdown_signal().await;
    server.shutdown().await;
    Ok(ExitCode::Ok)
}

async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
