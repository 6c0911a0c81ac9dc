//! One error type for every way a DRS call can fail, and the SDK-compatible error body parser.

use std::fmt;

use serde_json::Value;

use crate::sanitize::clean;

/// Longest raw body kept in an error when the body is not a recognised error shape.
pub const RAW_BODY_LIMIT: usize = 200;

/// An HTTP error answer from DRS or its API gateway.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiError {
    /// HTTP status code.
    pub http_status: u16,
    /// `DRS.10000010`, `APIGW.0301`, … or the status as a string when the body had none.
    pub error_code: String,
    /// The server's message (control characters removed), or a truncated raw body.
    pub error_msg: String,
    /// `X-Request-Id` header, or `request_id` from the body.
    pub request_id: Option<String>,
}

impl ApiError {
    /// Builds the error from a status, the request-id header and the raw body, accepting every
    /// body shape the official SDK accepts.
    pub fn from_response(http_status: u16, header_request_id: Option<&str>, body: &[u8]) -> Self {
        let parsed = parse_error_body(body);
        let request_id = header_request_id
            .map(clean)
            .filter(|s| !s.is_empty())
            .or_else(|| parsed.as_ref().and_then(|p| p.request_id.clone()));
        match parsed {
            Some(p) if !p.code.is_empty() || !p.msg.is_empty() => ApiError {
                http_status,
                error_code: if p.code.is_empty() {
                    http_status.to_string()
                } else {
                    p.code
                },
                error_msg: p.msg,
                request_id,
            },
            _ => ApiError {
                http_status,
                error_code: http_status.to_string(),
                error_msg: truncated_raw(body),
                request_id,
            },
        }
    }

    /// The job named in the request does not exist (DRS answers 400, not 404).
    pub fn is_job_not_found(&self) -> bool {
        self.error_code == "DRS.10000010"
    }

    /// Wrong credentials or signature: never retry (the AK locks after 5 failures).
    pub fn is_bad_credentials(&self) -> bool {
        self.error_code == "APIGW.0301"
    }

    /// The token expired: renew it once and resend.
    pub fn is_token_expired(&self) -> bool {
        self.error_code == "APIGW.0307"
    }

    /// Throttled by the gateway.
    pub fn is_throttled(&self) -> bool {
        self.http_status == 429 || self.error_code == "APIGW.0308"
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.http_status, self.error_code)?;
        if !self.error_msg.is_empty() {
            write!(f, " {}", self.error_msg)?;
        }
        Ok(())
    }
}

/// How a request failed below HTTP: this decides whether a write may be resent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// Could not connect: the request was certainly not processed.
    Connect,
    /// Timed out: the request may or may not have been processed.
    Timeout,
    /// The connection broke after sending: the outcome is unknown.
    Interrupted,
    /// Anything else from the HTTP stack (TLS, redirect loop, …).
    Other,
}

/// Every failure of a DRS client call.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// The service answered with an HTTP error.
    #[error("{0}")]
    Api(ApiError),
    /// The request did not complete at the HTTP level.
    #[error("{}", transport_message(*.kind, .message))]
    Transport {
        /// What kind of failure.
        kind: TransportKind,
        /// Detail from the HTTP stack.
        message: String,
    },
    /// A 2xx answer whose body could not be understood.
    #[error("{}", crate::tr!(ErrDecode, status, message))]
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// What was wrong, with a short excerpt.
        message: String,
    },
    /// The answer was larger than the configured cap.
    #[error("{}", crate::tr!(ErrTooLarge, limit))]
    BodyTooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// A write was refused because the profile is read-only.
    #[error("{}", crate::tr!(ErrReadOnly, action))]
    ReadOnly {
        /// The refused action, e.g. `DELETE job 1234`.
        action: String,
    },
    /// Authentication could not be set up (IAM login failed, missing credentials…).
    #[error("{}", crate::tr!(ErrAuth, .0))]
    Auth(String),
    /// The request could not be built (bad endpoint, …).
    #[error("{0}")]
    Invalid(String),
    /// IAM refused a password login scoped to this project, though the same password logged in
    /// to another: the user may not enter this project. No further login to it is tried.
    #[error("{}", crate::tr!(ErrNoAccess, project_label(project_id, project_name.as_deref()), detail))]
    NoAccess {
        /// The project's id.
        project_id: String,
        /// Its name, when IAM listed it.
        project_name: Option<String>,
        /// IAM's answer to the login.
        detail: String,
    },
}

/// `cn-east-3 (0123…)`, or the id alone when the name is unknown.
fn project_label(id: &str, name: Option<&str>) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("{} ({})", clean(n), clean(id)),
        None => clean(id),
    }
}

fn transport_message(kind: TransportKind, message: &str) -> String {
    match kind {
        TransportKind::Connect => crate::tr!(ErrConnect, message),
        TransportKind::Timeout => crate::tr!(ErrTimeout, message),
        TransportKind::Interrupted => crate::tr!(ErrInterrupted, message),
        TransportKind::Other => crate::tr!(ErrRequest, message),
    }
}

