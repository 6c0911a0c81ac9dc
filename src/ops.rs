//! Write operations (delete, stop) as the TUI and the `jobs` commands perform them: audited,
//! bounded by a throttle-aware concurrency limit, cancellable until sent, and settled by
//! re-reading the job when the answer was lost, when a resend was refused (the first attempt
//! may have been processed), or when a 2xx answer could not be read. At shutdown, writes still
//! waiting for an answer when the grace period ends are abandoned and recorded `interrupted`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::api::{ClientError, DrsClient, Failure, Job, RetryPolicy};
use crate::audit::{AuditContext, AuditLog, AuditRecord};
use crate::tr;

mod limit;
mod settle;
pub use limit::{AdaptiveLimit, Slot};
pub use settle::{ReRead, SettleDecision, SettleRules, reread, settle_intent};

/// A write on one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteAction {
    /// `DELETE /v5/{project_id}/jobs/{job_id}`.
    Delete,
    /// `POST …/jobs/{job_id}/stop`.
    Stop {
        /// `is_force_stop`.
        force: bool,
    },
}

impl WriteAction {
    /// `DELETE` / `STOP`, as in outcome lines.
    pub fn verb(self) -> &'static str {
        match self {
            WriteAction::Delete => "DELETE",
            WriteAction::Stop { .. } => "STOP",
        }
    }

    fn audit_name(self) -> &'static str {
        match self {
            WriteAction::Delete => "delete",
            WriteAction::Stop { force: false } => "stop",
            WriteAction::Stop { force: true } => "force-stop",
        }
    }
}

/// How a write ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// The service answered 2xx.
    Succeeded,
    /// The answer was lost, and a re-read shows the job gone (delete) or stopping (stop).
    ConfirmedByReRead,
    /// `DRS.10000010` after an earlier attempt whose outcome was unknown.
    AlreadyDeleted,
    /// Not there, and told to ignore that (`jobs delete --ignore-not-found`): `DRS.10000010`
    /// to the delete, or found in none of the projects looked up (nothing sent).
    AlreadyGone,
    /// The answer was lost and the job is still there: offered for retry.
    UnknownStillPresent,
    /// The service refused, or the request failed before it could be processed.
    Failed,
    /// Cancelled before it was sent.
    Cancelled,
    /// Sent, but the program stopped waiting for the answer (a signal or quit, after the
    /// grace period): unsettled until `drs-tui audit --settle` re-reads the job.
    Interrupted,
}

/// The outcome of one write, with everything the outcome line and the audit trail need.
#[derive(Debug, Clone)]
pub struct WriteOutcome {
    /// The job.
    pub job_id: String,
    /// What was attempted.
    pub action: WriteAction,
    /// How it ended.
    pub kind: OutcomeKind,
    /// HTTP status of the last answer, if any.
    pub http_status: Option<u16>,
    /// The error, when not a plain success.
    pub error: Option<ClientError>,
    /// Request id of the last answer.
    pub request_id: Option<String>,
    /// Requests sent.
    pub attempts: u32,
    /// Throttled attempts.
    pub throttles: u32,
    /// From start to outcome.
    pub duration: Duration,
    /// The outcome record (JSON) when it could not be written to the audit trail, with why:
    /// the CLI prints it on stderr and exits 4, the TUI shows it.
    pub unrecorded: Option<String>,
}

impl WriteOutcome {
    /// An outcome of `kind` with nothing sent or answered yet: no status, error or attempt.
    fn bare(job: &Job, action: WriteAction, kind: OutcomeKind, started: Instant) -> Self {
        WriteOutcome {
            job_id: job.id.clone(),
            action,
            kind,
            http_status: None,
            error: None,
            request_id: None,
            attempts: 0,
            throttles: 0,
            duration: started.elapsed(),
            unrecorded: None,
        }
    }

    /// Whether the job ended as asked (deleted / stopping).
    pub fn succeeded(&self) -> bool {
        matches!(
            self.kind,
            OutcomeKind::Succeeded
                | OutcomeKind::ConfirmedByReRead
                | OutcomeKind::AlreadyDeleted
                | OutcomeKind::AlreadyGone
        )
    }

    /// Whether `R` should offer it again.
    pub fn retryable(&self) -> bool {
        matches!(
            self.kind,
            OutcomeKind::Failed | OutcomeKind::UnknownStillPresent | OutcomeKind::Cancelled
        )
    }

