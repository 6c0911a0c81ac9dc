//! `update`: one message in, the state changed, the requests for the worker out. Each kind of
//! message goes to the module that owns what it changes; what follows every message (the
//! selection kept in view) is done here once.

use ratatui::layout::Rect;

use super::{
    App, Effect, Mode, Msg, details, keys, listing, messages, mouse, ops, outcomes, recovery,
};
use crate::layout::Drawn;

/// Applies one message; returns the requests the worker must perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.table.selected().map(|j| j.id.clone());
    let (status, throttled) = (app.status.clone(), app.throttled.is_some());
    let effects = dispatch(app, msg);
    messages::note(app, status.as_deref(), throttled);
    app.follow_selection();
    outcomes::follow(app);
    if app.table.selected().map(|j| j.id.as_str()) != before.as_deref() {
        app.detail_scroll = 0;
    }
    effects
}

/// Sends a message to its handler.
fn dispatch(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => keys::on_key(app, key),
        Msg::Mouse(m) => mouse::on_mouse(app, m),
        Msg::Resize(w, h) => {
            on_resize(app, w, h);
            Vec::new()
        }
        Msg::Drawn(d) => {
            on_drawn(app, d);
            Vec::new()
        }
        Msg::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::Clock(now) => {
            app.clock = Some(now);
            Vec::new()
        }
        m @ (Msg::JobsPage { .. }
        | Msg::ListComplete { .. }
        | Msg::ListFailed { .. }
        | Msg::ScopeListing { .. }
        | Msg::ScopesSet { .. }
        | Msg::ScopeFailed { .. }
        | Msg::RefreshDue) => listing::on_msg(app, m),
        m @ (Msg::DetailDue { .. }
        | Msg::DetailLoaded { .. }
        | Msg::DetailFailed { .. }
        | Msg::StoryLoaded { .. }
        | Msg::StoryFailed { .. }) => details::on_msg(app, m),
        m @ (Msg::OpProgress { .. }
        | Msg::DeleteDone { .. }
        | Msg::StopDone { .. }
        | Msg::JobRead { .. }
        | Msg::Throttled { .. }) => on_write(app, m),
        m @ (Msg::ShutdownRequested { .. }
        | Msg::ShutdownLeft { .. }
        | Msg::Unsettled { .. }
        | Msg::Settled { .. }) => recovery::on_msg(app, m),
    }
}

/// The terminal's new size.
fn on_resize(app: &mut App, w: u16, h: u16) {
    app.size = Rect::new(0, 0, w, h);
    // What was drawn at the old size no longer counts as seen.
    if let Mode::Modal(m) = &mut app.mode {
        m.drawn = None;
    }
}

/// What the last frame showed: whether the modal was seen whole, how far panes can scroll.
fn on_drawn(app: &mut App, d: Drawn) {
    if d.size != app.size {
        return;
    }
    if let Mode::Modal(m) = &mut app.mode {
        m.drawn = d.modal;
    }
    app.detail_max_scroll = d.detail_max_scroll;
    app.detail_scroll = app.detail_scroll.min(d.detail_max_scroll);
    app.help_max_scroll = d.help_max_scroll;
    app.overlay_max_scroll = d.overlay_max_scroll;
    app.help_scroll = app.help_scroll.min(d.help_max_scroll);
}

/// A message about a write: its progress, how it ended, a re-read, throttling.
fn on_write(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::OpProgress { job_id, phase } => ops::on_progress(app, &job_id, phase),
        Msg::DeleteDone {
            job_id,
            outcome,
            at,
        } => {
            recovery::note_unrecorded(app, outcome.unrecorded.as_ref());
            ops::on_delete_done(app, &job_id, outcome, at);
            quiet_throttle(app);
            return recovery::after_outcome(app);
        }
        Msg::StopDone {
            job_id,
            outcome,
            at,
        } => {
            recovery::note_unrecorded(app, outcome.unrecorded.as_ref());
            ops::on_stop_done(app, &job_id, outcome, at);
            quiet_throttle(app);
            return recovery::after_outcome(app);
        }
        Msg::JobRead {
            job_id,
            detail,
            settled,
        } => ops::on_job_read(app, &job_id, detail, settled),
        // A late report, with nothing in flight any more, retries nothing.
        Msg::Throttled { retry_in_secs } if app.animating() => app.throttled = Some(retry_in_secs),
        // Not about a write.
        _ => {}
    }
    Vec::new()
}

/// "Throttled, retrying in N s" goes once nothing is in flight: nothing is retried then.
fn quiet_throttle(app: &mut App) {
    if !app.animating() {
        app.throttled = None;
    }
}
