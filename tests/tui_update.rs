//! Unit and property tests of the pure `update`.

mod tui_fixtures;

use std::collections::HashSet;

use crossterm::event::KeyCode;
use drs_tui::api::JobType;
use drs_tui::app::{Button, ConfirmAction, Detail, Effect, Msg, Phase};
use drs_tui::ops::{OutcomeKind, WriteAction};
use proptest::prelude::*;
use tui_fixtures::*;

fn names(app: &drs_tui::app::App) -> Vec<String> {
    app.table.rows().map(|j| j.name.clone()).collect()
}

/// The job as the app's table shares it: a write's effect carries exactly this one.
fn shared(app: &drs_tui::app::App, id: &str) -> std::sync::Arc<drs_tui::api::Job> {
    app.table
        .shared(id)
        .cloned()
        .expect("the table has the job")
}

fn selected(app: &drs_tui::app::App) -> String {
    app.table
        .selected()
        .map(|j| j.name.clone())
        .unwrap_or_default()
}

#[test]
fn start_lists_every_type() {
    let mut a = drs_tui::app::App::new(settings(), None);
    let e = a.start();
    assert_eq!(
        e,
        vec![Effect::ListJobs {
            types: JobType::ALL.to_vec(),
            generation: 1
        }]
    );
}

#[test]
fn navigation_moves_and_clamps() {
    let mut a = app();
    assert_eq!(selected(&a), "billing-cdc-02");
    update(&mut a, key('j'));
    update(&mut a, code(KeyCode::Down));
    assert_eq!(selected(&a), "orders-sync-08");
    update(&mut a, key('G'));
    assert_eq!(selected(&a), "订单库同步-05");
    update(&mut a, key('j'));
    assert_eq!(selected(&a), "订单库同步-05");
    press(&mut a, "gk");
    assert_eq!(selected(&a), "billing-cdc-02");
    update(&mut a, code(KeyCode::PageDown));
    assert_eq!(selected(&a), "订单库同步-05");
    update(&mut a, code(KeyCode::Home));
    assert_eq!(selected(&a), "billing-cdc-02");
}

#[test]
fn filter_is_live_case_insensitive_and_chinese() {
    let mut a = app();
    update(&mut a, key('/'));
    type_text(&mut a, "ORDERS");
    assert_eq!(a.table.shown(), 4);
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.table.shown(), 8);
    update(&mut a, key('/'));
    type_text(&mut a, "订单");
    assert_eq!(names(&a), vec!["订单库同步-05"]);
    update(&mut a, code(KeyCode::Enter));
    assert!(!a.filtering());
    assert_eq!(a.table.filter(), "订单");
    // Status and id match too.
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key('/'));
    type_text(&mut a, "failed");
    assert_eq!(a.table.shown(), 2);
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, key('/'));
    type_text(&mut a, "9a7e11d2");
    assert_eq!(names(&a), vec!["orders-sync-19"]);
}

#[test]
fn sort_cycles_and_reverses() {
    let mut a = app();
    update(&mut a, key('S'));
    assert_eq!(names(&a)[0], "订单库同步-05");
    update(&mut a, key('s'));
    assert_eq!(a.table.sort().0, drs_tui::app::SortColumn::Status);
}

#[test]
fn marks_toggle_all_and_clear() {
    let mut a = app();
    update(&mut a, key(' '));
    assert_eq!(a.table.marks().len(), 1);
    update(&mut a, key(' '));
    assert!(a.table.marks().is_empty());
    filter_by(&mut a, "orders");
    update(&mut a, key('a'));
    assert_eq!(a.table.marks().len(), 4);
    update(&mut a, key('A'));
    assert!(a.table.marks().is_empty());
}

#[test]
fn delete_single_needs_y_and_focus_starts_on_cancel() {
    let mut a = on("orders-sync-08");
    assert!(update(&mut a, key('d')).is_empty());
    let m = a.modal().expect("modal open");
    assert_eq!(m.focus, Button::Cancel);
    assert_eq!(m.targets.len(), 1);
    // Enter on Cancel closes without effect.
    assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
    assert!(a.modal().is_none());
    let e = press(&mut a, "dy");
    assert_eq!(
        e,
        vec![Effect::DeleteJob {
            job: shared(&a, ORDERS_08),
            after_ambiguous: false,
        }]
    );
    assert_eq!(
        a.ops.get(ORDERS_08).map(|o| o.phase.clone()),
        Some(Phase::Queued)
    );
}

#[test]
fn modal_swallows_other_keys_and_n_cancels() {
    let mut a = on("orders-sync-08");
    update(&mut a, key('d'));
    for m in [
        key('j'),
        key('q'),
        key('a'),
        key('d'),
        key(' '),
        code(KeyCode::Delete),
    ] {
        assert!(update(&mut a, m).is_empty());
    }
    assert!(a.modal().is_some());
    assert!(!a.quit);
    assert!(a.table.marks().is_empty());
    assert_eq!(selected(&a), "orders-sync-08");
    update(&mut a, key('n'));
    assert!(a.modal().is_none());
    update(&mut a, code(KeyCode::Delete));
    update(&mut a, code(KeyCode::Right));
    assert_eq!(a.modal().map(|m| m.focus), Some(Button::Confirm));
    let e = update(&mut a, code(KeyCode::Enter));
    assert_eq!(e.len(), 1);
}

#[test]
fn bulk_modal_lists_hidden_and_skipped_and_stop_first() {
    let mut a = marked(&["orders-sync-08", "orders-sync-00", "billing-cdc-02"]);
    filter_by(&mut a, "orders");
    update(&mut a, key('d'));
    let m = a.modal().cloned().expect("modal");
    assert_eq!(m.action, ConfirmAction::Delete);
    assert_eq!(
        m.targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["orders-sync-08"]
    );
    assert_eq!(
        m.hidden.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["billing-cdc-02"]
    );
    assert_eq!(m.skipped.len(), 1);
    assert!(m.offers_stop_first());
    assert_eq!(m.count(), 2);
    let e = press(&mut a, "sy");
    assert_eq!(e.len(), 3);
    assert!(e.contains(&Effect::StopThenDelete {
        job: shared(&a, "0b1d3e4f-2222-4c2d-b4d7-5084b0f00002")
    }));
    let b = a.batch.expect("batch");
    assert_eq!((b.stops.total, b.deletes.total), (1, 3), "counted apart");
    assert!(a.table.marks().is_empty());
}

