//! Where the jobs come from: the projects listed (one per region, or several), each with its own
//! listing state, and switching the scope at run time (`:region`, `:profile`, `:project`).

use super::command_line::describe;
use super::{App, Effect};
use crate::sanitize::clean;
use crate::tr;

/// How one project's listing stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListingState {
    /// Pages are coming in.
    Listing,
    /// Listed completely: this many jobs.
    Listed(usize),
    /// The listing failed; why (sanitized).
    Failed(String),
}

/// One project of the scope and its listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectListing {
    /// Region id.
    pub region: String,
    /// Project id.
    pub project_id: String,
    /// Project name (`cn-north-4` or `cn-north-4_payments`); may be empty.
    pub name: String,
    /// How its listing stands.
    pub state: ListingState,
}

impl ProjectListing {
    /// Whether its last listing failed.
    pub fn failed(&self) -> bool {
        matches!(self.state, ListingState::Failed(_))
    }
}

/// The scope after a switch, as the worker reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// Profile name.
    pub profile: String,
    /// The region shown in the header: one region, or `all`, or a list.
    pub region: String,
    /// The project id (single-project scopes), else empty.
    pub project_id: String,
    /// The DRS endpoint (single-project scopes), else empty.
    pub endpoint: String,
    /// Every project now listed: (region, project id, project name).
    pub projects: Vec<(String, String, String)>,
}

/// The worker switched: the header shows the new scope and the jobs are listed again. Marks
/// and the selection stay on the jobs that are still there once the listing completes.
pub(super) fn on_changed(app: &mut App, scope: Scope) -> Vec<Effect> {
    let change = app.switching.take();
    app.settings.profile = clean(&scope.profile);
    app.settings.region = clean(&scope.region);
    app.settings.project_id = clean(&scope.project_id);
    if !scope.endpoint.is_empty() {
        app.settings.endpoint = clean(&scope.endpoint);
    }
    set_projects(app, &scope.projects);
    app.table.clear_keeping();
    app.details.clear();
    app.scroll = 0;
    app.listing = false;
    app.status = change.map(|c| tr!(CmdSwitched, describe(&c)));
    app.refresh()
}

/// The switch failed: nothing changed.
pub(super) fn on_failed(app: &mut App, error: &str) {
    let change = app.switching.take();
    let what = change.as_ref().map(describe).unwrap_or_default();
    app.status = Some(tr!(CmdSwitchFailed, what, clean(error)));
}

/// Replaces the project list (each starts out listing).
pub(super) fn set_projects(app: &mut App, projects: &[(String, String, String)]) {
    app.projects = projects
        .iter()
        .map(|(region, project_id, name)| ProjectListing {
            region: clean(region),
            project_id: clean(project_id),
            name: clean(name),
            state: ListingState::Listing,
        })
        .collect();
}

/// Whether the table needs a PROJECT column: some region has more than one project.
pub fn several_projects_per_region(app: &App) -> bool {
    let mut seen = std::collections::HashSet::new();
    app.projects.iter().any(|p| !seen.insert(p.region.as_str()))
}

/// Whether jobs come from more than one project (the REGION column shows then).
pub fn multi(app: &App) -> bool {
    app.projects.len() > 1
}

/// One project's listing moved on.
pub(super) fn on_project_state(app: &mut App, project_id: &str, state: ListingState) {
    let state = match state {
        ListingState::Failed(why) => ListingState::Failed(clean(&why)),
        s => s,
    };
    if let Some(p) = app.projects.iter_mut().find(|p| p.project_id == project_id) {
        p.state = state;
    }
}

/// The projects whose last listing failed.
pub fn failed_projects(app: &App) -> Vec<String> {
    app.projects
        .iter()
        .filter(|p| p.failed())
        .map(|p| p.project_id.clone())
        .collect()
}

/// `r` with failed projects: list those again (the others keep their rows).
pub(super) fn retry_failed(app: &mut App) -> Option<Vec<Effect>> {
    let ids = failed_projects(app);
    if ids.is_empty() || app.listing {
        return None;
    }
    for p in app.projects.iter_mut().filter(|p| p.failed()) {
        p.state = ListingState::Listing;
    }
    app.status = Some(tr!(RetryingProjects, ids.len()));
    Some(vec![Effect::RetryProjects {
        project_ids: ids,
        generation: app.generation,
    }])
}
