//! The real `drs-tui` binary's scripting commands against the demo service, as a user runs them.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::bin::*;
use common::service::{can_free, deletable, top_level_job};
use common::*;
use drs_tui::demo;

#[tokio::test]
async fn jobs_list_table_and_json() {
    let (server, home) = served(40).await;
    let stdout = stdout_ok(with(against(&server, home.path()), ["jobs", "list"])).await;
    let first = stdout.lines().next().expect("header");
    assert!(
        first.starts_with("ID") && first.contains("STATUS"),
        "{first}"
    );
    let some = find_job(&server, |j| j.job_mode_role != "child");
    assert!(stdout.contains(&some.id));

    // Global flags after the subcommand work too.
    let mut c = cmd(home.path());
    c.env("DRS_TUI_TOKEN", demo::DEMO_TOKEN).args([
        "jobs",
        "list",
        "--job-type",
        "sync",
        "-o",
        "json",
        "--endpoint",
        &server.base_url(),
        "--project-id",
        demo::DEMO_PROJECT_ID,
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout_ok(c).await).expect("JSON");
    let arr = v.as_array().expect("array");
    assert!(!arr.is_empty());
    assert!(arr.iter().all(|j| j["job_type"] == "sync"));
}

#[tokio::test]
async fn delete_with_yes_prints_one_line_per_job_and_exit_code_reflects_failures() {
    let (server, home) = served(60).await;
    let job = deletable(&server);
    let said = stdout_ok(with(
        against(&server, home.path()),
        ["jobs", "delete", "--yes", &job.id],
    ));
    assert_eq!(said.await.trim(), format!("{} 200 OK", job.id));
    assert!(server.state.job(&job.id).is_none());

    let other = deletable(&server);
    let c = with(
        against(&server, home.path()),
        ["jobs", "delete", "--yes", &other.id],
    );
    let out = run(with(c, ["no-such-job"])).await;
    exited(&out, 1);
    assert_eq!(
        lines(&out),
        vec![
            format!("{} 200 OK", other.id),
            "no-such-job 400 DRS.10000010 Job does not exist, please check job ID.".to_string()
        ]
    );
    // The audit trail recorded both, and `drs-tui audit` shows them.
    let records = audit_records(home.path()).await;
    assert_eq!(records.len(), 6, "intent + outcome for 3 deletes");
    assert!(
        records
            .iter()
            .any(|r| r["job_id"] == "no-such-job" && r["error_code"] == "DRS.10000010")
    );
}

/// The lines a run printed on stdout.
fn lines(out: &Output) -> Vec<String> {
    text(&out.stdout).lines().map(str::to_owned).collect()
}

/// The audit trail's records as `drs-tui audit -o json` prints them.
async fn audit_records(home: &Path) -> Vec<serde_json::Value> {
    stdout_ok(with(cmd(home), ["audit", "-o", "json"]))
        .await
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[tokio::test]
async fn delete_ignore_not_found_reads_an_unknown_id_as_already_gone_and_still_deletes() {
    let (server, home) = served(30).await;
    let not_found = "no-such-job 400 DRS.10000010 Job does not exist, please check job ID.";

    // Without the flag, an unknown id is a failure.
    let delete = || with(against(&server, home.path()), ["jobs", "delete", "--yes"]);
    let out = run(with(delete(), ["no-such-job"])).await;
    exited(&out, 1);
    assert_eq!(text(&out.stdout).trim(), not_found);

    // With it, the same answer is "already gone" and exits 0; a real job is deleted as ever.
    let job = deletable(&server);
    let out = run(with(
        delete(),
        ["--ignore-not-found", &job.id, "no-such-job"],
    ))
    .await;
    exited(&out, 0);
    assert_eq!(
        lines(&out),
        vec![
            format!("{} 200 OK", job.id),
            format!(
                "no-such-job already gone: {}",
                &not_found["no-such-job ".len()..]
            ),
        ]
    );
    assert!(
        server.state.job(&job.id).is_none(),
        "the real job is deleted"
    );
    let deletes = server.state.count("DELETE", "");
    assert_eq!(deletes, 3, "two for the unknown id, one for the job");
    assert_eq!(
        deletes_received(&server, &job.id),
        [200],
        "the job's DELETE"
    );

    // The audit trail: the first outcome for the unknown id failed, the second is already gone.
    let outcomes: Vec<(String, String)> = audit_records(home.path())
        .await
        .into_iter()
        .filter(|r| r["record"] == "outcome")
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (field("job_id"), field("result"))
        })
        .collect();
    let unknown: Vec<&str> = outcomes
        .iter()
        .filter(|(id, _)| id == "no-such-job")
        .map(|(_, result)| result.as_str())
        .collect();
    assert_eq!(unknown.len(), 2, "{outcomes:?}");
    assert!(!unknown[0].contains("already gone"), "{outcomes:?}");
    assert!(
        unknown[1].starts_with("already gone: 400 DRS.10000010"),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(job.id.clone(), "200 OK".to_string())),
        "{outcomes:?}"
    );
}