#[test]
fn large_batch_requires_typing_the_count() {
    let many: Vec<_> = (0..12)
        .map(|i| {
            job(
                &format!("id-{i:02}"),
                &format!("job-{i:02}"),
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    let mut a = app_with(settings(), many, 120, 32);
    press(&mut a, "ad");
    assert_eq!(a.modal().and_then(|m| m.require.clone()), Some("12".into()));
    assert!(
        update(&mut a, key('y')).is_empty(),
        "y is typed text until the count matches"
    );
    assert!(a.modal().is_some());
    update(&mut a, code(KeyCode::Backspace));
    type_text(&mut a, "12");
    let e = update(&mut a, key('y'));
    assert_eq!(e.len(), 12);
}

#[test]
fn protected_single_requires_the_name() {
    let mut a = app_set(120, 32, |s| s.protected = true);
    select(&mut a, "orders-sync-08");
    assert!(press(&mut a, "dy").is_empty());
    update(&mut a, code(KeyCode::Backspace));
    type_text(&mut a, "orders-sync-0");
    // Enter submits what was typed: not yet the name, so it says what is expected.
    assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
    assert!(a.modal().is_some());
    let said = a.status.clone().unwrap_or_default();
    assert!(said.contains("type orders-sync-08 exactly"), "{said}");
    type_text(&mut a, "8");
    assert_eq!(update(&mut a, code(KeyCode::Enter)).len(), 1);
}

#[test]
fn typed_count_then_enter_submits_and_tab_enter_cancels() {
    let mut a = app_with(settings(), many(22), 120, 32);
    press(&mut a, "ad");
    type_text(&mut a, "22");
    // Tab moves to Cancel: Enter there cancels and says nothing was sent.
    update(&mut a, code(KeyCode::Tab));
    assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
    assert!(a.modal().is_none());
    assert_eq!(a.status.as_deref(), Some("cancelled: nothing sent"));
    update(&mut a, key('d'));
    type_text(&mut a, "22");
    let e = update(&mut a, code(KeyCode::Enter));
    assert_eq!(e.len(), 22, "22 + Enter sends 22 deletes");
}

#[test]
fn every_cancel_says_nothing_was_sent() {
    for cancel in [code(KeyCode::Esc), key('n'), ctrl('c')] {
        let mut a = on("orders-sync-08");
        update(&mut a, key('d'));
        assert!(update(&mut a, cancel).is_empty());
        assert!(a.modal().is_none());
        assert_eq!(a.status.as_deref(), Some("cancelled: nothing sent"));
    }
}

#[test]
fn a_modal_not_drawn_whole_at_this_size_does_not_confirm() {
    let mut a = on("orders-sync-08");
    // Opened but never drawn (the event loop has not drawn a frame yet).
    drs_tui::app::update(&mut a, key('d'));
    assert!(drs_tui::app::update(&mut a, key('y')).is_empty());
    assert!(
        a.modal().is_some(),
        "y before the modal was seen does nothing"
    );
    // Drawn at 120x32, then the terminal is resized: not seen at the new size yet.
    draw(&mut a);
    drs_tui::app::update(&mut a, Msg::Resize(100, 30));
    assert!(drs_tui::app::update(&mut a, key('y')).is_empty());
    // Too small: the modal is not drawn, no key but quit acts.
    update(&mut a, Msg::Resize(30, 8));
    assert!(update(&mut a, key('y')).is_empty());
    assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
    assert!(a.modal().is_some_and(|m| m.drawn.is_none()));
    // Back to a usable size and drawn: now y counts.
    update(&mut a, Msg::Resize(120, 32));
    assert_eq!(update(&mut a, key('y')).len(), 1);
}

#[test]
fn toggling_stop_first_unsees_the_modal_until_a_frame_shows_the_new_list() {
    let mut a = marked(&["orders-sync-08", "orders-sync-00"]);
    update(&mut a, key('d'));
    assert!(
        a.modal()
            .is_some_and(|m| m.offers_stop_first() && m.drawn.is_some())
    );
    // `s` and `y` in one burst: the list `y` would confirm (with the stop) was never shown.
    drs_tui::app::update(&mut a, key('s'));
    assert!(drs_tui::app::update(&mut a, key('y')).is_empty());
    assert!(a.modal().is_some_and(|m| m.stop_first && m.drawn.is_none()));
    // Once a frame shows it, `y` confirms the stop and both deletes.
    draw(&mut a);
    let e = drs_tui::app::update(&mut a, key('y'));
    assert!(
        e.iter().any(|e| matches!(e, Effect::StopThenDelete { .. })),
        "{e:?}"
    );
}

#[test]
fn a_too_small_terminal_takes_no_key_but_quit() {
    let mut a = on("orders-sync-08");
    update(&mut a, Msg::Resize(30, 8));
    for k in ['d', 'y', 'x', ' ', 'a', 'j', '?', 't'] {
        assert!(update(&mut a, key(k)).is_empty());
    }
    assert!(a.modal().is_none() && !a.help_open() && a.table.marks().is_empty());
    assert_eq!(selected(&a), "orders-sync-08");
    assert_eq!(update(&mut a, key('q')), vec![Effect::Quit]);
}

#[test]
fn ctrl_keys_are_not_the_plain_keys() {
    let mut a = app_with(settings(), many(60), 120, 32);
    let page = a.table_rows().height as usize;
    for c in ['a', 'x', 's', 'u', 'A', 'X', 'S', 'R', 'q', 't', 'r', ' '] {
        assert!(update(&mut a, ctrl(c)).is_empty(), "Ctrl-{c}");
        assert!(
            a.modal().is_none() && a.table.marks().is_empty(),
            "Ctrl-{c}"
        );
    }
    assert_eq!(a.table.sort().0, drs_tui::app::SortColumn::Name);
    assert!(update(&mut a, ctrl('d')).is_empty());
    assert!(a.modal().is_none(), "Ctrl-D opens no modal");
    assert_eq!(
        a.table.selected_pos(),
        Some(page / 2),
        "Ctrl-D: half a page down"
    );
    update(&mut a, ctrl('u'));
    assert_eq!(a.table.selected_pos(), Some(0));
    update(&mut a, ctrl('f'));
    assert_eq!(a.table.selected_pos(), Some(page));
    update(&mut a, ctrl('b'));
    assert_eq!(a.table.selected_pos(), Some(0));
}

#[test]
fn detail_scroll_stops_at_its_content_and_g_end_scroll_it() {
    let mut a = on("orders-sync-08");
    update(&mut a, code(KeyCode::Tab));
    for _ in 0..50 {
        update(&mut a, code(KeyCode::PageDown));
    }
    let max = a.detail_max_scroll;
    assert_eq!(a.detail_scroll, max, "PgDn stops where the content ends");
    update(&mut a, key('g'));
    assert_eq!(a.detail_scroll, 0);
    update(&mut a, code(KeyCode::End));
    assert_eq!(a.detail_scroll, max);
    assert_eq!(
        selected(&a),
        "orders-sync-08",
        "G/End scroll the detail, not the list"
    );
}

#[test]
fn marks_survive_changing_the_job_type() {
    let mut a = on("orders-sync-08");
    let e = press(&mut a, " t");
    let Some(Effect::ListJobs { generation, .. }) = e.first().cloned() else {
        panic!("t lists again: {e:?}");
    };
    update(&mut a, page(generation, &jobs()));
    update(&mut a, complete(generation, &jobs()));
    assert_eq!(a.table.marks().len(), 1);
    assert!(a.table.is_marked(ORDERS_08));
}

#[test]
fn name_sort_is_natural() {
    let named = ["feed-102", "feed-14", "feed-2", "Feed-20", "feed-1"];
    let jobs: Vec<_> = named
        .iter()
        .enumerate()
        .map(|(i, n)| {
            job(
                &format!("id-{i}"),
                n,
                "RELEASE_RESOURCE_COMPLETE",
                &["DELETE"],
            )
        })
        .collect();
    let mut a = app_with(settings(), jobs, 120, 32);
    assert_eq!(
        names(&a),
        ["feed-1", "feed-2", "feed-14", "Feed-20", "feed-102"]
    );
    update(&mut a, key('S'));
    assert_eq!(
        names(&a),
        ["feed-102", "Feed-20", "feed-14", "feed-2", "feed-1"]
    );
}

#[test]
fn a_failed_listing_is_a_state_and_keeps_stale_rows() {
    use drs_tui::api::{ApiError, ClientError, TransportKind};
    let mut a = drs_tui::app::App::new(settings(), None);
    update(&mut a, Msg::Resize(120, 32));
    let _ = a.start();
    let refused = ClientError::Api(ApiError {
        http_status: 401,
        error_code: "APIGW.0301".into(),
        error_msg: "Incorrect IAM authentication information".into(),
        request_id: Some("req-1".into()),
    });
    update(
        &mut a,
        Msg::ListFailed {
            generation: 1,
            error: refused,
        },
    );
    let f = a.list_error.clone().expect("failure kept");
    assert!(f.headline.contains("credentials were refused"), "{f:?}");
    assert!(f.hint.contains("nothing more"), "{f:?}");
    assert!(!f.retry);
    assert!(
        update(&mut a, key('r')).is_empty(),
        "r sends nothing after a refusal"
    );
    assert!(
        update(&mut a, Msg::RefreshDue).is_empty(),
        "nor does auto-refresh"
    );
    // A connection failure after a good listing: rows stay, marked stale; r retries.
    let mut a = app();
    let e = update(&mut a, key('r'));
    let Some(Effect::ListJobs { generation, .. }) = e.first().cloned() else {
        panic!("r lists: {e:?}");
    };
    let down = ClientError::Transport {
        kind: TransportKind::Connect,
        message: "dns error: failed to lookup address".into(),
    };
    update(
        &mut a,
        Msg::ListFailed {
            generation,
            error: down,
        },
    );
    assert_eq!(a.table.shown(), 8, "stale rows stay");
    let f = a.list_error.clone().expect("failure kept");
    assert!(
        f.headline.contains("drs.cn-north-4.myhuaweicloud.com"),
        "{f:?}"
    );
    assert!(f.hint.contains("region (cn-north-4)"), "{f:?}");
    assert!(
        a.areas().notice.height > 0,
        "the notice has its place below the rows"
    );
    assert_eq!(update(&mut a, key('r')).len(), 1);
}

#[test]
fn outcomes_200_removes_and_400_keeps_with_error_and_retry() {
    let mut a = on("orders-sync-08");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-12");
    let e = press(&mut a, " d");
    assert!(e.is_empty());
    assert_eq!(update(&mut a, key('y')).len(), 2);
    update(&mut a, progress(ORDERS_08, Phase::Deleting));
    ok_08_refused_12(&mut a);
    assert!(a.table.get(ORDERS_08).is_none());
    assert!(a.table.get(ORDERS_12).is_some());
    assert_eq!(
        a.outcomes[0].text,
        "400 DRS.10000011 The job status does not allow this operation."
    );
    assert_eq!(a.outcomes[1].text, "200 OK");
    assert!(a.last_error[ORDERS_12].contains("DRS.10000011"));
    let b = a.batch.expect("batch");
    assert_eq!(
        (
            b.deletes.done,
            b.deletes.failed,
            b.deletes.sent,
            b.finished()
        ),
        (1, 1, 1, true)
    );
    // A stale listing does not bring the deleted job back.
    let g = a.generation;
    update(&mut a, page(g, &jobs()));
    assert!(a.table.get(ORDERS_08).is_none());
    // R asks again, for the failed one only.
    update(&mut a, key('R'));
    let m = a.modal().cloned().expect("retry modal");
    assert_eq!(m.targets.len() + m.hidden.len(), 1);
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::DeleteJob {
            job: shared(&a, ORDERS_12),
            after_ambiguous: false,
        }]
    );
    assert!(
        !a.last_error.contains_key(ORDERS_12),
        "cleared by the next action"
    );
}

#[test]
fn refresh_keeps_selection_and_marks_by_id() {
    let mut a = on("orders-sync-19");
    update(&mut a, key(' '));
    select(&mut a, "payments-mig-01");
    let e = update(&mut a, Msg::RefreshDue);
    assert_eq!(e.len(), 1);
    assert!(
        update(&mut a, key('r')).is_empty(),
        "no second listing while one runs"
    );
    let g = a.generation;
    let mut js = jobs();
    js.reverse();
    js.push(job("new-1", "aaa-new", "CREATING", &[]));
    js.retain(|j| j.name != "billing-cdc-02");
    update(&mut a, page(g, &js));
    update(&mut a, complete(g, &js));
    assert_eq!(selected(&a), "payments-mig-01");
    assert!(a.table.is_marked("9a7e11d2-4444-4c2d-b4d7-5084b0f00004"));
    assert_eq!(a.table.shown(), 8);
    assert!(!a.listing);
}

#[test]
fn stale_generation_is_ignored() {
    let mut a = app();
    let old = a.generation;
    update(&mut a, key('t'));
    assert_eq!(a.job_type, Some(JobType::Migration));
    assert_eq!(a.table.shown(), 0);
    update(&mut a, page(old, &jobs()));
    update(&mut a, complete(old, &jobs()));
    assert_eq!(a.table.shown(), 0);
    assert!(a.listing);
}

#[test]
fn type_cycles_through_all_types() {
    let mut a = app();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let e = update(&mut a, key('t'));
        assert_eq!(e.len(), 1);
        seen.push(a.job_type);
    }
    assert_eq!(
        seen,
        [
            Some(JobType::Migration),
            Some(JobType::Sync),
            Some(JobType::CloudDataGuard),
            Some(JobType::Replay),
            None
        ]
    );
}

