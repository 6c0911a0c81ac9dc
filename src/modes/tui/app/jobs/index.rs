//! Job id → position in the table's `jobs`, without a copy of the ids: the hash table holds only
//! the `u32` positions and compares through the jobs themselves. At 100,000 jobs this is 5 bytes
//! a job instead of a `String` key (24 bytes and a 48-byte allocation) and its slot.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::api::Job;

/// The table's id index (see the module's doc). Randomly seeded: ids come from the server.
#[derive(Clone, Default)]
pub(super) struct IdIndex {
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The position of `id` in `jobs`.
    pub(super) fn get(&self, jobs: &[Arc<Job>], id: &str) -> Option<u32> {
        self.table
            .find(self.hash(id), |&i| jobs[i as usize].id == id)
            .copied()
    }

    /// Whether `id` is indexed.
    pub(super) fn contains(&self, jobs: &[Arc<Job>], id: &str) -> bool {
        self.get(jobs, id).is_some()
    }

    /// Indexes `jobs[i]`, whose id is not indexed yet.
    pub(super) fn insert(&mut self, jobs: &[Arc<Job>], i: u32) {
        let hash = self.hash(&jobs[i as usize].id);
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, i, |&k| hasher.hash_one(jobs[k as usize].id.as_str()));
    }

    /// The job indexed at `from` now sits at `to` in `jobs` (a removal moved it).
    pub(super) fn moved(&mut self, jobs: &[Arc<Job>], from: u32, to: u32) {
        let hash = self.hash(&jobs[to as usize].id);
        if let Some(k) = self.table.find_mut(hash, |&k| k == from) {
            *k = to;
        }
    }

    /// Forgets `id` (still in `jobs` while this runs); its position if it was indexed.
    pub(super) fn remove(&mut self, jobs: &[Arc<Job>], id: &str) -> Option<u32> {
        let hash = self.hash(id);
        let found = self
            .table
            .find_entry(hash, |&i| jobs[i as usize].id == id)
            .ok()?;
        Some(found.remove().0)
    }

    /// Indexes every job of `jobs` afresh.
    pub(super) fn rebuild(&mut self, jobs: &[Arc<Job>]) {
        self.table = HashTable::with_capacity(jobs.len());
        for i in 0..jobs.len() as u32 {
            self.insert(jobs, i);
        }
    }

    /// Gives back spare capacity.
    pub(super) fn shrink_to_fit(&mut self, jobs: &[Arc<Job>]) {
        let hasher = &self.hasher;
        self.table
            .shrink_to_fit(|&k| hasher.hash_one(jobs[k as usize].id.as_str()));
    }

    /// Heap bytes of the table (its slots and control bytes).
    pub(super) fn heap_bytes(&self) -> usize {
        super::footprint::buckets(self.table.capacity()) * (size_of::<u32>() + 1)
    }
}
