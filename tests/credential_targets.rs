//! Credentials go only where the user pointed them, and settling is never premature or doubled
//! (issue 14 items 3, 4 and 5), against the demo service and the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::bin::*;
use common::service::*;
use common::*;
use drs_tui::api::Job;
use drs_tui::audit::{self, AuditContext, AuditLog, AuditRecord};
use drs_tui::demo::{self, DemoServer};

fn audit_path(home: &Path) -> PathBuf {
    home.join("audit.jsonl")
}

/// `against`, with the audit trail in `home`.
fn with_audit(server: &DemoServer, home: &Path) -> Command {
    let mut c = against(server, home);
    c.arg("--audit-log").arg(audit_path(home));
    c
}

/// `audit --settle` with a 1 s request timeout and a 1 s shutdown grace: a write may be
/// settled 2 s after its intent.
fn quick_settle(server: &DemoServer, home: &Path) -> Command {
    write_quick_profile(home);
    let mut c = with_audit(server, home);
    c.args(QUICK_SETTLE);
    c
}

fn minutes_ago(m: i64) -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::minutes(m))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time")
}

/// Writes an intent of an earlier (dead) run, sent `context`-wards two minutes ago.
fn old_intent(log: &AuditLog, op: &str, job: &Job, context: AuditContext) {
    log.append(&AuditRecord {
        context: Some(context),
        time: minutes_ago(2),
        ..AuditRecord::new("intent", op, "delete", job)
    })
    .expect("append");
}

fn context_at(url: &str, profile: Option<&str>) -> AuditContext {
    AuditContext {
        profile: profile.map(str::to_owned),
        region: None,
        project_id: Some(demo::DEMO_PROJECT_ID.into()),
        endpoint: url::Url::parse(url).expect("url").to_string(),
    }
}

/// An earlier run's context: `server`, no profile.
fn here(server: &DemoServer) -> AuditContext {
    context_at(&server.base_url(), None)
}

/// `audit --settle` at `server`, which must exit with `code`; its stdout.
async fn settle_exiting(server: &DemoServer, home: &Path, code: i32) -> String {
    let out = run(quick_settle(server, home)).await;
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    stdout
}

fn outcomes_per_op(home: &Path) -> std::collections::HashMap<String, usize> {
    let mut per = std::collections::HashMap::new();
    for r in audit::read(&audit_path(home)).expect("read") {
        if r.record == "outcome" {
            *per.entry(r.op_id).or_insert(0) += 1;
        }
    }
    per
}

#[tokio::test]
async fn an_intent_naming_another_endpoint_is_never_settled_with_these_credentials() {
    let server = server(20).await;
    // Another local service on another loopback port (an earlier --demo's port, taken now).
    let other = common::server(20).await;
    let job = deletable(&other);
    let home = tempfile::tempdir().expect("tmp");
    let log = AuditLog::open(&audit_path(home.path())).expect("audit");
    old_intent(&log, "op-other", &job, context_at(&other.base_url(), None));
    // A --demo run's intent: even at this very endpoint, the demo's credentials only.
    let mine = deletable(&server);
    old_intent(
        &log,
        "op-demo",
        &mine,
        context_at(&server.base_url(), Some("demo")),
    );

    let stdout = settle_exiting(&server, home.path(), 1).await;
    assert_eq!(
        other.state.requests().len(),
        0,
        "the other listener got no request (no token, no signature)"
    );
    assert!(
        stdout.contains(&other.base_url()),
        "names its endpoint: {stdout}"
    );
    assert!(stdout.contains("--demo run"), "{stdout}");
    assert!(
        !server
            .state
            .requests()
            .iter()
            .any(|r| r.path.contains(&mine.id)),
        "the demo intent's job was not re-read with other credentials"
    );
    let records = audit::read(&audit_path(home.path())).expect("read");
    assert_eq!(audit::unsettled(&records).len(), 2, "both stay unsettled");
}

