//! The command line: global flags (shared by the TUI and the `jobs` commands, accepted before or
//! after a subcommand) and the subcommands.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Arg, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

use crate::config::FlagValues;
use crate::config::defaults::{
    MAX_DEMO_JOBS, MAX_DEMO_LATENCY_MS, MAX_PAGE_SIZE, MAX_SHUTDOWN_GRACE_SECS,
    MAX_UNDO_GRACE_SECS, parse_at_most,
};
use crate::i18n::{Language, clap_zh};

/// drs-tui: browse, inspect, stop and safely delete Huawei Cloud DRS jobs.
#[derive(Debug, Parser)]
#[command(
    name = "drs-tui",
    version = env!("DRS_TUI_VERSION"),
    about = "A terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) jobs",
    long_about = "A terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) v5 jobs.\n\nWith no subcommand it opens the TUI. Try it with no account at all: drs-tui --demo",
    after_help = "Credentials, in order: flags; environment (HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK [+ HUAWEICLOUD_SDK_SECURITY_TOKEN], DRS_TUI_TOKEN, or DRS_TUI_IAM_USER + DRS_TUI_IAM_PASSWORD + DRS_TUI_IAM_DOMAIN); the profile in the config file; the SDK's ~/.huaweicloud/credentials (or HUAWEICLOUD_SDK_CREDENTIALS_FILE).\nOther environment: DRS_TUI_PROFILE, DRS_TUI_REGION, DRS_TUI_REGIONS, DRS_TUI_ENDPOINT, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION_DRS_<REGION>, HUAWEICLOUD_SDK_IAM_ENDPOINT, DRS_TUI_LANGUAGE, DRS_TUI_READ_ONLY, DRS_TUI_ALLOW_INSECURE_HTTP, SSL_CERT_FILE, NO_COLOR. Booleans accept only true/false, 1/0, yes/no, on/off (any case).\nProxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY apply, except to this machine (localhost, 127.0.0.0/8, ::1), which is always reached directly.\nWith AK/SK and --region but no project id, the project is asked from IAM once and cached.\nExit codes: 0 success; 1 an operation failed; 2 bad usage, configuration or credentials; 3 cancelled; 4 an outcome could not be written to the audit trail (its JSON record is on stderr); 129, 130, 143 ended by SIGHUP, SIGINT, SIGTERM (writes already sent were given --shutdown-grace to be answered, and every outcome was recorded)."
)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do; the TUI when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options shared by every mode. Each subcommand's help lists them under their own heading,
/// after its own options, and only those it uses (see [`command`]).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Run against a built-in simulated DRS service (no account or network needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Config file [default: <config dir>/drs-tui/config.toml].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile from the config file [env: DRS_TUI_PROFILE].
    #[arg(long, global = true, value_name = "NAME", add = ArgValueCompleter::new(crate::completions::profile))]
    pub profile: Option<String>,
    /// Region, e.g. cn-north-4 [env: DRS_TUI_REGION].
    #[arg(long, global = true, add = ArgValueCompleter::new(crate::completions::region))]
    pub region: Option<String>,
    /// Several projects at once: `all` (every project IAM lists whose name is a region or
    /// <region>_<suffix>) or a list, e.g. cn-north-4,cn-east-3 [env: DRS_TUI_REGIONS].
    #[arg(long, global = true, value_name = "all|REGION,...", add = ArgValueCompleter::new(crate::completions::regions))]
    pub regions: Option<String>,
    /// Project id [env: HUAWEICLOUD_SDK_PROJECT_ID]; with AK/SK, found through IAM when omitted.
    #[arg(long, global = true, value_name = "ID")]
    pub project_id: Option<String>,
    /// DRS endpoint URL, overriding the region's [env: DRS_TUI_ENDPOINT].
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// IAM endpoint URL for password login and the project lookup [env: HUAWEICLOUD_SDK_IAM_ENDPOINT].
    #[arg(long, global = true, value_name = "URL")]
    pub iam_endpoint: Option<String>,
    /// Language of drs-tui's text and of the service's messages: en-us or zh-cn
    /// [env: DRS_TUI_LANGUAGE; profile: language; else LC_ALL/LC_MESSAGES/LANG starting with zh].
    #[arg(long, global = true, value_name = "LANG", add = ArgValueCandidates::new(crate::completions::languages))]
    pub language: Option<String>,
    /// Refuse every write (delete, stop) [env: DRS_TUI_READ_ONLY=true|false|1|0|yes|no|on|off]. Read-only only adds up: the flag, the variable or the profile's read_only = true each turn it on, and DRS_TUI_READ_ONLY=false does not turn a profile's read_only = true off.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Allow plain http:// to hosts other than loopback [env: DRS_TUI_ALLOW_INSECURE_HTTP].
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Also trust the CAs in this PEM file (e.g. a company's TLS-inspecting proxy); the system's
    /// and the bundled roots stay trusted [profile: ca_bundle; SSL_CERT_FILE adds one too].
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_bundle: Option<PathBuf>,
    /// Log file [default: <state dir>/drs-tui/drs-tui.log], rotated daily (a week kept); logs
    /// never go to the screen.
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Audit trail of every write [default: <state dir>/drs-tui/audit.jsonl].
    #[arg(long, global = true, value_name = "PATH")]
    pub audit_log: Option<PathBuf>,
    /// Access key (prefer HUAWEICLOUD_SDK_AK: flags are visible to other local users).
    #[arg(long, global = true, hide = true)]
    pub ak: Option<String>,
    /// Secret key (prefer HUAWEICLOUD_SDK_SK: flags are visible to other local users).
    #[arg(long, global = true, hide = true)]
    pub sk: Option<String>,
    /// Security token for temporary AK/SK.
    #[arg(long, global = true, hide = true)]
    pub security_token: Option<String>,
    /// A ready IAM token (prefer DRS_TUI_TOKEN).
    #[arg(long, global = true, hide = true)]
    pub token: Option<String>,
    /// IAM user for password login.
    #[arg(long, global = true, value_name = "USER")]
    pub iam_user: Option<String>,
    /// IAM account (domain) for password login.
    #[arg(long, global = true, value_name = "DOMAIN")]
    pub iam_domain: Option<String>,
    /// List page size, at most 1000 [default: 1000].
    #[arg(long, global = true, value_name = "N", value_parser = |s: &str| parse_at_most(s, MAX_PAGE_SIZE))]
    pub page_size: Option<u32>,
    /// Concurrent write requests, 1 to 64 [default: 4].
    #[arg(long, global = true, value_name = "N", value_parser = parse_concurrency)]
    pub concurrency: Option<usize>,
    /// TUI: seconds a confirmed delete waits before it is sent (u cancels it meanwhile);
    /// 0 sends at once; at most 600 [default: 3].
    #[arg(long, global = true, value_name = "SECS", value_parser = |s: &str| parse_at_most(s, MAX_UNDO_GRACE_SECS))]
    pub undo_grace: Option<u64>,
    /// After SIGTERM/SIGHUP/SIGINT (or quitting the TUI), seconds that writes already sent may
    /// take to be answered before they are recorded `interrupted`; at most 3600 [default: 10].
    #[arg(long, global = true, value_name = "SECS", value_parser = |s: &str| parse_at_most(s, MAX_SHUTDOWN_GRACE_SECS))]
    pub shutdown_grace: Option<u64>,
    /// Draw plain ASCII borders and symbols.
    #[arg(long, global = true)]
    pub ascii: bool,
}