#[test]
fn read_only_refuses_writes_with_a_message() {
    let mut a = app_set(120, 32, |s| s.read_only = true);
    for k in ['d', 'x', 'X', 'R'] {
        assert!(update(&mut a, key(k)).is_empty());
        assert!(a.modal().is_none());
    }
    update(&mut a, key('x'));
    assert!(a.status.as_deref().unwrap_or("").contains("read-only"));
}

#[test]
fn stop_modal_lists_only_stoppable() {
    let mut a = on("orders-sync-19");
    let e = press(&mut a, "xy");
    assert_eq!(
        e,
        vec![Effect::StopJob {
            job: shared(&a, "9a7e11d2-4444-4c2d-b4d7-5084b0f00004"),
            force: false
        }]
    );
    select(&mut a, "billing-cdc-02");
    update(&mut a, key('x'));
    assert_eq!(
        a.modal().map(|m| (m.count(), m.skipped.len())),
        Some((0, 1))
    );
    assert!(update(&mut a, key('y')).is_empty());
}

#[test]
fn quit_asks_while_requests_are_in_flight() {
    let mut a = app();
    assert_eq!(update(&mut a.clone(), key('q')), vec![Effect::Quit]);
    select(&mut a, "orders-sync-08");
    press(&mut a, "dy");
    update(&mut a, progress(ORDERS_08, Phase::Deleting));
    assert!(update(&mut a, ctrl('c')).is_empty(), "nothing left unsent");
    assert!(a.quit_confirm);
    update(&mut a, key('n'));
    assert!(!a.quit_confirm && !a.quit);
    update(&mut a, key('q'));
    // y waits for the answer (counted down), ignoring keys, and quits once it is in.
    assert!(update(&mut a, key('y')).is_empty());
    assert!(a.shutdown.is_some() && !a.quit);
    assert!(update(&mut a, key('q')).is_empty(), "keys wait too");
    let id = ORDERS_08;
    assert_eq!(delete_answered(&mut a, deleted(id)), vec![Effect::Quit]);
    assert!(a.quit);
}

#[test]
fn detail_is_requested_only_for_the_resting_selection() {
    let mut a = app();
    let sel = a.table.selected().map(|j| j.id.clone()).unwrap_or_default();
    assert_eq!(a.detail_needed(), Some(sel.as_str()));
    assert!(
        update(
            &mut a,
            Msg::DetailDue {
                job_id: "other".into()
            }
        )
        .is_empty()
    );
    assert_eq!(
        update(
            &mut a,
            Msg::DetailDue {
                job_id: sel.clone()
            }
        ),
        vec![Effect::ShowJob {
            job: shared(&a, &sel)
        }]
    );
    assert_eq!(a.details.get(&sel), Some(&Detail::Loading));
    assert!(a.detail_needed().is_none());
    update(
        &mut a,
        Msg::DetailLoaded {
            job_id: sel.clone(),
            detail: serde_json::json!({"status": "x\u{1b}[31m"}),
        },
    );
    assert_eq!(
        a.details.get(&sel),
        Some(&Detail::Loaded(serde_json::json!({"status": "x"})))
    );
}

