//! Runs `Effect`s (HTTP calls) on tokio and sends `Msg`s back. This is the only place that calls
//! [`DrsClient`]. Every delete and stop goes through [`Writer`]: audited, bounded by the
//! throttle-aware limit, settled by a re-read when the answer is lost, and cancellable until
//! it is sent (the undo window, `u`, Esc, q).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::model::{StatusKind, status_kind};
use crate::api::{
    ClientError, DrsClient, Job, ListFilter, ListedPage, ScopeId, ScopeListing, ScopeRequest,
};
use crate::app::{Effect, Msg, Phase, WallTime};
use crate::ops::{OutcomeKind, WriteAction, WriteOutcome, Writer};

mod recovery;

/// How often a stopping job's status is polled.
pub const STOP_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long to wait for a stopped job to release its resources before giving up.
pub const STOP_WAIT_LIMIT: Duration = Duration::from_secs(30 * 60);

pub use crate::api::ScopeSet;

/// Server totals per project and job type during one listing.
type Totals = Arc<Mutex<HashMap<(ScopeId, crate::api::JobType), u64>>>;

/// A future that resolves a [`ScopeRequest`] into the projects to cover.
pub type ScopeFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<ScopeSet, String>> + Send>>;

/// Builds a [`ScopeSet`] for `Effect::SetScope` (the TUI gives the worker one that knows the
/// config file and the credentials).
pub type ScopeResolver = Arc<dyn Fn(ScopeRequest) -> ScopeFuture + Send + Sync>;

/// Executes effects; cheap to clone (clones share the job map, the cancel tokens and the
/// writer's concurrency limit).
#[derive(Clone)]
pub struct Worker {
    client: DrsClient,
    writer: Result<Writer, String>,
    tx: mpsc::UnboundedSender<Msg>,
    offset: time::UtcOffset,
    poll: Duration,
    wait_limit: Duration,
    grace: Duration,
    /// Jobs as last listed by this worker: the audit intent records them.
    jobs: Arc<Mutex<HashSet<Known>>>,
    /// Cancel tokens of writes not finished yet, tagged so a retry's token is not dropped by
    /// the previous attempt finishing.
    tokens: Arc<Mutex<HashMap<String, (u64, CancellationToken)>>>,
    seq: Arc<std::sync::atomic::AtomicU64>,
    /// The projects covered; empty: `client`'s only.
    scopes: Arc<Mutex<Arc<ScopeSet>>>,
    resolver: Option<ScopeResolver>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field(
                "write_limit",
                &self.writer.as_ref().map(|w| w.limit().current()),
            )
            .field("grace", &self.grace)
            .finish_non_exhaustive()
    }
}

/// A job as last listed, found by id in a set (the id is not copied into a key).
#[derive(Debug, Clone)]
struct Known {
    job: Arc<Job>,
    /// The listing that last saw it.
    generation: u64,
    /// A child job (listed inside its parent): known for its writes, not a listed row.
    child: bool,
}

impl PartialEq for Known {
    fn eq(&self, other: &Self) -> bool {
        self.job.id == other.job.id
    }
}

impl Eq for Known {}

