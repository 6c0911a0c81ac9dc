//! Low-level HTTP pieces shared by the IAM login (`auth.rs`) and the DRS client (`client/`):
//! the body-size cap, reading a capped body, and describing a reqwest error. Both import this
//! module; it imports neither, so the arrows run one way.

use futures::StreamExt;

use super::error::{ClientError, TransportKind};

/// Default cap on a response body.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// What to tell the user when a server's certificate chain ends at an unknown CA.
pub fn unknown_issuer_hint() -> &'static str {
    crate::tr!(TlsUnknownIssuer)
}

/// Whether a transport error is a certificate the trust store rejected (retrying cannot help).
pub fn is_untrusted_certificate(message: &str) -> bool {
    message.contains("UnknownIssuer") || message.contains("invalid peer certificate")
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
    if is_untrusted_certificate(&s) {
        s.push_str(": ");
        s.push_str(unknown_issuer_hint());
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

/// A response header's text, control characters removed; `None` when absent, not text or empty.
pub fn header_str(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(crate::sanitize::clean)
        .filter(|s| !s.is_empty())
}