#[test]
fn server_strings_are_sanitized_on_arrival() {
    let evil = job(
        "e1",
        "bad\u{1b}]0;pwned\u{7}name\u{1b}[2J",
        "RELEASE_RESOURCE_COMPLETE",
        &["DELETE"],
    );
    let a = app_with(settings(), vec![evil], 120, 32);
    assert_eq!(a.table.get("e1").map(|j| j.name.as_str()), Some("badname"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut a = app();
    let rows = a.table_rows();
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: rows.x + 2,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut a, click(rows.y + 2));
    assert_eq!(selected(&a), "orders-sync-08");
    update(
        &mut a,
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: rows.x + 2,
            row: rows.y,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(selected(&a), "payments-mig-01");
    update(&mut a, click(rows.y + 60));
    assert_eq!(selected(&a), "payments-mig-01");
}

// ---- property: no delete without a confirmed modal that listed the job ------------------

/// What a [`Act::Confirm`] types into the modal's text field.
#[derive(Debug, Clone, Copy)]
enum Typing {
    /// Nothing.
    Nothing,
    /// Exactly what the test expects the modal to require.
    Exact,
    /// That without its last character.
    Short,
    /// That and one more character.
    Longer,
}

#[derive(Debug, Clone)]
enum Act {
    Key(char),
    Ctrl(char),
    Code(u8),
    Text(String),
    Page(Vec<usize>),
    Complete(Vec<usize>),
    DeleteOk(usize),
    DeleteErr(usize),
    DeleteUnknown(usize),
    DeleteCancelled(usize),
    StopOk(usize),
    Pending(usize, u64),
    Click(u16, u16),
    Tick,
    Detail(usize),
    Resize(u16, u16),
    /// `:` and a command line, then Enter.
    Command(String),
    /// The worker switched to these of the three test projects (none: the configured one).
    Scopes(Vec<usize>),
    /// Earlier runs left unsettled writes (then `U` has something to settle).
    Unsettled(usize),
    /// Open a modal with this key (after `a`, marking every shown job, if asked), type, then
    /// confirm with `y` (or Enter): a frame is drawn between the steps, as a person sees each
    /// before the next key.
    Confirm(char, bool, Typing, bool),
}

fn act() -> impl Strategy<Value = Act> {
    let typing = prop_oneof![
        Just(Typing::Nothing),
        Just(Typing::Exact),
        Just(Typing::Short),
        Just(Typing::Longer)
    ];
    let typing2 = prop_oneof![
        Just(Typing::Nothing),
        Just(Typing::Exact),
        Just(Typing::Short),
        Just(Typing::Longer)
    ];
    let command = prop_oneof![
        Just("region cn-east-3".to_owned()),
        Just("region all".to_owned()),
        Just("regions".to_owned()),
        Just("profile staging".to_owned()),
        Just("project 0a1b2c3d4e5f60718293a4b5c6d7e8f9".to_owned()),
        Just("type sync".to_owned()),
        Just("q".to_owned()),
        "[a-z ]{0,8}",
    ];
    prop_oneof![
        6 => prop::sample::select(vec!['d', 'y', 'n', ' ', 'a', 'A', 'j', 'k', 'x', 'X', 'u', 'U', 's', 'R', '/', 'g', 'G', 't', 'r', 'S', '?', 'q', '1', '2', 'o', ':']).prop_map(Act::Key),
        1 => prop::sample::select(vec!['d', 'y', 'u', 'a', 'x', 's', 'f', 'b']).prop_map(Act::Ctrl),
        3 => (0u8..8).prop_map(Act::Code),
        1 => "[a-z0-9订单]{0,4}".prop_map(Act::Text),
        1 => prop::collection::vec(0usize..8, 0..8).prop_map(Act::Page),
        1 => prop::collection::vec(0usize..8, 0..8).prop_map(Act::Complete),
        1 => (0usize..8).prop_map(Act::DeleteOk),
        1 => (0usize..8).prop_map(Act::DeleteErr),
        1 => (0usize..8).prop_map(Act::StopOk),
        1 => (0usize..8).prop_map(Act::DeleteUnknown),
        1 => (0usize..8).prop_map(Act::DeleteCancelled),
        1 => (0usize..8, 0u64..4).prop_map(|(i, n)| Act::Pending(i, n)),
        2 => (0u16..120, 0u16..32).prop_map(|(x, y)| Act::Click(x, y)),
        1 => Just(Act::Tick),
        1 => (0usize..8).prop_map(Act::Detail),
        1 => (0u16..130, 0u16..40).prop_map(|(w, h)| Act::Resize(w, h)),
        1 => command.prop_map(Act::Command),
        1 => prop::collection::vec(0usize..3, 0..3).prop_map(Act::Scopes),
        1 => (1usize..3).prop_map(Act::Unsettled),
        3 => (prop::sample::select(vec!['d', 'd', 'x', 'X']), typing, any::<bool>())
            .prop_map(|(k, t, enter)| Act::Confirm(k, false, t, enter)),
        2 => (prop::sample::select(vec!['d', 'x']), typing2, any::<bool>())
            .prop_map(|(k, t, enter)| Act::Confirm(k, true, t, enter)),
    ]
}

/// The three projects scope switches choose from.
fn test_scopes() -> Vec<drs_tui::api::ScopeId> {
    region_scopes(&["cn-north-4", "cn-east-3", "ap-southeast-1"])
}

/// What the test expects a modal to ask to be typed, from what it lists (not from its own
/// gate): with protection, or more jobs than the threshold, the one job's name or the count.
fn expected_requirement(
    m: &drs_tui::app::confirm::ConfirmModal,
    protected: bool,
    threshold: usize,
) -> Option<String> {
    let acted: Vec<&drs_tui::app::confirm::Target> = m
        .targets
        .iter()
        .chain(m.hidden.iter())
        .chain(
            m.skipped
                .iter()
                .filter(|s| m.stop_first && s.stoppable)
                .map(|s| &s.target),
        )
        .collect();
    let n = acted.len();
    if n == 0 || !(protected || n > threshold) {
        None
    } else if n == 1 {
        Some(acted[0].name.clone())
    } else {
        Some(n.to_string())
    }
}

/// The messages of one step of an act; an act has several steps when a person would look at
/// the screen between them (a frame is drawn after each).
fn steps(
    a: &drs_tui::app::App,
    act: &Act,
    step: usize,
    protected: bool,
    threshold: usize,
) -> Option<Vec<Msg>> {
    let Act::Confirm(open, mark_all, typing, enter) = act else {
        return (step == 0).then(|| to_msgs(a, act.clone()));
    };
    Some(match step {
        0 if *mark_all => vec![key('a'), key(*open)],
        0 => vec![key(*open)],
        1 => {
            let want = a
                .modal()
                .and_then(|m| expected_requirement(m, protected, threshold))
                .unwrap_or_default();
            let text = match typing {
                Typing::Nothing => String::new(),
                Typing::Exact => want,
                Typing::Short => want
                    .chars()
                    .take(want.chars().count().saturating_sub(1))
                    .collect(),
                Typing::Longer => format!("{want}0"),
            };
            text.chars().map(key).collect()
        }
        2 if *enter => vec![code(KeyCode::Enter)],
        2 => vec![key('y')],
        _ => return None,
    })
}

fn to_msgs(a: &drs_tui::app::App, act: Act) -> Vec<Msg> {
    let pool = jobs();
    let pick = |ix: &[usize]| ix.iter().map(|&i| pool[i].clone()).collect::<Vec<_>>();
    let g = a.generation;
    match act {
        Act::Key(c) => vec![key(c)],
        Act::Ctrl(c) => vec![ctrl(c)],
        Act::Code(n) => vec![code(match n {
            0 => KeyCode::Enter,
            1 => KeyCode::Esc,
            2 => KeyCode::Tab,
            3 => KeyCode::Left,
            4 => KeyCode::Delete,
            5 => KeyCode::Backspace,
            6 => KeyCode::PageDown,
            _ => KeyCode::Right,
        })],
        Act::Text(s) => s.chars().map(key).collect(),
        Act::Page(ix) => vec![page(g, &pick(&ix))],
        Act::Complete(ix) => vec![page(g, &pick(&ix)), complete(g, &pick(&ix))],
        Act::DeleteOk(i) => vec![delete_msg(&pool[i].id, deleted(&pool[i].id))],
        Act::DeleteErr(i) => vec![delete_msg(&pool[i].id, delete_not_found(&pool[i].id))],
        Act::DeleteUnknown(i) => vec![delete_msg(&pool[i].id, delete_unknown(&pool[i].id))],
        Act::DeleteCancelled(i) => vec![delete_msg(
            &pool[i].id,
            outcome(&pool[i].id, WriteAction::Delete, OutcomeKind::Cancelled),
        )],
        Act::StopOk(i) => vec![Msg::StopDone {
            job_id: pool[i].id.clone(),
            outcome: stopped(&pool[i].id),
            at: at(),
        }],
        Act::Pending(i, n) => vec![Msg::OpProgress {
            job_id: pool[i].id.clone(),
            phase: Phase::Pending { secs_left: n },
        }],
        Act::Click(x, y) => vec![Msg::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: x,
            row: y,
            modifiers: crossterm::event::KeyModifiers::NONE,
        })],
        Act::Tick => vec![Msg::Tick],
        Act::Detail(i) => vec![Msg::DetailDue {
            job_id: pool[i].id.clone(),
        }],
        Act::Resize(w, h) => vec![Msg::Resize(w, h)],
        Act::Command(line) => std::iter::once(key(':'))
            .chain(line.chars().map(key))
            .chain([code(KeyCode::Enter)])
            .collect(),
        Act::Scopes(ix) => {
            let all = test_scopes();
            vec![Msg::ScopesSet {
                scopes: ix.iter().map(|&i| all[i]).collect(),
                label: format!("{} projects", ix.len()),
                in_force: Default::default(),
            }]
        }
        Act::Unsettled(n) => vec![Msg::Unsettled {
            count: n,
            damaged: 0,
        }],
        Act::Confirm(..) => unreachable!("a confirmation has steps"),
    }
}

