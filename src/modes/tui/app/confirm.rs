//! The confirmation modal. It owns the exact list of jobs an action will touch: the effects
//! produced on confirmation are built from these lists and nothing else.

use std::sync::Arc;

use crate::api::{DeleteReadiness, Job, StatusKind};
use crate::layout::ModalDrawn;

/// What the modal asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    /// Delete jobs.
    Delete,
    /// Stop jobs.
    Stop,
}

impl ConfirmAction {
    /// The verb in titles and buttons.
    pub fn verb(self) -> &'static str {
        match self {
            ConfirmAction::Delete => crate::tr!(ActDelete),
            ConfirmAction::Stop => crate::tr!(ActStop),
        }
    }
}

/// One job as the modal lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The job itself, as the table shares it: a confirmed write carries exactly this job.
    pub job: Arc<Job>,
    /// Job id.
    pub id: String,
    /// Job name.
    pub name: String,
    /// Status when the modal opened.
    pub status: String,
    /// Where the job lives (`cn-east-3`, `cn-north-4_pay`) when several projects are listed;
    /// empty for the one configured project.
    pub region: String,
    /// A retry: how the previous attempt ended.
    pub previous: Option<String>,
}

impl Target {
    fn of(job: &Arc<Job>) -> Self {
        Target {
            job: job.clone(),
            id: job.id.clone(),
            name: job.name.clone(),
            status: job.status.to_string(),
            region: crate::sanitize::clean(&job.scope.label()),
            previous: None,
        }
    }
}

/// A job listed as skipped, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The job.
    pub target: Target,
    /// Why the action cannot be sent now.
    pub reason: String,
    /// Whether "stop first, then delete" applies (the job is running or in transition).
    pub stoppable: bool,
}

/// Which button has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Cancel (focused first).
    Cancel,
    /// Confirm.
    Confirm,
}

/// The confirmation modal's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmModal {
    /// Delete or stop.
    pub action: ConfirmAction,
    /// Shown jobs the action applies to.
    pub targets: Vec<Target>,
    /// Marked jobs hidden by the filter that the action also applies to.
    pub hidden: Vec<Target>,
    /// Jobs the action cannot apply to now.
    pub skipped: Vec<Skipped>,
    /// The filter that hid `hidden`.
    pub filter: String,
    /// Delete only: also stop the stoppable skipped jobs first, then delete them (`s`).
    pub stop_first: bool,
    /// Focused button.
    pub focus: Button,
    /// Text the user must type before confirming (count, or the name for one job).
    pub require: Option<String>,
    /// What the user typed so far.
    pub typed: String,
    /// Writes in flight at once (shown in the modal).
    pub concurrency: usize,
    /// Stop only: force-stop (`X`).
    pub force: bool,
    /// First line of the job list drawn (the list scrolls: ↑/↓, PgUp/PgDn).
    pub scroll: usize,
    /// Opened by `R`: the title says retry and each job shows its previous error.
    pub retry: bool,
    /// How the last frame at the current size showed this modal (None: not drawn since it
    /// opened or since the terminal was resized).
    pub drawn: Option<ModalDrawn>,
}

/// What a key did to the modal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModalOutcome {
    /// Still open.
    Open,
    /// Closed without acting.
    Cancelled,
    /// Confirmed: act on exactly what the modal listed.
    Confirmed,
}

/// Why the action cannot be sent to this job now, in the job's own terms.
fn skip_reason(action: ConfirmAction, job: &Job) -> String {
    let readiness = job.delete_readiness();
    let kind = job.status_kind();
    let state = match job.status.as_str() {
        "WAITING_FOR_START" => crate::tr!(WhyWaitingStart),
        "FULL_TRANSFER_COMPLETE" => crate::tr!(WhyFullDone),
        "CHILD_TRANSFER_COMPLETE" => crate::tr!(WhyChildDone),
        _ => match kind {
            StatusKind::Running => crate::tr!(WhyRunning),
            StatusKind::Failed => crate::tr!(WhyFailed),
            StatusKind::Transition => crate::tr!(WhyTransition),
            StatusKind::Stopped => crate::tr!(WhyStopped),
            StatusKind::Unknown => crate::tr!(WhyUnknown),
        },
    };
    match action {
        ConfirmAction::Delete => match readiness {
            DeleteReadiness::StopFirst => crate::tr!(WhyStopFirst, state),
            DeleteReadiness::Settling => crate::tr!(WhySettle, state),
            DeleteReadiness::Ready | DeleteReadiness::Blocked => crate::tr!(WhyNoDelete, state),
        },
        ConfirmAction::Stop if kind == StatusKind::Stopped => {
            crate::tr!(WhyAlreadyStopped).to_owned()
        }
        ConfirmAction::Stop if kind == StatusKind::Transition => crate::tr!(WhySettle, state),
        ConfirmAction::Stop => crate::tr!(WhyNoStop, state),
    }
}

