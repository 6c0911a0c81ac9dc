//! The edges of issue 8 items 5–11 and issue 10 item 3, against the demo service and the real
//! binary: credentials tried once, strict settings, listings sized by what arrives, proxies,
//! input checked before sending, private files, de-duplicated listings and full dry runs.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use drs_tui::api::{ClientError, JobType, ListFilter};
use drs_tui::demo::{self, DemoConfig, DemoServer, parse_faults};

const BIN: &str = env!("CARGO_BIN_EXE_drs-tui");

/// A command with a clean environment: a private HOME, no credentials, logs and audit in `home`.
fn cmd(home: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    c
}

/// `cmd` pointed at a demo server with the demo token.
fn against(server: &DemoServer, home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN).args([
        "--endpoint",
        &server.base_url(),
        "--project-id",
        demo::DEMO_PROJECT_ID,
    ]);
    c
}

/// Runs to completion, killed after 60 s so that a hang fails instead of blocking the suite.
async fn run(mut c: Command) -> Output {
    tokio::task::spawn_blocking(move || {
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("binary runs");
        let drain = |r: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_end(&mut buf);
                }
                buf
            })
        };
        let out = drain(
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let err = drain(
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("drs-tui did not finish within 60 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status,
            stdout: out.join().expect("stdout"),
            stderr: err.join().expect("stderr"),
        }
    })
    .await
    .expect("join")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn server_with_faults(jobs: usize, spec: &str) -> DemoServer {
    server_with(DemoConfig {
        jobs,
        faults: parse_faults(spec).expect("fault spec"),
        stop_delay: Duration::from_millis(200),
        ..DemoConfig::default()
    })
    .await
}

fn drs_requests(server: &DemoServer) -> usize {
    server
        .state
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v5/"))
        .count()
}

fn all_ids(server: &DemoServer) -> HashSet<String> {
    server.state.job_ids().into_iter().collect()
}

// ---- 7. Nothing the server says sizes memory ----------------------------------------------

#[tokio::test]
async fn a_total_count_of_a_billion_with_one_job_pages_lists_just_the_real_jobs() {
    let server = server_with(DemoConfig {
        jobs: 40,
        max_page_size: 1,
        faults: parse_faults("GET /v5/*/jobs=total:1000000000").expect("spec"),
        ..DemoConfig::default()
    })
    .await;
    let client = token_client(&server);
    let jobs = client
        .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
        .await
        .expect("lists");
    let got: HashSet<String> = jobs.iter().map(|j| j.id.clone()).collect();
    assert_eq!(got, all_ids(&server));
    assert_eq!(jobs.len(), got.len(), "each job once");
    // One request per job, plus per type at most the pages asked for ahead of the empty one.
    let requests = server.state.count("GET", "/jobs");
    assert!(
        requests <= 40 + 4 * (drs_tui::api::client::LIST_CONCURRENCY + 1),
        "{requests} requests"
    );
}

#[tokio::test]
async fn odd_total_counts_change_nothing_but_the_hint() {
    for total in [
        "-5",
        "2.5",
        "\"many\"",
        "1e30",
        "0",
        "null",
        "18446744073709551615",
    ] {
        let server = server_with_faults(30, &format!("GET /v5/*/jobs=total:{total}")).await;
        let mut config = config(&server);
        config.page_size = 1;
        let client = client_with(
            &server,
            config,
            drs_tui::api::Credentials::Token(drs_tui::secret::Secret::new(demo::DEMO_TOKEN)),
        );
        let jobs = client
            .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
            .await
            .unwrap_or_else(|f| panic!("total_count {total}: {f}"));
        let got: HashSet<String> = jobs.iter().map(|j| j.id.clone()).collect();
        assert_eq!(got, all_ids(&server), "total_count {total}");
    }
}

