//! End to end, as a user at 80x24: after a 22-job delete, every outcome can be reached in the
//! Outcomes pane and Enter shows the full record of the first one. The real binary in a
//! pseudo-terminal against the demo service on 127.0.0.1:0.

mod common;

use std::time::Duration;

use common::pty::{Against, Tui, deletes, keys, started};
use common::*;
use drs_tui::demo::DemoServer;

const LONG: Duration = Duration::from_secs(30);

/// A private home and the real binary in it at 80x24 against `server`, with no undo window,
/// its first listing shown.
fn open(server: &DemoServer) -> (tempfile::TempDir, Tui) {
    let (home, tui) = started(server, Against::sized(80, 24));
    let n = server.state.job_ids().len();
    tui.wait_for("the job list", LONG, |s| {
        s.contains(&format!("jobs {n}/{n}"))
    });
    (home, tui)
}

#[tokio::test(flavor = "multi_thread")]
async fn at_80x24_the_first_of_22_outcomes_is_reachable_and_enter_shows_its_record() {
    let server = server(300).await;
    let ended = server.state.with_jobs(|jobs| {
        jobs.iter()
            .filter(|j| j.status == "RELEASE_RESOURCE_COMPLETE" && j.can_delete())
            .count()
    });
    assert!(ended >= 22, "the seed has {ended} ended jobs");
    let (_home, mut tui) = open(&server);
    tui.mark_ended_and_delete(22);
    tui.wait_text("Delete 22 jobs?");
    tui.type_text("22");
    tui.send(b"y");
    let s = tui.wait_for("22 outcomes", LONG, |s| s.contains("Outcomes 22"));
    // Only the newest fit in the pane at this size.
    assert!(s.matches("200 OK").count() <= 3, "{s}");
    let deleted = deletes(&server);
    assert_eq!(deleted.len(), 22, "22 DELETEs were sent");

    // Tab: list -> detail -> outcomes; End goes to the first outcome of the session.
    tui.send(keys::TAB);
    tui.send(keys::TAB);
    tui.wait_text("1/22");
    tui.send(b"G");
    tui.wait_text("22/22");
    tui.send(keys::ENTER);
    let wants = [
        "Outcome 1 of 22: Delete",
        "HTTP status  200",
        "attempts     1",
        "settled by   response",
        "request id",
        "duration",
    ];
    // Waits for every field: a screen read mid-frame may hold only the record's top.
    let s = tui.wait_for("the first outcome's record", LONG, |s| {
        wants.iter().all(|w| s.contains(w))
    });
    let shown_id = deleted
        .iter()
        .find(|id| s.contains(id.as_str()))
        .unwrap_or_else(|| panic!("the record shows a deleted job's whole id:\n{s}"));
    assert!(server.state.job(shown_id).is_none());
    tui.send(keys::ESC);
    tui.wait_for("the record to close", LONG, |s| {
        !s.contains("Outcome 1 of 22")
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn y_and_upper_y_send_the_id_and_the_job_to_the_clipboard_with_osc_52() {
    let server = server(40).await;
    let job = find_job(&server, |j| j.job_mode_role != "child");
    let (_home, mut tui) = open(&server);
    tui.filter(&job.id);
    tui.wait_text("jobs 1/");
    tui.send(b"y");
    tui.wait_text("copied the job id");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains(&drs_tui::clipboard::osc52(&job.id)),
        "the terminal was asked to copy the id"
    );
    tui.send(b"Y");
    // At 80 columns the message is cut and says where it is whole (`… :messages`).
    tui.wait_text("copied job");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert_eq!(
        raw.matches("\x1b]52;c;").count(),
        2,
        "a second copy, the JSON"
    );
}
