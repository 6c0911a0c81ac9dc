//! Many projects, bounded (issue 17 item 6): an account with 10,000 IAM projects besides the
//! one holding jobs, from the demo service over TCP. `--regions all` lists a few projects at a
//! time (the demo counts the most it answered at once), says how many it will list, and lists
//! the real project's jobs; the TUI shows rows as projects finish and counts the projects done.
//!
//! Every project costs one request per job type listed: the 10,000-project listing asks for one
//! type (10,001 requests), the delete and the TUI (all four types) use fewer projects, still
//! above the 50 that make `--regions` say how many, so that the suite stays quick in a debug
//! build.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::bin::{cmd, run, text};
use common::pty::Tui;
use drs_tui::api::JobType;
use drs_tui::config::defaults::PROJECTS_AT_ONCE;
use drs_tui::demo::{self, DemoConfig, DemoServer};

const EXTRA: usize = 10_000;
/// The projects `--regions all` covers: the demo region's and the empty ones (MOS is no region).
const COVERED: usize = EXTRA + 1;

/// The demo account with `extra` empty projects besides the one holding 30 jobs.
async fn crowded_account(extra: usize) -> DemoServer {
    common::server_with(DemoConfig {
        jobs: 30,
        extra_projects: extra,
        ..DemoConfig::default()
    })
    .await
}

/// The region's DRS endpoint and IAM pointed at `server`, a token, `--regions all`.
fn region_env(server: &DemoServer) -> [(String, String); 2] {
    [
        (
            drs_tui::api::endpoint::region_override_var(demo::DEMO_REGION),
            server.base_url(),
        ),
        ("DRS_TUI_TOKEN".into(), demo::DEMO_TOKEN.into()),
    ]
}

fn region_args(server: &DemoServer) -> [String; 6] {
    [
        "--iam-endpoint".into(),
        server.base_url(),
        "--region".into(),
        demo::DEMO_REGION.into(),
        "--regions".into(),
        "all".into(),
    ]
}

fn regions_cmd(server: &DemoServer, home: &Path) -> Command {
    let mut c = cmd(home);
    c.envs(region_env(server)).args(region_args(server));
    c
}

/// The concurrency the demo saw: at most `PROJECTS_AT_ONCE` projects at once (each listing
/// its job types, one page each here), and more than one (the bound is not met by listing one
/// project after another).
fn assert_bounded(server: &DemoServer) {
    let projects = server.state.max_projects_listing();
    let requests = server.state.max_lists_in_flight();
    assert!(
        (2..=PROJECTS_AT_ONCE).contains(&projects),
        "projects listed at once: {projects}"
    );
    assert!(
        requests <= PROJECTS_AT_ONCE * JobType::ALL.len(),
        "list requests at once: {requests}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_projects_are_listed_a_few_at_a_time_and_the_real_jobs_come_back() {
    let server = crowded_account(EXTRA).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = regions_cmd(&server, home.path());
    c.args(["jobs", "list", "--job-type", "migration", "-o", "json"]);
    let out = run(c).await;
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "--regions covers {COVERED} projects: listing them {PROJECTS_AT_ONCE} at a time"
        )),
        "says how many: {err}"
    );
    let jobs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let listed: HashSet<&str> = jobs.iter().filter_map(|j| j["id"].as_str()).collect();
    let want: Vec<String> = server.state.with_jobs(|jobs| {
        jobs.iter()
            .filter(|j| j.job_type() == Some(JobType::Migration))
            .map(|j| j.id.clone())
            .collect()
    });
    assert!(!want.is_empty(), "the demo has migration jobs");
    let want: HashSet<&str> = want.iter().map(String::as_str).collect();
    assert_eq!(
        listed, want,
        "the real project's migration jobs, all of them"
    );
    assert!(
        jobs.iter()
            .all(|j| j["project_id"].as_str() == Some(demo::DEMO_PROJECT_ID)),
        "only the real project has jobs"
    );
    // Every project was asked, once.
    let lists = server.state.count("GET", "/jobs");
    assert_eq!(lists, COVERED, "one list per project");
    assert_bounded(&server);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_over_many_projects_searches_a_few_at_a_time() {
    let server = crowded_account(300).await;
    let job = server
        .state
        .with_jobs(|jobs| jobs.iter().find(|j| j.can_delete()).cloned())
        .expect("a deletable job");
    let home = tempfile::tempdir().expect("tmp");
    let mut c = regions_cmd(&server, home.path());
    c.args(["jobs", "delete", &job.id, "--yes"]);
    let out = run(c).await;
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("--regions covers 301 projects"), "{err}");
    assert!(server.state.job(&job.id).is_none(), "deleted");
    assert_bounded(&server);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tui_shows_rows_while_projects_are_listed_and_counts_them() {
    let server = crowded_account(1_000).await;
    let home = tempfile::tempdir().expect("tmp");
    let args = region_args(&server);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let vars = region_env(&server);
    let env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut tui = Tui::spawn(home.path(), &args, &env, 200, 40);
    let long = Duration::from_secs(120);
    let n = server.state.job_ids().len();
    let covered = "1,001"; // the projects covered, as the header groups thousands
    // Rows of the real project (listed in the first few) while the others are still listed.
    let during = tui.wait_for("rows while projects are listed", long, |s| {
        s.contains(&format!(" of {covered} listed")) && s.contains(&format!("jobs {n}/{n}"))
    });
    assert!(
        during.contains(&format!(
            "--regions covers 1001 projects: listing them {PROJECTS_AT_ONCE} at a time"
        )),
        "the status line says how many: {during}"
    );
    let done = tui.wait_for("every project listed", long, |s| {
        s.contains(&format!("projects {covered}")) && !s.contains("loading")
    });
    assert!(done.contains(&format!("jobs {n}/{n}")), "{done}");
    assert_bounded(&server);
    tui.send(b"q");
    assert_eq!(tui.wait_exit(Duration::from_secs(10)), Some(0));
}
