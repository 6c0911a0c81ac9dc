//! The demo DRS service over real HTTP, spoken to with plain reqwest (not our client).

use std::time::{Duration, Instant};

use drs_tui::api::signer::{SignInput, canonical_query, sdk_date, sign};
use drs_tui::demo::{
    DEMO_AK, DEMO_IAM_DOMAIN, DEMO_IAM_PASSWORD, DEMO_IAM_USER, DEMO_PROJECT_ID, DEMO_SK,
    DEMO_TOKEN, DemoConfig, DemoServer, parse_faults,
};
use serde_json::{Value, json};

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

async fn start(config: DemoConfig) -> DemoServer {
    DemoServer::start(config).await.expect("demo server starts")
}

/// The default demo service with `tune` applied to its configuration.
async fn start_tuned(tune: impl FnOnce(&mut DemoConfig)) -> DemoServer {
    let mut config = DemoConfig::default();
    tune(&mut config);
    start(config).await
}

async fn start_default() -> DemoServer {
    start_tuned(|c| c.stop_delay = Duration::from_millis(100)).await
}

fn jobs_url(s: &DemoServer) -> String {
    format!("{}/v5/{DEMO_PROJECT_ID}/jobs", s.base_url())
}

/// Sends a token-authenticated request; returns status, headers and the parsed body
/// (`Value::Null` when the body is not JSON).
async fn call(
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> R<(u16, reqwest::header::HeaderMap, Value)> {
    let mut req = reqwest::Client::new()
        .request(method, url)
        .header("X-Auth-Token", DEMO_TOKEN)
        .header("Content-Type", "application/json");
    if let Some(b) = body {
        req = req.body(b.to_string());
    }
    let resp = req.send().await?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await?;
    Ok((
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

async fn get(url: &str) -> R<(u16, Value)> {
    let (s, _, v) = call(reqwest::Method::GET, url, None).await?;
    Ok((s, v))
}

/// DELETE of job `id` (as written into the path); the status and the parsed body.
async fn delete(s: &DemoServer, id: &str) -> R<(u16, Value)> {
    let (status, _, v) = call(
        reqwest::Method::DELETE,
        &format!("{}/{id}", jobs_url(s)),
        None,
    )
    .await?;
    Ok((status, v))
}

/// Asserts the answer to `case` has the HTTP status `want` and the error `code` with a
/// message; its body.
fn refused(case: &str, (status, v): (u16, Value), want: u16, code: &str) -> Value {
    assert_eq!(status, want, "{case}: {v}");
    assert_eq!(v["error_code"], code, "{case}: {v}");
    assert!(
        v["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
        "{case}: {v}"
    );
    v
}

/// Whether the answer's `error_msg` contains `needle`.
fn says(v: &Value, needle: &str) -> bool {
    v["error_msg"].as_str().unwrap_or("").contains(needle)
}

/// The string `key` of every job on a page, in order.
fn job_strs<'a>(page: &'a Value, key: &str) -> Vec<&'a str> {
    page["jobs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|j| j[key].as_str())
        .collect()
}

async fn list(s: &DemoServer, query: &str) -> R<Value> {
    let (status, v) = get(&format!("{}?{query}", jobs_url(s))).await?;
    assert_eq!(status, 200, "{v}");
    Ok(v)
}

fn ids(page: &Value) -> Vec<String> {
    page["jobs"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|j| j["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn job_with_status(s: &DemoServer, status: &str) -> String {
    s.state
        .job_ids()
        .into_iter()
        .find(|id| s.state.job(id).is_some_and(|j| j.status == status))
        .unwrap_or_else(|| panic!("a seeded job in {status}"))
}

fn assert_error(v: &Value, code: &str) {
    assert_eq!(v["error_code"], code, "{v}");
    assert!(
        v["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
        "{v}"
    );
}

/// Sends an AK/SK-signed request the way the SDK does; `date` overrides `X-Sdk-Date`.
async fn signed(
    s: &DemoServer,
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: &[u8],
    sk: &str,
    date: Option<String>,
) -> R<(u16, Value)> {
    let host = s.base_url().trim_start_matches("http://").to_string();
    let date = date.unwrap_or_else(|| sdk_date(time::OffsetDateTime::now_utc()));
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("Host".to_string(), host),
        ("X-Project-Id".to_string(), DEMO_PROJECT_ID.to_string()),
        ("X-Sdk-Date".to_string(), date),
    ];
    let sig = sign(
        &SignInput {
            method,
            path,
            query,
            headers: &headers,
            body,
        },
        DEMO_AK,
        sk.as_bytes(),
    );
    let mut url = format!("{}{path}", s.base_url());
    if !query.is_empty() {
        url = format!("{url}?{}", canonical_query(query));
    }
    let mut req = reqwest::Client::new()
        .request(method.parse()?, url)
        .header("Authorization", sig.authorization)
        .body(body.to_vec());
    for (k, v) in &headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let resp = req.send().await?;
    let status = resp.status().as_u16();
    let v = serde_json::from_slice(&resp.bytes().await?).unwrap_or(Value::Null);
    Ok((status, v))
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn list_shape_paging_and_total_count() -> R {
    let s = start_tuned(|c| c.jobs = 250).await;
    let mut sum = 0;
    for t in ["migration", "sync", "cloudDataGuard", "replay"] {
        let first = list(&s, &format!("job_type={t}&limit=7&offset=0")).await?;
        let total = first["total_count"].as_u64().unwrap_or(0) as usize;
        assert!(total > 0, "{t}");
        sum += total;
        let mut all = Vec::new();
        let mut offset = 0;
        while offset < total {
            let page = list(&s, &format!("job_type={t}&limit=7&offset={offset}")).await?;
            assert_eq!(page["total_count"].as_u64(), Some(total as u64));
            let page_ids = ids(&page);
            assert!(page_ids.len() <= 7);
            for j in page["jobs"].as_array().into_iter().flatten() {
                assert_eq!(j["job_type"], t);
                assert!(j["job_action"]["available_actions"].is_array());
                assert!(j["create_time"].as_str().is_some_and(|c| c.ends_with('Z')));
            }
            all.extend(page_ids);
            offset += 7;
        }
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), total, "{t}: paging returns every job once");
        // Default order: newest first.
        let page = list(&s, &format!("job_type={t}&limit=1000")).await?;
        let times = job_strs(&page, "create_time");
        assert!(times.windows(2).all(|w| w[0] >= w[1]));
    }
    assert_eq!(sum, 250, "total_count over the job types adds up to --jobs");

    let v = refused("no job_type", get(&jobs_url(&s)).await?, 400, "DRS.M00201");
    assert!(says(&v, "job_type"));
    for (query, code) in [
        ("job_type=bogus", "DRS.M00202"),
        ("job_type=sync&limit=0", "DRS.M00210"),
        ("job_type=sync&limit=abc", "DRS.M00210"),
    ] {
        let answer = get(&format!("{}?{query}", jobs_url(&s))).await?;
        refused(query, answer, 400, code);
    }
    s.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn list_caps_the_page_size() -> R {
    let s = start_tuned(|c| (c.jobs, c.max_page_size) = (300, 25)).await;
    let page = list(&s, "job_type=migration&limit=1000").await?;
    assert_eq!(ids(&page).len(), 25);
    assert!(page["total_count"].as_u64().unwrap_or(0) > 25);
    Ok(())
}

#[tokio::test]
async fn list_filters_and_sorting() -> R {
    let s = start_tuned(|c| c.jobs = 400).await;
    let page = list(&s, "job_type=sync&status=INCRE_TRANSFER_STARTED&limit=1000").await?;
    let jobs = page["jobs"].as_array().cloned().unwrap_or_default();
    assert!(!jobs.is_empty());
    assert!(jobs.iter().all(|j| j["status"] == "INCRE_TRANSFER_STARTED"));
    assert_eq!(page["total_count"].as_u64(), Some(jobs.len() as u64));

    // Name substring (Chinese), exact id, and a comma list of ids.
    let all = list(&s, "job_type=migration&limit=1000").await?;
    let all_jobs = all["jobs"].as_array().cloned().unwrap_or_default();
    let zh = all_jobs
        .iter()
        .find_map(|j| j["name"].as_str().filter(|n| !n.is_ascii()))
        .expect("a Chinese name")
        .to_string();
    let needle: String = zh.chars().take(2).collect();
    let url = reqwest::Url::parse_with_params(
        &jobs_url(&s),
        &[
            ("job_type", "migration"),
            ("name", &needle),
            ("limit", "1000"),
        ],
    )?;
    let (_, found) = get(url.as_str()).await?;
    let found = found["jobs"].as_array().cloned().unwrap_or_default();
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|j| j["name"].as_str().unwrap_or("").contains(&needle))
    );
    let two: Vec<String> = ids(&all).into_iter().take(2).collect();
    let page = list(
        &s,
        &format!("job_type=migration&name={}%2C{}", two[0], two[1]),
    )
    .await?;
    let mut got = ids(&page);
    got.sort();
    let mut want = two.clone();
    want.sort();
    assert_eq!(got, want);
    let page = list(&s, &format!("job_type=migration&name={}", two[0])).await?;
    assert_eq!(ids(&page), vec![two[0].clone()]);

    // Sort by name ascending.
    let query = "job_type=migration&sort_key=name&sort_dir=asc&limit=1000";
    let page = list(&s, query).await?;
    let names = job_strs(&page, "name");
    assert!(names.windows(2).all(|w| w[0] <= w[1]));
    let answer = get(&format!("{}?job_type=sync&sort_key=color", jobs_url(&s))).await?;
    refused("sort_key=color", answer, 400, "DRS.M00202");
    Ok(())
}

#[tokio::test]
async fn detail_shape() -> R {
    let s = start_default().await;
    let id = job_with_status(&s, "INCRE_TRANSFER_STARTED");
    let (status, v) = get(&format!("{}/{id}?type=detail", jobs_url(&s))).await?;
    assert_eq!(status, 200, "{v}");
    let job = &v["job"];
    assert_eq!(job["id"], id.as_str());
    assert_eq!(job["status"], "INCRE_TRANSFER_STARTED");
    assert!(job["base_info"]["name"].is_string());
    assert!(job["base_info"]["engine_type"].is_string());
    assert!(job["source_endpoint"][0]["instance_id"].is_string());
    assert!(job["target_endpoint"][0]["ip"].is_string());
    assert_eq!(
        job["progress_info"]["transfer_status"],
        "INCRE_TRANSFER_STARTED"
    );
    let answer = get(&format!("{}/nope?type=detail", jobs_url(&s))).await?;
    refused("an unknown id", answer, 400, "DRS.10000010");
    refused(
        "no type=detail",
        get(&format!("{}/{id}", jobs_url(&s))).await?,
        400,
        "DRS.M00201",
    );
    Ok(())
}

#[tokio::test]
async fn delete_rules() -> R {
    let s = start_default().await;
    let done = job_with_status(&s, "RELEASE_RESOURCE_COMPLETE");
    assert_eq!(delete(&s, &done).await?, (200, json!({})));
    assert!(s.state.job(&done).is_none());
    let job_type = "migration|sync|cloudDataGuard|replay";
    for t in job_type.split('|') {
        let page = list(&s, &format!("job_type={t}&limit=1000")).await?;
        assert!(!ids(&page).contains(&done), "gone from the {t} list");
    }
    // Deleting it again, or any unknown id: DRS.10000010 with the documented message.
    let (status, v) = delete(&s, &done).await?;
    assert_eq!(status, 400);
    assert_eq!(
        v,
        json!({"error_code":"DRS.10000010","error_msg":"Job does not exist, please check job ID."})
    );
    // A running job must be stopped first.
    let running = job_with_status(&s, "INCRE_TRANSFER_STARTED");
    let v = refused("running", delete(&s, &running).await?, 400, "DRS.M00304");
    assert!(says(&v, "must be stopped"));
    assert!(s.state.job(&running).is_some());
    // Failed jobs may be deleted directly.
    let failed = job_with_status(&s, "INCRE_TRANSFER_FAILED");
    assert_eq!(delete(&s, &failed).await?.0, 200);
    // An id with a slash is one path segment, percent-encoded.
    refused("a%2Fb", delete(&s, "a%2Fb").await?, 400, "DRS.10000010");
    assert_eq!(
        s.state
            .requests()
            .last()
            .and_then(|r| r.job_id.clone())
            .as_deref(),
        Some("a/b")
    );
    Ok(())
}

#[tokio::test]
async fn stop_then_delete_after_the_delay() -> R {
    let s = start_default().await;
    let id = job_with_status(&s, "INCRE_TRANSFER_STARTED");
    let stop = format!("{}/{id}/stop", jobs_url(&s));
    let (status, _, v) = call(
        reqwest::Method::POST,
        &stop,
        Some(json!({"is_force_stop": false})),
    )
    .await?;
    assert_eq!((status, v), (200, json!({"status": "success"})));
    let (_, v) = get(&format!("{}/{id}?type=detail", jobs_url(&s))).await?;
    assert_eq!(v["job"]["status"], "RELEASE_RESOURCE_STARTED");
    let del = format!("{}/{id}", jobs_url(&s));
    let (status, _, v) = call(reqwest::Method::DELETE, &del, None).await?;
    assert_eq!(status, 400, "still stopping: {v}");
    // Stopping again is refused.
    let (status, _, v) = call(reqwest::Method::POST, &stop, None).await?;
    refused("stopping again", (status, v), 400, "DRS.M00304");
    // The stop completes after the service's stop delay (100 ms): read until it says so.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let v = loop {
        let (_, v) = get(&format!("{}/{id}?type=detail", jobs_url(&s))).await?;
        if v["job"]["status"] != "RELEASE_RESOURCE_STARTED" || std::time::Instant::now() > deadline
        {
            break v;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(v["job"]["status"], "RELEASE_RESOURCE_COMPLETE");
    let job = s.state.job(&id).expect("still there");
    assert!(job.can_delete());
    let (status, _, _) = call(reqwest::Method::DELETE, &del, None).await?;
    assert_eq!(status, 200);
    // Unknown id and a malformed body: 400 DRS errors, no panic.
    let nope = format!("{}/nope/stop", jobs_url(&s));
    let (status, _, v) = call(reqwest::Method::POST, &nope, None).await?;
    refused("an unknown id", (status, v), 400, "DRS.10000010");
    let resp = reqwest::Client::new()
        .post(&stop)
        .header("X-Auth-Token", DEMO_TOKEN)
        .body("{not json")
        .send()
        .await?;
    assert_eq!(resp.status().as_u16(), 400);
    assert_error(&resp.json::<Value>().await?, "DRS.M00200");
    Ok(())
}

#[tokio::test]
async fn batch_delete_and_batch_stop() -> R {
    let s = start_default().await;
    let done = job_with_status(&s, "RELEASE_RESOURCE_COMPLETE");
    let running = job_with_status(&s, "INCRE_TRANSFER_STARTED");
    let (status, _, v) = call(
        reqwest::Method::DELETE,
        &jobs_url(&s),
        Some(json!({"jobs": [done, running, "nope"]})),
    )
    .await?;
    assert_eq!(status, 200, "{v}");
    let items = v["jobs"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["status"], "success");
    assert_eq!(items[0]["id"], done.as_str());
    assert_eq!(items[1]["status"], "failed");
    assert_eq!(items[1]["error_code"], "DRS.M00304");
    assert_eq!(items[2]["error_code"], "DRS.10000010");
    assert!(s.state.job(&done).is_none());

    let (status, _, v) = call(
        reqwest::Method::POST,
        &format!("{}/batch-stop", jobs_url(&s)),
        Some(json!({"jobs": [{"job_id": running, "is_force_stop": true}, {"job_id": "nope"}]})),
    )
    .await?;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["jobs"][0]["status"], "success");
    assert_eq!(v["jobs"][1]["status"], "failed");
    assert_eq!(v["jobs"][1]["error_code"], "DRS.10000010");
    assert_eq!(
        s.state.job(&running).map(|j| j.status.to_string()),
        Some("RELEASE_RESOURCE_STARTED".to_string())
    );
    for bad in [
        json!({}),
        json!({"jobs": "x"}),
        json!({"jobs": [1]}),
        json!([]),
    ] {
        let (status, _, v) = call(reqwest::Method::DELETE, &jobs_url(&s), Some(bad)).await?;
        assert_eq!(status, 400, "{v}");
        assert!(v["error_code"].as_str().unwrap_or("").starts_with("DRS."));
    }
    Ok(())
}

#[tokio::test]
async fn aksk_signature_checked_with_our_signer() -> R {
    let s = start_default().await;
    let path = format!("/v5/{DEMO_PROJECT_ID}/jobs");
    let query = q(&[("job_type", "sync"), ("limit", "5"), ("offset", "0")]);
    let (status, v) = signed(&s, "GET", &path, &query, b"", DEMO_SK, None).await?;
    assert_eq!(status, 200, "{v}");
    assert!(v["total_count"].is_u64());

    // A body is covered too: a signed stop works.
    let id = job_with_status(&s, "INCRE_TRANSFER_STARTED");
    let (status, v) = signed(
        &s,
        "POST",
        &format!("{path}/{id}/stop"),
        &[],
        br#"{"is_force_stop": true}"#,
        DEMO_SK,
        None,
    )
    .await?;
    assert_eq!(status, 200, "{v}");

    let answer = signed(&s, "GET", &path, &query, b"", "wrong-secret", None).await?;
    let v = refused("a wrong secret", answer, 401, "APIGW.0301");
    assert!(says(&v, "verify aksk signature fail"));
    assert!(v["request_id"].is_string());

    let stale = sdk_date(time::OffsetDateTime::now_utc() - time::Duration::minutes(20));
    for date in [stale, "2024-01-02".to_string()] {
        let answer = signed(&s, "GET", &path, &query, b"", DEMO_SK, Some(date.clone())).await?;
        refused(&date, answer, 401, "APIGW.0301");
    }
    Ok(())
}

#[tokio::test]
async fn tokens_accepted_and_rejected() -> R {
    let s = start_default().await;
    let url = format!("{}?job_type=sync", jobs_url(&s));
    let c = reqwest::Client::new();
    let resp = c
        .get(&url)
        .header("X-Auth-Token", DEMO_TOKEN)
        .send()
        .await?;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers().contains_key("x-request-id"));
    let resp = c
        .get(&url)
        .header("X-Auth-Token", "MIIforged")
        .send()
        .await?;
    assert_eq!(resp.status().as_u16(), 401);
    let v: Value = resp.json().await?;
    assert_error(&v, "APIGW.0301");
    assert!(says(&v, "decrypt token fail"));
    let resp = c.get(&url).send().await?;
    assert_eq!(resp.status().as_u16(), 401);
    let rid = resp
        .headers()
        .get("x-request-id")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let v: Value = resp.json().await?;
    assert!(says(&v, "x-auth-token not found"));
    assert_eq!(v["request_id"].as_str(), rid.as_deref());
    // Wrong project id and unknown routes.
    let wrong_project = format!("{}/v5/0000/jobs?job_type=sync", s.base_url());
    refused(
        "project 0000",
        get(&wrong_project).await?,
        403,
        "DRS.M00261",
    );
    let unknown = format!("{}/v6/whatever", s.base_url());
    refused("/v6", get(&unknown).await?, 404, "APIGW.0101");
    Ok(())
}

fn login_body(password: &str, scope: Value) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": DEMO_IAM_USER, "password": password, "domain": {"name": DEMO_IAM_DOMAIN}}}},
        "scope": {"project": scope}}})
}

