//! Writes that must still end on record: the shutdown drain (a signal, or quitting with requests
//! in flight: nothing new is sent, what waits is cancelled, what was sent gets a counted-down
//! grace period), outcomes the audit log could not take, and unsettled writes of earlier runs,
//! which are settled only when the user asks (`U`), never silently.

use crate::sanitize::clean;

use super::{App, Effect, Mode, Msg, Outcome, WallTime, ops};

/// The app is shutting down, waiting for the answers to requests already sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shutdown {
    /// Why: `quit`, `SIGTERM received`, …
    pub reason: String,
    /// Seconds left before the program stops waiting (set by the event loop).
    pub secs_left: Option<u64>,
    /// Outcome lines there were when it began: the newer ones are printed at exit.
    pub outcomes_before: usize,
}

/// One write of an earlier run, settled by a re-read (`U`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledWrite {
    /// `DELETE` or `STOP`.
    pub verb: &'static str,
    /// Job id.
    pub id: String,
    /// Job name, as the intent recorded it.
    pub name: String,
    /// `deleted (confirmed by re-read)`, `still present (…)`, `could not tell: …`.
    pub text: String,
    /// Whether it is settled now (a re-read answered).
    pub settled: bool,
    /// Where the intent says it was sent (region, project, endpoint).
    pub place: super::outcomes::Place,
}

/// A message about shutting down or about the writes of earlier runs.
pub(super) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::ShutdownRequested { reason } => return begin(app, reason),
        Msg::ShutdownLeft { secs } => left(app, secs),
        Msg::Unsettled { count, damaged } => on_unsettled(app, count, damaged),
        Msg::Settled {
            writes,
            elsewhere,
            too_young,
            unrecorded,
            error,
            at,
        } => {
            on_settled(app, writes, (elsewhere, too_young), error, at);
            for rec in &unrecorded {
                note_unrecorded(app, Some(rec));
            }
        }
        // Not about shutting down or earlier runs.
        _ => {}
    }
    Vec::new()
}

/// Starts the shutdown: unsent writes are cancelled, and the app quits as soon as nothing is in
/// flight (at once if nothing is).
pub(super) fn begin(app: &mut App, reason: String) -> Vec<Effect> {
    app.quit_confirm = false;
    if let Mode::Modal(_) = app.mode {
        app.mode = Mode::Panes;
    }
    let mut effects = ops::cancel_unsent(app);
    if app.shutdown.is_none() {
        app.shutdown = Some(Shutdown {
            reason,
            secs_left: None,
            outcomes_before: app.outcomes.seen(),
        });
    }
    if app.in_flight() == 0 {
        app.quit = true;
        effects.push(Effect::Quit);
    }
    effects
}

/// The countdown moved on.
pub(super) fn left(app: &mut App, secs: u64) {
    if let Some(s) = app.shutdown.as_mut() {
        s.secs_left = Some(secs);
    }
}

/// After a write finished during the shutdown: nothing new starts (a stop-then-delete whose
/// stop just ended would go on to its delete: cancelled), and the app quits once nothing is in
/// flight any more.
pub(super) fn after_outcome(app: &mut App) -> Vec<Effect> {
    if app.shutdown.is_none() {
        return Vec::new();
    }
    let mut effects = ops::cancel_unsent(app);
    if app.in_flight() == 0 && !app.quit {
        app.quit = true;
        effects.push(Effect::Quit);
    }
    effects
}

/// An outcome the audit log could not take: kept for the exit (stderr, exit 4) and said now.
pub(super) fn note_unrecorded(app: &mut App, unrecorded: Option<&String>) {
    if let Some(rec) = unrecorded {
        app.unrecorded.push(rec.clone());
        app.status = Some(crate::tr!(RecoUnrecorded, app.unrecorded.len()));
    }
}

/// How many writes of earlier runs are unsettled (read at start).
pub(super) fn on_unsettled(app: &mut App, count: usize, damaged: usize) {
    app.unsettled = count;
    let mut parts = Vec::new();
    if count > 0 {
        parts.push(crate::tr!(RecoUnsettled, count));
    }
    if damaged > 0 {
        parts.push(crate::tr!(RecoDamaged, damaged));
    }
    if !parts.is_empty() {
        app.status = Some(parts.join(crate::tr!(CliNoticeJoin)));
    }
}

/// `U`: settle the unsettled writes of earlier runs, if there are any.
pub(super) fn settle(app: &mut App) -> Vec<Effect> {
    if app.unsettled == 0 {
        app.status = Some(crate::tr!(RecoNone).into());
        return Vec::new();
    }
    app.status = Some(crate::tr!(RecoSettling, app.unsettled));
    vec![Effect::SettleUnsettled]
}

/// The settle finished: one outcome line per write, and what is left.
pub(super) fn on_settled(
    app: &mut App,
    writes: Vec<SettledWrite>,
    (elsewhere, too_young): (usize, usize),
    error: Option<String>,
    at: WallTime,
) {
    let settled = writes.iter().filter(|w| w.settled).count();
    for w in &writes {
        let line = Outcome {
            at,
            verb: w.verb,
            name: clean(&w.name),
            id: clean(&w.id),
            text: clean(&w.text),
            ok: w.settled,
            kind: if w.settled {
                crate::ops::OutcomeKind::ConfirmedByReRead
            } else {
                crate::ops::OutcomeKind::UnknownStillPresent
            },
            record: super::OutcomeRecord {
                settled_by: "re-read",
                ..Default::default()
            },
            place: w.place.clone(),
        };
        app.outcomes.push(line);
    }
    app.unsettled = app.unsettled.saturating_sub(settled);
    let mut status = crate::tr!(RecoSettled, settled);
    if writes.len() > settled {
        status.push_str(&crate::tr!(RecoUntold, writes.len() - settled));
    }
    if elsewhere > 0 {
        status.push_str(&crate::tr!(RecoElsewhere, elsewhere));
    }
    if too_young > 0 {
        status.push_str(&crate::tr!(RecoTooYoung, too_young));
    }
    if let Some(e) = error {
        status = crate::tr!(RecoFailed, clean(&e));
    }
    app.status = Some(status);
}
