//! Fault injection: which requests get a broken answer, and how.
//!
//! Rules are parsed from a spec string (see [`parse_faults`] and [`FAULTS_HELP`]) and matched
//! in order against each request's method and path; the first rule that matches and still has
//! a count left decides the fault.

use std::time::Duration;

/// The `--faults` syntax, as shown by `--help`.
pub const FAULTS_HELP: &str = "\
Fault rules, separated by ';'. Each rule is `[METHOD] PATH-GLOB=KIND[xN]`:
  METHOD     GET, POST, DELETE, … or `*` (any); may be left out (any method)
  PATH-GLOB  a path where `*` matches exactly one segment, e.g. /v5/*/jobs/*;
             a lone `*` (without METHOD) matches every request
  xN         apply to the first N matching requests only (default: always)
Kinds:
  429[:SECS]   429 APIGW.0308 with `Retry-After: SECS` (default 1; fractions allowed)
  500 503 504  a JSON error with that status
  502          an HTML error page (as a load balancer answers)
  malformed    200 with broken JSON
  empty        200 with an empty body
  huge         200 with a body larger than 8 MiB
  slow:MS      answer normally after MS milliseconds
  drip:MS      the normal answer, sent in small chunks MS milliseconds apart
  drop         the connection breaks before the request is processed
  drop-after   the request IS processed, then the connection breaks mid-body
  processed:K  the request IS processed, then answered as kind K says (K: 429[:SECS],
               500, 502, 503, 504, malformed, empty), e.g. processed:503: a lying server
  total:VALUE  the normal answer with `total_count` replaced by VALUE (JSON text:
               1000000000, 1e30, -5, 2.5, \"many\"; other text becomes a string)
  max-limit:N  a list request asking `limit` above N is refused: 400 DRS.M00211
               naming limit (smaller pages are answered normally)
  list-type:T  a list answer holds job type T's jobs whatever `job_type` asks
               (as a service that lists one job under several job types)
Examples:
  'DELETE /v5/*/jobs/*=429x3'   'GET /v5/*/jobs=502'   '*=drop-after x1'
  'POST /v5/*/jobs/*/stop=slow:2000;GET /v5/*/jobs=malformed x2'
  'GET /v5/*/jobs=total:1000000000'   'GET /v5/*/jobs=max-limit:100'
  'DELETE /v5/*/jobs/*=processed:503x1'";

/// What a matching request gets instead of (or on top of) its normal answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    /// 429 `APIGW.0308` with a `Retry-After` header of this many seconds.
    TooManyRequests {
        /// The `Retry-After` value in seconds (fractions allowed).
        retry_after_secs: f64,
    },
    /// 500 with a JSON error body.
    InternalError,
    /// 502 with an HTML page body.
    BadGateway,
    /// 503 with a JSON error body.
    Unavailable,
    /// 504 with a JSON error body.
    GatewayTimeout,
    /// 200 with a body that is not valid JSON.
    Malformed,
    /// 200 with an empty body.
    Empty,
    /// 200 with a body larger than 8 MiB.
    Huge,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// The normal answer, its body sent in small chunks with this pause between them.
    Drip(Duration),
    /// The response body errors at once; the request is not processed.
    Drop,
    /// The request is processed, then the response body breaks before its end.
    DropAfter,
    /// The request is processed, then answered with this (non-processing) fault instead of
    /// its normal answer.
    ProcessedThen(Box<FaultKind>),
    /// The normal answer with `total_count` replaced by this JSON value.
    TotalCount(serde_json::Value),
    /// A list request with `limit` above this is refused with a 400 naming `limit`.
    MaxLimit(u64),
    /// A list request is answered with this job type's jobs, whatever it asked for.
    ListType(String),
}

impl FaultKind {
    /// Whether the request is still handled normally (the fault only changes the delivery).
    pub fn processes_request(&self) -> bool {
        matches!(
            self,
            FaultKind::Slow(_)
                | FaultKind::Drip(_)
                | FaultKind::DropAfter
                | FaultKind::ProcessedThen(_)
                | FaultKind::TotalCount(_)
                | FaultKind::MaxLimit(_)
                | FaultKind::ListType(_)
        )
    }
}

/// The `limit` a list query asks for, if it names one that is a number.
pub fn query_limit(query: &str) -> Option<u64> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "limit")
        .and_then(|(_, v)| v.parse().ok())
}