/// The largest resident set the process had, from `/proc` (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_binary_lists_a_lying_billion_in_little_memory() {
    let server = server_with(DemoConfig {
        jobs: 60,
        max_page_size: 1,
        latency: Duration::from_millis(2),
        faults: parse_faults("GET /v5/*/jobs=total:1000000000").expect("spec"),
        ..DemoConfig::default()
    })
    .await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (status, stdout, stderr, peak) = tokio::task::spawn_blocking(move || {
        let mut child = c.spawn().expect("spawn");
        let pid = child.id();
        let mut out = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        });
        let mut peak = 0;
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(kib) = peak_rss_kib(pid) {
                peak = peak.max(kib);
            }
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            assert!(Instant::now() < deadline, "listing did not finish");
            std::thread::sleep(Duration::from_millis(5));
        };
        let mut err = String::new();
        let _ = child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err);
        (status, reader.join().expect("reader"), err, peak)
    })
    .await
    .expect("join");
    assert!(status.success(), "{status:?}: {stderr}");
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&stdout).expect("JSON array");
    assert_eq!(listed.len(), 60);
    assert!(peak > 0, "VmHWM was read");
    eprintln!("peak RSS listing 60 jobs under total_count 1e9: {peak} KiB");
    assert!(peak < 150 * 1024, "peak RSS {peak} KiB");
}

// ---- issue 10 item 3: page like the service wants -----------------------------------------

