//! The job table: every loaded job, the live filter, the sort, the selection and the marks.
//! Selection and marks are kept by job id so that refreshes and re-sorting never move them.

use std::collections::{HashMap, HashSet};

use crate::api::Job;
use crate::sanitize::clean;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    /// Job name.
    #[default]
    Name,
    /// Status value.
    Status,
    /// Engine pair.
    Engine,
    /// Job type.
    Type,
    /// Creation time.
    Created,
}

impl SortColumn {
    /// The next column in the `s` cycle.
    pub fn next(self) -> SortColumn {
        match self {
            SortColumn::Name => SortColumn::Status,
            SortColumn::Status => SortColumn::Engine,
            SortColumn::Engine => SortColumn::Type,
            SortColumn::Type => SortColumn::Created,
            SortColumn::Created => SortColumn::Name,
        }
    }

    /// The column's header label.
    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Status => "status",
            SortColumn::Engine => "engine",
            SortColumn::Type => "type",
            SortColumn::Created => "created",
        }
    }
}

/// The job table's state.
#[derive(Debug, Clone, Default)]
pub struct JobTable {
    jobs: Vec<Job>,
    index: HashMap<String, usize>,
    view: Vec<usize>,
    filter: String,
    sort: SortColumn,
    reverse: bool,
    selected: Option<String>,
    marks: HashSet<String>,
}

/// Replaces every server string of a job (and its children) with its sanitized form.
pub fn clean_job(mut job: Job) -> Job {
    for s in [
        &mut job.id,
        &mut job.name,
        &mut job.status,
        &mut job.description,
        &mut job.create_time,
        &mut job.engine_type,
        &mut job.net_type,
        &mut job.charging_mode,
        &mut job.job_direction,
        &mut job.job_type,
        &mut job.task_type,
        &mut job.enterprise_project_id,
        &mut job.job_mode,
        &mut job.job_mode_role,
        &mut job.node_role,
        &mut job.job_action.current_action,
    ] {
        *s = clean(s);
    }
    for a in job
        .job_action
        .available_actions
        .iter_mut()
        .chain(job.job_action.unavailable_actions.iter_mut())
    {
        *a = clean(a);
    }
    job.children = job.children.into_iter().map(clean_job).collect();
    job
}

impl JobTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces jobs by id (they must already be sanitized), keeping selection and marks.
    pub fn upsert(&mut self, jobs: Vec<Job>) {
        for job in jobs {
            if job.id.is_empty() {
                continue;
            }
            match self.index.get(&job.id) {
                Some(&i) => self.jobs[i] = job,
                None => {
                    self.index.insert(job.id.clone(), self.jobs.len());
                    self.jobs.push(job);
                }
            }
        }
        self.rebuild();
    }

    /// Keeps only the jobs whose id is in `keep` (a completed listing); marks of vanished jobs go.
    pub fn retain_ids(&mut self, keep: &HashSet<String>) {
        self.jobs.retain(|j| keep.contains(&j.id));
        self.marks.retain(|id| keep.contains(id));
        self.reindex();
    }

    /// Removes one job (it was deleted).
    pub fn remove(&mut self, id: &str) {
        if !self.index.contains_key(id) {
            return;
        }
        let pos = self.view_position(id);
        let was_selected = self.selected.as_deref() == Some(id);
        self.jobs.retain(|j| j.id != id);
        self.marks.remove(id);
        self.reindex();
        if was_selected {
            // Select the row that took its place.
            let p = pos.unwrap_or(0).min(self.view.len().saturating_sub(1));
            self.selected = self.view.get(p).map(|&i| self.jobs[i].id.clone());
        }
    }

    /// Drops every job, mark and selection (job type changed).
    pub fn clear(&mut self) {
        *self = JobTable {
            filter: std::mem::take(&mut self.filter),
            sort: self.sort,
            reverse: self.reverse,
            ..JobTable::default()
        };
    }

    fn reindex(&mut self) {
        self.index = self
            .jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.clone(), i))
            .collect();
        self.rebuild();
    }

    /// Recomputes the visible rows from the filter and sort, and keeps the selection valid.
    fn rebuild(&mut self) {
        let needle = self.filter.to_lowercase();
        let mut view: Vec<usize> = (0..self.jobs.len())
            .filter(|&i| matches(&self.jobs[i], &needle))
            .collect();
        let sort = self.sort;
        let jobs = &self.jobs;
        view.sort_by(|&a, &b| {
            let (a, b) = (&jobs[a], &jobs[b]);
            let key = |j: &Job| -> String {
                match sort {
                    SortColumn::Name => j.name.to_lowercase(),
                    SortColumn::Status => j.status.clone(),
                    SortColumn::Engine => j.engine_type.clone(),
                    SortColumn::Type => j.job_type.clone(),
                    SortColumn::Created => j.create_time.clone(),
                }
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        if self.reverse {
            view.reverse();
        }
        self.view = view;
        let still_visible = self
            .selected
            .as_ref()
            .is_some_and(|id| self.view_position(id).is_some());
        if !still_visible {
            self.selected = self.view.first().map(|&i| self.jobs[i].id.clone());
        }
    }

    /// Every loaded job.
    pub fn all(&self) -> &[Job] {
        &self.jobs
    }

    /// A job by id.
    pub fn get(&self, id: &str) -> Option<&Job> {
        self.index.get(id).map(|&i| &self.jobs[i])
    }

    /// Number of rows shown (after the filter).
    pub fn shown(&self) -> usize {
        self.view.len()
    }

    /// The visible row at `pos`.
    pub fn row(&self, pos: usize) -> Option<&Job> {
        self.view.get(pos).map(|&i| &self.jobs[i])
    }

    /// Visible rows, in order.
    pub fn rows(&self) -> impl Iterator<Item = &Job> {
        self.view.iter().map(|&i| &self.jobs[i])
    }

    fn view_position(&self, id: &str) -> Option<usize> {
        self.view.iter().position(|&i| self.jobs[i].id == id)
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
            self.selected = Some(self.jobs[i].id.clone());
        }
    }

    /// The live filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Sets the live filter.
    pub fn set_filter(&mut self, f: String) {
        self.filter = f;
        self.rebuild();
    }

    /// The sort column and whether it is reversed.
    pub fn sort(&self) -> (SortColumn, bool) {
        (self.sort, self.reverse)
    }

    /// Sorts by the next column.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.rebuild();
    }

    /// Reverses the sort.
    pub fn reverse_sort(&mut self) {
        self.reverse = !self.reverse;
        self.rebuild();
    }

    /// Whether a job is marked.
    pub fn is_marked(&self, id: &str) -> bool {
        self.marks.contains(id)
    }

    /// The marked job ids.
    pub fn marks(&self) -> &HashSet<String> {
        &self.marks
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
            self.marks.insert(self.jobs[i].id.clone());
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
            .filter(|j| self.marks.contains(&j.id) && !shown_ids.contains(j.id.as_str()))
            .collect();
        hidden.sort_by(|a, b| a.name.cmp(&b.name));
        (shown, hidden)
    }
}

/// Whether a job matches a lower-cased filter (name, id, status, engine).
fn matches(job: &Job, needle: &str) -> bool {
    needle.is_empty()
        || [&job.name, &job.id, &job.status, &job.engine_type]
            .iter()
            .any(|f| f.to_lowercase().contains(needle))
}
