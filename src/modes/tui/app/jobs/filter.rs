//! The live filter (`/`) and the search text it reads: each job's lower-cased name and id,
//! computed once on arrival, back to back in one buffer; its status, engine, project and the
//! label its status is shown with (in the language in force) are its facet's
//! ([`super::facets`]), matched once per keystroke for every row that shares them. A filter
//! that grows narrows the previous view instead of rescanning; a scan reads the rows in the
//! order they sit in memory, then keeps the sorted order.

use std::borrow::Cow;

use memchr::memmem::Finder;

use super::facets::{Facets, SPILL, lower_into};
use super::{JobTable, SEP, TextSpan};
use crate::api::Job;

/// A filter as matched: the lower-cased needle, and which facets it matches.
pub(super) struct Query<'a> {
    finder: Finder<'a>,
    labels: u64,
    facets: Vec<bool>,
}

impl JobTable {
    /// The query for `needle` (lower-cased).
    pub(super) fn query<'a>(&self, needle: &'a str) -> Query<'a> {
        let finder = Finder::new(needle.as_bytes());
        let labels = crate::labels::labelled_mask(needle);
        let facets = if needle.is_empty() {
            Vec::new()
        } else {
            self.facets.matching(&finder, labels)
        };
        Query {
            finder,
            labels,
            facets,
        }
    }

    /// Appends a job's lower-cased search text (`name SEP id`) to `text`.
    pub(super) fn push_text(&mut self, job: &Job) -> TextSpan {
        let start = self.text.len();
        lower_into(&mut self.text, &job.name);
        let name_len = self.text.len() - start;
        self.text.push(SEP);
        lower_into(&mut self.text, &job.id);
        TextSpan {
            start: start as u32,
            len: (self.text.len() - start) as u32,
            name_len: name_len as u32,
            facet: self.facets.of(job),
        }
    }

    /// Rewrites `text` without the garbage of replaced or removed jobs once that is most of it,
    /// in the rows' order.
    pub(super) fn compact_text(&mut self) {
        let live: usize = self.spans.iter().map(|s| s.len as usize).sum();
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

    fn hay(&self, s: TextSpan) -> &[u8] {
        &self.text.as_bytes()[s.start as usize..(s.start + s.len) as usize]
    }

    pub(super) fn name_key(&self, i: u32) -> &str {
        let s = self.spans[i as usize];
        &self.text[s.start as usize..(s.start + s.name_len) as usize]
    }

    /// The lower-cased project label of a job (`cn-east-3`, `cn-north-4_pay`), or "".
    pub(super) fn region_key(&self, i: u32) -> Cow<'_, str> {
        let facet = self.spans[i as usize].facet;
        self.facets.region(facet, &self.jobs[i as usize])
    }

    /// Whether job `i` matches: its facet does (status, engine, project or label), or its
    /// name or id holds the needle. A facet is one lookup; the job itself is not read.
    pub(super) fn matches(&self, i: u32, query: &Query<'_>) -> bool {
        let finder = &query.finder;
        if finder.needle().is_empty() {
            return true;
        }
        let s = self.spans[i as usize];
        let facet = match query.facets.get(usize::from(s.facet)) {
            Some(&hit) => hit,
            None if s.facet == SPILL => {
                Facets::spilled_matches(&self.jobs[i as usize], finder, query.labels)
            }
            None => false,
        };
        facet || finder.find(self.hay(s)).is_some()
    }

    /// Recomputes the view for the current filter: from the previous view when the new needle
    /// contains the old one (a growing query can only narrow, labels included), else from the
    /// whole order.
    pub(super) fn refilter(&mut self, allow_narrowing: bool) {
        let needle = self.filter.to_lowercase();
        let narrowing = allow_narrowing && needle.contains(self.view_needle.as_str());
        let mut view = std::mem::take(&mut self.view);
        if needle.is_empty() {
            view.clone_from(&self.order);
        } else if narrowing && view.len() < self.jobs.len() / 8 {
            // Few candidates: test just them.
            let query = self.query(&needle);
            view.retain(|&i| self.matches(i, &query));
        } else {
            // Test the candidates in the order they sit in memory (the search text is read
            // front to back), then keep those that matched in the sorted order.
            let query = self.query(&needle);
            let hit: Vec<bool> = (0..self.jobs.len() as u32)
                .map(|i| {
                    (!narrowing
                        || self
                            .pos
                            .get(i as usize)
                            .is_some_and(|&p| p != super::HIDDEN))
                        && self.matches(i, &query)
                })
                .collect();
            if narrowing {
                view.retain(|&i| hit[i as usize]);
            } else {
                view.clear();
                view.extend(self.order.iter().copied().filter(|&i| hit[i as usize]));
            }
        }
        self.view = view;
        self.view_needle = needle;
        self.reposition();
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
}
