//! Server strings made safe to draw, once, as jobs arrive: every string of a job (and of its
//! children) sanitized, and the same `Arc` kept when nothing needed it (almost always).

use std::sync::Arc;

use crate::api::{Job, Sym};
use crate::sanitize::{clean, clean_id, is_clean};

/// Replaces every server string of a job (and its children) with its sanitized form.
/// The id is cleaned as [`crate::sanitize::clean_id`] does (as `jobs list` prints it): a job
/// whose id had to be cleaned is listed with that id and never written to.
pub fn clean_job(mut job: Job) -> Job {
    if !is_clean(&job.id) {
        job.id = clean_id(&job.id);
    }
    for s in [&mut job.name, &mut job.description, &mut job.create_time] {
        clean_in_place(s);
    }
    for s in [
        &mut job.status,
        &mut job.engine_type,
        &mut job.net_type,
        &mut job.charging_mode,
        &mut job.job_direction,
        &mut job.job_type,
        &mut job.task_type,
        &mut job.enterprise_project_id,
        &mut job.job_mode,
        &mut job.job_mode_role,
        &mut job.node_role,
        &mut job.job_action.current_action,
    ] {
        clean_sym(s);
    }
    for list in [
        &mut job.job_action.available_actions,
        &mut job.job_action.unavailable_actions,
    ] {
        if !list.iter().all(|a| is_clean(a)) {
            *list = list.iter().map(|a| clean(a)).collect();
        }
    }
    if !job.children.is_empty() {
        job.children = job.children.into_iter().map(clean_job).collect();
    }
    job
}

/// [`clean_job`] for a shared job: the same `Arc` when it is already clean (almost always), so
/// the table and the worker keep one copy.
pub fn clean_shared(job: Arc<Job>) -> Arc<Job> {
    if job_is_clean(&job) {
        job
    } else {
        Arc::new(clean_job(Arc::unwrap_or_clone(job)))
    }
}

/// Whether [`clean_job`] would change nothing.
fn job_is_clean(job: &Job) -> bool {
    let a = &job.job_action;
    [
        job.id.as_str(),
        &job.name,
        &job.description,
        &job.create_time,
        &job.status,
        &job.engine_type,
        &job.net_type,
        &job.charging_mode,
        &job.job_direction,
        &job.job_type,
        &job.task_type,
        &job.enterprise_project_id,
        &job.job_mode,
        &job.job_mode_role,
        &job.node_role,
        &a.current_action,
    ]
    .into_iter()
    .chain(a.available_actions.iter().map(|s| s.as_str()))
    .chain(a.unavailable_actions.iter().map(|s| s.as_str()))
    .all(is_clean)
        && job.children.iter().all(job_is_clean)
}

/// Cleans a string only when it needs it: most server strings are already clean, and copying
/// every field of 100,000 jobs costs time and leaves the heap fragmented.
fn clean_in_place(s: &mut String) {
    if !is_clean(s) {
        *s = clean(s);
    }
}

/// [`clean_in_place`] for an interned string.
fn clean_sym(s: &mut Sym) {
    if !is_clean(s) {
        *s = Sym::from(clean(s));
    }
}