    /// The text after `DELETE name (id): `: `200 OK`, `400 DRS.10000010 Job does not exist…`,
    /// `deleted (confirmed by re-read)`, `outcome unknown, still present`, …
    pub fn summary(&self) -> String {
        let done = match self.action {
            WriteAction::Delete => tr!(OutDeleted),
            WriteAction::Stop { .. } => tr!(OutStopping),
        };
        match self.kind {
            OutcomeKind::Succeeded => format!("{} OK", self.http_status.unwrap_or(200)),
            OutcomeKind::ConfirmedByReRead => tr!(OutConfirmed, done),
            OutcomeKind::AlreadyDeleted => tr!(OutAlreadyDeleted).to_string(),
            OutcomeKind::AlreadyGone => match &self.error {
                Some(e) => tr!(OutAlreadyGone, e),
                None => tr!(OutAlreadyGoneLookup).to_string(),
            },
            OutcomeKind::UnknownStillPresent => match &self.error {
                Some(e) => tr!(OutUnknownWhy, e),
                None => tr!(OutUnknown).to_string(),
            },
            OutcomeKind::Cancelled => tr!(OutCancelled).to_string(),
            OutcomeKind::Interrupted => tr!(OutInterrupted, self.duration.as_secs()),
            OutcomeKind::Failed => match &self.error {
                Some(e) => e.to_string(),
                None => tr!(OutFailed).to_string(),
            },
        }
    }

    /// How the outcome was learned: `response`, `re-read`, `lookup` or `not sent`.
    pub fn settled_by(&self) -> &'static str {
        match self.kind {
            OutcomeKind::ConfirmedByReRead | OutcomeKind::UnknownStillPresent => "re-read",
            OutcomeKind::Cancelled => "not sent",
            OutcomeKind::Interrupted => "interrupted",
            OutcomeKind::AlreadyGone if self.attempts == 0 => "lookup",
            _ if self.attempts == 0 => "not sent",
            _ => "response",
        }
    }
}

/// Performs audited writes for one account.
#[derive(Debug, Clone)]
pub struct Writer {
    client: DrsClient,
    audit: Option<AuditLog>,
    context: AuditContext,
    limit: Arc<AdaptiveLimit>,
    /// Fired when the shutdown grace period ends: writes still waiting for an answer stop
    /// waiting and are recorded `interrupted` (shared by every clone).
    abandon: CancellationToken,
    /// Op ids of this process's intents: never "unsettled writes of an earlier run".
    own: Arc<Mutex<std::collections::HashSet<String>>>,
    /// How long after its intent a write's answer may still arrive, and whether this is a
    /// `--demo` run: the rules of `U`.
    settle_window: Duration,
    demo: bool,
    /// `DRS.10000010` to a delete is the job already gone, not a failure.
    ignore_not_found: bool,
}

/// What settling the unsettled writes of earlier runs did (the TUI's `U`).
#[derive(Debug, Default)]
pub struct SettleReport {
    /// Per write tried: its intent and the outcome record (appended, unless `unrecorded`).
    pub settled: Vec<(AuditRecord, AuditRecord)>,
    /// Unsettled writes sent to another endpoint or project (not tried: this client does not
    /// point there).
    pub elsewhere: usize,
    /// Unsettled writes whose answer may still be on its way (not tried yet).
    pub too_young: usize,
    /// Outcome records the audit log could not take (JSON, with why).
    pub unrecorded: Vec<String>,
}

/// A project a settle may re-read in: its endpoint, its project id, and its client.
#[derive(Debug, Clone)]
pub struct SettleTarget {
    /// The DRS endpoint, as intents record it.
    pub endpoint: String,
    /// The project id.
    pub project_id: Option<String>,
    /// The client for that endpoint and project.
    pub client: DrsClient,
}

impl Writer {
    /// A writer; `audit` `None` only where no audit trail is wanted (tests of the client).
    pub fn new(
        client: DrsClient,
        audit: Option<AuditLog>,
        context: AuditContext,
        concurrency: usize,
    ) -> Self {
        Writer {
            client,
            audit,
            context,
            limit: Arc::new(AdaptiveLimit::new(concurrency)),
            abandon: CancellationToken::new(),
            own: Arc::default(),
            // Until told: the defaults' request timeout plus shutdown grace.
            settle_window: RetryPolicy::default().request_timeout
                + crate::config::defaults::SHUTDOWN_GRACE,
            demo: false,
            ignore_not_found: false,
        }
    }

