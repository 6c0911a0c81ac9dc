//! The TUI mode: the session's connection opened as a full-screen app. The app (`crate::app`,
//! pure state), the drawing (`crate::ui`) and the worker (`crate::worker`, the only IO) run
//! under the event loop in [`event_loop`].

pub mod app;
pub mod event_loop;
mod history;
pub mod layout;
pub mod memory;
pub mod ui;
pub mod worker;

use std::sync::Arc;

use crate::api::{RegionsSpec, ScopeSet};
use crate::config::Env;
use crate::exit::{ExitCode, Fatal};
use crate::session::{Connection, Session, custom_endpoint, switch::scope_resolver};

pub use event_loop::{Resolver, TuiExit, TuiOptions, restore_terminal, run};

/// Opens the TUI on `session`; the demo service (if any) lives as long as it. Warnings of
/// the settings are shown in the TUI's status line, never printed over it. Writes are audited,
/// and disabled (the TUI still opens) when the audit log cannot be written.
pub async fn open(session: Session) -> Result<ExitCode, Fatal> {
    let session = Arc::new(session);
    let mut conn = session.connect().await?;
    let (events_tx, events) = tokio::sync::mpsc::unbounded_channel();
    let client = conn.client(Some(events_tx))?;
    let demo_url = conn.targets.demo.clone();
    let resolver = scope_resolver(session.clone(), client.clone(), demo_url);
    let scopes = conn.scopes(&client).await?;
    let opts = options(&session, &conn, scopes, resolver);
    let result = run(client, Some(events), opts).await;
    if let Some(server) = conn.demo.take() {
        server.shutdown().await;
    }
    let exit = result.map_err(|e| Fatal::new(ExitCode::Failed, format!("{e:#}")))?;
    Ok(report_exit(&exit))
}

/// What the event loop needs, all derived from the session and its connection.
fn options(
    session: &Session,
    conn: &Connection,
    scopes: Option<ScopeSet>,
    resolver: crate::session::switch::ScopeResolver,
) -> TuiOptions {
    let settings = &conn.settings;
    // Opened for a read-only profile too: `:profile` may switch to a writable one.
    let audit = session.open_audit().map_err(|f| {
        tracing::error!(error = %f.message, "audit log unavailable; TUI writes disabled");
        f.message
    });
    TuiOptions {
        settings: crate::app::Settings {
            profile: settings.profile.clone().unwrap_or_else(|| "default".into()),
            region: settings.region.clone().unwrap_or_default(),
            project_id: settings.project_id.clone().unwrap_or_default(),
            endpoint: settings.endpoint.to_string(),
            custom_endpoint: custom_endpoint(settings),
            demo: conn.demo.is_some(),
            read_only: settings.read_only,
            protected: settings.protected,
            concurrency: settings.concurrency,
            confirm_threshold: settings.confirm_threshold,
            ascii: session.global.ascii,
            no_color: no_color(session.env()),
            undo_grace_secs: settings.undo_grace.as_secs(),
            // For `:region` and `:profile` completion and checks.
            regions: match &settings.regions {
                Some(RegionsSpec::List(l)) => l.clone(),
                _ => Vec::new(),
            },
            profiles: session.profiles(),
            ..crate::app::Settings::default()
        },
        auto_refresh: settings.auto_refresh,
        job_type: None,
        audit,
        audit_context: conn.audit_context(),
        shutdown_grace: session.shutdown_grace(),
        settle_window: settings.retry.request_timeout + session.shutdown_grace(),
        warnings: conn.warnings().to_vec(),
        scopes,
        resolver: Some(Resolver(resolver)),
    }
}

/// Colours are off when `NO_COLOR` is set and not empty, whatever its value (no-color.org):
/// blanks count as a value here, unlike the settings read through [`Env::get`].
fn no_color(env: &Env) -> bool {
    env.map().get("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The terminal is back to normal: what ended during the shutdown is said where it stays.
fn report_exit(exit: &TuiExit) -> ExitCode {
    let mut code = if exit.interrupted > 0 {
        eprintln!(
            "drs-tui: {} write(s) ended without an answer (interrupted): `drs-tui audit --settle` re-reads them",
            exit.interrupted
        );
        ExitCode::Failed
    } else {
        ExitCode::Ok
    };
    for line in &exit.lines {
        eprintln!("drs-tui: {line}");
    }
    for rec in &exit.unrecorded {
        eprintln!("{rec}");
        code = ExitCode::Unrecorded;
    }
    if let Some(sig) = exit.signal {
        eprintln!("drs-tui: ended by {}", sig.name());
        code = code.max_with(sig.exit_code());
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_is_on_when_the_variable_is_set_to_anything_but_empty() {
        for value in ["1", "0", "false", " "] {
            assert!(
                no_color(&Env::from_pairs([("NO_COLOR", value)])),
                "{value:?}"
            );
        }
    }

    #[test]
    fn no_color_is_off_when_the_variable_is_unset_or_empty() {
        assert!(!no_color(&Env::default()));
        assert!(!no_color(&Env::from_pairs([("NO_COLOR", "")])));
        assert!(!no_color(&Env::from_pairs([("TERM", "dumb")])));
    }
}
