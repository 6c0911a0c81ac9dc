//! The pure state machine of the TUI: `update(&mut App, Msg) -> Vec<Effect>`. No IO, no clock, no
//! tokio here: every input (keys, async results, ticks, times) arrives as a [`Msg`] value, and
//! every request leaves as an [`Effect`] value for the worker.

pub mod command_line;
pub mod confirm;
pub mod failure;
pub mod jobs;
mod keys;
mod ops;
pub mod outcomes;
mod recovery;
pub mod scope;
pub mod story;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

use crate::api::{ClientError, Job, JobType, ScopeId, ScopeListing, ScopeRequest};
use crate::layout::{Areas, Drawn};
use crate::ops::WriteOutcome;
pub use command_line::CommandLine;
pub use confirm::{Button, ConfirmAction, ConfirmModal};
pub use failure::ListFailure;
pub use jobs::{JobTable, SortColumn};
pub use ops::{Batch, OpKind, OpState, Outcome, Phase, Tally};
pub use outcomes::{OutcomeLog, OutcomeRecord, OutcomeView, Overlay};
pub use recovery::{SettledWrite, Shutdown};
pub use story::{Story, StoryKind};

/// Wall-clock time of an outcome, stamped by the worker (the app never reads a clock).
pub type WallTime = time::Time;

/// Settings the app needs from the command line and profile.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Profile name.
    pub profile: String,
    /// Region id.
    pub region: String,
    /// Project id.
    pub project_id: String,
    /// DRS endpoint, as configured.
    pub endpoint: String,
    /// The endpoint is not the region's own (`--endpoint`, profile `endpoint`): the header says
    /// "custom endpoint" instead of a region that may not apply.
    pub custom_endpoint: bool,
    /// Connected to the built-in demo service.
    pub demo: bool,
    /// Refuse every write.
    pub read_only: bool,
    /// Protected profile: always type to confirm.
    pub protected: bool,
    /// Writes in flight at once.
    pub concurrency: usize,
    /// More jobs than this in one confirmation: type the count.
    pub confirm_threshold: usize,
    /// Plain ASCII borders and symbols.
    pub ascii: bool,
    /// No colours (`NO_COLOR`).
    pub no_color: bool,
    /// Auto-refresh is on (for the footer).
    pub auto_refresh: bool,
    /// Seconds a confirmed delete waits before it is sent (`u` undoes meanwhile); 0: none.
    pub undo_grace_secs: u64,
    /// Why writes are disabled when it is not the profile's choice (e.g. no audit log).
    pub writes_disabled: Option<String>,
    /// Regions of the configured scope (`--regions`), offered first by `:region` completion.
    pub regions: Vec<String>,
    /// Profiles of the config file, for `:profile` completion and checking.
    pub profiles: Vec<String>,
}

