//! Credentials tried once, settings that fail closed, input checked before sending and private
//! files (issue 8 items 5, 6, 9 and 10), against the demo service and the real binary.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::bin::*;
use common::service::*;
use common::*;
use drs_tui::api::{ClientError, Job, JobType};
use drs_tui::demo::{self, DemoServer};

// ---- 5. Credentials are tried once ----------------------------------------------------------

#[tokio::test]
async fn a_refused_password_login_is_tried_once_per_client() {
    let server = server(10).await;
    let mut config = config(&server);
    config.project_id = None;
    let client = client_with(&server, config, iam_password("not-the-password"));
    for _ in 0..3 {
        let f = list_all(&client).await.expect_err("refused");
        assert!(matches!(f.error, ClientError::Auth(_)), "{:?}", f.error);
        assert!(
            f.error.to_string().contains("DRS_TUI_IAM_PASSWORD"),
            "{}",
            f.error
        );
    }
    assert!(client.delete_job("some-job").await.is_err());
    assert!(client.login_refused().is_some());
    assert_eq!(logins(&server), 1);
    assert_eq!(drs_requests(&server), 0, "no DRS request without a token");
}

#[tokio::test]
async fn a_short_lived_token_is_not_renewed_before_every_request() {
    // A 3-second token is shorter than the 10-minute margin: it is renewed at 90 % of its life.
    let server = server_tuned(5, |c| c.token_ttl = Duration::from_secs(3)).await;
    let client = iam_client(&server, demo::DEMO_IAM_PASSWORD);
    for _ in 0..5 {
        list_type(&client, JobType::Sync).await.expect("lists");
    }
    assert_eq!(logins(&server), 1);
}

/// The demo IAM user with a wrong password, logging in at `server` for `args`.
fn wrong_password(server: &DemoServer, home: &Path, args: &[&str]) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER)
        .env("DRS_TUI_IAM_PASSWORD", "Wrong-Password-1")
        .env("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN)
        .args([
            "--endpoint",
            &server.base_url(),
            "--iam-endpoint",
            &server.base_url(),
            "--region",
            demo::DEMO_REGION,
        ])
        .args(args);
    c
}

#[tokio::test]
async fn a_wrong_iam_password_costs_one_login_per_cli_run() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let out = run(wrong_password(&server, home.path(), &["jobs", "list"])).await;
    let err = expect_exit(&out, 2, "jobs list");
    assert!(
        err.contains("DRS_TUI_IAM_PASSWORD"),
        "says what to fix: {err}"
    );
    assert!(!err.contains("Wrong-Password-1"), "{err}");
    assert_eq!(logins(&server), 1);

    let ids: Vec<String> = server.state.job_ids().into_iter().take(20).collect();
    let mut c = wrong_password(&server, home.path(), &["jobs", "delete", "--yes"]);
    c.args(&ids);
    expect_exit(&run(c).await, 2, "jobs delete");
    assert_eq!(logins(&server), 2, "one more run, one more login");
    assert_eq!(server.state.count("DELETE", ""), 0);
}

// Multi-threaded: the PTY waits block their thread while the demo service must keep answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_iam_password_costs_one_login_in_the_tui_with_auto_refresh_and_r() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[profiles.fast]\nauto_refresh_secs = 1\n").expect("config");
    let url = server.base_url();
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        "--profile",
        "fast",
        "--endpoint",
        &url,
        "--iam-endpoint",
        &url,
        "--region",
        demo::DEMO_REGION,
    ];
    let env = [
        ("DRS_TUI_IAM_USER", demo::DEMO_IAM_USER),
        ("DRS_TUI_IAM_PASSWORD", "Wrong-Password-1"),
        ("DRS_TUI_IAM_DOMAIN", demo::DEMO_IAM_DOMAIN),
    ];
    let mut tui = pty::Tui::spawn(home.path(), &args, &env, 160, 45);
    let screen = tui.wait_for("the refused login", Duration::from_secs(15), |s| {
        s.contains("listing failed")
    });
    assert!(screen.contains("refused"), "{screen}");
    // `r` asks again by hand: each is taken, and refused without a login.
    for _ in 0..3 {
        tui.send(b"r");
        tui.keys_taken();
        assert_eq!(logins(&server), 1, "r logged in");
    }
    // Auto-refresh ticks every second: over a tick and a half, no login either.
    holds_for(
        "no login by auto-refresh",
        Duration::from_millis(1500),
        || logins(&server) == 1,
    );
    tui.send(b"q");
    let code = tui.wait_exit(Duration::from_secs(10));
    assert!(code.is_some(), "the TUI quits");
    assert_eq!(logins(&server), 1);
    assert_eq!(drs_requests(&server), 0);
}

// ---- 6. Unknown means closed ----------------------------------------------------------------

