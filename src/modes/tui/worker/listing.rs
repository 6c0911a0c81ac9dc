//! Listing: every project covered (or only some, for a retry), [`PROJECTS_AT_ONCE`] at a
//! time, pages going to the app as they arrive (rows appear as projects answer). A listing
//! belongs to its scope: a new listing or a new scope cancels the one in flight, and its
//! requests stop with it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::config::defaults::PROJECTS_AT_ONCE;

use crate::api::ScopeListing;
use crate::api::{ClientError, DrsClient, Job, JobType, ListFilter, ListedPage, ScopeId};
use crate::app::Msg;

use super::{Listing, ScopeSet, Worker};

/// Server totals during one listing: per project and job type, and their sum per job type
/// (kept as they change: summing 10,000 projects' totals on every page would be quadratic).
#[derive(Debug, Default)]
struct Counts {
    each: HashMap<(ScopeId, JobType), u64>,
    sum: HashMap<JobType, u64>,
}

impl Counts {
    /// Records a project's total for a type; the type's new sum, and whether it changed.
    fn record(&mut self, scope: ScopeId, job_type: JobType, total: u64) -> (u64, bool) {
        let old = self.each.insert((scope, job_type), total).unwrap_or(0);
        let sum = self.sum.entry(job_type).or_insert(0);
        *sum = (*sum - old.min(*sum)).saturating_add(total);
        (*sum, old != total)
    }
}

type Totals = Arc<Mutex<Counts>>;

impl Worker {
    /// Starts a listing in the background (of `only` these projects, for a retry); the one in
    /// flight, if any, is cancelled.
    pub(super) fn spawn_listing(
        &self,
        types: Vec<JobType>,
        generation: u64,
        only: Option<Vec<ScopeId>>,
    ) {
        let token = CancellationToken::new();
        let w = self.clone();
        let cancelled = token.clone();
        let task = tokio::spawn(async move {
            tokio::select! {
                _ = cancelled.cancelled() => {}
                _ = w.list(types, generation, only) => {}
            }
        });
        let fresh = Listing {
            token,
            task: Some(task),
        };
        if let Ok(mut l) = self.listing.lock() {
            std::mem::replace(&mut *l, fresh).token.cancel();
        }
    }

    /// Cancels the listing in flight and waits until it has ended: none of its requests is
    /// sent after this returns.
    pub(super) async fn end_listing(&self) {
        let old = match self.listing.lock() {
            Ok(mut l) => std::mem::take(&mut *l),
            Err(_) => return,
        };
        old.token.cancel();
        if let Some(task) = old.task {
            // A panicked listing has ended too.
            let _ = task.await;
        }
    }

    /// Lists every project covered (or only `only`), reporting each project's state; ends with
    /// one `ListComplete` (or `ListFailed` when every project failed).
    async fn list(&self, types: Vec<JobType>, generation: u64, only: Option<Vec<ScopeId>>) {
        let set = self.scope_set();
        let msg = if set.clients.is_empty() {
            match self
                .list_one(&self.client, ScopeId::NONE, &types, generation, None)
                .await
            {
                Ok(ids) => Msg::ListComplete {
                    generation,
                    ids,
                    kept: Vec::new(),
                },
                Err(error) => Msg::ListFailed { generation, error },
            }
        } else {
            self.list_scopes(&set, &types, generation, only).await
        };
        self.send(msg);
    }