/// `--concurrency`: 1 to 64. More would only trip the service's rate limit (and 0 would hang).
fn parse_concurrency(s: &str) -> Result<usize, String> {
    crate::config::check_concurrency(
        s.trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number"))?,
    )
}

impl GlobalArgs {
    /// The flag values for settings resolution. The IAM password is never a flag.
    pub fn flag_values(&self) -> FlagValues {
        FlagValues {
            config: self.config.clone(),
            profile: self.profile.clone(),
            region: self.region.clone(),
            regions: self.regions.clone(),
            project_id: self.project_id.clone(),
            endpoint: self.endpoint.clone(),
            iam_endpoint: self.iam_endpoint.clone(),
            language: self.language.clone(),
            read_only: self.read_only,
            allow_insecure_http: self.allow_insecure_http,
            ak: self.ak.clone(),
            sk: self.sk.clone(),
            security_token: self.security_token.clone(),
            token: self.token.clone(),
            iam_user: self.iam_user.clone(),
            iam_password: None,
            iam_domain: self.iam_domain.clone(),
            page_size: self.page_size,
            concurrency: self.concurrency,
            undo_grace_secs: self.undo_grace,
            ca_bundle: self.ca_bundle.clone(),
        }
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scriptable job commands.
    Jobs {
        /// What to do with jobs.
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Run the simulated DRS service for trying drs-tui and for tests.
    #[command(after_help = crate::demo::FAULTS_HELP)]
    DemoServer(DemoServerArgs),
    /// List every known region with its DRS and IAM endpoints.
    Regions {
        /// Output format.
        #[arg(short, long, value_enum, default_value = "table")]
        output: AuditFormat,
    },
    /// Show the audit trail of writes (deletes and stops).
    Audit {
        /// Only records since this time: RFC 3339, a date (2026-11-29) or a duration ago (30m, 2h, 7d).
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "table")]
        output: AuditFormat,
        /// Only writes with no outcome (sent by a run that crashed or was killed).
        #[arg(long, conflicts_with = "settle")]
        unsettled: bool,
        /// Re-read the job of every unsettled write (at the endpoint and project its intent
        /// names) and record the outcome: deleted (confirmed by re-read), still present, or
        /// why it could not tell.
        #[arg(long)]
        settle: bool,
    },
    /// Write, show and list the configuration.
    Config {
        /// What to do with the configuration.
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script to stdout.
    #[command(
        after_help = "Install, e.g.:\n  bash: drs-tui completions bash > ~/.local/share/bash-completion/completions/drs-tui\n        (or in ~/.bashrc: source <(drs-tui completions bash))\n  zsh:  drs-tui completions zsh > ~/.zfunc/_drs-tui   (with fpath+=~/.zfunc before compinit)\n  fish: drs-tui completions fish > ~/.config/fish/completions/drs-tui.fish\n  PowerShell: drs-tui completions powershell | Out-String | Invoke-Expression\nThe script has the shell ask drs-tui itself at each Tab (COMPLETE=<shell> drs-tui -- ...): write it again after an upgrade."
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout, e.g. drs-tui man > ~/.local/share/man/man1/drs-tui.1
    Man,
}

/// `drs-tui config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write the commented example config to the config path (--config, or the default);
    /// never overwrites, and the file is private (0600).
    Init,
    /// Print every setting in force for the chosen profile, and where each came from
    /// (flag, env, profile, SDK file, default); secrets are shown as [REDACTED].
    Show,
    /// List the profiles in the config file (the default one marked).
    Profiles,
}

