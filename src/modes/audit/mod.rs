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
                (Some(region), Some(p)) => tr!(AuditPlaceRegionProject, region, p),
                (Some(region), None) => region.clone(),
                (None, Some(p)) => tr!(AuditPlaceProject, p),
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
            result_label(&clean(r.result.as_deref().unwrap_or(""))),
            r.attempts.unwrap_or(0),
            r.duration_ms.unwrap_or(0),
            settled_by_label(r.settled_by.as_deref().unwrap_or("-"))
        ),
    };
    let place = places
        .get(&r.op_id)
        .map(|p| tr!(AuditPlace, clean(p)))
        .unwrap_or_default();
    let action = action_label(&r.action);
    let pad = 10usize.saturating_sub(unicode_width::UnicodeWidthStr::width(action.as_str()));
    format!(
        "{}  {action}{} {}  {}  {}{place}",
        clean(&r.time),
        " ".repeat(pad),
        clean(&r.job_id),
        clean(&r.name),
        what
    )
}

/// An audit record's action (`delete`, `stop`, `force-stop`) in the language in force; another
/// (from a newer version) as written, cleaned.
fn action_label(action: &str) -> String {
    match action {
        "delete" => tr!(AuditActDelete).into(),
        "stop" => tr!(AuditActStop).into(),
        "force-stop" => tr!(AuditActForceStop).into(),
        other => crate::sanitize::clean(other),
    }
}

/// How an outcome was learned (`response`, `re-read`, `re-read failed`, `lookup`, `not sent`,
/// the audit file's codes) in the language in force; another as written, cleaned.
pub fn settled_by_label(code: &str) -> String {
    match code {
        "response" => tr!(AuditByResponse).into(),
        "re-read" => tr!(AuditByReRead).into(),
        "re-read failed" => tr!(AuditByReReadFailed).into(),
        "lookup" => tr!(AuditByLookup).into(),
        "not sent" => tr!(AuditByNotSent).into(),
        "interrupted" => tr!(AuditByInterrupted).into(),
        other => crate::sanitize::clean(other),
    }
}

/// An outcome's result as the audit file holds it (drs-tui's English words, or the words of
/// the language it ran in) in the language in force where it is one of drs-tui's fixed texts;
/// anything else (a service's message, a status code) as written.
fn result_label(result: &str) -> String {
    use crate::i18n::{Language, T};
    let en = |t: T| t.text(Language::EnUs);
    for t in [
        T::OutDeleted,
        T::OutAlreadyDeleted,
        T::OutAlreadyGoneLookup,
        T::OutUnknown,
        T::OutCancelled,
        T::OutFailed,
    ] {
        if result == en(t) {
            return t.get().into();
        }
    }
    for (done, t) in [(T::OutDeleted, "deleted"), (T::OutStopping, "stopping")] {
        if result == crate::i18n::fill(en(T::OutConfirmed), &[&t]) {
            return tr!(OutConfirmed, done.get());
        }
    }
    let inner = |prefix: &str| {
        result
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(')'))
            .map(str::to_owned)
    };
    if let Some(status) = inner("still present (") {
        return tr!(AuditStillPresent, status);
    }
    if let Some(why) = inner("could not tell: the re-read failed (") {
        return tr!(AuditCouldNotTellReRead, why);
    }
    if let Some(why) = result.strip_prefix("could not tell: ") {
        return tr!(AuditCouldNotTell, why);
    }
    result.to_owned()
}