async fn login(s: &DemoServer, body: Value) -> R<(u16, Option<String>, Value)> {
    let resp = reqwest::Client::new()
        .post(format!("{}/v3/auth/tokens?nocatalog=true", s.base_url()))
        .header("Content-Type", "application/json;charset=utf8")
        .body(body.to_string())
        .send()
        .await?;
    let status = resp.status().as_u16();
    let token = resp
        .headers()
        .get("x-subject-token")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    Ok((status, token, resp.json().await.unwrap_or(Value::Null)))
}

#[tokio::test]
async fn iam_login_issues_tokens_that_expire() -> R {
    let s = start_tuned(|c| c.token_ttl = Duration::from_millis(300)).await;
    let (status, token, v) = login(
        &s,
        login_body(DEMO_IAM_PASSWORD, json!({"name": "cn-north-4"})),
    )
    .await?;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["token"]["project"]["id"], DEMO_PROJECT_ID);
    assert!(
        v["token"]["expires_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert!(v["token"].get("catalog").is_none());
    let token = token.expect("X-Subject-Token");
    let url = format!("{}?job_type=replay", jobs_url(&s));
    let c = reqwest::Client::new();
    let resp = c.get(&url).header("X-Auth-Token", &token).send().await?;
    assert_eq!(resp.status().as_u16(), 200);

    let (status, token2, _) = login(
        &s,
        login_body(DEMO_IAM_PASSWORD, json!({"id": DEMO_PROJECT_ID})),
    )
    .await?;
    assert_eq!(status, 201);
    assert!(token2.is_some());
    let (status, token3, v) = login(&s, login_body("wrong", json!({"name": "cn-north-4"}))).await?;
    assert_eq!(status, 401);
    assert!(token3.is_none());
    assert!(v["error"]["message"].is_string(), "{v}");
    let (status, _, _) = login(&s, json!({"nonsense": true})).await?;
    assert_eq!(status, 400);

    // The token runs out after its 300 ms: accepted until then, refused after.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let resp = loop {
        let resp = c.get(&url).header("X-Auth-Token", &token).send().await?;
        if resp.status().as_u16() != 200 || std::time::Instant::now() > deadline {
            break resp;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(resp.status().as_u16(), 401);
    let v: Value = resp.json().await?;
    assert_eq!(v["error_code"], "APIGW.0307");
    assert_eq!(v["error_msg"], "The token must be updated.");
    // Nothing secret reaches the request log.
    for r in s.state.requests() {
        assert!(!r.query.contains(DEMO_IAM_PASSWORD) && !r.path.contains(DEMO_TOKEN));
    }
    assert_eq!(s.state.count("POST", "/v3/auth/tokens"), 4);
    Ok(())
}

#[tokio::test]
async fn chinese_messages() -> R {
    let s = start_default().await;
    let resp = reqwest::Client::new()
        .delete(format!("{}/nope", jobs_url(&s)))
        .header("X-Auth-Token", DEMO_TOKEN)
        .header("X-Language", "zh-cn")
        .send()
        .await?;
    assert_eq!(resp.status().as_u16(), 400);
    let v: Value = resp.json().await?;
    assert_eq!(v["error_code"], "DRS.10000010");
    assert_eq!(v["error_msg"], "任务不存在，请检查任务ID。");
    Ok(())
}

#[tokio::test]
async fn latency_delays_v5_answers() -> R {
    let s = start_tuned(|c| c.latency = Duration::from_millis(150)).await;
    let t = Instant::now();
    list(&s, "job_type=sync").await?;
    assert!(t.elapsed() >= Duration::from_millis(150));
    Ok(())
}

/// The path of job `id` (as written) in the demo project.
fn job_path(id: &str) -> String {
    format!("/v5/{DEMO_PROJECT_ID}/jobs/{id}")
}

async fn raw(
    s: &DemoServer,
    method: reqwest::Method,
    path: &str,
) -> reqwest::Result<reqwest::Response> {
    reqwest::Client::new()
        .request(method, format!("{}{path}", s.base_url()))
        .header("X-Auth-Token", DEMO_TOKEN)
        .send()
        .await
}

#[tokio::test]
async fn error_status_faults() -> R {
    let s = start_default().await;
    let list_path = format!("/v5/{DEMO_PROJECT_ID}/jobs?job_type=sync");
    s.state.set_faults(parse_faults("GET /v5/*/jobs=429:0x2")?);
    for _ in 0..2 {
        let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
        assert_eq!(resp.status().as_u16(), 429);
        assert_eq!(resp.headers()["retry-after"], "0");
        assert_error(&resp.json().await?, "APIGW.0308");
    }
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 200, "x2 ran out");

    s.state.set_faults(parse_faults("GET /v5/*/jobs=429")?);
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.headers()["retry-after"], "1");

    for (kind, status) in [("500", 500), ("503", 503), ("504", 504)] {
        s.state
            .set_faults(parse_faults(&format!("* /v5/*/jobs={kind}"))?);
        let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
        assert_eq!(resp.status().as_u16(), status);
        assert!(resp.headers().contains_key("x-request-id"));
        let v: Value = resp.json().await?;
        assert!(v["error_code"].is_string(), "{kind}: {v}");
    }
    s.state.set_faults(parse_faults("GET /v5/*/jobs=502")?);
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 502);
    let text = resp.text().await?;
    assert!(text.contains("<html>") && text.contains("502 Bad Gateway"));
    // Other paths are untouched.
    let resp = raw(&s, reqwest::Method::GET, &job_path("x?type=detail")).await?;
    assert_eq!(resp.status().as_u16(), 400);
    Ok(())
}

