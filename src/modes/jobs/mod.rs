//! `drs-tui jobs list|show|delete|stop`: scriptable, one line per job, honest exit codes.

pub mod scoped;
pub mod start;
mod table;

use std::io::{BufRead, IsTerminal, Write};

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::ScopeSet;
use crate::api::{ClientError, DrsClient, Job, JobType, ListFilter};
use crate::cli::{JobsCommand, ListFormat, ResultFormat, ShowFormat};
use crate::ops::{OutcomeKind, WriteAction, WriteOutcome, Writer};
use crate::sanitize::clean;
use crate::shutdown::{Signal, Signals};
use crate::tr;

use crate::exit::{ExitCode, Fatal};

/// Runs one `jobs` subcommand, writing results to `out` and prompts to stderr.
pub async fn run(
    writer: &Writer,
    scopes: Option<&ScopeSet>,
    command: JobsCommand,
    grace: Duration,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    let client = writer.client();
    match command {
        JobsCommand::List {
            job_type,
            status,
            name,
            output,
            no_headers,
        } => {
            let types = match job_type {
                Some(t) => vec![t.parse::<JobType>().map_err(Fatal::usage)?],
                None => JobType::ALL.to_vec(),
            };
            let filter = ListFilter {
                status,
                name,
                ..Default::default()
            };
            let (mut jobs, failed) = match scopes {
                Some(set) => scoped::list(set, &types, &filter).await,
                None => (
                    client
                        .list_all(&types, &filter, &|_| {})
                        .await
                        .map_err(|f| Fatal::from_failure(tr!(CliListFailed), &f))?,
                    Vec::new(),
                ),
            };
            // Every project failed: nothing to show, the first failure says why.
            if let Some(first) = failed.first()
                && failed.len() == scopes.map_or(1, |s| s.clients.len())
            {
                return Err(Fatal::from_failure(
                    &tr!(ScopeListJobsFailed, clean(&first.scope.label())),
                    &first.failure,
                ));
            }
            for f in &failed {
                eprintln!(
                    "drs-tui: {}",
                    crate::tr!(
                        ScopeListFailed,
                        clean(&f.scope.label()),
                        clean(&f.failure.to_string())
                    )
                );
            }
            jobs.sort_by(|a, b| b.create_time.cmp(&a.create_time));
            let regional = scopes.is_some();
            match output {
                ListFormat::Json if regional => {
                    let list: Vec<serde_json::Value> = jobs.iter().map(scoped::job_json).collect();
                    writeln!(out, "{}", safe_json(&serde_json::Value::Array(list)))?
                }
                ListFormat::Json => writeln!(
                    out,
                    "{}",
                    safe_json(&serde_json::to_value(&jobs).unwrap_or_default())
                )?,
                ListFormat::Table => table::write_table(out, &jobs, !no_headers, regional)?,
                ListFormat::Tsv => table::write_tsv(out, &jobs, !no_headers, regional)?,
            }
            Ok(if failed.is_empty() {
                ExitCode::Ok
            } else {
                ExitCode::Failed
            })
        }
        JobsCommand::Show { id, output } => {
            check_id(&id)?;
            let detail = match scopes {
                Some(set) => scoped::show(set, &id).await,
                None => client.show_job(&id, None).await,
            };
            let detail =
                detail.map_err(|f| Fatal::from_failure(&tr!(CliShowFailed, clean(&id)), &f))?;
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
        JobsCommand::Delete {
            ids,
            yes,
            dry_run,
            output,
        } => {
            let ids = checked_ids(ids)?;
            if dry_run {
                writeln!(out, "{}", tr!(CliDryRun))?;
                let found = match scopes {
                    Some(set) => scoped::locate(set, &ids).await,
                    None => HashMap::new(),
                };
                for id in &ids {
                    let client = match (scopes, found.get(id)) {
                        (Some(set), Some(j)) => scoped::client_of(set, j.scope, client),
                        _ => client.clone(),
                    };
                    let d = client
                        .describe_delete(id)
                        .await
                        .map_err(|e| Fatal::new(ExitCode::Usage, e.to_string()))?;
                    write!(out, "{d}")?;
                }
                return Ok(ExitCode::Ok);
            }
            let target = Target { writer, scopes };
            write_jobs(target, WriteAction::Delete, ids, yes, output, grace, out).await
        }
        JobsCommand::Stop {
            ids,
            force,
            yes,
            output,
        } => {
            let ids = checked_ids(ids)?;
            write_jobs(
                Target { writer, scopes },
                WriteAction::Stop { force },
                ids,
                yes,
                output,
                grace,
                out,
            )
            .await
        }
    }
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

/// Where writes go: the writer, and with `--regions` the projects to find each job in.
struct Target<'a> {
    writer: &'a Writer,
    scopes: Option<&'a ScopeSet>,
}

/// Looks the jobs up (for the prompt and the audit trail), confirms, and runs the writes with
/// the writer's bounded concurrency. SIGTERM, SIGHUP and SIGINT cancel the ones not yet sent
/// and give the ones sent `grace` to be answered; after that (or a second signal) they are
/// recorded `interrupted`. Every job still gets its line, and the exit code names the signal.
async fn write_jobs(
    target: Target<'_>,
    action: WriteAction,
    ids: Vec<String>,
    yes: bool,
    format: ResultFormat,
    grace: Duration,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    let writer = target.writer;
    if writer.client().config().read_only {
        return Err(Fatal::usage(tr!(CliReadOnly, action.verb())));
    }
    let known = match target.scopes {
        Some(set) => scoped::locate(set, &ids).await,
        None => lookup(writer.client(), &ids).await,
    };
    // The lookup's login was refused: no write could be sent, so none is recorded as tried.
    if let Some(why) = writer.client().login_refused() {
        return Err(Fatal::usage(tr!(CliNotSent, action.verb(), why)));
    }
    // With several projects, a job found in none cannot be sent anywhere: refused here.
    let mut missing = Vec::new();
    let ids: Vec<String> = match target.scopes {
        Some(_) => ids
            .into_iter()
            .filter(|id| {
                let here = known.contains_key(id);
                if !here {
                    missing.push(id.clone());
                }
                here
            })
            .collect(),
        None => ids,
    };
    for id in &missing {
        eprintln!("drs-tui: {}", crate::tr!(ScopeNotFound, clean(id)));
    }
    if ids.is_empty() {
        return Ok(ExitCode::Failed);
    }
    let jobs: Vec<Job> = ids
        .iter()
        .map(|id| {
            known.get(id).cloned().unwrap_or_else(|| Job {
                id: id.clone(),
                ..Job::default()
            })
        })
        .collect();
    if !yes {
        use crate::i18n::T;
        let (about, it, them) = match action {
            WriteAction::Delete => (T::CliAboutToDelete, T::CliDeleteIt, T::CliDeleteThem),
            WriteAction::Stop { force: true } => (
                T::CliAboutToForceStop,
                T::CliForceStopIt,
                T::CliForceStopThem,
            ),
            WriteAction::Stop { force: false } => (T::CliAboutToStop, T::CliStopIt, T::CliStopThem),
        };
        let mut question = format!("{}\n", about.fill(&[&jobs.len()]));
        for j in &jobs {
            if j.name.is_empty() && j.status.is_empty() {
                question.push_str(&format!("  {}  {}\n", clean(&j.id), tr!(CliNotInList)));
            } else {
                let region = j.scope.label();
                question.push_str(&format!(
                    "  {}  {}  {}{}\n",
                    clean(&j.id),
                    clean(&j.name),
                    clean(&j.status),
                    if region.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", clean(&region))
                    }
                ));
            }
        }
        question.push_str(if jobs.len() == 1 {
            it.get()
        } else {
            them.get()
        });
        if !confirm(&question)? {
            eprintln!("drs-tui: {}", tr!(CliCancelled));
            return Ok(ExitCode::Cancelled);
        }
    }
    let cancel = CancellationToken::new();
    let signalled: Arc<Mutex<Option<Signal>>> = Arc::default();
    let watcher = match Signals::install() {
        Ok(signals) => Some(tokio::spawn(watch_signals(
            signals,
            cancel.clone(),
            writer.clone(),
            grace,
            signalled.clone(),
        ))),
        Err(e) => {
            tracing::warn!(error = %e, "cannot install signal handlers");
            None
        }
    };
    let writers: Vec<Writer> = jobs
        .iter()
        .map(|j| match target.scopes {
            Some(set) => scoped::writer_for(writer, set, j),
            None => writer.clone(),
        })
        .collect();
    let outcomes: Vec<WriteOutcome> = futures::future::join_all(
        jobs.iter()
            .zip(&writers)
            .map(|(j, w)| w.run(action, j, false, &cancel)),
    )
    .await;
    if let Some(w) = watcher {
        w.abort();
    }
    // Lost outcomes first: on stderr, whole, before anything that could fail on a closed stdout.
    let mut code = ExitCode::Ok;
    for o in &outcomes {
        if let Some(rec) = &o.unrecorded {
            eprintln!("{rec}");
            code = ExitCode::Unrecorded;
        }
    }
    let reported = match report(out, action, &jobs, &outcomes, format) {
        Ok(c) => c,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("drs-tui: {}", f.message);
            }
            f.code
        }
    };
    code = code.max_with(reported);
    if !missing.is_empty() {
        code = code.max_with(ExitCode::Failed);
    }
    if let Some(sig) = signalled.lock().ok().and_then(|s| *s) {
        code = code.max_with(sig.exit_code());
    }
    Ok(code)
}

