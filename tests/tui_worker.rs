//! The TUI's worker against the demo service: every write goes through the audited `Writer`,
//! the undo window holds deletes back, and lost answers are settled by a re-read.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::service::{deletable, server_tuned, set_faults};
use common::*;
use drs_tui::api::{Job, JobType};
use drs_tui::app::{Effect, Msg, Phase};
use drs_tui::audit::{self, AuditContext, AuditLog};
use drs_tui::demo::{self, DemoServer};
use drs_tui::ops::{OutcomeKind, Writer};
use drs_tui::worker::Worker;
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(10);

/// A worker with an audit log at `path` and this undo window, plus its message stream.
fn worker(
    server: &DemoServer,
    path: &Path,
    grace: Duration,
) -> (Worker, mpsc::UnboundedReceiver<Msg>) {
    let client = token_client(server);
    let writer = Writer::new(
        client.clone(),
        Some(AuditLog::open(path).expect("audit log")),
        AuditContext {
            profile: Some("demo".into()),
            region: Some(demo::DEMO_REGION.into()),
            project_id: Some(demo::DEMO_PROJECT_ID.into()),
            endpoint: server.base_url(),
        },
        4,
    );
    let (tx, rx) = mpsc::unbounded_channel();
    (Worker::new(client, Ok(writer), tx).with_grace(grace), rx)
}

/// Waits for the first message `pick` accepts, with a timeout.
async fn wait_for<T>(
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    mut pick: impl FnMut(Msg) -> Option<T>,
) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let m = rx.recv().await.expect("worker alive");
            if let Some(t) = pick(m) {
                return t;
            }
        }
    })
    .await
    .expect("the worker answered in time")
}

/// Lists through the worker, as the TUI does first: the jobs as listed, by id (a write's effect
/// carries the job as listed, and its audit intent records it).
async fn list(w: &Worker, rx: &mut mpsc::UnboundedReceiver<Msg>) -> HashMap<String, Arc<Job>> {
    w.run(Effect::ListJobs {
        types: JobType::ALL.to_vec(),
        generation: 1,
    });
    let mut listed = HashMap::new();
    wait_for(rx, |m| match m {
        Msg::JobsPage { jobs, .. } => {
            listed.extend(jobs.into_iter().map(|j| (j.id.clone(), j)));
            None
        }
        Msg::ListComplete { .. } => Some(()),
        Msg::ListFailed { error, .. } => panic!("listing failed: {error}"),
        _ => None,
    })
    .await;
    listed
}

/// The delete of `job` as listed.
fn delete(listed: &HashMap<String, Arc<Job>>, job: &Job) -> Effect {
    Effect::DeleteJob {
        job: listed.get(&job.id).cloned().expect("the job was listed"),
        after_ambiguous: false,
    }
}

/// A worker test's parts: the service, the job it acts on, a worker whose audit log is `path`
/// (in the private `dir`) and the worker's messages.
struct Setup {
    server: DemoServer,
    job: Job,
    dir: tempfile::TempDir,
    path: PathBuf,
    w: Worker,
    rx: mpsc::UnboundedReceiver<Msg>,
}

/// [`Setup`] over `server`, for the job `pick` chooses, with this undo window.
fn setup(server: DemoServer, pick: fn(&DemoServer) -> Job, grace: Duration) -> Setup {
    let job = pick(&server);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("audit.jsonl");
    let (w, rx) = worker(&server, &path, grace);
    Setup {
        server,
        job,
        dir,
        path,
        w,
        rx,
    }
}

/// Lists through the worker, then runs the delete of the setup's job as listed.
async fn list_and_delete(s: &mut Setup) {
    let listed = list(&s.w, &mut s.rx).await;
    s.w.run(delete(&listed, &s.job));
}

/// Lists through the worker, then runs the stop-then-delete of `job` as listed.
async fn list_and_stop_then_delete(w: &Worker, rx: &mut mpsc::UnboundedReceiver<Msg>, job: &Job) {
    let listed = list(w, rx).await;
    w.run(Effect::StopThenDelete {
        job: listed[&job.id].clone(),
    });
}

/// The phases the worker reports until the delete's outcome, and the outcome.
async fn phases_and_outcome(
    rx: &mut mpsc::UnboundedReceiver<Msg>,
) -> (Vec<Phase>, drs_tui::ops::WriteOutcome) {
    let mut phases = Vec::new();
    let o = wait_for(rx, |m| match m {
        Msg::OpProgress { phase, .. } => {
            phases.push(phase);
            None
        }
        Msg::DeleteDone { outcome, .. } => Some(outcome),
        _ => None,
    })
    .await;
    (phases, o)
}