    /// Lists the projects of `set` (or only `only`), [`PROJECTS_AT_ONCE`] at a time: the
    /// message that ends it. Every project is said to be listing first (the header counts
    /// those done of all), then each reports its end as it comes.
    async fn list_scopes(
        &self,
        set: &ScopeSet,
        types: &[JobType],
        generation: u64,
        only: Option<Vec<ScopeId>>,
    ) -> Msg {
        // Each page's total is the sum over projects of that type's totals, as the app keeps
        // one total per type.
        let totals: Totals = Arc::default();
        // Owned (a client is a few pointers): a stream of borrowed pairs is not `Send` here.
        let only: Option<HashSet<ScopeId>> = only.map(|o| o.into_iter().collect());
        let chosen: Vec<(ScopeId, DrsClient)> = set
            .clients
            .iter()
            .filter(|(id, _)| only.as_ref().is_none_or(|o| o.contains(id)))
            .cloned()
            .collect();
        for (scope, _) in &chosen {
            self.send(Msg::ScopeListing {
                generation,
                scope: *scope,
                state: ScopeListing::Listing,
            });
        }
        let totals = &totals;
        let mut results = futures::stream::iter(chosen)
            .map(|(scope, client)| async move {
                self.list_scope(&client, scope, types, generation, totals)
                    .await
            })
            .buffer_unordered(PROJECTS_AT_ONCE);
        let mut ids = HashSet::new();
        let mut listed = HashSet::new();
        let mut first_error = None;
        while let Some((scope, r)) = results.next().await {
            match r {
                Ok(seen) => {
                    listed.insert(scope);
                    ids.extend(seen);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if listed.is_empty() {
            // Each project's own error is in its ScopeListing; the first one stands for all.
            let error =
                first_error.unwrap_or_else(|| ClientError::Invalid("no project to list".into()));
            return Msg::ListFailed { generation, error };
        }
        // Jobs of projects not listed now (failed, or not retried) stay as they were.
        let kept = set
            .clients
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !listed.contains(id))
            .collect();
        Msg::ListComplete {
            generation,
            ids,
            kept,
        }
    }

    /// Lists one project of several, reporting its state when it ends.
    async fn list_scope(
        &self,
        client: &DrsClient,
        scope: ScopeId,
        types: &[JobType],
        generation: u64,
        totals: &Totals,
    ) -> (ScopeId, Result<HashSet<String>, ClientError>) {
        let r = self
            .list_one(client, scope, types, generation, Some(totals.clone()))
            .await;
        let state = match &r {
            Ok(ids) => ScopeListing::Listed {
                jobs: ids.len() as u64,
            },
            // With its request id, so `:regions` can name it (support asks for it).
            Err(e) => ScopeListing::Failed(match e.api().and_then(|a| a.request_id.as_deref()) {
                Some(id) => format!("{e}{}", crate::tr!(CliRequestId, id)),
                None => e.to_string(),
            }),
        };
        self.send(Msg::ScopeListing {
            generation,
            scope,
            state,
        });
        (scope, r)
    }

    /// Lists one project, tagging its jobs with `scope`; the ids seen, or why it failed.
    async fn list_one(
        &self,
        client: &DrsClient,
        scope: ScopeId,
        types: &[JobType],
        generation: u64,
        totals: Option<Totals>,
    ) -> Result<HashSet<String>, ClientError> {
        let tx = self.tx.clone();
        // Pages come by value and go on to the TUI as they are: nothing here keeps a job (one
        // copy of the jobs at any time, in the app's table).
        let on_page = move |p: ListedPage| {
            let jobs: Vec<Arc<Job>> = p
                .jobs
                .into_iter()
                .map(|mut j| {
                    j.scope = scope;
                    // A child lives where its parent does (the TUI deletes children as rows).
                    for c in &mut j.children {
                        c.scope = scope;
                    }
                    Arc::new(j)
                })
                .collect();
            let (total, changed) = match &totals {
                Some(t) => t.lock().map_or((p.total_count, true), |mut t| {
                    t.record(scope, p.job_type, p.total_count)
                }),
                None => (p.total_count, true),
            };
            // An empty page that changes no total tells the app nothing (most projects of a
            // large account have no job: 40,000 such pages for 10,000 projects).
            if jobs.is_empty() && !changed {
                return;
            }
            let _ = tx.send(Msg::JobsPage {
                generation,
                total,
                job_type: p.job_type,
                jobs,
            });
        };
        client
            .list_all_streamed(types, &ListFilter::default(), &on_page)
            .await
            .map_err(|f| f.error)
    }
}