impl ClientError {
    /// The API error, when the service answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(e) => Some(e),
            _ => None,
        }
    }

    /// HTTP status, if an answer was received.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ClientError::Api(e) => Some(e.http_status),
            ClientError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// One line for an outcome list: `400 DRS.10000010 Job does not exist…` or the message.
    pub fn short(&self) -> String {
        self.to_string()
    }
}

impl From<ApiError> for ClientError {
    fn from(e: ApiError) -> Self {
        ClientError::Api(e)
    }
}

/// An error body as far as it could be understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedErrorBody {
    /// The error code, "" when absent.
    pub code: String,
    /// The message, "" when absent.
    pub msg: String,
    /// `request_id` from the body.
    pub request_id: Option<String>,
}

/// Parses an error body in the shapes the SDK accepts, in its order: `error_code/error_msg`,
/// `errorCode/errorMsg`, `code/message`, then each of those nested one level inside an object.
/// Returns `None` when the body is not JSON or has none of these shapes. Never panics.
pub fn parse_error_body(body: &[u8]) -> Option<ParsedErrorBody> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let obj = value.as_object()?;
    let request_id = obj.get("request_id").map(scalar).filter(|s| !s.is_empty());
    let mut found = shape(&value);
    if found.is_none() {
        found = obj.values().find_map(shape);
    }
    let (code, msg) = found?;
    Some(ParsedErrorBody {
        code,
        msg,
        request_id,
    })
}

fn shape(v: &Value) -> Option<(String, String)> {
    let obj = v.as_object()?;
    for (ck, mk) in [
        ("error_code", "error_msg"),
        ("errorCode", "errorMsg"),
        ("code", "message"),
    ] {
        if obj.contains_key(ck) || obj.contains_key(mk) {
            let code = obj.get(ck).map(scalar).unwrap_or_default();
            let msg = obj.get(mk).map(scalar).unwrap_or_default();
            if !code.is_empty() || !msg.is_empty() {
                return Some((code, msg));
            }
        }
    }
    None
}

fn scalar(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    clean(&s)
}

/// The raw body as text, control characters removed, cut to [`RAW_BODY_LIMIT`] characters.
/// An HTML page is reduced to its title (or its text) and marked as such.
pub fn truncated_raw(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') && trimmed.to_ascii_lowercase().contains("<html") {
        let summary = html_summary(trimmed);
        return format!("{} (an HTML page, not a DRS answer)", cut(&summary));
    }
    cut(&clean(text.trim()))
}

fn html_summary(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>"))
        && a + 7 <= b
        && html.is_char_boundary(a + 7)
        && html.is_char_boundary(b)
    {
        let title = clean(html[a + 7..b].trim());
        if !title.is_empty() {
            return title;
        }
    }
    // No title: the text between tags.
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    clean(&out)
}

fn cut(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > RAW_BODY_LIMIT {
        let mut s: String = collapsed.chars().take(RAW_BODY_LIMIT).collect();
        s.push('…');
        s
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sdk_shape() {
        for body in [
            r#"{"error_code":"DRS.1","error_msg":"m"}"#,
            r#"{"errorCode":"DRS.1","errorMsg":"m"}"#,
            r#"{"code":"DRS.1","message":"m"}"#,
            r#"{"error":{"code":"DRS.1","message":"m"}}"#,
            r#"{"error":{"error_code":"DRS.1","error_msg":"m"}}"#,
        ] {
            let e = ApiError::from_response(400, None, body.as_bytes());
            assert_eq!(
                (e.error_code.as_str(), e.error_msg.as_str()),
                ("DRS.1", "m"),
                "{body}"
            );
        }
    }

    #[test]
    fn falls_back_to_status_and_truncated_body() {
        let html = format!("<html><body>{}</body></html>", "x".repeat(1000));
        let e = ApiError::from_response(502, Some("rid-1"), html.as_bytes());
        assert_eq!(e.error_code, "502");
        assert!(e.error_msg.contains("HTML page"), "{}", e.error_msg);
        assert!(!e.error_msg.contains('<'), "{}", e.error_msg);
        let e = ApiError::from_response(
            502,
            None,
            b"<html><head><title>502 Bad Gateway</title></head></html>",
        );
        assert_eq!(
            e.error_msg,
            "502 Bad Gateway (an HTML page, not a DRS answer)"
        );
        let e = ApiError::from_response(500, Some("rid-1"), &[b'x'; 1000]);
        assert!(e.error_msg.chars().count() <= RAW_BODY_LIMIT + 1);
        assert_eq!(e.request_id.as_deref(), Some("rid-1"));
    }

    #[test]
    fn request_id_from_body() {
        let e = ApiError::from_response(
            401,
            None,
            br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"abc"}"#,
        );
        assert!(e.is_bad_credentials());
        assert_eq!(e.request_id.as_deref(), Some("abc"));
    }
}
