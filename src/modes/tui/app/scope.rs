//! Where the jobs come from when several projects are listed (`--regions`, `:region`): the
//! scope set, each project's listing state, switching the scope at run time, and the
//! `:regions` view, where a project is chosen and Enter switches to it through the same
//! request as `:project` (one way to change the scope; the header and strip show the result).

use crossterm::event::{KeyCode, KeyEvent};

use crate::api::{ScopeId, ScopeInForce, ScopeListing, ScopeRequest};
use crate::config::defaults::{MANY_PROJECTS, PROJECTS_AT_ONCE};
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
    remember_account(app, &in_force);
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
    if app.scopes.len() > MANY_PROJECTS {
        // Thousands of projects take a while: say how many, and how many at a time.
        let many = tr!(ScopeManyProjects, app.scopes.len(), PROJECTS_AT_ONCE);
        app.status = Some(match app.status.take() {
            Some(s) => format!("{s} · {many}"),
            None => many,
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

/// Projects whose listing has ended (listed or failed): the header's "N of M listed" while a
/// listing of several projects is in flight.
pub fn settled(app: &App) -> usize {
    app.scope_states
        .values()
        .filter(|s| !matches!(s, ScopeListing::Listing))
        .count()
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

/// The account's projects as the last IAM listing gave them; another profile's credentials
/// see another account, so a profile switch without a listing forgets them.
fn remember_account(app: &mut App, in_force: &ScopeInForce) {
    if !in_force.account.is_empty() {
        app.account = in_force.account.clone();
    } else if in_force
        .profile
        .as_deref()
        .is_some_and(|p| clean(p) != app.settings.profile)
    {
        app.account.clear();
    }
}

/// The `:regions` view: which row is chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegionsView {
    /// The chosen row of [`rows`].
    pub selected: usize,
}

/// The rows of `:regions`: the projects listed now (in listing order), then the account's other
/// projects (those IAM listed that the scope does not cover), each one a place to switch to.
pub fn rows(app: &App) -> Vec<ScopeId> {
    let mut rows = app.scopes.clone();
    rows.extend(app.account.iter().filter(|s| !app.scopes.contains(s)));
    rows
}

/// Opens `:regions` on the first project listed.
pub(super) fn open_view(app: &mut App) {
    app.mode = Mode::Regions(RegionsView::default());
}

/// A key in `:regions`: ↑↓/j/k choose, Enter switches to the chosen project, `r` lists the
/// failed projects again (or everything, when none failed), Esc closes, `q` asks to quit.
pub(super) fn view_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Regions(view) = app.mode else {
        return Vec::new();
    };
    let rows = rows(app);
    let last = rows.len().saturating_sub(1);
    let mut selected = view.selected.min(last);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => selected = (selected + 1).min(last),
        KeyCode::Home | KeyCode::Char('g') => selected = 0,
        KeyCode::End | KeyCode::Char('G') => selected = last,
        KeyCode::Enter => {
            app.mode = Mode::Panes;
            return rows
                .get(selected)
                .map(|s| switch_to(app, *s))
                .unwrap_or_default();
        }
        KeyCode::Char('r') => {
            app.mode = Mode::Panes;
            return retry_failed(app).unwrap_or_else(|| super::actions::refresh(app));
        }
        KeyCode::Char('q') => return super::actions::ask_quit(app),
        KeyCode::Esc => {
            app.mode = Mode::Panes;
            return Vec::new();
        }
        _ => {}
    }
    app.mode = Mode::Regions(RegionsView { selected });
    Vec::new()
}

/// Switches to one project, as `:project ID` does; nothing when it is already the only one.
fn switch_to(app: &mut App, scope: ScopeId) -> Vec<Effect> {
    if app.scopes == [scope] {
        return Vec::new();
    }
    let id = scope.project_id();
    if id.is_empty() {
        return Vec::new();
    }
    request(app, ScopeRequest::Project(id))
}

/// Asks the worker for another scope (`:region`, `:project`, `:profile`, Enter in `:regions`):
/// one switch at a time; the status line says what is being switched to.
pub(super) fn request(app: &mut App, request: ScopeRequest) -> Vec<Effect> {
    if app.switching.is_some() {
        app.status = Some(tr!(CmdSwitchBusy).to_owned());
        return Vec::new();
    }
    app.switching = Some(request.clone());
    app.status = Some(tr!(CmdSwitching, describe(&request)));
    vec![Effect::SetScope(request)]
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::api::Scope;
    use crate::app::keymap::{self, KeyMode};
    use crate::app::{Msg, Settings, update};

    fn scope(region: &str, id: &str) -> ScopeId {
        ScopeId::intern(Scope {
            region: region.into(),
            project_id: id.into(),
            project_name: region.into(),
            endpoint: format!("https://drs.{region}.example"),
        })
    }

    /// Two projects listed, `:regions` open.
    fn viewing() -> App {
        let mut app = App::new(Settings::default(), None);
        update(&mut app, Msg::Resize(120, 32));
        let scopes = vec![scope("cn-north-4", "p-north"), scope("cn-east-3", "p-east")];
        update(
            &mut app,
            Msg::ScopesSet {
                scopes,
                label: "all (2 projects)".into(),
                in_force: ScopeInForce::default(),
            },
        );
        open_view(&mut app);
        app
    }

    #[test]
    fn every_key_the_regions_view_offers_does_something() {
        let offered = keymap::hints(KeyMode::Regions, false, 0);
        assert!(offered.len() >= 4, "{offered:?}");
        for (hint, _) in offered {
            let code = match hint {
                "↑↓" => KeyCode::Down,
                "Enter" => KeyCode::Enter,
                "Esc" => KeyCode::Esc,
                k => KeyCode::Char(k.chars().next().unwrap_or_default()),
            };
            let mut app = viewing();
            let before = format!("{app:?}");
            let effects = update(&mut app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            assert!(
                !effects.is_empty() || format!("{app:?}") != before,
                "`:regions` offers `{hint}`, which does nothing"
            );
        }
    }

    #[test]
    fn enter_asks_for_the_chosen_project_through_the_one_switch_request() {
        let mut app = viewing();
        update(&mut app, Msg::Key(KeyEvent::from(KeyCode::Down)));
        let effects = update(&mut app, Msg::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(
            effects,
            vec![Effect::SetScope(ScopeRequest::Project("p-east".into()))]
        );
        assert!(app.switching.is_some(), "one switch at a time");
        open_view(&mut app);
        let effects = update(&mut app, Msg::Key(KeyEvent::from(KeyCode::Enter)));
        assert!(effects.is_empty(), "busy until the worker answers");
    }
}
