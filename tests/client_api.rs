//! The DRS client against the demo service over real HTTP on 127.0.0.1:0.

mod common;

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use common::service::*;
use common::*;
use drs_tui::api::{
    ActionResult, ClientError, Credentials, JobType, ListFilter, StatusKind, TransportKind,
};
use drs_tui::demo::{self, DemoConfig};
use drs_tui::secret::Secret;

/// The item of a batch answer about job `id`.
fn item<'a>(items: &'a [ActionResult], id: &str) -> &'a ActionResult {
    items
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("an item for {id}"))
}

#[tokio::test]
async fn lists_2500_jobs_across_all_types_with_paging_even_when_the_server_caps_pages() {
    let server = server_with(DemoConfig {
        jobs: 2500,
        max_page_size: 300,
        ..DemoConfig::default()
    })
    .await;
    let expected: HashSet<String> = server
        .state
        .with_jobs(|jobs| jobs.iter().map(|j| j.id.clone()).collect());
    let client = token_client(&server);
    let pages = Mutex::new(0usize);
    let jobs = client
        .list_all(&JobType::ALL, &ListFilter::default(), &|_| {
            *pages.lock().expect("lock") += 1;
        })
        .await
        .expect("lists");
    let got: HashSet<String> = jobs.iter().map(|j| j.id.clone()).collect();
    assert_eq!(got.len(), jobs.len(), "no job listed twice");
    // Children are listed inside their parents, not as top-level jobs.
    let top_level: HashSet<String> = server.state.with_jobs(|js| {
        js.iter()
            .filter(|j| j.job_mode_role != "child")
            .map(|j| j.id.clone())
            .collect()
    });
    assert!(top_level.len() >= 2500, "seeded {}", top_level.len());
    assert_eq!(got, top_level.intersection(&expected).cloned().collect());
    let types: HashSet<&str> = jobs.iter().map(|j| j.job_type.as_str()).collect();
    assert_eq!(types.len(), 4, "all four job types: {types:?}");
    // Every type's jobs arrive in pages of at most 300, the server's cap, not the 1000 asked.
    let per_type_pages: usize = ["migration", "sync", "cloudDataGuard", "replay"]
        .iter()
        .map(|t| {
            jobs.iter()
                .filter(|j| j.job_type == *t)
                .count()
                .div_ceil(300)
                .max(1)
        })
        .sum();
    assert!(
        per_type_pages >= 9,
        "2500 jobs need at least 9 pages of 300"
    );
    assert_eq!(*pages.lock().expect("lock"), per_type_pages);
    assert_eq!(server.state.count("GET", "/jobs"), per_type_pages);
}

#[tokio::test]
async fn job_type_is_required_by_the_service() {
    let server = server(5).await;
    let resp = reqwest::Client::new()
        .get(format!(
            "{}/v5/{}/jobs",
            server.base_url(),
            demo::DEMO_PROJECT_ID
        ))
        .header("X-Auth-Token", demo::DEMO_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 400);
}

#[tokio::test]
async fn deletes_a_stopped_job_then_it_is_gone() {
    let server = server(60).await;
    let client = token_client(&server);
    let job = deletable(&server);
    let answer = client.delete_job(&job.id).await.expect("deleted");
    assert_eq!(answer.status, 200);
    assert!(answer.request_id.is_some(), "request id kept");
    let jobs = list_all(&client).await.expect("lists");
    assert!(jobs.iter().all(|j| j.id != job.id), "gone from the list");
    assert_eq!(server.state.count("DELETE", &job.id), 1);
}

#[tokio::test]
async fn unknown_job_gives_drs_10000010() {
    let server = server(5).await;
    let client = aksk_client(&server);
    let f = client
        .delete_job("00000000-0000-0000-0000-000000000000")
        .await
        .expect_err("unknown id fails");
    let api = f.error.api().expect("an API error");
    assert_eq!(api.http_status, 400);
    assert_eq!(api.error_code, "DRS.10000010");
    assert_eq!(api.error_msg, "Job does not exist, please check job ID.");
    assert!(api.is_job_not_found());
    assert_eq!(f.attempts, 1, "a 400 is never retried");
}

