//! The TUI ends every write on record, as a user sees it in a real terminal: a signal during a
//! bulk delete, quitting with deletes in flight (the countdown), and the offer to settle
//! unsettled writes of an earlier run.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::{Tui, listed};
use common::service::{ms, server_tuned, slow_deletes, top_level_jobs};
use common::*;
use drs_tui::api::Job;
use drs_tui::audit::{self, AuditContext, AuditLog, AuditRecord};
use drs_tui::demo::{self, DemoServer};

const LONG: Duration = Duration::from_secs(20);

fn audit_path(home: &Path) -> PathBuf {
    home.join("audit.jsonl")
}

/// Filters to ended jobs, marks `n` of them, `d`, `y`.
fn delete_marked(tui: &mut Tui, n: usize) {
    tui.mark_ended_and_delete(n);
    tui.wait_text(&format!("Delete {n}"));
    tui.send(b"y");
}

/// Waits until the app shows `n` deletes in flight (its rows say `deleting`): it knows they
/// were sent, so `q` asks before quitting. (The intent on record comes before the app learns
/// the request went out.)
fn in_flight(tui: &Tui, n: usize) {
    tui.wait_for("the deletes in flight", LONG, |s| {
        s.lines()
            .filter(|l| l.starts_with('│') && l.contains("deleting"))
            .count()
            >= n
    });
}

/// A demo service whose DELETEs are answered after `slow_ms`; the TUI against it (`extra`)
/// deletes `n` ended jobs, and once they are in flight `q` asks and `y` confirms the quit.
async fn quit_while_in_flight(
    slow_ms: u64,
    extra: &[&str],
    n: usize,
) -> (DemoServer, tempfile::TempDir, Tui) {
    let (server, _) = slow_deletes(150, slow_ms).await;
    let (home, mut tui) = listed(&server, extra);
    delete_marked(&mut tui, n);
    in_flight(&tui, n);
    tui.send(b"q");
    tui.wait_text("still in flight");
    tui.send(b"y");
    (server, home, tui)
}

/// Waits until the audit trail holds an intent: a delete is about to be sent.
fn until_intent(path: &Path) {
    common::bin::until("an intent (a delete sent)", LONG, || {
        std::fs::read_to_string(path).is_ok_and(|t| t.contains("\"intent\""))
    });
}

/// Every intent has an outcome matching what the service did; returns the outcomes.
fn every_intent_settled(server: &DemoServer, path: &Path) -> Vec<AuditRecord> {
    let read = audit::read_all(path).expect("audit");
    assert!(read.damaged.is_empty(), "{:?}", read.damaged);
    assert!(
        audit::unsettled(&read.records).is_empty(),
        "every intent has an outcome"
    );
    let outcomes: Vec<AuditRecord> = read
        .records
        .into_iter()
        .filter(|r| r.record == "outcome")
        .collect();
    for o in &outcomes {
        let received = deletes_received(server, &o.job_id);
        assert_eq!(o.http_status, received.first().copied(), "{o:?}");
        assert_eq!(
            server.state.job(&o.job_id).is_none(),
            o.result.as_deref() == Some("200 OK"),
            "{o:?}"
        );
    }
    outcomes
}

