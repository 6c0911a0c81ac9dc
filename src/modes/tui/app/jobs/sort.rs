//! The table's order: the sort column (`s`, `S`), natural order of names, and the re-sort
//! built for 100,000 jobs (keys as integers next to the index; pages merged, not re-sorted).

use std::cmp::Ordering;

use super::JobTable;

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

/// The first 16 bytes of `b`, zero-padded, as a big-endian integer: ordered like `b` itself
/// wherever two prefixes differ (server strings are sanitized, so they hold no NUL).
fn be_prefix(b: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = b.len().min(16);
    buf[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(buf)
}

/// Merges two lists sorted by `cmp` into one.
pub(super) fn merge(a: &[u32], b: &[u32], cmp: impl Fn(u32, u32) -> Ordering) -> Vec<u32> {
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
