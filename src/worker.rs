//! Runs `Effect`s (HTTP calls) on tokio with bounded concurrency and sends `Msg`s back. This is
//! the only place that calls [`DrsClient`].

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};

use crate::api::model::{StatusKind, status_kind};
use crate::api::{ClientError, DrsClient, Failure, ListFilter, ListedPage};
use crate::app::{Effect, Msg, Phase, WallTime};

/// How often a stopping job's status is polled.
pub const STOP_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long to wait for a stopped job to release its resources before giving up.
pub const STOP_WAIT_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Executes effects; cheap to clone.
#[derive(Clone)]
pub struct Worker {
    client: DrsClient,
    tx: mpsc::UnboundedSender<Msg>,
    writes: Arc<Semaphore>,
    offset: time::UtcOffset,
    poll: Duration,
    wait_limit: Duration,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("writes_available", &self.writes.available_permits())
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
    /// A worker sending results to `tx`, with at most `concurrency` writes in flight.
    pub fn new(client: DrsClient, tx: mpsc::UnboundedSender<Msg>, concurrency: usize) -> Self {
        Worker {
            client,
            tx,
            writes: Arc::new(Semaphore::new(concurrency.max(1))),
            offset: time::UtcOffset::UTC,
            poll: STOP_POLL_INTERVAL,
            wait_limit: STOP_WAIT_LIMIT,
        }
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

    fn now(&self) -> WallTime {
        time::OffsetDateTime::now_utc()
            .to_offset(self.offset)
            .time()
    }

    fn send(&self, msg: Msg) {
        // The UI is gone when this fails: nothing left to tell.
        let _ = self.tx.send(msg);
    }

    /// Starts one effect in the background. `Effect::Quit` is the event loop's business.
    pub fn run(&self, effect: Effect) {
        let w = self.clone();
        match effect {
            Effect::Quit => {}
            Effect::ListJobs { types, generation } => {
                tokio::spawn(async move { w.list(types, generation).await });
            }
            Effect::ShowJob { job_id } => {
                tokio::spawn(async move {
                    let msg = match w.client.show_job(&job_id, None).await {
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
            Effect::DeleteJob { job_id, .. } => {
                tokio::spawn(async move {
                    let Ok(_permit) = w.writes.clone().acquire_owned().await else {
                        return;
                    };
                    w.delete(job_id).await;
                });
            }
            Effect::StopJob { job_id, force } => {
                tokio::spawn(async move {
                    let Ok(_permit) = w.writes.clone().acquire_owned().await else {
                        return;
                    };
                    w.progress(&job_id, Phase::Stopping);
                    let result = w.client.stop_job(&job_id, force).await;
                    let at = w.now();
                    w.send(Msg::StopDone { job_id, result, at });
                });
            }
            Effect::StopThenDelete { job_id } => {
                tokio::spawn(async move { w.stop_then_delete(job_id).await });
            }
        }
    }

    fn progress(&self, job_id: &str, phase: Phase) {
        self.send(Msg::OpProgress {
            job_id: job_id.to_owned(),
            phase,
        });
    }

    async fn list(&self, types: Vec<crate::api::JobType>, generation: u64) {
        let tx = self.tx.clone();
        let on_page = move |p: &ListedPage| {
            let _ = tx.send(Msg::JobsPage {
                generation,
                total: p.total_count,
                job_type: p.job_type,
                jobs: p.jobs.clone(),
            });
        };
        let msg = match self
            .client
            .list_all(&types, &ListFilter::default(), &on_page)
            .await
        {
            Ok(jobs) => Msg::ListComplete { generation, jobs },
            Err(f) => Msg::ListFailed {
                generation,
                error: f.to_string(),
            },
        };
        self.send(msg);
    }

    async fn delete(&self, job_id: String) {
        self.progress(&job_id, Phase::Deleting);
        let result = self.client.delete_job(&job_id).await;
        let at = self.now();
        self.send(Msg::DeleteDone { job_id, result, at });
    }

    async fn stop_then_delete(&self, job_id: String) {
        {
            let Ok(_permit) = self.writes.clone().acquire_owned().await else {
                return;
            };
            self.progress(&job_id, Phase::Stopping);
            let result = self.client.stop_job(&job_id, false).await;
            let failed = result.is_err();
            let at = self.now();
            self.send(Msg::StopDone {
                job_id: job_id.clone(),
                result,
                at,
            });
            if failed {
                return;
            }
        }
        // Waiting holds no write slot: other deletes go on meanwhile.
        let started = tokio::time::Instant::now();
        loop {
            if let Ok(a) = self.client.show_job(&job_id, None).await {
                let status = a.value.status().to_owned();
                let deletable = a
                    .value
                    .job
                    .pointer("/job_action/available_actions")
                    .and_then(|v| v.as_array())
                    .is_some_and(|v| v.iter().any(|s| s.as_str() == Some("DELETE")));
                self.progress(&job_id, Phase::WaitingForStop(status.clone()));
                if status == "RELEASE_RESOURCE_COMPLETE"
                    || deletable
                    || status_kind(&status) == StatusKind::Stopped
                {
                    break;
                }
            }
            if started.elapsed() >= self.wait_limit {
                let at = self.now();
                self.send(Msg::DeleteDone {
                    job_id,
                    result: Err(Failure::unsent(ClientError::Invalid(format!(
                        "the job did not reach RELEASE_RESOURCE_COMPLETE within {} s; \
                         not deleted (refresh, then try again)",
                        self.wait_limit.as_secs()
                    )))),
                    at,
                });
                return;
            }
            tokio::time::sleep(self.poll).await;
        }
        let Ok(_permit) = self.writes.clone().acquire_owned().await else {
            return;
        };
        self.delete(job_id).await;
    }
}