/// The query with every `job_type` replaced by `job_type` (for `list-type:T`).
pub fn with_job_type(query: &str, job_type: &str) -> String {
    query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some(("job_type", _)) => format!("job_type={job_type}"),
            _ => kv.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A JSON object body with its `total_count` replaced (for `total:VALUE`); other bodies as is.
pub fn with_total_count(body: &[u8], total: &serde_json::Value) -> Option<Vec<u8>> {
    let mut v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let obj = v.as_object_mut()?;
    obj.insert("total_count".into(), total.clone());
    serde_json::to_vec(&v).ok()
}

/// One parsed fault rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// Upper-case method, or `None` for any method.
    pub method: Option<String>,
    /// Path segments; `None` matches every path, a `*` segment matches any one segment.
    pub path: Option<Vec<String>>,
    /// What to do.
    pub kind: FaultKind,
    /// How many more matching requests get this fault; `None` means always.
    pub remaining: Option<u64>,
}

impl FaultRule {
    /// Whether this rule covers the request (ignoring the remaining count).
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(method)
        {
            return false;
        }
        let Some(glob) = &self.path else {
            return true;
        };
        let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        segs.len() == glob.len()
            && glob
                .iter()
                .zip(segs.iter())
                .all(|(g, s)| g == "*" || g == s)
    }
}

/// Takes the fault for a request from `rules`, counting down `xN` rules.
pub fn take_fault(rules: &mut [FaultRule], method: &str, path: &str) -> Option<FaultKind> {
    for rule in rules.iter_mut() {
        if rule.remaining == Some(0) || !rule.matches(method, path) {
            continue;
        }
        if let Some(n) = rule.remaining.as_mut() {
            *n -= 1;
        }
        return Some(rule.kind.clone());
    }
    None
}

/// Parses a fault spec (see [`FAULTS_HELP`]): rules separated by `;`, each
/// `[METHOD] PATH-GLOB=KIND[xN]`, e.g. `DELETE /v5/*/jobs/*=429x3;GET /v5/*/jobs=502`.
///
/// An empty spec gives no rules. Errors name the offending rule and say what was expected.
pub fn parse_faults(spec: &str) -> Result<Vec<FaultRule>, String> {
    spec.split(';')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| parse_rule(r).map_err(|e| format!("bad fault rule {r:?}: {e}")))
        .collect()
}

fn parse_rule(rule: &str) -> Result<FaultRule, String> {
    let (target, action) = rule
        .rsplit_once('=')
        .ok_or("expected `[METHOD] PATH=KIND`, e.g. `GET /v5/*/jobs=502`")?;
    let (method, path) = parse_target(target.trim())?;
    let (kind, remaining) = parse_action(action.trim())?;
    Ok(FaultRule {
        method,
        path,
        kind,
        remaining,
    })
}

type Target = (Option<String>, Option<Vec<String>>);

fn parse_target(target: &str) -> Result<Target, String> {
    if target.is_empty() {
        return Err("missing METHOD/PATH before `=` (use `*` for every request)".into());
    }
    if target == "*" {
        return Ok((None, None));
    }
    let mut parts = target.split_whitespace();
    let first = parts.next().unwrap_or_default();
    let (method, path) = if first.starts_with('/') {
        (None, first)
    } else {
        let path = parts
            .next()
            .ok_or_else(|| format!("missing PATH after method {first:?}"))?;
        if !first.chars().all(|c| c.is_ascii_alphabetic()) && first != "*" {
            return Err(format!("{first:?} is not an HTTP method or `*`"));
        }
        let method = (first != "*").then(|| first.to_ascii_uppercase());
        (method, path)
    };
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected {extra:?} after the path"));
    }
    if !path.starts_with('/') {
        return Err(format!("path {path:?} must start with `/`"));
    }
    let segs = path
        .trim_end_matches('/')
        .split('/')
        .map(str::to_string)
        .collect();
    Ok((method, Some(segs)))
}

