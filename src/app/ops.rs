//! Writes in flight: per-job state, outcome lines, the bulk progress, and turning a confirmed
//! modal into effects.

use crate::ops::{OutcomeKind, WriteOutcome};
use crate::sanitize::clean;

use super::{App, ConfirmAction, ConfirmModal, Effect, WallTime};

/// What was asked of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// DELETE.
    Delete,
    /// Stop.
    Stop,
    /// Stop, wait, delete.
    StopThenDelete,
}

/// Where a job's write stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Confirmed, in the undo window: sent in `secs_left` seconds unless `u` cancels it.
    Pending {
        /// Seconds until it is sent.
        secs_left: u64,
    },
    /// Waiting for a free slot.
    Queued,
    /// Cancel asked; waiting for the worker to confirm nothing was sent.
    Cancelling,
    /// DELETE sent.
    Deleting,
    /// Stop sent.
    Stopping,
    /// Stopped on our side; waiting for the service to report it stopped (last seen status).
    WaitingForStop(String),
    /// Deleted (200).
    Deleted,
    /// Stopped (200).
    Stopped,
    /// The last request failed.
    Failed,
}

/// One job's write state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpState {
    /// What was asked.
    pub kind: OpKind,
    /// Job name, for outcome lines even after the row is gone.
    pub name: String,
    /// Where it stands.
    pub phase: Phase,
}

impl OpState {
    /// Queued or running.
    pub fn is_active(&self) -> bool {
        self.is_unsent() || self.is_sent() || self.phase == Phase::Cancelling
    }

    /// Confirmed but not sent yet, so it can still be cancelled. A stop-then-delete waiting
    /// for the stop to settle counts: its delete is not sent yet.
    pub fn is_unsent(&self) -> bool {
        matches!(
            self.phase,
            Phase::Pending { .. } | Phase::Queued | Phase::WaitingForStop(_)
        )
    }

    /// Sent, answer not in yet.
    pub fn is_sent(&self) -> bool {
        matches!(self.phase, Phase::Deleting | Phase::Stopping)
    }
}

/// One outcome line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// When it finished.
    pub at: WallTime,
    /// `DELETE`, `STOP` or `FORCE-STOP`.
    pub verb: &'static str,
    /// Job name.
    pub name: String,
    /// Job id.
    pub id: String,
    /// `200 OK` or the error.
    pub text: String,
    /// Success.
    pub ok: bool,
    /// How it ended.
    pub kind: OutcomeKind,
    /// Everything known about it (Enter on the outcome shows it).
    pub record: super::OutcomeRecord,
}

/// Progress of the latest confirmed action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// Delete or stop.
    pub action: ConfirmAction,
    /// Jobs in the action.
    pub total: usize,
    /// Succeeded.
    pub done: usize,
    /// Failed.
    pub failed: usize,
    /// Cancelled before they were sent.
    pub cancelled: usize,
}

impl Batch {
    /// All jobs finished.
    pub fn finished(&self) -> bool {
        self.done + self.failed + self.cancelled >= self.total
    }
}

/// Whether this job was deleted by us (stale listings must not bring it back).
pub(super) fn is_deleted(app: &App, id: &str) -> bool {
    app.ops.get(id).is_some_and(|o| o.phase == Phase::Deleted)
}

