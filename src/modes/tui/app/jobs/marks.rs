//! Marks (space, `a`, `A`): the jobs a bulk action acts on, kept by id.

use std::collections::HashSet;

use super::JobTable;
use crate::api::Job;

impl JobTable {
    /// Whether a job is marked.
    pub fn is_marked(&self, id: &str) -> bool {
        self.marks.contains(id)
    }

    /// The marked job ids.
    pub fn marks(&self) -> &HashSet<String> {
        &self.marks
    }

    /// How many loaded jobs are marked (a mark on a job not listed again is not counted).
    pub fn marked_count(&self) -> usize {
        self.marks
            .iter()
            .filter(|id| self.index.contains(&self.jobs, id))
            .count()
    }

    /// Marks or unmarks the selected job.
    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.selected.clone().filter(|id| self.get(id).is_some())
            && !self.marks.remove(&id)
        {
            self.marks.insert(id);
        }
    }

    /// Marks every shown job.
    pub fn mark_shown(&mut self) {
        for &i in &self.view {
            self.marks.insert(self.jobs[i as usize].id.clone());
        }
    }

    /// Clears every mark.
    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }

    /// Marked jobs split into (shown, hidden by the filter), in table order.
    pub fn marked_split(&self) -> (Vec<&Job>, Vec<&Job>) {
        let shown: Vec<&Job> = self.rows().filter(|j| self.marks.contains(&j.id)).collect();
        let shown_ids: HashSet<&str> = shown.iter().map(|j| j.id.as_str()).collect();
        let mut hidden: Vec<&Job> = self
            .jobs
            .iter()
            .map(|j| &**j)
            .filter(|j| self.marks.contains(&j.id) && !shown_ids.contains(j.id.as_str()))
            .collect();
        hidden.sort_by(|a, b| a.name.cmp(&b.name));
        (shown, hidden)
    }
}