#[tokio::test]
async fn delete_without_yes_refuses_when_stdin_is_not_a_terminal() {
    let (server, home) = served(60).await;
    let job = find_job(&server, |j| j.can_delete());
    let err = stderr_exit(
        with(against(&server, home.path()), ["jobs", "delete", &job.id]),
        2,
    );
    let err = err.await;
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(server.state.count("DELETE", ""), 0, "no DELETE sent");
}

#[tokio::test]
async fn dry_run_prints_requests_without_secrets_and_sends_nothing() {
    let (server, home) = served(10).await;
    let dry_run = ["jobs", "delete", "--dry-run", "job-1", "job-2"];
    let s = stdout_ok(with(aksk_against(&server, home.path()), dry_run)).await;
    assert!(
        s.contains(&format!(
            "DELETE {}/v5/{}/jobs/job-1",
            server.base_url(),
            demo::DEMO_PROJECT_ID
        )),
        "{s}"
    );
    assert!(s.contains("job-2"));
    assert!(
        !s.contains(demo::DEMO_SK) && !s.contains(demo::DEMO_AK),
        "{s}"
    );
    assert!(server.state.requests().is_empty(), "nothing sent");
}

#[tokio::test]
async fn read_only_refuses_writes_before_any_request() {
    let (server, home) = served(60).await;
    let job = find_job(&server, |j| j.can_delete());
    let c = with(
        against(&server, home.path()),
        ["--read-only", "jobs", "delete"],
    );
    let err = stderr_exit(with(c, ["--yes", &job.id]), 2).await;
    assert!(err.contains("read-only"), "{err}");
    // Not a DELETE, nor the read that would come before one: no request at all.
    let sent: Vec<String> = server
        .state
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(sent.is_empty(), "requests sent: {sent:?}");
    assert!(server.state.job(&job.id).is_some());
}

#[tokio::test]
async fn no_credentials_says_what_to_set_and_that_demo_needs_nothing() {
    let home = tempfile::tempdir().expect("tmp");
    let listing = [
        "--region",
        "cn-north-4",
        "--project-id",
        "p",
        "jobs",
        "list",
    ];
    let err = stderr_exit(with(cmd(home.path()), listing), 2).await;
    assert_has_all(&err, &["HUAWEICLOUD_SDK_AK", "--demo"]);
}

#[tokio::test]
async fn malformed_config_names_file_line_and_key() {
    let home = tempfile::tempdir().expect("tmp");
    let toml = "[profiles.prod]\nregion = \"cn-north-4\"\nread_only = \"maybe\"\n";
    let path = file_in(home.path(), "bad.toml", toml);
    let c = with(cmd(home.path()), ["--config", path.to_str().expect("utf8")]);
    let err = stderr_exit(with(c, ["--profile", "prod", "jobs", "list"]), 2).await;
    assert!(err.contains("bad.toml") && err.contains("line 3"), "{err}");
    assert!(err.contains("read_only") || err.contains("maybe"), "{err}");
}

#[tokio::test]
async fn wrong_sk_is_a_clear_401_message_with_exit_code_2() {
    let (server, home) = served(10).await;
    let mut c = aksk_against(&server, home.path());
    c.env("HUAWEICLOUD_SDK_SK", "definitely-wrong");
    let err = stderr_exit(with(c, ["jobs", "list", "--job-type", "sync"]), 2).await;
    assert!(err.contains("401 APIGW.0301"), "{err}");
    assert!(err.contains("credentials were rejected"), "{err}");
    assert_eq!(server.state.requests().len(), 1, "one request, no retries");
}

