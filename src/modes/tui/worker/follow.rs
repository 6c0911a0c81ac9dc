//! Following a job: its status after a stop (one loop for a plain stop, until the status
//! settles, and for stop-then-delete, until the job is ready to delete), and its log (`F`:
//! the last page re-read every few seconds until the app says stop).

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::Job;
use crate::app::story::LOG_PAGE;
use crate::app::{Msg, Phase, StoryKind};

use super::Worker;

/// How following a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Followed {
    /// The job got where it was followed to.
    Reached,
    /// The stop wait limit passed first.
    TimedOut,
    /// The token was cancelled first.
    Cancelled,
}

/// What a followed job is waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Until {
    /// Its status no longer moves by itself (a stop took effect, or failed).
    Settled,
    /// It can be deleted ([`Job::delete_readiness`]); each read is reported as
    /// `Phase::WaitingForStop` too.
    ReadyToDelete,
}

impl Until {
    fn reached(self, now: &Job) -> bool {
        match self {
            Until::Settled => !now.status_kind().in_motion(),
            Until::ReadyToDelete => now.can_delete(),
        }
    }
}

impl Worker {
    /// Re-reads `job` from its project every poll interval until it is where `until` says,
    /// the stop wait limit passes, or `token` is cancelled. Each read goes to the app as
    /// `Msg::JobRead` (the row and the detail pane follow the status without `r`); a failed read
    /// is tried again at the next poll. Waiting holds no write slot.
    pub(super) async fn follow(
        &self,
        job: &Job,
        until: Until,
        token: &CancellationToken,
    ) -> Followed {
        let Ok(client) = self.client_of(job.scope) else {
            // No client, no read: the wait ends as if it ran out.
            return Followed::TimedOut;
        };
        let started = tokio::time::Instant::now();
        loop {
            if token.is_cancelled() {
                return Followed::Cancelled;
            }
            let last = started.elapsed() >= self.wait_limit;
            if let Ok(a) = client.show_job(&job.id, None).await {
                let now = a.value.status_and_actions();
                let reached = until.reached(&now);
                if until == Until::ReadyToDelete {
                    self.progress(&job.id, Phase::WaitingForStop(now.status.to_string()));
                }
                self.send(Msg::JobRead {
                    job_id: job.id.clone(),
                    detail: a.value.job,
                    settled: reached || last,
                });
                if reached {
                    return Followed::Reached;
                }
            }
            if last {
                return Followed::TimedOut;
            }
            tokio::select! {
                _ = token.cancelled() => return Followed::Cancelled,
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }
}

impl Worker {
    /// Re-reads between the pages of a followed log (tests use short values).
    pub fn with_log_every(mut self, every: Duration) -> Self {
        self.log_every = every;
        self
    }

    /// `Effect::StopFollowing`: the followed log is read no more.
    pub(super) fn stop_following(&self) {
        if let Ok(mut slot) = self.log_follow.lock()
            && let Some(token) = slot.take()
        {
            token.cancel();
        }
    }

    /// `Effect::FollowLog`: reads the job's log from `from` on, every `log_every`, each page
    /// as `Msg::StoryLoaded` (a failed read as `StoryFailed`, then tried again). More than a
    /// page behind, it reads the last page at once. Ends when another log is followed or the
    /// app says stop.
    pub(super) fn spawn_follow_log(&self, job: Arc<Job>, from: u64) {
        let token = CancellationToken::new();
        if let Ok(mut slot) = self.log_follow.lock()
            && let Some(old) = slot.replace(token.clone())
        {
            old.cancel();
        }
        let w = self.clone();
        tokio::spawn(async move {
            let mut offset = from;
            while !token.is_cancelled() {
                let read = w.read_log_page(&job, offset).await;
                if token.is_cancelled() {
                    return;
                }
                let behind = match read {
                    Ok((msg, next, behind)) => {
                        w.send(msg);
                        offset = next;
                        behind
                    }
                    Err(msg) => {
                        w.send(msg);
                        false
                    }
                };
                if behind {
                    continue;
                }
                tokio::select! {
                    _ = token.cancelled() => return,
                    _ = tokio::time::sleep(w.log_every) => {}
                }
            }
        });
    }

    /// One page of a job's log at `offset`: the message for the app, where the next read
    /// starts, and whether that is at once (the log has more than a page beyond this one).
    async fn read_log_page(&self, job: &Job, offset: u64) -> Result<(Msg, u64, bool), Msg> {
        let failed = |error: String| Msg::StoryFailed {
            job_id: job.id.clone(),
            kind: StoryKind::Log,
            error,
        };
        let client = self.client_of(job.scope).map_err(failed)?;
        let a = client
            .show_job_page(&job.id, StoryKind::Log.as_str(), offset, LOG_PAGE)
            .await
            .map_err(|f| failed(f.to_string()))?;
        let total = a.value.job.get("total_count").and_then(|v| v.as_u64());
        let got = a
            .value
            .job
            .get("logs")
            .and_then(|l| l.as_array())
            .map_or(0, |l| l.len() as u64);
        let end = offset + got;
        let (next, behind) = match total {
            // More than this page beyond: the last page next, at once.
            Some(t) if t > end && got > 0 => (end.max(t.saturating_sub(LOG_PAGE)), true),
            // The log is shorter than where the reading stands: its last page next.
            Some(t) if t < offset => (t.saturating_sub(LOG_PAGE), false),
            _ => (end, false),
        };
        let msg = Msg::StoryLoaded {
            job_id: job.id.clone(),
            kind: StoryKind::Log,
            offset,
            total,
            detail: a.value.job,
        };
        Ok((msg, next, behind))
    }
}
