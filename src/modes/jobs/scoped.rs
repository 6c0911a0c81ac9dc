//! `jobs … --regions`: the same commands over several projects. Projects are listed
//! [`PROJECTS_AT_ONCE`] at a time (each one's types and pages concurrently, as for one); a job
//! found in a project is read and written there, with that project's region and id in the
//! audit trail.

use std::collections::{HashMap, HashSet};
use std::future::Future;

use futures::StreamExt;

use crate::api::ScopeSet;
use crate::api::{DrsClient, Failure, Job, JobType, ListFilter, ScopeId};
use crate::config::defaults::{MANY_PROJECTS, PROJECTS_AT_ONCE};
use crate::ops::Writer;

/// One project whose listing failed.
#[derive(Debug)]
pub struct ScopeFailure {
    /// The project.
    pub scope: ScopeId,
    /// Why.
    pub failure: Failure,
}

/// Runs `each` for the projects of `set`, at most [`PROJECTS_AT_ONCE`] at a time (the next
/// one starts as one ends), handing each result to `take` as it comes: what is held at any
/// time is what `take` kept plus the few in flight, never a future per project.
async fn each_project<'a, Fut, T>(
    set: &'a ScopeSet,
    each: impl FnMut(&'a (ScopeId, DrsClient)) -> Fut,
    mut take: impl FnMut(T),
) where
    Fut: Future<Output = T>,
{
    let mut results = futures::stream::iter(set.clients.iter())
        .map(each)
        .buffer_unordered(PROJECTS_AT_ONCE);
    while let Some(r) = results.next().await {
        take(r);
    }
}

/// Says on stderr how many projects will be listed, and how many at a time, when they are
/// more than [`MANY_PROJECTS`] (an account with thousands of IAM projects takes a while).
pub fn announce(set: &ScopeSet) {
    let n = set.clients.len();
    if n > MANY_PROJECTS {
        eprintln!(
            "drs-tui: {}",
            crate::tr!(ScopeManyProjects, n, PROJECTS_AT_ONCE)
        );
    }
}

/// Every job of every project (each tagged with its scope), and the projects that failed (in
/// the order of the projects): one failing project never hides the others.
pub async fn list(
    set: &ScopeSet,
    types: &[JobType],
    filter: &ListFilter,
) -> (Vec<Job>, Vec<ScopeFailure>) {
    announce(set);
    let mut jobs = Vec::new();
    let mut failed = Vec::new();
    each_project(
        set,
        |(scope, client)| async move { (*scope, client.list_all(types, filter, &|_| {}).await) },
        |(scope, r)| match r {
            Ok(list) => jobs.extend(list.into_iter().map(|mut j| {
                j.scope = scope;
                j
            })),
            Err(failure) => failed.push(ScopeFailure { scope, failure }),
        },
    )
    .await;
    in_set_order(set, &mut failed);
    (jobs, failed)
}

/// Failures in the order of the set's projects (they end in any order).
fn in_set_order(set: &ScopeSet, failed: &mut [ScopeFailure]) {
    if failed.len() > 1 {
        let rank: HashMap<ScopeId, usize> = set
            .clients
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        failed.sort_by_key(|f| rank.get(&f.scope).copied().unwrap_or(usize::MAX));
    }
}

/// What a lookup found: the listed jobs by id, and the listings that failed (when any did, an
/// id it did not find may still exist, in the project that did not answer).
#[derive(Debug)]
pub struct Found {
    /// The jobs found, by id.
    pub jobs: HashMap<String, Job>,
    /// The listings that failed, with their project (with `--regions`; the default scope for
    /// one project), at most one per project.
    pub failed: Vec<ScopeFailure>,
}

