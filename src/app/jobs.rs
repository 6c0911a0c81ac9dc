//! The job table: every loaded job, the live filter, the sort, the selection and the marks.
//! Selection and marks are kept by job id so that refreshes and re-sorting never move them.
//!
//! Built for 100,000 jobs: the sorted order and the filtered view are indices into `jobs`, never
//! copies; each job's lower-cased search text is computed once, on arrival; a filter that grows
//! narrows the previous view instead of rescanning; pages arriving while listing are merged into
//! the sorted order instead of re-sorting everything.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::api::{Job, Sym};
use crate::sanitize::{clean, is_clean};

mod children;

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
    /// Region, then project (several projects listed).
    Region,
}

impl SortColumn {
    /// The next column in the `s` cycle.
    pub fn next(self) -> SortColumn {
        match self {
            SortColumn::Name => SortColumn::Status,
            SortColumn::Status => SortColumn::Engine,
            SortColumn::Engine => SortColumn::Type,
            SortColumn::Type => SortColumn::Created,
            SortColumn::Created => SortColumn::Region,
            SortColumn::Region => SortColumn::Name,
        }
    }

    /// The column's header label.
    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Name => crate::tr!(SortName),
            SortColumn::Status => crate::tr!(SortStatus),
            SortColumn::Engine => crate::tr!(SortEngine),
            SortColumn::Type => crate::tr!(SortType),
            SortColumn::Created => crate::tr!(SortCreated),
            SortColumn::Region => crate::tr!(SortRegion),
        }
    }
}

/// Replaces every server string of a job (and its children) with its sanitized form.
pub fn clean_job(mut job: Job) -> Job {
    for s in [
        &mut job.id,
        &mut job.name,
        &mut job.description,
        &mut job.create_time,
    ] {
        clean_in_place(s);
    }
    for s in [
        &mut job.status,
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
        clean_sym(s);
    }
    for list in [
        &mut job.job_action.available_actions,
        &mut job.job_action.unavailable_actions,
    ] {
        if !list.iter().all(|a| is_clean(a)) {
            *list = list.iter().map(|a| clean(a)).collect();
        }
    }
    if !job.children.is_empty() {
        job.children = job.children.into_iter().map(clean_job).collect();
    }
    job
}

/// [`clean_job`] for a shared job: the same `Arc` when it is already clean (almost always), so
/// the table and the worker keep one copy.
pub fn clean_shared(job: Arc<Job>) -> Arc<Job> {
    if job_is_clean(&job) {
        job
    } else {
        Arc::new(clean_job(Arc::unwrap_or_clone(job)))
    }
}

/// Whether [`clean_job`] would change nothing.
fn job_is_clean(job: &Job) -> bool {
    let a = &job.job_action;
    [
        job.id.as_str(),
        &job.name,
        &job.description,
        &job.create_time,
        &job.status,
        &job.engine_type,
        &job.net_type,
        &job.charging_mode,
        &job.job_direction,
        &job.job_type,
        &job.task_type,
        &job.enterprise_project_id,
        &job.job_mode,
        &job.job_mode_role,
        &job.node_role,
        &a.current_action,
    ]
    .into_iter()
    .chain(a.available_actions.iter().map(|s| s.as_str()))
    .chain(a.unavailable_actions.iter().map(|s| s.as_str()))
    .all(is_clean)
        && job.children.iter().all(job_is_clean)
}

/// Cleans a string only when it needs it: most server strings are already clean, and copying
/// every field of 100,000 jobs costs time and leaves the heap fragmented.
fn clean_in_place(s: &mut String) {
    if !is_clean(s) {
        *s = clean(s);
    }
}

/// [`clean_in_place`] for an interned string.
fn clean_sym(s: &mut Sym) {
    if !is_clean(s) {
        *s = Sym::from(clean(s));
    }
}

/// Marks a job that is not in the view in [`JobTable::pos`].
const HIDDEN: u32 = u32::MAX;
/// Separates the fields of a search text; sanitized strings never contain it.
const SEP: char = '\u{1f}';

/// Where a job's search text lives in [`JobTable::text`].
#[derive(Debug, Clone, Copy, Default)]
struct TextSpan {
    start: u32,
    len: u32,
    /// Bytes of the lower-cased name at the start (the name sort key).
    name_len: u32,
}