impl ConfirmModal {
    /// Builds the modal for `shown` (visible) and `hidden` (filtered out) jobs, as the table
    /// shares them.
    pub fn new(
        action: ConfirmAction,
        shown: &[Arc<Job>],
        hidden: &[Arc<Job>],
        filter: &str,
        protected: bool,
        threshold: usize,
        concurrency: usize,
    ) -> Self {
        let mut m = ConfirmModal {
            action,
            targets: Vec::new(),
            hidden: Vec::new(),
            skipped: Vec::new(),
            filter: filter.to_owned(),
            stop_first: false,
            focus: Button::Cancel,
            require: None,
            typed: String::new(),
            concurrency,
            force: false,
            scroll: 0,
            retry: false,
            drawn: None,
        };
        for (jobs, is_hidden) in [(shown, false), (hidden, true)] {
            for job in jobs {
                let readiness = job.delete_readiness();
                let dirty = crate::sanitize::is_cleaned_id(&job.id);
                let ok = !dirty
                    && match action {
                        ConfirmAction::Delete => readiness == DeleteReadiness::Ready,
                        ConfirmAction::Stop => job.can_stop(),
                    };
                if ok {
                    if is_hidden {
                        m.hidden.push(Target::of(job));
                    } else {
                        m.targets.push(Target::of(job));
                    }
                } else {
                    let stoppable = !dirty
                        && action == ConfirmAction::Delete
                        && readiness == DeleteReadiness::StopFirst;
                    let reason = if dirty {
                        crate::tr!(WhyIdCleaned).to_owned()
                    } else {
                        skip_reason(action, job)
                    };
                    m.skipped.push(Skipped {
                        target: Target::of(job),
                        reason,
                        stoppable,
                    });
                }
            }
        }
        m.update_requirement(protected, threshold);
        m
    }

    fn update_requirement(&mut self, protected: bool, threshold: usize) {
        let n = self.count();
        self.require = if n == 0 || !(protected || n > threshold) {
            None
        } else if n == 1 {
            self.acted().next().map(|t| t.name.clone())
        } else {
            Some(n.to_string())
        };
        // Typing is the deliberate step: Enter then submits what was typed. Without text to
        // type, Enter starts on Cancel so a stray Enter sends nothing.
        self.focus = if self.require.is_some() {
            Button::Confirm
        } else {
            Button::Cancel
        };
    }

    /// Every job the confirmed action will touch, directly or after stopping.
    pub fn acted(&self) -> impl Iterator<Item = &Target> {
        self.targets
            .iter()
            .chain(self.hidden.iter())
            .chain(self.stop_then_delete())
    }

    /// Skipped jobs that will be stopped and then deleted (when `stop_first` is on).
    pub fn stop_then_delete(&self) -> impl Iterator<Item = &Target> {
        self.skipped
            .iter()
            .filter(move |s| self.stop_first && s.stoppable)
            .map(|s| &s.target)
    }

    /// How many jobs the confirmed action will touch.
    pub fn count(&self) -> usize {
        self.acted().count()
    }

    /// Whether any skipped job can be stopped first (the `s` choice is offered).
    pub fn offers_stop_first(&self) -> bool {
        self.action == ConfirmAction::Delete && self.skipped.iter().any(|s| s.stoppable)
    }

    /// Whether the typed confirmation (if any) is satisfied and there is something to do.
    pub fn can_confirm(&self) -> bool {
        self.count() > 0 && self.require.as_ref().is_none_or(|r| *r == self.typed)
    }

    /// Whether keys currently go into the typed confirmation.
    pub fn typing(&self) -> bool {
        self.require.as_ref().is_some_and(|r| *r != self.typed)
    }

    /// Toggles "stop first, then delete" for the stoppable skipped jobs.
    pub fn toggle_stop_first(&mut self, protected: bool, threshold: usize) {
        if self.offers_stop_first() {
            self.stop_first = !self.stop_first;
            self.typed.clear();
            // The list and the count change: what was seen is no longer what `y` would
            // confirm, so it counts only once a frame has shown the new one.
            self.drawn = None;
            self.update_requirement(protected, threshold);
        }
    }

    /// The verb of the title and the confirm button: `Delete`, `Stop` or `Force-stop`.
    pub fn verb(&self) -> &'static str {
        match (self.action, self.force) {
            (ConfirmAction::Stop, true) => crate::tr!(ActForceStop),
            (a, _) => a.verb(),
        }
    }

    /// Jobs the confirmed action deletes or stops directly (no stop first).
    pub fn direct(&self) -> usize {
        self.targets.len() + self.hidden.len()
    }

    /// Scrolls the job list by `delta` lines (the drawing clamps it to the list's end).
    pub fn scroll_by(&mut self, delta: isize) {
        let lines = self.targets.len() + self.hidden.len() + self.skipped.len() + 4;
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(lines.saturating_sub(1));
    }

    /// Focuses the other button.
    pub fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Button::Cancel => Button::Confirm,
            Button::Confirm => Button::Cancel,
        };
    }
}
