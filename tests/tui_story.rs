//! The job's own story before deleting it (issue 11): `p` shows its progress and `l` its log,
//! paged with offset/limit (`m` fetches the next page); Enter opens a parent job to its children
//! as rows, each deletable on its own. The real binary in a PTY against the demo service.

mod common;

use std::time::Duration;

use common::pty::{Tui, deletes, keys, listed};
use common::*;
use drs_tui::api::Job;
use drs_tui::demo::DemoServer;

const LONG: Duration = Duration::from_secs(20);

/// The detail calls of one type the service received for a job, by their query.
fn story_queries(server: &DemoServer, job: &Job, kind: &str) -> Vec<String> {
    server
        .state
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.job_id.as_deref() == Some(job.id.as_str()))
        .filter(|r| r.query.split('&').any(|p| p == format!("type={kind}")))
        // The test's own one-entry probes are not the TUI's.
        .filter(|r| !r.query.split('&').any(|p| p == "limit=1"))
        .map(|r| r.query)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn p_shows_the_jobs_progress_and_l_its_log_page_by_page() {
    let server = server(80).await;
    let client = token_client(&server);
    // A job whose log is longer than one page (50 entries).
    let mut long = None;
    for id in server.state.job_ids() {
        let a = client.show_job_page(&id, "log", 0, 1).await.expect("log");
        if a.value.job["total_count"].as_u64().unwrap_or(0) > 60 {
            long = server.state.job(&id);
            break;
        }
    }
    let job = long.expect("a job with a long log");
    let total = client
        .show_job_page(&job.id, "log", 0, 1)
        .await
        .expect("log")
        .value
        .job["total_count"]
        .as_u64()
        .unwrap_or(0);
    let (_home, mut tui) = listed(&server, &[]);
    tui.filter_to(&job);

    tui.send(b"p");
    let screen = tui.wait_for("the progress", LONG, |s| {
        // Drawn as a tree (issue 15 item 7): each key under its parent, none cut.
        s.contains("progress (jobs show type=progress)")
            && s.contains("progress_info")
            && s.contains("incr_trans_delay_millis")
            && s.contains("transfer_status")
    });
    assert!(!screen.contains("progress_info.progress…"), "{screen}");
    assert_eq!(story_queries(&server, &job, "progress").len(), 1);

    tui.send(b"l");
    let screen = tui.wait_for("the first log page", LONG, |s| {
        s.contains("log (jobs show type=log)") && s.contains(&format!("50 of {total} entries"))
    });
    let head: String = job.name.chars().take(10).collect();
    assert!(
        screen
            .lines()
            .any(|l| l.contains(&format!("job {head}")) && l.contains("created")),
        "the log starts with the creation:\n{screen}"
    );
    assert_eq!(
        story_queries(&server, &job, "log"),
        vec!["limit=50&offset=0&type=log".to_string()]
    );

    tui.send(b"m");
    let next = (total as usize).min(100);
    tui.wait_for("the second log page", LONG, |s| {
        s.contains(&format!("{next} of {total} entries"))
    });
    assert_eq!(
        story_queries(&server, &job, "log"),
        vec![
            "limit=50&offset=0&type=log".to_string(),
            "limit=50&offset=50&type=log".to_string()
        ]
    );

    // Esc goes back to the job's detail.
    tui.send(keys::ESC);
    tui.wait_for("the detail", LONG, |s| s.contains("detail (jobs show)"));
}

#[tokio::test(flavor = "multi_thread")]
async fn enter_opens_a_parent_to_its_children_and_a_child_is_deleted_on_its_own() {
    let server = server(60).await;
    let parent = find_job(&server, |j| j.children.iter().any(|c| c.can_delete()));
    let child = parent
        .children
        .iter()
        .find(|c| c.can_delete())
        .cloned()
        .expect("a deletable child");
    let (_home, mut tui) = listed(&server, &[]);
    tui.filter_to(&parent);
    tui.send(keys::ENTER);
    // The children are rows, not listed jobs: the count stays `jobs 1/` (issue 15 item 8).
    let kids = parent.children.len();
    tui.wait_for("the children rows", LONG, |s| {
        s.contains("jobs 1/") && s.matches("└ ").count() >= kids
    });
    // Down to the child, then delete it alone.
    let pos = parent
        .children
        .iter()
        .position(|c| c.id == child.id)
        .unwrap_or(0);
    for _ in 0..=pos {
        tui.send(keys::DOWN);
    }
    let short: String = child.name.chars().take(12).collect();
    tui.wait_for("the child's detail", LONG, |s| {
        s.contains(&format!("Detail: {short}")) && s.contains("parent")
    });
    tui.send(b"d");
    let modal = tui.wait_text("Cancel (n/Esc)");
    assert!(modal.contains(&child.id[..8]), "{modal}");
    tui.send(b"y");
    tui.wait_for("the outcome", LONG, |s| s.contains("200 OK"));
    assert_eq!(deletes(&server), vec![child.id.clone()], "only the child");
    assert!(server.state.job(&parent.id).is_some(), "the parent stays");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_command_history_is_kept_across_sessions() {
    let server = server(20).await;
    let (home, mut tui) = listed(&server, &[]);
    tui.send(b":");
    tui.type_text("type sync");
    tui.send(keys::ENTER);
    tui.wait_for("the sync jobs", LONG, |s| s.contains("type: sync"));
    tui.quit(LONG);
    let file = common::bin::files_under(home.path())
        .into_iter()
        .find(|p| p.ends_with("command-history"))
        .expect("the history file in the state directory");
    assert_eq!(
        std::fs::read_to_string(&file).expect("history"),
        "type sync\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "private: {mode:o}");
    }

    let mut tui = Tui::against(&server, home.path(), &[]);
    tui.wait_for("the job list", LONG, |s| s.contains("jobs "));
    tui.send(b":");
    tui.send(keys::UP);
    tui.wait_for("the last session's command", LONG, |s| {
        s.contains(":type sync")
    });
    tui.send(keys::ENTER);
    tui.wait_for("it runs again", LONG, |s| s.contains("type: sync"));
}