/// What the test saw of the open modal, kept beside the app (not read from its gate).
#[derive(Default)]
struct Seen {
    /// The keys typed since the modal opened or changed what it acts on (Backspace removes
    /// the last), as the test sent them.
    typed: String,
    /// The last frame drawn at the current size since the modal opened, as text, with what
    /// the modal acted on then.
    screen: Option<(String, ModalKey)>,
}

/// What a modal acts on: action, force, stop first, count.
type ModalKey = (ConfirmAction, bool, bool, usize);

fn modal_key(m: &drs_tui::app::confirm::ConfirmModal) -> ModalKey {
    (m.action, m.force, m.stop_first, m.count())
}

impl Seen {
    /// Follows one message: a resize, a typed key.
    fn before(&mut self, a: &drs_tui::app::App, msg: &Msg) {
        if let Msg::Resize(..) = msg {
            self.screen = None;
        }
        if a.modal().is_none() {
            return;
        }
        if let Msg::Key(k) = msg
            && k.modifiers.is_empty()
        {
            match k.code {
                KeyCode::Char(c) => self.typed.push(c),
                KeyCode::Backspace => {
                    self.typed.pop();
                }
                _ => {}
            }
        }
    }

    /// After the message: a modal that opened starts afresh; one that changed what it acts on
    /// (`s`) starts its typing afresh.
    fn after(
        &mut self,
        before: Option<&drs_tui::app::confirm::ConfirmModal>,
        now: Option<&drs_tui::app::confirm::ConfirmModal>,
    ) {
        let opened = now.is_some()
            && before.map(|m| (m.action, m.force)) != now.map(|m| (m.action, m.force));
        if now.is_none() || opened {
            self.screen = None;
        }
        if now.is_none() || before.map(modal_key) != now.map(modal_key) {
            self.typed.clear();
        }
    }
}

/// How many cases confirmed a write, in all and after typing.
#[derive(Default)]
struct Confirmed {
    cases: std::sync::atomic::AtomicUsize,
    any: std::sync::atomic::AtomicUsize,
    typed: std::sync::atomic::AtomicUsize,
}

/// Runs one case; Ok with (whether a write was confirmed, whether one needed typing).
fn no_write_case(
    protected: bool,
    threshold: usize,
    acts: Vec<Act>,
) -> Result<(bool, bool), TestCaseError> {
    let mut s = settings();
    s.protected = protected;
    s.confirm_threshold = threshold;
    let mut a = drs_tui::app::App::new(s, None);
    update(&mut a, Msg::Resize(120, 32));
    let _ = a.start();
    let mut seen = Seen::default();
    let (mut confirmed, mut typed) = (false, false);
    for act in &acts {
        let mut step = 0;
        // One step's messages arrive together, with no frame drawn between them (a burst of
        // keys); a frame is drawn after each step, as the event loop does.
        while let Some(msgs) = steps(&a, act, step, protected, threshold) {
            step += 1;
            for msg in msgs {
                let before = a.modal().cloned();
                // A click can confirm only on the modal's confirm button.
                let on_confirm_button = match &msg {
                    Msg::Mouse(m) => a.modal().and_then(|md| md.drawn).is_some_and(|d| {
                        d.whole && { drs_tui::layout::contains(d.confirm, m.column, m.row) }
                    }),
                    _ => false,
                };
                let is_confirm_key = on_confirm_button
                    || matches!(&msg, Msg::Key(k) if k.modifiers.is_empty() && matches!(k.code, KeyCode::Char('y') | KeyCode::Enter));
                seen.before(&a, &msg);
                let unsent_before = a.unsent();
                let effects = drs_tui::app::update(&mut a, msg);
                let mut one_each = HashSet::new();
                for e in effects {
                    let (job, stop_then_delete) = match &e {
                        Effect::DeleteJob { job, .. } => (job.clone(), false),
                        Effect::StopThenDelete { job } => (job.clone(), true),
                        Effect::CancelPending { job_ids } => {
                            prop_assert!(!job_ids.is_empty());
                            for id in job_ids {
                                prop_assert!(
                                    unsent_before.contains(id),
                                    "cancel of {} which was not waiting",
                                    id
                                );
                            }
                            continue;
                        }
                        Effect::StopJob { job, force } => {
                            let m = before.as_ref().expect("stop only from a modal");
                            prop_assert!(is_confirm_key);
                            prop_assert_eq!(m.action, ConfirmAction::Stop);
                            prop_assert_eq!(*force, m.force, "force only from a force-stop modal");
                            // Exactly the job the modal listed (the same shared value).
                            prop_assert!(
                                m.targets
                                    .iter()
                                    .chain(m.hidden.iter())
                                    .any(|t| std::sync::Arc::ptr_eq(&t.job, job))
                            );
                            typed |= confirmed_as_seen(m, &seen, protected, threshold)?;
                            confirmed = true;
                            prop_assert!(a.modal().is_none());
                            continue;
                        }
                        _ => continue,
                    };
                    let m = before.as_ref();
                    prop_assert!(m.is_some(), "write {:?} without a modal", e);
                    let m = m.expect("checked");
                    prop_assert!(is_confirm_key, "write without y/Enter");
                    prop_assert_eq!(m.action, ConfirmAction::Delete);
                    typed |= confirmed_as_seen(m, &seen, protected, threshold)?;
                    confirmed = true;
                    prop_assert!(a.modal().is_none(), "modal closes on confirm");
                    // Exactly the job the modal listed (the same shared value, not one by id).
                    let same =
                        |t: &drs_tui::app::confirm::Target| std::sync::Arc::ptr_eq(&t.job, &job);
                    let listed = if stop_then_delete {
                        m.stop_then_delete().any(same)
                    } else {
                        m.targets.iter().chain(m.hidden.iter()).any(same)
                    };
                    prop_assert!(listed, "{} was not listed in the confirmed modal", job.id);
                    prop_assert!(
                        one_each.insert(job.id.clone()),
                        "one write per job per confirmation"
                    );
                }
                seen.after(before.as_ref(), a.modal());
            }
            if a.modal().is_some() {
                let screen = draw_text(&mut a);
                if let Some(m) = a.modal().filter(|m| m.drawn.is_some()) {
                    seen.screen = Some((screen, modal_key(m)));
                }
            } else {
                draw(&mut a);
            }
        }
    }
    Ok((confirmed, typed))
}

