//! `DrsClient`: typed DRS v5 calls over reqwest, with authentication, a body-size cap, read-only
//! enforcement and a retry policy that never resends a write whose outcome is unknown.
//! Listing lives in `listing.rs`; the job calls in `jobs.rs`; sending, retries and headers in
//! `transport.rs`; the IAM project lookup in `projects.rs`.

mod jobs;
mod listing;
mod projects;
mod tls;
mod transport;

pub use super::http::{DEFAULT_BODY_LIMIT, describe_reqwest, read_capped, transport_error};
pub use jobs::{check_job_id, check_project_id};
pub use listing::{ListFilter, ListedPage};
pub use projects::{IamProject, ProjectLookupError};
pub use tls::{CaBundle, unknown_issuer_hint};
pub use transport::{PROXY_VARS, ProxyEnv, parse_retry_after, sdk_json};

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::RngExt;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use tokio::sync::OnceCell;
use url::Url;

use super::auth::{Authenticator, RequestAuth};
use super::error::{ApiError, ClientError, TransportKind, truncated_raw};
use super::http::header_str;
use super::model::{
    ActionResult, BatchResponse, Job, JobDetailResponse, JobType, ListJobsResponse,
};
use super::signer::{self, SignInput, rfc3986_encode};

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("drs-tui/", env!("CARGO_PKG_VERSION"));

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
            _ => Err(crate::tr!(CfgUnknownLanguage, format!("{s:?}"))),
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
    /// Extra trusted CA bundles, besides the bundled and the system's roots.
    pub ca_bundles: Vec<CaBundle>,
    /// The proxy variables of the run's environment snapshot (none: no proxy).
    pub proxies: ProxyEnv,
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

impl<T> Answer<T> {
    /// The same answer with its value transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Answer<U> {
        Answer {
            value: f(self.value),
            status: self.status,
            request_id: self.request_id,
            attempts: self.attempts,
            throttles: self.throttles,
        }
    }
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
    /// Shared with the clients of the other projects ([`DrsClient::for_project`]).
    rejected: Arc<std::sync::Mutex<Option<ApiError>>>,
    /// Set by the first answer that proves AK/SK credentials work. Until then requests go one
    /// at a time (`probe`), so a wrong key costs the account one failure, not one per
    /// concurrent request (APIGW locks an AK after 5). Tokens and password logins start set:
    /// the lock-out is an AK's, and a login is a single request of its own.
    verified: std::sync::atomic::AtomicBool,
    probe: tokio::sync::Mutex<()>,
    /// The list page size that works for this endpoint: the configured one until the service
    /// refuses it (see `listing.rs`).
    page_limit: std::sync::atomic::AtomicU32,
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
        let builder = reqwest::Client::builder()
            .connect_timeout(config.retry.connect_timeout)
            .timeout(config.retry.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .https_only(false);
        let builder = transport::with_proxies(builder, &|k| config.proxies.get(k))?;
        let http = tls::trust(builder, &config.ca_bundles)?
            .build()
            .map_err(|e| ClientError::Invalid(crate::tr!(HttpSetup, e)))?;
        let aksk = matches!(auth.credentials(), super::auth::Credentials::AkSk { .. });
        let page_limit = std::sync::atomic::AtomicU32::new(config.page_size.max(1));
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
                rejected: Arc::default(),
                verified: std::sync::atomic::AtomicBool::new(!aksk),
                probe: tokio::sync::Mutex::new(()),
                page_limit,
            }),
        })
    }

    /// A client for another project of the same account (`--regions`): its own endpoint and
    /// project id, the same connections, credentials and retry settings. A password login
    /// gets its own token scoped to that project; a rejection of the credentials (or a
    /// refused login) stops every project's client.
    pub fn for_project(&self, endpoint: Url, project_id: &str) -> DrsClient {
        let inner = &self.inner;
        let config = ClientConfig {
            endpoint,
            project_id: Some(project_id.to_owned()),
            ..inner.config.clone()
        };
        let project = OnceCell::new();
        let _ = project.set(project_id.to_owned());
        DrsClient {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                auth: inner.auth.scoped_to(project_id),
                project_id: project,
                events: inner.events.clone(),
                rejected: inner.rejected.clone(),
                verified: std::sync::atomic::AtomicBool::new(
                    inner.verified.load(std::sync::atomic::Ordering::Acquire),
                ),
                probe: tokio::sync::Mutex::new(()),
                page_limit: std::sync::atomic::AtomicU32::new(config.page_size.max(1)),
                config,
            }),
        }
    }

    /// The credentials rejection seen earlier in this session, if any: calls after it are
    /// refused without a request.
    pub fn rejected(&self) -> Option<ApiError> {
        self.inner.rejected.lock().ok().and_then(|r| r.clone())
    }

    /// Why IAM refused the password login earlier in this process, if it did: every later
    /// call fails at once, without a login.
    pub fn login_refused(&self) -> Option<String> {
        self.inner.auth.refused()
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
                let id = token
                    .project_id
                    .ok_or_else(|| ClientError::Auth(crate::tr!(NoProjectInToken).into()))?;
                check_project_id(&id, crate::tr!(SrcProjectToken)).map_err(ClientError::Invalid)?;
                Ok(id)
            })
            .await
            .cloned()
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
        // Every DRS answer is a JSON object; serde would read an array as a struct's fields in
        // order (`[]` as an empty page), so anything else is refused before parsing.
        let parsed = if body.trim_ascii_start().first() == Some(&b'{') {
            crate::api::model::parse_json::<T>(body)
        } else {
            Err(serde::de::Error::custom("expected a JSON object"))
        };
        match parsed {
            Ok(value) => Ok(a.map(|_| value)),
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
}
