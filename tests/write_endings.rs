//! Every write ends on record, run as a user runs the real binary: signals mid-bulk, `kill -9`
//! then `audit --settle`, an audit file whose appends start failing, damaged audit lines, and
//! a service that processes a write and then answers an error.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::bin::{
    BIN, QUICK_SETTLE, kill, run, start, text, until_async, until_settleable, write_quick_profile,
};
use common::service::*;
use common::*;
use drs_tui::api::{Job, StatusKind};
use drs_tui::audit::{self, AuditRecord};
use drs_tui::demo::DemoServer;

/// A command with a clean environment: a private HOME, logs in `home`, the audit in
/// `audit_path(home)`.
fn cmd(home: &Path) -> Command {
    let mut c = common::bin::cmd(home);
    c.arg("--audit-log").arg(audit_path(home));
    c
}

fn audit_path(home: &Path) -> PathBuf {
    home.join("audit.jsonl")
}

/// The harness's `against`, with the audit in `audit_path(home)`.
fn against(server: &DemoServer, home: &Path) -> Command {
    let mut c = common::bin::against(server, home);
    c.arg("--audit-log").arg(audit_path(home));
    c
}

/// `audit --settle` with a 1 s request timeout and a 1 s shutdown grace: a write may be
/// settled 2 s after its intent.
fn quick_settle(server: &DemoServer, home: &Path) -> Command {
    write_quick_profile(home);
    let mut c = against(server, home);
    c.args(QUICK_SETTLE);
    c
}

/// Settles at once (the answers may still be on their way: nothing is settled, and the
/// output says when they can be), then after the window: the settle that counts.
async fn settle_after_the_window(server: &DemoServer, home: &Path) -> Output {
    let out = run(quick_settle(server, home)).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("can be settled after"),
        "{}",
        text(&out.stdout)
    );
    assert!(!text(&out.stdout).contains("confirmed by re-read"));
    until_settleable(&text(&out.stdout)).await;
    run(quick_settle(server, home)).await
}

/// Waits until the service has answered `n` DELETEs (10 s at most).
async fn until_deletes(server: &DemoServer, n: usize) {
    until_async("the deletes", Duration::from_secs(10), || {
        server.state.count("DELETE", "/jobs/") >= n
    })
    .await;
}

/// A service of `jobs` jobs answering each request after `latency_ms`, and its first `n`
/// top-level jobs.
async fn slow_service(jobs: usize, latency_ms: u64, n: usize) -> (DemoServer, Vec<Job>) {
    let server = server_tuned(jobs, |c| c.latency = ms(latency_ms)).await;
    let jobs = top_level_jobs(&server, n, |_| true);
    (server, jobs)
}

/// A running top-level job that can be stopped.
fn stoppable(server: &DemoServer) -> Job {
    top_level_job(server, |j| {
        j.status_kind() == StatusKind::Running && can_free(j)
    })
}

/// `jobs <action> --yes` on the job `pick` chooses from a service of 60 that processes the
/// write and then answers as `fault` says: it exits 0 printing `<id> <said>`, and the outcome
/// its audit trail records says `said` too.
async fn processed_then(
    fault: &str,
    action: &str,
    pick: fn(&DemoServer) -> Job,
    said: &str,
) -> (DemoServer, Job, AuditRecord) {
    let server = server(60).await;
    let job = pick(&server);
    set_faults(&server, fault);
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["jobs", action, "--yes", &job.id]);
    let out = run(c).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_eq!(stdout.trim(), format!("{} {said}", job.id));
    let records = whole_records(&audit_path(home.path()));
    let outcome = records.into_iter().find(|r| r.record == "outcome");
    let outcome = outcome.expect("outcome");
    assert_eq!(outcome.result.as_deref(), Some(said));
    (server, job, outcome)
}

/// Every line of the audit file is a whole record, and the file ends with a newline.
fn whole_records(path: &Path) -> Vec<AuditRecord> {
    let bytes = std::fs::read(path).expect("audit file");
    assert!(
        bytes.is_empty() || bytes.ends_with(b"\n"),
        "the audit file ends mid-line"
    );
    let read = audit::read_all(path).expect("read");
    assert!(
        read.damaged.is_empty(),
        "damaged audit lines: {:?}",
        read.damaged
    );
    read.records
}