async fn signal_during_a_bulk_delete(signal: &str, code: u32) {
    let server = server_tuned(150, |c| c.latency = ms(400)).await;
    let (home, mut tui) = listed(&server, &["--concurrency", "2"]);
    delete_marked(&mut tui, 6);
    until_intent(&audit_path(home.path()));
    common::bin::kill(tui.pid().expect("pid"), signal);
    assert_eq!(tui.wait_exit(LONG), Some(code));
    assert!(!tui.alternate_screen(), "alternate screen left");
    assert!(!tui.cursor_hidden(), "cursor shown again");
    let outcomes = every_intent_settled(&server, &audit_path(home.path()));
    assert!(!outcomes.is_empty());
    assert!(
        outcomes.len() < 6,
        "the queued deletes were cancelled, not sent"
    );
    let sent: usize = server.state.count("DELETE", "/jobs/");
    assert_eq!(sent, outcomes.len(), "nothing sent after the signal");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_during_a_tui_bulk_delete_ends_every_write_on_record() {
    signal_during_a_bulk_delete("TERM", 143).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_during_a_tui_bulk_delete_ends_every_write_on_record() {
    signal_during_a_bulk_delete("HUP", 129).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quit_with_deletes_in_flight_counts_down_and_records_every_outcome() {
    let (server, home, mut tui) = quit_while_in_flight(2500, &[], 3).await;
    let screen = tui.wait_for("the countdown", LONG, |s| s.contains("Waiting up to"));
    assert!(screen.contains("Quitting (confirmed with y)"), "{screen}");
    assert_eq!(tui.wait_exit(LONG), Some(0));
    assert!(!tui.alternate_screen());
    let outcomes = every_intent_settled(&server, &audit_path(home.path()));
    assert_eq!(outcomes.len(), 3);
    assert!(
        outcomes
            .iter()
            .all(|o| o.result.as_deref() == Some("200 OK"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn quit_waits_no_longer_than_the_grace_then_records_interrupted() {
    let (_server, home, mut tui) = quit_while_in_flight(60000, &["--shutdown-grace", "2"], 2).await;
    let started = Instant::now();
    assert_eq!(
        tui.wait_exit(LONG),
        Some(1),
        "writes left unanswered: exit 1"
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "bounded by the grace"
    );
    assert!(tui.screen().contains("interrupted"), "{}", tui.screen());
    let read = audit::read_all(&audit_path(home.path())).expect("audit");
    let outcomes: Vec<_> = read
        .records
        .iter()
        .filter(|r| r.record == "outcome")
        .collect();
    assert_eq!(outcomes.len(), 2, "every intent has an outcome record");
    assert!(
        outcomes
            .iter()
            .all(|o| o.settled_by.as_deref() == Some("interrupted")),
        "{outcomes:?}"
    );
    // Interrupted is still unsettled: the next start offers to settle it.
    assert_eq!(audit::unsettled(&read.records).len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn unsettled_writes_of_an_earlier_run_are_offered_and_settled_on_u() {
    let server = server(60).await;
    let jobs = top_level_jobs(&server, 2, Job::can_delete);
    // An earlier run sent two deletes and died: the service processed the first only.
    assert!(server.state.remove_job(&jobs[0].id));
    let home = tempfile::tempdir().expect("tmp");
    let log = AuditLog::open(&audit_path(home.path())).expect("audit");
    let context = AuditContext {
        profile: None,
        region: None,
        project_id: Some(demo::DEMO_PROJECT_ID.into()),
        endpoint: url::Url::parse(&server.base_url())
            .expect("url")
            .to_string(),
    };
    // Sent two minutes ago: past the window in which an answer may still arrive.
    let sent = (time::OffsetDateTime::now_utc() - time::Duration::minutes(2))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time");
    for (i, j) in jobs.iter().enumerate() {
        log.append(&AuditRecord {
            context: Some(context.clone()),
            time: sent.clone(),
            ..AuditRecord::new("intent", &format!("op{i}"), "delete", j)
        })
        .expect("append");
    }
    let mut tui = Tui::against(&server, home.path(), &[]);
    let screen = tui.wait_for("the offer", LONG, |s| {
        s.contains("2 write(s) of an earlier run are unsettled")
    });
    assert!(screen.contains("U re-reads"), "{screen}");
    tui.loaded(&server);
    let before = audit::read(&audit_path(home.path())).expect("read");
    assert_eq!(before.len(), 2, "nothing settled before U");
    tui.send(b"U");
    let screen = tui.wait_for("the settled lines", LONG, |s| {
        s.contains("deleted (confirmed by re-read)") && s.contains("still present")
    });
    assert!(screen.contains("settled 2 write(s)"), "{screen}");
    let records = audit::read(&audit_path(home.path())).expect("read");
    assert!(audit::unsettled(&records).is_empty());
    assert!(
        deletes_received(&server, &jobs[1].id).is_empty(),
        "settling never deletes"
    );
    tui.quit(LONG);
}