#[tokio::test]
async fn plain_http_to_a_remote_host_needs_the_flag() {
    let listing = [
        "--endpoint",
        "http://drs.example.invalid",
        "--project-id",
        "p",
        "jobs",
        "list",
    ];
    let out = run_in_new_home(&[("DRS_TUI_TOKEN", "t")], &listing).await;
    let err = exited(&out, 2);
    assert!(err.contains("--allow-insecure-http"), "{err}");
}

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `drs-tui demo-server` in one process, `drs-tui jobs list` in another, with the printed
/// credentials — as the README says.
#[tokio::test]
async fn demo_server_command_prints_credentials_that_work() {
    let home = tempfile::tempdir().expect("tmp");
    let mut c = cmd(home.path());
    c.args(["demo-server", "--listen", "127.0.0.1:0", "--jobs", "30"])
        .stdout(Stdio::piped());
    let mut child = Child(c.spawn().expect("starts"));
    let stdout = child.0.stdout.take().expect("stdout");
    // Read the banner on a thread; wait for it with a deadline (the server keeps stdout open).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut lines: Vec<String> = Vec::new();
    while !lines.iter().any(|l| l.contains("drs-tui --endpoint")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => panic!("the banner did not finish within 20 s: {lines:?}"),
        }
    }
    assert!(
        lines[0].starts_with("listening on http://127.0.0.1:"),
        "{lines:?}"
    );
    let url = lines[0].trim_start_matches("listening on ").to_string();
    assert!(!url.ends_with(":0"), "the real port is printed");
    let value = |key: &str| -> String {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("{key} printed: {lines:?}"))
            .to_string()
    };
    let (project, ak, sk, token) = (
        value("project_id"),
        value("ak"),
        value("sk"),
        value("token"),
    );
    for creds in [
        vec![("DRS_TUI_TOKEN", token)],
        vec![("HUAWEICLOUD_SDK_AK", ak), ("HUAWEICLOUD_SDK_SK", sk)],
    ] {
        let mut c = cmd(home.path());
        c.envs(creds)
            .args(["--endpoint", &url, "--project-id", &project, "jobs", "list"]);
        let listed = stdout_ok(c).await;
        assert!(listed.contains("30 job(s)") || listed.lines().count() > 10);
    }
    // IAM password login with the printed user, learning the project id from the token.
    let mut c = cmd(home.path());
    c.env("DRS_TUI_IAM_USER", value("iam_user"))
        .env("DRS_TUI_IAM_PASSWORD", value("iam_password"))
        .env("DRS_TUI_IAM_DOMAIN", value("iam_domain"))
        .args([
            "--endpoint",
            &url,
            "--iam-endpoint",
            &url,
            "--region",
            "cn-north-4",
            "jobs",
            "list",
            "-o",
            "json",
        ]);
    serde_json::from_str::<serde_json::Value>(&stdout_ok(c).await).expect("JSON list");
}

/// A whole scripted session with known fake secrets leaves none of them in the log, the audit
/// file or any output.
#[tokio::test]
async fn secrets_never_reach_logs_audit_or_output() {
    let (server, home) = served(60).await;
    let log = home.path().join("drs.log");
    let audit = home.path().join("audit.jsonl");
    let job = deletable(&server);
    let mut outputs = String::new();
    let sessions: Vec<Vec<&str>> = vec![
        vec!["jobs", "list"],
        vec!["jobs", "list", "-o", "json"],
        vec!["jobs", "show", &job.id],
        vec!["jobs", "delete", "--dry-run", &job.id],
        vec!["jobs", "delete", "--yes", &job.id, "missing"],
        vec!["jobs", "delete", "--yes", "-o", "json", "missing"],
        vec!["audit"],
    ];
    for (i, args) in sessions.iter().enumerate() {
        let mut c = aksk_against(&server, home.path());
        c.env(
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
            "FAKE-SECURITY-TOKEN-SHOULD-NOT-LEAK",
        )
        .env("DRS_TUI_LOG", "trace")
        .arg("--log-file")
        .arg(&log)
        .arg("--audit-log")
        .arg(&audit)
        .args(args);
        let out = run(c).await;
        outputs.push_str(&text(&out.stdout));
        outputs.push_str(&text(&out.stderr));
        assert!(out.status.code().is_some(), "session {i} ended normally");
    }
    // And a wrong-SK session, whose error path must not echo the key either.
    let mut c = aksk_against(&server, home.path());
    c.env("HUAWEICLOUD_SDK_SK", "WRONG-SK-SHOULD-NOT-LEAK")
        .arg("--log-file")
        .arg(&log)
        .args(["jobs", "list"]);
    let out = run(c).await;
    outputs.push_str(&text(&out.stdout));
    outputs.push_str(&text(&out.stderr));

    let mut haystacks = vec![("outputs".to_string(), outputs)];
    for f in files_under(home.path()) {
        haystacks.push((
            f.display().to_string(),
            text(&std::fs::read(&f).unwrap_or_default()),
        ));
    }
    assert!(
        haystacks.iter().any(|(n, _)| n.ends_with("drs.log")),
        "log written"
    );
    assert!(
        haystacks.iter().any(|(n, _)| n.ends_with("audit.jsonl")),
        "audit written"
    );
    for secret in [
        demo::DEMO_AK,
        demo::DEMO_SK,
        "FAKE-SECURITY-TOKEN-SHOULD-NOT-LEAK",
        "WRONG-SK-SHOULD-NOT-LEAK",
    ] {
        for (name, hay) in &haystacks {
            assert!(!hay.contains(secret), "{secret} leaked into {name}");
        }
    }
}

