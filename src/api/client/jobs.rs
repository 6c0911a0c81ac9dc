//! The job calls: show, delete, stop and their batch forms, and the `--dry-run` description of
//! a delete. Ids are checked before anything is sent.

use super::*;

/// Refuses, before any request, a job id that would change which URL is called: empty (the
/// batch path), `.` or `..` (dot segments that URL parsers resolve away), with control
/// characters ([`crate::sanitize::is_unsafe`]), or with `�` (an id drs-tui cleaned to show it
/// is not the job's id: such a job is never written to). Every other id stays inside its own
/// percent-encoded path segment.
pub fn check_job_id(id: &str) -> Result<(), Failure> {
    let Some(why) = id_problem(id)
        .or_else(|| crate::sanitize::is_cleaned_id(id).then(|| crate::tr!(IdCleaned).to_string()))
    else {
        return Ok(());
    };
    Err(Failure::unsent(ClientError::Invalid(crate::tr!(
        IdRefused,
        format!("{:?}", crate::sanitize::clean(id)),
        why
    ))))
}

/// Why `id` cannot be a path segment (the rule job and project ids share): empty, a dot
/// segment, or unsafe characters; `None` when it can.
pub(crate) fn id_problem(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        Some(crate::tr!(IdEmpty).to_string())
    } else if id == "." || id == ".." {
        Some(crate::tr!(IdDot).to_string())
    } else if id.chars().any(crate::sanitize::is_unsafe) {
        Some(crate::tr!(IdControl).to_string())
    } else {
        None
    }
}

/// A project id from `source` (a flag, a variable, a file, the cache, an IAM token) checked
/// like a job id (see [`check_job_id`]), and refused with a `/` too: the message names the id
/// (cleaned) and the source.
pub fn check_project_id(id: &str, source: &str) -> Result<(), String> {
    let why = id_problem(id).or_else(|| id.contains('/').then(|| crate::tr!(IdSlash).to_string()));
    match why {
        None => Ok(()),
        Some(why) => Err(crate::tr!(
            ProjectIdRefused,
            format!("{:?}", crate::sanitize::clean(id)),
            source,
            why
        )),
    }
}

/// An AK/SK `Authorization` header with the access key and the signature blanked; the
/// algorithm and `SignedHeaders` stay, since they show what is signed.
fn redact_authorization(v: &str) -> String {
    let (algorithm, params) = v.split_once(' ').unwrap_or((v, ""));
    let params: Vec<String> = params
        .split(", ")
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k != "SignedHeaders" => format!("{k}=[REDACTED]"),
            _ => p.to_string(),
        })
        .collect();
    format!("{algorithm} {}", params.join(", "))
}