fn parse_action(action: &str) -> Result<(FaultKind, Option<u64>), String> {
    let (kind, count) = match action.rsplit_once('x') {
        Some((k, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            let n: u64 = n.parse().map_err(|_| format!("count {n:?} is too large"))?;
            if n == 0 {
                return Err("a count `x0` would never apply; use x1 or more".into());
            }
            (k.trim(), Some(n))
        }
        _ => (action, None),
    };
    Ok((parse_kind(kind)?, count))
}

fn parse_ms(v: &str, kind: &str) -> Result<Duration, String> {
    v.trim()
        .parse::<u64>()
        .map(Duration::from_millis)
        .map_err(|_| format!("`{kind}:MS` needs whole milliseconds, got {v:?}"))
}

fn parse_kind(kind: &str) -> Result<FaultKind, String> {
    let (name, arg) = match kind.split_once(':') {
        Some((n, a)) => (n.trim(), Some(a)),
        None => (kind.trim(), None),
    };
    let kind = match (name.to_ascii_lowercase().as_str(), arg) {
        ("429", None) => FaultKind::TooManyRequests {
            retry_after_secs: 1.0,
        },
        ("429", Some(a)) => {
            let secs: f64 = a
                .trim()
                .parse()
                .map_err(|_| format!("`429:SECS` needs a number of seconds, got {a:?}"))?;
            if !secs.is_finite() || secs < 0.0 {
                return Err(format!("Retry-After must be 0 or more seconds, got {a:?}"));
            }
            FaultKind::TooManyRequests {
                retry_after_secs: secs,
            }
        }
        ("500", None) => FaultKind::InternalError,
        ("502", None) => FaultKind::BadGateway,
        ("503", None) => FaultKind::Unavailable,
        ("504", None) => FaultKind::GatewayTimeout,
        ("malformed", None) => FaultKind::Malformed,
        ("empty", None) => FaultKind::Empty,
        ("huge", None) => FaultKind::Huge,
        ("drop", None) => FaultKind::Drop,
        ("drop-after", None) => FaultKind::DropAfter,
        ("total", Some(a)) => FaultKind::TotalCount(
            serde_json::from_str(a.trim())
                .unwrap_or_else(|_| serde_json::Value::String(a.trim().to_string())),
        ),
        ("max-limit", Some(a)) => FaultKind::MaxLimit(
            a.trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    format!("`max-limit:N` needs a whole number of 1 or more, got {a:?}")
                })?,
        ),
        ("list-type", Some(a)) if !a.trim().is_empty() => FaultKind::ListType(a.trim().to_string()),
        ("slow", Some(a)) => FaultKind::Slow(parse_ms(a, "slow")?),
        ("drip", Some(a)) => FaultKind::Drip(parse_ms(a, "drip")?),
        ("processed", Some(a)) => {
            let then = parse_kind(a)?;
            if then.processes_request() || matches!(then, FaultKind::Huge | FaultKind::Drop) {
                return Err(format!(
                    "`processed:K` needs an answer kind K: 429[:SECS], 500, 502, 503, 504, \
                     malformed or empty, got {a:?}"
                ));
            }
            FaultKind::ProcessedThen(Box::new(then))
        }
        ("slow" | "drip" | "processed", None) => {
            return Err(format!("`{name}` needs a delay: `{name}:MS`"));
        }
        ("total" | "max-limit" | "list-type", _) => {
            return Err(format!("`{name}` needs a value: `{name}:VALUE`"));
        }
        (_, Some(_)) if !name.is_empty() => {
            return Err(format!("kind {name:?} takes no `:` argument"));
        }
        _ => {
            return Err(format!(
                "unknown kind {kind:?}: expected 429[:SECS], 500, 502, 503, 504, malformed, \
                 empty, huge, slow:MS, drip:MS, drop, drop-after, processed:K, total:VALUE, \
                 max-limit:N or list-type:T"
            ));
        }
    };
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_examples() {
        let rules =
            parse_faults("DELETE /v5/*/jobs/*=429x3; GET /v5/*/jobs=502;*=drop-after x1").unwrap();
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].method.as_deref(), Some("DELETE"));
        assert_eq!(
            rules[0].kind,
            FaultKind::TooManyRequests {
                retry_after_secs: 1.0
            }
        );
        assert_eq!(rules[0].remaining, Some(3));
        assert_eq!(rules[1].kind, FaultKind::BadGateway);
        assert_eq!(rules[1].remaining, None);
        assert_eq!(rules[2].method, None);
        assert_eq!(rules[2].path, None);
        assert_eq!(rules[2].kind, FaultKind::DropAfter);
        assert_eq!(rules[2].remaining, Some(1));
    }

    #[test]
    fn parses_arguments() {
        let r = parse_faults("* /v5/*/jobs=429:0.05;/v5/*/jobs=slow:250x2;GET /x=drip:10").unwrap();
        assert_eq!(
            r[0].kind,
            FaultKind::TooManyRequests {
                retry_after_secs: 0.05
            }
        );
        assert_eq!(r[0].method, None);
        assert_eq!(r[1].kind, FaultKind::Slow(Duration::from_millis(250)));
        assert_eq!(r[1].remaining, Some(2));
        assert_eq!(r[2].kind, FaultKind::Drip(Duration::from_millis(10)));
        assert!(parse_faults("").unwrap().is_empty());
        assert!(parse_faults(" ; ").unwrap().is_empty());
    }

    #[test]
    fn rejects_bad_specs_clearly() {
        for (spec, needle) in [
            ("GET /v5/*/jobs", "expected `[METHOD] PATH=KIND`"),
            ("GET /v5=418", "unknown kind"),
            ("GET /v5=slow", "needs a delay"),
            ("GET /v5=slow:abc", "whole milliseconds"),
            ("GET /v5=429:-1", "0 or more"),
            ("GET /v5=500x0", "x0"),
            ("GET v5=500", "must start with `/`"),
            ("=500", "missing METHOD/PATH"),
            ("GET /a /b=500", "unexpected"),
            ("G3T /a=500", "not an HTTP method"),
            ("GET /a=500:1", "takes no"),
        ] {
            let err = parse_faults(spec).unwrap_err();
            assert!(err.contains(needle), "{spec:?} → {err}");
            assert!(err.contains("bad fault rule"), "{err}");
        }
    }

    #[test]
    fn processed_then_an_answer() {
        let r = parse_faults("DELETE /v5/*/jobs/*=processed:503x1;*=processed:429:0").unwrap();
        assert_eq!(
            r[0].kind,
            FaultKind::ProcessedThen(Box::new(FaultKind::Unavailable))
        );
        assert_eq!(r[0].remaining, Some(1));
        assert!(r[0].kind.processes_request());
        assert_eq!(
            r[1].kind,
            FaultKind::ProcessedThen(Box::new(FaultKind::TooManyRequests {
                retry_after_secs: 0.0
            }))
        );
        for bad in [
            "*=processed",
            "*=processed:slow:5",
            "*=processed:drop-after",
        ] {
            assert!(parse_faults(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_the_listing_kinds() {
        let r = parse_faults(
            "GET /v5/*/jobs=total:1000000000;GET /v5/*/jobs=total:1e30;*=total:lots;\
             GET /v5/*/jobs=max-limit:100;GET /v5/*/jobs=list-type:sync",
        )
        .unwrap();
        assert_eq!(
            r[0].kind,
            FaultKind::TotalCount(serde_json::json!(1_000_000_000))
        );
        assert_eq!(r[1].kind, FaultKind::TotalCount(serde_json::json!(1e30)));
        assert_eq!(r[2].kind, FaultKind::TotalCount(serde_json::json!("lots")));
        assert_eq!(r[3].kind, FaultKind::MaxLimit(100));
        assert_eq!(r[4].kind, FaultKind::ListType("sync".into()));
        assert!(r.iter().all(|r| r.kind.processes_request()));
        for bad in [
            "*=max-limit:0",
            "*=max-limit:ten",
            "*=total",
            "*=list-type:",
        ] {
            assert!(parse_faults(bad).is_err(), "{bad}");
        }
        assert_eq!(query_limit("job_type=sync&offset=0&limit=1000"), Some(1000));
        assert_eq!(
            with_job_type("job_type=sync&limit=5", "migration"),
            "job_type=migration&limit=5"
        );
        let body = with_total_count(br#"{"total_count":3,"jobs":[]}"#, &serde_json::json!(-5))
            .expect("object");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(v, serde_json::json!({"total_count": -5, "jobs": []}));
    }

    #[test]
    fn matching_and_counting_down() {
        let mut rules = parse_faults("DELETE /v5/*/jobs/*=500x2;GET /v5/*/jobs=503").unwrap();
        assert!(take_fault(&mut rules, "GET", "/v5/p/jobs/j").is_none());
        assert_eq!(
            take_fault(&mut rules, "delete", "/v5/p/jobs/j"),
            Some(FaultKind::InternalError)
        );
        assert!(take_fault(&mut rules, "DELETE", "/v5/p/jobs").is_none());
        assert!(take_fault(&mut rules, "DELETE", "/v5/p/jobs/j").is_some());
        assert!(take_fault(&mut rules, "DELETE", "/v5/p/jobs/j").is_none());
        for _ in 0..5 {
            assert_eq!(
                take_fault(&mut rules, "GET", "/v5/p/jobs/"),
                Some(FaultKind::Unavailable)
            );
        }
    }
}
