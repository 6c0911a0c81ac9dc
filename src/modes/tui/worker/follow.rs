//! Following a job's status after a stop: one loop for a plain stop (until the status settles)
//! and for stop-then-delete (until the job is ready to delete).

use tokio_util::sync::CancellationToken;

use crate::api::Job;
use crate::app::{Msg, Phase};

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
