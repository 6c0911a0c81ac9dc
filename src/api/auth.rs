//! Credentials and how a request is authenticated: an IAM token (`X-Auth-Token`), an AK/SK
//! signature, or an IAM password login whose token is cached and renewed.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use url::Url;

use super::error::{ApiError, ClientError};
use crate::secret::Secret;

/// How the project is named in an IAM password login's scope.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectScope {
    /// Scope to this project id.
    Id(String),
    /// Scope to the project named after the region (e.g. `cn-north-4`).
    Name(String),
}

/// The credentials a client authenticates with. `Debug` never shows a secret.
#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    /// A ready IAM token, sent as `X-Auth-Token`.
    Token(Secret),
    /// Access key / secret key, with a security token for temporary credentials.
    AkSk {
        /// Access key id.
        ak: Secret,
        /// Secret access key.
        sk: Secret,
        /// `X-Security-Token` for temporary credentials.
        security_token: Option<Secret>,
    },
    /// IAM user name and password, exchanged for a token at `iam_endpoint`.
    IamPassword {
        /// IAM user name.
        user: String,
        /// The user's password.
        password: Secret,
        /// Account (domain) name.
        domain: String,
    },
}

impl Credentials {
    /// A short, secret-free description: "AK/SK (AK AKFA…0001)", "IAM token", "IAM user alice".
    pub fn describe(&self) -> String {
        match self {
            Credentials::Token(_) => "IAM token".to_string(),
            Credentials::AkSk { .. } => "AK/SK".to_string(),
            Credentials::IamPassword { user, domain, .. } => {
                format!("IAM user {user} ({domain})")
            }
        }
    }
}

/// A token obtained by password login.
#[derive(Debug, Clone)]
pub struct IamToken {
    /// The token (`X-Subject-Token`).
    pub token: Secret,
    /// When it stops being valid; `None` if the server did not say.
    pub expires_at: Option<OffsetDateTime>,
    /// `token.project.id` from the answer.
    pub project_id: Option<String>,
    /// When (on this machine's monotonic clock) to log in again; `None`: never by age.
    pub renew_at: Option<std::time::Instant>,
}

/// Renew a cached token when less than this much of its life is left…
pub const RENEW_MARGIN: Duration = Duration::from_secs(10 * 60);
/// …but never before this fraction of its lifetime has passed, so that a short-lived token is
/// not replaced before every request.
pub const RENEW_AT_FRACTION: f64 = 0.9;

/// When to renew a token that lives `lifetime` from `obtained`: the later of
/// [`RENEW_MARGIN`] before expiry and [`RENEW_AT_FRACTION`] of its lifetime.
pub fn renewal_time(obtained: std::time::Instant, lifetime: Duration) -> std::time::Instant {
    // A lifetime the server states is capped, so that the arithmetic below cannot overflow.
    let lifetime = lifetime.min(Duration::from_secs(366 * 24 * 3600));
    let by_margin = lifetime.saturating_sub(RENEW_MARGIN);
    let by_fraction = lifetime.mul_f64(RENEW_AT_FRACTION);
    obtained + by_margin.max(by_fraction)
}

/// Holds credentials and, for password login, the cached token.
#[derive(Debug)]
pub struct Authenticator {
    credentials: Credentials,
    iam_endpoint: Url,
    scope: ProjectScope,
    cached: Mutex<Option<IamToken>>,
    /// What every authenticator made with [`Authenticator::scoped_to`] shares.
    shared: Arc<Shared>,
}

/// What the authenticators of one set of credentials share (one per project under
/// `--regions`): whether the password is known good, and which logins must not be tried again.
#[derive(Debug, Default)]
struct Shared {
    /// Set when IAM refused the password login: every later login fails at once, without a
    /// request, because IAM locks a user after a few failed logins in a row. One refused
    /// password ends every project's logins.
    refused: std::sync::Mutex<Option<String>>,
    /// Set by the first login IAM accepted: the password is right. From then on a login IAM
    /// refuses for a project that never had a token means the user may not enter that project.
    verified: AtomicBool,
    /// Until a login has succeeded, logins go one at a time: a wrong password costs one
    /// attempt, not one per project.
    gate: Mutex<()>,
    /// Projects (by id) the user may not enter, with the error every later call repeats
    /// without a login.
    no_access: std::sync::Mutex<HashMap<String, ClientError>>,
    /// Project names by id, as IAM listed them: for naming a project in an error.
    names: std::sync::Mutex<HashMap<String, String>>,
}