/// A confirmation of `m` agrees with what the test typed and saw: the last frame since the
/// modal opened showed its confirm button with the verb and count the test expects, and the
/// text the test expects it to require is what the test typed. Whether typing was required.
fn confirmed_as_seen(
    m: &drs_tui::app::confirm::ConfirmModal,
    seen: &Seen,
    protected: bool,
    threshold: usize,
) -> Result<bool, TestCaseError> {
    let shown = seen.screen.as_ref();
    prop_assert!(shown.is_some(), "confirmed a modal no frame showed");
    let (screen, shown_key) = shown.expect("checked");
    let verb = match (m.action, m.force) {
        (ConfirmAction::Stop, true) => "Force-stop",
        (ConfirmAction::Stop, false) => "Stop",
        (ConfirmAction::Delete, _) => "Delete",
    };
    let n = m.targets.len()
        + m.hidden.len()
        + m.skipped
            .iter()
            .filter(|s| m.stop_first && s.stoppable)
            .count();
    // `[ Delete 2 (y) ]`, or `[ Delete 2 y ]` in a narrow modal.
    let button = format!("{verb} {n} (y)");
    let narrow = format!("{verb} {n} y ]");
    // What `y` confirmed is what the last frame showed: action, force, stop first and count
    // (toggling stop first unsees the modal until a frame shows the new list).
    prop_assert_eq!(
        *shown_key,
        modal_key(m),
        "confirmed a modal no frame showed"
    );
    prop_assert!(
        screen.contains(&button) || screen.contains(&narrow),
        "the frame did not show {}:\n{}",
        button,
        screen
    );
    let want = expected_requirement(m, protected, threshold);
    if let Some(want) = &want {
        prop_assert!(
            seen.typed.contains(want.as_str()),
            "confirmed without typing {:?} (typed {:?})",
            want,
            seen.typed
        );
    }
    Ok(want.is_some())
}

