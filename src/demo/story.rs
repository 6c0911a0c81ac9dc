//! The job's own story as the detail call tells it: `type=progress` answers the progress
//! objects only, and `type=log` one page of the job's log (`offset`/`limit`, with
//! `total_count`), so clients page it as they would the real service.

use serde_json::{Value, json};

use crate::api::model::Job;

use super::errors::{DemoError, Lang};
use super::listing::{first, fnv, progress};

/// Log entries per page when `limit` is absent.
const DEFAULT_LOG_LIMIT: usize = 10;
/// Largest `limit` accepted.
const MAX_LOG_LIMIT: usize = 1000;

/// `type=progress`: `progress_info` and `migration_object_progress_info`.
pub fn progress_detail(job: &Job) -> Value {
    let (pct, delay_s, delay_ms) = progress(job);
    let h = fnv(&job.id, b'o');
    let tables = 3 + h % 40;
    let done = tables * pct.parse::<u64>().unwrap_or(0) / 100;
    json!({ "job": {
        "id": job.id,
        "status": job.status,
        "progress_info": {
            "progress": pct,
            "incr_trans_delay": delay_s,
            "incr_trans_delay_millis": delay_ms,
            "task_mode": job.task_type,
            "transfer_status": job.status,
            "process_time": "",
            "remaining_time": if pct == "100" { "0s" } else { "unknown" },
            "progress_map": {
                "schema": {"completed": "100", "remaining_time": "0s"},
                "data": {"completed": pct, "remaining_time": ""},
            },
        },
        "migration_object_progress_info": {
            "tables": {"total": tables, "completed": done},
        },
    }})
}

/// The whole log of a job, oldest first: what it did up to its current status.
fn entries(job: &Job) -> Vec<(&'static str, String)> {
    let h = fnv(&job.id, b'l');
    let mut l: Vec<(&'static str, String)> = vec![
        ("Info", format!("job {} created", job.name)),
        ("Info", "precheck passed".to_owned()),
        ("Info", "full transfer started".to_owned()),
    ];
    let (pct, _, _) = progress(job);
    let tables = 5 + h % 140;
    let copied = tables * pct.parse::<u64>().unwrap_or(0) / 100;
    for t in 0..copied {
        let rows = fnv(&job.id, t as u8) % 100_000;
        l.push((
            "Info",
            format!("table db_{}.t_{t:03}: {rows} rows copied", t % 4),
        ));
    }
    let status = job.status.as_str();
    if status.ends_with("FAILED") {
        l.push(("Error", format!("{status}: the task stopped on an error")));
        return l;
    }
    if pct == "100" {
        l.push(("Info", "full transfer complete".to_owned()));
    }
    if matches!(
        status,
        "INCRE_TRANSFER_STARTED" | "RELEASE_RESOURCE_STARTED" | "RELEASE_RESOURCE_COMPLETE"
    ) {
        l.push(("Info", "incremental transfer started".to_owned()));
        if h.is_multiple_of(3) {
            l.push(("Warn", "incremental delay above 5 s".to_owned()));
        }
    }
    if status.starts_with("RELEASE_") {
        l.push(("Info", "job stopped by the user".to_owned()));
    }
    if status == "RELEASE_RESOURCE_COMPLETE" || status == "RELEASE_CHILD_TRANSFER_COMPLETE" {
        l.push(("Info", "resources released".to_owned()));
    }
    l
}

fn stamp(created: &str, k: usize) -> String {
    use time::format_description::well_known::Rfc3339;
    // Entries seven seconds apart from the creation time.
    time::OffsetDateTime::parse(created, &Rfc3339)
        .ok()
        .map(|t| t + time::Duration::seconds(7 * k as i64))
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| created.to_owned())
}

/// `type=log`: the page `offset..offset+limit` of the job's log, with `total_count`.
pub fn log_detail(job: &Job, q: &[(String, String)], lang: Lang) -> Result<Value, DemoError> {
    let num = |key: &str, default: usize| -> Result<usize, DemoError> {
        match first(q, key) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| DemoError::param_invalid(lang, key)),
        }
    };
    let offset = num("offset", 0)?;
    let limit = num("limit", DEFAULT_LOG_LIMIT)?;
    if limit == 0 || limit > MAX_LOG_LIMIT {
        return Err(DemoError::param_invalid(lang, "limit"));
    }
    let all = entries(job);
    let logs: Vec<Value> = all
        .iter()
        .enumerate()
        .skip(offset)
        .take(limit)
        .map(|(k, (level, message))| {
            json!({"level": level, "message": message, "create_time": stamp(&job.create_time, k)})
        })
        .collect();
    Ok(json!({ "job": {
        "id": job.id,
        "status": job.status,
        "total_count": all.len(),
        "logs": logs,
    }}))
}