#[tokio::test]
async fn body_faults() -> R {
    let s = start_default().await;
    let list_path = format!("/v5/{DEMO_PROJECT_ID}/jobs?job_type=sync&limit=1000");
    s.state
        .set_faults(parse_faults("GET /v5/*/jobs=malformed x1")?);
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await?;
    assert!(!bytes.is_empty());
    assert!(serde_json::from_slice::<Value>(&bytes).is_err());

    s.state.set_faults(parse_faults("GET /v5/*/jobs=empty")?);
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.bytes().await?.is_empty());

    s.state.set_faults(parse_faults("GET /v5/*/jobs=huge")?);
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.bytes().await?.len() > 8 * 1024 * 1024);

    s.state.set_faults(parse_faults("GET /v5/*/jobs=slow:200")?);
    let t = Instant::now();
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(t.elapsed() >= Duration::from_millis(200));
    let v: Value = resp.json().await?;
    assert!(v["total_count"].is_u64());

    s.state.set_faults(parse_faults("GET /v5/*/jobs=drip:15")?);
    let t = Instant::now();
    let resp = raw(&s, reqwest::Method::GET, &list_path).await?;
    let v: Value = resp.json().await?;
    assert!(v["total_count"].is_u64(), "a dripped body is complete");
    assert!(
        t.elapsed() >= Duration::from_millis(15 * 5),
        "{:?}",
        t.elapsed()
    );
    Ok(())
}

