//! Everything that can happen to the app, as one [`Msg`] value: input from the terminal, answers
//! from the worker, and timers from the event loop.

use std::collections::HashSet;
use std::sync::Arc;

use crossterm::event::{KeyEvent, MouseEvent};

use super::{Phase, SettledWrite, StoryKind, WallTime};
use crate::api::{ClientError, Job, JobType, ScopeId, ScopeListing};
use crate::layout::Drawn;
use crate::ops::WriteOutcome;

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event.
    Mouse(MouseEvent),
    /// The terminal's new size.
    Resize(u16, u16),
    /// A frame was drawn: what it showed of the modal (sent by the event loop after each draw).
    Drawn(Drawn),
    /// A page of jobs arrived while listing.
    JobsPage {
        /// The listing it belongs to.
        generation: u64,
        /// The server's total for this page's job type.
        total: u64,
        /// The job type listed.
        job_type: JobType,
        /// The page's jobs (not yet sanitized), shared with the worker.
        jobs: Vec<Arc<Job>>,
    },
    /// The listing completed; every job came in a `JobsPage` before.
    ListComplete {
        /// The listing it belongs to.
        generation: u64,
        /// The id of every job listed: the others are gone, but those of `kept`.
        ids: HashSet<String>,
        /// Projects not listed this time (their listing failed, or a retry left them out):
        /// their jobs stay as they were.
        kept: Vec<ScopeId>,
    },
    /// The listing failed.
    ListFailed {
        /// The listing it belongs to.
        generation: u64,
        /// What went wrong.
        error: ClientError,
    },
    /// One project's listing state changed (several projects, `--regions`): listing, listed
    /// with N jobs, or failed (the others list on).
    ScopeListing {
        /// The listing it belongs to.
        generation: u64,
        /// The project.
        scope: ScopeId,
        /// Its state now.
        state: ScopeListing,
    },
    /// The worker now covers these projects (at start with `--regions`, or after
    /// `Effect::SetScope`): the app lists again.
    ScopesSet {
        /// The projects, in listing order; empty: the one configured project.
        scopes: Vec<ScopeId>,
        /// How the header names the scope (`all (3 projects)`, `cn-east-3`, `profile prod`).
        label: String,
        /// The profile and read-only state in force with these projects.
        in_force: crate::api::ScopeInForce,
    },
    /// `Effect::SetScope` failed; the scope set is unchanged.
    ScopeFailed {
        /// Why (e.g. IAM has no such project).
        error: String,
    },
    /// `jobs show` answered.
    DetailLoaded {
        /// The job.
        job_id: String,
        /// The detail object.
        detail: serde_json::Value,
    },
    /// `jobs show` failed.
    DetailFailed {
        /// The job.
        job_id: String,
        /// What went wrong.
        error: String,
    },
    /// A page of a job's progress or log arrived (`p`, `l`).
    StoryLoaded {
        /// The job.
        job_id: String,
        /// Progress or log.
        kind: StoryKind,
        /// Offset of the first log entry in this answer.
        offset: u64,
        /// The server's `total_count` (log entries in all), when it says.
        total: Option<u64>,
        /// The detail object of this type (not yet sanitized).
        detail: serde_json::Value,
    },
    /// Fetching a job's progress or log failed.
    StoryFailed {
        /// The job.
        job_id: String,
        /// Progress or log.
        kind: StoryKind,
        /// What went wrong.
        error: String,
    },
    /// A write moved to a new phase (permit acquired, stop sent, waiting…).
    OpProgress {
        /// The job.
        job_id: String,
        /// The phase now.
        phase: Phase,
    },
    /// A delete finished (sent and answered, settled by a re-read, refused, or cancelled).
    DeleteDone {
        /// The job.
        job_id: String,
        /// How it ended.
        outcome: WriteOutcome,
        /// When it finished.
        at: WallTime,
    },
    /// A stop request finished.
    StopDone {
        /// The job.
        job_id: String,
        /// How it ended.
        outcome: WriteOutcome,
        /// When it finished.
        at: WallTime,
    },
    /// A job re-read after a stop (its detail object, not yet sanitized).
    JobRead {
        /// The job.
        job_id: String,
        /// The detail object.
        detail: serde_json::Value,
        /// Its status settled (stopped, failed, or no longer changing): the last re-read.
        settled: bool,
    },
    /// The service throttled a request (429); the client retries after `retry_in_secs`.
    Throttled {
        /// Seconds until the next attempt (rounded up).
        retry_in_secs: u64,
    },
    /// Advance animations (spinner).
    Tick,
    /// The wall-clock time now (the event loop says it before the messages of each turn):
    /// status-line messages are stamped with it.
    Clock(WallTime),
    /// The selection rested on this job long enough: fetch its detail.
    DetailDue {
        /// The job selected when the timer was armed.
        job_id: String,
    },
    /// Auto-refresh is due.
    RefreshDue,
    /// Shut down (a signal): cancel what is unsent, wait for what was sent, then quit.
    ShutdownRequested {
        /// Why, as the countdown says it (`SIGTERM received`).
        reason: String,
    },
    /// Seconds left of the shutdown's grace period.
    ShutdownLeft {
        /// Seconds.
        secs: u64,
    },
    /// Writes of earlier runs without an outcome, found in the audit log at start.
    Unsettled {
        /// Unsettled writes.
        count: usize,
        /// Damaged lines skipped.
        damaged: usize,
    },
    /// `U` finished: writes of earlier runs re-read and recorded.
    Settled {
        /// One per write tried.
        writes: Vec<SettledWrite>,
        /// Unsettled writes of another endpoint or project (not tried).
        elsewhere: usize,
        /// Unsettled writes whose answer may still be on its way (not tried yet).
        too_young: usize,
        /// Outcome records the audit log could not take.
        unrecorded: Vec<String>,
        /// Why nothing could be tried.
        error: Option<String>,
        /// When it finished.
        at: WallTime,
    },
}