async fn delete_done(rx: &mut mpsc::UnboundedReceiver<Msg>) -> drs_tui::ops::WriteOutcome {
    wait_for(rx, |m| match m {
        Msg::DeleteDone { outcome, .. } => Some(outcome),
        _ => None,
    })
    .await
}

#[tokio::test]
async fn a_confirmed_delete_without_grace_sends_one_delete_and_is_audited() {
    let mut s = setup(server(30).await, deletable, Duration::ZERO);
    list_and_delete(&mut s).await;
    let (phases, o) = phases_and_outcome(&mut s.rx).await;
    let Setup {
        server, job, path, ..
    } = s;
    assert_eq!(o.summary(), "200 OK");
    assert_eq!(phases, vec![Phase::Deleting], "no countdown without grace");
    assert_eq!(server.state.count("DELETE", &job.id), 1);
    assert!(server.state.job(&job.id).is_none());
    let records = audit::read(&path).expect("read");
    let kinds: Vec<&str> = records.iter().map(|r| r.record.as_str()).collect();
    assert_eq!(kinds, ["intent", "outcome"]);
    assert_eq!(records[0].job_id, job.id);
    assert_eq!(records[0].name, job.name);
    assert_eq!(
        records[0].job.as_ref().map(|j| j.status.as_str()),
        Some(job.status.as_str()),
        "the intent holds the job as listed"
    );
    assert_eq!(records[1].result.as_deref(), Some("200 OK"));
}

#[tokio::test]
async fn cancelling_within_the_grace_period_sends_nothing() {
    let mut s = setup(server(30).await, deletable, Duration::from_secs(3));
    list_and_delete(&mut s).await;
    let Setup {
        server,
        job,
        path,
        w,
        mut rx,
        dir: _dir,
    } = s;
    // The countdown starts at the whole window.
    let first = wait_for(&mut rx, |m| match m {
        Msg::OpProgress { phase, .. } => Some(phase),
        _ => None,
    })
    .await;
    assert_eq!(first, Phase::Pending { secs_left: 3 });
    w.run(Effect::CancelPending {
        job_ids: vec![job.id.clone()],
    });
    let o = delete_done(&mut rx).await;
    assert_eq!(o.kind, OutcomeKind::Cancelled);
    assert_eq!(o.summary(), "cancelled, not sent");
    // The task has ended (its outcome, cancelled, is its last word): nothing was sent and
    // nothing can be any more.
    assert_eq!(server.state.count("DELETE", &job.id), 0);
    assert!(server.state.job(&job.id).is_some());
    let records = if path.exists() {
        audit::read(&path).expect("read")
    } else {
        Vec::new()
    };
    assert!(records.is_empty(), "nothing sent, nothing to record");
}

#[tokio::test]
async fn a_short_grace_counts_down_then_sends() {
    let mut s = setup(server(30).await, deletable, Duration::from_millis(300));
    list_and_delete(&mut s).await;
    let (phases, o) = phases_and_outcome(&mut s.rx).await;
    let Setup { server, job, .. } = s;
    assert_eq!(o.summary(), "200 OK");
    assert_eq!(
        phases,
        vec![
            Phase::Pending { secs_left: 1 },
            Phase::Queued,
            Phase::Deleting
        ]
    );
    assert_eq!(server.state.count("DELETE", &job.id), 1);
}

#[tokio::test]
async fn a_dropped_answer_is_settled_by_re_read_with_exactly_one_delete() {
    let mut s = setup(server(30).await, deletable, Duration::ZERO);
    set_faults(&s.server, "DELETE /v5/*/jobs/*=drop-after x1");
    list_and_delete(&mut s).await;
    let o = delete_done(&mut s.rx).await;
    let Setup {
        server, job, path, ..
    } = s;
    assert_eq!(o.summary(), "deleted (confirmed by re-read)");
    assert_eq!(server.state.count("DELETE", &job.id), 1, "never resent");
    let records = audit::read(&path).expect("read");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].settled_by.as_deref(), Some("re-read"));
}

#[tokio::test]
async fn without_an_audit_log_writes_are_refused_and_nothing_is_sent() {
    let server = server(30).await;
    let job = deletable(&server);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let w = Worker::new(
        token_client(&server),
        Err("the audit log /x cannot be written".into()),
        tx,
    );
    let listed = list(&w, &mut rx).await;
    w.run(delete(&listed, &job));
    let o = delete_done(&mut rx).await;
    assert_eq!(o.kind, OutcomeKind::Failed);
    assert!(
        o.summary().contains("writes are disabled"),
        "{}",
        o.summary()
    );
    assert_eq!(server.state.count("DELETE", &job.id), 0);
}

