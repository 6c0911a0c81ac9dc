//! A job's detail, fetched lazily once the selection rests on it, and its progress and log
//! (`p`, `l`) as they arrive. Few details are kept: walking through 100,000 jobs must not keep
//! a detail object per job.

use super::{App, Detail, Effect, Msg, ops, story};

/// At most this many fetched details are kept (walking through 100,000 jobs must not keep a
/// detail object per job); beyond it, all but the selected job's and those loading are dropped
/// (they are fetched again when the selection rests on them).
pub const MAX_DETAILS: usize = 64;

/// Keeps a job's detail, dropping the others beyond [`MAX_DETAILS`].
pub(super) fn remember_detail(app: &mut App, job_id: String, detail: Detail) {
    if app.details.len() >= MAX_DETAILS && !app.details.contains_key(&job_id) {
        let selected = app.table.selected().map(|j| j.id.clone());
        app.details
            .retain(|id, d| *d == Detail::Loading || selected.as_deref() == Some(id.as_str()));
    }
    app.details.insert(job_id, detail);
}

impl App {
    /// The selected job whose detail should be fetched once the selection rests.
    pub fn detail_needed(&self) -> Option<&str> {
        let job = self.table.selected()?;
        (!self.details.contains_key(&job.id)).then_some(job.id.as_str())
    }
}

/// A message about a job's detail, progress or log.
pub(super) fn on_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::DetailDue { job_id } => return on_due(app, job_id),
        Msg::DetailLoaded { job_id, detail } => {
            remember_detail(app, job_id, Detail::Loaded(ops::clean_value(detail)));
        }
        Msg::DetailFailed { job_id, error } => {
            remember_detail(app, job_id, Detail::Failed(crate::sanitize::clean(&error)));
        }
        Msg::StoryLoaded {
            job_id,
            kind,
            offset,
            total,
            detail,
        } => return story::on_loaded(app, &job_id, kind, offset, total, detail),
        Msg::StoryFailed {
            job_id,
            kind,
            error,
        } => return story::on_failed(app, &job_id, kind, &error),
        // Not about a detail.
        _ => {}
    }
    Vec::new()
}

/// The selection rested on a job: fetch its detail, unless it moved on or it is known.
fn on_due(app: &mut App, job_id: String) -> Vec<Effect> {
    if app.detail_needed() != Some(job_id.as_str()) {
        return Vec::new();
    }
    let Some(job) = app.table.shared(&job_id).cloned() else {
        return Vec::new();
    };
    remember_detail(app, job_id, Detail::Loading);
    vec![Effect::ShowJob { job }]
}