impl std::hash::Hash for Known {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.job.id.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for Known {
    fn borrow(&self) -> &str {
        &self.job.id
    }
}

/// The local UTC offset, asked of `date` once (the `time` crate refuses to read it in a
/// multi-threaded process); UTC when that fails.
pub fn local_offset() -> time::UtcOffset {
    let out = std::process::Command::new("date").arg("+%z").output();
    let Ok(out) = out else {
        return time::UtcOffset::UTC;
    };
    let s = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let (sign, digits) = match s.split_at_checked(1) {
        Some(("+", d)) => (1i8, d),
        Some(("-", d)) => (-1i8, d),
        _ => return time::UtcOffset::UTC,
    };
    let h = digits.get(0..2).and_then(|h| h.parse::<i8>().ok());
    let m = digits.get(2..4).and_then(|m| m.parse::<i8>().ok());
    match (h, m) {
        (Some(h), Some(m)) => {
            time::UtcOffset::from_hms(sign * h, sign * m, 0).unwrap_or(time::UtcOffset::UTC)
        }
        _ => time::UtcOffset::UTC,
    }
}

impl Worker {
    /// A worker for `client` sending results to `tx`. Writes go through `writer`; when it is
    /// `Err(reason)` (no audit trail) every write is refused with that reason.
    pub fn new(
        client: DrsClient,
        writer: Result<Writer, String>,
        tx: mpsc::UnboundedSender<Msg>,
    ) -> Self {
        Worker {
            client,
            writer,
            tx,
            offset: time::UtcOffset::UTC,
            poll: STOP_POLL_INTERVAL,
            wait_limit: STOP_WAIT_LIMIT,
            grace: Duration::ZERO,
            jobs: Arc::default(),
            tokens: Arc::default(),
            seq: Arc::default(),
            scopes: Arc::default(),
            resolver: None,
        }
    }

    /// Covers these projects (`--regions`): listing goes to each, and a job's writes and
    /// reads go to its own project's client.
    pub fn with_scopes(self, set: ScopeSet) -> Self {
        if let Ok(mut s) = self.scopes.lock() {
            *s = Arc::new(set);
        }
        self
    }

