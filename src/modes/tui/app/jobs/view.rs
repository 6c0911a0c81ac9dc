//! The rows shown (the view, in table order) and the selection, kept by job id so that
//! refreshes and re-sorting never move it.

use std::sync::Arc;

use super::{HIDDEN, JobTable};
use crate::api::Job;

impl JobTable {
    /// Refreshes `pos` from `view` and keeps the selection on a shown job.
    pub(super) fn reposition(&mut self) {
        self.regroup();
        if let Some(w) = &self.want
            && self.index.contains(&self.jobs, w)
        {
            self.selected = self.want.take();
        }
        self.pos.clear();
        self.pos.resize(self.jobs.len(), HIDDEN);
        for (p, &i) in self.view.iter().enumerate() {
            self.pos[i as usize] = p as u32;
        }
        let still_visible = self
            .selected
            .as_ref()
            .is_some_and(|id| self.view_position(id).is_some());
        if !still_visible {
            self.selected = self.view.first().map(|&i| self.jobs[i as usize].id.clone());
        }
    }

    /// Every loaded job.
    pub fn all(&self) -> &[Arc<Job>] {
        &self.jobs
    }

    /// A job by id.
    pub fn get(&self, id: &str) -> Option<&Job> {
        self.index
            .get(&self.jobs, id)
            .map(|i| &*self.jobs[i as usize])
    }

    /// A job by id as the table shares it (effects carry it to the worker).
    pub fn shared(&self, id: &str) -> Option<&Arc<Job>> {
        self.index
            .get(&self.jobs, id)
            .map(|i| &self.jobs[i as usize])
    }

    /// Number of rows shown (after the filter).
    pub fn shown(&self) -> usize {
        self.view.len()
    }

    /// The visible row at `pos`.
    pub fn row(&self, pos: usize) -> Option<&Job> {
        self.view.get(pos).map(|&i| &*self.jobs[i as usize])
    }

    /// Visible rows, in order.
    pub fn rows(&self) -> impl Iterator<Item = &Job> {
        self.view.iter().map(|&i| &*self.jobs[i as usize])
    }

    pub(super) fn view_position(&self, id: &str) -> Option<usize> {
        let i = self.index.get(&self.jobs, id)?;
        let p = *self.pos.get(i as usize)?;
        (p != HIDDEN).then_some(p as usize)
    }

    /// Position of the selected row among the visible rows.
    pub fn selected_pos(&self) -> Option<usize> {
        self.selected
            .as_deref()
            .and_then(|id| self.view_position(id))
    }

    /// The selected job.
    pub fn selected(&self) -> Option<&Job> {
        self.selected.as_deref().and_then(|id| self.get(id))
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let cur = self.selected_pos().unwrap_or(0) as isize;
        let last = self.view.len() as isize - 1;
        self.select_pos((cur + delta).clamp(0, last) as usize);
    }

    /// Selects the visible row at `pos` (clamped).
    pub fn select_pos(&mut self, pos: usize) {
        if let Some(last) = self.view.len().checked_sub(1) {
            let i = self.view[pos.min(last)];
            self.selected = Some(self.jobs[i as usize].id.clone());
        }
    }
}