impl DrsClient {
    /// `GET /v5/{project_id}/jobs/{job_id}?type=…` (`detail_type` defaults to `detail`).
    pub async fn show_job(
        &self,
        job_id: &str,
        detail_type: Option<&str>,
    ) -> Result<Answer<JobDetailResponse>, Failure> {
        check_job_id(job_id)?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::GET,
            segments: vec!["v5", &project, "jobs", job_id],
            query: vec![(
                "type".to_string(),
                detail_type.unwrap_or("detail").to_string(),
            )],
            body: None,
        };
        self.call_json(req, Idempotency::Read).await
    }

    /// `GET /v5/{project_id}/jobs/{job_id}?type=…&offset=…&limit=…`: one page of a pageable
    /// detail type (`log`), or a type whose answer is small (`progress`).
    pub async fn show_job_page(
        &self,
        job_id: &str,
        detail_type: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Answer<JobDetailResponse>, Failure> {
        check_job_id(job_id)?;
        let project = self.project_or_fail().await?;
        let mut query = vec![("type".to_string(), detail_type.to_string())];
        if detail_type == "log" {
            query.push(("offset".to_string(), offset.to_string()));
            query.push(("limit".to_string(), limit.to_string()));
        }
        let req = Request {
            method: Method::GET,
            segments: vec!["v5", &project, "jobs", job_id],
            query,
            body: None,
        };
        self.call_json(req, Idempotency::Read).await
    }

    /// `DELETE /v5/{project_id}/jobs/{job_id}`: 200 `{}` on success.
    pub async fn delete_job(&self, job_id: &str) -> Result<Answer<()>, Failure> {
        self.guard_write(&format!("DELETE job {job_id}"))?;
        check_job_id(job_id)?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::DELETE,
            segments: vec!["v5", &project, "jobs", job_id],
            query: Vec::new(),
            body: None,
        };
        Ok(self.call(req, Idempotency::Write).await?.map(|_| ()))
    }

    /// `POST /v5/{project_id}/jobs/{job_id}/stop` with `{"is_force_stop": force}`.
    /// A 200 whose body says `failed` is returned as an error.
    pub async fn stop_job(
        &self,
        job_id: &str,
        force: bool,
    ) -> Result<Answer<ActionResult>, Failure> {
        self.guard_write(&format!("STOP job {job_id}"))?;
        check_job_id(job_id)?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::POST,
            segments: vec!["v5", &project, "jobs", job_id, "stop"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "is_force_stop": force }))),
        };
        let a: Answer<ActionResult> = self.call_json(req, Idempotency::Write).await?;
        if !a.value.succeeded() {
            return Err(Failure {
                error: ClientError::Api(ApiError {
                    http_status: a.status,
                    error_code: if a.value.error_code.is_empty() {
                        a.status.to_string()
                    } else {
                        a.value.error_code.clone()
                    },
                    error_msg: a.value.error_msg.clone(),
                    request_id: a.request_id.clone(),
                }),
                attempts: a.attempts,
                ambiguous: false,
                throttles: a.throttles,
            });
        }
        Ok(a)
    }

    /// `DELETE /v5/{project_id}/jobs` with `{"jobs": [ids]}`; check every item's result.
    pub async fn batch_delete(
        &self,
        job_ids: &[String],
    ) -> Result<Answer<Vec<ActionResult>>, Failure> {
        self.guard_write(&format!("batch DELETE of {} jobs", job_ids.len()))?;
        job_ids.iter().try_for_each(|id| check_job_id(id))?;
        let project = self.project_or_fail().await?;
        let req = Request {
            method: Method::DELETE,
            segments: vec!["v5", &project, "jobs"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "jobs": job_ids }))),
        };
        let a: Answer<BatchResponse> = self.call_json(req, Idempotency::Write).await?;
        Ok(a.map(|b| b.jobs))
    }

    /// `POST /v5/{project_id}/jobs/batch-stop`; check every item's result.
    pub async fn batch_stop(
        &self,
        job_ids: &[String],
        force: bool,
    ) -> Result<Answer<Vec<ActionResult>>, Failure> {
        self.guard_write(&format!("batch STOP of {} jobs", job_ids.len()))?;
        job_ids.iter().try_for_each(|id| check_job_id(id))?;
        let project = self.project_or_fail().await?;
        let jobs: Vec<_> = job_ids
            .iter()
            .map(|id| serde_json::json!({"job_id": id, "is_force_stop": force}))
            .collect();
        let req = Request {
            method: Method::POST,
            segments: vec!["v5", &project, "jobs", "batch-stop"],
            query: Vec::new(),
            body: Some(sdk_json(&serde_json::json!({ "jobs": jobs }))),
        };
        let a: Answer<BatchResponse> = self.call_json(req, Idempotency::Write).await?;
        Ok(a.map(|b| b.jobs))
    }

    /// The exact request a delete would send, every header included, secrets as
    /// `[REDACTED]`, for `--dry-run`. Nothing is sent (but a password login, to learn the
    /// project id, when none is configured).
    pub async fn describe_delete(&self, job_id: &str) -> Result<String, ClientError> {
        check_job_id(job_id).map_err(|f| f.error)?;
        let project = self.project_id().await?;
        let req = Request {
            method: Method::DELETE,
            segments: vec!["v5", &project, "jobs", job_id],
            query: Vec::new(),
            body: None,
        };
        let url = self.url(&req.segments, "")?;
        // The real credentials sign it, so that SignedHeaders is exactly what would be sent;
        // the secret parts are then blanked.
        let auth = match self.inner.auth.credentials() {
            crate::api::auth::Credentials::AkSk {
                ak,
                sk,
                security_token,
            } => RequestAuth::Sign {
                ak: ak.clone(),
                sk: sk.clone(),
                security_token: security_token.clone(),
            },
            crate::api::auth::Credentials::Token(t) => RequestAuth::Token(t.clone()),
            crate::api::auth::Credentials::IamPassword { .. } => {
                RequestAuth::Token(crate::secret::Secret::new("[REDACTED]"))
            }
        };
        let mut s = format!("{} {url}\n", req.method);
        let mut headers = self.request_headers(&req, &url, &auth, &[]);
        headers.push(("User-Agent".into(), USER_AGENT.into()));
        for (k, v) in headers {
            let shown = match k.as_str() {
                "X-Auth-Token" | "X-Security-Token" => "[REDACTED]".to_string(),
                "Authorization" => redact_authorization(&v),
                _ => v,
            };
            s.push_str(&format!("  {k}: {shown}\n"));
        }
        Ok(s)
    }

    fn guard_write(&self, action: &str) -> Result<(), Failure> {
        if self.inner.config.read_only {
            return Err(Failure::unsent(ClientError::ReadOnly {
                action: action.to_string(),
            }));
        }
        Ok(())
    }
}