#[tokio::test]
async fn drop_faults() -> R {
    let s = start_default().await;
    let a = job_with_status(&s, "RELEASE_RESOURCE_COMPLETE");
    let done: Vec<String> = s
        .state
        .job_ids()
        .into_iter()
        .filter(|id| s.state.job(id).is_some_and(|j| j.can_delete()) && *id != a)
        .collect();
    let b = done[0].clone();

    // A DELETE of `id`: the whole answer, or the error that broke it.
    let delete_raw = async |id: &str| match raw(&s, reqwest::Method::DELETE, &job_path(id)).await {
        Ok(resp) => resp.bytes().await.map(|_| ()),
        Err(e) => Err(e),
    };

    // drop: the client gets a broken response and nothing happened.
    s.state
        .set_faults(parse_faults("DELETE /v5/*/jobs/*=drop x1")?);
    assert!(delete_raw(&a).await.is_err(), "the connection breaks");
    assert!(s.state.job(&a).is_some(), "drop: not processed");

    // drop-after: processed (the job is gone), but the answer breaks mid-body.
    s.state.set_faults(parse_faults("*=drop-after x1")?);
    assert!(delete_raw(&b).await.is_err(), "the body is cut short");
    assert!(s.state.job(&b).is_none(), "drop-after: processed");

    // Both counts are used up: the next delete is normal.
    let resp = raw(&s, reqwest::Method::DELETE, &job_path(&a)).await?;
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(s.state.count("DELETE", &a), 2);
    Ok(())
}

