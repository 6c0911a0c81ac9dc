//! The job's own story in the detail pane: its progress (`p`, `jobs show` with `type=progress`)
//! and its log (`l`, `type=log`, paged with offset/limit; `m` fetches the next page), so an
//! operator can check that a job is really finished before deleting it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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
    /// Log entries fetched so far, oldest first: entries `first..first + log.len()` of the
    /// job's log, without a gap.
    pub log: Vec<LogEntry>,
    /// Offset of the first entry in `log` (0 until `G` or `F` jumps to the newest page).
    pub first: u64,
    /// The server's count of log entries, when it says.
    pub total: Option<u64>,
    /// The last page was short: nothing more to fetch.
    pub at_end: bool,
    /// `F`: the worker re-reads the last page every few seconds.
    pub following: bool,
    /// `G`, `F`: the pane stays on the newest entries (a scroll up lets go).
    pub tail: bool,
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
            first: 0,
            total: None,
            at_end: false,
            following: false,
            tail: false,
        }
    }

    /// Offset just past the last entry held.
    pub fn end(&self) -> u64 {
        self.first + self.log.len() as u64
    }

    /// Whether another log page can be fetched.
    pub fn more(&self) -> bool {
        self.kind == StoryKind::Log && !self.at_end && self.total.is_none_or(|t| self.end() < t)
    }

    /// Takes a page of entries starting at `offset`: the entries past those held join them; a
    /// page beyond a gap replaces them only when the newest were asked for (`G`, `F`). The
    /// oldest go beyond [`MAX_LOG`]. Returns whether the page was taken.
    fn take_page(&mut self, offset: u64, page: Vec<LogEntry>) -> bool {
        let end = self.end();
        if offset > end {
            if !(self.tail || self.following) {
                return false;
            }
            self.first = offset;
            self.log = page;
        } else {
            let skip = usize::try_from(end - offset).unwrap_or(usize::MAX);
            self.log.extend(page.into_iter().skip(skip));
        }
        let over = self.log.len().saturating_sub(MAX_LOG);
        if over > 0 {
            self.log.drain(..over);
            self.first += over as u64;
        }
        true
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
        return close(app);
    }
    let mut effects = stop_following(app);
    app.story = Some(Story::new(id.clone(), kind));
    app.focus = Focus::Detail;
    app.detail_scroll = 0;
    effects.push(Effect::ShowStory {
        job,
        kind,
        offset: 0,
        limit: LOG_PAGE,
    });
    effects
}

/// Leaves the progress or log for the job's detail (following ends).
pub(super) fn close(app: &mut App) -> Vec<Effect> {
    let effects = stop_following(app);
    app.story = None;
    app.detail_scroll = 0;
    effects
}

/// Ends following, if a log is followed.
fn stop_following(app: &mut App) -> Vec<Effect> {
    match app.story.as_mut() {
        Some(s) if s.following => {
            s.following = false;
            vec![Effect::StopFollowing]
        }
        _ => Vec::new(),
    }
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
        offset: story.end(),
        limit: LOG_PAGE,
    }]
}

/// Keys for the job's log: `F` follows it (from the list too: it opens the log first); in the
/// focused detail pane `G`/End goes to the newest entries, a scroll up lets go of them, and Esc
/// ends following before a second Esc leaves the log. `None` leaves the key to the others.
pub(super) fn on_key(app: &mut App, key: &KeyEvent) -> Option<Vec<Effect>> {
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::Char('F') && !ctrl {
        return Some(follow(app));
    }
    let log = shown(app).is_some_and(|s| s.kind == StoryKind::Log);
    if app.focus != Focus::Detail || !log {
        return None;
    }
    let following = shown(app).is_some_and(|s| s.following);
    match key.code {
        KeyCode::Char('u' | 'b') if ctrl => let_go(app),
        _ if ctrl => {}
        KeyCode::Char('G') | KeyCode::End => return Some(to_newest(app)),
        KeyCode::Esc if following => {
            app.status = Some(tr!(StoryFollowStopped).to_owned());
            return Some(stop_following(app));
        }
        KeyCode::Up | KeyCode::Char('k') | KeyCode::PageUp | KeyCode::Home | KeyCode::Char('g') => {
            let_go(app)
        }
        _ => {}
    }
    None
}

/// A scroll up: the pane no longer stays on the newest entries.
fn let_go(app: &mut App) {
    if let Some(s) = app.story.as_mut() {
        s.tail = false;
    }
}

