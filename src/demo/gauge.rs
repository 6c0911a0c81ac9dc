//! How many list requests the service is answering at once, and for how many projects: the
//! demo's measure of a client's concurrency (`--regions` over thousands of projects must list
//! a few projects at a time, not all of them at once).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The list requests in flight now, and the most seen at once.
#[derive(Debug, Default)]
pub struct ListGauge {
    requests: AtomicUsize,
    max_requests: AtomicUsize,
    /// Project id → its list requests in flight (an entry only while there is one).
    projects: Mutex<HashMap<String, usize>>,
    max_projects: AtomicUsize,
}

/// One list request in flight: counted until dropped.
#[derive(Debug)]
pub struct InFlight<'a> {
    gauge: &'a ListGauge,
    project: String,
}

impl ListGauge {
    /// A list request for `project` arrived; it counts until the guard is dropped.
    pub fn enter(&self, project: &str) -> InFlight<'_> {
        let now = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_requests.fetch_max(now, Ordering::SeqCst);
        let mut projects = self.projects.lock().unwrap_or_else(|e| e.into_inner());
        *projects.entry(project.to_owned()).or_insert(0) += 1;
        self.max_projects
            .fetch_max(projects.len(), Ordering::SeqCst);
        InFlight {
            gauge: self,
            project: project.to_owned(),
        }
    }

    /// The most list requests in flight at once so far.
    pub fn max_requests(&self) -> usize {
        self.max_requests.load(Ordering::SeqCst)
    }

    /// The most projects with a list request in flight at once so far.
    pub fn max_projects(&self) -> usize {
        self.max_projects.load(Ordering::SeqCst)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.gauge.requests.fetch_sub(1, Ordering::SeqCst);
        let mut projects = self
            .gauge
            .projects
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = projects.get_mut(&self.project) {
            *n -= 1;
            if *n == 0 {
                projects.remove(&self.project);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_keeps_the_most_at_once() {
        let g = ListGauge::default();
        {
            let _a = g.enter("p1");
            let _b = g.enter("p1");
            let _c = g.enter("p2");
        }
        let _d = g.enter("p3");
        assert_eq!((g.max_requests(), g.max_projects()), (3, 2));
    }
}