    /// Settles the unsettled writes of earlier runs that went to one of `targets` (the
    /// projects in view; this writer's own is always one): re-reads each job and appends the
    /// outcome. Writes sent elsewhere, of a demo run, or whose answer may still be on its way
    /// are counted, not tried. One settle at a time per audit trail.
    pub async fn settle_unsettled(&self, targets: &[SettleTarget]) -> Result<SettleReport, String> {
        let audit = self.audit.as_ref().ok_or("no audit log")?;
        let path = audit.path().to_owned();
        let Some(_lock) =
            crate::audit::SettleLock::try_acquire(&path).map_err(|e| e.to_string())?
        else {
            return Err(tr!(CliSettleWaiting, path.display()));
        };
        let read = tokio::task::spawn_blocking(move || crate::audit::read_all(&path))
            .await
            .map_err(|e| e.to_string())??;
        let own = self.own.lock().map(|o| o.clone()).unwrap_or_default();
        let mut report = SettleReport::default();
        let (dead, _in_flight) = crate::audit::unsettled_of_dead_runs(
            audit.path(),
            crate::audit::unsettled(&read.records),
        );
        let mine = SettleTarget {
            endpoint: self.context.endpoint.clone(),
            project_id: self.context.project_id.clone(),
            client: self.client.clone(),
        };
        let target_of = |ctx: &AuditContext| {
            std::iter::once(&mine)
                .chain(targets)
                .find(|t| t.endpoint == ctx.endpoint && t.project_id == ctx.project_id)
        };
        let allowed = |endpoint: &str| {
            std::iter::once(&mine)
                .chain(targets)
                .any(|t| t.endpoint == endpoint)
        };
        let rules = SettleRules {
            allowed: &allowed,
            demo: self.demo,
            profile: self.context.profile.as_deref(),
            window: self.settle_window,
            now: time::OffsetDateTime::now_utc(),
        };
        for intent in dead {
            if own.contains(&intent.op_id) {
                continue;
            }
            let ctx = intent.context.clone().unwrap_or_default();
            let target = match rules.decide(&intent) {
                SettleDecision::TooYoung(_) => {
                    report.too_young += 1;
                    continue;
                }
                SettleDecision::Settle => target_of(&ctx),
                SettleDecision::Demo | SettleDecision::Elsewhere => None,
            };
            let Some(target) = target else {
                report.elsewhere += 1;
                continue;
            };
            let outcome = settle_intent(&target.client, &intent).await;
            let json = serde_json::to_string(&outcome).unwrap_or_default();
            if let Err(e) = audit.append_async(outcome.clone()).await {
                report
                    .unrecorded
                    .push(crate::tr!(OpsUnrecorded, json, audit.path().display(), e));
            }
            report.settled.push((intent, outcome));
        }
        Ok(report)
    }

    /// Stops waiting for answers: every write in flight (of every clone) ends `interrupted`,
    /// its outcome still recorded. Writes not sent yet must be cancelled separately.
    pub fn abandon(&self) {
        self.abandon.cancel();
    }

    /// This writer aimed at another project (`--regions`): same audit log, concurrency
    /// limit, shutdown and own-intent set; the other project's client and audit context.
    pub fn for_target(&self, client: DrsClient, context: AuditContext) -> Writer {
        Writer {
            client,
            context,
            ..self.clone()
        }
    }

    /// The rules of settling (`U`): how long an answer may still be on its way after its
    /// intent (the request timeout plus the shutdown grace), and whether this is a demo run.
    pub fn with_settle_rules(mut self, window: Duration, demo: bool) -> Writer {
        self.settle_window = window;
        self.demo = demo;
        self
    }

    /// This writer, reading `DRS.10000010` to a delete as the job already gone (a success)
    /// when `on`: `jobs delete --ignore-not-found`.
    pub fn ignoring_not_found(self, on: bool) -> Writer {
        Writer {
            ignore_not_found: on,
            ..self
        }
    }