#[tokio::test]
async fn running_job_must_be_stopped_first_then_stop_and_delete_works() {
    let server = server(60).await;
    let client = token_client(&server);
    let job = top_level_job(&server, |j| {
        j.status_kind() == StatusKind::Running && !j.can_delete()
    });
    let f = client.delete_job(&job.id).await.expect_err("refused");
    let api = f.error.api().expect("API error");
    assert_eq!(api.http_status, 400);
    assert!(
        api.error_msg.to_lowercase().contains("stop"),
        "says it must be stopped: {api}"
    );
    assert!(server.state.job(&job.id).is_some(), "still there");

    let stop = client.stop_job(&job.id, false).await.expect("stops");
    assert_eq!(stop.status, 200);
    let detail = client.show_job(&job.id, None).await.expect("shows");
    assert_eq!(detail.value.status(), "RELEASE_RESOURCE_STARTED");
    // Wait (bounded) until the service reports the stop complete.
    let mut status = String::new();
    for _ in 0..100 {
        status = client
            .show_job(&job.id, None)
            .await
            .expect("shows")
            .value
            .status()
            .to_string();
        if status == "RELEASE_RESOURCE_COMPLETE" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, "RELEASE_RESOURCE_COMPLETE");
    client
        .delete_job(&job.id)
        .await
        .expect("deleted after stop");
    assert!(server.state.job(&job.id).is_none());
}

#[tokio::test]
async fn iam_password_login_gets_a_token_and_the_project_id() {
    let server = server(10).await;
    let mut config = config(&server);
    config.project_id = None;
    let client = client_with(&server, config, iam_password(demo::DEMO_IAM_PASSWORD));
    assert_eq!(
        client.project_id().await.expect("project"),
        demo::DEMO_PROJECT_ID
    );
    let jobs = list_type(&client, JobType::Sync)
        .await
        .expect("lists with the IAM token");
    assert!(!jobs.is_empty());
    assert_eq!(logins(&server), 1, "token cached");
}

#[tokio::test]
async fn wrong_iam_password_is_a_clear_auth_error() {
    let server = server(3).await;
    let client = iam_client(&server, "Pa55-not-the-right-one");
    let f = list_type(&client, JobType::Sync)
        .await
        .expect_err("login refused");
    assert!(matches!(f.error, ClientError::Auth(_)), "{:?}", f.error);
    assert!(
        f.error.to_string().contains("IAM password login"),
        "{}",
        f.error
    );
    assert!(
        !f.error.to_string().contains("Pa55-not"),
        "password not echoed"
    );
}

#[tokio::test]
async fn a_token_near_its_expiry_is_renewed_before_the_next_call() {
    let server = server_tuned(5, |c| c.token_ttl = ms(100)).await;
    let client = iam_client(&server, demo::DEMO_IAM_PASSWORD);
    list_type(&client, JobType::Sync).await.expect("first call");
    let before = logins(&server);
    // Past the token's lifetime (a slow first call may already have renewed it once).
    tokio::time::sleep(ms(100)).await;
    list_type(&client, JobType::Sync)
        .await
        .expect("second call after expiry");
    assert_eq!(
        logins(&server),
        before + 1,
        "renewed once, before the second call"
    );
    assert!(
        server.state.requests().iter().all(|r| r.status != 401),
        "renewed before sending, so no request was refused"
    );
}

#[tokio::test]
async fn a_401_token_expired_renews_the_token_once_and_resends() {
    let server = server(5).await;
    let client = iam_client(&server, demo::DEMO_IAM_PASSWORD);
    list_type(&client, JobType::Sync).await.expect("first call");
    assert_eq!(logins(&server), 1);
    // The token dies early on the server's side (a password change, say).
    server.state.expire_tokens();
    let answer = client
        .list_page(JobType::Sync, &ListFilter::default(), 0, 10)
        .await
        .expect("renewed and resent");
    assert_eq!(answer.attempts, 2, "one 401, one resend");
    assert_eq!(logins(&server), 2, "renewed once");
    let rejected: Vec<u16> = server
        .state
        .requests()
        .iter()
        .filter(|r| r.status == 401)
        .map(|r| r.status)
        .collect();
    assert_eq!(rejected, vec![401]);
}

#[tokio::test]
async fn aksk_signature_is_accepted_and_a_wrong_sk_is_refused_once() {
    let server = server(10).await;
    list_type(&aksk_client(&server), JobType::Migration)
        .await
        .expect("signed call accepted");
    server.state.clear_requests();
    let bad = aksk_client_sk(&server, "not-the-secret-key");
    let f = list_type(&bad, JobType::Migration)
        .await
        .expect_err("refused");
    let api = f.error.api().expect("API error");
    assert_eq!(
        (api.http_status, api.error_code.as_str()),
        (401, "APIGW.0301")
    );
    assert!(
        api.error_msg
            .contains("Incorrect IAM authentication information"),
        "{api}"
    );
    assert_eq!(
        f.attempts, 1,
        "never retried: the AK locks after 5 failures"
    );
    assert_eq!(
        server.state.requests().len(),
        1,
        "exactly one request reached the service"
    );
}