/// Output formats for `jobs list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns, times as in the TUI, and a count line.
    Table,
    /// Tab-separated values, one job per line, times as in the table; for shell pipelines.
    Tsv,
    /// One JSON array of job objects, as the service sent them.
    Json,
}

/// Output formats for `jobs show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// One `key.path value` line per field.
    Table,
    /// One JSON object: the job's detail as the service sent it.
    Json,
}

/// Output formats for `audit` and `regions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// One line per record (region).
    Table,
    /// `audit`: JSON Lines, one object per record; `regions`: one JSON array.
    Json,
}

/// Output formats for write results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// One line per job.
    Text,
    /// JSON Lines: one JSON object per job, one per line.
    Json,
}

/// `drs-tui jobs …`
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List jobs (all job types unless --job-type).
    List {
        /// migration, sync, cloudDataGuard or replay [default: all].
        #[arg(long, value_name = "T")]
        job_type: Option<String>,
        /// Only jobs with this status, e.g. RELEASE_RESOURCE_COMPLETE.
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Job name or id (up to 10 ids, comma-separated).
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "table")]
        output: ListFormat,
        /// Leave out the header line (table, tsv) and the count line (table).
        #[arg(long)]
        no_headers: bool,
    },
    /// Show one job's detail.
    Show {
        /// Job id.
        id: String,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "table")]
        output: ShowFormat,
    },
    /// Delete jobs (they must be stopped). Asks y/N unless --yes.
    Delete {
        /// Job ids.
        #[arg(required = true)]
        ids: Vec<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Print the exact requests that would be sent; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// A job that does not exist is not an error: exit 0, recorded as already gone (as
        /// kubectl delete --ignore-not-found).
        #[arg(long)]
        ignore_not_found: bool,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "text")]
        output: ResultFormat,
    },
    /// Stop jobs. Asks y/N unless --yes.
    Stop {
        /// Job ids.
        #[arg(required = true)]
        ids: Vec<String>,
        /// Force-stop.
        #[arg(long)]
        force: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Output format.
        #[arg(short, long, value_enum, default_value = "text")]
        output: ResultFormat,
    },
}