#[tokio::test]
async fn a_killed_delete_whose_answer_is_on_its_way_is_settled_only_after_the_window() {
    // The service answers (and deletes) 2.5 s after the request arrives.
    let (server, job) = slow_deletes(20, 2_500).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = with_audit(&server, home.path());
    c.args(["jobs", "delete", "--yes", &job.id]);
    let mut child = start(c);
    // The intent is on record and the DELETE has reached the service (which holds it 2.5 s):
    // kill -9.
    until_intent(&audit_path(home.path())).await;
    until_async("the DELETE's arrival", Duration::from_secs(10), || {
        server.state.arrivals("DELETE") == 1
    })
    .await;
    child.kill();

    // At once: the answer may still be on its way; the job is still listed right now.
    let out = run(quick_settle(&server, home.path())).await;
    let stdout = text(&out.stdout);
    let trail = std::fs::read_to_string(audit_path(home.path())).unwrap_or_default();
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{trail}");
    assert!(stdout.contains("can be settled after"), "{stdout}");
    assert!(
        outcomes_per_op(home.path()).is_empty(),
        "nothing recorded: {trail}"
    );

    // After the window (and the service's answer): settled as the service says.
    until_settleable(&stdout).await;
    until_async("the service's answer", Duration::from_secs(10), || {
        server.state.count("DELETE", &job.id) == 1
    })
    .await;
    assert!(
        server.state.job(&job.id).is_none(),
        "the service deleted it"
    );
    let stdout = settle_exiting(&server, home.path(), 0).await;
    assert!(
        stdout.contains("deleted (confirmed by re-read)"),
        "{stdout}"
    );
}

#[tokio::test]
async fn two_settles_at_once_give_each_write_exactly_one_outcome() {
    let server = server_tuned(40, |c| c.latency = ms(40)).await;
    let jobs = top_level_jobs(&server, 12, Job::can_delete);
    let home = tempfile::tempdir().expect("tmp");
    let log = AuditLog::open(&audit_path(home.path())).expect("audit");
    for (i, j) in jobs.iter().enumerate() {
        if i % 2 == 0 {
            assert!(server.state.remove_job(&j.id));
        }
        old_intent(&log, &format!("op{i}"), j, here(&server));
    }
    drop(log);
    let (a, b) = tokio::join!(
        run(quick_settle(&server, home.path())),
        run(quick_settle(&server, home.path()))
    );
    assert!(a.status.success(), "{}", text(&a.stderr));
    assert!(b.status.success(), "{}", text(&b.stderr));
    let per = outcomes_per_op(home.path());
    assert_eq!(per.len(), jobs.len(), "every write settled");
    assert!(per.values().all(|n| *n == 1), "one outcome each: {per:?}");
}

#[tokio::test]
async fn a_settle_cut_short_by_a_closed_pipe_exits_non_zero() {
    let server = server(30).await;
    let jobs = top_level_jobs(&server, 5, Job::can_delete);
    let home = tempfile::tempdir().expect("tmp");
    let log = AuditLog::open(&audit_path(home.path())).expect("audit");
    for (i, j) in jobs.iter().enumerate() {
        old_intent(&log, &format!("op{i}"), j, here(&server));
    }
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut c = quick_settle(&server, home.path());
    c.stdout(writer);
    c.stderr(Stdio::piped());
    let err = expect_exit(&start_as_set(c).output().await, 1, "audit --settle");
    assert!(err.contains("the output was closed after 1 of 5"), "{err}");
}

#[tokio::test]
async fn endpoint_with_regions_is_a_configuration_error_before_any_request() {
    let server = server(5).await;
    let home = tempfile::tempdir().expect("tmp");
    let url = server.base_url();
    let args = [
        "--endpoint",
        &url,
        "--regions",
        "cn-north-4",
        "jobs",
        "list",
    ];
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN).args(args);
    let stderr = expect_exit(&run(c).await, 2, "--endpoint with --regions");
    assert!(stderr.contains("--endpoint"), "{stderr}");
    assert!(
        stderr.contains("HUAWEICLOUD_SDK_REGION_DRS_"),
        "names the per-region override: {stderr}"
    );
    assert_eq!(server.state.requests().len(), 0, "no request at all");
}

#[tokio::test]
async fn a_region_override_over_plain_http_to_another_host_is_refused_under_regions() {
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", "t")
        .env(
            "HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4",
            "http://drs.example.test:8080",
        )
        .args(["--regions", "cn-north-4", "--project-id", "p"])
        .args(["jobs", "list"]);
    let err = expect_exit(&run(c).await, 2, "a plain http override");
    assert!(
        err.contains("HUAWEICLOUD_SDK_REGION_DRS_CN_NORTH_4"),
        "{err}"
    );
}