/// On a terminal, `jobs delete` asks y/N: `n` sends nothing (exit 3), `y` deletes (exit 0).
#[tokio::test(flavor = "multi_thread")]
async fn delete_asks_on_a_terminal_and_n_sends_nothing() {
    let (server, home) = served(60).await;
    let job = deletable(&server);
    let delete = ["jobs", "delete", job.id.as_str()];
    let mut tty = on_terminal(&server, home.path(), &delete, (120, 20));
    let screen = tty.wait_text("[y/N]");
    assert!(
        screen.contains(&job.id) && screen.contains("Delete it?"),
        "{screen}"
    );
    tty.type_text("n\r");
    assert_eq!(tty.wait_exit(Duration::from_secs(10)), Some(3));
    assert_eq!(server.state.count("DELETE", ""), 0, "n sends nothing");

    let mut tty = on_terminal(&server, home.path(), &delete, (120, 20));
    tty.wait_text("[y/N]");
    tty.type_text("y\r");
    assert_eq!(tty.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(tty.screen().contains(&format!("{} 200 OK", job.id)));
    assert_eq!(server.state.count("DELETE", &job.id), 1);
}

/// Escape and control sequences in server text never reach the command output raw.
#[tokio::test]
async fn server_text_with_escape_sequences_is_printed_harmlessly() {
    let server = server(10).await;
    let evil = insert_copy(&server, "e5e5e5e5-0000-4000-8000-00000000000e", |j| {
        j.name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2Jname\u{9b}31m\u{202e}".into();
        j.description = "line1\nline2\u{1b}[1A".into();
    });
    let home = tempfile::tempdir().expect("tmp");
    for args in [
        vec!["jobs", "list"],
        vec!["jobs", "list", "-o", "json"],
        vec!["jobs", "show", evil.id.as_str()],
        vec!["jobs", "show", evil.id.as_str(), "-o", "json"],
    ] {
        let out = run(with(against(&server, home.path()), &args)).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(s.contains("evil"), "{args:?}: {s}");
        assert!(
            !s.chars()
                .any(|c| c == '\u{1b}' || c == '\u{9b}' || c == '\u{7}' || c == '\u{202e}'),
            "{args:?} printed a raw control character: {s:?}"
        );
        if args.contains(&"json") {
            let v: serde_json::Value = serde_json::from_str(&s).expect("still valid JSON");
            let name = if args[1] == "list" {
                v.as_array()
                    .and_then(|a| a.iter().find(|j| j["id"] == evil.id.as_str()))
                    .map(|j| j["name"].clone())
            } else {
                v.pointer("/base_info/name")
                    .cloned()
                    .or_else(|| v.get("name").cloned())
            };
            let name = name.unwrap_or_else(|| panic!("{args:?}: no name for the job in {v}"));
            // JSON keeps the exact value, escaped, for machines.
            assert_eq!(
                name,
                serde_json::Value::String(evil.name.clone()),
                "{args:?}"
            );
        }
    }
}

#[tokio::test]
async fn stop_with_yes_stops_a_running_job_and_refuses_an_unknown_one() {
    let (server, home) = served(60).await;
    let running = |j: &drs_tui::api::Job| j.status_kind() == drs_tui::api::StatusKind::Running;
    let job = top_level_job(&server, |j| can_free(j) && running(j));
    let c = with(against(&server, home.path()), ["jobs", "stop", "--yes"]);
    let out = run(with(c, [&job.id, "no-such-job"])).await;
    exited(&out, 1);
    let lines = lines(&out);
    assert_eq!(lines[0], format!("{} 200 OK", job.id));
    assert!(
        lines[1].starts_with("no-such-job 400 DRS.10000010"),
        "{lines:?}"
    );
    let now = server.state.job(&job.id).expect("still listed");
    assert!(now.status.starts_with("RELEASE_RESOURCE"), "{}", now.status);
}