    /// Records, sending nothing, that `job` was found in none of the projects looked up
    /// (`jobs delete --ignore-not-found` with `--regions`): an outcome, already gone.
    pub async fn record_gone(&self, action: WriteAction, job: &Job) -> WriteOutcome {
        let mut outcome = WriteOutcome::bare(job, action, OutcomeKind::AlreadyGone, Instant::now());
        let op_id = format!("{:016x}", rand::random::<u64>());
        self.record_outcome(&mut outcome, &op_id, job).await;
        outcome
    }

    /// The audit context: where this writer's writes go.
    pub fn context(&self) -> &AuditContext {
        &self.context
    }

    /// The client.
    pub fn client(&self) -> &DrsClient {
        &self.client
    }

    /// The concurrency limit (shared by every clone).
    pub fn limit(&self) -> &AdaptiveLimit {
        &self.limit
    }

    /// Performs `action` on `job` once a concurrency slot is free, unless `cancel` fires first.
    /// `after_ambiguous`: an earlier attempt's outcome was unknown, so `DRS.10000010` on a delete
    /// means it is already deleted, not a failure.
    pub async fn run(
        &self,
        action: WriteAction,
        job: &Job,
        after_ambiguous: bool,
        cancel: &CancellationToken,
    ) -> WriteOutcome {
        self.run_with(action, job, after_ambiguous, cancel, || {})
            .await
    }

    /// [`Writer::run`], calling `on_send` once the intent is recorded, just before the request
    /// goes out (from then on cancelling has no effect): the TUI shows the job as sent then.
    pub async fn run_with(
        &self,
        action: WriteAction,
        job: &Job,
        after_ambiguous: bool,
        cancel: &CancellationToken,
        on_send: impl FnOnce() + Send,
    ) -> WriteOutcome {
        let started = Instant::now();
        let not_sent = |kind, error| WriteOutcome {
            error,
            ..WriteOutcome::bare(job, action, kind, started)
        };
        let slot = tokio::select! {
            biased;
            _ = cancel.cancelled() => return not_sent(OutcomeKind::Cancelled, None),
            slot = self.limit.acquire() => slot,
        };
        if cancel.is_cancelled() || self.abandon.is_cancelled() {
            return not_sent(OutcomeKind::Cancelled, None);
        }
        let op_id = match self.record_intent(action, job).await {
            Ok(op_id) => op_id,
            Err(refused) => return not_sent(OutcomeKind::Failed, Some(refused)),
        };
        on_send();
        let mut outcome = tokio::select! {
            biased;
            o = self.send_and_settle(action, job, after_ambiguous, started) => o,
            _ = self.abandon.cancelled() => WriteOutcome {
                attempts: 1,
                ..not_sent(OutcomeKind::Interrupted, None)
            },
        };
        drop(slot);
        self.limit.record(outcome.throttles > 0);
        outcome.duration = started.elapsed();
        self.record_outcome(&mut outcome, &op_id, job).await;
        outcome
    }

    /// A new op id, kept as this process's own, and its intent in the audit trail. An audit
    /// trail that cannot take the intent refuses the write (the error says why).
    async fn record_intent(&self, action: WriteAction, job: &Job) -> Result<String, ClientError> {
        let op_id = format!("{:016x}", rand::random::<u64>());
        if let Ok(mut own) = self.own.lock() {
            own.insert(op_id.clone());
        }
        if let Some(audit) = &self.audit {
            let intent = AuditRecord {
                context: Some(self.context.clone()),
                job: Some(job.clone()),
                run_id: audit.run_id(),
                ..AuditRecord::new("intent", &op_id, action.audit_name(), job)
            };
            if let Err(e) = audit.append_async(intent).await {
                tracing::error!(error = %e, "audit log write failed; write refused");
                return Err(ClientError::Invalid(crate::tr!(
                    OpsAuditUnwritable,
                    audit.path().display(),
                    e
                )));
            }
        }
        Ok(op_id)
    }

