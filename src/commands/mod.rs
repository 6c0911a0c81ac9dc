//! The binary's edge: parse the command line, merge settings once, set up logging, and run the
//! TUI, a `jobs` command or the demo service. Errors become a message and an exit code here.

pub mod config_cmd;
pub mod jobs;
mod jobs_table;
mod jobs_write;
pub mod scoped;
pub mod shell;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use crate::api::{Authenticator, ClientError, DrsClient, Failure};
use crate::audit::{self, AuditContext, AuditLog};
use crate::cli::{AuditFormat, Cli, Command, GlobalArgs, JobsCommand};
use crate::config::{self, ConfigError, Settings};
use crate::ops::Writer;
use crate::tr;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything succeeded.
    Ok = 0,
    /// At least one operation failed.
    Failed = 1,
    /// Bad usage, configuration or credentials.
    Usage = 2,
    /// The user declined the confirmation.
    Cancelled = 3,
    /// An outcome could not be written to the audit trail (it was printed on stderr as its
    /// JSON record instead).
    Unrecorded = 4,
    /// Ended by SIGHUP (128 + 1), after the grace period for writes in flight.
    HungUp = 129,
    /// Ended by SIGINT (128 + 2), after the grace period for writes in flight.
    Interrupted = 130,
    /// Ended by SIGTERM (128 + 15), after the grace period for writes in flight.
    Terminated = 143,
}

/// An error that ends the command with a message.
#[derive(Debug)]
pub struct Fatal {
    /// Exit code to use.
    pub code: ExitCode,
    /// What to tell the user.
    pub message: String,
}

impl Fatal {
    /// A fatal error with a code.
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Fatal {
            code,
            message: message.into(),
        }
    }

    /// Bad usage or configuration (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Fatal::new(ExitCode::Usage, message)
    }

    /// A failed call: credential and configuration problems exit 2, the rest 1.
    pub fn from_failure(context: &str, f: &Failure) -> Self {
        let code = match &f.error {
            ClientError::Api(e) if e.is_bad_credentials() || e.http_status == 401 => {
                ExitCode::Usage
            }
            ClientError::Auth(_) | ClientError::Invalid(_) => ExitCode::Usage,
            _ => ExitCode::Failed,
        };
        let mut message = format!("{context}: {}", f.error);
        if let ClientError::Api(e) = &f.error {
            if e.is_bad_credentials() {
                message.push('\n');
                message.push_str(tr!(CliRejectedHint));
            }
            if let Some(rid) = &e.request_id {
                message.push_str(&tr!(CliRequestId, rid));
            }
        }
        Fatal::new(code, message)
    }
}

impl From<std::io::Error> for Fatal {
    fn from(e: std::io::Error) -> Self {
        // A closed pipe (`| head`) is the reader's choice, not an error worth a message.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Fatal::new(ExitCode::Ok, "");
        }
        Fatal::new(ExitCode::Failed, tr!(CliOutputError, e))
    }
}

impl From<ConfigError> for Fatal {
    fn from(e: ConfigError) -> Self {
        Fatal::usage(e.0)
    }
}

/// The whole program; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse_args();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("drs-tui: {}", tr!(CliRuntime, e));
            return ExitCode::Failed as i32;
        }
    };
    let _log_guard = init_logging(cli.global.log_file.clone());
    // Before anything can print: the profile's language is added once the file is read.
    let env: HashMap<String, String> = std::env::vars().collect();
    crate::i18n::set_language(config::early_language(
        &cli.global.flag_values(),
        &env,
        None,
    ));
    match runtime.block_on(dispatch(cli)) {
        Ok(code) => code as i32,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("drs-tui: {}", f.message);
            }
            f.code as i32
        }
    }
}

