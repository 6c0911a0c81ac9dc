//! Authentication as the API gateway and IAM do it: a token in `X-Auth-Token` (the fixed demo
//! token or one issued by `POST /v3/auth/tokens`), or an `SDK-HMAC-SHA256` signature checked by
//! recomputing it with our own signer over the request as received.

use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::signer::{SignInput, parse_authorization, parse_sdk_date, sign};

use super::errors::{DemoError, iam_error};
use super::state::{DemoProject, DemoState};
use super::{DEMO_AK, DEMO_IAM_DOMAIN, DEMO_IAM_PASSWORD, DEMO_IAM_USER, DEMO_PROJECT_ID};
use super::{DEMO_REGION, DEMO_SK, DEMO_TOKEN};

/// How far `X-Sdk-Date` may be from the server's clock.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// A request as the signature sees it.
pub struct Received<'a> {
    /// Method as received.
    pub method: &'a str,
    /// Raw path as received.
    pub path: &'a str,
    /// Raw query string, without `?`.
    pub query: &'a str,
    /// All headers.
    pub headers: &'a HeaderMap,
    /// Raw body.
    pub body: &'a [u8],
}

/// A header's value, if present and text.
pub(super) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Decodes a raw query string into pairs, in order (no `+` → space: signed queries encode
/// spaces as `%20`).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect()
}

/// Checks a `/v5` request's credentials.
pub fn check(state: &DemoState, req: &Received<'_>) -> Result<(), DemoError> {
    if let Some(token) = header(req.headers, "x-auth-token") {
        let token = token.trim();
        if token == DEMO_TOKEN {
            return Ok(());
        }
        return match state.token_valid(token) {
            Some(true) => Ok(()),
            Some(false) => Err(DemoError::token_expired()),
            None => Err(DemoError::unauthorized("decrypt token fail")),
        };
    }
    let Some(authorization) = header(req.headers, "authorization") else {
        return Err(DemoError::unauthorized("x-auth-token not found"));
    };
    let Some(parsed) = parse_authorization(authorization.trim()) else {
        return Err(DemoError::unauthorized(
            "verify aksk signature fail, unsupported Authorization format",
        ));
    };
    if parsed.access != DEMO_AK {
        return Err(DemoError::unauthorized(
            "Get secretKey failed, ak not exist",
        ));
    }
    if !parsed.signed_headers.iter().any(|h| h == "x-sdk-date") {
        return Err(DemoError::unauthorized(
            "verify aksk signature fail, x-sdk-date is not signed",
        ));
    }
    let Some(date) = header(req.headers, "x-sdk-date").and_then(|d| parse_sdk_date(d.trim()))
    else {
        return Err(DemoError::unauthorized(
            "verify aksk signature fail, invalid x-sdk-date",
        ));
    };
    let skew = (OffsetDateTime::now_utc() - date).unsigned_abs();
    if skew > MAX_CLOCK_SKEW {
        return Err(DemoError::unauthorized(
            "verify aksk signature fail, the request has expired (x-sdk-date is more than 15 minutes off)",
        ));
    }
    let mut signed = Vec::with_capacity(parsed.signed_headers.len());
    for name in &parsed.signed_headers {
        match header(req.headers, name) {
            Some(v) => signed.push((name.clone(), v.to_string())),
            None => {
                return Err(DemoError::unauthorized(
                    "verify aksk signature fail, a signed header is missing",
                ));
            }
        }
    }
    let query = query_pairs(req.query);
    let expected = sign(
        &SignInput {
            method: req.method,
            path: req.path,
            query: &query,
            headers: &signed,
            body: req.body,
        },
        DEMO_AK,
        DEMO_SK.as_bytes(),
    );
    if constant_time_eq(
        expected.signature.as_bytes(),
        parsed.signature.to_ascii_lowercase().as_bytes(),
    ) {
        Ok(())
    } else {
        Err(DemoError::unauthorized("verify aksk signature fail"))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The answer to `POST /v3/auth/tokens`: status, the issued token (for `X-Subject-Token`), body.
pub struct Login {
    /// 201 on success.
    pub status: StatusCode,
    /// The token, on success.
    pub token: Option<String>,
    /// The JSON body.
    pub body: Value,
}

fn fail(status: StatusCode, msg: &str) -> Login {
    Login {
        status,
        token: None,
        body: iam_error(status, msg),
    }
}

/// IAM password login: checks user, password and domain, and the project scope (by id or by
/// the demo region's name), then issues a token valid for `state.token_ttl`. A project the
/// user may not enter ([`DemoState::deny_login`]) is refused with 401, as IAM does. Every
/// login is recorded with its scope ([`DemoState::logins`]).
pub fn login(state: &DemoState, body: &[u8], nocatalog: bool) -> Login {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        state.record_login("", StatusCode::BAD_REQUEST.as_u16());
        return fail(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        );
    };
    let answer = password_login(state, &v, nocatalog);
    let project = &v["auth"]["scope"]["project"];
    let scope = project["id"]
        .as_str()
        .or(project["name"].as_str())
        .unwrap_or_default();
    state.record_login(scope, answer.status.as_u16());
    answer
}

fn password_login(state: &DemoState, v: &Value, nocatalog: bool) -> Login {
    if let Err(refused) = check_password(v) {
        return refused;
    }
    let scoped = match scoped_project(state, v) {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    if state.login_denied(&scoped.id) {
        return fail(
            StatusCode::UNAUTHORIZED,
            "The request you have made requires authentication.",
        );
    }
    issue_token(state, &scoped, nocatalog)
}

/// The password identity: the demo user, its password and account.
fn check_password(v: &Value) -> Result<(), Login> {
    let identity = &v["auth"]["identity"];
    let methods_ok = identity["methods"]
        .as_array()
        .is_some_and(|m| m.iter().any(|x| x == "password"));
    let user = &identity["password"]["user"];
    if !methods_ok || !user.is_object() {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            "Expected auth.identity.methods [\"password\"] and auth.identity.password.user.",
        ));
    }
    let name = user["name"].as_str().unwrap_or_default();
    let password = user["password"].as_str().unwrap_or_default();
    let domain = user["domain"]["name"].as_str().unwrap_or_default();
    if name != DEMO_IAM_USER || password != DEMO_IAM_PASSWORD || domain != DEMO_IAM_DOMAIN {
        return Err(fail(
            StatusCode::UNAUTHORIZED,
            "The username or password is wrong.",
        ));
    }
    Ok(())
}

