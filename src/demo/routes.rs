//! One handler for every request: route, latency, faults, auth, the endpoint itself, the
//! `X-Request-Id` header and the request log. Routing by hand keeps every error in DRS's own
//! shapes (no framework rejections) and lets faults wrap any answer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use futures::StreamExt;
use serde_json::{Value, json};

use super::auth::{self, Received, query_pairs};
use super::errors::{DemoError, Lang};
use super::faults::FaultKind;
use super::listing;
use super::state::{DemoState, RecordedRequest, Refusal};

/// Largest request body read (bigger ones get 413 `APIGW.0201`).
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;
/// Size of the `huge` fault's body.
pub const HUGE_BODY_BYTES: usize = 9 * 1024 * 1024;

/// What the handler needs: the state and the configured latency.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Shared state.
    pub state: Arc<DemoState>,
    /// Wait before every `/v5` answer.
    pub latency: Duration,
}

enum Route {
    Login,
    /// `GET /v3/projects` (`auth: false`) or `GET /v3/auth/projects` (`auth: true`).
    IamProjects {
        auth: bool,
    },
    List,
    BatchDelete,
    BatchStop,
    Detail(String),
    Delete(String),
    Stop(String),
    NotFound,
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Parses method + raw path into a route and the (decoded) project id of `/v5` paths.
fn route(method: &str, path: &str) -> (Route, Option<String>) {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = trimmed.split('/').skip(1).collect();
    let project = match segs.as_slice() {
        ["v5", p, "jobs", ..] => Some(decode(p)),
        _ => None,
    };
    let r = match (method, segs.as_slice()) {
        ("POST", ["v3", "auth", "tokens"]) => Route::Login,
        ("GET", ["v3", "projects"]) => Route::IamProjects { auth: false },
        ("GET", ["v3", "auth", "projects"]) => Route::IamProjects { auth: true },
        ("GET", ["v5", _, "jobs"]) => Route::List,
        ("DELETE", ["v5", _, "jobs"]) => Route::BatchDelete,
        ("POST", ["v5", _, "jobs", "batch-stop"]) => Route::BatchStop,
        ("GET", ["v5", _, "jobs", id]) => Route::Detail(decode(id)),
        ("DELETE", ["v5", _, "jobs", id]) => Route::Delete(decode(id)),
        ("POST", ["v5", _, "jobs", id, "stop"]) => Route::Stop(decode(id)),
        _ => Route::NotFound,
    };
    (r, project)
}

/// A complete answer before delivery (faults may change how it is delivered).
struct Answer {
    status: StatusCode,
    body: Bytes,
    content_type: &'static str,
    subject_token: Option<String>,
}

const JSON: &str = "application/json;charset=UTF-8";

fn json_answer(status: StatusCode, v: &Value) -> Answer {
    Answer {
        status,
        body: Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
        content_type: JSON,
        subject_token: None,
    }
}

fn error_answer(e: &DemoError, request_id: &str) -> Answer {
    json_answer(e.status, &e.body(request_id))
}

/// What the handler reads of a request before its body.
struct Head {
    method: String,
    path: String,
    query: String,
    request_id: String,
    lang: Lang,
    route: Route,
    /// The decoded project id of a `/v5` path.
    project: Option<String>,
}

impl Head {
    /// The request's head, with a new request id.
    fn read(state: &DemoState, parts: &Parts) -> Head {
        let method = parts.method.as_str().to_ascii_uppercase();
        let path = parts.uri.path().to_string();
        let query = parts.uri.query().unwrap_or("").to_string();
        let request_id = state.next_request_id();
        let lang = Lang::from_header(
            parts
                .headers
                .get("x-language")
                .and_then(|v| v.to_str().ok()),
        );
        let (route, project) = route(&method, &path);
        Head {
            method,
            path,
            query,
            request_id,
            lang,
            route,
            project,
        }
    }