async fn dispatch(cli: Cli) -> Result<ExitCode, Fatal> {
    let global = cli.global;
    match cli.command {
        Some(Command::DemoServer(args)) => crate::demo_cli::run_demo_server(args).await,
        Some(Command::Audit {
            since,
            output,
            unsettled,
            settle,
        }) => {
            if settle {
                settle_command(&global).await
            } else {
                audit_command(&global, since, output, unsettled)
            }
        }
        Some(Command::Config { command }) => config_cmd::run(&global, command),
        Some(Command::Completions { shell }) => shell::completions(shell),
        Some(Command::Man) => shell::man(),
        Some(Command::Regions) => regions_command(),
        Some(Command::Jobs { command }) => {
            let (settings, demo) = settings_for(&global).await?;
            report_unsettled(&global);
            let client = build_client(&settings)?;
            let audit = if command.writes() {
                Some(open_audit(&global)?)
            } else {
                None
            };
            let scopes = match &settings.regions {
                Some(spec) => {
                    Some(resolve_scopes(&client, spec, demo.as_ref().map(|d| d.base_url())).await?)
                }
                None => None,
            };
            let writer = Writer::new(
                client,
                audit,
                audit_context(&settings),
                settings.concurrency,
            );
            let mut stdout = std::io::stdout().lock();
            let grace = global.shutdown_grace.map_or(
                crate::shutdown::DEFAULT_GRACE,
                std::time::Duration::from_secs,
            );
            jobs::run(&writer, scopes.as_ref(), command, grace, &mut stdout).await
        }
        None => {
            let (settings, demo) = settings_for(&global).await?;
            crate::demo_cli::run_tui(&settings, &global, demo).await
        }
    }
}

/// The projects of `--regions`, found through IAM; `HUAWEICLOUD_SDK_REGION_DRS_<REGION>`
/// points a region elsewhere, and `demo_url` (the in-process demo service) points them all.
pub async fn resolve_scopes(
    client: &DrsClient,
    spec: &crate::api::RegionsSpec,
    demo_url: Option<String>,
) -> Result<crate::worker::ScopeSet, Fatal> {
    let getenv = |k: &str| match &demo_url {
        Some(url) => Some(url.clone()),
        None => std::env::var(k)
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()),
    };
    let set = config::scopes::resolve_scopes(client, spec, &getenv)
        .await
        .map_err(|e| Fatal::new(ExitCode::Usage, e))?;
    tracing::info!(scopes = set.clients.len(), label = %set.label, "projects to cover");
    Ok(set)
}

/// Settings for this run: the demo service's, or merged from flags, env and the config file.
/// The returned demo server (if any) must be kept alive for the run.
pub async fn settings_for(
    global: &GlobalArgs,
) -> Result<(Settings, Option<crate::demo::DemoServer>), Fatal> {
    if global.demo {
        let (settings, server) = crate::demo_cli::demo_settings(global).await?;
        return Ok((settings, Some(server)));
    }
    let env: HashMap<String, String> = std::env::vars().collect();
    let flags = global.flag_values();
    let (path, required) = match &flags.config {
        Some(p) => (Some(p.clone()), true),
        None => (config::default_config_path(), false),
    };
    let loaded = match &path {
        Some(p) => config::load_config_file(p, required)?,
        None => None,
    };
    crate::i18n::set_language(config::early_language(
        &flags,
        &env,
        loaded.as_ref().map(|(f, _)| f),
    ));
    let mut settings = config::resolve(
        &flags,
        &env,
        loaded
            .as_ref()
            .zip(path.as_deref())
            .map(|((f, _), p)| (p, f)),
    )?;
    if let Some((_, warnings)) = loaded {
        settings.warnings.extend(warnings);
    }
    crate::i18n::set_language(settings.language.unwrap_or(crate::api::Language::EnUs));
    for w in &settings.warnings {
        eprintln!("drs-tui: {w}");
    }
    let cache = config::projects::cache_path();
    // With --regions each project's id comes from IAM's project list instead.
    let lookup = if settings.regions.is_some() {
        Ok(None)
    } else {
        config::projects::find_project_id(&settings, cache.as_deref()).await
    };
    match lookup {
        Ok(None) => {}
        Ok(Some(config::projects::Found::Cached(id) | config::projects::Found::Asked(id))) => {
            settings.project_id = Some(id)
        }
        Err(crate::api::ProjectLookupError::Request(e)) => {
            return Err(Fatal::from_failure(
                &tr!(
                    CliLookupFailed,
                    settings.iam_endpoint,
                    settings.region.as_deref().unwrap_or("?")
                ),
                &Failure::unsent(e),
            ));
        }
        Err(e) => return Err(Fatal::usage(e.to_string())),
    }
    tracing::info!(
        profile = ?settings.profile,
        region = ?settings.region,
        endpoint = %settings.endpoint,
        credentials = %settings.credentials.describe(),
        origin = %settings.credentials_origin,
        "settings resolved"
    );
    Ok((settings, None))
}

