//! The live filter (`/`) and the search text it reads: each job's lower-cased fields, computed
//! once on arrival, back to back in one buffer. A filter that grows narrows the previous view
//! instead of rescanning. A job also matches when the label its status is shown with (in the
//! language in force) contains the filter: the statuses so labelled are found once per keystroke.

use memchr::memmem::Finder;

use super::{JobTable, SEP, TextSpan};
use crate::api::Job;

/// A filter as matched: the lower-cased needle, and the labels ([`crate::labels::label_id`])
/// that contain it, one bit each.
pub(super) struct Query<'a> {
    finder: Finder<'a>,
    labels: u64,
}

impl<'a> Query<'a> {
    /// The query for `needle` (lower-cased).
    pub(super) fn new(needle: &'a str) -> Self {
        Query {
            finder: Finder::new(needle.as_bytes()),
            labels: crate::labels::labelled_mask(needle),
        }
    }
}

impl JobTable {
    /// Appends a job's lower-cased search text to `text`.
    pub(super) fn push_text(&mut self, job: &Job) -> TextSpan {
        let start = self.text.len();
        lower_into(&mut self.text, &job.name);
        let name_len = self.text.len() - start;
        for f in [job.id.as_str(), &job.status, &job.engine_type] {
            self.text.push(SEP);
            lower_into(&mut self.text, f);
        }
        // Where the job lives (several projects listed): the filter finds it, and the region
        // sort reads it back as the last field (the span stays 16 bytes a job).
        if !job.scope.is_none() {
            push_region_names(&mut self.text, job);
            self.text.push(SEP);
            lower_into(&mut self.text, &job.scope.label());
        }
        TextSpan {
            start: start as u32,
            len: (self.text.len() - start) as u32,
            name_len: name_len as u32,
            label: crate::labels::label_id(&job.status, &job.job_type),
        }
    }

    /// Rewrites `text` without the garbage of replaced or removed jobs once that is most of it.
    pub(super) fn compact_text(&mut self) {
        let live: usize = self.spans.iter().map(|s| s.len as usize + 1).sum();
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

    fn hay(&self, i: u32) -> &str {
        let s = self.spans[i as usize];
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    pub(super) fn name_key(&self, i: u32) -> &str {
        let s = self.spans[i as usize];
        &self.text[s.start as usize..(s.start + s.name_len) as usize]
    }

    /// The lower-cased project label of a job (`cn-east-3`, `cn-north-4_pay`), or "".
    pub(super) fn region_key(&self, i: u32) -> &str {
        if self.jobs[i as usize].scope.is_none() {
            return "";
        }
        let hay = self.hay(i);
        hay.rfind(SEP).map_or("", |p| &hay[p + SEP.len_utf8()..])
    }

    /// Whether job `i` matches: its search text holds the needle, or the label its status is
    /// shown with (on its job type) does; one bit test, the job itself is not read.
    pub(super) fn matches(&self, i: u32, query: &Query<'_>) -> bool {
        let finder = &query.finder;
        finder.needle().is_empty()
            || finder.find(self.hay(i).as_bytes()).is_some()
            || query.labels & (1 << self.spans[i as usize].label) != 0
    }

    /// Recomputes the view for the current filter: from the previous view when the new needle
    /// contains the old one (a growing query can only narrow, labels included), else from the
    /// whole order.
    pub(super) fn refilter(&mut self, allow_narrowing: bool) {
        let needle = self.filter.to_lowercase();
        let query = Query::new(&needle);
        let mut view = std::mem::take(&mut self.view);
        if allow_narrowing && needle.contains(self.view_needle.as_str()) {
            view.retain(|&i| self.matches(i, &query));
        } else if needle.is_empty() {
            view.clone_from(&self.order);
        } else {
            view.clear();
            view.extend(
                self.order
                    .iter()
                    .copied()
                    .filter(|&i| self.matches(i, &query)),
            );
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

/// Appends `s` lower-cased; ASCII (most ids, statuses, engines) without a temporary String.
fn lower_into(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

// h15b (issue 16 item 4): the filter finds a region by its console name too (`/华北-北京四`,
// `/beijing4`): the names, in both languages, are one more field before the project label
// (which stays last, where `region_key` reads it).
fn push_region_names(text: &mut String, job: &Job) {
    let region = job.scope.region();
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        if let Some(name) = crate::api::region_names::region_name_in(&region, lang) {
            text.push(SEP);
            lower_into(text, name);
        }
    }
}
