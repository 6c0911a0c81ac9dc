//! Sorting every job by name, built on names repeating: the same name is often listed many
//! times (`orders-db-sync-14` in every project, or a naming scheme with a counter), and each
//! distinct name needs only one sort key and one place in the order of names.
//!
//! 1. Each distinct (lower-cased) name is found with a hash map and its sort key built once
//!    (natural, or ICU's pinyin key plus the natural one: the ICU key is most of a pinyin
//!    sort's cost).
//! 2. The distinct keys are sorted ([`sort_keys`]) and ranked; names with equal keys (`feed-014`
//!    and `feed-14` naturally) share a rank.
//! 3. The jobs are sorted by (rank, id) as `u128` integers: the rank, the id's first 8 bytes
//!    and the job's index, so the sort compares plain integers; jobs whose ranks and first 8
//!    bytes of id are equal are put in order by their whole ids afterwards. When every job has
//!    a rank of its own (no name repeats) the order of the ranks is the order of the jobs.
//!
//! The result is exactly the order [`JobTable::cmp`] defines (a unit test compares them).

use std::cmp::Ordering;

use super::JobTable;

/// A sort key's first 32 bytes as integers, next to what it sorts, so most comparisons never
/// read the key buffer.
struct Keyed {
    head: u128,
    tail: u128,
    /// The first 8 bytes of the job's id (0 for keys of names).
    id: u64,
    i: u32,
    long: bool,
}

/// The indices `0..at.len() - 1` ordered by their keys (`keys[at[i]..at[i + 1]]`), then by
/// `id` (the first 8 bytes of an id, see [`be_prefix`]), then by `tie`.
pub(super) fn sort_keys(
    keys: &[u8],
    at: &[u32],
    id: impl Fn(u32) -> u64,
    tie: impl Fn(u32, u32) -> Ordering,
) -> Vec<u32> {
    let key = |i: u32| -> &[u8] { &keys[at[i as usize] as usize..at[i as usize + 1] as usize] };
    let n = at.len().saturating_sub(1) as u32;
    let mut keyed: Vec<Keyed> = (0..n)
        .map(|i| {
            let k = key(i);
            Keyed {
                head: be_prefix(k),
                tail: be_prefix(k.get(16..).unwrap_or_default()),
                id: id(i),
                i,
                long: k.len() > 32,
            }
        })
        .collect();
    keyed.sort_unstable_by(|x, y| {
        if x.head != y.head {
            return x.head.cmp(&y.head);
        }
        if x.tail != y.tail {
            return x.tail.cmp(&y.tail);
        }
        // Short keys that tie are equal: the id decides, its first 8 bytes first.
        if x.long || y.long {
            let o = key(x.i).cmp(key(y.i));
            if o.is_ne() {
                return o;
            }
        }
        x.id.cmp(&y.id).then_with(|| tie(x.i, y.i))
    });
    keyed.into_iter().map(|k| k.i).collect()
}

/// The first 16 bytes of `b`, zero-padded, as a big-endian integer: ordered like `b` itself
/// wherever two prefixes differ (server strings are sanitized, so they hold no NUL).
pub(super) fn be_prefix(b: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = b.len().min(16);
    buf[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(buf)
}

/// The first 8 bytes of `id`, zero-padded, as a big-endian integer.
pub(super) fn id_prefix(id: &str) -> u64 {
    (be_prefix(id.as_bytes()) >> 64) as u64
}

impl JobTable {
    /// Every job in name order (the language's), ties by id: ascending.
    pub(super) fn name_order(&self) -> Vec<u32> {
        let n = self.jobs.len();
        // 1. Each distinct name's key; `name_of[i]` is job i's distinct name.
        let mut distinct: hashbrown::HashMap<&str, u32> = hashbrown::HashMap::new();
        let mut keys: Vec<u8> = Vec::new();
        let mut at: Vec<u32> = vec![0];
        let name_of: Vec<u32> = (0..n as u32)
            .map(|i| {
                let name = self.name_key(i);
                *distinct.entry(name).or_insert_with(|| {
                    self.names.key_into(&mut keys, name);
                    at.push(keys.len() as u32);
                    at.len() as u32 - 2
                })
            })
            .collect();
        drop(distinct);
        // 2. The distinct names in order, ranked (equal keys, equal ranks).
        let sorted = sort_keys(&keys, &at, |_| 0, |_, _| Ordering::Equal);
        let key = |d: u32| &keys[at[d as usize] as usize..at[d as usize + 1] as usize];
        let mut rank = vec![0u32; sorted.len()];
        let mut next = 0u32;
        for (p, &d) in sorted.iter().enumerate() {
            if p > 0 && key(d) != key(sorted[p - 1]) {
                next += 1;
            }
            rank[d as usize] = next;
        }
        if next as usize + 1 == n {
            // Every job has a rank of its own: the ranks' order is the jobs' order.
            let mut order = vec![0u32; n];
            for (i, &d) in name_of.iter().enumerate() {
                order[rank[d as usize] as usize] = i as u32;
            }
            return order;
        }
        // 3. The jobs by (rank, id).
        self.by_rank_then_id(|i| rank[name_of[i as usize] as usize])
    }

    /// Every job ordered by `rank`, ties by id.
    fn by_rank_then_id(&self, rank: impl Fn(u32) -> u32) -> Vec<u32> {
        let mut packed: Vec<u128> = (0..self.jobs.len() as u32)
            .map(|i| {
                let id = id_prefix(&self.jobs[i as usize].id);
                (u128::from(rank(i)) << 96) | (u128::from(id) << 32) | u128::from(i)
            })
            .collect();
        packed.sort_unstable();
        // Runs that tie on rank and the ids' first 8 bytes: their whole ids decide.
        let mut start = 0;
        while start < packed.len() {
            let head = packed[start] >> 32;
            let end = start
                + packed[start..]
                    .iter()
                    .position(|&p| p >> 32 != head)
                    .unwrap_or(packed.len() - start);
            if end - start > 1 {
                packed[start..end]
                    .sort_unstable_by(|a, b| self.job_id(*a as u32).cmp(self.job_id(*b as u32)));
            }
            start = end;
        }
        packed.into_iter().map(|p| p as u32).collect()
    }

    fn job_id(&self, i: u32) -> &str {
        &self.jobs[i as usize].id
    }
}