async fn signal_during_a_200_job_delete(signal: &str, code: i32) {
    let (server, jobs) = slow_service(320, 300, 200).await;
    assert_eq!(jobs.len(), 200);
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["jobs", "delete", "--yes"])
        .args(jobs.iter().map(|j| j.id.as_str()));
    let child = start(c);
    until_deletes(&server, 6).await;
    kill(child.pid(), signal);
    let started = Instant::now();
    let out = child.output().await;
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "the grace period bounds the wait"
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains(&format!("SIG{signal} received")),
        "{stderr}"
    );

    // One line per job, in order; the sent ones with their answer, the rest cancelled.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 200, "{stdout}");
    let mut cancelled = 0;
    for (job, line) in jobs.iter().zip(&lines) {
        assert!(line.starts_with(&job.id), "{line}");
        let received = deletes_received(&server, &job.id);
        if line.ends_with("cancelled, not sent") {
            cancelled += 1;
            assert!(received.is_empty(), "cancelled yet sent: {line}");
        } else {
            assert_eq!(received.len(), 1, "{line}");
            assert_eq!(line.contains("200 OK"), received[0] == 200, "{line}");
            assert_eq!(server.state.job(&job.id).is_none(), received[0] == 200);
        }
    }
    assert!(cancelled > 100, "most were never sent: {cancelled}");

    // Every intent has its outcome, and the outcomes agree with the service.
    let records = whole_records(&audit_path(home.path()));
    assert!(
        audit::unsettled(&records).is_empty(),
        "unsettled after {signal}"
    );
    let intents = records.iter().filter(|r| r.record == "intent").count();
    assert_eq!(intents, 200 - cancelled);
    for r in records.iter().filter(|r| r.record == "outcome") {
        let received = deletes_received(&server, &r.job_id);
        assert_eq!(r.http_status, received.first().copied(), "{r:?}");
    }
}

#[tokio::test]
async fn sigterm_during_a_200_job_delete_ends_every_write_on_record() {
    signal_during_a_200_job_delete("TERM", 143).await;
}

#[tokio::test]
async fn sighup_during_a_200_job_delete_ends_every_write_on_record() {
    signal_during_a_200_job_delete("HUP", 129).await;
}

#[tokio::test]
async fn an_answer_later_than_the_grace_is_recorded_interrupted_then_settled() {
    let (server, job) = slow_deletes(60, 30_000).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["--shutdown-grace", "1", "jobs", "delete", "--yes", &job.id]);
    let child = start(c);
    // The DELETE has reached the service, which holds it (the log has it only once answered).
    until_async("the DELETE's arrival", Duration::from_secs(10), || {
        server.state.arrivals("DELETE") == 1
    })
    .await;
    kill(child.pid(), "INT");
    let started = Instant::now();
    let out = child.output().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "bounded by --shutdown-grace 1"
    );
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("interrupted"), "{stdout}");

    // Interrupted is not settled: audit --unsettled lists it, the next start says so.
    let records = whole_records(&audit_path(home.path()));
    assert_eq!(audit::unsettled(&records).len(), 1);
    let mut c = cmd(home.path());
    c.args(["audit", "--unsettled"]);
    let out = run(c).await;
    assert!(text(&out.stdout).contains(&job.id), "{}", text(&out.stdout));

    let out = settle_after_the_window(&server, home.path()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = if server.state.job(&job.id).is_none() {
        "deleted (confirmed by re-read)"
    } else {
        "still present"
    };
    assert!(
        text(&out.stdout).contains(expected),
        "{}",
        text(&out.stdout)
    );
    let records = whole_records(&audit_path(home.path()));
    assert!(audit::unsettled(&records).is_empty());
}

