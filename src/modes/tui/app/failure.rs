//! A failed listing as the list pane explains it: what failed, the server's words, and what to
//! do. Built once when the failure arrives (pure: from the error and the settings).

use crate::api::{ApiError, ClientError, TransportKind};
use crate::sanitize::clean;
use crate::tr;

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

/// What failed, what to do about it, and whether `r` may list again.
type Explained = (String, String, bool);

impl ListFailure {
    /// Explains `error` for the configured endpoint and region.
    pub fn new(error: &ClientError, s: &Settings) -> Self {
        let endpoint = clean(&s.endpoint);
        let region = clean(&s.region);
        let where_ = if region.is_empty() {
            tr!(LfEndpoint).to_owned()
        } else {
            tr!(LfRegionAndEndpoint, region)
        };
        let mut details = Vec::new();
        let (headline, hint, retry) = match error {
            ClientError::Transport { kind, message } => {
                details.push(clean(message));
                transport(*kind, &endpoint, &where_)
            }
            ClientError::Api(a) => {
                details.push(format!(
                    "{} {}: {}",
                    a.http_status,
                    clean(&a.error_code),
                    clean(&a.error_msg)
                ));
                if let Some(id) = &a.request_id {
                    details.push(tr!(LfRequestId, clean(id)));
                }
                refused(a, s, &where_)
            }
            ClientError::Auth(m) => {
                details.push(clean(m));
                (tr!(LfIam).to_owned(), tr!(LfIamHint).to_owned(), true)
            }
            other => {
                details.push(clean(&other.to_string()));
                (tr!(LfFailed).to_owned(), tr!(LfRetries).to_owned(), true)
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
        tr!(FailListing, self.headline)
    }
}

/// The request did not complete: the network, or the endpoint.
fn transport(kind: TransportKind, endpoint: &str, where_: &str) -> Explained {
    match kind {
        TransportKind::Connect => (
            tr!(LfCannotReach, endpoint),
            tr!(LfCheckNetwork, where_),
            true,
        ),
        TransportKind::Timeout => (
            tr!(LfTimeout, endpoint),
            tr!(LfCheckNetworkThen, where_),
            true,
        ),
        TransportKind::Interrupted | TransportKind::Other => (
            tr!(LfConnection, endpoint),
            tr!(LfCheckEndpoint, endpoint),
            true,
        ),
    }
}

/// The service answered with an error: by its status. Refused credentials end the listing
/// for good (the client sends nothing more).
fn refused(a: &ApiError, s: &Settings, where_: &str) -> Explained {
    match a.http_status {
        401 if a.is_bad_credentials() => (
            tr!(LfRefused).to_owned(),
            tr!(LfRefusedHint).to_owned(),
            false,
        ),
        401 => (
            tr!(LfNotAuthenticated).to_owned(),
            tr!(LfCheckCredentials).to_owned(),
            true,
        ),
        403 => (
            tr!(LfDenied).to_owned(),
            tr!(LfDeniedHint, clean(&s.project_id)),
            true,
        ),
        500..=599 => (
            tr!(LfServiceFailed, a.http_status),
            tr!(LfServiceFailedHint).to_owned(),
            true,
        ),
        _ => (
            tr!(LfServiceRefused, a.http_status),
            tr!(LfCheckProject, where_),
            true,
        ),
    }
}
