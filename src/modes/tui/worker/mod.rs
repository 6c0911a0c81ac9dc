//! Runs `Effect`s (HTTP calls) on tokio and sends `Msg`s back. This is the only place that calls
//! [`DrsClient`]. Every delete and stop goes through [`Writer`]: audited, bounded by the
//! throttle-aware limit, settled by a re-read when the answer is lost, and cancellable until
//! it is sent (the undo window, `u`, Esc, q).
//!
//! The worker keeps no jobs of its own: each effect carries the job it is about (as the app's
//! table shares it), and the job's scope says which project's client and audit context to use.
//! What it keeps is about requests: the projects covered, the listing in flight (cancelled when
//! the scope changes) and the cancel tokens of writes not sent yet.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::{DrsClient, Job, ScopeId};
use crate::app::{Effect, Msg, Phase, WallTime};
use crate::ops::{WriteAction, Writer};

mod follow;
mod listing;
mod reads;
mod recovery;
mod scope;
mod writes;

/// How often a stopping job's status is polled.
pub const STOP_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long to wait for a stopped job to release its resources before giving up.
pub const STOP_WAIT_LIMIT: Duration = Duration::from_secs(30 * 60);

pub use crate::api::ScopeSet;
pub use crate::session::switch::{ScopeFuture, ScopeResolver};

/// Executes effects; cheap to clone (clones share the scope set, the listing in flight, the
/// cancel tokens and the writer's concurrency limit).
#[derive(Clone)]
pub struct Worker {
    client: DrsClient,
    writer: Result<Writer, String>,
    tx: mpsc::UnboundedSender<Msg>,
    offset: time::UtcOffset,
    poll: Duration,
    wait_limit: Duration,
    grace: Duration,
    /// Cancel tokens of writes not finished yet, tagged so a retry's token is not dropped by
    /// the previous attempt finishing.
    tokens: Arc<Mutex<HashMap<String, (u64, CancellationToken)>>>,
    seq: Arc<std::sync::atomic::AtomicU64>,
    /// The projects covered; empty: `client`'s only.
    scopes: Arc<Mutex<Arc<ScopeSet>>>,
    /// The client of every project covered so far: a write confirmed before a scope switch
    /// still goes to the project its job lives in.
    clients: Arc<Mutex<HashMap<ScopeId, DrsClient>>>,
    resolver: Option<ScopeResolver>,
    /// The listing in flight: a new listing or a new scope ends it.
    listing: Arc<Mutex<Listing>>,
    /// The log followed (`F`): another `FollowLog` or `StopFollowing` ends it.
    log_follow: Arc<Mutex<Option<CancellationToken>>>,
    /// Between the re-reads of a followed log.
    log_every: Duration,
}

/// The listing in flight: its cancel token and its task (see `listing.rs`).
#[derive(Debug, Default)]
struct Listing {
    token: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
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
            tokens: Arc::default(),
            seq: Arc::default(),
            scopes: Arc::default(),
            clients: Arc::default(),
            resolver: None,
            listing: Arc::default(),
            log_follow: Arc::default(),
            log_every: Duration::from_secs(crate::app::story::FOLLOW_EVERY_SECS),
        }
    }

    /// Covers these projects (`--regions`): listing goes to each, and a job's writes and
    /// reads go to its own project's client.
    pub fn with_scopes(self, set: ScopeSet) -> Self {
        self.cover(set);
        self
    }

    /// Covers `set` from now on; its clients join those of the projects covered before.
    fn cover(&self, set: ScopeSet) {
        if let Ok(mut c) = self.clients.lock() {
            c.extend(set.clients.iter().cloned());
        }
        if let Ok(mut s) = self.scopes.lock() {
            *s = Arc::new(set);
        }
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

    /// The client of a job's project: the worker's own for `NONE` (the configured project),
    /// else that project's, covered now or before. Never another project's: a project never
    /// covered has none.
    fn client_of(&self, scope: ScopeId) -> Result<DrsClient, String> {
        if scope.is_none() {
            return Ok(self.client.clone());
        }
        let known = self
            .clients
            .lock()
            .ok()
            .and_then(|c| c.get(&scope).cloned());
        known.ok_or_else(|| crate::tr!(WorkerNoClient, scope.label()))
    }

    /// The writer for a job: aimed at its project, its region and project in the audit. When
    /// there is none, why the write is not sent.
    fn writer_for(&self, job: &Job) -> Result<Writer, String> {
        let writer = self
            .writer
            .clone()
            .map_err(|why| crate::tr!(WorkerWritesDisabled, why))?;
        let Some(scope) = job.scope.get() else {
            return Ok(writer);
        };
        let client = self
            .client_of(job.scope)
            .map_err(|why| crate::tr!(WorkerNotSent, why))?;
        let context = crate::audit::AuditContext {
            region: Some(scope.region.clone()),
            project_id: Some(scope.project_id.clone()),
            endpoint: scope.endpoint.clone(),
            ..writer.context().clone()
        };
        Ok(writer.for_target(client, context))
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
        time::OffsetDateTime::now_utc().to_offset(self.offset)
    }

    fn send(&self, msg: Msg) {
        // The UI is gone when this fails: nothing left to tell.
        let _ = self.tx.send(msg);
    }

    fn progress(&self, job_id: &str, phase: Phase) {
        self.send(Msg::OpProgress {
            job_id: job_id.to_owned(),
            phase,
        });
    }

    /// Starts one effect in the background. `Effect::Quit` and `Effect::Copy` (the terminal's)
    /// are the event loop's business.
    /// `Effect::CancelPending` takes effect before this returns.
    pub fn run(&self, effect: Effect) {
        match effect {
            Effect::Quit | Effect::Copy { .. } => {}
            Effect::ListJobs { types, generation } => self.spawn_listing(types, generation, None),
            Effect::RetryScopes {
                scopes,
                types,
                generation,
            } => self.spawn_listing(types, generation, Some(scopes)),
            Effect::SetScope(request) => {
                let w = self.clone();
                tokio::spawn(async move { w.set_scope(request).await });
            }
            Effect::ShowJob { job } => self.spawn_show(job),
            Effect::ShowStory {
                job,
                kind,
                offset,
                limit,
            } => self.spawn_story(job, kind, offset, limit),
            Effect::DeleteJob {
                job,
                after_ambiguous,
            } => self.spawn_write(WriteAction::Delete, job, after_ambiguous),
            Effect::StopJob { job, force } => {
                self.spawn_write(WriteAction::Stop { force }, job, false)
            }
            Effect::StopThenDelete { job } => self.spawn_stop_then_delete(job),
            Effect::FollowLog { job, from } => self.spawn_follow_log(job, from),
            Effect::StopFollowing => self.stop_following(),
            Effect::SettleUnsettled => self.spawn_settle(),
            Effect::CancelPending { job_ids } => self.cancel_pending(&job_ids),
        }
    }
}
