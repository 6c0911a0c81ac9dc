//! `drs-tui jobs delete|stop`: each job looked up, confirmed, written through the audited
//! writer, and reported one line per job with an honest exit code.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::ScopeSet;
use crate::api::{ClientError, Job};
use crate::cli::ResultFormat;
use crate::ops::{OutcomeKind, WriteAction, WriteOutcome, Writer};
use crate::sanitize::clean;
use crate::shutdown::{Signal, Signals};
use crate::tr;

use super::table::safe_json;
use crate::exit::{ExitCode, Fatal};

/// Where writes go: the writer, and with `--regions` the projects to find each job in.
pub(super) struct Target<'a> {
    pub writer: &'a Writer,
    pub scopes: Option<&'a ScopeSet>,
}

/// What a write command asked for, besides the ids.
pub(super) struct Asked {
    pub action: WriteAction,
    /// `--yes`: no prompt.
    pub yes: bool,
    pub format: ResultFormat,
    /// `--ignore-not-found`: a job that does not exist is already gone, not a failure.
    pub ignore_not_found: bool,
}

/// The jobs a write will be sent for, as the lookup found them (a bare id where it did not),
/// and with `--regions` the ids found in no project (nothing can be sent for them): `gone`
/// when every project answered and not-found is to be ignored, else `missing` (a failure).
struct Located {
    jobs: Vec<Job>,
    missing: Vec<String>,
    gone: Vec<Job>,
}

/// Looks the jobs up (for the prompt and the audit trail), confirms, and runs the writes with
/// the writer's bounded concurrency. SIGTERM, SIGHUP and SIGINT cancel the ones not yet sent
/// and give the ones sent `grace` to be answered; after that (or a second signal) they are
/// recorded `interrupted`. Every job still gets its line, and the exit code names the signal.
pub(super) async fn write_jobs(
    target: Target<'_>,
    asked: Asked,
    ids: Vec<String>,
    grace: Duration,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    let action = asked.action;
    check_writable(target.writer, action)?;
    let writer = target
        .writer
        .clone()
        .ignoring_not_found(asked.ignore_not_found);
    let target = Target {
        writer: &writer,
        scopes: target.scopes,
    };
    let Located {
        jobs,
        missing,
        gone,
    } = locate(&target, &asked, ids).await?;
    if jobs.is_empty() && gone.is_empty() {
        return Ok(ExitCode::Failed);
    }
    if !jobs.is_empty() && !asked.yes && !confirm(&question(action, &jobs))? {
        eprintln!("drs-tui: {}", tr!(CliCancelled));
        return Ok(ExitCode::Cancelled);
    }
    let (mut outcomes, signalled) = send(&target, action, &jobs, grace).await;
    for job in &gone {
        outcomes.push(writer.record_gone(action, job).await);
    }
    let jobs = [jobs, gone].concat();
    let mut code = report_outcomes(out, action, &jobs, &outcomes, asked.format);
    if !missing.is_empty() {
        code = code.max_with(ExitCode::Failed);
    }
    if let Some(sig) = signalled {
        code = code.max_with(sig.exit_code());
    }
    Ok(code)
}

/// A read-only scope sends no write: refused before any request.
fn check_writable(writer: &Writer, action: WriteAction) -> Result<(), Fatal> {
    if writer.client().config().read_only {
        return Err(Fatal::usage(tr!(CliReadOnly, action.verb())));
    }
    Ok(())
}

/// The jobs named by `ids`, looked up (in every project with `--regions`). An error when the
/// lookup's login was refused: no write could be sent, so none is recorded as tried.
async fn locate(target: &Target<'_>, asked: &Asked, ids: Vec<String>) -> Result<Located, Fatal> {
    let writer = target.writer;
    let found = match target.scopes {
        Some(set) => super::scoped::locate(set, &ids).await,
        None => super::scoped::lookup(writer.client(), &ids).await,
    };
    if let Some(why) = writer.client().login_refused() {
        return Err(Fatal::usage(tr!(CliNotSent, asked.action.verb(), why)));
    }
    let known = |id: &String| {
        found.jobs.get(id).cloned().unwrap_or_else(|| Job {
            id: id.clone(),
            ..Job::default()
        })
    };
    // With several projects, a job found in none cannot be sent anywhere: refused here, or
    // already gone if every project answered and that is what was asked.
    let (ids, missing): (Vec<String>, Vec<String>) = match target.scopes {
        Some(_) => ids.into_iter().partition(|id| found.jobs.contains_key(id)),
        None => (ids, Vec::new()),
    };
    let jobs = ids.iter().map(known).collect();
    if asked.ignore_not_found && found.complete() {
        let gone = missing.iter().map(known).collect();
        return Ok(Located {
            jobs,
            missing: Vec::new(),
            gone,
        });
    }
    say_missing(&missing, &found);
    Ok(Located {
        jobs,
        missing,
        gone: Vec::new(),
    })
}

/// Says on stderr why nothing is sent for the ids found in no project: not found anywhere, or,
/// when a project's lookup failed, that it failed (the job may be there).
fn say_missing(missing: &[String], found: &super::scoped::Found) {
    if missing.is_empty() {
        return;
    }
    for f in &found.failed {
        eprintln!(
            "drs-tui: {}",
            tr!(
                CliJobLookupFailed,
                clean(&f.scope.label()),
                clean(&f.failure.to_string())
            )
        );
    }
    let failed: Vec<String> = found
        .failed
        .iter()
        .map(|f| clean(&f.scope.label()))
        .collect();
    for id in missing {
        let line = if failed.is_empty() {
            tr!(ScopeNotFound, clean(id))
        } else {
            tr!(CliNotFoundLookupFailed, clean(id), failed.join(", "))
        };
        eprintln!("drs-tui: {line}");
    }
}

/// The y/N question for `action` on `jobs`: each job with its name, status and region as
/// the lookup found them.
fn question(action: WriteAction, jobs: &[Job]) -> String {
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
    for j in jobs {
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
    question
}

/// Sends `action` for every job (each to its project's writer), with the signal watcher of
/// [`write_jobs`] running meanwhile: the outcomes in the jobs' order, and the signal if one came.
async fn send(
    target: &Target<'_>,
    action: WriteAction,
    jobs: &[Job],
    grace: Duration,
) -> (Vec<WriteOutcome>, Option<Signal>) {
    let writer = target.writer;
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
            Some(set) => super::scoped::writer_for(writer, set, j),
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
    let signal = signalled.lock().ok().and_then(|s| *s);
    (outcomes, signal)
}

/// Lost outcomes first: on stderr, whole, before anything that could fail on a closed
/// stdout; then one line per job. The exit code of both (a failed report is its own code).
fn report_outcomes(
    out: &mut dyn Write,
    action: WriteAction,
    jobs: &[Job],
    outcomes: &[WriteOutcome],
    format: ResultFormat,
) -> ExitCode {
    let mut code = ExitCode::Ok;
    for o in outcomes {
        if let Some(rec) = &o.unrecorded {
            eprintln!("{rec}");
            code = ExitCode::Unrecorded;
        }
    }
    let reported = match report(out, action, jobs, outcomes, format) {
        Ok(c) => c,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("drs-tui: {}", f.message);
            }
            f.code
        }
    };
    code.max_with(reported)
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
