//! The real `drs-tui` binary against a demo server, outside a terminal: a clean environment,
//! and every run under a deadline that kills the child (a hang fails the test, it never blocks
//! the suite).
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use drs_tui::demo::{self, DemoConfig, DemoServer, parse_faults};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_drs-tui");

/// How long one run of the binary may take before it is killed and the test fails.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// A command with a clean environment: a private HOME, no credentials, logs and audit in `home`.
pub fn cmd(home: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    c
}

/// `program` (a shell) in `cmd`'s clean environment, with the binary's directory first on PATH:
/// what a user pastes runs the binary under test.
pub fn shell(home: &Path, program: &str) -> Command {
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let base = cmd(home);
    let mut c = Command::new(program);
    c.env_clear()
        .envs(base.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .stdin(Stdio::null());
    c
}

/// `cmd` pointed at a demo server with the demo token.
pub fn against(server: &DemoServer, home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN).args([
        "--endpoint",
        &server.base_url(),
        "--project-id",
        demo::DEMO_PROJECT_ID,
    ]);
    c
}

/// A started binary. Dropping it kills the process (a failed assertion never leaves it behind).
pub struct Running {
    child: Child,
    out: Option<JoinHandle<Vec<u8>>>,
    err: Option<JoinHandle<Vec<u8>>>,
}

fn drain(r: Option<impl Read + Send + 'static>) -> Option<JoinHandle<Vec<u8>>> {
    r.map(|mut r| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    })
}

impl Running {
    /// The process id (for signals).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its exit status, if it has exited.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("wait")
    }

    /// Kills it (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the exit, at most `deadline` (then kills it and panics); what it printed.
    pub fn finish_within(mut self, deadline: Duration) -> Output {
        let end = Instant::now() + deadline;
        let status = loop {
            if let Some(st) = self.try_status() {
                break st;
            }
            if Instant::now() > end {
                self.kill();
                panic!("drs-tui did not finish within {deadline:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let join = |h: Option<JoinHandle<Vec<u8>>>| {
            h.map(|h| h.join().expect("output reader"))
                .unwrap_or_default()
        };
        Output {
            status,
            stdout: join(self.out.take()),
            stderr: join(self.err.take()),
        }
    }

    /// [`Running::finish_within`] the [`DEADLINE`].
    pub fn finish(self) -> Output {
        self.finish_within(DEADLINE)
    }

    /// [`Running::finish`] without blocking the async runtime.
    pub async fn output(self) -> Output {
        tokio::task::spawn_blocking(move || self.finish())
            .await
            .expect("join")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.kill();
        }
    }
}

/// Starts `c` with its standard output and error captured.
pub fn start(mut c: Command) -> Running {
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    start_as_set(c)
}

/// Starts `c` with the standard streams it was given (those set to `piped` are captured).
pub fn start_as_set(mut c: Command) -> Running {
    let mut child = c.spawn().expect("binary runs");
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    Running { child, out, err }
}

/// Runs to completion, killed after [`DEADLINE`] so that a hang fails instead of blocking the
/// suite.
pub async fn run(c: Command) -> Output {
    start(c).output().await
}

/// [`run`] for tests without a runtime.
pub fn run_blocking(c: Command) -> Output {
    start(c).finish()
}

/// Sends `signal` (`TERM`, `INT`, `HUP`, `KILL`) to `pid` with kill(1).
pub fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Polls `cond` every 5 ms until it holds; panics naming `what` after `timeout`.
pub fn until(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let end = Instant::now() + timeout;
    while !cond() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// [`until`] without blocking the async runtime.
pub async fn until_async(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let end = Instant::now() + timeout;
    while !cond() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Watches `cond` for `period` (every 5 ms) and fails as soon as it stops holding: for what
/// must not happen within a period (an auto-refresh tick) when no event marks the period's end.
pub fn holds_for(what: &str, period: Duration, mut cond: impl FnMut() -> bool) {
    let end = Instant::now() + period;
    while Instant::now() < end {
        assert!(cond(), "{what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits until the time `audit --settle` said the writes can be settled after (`can be
/// settled after 2026-12-02T10:14:00.750Z`, the latest if it names several): the fence is the
/// program's own word, not a guess.
pub async fn until_settleable(said: &str) {
    let times: Vec<time::OffsetDateTime> = said
        .split("can be settled after ")
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|t| t.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()))
        .map(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|e| panic!("{t}: {e}"))
        })
        .collect();
    let last = times
        .iter()
        .max()
        .unwrap_or_else(|| panic!("no time in: {said}"));
    let left = *last - time::OffsetDateTime::now_utc();
    if left.is_positive() {
        // A little past it: the time is printed to the millisecond.
        tokio::time::sleep(left.unsigned_abs() + Duration::from_millis(5)).await;
    }
}

/// Waits (10 s at most) until the audit trail at `path` holds an intent: the write it records
/// is about to be sent.
pub async fn until_intent(path: &Path) {
    until_async(
        "an intent in the audit trail",
        Duration::from_secs(10),
        || std::fs::read_to_string(path).is_ok_and(|t| t.contains("\"intent\"")),
    )
    .await;
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub async fn server_with_faults(jobs: usize, spec: &str) -> DemoServer {
    super::server_with(DemoConfig {
        jobs,
        faults: parse_faults(spec).expect("fault spec"),
        stop_delay: Duration::from_millis(200),
        ..DemoConfig::default()
    })
    .await
}

pub fn drs_requests(server: &DemoServer) -> usize {
    server
        .state
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v5/"))
        .count()
}

pub fn all_ids(server: &DemoServer) -> HashSet<String> {
    server.state.job_ids().into_iter().collect()
}

/// The arguments of `audit --settle` under the `quick` profile that [`write_quick_profile`]
/// writes: a 1 s request timeout and a 1 s shutdown grace, so a write may be settled 2 s after
/// its intent.
pub const QUICK_SETTLE: [&str; 6] = [
    "--profile",
    "quick",
    "--shutdown-grace",
    "1",
    "audit",
    "--settle",
];

/// Writes the `quick` profile (request timeout 1 s) into `home`'s config file.
pub fn write_quick_profile(home: &Path) {
    write_default_config(home, "[profiles.quick]\nrequest_timeout_secs = 1\n");
}

// ---- Scripting runs in one line each (the CLI tests' shared steps) ---------------------------

/// `c` with `args` after the ones it has: `run(with(against(&server, home), ["jobs", "list"]))`.
pub fn with<I, S>(mut c: Command, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    c.args(args);
    c
}

/// Asserts that the run exited 0 (its stderr in the message); what it printed on stdout.
pub fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Asserts that the run exited with `code` (its stderr in the message); what it printed on
/// stderr.
pub fn exited(out: &Output, code: i32) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{err}");
    err
}

/// [`run`] to a success; its stdout.
pub async fn stdout_ok(c: Command) -> String {
    succeeded(&run(c).await)
}

/// [`run`] to exit `code`; its stderr.
pub async fn stderr_exit(c: Command, code: i32) -> String {
    exited(&run(c).await, code)
}

/// Asserts that `text` holds each of `parts`, naming the one it lacks.
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} missing from:\n{text}");
    }
}

