//! Sending one request: signing or token, the body-size cap, and the retry policy that resends
//! a write only when it provably was not processed.

use super::*;

impl DrsClient {
    /// Sends with retries per the policy; returns the raw 2xx body.
    pub(super) async fn call(
        &self,
        req: Request<'_>,
        idem: Idempotency,
    ) -> Result<Answer<Vec<u8>>, Failure> {
        let policy = &self.inner.config.retry;
        let max = policy.attempts.max(1);
        let mut attempt = 0;
        let mut throttles = 0;
        let mut renewed = false;
        let _probe = self.probe_gate().await;
        if let Some(rejected) = self.rejected() {
            return Err(Failure::unsent(ClientError::Api(rejected)));
        }
        loop {
            attempt += 1;
            let (error, retry_after) = match self.send_once(&req).await {
                Ok((status, request_id, body)) => {
                    self.mark_verified();
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
            self.learn_from(&error);
            // Expired token: renew once and resend (a 401 was not processed).
            if !renewed && self.can_renew_after(&error) {
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
            let decision = classify(&error, idem);
            if error.api().is_some_and(ApiError::is_throttled) {
                throttles += 1;
            }
            if decision == Decision::Retry && attempt < max {
                self.wait_to_retry(attempt, retry_after, &error).await;
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

    /// Until one answer has proved the credentials, requests go one at a time: the first
    /// holds the gate through its retries, the rest wait and then see its verdict.
    async fn probe_gate(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if self.is_verified() {
            return None;
        }
        let gate = self.inner.probe.lock().await;
        (!self.is_verified()).then_some(gate)
    }

    fn is_verified(&self) -> bool {
        self.inner
            .verified
            .load(std::sync::atomic::Ordering::Acquire)
    }

    fn mark_verified(&self) {
        self.inner
            .verified
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// What a failed attempt proves: a DRS business error (400 DRS.…) comes after
    /// authentication, so the credentials work; a rejection of the credentials (APIGW.0301)
    /// stops every later call of every project's client.
    fn learn_from(&self, error: &ClientError) {
        let Some(api) = error.api() else {
            return;
        };
        if api.error_code.starts_with("DRS.") {
            self.mark_verified();
        }
        if api.is_bad_credentials()
            && let Ok(mut r) = self.inner.rejected.lock()
        {
            let mut latched = api.clone();
            latched.error_msg = crate::tr!(RejectedEarlier, api.error_msg);
            r.get_or_insert(latched);
        }
    }

    /// Whether the error is an expired token that a new login can replace.
    fn can_renew_after(&self, error: &ClientError) -> bool {
        error.api().is_some_and(ApiError::is_token_expired) && self.inner.auth.can_renew()
    }

    /// Waits the backoff (or the server's `Retry-After`) before attempt `attempt + 1`, and
    /// reports a throttle to whoever listens.
    async fn wait_to_retry(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        error: &ClientError,
    ) {
        let delay = backoff(&self.inner.config.retry, attempt, retry_after);
        if error.api().is_some_and(ApiError::is_throttled)
            && let Some(tx) = &self.inner.events
        {
            let _ = tx.send(ClientEvent::Throttled { retry_in: delay });
        }
        tracing::info!(attempt, ?delay, error = %error, "retrying request");
        tokio::time::sleep(delay).await;
    }

    /// Every header a request carries (reqwest adds only `User-Agent`, `Content-Length` and
    /// `Accept`), the signature included: shared by sending and `--dry-run`.
    pub(super) fn request_headers(
        &self,
        req: &Request<'_>,
        url: &Url,
        auth: &RequestAuth,
        body: &[u8],
    ) -> Vec<(String, String)> {
        let project = req.segments.get(1).copied().unwrap_or_default();
        let mut headers: Vec<(String, String)> = vec![
            ("Content-Type".into(), "application/json".into()),
            ("Host".into(), host_header(url)),
            ("X-Project-Id".into(), project.to_string()),
        ];
        if let Some(l) = self.inner.config.language {
            headers.push(("X-Language".into(), l.as_str().into()));
        }
        authenticate(
            &mut headers,
            auth,
            req.method.as_str(),
            url,
            &req.query,
            body,
        );
        headers
    }

    /// One attempt. Errors carry the `Retry-After` delay when the server gave one.
    async fn send_once(
        &self,
        req: &Request<'_>,
    ) -> Result<(u16, Option<String>, Vec<u8>), (ClientError, Option<Duration>)> {
        let inner = &self.inner;
        let auth = inner
            .auth
            .request_auth(&inner.http)
            .await
            .map_err(|e| (e, None))?;
        let query = signer::canonical_query(&req.query);
        let url = self.url(&req.segments, &query).map_err(|e| (e, None))?;
        let body = req.body.clone().unwrap_or_default();
        let headers = self.request_headers(req, &url, &auth, &body);
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

/// The `Host` header for `url`: the host, with the port when the URL names one.
pub(super) fn host_header(url: &Url) -> String {
    match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

/// Adds the authentication to `headers`: `X-Auth-Token`, or `X-Sdk-Date`, the security token
/// and the `Authorization` signature over every header before it, the query and the body.
pub(super) fn authenticate(
    headers: &mut Vec<(String, String)>,
    auth: &RequestAuth,
    method: &str,
    url: &Url,
    query: &[(String, String)],
    body: &[u8],
) {
    match auth {
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
                    method,
                    path: url.path(),
                    query,
                    headers,
                    body,
                },
                ak.expose(),
                sk.expose().as_bytes(),
            );
            headers.push(("Authorization".into(), sig.authorization));
        }
    }
}

/// Hosts that never go through a proxy: this machine. A proxy is a hop away, and a plain
/// `http://` request to it carries the token in clear text; `--demo` and local test services
/// must also work whatever proxy the shell has set.
pub const LOOPBACK_NO_PROXY: &str = "localhost,127.0.0.0/8,::1";

/// The environment variables [`with_proxies`] reads.
pub const PROXY_VARS: [&str; 9] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    // Set under CGI, where HTTP_PROXY is not the user's (see `with_proxies`).
    "REQUEST_METHOD",
];

/// The proxy variables ([`PROXY_VARS`]) of the run's environment snapshot, as they were set.
/// The client takes its proxies from here, never from the process environment.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv(Vec<(String, String)>);

impl ProxyEnv {
    /// The proxy variables that `lookup` (a lookup in an environment snapshot) has.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        ProxyEnv(
            PROXY_VARS
                .iter()
                .filter_map(|name| lookup(name).map(|v| (name.to_string(), v)))
                .collect(),
        )
    }

    /// A variable's value as it was set; `None` when unset.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

impl std::fmt::Debug for ProxyEnv {
    /// The names only: a proxy URL may carry a user and password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| n))
            .finish()
    }
}

/// The proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, lower-case
/// too), each with `NO_PROXY` plus [`LOOPBACK_NO_PROXY`], set on `builder` instead of reqwest's
/// own system proxies (which would send loopback requests to the proxy). `env` looks a variable
/// up in the run's snapshot ([`ProxyEnv::get`]).
pub fn with_proxies(
    builder: reqwest::ClientBuilder,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<reqwest::ClientBuilder, ClientError> {
    let first = |names: [&'static str; 2]| {
        names
            .into_iter()
            .find_map(|n| env(n).filter(|v| !v.trim().is_empty()).map(|v| (n, v)))
    };
    let no_proxy = match first(["NO_PROXY", "no_proxy"]) {
        Some((_, list)) => format!("{LOOPBACK_NO_PROXY},{list}"),
        None => LOOPBACK_NO_PROXY.to_string(),
    };
    let mut builder = builder.no_proxy();
    type MakeProxy = fn(&str) -> reqwest::Result<reqwest::Proxy>;
    let kinds: [([&'static str; 2], MakeProxy); 3] = [
        (["HTTPS_PROXY", "https_proxy"], |u| reqwest::Proxy::https(u)),
        (["HTTP_PROXY", "http_proxy"], |u| reqwest::Proxy::http(u)),
        (["ALL_PROXY", "all_proxy"], |u| reqwest::Proxy::all(u)),
    ];
    for (names, make) in kinds {
        // Under CGI, HTTP_PROXY comes from a request header ("httpoxy"): not ours to follow.
        if names[0] == "HTTP_PROXY" && env("REQUEST_METHOD").is_some() {
            continue;
        }
        let Some((name, url)) = first(names) else {
            continue;
        };
        let proxy =
            make(url.trim()).map_err(|e| ClientError::Invalid(crate::tr!(BadProxy, name, e)))?;
        builder = builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_string(&no_proxy)));
    }
    Ok(builder)
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
        // A certificate the trust store refuses stays refused: say so at once.
        (ClientError::Transport { message, .. }, _) if tls::is_untrusted_certificate(message) => {
            Decision::Final
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