/// The audit trail for this run; writes are refused when it cannot be opened.
pub fn open_audit(global: &GlobalArgs) -> Result<AuditLog, Fatal> {
    let path = global
        .audit_log
        .clone()
        .or_else(audit::default_path)
        .ok_or_else(|| Fatal::usage(tr!(CliNoAuditPath)))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let ours = config::state_dir().as_deref() == Some(dir);
        // AuditLog::open reports a directory it cannot create; this only makes it private.
        let _ = config::ensure_private_dir(dir, ours);
    }
    AuditLog::open(&path).map_err(|e| Fatal::usage(tr!(CliAuditUnwritable, path.display(), e)))
}

/// What every intent record says about where writes go.
pub fn audit_context(settings: &Settings) -> AuditContext {
    let mut endpoint = settings.endpoint.clone();
    let _ = endpoint.set_username("");
    let _ = endpoint.set_password(None);
    AuditContext {
        profile: settings.profile.clone(),
        region: settings.region.clone(),
        project_id: settings.project_id.clone(),
        endpoint: endpoint.to_string(),
    }
}

/// The audit file's path (which may not exist yet).
fn audit_path(global: &GlobalArgs) -> Result<PathBuf, Fatal> {
    global
        .audit_log
        .clone()
        .or_else(audit::default_path)
        .ok_or_else(|| Fatal::usage(tr!(CliNoAuditPath)))
}

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
fn report_unsettled(global: &GlobalArgs) {
    let Ok(path) = audit_path(global) else {
        return;
    };
    if let Some((u, d)) = unsettled_at_start(&path)
        && let Some(notice) = unsettled_notice(u, d)
    {
        eprintln!("drs-tui: {notice}");
    }
}

