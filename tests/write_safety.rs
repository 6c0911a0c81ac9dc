//! Never lose or repeat a write: retries only when safe, settlement by re-read, the audit
//! trail, read-only enforcement and cancellation — against the demo service's fault injection.

mod common;

use std::time::Duration;

use common::service::*;
use common::*;
use drs_tui::api::{Job, StatusKind};
use drs_tui::audit::{self, AuditContext, AuditLog};
use drs_tui::demo::{self, DemoServer};
use drs_tui::ops::{OutcomeKind, WriteAction, WriteOutcome, Writer};
use tokio_util::sync::CancellationToken;

fn writer(server: &DemoServer, audit: Option<AuditLog>) -> Writer {
    Writer::new(token_client(server), audit, AuditContext::default(), 4)
}

/// A service of 60 jobs whose writes meet the faults of `spec` (none when empty), one of its
/// deletable jobs and a writer without audit trail.
async fn deletable_under(spec: &str) -> (DemoServer, Job, Writer) {
    let server = server(60).await;
    let job = deletable(&server);
    set_faults(&server, spec);
    let w = writer(&server, None);
    (server, job, w)
}

/// `w` deletes `job` (`after_ambiguous`: an earlier attempt's outcome is unknown).
async fn delete(w: &Writer, job: &Job, after_ambiguous: bool) -> WriteOutcome {
    write_once(w, WriteAction::Delete, job, after_ambiguous).await
}

/// [`deletable_under`] `spec`, then the job deleted once, its outcome of `kind`.
async fn delete_under(spec: &str, kind: OutcomeKind) -> (DemoServer, Job, Writer, WriteOutcome) {
    let (server, job, w) = deletable_under(spec).await;
    let o = delete(&w, &job, false).await;
    assert_eq!(o.kind, kind, "{spec}: {}", o.summary());
    (server, job, w, o)
}

#[tokio::test]
async fn three_429s_then_200_is_one_delete_in_four_requests() {
    let spec = "DELETE /v5/*/jobs/*=429:0x3";
    let (server, job, _, o) = delete_under(spec, OutcomeKind::Succeeded).await;
    assert_eq!(o.summary(), "200 OK");
    assert_eq!((o.attempts, o.throttles), (4, 3));
    assert_eq!(deletes_received(&server, &job.id), vec![429, 429, 429, 200]);
    assert!(server.state.job(&job.id).is_none(), "deleted exactly once");
}

#[tokio::test]
async fn a_dropped_connection_after_processing_is_settled_by_re_read_not_resent() {
    let spec = "DELETE /v5/*/jobs/*=drop-after x1";
    let (server, job, _, o) = delete_under(spec, OutcomeKind::ConfirmedByReRead).await;
    assert_eq!(o.summary(), "deleted (confirmed by re-read)");
    assert_eq!(
        deletes_received(&server, &job.id).len(),
        1,
        "exactly one DELETE received"
    );
    assert_eq!(server.state.count("GET", &job.id), 1, "one re-read");
}

#[tokio::test]
async fn a_502_on_delete_is_not_resent_and_the_job_still_present_is_offered_for_retry() {
    let spec = "DELETE /v5/*/jobs/*=502x1";
    let (server, job, w, o) = delete_under(spec, OutcomeKind::UnknownStillPresent).await;
    assert!(o.summary().starts_with("outcome unknown, still present"));
    // "Still present" because the job was read again after the 502, and the service has it.
    assert_eq!(
        server.state.count("GET", &job.id),
        1,
        "settled by one re-read of the job"
    );
    assert!(server.state.job(&job.id).is_some());
    assert!(o.retryable());
    assert_eq!(
        deletes_received(&server, &job.id),
        vec![502],
        "never resent blindly"
    );
    // The user retries (R): now it goes through.
    let again = delete(&w, &job, true).await;
    assert_eq!(again.kind, OutcomeKind::Succeeded);
}

#[tokio::test]
async fn not_found_after_an_ambiguous_attempt_is_already_deleted() {
    let (server, job, w) = deletable_under("").await;
    assert!(server.state.remove_job(&job.id));
    let o = delete(&w, &job, true).await;
    assert_eq!(o.kind, OutcomeKind::AlreadyDeleted);
    assert_eq!(o.summary(), "already deleted");
    // Without an earlier ambiguous attempt it is an honest failure.
    let o = delete(&w, &job, false).await;
    assert_eq!(o.kind, OutcomeKind::Failed);
    assert_eq!(
        o.summary(),
        "400 DRS.10000010 Job does not exist, please check job ID."
    );
}

#[tokio::test]
async fn a_503_on_delete_was_not_processed_and_is_resent() {
    let spec = "DELETE /v5/*/jobs/*=503x2";
    let (server, job, _, _) = delete_under(spec, OutcomeKind::Succeeded).await;
    assert_eq!(deletes_received(&server, &job.id), vec![503, 503, 200]);
}

#[tokio::test]
async fn a_refused_connection_is_resent_because_nothing_was_processed() {
    // Bind and drop a listener: its port now refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let server = server(5).await;
    let mut cfg = config(&server);
    cfg.endpoint = url::Url::parse(&format!("http://127.0.0.1:{port}")).expect("url");
    let client = token_client_with(&server, cfg);
    let f = client.delete_job("some-job").await.expect_err("refused");
    assert_eq!(f.attempts, 4, "a refused connection is safe to resend");
    assert!(!f.ambiguous);
    assert!(
        f.error.to_string().contains("could not connect"),
        "{}",
        f.error
    );
}