/// `G`: the newest entries; when they are not fetched yet, the log's last page is.
fn to_newest(app: &mut App) -> Vec<Effect> {
    let job = app
        .table
        .selected()
        .and_then(|j| app.table.shared(&j.id).cloned());
    let (Some(story), Some(job)) = (app.story.as_mut(), job) else {
        return Vec::new();
    };
    story.tail = true;
    app.detail_scroll = u16::MAX;
    if !story.more() || story.loading {
        return Vec::new();
    }
    let offset = story
        .total
        .map_or(story.end(), |t| t.saturating_sub(LOG_PAGE).max(story.end()));
    story.loading = true;
    story.error = None;
    vec![Effect::ShowStory {
        job,
        kind: StoryKind::Log,
        offset,
        limit: LOG_PAGE,
    }]
}

/// `F`: follows the selected job's log (opening it), or stops following it.
fn follow(app: &mut App) -> Vec<Effect> {
    if shown(app).is_some_and(|s| s.following) {
        app.status = Some(tr!(StoryFollowStopped).to_owned());
        return stop_following(app);
    }
    let Some(job) = app
        .table
        .selected()
        .and_then(|j| app.table.shared(&j.id).cloned())
    else {
        app.status = Some(tr!(StoryNoJob).to_owned());
        return Vec::new();
    };
    let mut effects = Vec::new();
    if !shown(app).is_some_and(|s| s.kind == StoryKind::Log) {
        effects = stop_following(app);
        app.story = Some(Story::new(job.id.clone(), StoryKind::Log));
    }
    app.focus = Focus::Detail;
    app.detail_scroll = u16::MAX;
    let Some(story) = app.story.as_mut() else {
        return effects;
    };
    story.following = true;
    story.tail = true;
    story.error = None;
    effects.push(Effect::FollowLog {
        job,
        from: story.end(),
    });
    app.status = Some(tr!(StoryFollowing, FOLLOW_EVERY_SECS));
    effects
}

/// Seconds between the re-reads of a followed log.
pub const FOLLOW_EVERY_SECS: u64 = 2;

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

/// A page arrived; pages for another job or kind (the user moved on) are dropped, and a log
/// followed for a job no longer shown stops being followed.
pub(super) fn on_loaded(
    app: &mut App,
    job_id: &str,
    kind: StoryKind,
    offset: u64,
    total: Option<u64>,
    detail: Value,
) -> Vec<Effect> {
    let shown_here = shown(app).is_some_and(|s| s.job_id == job_id && s.kind == kind);
    let Some(story) = app
        .story
        .as_mut()
        .filter(|s| s.job_id == job_id && s.kind == kind)
    else {
        // Nothing of this job is shown: if the worker follows its log, it need not.
        return match kind {
            StoryKind::Log => vec![Effect::StopFollowing],
            StoryKind::Progress => Vec::new(),
        };
    };
    if !shown_here && story.following {
        story.following = false;
        return vec![Effect::StopFollowing];
    }
    match kind {
        StoryKind::Progress => {
            story.loading = false;
            story.error = None;
            story.progress = Some(clean_value(detail));
        }
        StoryKind::Log => {
            let page = entries(&detail);
            let short = (page.len() as u64) < LOG_PAGE;
            // A page for an offset already past (a duplicate answer) adds nothing twice.
            if story.take_page(offset, page) {
                story.loading = false;
                story.error = None;
                story.at_end = short && total.is_none_or(|t| story.end() >= t);
                story.total = total;
            }
        }
    }
    Vec::new()
}

/// A request failed: said in the pane; `p`/`l`/`m` try again.
/// A followed log whose job is no longer shown (deleted, or the selection moved on) stops
/// being followed.
pub(super) fn on_failed(app: &mut App, job_id: &str, kind: StoryKind, error: &str) -> Vec<Effect> {
    let shown_here = shown(app).is_some_and(|s| s.job_id == job_id && s.kind == kind);
    match app
        .story
        .as_mut()
        .filter(|s| s.job_id == job_id && s.kind == kind)
    {
        Some(story) if shown_here || !story.following => {
            story.loading = false;
            story.error = Some(clean(error));
            Vec::new()
        }
        Some(story) => {
            story.following = false;
            vec![Effect::StopFollowing]
        }
        None if kind == StoryKind::Log => vec![Effect::StopFollowing],
        None => Vec::new(),
    }
}
