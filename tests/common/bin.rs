//! Running the real `drs-tui` binary in a clean environment, and demo-service helpers for the
//! tests that do (issue 8's hardening tests).
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use drs_tui::demo::{self, DemoConfig, DemoServer, parse_faults};

pub const BIN: &str = env!("CARGO_BIN_EXE_drs-tui");

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

/// Runs to completion, killed after 60 s so that a hang fails instead of blocking the suite.
pub async fn run(mut c: Command) -> Output {
    tokio::task::spawn_blocking(move || {
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("binary runs");
        let drain = |r: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_end(&mut buf);
                }
                buf
            })
        };
        let out = drain(
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let err = drain(
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("drs-tui did not finish within 60 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Output {
            status,
            stdout: out.join().expect("stdout"),
            stderr: err.join().expect("stderr"),
        }
    })
    .await
    .expect("join")
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
    let dir = home.join("config").join("drs-tui");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(
        dir.join("config.toml"),
        "[profiles.quick]\nrequest_timeout_secs = 1\n",
    )
    .expect("config");
}
