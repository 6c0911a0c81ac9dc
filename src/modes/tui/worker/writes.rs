//! Deletes and stops: the undo window, the audited write, cancelling what is not sent yet,
//! and stop-then-delete. Each write is for the job its effect carries.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::{ClientError, Job};
use crate::app::{Msg, Phase};
use crate::ops::{OutcomeKind, WriteAction, WriteOutcome};

use super::Worker;
use super::follow::{Followed, Until};

impl Worker {
    /// One delete or stop in the background: a delete first waits out the undo window; the
    /// outcome goes back as `DeleteDone` / `StopDone`; an accepted stop is followed until the
    /// job's status settles.
    pub(super) fn spawn_write(&self, action: WriteAction, job: Arc<Job>, after_ambiguous: bool) {
        let w = self.clone();
        let (tag, token) = self.register(&job.id);
        tokio::spawn(async move {
            let job_id = job.id.clone();
            if action == WriteAction::Delete {
                w.grace_period(&job_id, &token).await;
            }
            let outcome = w.write(action, &job, after_ambiguous, &token).await;
            w.finish(&job_id, tag);
            let at = w.now();
            let accepted_stop = matches!(action, WriteAction::Stop { .. }) && outcome.succeeded();
            w.send(match action {
                WriteAction::Delete => Msg::DeleteDone {
                    job_id,
                    outcome,
                    at,
                },
                WriteAction::Stop { .. } => Msg::StopDone {
                    job_id,
                    outcome,
                    at,
                },
            });
            if accepted_stop {
                // Not cancellable: the stop was sent; this only reads.
                w.follow(&job, Until::Settled, &CancellationToken::new())
                    .await;
            }
        });
    }

    /// `Effect::StopThenDelete` in the background, cancellable until the delete is sent.
    pub(super) fn spawn_stop_then_delete(&self, job: Arc<Job>) {
        let w = self.clone();
        let (tag, token) = self.register(&job.id);
        tokio::spawn(async move {
            w.stop_then_delete(&job, &token).await;
            w.finish(&job.id, tag);
        });
    }

    /// `Effect::CancelPending`: cancels these jobs' writes not sent yet.
    pub(super) fn cancel_pending(&self, job_ids: &[String]) {
        if let Ok(tokens) = self.tokens.lock() {
            for id in job_ids {
                if let Some((_, t)) = tokens.get(id) {
                    t.cancel();
                }
            }
        }
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
                return not_sent(action, &job.id, kind, why);
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

    /// The undo window, the stop, waiting until the job is ready to delete, then the delete.
    async fn stop_then_delete(&self, job: &Job, token: &CancellationToken) {
        let job_id = job.id.as_str();
        // The whole sequence ends in a delete: the undo window comes first.
        self.grace_period(job_id, token).await;
        let stop = self
            .write(WriteAction::Stop { force: false }, job, false, token)
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
        if !cancelled && self.follow(job, Until::ReadyToDelete, token).await == Followed::TimedOut {
            let at = self.now();
            let why = crate::tr!(WorkerStopTimeout, self.wait_limit.as_secs());
            self.send(Msg::DeleteDone {
                job_id: job_id.to_owned(),
                outcome: not_sent(WriteAction::Delete, job_id, OutcomeKind::Failed, why),
                at,
            });
            return;
        }
        // A cancelled token makes this a "cancelled, not sent" outcome without sending.
        let outcome = self.write(WriteAction::Delete, job, false, token).await;
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
