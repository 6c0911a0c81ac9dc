//! Where the jobs come from when several projects are listed (`--regions`, `:region`): the
//! scope set, each project's listing state, and switching the scope at run time.

use crate::api::{ScopeId, ScopeInForce, ScopeListing, ScopeRequest};
use crate::sanitize::clean;
use crate::tr;

use super::{App, Effect, Mode};

/// A scope request as the status line says it.
pub fn describe(request: &ScopeRequest) -> String {
    match request {
        ScopeRequest::Regions(spec) => crate::tr!(ScopeDescRegion, spec),
        ScopeRequest::Project(p) => crate::tr!(ScopeDescProject, p),
        ScopeRequest::Profile(p) => crate::tr!(ScopeDescProfile, p),
    }
}

/// The worker covers a new scope set (at start, or after `:region`/`:project`/`:profile`):
/// the header shows it and the jobs are listed again. The table is emptied so no row of a
/// project no longer covered lingers, but marks and the selection wait for their jobs: those
/// that come back get them again; the listing's completion drops the others.
pub(super) fn on_set(
    app: &mut App,
    scopes: Vec<ScopeId>,
    label: &str,
    in_force: ScopeInForce,
) -> Vec<Effect> {
    let switched = app.switching.take();
    app.scope_states.clear();
    app.scopes = scopes;
    app.scope_label = clean(label);
    apply_in_force(app, &in_force);
    app.status = switched.map(|r| tr!(CmdSwitched, describe(&r)));
    if !in_force.warnings.is_empty() {
        let warnings = clean(&in_force.warnings.join(" · "));
        app.status = Some(match app.status.take() {
            Some(s) => format!("{s} · {warnings}"),
            None => warnings,
        });
    }
    if app.loaded || !app.table.all().is_empty() {
        app.table.clear_keeping();
        app.details.clear();
        app.story = None;
        app.scroll = 0;
    }
    // A listing of the old scope may be in flight: its messages carry an older generation.
    app.listing = false;
    app.refresh()
}

/// The header, badge, footer and write keys all read `app.settings`: the scope in force is
/// written there, whole, on every switch (a field left from the previous scope would show a
/// scope that is not in force).
fn apply_in_force(app: &mut App, in_force: &ScopeInForce) {
    if let Some(profile) = &in_force.profile {
        app.settings.profile = clean(profile);
    }
    app.settings.read_only = in_force.read_only;
    app.settings.custom_endpoint = in_force.custom_endpoint;
    match app.scopes.as_slice() {
        [one] => {
            if let Some(first) = one.get() {
                app.settings.region = clean(&first.region);
                app.settings.project_id = clean(&first.project_id);
                app.settings.endpoint = clean(&first.endpoint);
            }
        }
        _ => {
            app.settings.project_id.clear();
        }
    }
    if app.settings.no_writes() {
        // A read-only scope: nothing marked may be sent by a modal opened before the switch.
        if let Mode::Modal(_) = app.mode {
            app.mode = Mode::Panes;
        }
    }
}

/// The switch failed: nothing changed.
pub(super) fn on_failed(app: &mut App, error: &str) {
    let what = app
        .switching
        .take()
        .map(|r| describe(&r))
        .unwrap_or_default();
    app.status = Some(if what.is_empty() {
        clean(error)
    } else {
        tr!(CmdSwitchFailed, what, clean(error))
    });
}

/// One project's listing moved on.
pub(super) fn on_listing(app: &mut App, generation: u64, scope: ScopeId, state: ScopeListing) {
    if generation != app.generation {
        return;
    }
    let state = match state {
        ScopeListing::Failed(why) => ScopeListing::Failed(clean(&why)),
        s => s,
    };
    app.scope_states.insert(scope, state);
}

/// Whether jobs come from more than one project (the REGION column and the strip show then).
pub fn multi(app: &App) -> bool {
    app.scopes.len() > 1
}

/// Whether the table needs a PROJECT column: some region has more than one project listed.
pub fn several_projects_per_region(app: &App) -> bool {
    let mut seen = std::collections::HashSet::new();
    app.scopes.iter().any(|s| !seen.insert(s.region()))
}

/// Projects whose last listing failed.
pub fn failed(app: &App) -> usize {
    app.scope_states
        .values()
        .filter(|s| matches!(s, ScopeListing::Failed(_)))
        .count()
}

/// `r` with failed projects: list only those again (the others keep their rows).
pub(super) fn retry_failed(app: &mut App) -> Option<Vec<Effect>> {
    let n = failed(app);
    let effects = app.retry_failed_scopes();
    if effects.is_empty() {
        return None;
    }
    app.status = Some(tr!(RetryingProjects, n));
    Some(effects)
}
