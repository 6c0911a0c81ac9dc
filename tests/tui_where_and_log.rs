//! Issue 15 items 4, 5 and 7 as a user: the real binary in a pseudo-terminal against the demo
//! service on 127.0.0.1:0. With three regions listed the outcome line names the region; a
//! status-line message cut at 70 columns says `… :messages`, and `:messages` shows it whole;
//! `F` follows a job's log (the worker reads it again every 2 s) and shows what the log gains
//! while followed.

mod common;

use std::time::{Duration, Instant};

use common::pty::{at_east_job, keys, listed};
use common::regions::three_projects;
use common::*;
use drs_tui::api::Job;
use drs_tui::demo::{DemoServer, project_id_of};

const LONG: Duration = Duration::from_secs(25);

#[tokio::test(flavor = "multi_thread")]
async fn the_outcome_names_the_region_and_messages_shows_a_cut_message_whole() {
    let server = three_projects(12, "").await;
    let (job, _home, mut tui) = at_east_job(&server);
    tui.send(b"d");
    tui.wait_text("Cancel (n/Esc)");
    tui.send(b"y");
    // `14:02:11  cn-east-3  DELETE billing-cdc-10 (f4379472…): 200 OK`
    let screen = tui.wait_for("the outcome", LONG, |s| s.contains("200 OK"));
    let line = screen
        .lines()
        .find(|l| l.contains("200 OK"))
        .unwrap_or_default();
    assert!(
        line.contains(&format!("cn-east-3  DELETE {}", job.name)),
        "the outcome line names the region: {line:?}\n{screen}"
    );

    // Its record says where and when in full.
    tui.send(keys::TAB);
    tui.send(keys::TAB);
    tui.send(keys::ENTER);
    let record = tui.wait_for("the record", LONG, |s| s.contains("Outcome 1 of 1"));
    for want in [
        "cn-east-3",
        project_id_of("cn-east-3").as_str(),
        server.base_url().as_str(),
    ] {
        assert!(record.contains(want), "{want} in the record:\n{record}");
    }
    assert!(
        record
            .lines()
            .any(|l| l.contains("time") && l.contains("20") && l.matches(':').count() >= 3),
        "the full date:\n{record}"
    );
    tui.send(keys::ESC);

    // At 70 columns a long refusal is cut, and says where to read it whole.
    tui.resize(70, 24);
    tui.command("region cn-esat-3");
    let screen = tui.wait_for("the cut refusal", LONG, |s| {
        s.lines().last().is_some_and(|l| l.contains("… :messages"))
    });
    assert!(
        !screen.contains(":region all lists every region"),
        "the end is cut:\n{screen}"
    );
    tui.command("messages");
    let view = tui.wait_for("the message log", LONG, |s| s.contains("Messages "));
    let flat: String = view.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("unknown region cn-esat-3") && flat.contains("lists every region"),
        "the whole message:\n{view}"
    );
    // Esc closes it; M opens it again.
    tui.send(keys::ESC);
    tui.wait_for("the panes", LONG, |s| !s.contains("Messages "));
    tui.send(b"M");
    tui.wait_for("the message log again", LONG, |s| s.contains("Messages "));
}

/// The log reads of `job` the service has answered.
fn log_reads(server: &DemoServer, job: &Job) -> usize {
    server
        .state
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.job_id.as_deref() == Some(job.id.as_str()))
        .filter(|r| r.query.split('&').any(|p| p == "type=log"))
        .count()
}

/// Waits (polling the service's own record, not sleeping a fixed time) until `job`'s log has
/// been read `n` times.
fn wait_reads(server: &DemoServer, job: &Job, n: usize) {
    let deadline = Instant::now() + LONG;
    while log_reads(server, job) < n {
        assert!(
            Instant::now() < deadline,
            "{} log reads, not {n}",
            log_reads(server, job)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn f_follows_the_log_and_shows_what_it_gains_until_esc() {
    let server = server(40).await;
    let job = find_job(&server, |j| {
        j.can_stop() && j.status.as_str() == "INCRE_TRANSFER_STARTED" && j.children.is_empty()
    });
    let (_home, mut tui) = listed(&server, &[]);
    tui.filter_to(&job);

    // F from the list opens the log on its newest entries and follows it.
    tui.send(b"F");
    tui.wait_for("the followed log", LONG, |s| {
        s.contains("following · F/Esc ends") && s.contains("incremental transfer started")
    });
    // The worker reads it again, without a key.
    let before = log_reads(&server, &job);
    wait_reads(&server, &job, before + 2);

    // The job is stopped: its log gains an entry, shown while followed.
    tui.send(b"x");
    tui.wait_text("Cancel (n/Esc)");
    tui.send(b"y");
    let screen = tui.wait_for("the new entry", LONG, |s| {
        s.contains("job stopped by the user")
    });
    assert!(screen.contains("following"), "{screen}");

    // Esc ends following; the log stays.
    tui.send(keys::ESC);
    let screen = tui.wait_for("following ended", LONG, |s| {
        s.contains("no longer following the log")
    });
    assert!(!screen.contains("following · F/Esc ends"), "{screen}");
    assert!(screen.contains("job stopped by the user"), "{screen}");
}