#[tokio::test]
async fn faults_from_the_config_and_state_helpers() -> R {
    let faults = parse_faults("GET /v5/*/jobs=503x1")?;
    let s = start_tuned(|c| c.faults = faults).await;
    let path = format!("/v5/{DEMO_PROJECT_ID}/jobs?job_type=sync");
    for want in [503, 200] {
        let status = raw(&s, reqwest::Method::GET, &path).await?.status();
        assert_eq!(status.as_u16(), want);
    }
    let log = s.state.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].status, 503);
    assert_eq!(log[1].query, "job_type=sync");
    assert_eq!(s.state.count("get", "/jobs"), 2);

    let mut job = s.state.job(&s.state.job_ids()[0]).expect("a job");
    assert!(s.state.remove_job(&job.id));
    assert!(s.state.job(&job.id).is_none());
    job.id = "custom-id".into();
    s.state.insert_job(job);
    assert!(s.state.job_ids().contains(&"custom-id".to_string()));
    Ok(())
}

#[tokio::test]
async fn parse_faults_errors_are_clear() {
    for spec in [
        "GET /v5/*/jobs",
        "GET /v5=teapot",
        "GET /v5=slow",
        "*=429:soon",
    ] {
        let err = parse_faults(spec).expect_err(spec);
        assert!(
            err.contains(spec.split('=').next().unwrap_or(spec)),
            "{err}"
        );
    }
    assert!(drs_tui::demo::FAULTS_HELP.contains("drop-after"));
}

