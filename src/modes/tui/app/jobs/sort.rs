//! The table's order: the sort column (`s`, `S`), natural order of names, and the re-sort
//! built for 100,000 jobs (keys as integers next to the index; pages merged, not re-sorted).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::JobTable;
use super::by_name::{id_prefix, sort_keys};
use super::collate::NameOrder;

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

impl JobTable {
    /// Table order of two jobs: the sort column, then id (ids are unique: a total order).
    pub(super) fn cmp(&self, a: u32, b: u32) -> Ordering {
        let (ja, jb) = (&self.jobs[a as usize], &self.jobs[b as usize]);
        let o = match self.sort {
            SortColumn::Name => self.names.cmp(self.name_key(a), self.name_key(b)),
            SortColumn::Status => ja.status.cmp(&jb.status),
            SortColumn::Engine => ja.engine_type.cmp(&jb.engine_type),
            SortColumn::Type => ja.job_type.cmp(&jb.job_type),
            SortColumn::Created => ja.create_time.cmp(&jb.create_time),
            SortColumn::Region => self.region_key(a).cmp(&self.region_key(b)),
        }
        .then_with(|| ja.id.cmp(&jb.id));
        if self.reverse { o.reverse() } else { o }
    }

    /// The sort column's value of a job.
    fn sort_key(&self, i: u32) -> Cow<'_, str> {
        let j = &self.jobs[i as usize];
        Cow::Borrowed(match self.sort {
            SortColumn::Name => self.name_key(i),
            SortColumn::Status => &j.status,
            SortColumn::Engine => &j.engine_type,
            SortColumn::Type => &j.job_type,
            SortColumn::Created => &j.create_time,
            SortColumn::Region => return self.region_key(i),
        })
    }

    /// Re-sorts every job (the sort changed, or the language the names sort in), then
    /// re-applies the filter. By name, see [`JobTable::name_order`]. By another column every
    /// job's sort key is built once into one buffer, and [`sort_keys`] compares their first
    /// 32 bytes and the ids' first 8 as integers kept next to the index (comparing keys reached
    /// through each job costs cache misses at 100,000 jobs); only longer keys that tie read the
    /// buffer.
    pub(super) fn resort(&mut self) {
        self.names = NameOrder::current();
        let mut order = if self.sort == SortColumn::Name {
            self.name_order()
        } else {
            let n = self.jobs.len() as u32;
            let mut keys: Vec<u8> = Vec::new();
            let mut at: Vec<u32> = Vec::with_capacity(n as usize + 1);
            for i in 0..n {
                at.push(keys.len() as u32);
                keys.extend_from_slice(self.sort_key(i).as_bytes());
            }
            at.push(keys.len() as u32);
            let id = |i: u32| self.jobs[i as usize].id.as_str();
            sort_keys(&keys, &at, |i| id_prefix(id(i)), |a, b| id(a).cmp(id(b)))
        };
        if self.reverse {
            order.reverse();
        }
        self.order = order;
        self.refilter(false);
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
}

/// Merges two lists sorted by `cmp` into one (`b` is a page, `a` everything else): each item
/// of `b` finds its place in `a` by binary search, so a page of p costs O(p log n) comparisons
/// and one copy of `a`, not n comparisons.
pub(super) fn merge(a: &[u32], b: &[u32], cmp: impl Fn(u32, u32) -> Ordering) -> Vec<u32> {
    if b.is_empty() {
        return a.to_vec();
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut from = 0;
    for &x in b {
        let k = from + a[from..].partition_point(|&y| cmp(y, x) != Ordering::Greater);
        out.extend_from_slice(&a[from..k]);
        out.push(x);
        from = k;
    }
    out.extend_from_slice(&a[from..]);
    out
}