/// The job table's state.
#[derive(Debug, Clone, Default)]
pub struct JobTable {
    /// Shared with the worker (which audits writes with the job as listed): one copy each.
    jobs: Vec<Arc<Job>>,
    index: HashMap<String, u32>,
    /// Lower-cased `name SEP id SEP status SEP engine` of every job, back to back in one buffer
    /// (one allocation instead of one per job; replaced texts leave garbage until compaction).
    text: String,
    spans: Vec<TextSpan>,
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
    selected: Option<String>,
    marks: HashSet<String>,
    /// The selection wanted back once its job is listed again (after a scope or type switch).
    want: Option<String>,
    /// Parents expanded to their children (Enter).
    expanded: HashSet<String>,
    /// Child rows in the table, to their parent's id (empty when nothing is expanded).
    parent_of: HashMap<String, String>,
    /// How many loaded jobs have each status: the table's STATUS column is sized from these
    /// few values instead of a pass over every job per frame.
    statuses: HashMap<Sym, u32>,
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
            match self.index.get(&job.id) {
                Some(&i) => {
                    let old = &self.jobs[i as usize];
                    let old_status = (old.status != job.status).then(|| old.status.clone());
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
                    if let Some(old) = old_status {
                        self.count_status(&old, false);
                        self.count_status(&job.status, true);
                    }
                    self.jobs[i as usize] = job;
                }
                None => {
                    let i = self.jobs.len() as u32;
                    self.count_status(&job.status, true);
                    let span = self.push_text(&job);
                    self.spans.push(span);
                    self.index.insert(job.id.clone(), i);
                    self.jobs.push(job);
                    self.pos.push(HIDDEN);
                    fresh.push(i);
                }
            }
        }
        if fresh.is_empty() && moved.is_empty() {
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
        let finder = memchr::memmem::Finder::new(self.view_needle.as_bytes());
        fresh.retain(|&i| self.matches(i, &finder));
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
        self.index = self
            .jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.clone(), i as u32))
            .collect();
        for list in [&mut self.order, &mut self.view] {
            list.retain(|&i| remap[i as usize] != HIDDEN);
            for i in list.iter_mut() {
                *i = remap[*i as usize];
            }
        }
        self.pos = vec![HIDDEN; self.jobs.len()];
        self.statuses.clear();
        for j in &self.jobs {
            *self.statuses.entry(j.status.clone()).or_default() += 1;
        }
        self.compact_text();
        self.reposition();
    }

    /// Gives back the spare capacity that growing by pages left (up to half of every buffer);
    /// called once a listing completes.
    pub fn shrink_to_fit(&mut self) {
        self.jobs.shrink_to_fit();
        self.index.shrink_to_fit();
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.order.shrink_to_fit();
        self.view.shrink_to_fit();
        self.pos.shrink_to_fit();
    }

    /// Removes one job (it was deleted). O(shown), no re-sort.
    pub fn remove(&mut self, id: &str) {
        let pos = self.view_position(id);
        let Some(i) = self.index.remove(id) else {
            return;
        };
        let was_selected = self.selected.as_deref() == Some(id);
        let status = self.jobs[i as usize].status.clone();
        self.count_status(&status, false);
        let last = self.jobs.len() as u32 - 1;
        self.jobs.swap_remove(i as usize);
        self.spans.swap_remove(i as usize);
        self.pos.swap_remove(i as usize);
        if i != last {
            self.index.insert(self.jobs[i as usize].id.clone(), i);
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

    fn count_status(&mut self, status: &Sym, add: bool) {
        if add {
            *self.statuses.entry(status.clone()).or_default() += 1;
        } else if let Some(n) = self.statuses.get_mut(status) {
            *n -= 1;
            if *n == 0 {
                self.statuses.remove(status);
            }
        }
    }

    /// The distinct statuses of the loaded jobs (a few dozen at most).
    pub fn statuses(&self) -> impl Iterator<Item = &str> {
        self.statuses.keys().map(|s| s.as_str())
    }

    /// Appends a job's lower-cased search text to `text`.
    fn push_text(&mut self, job: &Job) -> TextSpan {
        let start = self.text.len();
        lower_into(&mut self.text, &job.name);
        let name_len = self.text.len() - start;
        for f in [job.id.as_str(), &job.status, &job.engine_type] {
            self.text.push(SEP);
            lower_into(&mut self.text, f);
        }
        // Where the job lives (several projects listed): the filter finds it, and the region
        // sort reads it back as the last field (the span stays 12 bytes a job).
        if !job.scope.is_none() {
            self.text.push(SEP);
            lower_into(&mut self.text, &job.scope.label());
        }
        TextSpan {
            start: start as u32,
            len: (self.text.len() - start) as u32,
            name_len: name_len as u32,
        }
    }

    /// Rewrites `text` without the garbage of replaced or removed jobs once that is most of it.
    fn compact_text(&mut self) {
        let live: usize = self.spans.iter().map(|s| s.len as usize + 1).sum();
        if self.text.len() <= 2 * live + 4096 {
            return;
        }
        let mut text = String::with_capacity(live);
        for s in &mut self.spans {
            let start = text.len() as u32;
            text.push_str(&self.text[s.start as usize..(s.start + s.len) as usize]);
            s.start = start;
        }
        self.text = text;
    }

    fn hay(&self, i: u32) -> &str {
        let s = self.spans[i as usize];
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    fn name_key(&self, i: u32) -> &str {
        let s = self.spans[i as usize];
        &self.text[s.start as usize..(s.start + s.name_len) as usize]
    }

    /// The lower-cased project label of a job (`cn-east-3`, `cn-north-4_pay`), or "".
    fn region_key(&self, i: u32) -> &str {
        if self.jobs[i as usize].scope.is_none() {
            return "";
        }
        let hay = self.hay(i);
        hay.rfind(SEP).map_or("", |p| &hay[p + SEP.len_utf8()..])
    }

    fn matches(&self, i: u32, finder: &memchr::memmem::Finder<'_>) -> bool {
        finder.needle().is_empty() || finder.find(self.hay(i).as_bytes()).is_some()
    }

    /// Table order of two jobs: the sort column, then id (ids are unique: a total order).
    fn cmp(&self, a: u32, b: u32) -> Ordering {
        let (ja, jb) = (&self.jobs[a as usize], &self.jobs[b as usize]);
        let o = match self.sort {
            SortColumn::Name => natural_cmp(self.name_key(a), self.name_key(b)),
            SortColumn::Status => ja.status.cmp(&jb.status),
            SortColumn::Engine => ja.engine_type.cmp(&jb.engine_type),
            SortColumn::Type => ja.job_type.cmp(&jb.job_type),
            SortColumn::Created => ja.create_time.cmp(&jb.create_time),
            SortColumn::Region => self.region_key(a).cmp(self.region_key(b)),
        }
        .then_with(|| ja.id.cmp(&jb.id));
        if self.reverse { o.reverse() } else { o }
    }

    /// The sort column's value of a job.
    fn sort_key(&self, i: u32) -> &str {
        let j = &self.jobs[i as usize];
        match self.sort {
            SortColumn::Name => self.name_key(i),
            SortColumn::Status => &j.status,
            SortColumn::Engine => &j.engine_type,
            SortColumn::Type => &j.job_type,
            SortColumn::Created => &j.create_time,
            SortColumn::Region => self.region_key(i),
        }
    }

    /// Re-sorts every job (the sort changed), then re-applies the filter. Comparing strings
    /// reached through each job costs cache misses on every comparison at 100,000 jobs; here the
    /// first 32 bytes of the key and 8 of the id sit next to the index as integers, so most
    /// comparisons never leave the array, and only longer keys that tie fall back to strings.
    fn resort(&mut self) {
        struct Keyed {
            head: u128,
            tail: u128,
            id: u64,
            i: u32,
            long: bool,
        }
        let natural = self.sort == SortColumn::Name;
        // Names sort naturally: every natural key is built once into one buffer (comparing
        // through the digit-run iterator again on each tie would cost more than the sort).
        let mut nat: Vec<u8> = Vec::new();
        let mut nat_at: Vec<(u32, u32)> = Vec::new();
        if natural {
            nat_at.reserve(self.jobs.len());
            for i in 0..self.jobs.len() as u32 {
                let start = nat.len() as u32;
                nat.extend(NaturalBytes::new(self.name_key(i).as_bytes()));
                nat_at.push((start, nat.len() as u32));
            }
        }
        let nat_key = |i: u32| -> &[u8] {
            let (a, b) = nat_at[i as usize];
            &nat[a as usize..b as usize]
        };
        let mut keyed: Vec<Keyed> = (0..self.jobs.len() as u32)
            .map(|i| {
                let k = if natural {
                    nat_key(i)
                } else {
                    self.sort_key(i).as_bytes()
                };
                Keyed {
                    head: be_prefix(k),
                    tail: be_prefix(k.get(16..).unwrap_or_default()),
                    id: (be_prefix(self.jobs[i as usize].id.as_bytes()) >> 64) as u64,
                    i,
                    long: k.len() > 32,
                }
            })
            .collect();
        let reverse = self.reverse;
        self.reverse = false;
        keyed.sort_unstable_by(|x, y| {
            x.head.cmp(&y.head).then(x.tail.cmp(&y.tail)).then_with(|| {
                // Short keys that tie are equal: the id decides, its first 8 bytes first.
                if natural && (x.long || y.long) {
                    let (a, b) = (&self.jobs[x.i as usize], &self.jobs[y.i as usize]);
                    nat_key(x.i).cmp(nat_key(y.i)).then_with(|| a.id.cmp(&b.id))
                } else if x.long || y.long {
                    self.cmp(x.i, y.i)
                } else {
                    x.id.cmp(&y.id).then_with(|| self.cmp(x.i, y.i))
                }
            })
        });
        self.reverse = reverse;
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(keyed.iter().map(|k| k.i));
        if reverse {
            order.reverse();
        }
        self.order = order;
        self.refilter(false);
    }

    /// Recomputes the view for the current filter: from the previous view when the new needle
    /// contains the old one (a growing query can only narrow), else from the whole order.
    fn refilter(&mut self, allow_narrowing: bool) {
        let needle = self.filter.to_lowercase();
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut view = std::mem::take(&mut self.view);
        if allow_narrowing && needle.contains(self.view_needle.as_str()) {
            view.retain(|&i| self.matches(i, &finder));
        } else if needle.is_empty() {
            view.clone_from(&self.order);
        } else {
            view.clear();
            view.extend(
                self.order
                    .iter()
                    .copied()
                    .filter(|&i| self.matches(i, &finder)),
            );
        }
        self.view = view;
        self.view_needle = needle;
        self.reposition();
    }

    /// Refreshes `pos` from `view` and keeps the selection on a shown job.
    fn reposition(&mut self) {
        self.regroup();
        if let Some(w) = &self.want
            && self.index.contains_key(w)
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
        self.index.get(id).map(|&i| &*self.jobs[i as usize])
    }

    /// A job by id as the table shares it (effects carry it to the worker).
    pub fn shared(&self, id: &str) -> Option<&Arc<Job>> {
        self.index.get(id).map(|&i| &self.jobs[i as usize])
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

    fn view_position(&self, id: &str) -> Option<usize> {
        let i = *self.index.get(id)?;
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

    /// The live filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Sets the live filter. One pass over the previous view when the query grew, else one
    /// pass over every job; never a sort.
    pub fn set_filter(&mut self, f: String) {
        if f == self.filter {
            return;
        }
        self.filter = f;
        self.refilter(true);
    }

    /// The sort column and whether it is reversed.
    pub fn sort(&self) -> (SortColumn, bool) {
        (self.sort, self.reverse)
    }

    /// Sorts by `column` (ascending unless `reverse`).
    pub fn set_sort(&mut self, column: SortColumn, reverse: bool) {
        if (column, reverse) == (self.sort, self.reverse) {
            return;
        }
        self.sort = column;
        self.reverse = reverse;
        self.resort();
    }

    /// Sorts by the next column.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.resort();
    }

    /// Reverses the sort: the order and the view are reversed in place, no comparison needed.
    pub fn reverse_sort(&mut self) {
        self.reverse = !self.reverse;
        self.order.reverse();
        self.view.reverse();
        self.reposition();
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

/// Appends `s` lower-cased; ASCII (most ids, statuses, engines) without a temporary String.
fn lower_into(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// The first 16 bytes of `b`, zero-padded, as a big-endian integer: ordered like `b` itself
/// wherever two prefixes differ (server strings are sanitized, so they hold no NUL).
/// Natural order of two names: digit runs compare as numbers (`feed-14` before `feed-102`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    NaturalBytes::new(a.as_bytes()).cmp(NaturalBytes::new(b.as_bytes()))
}

/// The bytes of a name's natural sort key: each digit run loses its leading zeros and is
/// preceded by its length (as `'0' + len`, capped at 9), so a shorter number sorts first and
/// plain byte order of the keys is natural order of the names (the table's sort relies on it).
struct NaturalBytes<'a> {
    s: &'a [u8],
    pos: usize,
    /// Digits of the run being emitted: `[start, end)` after its length byte.
    run: Option<(usize, usize)>,
}

impl<'a> NaturalBytes<'a> {
    fn new(s: &'a [u8]) -> Self {
        NaturalBytes {
            s,
            pos: 0,
            run: None,
        }
    }
}

impl Iterator for NaturalBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if let Some((start, end)) = self.run {
            if start < end {
                self.run = Some((start + 1, end));
                return Some(self.s[start]);
            }
            self.run = None;
            self.pos = end;
        }
        let c = *self.s.get(self.pos)?;
        if !c.is_ascii_digit() {
            self.pos += 1;
            return Some(c);
        }
        let end = self.s[self.pos..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(self.s.len(), |n| self.pos + n);
        let mut start = self.pos;
        while start < end && self.s[start] == b'0' {
            start += 1;
        }
        self.run = Some((start, end));
        Some(b'0' + (end - start).min(9) as u8)
    }
}

fn be_prefix(b: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = b.len().min(16);
    buf[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(buf)
}

/// Merges two lists sorted by `cmp` into one.
fn merge(a: &[u32], b: &[u32], cmp: impl Fn(u32, u32) -> Ordering) -> Vec<u32> {
    if b.is_empty() {
        return a.to_vec();
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(b[j], a[i]) == Ordering::Less {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::seed_jobs;

    /// The view as the simple, slow definition has it: filter every job, sort, maybe reverse.
    fn expected(t: &JobTable) -> Vec<String> {
        let needle = t.filter().to_lowercase();
        let mut jobs: Vec<&Job> = t
            .all()
            .iter()
            .map(|j| &**j)
            .filter(|j| {
                [j.name.as_str(), &j.id, &j.status, &j.engine_type]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&needle))
            })
            .collect();
        let (sort, reverse) = t.sort();
        jobs.sort_by(|a, b| {
            if sort == SortColumn::Name {
                return natural_cmp(&a.name.to_lowercase(), &b.name.to_lowercase())
                    .then_with(|| a.id.cmp(&b.id));
            }
            let key = |j: &Job| match sort {
                SortColumn::Name => j.name.to_lowercase(),
                SortColumn::Status => j.status.to_string(),
                SortColumn::Engine => j.engine_type.to_string(),
                SortColumn::Type => j.job_type.to_string(),
                SortColumn::Created => j.create_time.clone(),
                SortColumn::Region => j.scope.label().to_lowercase(),
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        if reverse {
            jobs.reverse();
        }
        jobs.into_iter().map(|j| j.id.clone()).collect()
    }

    fn shown(t: &JobTable) -> Vec<String> {
        t.rows().map(|j| j.id.clone()).collect()
    }

    fn check(t: &JobTable) {
        let mut counted: Vec<&str> = t.statuses().collect();
        counted.sort_unstable();
        let mut all: Vec<&str> = t.all().iter().map(|j| j.status.as_str()).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(counted, all, "the status counts follow every change");
        assert_eq!(
            shown(t),
            expected(t),
            "filter {:?} sort {:?}",
            t.filter(),
            t.sort()
        );
        if let Some(p) = t.selected_pos() {
            assert_eq!(t.row(p).map(|j| &j.id), t.selected().map(|j| &j.id));
        } else {
            assert_eq!(t.shown(), 0);
        }
    }

    #[test]
    fn incremental_updates_match_the_plain_definition() {
        let jobs = seed_jobs(600, 3);
        let mut t = JobTable::new();
        t.set_filter("a".into());
        for page in jobs.chunks(97) {
            t.upsert(page.to_vec());
            check(&t);
        }
        for f in [
            "an", "ana", "an", "", "订", "订单", "xyz", "-0", "RELEASE", "",
        ] {
            t.set_filter(f.into());
            check(&t);
        }
        for _ in 0..5 {
            t.cycle_sort();
            check(&t);
            t.reverse_sort();
            check(&t);
        }
        // Replacements whose sort and search keys change move; unchanged ones stay.
        let mut changed: Vec<Job> = jobs.iter().step_by(7).cloned().collect();
        for (n, j) in changed.iter_mut().enumerate() {
            j.name = format!("Renamed-{n}");
            if n % 3 == 0 {
                j.status = "BRAND_NEW_STATUS".into();
            }
            j.create_time = format!("2030-01-{:02}", n % 28 + 1);
        }
        t.set_filter("re".into());
        t.upsert(changed);
        check(&t);
        t.set_sort(SortColumn::Created, false);
        check(&t);
        let ids: Vec<String> = t.all().iter().map(|j| j.id.clone()).collect();
        for id in ids.iter().step_by(13) {
            t.remove(id);
            check(&t);
        }
        let keep: HashSet<String> = ids.iter().step_by(3).cloned().collect();
        t.retain_ids(&keep);
        check(&t);
        assert!(t.all().iter().all(|j| keep.contains(&j.id)));
        for id in ids.iter().take(5) {
            if let Some(j) = t.get(id) {
                assert_eq!(&j.id, id);
            }
        }
    }
}