/// What to put on one request.
#[derive(Debug, Clone)]
pub enum RequestAuth {
    /// Send `X-Auth-Token`.
    Token(Secret),
    /// Sign with these keys.
    Sign {
        /// Access key.
        ak: Secret,
        /// Secret key.
        sk: Secret,
        /// Security token for temporary credentials.
        security_token: Option<Secret>,
    },
}

impl Authenticator {
    /// Creates an authenticator. `iam_endpoint` and `scope` matter only for password login.
    pub fn new(credentials: Credentials, iam_endpoint: Url, scope: ProjectScope) -> Self {
        Authenticator {
            credentials,
            iam_endpoint,
            scope,
            cached: Mutex::new(None),
            shared: Arc::default(),
        }
    }

    /// The same credentials for another project (`--regions`): a password login gets a token
    /// of its own, scoped to `project_id` and renewed on its own (this one's token is reused
    /// when it is already scoped to that project). A refused password is still final for every
    /// project; a project the user may not enter is final for that project only.
    pub fn scoped_to(&self, project_id: &str) -> Authenticator {
        let reused = self.cached.try_lock().ok().and_then(|t| {
            t.as_ref()
                .filter(|t| t.project_id.as_deref() == Some(project_id))
                .cloned()
        });
        Authenticator {
            credentials: self.credentials.clone(),
            iam_endpoint: self.iam_endpoint.clone(),
            scope: ProjectScope::Id(project_id.to_owned()),
            cached: Mutex::new(reused),
            shared: self.shared.clone(),
        }
    }