    /// The job id of a route on one job.
    fn job_id(&self) -> Option<String> {
        match &self.route {
            Route::Detail(id) | Route::Delete(id) | Route::Stop(id) => Some(id.clone()),
            _ => None,
        }
    }
}

/// The axum handler for every request.
///
/// A real service finishes a request whose client went away (a killed drs-tui's delete is
/// still processed): each request runs in its own task, which a dropped connection does not
/// cancel.
pub async fn handle(State(ctx): State<Ctx>, req: Request) -> Response {
    match tokio::spawn(serve(ctx, req)).await {
        Ok(response) => response,
        Err(_) => axum::response::IntoResponse::into_response(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        ),
    }
}

async fn serve(ctx: Ctx, req: Request) -> Response {
    let at = Instant::now();
    let state = &ctx.state;
    let (parts, body) = req.into_parts();
    let head = Head::read(state, &parts);
    state.note_arrival(&head.method);
    let _in_flight = match (&head.route, &head.project) {
        (Route::List, Some(p)) => {
            state.note_list_arrival(p);
            Some(state.list_started(p))
        }
        _ => None,
    };
    if head.path.starts_with("/v5/") && !ctx.latency.is_zero() {
        tokio::time::sleep(ctx.latency).await;
    }
    let fault = state.take_fault(&head.method, &head.path);
    let response = match (to_bytes(body, MAX_REQUEST_BODY).await, fault) {
        (Err(_), _) => deliver(
            error_answer(&DemoError::body_too_large(), &head.request_id),
            None,
        ),
        (Ok(_), Some(kind)) if !kind.processes_request() => fault_response(&kind, &head.request_id),
        (Ok(body), fault) => process(state, &head, &parts.headers, &body, fault).await,
    };
    finish(state, response, head, at)
}

/// A request the service processes: its answer, as the fault (if any) changes the request,
/// the answer or its delivery.
async fn process(
    state: &DemoState,
    head: &Head,
    headers: &HeaderMap,
    body: &[u8],
    fault: Option<FaultKind>,
) -> Response {
    if let Some(FaultKind::Slow(d)) = fault {
        tokio::time::sleep(d).await;
    }
    let asked = match &fault {
        Some(FaultKind::ListType(t)) => super::with_job_type(&head.query, t),
        _ => head.query.clone(),
    };
    let received = Received {
        method: &head.method,
        path: &head.path,
        query: &asked,
        headers,
        body,
    };
    let request_id = &head.request_id;
    let mut answer = match &fault {
        Some(FaultKind::MaxLimit(max))
            if super::query_limit(&head.query).is_some_and(|l| l > *max) =>
        {
            error_answer(&DemoError::page_too_large(head.lang, *max), request_id)
        }
        _ => answer(
            state,
            &head.route,
            head.project.as_deref(),
            &received,
            head.lang,
            request_id,
        ),
    };
    if let Some(FaultKind::TotalCount(total)) = &fault
        && answer.status == StatusCode::OK
        && let Some(body) = super::with_total_count(&answer.body, total)
    {
        answer.body = Bytes::from(body);
    }
    match fault {
        // Processed above; the client sees the fault's answer instead.
        Some(FaultKind::ProcessedThen(then)) => fault_response(&then, request_id),
        fault => deliver(answer, fault),
    }
}

/// Stamps the request id on the response and logs the request.
fn finish(state: &DemoState, mut response: Response, head: Head, at: Instant) -> Response {
    if let Ok(v) = HeaderValue::from_str(&head.request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let job_id = head.job_id();
    state.record(RecordedRequest {
        method: head.method,
        path: head.path,
        query: head.query,
        status: response.status().as_u16(),
        job_id,
        at,
    });
    response
}

fn answer(
    state: &DemoState,
    route: &Route,
    project: Option<&str>,
    req: &Received<'_>,
    lang: Lang,
    request_id: &str,
) -> Answer {
    if let Route::Login = route {
        let nocatalog = query_pairs(req.query)
            .iter()
            .any(|(k, v)| k == "nocatalog" && !v.is_empty());
        let login = auth::login(state, req.body, nocatalog);
        let mut a = json_answer(login.status, &login.body);
        a.subject_token = login.token;
        return a;
    }
    if let Route::NotFound = route {
        return error_answer(&DemoError::no_such_api(), request_id);
    }
    if let Route::IamProjects { auth } = route {
        let host = auth::header(req.headers, "host").unwrap_or("127.0.0.1");
        return match auth::projects(state, req, *auth, &format!("http://{host}")) {
            Ok(v) => json_answer(StatusCode::OK, &v),
            Err(e) => error_answer(&e, request_id),
        };
    }
    if let Err(e) = auth::check(state, req) {
        return error_answer(&e, request_id);
    }
    let Some(project) = project.filter(|p| state.serves_project(p)) else {
        return error_answer(&DemoError::bad_project(lang), request_id);
    };
    // An issued token works only on the project it is scoped to, as on the real gateway.
    if let Some(token) = auth::header(req.headers, "x-auth-token")
        && state
            .token_scope(token.trim())
            .is_some_and(|scoped| scoped != project)
    {
        return error_answer(&DemoError::wrong_project_token(), request_id);
    }
    let regional = state.regional(project);
    let state = regional.as_deref().unwrap_or(state);
    // The list is the hot path: its page is serialised straight from the store.
    if let Route::List = route {
        return match listing::list_bytes(state, &query_pairs(req.query), lang) {
            Ok(body) => Answer {
                status: StatusCode::OK,
                body: Bytes::from(body),
                content_type: JSON,
                subject_token: None,
            },
            Err(e) => error_answer(&e, request_id),
        };
    }
    match endpoint(state, route, req, lang) {
        Ok(v) => json_answer(StatusCode::OK, &v),
        Err(e) => error_answer(&e, request_id),
    }
}

fn endpoint(
    state: &DemoState,
    route: &Route,
    req: &Received<'_>,
    lang: Lang,
) -> Result<Value, DemoError> {
    let q = query_pairs(req.query);
    match route {
        Route::List => listing::list(state, &q, lang),
        Route::Detail(id) => {
            listing::check_detail_type(&q, lang)?;
            let job = state.job(id).ok_or(DemoError::job_not_found(lang))?;
            match super::listing::first(&q, "type") {
                Some("progress") => return Ok(super::story::progress_detail(&job)),
                Some("log") => return super::story::log_detail(&job, &q, lang),
                _ => {}
            }
            let parent = state.parent_of(id);
            Ok(listing::detail(&job, parent.as_ref()))
        }
        Route::Delete(id) => match state.delete_job(id) {
            Ok(_) => Ok(json!({})),
            Err(r) => Err(refusal_error(r, lang, true)),
        },
        Route::Stop(id) => {
            parse_stop_body(req.body, lang)?;
            match state.stop_job(id) {
                Ok(_) => Ok(json!({"status": "success"})),
                Err(r) => Err(refusal_error(r, lang, false)),
            }
        }
        Route::BatchDelete => {
            let ids = parse_batch_delete(req.body, lang)?;
            let items: Vec<Value> = ids
                .iter()
                .map(|id| {
                    let name = state.job(id).map(|j| j.name).unwrap_or_default();
                    item(id, &name, state.delete_job(id).map(|_| ()), lang, true)
                })
                .collect();
            Ok(json!({ "jobs": items }))
        }
        Route::BatchStop => {
            let ids = parse_batch_stop(req.body, lang)?;
            let items: Vec<Value> = ids
                .iter()
                .map(|id| {
                    let name = state.job(id).map(|j| j.name).unwrap_or_default();
                    item(id, &name, state.stop_job(id).map(|_| ()), lang, false)
                })
                .collect();
            Ok(json!({ "jobs": items }))
        }
        Route::Login | Route::IamProjects { .. } | Route::NotFound => Err(DemoError::no_such_api()),
    }
}

fn refusal_error(r: Refusal, lang: Lang, delete: bool) -> DemoError {
    match r {
        Refusal::NotFound => DemoError::job_not_found(lang),
        Refusal::WrongStatus(s) if delete => DemoError::must_stop_first(lang, &s),
        Refusal::WrongStatus(s) => DemoError::cannot_stop(lang, &s),
    }
}

fn item(id: &str, name: &str, result: Result<(), Refusal>, lang: Lang, delete: bool) -> Value {
    match result {
        Ok(()) => json!({"id": id, "name": name, "status": "success"}),
        Err(r) => {
            let e = refusal_error(r, lang, delete);
            json!({"id": id, "name": name, "status": "failed", "error_code": e.code, "error_msg": e.msg})
        }
    }
}

fn parse_json(body: &[u8], lang: Lang) -> Result<Value, DemoError> {
    serde_json::from_slice(body)
        .map_err(|_| DemoError::bad_body(lang, "the request body is not valid JSON."))
}

/// The stop body is optional; when present it must be an object whose `is_force_stop` is a bool.
fn parse_stop_body(body: &[u8], lang: Lang) -> Result<bool, DemoError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(false);
    }
    let v = parse_json(body, lang)?;
    if !v.is_object() {
        return Err(DemoError::bad_body(lang, "expected a JSON object."));
    }
    match v.get("is_force_stop") {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(DemoError::param_invalid(lang, "is_force_stop")),
    }
}