#[tokio::test]
async fn a_service_that_refuses_limit_1000_still_lists_every_job() {
    let server = server_with_faults(250, "GET /v5/*/jobs=max-limit:100").await;
    let client = token_client(&server);
    let jobs = client
        .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
        .await
        .expect("lists with smaller pages");
    let got: HashSet<String> = jobs.iter().map(|j| j.id.clone()).collect();
    assert_eq!(got, all_ids(&server));
    // The size that worked is remembered: the next listing asks for it at once.
    server.state.clear_requests();
    client
        .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
        .await
        .expect("lists again");
    let requests = server.state.requests();
    assert!(requests.iter().all(|r| r.status == 200), "no refusal");
    assert!(
        requests.iter().all(|r| r.query.contains("limit=100")),
        "{:?}",
        requests.iter().map(|r| &r.query).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_service_that_refuses_every_size_is_a_clear_error_after_three_tries() {
    let server = server_with_faults(20, "GET /v5/*/jobs=max-limit:5").await;
    let client = token_client(&server);
    let f = client
        .list_jobs(JobType::Migration, &ListFilter::default(), &|_| {})
        .await
        .expect_err("10 is still too many");
    let api = f.error.api().expect("the service's answer");
    assert_eq!(api.error_code, "DRS.M00211");
    let limits: Vec<String> = server
        .state
        .requests()
        .iter()
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(limits.len(), 3, "{limits:?}");
    for (q, l) in limits.iter().zip(["limit=1000", "limit=100", "limit=10"]) {
        assert!(q.contains(l), "{q} should ask {l}");
    }
}

#[tokio::test]
async fn the_cli_lists_everything_from_a_service_that_refuses_limit_1000_and_logs_it() {
    let server = server_with_faults(150, "GET /v5/*/jobs=max-limit:100").await;
    let home = tempfile::tempdir().expect("tmp");
    let log = home.path().join("drs.log");
    let mut c = against(&server, home.path());
    c.args([
        "--log-file",
        log.to_str().expect("utf-8"),
        "jobs",
        "list",
        "-o",
        "json",
    ]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let got: HashSet<String> = listed
        .iter()
        .filter_map(|j| j["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(got, all_ids(&server));
    let log = std::fs::read_to_string(&log).expect("log");
    assert!(log.contains("smaller pages"), "{log}");
    assert!(log.contains("next=100"), "{log}");
}

// ---- 11. each job once; a full dry run -------------------------------------------------------

#[tokio::test]
async fn jobs_list_prints_a_job_once_even_when_listed_under_several_types() {
    // Every job type's listing answers with the migration jobs.
    let server = server_with_faults(60, "GET /v5/*/jobs=list-type:migration").await;
    let migration: HashSet<String> = server.state.with_jobs(|jobs| {
        jobs.iter()
            .filter(|j| j.job_type == "migration")
            .map(|j| j.id.clone())
            .collect()
    });
    assert!(!migration.is_empty());
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "json"]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = listed.iter().filter_map(|j| j["id"].as_str()).collect();
    let unique: HashSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(ids.len(), unique.len(), "no job twice");
    assert_eq!(unique, migration);
    assert_eq!(
        server.state.count("GET", "/jobs"),
        4,
        "all four types were asked"
    );
}

#[tokio::test]
async fn dry_run_prints_every_header_with_secrets_redacted() {
    let server = server(10).await;
    let home = tempfile::tempdir().expect("tmp");
    let security_token = "SECTOKEN-very-secret-123";
    let mut c = cmd(home.path());
    c.env("HUAWEICLOUD_SDK_AK", demo::DEMO_AK)
        .env("HUAWEICLOUD_SDK_SK", demo::DEMO_SK)
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", security_token)
        .args([
            "--endpoint",
            &server.base_url(),
            "--project-id",
            demo::DEMO_PROJECT_ID,
            "jobs",
            "delete",
            "--dry-run",
            "job-1",
        ]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    let host = format!("  Host: {}", server.addr);
    for needle in [
        host.as_str(),
        "  Content-Type: application/json",
        "  X-Project-Id: ",
        "  X-Sdk-Date: ",
        "  X-Security-Token: [REDACTED]",
        "  Authorization: SDK-HMAC-SHA256 Access=[REDACTED], SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=[REDACTED]",
        "  User-Agent: drs-tui/",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in:\n{s}");
    }
    for secret in [demo::DEMO_AK, demo::DEMO_SK, security_token] {
        assert!(!s.contains(secret), "{secret} leaked:\n{s}");
    }
    assert!(server.state.requests().is_empty(), "nothing sent");

    // With a token: the token header is there, its value is not.
    let mut c = against(&server, home.path());
    c.args(["jobs", "delete", "--dry-run", "job-1"]);
    let out = run(c).await;
    let s = text(&out.stdout);
    assert!(s.contains("  X-Auth-Token: [REDACTED]"), "{s}");
    assert!(!s.contains(demo::DEMO_TOKEN), "{s}");
}

// ---- 5. Credentials are tried once ----------------------------------------------------------

#[tokio::test]
async fn a_refused_password_login_is_tried_once_per_client() {
    let server = server(10).await;
    let mut config = config(&server);
    config.project_id = None;
    let client = client_with(&server, config, iam_password("not-the-password"));
    for _ in 0..3 {
        let f = client
            .list_all(&JobType::ALL, &ListFilter::default(), &|_| {})
            .await
            .expect_err("refused");
        assert!(matches!(f.error, ClientError::Auth(_)), "{:?}", f.error);
        assert!(
            f.error.to_string().contains("DRS_TUI_IAM_PASSWORD"),
            "{}",
            f.error
        );
    }
    assert!(client.delete_job("some-job").await.is_err());
    assert!(client.login_refused().is_some());
    assert_eq!(server.state.count("POST", "/v3/auth/tokens"), 1);
    assert_eq!(drs_requests(&server), 0, "no DRS request without a token");
}

#[tokio::test]
async fn a_short_lived_token_is_not_renewed_before_every_request() {
    // A 3-second token is shorter than the 10-minute margin: it is renewed at 90 % of its life.
    let server = server_with(DemoConfig {
        jobs: 5,
        token_ttl: Duration::from_secs(3),
        ..DemoConfig::default()
    })
    .await;
    let client = client_with(
        &server,
        config(&server),
        iam_password(demo::DEMO_IAM_PASSWORD),
    );
    for _ in 0..5 {
        client
            .list_jobs(JobType::Sync, &ListFilter::default(), &|_| {})
            .await
            .expect("lists");
    }
    assert_eq!(server.state.count("POST", "/v3/auth/tokens"), 1);
}

fn wrong_password_env(c: &mut Command, server: &DemoServer) {
    c.env("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER)
        .env("DRS_TUI_IAM_PASSWORD", "Wrong-Password-1")
        .env("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN)
        .args([
            "--endpoint",
            &server.base_url(),
            "--iam-endpoint",
            &server.base_url(),
            "--region",
            demo::DEMO_REGION,
        ]);
}

#[tokio::test]
async fn a_wrong_iam_password_costs_one_login_per_cli_run() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    wrong_password_env(&mut c, &server);
    c.args(["jobs", "list"]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("DRS_TUI_IAM_PASSWORD"),
        "says what to fix: {err}"
    );
    assert!(!err.contains("Wrong-Password-1"), "{err}");
    assert_eq!(server.state.count("POST", "/v3/auth/tokens"), 1);

    let ids: Vec<String> = server.state.job_ids().into_iter().take(20).collect();
    let mut c = cmd(home.path());
    wrong_password_env(&mut c, &server);
    c.args(["jobs", "delete", "--yes"]).args(&ids);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        server.state.count("POST", "/v3/auth/tokens"),
        2,
        "one more run, one more login"
    );
    assert_eq!(server.state.count("DELETE", ""), 0);
}

// Multi-threaded: the PTY waits block their thread while the demo service must keep answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_iam_password_costs_one_login_in_the_tui_with_auto_refresh_and_r() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[profiles.fast]\nauto_refresh_secs = 1\n").expect("config");
    let url = server.base_url();
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        "--profile",
        "fast",
        "--endpoint",
        &url,
        "--iam-endpoint",
        &url,
        "--region",
        demo::DEMO_REGION,
    ];
    let env = [
        ("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER),
        ("DRS_TUI_IAM_PASSWORD", "Wrong-Password-1"),
        ("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN),
    ];
    let mut tui = pty::Tui::spawn(home.path(), &args, &env, 160, 45);
    let screen = tui.wait_for("the refused login", Duration::from_secs(15), |s| {
        s.contains("listing failed")
    });
    assert!(screen.contains("refused"), "{screen}");
    // Auto-refresh ticks every second; `r` asks again by hand.
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(800));
        tui.send(b"r");
    }
    std::thread::sleep(Duration::from_millis(1500));
    tui.send(b"q");
    let code = tui.wait_exit(Duration::from_secs(10));
    assert!(code.is_some(), "the TUI quits");
    assert_eq!(server.state.count("POST", "/v3/auth/tokens"), 1);
    assert_eq!(drs_requests(&server), 0);
}

// ---- 6. Unknown means closed ----------------------------------------------------------------

#[tokio::test]
async fn a_read_only_switch_that_is_not_a_boolean_is_exit_2_with_no_request() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = find_job(&server, |j| j.can_delete());
    for value in ["y", "Y", "enabled", "2", "tru"] {
        let mut c = against(&server, home.path());
        c.env("DRS_TUI_READ_ONLY", value)
            .args(["jobs", "stop", "--yes", &job.id]);
        let out = run(c).await;
        assert_eq!(out.status.code(), Some(2), "{value}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains("DRS_TUI_READ_ONLY"), "{value}: {err}");
        assert!(err.contains("true/false"), "{err}");
    }
    // Each accepted spelling, in any case, turns it on.
    for value in ["YES", "On", "1", "TRUE"] {
        let mut c = against(&server, home.path());
        c.env("DRS_TUI_READ_ONLY", value)
            .args(["jobs", "delete", "--yes", &job.id]);
        let out = run(c).await;
        assert_eq!(out.status.code(), Some(2), "{value}");
        assert!(text(&out.stderr).contains("read-only"), "{value}");
    }
    let mut c = against(&server, home.path());
    c.env("DRS_TUI_ALLOW_INSECURE_HTTP", "sure")
        .args(["jobs", "list"]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("DRS_TUI_ALLOW_INSECURE_HTTP"));
    assert!(server.state.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn profile_booleans_accept_the_words_and_refuse_the_rest() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = find_job(&server, |j| j.can_delete());
    let config = home.path().join("c.toml");
    for value in ["\"on\"", "\"No\"", "1", "true", "\"OFF\""] {
        std::fs::write(&config, format!("[profiles.p]\nread_only = {value}\n")).expect("write");
        let mut c = against(&server, home.path());
        c.args([
            "--config",
            config.to_str().expect("utf-8"),
            "--profile",
            "p",
        ])
        .args(["jobs", "delete", "--dry-run", &job.id]);
        let out = run(c).await;
        assert!(out.status.success(), "{value}: {}", text(&out.stderr));
    }
    for value in ["\"maybe\"", "2", "\"y\""] {
        std::fs::write(&config, format!("[profiles.p]\nread_only = {value}\n")).expect("write");
        let mut c = against(&server, home.path());
        c.args([
            "--config",
            config.to_str().expect("utf-8"),
            "--profile",
            "p",
        ])
        .args(["jobs", "delete", "--yes", &job.id]);
        let out = run(c).await;
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = text(&out.stderr);
        assert!(err.contains("read_only"), "names the setting: {err}");
        assert!(err.contains("not a boolean"), "{err}");
    }
    // "on" really is read-only.
    std::fs::write(&config, "[profiles.p]\nread_only = \"on\"\n").expect("write");
    let mut c = against(&server, home.path());
    c.args([
        "--config",
        config.to_str().expect("utf-8"),
        "--profile",
        "p",
    ])
    .args(["jobs", "delete", "--yes", &job.id]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("read-only"));
    assert_eq!(server.state.count("DELETE", ""), 0);
}

#[tokio::test]
async fn a_config_file_over_1_mib_is_refused_and_dev_zero_is_not_read_forever() {
    let home = tempfile::tempdir().expect("tmp");
    let big = home.path().join("big.toml");
    let mut f = std::fs::File::create(&big).expect("create");
    let line = "# padding padding padding padding padding padding padding padding\n";
    for _ in 0..(2 * 1024 * 1024 / line.len()) {
        f.write_all(line.as_bytes()).expect("write");
    }
    drop(f);
    let dev_zero = Path::new("/dev/zero");
    let mut paths = vec![big.as_path()];
    if dev_zero.exists() {
        paths.push(dev_zero);
    }
    for path in paths {
        let mut c = cmd(home.path());
        c.env("DRS_TUI_TOKEN", "t").args([
            "--config",
            path.to_str().expect("utf-8"),
            "jobs",
            "list",
        ]);
        let started = Instant::now();
        let out = run(c).await;
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let err = text(&out.stderr);
        assert!(err.contains("larger than 1024 KiB"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

// ---- 9. Input checked before anything is sent -----------------------------------------------

#[tokio::test]
async fn dot_empty_and_control_ids_are_refused_with_no_request() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let cases: [&[&str]; 7] = [
        &["jobs", "delete", "--yes", ".."],
        &["jobs", "delete", "--yes", "."],
        &["jobs", "delete", "--yes", ""],
        &["jobs", "stop", "--yes", "."],
        &["jobs", "stop", "--yes", "ok-id", "a\u{1b}[2Jb"],
        &["jobs", "show", ".."],
        &["jobs", "delete", "--dry-run", ".."],
    ];
    for args in cases {
        let mut c = against(&server, home.path());
        c.args(args);
        let out = run(c).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let err = text(&out.stderr);
        assert!(err.contains("nothing was sent"), "{args:?}: {err}");
        assert!(!err.contains('\u{1b}'), "no escape printed");
    }
    assert!(server.state.requests().is_empty(), "no request at all");
}

#[tokio::test]
async fn a_job_named_three_times_is_deleted_once() {
    let server = server(30).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = find_job(&server, |j| j.can_delete() && j.job_mode_role != "child");
    let mut c = against(&server, home.path());
    c.args(["jobs", "delete", "--yes", &job.id, &job.id, &job.id]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), format!("{} 200 OK", job.id));
    assert_eq!(server.state.count("DELETE", ""), 1);
}

#[tokio::test]
async fn concurrency_outside_1_to_64_and_unparsable_since_are_clear_errors() {
    let home = tempfile::tempdir().expect("tmp");
    for n in ["0", "65", "-1", "many"] {
        let mut c = cmd(home.path());
        c.args([&format!("--concurrency={n}"), "jobs", "list"]);
        let out = run(c).await;
        assert_eq!(out.status.code(), Some(2), "--concurrency {n}");
        assert!(
            text(&out.stderr).contains("--concurrency"),
            "{}",
            text(&out.stderr)
        );
    }
    let config = home.path().join("c.toml");
    std::fs::write(&config, "[profiles.p]\nconcurrency = 500\n").expect("write");
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", "t").args([
        "--config",
        config.to_str().expect("utf-8"),
        "--profile",
        "p",
        "--endpoint",
        "http://127.0.0.1:9",
        "--project-id",
        "p",
        "jobs",
        "list",
    ]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("concurrency"),
        "{}",
        text(&out.stderr)
    );

    let audit = home.path().join("audit.jsonl");
    std::fs::write(&audit, "").expect("audit file");
    for since in [
        "99999999999d",
        "9223372036854775807s",
        "-99999999999d",
        "1y",
    ] {
        let mut c = cmd(home.path());
        let since_arg = format!("--since={since}");
        c.args([
            "--audit-log",
            audit.to_str().expect("utf-8"),
            "audit",
            &since_arg,
        ]);
        let out = run(c).await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "--since {since}: {}",
            text(&out.stderr)
        );
        let err = text(&out.stderr);
        assert!(err.contains("--since"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

// ---- 10. Files are private --------------------------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn the_state_dir_is_0700_and_the_log_0600() {
    use std::os::unix::fs::PermissionsExt;
    let server = server(5).await;
    let home = tempfile::tempdir().expect("tmp");
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    // Fresh, and then an existing state dir left open by an older version.
    for pre_existing in [false, true] {
        let state = home.path().join("state/drs-tui");
        if pre_existing {
            std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            std::fs::set_permissions(
                state.join("drs-tui.log"),
                std::fs::Permissions::from_mode(0o644),
            )
            .expect("chmod");
        }
        let job = find_job(&server, |j| j.can_delete() && j.job_mode_role != "child");
        let mut c = against(&server, home.path());
        c.args(["jobs", "delete", "--yes", &job.id]);
        let out = run(c).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(mode(&state), 0o700, "state dir");
        assert_eq!(mode(&state.join("drs-tui.log")), 0o600, "log");
        assert_eq!(mode(&state.join("audit.jsonl")), 0o600, "audit");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_readable_sdk_credentials_file_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let server = server(5).await;
    let home = tempfile::tempdir().expect("tmp");
    let creds = home.path().join("credentials");
    std::fs::write(
        &creds,
        format!("[basic]\nak = {}\nsk = {}\n", demo::DEMO_AK, demo::DEMO_SK),
    )
    .expect("write");
    for (mode, warned) in [(0o644, true), (0o640, true), (0o600, false)] {
        std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let mut c = cmd(home.path());
        c.env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &creds).args([
            "--endpoint",
            &server.base_url(),
            "--project-id",
            demo::DEMO_PROJECT_ID,
            "jobs",
            "list",
        ]);
        let out = run(c).await;
        assert!(out.status.success(), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert_eq!(err.contains("chmod 600"), warned, "mode {mode:o}: {err}");
        assert!(!err.contains(demo::DEMO_SK));
    }
}

// ---- 8. Plain http stays on this machine --------------------------------------------------------

const DEAD_PROXY: &str = "http://127.0.0.1:9";

#[tokio::test]
async fn a_dead_proxy_does_not_stop_loopback_endpoints_or_the_demo() {
    let server = server(10).await;
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.env("HTTP_PROXY", DEAD_PROXY)
        .env("http_proxy", DEAD_PROXY)
        .env("HTTPS_PROXY", DEAD_PROXY)
        .env("ALL_PROXY", DEAD_PROXY)
        .args(["jobs", "list"]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("job(s)"));

    let mut c = cmd(home.path());
    c.env("HTTP_PROXY", DEAD_PROXY)
        .env("ALL_PROXY", DEAD_PROXY)
        .args(["--demo", "jobs", "list"]);
    let out = run(c).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("job(s)"));

    let mut c = against(&server, home.path());
    c.env("HTTPS_PROXY", "::not a url::").args(["jobs", "list"]);
    let out = run(c).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("HTTPS_PROXY"),
        "{}",
        text(&out.stderr)
    );
}

/// A listener standing in for a proxy: the first request line it receives, if any, by the time
/// `stop` is set (or 20 s pass).
type Seen = std::thread::JoinHandle<Option<String>>;
fn fake_proxy() -> (String, std::sync::Arc<std::sync::atomic::AtomicBool>, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    listener.set_nonblocking(true).expect("nonblocking");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline && !stopped.load(std::sync::atomic::Ordering::Acquire) {
            match listener.accept() {
                Ok((mut s, _)) => {
                    let _ = s.set_nonblocking(false);
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut buf = [0u8; 512];
                    let n = s.read(&mut buf).unwrap_or(0);
                    let _ = s.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                    return String::from_utf8_lossy(&buf[..n])
                        .lines()
                        .next()
                        .map(str::to_owned);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        None
    });
    (url, stop, handle)
}

async fn seen_by(
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    seen: Seen,
) -> Option<String> {
    stop.store(true, std::sync::atomic::Ordering::Release);
    tokio::task::spawn_blocking(move || seen.join().expect("join"))
        .await
        .expect("join")
}

#[tokio::test]
async fn https_proxy_and_no_proxy_keep_working_for_remote_endpoints() {
    let home = tempfile::tempdir().expect("tmp");
    let (proxy, stop, seen) = fake_proxy();
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", "t")
        .env("HTTPS_PROXY", &proxy)
        .args([
            "--endpoint",
            "https://drs.example.invalid",
            "--project-id",
            "p",
            "jobs",
            "list",
        ]);
    let out = run(c).await;
    assert_ne!(out.status.code(), Some(0));
    let line = seen_by(stop, seen).await;
    assert_eq!(
        line.as_deref(),
        Some("CONNECT drs.example.invalid:443 HTTP/1.1"),
        "the https request went to the proxy"
    );

    let (proxy, stop, seen) = fake_proxy();
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", "t")
        .env("HTTPS_PROXY", &proxy)
        .env("NO_PROXY", "example.invalid")
        .args([
            "--endpoint",
            "https://drs.example.invalid",
            "--project-id",
            "p",
            "jobs",
            "list",
        ]);
    let out = run(c).await;
    assert_ne!(
        out.status.code(),
        Some(0),
        "example.invalid does not resolve"
    );
    let line = seen_by(stop, seen).await;
    assert_eq!(line, None, "NO_PROXY bypassed the proxy");
}

#[tokio::test]
async fn bad_ids_are_refused_by_the_client_too() {
    let server = server(5).await;
    let client = token_client(&server);
    for id in ["", ".", "..", " ", "a\nb"] {
        let f = client.delete_job(id).await.expect_err("refused");
        assert!(matches!(f.error, ClientError::Invalid(_)), "{id:?}");
        assert!(client.stop_job(id, false).await.is_err());
        assert!(client.show_job(id, None).await.is_err());
    }
    assert!(
        client
            .batch_delete(&["ok".to_string(), "..".to_string()])
            .await
            .is_err()
    );
    assert!(server.state.requests().is_empty());
}