/// After the first signal: cancel what is not sent, wait `grace` (or a second signal), then
/// abandon what is still waiting for an answer.
async fn watch_signals(
    mut signals: Signals,
    cancel: CancellationToken,
    writer: Writer,
    grace: Duration,
    signalled: Arc<Mutex<Option<Signal>>>,
) {
    let sig = signals.recv().await;
    if let Ok(mut s) = signalled.lock() {
        *s = Some(sig);
    }
    eprintln!(
        "drs-tui: {}",
        tr!(CliSignalled, sig.name(), grace.as_secs(), sig.name())
    );
    cancel.cancel();
    tokio::select! {
        _ = tokio::time::sleep(grace) => {}
        _ = signals.recv() => {}
    }
    eprintln!("drs-tui: {}", tr!(CliStoppedWaiting));
    writer.abandon();
}

/// The listed jobs for these ids: by the `name` filter (10 ids per call) for a few ids, or the
/// whole list for many. Lookup failures only cost the prompt its names.
pub(super) async fn lookup(client: &DrsClient, ids: &[String]) -> HashMap<String, Job> {
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let filters: Vec<ListFilter> = if ids.len() <= 40 {
        ids.chunks(10)
            .map(|c| ListFilter {
                name: Some(c.join(",")),
                ..Default::default()
            })
            .collect()
    } else {
        vec![ListFilter::default()]
    };
    let mut found = HashMap::new();
    let results = futures::future::join_all(
        filters
            .iter()
            .map(|f| client.list_all(&JobType::ALL, f, &|_| {})),
    )
    .await;
    for r in results {
        match r {
            Ok(jobs) => {
                for j in jobs {
                    if wanted.contains(j.id.as_str()) {
                        found.insert(j.id.clone(), j);
                    }
                }
            }
            Err(f) => tracing::warn!(error = %f.error, "job lookup before a write failed"),
        }
    }
    found
}

