//! End to end, as a user: the real binary in a pseudo-terminal against the demo service on
//! 127.0.0.1:0. Keys are pressed, the screen is read with vt100, and the service's own record of
//! requests is checked.

mod common;

use std::time::Duration;

use common::pty::{
    Against, HELP_TITLE, LONG, Tui, at_job, deletes, keys, listed, shown_name, started,
};
use common::service::{can_free, top_level_job, top_level_jobs};
use common::*;
use drs_tui::api::{Job, StatusKind};
use drs_tui::demo::{self, DemoServer};

/// Proves that every key sent so far was taken (the help overlay opens after them, and closes
/// again) and that none confirmed a write: the outcomes pane still says no request was made and
/// no batch is under way (a confirmation starts one at once, before anything is sent).
fn nothing_confirmed(tui: &mut Tui, server: &DemoServer) {
    let screen = tui.keys_taken();
    assert!(screen.contains("no requests yet"), "{screen}");
    // The batch gauge reads `deletes N/M (…)`.
    let batch = screen
        .match_indices("deletes ")
        .any(|(i, w)| screen[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()));
    assert!(!batch, "no batch: {screen}");
    assert!(deletes(server).is_empty(), "no DELETE");
}

/// `d`, wait for the confirmation modal, `y`.
fn ask_and_confirm(tui: &mut Tui) {
    tui.send(b"d");
    tui.wait_text("Cancel (n/Esc)");
    tui.send(b"y");
}

