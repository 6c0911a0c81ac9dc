//! `DrsClient`: typed DRS v5 calls over reqwest, with authentication, a body-size cap, read-only
//! enforcement and a retry policy that never resends a write whose outcome is unknown.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use rand::RngExt;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use tokio::sync::OnceCell;
use url::Url;

use super::auth::{Authenticator, RequestAuth};
use super::error::{ApiError, ClientError, TransportKind, truncated_raw};
use super::model::{
    ActionResult, BatchResponse, Job, JobDetailResponse, JobType, ListJobsResponse,
};
use super::signer::{self, SignInput, rfc3986_encode};

/// Default cap on a response body.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Default page size for list calls.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;
/// How many list pages are fetched at once.
pub const LIST_CONCURRENCY: usize = 4;

/// `X-Language` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Language {
    /// English (the server's default).
    #[serde(rename = "en-us")]
    EnUs,
    /// Simplified Chinese.
    #[serde(rename = "zh-cn")]
    ZhCn,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::EnUs => "en-us",
            Language::ZhCn => "zh-cn",
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en-us" | "en" => Ok(Language::EnUs),
            "zh-cn" | "zh" => Ok(Language::ZhCn),
            _ => Err(format!("unknown language {s:?}: expected en-us or zh-cn")),
        }
    }
}

/// Retry and timeout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts per request, first one included (at least 1).
    pub attempts: u32,
    /// First backoff step; doubles per attempt (full jitter).
    pub base_delay: Duration,
    /// Upper bound for one backoff or `Retry-After` wait.
    pub max_delay: Duration,
    /// TCP/TLS connect timeout.
    pub connect_timeout: Duration,
    /// Whole-request timeout.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// Everything needed to build a client.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// DRS endpoint, e.g. `https://drs.cn-north-4.myhuaweicloud.com`.
    pub endpoint: Url,
    /// IAM endpoint for password login.
    pub iam_endpoint: Url,
    /// Project id; `None` only with password login, which learns it from the token.
    pub project_id: Option<String>,
    /// `X-Language`.
    pub language: Option<Language>,
    /// Refuse every write request.
    pub read_only: bool,
    /// List page size.
    pub page_size: u32,
    /// Response body cap in bytes.
    pub body_limit: usize,
    /// Retries and timeouts.
    pub retry: RetryPolicy,
}

/// Things the client reports while it works (e.g. to a status line).
#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    /// Throttled (429); the next attempt is in `retry_in`.
    Throttled {
        /// Wait before the next attempt.
        retry_in: Duration,
    },
}

/// Whether a request may be resent blindly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads: retried on 429, 5xx and transport errors.
    Read,
    /// Writes: retried only when provably not processed (connect error, 429, 503).
    Write,
}

/// A successful answer with its metadata.
#[derive(Debug, Clone)]
pub struct Answer<T> {
    /// The parsed body.
    pub value: T,
    /// HTTP status.
    pub status: u16,
    /// `X-Request-Id`, if sent.
    pub request_id: Option<String>,
    /// Attempts made, the successful one included.
    pub attempts: u32,
    /// How many attempts were throttled (429) before this answer.
    pub throttles: u32,
}

/// A failed request with its metadata.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What went wrong.
    pub error: ClientError,
    /// Attempts made.
    pub attempts: u32,
    /// True when a write may have been processed although no success was seen
    /// (timeout after sending, connection dropped mid-answer, 502/504).
    pub ambiguous: bool,
    /// How many attempts were throttled (429).
    pub throttles: u32,
}

