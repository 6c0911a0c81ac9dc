//! The pure state machine of the TUI: `update(&mut App, Msg) -> Vec<Effect>`. No IO, no clock, no
//! tokio here: every input (keys, async results, ticks, times) arrives as a [`Msg`] value, and
//! every request leaves as an [`Effect`] value for the worker.

mod actions;
mod areas;
mod ask;
pub mod command_line;
pub mod confirm;
pub mod copy;
mod details;
pub mod failure;
pub mod jobs;
pub mod keymap;
mod keys;
mod listing;
pub mod messages;
mod mode;
mod mouse;
mod msg;
mod ops;
pub mod outcomes;
mod overlay;
mod overlay_keys;
mod recovery;
pub mod scope;
mod settings;
pub mod story;
mod update;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::api::{Job, JobType, ScopeId, ScopeListing, ScopeRequest};
pub use command_line::CommandLine;
pub use confirm::{Button, ConfirmAction, ConfirmModal};
pub use details::MAX_DETAILS;
use details::remember_detail;
pub use failure::ListFailure;
pub use jobs::{JobTable, SortColumn};
pub use messages::MessageLog;
pub use mode::Mode;
pub use msg::Msg;
pub use ops::{Batch, OpKind, OpState, Outcome, Phase, Tally};
pub use outcomes::{OutcomeLog, OutcomeRecord, OutcomeView};
pub use overlay::Overlay;
pub use recovery::{SettledWrite, Shutdown};
pub use settings::Settings;
pub use story::{Story, StoryKind};
pub use update::update;

/// Wall-clock date and time (with the local offset) of an outcome, stamped by the worker, or of
/// a message, as the event loop last told the app (the app never reads a clock).
pub type WallTime = time::OffsetDateTime;

/// Requests for the worker (the only place that does IO).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// List the jobs of these types, reporting pages as they arrive.
    ListJobs {
        /// Job types to list.
        types: Vec<JobType>,
        /// Tags the resulting messages so stale listings are ignored.
        generation: u64,
    },
    /// Fetch one job's detail (from the job's own project).
    ShowJob {
        /// The job, as the table shares it.
        job: Arc<Job>,
    },
    /// Delete one job (only ever a job listed in a confirmed modal), after the undo window.
    /// The worker keeps no jobs of its own: the audit intent records this job, and the request
    /// goes to its project.
    DeleteJob {
        /// The job, as the confirmed modal listed it.
        job: Arc<Job>,
        /// The previous attempt's outcome was unknown: `DRS.10000010` means already deleted.
        after_ambiguous: bool,
    },
    /// Stop one job (only ever a job listed in a confirmed modal).
    StopJob {
        /// The job, as the confirmed modal listed it.
        job: Arc<Job>,
        /// Force stop.
        force: bool,
    },
    /// Stop, wait until the service reports the job ready to delete, then delete (after the
    /// undo window, like a delete).
    StopThenDelete {
        /// The job, as the confirmed modal listed it.
        job: Arc<Job>,
    },
    /// Cancel these jobs' writes that have not been sent yet (`u`, Esc, q during a bulk).
    CancelPending {
        /// The jobs.
        job_ids: Vec<String>,
    },
    /// Re-read the jobs of unsettled writes of earlier runs and record their outcomes (`U`).
    SettleUnsettled,
    /// Fetch a job's progress (`p`) or a page of its log (`l`).
    ShowStory {
        /// The job, as the table shares it.
        job: Arc<Job>,
        /// Progress or log.
        kind: StoryKind,
        /// First log entry wanted.
        offset: u64,
        /// Log entries wanted.
        limit: u64,
    },
    /// Cover other projects (`:region`, `:project`, `:profile`): the worker answers
    /// `Msg::ScopesSet` or `Msg::ScopeFailed`. Marks and selection stay on jobs that remain.
    SetScope(ScopeRequest),
    /// List again only these projects (those whose listing failed); the jobs of the others
    /// stay. Ends like a listing: `JobsPage`s, then `ListComplete` with every job's id.
    RetryScopes {
        /// The projects.
        scopes: Vec<ScopeId>,
        /// Job types to list.
        types: Vec<JobType>,
        /// Tags the resulting messages.
        generation: u64,
    },
    /// Follow a job's log (`F`): re-read its last page every few seconds, reporting each
    /// answer as `Msg::StoryLoaded` (or `StoryFailed`), until `StopFollowing` or another
    /// `FollowLog`.
    FollowLog {
        /// The job, as the table shares it.
        job: Arc<Job>,
        /// Log entries the app has (the first read starts there).
        from: u64,
    },
    /// Stop following a log.
    StopFollowing,
    /// Put this text on the clipboard (OSC 52, so it works over SSH).
    Copy {
        /// The text.
        text: String,
    },
    /// Leave the program.
    Quit,
}

