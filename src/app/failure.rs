//! A failed listing as the list pane explains it: what failed, the server's words, and what to
//! do. Built once when the failure arrives (pure: from the error and the settings).

use crate::api::{ClientError, TransportKind};
use crate::sanitize::clean;

use super::Settings;

/// Why the last listing failed, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFailure {
    /// One line: what failed.
    pub headline: String,
    /// The server's or the network's own words (code, message, request id), one per line.
    pub details: Vec<String>,
    /// What to do about it.
    pub hint: String,
    /// Whether `r` may send another listing (false once the credentials were refused: the
    /// client sends nothing more, an AK locks after 5 failures).
    pub retry: bool,
}

impl ListFailure {
    /// Explains `error` for the configured endpoint and region.
    pub fn new(error: &ClientError, s: &Settings) -> Self {
        let endpoint = clean(&s.endpoint);
        let region = clean(&s.region);
        let where_ = if region.is_empty() {
            "the endpoint".to_owned()
        } else {
            format!("the region ({region}) and the endpoint")
        };
        let mut details = Vec::new();
        let (headline, hint, retry) = match error {
            ClientError::Transport { kind, message } => {
                details.push(clean(message));
                match kind {
                    TransportKind::Connect => (
                        format!("cannot reach the DRS endpoint {endpoint}"),
                        format!("check {where_}, and the network or proxy; r retries"),
                        true,
                    ),
                    TransportKind::Timeout => (
                        format!("the DRS endpoint {endpoint} did not answer in time"),
                        format!("check the network or proxy and {where_}; r retries"),
                        true,
                    ),
                    TransportKind::Interrupted | TransportKind::Other => (
                        format!("the connection to {endpoint} failed"),
                        format!("check the endpoint ({endpoint}) and the network; r retries"),
                        true,
                    ),
                }
            }
            ClientError::Api(a) => {
                details.push(format!(
                    "{} {}: {}",
                    a.http_status,
                    clean(&a.error_code),
                    clean(&a.error_msg)
                ));
                if let Some(id) = &a.request_id {
                    details.push(format!("request id {}", clean(id)));
                }
                match a.http_status {
                    401 if a.is_bad_credentials() => (
                        "the credentials were refused (401 APIGW.0301)".to_owned(),
                        "check the AK/SK or token of this profile and restart: drs-tui sends \
                         nothing more this session (the service locks an AK after 5 failures)"
                            .to_owned(),
                        false,
                    ),
                    401 => (
                        "not authenticated (401)".to_owned(),
                        "check the credentials of this profile; r retries".to_owned(),
                        true,
                    ),
                    403 => (
                        "access denied (403)".to_owned(),
                        format!(
                            "the credentials lack DRS permissions in project {}: ask for \
                             them, then r retries",
                            clean(&s.project_id)
                        ),
                        true,
                    ),
                    500..=599 => (
                        format!("the service failed ({}) after retries", a.http_status),
                        "r retries; if it persists, give the request id to support".to_owned(),
                        true,
                    ),
                    _ => (
                        format!("the service refused the listing ({})", a.http_status),
                        format!("check the project id and {where_}; r retries"),
                        true,
                    ),
                }
            }
            ClientError::Auth(m) => {
                details.push(clean(m));
                (
                    "could not sign in to IAM".to_owned(),
                    "check the user, password and domain of this profile; r retries".to_owned(),
                    true,
                )
            }
            other => {
                details.push(clean(&other.to_string()));
                (
                    "the listing failed".to_owned(),
                    "r retries".to_owned(),
                    true,
                )
            }
        };
        ListFailure {
            headline,
            details,
            hint,
            retry,
        }
    }

    /// One line for the status bar and logs.
    pub fn summary(&self) -> String {
        format!("listing failed: {}", self.headline)
    }
}