impl Found {
    /// Whether every listing answered.
    pub fn complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// The jobs named by `ids`, each found in its project (tagged with its scope), the projects
/// searched [`PROJECTS_AT_ONCE`] at a time. Ids found in no project are absent: nothing can be
/// sent for them, since where they live is unknown.
pub async fn locate(set: &ScopeSet, ids: &[String]) -> Found {
    announce(set);
    let mut all = Found {
        jobs: HashMap::new(),
        failed: Vec::new(),
    };
    each_project(
        set,
        |(scope, client)| async move {
            let mut found = lookup(client, ids).await;
            for j in found.jobs.values_mut() {
                j.scope = *scope;
            }
            for f in &mut found.failed {
                f.scope = *scope;
            }
            found
        },
        |found| {
            all.failed.extend(found.failed);
            for (id, j) in found.jobs {
                all.jobs.entry(id).or_insert(j);
            }
        },
    )
    .await;
    in_set_order(set, &mut all.failed);
    all
}

/// The listed jobs for these ids in one project: by the `name` filter (10 ids per call) for a
/// few ids, or the whole list for many. Lookup failures only cost the prompt its names (and
/// make the lookup incomplete).
pub async fn lookup(client: &DrsClient, ids: &[String]) -> Found {
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let filters: Vec<ListFilter> = if ids.len() <= 40 {
        ids.chunks(10)
            .map(|c| ListFilter {
                name: Some(c.join(",")),
                ..Default::default()
            })
            .collect()
    } else {
        vec![ListFilter::default()]
    };
    let mut found = Found {
        jobs: HashMap::new(),
        failed: Vec::new(),
    };
    let results = futures::future::join_all(
        filters
            .iter()
            .map(|f| client.list_all(&JobType::ALL, f, &|_| {})),
    )
    .await;
    for r in results {
        match r {
            Ok(jobs) => {
                for j in jobs {
                    if wanted.contains(j.id.as_str()) {
                        found.jobs.insert(j.id.clone(), j);
                    }
                }
            }
            Err(f) => {
                tracing::warn!(error = %f.error, "job lookup before a write failed");
                // One failure per project is enough to say why.
                if found.failed.is_empty() {
                    found.failed.push(ScopeFailure {
                        scope: ScopeId::NONE,
                        failure: f,
                    });
                }
            }
        }
    }
    found
}

/// The client of a job's project; `fallback` for a job without one.
pub fn client_of(set: &ScopeSet, scope: ScopeId, fallback: &DrsClient) -> DrsClient {
    set.clients
        .iter()
        .find(|(id, _)| *id == scope)
        .map_or_else(|| fallback.clone(), |(_, c)| c.clone())
}

/// `writer` aimed at the job's project: its client, its region and project in the audit.
pub fn writer_for(writer: &Writer, set: &ScopeSet, job: &Job) -> Writer {
    let Some(scope) = job.scope.get() else {
        return writer.clone();
    };
    let context = crate::audit::AuditContext {
        region: Some(scope.region.clone()),
        project_id: Some(scope.project_id.clone()),
        endpoint: scope.endpoint.clone(),
        ..writer.context().clone()
    };
    writer.for_target(client_of(set, job.scope, writer.client()), context)
}

/// A listed job as `-o json` prints it with `--regions`: the API's fields plus `region`
/// and `project_id`.
pub fn job_json(job: &Job) -> serde_json::Value {
    let mut v = serde_json::to_value(job).unwrap_or_default();
    if let (Some(o), Some(scope)) = (v.as_object_mut(), job.scope.get()) {
        o.insert("region".into(), scope.region.clone().into());
        o.insert("project_id".into(), scope.project_id.clone().into());
        o.insert("project_name".into(), scope.project_name.clone().into());
    }
    v
}

/// The first project where `id` can be shown (`jobs show ID --regions …`), with its detail;
/// the projects are asked [`PROJECTS_AT_ONCE`] at a time, and no more once one has it.
pub async fn show(
    set: &ScopeSet,
    id: &str,
) -> Result<crate::api::Answer<crate::api::JobDetailResponse>, Failure> {
    let mut results = futures::stream::iter(set.clients.iter())
        .map(|(_, client)| async move { client.show_job(id, None).await })
        .buffer_unordered(PROJECTS_AT_ONCE);
    let mut last = None;
    while let Some(r) = results.next().await {
        match r {
            Ok(a) => return Ok(a),
            Err(f) => {
                // A project that lacks the job says so; another failure is the better report.
                let not_found = f.error.api().is_some_and(|a| a.http_status == 404);
                if last.is_none() || !not_found {
                    last = Some(f);
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| {
        Failure::unsent(crate::api::ClientError::Invalid(
            "no project to look in".into(),
        ))
    }))
}