fn report(
    out: &mut dyn Write,
    action: WriteAction,
    jobs: &[Job],
    outcomes: &[WriteOutcome],
    format: ResultFormat,
) -> Result<ExitCode, Fatal> {
    let mut failed = 0;
    for (job, o) in jobs.iter().zip(outcomes) {
        let id = clean(&job.id);
        if !o.succeeded() {
            failed += 1;
        }
        match format {
            ResultFormat::Text => match (&o.kind, &o.error) {
                (OutcomeKind::Succeeded, _) => {
                    writeln!(out, "{id} {} OK", o.http_status.unwrap_or(200))?
                }
                (OutcomeKind::Failed, Some(ClientError::Api(e))) => writeln!(
                    out,
                    "{id} {} {} {}",
                    e.http_status,
                    clean(&e.error_code),
                    clean(&e.error_msg)
                )?,
                _ => writeln!(out, "{id} {}", clean(&o.summary()))?,
            },
            ResultFormat::Json => {
                let api = o.error.as_ref().and_then(ClientError::api);
                writeln!(
                    out,
                    "{}",
                    safe_json(&serde_json::json!({
                        "id": job.id,
                        "name": job.name,
                        "action": action.verb(),
                        "ok": o.succeeded(),
                        // Scripts read this: English whatever the operator's language.
                        "outcome": crate::i18n::scoped(crate::i18n::Language::EnUs, || o.summary()),
                        "http_status": o.http_status,
                        "error_code": api.map(|a| a.error_code.clone()),
                        "error_msg": api.map(|a| a.error_msg.clone()),
                        "request_id": o.request_id,
                        "attempts": o.attempts,
                    }))
                )?;
            }
        }
        if let Some(ClientError::Api(e)) = &o.error
            && e.is_bad_credentials()
        {
            eprintln!("drs-tui: {}", tr!(CliCredentialsRejected));
        }
    }
    Ok(if failed == 0 {
        ExitCode::Ok
    } else {
        ExitCode::Failed
    })
}

/// Asks y/N on the terminal; refuses (an error) when stdin is not a terminal.
fn confirm(question: &str) -> Result<bool, Fatal> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Fatal::usage(tr!(CliNoTerminal)));
    }
    eprint!("{question} {} ", tr!(CliYesNo));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
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

/// JSON text in which every control, C1 and bidi-override character is `\u`-escaped, so that
/// server text in JSON output cannot drive a terminal. Still valid, equivalent JSON.
pub fn safe_json(v: &serde_json::Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