    /// Remembers the names of projects (id, name) as IAM listed them, so that an error about
    /// a project can name it.
    pub fn learn_project_names<'a>(&self, projects: impl IntoIterator<Item = (&'a str, &'a str)>) {
        if let Ok(mut names) = self.shared.names.lock() {
            for (id, name) in projects {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
    }

    /// The credentials in use.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Whether a 401 `APIGW.0307` can be cured by logging in again.
    pub fn can_renew(&self) -> bool {
        matches!(self.credentials, Credentials::IamPassword { .. })
    }

    /// The authentication for the next request; logs in (or renews a token near expiry) when
    /// needed. After a 401 `APIGW.0307` the caller renews with [`Authenticator::iam_token`].
    pub async fn request_auth(&self, http: &reqwest::Client) -> Result<RequestAuth, ClientError> {
        match &self.credentials {
            Credentials::Token(t) => Ok(RequestAuth::Token(t.clone())),
            Credentials::AkSk {
                ak,
                sk,
                security_token,
            } => Ok(RequestAuth::Sign {
                ak: ak.clone(),
                sk: sk.clone(),
                security_token: security_token.clone(),
            }),
            Credentials::IamPassword { .. } => {
                let token = self.iam_token(http, false).await?;
                Ok(RequestAuth::Token(token.token))
            }
        }
    }

    /// The cached IAM token, logging in when there is none, it is near expiry, or `force`.
    pub async fn iam_token(
        &self,
        http: &reqwest::Client,
        force: bool,
    ) -> Result<IamToken, ClientError> {
        let mut cached = self.cached.lock().await;
        if let Some(t) = cached.as_ref() {
            let fresh = t.renew_at.is_none_or(|at| std::time::Instant::now() < at);
            if fresh && !force {
                return Ok(t.clone());
            }
        }
        // Checked under the lock: concurrent callers that waited for a refused login see the
        // refusal instead of trying again.
        self.earlier_refusal()?;
        let _gate = if self.password_verified() {
            None
        } else {
            let gate = self.shared.gate.lock().await;
            // Another project's login may have been refused while this one waited.
            self.earlier_refusal()?;
            Some(gate)
        };
        let had_token = cached.is_some();
        match self.login(http).await {
            Ok(token) => {
                self.shared.verified.store(true, Ordering::Release);
                *cached = Some(token.clone());
                Ok(token)
            }
            Err(LoginError::Refused(e)) => Err(self.remember_refusal(&e, had_token)),
            Err(LoginError::Other(e)) => Err(e),
        }
    }

    /// Why IAM refused the password login earlier in this process, if it did: no further login
    /// is tried (IAM locks a user after a few failures). A project the user may not enter is
    /// not such a refusal: the other projects go on.
    pub fn refused(&self) -> Option<String> {
        self.shared.refused.lock().ok().and_then(|r| r.clone())
    }

    /// Whether IAM has accepted this password in this process (for any project).
    fn password_verified(&self) -> bool {
        self.shared.verified.load(Ordering::Acquire)
    }

    /// The refusal that makes a login pointless: the password's, or this project's.
    fn earlier_refusal(&self) -> Result<(), ClientError> {
        if let Some(why) = self.refused() {
            return Err(ClientError::Auth(why));
        }
        if let ProjectScope::Id(id) = &self.scope
            && let Some(e) = self
                .shared
                .no_access
                .lock()
                .ok()
                .and_then(|m| m.get(id).cloned())
        {
            return Err(e);
        }
        Ok(())
    }

    /// Records a login IAM refused and returns the error to report. Once the password has
    /// worked for another project, a refusal for a project that never had a token means the
    /// user may not enter it: final for that project only. Otherwise (the first login, or a
    /// renewal of a token that worked) the password itself is refused: final for every project.
    fn remember_refusal(&self, e: &ApiError, had_token: bool) -> ClientError {
        if self.password_verified()
            && !had_token
            && let ProjectScope::Id(id) = &self.scope
        {
            let name = self
                .shared
                .names
                .lock()
                .ok()
                .and_then(|n| n.get(id).cloned());
            let error = ClientError::NoAccess {
                project_id: id.clone(),
                project_name: name,
                detail: e.to_string(),
            };
            if let Ok(mut m) = self.shared.no_access.lock() {
                m.entry(id.clone()).or_insert_with(|| error.clone());
            }
            return error;
        }
        let why = crate::tr!(AuthRefusedHint, self.refused_message(e));
        if let Ok(mut r) = self.shared.refused.lock() {
            r.get_or_insert_with(|| why.clone());
        }
        ClientError::Auth(why)
    }

    /// "IAM password login for user … (account …) was refused: …".
    fn refused_message(&self, e: &ApiError) -> String {
        let (user, domain) = match &self.credentials {
            Credentials::IamPassword { user, domain, .. } => (user.as_str(), domain.as_str()),
            _ => ("", ""),
        };
        crate::tr!(
            AuthRefused,
            format!("{:?}", crate::sanitize::clean(user)),
            format!("{:?}", crate::sanitize::clean(domain)),
            e
        )
    }

    /// One password login: `POST {iam}/v3/auth/tokens?nocatalog=true`, scoped to the project.
    async fn login(&self, http: &reqwest::Client) -> Result<IamToken, LoginError> {
        let body = self.login_body()?;
        let url = self.tokens_url()?;
        let resp = http
            .post(url)
            .header("Content-Type", "application/json;charset=utf8")
            .body(body)
            .send()
            .await
            .map_err(|e| {
                LoginError::Other(ClientError::Auth(crate::tr!(
                    AuthRequestFailed,
                    super::http::describe_reqwest(&e)
                )))
            })?;
        let obtained = std::time::Instant::now();
        let status = resp.status().as_u16();
        let token = resp
            .headers()
            .get("X-Subject-Token")
            .and_then(|v| v.to_str().ok())
            .map(Secret::new);
        let request_id = super::http::header_str(&resp, "X-Request-Id");
        let bytes = super::http::read_capped(resp, super::http::DEFAULT_BODY_LIMIT)
            .await
            .map_err(|e| LoginError::Other(ClientError::Auth(crate::tr!(AuthUnreadable, e))))?;
        if !(200..300).contains(&status) {
            let e = ApiError::from_response(status, request_id.as_deref(), &bytes);
            // 4xx (but throttling) will not change by asking again: stop asking.
            return Err(if (400..500).contains(&status) && status != 429 {
                LoginError::Refused(e)
            } else {
                LoginError::Other(ClientError::Auth(self.refused_message(&e)))
            });
        }
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(LoginError::Other(ClientError::Auth(
                crate::tr!(AuthNoToken).into(),
            )));
        };
        Ok(read_token(token, &bytes, obtained))
    }

