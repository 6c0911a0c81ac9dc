//! How many loaded jobs have each value of the table's columns. The table's column widths are
//! measured over these few distinct values (and name widths) instead of a pass over every job
//! per frame; they follow every upsert and removal, so they never disagree with the rows.

use std::collections::HashMap;
use std::hash::Hash;

use unicode_width::UnicodeWidthStr;

use crate::api::{Job, ScopeId, Sym};
use crate::labels::Product;

/// A count per distinct value.
#[derive(Debug, Clone)]
struct Counts<K>(HashMap<K, u32>);

impl<K> Default for Counts<K> {
    fn default() -> Self {
        Self(HashMap::new())
    }
}

impl<K: Hash + Eq> Counts<K> {
    fn count(&mut self, k: K, add: bool) {
        if add {
            *self.0.entry(k).or_default() += 1;
        } else if let Some(n) = self.0.get_mut(&k) {
            *n -= 1;
            if *n == 0 {
                self.0.remove(&k);
            }
        }
    }
}

/// The distinct values of each column over every loaded job, with counts.
#[derive(Debug, Clone, Default)]
pub(super) struct ColumnTally {
    /// Each status with the product of the job that has it: a status's label depends on the
    /// job's type (a full transfer is 全量迁移中 on a migration job, 初始化中 on a DR one).
    statuses: Counts<(Sym, Product)>,
    engines: Counts<Sym>,
    kinds: Counts<Sym>,
    scopes: Counts<ScopeId>,
    /// Cells of each row's name, with its tree mark.
    name_widths: Counts<u32>,
}

impl ColumnTally {
    /// Counts `job` in (`add`) or out, with its children: a parent's rows can be opened at any
    /// time, and the columns are sized for them from the start (a child's status or its
    /// indented name is never cut for want of width measured over the parents alone, and no
    /// width moves when a parent opens).
    pub(super) fn count(&mut self, job: &Job, add: bool) {
        // `▸ name`: a parent's open/closed mark.
        let mark = if job.children.is_empty() { 0 } else { 2 };
        self.count_values(job, add, mark);
        for child in &job.children {
            // ` └ name`: the child's indent and mark.
            self.count_values(child, add, 3);
        }
        self.scopes.count(job.scope, add);
    }
}

impl ColumnTally {
    /// Counts the values one row of `job` shows; `indent`: cells before its name.
    fn count_values(&mut self, job: &Job, add: bool, indent: u32) {
        let product = Product::of(&job.job_type);
        self.statuses.count((job.status.clone(), product), add);
        self.engines.count(job.engine_type.clone(), add);
        self.kinds.count(job.job_type.clone(), add);
        self.name_widths
            .count(job.name.width() as u32 + indent, add);
    }
}

/// The loaded jobs' column values, as the table measures them.
#[derive(Clone, Copy)]
pub struct ColumnValues<'a>(&'a ColumnTally);

impl<'a> ColumnValues<'a> {
    pub(super) fn new(t: &'a ColumnTally) -> Self {
        Self(t)
    }

    /// The distinct statuses (a few dozen at most).
    pub fn statuses(self) -> impl Iterator<Item = &'a str> {
        let mut all: Vec<&'a str> = self.typed_statuses().map(|(s, _)| s).collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// The distinct pairs of a status and the product of a job that has it, as the table's
    /// STATUS column is measured over (a few dozen at most).
    pub fn typed_statuses(self) -> impl Iterator<Item = (&'a str, Product)> {
        self.0.statuses.0.keys().map(|(s, p)| (s.as_str(), *p))
    }

    /// The distinct engine types.
    pub fn engines(self) -> impl Iterator<Item = &'a str> {
        self.0.engines.0.keys().map(|s| s.as_str())
    }

    /// The distinct job types.
    pub fn kinds(self) -> impl Iterator<Item = &'a str> {
        self.0.kinds.0.keys().map(|s| s.as_str())
    }

    /// The distinct scopes the jobs live in.
    pub fn scopes(self) -> impl Iterator<Item = ScopeId> + 'a {
        self.0.scopes.0.keys().copied()
    }

    /// Cells of the widest name, with its tree mark (a parent's, or a child's indent).
    pub fn widest_name(self) -> usize {
        self.0.name_widths.0.keys().max().copied().unwrap_or(0) as usize
    }
}