/// Runs the property over `cases` cases with protection on or off; how many cases confirmed a
/// write, and how many of those after typing.
fn no_write_property(protected: bool, cases: u32) -> (usize, usize, usize) {
    use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
    use std::sync::atomic::Ordering::Relaxed;
    let config = Config {
        cases,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let counts = Confirmed::default();
    let strategy = (0usize..4, prop::collection::vec(act(), 0..80));
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |(threshold, acts)| {
        let (confirmed, typed) = no_write_case(protected, threshold, acts)?;
        counts.cases.fetch_add(1, Relaxed);
        counts.any.fetch_add(usize::from(confirmed), Relaxed);
        counts.typed.fetch_add(usize::from(typed), Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (cases, any, typed) = (
        counts.cases.load(Relaxed),
        counts.any.load(Relaxed),
        counts.typed.load(Relaxed),
    );
    eprintln!(
        "protected {protected}: {cases} cases, {any} confirmed a write, {typed} after typing"
    );
    (cases, any, typed)
}

/// No delete or stop is sent without a modal that listed the job, was shown whole with its
/// verb and count, and got exactly what the test typed when it asks for typing; and the cases
/// confirm often enough for that to mean something. Without protection (half the cases; the
/// other half runs beside it, below), typing is asked for above the threshold.
#[test]
fn no_write_without_a_confirmed_modal_listing_the_job() {
    let (cases, any, typed) = no_write_property(false, cases(400) / 2);
    // With the default 200 cases here about a fifth confirm something, one in twenty after
    // typing; below 100 cases (PROPTEST_CASES) the shares are too noisy to check.
    if cases >= 100 {
        assert!(
            any >= cases / 10,
            "{any} of {cases} cases confirmed a write"
        );
        assert!(
            typed >= cases / 50,
            "{typed} of {cases} confirmed after typing"
        );
    }
}

/// The same property with protection on: every confirmation needs the name or the count typed.
#[test]
fn no_write_without_a_confirmed_modal_listing_the_job_protected() {
    let (cases, any, typed) = no_write_property(true, cases(400).div_ceil(2));
    assert_eq!(any, typed, "protected: every confirmation was typed");
    if cases >= 100 {
        assert!(
            any >= cases / 20,
            "{any} of {cases} protected cases confirmed a write"
        );
    }
}

#[test]
fn deleting_the_selected_row_selects_the_next_one() {
    let mut a = on("orders-sync-08");
    press(&mut a, "dy");
    delete_answered(&mut a, deleted(ORDERS_08));
    assert_eq!(selected(&a), "orders-sync-12");
    assert_eq!(a.total(), 7);
}

// ---- undo window, cancelling, outcomes of every kind ---------------------------------------

const X: &str = ORDERS_08; // orders-sync-08
const Y: &str = ORDERS_12; // orders-sync-12
const Z: &str = PAYMENTS_01; // payments-mig-01

fn grace_app(secs: u64) -> drs_tui::app::App {
    let mut s = settings();
    s.undo_grace_secs = secs;
    app_with(s, jobs(), 120, 32)
}

#[test]
fn undo_window_shows_a_countdown_and_u_cancels_before_send() {
    let mut a = grace_app(3);
    let e = confirm_delete(&mut a, &["orders-sync-08", "orders-sync-12"]);
    assert_eq!(e.len(), 2, "the effects go to the worker, which holds them");
    assert_eq!(a.ops[X].phase, Phase::Pending { secs_left: 3 });
    assert!(a.status.as_deref().unwrap_or("").contains("u to undo"));
    assert_eq!(a.pending(), 2);
    // The worker's countdown (it owns the clock) reaches the rows.
    update(&mut a, progress(X, Phase::Pending { secs_left: 2 }));
    assert_eq!(a.ops[X].phase, Phase::Pending { secs_left: 2 });
    let e = update(&mut a, key('u'));
    assert_eq!(
        e,
        vec![Effect::CancelPending {
            job_ids: vec![Y.to_owned(), X.to_owned()]
        }]
    );
    assert_eq!(a.ops[X].phase, Phase::Cancelling);
    assert!(update(&mut a, key('u')).is_empty(), "nothing left to undo");
    // The worker answers with "cancelled, not sent": the rows return to normal.
    for id in [X, Y] {
        delete_answered(&mut a, cancelled(id));
    }
    assert!(a.ops.is_empty());
    assert!(a.table.get(X).is_some() && a.table.get(Y).is_some());
    assert!(a.failed.is_empty() && a.last_error.is_empty());
    assert!(a.outcomes.iter().all(|o| o.text == "cancelled, not sent"));
    assert!(!a.outcomes.iter().any(|o| o.text.contains("200")));
    let b = a.batch.expect("batch");
    assert_eq!((b.deletes.cancelled, b.finished()), (2, true));
    assert_eq!(a.in_flight(), 0);
}

#[test]
fn the_undo_hint_goes_once_every_delete_is_sent() {
    let mut a = grace_app(3);
    confirm_delete(&mut a, &["orders-sync-08"]);
    assert!(a.status.as_deref().unwrap_or("").contains("u to undo"));
    let sent = |a: &mut drs_tui::app::App, phase| update(a, progress(X, phase));
    sent(&mut a, Phase::Pending { secs_left: 1 });
    assert!(a.status.is_some(), "still pending");
    sent(&mut a, Phase::Deleting);
    assert!(a.status.is_none(), "nothing left to undo: {:?}", a.status);
}

#[test]
fn grace_zero_queues_at_once() {
    let mut a = grace_app(0);
    confirm_delete(&mut a, &["orders-sync-08"]);
    assert_eq!(a.ops[X].phase, Phase::Queued);
    assert!(a.status.is_none());
}

#[test]
fn esc_during_a_bulk_cancels_what_is_not_sent_and_says_what_was() {
    let mut a = grace_app(3);
    confirm_delete(
        &mut a,
        &["orders-sync-08", "orders-sync-12", "payments-mig-01"],
    );
    filter_by(&mut a, "orders");
    for (id, phase) in [(X, Phase::Deleting), (Y, Phase::Queued)] {
        update(&mut a, progress(id, phase));
    }
    let e = update(&mut a, code(KeyCode::Esc));
    assert_eq!(
        e,
        vec![Effect::CancelPending {
            job_ids: vec![Y.to_owned(), Z.to_owned()]
        }]
    );
    assert_eq!(
        a.status.as_deref(),
        Some("cancelled 2 not yet sent; already sent: 1 delete (their outcomes will still appear)")
    );
    assert_eq!(
        a.table.filter(),
        "orders",
        "this Esc cancels; it does not clear the filter"
    );
    assert_eq!(a.ops[X].phase, Phase::Deleting);
    // With nothing left to cancel, Esc clears the filter again.
    assert!(update(&mut a, code(KeyCode::Esc)).is_empty());
    assert_eq!(a.table.filter(), "");
}

#[test]
fn q_during_a_bulk_cancels_unsent_and_still_asks() {
    let mut a = grace_app(3);
    confirm_delete(&mut a, &["orders-sync-08", "orders-sync-12"]);
    update(&mut a, progress(X, Phase::Deleting));
    let e = update(&mut a, key('q'));
    assert_eq!(
        e,
        vec![Effect::CancelPending {
            job_ids: vec![Y.to_owned()]
        }]
    );
    assert!(a.quit_confirm && !a.quit);
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("already sent: 1 delete")
    );
    assert!(
        update(&mut a, key('y')).is_empty(),
        "waits for the sent one"
    );
    // The cancelled one reports back, then the sent one's answer: only then it quits.
    assert!(delete_answered(&mut a, cancelled(Y)).is_empty());
    assert_eq!(delete_answered(&mut a, deleted(X)), vec![Effect::Quit]);
}

#[test]
fn a_signal_cancels_unsent_and_quits_when_the_sent_ones_are_answered() {
    let mut a = grace_app(3);
    confirm_delete(&mut a, &["orders-sync-08", "orders-sync-12"]);
    update(&mut a, progress(X, Phase::Deleting));
    let e = update(
        &mut a,
        Msg::ShutdownRequested {
            reason: "SIGTERM received".into(),
        },
    );
    assert_eq!(
        e,
        vec![Effect::CancelPending {
            job_ids: vec![Y.to_owned()]
        }]
    );
    assert!(!a.quit_confirm, "a signal does not ask");
    update(&mut a, Msg::ShutdownLeft { secs: 7 });
    assert_eq!(a.shutdown.as_ref().and_then(|s| s.secs_left), Some(7));
    assert!(
        update(&mut a, Msg::RefreshDue).is_empty(),
        "nothing new starts"
    );
    delete_answered(&mut a, cancelled(Y));
    assert_eq!(delete_answered(&mut a, deleted(X)), vec![Effect::Quit]);
    // Idle: a signal quits at once.
    let mut idle = grace_app(3);
    assert_eq!(
        update(
            &mut idle,
            Msg::ShutdownRequested {
                reason: "SIGHUP received".into()
            }
        ),
        vec![Effect::Quit]
    );
}

#[test]
fn unsettled_writes_are_offered_and_settled_only_on_u() {
    let mut a = grace_app(3);
    update(
        &mut a,
        Msg::Unsettled {
            count: 2,
            damaged: 0,
        },
    );
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("2 write(s) of an earlier run are unsettled") && status.contains("U "),
        "{status}"
    );
    assert_eq!(update(&mut a, key('U')), vec![Effect::SettleUnsettled]);
}

#[test]
fn outcome_texts_for_every_kind() {
    use drs_tui::api::{ApiError, ClientError};
    let cases = [
        (deleted(X), "200 OK", true),
        (
            delete_not_found(X),
            "already gone: 400 DRS.10000010 Job does not exist, please check job ID.",
            true,
        ),
        (
            outcome(X, WriteAction::Delete, OutcomeKind::ConfirmedByReRead),
            "deleted (confirmed by re-read)",
            true,
        ),
        (
            outcome(X, WriteAction::Delete, OutcomeKind::AlreadyDeleted),
            "already deleted",
            true,
        ),
        (delete_unknown(X), "outcome unknown, still present", false),
        (cancelled(X), "cancelled, not sent", false),
    ];
    for (o, text, gone) in cases {
        let mut a = deleting(&["orders-sync-08"]);
        update(&mut a, delete_msg(X, o));
        assert_eq!(a.outcomes[0].text, text);
        assert_eq!(a.outcomes[0].verb, "DELETE");
        assert_eq!(a.outcomes[0].name, "orders-sync-08");
        assert_eq!(a.table.get(X).is_none(), gone, "{text}");
    }
    // Server text in an error is sanitized before it is drawn.
    let mut a = deleting(&["orders-sync-08"]);
    let mut o = outcome(X, WriteAction::Delete, OutcomeKind::Failed);
    o.error = Some(ClientError::Api(ApiError {
        http_status: 400,
        error_code: "DRS.1\u{1b}[2J".into(),
        error_msg: "bad\u{1b}]0;x\u{7}".into(),
        request_id: None,
    }));
    update(&mut a, delete_msg(X, o));
    assert!(!a.outcomes[0].text.contains('\u{1b}'));
    // A stop's outcome.
    let mut a = on("orders-sync-19");
    press(&mut a, "xy");
    let id = "9a7e11d2-4444-4c2d-b4d7-5084b0f00004";
    update(&mut a, stop_msg(id, stopped(id)));
    assert_eq!(
        (a.outcomes[0].verb, a.outcomes[0].text.as_str()),
        ("STOP", "200 OK")
    );
}

#[test]
fn r_after_an_unknown_outcome_retries_with_after_ambiguous() {
    let mut a = deleting(&["orders-sync-08"]);
    delete_answered(&mut a, delete_unknown(X));
    assert_eq!(a.outcomes[0].text, "outcome unknown, still present");
    assert!(a.last_error[X].contains("R retries"));
    assert!(a.ambiguous.contains(X));
    update(&mut a, key('R'));
    assert!(a.modal().is_some(), "a retry is confirmed like any delete");
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::DeleteJob {
            job: shared(&a, X),
            after_ambiguous: true,
        }]
    );
    // The worker, told so, reports DRS.10000010 as "already deleted".
    delete_answered(
        &mut a,
        outcome(X, WriteAction::Delete, OutcomeKind::AlreadyDeleted),
    );
    assert_eq!(a.outcomes[0].text, "already deleted");
    assert!(a.table.get(X).is_none());
    assert!(!a.ambiguous.contains(X) && !a.failed.contains_key(X));
}

#[test]
fn force_stop_goes_through_the_modal() {
    let mut a = on("orders-sync-19");
    assert!(update(&mut a, key('X')).is_empty());
    let m = a.modal().cloned().expect("modal");
    assert!(m.force);
    assert_eq!(m.verb(), "Force-stop");
    let e = update(&mut a, key('y'));
    assert_eq!(
        e,
        vec![Effect::StopJob {
            job: shared(&a, "9a7e11d2-4444-4c2d-b4d7-5084b0f00004"),
            force: true
        }]
    );
}

#[test]
fn throttled_shows_until_the_next_success() {
    let mut a = deleting(&["orders-sync-08"]);
    update(&mut a, Msg::Throttled { retry_in_secs: 4 });
    assert_eq!(a.throttled, Some(4));
    update(&mut a, key('j'));
    assert_eq!(a.throttled, Some(4), "keys do not clear it");
    delete_answered(&mut a, deleted(X));
    assert_eq!(a.throttled, None);
}

#[test]
fn writes_disabled_refuses_with_the_reason() {
    let mut a = app_set(120, 32, |s| {
        s.writes_disabled = Some("the audit log /x cannot be written".into())
    });
    for k in ['d', 'x', 'X', 'R'] {
        assert!(update(&mut a, key(k)).is_empty());
        assert!(a.modal().is_none());
        assert!(
            a.status
                .as_deref()
                .unwrap_or("")
                .contains("audit log /x cannot be written"),
            "{k}"
        );
    }
}

