//! Local files handled safely (issue 17 item 2), with the real binary: a CA bundle whose PEM
//! does not parse names the file, the setting and the block; the project-id cache and the
//! command history refuse a device or a FIFO at once, naming the file; files are written
//! through a temp file created exclusively, so a symlink planted at the old temp name is never
//! followed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::bin::*;
use common::*;
use drs_tui::demo::{self, DemoServer};

/// How long a refusal may take. The refusals themselves take milliseconds; the bound is wide
/// so that a loaded machine does not fail the test, and narrow enough to catch the hangs the
/// issue reports (a blocked open of a FIFO, /dev/zero read until memory runs out).
const PROMPT: Duration = Duration::from_secs(10);

/// Runs `c` and says how long it took.
async fn timed(c: Command) -> (std::process::Output, Duration) {
    let at = Instant::now();
    let out = run(c).await;
    (out, at.elapsed())
}

/// A self-signed certificate's PEM.
fn cert_pem() -> String {
    let key = rcgen::KeyPair::generate().expect("key");
    rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .expect("params")
        .self_signed(&key)
        .expect("cert")
        .pem()
}

/// A bundle of a good certificate, then one whose base64 is broken on its first line: the
/// file and the line its second block starts on.
fn bad_base64_bundle(dir: &Path) -> (PathBuf, usize) {
    let good = cert_pem();
    let broken = good.replacen("MII", "M!I", 1);
    assert_ne!(good, broken, "the certificate's base64 starts with MII");
    let path = dir.join("corp-ca.pem");
    std::fs::write(&path, format!("# Corp CAs\n{good}{broken}")).expect("write bundle");
    (path, 2 + good.lines().count())
}

fn refused(out: &std::process::Output, took: Duration, needles: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(took < PROMPT, "took {took:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "names {n:?}: {err}");
    }
    assert!(!err.contains("builder error"), "{err}");
}

#[tokio::test]
async fn a_bad_base64_pem_block_is_named_with_file_setting_and_line() {
    let (server, home) = served(3).await;
    let (bundle, line) = bad_base64_bundle(home.path());
    let block = format!("block 2 (line {line}): bad base64");
    let file = bundle.display().to_string();

    let mut c = against(&server, home.path());
    c.arg("--ca-bundle").arg(&bundle).args(["jobs", "list"]);
    let (out, took) = timed(c).await;
    refused(&out, took, &[&file, "--ca-bundle", &block]);

    let mut c = against(&server, home.path());
    c.env("SSL_CERT_FILE", &bundle).args(["jobs", "list"]);
    let (out, took) = timed(c).await;
    refused(&out, took, &[&file, "SSL_CERT_FILE", &block]);

    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[profiles.corp]\nca_bundle = {:?}\n", file),
    )
    .expect("write config");
    let mut c = against(&server, home.path());
    c.arg("--config")
        .arg(&config)
        .args(["--profile", "corp", "jobs", "list"]);
    let (out, took) = timed(c).await;
    refused(&out, took, &[&file, "ca_bundle", "corp", &block]);
    assert!(server.state.requests().is_empty(), "nothing was sent");
}

/// AK/SK and the demo region, no project id, listing jobs: the project id comes from the
/// cache, or IAM.
fn aksk_list(server: &DemoServer, home: &Path) -> Command {
    with(
        aksk_region(server, home, demo::DEMO_REGION),
        ["jobs", "list"],
    )
}

fn state_dir(home: &Path) -> PathBuf {
    let dir = home.join("state/drs-tui");
    std::fs::create_dir_all(&dir).expect("state dir");
    dir
}

#[cfg(unix)]
#[tokio::test]
async fn dev_zero_as_the_project_id_cache_is_refused_at_once_naming_it() {
    let (server, home) = served(3).await;
    let cache = state_dir(home.path()).join("project-ids.json");
    std::os::unix::fs::symlink("/dev/zero", &cache).expect("symlink");
    let (out, took) = timed(aksk_list(&server, home.path())).await;
    let file = cache.display().to_string();
    refused(&out, took, &[&file, "project-id cache", "device"]);
    assert!(server.state.requests().is_empty(), "nothing was sent");
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_at_the_caches_old_temp_name_is_not_followed() {
    use std::os::unix::fs::PermissionsExt;
    let (server, home) = served(3).await;
    let dir = state_dir(home.path());
    let victim = home.path().join("victim");
    std::fs::write(&victim, "do not touch\n").expect("victim");
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::os::unix::fs::symlink(&victim, dir.join("project-ids.json.tmp")).expect("symlink");
    stdout_ok(aksk_list(&server, home.path())).await;
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "do not touch\n"
    );
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&victim), 0o644, "the target's mode is untouched");
    let cache = dir.join("project-ids.json");
    let cached = std::fs::read_to_string(&cache).expect("the cache is written");
    assert!(cached.contains(demo::DEMO_PROJECT_ID), "{cached}");
    assert_eq!(mode(&cache), 0o600);
    // Only the cache and the planted link: no temp file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("project-ids") || n.starts_with(".project-ids"))
        .collect();
    names.sort();
    assert_eq!(names, ["project-ids.json", "project-ids.json.tmp"]);
}

#[cfg(unix)]
#[tokio::test]
async fn config_init_never_writes_through_a_symlink_at_its_path() {
    let home = tempfile::tempdir().expect("tmp");
    let victim = home.path().join("victim.toml");
    let path = home.path().join("config.toml");
    std::os::unix::fs::symlink(&victim, &path).expect("dangling symlink");
    let init_at = |p: &Path| {
        let mut c = cmd(home.path());
        c.args(["config", "init", "--config"]).arg(p);
        c
    };
    let err = stderr_exit(init_at(&path), 2).await;
    assert!(err.contains("already exists"), "{err}");
    assert!(!victim.exists(), "nothing written through the link");

    let fresh = home.path().join("fresh.toml");
    stdout_ok(init_at(&fresh)).await;
    assert!(
        std::fs::read_to_string(&fresh)
            .expect("written")
            .contains("[profiles.")
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_fifo_or_dev_zero_as_the_command_history_is_named_in_the_status_line() {
    let server = server(5).await;
    for kind in ["FIFO", "device"] {
        let home = tempfile::tempdir().expect("tmp");
        let history = state_dir(home.path()).join("command-history");
        if kind == "FIFO" {
            mkfifo(&history);
        } else {
            std::os::unix::fs::symlink("/dev/zero", &history).expect("symlink");
        }
        let mut tui = on_terminal(&server, home.path(), &[], (250, 30));
        let at = Instant::now();
        // The status line may wrap the long path: the screen's text without line breaks.
        let flat = |s: &str| s.replace('\n', "");
        let screen = tui.wait_for("the history's refusal", PROMPT, |s| {
            let s = flat(s);
            s.contains("command-history") && s.contains(kind) && s.contains("jobs ")
        });
        assert!(at.elapsed() < PROMPT, "{screen}");
        assert!(
            flat(&screen).contains("the command history"),
            "says which file: {screen}"
        );
        tui.send(b"q");
        assert_eq!(tui.wait_exit(PROMPT), Some(0), "q quits");
        // Still what it was: a refused file is not replaced on exit either.
        let meta = std::fs::symlink_metadata(&history).expect("still there");
        assert!(!meta.is_file(), "{kind} left as it was");
    }
}
