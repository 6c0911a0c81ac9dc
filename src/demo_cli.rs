//! Glue between the command line, the demo service and the TUI.

use crate::api::DrsClient;
use crate::cli::{DemoServerArgs, GlobalArgs};
use crate::commands::{ExitCode, Fatal};
use crate::config::Settings;

/// `drs-tui demo-server`.
pub async fn run_demo_server(_args: DemoServerArgs) -> Result<ExitCode, Fatal> {
    Err(Fatal::usage("the demo service is not built yet"))
}

/// Settings pointing at a demo service started in this process.
pub async fn demo_settings(
    _global: &GlobalArgs,
) -> Result<(Settings, crate::demo::DemoServer), Fatal> {
    Err(Fatal::usage("the demo service is not built yet"))
}

/// Opens the TUI.
pub async fn run_tui(
    _client: DrsClient,
    _settings: &Settings,
    _global: &GlobalArgs,
    _demo: Option<crate::demo::DemoServer>,
) -> Result<ExitCode, Fatal> {
    Err(Fatal::usage("the TUI is not built yet"))
}