#[test]
fn modal_buttons_answer_mouse_clicks() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |(x, y): (u16, u16)| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut a = on("orders-sync-08");
    update(&mut a, key('d'));
    let drawn = a.modal().and_then(|m| m.drawn).expect("buttons shown");
    let (cancel, confirm) = (drawn.cancel, drawn.confirm);
    assert_eq!(cancel.y, confirm.y);
    assert!(cancel.right() <= confirm.x);
    // Outside the buttons: nothing.
    assert!(update(&mut a, click((confirm.right() + 1, confirm.y))).is_empty());
    assert!(a.modal().is_some());
    assert!(update(&mut a, click((cancel.x, cancel.y))).is_empty());
    assert!(a.modal().is_none(), "Cancel closes");
    update(&mut a, key('d'));
    let e = update(&mut a, click((confirm.x + 1, confirm.y)));
    assert_eq!(e.len(), 1, "Confirm acts like y");
    assert!(matches!(&e[0], Effect::DeleteJob { job, .. } if job.id == X));
}

#[test]
fn details_do_not_accumulate() {
    let mut a = app();
    for i in 0..(3 * drs_tui::app::MAX_DETAILS) {
        update(
            &mut a,
            Msg::DetailLoaded {
                job_id: format!("job-{i}"),
                detail: serde_json::json!({"status": "x"}),
            },
        );
        assert!(a.details.len() <= drs_tui::app::MAX_DETAILS);
    }
    assert!(
        a.details
            .contains_key(&format!("job-{}", 3 * drs_tui::app::MAX_DETAILS - 1))
    );
}

#[test]
fn a_delete_of_a_job_already_gone_is_success_and_removes_the_row() {
    let mut a = on("orders-sync-12");
    let gone = ORDERS_12;
    assert_eq!(press(&mut a, "dy").len(), 1);
    delete_answered(&mut a, delete_not_found(gone));
    assert!(a.table.get(gone).is_none(), "the row goes");
    let o = &a.outcomes[0];
    assert!(o.ok, "already gone is not a failure");
    assert_eq!(
        o.text,
        "already gone: 400 DRS.10000010 Job does not exist, please check job ID."
    );
    assert!(
        a.failed.is_empty() && a.last_error.is_empty(),
        "nothing to retry"
    );
    let b = a.batch.expect("batch");
    assert_eq!((b.deletes.done, b.deletes.failed), (1, 0));
}

#[test]
fn an_unknown_outcome_reads_unknown_not_failed() {
    let mut a = on("orders-sync-08");
    press(&mut a, "dy");
    delete_answered(&mut a, delete_unknown(X));
    assert_eq!(a.ops[X].phase, Phase::Unknown);
    let b = a.batch.expect("batch");
    assert_eq!((b.deletes.unknown, b.deletes.failed), (1, 0));
    assert!(b.summary().contains("1 unknown"), "{}", b.summary());
}

#[test]
fn a_stop_is_followed_until_its_status_settles() {
    let mut a = app();
    let id = "0b1d3e4f-2222-4c2d-b4d7-5084b0f00002";
    select(&mut a, "orders-sync-00");
    assert_eq!(press(&mut a, "xy").len(), 1);
    update(&mut a, progress(id, Phase::Stopping));
    update(&mut a, stop_msg(id, stopped(id)));
    assert!(
        matches!(a.ops[id].phase, Phase::Settling(_)),
        "accepted is not stopped yet"
    );
    // A re-read of the job finds `status`: the row shows it.
    let read = |a: &mut drs_tui::app::App, status: &str, settled: bool| {
        update(
            a,
            Msg::JobRead {
                job_id: id.into(),
                detail: serde_json::json!({"id": id, "status": status}),
                settled,
            },
        );
        assert_eq!(
            a.table.get(id).map(|j| j.status.to_string()),
            Some(status.into())
        );
    };
    read(&mut a, "RELEASE_RESOURCE_STARTED", false);
    read(&mut a, "RELEASE_RESOURCE_COMPLETE", true);
    assert_eq!(a.ops[id].phase, Phase::Stopped);
    assert!(
        matches!(a.details.get(id), Some(Detail::Loaded(_))),
        "the detail pane shows it too"
    );
    let b = a.batch.expect("batch");
    assert_eq!((b.stops.sent, b.stops.done, b.deletes.total), (1, 1, 0));
}

#[test]
fn undo_reports_stops_and_deletes_already_sent() {
    let mut a = app();
    let running = "0b1d3e4f-2222-4c2d-b4d7-5084b0f00002";
    select(&mut a, "orders-sync-00");
    update(&mut a, key(' '));
    select(&mut a, "orders-sync-08");
    assert_eq!(press(&mut a, " dsy").len(), 2);
    update(&mut a, progress(running, Phase::Stopping));
    update(&mut a, progress(X, Phase::Queued));
    let e = update(&mut a, key('u'));
    assert_eq!(e.len(), 1);
    let said = a.status.clone().unwrap_or_default();
    assert!(said.contains("already sent: 1 stop, 0 deletes"), "{said}");
}

#[test]
fn r_opens_a_retry_modal_with_each_previous_error() {
    let mut a = on("orders-sync-12");
    let gone = ORDERS_12;
    press(&mut a, "dy");
    delete_answered(&mut a, delete_refused(gone));
    update(&mut a, key('R'));
    let m = a.modal().cloned().expect("retry modal");
    assert!(m.retry);
    let previous = m.targets[0].previous.clone().unwrap_or_default();
    assert!(previous.contains("DRS.10000011"), "{previous}");
    let screen: String = buffer(&a).content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("Retry: delete 1 job?"), "{screen}");
    assert!(
        screen.contains("last attempt: DELETE: 400 DRS.10000011"),
        "{screen}"
    );
}

#[test]
fn retried_outcomes_say_so() {
    let mut a = on("orders-sync-08");
    press(&mut a, "dy");
    let mut o = deleted(X);
    o.attempts = 3;
    o.throttles = 2;
    update(&mut a, delete_msg(X, o));
    assert_eq!(a.outcomes[0].text, "200 OK (retried after 429 ×2)");
}

#[test]
fn an_outcome_the_audit_log_refused_is_shown_and_kept_for_exit() {
    let mut a = grace_app(0);
    confirm_delete(&mut a, &["orders-sync-08"]);
    let lost = drs_tui::ops::WriteOutcome {
        unrecorded: Some("{\"record\":\"outcome\"}\n(disk full)".into()),
        ..deleted(X)
    };
    update(&mut a, delete_msg(X, lost));
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("could NOT be written to the audit log"),
        "{status}"
    );
    assert_eq!(a.unrecorded.len(), 1);
    assert!(
        a.outcomes[0].text.contains("200 OK"),
        "the outcome line still shows"
    );
}

#[test]
fn a_stop_then_delete_whose_stop_ends_during_shutdown_sends_no_delete() {
    use drs_tui::app::{OpKind, OpState};
    let mut a = grace_app(0);
    a.ops.insert(
        X.into(),
        OpState {
            kind: OpKind::StopThenDelete,
            name: "orders-sync-08".into(),
            scope: Default::default(),
            phase: Phase::Stopping,
        },
    );
    let e = update(
        &mut a,
        Msg::ShutdownRequested {
            reason: "SIGTERM received".into(),
        },
    );
    assert!(e.is_empty(), "the stop is in flight: wait for it");
    let e = update(
        &mut a,
        Msg::StopDone {
            job_id: X.into(),
            outcome: stopped(X),
            at: time::OffsetDateTime::UNIX_EPOCH,
        },
    );
    assert_eq!(
        e,
        vec![Effect::CancelPending {
            job_ids: vec![X.to_owned()]
        }],
        "its delete is cancelled, not sent"
    );
    let e = delete_answered(&mut a, cancelled(X));
    assert_eq!(e, vec![Effect::Quit]);
}