/// `drs-tui audit --settle`: re-reads every unsettled write's job at the endpoint and project
/// its intent names, and appends the outcome. Exit 0 when none is left unsettled, 1 when some
/// could not be told, 4 when an outcome could not be recorded.
async fn settle_command(global: &GlobalArgs) -> Result<ExitCode, Fatal> {
    let path = audit_path(global)?;
    if !path.exists() {
        eprintln!("drs-tui: {}", tr!(CliNoAuditRecords, path.display()));
        return Ok(ExitCode::Ok);
    }
    let read = audit::read_all(&path).map_err(Fatal::usage)?;
    for w in read.warnings(&path) {
        eprintln!("drs-tui: {w}");
    }
    let (open, in_flight) = audit::unsettled_of_dead_runs(&path, audit::unsettled(&read.records));
    if in_flight > 0 {
        eprintln!("drs-tui: {}", tr!(CliSettleInFlight, in_flight));
    }
    if open.is_empty() {
        eprintln!("drs-tui: {}", tr!(CliNothingToSettle));
        return Ok(ExitCode::Ok);
    }
    let (settings, _demo) = settings_for(global).await?;
    let log = open_audit(global)?;
    let mut clients: HashMap<(String, Option<String>), Result<DrsClient, String>> = HashMap::new();
    let mut code = ExitCode::Ok;
    let mut out = std::io::stdout().lock();
    let clean = crate::sanitize::clean;
    for intent in &open {
        let ctx = intent.context.clone().unwrap_or_default();
        if ctx.profile.is_some() && settings.profile.is_some() && ctx.profile != settings.profile {
            writeln!(
                out,
                "{}",
                tr!(
                    CliSettleOtherProfile,
                    clean(&intent.job_id),
                    clean(&intent.action),
                    clean(ctx.profile.as_deref().unwrap_or("")),
                    clean(ctx.profile.as_deref().unwrap_or(""))
                )
            )?;
            code = code.max_with(ExitCode::Failed);
            continue;
        }
        let key = (ctx.endpoint.clone(), ctx.project_id.clone());
        let client = clients.entry(key).or_insert_with(|| {
            let mut s = settings.clone();
            if !ctx.endpoint.is_empty() {
                s.endpoint = url::Url::parse(&ctx.endpoint)
                    .map_err(|e| format!("recorded endpoint {:?}: {e}", ctx.endpoint))?;
            }
            if ctx.project_id.is_some() {
                s.project_id = ctx.project_id.clone();
            }
            build_client(&s).map_err(|f| f.message)
        });
        let outcome = match client {
            Ok(c) => crate::ops::settle_intent(c, intent).await,
            Err(why) => crate::audit::AuditRecord {
                result: Some(format!("could not tell: {why}")),
                settled_by: Some("re-read failed".into()),
                ..audit::AuditRecord::new(
                    "outcome",
                    &intent.op_id,
                    &intent.action,
                    &crate::api::Job {
                        id: intent.job_id.clone(),
                        name: intent.name.clone(),
                        ..Default::default()
                    },
                )
            },
        };
        let settled = outcome.settled_by.as_deref() == Some("re-read");
        writeln!(
            out,
            "{} {} {}",
            clean(&intent.job_id),
            clean(&intent.action),
            clean(outcome.result.as_deref().unwrap_or(""))
        )?;
        let json = serde_json::to_string(&outcome).unwrap_or_default();
        if let Err(e) = log.append_async(outcome).await {
            eprintln!("{json}");
            eprintln!("drs-tui: {}", tr!(CliOutcomeUnrecorded, path.display(), e));
            code = ExitCode::Unrecorded;
        } else if !settled {
            code = code.max_with(ExitCode::Failed);
        }
    }
    Ok(code)
}