#[tokio::test]
async fn a_read_only_switch_that_is_not_a_boolean_is_exit_2_with_no_request() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = find_job(&server, Job::can_delete);
    // `jobs <args>` with the variable `name` set to `value`: its stderr, after exit 2.
    let refused = async |name: &str, value: &str, args: &[&str]| {
        let mut c = against(&server, home.path());
        c.env(name, value).args(args);
        expect_exit(&run(c).await, 2, value)
    };
    let (stop, delete) = (
        ["jobs", "stop", "--yes", &job.id],
        ["jobs", "delete", "--yes", &job.id],
    );
    for value in ["y", "Y", "enabled", "2", "tru"] {
        let err = refused("DRS_TUI_READ_ONLY", value, &stop).await;
        assert!(err.contains("DRS_TUI_READ_ONLY"), "{value}: {err}");
        assert!(err.contains("true/false"), "{err}");
    }
    // Each accepted spelling, in any case, turns it on.
    for value in ["YES", "On", "1", "TRUE"] {
        let err = refused("DRS_TUI_READ_ONLY", value, &delete).await;
        assert!(err.contains("read-only"), "{value}");
    }
    let err = refused("DRS_TUI_ALLOW_INSECURE_HTTP", "sure", &["jobs", "list"]).await;
    assert!(err.contains("DRS_TUI_ALLOW_INSECURE_HTTP"));
    assert!(server.state.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn profile_booleans_accept_the_words_and_refuse_the_rest() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = find_job(&server, Job::can_delete);
    let config = home.path().join("c.toml");
    // `jobs delete <how> JOB` under a profile whose `read_only` is `value`.
    let delete = async |value: &str, how: &str| {
        std::fs::write(&config, format!("[profiles.p]\nread_only = {value}\n")).expect("write");
        let mut c = against(&server, home.path());
        let config = config.to_str().expect("utf-8");
        c.args(["--config", config, "--profile", "p"])
            .args(["jobs", "delete", how, &job.id]);
        run(c).await
    };
    for value in ["\"on\"", "\"No\"", "1", "true", "\"OFF\""] {
        expect_success(&delete(value, "--dry-run").await, value);
    }
    for value in ["\"maybe\"", "2", "\"y\""] {
        let err = expect_exit(&delete(value, "--yes").await, 2, value);
        assert!(err.contains("read_only"), "names the setting: {err}");
        assert!(err.contains("not a boolean"), "{err}");
    }
    // "on" really is read-only.
    let err = expect_exit(&delete("\"on\"", "--yes").await, 2, "on");
    assert!(err.contains("read-only"));
    assert_eq!(server.state.count("DELETE", ""), 0);
}

/// `cmd` with a token and the configuration file `path`.
fn with_config(home: &Path, path: &Path) -> Command {
    let mut c = cmd(home);
    c.env("DRS_TUI_TOKEN", "t")
        .args(["--config", path.to_str().expect("utf-8")]);
    c
}

