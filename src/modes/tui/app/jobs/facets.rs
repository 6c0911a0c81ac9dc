//! A job's low-cardinality columns as one small number: each distinct (status, engine, job type,
//! project) a table holds is a *facet*, kept once with its lower-cased search text and the id of
//! the label its status is shown with. A row then carries a `u16` instead of those texts, and a
//! filter keystroke matches the few hundred facets once instead of the same texts in every row.

use std::borrow::Cow;
use std::collections::HashMap;

use super::SEP;
use crate::api::{Job, ScopeId, Sym};

/// The facet of a row whose facet did not fit (more than `u16::MAX - 1` distinct ones, which
/// only a hostile server sends): such a row is matched by reading its job.
pub(super) const SPILL: u16 = u16::MAX;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    status: Sym,
    engine: Sym,
    job_type: Sym,
    scope: ScopeId,
}

#[derive(Debug, Clone)]
struct Facet {
    /// Lower-cased `status SEP engine SEP type words SEP type [SEP region names SEP project label]`.
    hay: Box<str>,
    /// Bytes of `hay` before the project label (all of it when there is none).
    region_at: u32,
    /// The label id ([`crate::labels::label_id`]).
    label: u8,
}

/// The distinct facets of a table.
#[derive(Debug, Clone, Default)]
pub(super) struct Facets {
    list: Vec<Facet>,
    ids: HashMap<Key, u16>,
}

impl Facets {
    /// The facet of `job`, added when new.
    pub(super) fn of(&mut self, job: &Job) -> u16 {
        let key = Key {
            status: job.status.clone(),
            engine: job.engine_type.clone(),
            job_type: job.job_type.clone(),
            scope: job.scope,
        };
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        if self.list.len() >= usize::from(SPILL) {
            return SPILL;
        }
        let id = self.list.len() as u16;
        self.list.push(Facet::new(job));
        self.ids.insert(key, id);
        id
    }

    /// Which facets `needle` (lower-cased, not empty) matches, given the labels that hold it.
    pub(super) fn matching(&self, needle: &memchr::memmem::Finder<'_>, labels: u64) -> Vec<bool> {
        self.list
            .iter()
            .map(|f| labels & (1 << f.label) != 0 || needle.find(f.hay.as_bytes()).is_some())
            .collect()
    }

    /// Whether a spilled row's job matches, read from the job itself.
    pub(super) fn spilled_matches(
        job: &Job,
        needle: &memchr::memmem::Finder<'_>,
        labels: u64,
    ) -> bool {
        let f = Facet::new(job);
        labels & (1 << f.label) != 0 || needle.find(f.hay.as_bytes()).is_some()
    }

    /// The lower-cased project label of a facet (the region sort's key), or "".
    pub(super) fn region(&self, facet: u16, job: &Job) -> Cow<'_, str> {
        match self.list.get(usize::from(facet)) {
            Some(f) => {
                let at = f.region_at as usize;
                Cow::Borrowed(f.hay.get(at + SEP.len_utf8()..).unwrap_or_default())
            }
            None if job.scope.is_none() => Cow::Borrowed(""),
            None => Cow::Owned(job.scope.label().to_lowercase()),
        }
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        let texts: usize = self.list.iter().map(|f| f.hay.len()).sum();
        self.list.capacity() * size_of::<Facet>()
            + super::footprint::buckets(self.ids.capacity()) * (size_of::<(Key, u16)>() + 1)
            + texts
    }

    /// Number of facets.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }
}

impl Facet {
    fn new(job: &Job) -> Facet {
        let mut hay = String::new();
        lower_into(&mut hay, &job.status);
        hay.push(SEP);
        lower_into(&mut hay, &job.engine_type);
        // The job type as the TYPE column shows it (its words, long and short, in the
        // language in force) and as the service sends it: `/实时灾备`, `/dr`, `/cloudDataGuard`.
        for short in [false, true] {
            hay.push(SEP);
            lower_into(&mut hay, crate::labels::kind_shown(&job.job_type, short));
        }
        hay.push(SEP);
        lower_into(&mut hay, &job.job_type);
        if !job.scope.is_none() {
            push_region_names(&mut hay, job);
        }
        let region_at = hay.len() as u32;
        // Where the job lives (several projects listed): the filter finds it, and the region
        // sort reads it.
        if !job.scope.is_none() {
            hay.push(SEP);
            lower_into(&mut hay, &job.scope.label());
        }
        Facet {
            hay: hay.into_boxed_str(),
            region_at,
            label: crate::labels::label_id(&job.status, &job.job_type),
        }
    }
}

/// Appends `s` lower-cased; ASCII (most ids, statuses, engines) without a temporary String.
pub(super) fn lower_into(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// The region's display names (both languages) of a job's project, each after a separator:
/// `/华北-北京四` and `/beijing4` find its jobs.
pub(super) fn push_region_names(text: &mut String, job: &Job) {
    let region = job.scope.region();
    for lang in [crate::i18n::Language::EnUs, crate::i18n::Language::ZhCn] {
        if let Some(name) = crate::api::region_names::region_name_in(&region, lang) {
            text.push(SEP);
            lower_into(text, name);
        }
    }
}