fn jobs_array(body: &[u8], lang: Lang) -> Result<Vec<Value>, DemoError> {
    if body.is_empty() {
        return Err(DemoError::param_empty(lang, "jobs"));
    }
    match parse_json(body, lang)?.get_mut("jobs").map(Value::take) {
        Some(Value::Array(a)) if !a.is_empty() => Ok(a),
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            Err(DemoError::param_empty(lang, "jobs"))
        }
        Some(_) => Err(DemoError::param_invalid(lang, "jobs")),
    }
}

fn parse_batch_delete(body: &[u8], lang: Lang) -> Result<Vec<String>, DemoError> {
    jobs_array(body, lang)?
        .into_iter()
        .map(|v| match v {
            Value::String(s) if !s.is_empty() => Ok(s),
            _ => Err(DemoError::param_invalid(lang, "jobs")),
        })
        .collect()
}

fn parse_batch_stop(body: &[u8], lang: Lang) -> Result<Vec<String>, DemoError> {
    jobs_array(body, lang)?
        .into_iter()
        .map(|v| {
            let id = v.get("job_id").and_then(Value::as_str).unwrap_or_default();
            let force_ok = matches!(
                v.get("is_force_stop"),
                None | Some(Value::Null | Value::Bool(_))
            );
            if id.is_empty() {
                Err(DemoError::param_empty(lang, "job_id"))
            } else if !force_ok {
                Err(DemoError::param_invalid(lang, "is_force_stop"))
            } else {
                Ok(id.to_string())
            }
        })
        .collect()
}