/// A running top-level job: it must be stopped before it can be deleted.
fn running(server: &DemoServer) -> Job {
    find_job(server, |j| {
        j.delete_readiness() == drs_tui::api::DeleteReadiness::StopFirst
            && j.job_mode_role != "child"
            && j.children.is_empty()
    })
}

#[tokio::test]
async fn stop_then_delete_follows_the_job_until_it_is_ready_then_deletes_it_once() {
    // The demo's stops take 200 ms to release the resources.
    let Setup {
        server,
        job,
        w,
        mut rx,
        dir: _dir,
        ..
    } = setup(server(30).await, running, Duration::ZERO);
    let w = w.with_stop_polling(Duration::from_millis(50), Duration::from_secs(5));
    list_and_stop_then_delete(&w, &mut rx, &job).await;
    let mut stop = None;
    let mut reads = Vec::new();
    let o = wait_for(&mut rx, |m| match m {
        Msg::StopDone { outcome, .. } => {
            stop = Some(outcome);
            None
        }
        Msg::JobRead {
            detail, settled, ..
        } => {
            reads.push((detail["status"].as_str().unwrap_or("").to_owned(), settled));
            None
        }
        Msg::DeleteDone { outcome, .. } => Some(outcome),
        _ => None,
    })
    .await;
    assert!(stop.is_some_and(|s| s.succeeded()), "the stop went first");
    assert_eq!(o.summary(), "200 OK");
    // Followed while stopping; the last read is the one that found it ready.
    let (last, settled) = reads.last().cloned().expect("re-read");
    assert_eq!(last, "RELEASE_RESOURCE_COMPLETE");
    assert!(settled);
    assert!(
        reads[..reads.len() - 1].iter().all(|(_, s)| !s),
        "{reads:?}"
    );
    let stop_path = format!("/jobs/{}/stop", job.id);
    assert_eq!(server.state.count("POST", &stop_path), 1);
    assert_eq!(server.state.count("DELETE", &job.id), 1);
    assert!(server.state.job(&job.id).is_none());
}

#[tokio::test]
async fn a_stop_then_delete_whose_job_never_gets_ready_sends_no_delete() {
    // The stop never completes within the wait limit.
    let never = server_tuned(30, |c| c.stop_delay = Duration::from_secs(3600)).await;
    let Setup {
        server,
        job,
        w,
        mut rx,
        dir: _dir,
        ..
    } = setup(never, running, Duration::ZERO);
    let w = w.with_stop_polling(Duration::from_millis(20), Duration::from_millis(200));
    list_and_stop_then_delete(&w, &mut rx, &job).await;
    let mut waiting = Vec::new();
    let o = wait_for(&mut rx, |m| match m {
        Msg::OpProgress {
            phase: Phase::WaitingForStop(s),
            ..
        } => {
            waiting.push(s);
            None
        }
        Msg::DeleteDone { outcome, .. } => Some(outcome),
        _ => None,
    })
    .await;
    assert_eq!(o.kind, OutcomeKind::Failed);
    assert!(o.summary().contains("not deleted"), "{}", o.summary());
    assert!(
        waiting.iter().all(|s| s == "RELEASE_RESOURCE_STARTED") && !waiting.is_empty(),
        "{waiting:?}"
    );
    assert_eq!(server.state.count("DELETE", &job.id), 0);
}

#[tokio::test]
async fn a_write_needs_no_listing_by_the_worker_its_intent_records_the_job_it_carries() {
    // A fresh worker that has listed nothing: the effect brings everything it needs.
    let Setup {
        job,
        path,
        w,
        mut rx,
        server: _server,
        dir: _dir,
    } = setup(server(30).await, deletable, Duration::ZERO);
    w.run(Effect::DeleteJob {
        job: Arc::new(job.clone()),
        after_ambiguous: false,
    });
    assert_eq!(delete_done(&mut rx).await.summary(), "200 OK");
    let records = audit::read(&path).expect("read");
    assert_eq!(records[0].record, "intent");
    assert_eq!(records[0].name, job.name);
    let recorded = records[0].job.as_ref().expect("the job in the intent");
    assert_eq!(recorded.status, job.status.as_str());
    assert_eq!(recorded.engine_type, job.engine_type.as_str());
}