/// Asserts that `text` holds none of `parts`, naming the one it has.
pub fn assert_has_none(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(!text.contains(part), "{part:?} in:\n{text}");
    }
}

/// `cmd` with the demo AK/SK in the environment and the `--endpoint` and `--project-id` of
/// `server` (a signed run; [`against`] is the token's).
pub fn aksk_against(server: &DemoServer, home: &Path) -> Command {
    let mut c = aksk_env(home);
    c.args([
        "--endpoint",
        &server.base_url(),
        "--project-id",
        demo::DEMO_PROJECT_ID,
    ]);
    c
}

/// `cmd` with the demo AK/SK and `region`, DRS and IAM at `server`, no project id: the project
/// is IAM's (then the cache's).
pub fn aksk_region(server: &DemoServer, home: &Path, region: &str) -> Command {
    let mut c = aksk_env(home);
    c.args(["--region", region])
        .args(["--endpoint", &server.base_url()])
        .args(["--iam-endpoint", &server.base_url()]);
    c
}

fn aksk_env(home: &Path) -> Command {
    let mut c = cmd(home);
    c.env("HUAWEICLOUD_SDK_AK", demo::DEMO_AK)
        .env("HUAWEICLOUD_SDK_SK", demo::DEMO_SK);
    c
}

/// Writes `toml` as the config file at `home`'s default path (`config/drs-tui/config.toml`).
pub fn write_default_config(home: &Path, toml: &str) {
    let dir = home.join("config").join("drs-tui");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), toml).expect("config");
}

/// Makes a FIFO at `path` (nothing ever writes to it: opening it for reading would block
/// forever).
pub fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Every subcommand path, e.g. ["jobs", "list"], from the parser's own definition.
pub fn subcommand_paths() -> Vec<Vec<String>> {
    fn walk(c: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for s in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = prefix.to_vec();
            p.push(s.get_name().to_string());
            out.push(p.clone());
            walk(s, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&drs_tui::cli::command(), &[], &mut out);
    out
}

/// The binary on a `cols`×`rows` terminal against `server` with the demo token: `args` after
/// its `--endpoint` and `--project-id` (a command's own prompt, not the TUI's set-up).
pub fn on_terminal(
    server: &DemoServer,
    home: &Path,
    args: &[&str],
    (cols, rows): (u16, u16),
) -> super::pty::Tui {
    let base = server.base_url();
    let mut all = vec!["--endpoint", &base, "--project-id", demo::DEMO_PROJECT_ID];
    all.extend_from_slice(args);
    let env = [("DRS_TUI_TOKEN", demo::DEMO_TOKEN)];
    super::pty::Tui::spawn(home, &all, &env, cols, rows)
}

/// `drs-tui ARGS` in a fresh home's clean environment plus `env`, run to its end.
pub async fn run_in_new_home(env: &[(&str, &str)], args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    c.envs(env.iter().copied()).args(args);
    run(c).await
}

/// Writes `contents` to the file `name` in `dir`; its path.
pub fn file_in(dir: &Path, name: &str, contents: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

/// A demo service with `jobs` jobs ([`super::server`]) and a fresh home for the binary.
pub async fn served(jobs: usize) -> (DemoServer, tempfile::TempDir) {
    (super::server(jobs).await, tempfile::tempdir().expect("tmp"))
}

/// Adds to `server` a copy of a top-level job under `id`, changed by `edit`; the copy.
pub fn insert_copy(
    server: &DemoServer,
    id: &str,
    edit: impl FnOnce(&mut drs_tui::api::Job),
) -> drs_tui::api::Job {
    let mut job = super::find_job(server, |j| j.job_mode_role != "child");
    job.id = id.to_string();
    edit(&mut job);
    server.state.insert_job(job.clone());
    job
}

/// Every file below `dir`, in its subdirectories too.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}
