//! `drs-tui jobs list|show|delete|stop`: scriptable, one line per job, honest exit codes.
//! The writes (`delete`, `stop`) are in [`super::jobs_write`].

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::time::Duration;

use crate::api::ScopeSet;
use crate::api::{Job, JobType, ListFilter};
use crate::cli::{JobsCommand, ListFormat, ShowFormat};
use crate::ops::{WriteAction, Writer};
use crate::sanitize::clean;
use crate::tr;

pub mod scoped;
pub mod start;
mod table;
mod write;

pub use table::safe_json;
use write::{Asked, Target, write_jobs};

use crate::exit::{ExitCode, Fatal};

/// Runs one `jobs` subcommand, writing results to `out` and prompts to stderr.
pub async fn run(
    writer: &Writer,
    scopes: Option<&ScopeSet>,
    command: JobsCommand,
    grace: Duration,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    let target = Target { writer, scopes };
    match command {
        JobsCommand::List {
            job_type,
            status,
            name,
            output,
            no_headers,
        } => {
            let filter = ListFilter {
                status,
                name,
                ..Default::default()
            };
            list(&target, job_type, &filter, output, !no_headers, out).await
        }
        JobsCommand::Show { id, output } => show(&target, &id, output, out).await,
        JobsCommand::Delete {
            ids,
            yes,
            dry_run,
            output,
            ignore_not_found,
        } => {
            let ids = checked_ids(ids)?;
            if dry_run {
                return dry_run_delete(&target, &ids, out).await;
            }
            let asked = Asked {
                action: WriteAction::Delete,
                yes,
                format: output,
                ignore_not_found,
            };
            write_jobs(target, asked, ids, grace, out).await
        }
        JobsCommand::Stop {
            ids,
            force,
            yes,
            output,
        } => {
            let ids = checked_ids(ids)?;
            let asked = Asked {
                action: WriteAction::Stop { force },
                yes,
                format: output,
                ignore_not_found: false,
            };
            write_jobs(target, asked, ids, grace, out).await
        }
    }
}

/// `jobs list`: every job of the asked types (of every project with `--regions`), newest
/// first. Exit 1 when a project failed; an error when all did.
async fn list(
    target: &Target<'_>,
    job_type: Option<String>,
    filter: &ListFilter,
    output: ListFormat,
    headers: bool,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    let types = match job_type {
        Some(t) => vec![t.parse::<JobType>().map_err(Fatal::usage)?],
        None => JobType::ALL.to_vec(),
    };
    let (mut jobs, failed) = match target.scopes {
        Some(set) => scoped::list(set, &types, filter).await,
        None => (
            target
                .writer
                .client()
                .list_all(&types, filter, &|_| {})
                .await
                .map_err(|f| Fatal::from_failure(tr!(CliListFailed), &f))?,
            Vec::new(),
        ),
    };
    report_list_failures(target.scopes, &failed)?;
    jobs.sort_by(|a, b| b.create_time.cmp(&a.create_time));
    write_list(out, &jobs, output, headers, target.scopes.is_some())?;
    Ok(if failed.is_empty() {
        ExitCode::Ok
    } else {
        ExitCode::Failed
    })
}

/// Names each project whose listing failed on stderr; when every project failed there is
/// nothing to show, and the error names every project and why (exit 2 if any failure is one
/// of credentials or configuration, else 1).
fn report_list_failures(
    scopes: Option<&ScopeSet>,
    failed: &[scoped::ScopeFailure],
) -> Result<(), Fatal> {
    if !failed.is_empty() && failed.len() == scopes.map_or(1, |s| s.clients.len()) {
        return Err(all_failed(failed));
    }
    for f in failed {
        eprintln!(
            "drs-tui: {}",
            crate::tr!(
                ScopeListFailed,
                clean(&f.scope.label()),
                clean(&f.failure.to_string())
            )
        );
    }
    Ok(())
}

