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
    /// Stop accepted (200); the job is re-read until its status settles (last seen status).
    Settling(String),
    /// Deleted (200), or already gone (`DRS.10000010`).
    Deleted,
    /// Stopped: accepted and its status settled.
    Stopped,
    /// The last request failed.
    Failed,
    /// The answer was lost and the job is still there: the outcome is unknown (R retries).
    Unknown,
}

/// One job's write state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpState {
    /// What was asked.
    pub kind: OpKind,
    /// Job name, for outcome lines even after the row is gone.
    pub name: String,
    /// Where the job lives, for outcome lines even after a scope switch.
    pub scope: crate::api::ScopeId,
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
    /// Where the job lives: region, project, endpoint (as they were when it ended).
    pub place: super::outcomes::Place,
}

/// One kind of request in a batch: how many, sent, and how they ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Requests of this kind in the batch.
    pub total: usize,
    /// Sent to the service (answered or not).
    pub sent: usize,
    /// Succeeded (for deletes: including "already gone").
    pub done: usize,
    /// Failed.
    pub failed: usize,
    /// Outcome unknown (answer lost, job still there).
    pub unknown: usize,
    /// Not sent: cancelled, or the stop before it failed.
    pub cancelled: usize,
}

impl Tally {
    /// Requests of this kind that have ended.
    pub fn ended(&self) -> usize {
        self.done + self.failed + self.unknown + self.cancelled
    }

    fn count(&mut self, kind: OutcomeKind, ok: bool) {
        match kind {
            OutcomeKind::Cancelled => self.cancelled += 1,
            OutcomeKind::UnknownStillPresent => self.unknown += 1,
            _ if ok => self.done += 1,
            _ => self.failed += 1,
        }
    }
}

/// Progress of the latest confirmed action, stops and deletes counted apart (a stop-then-
/// delete is one stop and one delete).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// Delete or stop.
    pub action: ConfirmAction,
    /// The stops (of a stop batch, or before the deletes of stop-then-delete).
    pub stops: Tally,
    /// The deletes.
    pub deletes: Tally,
}

impl Batch {
    /// All requests ended.
    pub fn finished(&self) -> bool {
        self.stops.ended() >= self.stops.total && self.deletes.ended() >= self.deletes.total
    }