    /// How `Effect::SetScope` finds the projects to cover; without one it is refused.
    pub fn with_resolver(mut self, resolver: ScopeResolver) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// The projects covered now.
    pub fn scope_set(&self) -> Arc<ScopeSet> {
        self.scopes.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The client of a scope: its own, or the worker's for `NONE` or an unknown one.
    fn client_of(&self, scope: ScopeId) -> DrsClient {
        if !scope.is_none() {
            let set = self.scope_set();
            if let Some((_, c)) = set.clients.iter().find(|(id, _)| *id == scope) {
                return c.clone();
            }
        }
        self.client.clone()
    }

    /// The client for a job: that of the project it was listed in.
    fn client_for(&self, job_id: &str) -> DrsClient {
        let scope = self
            .jobs
            .lock()
            .ok()
            .and_then(|j| j.get(job_id).map(|k| k.job.scope))
            .unwrap_or_default();
        self.client_of(scope)
    }

    /// The writer for a job: aimed at its project, its region and project in the audit.
    fn writer_for(&self, job: &Job) -> Result<Writer, String> {
        let writer = self.writer.clone()?;
        let Some(scope) = job.scope.get() else {
            return Ok(writer);
        };
        let context = crate::audit::AuditContext {
            region: Some(scope.region.clone()),
            project_id: Some(scope.project_id.clone()),
            endpoint: scope.endpoint.clone(),
            ..writer.context().clone()
        };
        Ok(writer.for_target(self.client_of(job.scope), context))
    }

    /// Stamps outcomes in this UTC offset.
    pub fn with_offset(mut self, offset: time::UtcOffset) -> Self {
        self.offset = offset;
        self
    }

    /// Polls stopping jobs at `poll`, giving up after `limit` (tests use short values).
    pub fn with_stop_polling(mut self, poll: Duration, limit: Duration) -> Self {
        self.poll = poll;
        self.wait_limit = limit;
        self
    }

    /// Confirmed deletes wait `grace` before they are sent (the undo window); zero: none.
    pub fn with_grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    fn now(&self) -> WallTime {
        time::OffsetDateTime::now_utc()
            .to_offset(self.offset)
            .time()
    }

    fn send(&self, msg: Msg) {
        // The UI is gone when this fails: nothing left to tell.
        let _ = self.tx.send(msg);
    }

    /// Starts one effect in the background. `Effect::Quit` and `Effect::Copy` (the terminal's)
    /// are the event loop's business.
    /// `Effect::CancelPending` takes effect before this returns.
    pub fn run(&self, effect: Effect) {
        let w = self.clone();
        match effect {
            Effect::Quit | Effect::Copy { .. } => {}
            Effect::ListJobs { types, generation } => {
                tokio::spawn(async move { w.list(types, generation, None).await });
            }
            Effect::RetryScopes {
                scopes,
                types,
                generation,
            } => {
                tokio::spawn(async move { w.list(types, generation, Some(scopes)).await });
            }
            Effect::SetScope(request) => {
                tokio::spawn(async move { w.set_scope(request).await });
            }
            Effect::ShowJob { job_id } => {
                tokio::spawn(async move {
                    let client = w.client_for(&job_id);
                    let msg = match client.show_job(&job_id, None).await {
                        Ok(a) => Msg::DetailLoaded {
                            job_id,
                            detail: a.value.job,
                        },
                        Err(f) => Msg::DetailFailed {
                            job_id,
                            error: f.to_string(),
                        },
                    };
                    w.send(msg);
                });
            }
            Effect::DeleteJob {
                job_id,
                name,
                after_ambiguous,
            } => self.spawn_write(WriteAction::Delete, job_id, name, after_ambiguous),
            Effect::StopJob { job_id, force } => {
                self.spawn_write(WriteAction::Stop { force }, job_id, String::new(), false)
            }
            Effect::StopThenDelete { job_id } => {
                let (tag, token) = self.register(&job_id);
                tokio::spawn(async move {
                    w.stop_then_delete(&job_id, &token).await;
                    w.finish(&job_id, tag);
                });
            }
            Effect::SettleUnsettled => self.spawn_settle(),
            Effect::ShowStory {
                job_id,
                kind,
                offset,
                limit,
            } => {
                tokio::spawn(async move {
                    let answer = w
                        .client_for(&job_id)
                        .show_job_page(&job_id, kind.as_str(), offset, limit)
                        .await;
                    w.send(match answer {
                        Ok(a) => Msg::StoryLoaded {
                            job_id,
                            kind,
                            offset,
                            total: a.value.job.get("total_count").and_then(|v| v.as_u64()),
                            detail: a.value.job,
                        },
                        Err(f) => Msg::StoryFailed {
                            job_id,
                            kind,
                            error: f.to_string(),
                        },
                    });
                });
            }
            Effect::CancelPending { job_ids } => {
                let tokens = self.tokens.lock();
                if let Ok(tokens) = tokens {
                    for id in &job_ids {
                        if let Some((_, t)) = tokens.get(id) {
                            t.cancel();
                        }
                    }
                }
            }
        }
    }

    /// One delete or stop in the background: a delete first waits out the undo window; the
    /// outcome goes back as `DeleteDone` / `StopDone`.
    fn spawn_write(
        &self,
        action: WriteAction,
        job_id: String,
        name: String,
        after_ambiguous: bool,
    ) {
        let w = self.clone();
        let (tag, token) = self.register(&job_id);
        tokio::spawn(async move {
            let job = w.job(&job_id, &name);
            if action == WriteAction::Delete {
                w.grace_period(&job_id, &token).await;
            }
            let outcome = w.write(action, &job, after_ambiguous, &token).await;
            w.finish(&job_id, tag);
            let at = w.now();
            let accepted_stop = matches!(action, WriteAction::Stop { .. }) && outcome.succeeded();
            w.send(match action {
                WriteAction::Delete => Msg::DeleteDone {
                    job_id: job_id.clone(),
                    outcome,
                    at,
                },
                WriteAction::Stop { .. } => Msg::StopDone {
                    job_id: job_id.clone(),
                    outcome,
                    at,
                },
            });
            if accepted_stop {
                w.follow_stop(&job_id).await;
            }
        });
    }

    /// A fresh cancel token for a write on `job_id`.
    fn register(&self, job_id: &str) -> (u64, CancellationToken) {
        let tag = self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = CancellationToken::new();
        if let Ok(mut t) = self.tokens.lock() {
            t.insert(job_id.to_owned(), (tag, token.clone()));
        }
        (tag, token)
    }

    fn finish(&self, job_id: &str, tag: u64) {
        if let Ok(mut t) = self.tokens.lock()
            && t.get(job_id).is_some_and(|(g, _)| *g == tag)
        {
            t.remove(job_id);
        }
    }

    /// The job as last listed; a bare one (id and name) if this worker never listed it.
    fn job(&self, job_id: &str, name: &str) -> Arc<Job> {
        let known = self
            .jobs
            .lock()
            .ok()
            .and_then(|j| j.get(job_id).map(|k| k.job.clone()));
        known.unwrap_or_else(|| {
            tracing::warn!(job_id, "write for a job this worker has not listed");
            Arc::new(Job {
                id: job_id.to_owned(),
                name: name.to_owned(),
                ..Job::default()
            })
        })
    }

    /// The undo window: counts down on the job's row until it ends or the token is cancelled.
    async fn grace_period(&self, job_id: &str, token: &CancellationToken) {
        let end = tokio::time::Instant::now() + self.grace;
        loop {
            let left = end.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() || token.is_cancelled() {
                break;
            }
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            self.progress(job_id, Phase::Pending { secs_left: secs });
            let step = left - Duration::from_secs(secs - 1).min(left);
            let step = if step.is_zero() { left } else { step };
            tokio::select! {
                _ = token.cancelled() => break,
                _ = tokio::time::sleep(step) => {}
            }
        }
        if !self.grace.is_zero() && !token.is_cancelled() {
            self.progress(job_id, Phase::Queued);
        }
    }

    /// One audited write; `Phase::Deleting`/`Stopping` is reported the moment it is sent.
    async fn write(
        &self,
        action: WriteAction,
        job: &Job,
        after_ambiguous: bool,
        token: &CancellationToken,
    ) -> WriteOutcome {
        let writer = match self.writer_for(job) {
            Ok(w) => w,
            Err(why) => {
                let kind = if token.is_cancelled() {
                    OutcomeKind::Cancelled
                } else {
                    OutcomeKind::Failed
                };
                return not_sent(action, &job.id, kind, crate::tr!(WorkerWritesDisabled, why));
            }
        };
        let tx = self.tx.clone();
        let id = job.id.clone();
        let on_send = move || {
            let phase = match action {
                WriteAction::Delete => Phase::Deleting,
                WriteAction::Stop { .. } => Phase::Stopping,
            };
            let _ = tx.send(Msg::OpProgress { job_id: id, phase });
        };
        writer
            .run_with(action, job, after_ambiguous, token, on_send)
            .await
    }

    fn progress(&self, job_id: &str, phase: Phase) {
        self.send(Msg::OpProgress {
            job_id: job_id.to_owned(),
            phase,
        });
    }

    /// Lists every project covered (or only `only`), each concurrently, reporting each
    /// project's state; ends with one `ListComplete` (or `ListFailed` when every project failed).
    async fn list(
        &self,
        types: Vec<crate::api::JobType>,
        generation: u64,
        only: Option<Vec<ScopeId>>,
    ) {
        let set = self.scope_set();
        if set.clients.is_empty() {
            let msg = match self
                .list_one(&self.client, ScopeId::NONE, &types, generation, None)
                .await
            {
                Ok(ids) => {
                    self.forget_unseen(generation, |_| true);
                    Msg::ListComplete { generation, ids }
                }
                Err(error) => Msg::ListFailed { generation, error },
            };
            self.send(msg);
            return;
        }
        // Each page's total is the sum over projects of that type's totals, as the app keeps
        // one total per type.
        let totals: Totals = Arc::default();
        let chosen: Vec<(ScopeId, DrsClient)> = set
            .clients
            .iter()
            .filter(|(id, _)| only.as_ref().is_none_or(|o| o.contains(id)))
            .cloned()
            .collect();
        let results = futures::future::join_all(chosen.iter().map(|(scope, client)| async {
            self.send(Msg::ScopeListing {
                generation,
                scope: *scope,
                state: ScopeListing::Listing,
            });
            let r = self
                .list_one(client, *scope, &types, generation, Some(totals.clone()))
                .await;
            let state = match &r {
                Ok(ids) => ScopeListing::Listed {
                    jobs: ids.len() as u64,
                },
                Err(e) => ScopeListing::Failed(e.to_string()),
            };
            self.send(Msg::ScopeListing {
                generation,
                scope: *scope,
                state,
            });
            (*scope, r)
        }))
        .await;
        let listed: HashSet<ScopeId> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(s, _)| *s)
            .collect();
        if listed.is_empty() {
            // Each project's own error is in its ScopeListing; the first one stands for all.
            let error = results
                .into_iter()
                .find_map(|(_, r)| r.err())
                .unwrap_or_else(|| ClientError::Invalid("no project to list".into()));
            self.send(Msg::ListFailed { generation, error });
            return;
        }
        // Jobs of projects not listed now (failed, or not retried) stay as they were.
        self.forget_unseen(generation, |s| listed.contains(&s));
        let ids: HashSet<String> = self
            .jobs
            .lock()
            .map(|m| {
                m.iter()
                    .filter(|k| !k.child)
                    .map(|k| k.job.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        self.send(Msg::ListComplete { generation, ids });
    }

    /// Lists one project, tagging its jobs with `scope`; the ids seen, or why it failed.
    async fn list_one(
        &self,
        client: &DrsClient,
        scope: ScopeId,
        types: &[crate::api::JobType],
        generation: u64,
        totals: Option<Totals>,
    ) -> Result<HashSet<String>, ClientError> {
        let tx = self.tx.clone();
        let known = self.jobs.clone();
        // Pages come by value and go on to the TUI as they are: the worker and the table share
        // each job, and nothing accumulates the listing (one copy of the jobs at any time).
        let on_page = move |p: ListedPage| {
            let jobs: Vec<Arc<Job>> = p
                .jobs
                .into_iter()
                .map(|mut j| {
                    j.scope = scope;
                    // A child lives where its parent does (the TUI deletes children as rows).
                    for c in &mut j.children {
                        c.scope = scope;
                    }
                    Arc::new(j)
                })
                .collect();
            if let Ok(mut m) = known.lock() {
                for j in &jobs {
                    // Children are known too: their writes are audited with the child as
                    // listed and go to the parent's project.
                    for c in &j.children {
                        m.replace(Known {
                            job: Arc::new(c.clone()),
                            generation,
                            child: true,
                        });
                    }
                    m.replace(Known {
                        job: j.clone(),
                        generation,
                        child: false,
                    });
                }
            }
            let total = match &totals {
                Some(t) => t.lock().map_or(p.total_count, |mut t| {
                    t.insert((scope, p.job_type), p.total_count);
                    t.iter()
                        .filter(|((_, jt), _)| *jt == p.job_type)
                        .map(|(_, n)| n)
                        .sum()
                }),
                None => p.total_count,
            };
            let _ = tx.send(Msg::JobsPage {
                generation,
                total,
                job_type: p.job_type,
                jobs,
            });
        };
        client
            .list_all_streamed(types, &ListFilter::default(), &on_page)
            .await
            .map_err(|f| f.error)
    }

    /// Forgets jobs of the listed scopes that this listing did not see (gone, or of a type no
    /// longer shown); a newer listing's jobs stay.
    fn forget_unseen(&self, generation: u64, listed: impl Fn(ScopeId) -> bool) {
        if let Ok(mut m) = self.jobs.lock() {
            m.retain(|k| k.generation >= generation || !listed(k.job.scope));
            m.shrink_to_fit();
        }
    }

    /// `Effect::SetScope`: resolves the request, then covers the new projects.
    async fn set_scope(&self, request: ScopeRequest) {
        let Some(resolver) = self.resolver.clone() else {
            self.send(Msg::ScopeFailed {
                error: "switching the scope is not available here".into(),
            });
            return;
        };
        match resolver(request).await {
            Ok(set) => {
                let scopes = set.clients.iter().map(|(id, _)| *id).collect();
                let label = set.label.clone();
                let in_force = set.in_force.clone();
                if let Ok(mut s) = self.scopes.lock() {
                    *s = Arc::new(set);
                }
                self.send(Msg::ScopesSet {
                    scopes,
                    label,
                    in_force,
                });
            }
            Err(error) => self.send(Msg::ScopeFailed { error }),
        }
    }

    /// Re-reads a job whose stop was accepted until its status settles (no longer running or
    /// in transition), so the row and the detail pane show each status without `r`. Gives up
    /// after the stop wait limit; a failed read is tried again at the next poll.
    async fn follow_stop(&self, job_id: &str) {
        let started = tokio::time::Instant::now();
        loop {
            let last = started.elapsed() >= self.wait_limit;
            if let Ok(a) = self.client_for(job_id).show_job(job_id, None).await {
                let settled = !matches!(
                    status_kind(a.value.status()),
                    StatusKind::Running | StatusKind::Transition
                );
                self.send(Msg::JobRead {
                    job_id: job_id.to_owned(),
                    detail: a.value.job,
                    settled: settled || last,
                });
                if settled {
                    return;
                }
            }
            if last {
                return;
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    async fn stop_then_delete(&self, job_id: &str, token: &CancellationToken) {
        let job = self.job(job_id, "");
        // The whole sequence ends in a delete: the undo window comes first.
        self.grace_period(job_id, token).await;
        let stop = self
            .write(WriteAction::Stop { force: false }, &job, false, token)
            .await;
        let stopped = stop.succeeded();
        let cancelled = stop.kind == OutcomeKind::Cancelled;
        if !cancelled {
            let at = self.now();
            self.send(Msg::StopDone {
                job_id: job_id.to_owned(),
                outcome: stop,
                at,
            });
        }
        if !stopped && !cancelled {
            return;
        }
        // Waiting holds no write slot: other deletes go on meanwhile.
        let started = tokio::time::Instant::now();
        while !cancelled && !token.is_cancelled() {
            if let Ok(a) = self.client_for(job_id).show_job(job_id, None).await {
                let status = a.value.status().to_owned();
                let deletable = a
                    .value
                    .job
                    .pointer("/job_action/available_actions")
                    .and_then(|v| v.as_array())
                    .is_some_and(|v| v.iter().any(|s| s.as_str() == Some("DELETE")));
                self.progress(job_id, Phase::WaitingForStop(status.clone()));
                let ready = status == "RELEASE_RESOURCE_COMPLETE"
                    || deletable
                    || status_kind(&status) == StatusKind::Stopped;
                // The row and the detail pane follow the status while the delete waits.
                self.send(Msg::JobRead {
                    job_id: job_id.to_owned(),
                    detail: a.value.job,
                    settled: ready,
                });
                if ready {
                    break;
                }
            }
            if started.elapsed() >= self.wait_limit {
                let at = self.now();
                self.send(Msg::DeleteDone {
                    job_id: job_id.to_owned(),
                    outcome: not_sent(
                        WriteAction::Delete,
                        job_id,
                        OutcomeKind::Failed,
                        crate::tr!(WorkerStopTimeout, self.wait_limit.as_secs()),
                    ),
                    at,
                });
                return;
            }
            tokio::select! {
                _ = token.cancelled() => break,
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
        // A cancelled token makes this a "cancelled, not sent" outcome without sending.
        let outcome = self.write(WriteAction::Delete, &job, false, token).await;
        let at = self.now();
        self.send(Msg::DeleteDone {
            job_id: job_id.to_owned(),
            outcome,
            at,
        });
    }
}

/// An outcome for a write that was never sent.
fn not_sent(action: WriteAction, job_id: &str, kind: OutcomeKind, why: String) -> WriteOutcome {
    WriteOutcome {
        job_id: job_id.to_owned(),
        action,
        kind,
        http_status: None,
        error: (kind != OutcomeKind::Cancelled).then_some(ClientError::Invalid(why)),
        request_id: None,
        attempts: 0,
        throttles: 0,
        duration: Duration::ZERO,
        unrecorded: None,
    }
}