impl Failure {
    /// A failure before any request was sent.
    pub fn unsent(error: ClientError) -> Self {
        Failure {
            error,
            attempts: 0,
            ambiguous: false,
            throttles: 0,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// Filters for listing jobs (every documented query parameter but paging and `job_type`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// Job ids or a name (up to 10 ids, comma-separated).
    pub name: Option<String>,
    /// One status value.
    pub status: Option<String>,
    /// Engine type.
    pub engine_type: Option<String>,
    /// `eip`, `vpc` or `vpn`.
    pub net_type: Option<String>,
    /// Enterprise project.
    pub enterprise_project_id: Option<String>,
    /// Sort key (`name`, `status`, `create_time`, …).
    pub sort_key: Option<String>,
    /// `asc` or `desc`.
    pub sort_dir: Option<String>,
    /// DB instance ids (at most 10), sent as repeated keys.
    pub instance_ids: Vec<String>,
    /// DB instance IP.
    pub instance_ip: Option<String>,
}

impl ListFilter {
    fn query(&self, job_type: JobType, offset: u64, limit: u32) -> Vec<(String, String)> {
        let mut q = vec![
            ("job_type".to_string(), job_type.as_str().to_string()),
            ("offset".to_string(), offset.to_string()),
            ("limit".to_string(), limit.to_string()),
        ];
        let opts = [
            ("name", &self.name),
            ("status", &self.status),
            ("engine_type", &self.engine_type),
            ("net_type", &self.net_type),
            ("enterprise_project_id", &self.enterprise_project_id),
            ("sort_key", &self.sort_key),
            ("sort_dir", &self.sort_dir),
            ("instance_ip", &self.instance_ip),
        ];
        for (k, v) in opts {
            if let Some(v) = v {
                q.push((k.to_string(), v.clone()));
            }
        }
        for id in &self.instance_ids {
            q.push(("instance_ids".to_string(), id.clone()));
        }
        q
    }
}

/// One page as it arrives while listing, for showing rows before the last page.
#[derive(Debug, Clone)]
pub struct ListedPage {
    /// The job type listed.
    pub job_type: JobType,
    /// The page's offset.
    pub offset: u64,
    /// The server's `total_count` for this job type.
    pub total_count: u64,
    /// Jobs on this page.
    pub jobs: Vec<Job>,
}

/// The DRS v5 client. Cheap to clone; clones share connections and the token cache.
#[derive(Clone)]
pub struct DrsClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    auth: Authenticator,
    project_id: OnceCell<String>,
    events: Option<tokio::sync::mpsc::UnboundedSender<ClientEvent>>,
    /// Set once the service rejected the credentials (APIGW.0301): every later call fails at
    /// once without a request, because the service locks an AK after 5 failures in a row.
    rejected: std::sync::Mutex<Option<ApiError>>,
}

impl std::fmt::Debug for DrsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DrsClient")
            .field("endpoint", &self.inner.config.endpoint.as_str())
            .field("project_id", &self.inner.config.project_id)
            .field("auth", &self.inner.auth.credentials().describe())
            .finish()
    }
}