    /// The login's JSON body: the password identity and the project scope.
    fn login_body(&self) -> Result<String, LoginError> {
        let Credentials::IamPassword {
            user,
            password,
            domain,
        } = &self.credentials
        else {
            return Err(LoginError::Other(ClientError::Auth(
                crate::tr!(AuthNotPassword).into(),
            )));
        };
        let scope = match &self.scope {
            ProjectScope::Id(id) => json!({"project": {"id": id}}),
            ProjectScope::Name(name) => json!({"project": {"name": name}}),
        };
        let body = json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "password": password.expose(), "domain": {"name": domain}}}},
            "scope": scope,
        }});
        Ok(body.to_string())
    }

    /// `{iam}/v3/auth/tokens?nocatalog=true`.
    fn tokens_url(&self) -> Result<Url, LoginError> {
        let mut url = self.iam_endpoint.clone();
        url.path_segments_mut()
            .map_err(|_| LoginError::Other(ClientError::Invalid(crate::tr!(AuthBaseUrl).into())))?
            .pop_if_empty()
            .extend(["v3", "auth", "tokens"]);
        url.set_query(Some("nocatalog=true"));
        Ok(url)
    }
}

/// The token of an accepted login, with its expiry, project and renewal time read from the
/// answer's body (`obtained`: when the answer arrived).
fn read_token(token: Secret, body: &[u8], obtained: std::time::Instant) -> IamToken {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let time_at = |pointer: &str| {
        v.pointer(pointer).and_then(|e| e.as_str()).and_then(|s| {
            OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
        })
    };
    let expires_at = time_at("/token/expires_at");
    let issued_at = time_at("/token/issued_at");
    let project_id = v
        .pointer("/token/project/id")
        .and_then(|e| e.as_str())
        // As sent: the client checks it before any use (`check_project_id`), naming the token.
        .map(str::to_owned)
        .filter(|s| !s.is_empty());
    // The lifetime as IAM states it (issued → expires, both on IAM's clock), counted from
    // when the answer arrived on ours: a skewed local clock cannot make it look expired.
    let renew_at = expires_at.map(|exp| {
        let from = issued_at.unwrap_or_else(OffsetDateTime::now_utc);
        let lifetime = Duration::try_from(exp - from).unwrap_or(Duration::ZERO);
        renewal_time(obtained, lifetime)
    });
    IamToken {
        token,
        expires_at,
        project_id,
        renew_at,
    }
}

/// Why a login did not give a token.
enum LoginError {
    /// IAM refused the login (a 4xx but 429): asking again will not change it.
    Refused(ApiError),
    /// Anything else (network, a 5xx, a malformed answer): the next call may try again.
    Other(ClientError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_is_at_the_later_of_the_margin_and_90_percent() {
        let t0 = std::time::Instant::now();
        let hours = |h: u64| Duration::from_secs(h * 3600);
        // A 24 h token: 10 minutes before expiry.
        assert_eq!(renewal_time(t0, hours(24)), t0 + hours(24) - RENEW_MARGIN);
        // A 5-minute token: at 4.5 minutes, not before every request.
        assert_eq!(
            renewal_time(t0, Duration::from_secs(300)),
            t0 + Duration::from_secs(270)
        );
        // A 60-minute token: 54 minutes (90 %) is later than 50 (the margin).
        assert_eq!(
            renewal_time(t0, Duration::from_secs(3600)),
            t0 + Duration::from_secs(3240)
        );
        assert_eq!(renewal_time(t0, Duration::ZERO), t0);
        // An absurd lifetime from the server is capped, not a panic.
        assert!(renewal_time(t0, Duration::MAX) > t0 + hours(24 * 365));
    }
}
