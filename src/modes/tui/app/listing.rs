//! Listing jobs: starting a listing (at start, `r`, auto-refresh, a type or scope switch), its
//! pages arriving, and how it ends. Every listing has a generation: messages of an older one
//! (abandoned by a switch) change nothing.

use std::collections::HashSet;
use std::sync::Arc;

use super::{App, Effect, ListFailure, Msg, jobs, ops, scope};
use crate::api::{ClientError, Job, JobType, ScopeId, ScopeListing};

impl App {
    /// The first listing.
    pub fn start(&mut self) -> Vec<Effect> {
        self.refresh()
    }

    /// Starts a listing of the current job type (unless one is in flight).
    pub fn refresh(&mut self) -> Vec<Effect> {
        if self.listing {
            return Vec::new();
        }
        self.listing = true;
        self.generation += 1;
        self.totals.clear();
        vec![Effect::ListJobs {
            types: self.listed_types(),
            generation: self.generation,
        }]
    }

    /// Lists again only the projects whose listing failed (`r` when some failed); nothing
    /// when none did or a listing is in flight.
    pub fn retry_failed_scopes(&mut self) -> Vec<Effect> {
        let failed: Vec<ScopeId> = self
            .scope_states
            .iter()
            .filter(|(_, s)| matches!(s, ScopeListing::Failed(_)))
            .map(|(id, _)| *id)
            .collect();
        if self.listing || failed.is_empty() {
            return Vec::new();
        }
        self.listing = true;
        self.generation += 1;
        for id in &failed {
            self.scope_states.insert(*id, ScopeListing::Listing);
        }
        vec![Effect::RetryScopes {
            scopes: failed,
            types: self.listed_types(),
            generation: self.generation,
        }]
    }

    /// The job types a listing asks for: the one shown, or all.
    fn listed_types(&self) -> Vec<JobType> {
        match self.job_type {
            Some(t) => vec![t],
            None => JobType::ALL.to_vec(),
        }
    }

    /// Server total of jobs for the current type (sum over types), or the loaded count.
    pub fn total(&self) -> usize {
        let loaded = self.table.listed_len();
        if !self.listing {
            return loaded;
        }
        let sum: u64 = self.totals.values().sum();
        (sum as usize).max(loaded)
    }
}

/// A message about listing (pages, the end of a listing, the scope set, auto-refresh).
pub(super) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::JobsPage {
            generation,
            total,
            job_type,
            jobs,
        } if generation == app.generation => on_page(app, total, job_type, jobs),
        Msg::ListComplete {
            generation,
            ids,
            kept,
        } if generation == app.generation => on_complete(app, ids, &kept),
        Msg::ListFailed { generation, error } if generation == app.generation => {
            on_failed(app, &error)
        }
        Msg::ScopeListing {
            generation,
            scope,
            state,
        } => scope::on_listing(app, generation, scope, state),
        Msg::ScopesSet {
            scopes,
            label,
            in_force,
        } => return scope::on_set(app, scopes, &label, in_force),
        Msg::ScopeFailed { error } => scope::on_failed(app, &error),
        Msg::RefreshDue => return on_refresh_due(app),
        // A message of an older listing, or not about listing at all.
        _ => {}
    }
    Vec::new()
}

/// A page of the current listing: its jobs join the table (those we deleted stay out).
fn on_page(app: &mut App, total: u64, job_type: JobType, jobs: Vec<Arc<Job>>) {
    app.totals.insert(job_type, total);
    let jobs: Vec<Arc<Job>> = jobs
        .into_iter()
        .map(jobs::clean_shared)
        .filter(|j| !ops::is_deleted(app, &j.id))
        .collect();
    let at_top = app.table.selected_pos().is_none_or(|p| p == 0);
    app.table.upsert(jobs);
    // While the first listing streams in, stay on the first row unless the user moved.
    if !app.loaded && at_top {
        app.table.select_pos(0);
    }
}

/// The current listing completed: the jobs not in it are gone, but those of the projects it
/// did not list (`kept`).
fn on_complete(app: &mut App, mut ids: HashSet<String>, kept: &[ScopeId]) {
    // The listed ids as the table holds them (a dirty id is kept, cleaned, like `jobs list`).
    if !ids.iter().all(|id| crate::sanitize::is_clean(id)) {
        ids = ids.iter().map(|id| crate::sanitize::clean_id(id)).collect();
    }
    let rows = app.table.all().iter();
    ids.extend(
        rows.filter(|j| kept.contains(&j.scope))
            .map(|j| j.id.clone()),
    );
    app.listing = false;
    app.loaded = true;
    app.throttled = None;
    app.list_error = None;
    app.table.retain_ids(&ids);
    app.table.shrink_to_fit();
    // Details may be stale now; the selected one is fetched again once it rests.
    app.details.clear();
}

/// The current listing failed: the rows already listed stay, marked stale.
fn on_failed(app: &mut App, error: &ClientError) {
    app.listing = false;
    app.list_error = Some(ListFailure::new(error, &app.settings));
}

/// Auto-refresh: a new listing, unless shutting down or the credentials were refused (after
/// that nothing more is sent).
fn on_refresh_due(app: &mut App) -> Vec<Effect> {
    if app.shutdown.is_some() || app.list_error.as_ref().is_some_and(|e| !e.retry) {
        return Vec::new();
    }
    app.refresh()
}
