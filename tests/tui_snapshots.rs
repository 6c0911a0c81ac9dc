//! Whole-screen snapshots on `TestBackend` (fixed jobs and times; no clocks).

mod tui_fixtures;

#[path = "tui_snapshots/borders.rs"]
mod borders;
#[path = "tui_snapshots/chinese.rs"]
mod chinese;
#[path = "tui_snapshots/columns.rs"]
mod columns;
#[path = "tui_snapshots/counts.rs"]
mod counts;
#[path = "tui_snapshots/failures.rs"]
mod failures;
#[path = "tui_snapshots/modals.rs"]
mod modals;
#[path = "tui_snapshots/outcomes.rs"]
mod outcomes;
#[path = "tui_snapshots/widths.rs"]
mod widths;

use crossterm::event::KeyCode;
use drs_tui::app::{App, Detail, Msg, Phase};
use tui_fixtures::*;

/// Draws `app` at its size and returns the screen as text, one line per row.
pub(crate) fn screen(app: &App) -> String {
    screen_text(app)
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
    let mut a = on("orders-sync-08");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-12");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-00");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn detail() {
    let a = with_detail(on("orders-sync-08"));
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
fn modal_bulk_hidden_and_skipped() {
    let mut a = marked(&[
        "orders-sync-08",
        "订单库同步-05",
        "orders-sync-00",
        "billing-cdc-02",
    ]);
    filter_by(&mut a, "orders");
    press(&mut a, "ds");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn modal_type_to_confirm() {
    let mut a = app_set(100, 30, |s| s.protected = true);
    mark(&mut a, &["billing-cdc-02", "orders-sync-12"]);
    press(&mut a, "d2");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn outcomes_200_and_400() {
    let mut a = deleting(&["orders-sync-08", "orders-sync-12", "payments-mig-01"]);
    update(&mut a, progress(PAYMENTS_01, Phase::Deleting));
    ok_08_refused_12(&mut a);
    select(&mut a, "orders-sync-12");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn outcomes_settled_unknown_and_cancelled() {
    use drs_tui::ops::{OutcomeKind, WriteAction};
    let mut a = deleting(&["orders-sync-08", "orders-sync-12", "payments-mig-01"]);
    let (x, y, z) = (ORDERS_08, ORDERS_12, PAYMENTS_01);
    delete_answered(
        &mut a,
        outcome(x, WriteAction::Delete, OutcomeKind::ConfirmedByReRead),
    );
    delete_answered(&mut a, delete_unknown(y));
    delete_answered(&mut a, cancelled(z));
    update(&mut a, Msg::Throttled { retry_in_secs: 4 });
    select(&mut a, "orders-sync-12");
    insta::assert_snapshot!(screen(&a));
}

#[test]
fn undo_window_countdown() {
    let mut a = app_set(120, 32, |s| s.undo_grace_secs = 3);
    mark(&mut a, &["orders-sync-08", "orders-sync-12"]);
    press(&mut a, "dy");
    update(&mut a, progress(ORDERS_08, Phase::Pending { secs_left: 2 }));
    // The status message goes with the next key; the footer keeps the undo hint.
    update(&mut a, key('j'));
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
fn a_long_name_gives_way_to_the_outcome_text() {
    use drs_tui::ops::{OutcomeKind, WriteAction};
    let long = "华东区生产环境核心交易数据库到分布式GaussDB的全量加增量实时同步任务-with-a-very-long-suffix";
    let id = "9e9e9e9e-0000-4c2d-b4d7-5084b0f00099";
    let mut jobs = jobs();
    jobs.push(job(id, long, "RELEASE_RESOURCE_COMPLETE", &["DELETE"]));
    let mut a = app_with(settings(), jobs, 100, 30);
    select(&mut a, long);
    press(&mut a, "dy");
    delete_answered(
        &mut a,
        outcome(id, WriteAction::Delete, OutcomeKind::ConfirmedByReRead),
    );
    let s = screen(&a);
    let line = s
        .lines()
        .find(|l| l.contains("DELETE 华东区"))
        .unwrap_or_else(|| panic!("outcome line: {s}"));
    assert!(line.contains("deleted (confirmed by re-read)"), "{line}");
    assert!(line.contains('…'), "the name was shortened: {line}");
}

/// A snapshot test per row: the screen of `app` after `keys` (each a key press).
macro_rules! screen_after_keys {
    ($($name:ident: $app:expr, $keys:expr;)*) => {$(
        #[test]
        fn $name() {
            let mut a = $app;
            press(&mut a, $keys);
            insta::assert_snapshot!(screen(&a));
        }
    )*};
}

screen_after_keys! {
    modal_single: on("orders-sync-08"), "d";
    force_stop_modal: on("orders-sync-19"), "X";
    writes_disabled_without_audit_log: app_set(120, 32, |s| {
        s.writes_disabled = Some("the audit log /nonexistent/audit.jsonl cannot be written".into())
    }), "d";
    help: app(), "?";
    tiny_terminal: app_with(settings(), jobs(), 30, 8), "";
    minimum_terminal: app_with(settings(), jobs(), 40, 10), "d";
    chinese_names_ascii_no_color: app_set(100, 24, |s| (s.ascii, s.no_color) = (true, true)), "/库";
    read_only: app_set(120, 32, |s| (s.read_only, s.demo) = (true, true)), "d";
}
