//! `drs-tui jobs list|show|delete|stop`: scriptable, one line per job, honest exit codes.

use std::io::{BufRead, IsTerminal, Write};

use futures::StreamExt;
use unicode_width::UnicodeWidthStr;

use crate::api::{DrsClient, Failure, Job, JobType, ListFilter};
use crate::cli::{JobsCommand, ListFormat, ResultFormat};
use crate::sanitize::clean;

use super::{ExitCode, Fatal};

/// Runs one `jobs` subcommand, writing results to `out` and prompts to stderr.
pub async fn run(
    client: &DrsClient,
    command: JobsCommand,
    concurrency: usize,
    out: &mut dyn Write,
) -> Result<ExitCode, Fatal> {
    match command {
        JobsCommand::List {
            job_type,
            status,
            name,
            output,
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
            let mut jobs = client
                .list_all(&types, &filter, &|_| {})
                .await
                .map_err(|f| Fatal::from_failure("listing jobs failed", &f))?;
            jobs.sort_by(|a, b| b.create_time.cmp(&a.create_time));
            match output {
                ListFormat::Json => writeln!(
                    out,
                    "{}",
                    safe_json(&serde_json::to_value(&jobs).unwrap_or_default())
                )?,
                ListFormat::Table => write_table(out, &jobs)?,
            }
            Ok(ExitCode::Ok)
        }
        JobsCommand::Show { id, output } => {
            let detail = client.show_job(&id, None).await.map_err(|f| {
                Fatal::from_failure(&format!("showing job {} failed", clean(&id)), &f)
            })?;
            match output {
                ListFormat::Json => writeln!(out, "{}", safe_json(&detail.value.job))?,
                ListFormat::Table => {
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
            if dry_run {
                writeln!(
                    out,
                    "# dry run: nothing is sent. Requests that would be sent:"
                )?;
                for id in &ids {
                    let d = client
                        .describe_delete(id)
                        .await
                        .map_err(|e| Fatal::new(ExitCode::Usage, e.to_string()))?;
                    write!(out, "{d}")?;
                }
                return Ok(ExitCode::Ok);
            }
            if !yes
                && !confirm(&format!(
                    "Delete {} job(s): {}?",
                    ids.len(),
                    ids.iter().map(|i| clean(i)).collect::<Vec<_>>().join(", ")
                ))?
            {
                return Ok(ExitCode::Cancelled);
            }
            let results = for_each_bounded(ids, concurrency, |id| {
                let c = client.clone();
                async move {
                    let r = c.delete_job(&id).await.map(|a| (a.status, a.request_id));
                    (id, r)
                }
            })
            .await;
            report(out, "DELETE", results, output)
        }
        JobsCommand::Stop {
            ids,
            force,
            yes,
            output,
        } => {
            let what = if force { "Force-stop" } else { "Stop" };
            if !yes
                && !confirm(&format!(
                    "{what} {} job(s): {}?",
                    ids.len(),
                    ids.iter().map(|i| clean(i)).collect::<Vec<_>>().join(", ")
                ))?
            {
                return Ok(ExitCode::Cancelled);
            }
            let results = for_each_bounded(ids, concurrency, |id| {
                let c = client.clone();
                async move {
                    let r = c
                        .stop_job(&id, force)
                        .await
                        .map(|a| (a.status, a.request_id));
                    (id, r)
                }
            })
            .await;
            report(out, "STOP", results, output)
        }
    }
}

type WriteResult = (String, Result<(u16, Option<String>), Failure>);

/// Runs `f` over `ids` with at most `limit` in flight; results keep the input order.
async fn for_each_bounded<F, Fut>(ids: Vec<String>, limit: usize, f: F) -> Vec<WriteResult>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = WriteResult>,
{
    futures::stream::iter(ids.into_iter().map(f))
        .buffered(limit.max(1))
        .collect()
        .await
}

fn report(
    out: &mut dyn Write,
    action: &str,
    results: Vec<WriteResult>,
    format: ResultFormat,
) -> Result<ExitCode, Fatal> {
    let mut failed = 0;
    for (id, r) in &results {
        let id = clean(id);
        match (r, format) {
            (Ok((status, _)), ResultFormat::Text) => writeln!(out, "{id} {status} OK")?,
            (Ok((status, rid)), ResultFormat::Json) => writeln!(
                out,
                "{}",
                safe_json(
                    &serde_json::json!({"id": id, "action": action, "ok": true, "http_status": status, "request_id": rid})
                )
            )?,
            (Err(f), fmt) => {
                failed += 1;
                let (status, code, msg, rid) = match &f.error {
                    crate::api::ClientError::Api(e) => (
                        e.http_status.to_string(),
                        e.error_code.clone(),
                        e.error_msg.clone(),
                        e.request_id.clone(),
                    ),
                    other => ("-".to_string(), "-".to_string(), other.to_string(), None),
                };
                if fmt == ResultFormat::Text {
                    writeln!(out, "{id} {status} {code} {}", clean(&msg))?;
                } else {
                    writeln!(
                        out,
                        "{}",
                        safe_json(&serde_json::json!({"id": id, "action": action, "ok": false,
                            "http_status": f.error.http_status(), "error_code": code, "error_msg": clean(&msg),
                            "request_id": rid, "attempts": f.attempts, "ambiguous": f.ambiguous}))
                    )?;
                }
                if let crate::api::ClientError::Api(e) = &f.error
                    && e.is_bad_credentials()
                {
                    eprintln!(
                        "drs-tui: the service rejected the credentials (APIGW.0301); check the AK/SK or token. Not retried: the service locks an AK after 5 failures."
                    );
                }
            }
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
        return Err(Fatal::usage(
            "refusing to change jobs without confirmation: stdin is not a terminal; pass --yes to confirm in scripts"
                .to_string(),
        ));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

fn write_table(out: &mut dyn Write, jobs: &[Job]) -> std::io::Result<()> {
    let headers = ["ID", "NAME", "STATUS", "TYPE", "ENGINE", "CREATED"];
    let rows: Vec<[String; 6]> = jobs
        .iter()
        .map(|j| {
            [
                clean(&j.id),
                truncate(&clean(&j.name), 48),
                clean(&j.status),
                clean(&j.job_type),
                clean(&j.engine_type),
                clean(&j.create_time),
            ]
        })
        .collect();
    let mut widths = headers.map(UnicodeWidthStr::width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: [&str; 6]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        s
    };
    writeln!(out, "{}", line(headers))?;
    for r in &rows {
        writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]))?;
    }
    writeln!(out, "{} job(s)", jobs.len())
}

fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
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
