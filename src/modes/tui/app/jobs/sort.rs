//! The table's order: the sort column (`s`, `S`), natural order of names, and the re-sort
//! built for 100,000 jobs (keys as integers next to the index; pages merged, not re-sorted).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::JobTable;
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
    /// re-applies the filter. Every job's sort key is built once into one buffer (natural or
    /// pinyin keys for names: comparing names through a collator or the digit-run iterator on
    /// each comparison would cost more than the sort). Comparing keys reached through each job
    /// costs cache misses at 100,000 jobs; here the first 32 bytes of the key and 8 of the id
    /// sit next to the index as integers, so most comparisons never leave the array, and only
    /// longer keys that tie compare the buffer.
    pub(super) fn resort(&mut self) {
        struct Keyed {
            head: u128,
            tail: u128,
            id: u64,
            i: u32,
            long: bool,
        }
        self.names = NameOrder::current();
        let n = self.jobs.len() as u32;
        let mut keys: Vec<u8> = Vec::new();
        let mut at: Vec<u32> = Vec::with_capacity(n as usize + 1);
        for i in 0..n {
            at.push(keys.len() as u32);
            match self.sort {
                SortColumn::Name => self.names.key_into(&mut keys, self.name_key(i)),
                _ => keys.extend_from_slice(self.sort_key(i).as_bytes()),
            }
        }
        at.push(keys.len() as u32);
        let key = |i: u32| -> &[u8] { &keys[at[i as usize] as usize..at[i as usize + 1] as usize] };
        let mut keyed: Vec<Keyed> = (0..n)
            .map(|i| {
                let k = key(i);
                Keyed {
                    head: be_prefix(k),
                    tail: be_prefix(k.get(16..).unwrap_or_default()),
                    id: (be_prefix(self.jobs[i as usize].id.as_bytes()) >> 64) as u64,
                    i,
                    long: k.len() > 32,
                }
            })
            .collect();
        keyed.sort_unstable_by(|x, y| {
            x.head
                .cmp(&y.head)
                .then(x.tail.cmp(&y.tail))
                .then_with(|| {
                    // Short keys that tie are equal: the id decides, its first 8 bytes first.
                    if x.long || y.long {
                        key(x.i).cmp(key(y.i))
                    } else {
                        Ordering::Equal
                    }
                })
                .then(x.id.cmp(&y.id))
                .then_with(|| self.jobs[x.i as usize].id.cmp(&self.jobs[y.i as usize].id))
        });
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(keyed.iter().map(|k| k.i));
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

/// The first 16 bytes of `b`, zero-padded, as a big-endian integer: ordered like `b` itself
/// wherever two prefixes differ (server strings are sanitized, so they hold no NUL).
fn be_prefix(b: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = b.len().min(16);
    buf[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(buf)
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
