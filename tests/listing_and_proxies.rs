//! Listings the server cannot blow up, and requests that stay on this machine (issue 8 items 7,
//! 8 and 11, issue 10 item 3), against the demo service and the real binary.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::bin::*;
use common::*;
use drs_tui::api::{JobType, ListFilter};
use drs_tui::demo::{self, DemoConfig, parse_faults};

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
    c.args(["jobs", "list", "-o", "json"]);
    let (out, peak) = tokio::task::spawn_blocking(move || {
        // Dropped on a failed assertion: the listing is killed, not left running.
        let mut child = start(c);
        let pid = child.pid();
        let mut peak = 0;
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_status().is_none() {
            if let Some(kib) = peak_rss_kib(pid) {
                peak = peak.max(kib);
            }
            assert!(Instant::now() < deadline, "listing did not finish");
            std::thread::sleep(Duration::from_millis(5));
        }
        (child.finish(), peak)
    })
    .await
    .expect("join");
    let (status, stdout, stderr) = (out.status, out.stdout, text(&out.stderr));
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