/// Sanitizes every string (keys included) of a JSON value.
pub(super) fn clean_value(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(clean_value).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (clean(&k), clean_value(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Turns a confirmed modal into effects: exactly the jobs it listed, nothing else.
pub(super) fn confirm(app: &mut App, modal: ConfirmModal) -> Vec<Effect> {
    let mut effects = Vec::new();
    let grace = app.settings.undo_grace_secs;
    let queue = |app: &mut App, id: &str, name: &str, kind: OpKind| {
        app.last_error.remove(id);
        app.failed.remove(id);
        // Deletes wait in the undo window; stops are not irreversible and go at once.
        let phase = if grace > 0 && kind != OpKind::Stop {
            Phase::Pending { secs_left: grace }
        } else {
            Phase::Queued
        };
        app.ops.insert(
            id.to_owned(),
            OpState {
                kind,
                name: name.to_owned(),
                phase,
            },
        );
    };
    for t in modal.targets.iter().chain(modal.hidden.iter()) {
        match modal.action {
            ConfirmAction::Delete => {
                queue(app, &t.id, &t.name, OpKind::Delete);
                effects.push(Effect::DeleteJob {
                    job_id: t.id.clone(),
                    name: t.name.clone(),
                    after_ambiguous: app.ambiguous.contains(&t.id),
                });
            }
            ConfirmAction::Stop => {
                queue(app, &t.id, &t.name, OpKind::Stop);
                effects.push(Effect::StopJob {
                    job_id: t.id.clone(),
                    force: modal.force,
                });
            }
        }
    }
    for t in modal.stop_then_delete() {
        queue(app, &t.id, &t.name, OpKind::StopThenDelete);
        effects.push(Effect::StopThenDelete {
            job_id: t.id.clone(),
        });
    }
    if !effects.is_empty() {
        app.table.clear_marks();
        app.batch = Some(Batch {
            action: modal.action,
            total: effects.len(),
            done: 0,
            failed: 0,
            cancelled: 0,
        });
        if grace > 0 && modal.action == ConfirmAction::Delete {
            app.status = Some(format!(
                "{} delete{} will be sent in {grace} s: {UNDO_HINT}",
                effects.len(),
                if effects.len() == 1 { "" } else { "s" }
            ));
        }
    }
    effects
}

/// Cancels every confirmed write not sent yet (`u`, Esc or q during a bulk) and says which
/// were sent already. Returns no effect when nothing is left to cancel.
pub(super) fn cancel_unsent(app: &mut App) -> Vec<Effect> {
    let ids = app.unsent();
    if ids.is_empty() {
        return Vec::new();
    }
    for id in &ids {
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = Phase::Cancelling;
        }
    }
    let cancelling = app
        .ops
        .values()
        .filter(|o| o.phase == Phase::Cancelling)
        .count();
    // Of the latest batch, what is neither cancelled nor being cancelled was sent.
    let sent = match app.batch {
        Some(b) => b.total.saturating_sub(cancelling + b.cancelled),
        None => app.sent_in_flight(),
    };
    app.status = Some(format!(
        "cancelled {} not yet sent; {sent} already sent (their outcomes will still appear)",
        ids.len()
    ));
    vec![Effect::CancelPending { job_ids: ids }]
}

pub(super) fn on_progress(app: &mut App, id: &str, phase: Phase) {
    if let Some(op) = app.ops.get_mut(id).filter(|o| o.is_active()) {
        op.phase = match phase {
            Phase::WaitingForStop(s) => Phase::WaitingForStop(clean(&s)),
            p => p,
        };
    }
    // The undo hint goes once nothing is left to undo.
    let pending = app
        .ops
        .values()
        .any(|o| matches!(o.phase, Phase::Pending { .. }));
    if !pending
        && app
            .status
            .as_deref()
            .is_some_and(|s| s.ends_with(UNDO_HINT))
    {
        app.status = None;
    }
}

/// The end of the status line shown during the undo window.
const UNDO_HINT: &str = "u to undo";

fn name_of(app: &App, id: &str) -> String {
    app.ops
        .get(id)
        .map(|o| o.name.clone())
        .or_else(|| app.table.get(id).map(|j| j.name.clone()))
        .unwrap_or_default()
}

fn outcome_line(
    at: WallTime,
    verb: &'static str,
    id: &str,
    name: String,
    text: String,
    outcome: &WriteOutcome,
) -> Outcome {
    Outcome {
        at,
        verb,
        name,
        id: id.to_owned(),
        text,
        ok: outcome.succeeded(),
        kind: outcome.kind,
        record: super::OutcomeRecord::of(outcome),
    }
}

fn push_outcome(app: &mut App, o: Outcome) {
    app.outcomes.push(o);
}

fn count(app: &mut App, kind: OutcomeKind, ok: bool) {
    if let Some(b) = app.batch.as_mut() {
        if kind == OutcomeKind::Cancelled {
            b.cancelled += 1;
        } else if ok {
            b.done += 1;
        } else {
            b.failed += 1;
        }
    }
}

fn fail(app: &mut App, id: &str, verb: &str, text: &str, kind: OpKind) {
    app.last_error
        .insert(id.to_owned(), format!("{verb}: {text}"));
    app.failed.insert(id.to_owned(), kind);
    if let Some(op) = app.ops.get_mut(id) {
        op.phase = Phase::Failed;
    }
}

/// The outcome line's text: the writer's summary, sanitized (it may carry server text).
fn outcome_text(o: &WriteOutcome) -> String {
    clean(&o.summary())
}

/// A cancelled write: the job returns to normal, nothing to retry.
fn cancelled(app: &mut App, id: &str) {
    app.ops.remove(id);
}

pub(super) fn on_delete_done(app: &mut App, id: &str, outcome: WriteOutcome, at: WallTime) {
    let name = name_of(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Delete, |o| o.kind);
    let ok = outcome.succeeded();
    let text = outcome_text(&outcome);
    if ok {
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = Phase::Deleted;
        }
        app.table.remove(id);
        app.details.remove(id);
        app.last_error.remove(id);
        app.failed.remove(id);
        app.ambiguous.remove(id);
        app.throttled = None;
    } else if outcome.kind == OutcomeKind::Cancelled {
        cancelled(app, id);
    } else {
        if outcome.kind == OutcomeKind::UnknownStillPresent {
            app.ambiguous.insert(id.to_owned());
            let why = format!("{text} (R retries; a missing job then reads already deleted)");
            fail(app, id, "DELETE", &why, kind);
        } else {
            fail(app, id, "DELETE", &text, kind);
        }
    }
    count(app, outcome.kind, ok);
    push_outcome(app, outcome_line(at, "DELETE", id, name, text, &outcome));
}

pub(super) fn on_stop_done(app: &mut App, id: &str, outcome: WriteOutcome, at: WallTime) {
    let name = name_of(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Stop, |o| o.kind);
    let ok = outcome.succeeded();
    let text = outcome_text(&outcome);
    if ok {
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = match kind {
                OpKind::StopThenDelete => Phase::WaitingForStop(String::new()),
                _ => Phase::Stopped,
            };
        }
        app.details.remove(id);
        app.throttled = None;
    } else if outcome.kind == OutcomeKind::Cancelled {
        cancelled(app, id);
    } else {
        fail(app, id, "STOP", &text, kind);
    }
    // A successful stop of a stop-then-delete is counted when its delete ends.
    if !(ok && kind == OpKind::StopThenDelete) {
        count(app, outcome.kind, ok);
    }
    // A forced stop says so: it is not the same request.
    let verb = match outcome.action {
        crate::ops::WriteAction::Stop { force: true } => "FORCE-STOP",
        _ => "STOP",
    };
    push_outcome(app, outcome_line(at, verb, id, name, text, &outcome));
}