/// `drs-tui demo-server …`
#[derive(Debug, Clone, Args)]
pub struct DemoServerArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Number of seeded jobs, at most 1000000.
    #[arg(long, default_value_t = 60, value_parser = |s: &str| parse_at_most(s, MAX_DEMO_JOBS))]
    pub jobs: usize,
    /// Seed for the generated jobs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Added latency per request, in milliseconds, at most 60000.
    #[arg(long, default_value_t = 0, value_parser = |s: &str| parse_at_most(s, MAX_DEMO_LATENCY_MS))]
    pub latency_ms: u64,
    /// Fault injection rules (see below).
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
    /// Serve several regions, each its own project with its own jobs, and list them (plus a
    /// non-regional MOS project) at IAM, e.g. cn-north-4,cn-east-3,ap-southeast-1. Issued
    /// tokens work only on their project (403 APIGW.0302 elsewhere).
    #[arg(long, value_name = "REGION,...", value_delimiter = ',')]
    pub projects: Vec<String>,
}

/// Global options that only the TUI reads.
const TUI_ONLY: &[&str] = &["undo_grace", "ascii"];

/// Which global options a subcommand (by its path of names) uses; the others are hidden from
/// its help, its completions and its man page. Commands that talk to the service use every
/// connection option (so new ones show up without a change here); the rest use a few.
fn uses_global(path: &[&str], id: &str) -> bool {
    match path {
        ["demo-server"] => id == "log_file",
        ["audit"] => matches!(id, "audit_log" | "log_file"),
        ["completions"] | ["man"] | ["regions"] => false,
        ["config", "init"] | ["config", "profiles"] => id == "config",
        ["config", ..] => !TUI_ONLY.contains(&id) && !matches!(id, "audit_log" | "demo"),
        ["jobs", "list"] => !TUI_ONLY.contains(&id) && !matches!(id, "audit_log" | "concurrency"),
        ["jobs", "show"] => {
            !TUI_ONLY.contains(&id) && !matches!(id, "audit_log" | "concurrency" | "page_size")
        }
        _ => !TUI_ONLY.contains(&id),
    }
}

/// Gives every subcommand a hidden copy of each global option it does not use: clap then
/// does not propagate the visible one there (it skips subcommands that already have the
/// argument), and the value is still accepted where given.
fn hide_unused_globals(
    cmd: clap::Command,
    globals: &[Arg],
    path: &mut Vec<String>,
) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd;
    for name in names {
        path.push(name.clone());
        let here: Vec<&str> = path.iter().map(String::as_str).collect();
        let hidden: Vec<Arg> = globals
            .iter()
            .filter(|a| !a.is_hide_set() && !uses_global(&here, a.get_id().as_str()))
            .map(|a| a.clone().hide(true))
            .collect();
        cmd = cmd.mut_subcommand(&name, |mut sc| {
            for a in hidden {
                sc = sc.arg(a);
            }
            hide_unused_globals(sc, globals, path)
        });
        path.pop();
    }
    cmd
}

/// The full command line definition: the derived one, with each subcommand's unused global
/// options hidden. Parsing, completions and the man page all use this.
pub fn command() -> clap::Command {
    let root = Cli::command();
    let globals: Vec<Arg> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let cmd = hide_unused_globals(root, &globals, &mut Vec::new());
    if crate::i18n::language() == Language::ZhCn {
        clap_zh::localise(cmd)
    } else {
        cmd
    }
}

impl Cli {
    /// Parses the process arguments (exiting with clap's message on bad usage, or after
    /// printing help or the version; in Chinese, clap's words are too).
    pub fn parse_args(args: Vec<std::ffi::OsString>) -> Cli {
        let mut cmd = command();
        let matches = cmd
            .try_get_matches_from_mut(args)
            .unwrap_or_else(|e| clap_zh::exit(e, &cmd));
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| clap_zh::exit(e, &cmd))
    }
}
