//! Whole-screen snapshots on `TestBackend` (fixed jobs and times; no clocks).

mod tui_fixtures;

use crossterm::event::KeyCode;
use drs_tui::app::{App, Detail, Msg, Phase, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_fixtures::*;
use unicode_width::UnicodeWidthStr;

/// Draws `app` at its size and returns the screen as text, one line per row.
fn screen(app: &App) -> String {
    let (w, h) = (app.size.width, app.size.height);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| drs_tui::ui::render(app, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = s.width().saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn with_detail(mut a: App) -> App {
    if let Some(id) = a.table.selected().map(|j| j.id.clone()) {
        a.details.insert(
            id,
            Detail::Loaded(serde_json::json!({
                "status": "RELEASE_RESOURCE_COMPLETE",
                "task_type": "FULL_INCR_TRANS",
                "source_endpoint": "mysql 10.0.0.12:3306",
                "target_endpoint": "kafka 10.0.1.7:9092",
                "node_info": {"spec": {"flavor": "m1.large", "az": ["cn-north-4a", "cn-north-4b"]}},
                "tags": [{"key": "team", "value": "orders"}],
            })),
        );
    }
    a
}

#[test]
fn list() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-12");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-00");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn detail() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    let a = with_detail(a);
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn detail_loading_narrow_focus() {
    let mut a = app_with(settings(), jobs(), 80, 24);
    let id = a.table.selected().map(|j| j.id.clone()).unwrap_or_default();
    update(&mut a, Msg::DetailDue { job_id: id });
    update(&mut a, code(KeyCode::Tab));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn modal_single() {
    let mut a = app();
    select(&mut a, "orders-sync-08");
    update(&mut a, key('d'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn modal_bulk_hidden_and_skipped() {
    let mut a = app();
    for n in [
        "orders-sync-08",
        "订单库同步-05",
        "orders-sync-00",
        "billing-cdc-02",
    ] {
        select(&mut a, n);
        update(&mut a, key(' '));
    }
    update(&mut a, key('/'));
    type_text(&mut a, "orders");
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('d'));
    update(&mut a, key('s'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn modal_type_to_confirm() {
    let mut s = settings();
    s.protected = true;
    let mut a = app_with(s, jobs(), 100, 30);
    select(&mut a, "billing-cdc-02");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-12");
    update(&mut a, key(' '));
    update(&mut a, key('d'));
    update(&mut a, key('2'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn outcomes_200_and_400() {
    let mut a = app();
    for n in ["orders-sync-08", "orders-sync-12", "payments-mig-01"] {
        select(&mut a, n);
        update(&mut a, key(' '));
    }
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    update(
        &mut a,
        Msg::OpProgress {
            job_id: "7a7a7a7a-7777-4c2d-b4d7-5084b0f00007".into(),
            phase: Phase::Deleting,
        },
    );
    let ok = "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r";
    update(&mut a, delete_msg(ok, deleted(ok)));
    let gone = "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006";
    update(&mut a, delete_msg(gone, delete_not_found(gone)));
    select(&mut a, "orders-sync-12");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn outcomes_settled_unknown_and_cancelled() {
    use drs_tui::ops::{OutcomeKind, WriteAction};
    let mut a = app();
    for n in ["orders-sync-08", "orders-sync-12", "payments-mig-01"] {
        select(&mut a, n);
        update(&mut a, key(' '));
    }
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    let (x, y, z) = (
        "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r",
        "6f6f6f6f-6666-4c2d-b4d7-5084b0f00006",
        "7a7a7a7a-7777-4c2d-b4d7-5084b0f00007",
    );
    update(
        &mut a,
        delete_msg(
            x,
            outcome(x, WriteAction::Delete, OutcomeKind::ConfirmedByReRead),
        ),
    );
    update(&mut a, delete_msg(y, delete_unknown(y)));
    update(
        &mut a,
        delete_msg(z, outcome(z, WriteAction::Delete, OutcomeKind::Cancelled)),
    );
    update(&mut a, Msg::Throttled { retry_in_secs: 4 });
    select(&mut a, "orders-sync-12");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn undo_window_countdown() {
    let mut s = settings();
    s.undo_grace_secs = 3;
    let mut a = app_with(s, jobs(), 120, 32);
    for n in ["orders-sync-08", "orders-sync-12"] {
        select(&mut a, n);
        update(&mut a, key(' '));
    }
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    update(
        &mut a,
        Msg::OpProgress {
            job_id: "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r".into(),
            phase: Phase::Pending { secs_left: 2 },
        },
    );
    // The status message goes with the next key; the footer keeps the undo hint.
    update(&mut a, key('j'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn force_stop_modal() {
    let mut a = app();
    select(&mut a, "orders-sync-19");
    update(&mut a, key('X'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn writes_disabled_without_audit_log() {
    let mut s = settings();
    s.writes_disabled = Some("the audit log /nonexistent/audit.jsonl cannot be written".into());
    let mut a = app_with(s, jobs(), 120, 32);
    update(&mut a, key('d'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn help() {
    let mut a = app();
    update(&mut a, key('?'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn tiny_terminal() {
    let a = app_with(settings(), jobs(), 30, 8);
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn minimum_terminal() {
    let mut a = app_with(settings(), jobs(), 40, 10);
    update(&mut a, key('d'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn every_size_draws_without_panic() {
    for w in 0..60u16 {
        for h in 0..16u16 {
            let mut a = app_with(settings(), jobs(), w, h);
            let _ = screen(&a);
            update(&mut a, key('d'));
            let _ = screen(&a);
            update(&mut a, key('?'));
            let _ = screen(&a);
        }
    }
}

#[test]
fn chinese_names_ascii_no_color() {
    let mut s = settings();
    s.ascii = true;
    s.no_color = true;
    let mut a = app_with(s, jobs(), 100, 24);
    update(&mut a, key('/'));
    type_text(&mut a, "库");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn read_only() {
    let mut s = settings();
    s.read_only = true;
    s.demo = true;
    let mut a = app_with(s, jobs(), 120, 32);
    update(&mut a, key('d'));
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn a_long_name_gives_way_to_the_outcome_text() {
    use drs_tui::ops::{OutcomeKind, WriteAction};
    let long = "华东区生产环境核心交易数据库到分布式GaussDB的全量加增量实时同步任务-with-a-very-long-suffix";
    let id = "9e9e9e9e-0000-4c2d-b4d7-5084b0f00099";
    let mut jobs = jobs();
    jobs.push(job(id, long, "RELEASE_RESOURCE_COMPLETE", &["DELETE"]));
    let mut a = app_with(settings(), jobs, 100, 30);
    select(&mut a, long);
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    update(
        &mut a,
        delete_msg(
            id,
            outcome(id, WriteAction::Delete, OutcomeKind::ConfirmedByReRead),
        ),
    );
    let s = screen(&a);
    let line = s
        .lines()
        .find(|l| l.contains("DELETE 华东区"))
        .unwrap_or_else(|| panic!("outcome line: {s}"));
    assert!(line.contains("deleted (confirmed by re-read)"), "{line}");
    assert!(line.contains('…'), "the name was shortened: {line}");
}

/// 22 deletable jobs, all deleted in one confirmed batch: the first outcome (the oldest) is a
/// `400 DRS.10000010` after three 429s, the rest are `200 OK`, one second apart.
fn twenty_two_deletes(w: u16, h: u16) -> App {
    use drs_tui::api::{ApiError, ClientError};
    let jobs: Vec<_> = (0..22)
        .map(|i| {
            job(
                &format!("{i:02}0b1d3e-2222-4c2d-b4d7-5084b0f000{i:02}"),
                &format!("feed-{i:02}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    let mut a = app_with(settings(), jobs.clone(), w, h);
    update(&mut a, key('a'));
    update(&mut a, key('d'));
    type_text(&mut a, "22");
    update(&mut a, key('y'));
    for (i, j) in jobs.iter().enumerate() {
        let mut o = deleted(&j.id);
        o.request_id = Some(format!("req-{i:04}"));
        o.duration = std::time::Duration::from_millis(180 + i as u64);
        if i == 0 {
            o = WriteOutcome {
                kind: OutcomeKind::Failed,
                http_status: Some(400),
                error: Some(ClientError::Api(ApiError {
                    http_status: 400,
                    error_code: "DRS.10000010".into(),
                    error_msg: "Job does not exist, please check job ID. The job may have been \
                        deleted by another user or by an automatic expiry after 14 days in an \
                        abnormal state; list the jobs again to see what remains."
                        .into(),
                    request_id: Some("8c2f0a9e-first-request".into()),
                })),
                request_id: Some("8c2f0a9e-first-request".into()),
                attempts: 4,
                throttles: 3,
                duration: std::time::Duration::from_millis(7_412),
                ..o
            };
        }
        update(
            &mut a,
            Msg::DeleteDone {
                job_id: j.id.clone(),
                outcome: o,
                at: WallTime::from_hms(14, 2, i as u8).unwrap_or(WallTime::MIDNIGHT),
            },
        );
    }
    a
}

use drs_tui::app::{Focus, WallTime};
use drs_tui::ops::{OutcomeKind, WriteOutcome};

/// Tab until the Outcomes pane has focus.
fn focus_outcomes(a: &mut App) {
    for _ in 0..3 {
        if a.focus == Focus::Outcomes {
            return;
        }
        update(a, code(KeyCode::Tab));
    }
    assert_eq!(a.focus, Focus::Outcomes);
}

#[test]
fn outcome_history_reaches_the_first_of_22_at_80x24() {
    let mut a = twenty_two_deletes(80, 24);
    let before = screen(&a);
    assert!(
        !before.contains("DELETE feed-00"),
        "only the newest fit: {before}"
    );
    assert!(before.contains("Outcomes 22 · 1 failed"), "{before}");
    focus_outcomes(&mut a);
    // Every outcome passes by on the way down, the first one last.
    let mut seen = std::collections::HashSet::new();
    for _ in 0..30 {
        let s = screen(&a);
        for i in 0..22 {
            if s.contains(&format!("DELETE feed-{i:02}")) {
                seen.insert(i);
            }
        }
        update(&mut a, key('j'));
    }
    assert_eq!(seen.len(), 22, "outcomes seen: {seen:?}");
    let s = screen(&a);
    assert!(s.contains("DELETE feed-00"), "{s}");
    assert!(s.contains("22/22"), "{s}");
    insta::assert_snapshot!("outcome_history_80x24", s);
}

#[test]
fn outcome_history_200x50() {
    let mut a = twenty_two_deletes(200, 50);
    focus_outcomes(&mut a);
    update(&mut a, key('G'));
    update(&mut a, key('k'));
    insta::assert_snapshot!("outcome_history_200x50", screen(&a));
}

#[test]
fn failures_only() {
    let mut a = twenty_two_deletes(80, 24);
    focus_outcomes(&mut a);
    update(&mut a, key('f'));
    let s = screen(&a);
    assert!(s.contains("failures only, 1 of 22"), "{s}");
    assert!(s.contains("DELETE feed-00"), "{s}");
    assert!(!s.contains("DELETE feed-21"), "{s}");
    update(&mut a, key('f'));
    assert!(screen(&a).contains("DELETE feed-21"));
}

#[test]
fn outcome_record() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = twenty_two_deletes(w, h);
        focus_outcomes(&mut a);
        update(&mut a, key('G'));
        update(&mut a, code(KeyCode::Enter));
        let s = screen(&a);
        for want in [
            "Outcome 1 of 22: DELETE feed-00",
            "000b1d3e-2222-4c2d-b4d7-5084b0f00000",
            "DRS.10000010",
            "list the jobs again to see what remains.",
            "8c2f0a9e-first-request",
            "4: 429 ×3, then 400",
            "7.412 s",
            "14:02:00",
        ] {
            assert!(s.contains(want), "{want} at {w}x{h}:\n{s}");
        }
        insta::assert_snapshot!(format!("outcome_record_{w}x{h}"), s);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.overlay.is_none());
    }
}

#[test]
fn zoomed_pane() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = twenty_two_deletes(w, h);
        focus_outcomes(&mut a);
        update(&mut a, key('z'));
        let s = screen(&a);
        assert!(!s.contains("┌ Jobs"), "{s}");
        insta::assert_snapshot!(format!("zoomed_outcomes_{w}x{h}"), s);
        update(&mut a, key('z'));
        assert!(screen(&a).contains("┌ Jobs"));
    }
}

/// One job per known status, and one status this version does not know.
fn every_status() -> Vec<drs_tui::api::Job> {
    drs_tui::ui::status::LABELS
        .iter()
        .map(|(s, _)| *s)
        .chain(["BRAND_NEW_STATUS"])
        .enumerate()
        .map(|(i, s)| {
            job(
                &format!("{i:02}aaaaaa-0000-4c2d-b4d7-5084b0f000{i:02}"),
                &format!("legacy-warehouse-mysql57-shard-07-to-taurus-{i:02}"),
                s,
                &["DELETE"],
            )
        })
        .collect()
}

/// Each row's text between the NAME column and the end, for every row reached by scrolling.
fn rows_seen(a: &mut App) -> Vec<String> {
    let mut rows = Vec::new();
    update(a, code(KeyCode::Home));
    for _ in 0..a.table.shown() {
        let s = screen(a);
        let sel = s
            .lines()
            .find(|l| l.contains('▶') || l.contains("> "))
            .unwrap_or_default()
            .to_owned();
        rows.push(sel);
        update(a, key('j'));
    }
    rows
}

#[test]
fn status_columns_every_status() {
    for (w, h, no_color) in [
        (80, 24, false),
        (80, 24, true),
        (200, 50, false),
        (200, 50, true),
    ] {
        let mut s = settings();
        s.no_color = no_color;
        let jobs = every_status();
        let mut a = app_with(s, jobs.clone(), w, h);
        // Two different statuses never read the same; names keep their distinguishing end.
        let rows = rows_seen(&mut a);
        let unique: std::collections::HashSet<&String> = rows.iter().collect();
        assert_eq!(unique.len(), jobs.len(), "{w}x{h}: {rows:#?}");
        for (i, r) in rows.iter().enumerate() {
            assert!(r.contains(&format!("-{i:02} ")), "{w}x{h} row {i}: {r}");
        }
        update(&mut a, code(KeyCode::Home));
        let top = screen(&a);
        let suffix = if no_color { "_no_color" } else { "" };
        insta::assert_snapshot!(format!("status_columns_{w}x{h}{suffix}"), top);
        // Widths do not change while scrolling: the header line stays the same.
        update(&mut a, code(KeyCode::End));
        let header = |s: &str| {
            let l = s.lines().nth(2).unwrap_or_default();
            l.split("││").next().unwrap_or_default().to_owned()
        };
        assert_eq!(header(&top), header(&screen(&a)), "{w}x{h}");
    }
}

/// 1,131 marked jobs (1,000 deletable, 100 running, 31 hidden by the filter) and the modal.
fn thousand_job_modal(w: u16, h: u16) -> App {
    let mut jobs: Vec<_> = (0..1000)
        .map(|i| {
            job(
                &format!("{i:04}cafe-0000-4c2d-b4d7-5084b0f00000"),
                &format!("bulk-feed-{i:04}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    jobs.extend((0..100).map(|i| {
        job(
            &format!("{i:04}beef-0000-4c2d-b4d7-5084b0f00000"),
            &format!("bulk-live-{i:04}"),
            if i % 2 == 0 {
                "INCRE_TRANSFER_STARTED"
            } else {
                "WAITING_FOR_START"
            },
            &["STOP"],
        )
    }));
    jobs.extend((0..31).map(|i| {
        job(
            &format!("{i:04}dead-0000-4c2d-b4d7-5084b0f00000"),
            &format!("other-{i:04}"),
            "CREATE_FAILED",
            &["DELETE"],
        )
    }));
    let mut a = app_with(settings(), jobs, w, h);
    update(&mut a, key('a'));
    update(&mut a, key('/'));
    type_text(&mut a, "bulk");
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('d'));
    a
}

#[test]
fn thousand_job_modal_counts_and_scrolls() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = thousand_job_modal(w, h);
        let s = screen(&a);
        assert!(
            s.contains("1,031 will be deleted, 100 skipped, 31 hidden by the filter"),
            "{w}x{h}:\n{s}"
        );
        assert!(
            s.contains("Type the number of jobs (1031) to confirm"),
            "{s}"
        );
        assert!(s.contains("[ Cancel"), "the buttons stay: {s}");
        insta::assert_snapshot!(format!("modal_1000_jobs_{w}x{h}"), s);
        // The list scrolls to its end: the skipped jobs, each with its reason.
        for _ in 0..200 {
            update(&mut a, code(KeyCode::PageDown));
        }
        let s = screen(&a);
        assert!(s.contains("bulk-live-0099"), "{w}x{h}:\n{s}");
        assert!(s.contains("waiting to start: stop it first"), "{s}");
        insta::assert_snapshot!(format!("modal_1000_jobs_end_{w}x{h}"), s);
        // With stop-first on, the running ones move to "will be stopped, then deleted".
        type_text(&mut a, "1031");
        update(&mut a, key('s'));
        let s = screen(&a);
        assert!(
            s.contains("1,131 will be deleted (100 stopped first), 0 skipped"),
            "{s}"
        );
        assert!(s.contains("(100 stops, 1,131 deletes)"), "{s}");
        for _ in 0..200 {
            update(&mut a, code(KeyCode::PageUp));
        }
        let s = screen(&a);
        assert!(s.contains("lines 1-"), "{s}");
        for _ in 0..103 {
            update(&mut a, code(KeyCode::PageDown));
        }
        assert!(screen(&a).contains("Will be stopped, then deleted:"), "{s}");
    }
}

#[test]
fn typed_prompt_wraps_and_shows_what_was_typed() {
    let mut s = settings();
    s.protected = true;
    let long = format!("protected-{}-end", "x".repeat(190));
    let id = "abababab-0000-4c2d-b4d7-5084b0f00000";
    let mut jobs = jobs();
    jobs.push(job(id, &long, "RELEASE_RESOURCE_COMPLETE", &["DELETE"]));
    let mut a = app_with(s, jobs, 80, 24);
    select(&mut a, &long);
    update(&mut a, key('d'));
    type_text(&mut a, &long[..150]);
    let s = screen(&a);
    assert!(
        s.contains("xxxx-end) to confirm:"),
        "the whole name is shown:\n{s}"
    );
    // What was typed shows in full, wrapped, up to the cursor.
    let typed: String = s
        .lines()
        .skip_while(|l| !l.contains("to confirm:"))
        .skip(1)
        .take_while(|l| !l.contains('▏'))
        .chain(s.lines().filter(|l| l.contains('▏')))
        .collect();
    assert!(typed.contains(&"x".repeat(60)), "{s}");
    insta::assert_snapshot!("modal_long_typed_name_80x24", s);
}

/// The drawn buffer of `app` at its size.
fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let (w, h) = (app.size.width, app.size.height);
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| drs_tui::ui::render(app, f)).expect("draw");
    t.backend().buffer().clone()
}

#[test]
fn modal_over_chinese_names_keeps_its_border() {
    for (w, h) in [(80, 24), (200, 50)] {
        // Names of every parity, long enough to run under the modal's left edge.
        let jobs: Vec<_> = (0..40)
            .map(|i| {
                let name = format!(
                    "{}a订单库同步华东区生产环境核心交易数据库-{i:02}",
                    "库".repeat(i % 7)
                );
                job(
                    &format!("{i:04}c0c0-0000-4c2d-b4d7-5084b0f00000"),
                    &name,
                    "CREATE_FAILED",
                    &["DELETE"],
                )
            })
            .collect();
        let mut a = app_with(settings(), jobs, w, h);
        update(&mut a, key('a'));
        let under = buffer(&a);
        update(&mut a, key('d'));
        let drawn = buffer(&a);
        let s = screen(&a);
        // The box's left edge: the column of the title row's corner.
        let top = (0..h)
            .find(|&y| {
                (0..w).any(|x| {
                    drawn[(x, y)].symbol() == "┌" && x > 0 && drawn[(x + 1, y)].symbol() == " "
                })
            })
            .unwrap_or_else(|| panic!("{s}"));
        let left = (1..w)
            .find(|&x| drawn[(x, top)].symbol() == "┌" && drawn[(x + 2, top)].symbol() == "D")
            .unwrap_or_else(|| panic!("{s}"));
        let bottom = (top..h)
            .find(|&y| drawn[(left, y)].symbol() == "└")
            .unwrap_or_else(|| panic!("{s}"));
        let straddled = (top..=bottom)
            .filter(|&y| under[(left - 1, y)].symbol().width() == 2)
            .count();
        if w == 200 {
            assert!(straddled > 0, "the test must cut double-width names:\n{s}");
        }
        // Every row of the box shows its left border: no double-width character covers it.
        for (y, line) in (top + 1..bottom).zip(s.lines().skip(top as usize + 1)) {
            assert_eq!(
                drawn[(left - 1, y)].symbol().width(),
                1,
                "{w}x{h} row {y}: {line}"
            );
            assert_eq!(drawn[(left, y)].symbol(), "│", "{w}x{h} row {y}: {line}");
        }
        insta::assert_snapshot!(format!("modal_over_chinese_names_{w}x{h}"), s);
    }
}

#[test]
fn a_force_stop_outcome_reads_force_stop() {
    use drs_tui::ops::WriteAction;
    let mut a = app();
    select(&mut a, "orders-sync-19");
    update(&mut a, key('X'));
    let s = screen(&a);
    assert!(s.contains("Force-stop 1 job?"), "{s}");
    assert!(s.contains("\"is_force_stop\": true"), "{s}");
    update(&mut a, key('y'));
    let id = "9a7e11d2-4444-4c2d-b4d7-5084b0f00004";
    update(
        &mut a,
        Msg::StopDone {
            job_id: id.into(),
            outcome: outcome(
                id,
                WriteAction::Stop { force: true },
                OutcomeKind::Succeeded,
            ),
            at: at(),
        },
    );
    assert_eq!(a.outcomes[0].verb, "FORCE-STOP");
    assert!(screen(&a).contains("FORCE-STOP orders-sync-19"));
}

#[test]
fn y_copies_the_id_and_y_upper_the_job_as_json_with_a_status_line() {
    use drs_tui::app::Effect;
    let mut a = app_with(settings(), jobs(), 80, 24);
    select(&mut a, "订单库同步-05");
    let id = "77b2c0aa-1111-4c2d-b4d7-5084b0f00001";
    assert_eq!(
        update(&mut a, key('y')),
        vec![Effect::Copy { text: id.into() }]
    );
    assert!(screen(&a).contains(&format!("copied the job id {id}")));
    let effects = update(&mut a, key('Y'));
    let [Effect::Copy { text }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(v["id"], id);
    assert_eq!(v["name"], "订单库同步-05");
    assert_eq!(v["status"], "CREATE_FAILED");
    assert!(screen(&a).contains(&format!("copied job {id} as JSON")));
    // In the Outcomes pane, y copies the selected outcome's job.
    update(&mut a, key('d'));
    update(&mut a, key('y'));
    update(&mut a, delete_msg(id, delete_not_found(id)));
    focus_outcomes(&mut a);
    assert_eq!(
        update(&mut a, key('y')),
        vec![Effect::Copy { text: id.into() }]
    );
}

#[test]
fn v_shows_the_raw_json_as_listed_and_fetched() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut a = app_with(settings(), jobs(), w, h);
        select(&mut a, "orders-sync-08");
        let id = "dc6016cf-f3b6-4c2d-b4d7-5084b0fjb20r";
        // The detail is fetched for the view when it is not there yet.
        let effects = update(&mut a, key('v'));
        assert_eq!(
            effects,
            vec![drs_tui::app::Effect::ShowJob { job_id: id.into() }]
        );
        assert!(screen(&a).contains("job, as listed:"));
        update(
            &mut a,
            Msg::DetailLoaded {
                job_id: id.into(),
                detail: serde_json::json!({"id": id, "status": "RELEASE_RESOURCE_COMPLETE",
                    "progress_info": {"incr_trans_delay": "0", "remaining_time": "\u{1b}[31m0"}}),
            },
        );
        let s = screen(&a);
        assert!(s.contains("Raw JSON: orders-sync-08"), "{s}");
        assert!(s.contains("detail, as fetched:") || w == 80, "{s}");
        assert!(!s.contains('\u{1b}'), "server text is sanitized");
        insta::assert_snapshot!(format!("raw_json_{w}x{h}"), s);
        // It scrolls, and stops at its end.
        for _ in 0..100 {
            update(&mut a, key('j'));
        }
        let s = screen(&a);
        assert!(s.contains("\"remaining_time\": \"0\""), "{s}");
        update(&mut a, code(KeyCode::Esc));
        assert!(a.overlay.is_none());
    }
}