#[tokio::test]
async fn kill_9_mid_run_is_reported_at_the_next_start_and_settled_by_audit_settle() {
    let (server, jobs) = slow_service(200, 300, 60).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["--concurrency", "8", "jobs", "delete", "--yes"])
        .args(jobs.iter().map(|j| j.id.as_str()));
    let mut child = start(c);
    until_deletes(&server, 10).await;
    // While it runs, its writes without outcome are in flight, not unsettled.
    let mut c = cmd(home.path());
    c.args(["audit", "--unsettled", "-o", "json"]);
    let out = run(c).await;
    assert_eq!(
        text(&out.stdout).trim(),
        "",
        "nothing unsettled while the run lives"
    );
    assert!(
        text(&out.stderr).contains("in flight in a drs-tui still running"),
        "{}",
        text(&out.stderr)
    );
    child.kill();
    // Requests already in the service's hands finish there: every DELETE that arrived is
    // answered (and in the log).
    until_async(
        "the DELETEs in the service's hands",
        Duration::from_secs(10),
        || server.state.arrivals("DELETE") as usize == server.state.count("DELETE", "/jobs/"),
    )
    .await;

    let records = whole_records(&audit_path(home.path()));
    let open = audit::unsettled(&records);
    assert!(
        !open.is_empty(),
        "a killed bulk leaves intents without outcome"
    );

    // The next start says so, with the word the operator searches for.
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "json"]);
    let out = run(c).await;
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{} write(s) of an earlier run are unsettled",
            open.len()
        )),
        "{stderr}"
    );

    let mut c = cmd(home.path());
    c.args(["audit", "--unsettled", "-o", "json"]);
    let out = run(c).await;
    let listed: HashSet<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<AuditRecord>(l)
                .expect("json record")
                .job_id
        })
        .collect();
    let expected: HashSet<String> = open.iter().map(|r| r.job_id.clone()).collect();
    assert_eq!(listed, expected);

    let out = settle_after_the_window(&server, home.path()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let records = whole_records(&audit_path(home.path()));
    assert!(
        audit::unsettled(&records).is_empty(),
        "0 unsettled after --settle"
    );
    for intent in &open {
        let outcome = records
            .iter()
            .rev()
            .find(|r| r.record == "outcome" && r.op_id == intent.op_id)
            .expect("an outcome for every intent");
        let gone = server.state.job(&intent.job_id).is_none();
        let result = outcome.result.as_deref().unwrap_or("");
        if gone {
            assert_eq!(result, "deleted (confirmed by re-read)");
        } else {
            assert!(result.starts_with("still present"), "{result}");
        }
    }
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "json"]);
    let out = run(c).await;
    assert!(
        !text(&out.stderr).contains("unsettled"),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn appends_failing_part_way_leave_no_partial_line_and_every_lost_outcome_on_stderr() {
    let (server, jobs) = slow_service(200, 20, 100).await;
    let home = tempfile::tempdir().expect("tmp");
    let path = audit_path(home.path());
    // A file-size limit (what a full disk looks like to an append): 64 KiB, ignoring the
    // SIGXFSZ that would otherwise kill the process.
    let mut c = Command::new("bash");
    c.args([
        "-c",
        r#"trap "" XFSZ; ulimit -f 64; exec "$0" "$@""#,
        BIN,
        "--audit-log",
    ])
    .arg(&path)
    .env_clear()
    .env("HOME", home.path())
    .env("XDG_STATE_HOME", home.path().join("state"))
    .env("PATH", std::env::var("PATH").unwrap_or_default())
    .env("DRS_TUI_TOKEN", drs_tui::demo::DEMO_TOKEN)
    .args(["--log-file", "/dev/null"])
    .args(demo_endpoint_args(&server))
    .args(["jobs", "delete", "--yes"])
    .args(jobs.iter().map(|j| j.id.as_str()))
    .stdin(Stdio::null());
    let out = run(c).await;
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);

    let size = std::fs::metadata(&path).expect("audit").len();
    assert!(size <= 64 * 1024, "{size}");
    let records = whole_records(&path);
    let lost: Vec<AuditRecord> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a lost outcome is printed as its JSON record"))
        .collect();
    // The appends did start failing: some writes were refused, some outcomes were lost.
    assert!(stdout.contains("audit log"), "{stdout}");
    assert!(!lost.is_empty(), "{stderr}");
    assert_eq!(out.status.code(), Some(4), "{stderr}");

    for job in &jobs {
        let received = deletes_received(&server, &job.id);
        let intent = records
            .iter()
            .find(|r| r.record == "intent" && r.job_id == job.id);
        if received.is_empty() {
            continue;
        }
        // No request without a recorded intent, and its outcome is in the file or on stderr.
        let intent = intent.expect("a DELETE was sent without a recorded intent");
        let outcome = records
            .iter()
            .chain(&lost)
            .find(|r| r.record == "outcome" && r.op_id == intent.op_id)
            .expect("every outcome is recorded or printed");
        assert_eq!(outcome.http_status, Some(received[0]));
    }
}

