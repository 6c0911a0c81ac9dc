//! What a key or a `:` command does when it is more than a line: leaving, the job type shown,
//! listing again, undoing, expanding a parent. Shared by the key map ([`super::keys`]) and the
//! command line ([`super::command_line`]).

use super::{App, Effect, Phase, ops};
use crate::api::JobType;

/// Quit now, or ask first while writes are in flight. What has not been sent yet is
/// cancelled at once (the status line says what was already sent).
pub(super) fn ask_quit(app: &mut App) -> Vec<Effect> {
    let cancelled = ops::cancel_unsent(app);
    if app.sent_in_flight() > 0 {
        app.quit_confirm = true;
        cancelled
    } else if !cancelled.is_empty() {
        // Nothing was in flight: stay so the user reads what was cancelled; q again quits.
        cancelled
    } else {
        app.quit = true;
        vec![Effect::Quit]
    }
}

/// `t`: the next job type (all, then each type, then all again), listed.
pub(super) fn cycle_type(app: &mut App) -> Vec<Effect> {
    let next = match app.job_type {
        None => Some(JobType::Migration),
        Some(JobType::Migration) => Some(JobType::Sync),
        Some(JobType::Sync) => Some(JobType::CloudDataGuard),
        Some(JobType::CloudDataGuard) => Some(JobType::Replay),
        Some(JobType::Replay) => None,
    };
    set_type(app, next)
}

/// Shows one job type (None: all) and lists it.
pub(super) fn set_type(app: &mut App, job_type: Option<JobType>) -> Vec<Effect> {
    app.job_type = job_type;
    app.table.clear();
    app.details.clear();
    app.scroll = 0;
    // Abandon the listing in flight: its messages carry an older generation.
    app.listing = false;
    app.refresh()
}

/// `r`: a new listing, unless one runs or the credentials were refused (nothing more is sent).
pub(super) fn refresh(app: &mut App) -> Vec<Effect> {
    if app.list_error.as_ref().is_some_and(|e| !e.retry) {
        app.status = Some(crate::tr!(MsgCredentialsRefused).into());
        return Vec::new();
    }
    if app.listing {
        app.status = Some(crate::tr!(MsgRefreshRunning).into());
    }
    app.refresh()
}

/// `u`: cancels the confirmed writes not sent yet.
pub(super) fn undo(app: &mut App) -> Vec<Effect> {
    let effects = ops::cancel_unsent(app);
    if effects.is_empty() {
        app.status = Some(crate::tr!(MsgNothingToUndo).into());
    }
    effects
}

/// Enter: a parent job opens to its children as rows, or closes again.
pub(super) fn expand(app: &mut App) {
    let ops = &app.ops;
    let gone = |id: &str| ops.get(id).is_some_and(|o| o.phase == Phase::Deleted);
    if !app.table.toggle_expand(gone) {
        app.status = Some(crate::tr!(NoChildren).to_owned());
    }
}