    /// Requests ended and in all.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.stops.ended() + self.deletes.ended(),
            self.stops.total + self.deletes.total,
        )
    }

    /// What the gauge says: each kind's progress and how its requests ended.
    pub fn summary(&self) -> String {
        let part = |t: &Tally, verb: &str| -> Option<String> {
            if t.total == 0 {
                return None;
            }
            let mut s = format!("{verb} {}/{}", t.ended(), t.total);
            let mut tail = Vec::new();
            if t.done > 0 {
                tail.push(crate::tr!(OpOk, t.done));
            }
            if t.failed > 0 {
                tail.push(crate::tr!(OpFailed, t.failed));
            }
            if t.unknown > 0 {
                tail.push(crate::tr!(OpUnknown, t.unknown));
            }
            if t.cancelled > 0 {
                tail.push(crate::tr!(OpNotSent, t.cancelled));
            }
            if !tail.is_empty() {
                s.push_str(&format!(" ({})", tail.join(", ")));
            }
            Some(s)
        };
        [
            part(&self.stops, crate::tr!(OpStops)),
            part(&self.deletes, crate::tr!(OpDeletes)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
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
    let queue = |app: &mut App, t: &super::confirm::Target, kind: OpKind| {
        let (id, name) = (t.id.as_str(), t.name.as_str());
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
                scope: t.job.scope,
                phase,
            },
        );
    };
    for t in modal.targets.iter().chain(modal.hidden.iter()) {
        match modal.action {
            ConfirmAction::Delete => {
                queue(app, t, OpKind::Delete);
                effects.push(Effect::DeleteJob {
                    job: t.job.clone(),
                    after_ambiguous: app.ambiguous.contains(&t.id),
                });
            }
            ConfirmAction::Stop => {
                queue(app, t, OpKind::Stop);
                effects.push(Effect::StopJob {
                    job: t.job.clone(),
                    force: modal.force,
                });
            }
        }
    }
    for t in modal.stop_then_delete() {
        queue(app, t, OpKind::StopThenDelete);
        effects.push(Effect::StopThenDelete { job: t.job.clone() });
    }
    if !effects.is_empty() {
        app.table.clear_marks();
        let stops = effects
            .iter()
            .filter(|e| matches!(e, Effect::StopJob { .. } | Effect::StopThenDelete { .. }))
            .count();
        let deletes = effects
            .iter()
            .filter(|e| matches!(e, Effect::DeleteJob { .. } | Effect::StopThenDelete { .. }))
            .count();
        app.batch = Some(Batch {
            action: modal.action,
            stops: Tally {
                total: stops,
                ..Tally::default()
            },
            deletes: Tally {
                total: deletes,
                ..Tally::default()
            },
        });
        if grace > 0 && modal.action == ConfirmAction::Delete {
            app.status = Some(if effects.len() == 1 {
                crate::tr!(MsgDeleteIn, effects.len(), grace, undo_hint())
            } else {
                crate::tr!(MsgDeletesIn, effects.len(), grace, undo_hint())
            });
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
    use crate::i18n::T;
    let plural = |n: usize, (one, many): (T, T)| if n == 1 { one } else { many }.fill(&[&n]);
    // Of the latest batch, each kind it has: how many were sent already.
    let sent = match app.batch {
        Some(b) => [
            (b.stops, (T::ReqOneStop, T::ReqManyStops)),
            (b.deletes, (T::ReqOneDelete, T::ReqManyDeletes)),
        ]
        .iter()
        .filter(|(t, _)| t.total > 0)
        .map(|(t, what)| plural(t.sent, *what))
        .collect::<Vec<_>>()
        .join(", "),
        None => plural(app.sent_in_flight(), (T::ReqOneRequest, T::ReqManyRequests)),
    };
    app.status = Some(crate::tr!(MsgCancelledSent, ids.len(), sent));
    vec![Effect::CancelPending { job_ids: ids }]
}

pub(super) fn on_progress(app: &mut App, id: &str, phase: Phase) {
    if let Some(op) = app.ops.get_mut(id).filter(|o| o.is_active()) {
        // Count each request once, the moment it is sent (u/Esc report these).
        if op.phase != phase
            && let Some(b) = app.batch.as_mut()
        {
            match phase {
                Phase::Stopping => b.stops.sent += 1,
                Phase::Deleting => b.deletes.sent += 1,
                _ => {}
            }
        }
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
            .is_some_and(|s| s.ends_with(undo_hint()))
    {
        app.status = None;
    }
}

/// The end of the status line shown during the undo window.
fn undo_hint() -> &'static str {
    crate::tr!(UndoHint)
}

fn name_of(app: &App, id: &str) -> String {
    app.ops
        .get(id)
        .map(|o| o.name.clone())
        .or_else(|| app.table.get(id).map(|j| j.name.clone()))
        .unwrap_or_default()
}

fn outcome_line(
    app: &App,
    (at, verb): (WallTime, &'static str),
    id: &str,
    text: String,
    outcome: &WriteOutcome,
) -> Outcome {
    Outcome {
        at,
        verb,
        name: name_of(app, id),
        id: id.to_owned(),
        text,
        ok: outcome.succeeded(),
        kind: outcome.kind,
        record: super::OutcomeRecord::of(outcome),
        place: super::outcomes::Place::of(app, scope_of(app, id)),
    }
}

/// Where a job lives: as its write recorded it, else as the table lists it.
fn scope_of(app: &App, id: &str) -> crate::api::ScopeId {
    app.ops
        .get(id)
        .map(|o| o.scope)
        .or_else(|| app.table.get(id).map(|j| j.scope))
        .unwrap_or_default()
}

fn push_outcome(app: &mut App, o: Outcome) {
    app.outcomes.push(o);
}

/// Counts an ended request in the batch's stops or deletes.
fn count(app: &mut App, delete: bool, kind: OutcomeKind, ok: bool) {
    if let Some(b) = app.batch.as_mut() {
        let t = if delete { &mut b.deletes } else { &mut b.stops };
        t.count(kind, ok);
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
    let text = clean(&o.summary());
    // A retried request says so: the answer shown is the last of several.
    if o.throttles > 0 {
        crate::tr!(OpRetried429, text, o.throttles)
    } else if o.attempts > 1 {
        crate::tr!(OpRetriedAttempts, text, o.attempts)
    } else {
        text
    }
}

/// A cancelled write: the job returns to normal, nothing to retry.
fn cancelled(app: &mut App, id: &str) {
    app.ops.remove(id);
}

/// Whether the job has a write of ours in flight: only those count in the batch's progress (a
/// late or repeated answer must not push the gauge past its total).
fn in_batch(app: &App, id: &str) -> bool {
    app.ops.get(id).is_some_and(|o| o.is_active())
}

/// A delete answered `DRS.10000010`: the job does not exist, so the goal is reached (as
/// Terraform's provider treats it). The outcome line keeps the whole answer.
fn is_gone(o: &WriteOutcome) -> bool {
    o.kind == OutcomeKind::Failed
        && o.error
            .as_ref()
            .and_then(|e| e.api())
            .is_some_and(|a| a.is_job_not_found())
}

pub(super) fn on_delete_done(app: &mut App, id: &str, outcome: WriteOutcome, at: WallTime) {
    let counted = in_batch(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Delete, |o| o.kind);
    let gone = is_gone(&outcome);
    let ok = outcome.succeeded() || gone;
    let text = if gone {
        crate::tr!(OpAlreadyGone, outcome_text(&outcome))
    } else {
        outcome_text(&outcome)
    };
    // Made before the row and the write's state go: they say what and where the job was.
    let mut line = outcome_line(app, (at, "DELETE"), id, text.clone(), &outcome);
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
    } else if outcome.kind == OutcomeKind::UnknownStillPresent {
        app.ambiguous.insert(id.to_owned());
        let why = crate::tr!(OpUnknownHint, text);
        fail(app, id, "DELETE", &why, kind);
        if let Some(op) = app.ops.get_mut(id) {
            op.phase = Phase::Unknown;
        }
    } else {
        fail(app, id, "DELETE", &text, kind);
    }
    if counted {
        let k = if gone {
            OutcomeKind::Succeeded
        } else {
            outcome.kind
        };
        count(app, true, k, ok);
    }
    line.ok = ok;
    push_outcome(app, line);
}

pub(super) fn on_stop_done(app: &mut App, id: &str, outcome: WriteOutcome, at: WallTime) {
    let counted = in_batch(app, id);
    let kind = app.ops.get(id).map_or(OpKind::Stop, |o| o.kind);
    let ok = outcome.succeeded();
    let text = outcome_text(&outcome);
    // A forced stop says so: it is not the same request.
    let verb = match outcome.action {
        crate::ops::WriteAction::Stop { force: true } => "FORCE-STOP",
        _ => "STOP",
    };
    let line = outcome_line(app, (at, verb), id, text.clone(), &outcome);
    if ok {
        if let Some(op) = app.ops.get_mut(id) {
            // Accepted is not stopped: the worker re-reads the job until its status settles.
            op.phase = match kind {
                OpKind::StopThenDelete => Phase::WaitingForStop(String::new()),
                _ => Phase::Settling(String::new()),
            };
        }
        app.details.remove(id);
        app.throttled = None;
    } else if outcome.kind == OutcomeKind::Cancelled {
        cancelled(app, id);
    } else {
        fail(app, id, "STOP", &text, kind);
        if outcome.kind == OutcomeKind::UnknownStillPresent
            && let Some(op) = app.ops.get_mut(id)
        {
            op.phase = Phase::Unknown;
        }
    }
    if counted {
        count(app, false, outcome.kind, ok);
        // A stop-then-delete whose stop did not go through will not send its delete.
        if kind == OpKind::StopThenDelete && !ok {
            count(app, true, OutcomeKind::Cancelled, false);
        }
    }
    push_outcome(app, line);
}

/// The worker re-read a job after a stop: the row and the detail show its status now; once it
/// settled, a plain stop reads stopped.
pub(super) fn on_job_read(app: &mut App, id: &str, detail: serde_json::Value, settled: bool) {
    let detail = clean_value(detail);
    let status = detail
        .get("status")
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_owned();
    if let Some(job) = app.table.get(id)
        && !status.is_empty()
    {
        let mut job = job.clone();
        job.status = status.as_str().into();
        if let Some(actions) = detail
            .get("job_action")
            .and_then(|a| serde_json::from_value(a.clone()).ok())
        {
            job.job_action = actions;
        }
        app.table.upsert(vec![std::sync::Arc::new(job)]);
    }
    if let Some(op) = app.ops.get_mut(id) {
        match &op.phase {
            Phase::Settling(_) if settled => op.phase = Phase::Stopped,
            Phase::Settling(_) => op.phase = Phase::Settling(status),
            _ => {}
        }
    }
    super::remember_detail(app, id.to_owned(), super::Detail::Loaded(detail));
}
