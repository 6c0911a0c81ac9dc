//! `drs-tui audit --settle`: re-reads the job of every unsettled write of an earlier run, at
//! the endpoint and project its intent names, and appends the outcome.
//!
//! Only intents whose endpoint is one of this session's credential targets are settled: the
//! others are listed with the endpoint and profile they need, and stay unsettled. An intent of
//! a `--demo` run is never settled with other credentials; one whose answer may still be on
//! its way (younger than the request timeout plus the shutdown grace) waits. One settle at a
//! time per audit trail. Exit 0 when none is left unsettled, 1 when some could not be told
//! (or the output was closed), 4 when an outcome could not be recorded.

use std::collections::HashMap;
use std::io::Write;

use url::Url;

use crate::api::DrsClient;
use crate::audit::{self, AuditLog, AuditRecord, SettleLock};
use crate::exit::{ExitCode, Fatal};
use crate::ops::{SettleDecision, SettleRules, settle_intent};
use crate::sanitize::clean;
use crate::session::{Connection, Session, build_client};
use crate::tr;

/// `drs-tui audit --settle`.
pub async fn run(session: &Session) -> Result<ExitCode, Fatal> {
    let path = session.audit_path()?;
    if !path.exists() {
        eprintln!("drs-tui: {}", tr!(CliNoAuditRecords, path.display()));
        return Ok(ExitCode::Ok);
    }
    let _lock = lock(&path).await?;
    // Read under the lock: a settle that ran meanwhile has appended its outcomes.
    let read = audit::read_all(&path).map_err(Fatal::usage)?;
    for w in read.warnings(&path) {
        eprintln!("drs-tui: {w}");
    }
    let (open, in_flight) = audit::unsettled_of_dead_runs(&path, audit::unsettled(&read.records));
    if in_flight > 0 {
        eprintln!("drs-tui: {}", tr!(CliSettleInFlight, in_flight));
    }
    if open.is_empty() {
        eprintln!("drs-tui: {}", tr!(CliNothingToSettle));
        return Ok(ExitCode::Ok);
    }
    let conn = session.connect().await?;
    for w in conn.warnings() {
        eprintln!("drs-tui: {w}");
    }
    let log = session.open_audit()?;
    let window = conn.settings.retry.request_timeout + session.shutdown_grace();
    let allowed = |endpoint: &str| conn.targets.allows(endpoint);
    let rules = SettleRules {
        allowed: &allowed,
        demo: conn.demo.is_some(),
        profile: conn.settings.profile.as_deref(),
        window,
        now: time::OffsetDateTime::now_utc(),
    };
    let mut settler = Settler {
        conn: &conn,
        log: &log,
        clients: HashMap::new(),
        code: ExitCode::Ok,
    };
    let mut out = std::io::stdout().lock();
    for (done, intent) in open.iter().enumerate() {
        let line = settler.one(&rules, intent).await;
        if let Err(e) = writeln!(out, "{line}") {
            // `| head`: the reader has gone, so nothing more is settled unseen.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                eprintln!("drs-tui: {}", tr!(CliSettleCut, done + 1, open.len()));
                return Ok(settler.code.max_with(ExitCode::Failed));
            }
            return Err(e.into());
        }
    }
    Ok(settler.code)
}

/// Takes the audit trail's settle lock, waiting (and saying so) while another settle holds it.
async fn lock(path: &std::path::Path) -> Result<SettleLock, Fatal> {
    let unlocked = |e: std::io::Error| Fatal::usage(tr!(CliAuditUnwritable, path.display(), e));
    if let Some(lock) = SettleLock::try_acquire(path).map_err(unlocked)? {
        return Ok(lock);
    }
    eprintln!("drs-tui: {}", tr!(CliSettleWaiting, path.display()));
    let owned = path.to_owned();
    tokio::task::spawn_blocking(move || SettleLock::acquire(&owned))
        .await
        .map_err(|e| Fatal::new(ExitCode::Failed, e.to_string()))?
        .map_err(unlocked)
}

/// Settles intents one by one, with a client per endpoint and project.
struct Settler<'a> {
    conn: &'a Connection,
    log: &'a AuditLog,
    clients: HashMap<(String, Option<String>), Result<DrsClient, String>>,
    code: ExitCode,
}

impl Settler<'_> {
    /// Settles (or explains why not) one intent; returns the line to print.
    async fn one(&mut self, rules: &SettleRules<'_>, intent: &AuditRecord) -> String {
        let ctx = intent.context.clone().unwrap_or_default();
        let (id, action) = (clean(&intent.job_id), clean(&intent.action));
        let why_not = match rules.decide(intent) {
            SettleDecision::Settle => None,
            SettleDecision::TooYoung(after) => Some(tr!(CliSettleTooYoung, id, action, after)),
            SettleDecision::Demo => Some(tr!(CliSettleDemo, id, action)),
            SettleDecision::Elsewhere => Some(tr!(
                CliSettleElsewhere,
                id,
                action,
                clean(if ctx.endpoint.is_empty() {
                    "?"
                } else {
                    &ctx.endpoint
                }),
                clean(ctx.profile.as_deref().unwrap_or("-"))
            )),
        };
        if let Some(line) = why_not {
            self.code = self.code.max_with(ExitCode::Failed);
            return line;
        }
        let outcome = match self.client(&ctx.endpoint, &ctx.project_id) {
            Ok(c) => settle_intent(&c, intent).await,
            Err(why) => AuditRecord {
                result: Some(format!("could not tell: {why}")),
                settled_by: Some("re-read failed".into()),
                ..AuditRecord::new(
                    "outcome",
                    &intent.op_id,
                    &intent.action,
                    &crate::api::Job {
                        id: intent.job_id.clone(),
                        name: intent.name.clone(),
                        ..Default::default()
                    },
                )
            },
        };
        let settled = outcome.settled_by.as_deref() == Some("re-read");
        let line = format!(
            "{id} {action} {}",
            clean(outcome.result.as_deref().unwrap_or(""))
        );
        let json = serde_json::to_string(&outcome).unwrap_or_default();
        if let Err(e) = self.log.append_async(outcome).await {
            eprintln!("{json}");
            eprintln!(
                "drs-tui: {}",
                tr!(CliOutcomeUnrecorded, self.log.path().display(), e)
            );
            self.code = ExitCode::Unrecorded;
        } else if !settled {
            self.code = self.code.max_with(ExitCode::Failed);
        }
        line
    }

    /// The client for an intent's endpoint (already checked against the targets) and project.
    fn client(&mut self, endpoint: &str, project: &Option<String>) -> Result<DrsClient, String> {
        let key = (endpoint.to_owned(), project.clone());
        let conn = self.conn;
        self.clients
            .entry(key)
            .or_insert_with(|| {
                let mut s = conn.settings.clone();
                s.endpoint = Url::parse(endpoint).map_err(|e| format!("{endpoint:?}: {e}"))?;
                if project.is_some() {
                    s.project_id = project.clone();
                }
                build_client(&s, None).map_err(|f| f.message)
            })
            .clone()
    }
}