#[tokio::test]
async fn banner_lists_credentials_and_an_example() {
    let s = start_default().await;
    let banner = s.banner();
    let lines: Vec<&str> = banner.lines().collect();
    assert_eq!(lines[0], format!("listening on http://{}", s.addr));
    for (i, key) in [
        "project_id",
        "ak",
        "sk",
        "token",
        "iam_user",
        "iam_password",
        "iam_domain",
    ]
    .iter()
    .enumerate()
    {
        assert!(lines[i + 1].starts_with(&format!("{key}: ")), "{banner}");
    }
    assert!(lines[3].ends_with(DEMO_SK));
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[8],
        format!(
            "DRS_TUI_TOKEN={DEMO_TOKEN} drs-tui --endpoint {} --project-id {DEMO_PROJECT_ID} jobs list",
            s.base_url()
        )
    );
    assert!(banner.contains(&format!("--endpoint {}", s.base_url())));
    assert!(s.base_url().starts_with("http://127.0.0.1:"));
    s.shutdown().await;
}

/// 100,000 jobs seed and page correctly (their speed is measured in benches/, not here: a
/// timed assertion fails on a loaded machine for no fault of the code).
#[tokio::test]
async fn a_hundred_thousand_jobs_page_correctly() -> R {
    let s = start_tuned(|c| c.jobs = 100_000).await;
    let page = list(&s, "job_type=sync&limit=1000&offset=20000").await?;
    assert_eq!(ids(&page).len(), 1000);
    let page = list(&s, "job_type=migration&sort_key=name&limit=1000").await?;
    let names = ids(&page);
    assert_eq!(names.len(), 1000);
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), 1000, "a page holds 1000 different jobs");
    Ok(())
}
