//! Listings the server cannot blow up, and requests that stay on this machine (issue 8 items 7,
//! 8 and 11, issue 10 item 3), against the demo service and the real binary.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::bin::*;
use common::service::*;
use common::*;
use drs_tui::api::JobType;
use drs_tui::demo::{self, DemoConfig};

/// A service that pages one job at a time and says it holds a billion.
fn lying_billion(c: &mut DemoConfig) {
    c.max_page_size = 1;
    c.faults = faults("GET /v5/*/jobs=total:1000000000");
}

// ---- 7. Nothing the server says sizes memory ----------------------------------------------

#[tokio::test]
async fn a_total_count_of_a_billion_with_one_job_pages_lists_just_the_real_jobs() {
    let server = server_tuned(40, lying_billion).await;
    let jobs = list_all(&token_client(&server)).await.expect("lists");
    let got = ids_of(&jobs);
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
        let jobs = list_all(&token_client_with(&server, config))
            .await
            .unwrap_or_else(|f| panic!("total_count {total}: {f}"));
        assert_eq!(ids_of(&jobs), all_ids(&server), "total_count {total}");
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
    let server = server_tuned(60, |c| {
        lying_billion(c);
        c.latency = ms(2);
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
    let jobs = list_all(&client).await.expect("lists with smaller pages");
    assert_eq!(ids_of(&jobs), all_ids(&server));
    // The size that worked is remembered: the next listing asks for it at once.
    server.state.clear_requests();
    list_all(&client).await.expect("lists again");
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
    let f = list_type(&token_client(&server), JobType::Migration)
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
    c.args(["--log-file", log.to_str().expect("utf-8")]);
    let listed = listed_json(c).await;
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
    let listed = listed_json(against(&server, home.path())).await;
    let ids: Vec<&str> = listed.iter().filter_map(|j| j["id"].as_str()).collect();
    let unique: HashSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(ids.len(), unique.len(), "no job twice");
    assert_eq!(unique, migration);
    let lists = server.state.count("GET", "/jobs");
    assert_eq!(lists, 4, "all four types were asked");
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
        .args(demo_endpoint_args(&server))
        .args(["jobs", "delete", "--dry-run", "job-1"]);
    let s = expect_success(&run(c).await, "a dry run with AK/SK");
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
    let listed = expect_success(&run(c).await, "the loopback endpoint");
    assert!(listed.contains("job(s)"));

    let mut c = cmd(home.path());
    c.env("HTTP_PROXY", DEAD_PROXY)
        .env("ALL_PROXY", DEAD_PROXY)
        .args(["--demo", "jobs", "list"]);
    let listed = expect_success(&run(c).await, "--demo");
    assert!(listed.contains("job(s)"));

    let mut c = against(&server, home.path());
    c.env("HTTPS_PROXY", "::not a url::").args(["jobs", "list"]);
    let err = expect_exit(&run(c).await, 2, "HTTPS_PROXY not a url");
    assert!(err.contains("HTTPS_PROXY"), "{err}");
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

/// `jobs list` at https://drs.example.invalid through a fake `HTTPS_PROXY` (and these other
/// variables), which fails: the first request line the proxy saw, if any.
async fn remote_listing_via_proxy(vars: &[(&str, &str)]) -> Option<String> {
    let home = tempfile::tempdir().expect("tmp");
    let (proxy, stop, seen) = fake_proxy();
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", "t")
        .env("HTTPS_PROXY", &proxy)
        .envs(vars.iter().copied())
        .args(["--endpoint", "https://drs.example.invalid"])
        .args(["--project-id", "p", "jobs", "list"]);
    let out = run(c).await;
    assert_ne!(
        out.status.code(),
        Some(0),
        "example.invalid does not resolve, the proxy answers 502"
    );
    seen_by(stop, seen).await
}

#[tokio::test]
async fn https_proxy_and_no_proxy_keep_working_for_remote_endpoints() {
    let line = remote_listing_via_proxy(&[]).await;
    assert_eq!(
        line.as_deref(),
        Some("CONNECT drs.example.invalid:443 HTTP/1.1"),
        "the https request went to the proxy"
    );
    let line = remote_listing_via_proxy(&[("NO_PROXY", "example.invalid")]).await;
    assert_eq!(line, None, "NO_PROXY bypassed the proxy");
}
