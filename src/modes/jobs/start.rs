//! `drs-tui jobs …` on a session: the client, the audit trail for writes, the projects of
//! `--regions`, then the command.

use crate::cli::JobsCommand;
use crate::exit::{ExitCode, Fatal};
use crate::ops::Writer;
use crate::session::Session;

/// Runs one `jobs` subcommand.
pub async fn open(session: &Session, command: JobsCommand) -> Result<ExitCode, Fatal> {
    let conn = session.connect().await?;
    for w in conn.warnings() {
        eprintln!("drs-tui: {w}");
    }
    crate::modes::audit::report_unsettled(session);
    let client = conn.client(None)?;
    let audit = if command.writes() {
        Some(session.open_audit()?)
    } else {
        None
    };
    let scopes = conn.scopes(&client).await?;
    let writer = Writer::new(
        client,
        audit,
        conn.audit_context(),
        conn.settings.concurrency,
    );
    let mut stdout = std::io::stdout().lock();
    super::run(
        &writer,
        scopes.as_ref(),
        command,
        session.shutdown_grace(),
        &mut stdout,
    )
    .await
}

impl JobsCommand {
    /// Whether this command sends write requests (and so needs the audit trail).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            JobsCommand::Delete { dry_run: false, .. } | JobsCommand::Stop { .. }
        )
    }
}