/// `d` on the selected job, the modal, `key`, then waits for the modal to close.
fn ask_and_answer(tui: &mut Tui, key: &[u8]) {
    tui.send(b"d");
    tui.wait_text("Cancel (n/Esc)");
    tui.send(key);
    tui.wait_for("the modal to close", LONG, |s| {
        !s.contains("Cancel (n/Esc)")
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn select_d_y_sends_exactly_one_delete_and_shows_200() {
    let (server, job, _home, mut tui) = at_job(60, &[], Job::can_delete).await;
    ask_and_confirm(&mut tui);
    let screen = tui.wait_for("the 200 outcome", LONG, |s| s.contains("200 OK"));
    assert!(
        screen.contains(&format!("DELETE {}", shown_name(&job))),
        "{screen}"
    );
    assert_eq!(
        deletes(&server),
        vec![job.id.clone()],
        "exactly one DELETE, for that job"
    );
    assert!(server.state.job(&job.id).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn d_then_n_sends_nothing() {
    let (server, job, _home, mut tui) = at_job(60, &[], Job::can_delete).await;
    ask_and_answer(&mut tui, b"n");
    // Other keys after a cancel must not send either.
    tui.send(b"y");
    tui.send(keys::ENTER);
    nothing_confirmed(&mut tui, &server);
    assert!(server.state.job(&job.id).is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn five_marked_then_d_y_gives_five_outcomes() {
    let server = server(150).await;
    let (_home, mut tui) = listed(&server, &[]);
    tui.mark_ended_and_delete(5);
    // The modal lists each job with its id: those five, and only those, are deleted.
    let ids = server.state.job_ids();
    let listed_in = |modal: &str| -> Vec<String> {
        let lines: String = modal
            .lines()
            .skip_while(|l| !l.contains("Will delete:"))
            .take_while(|l| !l.contains("Sends DELETE"))
            .collect();
        ids.iter()
            .filter(|id| lines.contains(id.as_str()))
            .cloned()
            .collect()
    };
    let modal = tui.wait_for("the modal's five jobs", LONG, |s| {
        s.contains("Delete 5") && listed_in(s).len() >= 5
    });
    let mut listed = listed_in(&modal);
    assert_eq!(listed.len(), 5, "{modal}");
    for id in &listed {
        let job = server.state.job(id).expect("listed job exists");
        assert_eq!(
            job.status, "RELEASE_RESOURCE_COMPLETE",
            "{id} matches the filter"
        );
    }
    tui.send(b"y");
    let screen = tui.wait_for("five outcomes", LONG, |s| s.matches("200 OK").count() >= 5);
    assert_eq!(screen.matches("200 OK").count(), 5, "{screen}");
    let mut sent = deletes(&server);
    sent.sort();
    listed.sort();
    assert_eq!(sent, listed, "one DELETE for each listed job, no other");
    assert!(listed.iter().all(|id| server.state.job(id).is_none()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_deleted_behind_the_tools_back_is_already_gone() {
    let (server, job, _home, mut tui) = at_job(60, &[], Job::can_delete).await;
    assert!(server.state.remove_job(&job.id));
    ask_and_confirm(&mut tui);
    let screen = tui.wait_for("the 400 outcome", LONG, |s| s.contains("DRS.10000010"));
    // The whole answer is on the outcome line, read as "already gone", not as a failure.
    let line = screen
        .lines()
        .find(|l| l.contains("DRS.10000010"))
        .unwrap_or_default();
    assert!(line.contains("already gone: 400 DRS.10000010"), "{screen}");
    assert!(!line.contains("failed"), "{screen}");
    assert!(screen.contains("deletes 1/1 (1 ok)"), "{screen}");
    // The goal is reached: the row is removed.
    assert!(screen.contains("jobs 0/"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_running_job_is_stopped_then_deleted() {
    let (server, job, _home, mut tui) = at_job(60, &[], |j| {
        j.status_kind() == StatusKind::Running && can_free(j)
    })
    .await;
    tui.send(b"d");
    let modal = tui.wait_text("[s] stop");
    assert!(modal.contains("Cannot delete now"), "{modal}");
    tui.send(b"s");
    tui.send(b"y");
    let screen = tui.wait_for("the delete after the stop", Duration::from_secs(30), |s| {
        s.lines()
            .any(|l| l.contains("DELETE ") && l.contains("200 OK"))
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains("STOP ") && l.contains("200 OK")),
        "the stop's own outcome is shown: {screen}"
    );
    assert_eq!(server.state.count("POST", "/stop"), 1);
    assert_eq!(deletes(&server), vec![job.id.clone()]);
    assert!(server.state.job(&job.id).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_sequences_in_a_job_name_are_drawn_harmlessly() {
    let server = server(20).await;
    let mut evil = top_level_job(&server, |j| j.can_delete());
    evil.id = "e5e5e5e5-0000-4000-8000-000000000001".into();
    evil.name = "evil\u{1b}]0;pwned-title\u{7}\u{1b}[2J\u{1b}[31mjob\u{9b}1m".into();
    evil.description = "desc\u{1b}]52;c;cHduZWQ=\u{7}".into();
    server.state.insert_job(evil.clone());
    let home = tempfile::tempdir().expect("tmp");
    let mut tui = Tui::against(&server, home.path(), &[]);
    tui.loaded(&server);
    tui.select(&evil);
    let screen = tui.wait_text("evil");
    assert!(
        screen.contains("eviljob"),
        "sequences removed whole: {screen}"
    );
    assert!(
        screen.contains("drs-tui"),
        "the screen was not cleared: {screen}"
    );
    let raw = tui.raw();
    let raw = String::from_utf8_lossy(&raw);
    assert!(
        !raw.contains("pwned-title"),
        "no title-setting sequence reached the terminal"
    );
    assert!(
        !raw.contains("cHduZWQ="),
        "no clipboard sequence reached the terminal"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn q_quits_and_leaves_the_terminal_clean() {
    let server = server(10).await;
    let (_home, mut tui) = listed(&server, &[]);
    assert!(tui.alternate_screen(), "the TUI uses the alternate screen");
    tui.quit(Duration::from_secs(10));
    assert!(!tui.alternate_screen(), "alternate screen left");
    assert!(!tui.cursor_hidden(), "cursor shown again");
    assert!(
        !tui.screen().contains("Outcomes"),
        "the TUI is gone from the screen"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_restores_the_terminal() {
    let server = server(10).await;
    let (_home, mut tui) = listed(&server, &[]);
    let pid = tui.pid().expect("pid");
    common::bin::kill(pid, "TERM");
    assert!(
        tui.wait_exit(Duration::from_secs(10)).is_some(),
        "exits on SIGTERM"
    );
    assert!(!tui.alternate_screen());
    assert!(!tui.cursor_hidden());
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_flag_opens_the_tui_on_the_built_in_service() {
    let home = tempfile::tempdir().expect("tmp");
    let log = home.path().join("tui.log");
    let mut tui = Tui::spawn(
        home.path(),
        &["--demo", "--log-file", log.to_str().expect("utf8")],
        &[],
        140,
        40,
    );
    // The header is drawn before the rows: wait for both (a screen read mid-frame has only some
    // rows).
    tui.wait_for("the demo header and jobs", LONG, |s| {
        // Rows drawn: the selected one's pointer (statuses may show as their short labels).
        s.contains("DEMO") && s.contains("jobs 120/120") && s.contains("  ▶ ")
    });
    let help = tui.help_shown();
    assert!(help.contains("mark or unmark the selected job"), "{help}");
    tui.send(keys::ESC);
    let screen = tui.wait_for("the help to close", LONG, |s| !s.contains(HELP_TITLE));
    assert!(screen.contains("jobs 120/120"), "{screen}");
    tui.quit(Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tiny_terminal_says_so_instead_of_drawing() {
    let server = server(10).await;
    let (_home, mut tui) = started(&server, Against::sized(30, 8));
    tui.wait_text("too small");
    tui.quit(Duration::from_secs(10));
}

/// A TUI session with AK/SK and a security token: no secret on any screen, in the log or in
/// the audit file.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_reach_the_screen_log_or_audit() {
    let server = server(30).await;
    let job = top_level_job(&server, |j| j.can_delete());
    let (home, mut tui) = started(
        &server,
        Against {
            token: false,
            env: &[
                ("HUAWEICLOUD_SDK_AK", demo::DEMO_AK),
                ("HUAWEICLOUD_SDK_SK", demo::DEMO_SK),
                (
                    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
                    "FAKE-STS-TOKEN-MUST-NOT-LEAK",
                ),
                ("DRS_TUI_LOG", "trace"),
            ],
            ..Against::default()
        },
    );
    let log = home.path().join("tui.log");
    let audit = home.path().join("audit.jsonl");
    let mut screens = vec![tui.wait_for("the job list", LONG, |s| s.contains("jobs 30/30"))];
    tui.select(&job);
    tui.send(b"d");
    screens.push(tui.wait_text("Cancel (n/Esc)"));
    tui.send(b"y");
    screens.push(tui.wait_for("the outcome", LONG, |s| s.contains("200 OK")));
    screens.push(tui.help_shown());
    tui.send(keys::ESC);
    tui.send(b"q");
    tui.wait_exit(Duration::from_secs(10));
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    let log_text = std::fs::read_to_string(&log).expect("log written");
    let audit_text = std::fs::read_to_string(&audit).expect("audit written");
    assert!(audit_text.contains(&job.id));
    for secret in [demo::DEMO_AK, demo::DEMO_SK, "FAKE-STS-TOKEN-MUST-NOT-LEAK"] {
        for (what, hay) in [
            ("raw output", &raw),
            ("log", &log_text),
            ("audit", &audit_text),
        ] {
            assert!(!hay.contains(secret), "{secret} leaked into the {what}");
        }
        for s in &screens {
            assert!(!s.contains(secret), "{secret} on screen");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn u_in_the_undo_window_cancels_and_nothing_is_sent() {
    let (server, job, home, mut tui) = at_job(60, &["--undo-grace", "2"], Job::can_delete).await;
    let other = top_level_job(&server, |j| j.can_delete() && j.id != job.id);
    ask_and_confirm(&mut tui);
    tui.wait_for("the countdown", LONG, |s| s.contains("⏳"));
    tui.send(b"u");
    let screen = tui.wait_for("the cancellation", LONG, |s| s.contains("cancelled"));
    assert!(!screen.contains("200 OK"), "{screen}");
    // The fence: a second delete, confirmed later with the same window, is sent once its
    // window is over; the first one's window ended before, so had it been kept it would be in
    // the service's log first.
    tui.send(keys::ESC);
    tui.select(&other);
    ask_and_confirm(&mut tui);
    tui.wait_for("the second delete's 200", LONG, |s| s.contains("200 OK"));
    assert_eq!(
        deletes(&server),
        vec![other.id.clone()],
        "nothing sent after u"
    );
    assert!(server.state.job(&job.id).is_some());
    // The audit trail has no intent for a delete that was never sent.
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap_or_default();
    assert!(!audit.contains(&job.id), "{audit}");
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_hides_writes_and_sends_nothing() {
    let server = server(30).await;
    let home = tempfile::tempdir().expect("tmp");
    let job = top_level_job(&server, |j| j.can_delete());
    let mut tui = Tui::against(&server, home.path(), &["--read-only"]);
    let screen = tui.wait_for("the list", LONG, |s| s.contains("jobs 30/30"));
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(!screen.contains("d delete"), "write keys hidden: {screen}");
    tui.select(&job);
    tui.send(b"d");
    tui.send(b"y");
    tui.send(keys::ENTER);
    nothing_confirmed(&mut tui, &server);
}

/// Rows appear as pages arrive: the first pages are on screen before the last one is in.
#[tokio::test(flavor = "multi_thread")]
async fn rows_appear_while_the_listing_is_still_paging() {
    let server = server_with(drs_tui::demo::DemoConfig {
        jobs: 3000,
        latency: Duration::from_millis(250),
        ..drs_tui::demo::DemoConfig::default()
    })
    .await;
    let home = tempfile::tempdir().expect("tmp");
    let tui = Tui::against(&server, home.path(), &["--page-size", "100"]);
    // Some jobs shown while the header's total is already the service's 3,000.
    let partial = tui.wait_for("a partly loaded list", LONG, |s| {
        s.split("jobs ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.split_once('/'))
            .and_then(|(a, b)| {
                Some((
                    a.replace(',', "").parse::<u32>().ok()?,
                    b.replace(',', "").parse::<u32>().ok()?,
                ))
            })
            .is_some_and(|(shown, total)| shown > 0 && shown < total)
    });
    // Rows with their statuses, whole or as short labels.
    assert!(
        ["RELEASE_", "TRANSFER", "stopped", "running", "configuring"]
            .iter()
            .any(|t| partial.contains(t)),
        "{partial}"
    );
    tui.wait_for("the full list", Duration::from_secs(30), |s| {
        s.contains("jobs 3000/3000") || s.contains("jobs 3,000/3,000")
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn at_30x8_d_then_y_sends_nothing() {
    let (server, job, _home, mut tui) = at_job(30, &[], Job::can_delete).await;
    tui.resize(30, 8);
    tui.wait_text("too small");
    tui.send(b"d");
    tui.send(b"y");
    tui.send(keys::ENTER);
    tui.resize(160, 45);
    let screen = tui.wait_for("the list again", LONG, |s| s.contains("jobs 1/"));
    assert!(
        !screen.contains("Cancel (n/Esc)"),
        "no modal was opened: {screen}"
    );
    tui.send(b"y");
    nothing_confirmed(&mut tui, &server);
    // Opened at a usable size, then shrunk: y and Enter while small do nothing either.
    tui.send(b"d");
    tui.wait_text("Cancel (n/Esc)");
    tui.resize(30, 8);
    tui.wait_text("too small");
    tui.send(b"y");
    tui.send(keys::ENTER);
    tui.resize(160, 45);
    // The modal is still open: neither key confirmed it.
    let screen = tui.wait_text("Cancel (n/Esc)");
    assert!(screen.contains("no requests yet"), "{screen}");
    assert!(deletes(&server).is_empty(), "nothing was sent");
    tui.send(b"y");
    tui.wait_for("the 200 outcome", LONG, |s| s.contains("200 OK"));
    assert_eq!(deletes(&server), vec![job.id.clone()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_sk_shows_the_refusal_in_the_list_pane() {
    let server = server(10).await;
    let (_home, mut tui) = started(
        &server,
        Against {
            env: &[
                ("HUAWEICLOUD_SDK_AK", demo::DEMO_AK),
                (
                    "HUAWEICLOUD_SDK_SK",
                    "wrong-secret-key-0000000000000000000000",
                ),
            ],
            token: false,
            ..Against::sized(100, 30)
        },
    );
    let screen = tui.wait_for("the failure", LONG, |s| {
        s.contains("credentials were refused")
    });
    assert!(screen.contains("listing failed"), "{screen}");
    assert!(screen.contains("APIGW.0301"), "{screen}");
    assert!(screen.contains("nothing more"), "{screen}");
    assert!(!screen.contains("jobs 0/0"), "{screen}");
    let before = server.state.requests().len();
    tui.send(b"r");
    let screen = tui.wait_text("not refreshed");
    assert!(screen.contains("credentials were refused"), "{screen}");
    // Keys after `r` are taken too: had `r` sent anything, it went before them.
    tui.help_shown();
    assert_eq!(server.state.requests().len(), before, "r sent nothing more");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_region_names_the_endpoint_in_the_list_pane() {
    let server = server(10).await;
    // The typo'd region's host cannot resolve: `.invalid` never does (RFC 2606), so the test
    // needs no network; the SDK's per-region override variable points the region there.
    let (_home, tui) = started(
        &server,
        Against {
            extra: &[
                "--region",
                "cn-nort-4",
                "--project-id",
                demo::DEMO_PROJECT_ID,
            ],
            env: &[(
                "HUAWEICLOUD_SDK_REGION_DRS_CN_NORT_4",
                "https://drs.cn-nort-4.invalid",
            )],
            ..Against::sized(100, 30)
        },
    );
    let screen = tui.wait_for("the failure", LONG, |s| s.contains("cannot reach"));
    assert!(screen.contains("drs.cn-nort-4.invalid"), "{screen}");
    assert!(screen.contains("check the region (cn-nort-4)"), "{screen}");
    assert!(screen.contains("listing failed"), "{screen}");
    assert!(!screen.contains("jobs 0/0"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_22_then_enter_sends_22_deletes() {
    let server = server(120).await;
    let deletable = top_level_jobs(&server, 22, Job::can_delete);
    assert_eq!(deletable.len(), 22, "the demo has 22 deletable jobs");
    let (_home, mut tui) = listed(&server, &[]);
    for (i, job) in deletable.iter().enumerate() {
        tui.select(job);
        tui.send(b" ");
        tui.wait_text(&format!("marked {}", i + 1));
        tui.send(keys::ESC);
        tui.wait_for("the filter cleared", LONG, |s| !s.contains("filter:"));
    }
    tui.send(b"d");
    tui.wait_text("to confirm");
    tui.type_text("22");
    tui.send(keys::ENTER);
    tui.wait_for("22 outcomes", LONG, |_| deletes(&server).len() == 22);
    let mut sent = deletes(&server);
    sent.sort();
    let mut want: Vec<String> = deletable.iter().map(|j| j.id.clone()).collect();
    want.sort();
    assert_eq!(sent, want, "exactly the 22 marked jobs");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_jobs_status_changes_on_screen_without_r() {
    let (server, job, _home, mut tui) = at_job(60, &[], |j| {
        j.status == "INCRE_TRANSFER_STARTED" && can_free(j)
    })
    .await;
    let lists = || {
        server
            .state
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.trim_end_matches('/').ends_with("/jobs"))
            .count()
    };
    let lists_before = lists();
    tui.send(b"x");
    tui.wait_text("Cancel (n/Esc)");
    tui.send(b"y");
    tui.wait_for("the stop's 200", LONG, |s| s.contains("200 OK"));
    let screen = tui.wait_for("the settled status", LONG, |s| {
        // The status cell reads the new status, whole or as its label ("stopped", beside the
        // request's own "✓ stopped").
        s.lines().any(|l| {
            l.contains(&shown_name(&job))
                && (l.contains("RELEASE_RESOURCE_COMP") || l.matches("stopped").count() >= 2)
        })
    });
    assert!(screen.contains("stopped"), "{screen}");
    assert!(!screen.contains("INCRE_TRANSFER_STARTED"), "{screen}");
    assert_eq!(
        lists(),
        lists_before,
        "no listing was asked for: the job was re-read"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_d_opens_no_modal_and_moves_half_a_page() {
    let server = server(60).await;
    let (_home, mut tui) = listed(&server, &[]);
    tui.send(keys::CTRL_D);
    // The pointer moved down from the first row.
    let pointer = |screen: &str| {
        let rows: Vec<&str> = screen.lines().filter(|l| l.contains('│')).collect();
        rows.iter().position(|l| l.contains('▶'))
    };
    let screen = tui.wait_for("the pointer half a page down", LONG, |s| {
        pointer(s).is_some_and(|p| p > 3)
    });
    assert!(!screen.contains("Cancel (n/Esc)"), "{screen}");
    assert!(!screen.contains("Delete "), "{screen}");
    nothing_confirmed(&mut tui, &server);
}
