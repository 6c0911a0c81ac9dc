//! Helpers for the tests of the demo service, the client and the writes: a demo service tuned
//! in one line, jobs picked by what a test needs, clients with other credentials, the binary's
//! result checked, and the messages of a worker.
#![allow(dead_code)]

use std::collections::HashSet;
use std::process::Output;
use std::time::Duration;

use drs_tui::api::{Credentials, DrsClient, Failure, Job, JobType, ListFilter};
use drs_tui::app::Msg;
use drs_tui::demo::{self, DemoConfig, DemoServer, parse_faults};
use drs_tui::secret::Secret;
use tokio::sync::mpsc;

use super::bin::text;

/// `n` milliseconds.
pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A demo service of `jobs` jobs, its configuration changed by `tune` (one field or several).
pub async fn server_tuned(jobs: usize, tune: impl FnOnce(&mut DemoConfig)) -> DemoServer {
    let mut config = DemoConfig {
        jobs,
        ..DemoConfig::default()
    };
    tune(&mut config);
    super::server_with(config).await
}

/// The fault rules of `spec` (`GET /v5/*/jobs=503x1`), which must parse.
pub fn faults(spec: &str) -> Vec<drs_tui::demo::FaultRule> {
    parse_faults(spec).unwrap_or_else(|e| panic!("fault spec {spec}: {e}"))
}

/// From now on the service meets its requests with the faults of `spec`.
pub fn set_faults(server: &DemoServer, spec: &str) {
    server.state.set_faults(faults(spec));
}

/// A service of `jobs` jobs that answers (and processes) a DELETE `answer_ms` after it
/// arrives, and one of its deletable jobs.
pub async fn slow_deletes(jobs: usize, answer_ms: u64) -> (DemoServer, Job) {
    let server = super::server(jobs).await;
    let job = deletable(&server);
    set_faults(&server, &format!("DELETE /v5/*/jobs/*=slow:{answer_ms}"));
    (server, job)
}

/// A job of its own, not the child of another.
pub fn is_top_level(j: &Job) -> bool {
    j.job_mode_role != "child"
}

/// A job whose actions include `FREE_RESOURCE` (a stop).
pub fn can_free(j: &Job) -> bool {
    j.job_action
        .available_actions
        .iter()
        .any(|a| a == "FREE_RESOURCE")
}

/// The first top-level job satisfying `pred`.
pub fn top_level_job(server: &DemoServer, pred: impl Fn(&Job) -> bool) -> Job {
    super::find_job(server, |j| is_top_level(j) && pred(j))
}

/// The first top-level job that may be deleted.
pub fn deletable(server: &DemoServer) -> Job {
    top_level_job(server, Job::can_delete)
}

/// The first `n` top-level jobs satisfying `pred`.
pub fn top_level_jobs(server: &DemoServer, n: usize, pred: impl Fn(&Job) -> bool) -> Vec<Job> {
    server.state.with_jobs(|js| {
        js.iter()
            .filter(|j| is_top_level(j) && pred(j))
            .take(n)
            .cloned()
            .collect()
    })
}

/// The ids of `jobs`.
pub fn ids_of(jobs: &[Job]) -> HashSet<String> {
    jobs.iter().map(|j| j.id.clone()).collect()
}

/// Every job of every type, as `client` lists them.
pub async fn list_all(client: &DrsClient) -> Result<Vec<Job>, Failure> {
    client
        .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
        .await
}

/// The jobs of one type, as `client` lists them.
pub async fn list_type(client: &DrsClient, job_type: JobType) -> Result<Vec<Job>, Failure> {
    client
        .list_jobs(job_type, &ListFilter::default(), &|_| {})
        .await
}

/// How many IAM logins the service answered.
pub fn logins(server: &DemoServer) -> usize {
    server.state.count("POST", "/v3/auth/tokens")
}

/// The DELETEs the service answered, in order.
pub fn deletes_sent(server: &DemoServer) -> Vec<drs_tui::demo::RecordedRequest> {
    let mut requests = server.state.requests();
    requests.retain(|r| r.method == "DELETE");
    requests
}

/// The paths of the DELETEs the service answered, in order.
pub fn delete_paths(server: &DemoServer) -> Vec<String> {
    deletes_sent(server).into_iter().map(|r| r.path).collect()
}

/// A client with this configuration and the demo token.
pub fn token_client_with(server: &DemoServer, config: drs_tui::api::ClientConfig) -> DrsClient {
    super::client_with(
        server,
        config,
        Credentials::Token(Secret::new(demo::DEMO_TOKEN)),
    )
}

/// A client signing with the demo AK and the secret key `sk`.
pub fn aksk_client_sk(server: &DemoServer, sk: &str) -> DrsClient {
    super::client_with(
        server,
        super::config(server),
        Credentials::AkSk {
            ak: Secret::new(demo::DEMO_AK),
            sk: Secret::new(sk),
            security_token: None,
        },
    )
}

/// A client logging in as the demo IAM user with `password`.
pub fn iam_client(server: &DemoServer, password: &str) -> DrsClient {
    super::client_with(server, super::config(server), super::iam_password(password))
}

/// `--endpoint URL --project-id ID`: the demo's DRS endpoint and project.
pub fn demo_endpoint_args(server: &DemoServer) -> [String; 4] {
    [
        "--endpoint".into(),
        server.base_url(),
        "--project-id".into(),
        demo::DEMO_PROJECT_ID.into(),
    ]
}

/// `c` with `jobs list -o json` run to success: the jobs it printed.
pub async fn listed_json(mut c: std::process::Command) -> Vec<serde_json::Value> {
    c.args(["jobs", "list", "-o", "json"]);
    let out = super::bin::run(c).await;
    let stdout = expect_success(&out, "jobs list -o json");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("a JSON array: {e}: {stdout}"))
}

/// Asserts the run exited with `code` (the failure names `what` and shows stderr); its stderr.
pub fn expect_exit(out: &Output, code: i32, what: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{what}: {stderr}");
    stderr
}

/// Asserts the run succeeded (the failure names `what` and shows stderr); its stdout.
pub fn expect_success(out: &Output, what: &str) -> String {
    assert!(out.status.success(), "{what}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// `w` runs `action` on `job` once, not cancelled (`after_ambiguous`: an earlier attempt's
/// outcome is unknown).
pub async fn write_once(
    w: &drs_tui::ops::Writer,
    action: drs_tui::ops::WriteAction,
    job: &Job,
    after_ambiguous: bool,
) -> drs_tui::ops::WriteOutcome {
    let cancel = tokio_util::sync::CancellationToken::new();
    w.run(action, job, after_ambiguous, &cancel).await
}

/// The credentials' targets of a demo service at `url`, serving every region.
pub fn demo_targets(url: &str) -> drs_tui::session::CredentialTargets {
    drs_tui::session::CredentialTargets::demo_at(&url::Url::parse(url).expect("demo url"))
}

/// The first message from a worker that `pick` takes, within 15 s.
pub async fn next_msg<T>(
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    mut pick: impl FnMut(Msg) -> Option<T>,
) -> T {
    tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            if let Some(t) = pick(rx.recv().await.expect("worker alive")) {
                return t;
            }
        }
    })
    .await
    .expect("the worker answered in time")
}