/// The served project the login's scope names, by id or by name.
fn scoped_project(state: &DemoState, v: &Value) -> Result<DemoProject, Login> {
    let project = &v["auth"]["scope"]["project"];
    let by_id = project["id"].as_str();
    let by_name = project["name"].as_str();
    state
        .projects()
        .into_iter()
        .find(|p| {
            state.serves_project(&p.id)
                && match (by_id, by_name) {
                    (Some(id), _) => id == p.id,
                    (None, Some(n)) => n == p.name,
                    (None, None) => false,
                }
        })
        .ok_or_else(|| {
            fail(
                StatusCode::BAD_REQUEST,
                &format!(
                    "The project scope is invalid: use project id {DEMO_PROJECT_ID} or name {DEMO_REGION}."
                ),
            )
        })
}

/// A new token scoped to `scoped`, and IAM's answer body describing it.
fn issue_token(state: &DemoState, scoped: &DemoProject, nocatalog: bool) -> Login {
    let n = state.next_request_id();
    let token = format!("MIIDEMO-issued-{}", n.rsplit('-').next().unwrap_or("0"));
    state.issue_token(token.clone(), Instant::now() + state.token_ttl);
    state.scope_token(&token, &scoped.id);
    let now = OffsetDateTime::now_utc();
    let ttl = time::Duration::try_from(state.token_ttl).unwrap_or(time::Duration::DAY);
    let fmt = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let domain_obj = json!({"id": "de40de40de40de40de40de40de40d0a1", "name": DEMO_IAM_DOMAIN});
    let mut token_body = json!({
        "expires_at": fmt(now + ttl),
        "issued_at": fmt(now),
        "methods": ["password"],
        "project": {"id": scoped.id, "name": scoped.name, "domain": domain_obj},
        "user": {
            "id": "de40de40de40de40de40de40de40a5e7",
            "name": DEMO_IAM_USER,
            "domain": domain_obj,
            "password_expires_at": "",
        },
        "roles": [{"id": "0", "name": "op_service"}],
    });
    if !nocatalog {
        let region = crate::api::scope::region_of_project(&scoped.name).unwrap_or(DEMO_REGION);
        token_body["catalog"] = json!([{
            "type": "drs",
            "name": "drs",
            "endpoints": [{"region": region, "interface": "public", "url": "(this demo server)"}],
        }]);
    }
    Login {
        status: StatusCode::CREATED,
        token: Some(token),
        body: json!({ "token": token_body }),
    }
}

/// `GET /v3/projects` (AK/SK or token; `?name=` filters by exact name) and
/// `GET /v3/auth/projects` (token only: it lists what the token's user may use), both in IAM's
/// `{"projects": [...], "links": {...}}` shape. `base` is the URL the request was sent to.
pub fn projects(
    state: &DemoState,
    req: &Received<'_>,
    auth_projects: bool,
    base: &str,
) -> Result<Value, DemoError> {
    if auth_projects && header(req.headers, "x-auth-token").is_none() {
        return Err(DemoError::unauthorized(
            "x-auth-token not found (GET /v3/auth/projects takes a token)",
        ));
    }
    check(state, req)?;
    let query = query_pairs(req.query);
    let name = if auth_projects {
        None
    } else {
        query
            .iter()
            .find(|(k, _)| k == "name")
            .map(|(_, v)| v.as_str())
    };
    let list: Vec<Value> = state
        .projects()
        .into_iter()
        .filter(|p| name.is_none_or(|n| p.name == n))
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.name,
                "domain_id": "de40de40de40de40de40de40de40d0a1",
                "parent_id": "de40de40de40de40de40de40de40d0a1",
                "is_domain": false,
                "enabled": true,
                "description": "",
                "links": {"self": format!("{base}/v3/projects/{}", p.id)},
            })
        })
        .collect();
    let path = if auth_projects {
        "/v3/auth/projects"
    } else {
        "/v3/projects"
    };
    let query = if req.query.is_empty() {
        String::new()
    } else {
        format!("?{}", req.query)
    };
    Ok(json!({
        "projects": list,
        "links": {"self": format!("{base}{path}{query}"), "previous": null, "next": null},
    }))
}
