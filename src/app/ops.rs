//! Writes in flight: per-job state, outcome lines, the bulk progress, and turning a confirmed
//! modal into effects.

use crate::api::{ActionResult, Answer, Failure};
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
    /// Waiting for a free slot.
    Queued,
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
        matches!(
            self.phase,
            Phase::Queued | Phase::Deleting | Phase::Stopping | Phase::WaitingForStop(_)
        )
    }
}

/// One outcome line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// When it finished.
    pub at: WallTime,
    /// `DELETE` or `STOP`.
    pub verb: &'static str,
    /// Job name.
    pub name: String,
    /// Job id.
    pub id: String,
    /// `200 OK` or the error.
    pub text: String,
    /// Success.
    pub ok: bool,
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
}

impl Batch {
    /// All jobs finished.
    pub fn finished(&self) -> bool {
        self.done + self.failed >= self.total
    }
}

/// Most outcome lines kept.
const MAX_OUTCOMES: usize = 500;

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
    let queue = |app: &mut App, id: &str, name: &str, kind: OpKind| {
        app.last_error.remove(id);
        app.failed.remove(id);
        app.ops.insert(
            id.to_owned(),
            OpState {
                kind,
                name: name.to_owned(),
                phase: Phase::Queued,
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
                });
            }
            ConfirmAction::Stop => {
                queue(app, &t.id, &t.name, OpKind::Stop);
                effects.push(Effect::StopJob {
                    job_id: t.id.clone(),
                    force: false,
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
        });
    }
    effects
}

pub(super) fn on_progress(app: &mut App, id: &str, phase: Phase) {
    if let Some(op) = app.ops.get_mut(id).filter(|o| o.is_active()) {
        op.phase = match phase {
            Phase::WaitingForStop(s) => Phase::WaitingForStop(clean(&s)),
            p => p,
        };
    }
}

fn name_of(app: &App, id: &str) -> String {
    app.ops
        .get(id)
        .map(|o| o.name.clone())
        .or_else(|| app.table.get(id).map(|j| j.name.clone()))
        .unwrap_or_default()
}

fn failure_text(f: &Failure) -> String {
    let mut s = clean(&f.error.short());
    if f.ambiguous {
        s.push_str(" (may have been processed: refresh to check)");
    }
    s
}

fn push_outcome(app: &mut App, o: Outcome) {
    app.outcomes.insert(0, o);
    app.outcomes.truncate(MAX_OUTCOMES);
}

fn count(app: &mut App, ok: bool) {
    if let Some(b) = app.batch.as_mut() {
        if ok {
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

pub(super) fn on_delete_done(
    app: &mut App,
    id: &str,
    result: Result<Answer<()>, Failure>,
    at: WallTime,
) {
    let name = name_of(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Delete, |o| o.kind);
    let (ok, text) = match &result {
        Ok(a) => (true, format!("{} OK", a.status)),
        Err(f) => (false, failure_text(f)),
    };
    if ok {
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = Phase::Deleted;
        }
        app.table.remove(id);
        app.details.remove(id);
        app.last_error.remove(id);
        app.failed.remove(id);
    } else {
        fail(app, id, "DELETE", &text, kind);
    }
    count(app, ok);
    push_outcome(
        app,
        Outcome {
            at,
            verb: "DELETE",
            name,
            id: id.to_owned(),
            text,
            ok,
        },
    );
}

pub(super) fn on_stop_done(
    app: &mut App,
    id: &str,
    result: Result<Answer<ActionResult>, Failure>,
    at: WallTime,
) {
    let name = name_of(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Stop, |o| o.kind);
    let (ok, text) = match &result {
        Ok(a) => (true, format!("{} OK", a.status)),
        Err(f) => (false, failure_text(f)),
    };
    if ok {
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = match kind {
                OpKind::StopThenDelete => Phase::WaitingForStop(String::new()),
                _ => Phase::Stopped,
            };
        }
        app.details.remove(id);
        if kind != OpKind::StopThenDelete {
            count(app, true);
        }
    } else {
        fail(app, id, "STOP", &text, kind);
        count(app, false);
    }
    push_outcome(
        app,
        Outcome {
            at,
            verb: "STOP",
            name,
            id: id.to_owned(),
            text,
            ok,
        },
    );
}