#[tokio::test]
async fn audit_skips_a_damaged_line_and_names_it() {
    let home = tempfile::tempdir().expect("tmp");
    let path = audit_path(home.path());
    let job = Job {
        id: "job-1".into(),
        name: "n".into(),
        ..Job::default()
    };
    let a =
        serde_json::to_string(&AuditRecord::new("intent", "op1", "delete", &job)).expect("json");
    let b = serde_json::to_string(&AuditRecord {
        result: Some("200 OK".into()),
        settled_by: Some("response".into()),
        ..AuditRecord::new("outcome", "op1", "delete", &job)
    })
    .expect("json");
    std::fs::write(&path, format!("{a}\n{{\"time\":\"2026-11-2\n{b}\n")).expect("write");
    let mut c = cmd(home.path());
    c.args(["audit"]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "both good records shown"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 2: damaged, skipped"), "{stderr}");

    // The next append starts on a fresh line even after a partial one at the end.
    std::fs::write(&path, format!("{a}\n{{\"time\":\"2026")).expect("write");
    let log = audit::AuditLog::open(&path).expect("open");
    log.append(&AuditRecord::new("outcome", "op1", "delete", &job))
        .expect("append");
    let read = audit::read_all(&path).expect("read");
    assert_eq!(read.records.len(), 2);
    assert_eq!(read.damaged.len(), 1);
}

#[test]
fn timestamps_are_utc_with_fixed_millisecond_precision() {
    let t = audit::now();
    assert_eq!(t.len(), "2026-11-29T10:00:00.123Z".len(), "{t}");
    assert!(t.ends_with('Z') && t.as_bytes()[19] == b'.', "{t}");
    let whole = time::OffsetDateTime::parse(
        "2026-11-29T10:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .expect("t");
    assert_eq!(audit::format_time(whole), "2026-11-29T10:00:00.000Z");
}

#[tokio::test]
async fn a_delete_processed_then_answered_503_exits_0_confirmed_by_re_read() {
    let fault = "DELETE /v5/*/jobs/*=processed:503x1";
    let said = "deleted (confirmed by re-read)";
    let (server, job, outcome) = processed_then(fault, "delete", deletable, said).await;
    assert!(server.state.job(&job.id).is_none());
    assert_eq!(deletes_received(&server, &job.id), vec![503, 400]);
    assert_eq!(outcome.settled_by.as_deref(), Some("re-read"));
}

#[tokio::test]
async fn a_stop_processed_then_answered_503_exits_0_stopping() {
    let fault = "POST /v5/*/jobs/*/stop=processed:503x1";
    let said = "stopping (confirmed by re-read)";
    let (server, job, _) = processed_then(fault, "stop", stoppable, said).await;
    let now = server.state.job(&job.id).expect("still listed").status;
    assert!(now.starts_with("RELEASE_RESOURCE"), "{now}");
}

#[tokio::test]
async fn a_stop_answered_200_with_a_broken_body_is_processed_and_never_offered_for_retry() {
    use drs_tui::audit::AuditContext;
    use drs_tui::ops::{OutcomeKind, WriteAction, Writer};
    let server = server(60).await;
    let job = stoppable(&server);
    set_faults(&server, "POST /v5/*/jobs/*/stop=processed:malformed x1");
    let w = Writer::new(token_client(&server), None, AuditContext::default(), 4);
    let o = write_once(&w, WriteAction::Stop { force: false }, &job, false).await;
    assert!(o.succeeded(), "{}", o.summary());
    assert!(!o.retryable());
    assert_eq!(o.kind, OutcomeKind::ConfirmedByReRead, "{}", o.summary());
    assert_eq!(server.state.count("POST", "/stop"), 1, "not resent");
}
