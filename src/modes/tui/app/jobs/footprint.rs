//! What the job table holds in memory, structure by structure: the per-structure breakdown the
//! README gives for 100,000 jobs (`cargo bench --bench memory`). Each figure is the heap bytes
//! the structure asked the allocator for (capacities, not lengths), shared values counted once.

use std::collections::HashSet;
use std::mem::size_of;

use super::JobTable;
use crate::api::{Job, Sym, Syms};

/// The heap bytes of one part of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// What it is.
    pub name: &'static str,
    /// Heap bytes asked for.
    pub bytes: usize,
    /// Allocations made for it.
    pub allocations: usize,
}

/// Sums of the jobs' own heap: the `Arc<Job>`s, their strings, their children.
#[derive(Default)]
struct JobBytes {
    structs: (usize, usize),
    ids: (usize, usize),
    names: (usize, usize),
    descriptions: (usize, usize),
    created: (usize, usize),
    children: (usize, usize),
    shared: (usize, usize),
}

fn add(to: &mut (usize, usize), bytes: usize) {
    if bytes > 0 {
        to.0 += bytes;
        to.1 += 1;
    }
}

impl JobBytes {
    fn job(&mut self, j: &Job, child: bool, seen: &mut HashSet<usize>) {
        let strings = [
            (&j.id, 0),
            (&j.name, 1),
            (&j.description, 2),
            (&j.create_time, 3),
        ];
        for (s, which) in strings {
            let to = if child {
                &mut self.children
            } else {
                match which {
                    0 => &mut self.ids,
                    1 => &mut self.names,
                    2 => &mut self.descriptions,
                    _ => &mut self.created,
                }
            };
            add(to, s.capacity());
        }
        add(&mut self.children, j.children.capacity() * size_of::<Job>());
        for s in [
            &j.status,
            &j.engine_type,
            &j.net_type,
            &j.charging_mode,
            &j.job_direction,
            &j.job_type,
            &j.task_type,
            &j.enterprise_project_id,
            &j.job_mode,
            &j.job_mode_role,
            &j.node_role,
            &j.job_action.current_action,
        ] {
            self.sym(s, seen);
        }
        for list in [
            &j.job_action.available_actions,
            &j.job_action.unavailable_actions,
        ] {
            self.syms(list, seen);
        }
        for c in &j.children {
            self.job(c, true, seen);
        }
    }

    fn sym(&mut self, s: &Sym, seen: &mut HashSet<usize>) {
        if seen.insert(s.as_str().as_ptr() as usize) && !s.is_empty() {
            add(&mut self.shared, 16 + size_of::<Box<str>>() + s.len());
        }
    }

    fn syms(&mut self, s: &Syms, seen: &mut HashSet<usize>) {
        if !s.is_empty() && seen.insert(s.as_slice().as_ptr() as usize) {
            add(&mut self.shared, 16 + s.len() * size_of::<Sym>());
            for x in s {
                self.sym(x, seen);
            }
        }
    }
}

impl JobTable {
    /// The table's heap, structure by structure (see the module's doc).
    pub fn footprint(&self) -> Vec<Part> {
        let mut j = JobBytes::default();
        let mut seen = HashSet::new();
        for job in &self.jobs {
            add(&mut j.structs, 2 * size_of::<usize>() + size_of::<Job>());
            j.job(job, false, &mut seen);
        }
        let part = |name, (bytes, allocations): (usize, usize)| Part {
            name,
            bytes,
            allocations,
        };
        let vec = |name, bytes: usize| Part {
            name,
            bytes,
            allocations: usize::from(bytes > 0),
        };
        let mut parts = vec![
            part("job structs (Arc<Job>)", j.structs),
            part("job ids", j.ids),
            part("job names", j.names),
            part("job descriptions", j.descriptions),
            part("job creation times", j.created),
            part("children (structs and strings)", j.children),
            part("interned values (Sym, shared)", j.shared),
            vec(
                "table: jobs (Vec<Arc<Job>>)",
                self.jobs.capacity() * size_of::<usize>(),
            ),
        ];
        parts.extend(self.index_parts());
        parts.extend([
            vec("table: search text", self.text.capacity()),
            vec(
                "table: search spans",
                self.spans.capacity()
                    * size_of_val(&self.spans.first().copied().unwrap_or_default()),
            ),
            vec(
                "table: order, view, positions",
                (self.order.capacity() + self.view.capacity() + self.pos.capacity())
                    * size_of::<u32>(),
            ),
        ]);
        parts
    }
}

/// Buckets of a hash table of `cap` usable slots (hashbrown: 7/8 full at most, a power of two).
pub(super) fn buckets(cap: usize) -> usize {
    if cap == 0 {
        0
    } else if cap < 8 {
        (cap + 1).next_power_of_two()
    } else {
        (cap * 8 / 7).next_power_of_two()
    }
}

impl JobTable {
    fn index_parts(&self) -> Vec<Part> {
        vec![
            Part {
                name: "table: id index (positions only)",
                bytes: self.index.heap_bytes(),
                allocations: 1,
            },
            Part {
                name: "table: facets (status, engine, type, project)",
                bytes: self.facets.heap_bytes(),
                allocations: 2 + self.facets.len(),
            },
        ]
    }
}