/// A request before authentication.
struct Request<'a> {
    method: Method,
    /// Path segments after the endpoint's own path, unencoded.
    segments: Vec<&'a str>,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl DrsClient {
    /// Builds a client. Fails only if the HTTP stack cannot be set up.
    pub fn new(
        config: ClientConfig,
        auth: Authenticator,
        events: Option<tokio::sync::mpsc::UnboundedSender<ClientEvent>>,
    ) -> Result<DrsClient, ClientError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.retry.connect_timeout)
            .timeout(config.retry.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("drs-tui/", env!("CARGO_PKG_VERSION")))
            .https_only(false)
            .build()
            .map_err(|e| ClientError::Invalid(format!("cannot set up HTTP: {e}")))?;
        let project_id = OnceCell::new();
        if let Some(p) = config.project_id.clone().filter(|p| !p.is_empty()) {
            let _ = project_id.set(p);
        }
        Ok(DrsClient {
            inner: Arc::new(Inner {
                http,
                config,
                auth,
                project_id,
                events,
                rejected: std::sync::Mutex::new(None),
            }),
        })
    }

    /// The credentials rejection seen earlier in this session, if any: calls after it are
    /// refused without a request.
    pub fn rejected(&self) -> Option<ApiError> {
        self.inner.rejected.lock().ok().and_then(|r| r.clone())
    }

    /// The configuration in use.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The project id: configured, or learned from the IAM token.
    pub async fn project_id(&self) -> Result<String, ClientError> {
        let inner = &self.inner;
        inner
            .project_id
            .get_or_try_init(|| async {
                let token = inner.auth.iam_token(&inner.http, false).await?;
                token.project_id.ok_or_else(|| {
                    ClientError::Auth(
                        "no project id: pass --project-id or set HUAWEICLOUD_SDK_PROJECT_ID".into(),
                    )
                })
            })
            .await
            .cloned()
    }

    /// Lists every job of one type, all pages; `on_page` sees each page as it arrives. Returns
    /// them all (first occurrence of each id); see [`DrsClient::list_jobs_streamed`] to keep
    /// only one copy.
    pub async fn list_jobs(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        on_page: &(dyn Fn(&ListedPage) + Send + Sync),
    ) -> Result<Vec<Job>, Failure> {
        let all = std::sync::Mutex::new(Vec::new());
        self.list_jobs_streamed(job_type, filter, &|page: ListedPage| {
            on_page(&page);
            all.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(page.jobs);
        })
        .await?;
        Ok(all
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Lists every job of one type, all pages, handing each page to `on_page` by value as it
    /// arrives (a job already seen on an earlier page is left out); nothing is accumulated.
    /// Returns the ids seen, for the caller to drop jobs that no longer exist.
    pub async fn list_jobs_streamed(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        on_page: &(dyn Fn(ListedPage) + Send + Sync),
    ) -> Result<HashSet<String>, Failure> {
        let limit = self.inner.config.page_size.max(1);
        let first = self.list_page(job_type, filter, 0, limit).await?;
        let total = first.value.total_count;
        let mut seen = HashSet::new();
        let step = first.value.jobs.len() as u64;
        let deliver =
            |seen: &mut HashSet<String>, offset: u64, total_count: u64, jobs: Vec<Job>| {
                let mut jobs = jobs;
                jobs.retain(|j| seen.insert(j.id.clone()));
                on_page(ListedPage {
                    job_type,
                    offset,
                    total_count,
                    jobs,
                });
            };
        deliver(&mut seen, 0, total, first.value.jobs);
        if step == 0 || step >= total {
            return Ok(seen);
        }
        // The server may cap pages below `limit`: page by what it actually returned.
        let step_limit = step.min(u64::from(limit)) as u32;
        let mut offsets: Vec<u64> = (1..).map(|i| i * step).take_while(|o| *o < total).collect();
        offsets.reverse();
        let mut pending = FuturesUnordered::new();
        let mut short_pages = Vec::new();
        loop {
            while pending.len() < LIST_CONCURRENCY {
                let Some(offset) = offsets.pop() else { break };
                let this = self.clone();
                let filter = filter.clone();
                pending.push(async move {
                    let r = this.list_page(job_type, &filter, offset, step_limit).await;
                    (offset, r)
                });
            }
            let Some((offset, result)) = pending.next().await else {
                break;
            };
            let value = result?.value;
            let expected = step.min(total.saturating_sub(offset));
            if (value.jobs.len() as u64) < expected && !value.jobs.is_empty() {
                short_pages.push(offset + value.jobs.len() as u64);
            }
            deliver(&mut seen, offset, value.total_count, value.jobs);
        }
        // A page shorter than planned (a lower cap on a later page): fetch what it left out.
        for mut offset in short_pages {
            let end = (offset / step + 1) * step;
            while offset < end.min(total) {
                let value = self
                    .list_page(job_type, filter, offset, step_limit)
                    .await?
                    .value;
                if value.jobs.is_empty() {
                    break;
                }
                offset += value.jobs.len() as u64;
                deliver(&mut seen, offset, value.total_count, value.jobs);
            }
        }
        Ok(seen)
    }

    /// Lists the given job types concurrently (all four for "all jobs") and merges them.
    pub async fn list_all(
        &self,
        types: &[JobType],
        filter: &ListFilter,
        on_page: &(dyn Fn(&ListedPage) + Send + Sync),
    ) -> Result<Vec<Job>, Failure> {
        let results =
            futures::future::join_all(types.iter().map(|t| self.list_jobs(*t, filter, on_page)))
                .await;
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
        }
        Ok(all)
    }

    /// [`DrsClient::list_all`] without accumulating: each page goes to `on_page` by value, and
    /// the ids seen (over every type) are returned. The TUI lists this way so that only one copy
    /// of the jobs exists at any time.
    pub async fn list_all_streamed(
        &self,
        types: &[JobType],
        filter: &ListFilter,
        on_page: &(dyn Fn(ListedPage) + Send + Sync),
    ) -> Result<HashSet<String>, Failure> {
        let results = futures::future::join_all(
            types
                .iter()
                .map(|t| self.list_jobs_streamed(*t, filter, on_page)),
        )
        .await;
        let mut ids = HashSet::new();
        for r in results {
            let r = r?;
            if ids.is_empty() {
                ids = r;
            } else {
                ids.extend(r);
            }
        }
        Ok(ids)
    }

    /// One page of `GET /v5/{project_id}/jobs`.
    pub async fn list_page(
        &self,
        job_type: JobType,
        filter: &ListFilter,
        offset: u64,
        limit: u32,
    ) -> Result<Answer<ListJobsResponse>, Failure> {
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::GET,
            segments: vec!["v5", &project, "jobs"],
            query: filter.query(job_type, offset, limit),
            body: None,
        };
        self.call_json(req, Idempotency::Read).await
    }

    /// `GET /v5/{project_id}/jobs/{job_id}?type=…` (`detail_type` defaults to `detail`).
    pub async fn show_job(
        &self,
        job_id: &str,
        detail_type: Option<&str>,
    ) -> Result<Answer<JobDetailResponse>, Failure> {
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::GET,
            segments: vec!["v5", &project, "jobs", job_id],
            query: vec![(
                "type".to_string(),
                detail_type.unwrap_or("detail").to_string(),
            )],
            body: None,
        };
        self.call_json(req, Idempotency::Read).await
    }

    /// `DELETE /v5/{project_id}/jobs/{job_id}`: 200 `{}` on success.
    pub async fn delete_job(&self, job_id: &str) -> Result<Answer<()>, Failure> {
        self.guard_write(&format!("DELETE job {job_id}"))?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::DELETE,
            segments: vec!["v5", &project, "jobs", job_id],
            query: Vec::new(),
            body: None,
        };
        let a = self.call(req, Idempotency::Write).await?;
        Ok(Answer {
            value: (),
            status: a.status,
            request_id: a.request_id,
            attempts: a.attempts,
            throttles: a.throttles,
        })
    }

    /// `POST /v5/{project_id}/jobs/{job_id}/stop` with `{"is_force_stop": force}`.
    /// A 200 whose body says `failed` is returned as an error.
    pub async fn stop_job(
        &self,
        job_id: &str,
        force: bool,
    ) -> Result<Answer<ActionResult>, Failure> {
        self.guard_write(&format!("STOP job {job_id}"))?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::POST,
            segments: vec!["v5", &project, "jobs", job_id, "stop"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "is_force_stop": force }))),
        };
        let a: Answer<ActionResult> = self.call_json(req, Idempotency::Write).await?;
        if !a.value.succeeded() {
            return Err(Failure {
                error: ClientError::Api(ApiError {
                    http_status: a.status,
                    error_code: if a.value.error_code.is_empty() {
                        a.status.to_string()
                    } else {
                        a.value.error_code.clone()
                    },
                    error_msg: a.value.error_msg.clone(),
                    request_id: a.request_id.clone(),
                }),
                attempts: a.attempts,
                ambiguous: false,
                throttles: a.throttles,
            });
        }
        Ok(a)
    }

    /// `DELETE /v5/{project_id}/jobs` with `{"jobs": [ids]}`; check every item's result.
    pub async fn batch_delete(
        &self,
        job_ids: &[String],
    ) -> Result<Answer<Vec<ActionResult>>, Failure> {
        self.guard_write(&format!("batch DELETE of {} jobs", job_ids.len()))?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::DELETE,
            segments: vec!["v5", &project, "jobs"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "jobs": job_ids }))),
        };
        let a: Answer<BatchResponse> = self.call_json(req, Idempotency::Write).await?;
        Ok(Answer {
            value: a.value.jobs,
            status: a.status,
            request_id: a.request_id,
            attempts: a.attempts,
            throttles: a.throttles,
        })
    }

    /// `POST /v5/{project_id}/jobs/batch-stop`; check every item's result.
    pub async fn batch_stop(
        &self,
        job_ids: &[String],
        force: bool,
    ) -> Result<Answer<Vec<ActionResult>>, Failure> {
        self.guard_write(&format!("batch STOP of {} jobs", job_ids.len()))?;
        let project = self.project_or_fail().await?;
        let jobs: Vec<_> = job_ids
            .iter()
            .map(|id| serde_json::json!({"job_id": id, "is_force_stop": force}))
            .collect();
        let req = Request {
            method: Method::POST,
            segments: vec!["v5", &project, "jobs", "batch-stop"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "jobs": jobs }))),
        };
        let a: Answer<BatchResponse> = self.call_json(req, Idempotency::Write).await?;
        Ok(Answer {
            value: a.value.jobs,
            status: a.status,
            request_id: a.request_id,
            attempts: a.attempts,
            throttles: a.throttles,
        })
    }

    /// The exact requests a delete would send, without credentials, for `--dry-run`.
    pub async fn describe_delete(&self, job_id: &str) -> Result<String, ClientError> {
        let project = self.project_id().await?;
        let url = self.url(&["v5", &project, "jobs", job_id], "")?;
        let mut s =
            format!("DELETE {url}\n  Content-Type: application/json\n  X-Project-Id: {project}\n");
        if let Some(l) = self.inner.config.language {
            s.push_str(&format!("  X-Language: {}\n", l.as_str()));
        }
        s.push_str(match self.inner.auth.credentials() {
            super::auth::Credentials::AkSk { .. } => {
                "  X-Sdk-Date: <now>\n  Authorization: SDK-HMAC-SHA256 Access=[REDACTED], SignedHeaders=…, Signature=[REDACTED]\n"
            }
            _ => "  X-Auth-Token: [REDACTED]\n",
        });
        Ok(s)
    }

    fn guard_write(&self, action: &str) -> Result<(), Failure> {
        if self.inner.config.read_only {
            return Err(Failure::unsent(ClientError::ReadOnly {
                action: action.to_string(),
            }));
        }
        Ok(())
    }

    async fn project_or_fail(&self) -> Result<String, Failure> {
        self.project_id().await.map_err(Failure::unsent)
    }

    fn url(&self, segments: &[&str], query: &str) -> Result<Url, ClientError> {
        let mut url = self.inner.config.endpoint.clone();
        {
            let base = url.path().trim_end_matches('/').to_string();
            // Every segment is fully percent-encoded: an id cannot add segments or a query.
            let mut path = base;
            for s in segments {
                path.push('/');
                path.push_str(&rfc3986_encode(s));
            }
            url.set_path(&path);
        }
        url.set_query(if query.is_empty() { None } else { Some(query) });
        Ok(url)
    }

    async fn call_json<T: DeserializeOwned>(
        &self,
        req: Request<'_>,
        idem: Idempotency,
    ) -> Result<Answer<T>, Failure> {
        let a = self.call(req, idem).await?;
        // Some gateways answer `200` with an empty body for `{}`.
        let body: &[u8] = if a.value.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &a.value
        };
        match serde_json::from_slice::<T>(body) {
            Ok(value) => Ok(Answer {
                value,
                status: a.status,
                request_id: a.request_id,
                attempts: a.attempts,
                throttles: a.throttles,
            }),
            Err(e) => Err(Failure {
                error: ClientError::Decode {
                    status: a.status,
                    message: format!("{e}; body starts: {}", truncated_raw(&a.value)),
                },
                attempts: a.attempts,
                ambiguous: false,
                throttles: a.throttles,
            }),
        }
    }

    /// Sends with retries per the policy; returns the raw 2xx body.
    async fn call(&self, req: Request<'_>, idem: Idempotency) -> Result<Answer<Vec<u8>>, Failure> {
        let policy = &self.inner.config.retry;
        let max = policy.attempts.max(1);
        let mut attempt = 0;
        let mut throttles = 0;
        let mut renewed = false;
        if let Some(rejected) = self.rejected() {
            return Err(Failure::unsent(ClientError::Api(rejected)));
        }
        loop {
            attempt += 1;
            let result = self.send_once(&req, renewed && attempt > 1).await;
            let (error, retry_after) = match result {
                Ok((status, request_id, body)) => {
                    return Ok(Answer {
                        value: body,
                        status,
                        request_id,
                        attempts: attempt,
                        throttles,
                    });
                }
                Err(e) => e,
            };
            // Expired token: renew once and resend (a 401 was not processed).
            if let ClientError::Api(api) = &error
                && api.is_token_expired()
                && self.inner.auth.can_renew()
                && !renewed
            {
                renewed = true;
                if let Err(error) = self.inner.auth.iam_token(&self.inner.http, true).await {
                    return Err(Failure {
                        error,
                        attempts: attempt,
                        ambiguous: false,
                        throttles,
                    });
                }
                continue;
            }
            if let ClientError::Api(api) = &error
                && api.is_bad_credentials()
                && let Ok(mut r) = self.inner.rejected.lock()
            {
                let mut latched = api.clone();
                latched.error_msg = format!(
                    "{} (not sent: the credentials were rejected earlier in this session)",
                    api.error_msg
                );
                r.get_or_insert(latched);
            }
            let decision = classify(&error, idem);
            if error.api().is_some_and(ApiError::is_throttled) {
                throttles += 1;
            }
            if decision == Decision::Retry && attempt < max {
                let delay = backoff(policy, attempt, retry_after);
                if error.api().is_some_and(ApiError::is_throttled)
                    && let Some(tx) = &self.inner.events
                {
                    let _ = tx.send(ClientEvent::Throttled { retry_in: delay });
                }
                tracing::info!(attempt, ?delay, error = %error, "retrying request");
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(Failure {
                error,
                attempts: attempt,
                ambiguous: idem == Idempotency::Write && decision == Decision::Ambiguous,
                throttles,
            });
        }
    }

    /// One attempt. Errors carry the `Retry-After` delay when the server gave one.
    async fn send_once(
        &self,
        req: &Request<'_>,
        force_renew: bool,
    ) -> Result<(u16, Option<String>, Vec<u8>), (ClientError, Option<Duration>)> {
        let inner = &self.inner;
        let auth = inner
            .auth
            .request_auth(&inner.http, force_renew)
            .await
            .map_err(|e| (e, None))?;
        let query = signer::canonical_query(&req.query);
        let url = self.url(&req.segments, &query).map_err(|e| (e, None))?;
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_string(),
        };
        let project = req.segments.get(1).copied().unwrap_or_default();
        let mut headers: Vec<(String, String)> = vec![
            ("Content-Type".into(), "application/json".into()),
            ("Host".into(), host),
            ("X-Project-Id".into(), project.to_string()),
        ];
        if let Some(l) = inner.config.language {
            headers.push(("X-Language".into(), l.as_str().into()));
        }
        let body = req.body.clone().unwrap_or_default();
        match &auth {
            RequestAuth::Token(t) => headers.push(("X-Auth-Token".into(), t.expose().into())),
            RequestAuth::Sign {
                ak,
                sk,
                security_token,
            } => {
                headers.push((
                    "X-Sdk-Date".into(),
                    signer::sdk_date(OffsetDateTime::now_utc()),
                ));
                if let Some(st) = security_token {
                    headers.push(("X-Security-Token".into(), st.expose().into()));
                }
                let sig = signer::sign(
                    &SignInput {
                        method: req.method.as_str(),
                        path: url.path(),
                        query: &req.query,
                        headers: &headers,
                        body: &body,
                    },
                    ak.expose(),
                    sk.expose().as_bytes(),
                );
                headers.push(("Authorization".into(), sig.authorization));
            }
        }
        let mut builder = inner.http.request(req.method.clone(), url);
        for (k, v) in &headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if req.body.is_some() {
            builder = builder.body(body);
        }
        let started = Instant::now();
        let resp = builder
            .send()
            .await
            .map_err(|e| (transport_error(&e), None))?;
        let status = resp.status().as_u16();
        let request_id = header_str(&resp, "X-Request-Id");
        let retry_after = header_str(&resp, "Retry-After").and_then(|s| parse_retry_after(&s));
        let body = read_capped(resp, inner.config.body_limit)
            .await
            .map_err(|e| (e, None))?;
        tracing::debug!(status, elapsed = ?started.elapsed(), method = %req.method, "DRS answer");
        if (200..300).contains(&status) {
            Ok((status, request_id, body))
        } else {
            Err((
                ClientError::Api(ApiError::from_response(
                    status,
                    request_id.as_deref(),
                    &body,
                )),
                retry_after,
            ))
        }
    }
}

