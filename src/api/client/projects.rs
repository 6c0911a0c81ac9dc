//! IAM project lookup, the way the official SDK finds a project id: AK/SK callers ask
//! `GET {iam}/v3/projects?name={region}` (signed like any call); token callers list
//! `GET {iam}/v3/auth/projects`. Both answer `{"projects": [...]}`.

use serde::{Deserialize, Serialize};

use super::transport::{authenticate, host_header};
use super::*;

/// One IAM project, its text already cleaned of control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IamProject {
    /// Project id (what `X-Project-Id` and DRS paths carry).
    #[serde(default)]
    pub id: String,
    /// Project name: the region id for a region's default project, `<region>_<suffix>` for
    /// sub-projects, or non-regional names such as `MOS`.
    #[serde(default)]
    pub name: String,
    /// Whether the project is enabled.
    #[serde(default = "enabled_default")]
    pub enabled: bool,
    /// Free text.
    #[serde(default)]
    pub description: String,
}

fn enabled_default() -> bool {
    true
}

#[derive(Deserialize)]
struct ProjectsAnswer {
    projects: Vec<serde_json::Value>,
}

/// Why no single project id came out of a lookup.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProjectLookupError {
    /// IAM has no project of that name for these credentials.
    #[error("{}", crate::tr!(ProjectNone, iam, format!("{region:?}")))]
    NoProject {
        /// The region (project name) asked for.
        region: String,
        /// The IAM endpoint asked.
        iam: String,
    },
    /// Several projects carry the name; the user must pick one.
    #[error("{}", crate::tr!(ProjectSeveral, projects.len(), format!("{region:?}"), list(projects)))]
    Several {
        /// The region (project name) asked for.
        region: String,
        /// The candidates.
        projects: Vec<IamProject>,
    },
    /// The request failed.
    #[error("{}", crate::tr!(ProjectRequest, .0))]
    Request(ClientError),
    /// The id found (in the cache) is not a safe path segment: the message names it and where.
    #[error("{0}")]
    Refused(String),
}

fn list(projects: &[IamProject]) -> String {
    projects
        .iter()
        .map(|p| format!("{} ({})", p.id, p.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A project id safe to put in a path, a header and the cache: 1–64 letters, digits, `-`, `_`.
fn plausible_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl DrsClient {
    /// The projects IAM lists for these credentials, only those named `name` when given.
    /// AK/SK: `GET /v3/projects[?name=]`, signed; tokens: `GET /v3/auth/projects`, whose
    /// answer is filtered here (that API has no name filter).
    pub async fn iam_projects(&self, name: Option<&str>) -> Result<Vec<IamProject>, ClientError> {
        let inner = &self.inner;
        let auth = inner.auth.request_auth(&inner.http).await?;
        let (url, query) = projects_url(&inner.config.iam_endpoint, &auth, name)?;
        // As the SDK sends it: no Content-Type, no X-Project-Id, an empty body.
        let mut headers: Vec<(String, String)> = vec![("Host".into(), host_header(&url))];
        authenticate(&mut headers, &auth, "GET", &url, &query, b"");
        let mut builder = inner.http.get(url);
        for (k, v) in &headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let resp = builder.send().await.map_err(|e| transport_error(&e))?;
        let status = resp.status().as_u16();
        let request_id = header_str(&resp, "X-Request-Id");
        let body = read_capped(resp, inner.config.body_limit).await?;
        if !(200..300).contains(&status) {
            return Err(ClientError::Api(ApiError::from_response(
                status,
                request_id.as_deref(),
                &body,
            )));
        }
        inner
            .verified
            .store(true, std::sync::atomic::Ordering::Release);
        let mut projects = parse_projects(status, &body)?;
        inner
            .auth
            .learn_project_names(projects.iter().map(|p| (p.id.as_str(), p.name.as_str())));
        if let Some(n) = name {
            projects.retain(|p| p.name == n);
        }
        Ok(projects)
    }

    /// The one project named after `region`, as the SDK requires: none or several is an error.
    pub async fn project_for_region(&self, region: &str) -> Result<String, ProjectLookupError> {
        let mut projects = self
            .iam_projects(Some(region))
            .await
            .map_err(ProjectLookupError::Request)?;
        match projects.len() {
            0 => Err(ProjectLookupError::NoProject {
                region: region.to_string(),
                iam: self.inner.config.iam_endpoint.to_string(),
            }),
            1 => Ok(projects.remove(0).id),
            _ => Err(ProjectLookupError::Several {
                region: region.to_string(),
                projects,
            }),
        }
    }
}

/// The listing's URL and query: `/v3/projects[?name=]` signed, `/v3/auth/projects` with a token.
fn projects_url(
    iam: &Url,
    auth: &RequestAuth,
    name: Option<&str>,
) -> Result<(Url, Vec<(String, String)>), ClientError> {
    let mut url = iam.clone();
    let segments: &[&str] = match auth {
        RequestAuth::Sign { .. } => &["v3", "projects"],
        RequestAuth::Token(_) => &["v3", "auth", "projects"],
    };
    url.path_segments_mut()
        .map_err(|_| ClientError::Invalid("the IAM endpoint cannot be a base URL".into()))?
        .pop_if_empty()
        .extend(segments);
    let query: Vec<(String, String)> = match (auth, name) {
        (RequestAuth::Sign { .. }, Some(n)) => vec![("name".into(), n.into())],
        _ => Vec::new(),
    };
    let canonical = signer::canonical_query(&query);
    url.set_query((!canonical.is_empty()).then_some(canonical.as_str()));
    Ok((url, query))
}

/// The projects of an IAM answer, their text cleaned; odd entries (a non-object, an id that is
/// not plausible) are skipped, not fatal.
fn parse_projects(status: u16, body: &[u8]) -> Result<Vec<IamProject>, ClientError> {
    let answer: ProjectsAnswer = serde_json::from_slice(body).map_err(|e| ClientError::Decode {
        status,
        message: format!(
            "expected {{\"projects\": [...]}}: {e}; body starts: {}",
            truncated_raw(body)
        ),
    })?;
    let clean = crate::sanitize::clean;
    let mut projects = Vec::with_capacity(answer.projects.len());
    for v in answer.projects {
        let Ok(p) = serde_json::from_value::<IamProject>(v) else {
            continue;
        };
        if !plausible_id(&p.id) {
            tracing::warn!("IAM listed a project whose id is not plausible; skipped");
            continue;
        }
        projects.push(IamProject {
            id: p.id,
            name: clean(&p.name),
            enabled: p.enabled,
            description: clean(&p.description),
        });
    }
    Ok(projects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_change_a_path_are_not_plausible() {
        assert!(plausible_id("de40de40de40de40de40de40de40de40"));
        assert!(plausible_id("cn-north-4_x"));
        assert!(!plausible_id(""));
        assert!(!plausible_id("../v3"));
        assert!(!plausible_id("a b"));
        assert!(!plausible_id(&"a".repeat(65)));
    }

    #[test]
    fn several_projects_are_listed_with_the_hint() {
        let e = ProjectLookupError::Several {
            region: "cn-north-4".into(),
            projects: vec![
                IamProject {
                    id: "p1".into(),
                    name: "cn-north-4".into(),
                    enabled: true,
                    description: String::new(),
                },
                IamProject {
                    id: "p2".into(),
                    name: "cn-north-4".into(),
                    enabled: true,
                    description: String::new(),
                },
            ],
        };
        let s = e.to_string();
        assert!(s.contains("p1 (cn-north-4), p2 (cn-north-4)"), "{s}");
        assert!(s.contains("--project-id"), "{s}");
    }
}