#[tokio::test]
async fn wrong_sk_on_delete_is_one_request_and_no_retry() {
    let server = server(60).await;
    let job = deletable(&server);
    let client = aksk_client_sk(&server, "wrong-secret-key");
    let w = Writer::new(client, None, AuditContext::default(), 4);
    let o = delete(&w, &job, false).await;
    assert_eq!(o.kind, OutcomeKind::Failed);
    assert!(o.summary().starts_with("401 APIGW.0301"), "{}", o.summary());
    assert_eq!(server.state.requests().len(), 1);
    assert!(server.state.job(&job.id).is_some());
}

#[tokio::test]
async fn bulk_delete_audit_has_one_intent_and_one_outcome_per_job_matching_the_service() {
    let server = server(120).await;
    let jobs = top_level_jobs(&server, 12, |_| true);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("audit.jsonl");
    let audit = AuditLog::open(&path).expect("audit");
    let w = Writer::new(
        token_client(&server),
        Some(audit),
        AuditContext {
            profile: Some("demo".into()),
            region: Some("cn-north-4".into()),
            project_id: Some(demo::DEMO_PROJECT_ID.into()),
            endpoint: server.base_url(),
        },
        4,
    );
    let cancel = CancellationToken::new();
    let outcomes = futures::future::join_all(
        jobs.iter()
            .map(|j| w.run(WriteAction::Delete, j, false, &cancel)),
    )
    .await;
    let records = audit::read(&path).expect("read");
    assert_eq!(records.len(), 2 * jobs.len());
    for (job, o) in jobs.iter().zip(&outcomes) {
        let mine: Vec<_> = records.iter().filter(|r| r.job_id == job.id).collect();
        assert_eq!(mine.len(), 2, "{}", job.id);
        assert_eq!(mine[0].record, "intent");
        assert_eq!(mine[1].record, "outcome");
        assert_eq!(mine[0].op_id, mine[1].op_id);
        assert_eq!(mine[0].name, job.name);
        assert_eq!(
            mine[0].job.as_ref().map(|j| j.status.as_str()),
            Some(job.status.as_str())
        );
        assert_eq!(
            mine[0]
                .context
                .as_ref()
                .and_then(|c| c.project_id.as_deref()),
            Some(demo::DEMO_PROJECT_ID)
        );
        // The outcome matches what the service answered.
        let served = deletes_received(&server, &job.id);
        assert_eq!(served.len(), 1);
        assert_eq!(mine[1].http_status, Some(served[0]));
        assert_eq!(o.succeeded(), served[0] == 200);
        assert_eq!(server.state.job(&job.id).is_none(), served[0] == 200);
        if served[0] != 200 {
            assert!(mine[1].error_code.is_some());
        }
    }
    assert!(outcomes.iter().any(|o| o.succeeded()));
    assert!(
        outcomes.iter().any(|o| !o.succeeded()),
        "some running jobs were refused"
    );
    let text = std::fs::read_to_string(&path).expect("text");
    assert!(
        !text.contains(demo::DEMO_TOKEN),
        "no secret in the audit file"
    );
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn an_unwritable_audit_file_means_no_delete_is_sent() {
    let server = server(60).await;
    let job = deletable(&server);
    // /dev/full accepts the open but fails every write, even for root.
    let audit = AuditLog::open(std::path::Path::new("/dev/full")).expect("opens");
    let o = delete(&writer(&server, Some(audit)), &job, false).await;
    assert_eq!(o.kind, OutcomeKind::Failed);
    assert!(o.summary().contains("audit log"), "{}", o.summary());
    assert_eq!(o.attempts, 0);
    assert!(server.state.requests().is_empty(), "no request at all");
    assert!(server.state.job(&job.id).is_some());
}

#[tokio::test]
async fn cancelled_before_sending_sends_nothing() {
    let (server, job, w) = deletable_under("").await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let o = w.run(WriteAction::Delete, &job, false, &cancel).await;
    assert_eq!(o.kind, OutcomeKind::Cancelled);
    assert!(server.state.requests().is_empty());
}

#[tokio::test]
async fn throttling_halves_the_concurrency_limit() {
    let server = server(120).await;
    set_faults(&server, "DELETE /v5/*/jobs/*=429:0x2");
    let w = writer(&server, None);
    let job = deletable(&server);
    assert_eq!(w.limit().current(), 4);
    let o = delete(&w, &job, false).await;
    assert!(o.succeeded());
    assert_eq!(w.limit().current(), 2);
}

#[tokio::test]
async fn stop_is_settled_by_re_read_too() {
    let server = server(60).await;
    let job = top_level_job(&server, |j| j.status_kind() == StatusKind::Running);
    set_faults(&server, "POST /v5/*/jobs/*/stop=drop-after x1");
    let stop = WriteAction::Stop { force: false };
    let o = write_once(&writer(&server, None), stop, &job, false).await;
    assert_eq!(o.kind, OutcomeKind::ConfirmedByReRead, "{}", o.summary());
    assert_eq!(server.state.count("POST", "/stop"), 1);
    tokio::time::sleep(Duration::from_millis(10)).await;
}