impl Settings {
    /// Whether write keys are refused (read-only profile, or writes disabled).
    pub fn no_writes(&self) -> bool {
        self.read_only || self.writes_disabled.is_some()
    }
}

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
    /// Why the last listing failed (cleared by the next complete listing). Rows already
    /// listed stay, marked stale.
    pub list_error: Option<ListFailure>,
    /// Typing into the filter.
    pub filtering: bool,
    /// The help overlay is open.
    pub help: bool,
    /// The open confirmation modal.
    pub modal: Option<ConfirmModal>,
    /// Asking whether to quit with requests in flight.
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
    /// A view over the whole screen (an outcome's record, a job's raw JSON).
    pub overlay: Option<Overlay>,
    /// Progress of the latest confirmed action.
    pub batch: Option<Batch>,
    /// One-line status message (refusals, list errors).
    pub status: Option<String>,
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
    /// The open `:` command line.
    pub command: Option<CommandLine>,
    /// Command lines entered, oldest first (this session's, after those of earlier sessions).
    pub history: Vec<String>,
    /// The history changed since it was loaded (saved at exit).
    pub history_dirty: bool,
    /// The scope switch in flight.
    pub switching: Option<ScopeRequest>,
    /// The per-project listing view (`:regions`) is open.
    pub regions_view: bool,
    /// The job's progress or log shown in the detail pane (`p`, `l`).
    pub story: Option<Story>,
    /// The projects listed (several with `--regions`); empty: the one configured project.
    pub scopes: Vec<ScopeId>,
    /// How the header names the scope; empty: the configured region.
    pub scope_label: String,
    /// Each project's listing state in the current listing.
    pub scope_states: std::collections::BTreeMap<ScopeId, ScopeListing>,
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
            list_error: None,
            filtering: false,
            help: false,
            modal: None,
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
            overlay: None,
            batch: None,
            status: None,
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
            command: None,
            history: Vec::new(),
            history_dirty: false,
            switching: None,
            regions_view: false,
            story: None,
            scopes: Vec::new(),
            scope_label: String::new(),
            scope_states: std::collections::BTreeMap::new(),
        }
    }

    /// The first listing.
    pub fn start(&mut self) -> Vec<Effect> {
        self.refresh()
    }

    /// Starts a listing of the current job type (unless one is in flight).
    pub fn refresh(&mut self) -> Vec<Effect> {
        if self.listing {
            return Vec::new();
        }
        self.listing = true;
        self.generation += 1;
        self.totals.clear();
        let types = match self.job_type {
            Some(t) => vec![t],
            None => JobType::ALL.to_vec(),
        };
        vec![Effect::ListJobs {
            types,
            generation: self.generation,
        }]
    }

    /// Lists again only the projects whose listing failed (`r` when some failed); nothing
    /// when none did or a listing is in flight.
    pub fn retry_failed_scopes(&mut self) -> Vec<Effect> {
        let failed: Vec<ScopeId> = self
            .scope_states
            .iter()
            .filter(|(_, s)| matches!(s, ScopeListing::Failed(_)))
            .map(|(id, _)| *id)
            .collect();
        if self.listing || failed.is_empty() {
            return Vec::new();
        }
        self.listing = true;
        self.generation += 1;
        for id in &failed {
            self.scope_states.insert(*id, ScopeListing::Listing);
        }
        let types = match self.job_type {
            Some(t) => vec![t],
            None => JobType::ALL.to_vec(),
        };
        vec![Effect::RetryScopes {
            scopes: failed,
            types,
            generation: self.generation,
        }]
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

    /// The selected job whose detail should be fetched once the selection rests.
    pub fn detail_needed(&self) -> Option<&str> {
        let job = self.table.selected()?;
        (!self.details.contains_key(&job.id)).then_some(job.id.as_str())
    }

    /// Server total of jobs for the current type (sum over types), or the loaded count.
    pub fn total(&self) -> usize {
        let loaded = self.table.listed_len();
        if !self.listing {
            return loaded;
        }
        let sum: u64 = self.totals.values().sum();
        (sum as usize).max(loaded)
    }

    /// Where each pane goes at the app's terminal size.
    pub fn areas(&self) -> Areas {
        self.areas_in(self.size)
    }

    /// Where each pane goes in a given screen rectangle (the frame being drawn).
    pub fn areas_in(&self, size: Rect) -> Areas {
        let notice = match &self.list_error {
            Some(e) if self.table.shown() > 0 => 2 + e.details.len() as u16,
            _ => 0,
        };
        let mut a = crate::layout::areas(size, self.focus == Focus::Detail, notice);
        // Several projects: the header gets a second line, the region strip.
        if scope::multi(self) && !crate::layout::too_small(size) {
            a.header.height = 2;
            for r in [&mut a.table, &mut a.detail] {
                r.y += 1;
                r.height = r.height.saturating_sub(1);
            }
        }
        if !self.zoom || crate::layout::too_small(size) {
            return a;
        }
        // `z`: the focused pane takes everything between the header and the footer.
        let body = Rect::new(
            size.x,
            a.header.bottom(),
            size.width,
            a.footer.y - a.header.bottom(),
        );
        let none = Rect::new(size.x, body.y, 0, 0);
        let (table, detail, outcomes) = match self.focus {
            Focus::Table => (body, none, none),
            Focus::Detail => (none, body, none),
            Focus::Outcomes => (none, none, body),
        };
        Areas {
            table,
            detail,
            notice: none,
            outcomes,
            ..a
        }
    }

    /// The rectangle holding the table's job rows at the app's terminal size.
    pub fn table_rows(&self) -> Rect {
        self.areas().table_rows()
    }

    /// Keeps the selected row inside the visible table rows.
    pub(crate) fn follow_selection(&mut self) {
        let height = self.table_rows().height as usize;
        let sel = self.table.selected_pos().unwrap_or(0);
        if height == 0 {
            self.scroll = sel;
            return;
        }
        let max_scroll = self.table.shown().saturating_sub(height);
        if sel < self.scroll {
            self.scroll = sel;
        } else if sel >= self.scroll + height {
            self.scroll = sel + 1 - height;
        }
        self.scroll = self.scroll.min(max_scroll);
    }
}

