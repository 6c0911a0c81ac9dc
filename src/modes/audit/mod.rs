//! `drs-tui audit`: the audit trail read back (`list`), the start-up notice about unsettled
//! writes, and `--settle` ([`settle`]).

pub mod settle;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::audit::{self, AuditRecord};
use crate::cli::AuditFormat;
use crate::exit::{ExitCode, Fatal};
use crate::session::Session;
use crate::tr;

/// How much of the audit file's end is read at start to find unsettled writes.
const START_TAIL_BYTES: u64 = 4 << 20;

/// How many writes of earlier runs have no outcome (from the audit file's tail), and how many
/// lines of that tail are damaged. `None` when there is no audit file yet.
pub fn unsettled_at_start(path: &std::path::Path) -> Option<(usize, usize)> {
    if !path.exists() {
        return None;
    }
    match audit::read_tail(path, START_TAIL_BYTES) {
        Ok(read) => {
            let (dead, _) = audit::unsettled_of_dead_runs(path, audit::unsettled(&read.records));
            Some((dead.len(), read.damaged.len()))
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the audit log at start");
            None
        }
    }
}

/// The start-up notice about unsettled writes and damaged lines, if any.
pub fn unsettled_notice(unsettled: usize, damaged: usize) -> Option<String> {
    let mut parts = Vec::new();
    if unsettled > 0 {
        parts.push(tr!(CliUnsettledAtStart, unsettled));
    }
    if damaged > 0 {
        parts.push(tr!(CliDamagedLines, damaged));
    }
    (!parts.is_empty()).then(|| parts.join(tr!(CliNoticeJoin)))
}

/// Says on stderr how many writes of earlier runs are unsettled (the CLI's start).
pub fn report_unsettled(session: &Session) {
    let Ok(path) = session.audit_path() else {
        return;
    };
    if let Some((u, d)) = unsettled_at_start(&path)
        && let Some(notice) = unsettled_notice(u, d)
    {
        eprintln!("drs-tui: {notice}");
    }
}

/// `drs-tui audit`: the audit trail as a table or JSON lines, `--since` a time, or only the
/// unsettled writes.
pub fn list(
    session: &Session,
    since: Option<String>,
    output: AuditFormat,
    only_unsettled: bool,
) -> Result<ExitCode, Fatal> {
    let path = session.audit_path()?;
    if !path.exists() {
        eprintln!("drs-tui: {}", tr!(CliNoAuditRecords, path.display()));
        return Ok(ExitCode::Ok);
    }
    let since = since
        .map(|s| audit::parse_since(&s, time::OffsetDateTime::now_utc()))
        .transpose()
        .map_err(Fatal::usage)?;
    let read = audit::read_all(&path).map_err(Fatal::usage)?;
    for w in read.warnings(&path) {
        eprintln!("drs-tui: {w}");
    }
    let places = places(&read.records);
    let records = selected(&path, read.records, since, only_unsettled);
    let mut out = std::io::stdout().lock();
    for r in &records {
        match output {
            AuditFormat::Json => writeln!(
                out,
                "{}",
                crate::modes::jobs::safe_json(&serde_json::to_value(r).unwrap_or_default())
            )?,
            AuditFormat::Table => writeln!(out, "{}", table_line(r, &places, only_unsettled))?,
        }
    }
    if only_unsettled && output == AuditFormat::Table {
        eprintln!(
            "drs-tui: {}",
            if records.is_empty() {
                tr!(CliUnsettledNone).to_string()
            } else {
                tr!(CliUnsettledCount, records.len())
            }
        );
    }
    Ok(ExitCode::Ok)
}

/// Where each write went, by operation id (outcome records carry no context: their intent's
/// says it).
fn places(records: &[AuditRecord]) -> HashMap<String, String> {
    records
        .iter()
        .filter_map(|r| {
            let c = r.context.as_ref()?;
            let place = match (&c.region, &c.project_id) {
                (Some(region), Some(p)) => format!("{region} project {p}"),
                (Some(region), None) => region.clone(),
                (None, Some(p)) => format!("project {p}"),
                (None, None) => return None,
            };
            Some((r.op_id.clone(), place))
        })
        .collect()
}

/// The records to show: all of them, or only the unsettled writes of runs that have ended
/// (saying on stderr how many belong to a run still going), from `since` on.
fn selected(
    path: &Path,
    records: Vec<AuditRecord>,
    since: Option<time::OffsetDateTime>,
    only_unsettled: bool,
) -> Vec<AuditRecord> {
    let all = if only_unsettled {
        let (dead, in_flight) = audit::unsettled_of_dead_runs(path, audit::unsettled(&records));
        if in_flight > 0 {
            eprintln!("drs-tui: {}", tr!(CliAuditInFlight, in_flight));
        }
        dead
    } else {
        records
    };
    all.into_iter()
        .filter(|r| {
            since.is_none_or(|s| {
                time::OffsetDateTime::parse(&r.time, &time::format_description::well_known::Rfc3339)
                    .is_ok_and(|t| t >= s)
            })
        })
        .collect()
}

/// One record as a line of the table (every field from the file cleaned for the terminal).
fn table_line(r: &AuditRecord, places: &HashMap<String, String>, only_unsettled: bool) -> String {
    let clean = crate::sanitize::clean;
    let what = match r.record.as_str() {
        "intent" if only_unsettled => tr!(CliAuditUnsettled, clean(&r.op_id), clean(&r.status)),
        "intent" => tr!(CliAuditIntent, clean(&r.status)),
        _ => tr!(
            CliAuditOutcome,
            clean(r.result.as_deref().unwrap_or("")),
            r.attempts.unwrap_or(0),
            r.duration_ms.unwrap_or(0),
            r.settled_by.as_deref().unwrap_or("-")
        ),
    };
    let place = places
        .get(&r.op_id)
        .map(|p| format!("  in {}", clean(p)))
        .unwrap_or_default();
    format!(
        "{}  {:<10} {}  {}  {}{place}",
        clean(&r.time),
        clean(&r.action),
        clean(&r.job_id),
        clean(&r.name),
        what
    )
}
