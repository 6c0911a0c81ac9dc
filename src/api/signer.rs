//! `SDK-HMAC-SHA256` request signing, byte-for-byte as Huawei Cloud's official SDK signer.
//!
//! Pure: request parts in, canonical forms and the `Authorization` value out. The same
//! canonical query string is used as the query actually sent, exactly as the SDK does.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

/// The algorithm name that starts the string to sign and the `Authorization` value.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The parts of a request that the signature covers.
#[derive(Debug, Clone)]
pub struct SignInput<'a> {
    /// HTTP method, any case.
    pub method: &'a str,
    /// Resource path as sent, e.g. `/v5/{project}/jobs` (already percent-encoded or not).
    pub path: &'a str,
    /// Query parameters; a list value is given as repeated keys.
    pub query: &'a [(String, String)],
    /// Every header that will be sent and signed, `Host` and `X-Sdk-Date` included.
    pub headers: &'a [(String, String)],
    /// Raw body bytes (empty for none).
    pub body: &'a [u8],
}

/// Everything the signer derives; `authorization` is the header value to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical (and actually sent) query string, without `?`.
    pub query_string: String,
    /// The canonical request the signature is computed over.
    pub canonical_request: String,
    /// `SDK-HMAC-SHA256\n<date>\n<hex sha256(canonical_request)>`.
    pub string_to_sign: String,
    /// `h1;h2;…`, lowercased and sorted.
    pub signed_headers: String,
    /// The hex signature alone.
    pub signature: String,
    /// The full `Authorization` header value.
    pub authorization: String,
}

/// Encodes one path segment or query component the way Python's `quote(s, safe='~')` does:
/// unreserved RFC 3986 characters are kept, everything else becomes `%XX` (upper-case hex).
pub fn rfc3986_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 0x0f) as usize]));
        }
    }
    out
}

/// The canonical URI: decode, re-encode each segment, and end with `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut out = decoded
        .split('/')
        .map(rfc3986_encode)
        .collect::<Vec<_>>()
        .join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query: pairs sorted by key then value, each side RFC 3986 encoded.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986_encode(k), rfc3986_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Lowercase hex HMAC-SHA256 keyed with the raw secret key.
pub fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// The `X-Sdk-Date` value for a time: `%Y%m%dT%H%M%SZ` in UTC.
pub fn sdk_date(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

/// Parses an `X-Sdk-Date` value; `None` if it is not exactly in the SDK's format.
pub fn parse_sdk_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(s, &fmt)
        .ok()
        .map(|p| p.assume_utc())
}

/// Signs a request with the access key `ak` and secret key `sk`.
///
/// Header names containing `_` are not signed, as in the SDK. The `X-Sdk-Date` header must be
/// among `input.headers` (an empty date is signed as empty and will be rejected by the server).
pub fn sign(input: &SignInput<'_>, ak: &str, sk: &[u8]) -> Signature {
    let mut headers: Vec<(String, &str)> = input
        .headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let date = headers
        .iter()
        .find(|(n, _)| n == "x-sdk-date")
        .map(|(_, v)| *v)
        .unwrap_or("");
    let signed_headers = headers
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let query_string = canonical_query(input.query);
    let payload_hash = if input.body.is_empty() {
        EMPTY_BODY_SHA256.to_string()
    } else {
        match headers.iter().find(|(n, _)| n == "x-sdk-content-sha256") {
            Some((_, v)) => (*v).to_string(),
            None => sha256_hex(input.body),
        }
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method.to_ascii_uppercase(),
        canonical_uri(input.path),
        query_string,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hmac_hex(sk, string_to_sign.as_bytes());
    let authorization =
        format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}");
    Signature {
        query_string,
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

/// The parts of a received `Authorization: SDK-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The access key.
    pub access: String,
    /// Signed header names, lowercased.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Parses an `Authorization` header value produced by [`sign`]; used by the demo service.
pub fn parse_authorization(value: &str) -> Option<ParsedAuthorization> {
    let rest = value.strip_prefix(ALGORITHM)?.trim_start();
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Access=") {
            access = Some(v.to_string());
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v.split(';').map(|s| s.to_ascii_lowercase()).collect());
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v.to_string());
        }
    }
    Some(ParsedAuthorization {
        access: access?,
        signed_headers: signed?,
        signature: signature?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_python_quote() {
        assert_eq!(rfc3986_encode("a,b c+~"), "a%2Cb%20c%2B~");
        assert_eq!(canonical_uri("/v5/p/jobs"), "/v5/p/jobs/");
        assert_eq!(canonical_uri("/v5/p/jobs/a%2Fb"), "/v5/p/jobs/a/b/");
    }

    #[test]
    fn sdk_date_round_trips() {
        let t = parse_sdk_date("20240102T030405Z").expect("parses");
        assert_eq!(sdk_date(t), "20240102T030405Z");
        assert!(parse_sdk_date("2024-01-02T03:04:05Z").is_none());
    }
}
