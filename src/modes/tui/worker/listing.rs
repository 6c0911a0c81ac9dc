//! Listing: every project covered (or only some, for a retry), each concurrently, pages going
//! to the app as they arrive. A listing belongs to its scope: a new listing or a new scope
//! cancels the one in flight, and its requests stop with it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::api::ScopeListing;
use crate::api::{ClientError, DrsClient, Job, JobType, ListFilter, ListedPage, ScopeId};
use crate::app::Msg;

use super::{Listing, ScopeSet, Worker};

/// Server totals per project and job type during one listing.
type Totals = Arc<Mutex<HashMap<(ScopeId, JobType), u64>>>;

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

    /// Lists the projects of `set` (or only `only`) concurrently: the message that ends it.
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
        let chosen = set
            .clients
            .iter()
            .filter(|(id, _)| only.as_ref().is_none_or(|o| o.contains(id)));
        let results =
            futures::future::join_all(chosen.map(|(scope, client)| {
                self.list_scope(client, *scope, types, generation, &totals)
            }))
            .await;
        let mut ids = HashSet::new();
        let mut listed = HashSet::new();
        let mut first_error = None;
        for (scope, r) in results {
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

    /// Lists one project of several, reporting its state before and after.
    async fn list_scope(
        &self,
        client: &DrsClient,
        scope: ScopeId,
        types: &[JobType],
        generation: u64,
        totals: &Totals,
    ) -> (ScopeId, Result<HashSet<String>, ClientError>) {
        self.send(Msg::ScopeListing {
            generation,
            scope,
            state: ScopeListing::Listing,
        });
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
            let total = match &totals {
                Some(t) => t.lock().map_or(p.total_count, |mut t| {
                    t.insert((scope, p.job_type), p.total_count);
                    t.iter()
                        .filter(|((_, jt), _)| *jt == p.job_type)
                        .map(|(_, n)| n)
                        .sum()
                }),
                None => p.total_count,
            };
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
