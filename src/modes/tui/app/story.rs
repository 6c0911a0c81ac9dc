//! The job's own story in the detail pane: its progress (`p`, `jobs show` with `type=progress`)
//! and its log (`l`, `type=log`, paged with offset/limit; `m` fetches the next page), so an
//! operator can check that a job is really finished before deleting it.

use serde_json::Value;

use super::{App, Effect, Focus, ops::clean_value};
use crate::sanitize::clean;
use crate::tr;

/// Log entries asked per page.
pub const LOG_PAGE: u64 = 50;
/// Most log entries kept for one job (older pages are not dropped: the user asked for them;
/// this bounds a runaway server).
pub const MAX_LOG: usize = 5_000;

/// Which part of the job's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryKind {
    /// `type=progress`.
    Progress,
    /// `type=log`.
    Log,
}

impl StoryKind {
    /// The `type` query value.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryKind::Progress => "progress",
            StoryKind::Log => "log",
        }
    }
}

/// One log entry (sanitized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// `Info`, `Warn`, `Error`.
    pub level: String,
    /// The message.
    pub message: String,
    /// When (as the server wrote it).
    pub time: String,
}

/// What the detail pane shows of the job's story.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The job.
    pub job_id: String,
    /// Progress or log.
    pub kind: StoryKind,
    /// A request is in flight.
    pub loading: bool,
    /// The last request failed.
    pub error: Option<String>,
    /// The progress answer (sanitized), for `Progress`.
    pub progress: Option<Value>,
    /// Log entries fetched so far, oldest page first.
    pub log: Vec<LogEntry>,
    /// The server's count of log entries, when it says.
    pub total: Option<u64>,
    /// The last page was short: nothing more to fetch.
    pub at_end: bool,
}

impl Story {
    fn new(job_id: String, kind: StoryKind) -> Self {
        Story {
            job_id,
            kind,
            loading: true,
            error: None,
            progress: None,
            log: Vec::new(),
            total: None,
            at_end: false,
        }
    }

    /// Whether another log page can be fetched.
    pub fn more(&self) -> bool {
        self.kind == StoryKind::Log
            && !self.at_end
            && self.total.is_none_or(|t| (self.log.len() as u64) < t)
            && self.log.len() < MAX_LOG
    }
}

/// The story shown for the selected job, if any.
pub fn shown(app: &App) -> Option<&Story> {
    let sel = app.table.selected()?;
    app.story.as_ref().filter(|s| s.job_id == sel.id)
}

/// `p` / `l`: shows the selected job's progress or log (again: back to the detail).
pub(super) fn open(app: &mut App, kind: StoryKind) -> Vec<Effect> {
    let Some(job) = app
        .table
        .selected()
        .and_then(|j| app.table.shared(&j.id).cloned())
    else {
        app.status = Some(tr!(StoryNoJob).to_owned());
        return Vec::new();
    };
    let id = job.id.clone();
    // The same key again goes back to the detail; after a failure it tries again.
    if shown(app).is_some_and(|s| s.kind == kind && s.error.is_none()) {
        app.story = None;
        app.detail_scroll = 0;
        return Vec::new();
    }
    app.story = Some(Story::new(id.clone(), kind));
    app.focus = Focus::Detail;
    app.detail_scroll = 0;
    vec![Effect::ShowStory {
        job,
        kind,
        offset: 0,
        limit: LOG_PAGE,
    }]
}

/// `m`: the next page of the log.
pub(super) fn more(app: &mut App) -> Vec<Effect> {
    if shown(app).is_none_or(|s| s.kind != StoryKind::Log) {
        app.status = Some(tr!(StoryMoreNeedsLog).to_owned());
        return Vec::new();
    }
    // `shown` says the story is the selected job's: the table has it.
    let job = app
        .table
        .selected()
        .and_then(|j| app.table.shared(&j.id).cloned());
    let (Some(story), Some(job)) = (app.story.as_mut(), job) else {
        return Vec::new();
    };
    if story.loading || !story.more() {
        if !story.loading {
            app.status = Some(tr!(StoryLogEnd).to_owned());
        }
        return Vec::new();
    }
    story.loading = true;
    story.error = None;
    vec![Effect::ShowStory {
        job,
        kind: StoryKind::Log,
        offset: story.log.len() as u64,
        limit: LOG_PAGE,
    }]
}

fn entries(detail: &Value) -> Vec<LogEntry> {
    let s = |v: &Value, k: &str| match v.get(k) {
        Some(Value::String(s)) => clean(s),
        Some(Value::Null) | None => String::new(),
        Some(other) => clean(&other.to_string()),
    };
    detail
        .get("logs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| LogEntry {
                    level: s(e, "level"),
                    message: s(e, "message"),
                    time: s(e, "create_time"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A page arrived; pages for another job or kind (the user moved on) are dropped.
pub(super) fn on_loaded(
    app: &mut App,
    job_id: &str,
    kind: StoryKind,
    offset: u64,
    total: Option<u64>,
    detail: Value,
) {
    let Some(story) = app
        .story
        .as_mut()
        .filter(|s| s.job_id == job_id && s.kind == kind)
    else {
        return;
    };
    story.loading = false;
    story.error = None;
    match kind {
        StoryKind::Progress => story.progress = Some(clean_value(detail)),
        StoryKind::Log => {
            // A page for an offset already past (a duplicate answer) is not appended twice.
            if offset as usize != story.log.len() {
                return;
            }
            let page = entries(&detail);
            story.at_end = (page.len() as u64) < LOG_PAGE;
            story.total = total;
            let room = MAX_LOG.saturating_sub(story.log.len());
            story.log.extend(page.into_iter().take(room));
        }
    }
}

/// A request failed: said in the pane; `p`/`l`/`m` try again.
pub(super) fn on_failed(app: &mut App, job_id: &str, kind: StoryKind, error: &str) {
    if let Some(story) = app
        .story
        .as_mut()
        .filter(|s| s.job_id == job_id && s.kind == kind)
    {
        story.loading = false;
        story.error = Some(clean(error));
    }
}
