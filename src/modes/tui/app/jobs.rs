//! The job table: every loaded job, the live filter, the sort, the selection and the marks.
//! Selection and marks are kept by job id so that refreshes and re-sorting never move them.
//!
//! Built for 100,000 jobs: the sorted order and the filtered view are indices into `jobs`, never
//! copies; each job's lower-cased search text is computed once, on arrival; a filter that grows
//! narrows the previous view instead of rescanning; pages arriving while listing are merged into
//! the sorted order instead of re-sorting everything.

use std::collections::{HashMap, HashSet};

use facets::Facets;
use index::IdIndex;
use std::sync::Arc;

use crate::api::Job;

mod by_name;
mod children;
mod clean;
mod collate;
mod facets;
mod filter;
mod footprint;
mod index;
mod marks;
mod sort;
mod tally;
#[cfg(test)]
mod tests;
mod view;

pub use clean::{clean_job, clean_shared};
pub use collate::{NameOrder, natural_cmp};
pub use footprint::Part;
pub use sort::SortColumn;
use sort::merge;
use tally::ColumnTally;
pub use tally::ColumnValues;

/// Marks a job that is not in the view in [`JobTable::pos`].
const HIDDEN: u32 = u32::MAX;
/// Separates the fields of a search text; sanitized strings never contain it.
const SEP: char = '\u{1f}';

/// Where a job's search text lives in [`JobTable::text`], and its facet.
#[derive(Debug, Clone, Copy, Default)]
struct TextSpan {
    start: u32,
    len: u32,
    /// Bytes of the lower-cased name at the start (the name sort key).
    name_len: u32,
    /// The job's status, engine, type and project ([`facets`]): the filter matches them, and
    /// the label its status is shown with, without reading the job itself.
    facet: u16,
}

/// The job table's state.
#[derive(Debug, Clone, Default)]
pub struct JobTable {
    /// Shared with the worker (which audits writes with the job as listed): one copy each.
    jobs: Vec<Arc<Job>>,
    /// Id → position in `jobs`.
    index: IdIndex,
    /// Lower-cased `name SEP id` of every job, back to back in one buffer (one allocation
    /// instead of one per job; replaced texts leave garbage until compaction).
    text: String,
    spans: Vec<TextSpan>,
    /// The distinct (status, engine, type, project) of the rows, for the filter.
    facets: Facets,
    /// Every job, in sort order.
    order: Vec<u32>,
    /// The jobs matching `view_needle`, in sort order.
    view: Vec<u32>,
    /// Position in `view` of each job, or [`HIDDEN`].
    pos: Vec<u32>,
    /// The lower-cased filter `view` was computed for.
    view_needle: String,
    filter: String,
    sort: SortColumn,
    reverse: bool,
    /// The order names were sorted in (it follows the language).
    names: NameOrder,
    selected: Option<String>,
    marks: HashSet<String>,
    /// The selection wanted back once its job is listed again (after a scope or type switch).
    want: Option<String>,
    /// Parents expanded to their children (Enter).
    expanded: HashSet<String>,
    /// Child rows in the table, to their parent's id (empty when nothing is expanded).
    parent_of: HashMap<String, String>,
    /// How many loaded jobs have each status, engine, type, scope and name width: the table's
    /// columns are sized from these few values instead of a pass over every job per frame.
    tally: ColumnTally,
}

