//! Credentials and how a request is authenticated: an IAM token (`X-Auth-Token`), an AK/SK
//! signature, or an IAM password login whose token is cached and renewed.

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
}

/// Renew a cached token when less than this much of its life is left.
pub const RENEW_MARGIN: Duration = Duration::from_secs(10 * 60);

/// Holds credentials and, for password login, the cached token.
#[derive(Debug)]
pub struct Authenticator {
    credentials: Credentials,
    iam_endpoint: Url,
    scope: ProjectScope,
    cached: Mutex<Option<IamToken>>,
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
            let fresh = match t.expires_at {
                Some(exp) => OffsetDateTime::now_utc() + RENEW_MARGIN < exp,
                None => true,
            };
            if fresh && !force {
                return Ok(t.clone());
            }
        }
        let token = self.login(http).await?;
        *cached = Some(token.clone());
        Ok(token)
    }

    async fn login(&self, http: &reqwest::Client) -> Result<IamToken, ClientError> {
        let Credentials::IamPassword {
            user,
            password,
            domain,
        } = &self.credentials
        else {
            return Err(ClientError::Auth(
                "these credentials do not log in to IAM".into(),
            ));
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
        let mut url = self.iam_endpoint.clone();
        url.path_segments_mut()
            .map_err(|_| ClientError::Invalid("the IAM endpoint cannot be a base URL".into()))?
            .pop_if_empty()
            .extend(["v3", "auth", "tokens"]);
        url.set_query(Some("nocatalog=true"));
        let resp = http
            .post(url)
            .header("Content-Type", "application/json;charset=utf8")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| {
                ClientError::Auth(format!(
                    "IAM login request failed: {}",
                    super::client::describe_reqwest(&e)
                ))
            })?;
        let status = resp.status().as_u16();
        let token = resp
            .headers()
            .get("X-Subject-Token")
            .and_then(|v| v.to_str().ok())
            .map(Secret::new);
        let request_id = resp
            .headers()
            .get("X-Request-Id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = super::client::read_capped(resp, super::client::DEFAULT_BODY_LIMIT)
            .await
            .map_err(|e| ClientError::Auth(format!("IAM login answer unreadable: {e}")))?;
        if !(200..300).contains(&status) {
            let e = ApiError::from_response(status, request_id.as_deref(), &bytes);
            return Err(ClientError::Auth(format!(
                "IAM password login for user {user:?} was refused: {e}"
            )));
        }
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(ClientError::Auth(
                "IAM answered without an X-Subject-Token header".into(),
            ));
        };
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let expires_at = v
            .pointer("/token/expires_at")
            .and_then(|e| e.as_str())
            .and_then(|s| {
                OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
            });
        let project_id = v
            .pointer("/token/project/id")
            .and_then(|e| e.as_str())
            .map(crate::sanitize::clean)
            .filter(|s| !s.is_empty());
        Ok(IamToken {
            token,
            expires_at,
            project_id,
        })
    }
}
