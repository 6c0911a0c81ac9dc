//! A parent job expanded to its children as rows (Enter): each child is a row of its own, right
//! below its parent whatever the sort and filter, selectable, markable and deletable on its own.
//! Children enter the table only while their parent is expanded, so a table with nothing
//! expanded costs exactly what it did before.

use std::collections::HashMap;
use std::sync::Arc;

use super::JobTable;
use crate::api::Job;

impl JobTable {
    /// Enter: expands the selected parent to its children, or collapses it (also from one of its
    /// children, which then gives the selection back to the parent). `gone` says which children
    /// were deleted by us (not shown again before the next listing).
    pub fn toggle_expand(&mut self, gone: impl Fn(&str) -> bool) -> bool {
        let Some(sel) = self.selected.clone() else {
            return false;
        };
        let parent = self.parent_of.get(&sel).cloned().unwrap_or(sel);
        if self.expanded.remove(&parent) {
            let kids: Vec<String> = self
                .parent_of
                .iter()
                .filter(|(_, p)| **p == parent)
                .map(|(c, _)| c.clone())
                .collect();
            self.selected = Some(parent.clone());
            for c in kids {
                self.remove(&c);
                self.parent_of.remove(&c);
            }
            return true;
        }
        let Some(job) = self.get(&parent) else {
            return false;
        };
        if job.children.is_empty() {
            return false;
        }
        let kids: Vec<Arc<Job>> = job
            .children
            .iter()
            .filter(|c| !c.id.is_empty() && !gone(&c.id) && !self.index.contains(&self.jobs, &c.id))
            .map(|c| Arc::new(c.clone()))
            .collect();
        self.expanded.insert(parent.clone());
        for k in &kids {
            self.parent_of.insert(k.id.clone(), parent.clone());
        }
        self.upsert(kids);
        true
    }

    /// Whether a parent is expanded.
    pub fn is_expanded(&self, id: &str) -> bool {
        self.expanded.contains(id)
    }

    /// The parent of a child row.
    pub fn parent(&self, id: &str) -> Option<&str> {
        self.parent_of.get(id).map(String::as_str)
    }

    /// Jobs as listed (children shown as rows are not counted).
    pub fn listed_len(&self) -> usize {
        self.jobs.len() - self.parent_of.len()
    }

    /// Rows shown that are listed jobs, not expanded children: what `jobs N/M` counts, so
    /// that expanding a parent never makes N exceed M.
    pub fn shown_listed(&self) -> usize {
        let children = self
            .parent_of
            .keys()
            .filter(|id| self.view_position(id).is_some())
            .count();
        self.shown() - children
    }

    /// Before jobs are upserted: each expanded parent brings its current children along, and
    /// the children it no longer has are returned for removal.
    pub(super) fn with_children(&mut self, jobs: &mut Vec<Arc<Job>>) -> Vec<String> {
        if self.expanded.is_empty() {
            return Vec::new();
        }
        let mut extra = Vec::new();
        let mut stale = Vec::new();
        for j in jobs.iter() {
            if !self.expanded.contains(&j.id) {
                continue;
            }
            for (c, p) in &self.parent_of {
                if *p == j.id && !j.children.iter().any(|k| &k.id == c) {
                    stale.push(c.clone());
                }
            }
            for k in j.children.iter().filter(|k| !k.id.is_empty()) {
                self.parent_of.insert(k.id.clone(), j.id.clone());
                extra.push(Arc::new(k.clone()));
            }
        }
        jobs.extend(extra);
        stale
    }

    /// Puts every child row right below its parent in `order` and `view` (children follow
    /// their parent into and out of the view, and keep the parent's order of them).
    pub(super) fn regroup(&mut self) {
        if self.parent_of.is_empty() {
            return;
        }
        let mut kids: HashMap<u32, Vec<u32>> = HashMap::new();
        for (c, p) in &self.parent_of {
            if let (Some(ci), Some(pi)) =
                (self.index.get(&self.jobs, c), self.index.get(&self.jobs, p))
            {
                kids.entry(pi).or_default().push(ci);
            }
        }
        for (pi, list) in kids.iter_mut() {
            let parent = &self.jobs[*pi as usize];
            let rank = |i: &u32| {
                let id = &self.jobs[*i as usize].id;
                parent.children.iter().position(|k| &k.id == id)
            };
            list.sort_by_key(rank);
        }
        let is_child = |i: u32, t: &JobTable| t.parent_of.contains_key(&t.jobs[i as usize].id);
        for which in [0, 1] {
            let list = if which == 0 { &self.order } else { &self.view };
            let mut out = Vec::with_capacity(list.len());
            for &i in list.iter() {
                if is_child(i, self) {
                    continue;
                }
                out.push(i);
                if let Some(k) = kids.get(&i) {
                    out.extend_from_slice(k);
                }
            }
            if which == 0 {
                self.order = out;
            } else {
                self.view = out;
            }
        }
    }
}