#[tokio::test]
async fn a_config_file_over_1_mib_is_refused_and_dev_zero_is_not_read_forever() {
    let home = tempfile::tempdir().expect("tmp");
    let big = home.path().join("big.toml");
    let mut f = std::fs::File::create(&big).expect("create");
    let line = "# padding padding padding padding padding padding padding padding\n";
    for _ in 0..(2 * 1024 * 1024 / line.len()) {
        f.write_all(line.as_bytes()).expect("write");
    }
    drop(f);
    let dev_zero = Path::new("/dev/zero");
    let mut paths = vec![big.as_path()];
    if dev_zero.exists() {
        paths.push(dev_zero);
    }
    for path in paths {
        let mut c = with_config(home.path(), path);
        c.args(["jobs", "list"]);
        let started = Instant::now();
        let err = expect_exit(&run(c).await, 2, &path.display().to_string());
        // A device is refused before it is opened (issue 17 item 2), a big file by its size.
        let why = if path == dev_zero {
            "not a regular file (a device)"
        } else {
            "larger than 1024 KiB"
        };
        assert!(err.contains(why), "{err}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

// ---- 9. Input checked before anything is sent -----------------------------------------------

#[tokio::test]
async fn dot_empty_and_control_ids_are_refused_with_no_request() {
    let server = server(20).await;
    let home = tempfile::tempdir().expect("tmp");
    let cases: [&[&str]; 7] = [
        &["jobs", "delete", "--yes", ".."],
        &["jobs", "delete", "--yes", "."],
        &["jobs", "delete", "--yes", ""],
        &["jobs", "stop", "--yes", "."],
        &["jobs", "stop", "--yes", "ok-id", "a\u{1b}[2Jb"],
        &["jobs", "show", ".."],
        &["jobs", "delete", "--dry-run", ".."],
    ];
    for args in cases {
        let mut c = against(&server, home.path());
        c.args(args);
        let err = expect_exit(&run(c).await, 2, &format!("{args:?}"));
        assert!(err.contains("nothing was sent"), "{args:?}: {err}");
        assert!(!err.contains('\u{1b}'), "no escape printed");
    }
    assert!(server.state.requests().is_empty(), "no request at all");
}

#[tokio::test]
async fn a_job_named_three_times_is_deleted_once() {
    let server = server(30).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = deletable(&server);
    let mut c = against(&server, home.path());
    c.args(["jobs", "delete", "--yes", &job.id, &job.id, &job.id]);
    let stdout = expect_success(&run(c).await, "jobs delete");
    assert_eq!(stdout.trim(), format!("{} 200 OK", job.id));
    assert_eq!(server.state.count("DELETE", ""), 1);
}

#[tokio::test]
async fn concurrency_outside_1_to_64_and_unparsable_since_are_clear_errors() {
    let home = tempfile::tempdir().expect("tmp");
    for n in ["0", "65", "-1", "many"] {
        let mut c = cmd(home.path());
        c.args([&format!("--concurrency={n}"), "jobs", "list"]);
        let err = expect_exit(&run(c).await, 2, &format!("--concurrency {n}"));
        assert!(err.contains("--concurrency"), "{err}");
    }
    let config = home.path().join("c.toml");
    std::fs::write(&config, "[profiles.p]\nconcurrency = 500\n").expect("write");
    let mut c = with_config(home.path(), &config);
    c.args(["--profile", "p", "--endpoint", "http://127.0.0.1:9"])
        .args(["--project-id", "p", "jobs", "list"]);
    let err = expect_exit(&run(c).await, 2, "concurrency = 500");
    assert!(err.contains("concurrency"), "{err}");

    let audit = home.path().join("audit.jsonl");
    std::fs::write(&audit, "").expect("audit file");
    for since in [
        "99999999999d",
        "9223372036854775807s",
        "-99999999999d",
        "1y",
    ] {
        let mut c = cmd(home.path());
        let since_arg = format!("--since={since}");
        c.args(["--audit-log", audit.to_str().expect("utf-8")])
            .args(["audit", &since_arg]);
        let err = expect_exit(&run(c).await, 2, &since_arg);
        assert!(err.contains("--since"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

// ---- 10. Files are private --------------------------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn the_state_dir_is_0700_and_the_log_0600() {
    use std::os::unix::fs::PermissionsExt;
    let server = server(5).await;
    let home = tempfile::tempdir().expect("tmp");
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    // Fresh, and then an existing state dir left open by an older version.
    for pre_existing in [false, true] {
        let state = home.path().join("state/drs-tui");
        if pre_existing {
            std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            std::fs::set_permissions(
                state.join("drs-tui.log"),
                std::fs::Permissions::from_mode(0o644),
            )
            .expect("chmod");
        }
        let job = deletable(&server);
        let mut c = against(&server, home.path());
        c.args(["jobs", "delete", "--yes", &job.id]);
        expect_success(&run(c).await, "jobs delete");
        assert_eq!(mode(&state), 0o700, "state dir");
        assert_eq!(mode(&state.join("drs-tui.log")), 0o600, "log");
        assert_eq!(mode(&state.join("audit.jsonl")), 0o600, "audit");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_readable_sdk_credentials_file_gets_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let server = server(5).await;
    let home = tempfile::tempdir().expect("tmp");
    let creds = home.path().join("credentials");
    let body = format!("[basic]\nak = {}\nsk = {}\n", demo::DEMO_AK, demo::DEMO_SK);
    std::fs::write(&creds, body).expect("write");
    for (mode, warned) in [(0o644, true), (0o640, true), (0o600, false)] {
        std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let mut c = cmd(home.path());
        c.env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &creds)
            .args(demo_endpoint_args(&server))
            .args(["jobs", "list"]);
        let out = run(c).await;
        expect_success(&out, &format!("mode {mode:o}"));
        let err = text(&out.stderr);
        assert_eq!(err.contains("chmod 600"), warned, "mode {mode:o}: {err}");
        assert!(!err.contains(demo::DEMO_SK));
    }
}

#[tokio::test]
async fn bad_ids_are_refused_by_the_client_too() {
    let server = server(5).await;
    let client = token_client(&server);
    for id in ["", ".", "..", " ", "a\nb"] {
        let f = client.delete_job(id).await.expect_err("refused");
        assert!(matches!(f.error, ClientError::Invalid(_)), "{id:?}");
        assert!(client.stop_job(id, false).await.is_err());
        assert!(client.show_job(id, None).await.is_err());
    }
    assert!(
        client
            .batch_delete(&["ok".to_string(), "..".to_string()])
            .await
            .is_err()
    );
    assert!(server.state.requests().is_empty());
}
