//! Asking before a write: the confirmation modal opened for the marked jobs, the selected one,
//! or the failed ones again (`d`, `x`, `X`, `R`), refused in read-only mode, and closed
//! unanswered. Its keys and clicks are in [`super::keys`] and [`super::mouse`].

use std::sync::Arc;

use super::confirm::{ConfirmAction, ConfirmModal};
use super::{App, Mode, OpKind};
use crate::api::Job;

/// In read-only mode (or with writes disabled) says so on the status line and returns true.
fn refuse_writes(app: &mut App, verb: &str) -> bool {
    if let Some(why) = &app.settings.writes_disabled {
        app.status = Some(crate::tr!(MsgWritesDisabled, why));
        true
    } else if app.settings.read_only {
        app.status = Some(crate::tr!(MsgReadOnly, verb));
        true
    } else {
        false
    }
}

/// Opens the modal for `only` (retry) or the marked jobs, else the selected one.
pub(super) fn ask(app: &mut App, action: ConfirmAction, only: Option<Vec<String>>, force: bool) {
    let verb = if force {
        crate::tr!(ActForceStopLower).to_owned()
    } else {
        action.verb().to_lowercase()
    };
    if refuse_writes(app, &verb) {
        return;
    }
    let (shown, hidden) = targets(app, only.as_deref());
    // A job with a write in flight is not offered again until it finishes.
    let busy = |j: &&Job| app.ops.get(&j.id).is_some_and(|o| o.is_active());
    let shown: Vec<&Job> = shown.into_iter().filter(|j| !busy(j)).collect();
    let hidden: Vec<&Job> = hidden.into_iter().filter(|j| !busy(j)).collect();
    if shown.is_empty() && hidden.is_empty() {
        app.status = Some(crate::tr!(MsgNothingToActOn).into());
        return;
    }
    // The modal holds the jobs as the table shares them: a confirmed write carries these.
    let share = |jobs: Vec<&Job>| -> Vec<Arc<Job>> {
        let table = &app.table;
        jobs.iter()
            .filter_map(|j| table.shared(&j.id).cloned())
            .collect()
    };
    let (shown, hidden) = (share(shown), share(hidden));
    let s = &app.settings;
    let mut modal = ConfirmModal::new(
        action,
        &shown,
        &hidden,
        app.table.filter(),
        s.protected,
        s.confirm_threshold,
        s.concurrency,
    );
    modal.force = force && action == ConfirmAction::Stop;
    app.mode = Mode::Modal(modal);
}

/// The jobs asked about, split into (shown, hidden by the filter): `only` (retry), or the
/// marked jobs, else the selected one.
fn targets<'a>(app: &'a App, only: Option<&[String]>) -> (Vec<&'a Job>, Vec<&'a Job>) {
    if let Some(ids) = only {
        let shown: Vec<&Job> = app.table.rows().filter(|j| ids.contains(&j.id)).collect();
        let hidden = ids
            .iter()
            .filter(|id| !shown.iter().any(|j| &j.id == *id))
            .filter_map(|id| app.table.get(id))
            .collect();
        return (shown, hidden);
    }
    // Marks on jobs of another job type are kept but not listed here: without a listed
    // mark, the selected job is meant.
    let (shown, hidden) = app.table.marked_split();
    if shown.is_empty() && hidden.is_empty() {
        (app.table.selected().into_iter().collect(), Vec::new())
    } else {
        (shown, hidden)
    }
}

/// `R`: asks again about the jobs whose last write failed (deletes first, then stops), each
/// with its previous error.
pub(super) fn retry(app: &mut App) {
    if refuse_writes(app, crate::tr!(ActRetryLower)) {
        return;
    }
    let pick = |want: &[OpKind]| -> Vec<String> {
        let mut ids: Vec<String> = app
            .failed
            .iter()
            .filter(|(id, k)| want.contains(k) && app.table.get(id).is_some())
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    };
    let deletes = pick(&[OpKind::Delete, OpKind::StopThenDelete]);
    let stops = pick(&[OpKind::Stop]);
    if !deletes.is_empty() {
        ask(app, ConfirmAction::Delete, Some(deletes), false);
    } else if !stops.is_empty() {
        ask(app, ConfirmAction::Stop, Some(stops), false);
    } else {
        app.status = Some(crate::tr!(MsgNoRetry).into());
        return;
    }
    // Say it is a retry, and why each job is asked again.
    let errors = &app.last_error;
    if let Mode::Modal(m) = &mut app.mode {
        m.retry = true;
        for t in m.targets.iter_mut().chain(m.hidden.iter_mut()) {
            t.previous = errors.get(&t.id).cloned();
        }
        for sk in m.skipped.iter_mut() {
            sk.target.previous = errors.get(&sk.target.id).cloned();
        }
    }
}

/// Closes the modal without acting; the status line says so.
pub(super) fn cancel(app: &mut App) {
    app.mode = Mode::Panes;
    app.status = Some(crate::tr!(MsgCancelled).to_owned());
}