    /// Sends the request; a failure is settled (see [`Writer::settle`]).
    async fn send_and_settle(
        &self,
        action: WriteAction,
        job: &Job,
        after_ambiguous: bool,
        started: Instant,
    ) -> WriteOutcome {
        let result = match action {
            WriteAction::Delete => self
                .client
                .delete_job(&job.id)
                .await
                .map(|a| (a.status, a.request_id, a.attempts, a.throttles)),
            WriteAction::Stop { force } => self
                .client
                .stop_job(&job.id, force)
                .await
                .map(|a| (a.status, a.request_id, a.attempts, a.throttles)),
        };
        match result {
            Ok((status, request_id, attempts, throttles)) => WriteOutcome {
                http_status: Some(status),
                request_id,
                attempts,
                throttles,
                ..WriteOutcome::bare(job, action, OutcomeKind::Succeeded, started)
            },
            Err(f) => self.settle(action, job, after_ambiguous, f, started).await,
        }
    }

    /// Appends the outcome record of `op_id`; when the audit trail cannot take it, the record
    /// (JSON) and why go into `outcome.unrecorded`.
    async fn record_outcome(&self, outcome: &mut WriteOutcome, op_id: &str, job: &Job) {
        let Some(audit) = &self.audit else {
            return;
        };
        let api = outcome.error.as_ref().and_then(ClientError::api);
        let rec = AuditRecord {
            result: Some(outcome.summary()),
            http_status: outcome.http_status,
            error_code: api.map(|a| a.error_code.clone()),
            error_msg: outcome.error.as_ref().map(|e| match e.api() {
                Some(a) => a.error_msg.clone(),
                None => e.to_string(),
            }),
            request_id: outcome.request_id.clone(),
            attempts: Some(outcome.attempts),
            duration_ms: Some(outcome.duration.as_millis() as u64),
            settled_by: Some(outcome.settled_by().into()),
            ..AuditRecord::new("outcome", op_id, outcome.action.audit_name(), job)
        };
        let json = serde_json::to_string(&rec).unwrap_or_default();
        if let Err(e) = audit.append_async(rec).await {
            tracing::error!(error = %e, "audit log outcome write failed");
            outcome.unrecorded = Some(crate::tr!(OpsUnrecorded, json, audit.path().display(), e));
        }
    }

    async fn settle(
        &self,
        action: WriteAction,
        job: &Job,
        after_ambiguous: bool,
        f: Failure,
        started: Instant,
    ) -> WriteOutcome {
        let api = f.error.api().cloned();
        let mut outcome = WriteOutcome {
            http_status: f.error.http_status(),
            error: Some(f.error.clone()),
            request_id: api.as_ref().and_then(|a| a.request_id.clone()),
            attempts: f.attempts,
            throttles: f.throttles,
            ..WriteOutcome::bare(job, action, OutcomeKind::Failed, started)
        };
        if action == WriteAction::Delete
            && after_ambiguous
            && api.as_ref().is_some_and(|a| a.is_job_not_found())
        {
            outcome.kind = OutcomeKind::AlreadyDeleted;
            return outcome;
        }
        // A 2xx whose body could not be read (cut off, not JSON) was processed all the same.
        let processed =
            matches!(f.error, ClientError::Decode { status, .. } if (200..300).contains(&status));
        // A refusal of a resend (after 429/503) may only mean the first attempt was processed
        // (`DRS.10000010` for a delete, `DRS.10030045` for a stop): the job says which.
        let refused_resend = f.attempts > 1
            && api
                .as_ref()
                .is_some_and(|a| (400..500).contains(&a.http_status));
        // An answer too large to read may be a processed write's (or its refusal): look.
        let unread = matches!(f.error, ClientError::BodyTooLarge { .. });
        if !f.ambiguous && !processed && !refused_resend && !unread {
            if action == WriteAction::Delete
                && self.ignore_not_found
                && api.as_ref().is_some_and(|a| a.is_job_not_found())
            {
                outcome.kind = OutcomeKind::AlreadyGone;
            }
            return outcome;
        }
        tracing::warn!(job_id = %job.id, error = %f.error, processed, refused_resend, "write outcome unclear; re-reading the job");
        outcome.kind = match (reread(&self.client, action, &job.id).await, processed) {
            (ReRead::Confirmed, _) => OutcomeKind::ConfirmedByReRead,
            // Processed (2xx) and not contradicted: a success, never offered for retry.
            (_, true) => {
                outcome.error = None;
                OutcomeKind::Succeeded
            }
            (ReRead::StillPresent(_), false) if refused_resend => OutcomeKind::Failed,
            (ReRead::StillPresent(_) | ReRead::Unknown(_), false) => {
                OutcomeKind::UnknownStillPresent
            }
        };
        outcome
    }
}