/// Which pane has keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The job list.
    #[default]
    Table,
    /// The detail pane (arrows scroll it).
    Detail,
    /// The Outcomes pane (arrows move through every outcome, Enter opens one).
    Outcomes,
}

/// The lazily fetched detail of a job.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Requested, not answered yet.
    Loading,
    /// The detail object (strings sanitized).
    Loaded(serde_json::Value),
    /// The request failed.
    Failed(String),
}

/// The whole UI state.
#[derive(Debug, Clone)]
pub struct App {
    /// Settings from the command line.
    pub settings: Settings,
    /// Job type shown (None: all).
    pub job_type: Option<JobType>,
    /// The job table.
    pub table: JobTable,
    /// First visible row of the table.
    pub scroll: usize,
    /// Keyboard focus.
    pub focus: Focus,
    /// Detail pane scroll.
    pub detail_scroll: u16,
    /// How far the detail pane can scroll (reported by the last frame).
    pub detail_max_scroll: u16,
    /// Help overlay scroll.
    pub help_scroll: u16,
    /// How far the help can scroll (reported by the last frame).
    pub help_max_scroll: u16,
    /// How far the open overlay can scroll, as the last frame measured it (its text wrapped).
    pub overlay_max_scroll: Option<u16>,
    /// Why the last listing failed (cleared by the next complete listing). Rows already
    /// listed stay, marked stale.
    pub list_error: Option<ListFailure>,
    /// What is open over the panes (at most one thing).
    pub mode: Mode,
    /// Asking whether to quit with requests in flight (over whatever is open).
    pub quit_confirm: bool,
    /// Fetched details by job id.
    pub details: HashMap<String, Detail>,
    /// Per-job write state.
    pub ops: HashMap<String, OpState>,
    /// Last error per job, shown in the detail pane until the next action on it.
    pub last_error: HashMap<String, String>,
    /// What to retry per job whose last request failed.
    pub failed: HashMap<String, OpKind>,
    /// Jobs whose last delete ended "outcome unknown, still present": a retry tells the worker.
    pub ambiguous: HashSet<String>,
    /// The service throttled us: seconds until the retry (cleared by the next success).
    pub throttled: Option<u64>,
    /// Every outcome of the session, newest first.
    pub outcomes: OutcomeLog,
    /// Where the Outcomes pane stands.
    pub outcome_view: OutcomeView,
    /// `z`: the focused pane fills the screen.
    pub zoom: bool,
    /// Progress of the latest confirmed action.
    pub batch: Option<Batch>,
    /// One-line status message (refusals, list errors).
    pub status: Option<String>,
    /// Every status-line message of the session (`M`, `:messages`).
    pub messages: MessageLog,
    /// The wall-clock time the event loop last told (stamps messages).
    pub clock: Option<WallTime>,
    /// A listing is in flight.
    pub listing: bool,
    /// Generation of the current listing.
    pub generation: u64,
    /// Server totals per job type in the current listing.
    pub totals: HashMap<JobType, u64>,
    /// Spinner frame counter.
    pub spinner: usize,
    /// Terminal size.
    pub size: Rect,
    /// The app should exit.
    pub quit: bool,
    /// A listing has completed once (before that, the selection stays on the first row).
    pub loaded: bool,
    /// Shutting down: waiting for the answers to requests already sent.
    pub shutdown: Option<Shutdown>,
    /// Outcome records the audit log could not take (JSON, with why), for stderr at exit.
    pub unrecorded: Vec<String>,
    /// Unsettled writes of earlier runs (from the audit log at start).
    pub unsettled: usize,
    /// Command lines entered, oldest first (this session's, after those of earlier sessions).
    pub history: Vec<String>,
    /// The history changed since it was loaded (saved at exit).
    pub history_dirty: bool,
    /// The scope switch in flight.
    pub switching: Option<ScopeRequest>,
    /// The job's progress or log shown in the detail pane (`p`, `l`).
    pub story: Option<Story>,
    /// The projects listed (several with `--regions`); empty: the one configured project.
    pub scopes: Vec<ScopeId>,
    /// How the header names the scope; empty: the configured region.
    pub scope_label: String,
    /// Each project's listing state in the current listing.
    pub scope_states: std::collections::BTreeMap<ScopeId, ScopeListing>,
    /// The account's projects IAM listed when the scope was last built (kept while the
    /// credentials stay): what `:region`/`:project` complete first and `:regions` offers.
    pub account: Vec<ScopeId>,
}

