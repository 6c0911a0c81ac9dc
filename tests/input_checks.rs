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

/// AK/SK and the demo region, no project id, listing jobs: the project is IAM's (then the
/// cache's).
fn aksk_list(server: &DemoServer, home: &Path) -> Command {
    with(
        aksk_region(server, home, demo::DEMO_REGION),
        ["jobs", "list"],
    )
}

/// Asserts that `c` exits 2 naming `file` and `kind` (`FIFO`, `device`) on stderr; its stderr.
#[cfg(unix)]
async fn refused_file(c: Command, file: &Path, kind: &str) -> String {
    let err = stderr_exit(c, 2).await;
    assert!(
        err.contains(&file.display().to_string()) && err.contains(kind),
        "names the file and that it is a {kind}: {err}"
    );
    err
}

// ---- 3. Project ids checked like job ids ----------------------------------------------------

#[tokio::test]
async fn a_dot_dot_project_id_is_refused_before_any_request() {
    let server = server(3).await;
    let job = server.state.job_ids().into_iter().next().expect("a job");
    for bad in ["..", ".", "a/b"] {
        let home = tempfile::tempdir().expect("tmp");
        let c = with(token_run(&server, home.path()), ["--project-id", bad]);
        let err = stderr_exit(with(c, ["jobs", "delete", &job, "--yes"]), 2).await;
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
    let (server, home) = served(3).await;
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
    let (server, home) = served(3).await;
    let mut c = token_run(&server, home.path());
    c.env("HUAWEICLOUD_SDK_PROJECT_ID", "..")
        .args(["jobs", "list"]);
    let err = stderr_exit(c, 2).await;
    assert!(err.contains("HUAWEICLOUD_SDK_PROJECT_ID"), "{err}");

    let toml = "default_profile = \"p\"\n[profiles.p]\nproject_id = \"/\"\n";
    let config = file_in(home.path(), "drs.toml", toml);
    let mut c = token_run(&server, home.path());
    c.arg("--config").arg(&config).args(["jobs", "list"]);
    let err = stderr_exit(c, 2).await;
    assert!(err.contains("project_id in profile p"), "{err}");
    assert!(server.state.requests().is_empty(), "no request");
}

#[tokio::test]
async fn a_damaged_project_id_in_the_cache_is_refused_naming_the_cache() {
    let (server, home) = served(3).await;
    stdout_ok(aksk_list(&server, home.path())).await;
    let cache = home.path().join("state/drs-tui/project-ids.json");
    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(cached.contains(demo::DEMO_PROJECT_ID), "{cached}");
    std::fs::write(&cache, cached.replace(demo::DEMO_PROJECT_ID, "..\\r\\n")).expect("edit");

    server.state.clear_requests();
    let err = stderr_exit(aksk_list(&server, home.path()), 2).await;
    assert!(err.contains("project-id cache"), "names the source: {err}");
    assert!(err.contains("project-ids.json"), "names the file: {err}");
    assert!(!err.contains('\r'), "{err:?}");
    assert!(server.state.requests().is_empty(), "no request");
}

// ---- 4. No panic from any number -------------------------------------------------------------

/// The run's exit code 2 and its message naming `setting`; never a panic (exit 101).
fn refused_naming(out: &std::process::Output, setting: &str) {
    let err = exited(out, 2);
    assert!(err.contains(setting), "names {setting}: {err}");
    assert!(err.contains("too large"), "says why: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test]
async fn huge_durations_and_counts_in_a_profile_are_configuration_errors() {
    let server = server(3).await;
    for setting in [
        "auto_refresh_secs",
        "undo_grace_secs",
        "connect_timeout_secs",
        "request_timeout_secs",
        "page_size",
        "confirm_threshold",
        "max_answer_mib",
        "attempts",
    ] {
        let home = tempfile::tempdir().expect("tmp");
        let config = home.path().join("drs.toml");
        let max = if setting == "attempts" || setting == "page_size" {
            u32::MAX.to_string()
        } else {
            u64::MAX.to_string()
        };
        std::fs::write(
            &config,
            format!("default_profile = \"p\"\n[profiles.p]\n{setting} = {max}\n"),
        )
        .expect("config");
        let mut c = against(&server, home.path());
        c.arg("--config").arg(&config).args(["jobs", "list"]);
        refused_naming(&run(c).await, setting);
    }
    assert!(server.state.requests().is_empty(), "no request");
}

#[tokio::test]
async fn huge_numbers_on_the_command_line_are_usage_errors() {
    let server = server(3).await;
    for (flag, value) in [
        ("--undo-grace", "18446744073709551615"),
        ("--shutdown-grace", "18446744073709551615"),
        ("--page-size", "4294967295"),
    ] {
        let home = tempfile::tempdir().expect("tmp");
        let mut c = against(&server, home.path());
        c.args([flag, value, "jobs", "list"]);
        refused_naming(&run(c).await, flag);
    }
    let home = tempfile::tempdir().expect("tmp");
    for (flag, value) in [
        ("--jobs", "4294967295"),
        ("--latency-ms", "18446744073709551615"),
    ] {
        let mut c = cmd(home.path());
        c.args(["demo-server", "--listen", "127.0.0.1:0", flag, value]);
        refused_naming(&run(c).await, flag);
    }
    assert!(server.state.requests().is_empty(), "no request");
}

// ---- 2. Local files read safely -------------------------------------------------------------

/// A FIFO in `dir` (nothing ever writes to it: opening it for reading would block forever).
#[cfg(unix)]
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    mkfifo(&path);
    path
}

#[cfg(unix)]
#[tokio::test]
async fn a_device_or_a_fifo_as_ca_bundle_is_refused_at_once_naming_file_and_setting() {
    let (server, home) = served(3).await;
    let pipe = fifo(home.path(), "bundle.pem");
    let zero = Path::new("/dev/zero").to_path_buf();
    for (path, kind) in [(&zero, "device"), (&pipe, "FIFO")] {
        let mut c = against(&server, home.path());
        c.arg("--ca-bundle").arg(path).args(["jobs", "list"]);
        let err = refused_file(c, path, kind).await;
        assert!(err.contains("--ca-bundle"), "{err}");

        let mut c = against(&server, home.path());
        c.env("SSL_CERT_FILE", path).args(["jobs", "list"]);
        let err = refused_file(c, path, kind).await;
        assert!(err.contains("SSL_CERT_FILE"), "{err}");

        // `--demo` lists no bundle of its own, but the system store's reader opens the variable.
        let mut c = cmd(home.path());
        c.env("SSL_CERT_FILE", path)
            .args(["--demo", "jobs", "list"]);
        let err = refused_file(c, path, kind).await;
        assert!(err.contains("SSL_CERT_FILE"), "{err}");
    }
    assert!(server.state.requests().is_empty(), "no request");
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_as_project_id_cache_or_config_file_is_refused_at_once() {
    let (server, home) = served(3).await;
    std::fs::create_dir_all(home.path().join("state/drs-tui")).expect("state dir");
    let cache = fifo(&home.path().join("state/drs-tui"), "project-ids.json");
    let err = refused_file(aksk_list(&server, home.path()), &cache, "FIFO").await;
    assert!(err.contains("project-id cache"), "{err}");

    let config = fifo(home.path(), "config.toml");
    let mut c = against(&server, home.path());
    c.arg("--config").arg(&config).args(["jobs", "list"]);
    refused_file(c, &config, "FIFO").await;
    assert!(server.state.requests().is_empty(), "no request");
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_as_the_sdk_credentials_file_is_refused_at_once() {
    let home = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(home.path().join(".huaweicloud")).expect("dir");
    let file = fifo(&home.path().join(".huaweicloud"), "credentials");
    let c = with(
        cmd(home.path()),
        ["--region", demo::DEMO_REGION, "jobs", "list"],
    );
    refused_file(c, &file, "FIFO").await;
}

#[tokio::test]
async fn a_token_scoped_to_a_bad_project_id_is_refused_naming_the_token() {
    use drs_tui::api::{Authenticator, ClientError, DrsClient, ProjectScope};
    let server = server(3).await;
    let bad = "p9\r\nX-Evil: 1";
    server
        .state
        .add_region_project(bad, "cn-north-9", Vec::new());
    let mut config = config(&server);
    config.project_id = None;
    let auth = Authenticator::new(
        iam_password(demo::DEMO_IAM_PASSWORD),
        config.iam_endpoint.clone(),
        ProjectScope::Name("cn-north-9".into()),
    );
    let client = DrsClient::new(config, auth, None).expect("client");
    let f = client.delete_job("some-job").await.expect_err("refused");
    let msg = f.error.to_string();
    assert!(matches!(f.error, ClientError::Invalid(_)), "{:?}", f.error);
    assert!(
        msg.contains("IAM token's project") && !msg.contains('\r'),
        "{msg:?}"
    );
    assert_eq!(
        server.state.count("POST", "/v3/auth/tokens"),
        1,
        "logged in"
    );
    assert_eq!(drs_requests(&server), 0, "no DRS request");
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_as_the_audit_trail_is_refused_by_audit_at_once() {
    let home = tempfile::tempdir().expect("tmp");
    let trail = fifo(home.path(), "audit.jsonl");
    let mut c = cmd(home.path());
    c.arg("--audit-log").arg(&trail).arg("audit");
    refused_file(c, &trail, "FIFO").await;
}