/// Every project's listing failed: one error naming each, with why (a hint shared by several,
/// such as the one for refused credentials, said once).
fn all_failed(failed: &[scoped::ScopeFailure]) -> Fatal {
    let each: Vec<Fatal> = failed
        .iter()
        .map(|f| {
            Fatal::from_failure(
                &tr!(ScopeListJobsFailed, clean(&f.scope.label())),
                &f.failure,
            )
        })
        .collect();
    let code = each
        .iter()
        .fold(crate::exit::ExitCode::Ok, |c, f| c.max_with(f.code));
    let mut lines: Vec<String> = Vec::new();
    if failed.len() > 1 {
        lines.push(tr!(CliEveryProjectFailed, failed.len()));
    }
    let indent = if failed.len() > 1 { "  " } else { "" };
    for line in each.iter().flat_map(|f| f.message.lines()) {
        let line = format!("{indent}{line}");
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    Fatal::new(code, lines.join("\n"))
}

/// The listed jobs in the asked format (`regional`: with each job's region and project).
fn write_list(
    out: &mut dyn Write,
    jobs: &[Job],
    output: ListFormat,
    headers: bool,
    regional: bool,
) -> Result<(), Fatal> {
    match output {
        ListFormat::Json if regional => {
            let list: Vec<serde_json::Value> = jobs.iter().map(scoped::job_json).collect();
            writeln!(out, "{}", safe_json(&serde_json::Value::Array(list)))?
        }
        ListFormat::Json => writeln!(
            out,
            "{}",
            safe_json(&serde_json::to_value(jobs).unwrap_or_default())
        )?,
        ListFormat::Table => table::write_table(out, jobs, headers, regional)?,
        ListFormat::Tsv => table::write_tsv(out, jobs, headers, regional)?,
    }
    Ok(())
}

/// `jobs show ID`: the job's detail (from the first project that has it, with `--regions`).
async fn show(
    target: &Target<'_>,
    id: &str,
    output: ShowFormat,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    check_id(id)?;
    let detail = match target.scopes {
        Some(set) => scoped::show(set, id).await,
        None => target.writer.client().show_job(id, None).await,
    };
    let detail = detail.map_err(|f| Fatal::from_failure(&tr!(CliShowFailed, clean(id)), &f))?;
    match output {
        ShowFormat::Json => writeln!(out, "{}", safe_json(&detail.value.job))?,
        ShowFormat::Table => {
            for (k, v) in flatten(&detail.value.job) {
                writeln!(out, "{k:<32} {}", clean(&v))?;
            }
        }
    }
    Ok(ExitCode::Ok)
}

/// `jobs delete --dry-run`: the exact request each delete would send (to the job's project
/// with `--regions`); nothing is sent.
async fn dry_run_delete(
    target: &Target<'_>,
    ids: &[String],
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    writeln!(out, "{}", tr!(CliDryRun))?;
    let client = target.writer.client();
    let found = match target.scopes {
        Some(set) => scoped::locate(set, ids).await.jobs,
        None => HashMap::new(),
    };
    for id in ids {
        let client = match (target.scopes, found.get(id)) {
            (Some(set), Some(j)) => scoped::client_of(set, j.scope, client),
            _ => client.clone(),
        };
        let d = client
            .describe_delete(id)
            .await
            .map_err(|e| Fatal::new(ExitCode::Usage, e.to_string()))?;
        write!(out, "{d}")?;
    }
    Ok(ExitCode::Ok)
}

/// The client's id check (see [`crate::api::client::check_job_id`]) as a usage error (exit 2),
/// before the lookup or the prompt.
fn check_id(id: &str) -> Result<(), Fatal> {
    crate::api::client::check_job_id(id).map_err(|f| Fatal::usage(tr!(CliIdHint, f.error)))
}

/// Every id checked (see [`check_id`]) and each job once, in the order first given: one
/// request per job, however often it was named.
fn checked_ids(ids: Vec<String>) -> Result<Vec<String>, Fatal> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        check_id(&id)?;
        if seen.insert(id.clone()) {
            out.push(id);
        }
    }
    Ok(out)
}

/// `key.path value` pairs of a JSON object, for the `show` table.
fn flatten(v: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        clean(k)
                    } else {
                        format!("{prefix}.{}", clean(k))
                    };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
                out.push((
                    prefix.to_string(),
                    a.iter().map(scalar).collect::<Vec<_>>().join(", "),
                ));
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            other => out.push((prefix.to_string(), scalar(other))),
        }
    }
    fn scalar(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }
    let mut out = Vec::new();
    walk("", v, &mut out);
    out
}