impl ExitCode {
    /// The more important of two codes (an unrecorded outcome above all, then a signal, then
    /// a failure).
    pub fn max_with(self, other: ExitCode) -> ExitCode {
        fn rank(c: ExitCode) -> u8 {
            match c {
                ExitCode::Ok => 0,
                ExitCode::Cancelled => 1,
                ExitCode::Failed => 2,
                ExitCode::Usage => 3,
                ExitCode::HungUp | ExitCode::Interrupted | ExitCode::Terminated => 4,
                ExitCode::Unrecorded => 5,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

fn audit_command(
    global: &GlobalArgs,
    since: Option<String>,
    output: AuditFormat,
    only_unsettled: bool,
) -> Result<ExitCode, Fatal> {
    let path = audit_path(global)?;
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
    // Where each write went (outcome records carry no context: their intent's says it).
    let places: HashMap<String, String> = read
        .records
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
        .collect();
    let all = if only_unsettled {
        let (dead, in_flight) =
            audit::unsettled_of_dead_runs(&path, audit::unsettled(&read.records));
        if in_flight > 0 {
            eprintln!("drs-tui: {}", tr!(CliAuditInFlight, in_flight));
        }
        dead
    } else {
        read.records
    };
    let records: Vec<_> = all
        .into_iter()
        .filter(|r| {
            since.is_none_or(|s| {
                time::OffsetDateTime::parse(&r.time, &time::format_description::well_known::Rfc3339)
                    .is_ok_and(|t| t >= s)
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    for r in &records {
        match output {
            AuditFormat::Json => writeln!(
                out,
                "{}",
                jobs::safe_json(&serde_json::to_value(r).unwrap_or_default())
            )?,
            AuditFormat::Table => {
                let clean = crate::sanitize::clean;
                let what = match r.record.as_str() {
                    "intent" if only_unsettled => {
                        tr!(CliAuditUnsettled, clean(&r.op_id), clean(&r.status))
                    }
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
                writeln!(
                    out,
                    "{}  {:<10} {}  {}  {}{place}",
                    clean(&r.time),
                    clean(&r.action),
                    clean(&r.job_id),
                    clean(&r.name),
                    what
                )?;
            }
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

/// `drs-tui regions`: every region in the table, with the endpoints it maps to.
fn regions_command() -> Result<ExitCode, Fatal> {
    use crate::api::endpoint;
    use unicode_width::UnicodeWidthStr;
    let header = tr!(CliColRegion);
    let width = endpoint::DRS_REGIONS
        .iter()
        .map(|r| r.len())
        .chain([header.width()])
        .max()
        .unwrap_or(6);
    let drs_width = endpoint::DRS_REGIONS
        .iter()
        .map(|r| endpoint::drs_endpoint(r).len())
        .max()
        .unwrap_or(3);
    let mut regions = endpoint::DRS_REGIONS.to_vec();
    regions.sort_unstable();
    let mut out = std::io::stdout().lock();
    // `{:<w$}` pads by chars, not columns: a Chinese header is padded by its display width.
    let pad = " ".repeat(width - header.width());
    writeln!(out, "{header}{pad}  {:<drs_width$}  IAM", "DRS")?;
    for r in regions {
        writeln!(
            out,
            "{r:<width$}  {:<drs_width$}  {}",
            endpoint::drs_endpoint(r),
            endpoint::iam_endpoint(r)
        )?;
    }
    Ok(ExitCode::Ok)
}

/// A client for the settings.
pub fn build_client(settings: &Settings) -> Result<DrsClient, Fatal> {
    build_client_with_events(settings, None)
}

/// A client for the settings that reports throttling on `events`.
pub fn build_client_with_events(
    settings: &Settings,
    events: Option<tokio::sync::mpsc::UnboundedSender<crate::api::ClientEvent>>,
) -> Result<DrsClient, Fatal> {
    let auth = Authenticator::new(
        settings.credentials.clone(),
        settings.iam_endpoint.clone(),
        settings.project_scope(),
    );
    DrsClient::new(settings.client_config(), auth, events).map_err(|e| Fatal::usage(e.to_string()))
}

/// Logs go to a file only (never the screen): `--log-file`, or the state dir; rotated daily at
/// start-up, the last week kept (see [`crate::logfile`]).
fn init_logging(path: Option<PathBuf>) -> Option<()> {
    let state_dir = config::state_dir();
    let path = path.or_else(|| state_dir.as_ref().map(|d| d.join("drs-tui.log")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Our own state dir is made private even if it exists; a directory the user chose
        // is only created (0700) when missing.
        let ours = state_dir.as_deref() == Some(dir);
        let _ = config::ensure_private_dir(dir, ours);
    }
    crate::logfile::rotate(&path, crate::logfile::today());
    let file = config::open_private_append(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("DRS_TUI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("drs_tui=info,warn"));
    let writer = std::sync::Mutex::new(file);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(())
}

/// Writes a line to stdout, ignoring a closed pipe.
pub fn println_safe(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

impl JobsCommand {
    /// Whether this command sends write requests (and so needs the audit trail).
    pub fn writes(&self) -> bool {
        matches!(
            self,
            JobsCommand::Delete { dry_run: false, .. } | JobsCommand::Stop { .. }
        )
    }
}