fn header_str(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(crate::sanitize::clean)
        .filter(|s| !s.is_empty())
}

/// `Retry-After` in seconds (HTTP dates are not used by APIGW and are ignored).
pub fn parse_retry_after(s: &str) -> Option<Duration> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f >= 0.0)
        .map(|f| Duration::from_secs_f64(f.min(3600.0)))
}

/// JSON the way the SDK serialises it (`", "` and `": "` separators), so signatures match.
pub fn sdk_json(v: &serde_json::Value) -> Vec<u8> {
    struct SdkFormatter;
    impl serde_json::ser::Formatter for SdkFormatter {
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first { Ok(()) } else { w.write_all(b", ") }
        }
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first { Ok(()) } else { w.write_all(b", ") }
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
        ) -> std::io::Result<()> {
            w.write_all(b": ")
        }
    }
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SdkFormatter);
    // Serialising a `Value` into a Vec cannot fail.
    let _ = v.serialize(&mut ser);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Retry,
    Ambiguous,
    Final,
}

fn classify(error: &ClientError, idem: Idempotency) -> Decision {
    match (error, idem) {
        (ClientError::Api(a), _) if a.is_bad_credentials() => Decision::Final,
        (ClientError::Api(a), _) if a.is_throttled() => Decision::Retry,
        (ClientError::Api(a), Idempotency::Read) if a.http_status >= 500 => Decision::Retry,
        (ClientError::Api(a), Idempotency::Write) if a.http_status == 503 => Decision::Retry,
        (ClientError::Api(a), Idempotency::Write) if matches!(a.http_status, 500 | 502 | 504) => {
            Decision::Ambiguous
        }
        (ClientError::Transport { .. }, Idempotency::Read) => Decision::Retry,
        (ClientError::BodyTooLarge { .. }, _) | (ClientError::Decode { .. }, _) => Decision::Final,
        (
            ClientError::Transport {
                kind: TransportKind::Connect,
                ..
            },
            Idempotency::Write,
        ) => Decision::Retry,
        (ClientError::Transport { .. }, Idempotency::Write) => Decision::Ambiguous,
        _ => Decision::Final,
    }
}