impl JobTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces jobs by id (they must already be sanitized), keeping selection and marks.
    /// Costs O(page · log page + shown) rather than a full re-sort: pages arrive while listing.
    pub fn upsert<J: Into<Arc<Job>>>(&mut self, jobs: Vec<J>) {
        let mut jobs: Vec<Arc<Job>> = jobs.into_iter().map(Into::into).collect();
        for id in self.with_children(&mut jobs) {
            self.remove(&id);
            self.parent_of.remove(&id);
        }
        let mut fresh: Vec<u32> = Vec::new();
        let mut moved: Vec<u32> = Vec::new();
        for job in jobs {
            if job.id.is_empty() {
                continue;
            }
            match self.index.get(&self.jobs, &job.id) {
                Some(i) => {
                    let old = Arc::clone(&self.jobs[i as usize]);
                    let same_keys = old.name == job.name
                        && old.status == job.status
                        && old.engine_type == job.engine_type
                        && old.job_type == job.job_type
                        && old.create_time == job.create_time
                        && old.scope == job.scope;
                    if !same_keys {
                        self.spans[i as usize] = self.push_text(&job);
                        moved.push(i);
                    }
                    if !Arc::ptr_eq(&old, &job) {
                        self.tally.count(&old, false);
                        self.tally.count(&job, true);
                    }
                    self.jobs[i as usize] = job;
                }
                None => {
                    let i = self.jobs.len() as u32;
                    self.tally.count(&job, true);
                    let span = self.push_text(&job);
                    self.spans.push(span);
                    self.jobs.push(job);
                    self.index.insert(&self.jobs, i);
                    self.pos.push(HIDDEN);
                    fresh.push(i);
                }
            }
        }
        if fresh.is_empty() && moved.is_empty() {
            return;
        }
        if self.sort == SortColumn::Name && NameOrder::current() != self.names {
            // The language changed since the last sort: everything in the new name order.
            self.resort();
            self.compact_text();
            return;
        }
        if !moved.is_empty() {
            let mut gone = vec![false; self.jobs.len()];
            for &i in &moved {
                gone[i as usize] = true;
            }
            self.order.retain(|&i| !gone[i as usize]);
            self.view.retain(|&i| !gone[i as usize]);
            fresh.extend(moved);
        }
        fresh.sort_unstable_by(|&a, &b| self.cmp(a, b));
        fresh.dedup();
        let order = merge(&self.order, &fresh, |a, b| self.cmp(a, b));
        self.order = order;
        let query = self.query(&self.view_needle);
        fresh.retain(|&i| self.matches(i, &query));
        let view = merge(&self.view, &fresh, |a, b| self.cmp(a, b));
        self.view = view;
        self.compact_text();
        self.reposition();
    }

    /// Keeps only the jobs whose id is in `keep` (a completed listing); marks of vanished jobs go.
    /// Marks of jobs this table does not hold (another job type, see [`JobTable::clear`]) stay.
    pub fn retain_ids(&mut self, keep: &HashSet<String>) {
        // Child rows stay with their parent.
        let parent_of = std::mem::take(&mut self.parent_of);
        let keeps =
            |id: &String| keep.contains(id) || parent_of.get(id).is_some_and(|p| keep.contains(p));
        for j in &self.jobs {
            if !keeps(&j.id) {
                self.marks.remove(&j.id);
            }
        }
        self.expanded.retain(|id| keep.contains(id));
        let kept: Vec<bool> = self.jobs.iter().map(|j| keeps(&j.id)).collect();
        self.parent_of = parent_of
            .into_iter()
            .filter(|(_, p)| keep.contains(p))
            .collect();
        self.want = None;
        if kept.iter().all(|k| *k) {
            return;
        }
        let mut remap = vec![HIDDEN; self.jobs.len()];
        let mut next = 0u32;
        for (i, k) in kept.iter().enumerate() {
            if *k {
                remap[i] = next;
                next += 1;
            }
        }
        let mut i = 0;
        self.jobs.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        let mut i = 0;
        self.spans.retain(|_| {
            i += 1;
            kept[i - 1]
        });
        self.index.rebuild(&self.jobs);
        for list in [&mut self.order, &mut self.view] {
            list.retain(|&i| remap[i as usize] != HIDDEN);
            for i in list.iter_mut() {
                *i = remap[*i as usize];
            }
        }
        self.pos = vec![HIDDEN; self.jobs.len()];
        self.tally = ColumnTally::default();
        for j in &self.jobs {
            self.tally.count(j, true);
        }
        self.compact_text();
        self.reposition();
    }

    /// Gives back the spare capacity that growing by pages left (up to half of every buffer);
    /// called once a listing completes.
    pub fn shrink_to_fit(&mut self) {
        self.jobs.shrink_to_fit();
        self.index.shrink_to_fit(&self.jobs);
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.order.shrink_to_fit();
        self.view.shrink_to_fit();
        self.pos.shrink_to_fit();
    }

    /// Removes one job (it was deleted). O(shown), no re-sort.
    pub fn remove(&mut self, id: &str) {
        let pos = self.view_position(id);
        let Some(i) = self.index.remove(&self.jobs, id) else {
            return;
        };
        let was_selected = self.selected.as_deref() == Some(id);
        let gone = Arc::clone(&self.jobs[i as usize]);
        self.tally.count(&gone, false);
        let last = self.jobs.len() as u32 - 1;
        self.jobs.swap_remove(i as usize);
        self.spans.swap_remove(i as usize);
        self.pos.swap_remove(i as usize);
        if i != last {
            self.index.moved(&self.jobs, last, i);
        }
        for list in [&mut self.order, &mut self.view] {
            list.retain(|&x| x != i);
            for x in list.iter_mut() {
                if *x == last {
                    *x = i;
                }
            }
        }
        self.marks.remove(id);
        self.parent_of.remove(id);
        self.reposition();
        if was_selected {
            // Select the row that took its place.
            let p = pos.unwrap_or(0).min(self.view.len().saturating_sub(1));
            self.selected = self.view.get(p).map(|&i| self.jobs[i as usize].id.clone());
        }
    }

    /// Drops every job, mark and selection (job type changed).
    pub fn clear(&mut self) {
        *self = JobTable {
            view_needle: self.filter.to_lowercase(),
            filter: std::mem::take(&mut self.filter),
            // Marks are the user's choice: they survive changing the job type (a mark on a job
            // not listed any more is dropped when a listing completes without it).
            marks: std::mem::take(&mut self.marks),
            sort: self.sort,
            reverse: self.reverse,
            ..JobTable::default()
        };
    }

    /// Drops every job but keeps the marks, the expanded parents and the selection for when
    /// their jobs are listed again (a scope switch): the listing's completion drops the marks
    /// of the jobs that did not come back.
    pub fn clear_keeping(&mut self) {
        let marks = std::mem::take(&mut self.marks);
        let expanded = std::mem::take(&mut self.expanded);
        let want = self.selected.take().or(self.want.take());
        self.clear();
        self.marks = marks;
        self.expanded = expanded;
        self.want = want;
    }

    /// The distinct statuses of the loaded jobs (a few dozen at most).
    pub fn statuses(&self) -> impl Iterator<Item = &str> {
        self.values().statuses()
    }

    /// The distinct values of each column over every loaded job.
    pub fn values(&self) -> ColumnValues<'_> {
        ColumnValues::new(&self.tally)
    }
}
