//! Input checked before anything is sent (issue 17 items 2, 3 and 4), with the real binary
//! against the demo service: project ids from every source, numbers with a maximum, local
//! files that are not regular files.

mod common;

use std::path::Path;
use std::process::Command;

use common::bin::*;
use common::*;
use drs_tui::demo::{self, DemoServer};

/// A token run against `server` with no project id: each test gives its own.
fn token_run(server: &DemoServer, home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN)
        .args(["--endpoint", &server.base_url()])
        .args(["--iam-endpoint", &server.base_url()]);
    c
}

/// AK/SK and a region, no project id: the project is IAM's (then the cache's).
fn aksk_region(server: &DemoServer, home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("HUAWEICLOUD_SDK_AK", demo::DEMO_AK)
        .env("HUAWEICLOUD_SDK_SK", demo::DEMO_SK)
        .args(["--region", demo::DEMO_REGION])
        .args(["--endpoint", &server.base_url()])
        .args(["--iam-endpoint", &server.base_url()]);
    c
}

// ---- 3. Project ids checked like job ids ----------------------------------------------------

#[tokio::test]
async fn a_dot_dot_project_id_is_refused_before_any_request() {
    let server = server(3).await;
    let job = server.state.job_ids().into_iter().next().expect("a job");
    for bad in ["..", ".", "a/b"] {
        let home = tempfile::tempdir().expect("tmp");
        let mut c = token_run(&server, home.path());
        c.args(["--project-id", bad, "jobs", "delete", &job, "--yes"]);
        let out = run(c).await;
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains("--project-id"), "names the flag: {err}");
        assert!(err.contains(&format!("{bad:?}")), "names the id: {err}");
    }
    assert!(
        server.state.requests().is_empty(),
        "no request at all: {:?}",
        server.state.requests()
    );
    assert!(all_ids(&server).contains(&job), "the job is still there");
}

#[tokio::test]
async fn a_project_id_with_cr_lf_prints_no_raw_cr_even_for_a_dry_run() {
    let server = server(3).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = token_run(&server, home.path());
    c.args([
        "--project-id",
        "p1\r\nX-Evil: 1",
        "jobs",
        "delete",
        "some-job",
    ])
    .arg("--dry-run");
    let out = run(c).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !stdout.contains('\r') && !stderr.contains('\r'),
        "{stdout:?} {stderr:?}"
    );
    assert!(
        !stdout
            .lines()
            .chain(stderr.lines())
            .any(|l| l.starts_with("X-Evil")),
        "no forged header line: {stdout:?} {stderr:?}"
    );
    assert!(stderr.contains("--project-id"), "{stderr}");
    assert!(server.state.requests().is_empty(), "no request");
}

#[tokio::test]
async fn a_bad_project_id_from_the_environment_or_the_profile_is_named() {
    let server = server(3).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = token_run(&server, home.path());
    c.env("HUAWEICLOUD_SDK_PROJECT_ID", "..")
        .args(["jobs", "list"]);
    let out = run(c).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("HUAWEICLOUD_SDK_PROJECT_ID"), "{err}");

    let config = home.path().join("drs.toml");
    std::fs::write(
        &config,
        "default_profile = \"p\"\n[profiles.p]\nproject_id = \"/\"\n",
    )
    .expect("config");
    let mut c = token_run(&server, home.path());
    c.arg("--config").arg(&config).args(["jobs", "list"]);
    let out = run(c).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("project_id in profile p"), "{err}");
    assert!(server.state.requests().is_empty(), "no request");
}

#[tokio::test]
async fn a_damaged_project_id_in_the_cache_is_refused_naming_the_cache() {
    let server = server(3).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = aksk_region(&server, home.path());
    c.args(["jobs", "list"]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cache = home.path().join("state/drs-tui/project-ids.json");
    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(cached.contains(demo::DEMO_PROJECT_ID), "{cached}");
    std::fs::write(&cache, cached.replace(demo::DEMO_PROJECT_ID, "..\\r\\n")).expect("edit");

    server.state.clear_requests();
    let mut c = aksk_region(&server, home.path());
    c.args(["jobs", "list"]);
    let out = run(c).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("project-id cache"), "names the source: {err}");
    assert!(err.contains("project-ids.json"), "names the file: {err}");
    assert!(!err.contains('\r'), "{err:?}");
    assert!(server.state.requests().is_empty(), "no request");
}
