//! One cleaning rule everywhere (issue 17 item 5): line and paragraph separators and bidi
//! controls are cleaned like C0/C1 controls in the table, TSV and JSON; every field `audit`
//! prints is cleaned; a job whose id had to be cleaned is listed, shown cleaned and never
//! written to, in the CLI and in the TUI alike. The real binary against the demo service.

mod common;

use std::time::Duration;

use common::bin::{against, cmd, run, text};
use common::pty::{Tui, keys};
use common::service::*;
use common::*;
use drs_tui::api::Job;
use drs_tui::demo::{self, DemoServer};

/// The characters the rule covers besides C0 and C1.
const SEPARATORS_AND_BIDI: [char; 14] = [
    '\u{2028}', '\u{2029}', '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
    '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Any character of the rule: what no output may carry raw.
fn raw_unsafe(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t' || SEPARATORS_AND_BIDI.contains(c))
}

#[tokio::test]
async fn line_separators_and_bidi_controls_are_cleaned_in_table_tsv_and_json() {
    let server = server(6).await;
    let mut job = top_level_job(&server, |_| true);
    job.id = "5e9a5e9a-0000-4000-8000-000000002028".into();
    let evil: String = SEPARATORS_AND_BIDI.iter().collect();
    job.name = format!("sep{evil}name");
    job.status = format!("RUN\u{2028}NING{evil}").into();
    server.state.insert_job(job.clone());
    let home = tempfile::tempdir().expect("tmp");
    for format in ["table", "tsv", "json"] {
        let mut c = against(&server, home.path());
        c.args(["jobs", "list", "-o", format]);
        let s = expect_success(&run(c).await, format);
        assert!(s.contains("sep"), "{format}: the job is listed: {s}");
        assert_eq!(raw_unsafe(&s), None, "{format} printed it raw: {s:?}");
        match format {
            "json" => {
                // The exact value, escaped.
                let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
                let listed = v
                    .as_array()
                    .and_then(|a| a.iter().find(|j| j["id"] == job.id.as_str()))
                    .expect("the job in the JSON");
                assert_eq!(listed["name"], job.name.as_str());
                assert!(s.contains("\\u2028") && s.contains("\\u061c"), "{s}");
            }
            _ => {
                // One line per job: the separator became a space, the others `�`.
                let line = s
                    .lines()
                    .find(|l| l.contains(&job.id))
                    .expect("the job's line");
                assert!(line.contains("sep  \u{fffd}"), "{format}: {line:?}");
                assert!(line.contains("RUN NING"), "{format}: {line:?}");
            }
        }
        if format == "tsv" {
            let line = s.lines().find(|l| l.contains(&job.id)).expect("line");
            assert_eq!(line.split('\t').count(), 6, "no field split: {line:?}");
        }
    }
}

#[tokio::test]
async fn audit_prints_a_hand_edited_settled_by_without_its_escape_sequence() {
    let home = tempfile::tempdir().expect("tmp");
    let audit = home.path().join("audit.jsonl");
    let osc52 = "\u{1b}]52;c;cHduZWQ=\u{7}";
    let lines = [
        serde_json::json!({
            "time": "2026-11-29T10:00:00.000Z", "record": "intent", "op_id": "op-1",
            "action": "delete", "job_id": "job-1", "name": "orders", "status": "FAILED",
        }),
        serde_json::json!({
            "time": "2026-11-29T10:00:01.000Z", "record": "outcome", "op_id": "op-1",
            "action": "delete", "job_id": "job-1", "name": "orders", "status": "FAILED",
            "result": format!("ok{osc52}"), "attempts": 1, "duration_ms": 5,
            "settled_by": format!("response{osc52}\u{2028}\u{202e}"),
            "error_msg": format!("msg{osc52}"),
        }),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&audit, body).expect("write the trail");
    for format in ["table", "json"] {
        let mut c = cmd(home.path());
        c.args(["--audit-log", audit.to_str().expect("utf8")])
            .args(["audit", "-o", format]);
        let out = run(c).await;
        let (stdout, stderr) = (expect_success(&out, format), text(&out.stderr));
        assert!(stdout.contains("response"), "{format}: {stdout}");
        for s in [&stdout, &stderr] {
            assert!(!s.contains('\u{1b}'), "{format}: an ESC was printed: {s:?}");
            assert_eq!(raw_unsafe(s), None, "{format}: {s:?}");
        }
        assert!(
            !stdout.contains("cHduZWQ="),
            "{format}: the OSC 52 payload: {stdout}"
        );
    }
}

/// A deletable job whose id carries an escape sequence, added to `server`; its id as shown.
fn insert_dirty_id_job(server: &DemoServer) -> (Job, String) {
    let mut job = deletable(server);
    job.id = "d1d1d1d1-0000-4000-8000-\u{1b}[2J00000001".into();
    job.name = "dirty-id-job".into();
    server.state.insert_job(job.clone());
    let shown = drs_tui::sanitize::clean_id(&job.id);
    assert_eq!(shown, "d1d1d1d1-0000-4000-8000-\u{fffd}[2J00000001");
    (job, shown)
}

#[tokio::test]
async fn the_cli_lists_a_dirty_id_job_cleaned_and_never_writes_to_it() {
    let server = server(4).await;
    let (job, shown) = insert_dirty_id_job(&server);
    let total = server.state.job_ids().len();
    let home = tempfile::tempdir().expect("tmp");
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "tsv", "--no-headers"]);
    let s = expect_success(&run(c).await, "jobs list -o tsv");
    assert_eq!(s.lines().count(), total, "every job listed: {s}");
    assert!(
        s.lines().any(|l| l.starts_with(&format!("{shown}\t"))),
        "{s:?}"
    );
    assert!(!s.contains('\u{1b}'));
    // JSON keeps the exact id, escaped.
    let mut c = against(&server, home.path());
    c.args(["jobs", "list", "-o", "json"]);
    let out = run(c).await;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        v.as_array()
            .is_some_and(|a| a.iter().any(|j| j["id"] == job.id.as_str())),
        "the exact id in JSON"
    );
    // The id as shown is not the job's id: refused before any request.
    let before = server.state.requests().len();
    for action in ["delete", "stop"] {
        let mut c = against(&server, home.path());
        c.args(["jobs", action, "--yes", &shown]);
        let err = expect_exit(&run(c).await, 2, action);
        assert!(err.contains("cleaned"), "{action}: {err}");
    }
    assert_eq!(server.state.requests().len(), before, "no request sent");
    assert!(server.state.job(&job.id).is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tui_lists_a_dirty_id_job_as_the_cli_does_and_never_writes_to_it() {
    let server = server(4).await;
    let (job, shown) = insert_dirty_id_job(&server);
    let n = server.state.job_ids().len();
    let home = tempfile::tempdir().expect("tmp");
    let log = home.path().join("tui.log").display().to_string();
    let at = demo_endpoint_args(&server);
    let mut args: Vec<&str> = at.iter().map(String::as_str).collect();
    args.extend(["--log-file", &log, "--undo-grace", "0"]);
    let mut tui = Tui::spawn(
        home.path(),
        &args,
        &[("DRS_TUI_TOKEN", demo::DEMO_TOKEN)],
        160,
        45,
    );
    // Listed, also once the listing completed (`jobs N/N`, as many as `jobs list` prints).
    tui.wait_for("every job listed", Duration::from_secs(20), |s| {
        s.contains(&format!("jobs {n}/{n}")) && s.contains("dirty-id-job")
    });
    tui.send(b"/");
    tui.type_text("dirty-id");
    tui.send(keys::ENTER);
    // Shown with its id cleaned, as `jobs list` prints it (the screen model drops `�`: the
    // bytes sent to the terminal show it).
    tui.wait_for(
        "the job alone, its id cleaned",
        Duration::from_secs(20),
        |s| s.contains(&format!("jobs 1/{n}")) && s.contains("d1d1d1d1-0000-4000-8000-[2J00000001"),
    );
    assert!(String::from_utf8_lossy(&tui.raw()).contains(&shown));
    tui.send(b"d");
    let screen = tui.wait_text("its id holds control characters");
    assert!(screen.contains("dirty-id-job"), "{screen}");
    tui.send(b"y");
    tui.send(keys::ESC);
    tui.send(b"x");
    tui.wait_text("its id holds control characters");
    tui.send(b"y");
    tui.send(keys::ESC);
    // The header still counts it after the writes were refused; nothing was sent for it.
    tui.wait_for("back to the table", Duration::from_secs(20), |s| {
        s.contains(&format!("jobs 1/{n}")) && !s.contains("control characters")
    });
    let writes: Vec<_> = server
        .state
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect();
    assert!(writes.is_empty(), "no write sent: {writes:?}");
    assert!(server.state.job(&job.id).is_some());
    tui.send(b"q");
    assert_eq!(tui.wait_exit(Duration::from_secs(10)), Some(0));
}