fn backoff(policy: &RetryPolicy, attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(ra) = retry_after {
        return ra.min(policy.max_delay);
    }
    let cap = policy
        .base_delay
        .saturating_mul(1u32 << attempt.min(16))
        .min(policy.max_delay);
    let ms = cap.as_millis().max(1) as u64;
    Duration::from_millis(rand::rng().random_range(0..=ms))
}

/// Maps a reqwest error to a transport error of the right kind.
pub fn transport_error(e: &reqwest::Error) -> ClientError {
    let kind = if e.is_connect() {
        TransportKind::Connect
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportKind::Interrupted
    } else {
        TransportKind::Other
    };
    ClientError::Transport {
        kind,
        message: describe_reqwest(e),
    }
}

/// A reqwest error with its causes, without the URL's query (which never holds secrets, but is long).
pub fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

/// Reads a body, failing once it passes `limit` bytes.
pub async fn read_capped(resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, ClientError> {
    if resp.content_length().is_some_and(|n| n as usize > limit) {
        return Err(ClientError::BodyTooLarge { limit });
    }
    let mut out = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            let mut err = transport_error(&e);
            if let ClientError::Transport { kind, .. } = &mut err
                && *kind != TransportKind::Timeout
            {
                *kind = TransportKind::Interrupted;
            }
            err
        })?;
        if out.len() + chunk.len() > limit {
            return Err(ClientError::BodyTooLarge { limit });
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_json_matches_python_separators() {
        let v = serde_json::json!({"is_force_stop": true});
        assert_eq!(sdk_json(&v), br#"{"is_force_stop": true}"#);
        let v = serde_json::json!({"jobs": ["a", "b"]});
        assert_eq!(sdk_json(&v), br#"{"jobs": ["a", "b"]}"#);
    }

    #[test]
    fn writes_are_not_resent_when_ambiguous() {
        let gw = |s| {
            ClientError::Api(ApiError {
                http_status: s,
                error_code: s.to_string(),
                error_msg: String::new(),
                request_id: None,
            })
        };
        assert_eq!(classify(&gw(502), Idempotency::Write), Decision::Ambiguous);
        assert_eq!(classify(&gw(503), Idempotency::Write), Decision::Retry);
        assert_eq!(classify(&gw(429), Idempotency::Write), Decision::Retry);
        assert_eq!(classify(&gw(502), Idempotency::Read), Decision::Retry);
        assert_eq!(classify(&gw(400), Idempotency::Read), Decision::Final);
        let t = |kind| ClientError::Transport {
            kind,
            message: String::new(),
        };
        assert_eq!(
            classify(&t(TransportKind::Connect), Idempotency::Write),
            Decision::Retry
        );
        assert_eq!(
            classify(&t(TransportKind::Timeout), Idempotency::Write),
            Decision::Ambiguous
        );
        assert_eq!(
            classify(&t(TransportKind::Interrupted), Idempotency::Read),
            Decision::Retry
        );
    }

    #[test]
    fn retry_after_is_parsed() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