#[tokio::test]
async fn wrong_credentials_cost_one_request_even_when_listing_all_types_at_once() {
    let server = server(40).await;
    let bad = aksk_client_sk(&server, "not-the-secret-key");
    let f = list_all(&bad).await.expect_err("refused");
    assert_eq!(
        f.error.api().map(|a| a.error_code.as_str()),
        Some("APIGW.0301")
    );
    assert_eq!(
        server.state.requests().len(),
        1,
        "the other three types were never sent"
    );
    // With good credentials the four types still go out concurrently after the first answer.
    let jobs = list_all(&aksk_client(&server)).await.expect("lists");
    assert_eq!(jobs.len(), server.state.job_ids().len());
}

#[tokio::test]
async fn job_ids_are_percent_encoded_and_cannot_change_the_url() {
    let server = server(5).await;
    let client = token_client(&server);
    for evil in [
        "../../v3/auth/tokens",
        "x?job_type=sync",
        "a/b",
        "id#frag",
        "%2e%2e",
    ] {
        let f = client.delete_job(evil).await.expect_err("no such job");
        assert_eq!(
            f.error.api().map(|a| a.error_code.as_str()),
            Some("DRS.10000010"),
            "{evil}: {}",
            f.error
        );
    }
    let reqs = server.state.requests();
    assert_eq!(reqs.len(), 5);
    for r in reqs {
        assert_eq!(r.method, "DELETE");
        assert!(r.query.is_empty(), "no query smuggled in: {}", r.query);
        assert_eq!(
            r.path.matches('/').count(),
            4,
            "one job segment: {}",
            r.path
        );
    }
}

#[tokio::test]
async fn chinese_messages_with_x_language() {
    let server = server(3).await;
    let mut cfg = config(&server);
    cfg.language = Some(drs_tui::api::Language::ZhCn);
    let client = token_client_with(&server, cfg);
    let f = client.delete_job("nope").await.expect_err("unknown");
    let msg = &f.error.api().expect("api").error_msg;
    assert!(
        msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{msg}"
    );
}

#[tokio::test]
async fn read_only_client_refuses_writes_without_sending() {
    let server = server(10).await;
    let mut cfg = config(&server);
    cfg.read_only = true;
    let client = token_client_with(&server, cfg);
    let job = find_job(&server, |j| j.can_delete());
    let f = client.delete_job(&job.id).await.expect_err("refused");
    assert!(matches!(f.error, ClientError::ReadOnly { .. }));
    assert!(client.stop_job(&job.id, false).await.is_err());
    assert!(
        client
            .batch_delete(std::slice::from_ref(&job.id))
            .await
            .is_err()
    );
    assert!(server.state.requests().is_empty(), "nothing sent");
}

#[tokio::test]
async fn batch_delete_reports_each_job() {
    let server = server(60).await;
    let client = token_client(&server);
    let good = deletable(&server);
    let ids = vec![good.id.clone(), "missing-job".to_string()];
    let answer = client.batch_delete(&ids).await.expect("batch answered");
    assert_eq!(answer.value.len(), 2);
    assert!(item(&answer.value, &good.id).succeeded());
    let bad = item(&answer.value, "missing-job");
    assert!(!bad.succeeded());
    assert_eq!(bad.error_code, "DRS.10000010");
}

#[tokio::test]
async fn batch_stop_reports_each_job() {
    let server = server(60).await;
    let client = token_client(&server);
    let running = top_level_job(&server, can_free);
    let ids = vec![running.id.clone(), "missing-job".to_string()];
    let answer = client
        .batch_stop(&ids, false)
        .await
        .expect("batch answered");
    assert_eq!(answer.value.len(), 2);
    let ok = item(&answer.value, &running.id);
    assert!(ok.succeeded(), "{ok:?}");
    let bad = item(&answer.value, "missing-job");
    assert!(!bad.succeeded());
    assert_eq!(bad.error_code, "DRS.10000010");
    let stopped = server.state.job(&running.id).expect("job");
    assert!(
        stopped.status.starts_with("RELEASE_RESOURCE"),
        "{}",
        stopped.status
    );
}