impl App {
    /// A fresh app; call [`App::start`] for the first listing.
    pub fn new(settings: Settings, job_type: Option<JobType>) -> Self {
        App {
            settings,
            job_type,
            table: JobTable::new(),
            scroll: 0,
            focus: Focus::Table,
            detail_scroll: 0,
            detail_max_scroll: 0,
            help_scroll: 0,
            help_max_scroll: 0,
            overlay_max_scroll: None,
            list_error: None,
            mode: Mode::Panes,
            quit_confirm: false,
            details: HashMap::new(),
            ops: HashMap::new(),
            last_error: HashMap::new(),
            failed: HashMap::new(),
            ambiguous: HashSet::new(),
            throttled: None,
            outcomes: OutcomeLog::default(),
            outcome_view: OutcomeView::default(),
            zoom: false,
            batch: None,
            status: None,
            messages: MessageLog::default(),
            clock: None,
            listing: false,
            generation: 0,
            totals: HashMap::new(),
            spinner: 0,
            size: Rect::default(),
            quit: false,
            loaded: false,
            shutdown: None,
            unrecorded: Vec::new(),
            unsettled: 0,
            history: Vec::new(),
            history_dirty: false,
            switching: None,
            story: None,
            scopes: Vec::new(),
            scope_label: String::new(),
            scope_states: std::collections::BTreeMap::new(),
            account: Vec::new(),
        }
    }

    /// Writes queued or running.
    pub fn in_flight(&self) -> usize {
        self.ops.values().filter(|o| o.is_active()).count()
    }

    /// Writes sent and not answered yet.
    pub fn sent_in_flight(&self) -> usize {
        self.ops.values().filter(|o| o.is_sent()).count()
    }

    /// Jobs whose confirmed write has not been sent yet (undo window, queue, waiting for stop).
    pub fn unsent(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .ops
            .iter()
            .filter(|(_, o)| o.is_unsent())
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Jobs in the undo window.
    pub fn pending(&self) -> usize {
        self.ops
            .values()
            .filter(|o| matches!(o.phase, Phase::Pending { .. }))
            .count()
    }

    /// Whether something animates (the event loop ticks only then).
    pub fn animating(&self) -> bool {
        self.listing
            || self.in_flight() > 0
            || self.shutdown.is_some()
            || self.details.values().any(|d| *d == Detail::Loading)
            || self
                .ops
                .values()
                .any(|o| matches!(o.phase, Phase::Settling(_)))
    }
}