/// At most this many fetched details are kept (walking through 100,000 jobs must not keep a
/// detail object per job); beyond it, all but the selected job's and those loading are dropped
/// (they are fetched again when the selection rests on them).
pub const MAX_DETAILS: usize = 64;

fn remember_detail(app: &mut App, job_id: String, detail: Detail) {
    if app.details.len() >= MAX_DETAILS && !app.details.contains_key(&job_id) {
        let selected = app.table.selected().map(|j| j.id.clone());
        app.details
            .retain(|id, d| *d == Detail::Loading || selected.as_deref() == Some(id.as_str()));
    }
    app.details.insert(job_id, detail);
}

/// Applies one message; returns the requests the worker must perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.table.selected().map(|j| j.id.clone());
    let effects = match msg {
        Msg::Key(key) => keys::on_key(app, key),
        Msg::Mouse(m) => keys::on_mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = Rect::new(0, 0, w, h);
            // What was drawn at the old size no longer counts as seen.
            if let Some(m) = app.modal.as_mut() {
                m.drawn = None;
            }
            Vec::new()
        }
        Msg::Drawn(d) => {
            if d.size == app.size {
                if let Some(m) = app.modal.as_mut() {
                    m.drawn = d.modal;
                }
                app.detail_max_scroll = d.detail_max_scroll;
                app.detail_scroll = app.detail_scroll.min(d.detail_max_scroll);
                app.help_max_scroll = d.help_max_scroll;
                app.help_scroll = app.help_scroll.min(d.help_max_scroll);
            }
            Vec::new()
        }
        Msg::JobsPage {
            generation,
            total,
            job_type,
            jobs,
        } => {
            if generation == app.generation {
                app.totals.insert(job_type, total);
                let jobs: Vec<Arc<Job>> = jobs
                    .into_iter()
                    .map(jobs::clean_shared)
                    .filter(|j| !ops::is_deleted(app, &j.id))
                    .collect();
                let at_top = app.table.selected_pos().is_none_or(|p| p == 0);
                app.table.upsert(jobs);
                // While the first listing streams in, stay on the first row unless the user moved.
                if !app.loaded && at_top {
                    app.table.select_pos(0);
                }
            }
            Vec::new()
        }
        Msg::ListComplete {
            generation,
            mut ids,
            kept,
        } => {
            if generation == app.generation {
                let rows = app.table.all().iter();
                ids.extend(
                    rows.filter(|j| kept.contains(&j.scope))
                        .map(|j| j.id.clone()),
                );
                app.listing = false;
                app.loaded = true;
                app.throttled = None;
                app.list_error = None;
                app.table.retain_ids(&ids);
                app.table.shrink_to_fit();
                // Details may be stale now; the selected one is fetched again once it rests.
                app.details.clear();
            }
            Vec::new()
        }
        Msg::ListFailed { generation, error } => {
            if generation == app.generation {
                app.listing = false;
                app.list_error = Some(ListFailure::new(&error, &app.settings));
            }
            Vec::new()
        }
        Msg::ScopeListing {
            generation,
            scope,
            state,
        } => {
            scope::on_listing(app, generation, scope, state);
            Vec::new()
        }
        Msg::ScopesSet {
            scopes,
            label,
            in_force,
        } => scope::on_set(app, scopes, &label, in_force),
        Msg::ScopeFailed { error } => {
            scope::on_failed(app, &error);
            Vec::new()
        }
        Msg::DetailLoaded { job_id, detail } => {
            remember_detail(app, job_id, Detail::Loaded(ops::clean_value(detail)));
            Vec::new()
        }
        Msg::DetailFailed { job_id, error } => {
            remember_detail(app, job_id, Detail::Failed(crate::sanitize::clean(&error)));
            Vec::new()
        }
        Msg::StoryLoaded {
            job_id,
            kind,
            offset,
            total,
            detail,
        } => {
            story::on_loaded(app, &job_id, kind, offset, total, detail);
            Vec::new()
        }
        Msg::StoryFailed {
            job_id,
            kind,
            error,
        } => {
            story::on_failed(app, &job_id, kind, &error);
            Vec::new()
        }
        Msg::OpProgress { job_id, phase } => {
            ops::on_progress(app, &job_id, phase);
            Vec::new()
        }
        Msg::DeleteDone {
            job_id,
            outcome,
            at,
        } => {
            recovery::note_unrecorded(app, outcome.unrecorded.as_ref());
            ops::on_delete_done(app, &job_id, outcome, at);
            recovery::after_outcome(app)
        }
        Msg::StopDone {
            job_id,
            outcome,
            at,
        } => {
            recovery::note_unrecorded(app, outcome.unrecorded.as_ref());
            ops::on_stop_done(app, &job_id, outcome, at);
            recovery::after_outcome(app)
        }
        Msg::JobRead {
            job_id,
            detail,
            settled,
        } => {
            ops::on_job_read(app, &job_id, detail, settled);
            Vec::new()
        }
        Msg::Throttled { retry_in_secs } => {
            app.throttled = Some(retry_in_secs);
            Vec::new()
        }
        Msg::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::DetailDue { job_id } => {
            if app.detail_needed() == Some(job_id.as_str())
                && let Some(job) = app.table.shared(&job_id).cloned()
            {
                remember_detail(app, job_id, Detail::Loading);
                vec![Effect::ShowJob { job }]
            } else {
                Vec::new()
            }
        }
        Msg::RefreshDue if app.shutdown.is_some() => Vec::new(),
        // After the credentials were refused nothing more is sent: auto-refresh stops too.
        Msg::RefreshDue if app.list_error.as_ref().is_some_and(|e| !e.retry) => Vec::new(),
        Msg::RefreshDue => app.refresh(),
        Msg::ShutdownRequested { reason } => recovery::begin(app, reason),
        Msg::ShutdownLeft { secs } => {
            recovery::left(app, secs);
            Vec::new()
        }
        Msg::Unsettled { count, damaged } => {
            recovery::on_unsettled(app, count, damaged);
            Vec::new()
        }
        Msg::Settled {
            writes,
            elsewhere,
            too_young,
            unrecorded,
            error,
            at,
        } => {
            recovery::on_settled(app, writes, (elsewhere, too_young), error, at);
            for rec in &unrecorded {
                recovery::note_unrecorded(app, Some(rec));
            }
            Vec::new()
        }
    };
    app.follow_selection();
    outcomes::follow(app);
    if app.table.selected().map(|j| j.id.as_str()) != before.as_deref() {
        app.detail_scroll = 0;
    }
    effects
}