fn response(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

fn broken() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "demo fault: connection dropped",
    )
}

/// Sends a processed answer, normally or as `drip`/`drop-after` say.
fn deliver(a: Answer, fault: Option<FaultKind>) -> Response {
    let len = a.body.len();
    let mut r = match fault {
        Some(FaultKind::Drip(pause)) => {
            // At most ~20 chunks of at least 64 bytes, `pause` apart.
            let size = (len / 20).max(64);
            let chunks: Vec<Bytes> = (0..len)
                .step_by(size)
                .map(|i| a.body.slice(i..(i + size).min(len)))
                .collect();
            let stream = futures::stream::iter(chunks.into_iter().enumerate()).then(
                move |(i, c)| async move {
                    if i > 0 {
                        tokio::time::sleep(pause).await;
                    }
                    Ok::<Bytes, std::io::Error>(c)
                },
            );
            let mut r = response(a.status, a.content_type, Body::from_stream(stream));
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            r
        }
        Some(FaultKind::DropAfter) => {
            // Announce the full length, send half, then break the connection.
            let head = a.body.slice(..len / 2);
            let stream = futures::stream::iter([Ok(head), Err(broken())]);
            let mut r = response(a.status, a.content_type, Body::from_stream(stream));
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(len.max(1)));
            r
        }
        _ => response(a.status, a.content_type, Body::from(a.body)),
    };
    if let Some(t) = a.subject_token
        && let Ok(v) = HeaderValue::from_str(&t)
    {
        r.headers_mut().insert("x-subject-token", v);
    }
    r
}

const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
</body>\r\n</html>\r\n";

/// The answer of a fault that replaces processing.
fn fault_response(kind: &FaultKind, request_id: &str) -> Response {
    let gw = |status: StatusCode, code: &str, msg: &str| {
        let v = json!({"error_code": code, "error_msg": msg, "request_id": request_id});
        response(status, JSON, Body::from(v.to_string()))
    };
    match kind {
        FaultKind::TooManyRequests { retry_after_secs } => {
            let mut r = gw(
                StatusCode::TOO_MANY_REQUESTS,
                "APIGW.0308",
                "The throttling threshold has been reached: policy user over ratelimit,limit:200,time:1 second",
            );
            if let Ok(v) = HeaderValue::from_str(&format!("{retry_after_secs}")) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        FaultKind::InternalError => gw(
            StatusCode::INTERNAL_SERVER_ERROR,
            "DRS.M00004",
            "The service is abnormal. Please try again later.",
        ),
        FaultKind::BadGateway => response(
            StatusCode::BAD_GATEWAY,
            "text/html",
            Body::from(BAD_GATEWAY_HTML),
        ),
        FaultKind::Unavailable => gw(
            StatusCode::SERVICE_UNAVAILABLE,
            "APIGW.0202",
            "The API is unavailable: backend service unavailable.",
        ),
        FaultKind::GatewayTimeout => gw(
            StatusCode::GATEWAY_TIMEOUT,
            "APIGW.0203",
            "Backend timeout.",
        ),
        FaultKind::Malformed => response(
            StatusCode::OK,
            JSON,
            Body::from(r#"{"total_count": 3, "jobs": [{"id": "de40-trunc"#),
        ),
        FaultKind::Empty => response(StatusCode::OK, JSON, Body::empty()),
        FaultKind::Huge => {
            let mut s = String::with_capacity(HUGE_BODY_BYTES + 64);
            s.push_str(r#"{"total_count":0,"jobs":[],"padding":""#);
            s.extend(std::iter::repeat_n('x', HUGE_BODY_BYTES));
            s.push_str("\"}");
            response(StatusCode::OK, JSON, Body::from(s))
        }
        FaultKind::Drop => {
            let stream = futures::stream::iter([Err::<Bytes, _>(broken())]);
            response(StatusCode::OK, JSON, Body::from_stream(stream))
        }
        // Processing kinds never get here; answer as a plain error if they ever do.
        FaultKind::Slow(_)
        | FaultKind::Drip(_)
        | FaultKind::DropAfter
        | FaultKind::ProcessedThen(_)
        | FaultKind::TotalCount(_)
        | FaultKind::MaxLimit(_)
        | FaultKind::ListType(_) => gw(
            StatusCode::INTERNAL_SERVER_ERROR,
            "DRS.M00004",
            "The service is abnormal.",
        ),
    }
}