// ---- faults: every kind gives a clear error (or a tolerant result), never a panic ----------

async fn list_with_fault(spec: &str) -> Result<usize, drs_tui::api::Failure> {
    let server = server(20).await;
    set_faults(&server, spec);
    let client = token_client(&server);
    list_type(&client, JobType::Sync).await.map(|j| j.len())
}

#[tokio::test]
async fn reads_retry_through_429_and_5xx() {
    for spec in [
        "GET /v5/*/jobs=429:0x3",
        "GET /v5/*/jobs=500x2",
        "GET /v5/*/jobs=502x1",
        "GET /v5/*/jobs=503x3",
    ] {
        let n = list_with_fault(spec)
            .await
            .unwrap_or_else(|f| panic!("{spec}: {f}"));
        assert!(n > 0, "{spec}");
    }
}

#[tokio::test]
async fn persistent_faults_end_in_clear_errors() {
    let cases: [(&str, &str); 7] = [
        ("GET /v5/*/jobs=502", "502"),
        ("GET /v5/*/jobs=500", "500"),
        ("GET /v5/*/jobs=429:0", "APIGW.0308"),
        ("GET /v5/*/jobs=malformed", "cannot read"),
        ("GET /v5/*/jobs=huge", "limit"),
        ("GET /v5/*/jobs=drop", "connection"),
        ("GET /v5/*/jobs=504", "504"),
    ];
    for (spec, needle) in cases {
        let f = list_with_fault(spec).await.expect_err(spec);
        let text = f.error.to_string();
        assert!(text.contains(needle), "{spec}: {text}");
        assert!(
            !text.contains("<html"),
            "{spec}: HTML is not shown raw: {text}"
        );
    }
}

#[tokio::test]
async fn html_error_page_is_reduced_to_status_and_short_text() {
    let f = list_with_fault("GET /v5/*/jobs=502")
        .await
        .expect_err("fails");
    let api = f.error.api().expect("api");
    assert_eq!(api.http_status, 502);
    assert_eq!(api.error_code, "502");
    assert!(api.error_msg.chars().count() <= 201);
    assert_eq!(f.attempts, 4, "reads are retried up to the attempt limit");
}

#[tokio::test]
async fn slow_and_dripping_answers_still_arrive_and_empty_bodies_are_tolerated() {
    assert!(
        list_with_fault("GET /v5/*/jobs=slow:200x1")
            .await
            .expect("slow ok")
            > 0
    );
    assert!(
        list_with_fault("GET /v5/*/jobs=drip:5x1")
            .await
            .expect("drip ok")
            > 0
    );
    assert_eq!(
        list_with_fault("GET /v5/*/jobs=empty")
            .await
            .expect("empty ok"),
        0
    );
}

#[tokio::test]
async fn a_slow_answer_past_the_timeout_is_a_timeout_error() {
    let server = server(5).await;
    set_faults(&server, "GET /v5/*/jobs=slow:3000");
    let mut cfg = config(&server);
    cfg.retry.request_timeout = Duration::from_millis(300);
    cfg.retry.attempts = 1;
    let client = token_client_with(&server, cfg);
    let f = list_type(&client, JobType::Sync)
        .await
        .expect_err("times out");
    assert!(
        matches!(
            f.error,
            ClientError::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{:?}",
        f.error
    );
    assert!(f.error.to_string().contains("timed out"));
}

/// A 200 whose body is a JSON array (or a bare string) is a clear error, not an empty page.
#[tokio::test]
async fn a_non_object_answer_is_a_clear_error_not_an_empty_page() {
    for body in ["[]", "[[1,2],[3]]", "\"jobs\"", "42"] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = axum::Router::new().fallback(move || async move { body });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let server = server(1).await;
        let mut cfg = config(&server);
        cfg.endpoint = url::Url::parse(&format!("http://{addr}")).expect("url");
        let client = client_with(&server, cfg, Credentials::Token(Secret::new("t")));
        let f = client
            .list_page(JobType::Sync, &ListFilter::default(), 0, 10)
            .await
            .expect_err(body);
        assert!(
            matches!(f.error, ClientError::Decode { status: 200, .. }),
            "{body}: {:?}",
            f.error
        );
        assert!(
            f.error.to_string().contains("expected a JSON object"),
            "{}",
            f.error
        );
        task.abort();
    }
}
